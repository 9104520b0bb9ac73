import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization
import VigieChecks
import VigieConsentModel

/// The local web application of `vigie review`: Hummingbird on 127.0.0.1 only, every request
/// checked by `ReviewGuard` (Host, token), the page and its API.
public struct ReviewServer: Sendable {
    public let session: ReviewSession
    /// The 128-bit secret of the printed URL, as 32 hexadecimal digits.
    public let token: String
    /// The port asked for (0: one the system chooses).
    public let port: Int
    /// The port listened on, once the server runs.
    let boundPort = BoundPort()

    public init(session: ReviewSession, port: Int = 0, token: String = ReviewServer.newToken()) {
        self.session = session
        self.port = port
        self.token = token
    }

    /// 16 random bytes from the system's generator (getrandom), in hexadecimal.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// The address the server listens on: the loopback address only, never every interface.
    public static let host = "127.0.0.1"

    /// Runs until SIGINT or SIGTERM (then stops cleanly: requests in flight finish, the port is
    /// closed). `ready` is called once with the URL to open, the token in it.
    public func run(ready: @escaping @Sendable (String) -> Void) async throws {
        let app = application(ready: ready)
        try await withTaskExecutorPreference(ServerExecutor.shared) { try await app.runService() }
    }

    /// Starts the server and returns once it listens; `stop()` on the result shuts it down
    /// gracefully (requests in flight finish). For tests and callers that handle signals themselves.
    public func start() async throws -> RunningReview {
        let (urls, continuation) = AsyncStream.makeStream(of: String.self)
        let app = application { url in
            continuation.yield(url)
            continuation.finish()
        }
        let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "vigie-review")))
        let task = Task(executorPreference: ServerExecutor.shared) {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = urls.makeAsyncIterator()
        guard let url = await iterator.next() else {
            _ = await task.result
            throw ReviewWriteError("the review server could not start")
        }
        return RunningReview(url: url, group: group, task: task)
    }

    /// The application, for `run` and `start`.
    public func application(ready: @escaping @Sendable (String) -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        let bound = boundPort
        router.add(middleware: ReviewGuard(token: token, port: { bound.value.withLock { $0 } }))
        ReviewRoutes(session: session, token: token).add(to: router)
        var logger = Logger(label: "vigie-review")
        // Requests name files and people: nothing about them is logged.
        logger.logLevel = .critical
        let token = self.token
        return Application(
            router: router, configuration: .init(address: .hostname(Self.host, port: port), serverName: nil),
            onServerRunning: { channel in
                guard let port = channel.localAddress?.port else { return }
                bound.value.withLock { $0 = port }
                ready("http://\(Self.host):\(port)/?token=\(token)")
            }, logger: logger)
    }
}

/// A server `ReviewServer.start()` started.
public struct RunningReview: Sendable {
    /// The address to open, token included.
    public let url: String
    let group: ServiceGroup
    let task: Task<Void, any Error>

    /// Shuts the server down gracefully and waits until it has.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}

/// The guard's constants (a generic type cannot hold them).
enum ReviewSecurity {
    static let tokenHeader = HTTPField.Name("X-Vigie-Token")
    static let cookieName = "vigie-token"

    /// Nothing outside the server: scripts, styles, pictures and requests from this origin only.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; "
        + "form-action 'none'; frame-ancestors 'none'"

    /// Compares without stopping at the first difference: the time taken says nothing of the token.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    /// A refusal: the status and a line of text, with the security headers.
    static func refusal(_ status: HTTPResponse.Status, _ text: String) -> Response { secured(plain(status, text)) }

    /// `response` with the security headers; never a CORS header.
    static func secured(_ response: Response) -> Response {
        var r = response
        let headers = [
            ("Content-Security-Policy", contentSecurityPolicy), ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
            ("X-Frame-Options", "DENY"), ("Cross-Origin-Resource-Policy", "same-origin"), ("Cache-Control", "no-store"),
        ]
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { r.headers[field] = value }
        }
        return r
    }
}

/// The port the server listens on, known once it runs (the Host check needs it).
final class BoundPort: Sendable {
    let value = Mutex<Int?>(nil)
}

/// Refuses, before any route runs, every request that is not from this machine's browser holding the
/// token: a Host other than 127.0.0.1 or localhost with the server's port (DNS rebinding), no valid
/// token (`?token=`, the cookie it sets, or the `X-Vigie-Token` header), and writes without the
/// header (a form or a link from another site cannot set it). Adds the security headers to every
/// answer; never any CORS header.
struct ReviewGuard<Context: RequestContext>: RouterMiddleware {
    let token: String
    let port: @Sendable () -> Int?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard hostAllowed(request) else {
            return ReviewSecurity.refusal(.misdirectedRequest, "This server answers only at 127.0.0.1 or localhost.")
        }
        let method = request.method
        guard [.get, .head, .put, .post].contains(method) else { return ReviewSecurity.refusal(.methodNotAllowed, "Method not allowed.") }
        let header = ReviewSecurity.tokenHeader.flatMap { request.headers[$0] }
        let queryToken = request.uri.queryParameters.get("token")
        let cookie = request.cookies[ReviewSecurity.cookieName]?.value
        if method == .put || method == .post {
            // A write needs the header: a cookie alone could come from a form on another page.
            guard let header else { return ReviewSecurity.refusal(.unauthorized, "The X-Vigie-Token header is required.") }
            guard ReviewSecurity.same(header, token) else { return ReviewSecurity.refusal(.forbidden, "Wrong token.") }
            if let origin = request.headers[.origin], !originAllowed(origin) {
                return ReviewSecurity.refusal(.forbidden, "Cross-origin requests are refused.")
            }
        } else {
            let given = [header, queryToken, cookie].compactMap { $0 }
            guard !given.isEmpty else { return ReviewSecurity.refusal(.unauthorized, "Open the address vigie review printed.") }
            guard given.contains(where: { ReviewSecurity.same($0, token) }) else {
                return ReviewSecurity.refusal(.forbidden, "Wrong token.")
            }
        }
        var response: Response
        if let queryToken, ReviewSecurity.same(queryToken, token), request.uri.path == "/" {
            // The token leaves the address bar (and history) for a cookie only this origin gets back.
            response = Response(status: .seeOther, headers: [.location: "/"])
            let cookie = try Cookie.validated(name: ReviewSecurity.cookieName, value: token, path: "/", httpOnly: true, sameSite: .strict)
            response.setCookie(cookie)
        } else {
            do {
                response = try await next(request, context)
            } catch let error as HTTPError {
                response = ReviewSecurity.plain(error.status, error.status.reasonPhrase)
            } catch {
                response = ReviewSecurity.plain(.internalServerError, "Internal error.")
            }
        }
        return ReviewSecurity.secured(response)
    }

    func hostAllowed(_ request: Request) -> Bool {
        guard let port = port(), let authority = request.head.authority else { return false }
        return authority == "127.0.0.1:\(port)" || authority == "localhost:\(port)"
    }

    func originAllowed(_ origin: String) -> Bool {
        guard let port = port() else { return false }
        return origin == "http://127.0.0.1:\(port)" || origin == "http://localhost:\(port)"
    }
}
