import Foundation
import Hummingbird
import VigieChecks
import VigieConsentModel

/// The page and the API it uses. `{path}` is a file's path below the reviewed folder, percent-encoded
/// as one segment (`sub%2Fphoto.jpg`); only files the first check found are known: anything else,
/// `..` or a link out of the folder included, is not found.
struct ReviewRoutes: Sendable {
    let session: ReviewSession
    let token: String

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in
            Self.body(ReviewPage.html(token: token, language: session.options.language), type: "text/html; charset=utf-8")
        }
        router.get("/app.js") { _, _ in Self.body(ReviewPage.script, type: "text/javascript; charset=utf-8") }
        router.get("/app.css") { _, _ in Self.body(ReviewPage.style, type: "text/css; charset=utf-8") }
        router.get("/api/status") { _, _ in Self.json(session.status()) }
        router.get("/api/files") { request, _ in Self.json(session.fileList(language(request))) }
        router.get("/api/files/**") { request, _ in try fileGet(request) }
        router.put("/api/files/**") { request, _ in try await filePut(request) }
        router.put("/api/folder/description") { request, _ in
            let change = try Self.descriptionChange(try await Self.object(request))
            return try handle { Self.json(["updated": try session.describe(change, of: nil)]) }
        }
        router.get("/api/people") { request, _ in
            let q = request.uri.queryParameters.get("q") ?? ""
            let kept = request.uri.queryParameters.get("path").flatMap { session.kept($0) }
            return Self.json(session.people(matching: q, for: kept))
        }
        router.post("/api/undo") { _, _ in try handle { Self.json(["undone": try session.undo()]) } }
        router.post("/api/publish") { request, _ in
            guard session.startPublish() else { return Self.json(["error": "busy"], status: .conflict) }
            return Self.json(session.publishStatus(language(request)), status: .accepted)
        }
        router.get("/api/publish") { request, _ in Self.json(session.publishStatus(language(request))) }
        router.get("/api/publish/{index}/{side}") { _, context in
            guard let index = context.parameters.get("index", as: Int.self), let side = context.parameters.get("side"),
                side == "before" || side == "after", let jpeg = session.publishPicture(index, after: side == "after")
            else { throw HTTPError(.notFound) }
            return Self.body(jpeg, type: "image/jpeg")
        }
    }

    /// The page's language: `?lang=`, else `--lang`, else English.
    func language(_ request: Request) -> Language {
        request.uri.queryParameters.get("lang").flatMap { Language(rawValue: $0) } ?? session.options.language ?? .en
    }

    /// `/api/files/{path}[/rest...]`: the decoded path and the rest, split on `/`.
    static func split(_ request: Request) throws -> (path: String, rest: [String]) {
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard segments.count >= 4, let path = segments[3].removingPercentEncoding, !path.isEmpty else { throw HTTPError(.notFound) }
        return (path, Array(segments.dropFirst(4)))
    }

    func fileGet(_ request: Request) throws -> Response {
        let (path, rest) = try Self.split(request)
        guard let kept = session.kept(path) else { throw HTTPError(.notFound) }
        switch rest {
        case []: return Self.json(session.fileDetail(kept, language(request)))
        case ["image"]:
            let size = request.uri.queryParameters.get("size") == "large" ? 1600 : 320
            guard let jpeg = session.picture(kept, longSide: size) else { throw HTTPError(.notFound) }
            return Self.body(jpeg, type: "image/jpeg")
        default: throw HTTPError(.notFound)
        }
    }

    func filePut(_ request: Request) async throws -> Response {
        let (path, rest) = try Self.split(request)
        let body = try await Self.object(request)
        if rest.count == 2 && rest[0] == "faces" {
            guard let index = Int(rest[1]) else { throw HTTPError(.notFound) }
            let decision: FaceDecision
            if let person = body["person"] as? String, !person.isEmpty {
                decision = .person(person)
            } else {
                switch body["action"] as? String {
                case "blur": decision = .blur
                case "ignore": decision = .ignore
                case "none", nil: decision = .none
                default: throw HTTPError(.badRequest)
                }
            }
            return try handle { Self.json(session.fileDetail(try session.choose(decision, face: index, of: path), language(request))) }
        }
        guard rest == ["description"] else { throw HTTPError(.notFound) }
        let change = try Self.descriptionChange(body)
        return try handle {
            _ = try session.describe(change, of: path)
            return Self.json(session.fileDetail(try session.kept(path).orThrow(), language(request)))
        }
    }

    /// Maps the session's errors to answers: not found, or a conflict with the reason.
    func handle(_ body: () throws -> Response) throws -> Response {
        do {
            return try body()
        } catch is ReviewNotFound {
            throw HTTPError(.notFound)
        } catch let error as ReviewWriteError {
            return Self.json(["error": error.description], status: .conflict)
        }
    }

    static func descriptionChange(_ body: [String: Any]) throws -> DescriptionChange {
        var change = DescriptionChange()
        if let c = body["context"] as? String {
            guard let context = PhotoContext(rawValue: c) else { throw HTTPError(.badRequest) }
            change.context = context
        }
        if let c = body["channel"] as? String {
            guard let channel = Channel(rawValue: c) else { throw HTTPError(.badRequest) }
            change.channel = channel
        }
        change.caption = body["caption"] as? String
        if let tags = body["tags"] as? [String] {
            change.tags = tags
        } else if let tags = body["tags"] as? String {
            change.tags = tags.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return change
    }

    /// The request's JSON object (at most 64 KB).
    static func object(_ request: Request) async throws -> [String: Any] {
        let buffer = try await request.body.collect(upTo: 65_536)
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] else {
            throw HTTPError(.badRequest)
        }
        return object
    }

    static func json(_ value: Any, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func body(_ text: String, type: String) -> Response { body(Data(text.utf8), type: type) }

    static func body(_ data: Data, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
