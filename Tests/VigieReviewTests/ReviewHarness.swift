import Foundation
import Testing
import VigieChecks
import VigieConsentModel
import VigieKit
import VigieMedia
import VigieTestSupport

@testable import VigieReview

/// One HTTP/1.1 answer.
struct HTTPAnswer: Sendable {
    let status: Int
    /// Header names in lower case; a repeated header keeps its last value.
    let headers: [String: String]
    let body: Data
    var text: String { String(decoding: body, as: UTF8.self) }
    var json: Any? { try? JSONSerialization.jsonObject(with: body) }
}

/// A plain HTTP/1.1 client on a BSD socket: it sends exactly the request line and headers given
/// (a forged Host, no Host, a cookie without the header), which a browser or a client library would
/// not let a test choose. Connects to `address` (127.0.0.1 unless a test says otherwise).
func http(
    _ port: Int, _ method: String, _ target: String, headers: [(String, String)] = [], body: Data? = nil, address: String = "127.0.0.1",
    host: String? = nil
) async throws -> HTTPAnswer {
    // A blocking socket on a thread of its own: the test's task must not hold a thread of the
    // cooperative pool the server answers on (two on a 2-core machine).
    try await offloaded { try blockingHTTP(port, method, target, headers: headers, body: body, address: address, host: host) }
}

/// `work` on a Dispatch thread, awaited.
func offloaded<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}

func blockingHTTP(
    _ port: Int, _ method: String, _ target: String, headers: [(String, String)], body: Data?, address: String, host: String?
) throws -> HTTPAnswer {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EIO) }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 60, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var sin = sockaddr_in()
    sin.sin_family = sa_family_t(AF_INET)
    sin.sin_port = in_port_t(UInt16(port).bigEndian)
    inet_pton(AF_INET, address, &sin.sin_addr)
    let connected = withUnsafePointer(to: &sin) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ECONNREFUSED) }
    var head = "\(method) \(target) HTTP/1.1\r\n"
    head += "Host: \(host ?? "127.0.0.1:\(port)")\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if let body { head += "Content-Length: \(body.count)\r\n" }
    head += "Connection: close\r\n\r\n"
    var request = Data(head.utf8)
    if let body { request += body }
    var sent = 0
    while sent < request.count {
        let n = request.withUnsafeBytes { send(fd, $0.baseAddress.map { $0 + sent }, $0.count - sent, Int32(MSG_NOSIGNAL)) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { throw POSIXError(.EPIPE) }
        sent += n
    }
    var response = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = recv(fd, &buffer, buffer.count, 0)
        // Other tests start processes: a SIGCHLD may interrupt the wait.
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        response.append(contentsOf: buffer[0..<n])
    }
    guard let split = response.range(of: Data("\r\n\r\n".utf8)) else { throw POSIXError(.EBADMSG) }
    let lines = String(decoding: response[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
    let status = Int(lines[0].split(separator: " ")[1]) ?? 0
    var fields: [String: String] = [:]
    for line in lines.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    var body = Data(response[split.upperBound...])
    if fields["transfer-encoding"] == "chunked" { body = dechunked(body) }
    return HTTPAnswer(status: status, headers: fields, body: body)
}

/// The status of `http(...)`, or -1 when the request could not be made (easier to use in `#expect`).
func code(
    _ port: Int, _ method: String, _ target: String, headers: [(String, String)] = [], body: Data? = nil, host: String? = nil
) async -> Int {
    (try? await http(port, method, target, headers: headers, body: body, host: host))?.status ?? -1
}

func dechunked(_ data: Data) -> Data {
    var out = Data()
    var rest = data[...]
    while let end = rest.range(of: Data("\r\n".utf8)) {
        let size = Int(String(decoding: rest[..<end.lowerBound], as: UTF8.self), radix: 16) ?? 0
        if size == 0 { break }
        let start = end.upperBound
        out += rest[start..<(start + size)]
        rest = rest[(start + size + 2)...]
    }
    return out
}

/// A folder to review: `three-faces.jpg` (three identifiable faces) as `class.jpg`, a link to a
/// photo outside the folder, and a ledger where Alice (S1) consented to everything, tagging included,
/// and Bob (S2) to nothing.
struct ReviewFixture {
    let base: URL
    var folder: URL { base.appendingPathComponent("sortie") }
    var outside: URL { base.appendingPathComponent("outside.jpg") }
    var publish: URL { base.appendingPathComponent("sortie-publish") }
    var photo: String { folder.appendingPathComponent("class.jpg").path }

    static let people = [
        Person(id: "S1", name: "Alice Martin", role: .student, group: "5A"), Person(id: "S2", name: "Bob Roy", role: .student, group: "5A"),
    ]

    init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-review-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base.appendingPathComponent("sortie"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Fixtures.path("faces/three-faces.jpg"), toPath: base.appendingPathComponent("sortie/class.jpg").path)
        try FileManager.default.copyItem(
            atPath: Fixtures.path("faces/one-face.jpg"), toPath: base.appendingPathComponent("outside.jpg").path)
        try FileManager.default.createSymbolicLink(
            atPath: base.appendingPathComponent("sortie/link.jpg").path,
            withDestinationPath: base.appendingPathComponent("outside.jpg").path)
    }

    func remove() { try? FileManager.default.removeItem(at: base) }

    /// The checks of the review and of `vigie check` alike: no OCR (these photos have no text).
    static func checks() throws -> CheckOptions {
        var options = CheckOptions()
        options.limits.maxSecondsPerFile = 600
        options.jobs = 1
        options.readText = false
        options.channel = .website
        options.publicationDay = try #require(Day("2026-11-21"))
        let consent = Consent(
            person: "S1", kind: .consent, signedBy: "Parent", signedOn: try #require(Day("2026-09-01")), channels: Set(Channel.allCases),
            contexts: Set(PhotoContext.allCases), tagging: true)
        options.ledger = LedgerSnapshot(people: people, consents: [consent])
        return options
    }

    /// What `vigie check` decides for the photo now, read from disk by a new pipeline.
    func checkStatus() async throws -> String {
        let pipeline = Pipeline(options: try Self.checks())
        let photo = self.photo
        let entry = try await offloaded { pipeline.check(Candidate(path: photo, displayPath: "class.jpg", kind: .image(.jpeg))) }
        return (Decision().decide([entry])[0].status ?? .error).rawValue
    }
}

/// A review server of `fixture` running on an ephemeral port of 127.0.0.1 for `body`, the folder
/// checked before `body` runs.
func withReview<T>(_ fixture: ReviewFixture, _ body: (Int, String, ReviewSession) async throws -> T) async throws -> T {
    var options = ReviewOptions(folder: fixture.folder.path)
    options.checks = try ReviewFixture.checks()
    options.language = .en
    let session = try ReviewSession(options: options)
    try session.prepare()
    try await session.checkAll()
    let server = ReviewServer(session: session)
    let running = try await server.start()
    let port = try #require(Int(running.url.split(separator: ":")[2].split(separator: "/")[0]))
    do {
        let result = try await body(port, server.token, session)
        await running.stop()
        return result
    } catch {
        await running.stop()
        throw error
    }
}

/// Headers of an API call from the page: the token header, JSON.
func api(_ token: String) -> [(String, String)] { [("X-Vigie-Token", token), ("Content-Type", "application/json")] }
