import Foundation
import Testing

@testable import VigieReview

/// The review server refuses what is not this machine's browser holding the token, and never serves
/// or writes outside the reviewed folder. Each test here can fail: it asserts the refusal and that the
/// same request with the right token, host or path is answered.
@Suite("vigie review: security", .serialized)
struct ReviewSecurityTests {
    @Test func everyRequestNeedsTheTokenAndTheURLTokenBecomesAStrictCookie() async throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        try await withReview(fixture) { port, token, _ in
            #expect(await code(port, "GET", "/") == 401)
            #expect(await code(port, "GET", "/api/files") == 401)
            #expect(await code(port, "GET", "/api/files/class.jpg/image") == 401)
            #expect(await code(port, "GET", "/?token=0123456789abcdef0123456789abcdef") == 403)
            #expect(await code(port, "GET", "/api/files", headers: [("Cookie", "vigie-token=wrong")]) == 403)
            #expect(token.count == 32 && token.allSatisfy(\.isHexDigit))

            // The printed URL: a redirection that sets the cookie, HttpOnly and SameSite=Strict.
            let first = try await http(port, "GET", "/?token=\(token)")
            #expect(first.status == 303 && first.headers["location"] == "/")
            let cookie = try #require(first.headers["set-cookie"])
            #expect(cookie.hasPrefix("vigie-token=\(token)") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            // The cookie alone then opens the page and reads the API; the page carries the token for its header.
            let page = try await http(port, "GET", "/", headers: [("Cookie", "vigie-token=\(token)")])
            #expect(page.status == 200 && page.text.contains("<meta name=\"vigie-token\" content=\"\(token)\">"))
            #expect(await code(port, "GET", "/api/files", headers: [("Cookie", "vigie-token=\(token)")]) == 200)
            #expect(await code(port, "GET", "/api/files", headers: [("X-Vigie-Token", token)]) == 200)
        }
    }

    @Test func aStrictContentSecurityPolicyAndNoCORSOnEveryAnswer() async throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        try await withReview(fixture) { port, token, _ in
            let origin = ("Origin", "http://evil.example")
            for (target, status) in [("/", 200), ("/app.js", 200), ("/api/files", 200), ("/api/files/nothing.jpg", 404)] {
                let r = try await http(port, "GET", target, headers: [("Cookie", "vigie-token=\(token)"), origin])
                #expect(r.status == status, "\(target)")
                let csp = try #require(r.headers["content-security-policy"], "\(target)")
                #expect(csp.hasPrefix("default-src 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe"))
                #expect(r.headers["x-content-type-options"] == "nosniff" && r.headers["x-frame-options"] == "DENY")
                #expect(!r.headers.keys.contains { $0.hasPrefix("access-control-") }, "\(target) answers with CORS headers")
            }
            // No preflight is answered, and a write from another origin is refused even with the token.
            let preflight = try await http(port, "OPTIONS", "/api/undo", headers: [origin, ("Access-Control-Request-Method", "POST")])
            #expect(preflight.status == 405 && preflight.headers["access-control-allow-origin"] == nil)
            #expect(await code(port, "POST", "/api/undo", headers: api(token) + [origin], body: Data("{}".utf8)) == 403)
            #expect(await code(port, "POST", "/api/undo", headers: api(token), body: Data("{}".utf8)) == 200)
            // The page itself loads nothing from outside.
            let page = try await http(port, "GET", "/", headers: [("Cookie", "vigie-token=\(token)")]).text
            #expect(!page.contains("http://") && !page.contains("https://") && !page.contains("<script>"))
        }
    }

    @Test func aForeignHostIsRefusedAgainstDNSRebinding() async throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        try await withReview(fixture) { port, token, _ in
            let cookie = [("Cookie", "vigie-token=\(token)")]
            for host in ["evil.example:\(port)", "evil.example", "127.0.0.1", "127.0.0.1:\(port + 1)", "localhost.evil.example:\(port)"] {
                #expect(await code(port, "GET", "/api/files", headers: cookie, host: host) == 421, "\(host)")
            }
            #expect(await code(port, "GET", "/api/files", headers: cookie, host: "localhost:\(port)") == 200)
            #expect(await code(port, "GET", "/api/files", headers: cookie, host: "127.0.0.1:\(port)") == 200)
        }
    }

    @Test func writesNeedTheHeaderNotJustTheCookie() async throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        try await withReview(fixture) { port, token, _ in
            let body = Data(#"{"action":"blur"}"#.utf8)
            let cookie = ("Cookie", "vigie-token=\(token)")
            #expect(await code(port, "PUT", "/api/files/class.jpg/faces/1", headers: [cookie], body: body) == 401)
            #expect(await code(port, "PUT", "/api/files/class.jpg/faces/1?token=\(token)", headers: [cookie], body: body) == 401)
            // Another token of the same length: its first digit changed (never the same one).
            let wrong = (token.first == "f" ? "0" : "f") + token.dropFirst()
            #expect(await code(port, "PUT", "/api/files/class.jpg/faces/1", headers: [("X-Vigie-Token", wrong)], body: body) == 403)
            #expect(await code(port, "POST", "/api/publish", headers: [cookie]) == 401)
            // Nothing was written by the refused requests.
            #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("vigie.csv").path))
            #expect(await code(port, "PUT", "/api/files/class.jpg/faces/1", headers: api(token), body: body) == 200)
            #expect(FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("vigie.csv").path))
        }
    }

    @Test func nothingOutsideTheFolderIsServedOrWritten() async throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        try await withReview(fixture) { port, token, _ in
            let h = [("X-Vigie-Token", token)]
            let list = try #require(try await http(port, "GET", "/api/files", headers: h).json as? [[String: Any]])
            #expect(list.compactMap { $0["path"] as? String } == ["class.jpg"], "the link out of the folder is not reviewed")
            for target in [
                "/api/files/..%2Foutside.jpg", "/api/files/..%2Foutside.jpg/image", "/api/files/link.jpg/image",
                "/api/files/%2Fetc%2Fpasswd",
                "/api/files/..%2F..%2F..%2F..%2Fetc%2Fpasswd/image", "/api/files/../outside.jpg",
                "/api/files/sortie%2F..%2F..%2Foutside.jpg",
            ] {
                let r = try await http(port, "GET", target, headers: h)
                #expect(r.status == 404, "\(target)")
                #expect(!r.text.contains("root:"), "\(target)")
            }
            let put = try await http(
                port, "PUT", "/api/files/..%2Foutside.jpg/description", headers: api(token), body: Data(#"{"caption":"x"}"#.utf8))
            #expect(put.status == 404)
            #expect(!FileManager.default.fileExists(atPath: fixture.base.appendingPathComponent("vigie.csv").path))
            let image = try await http(port, "GET", "/api/files/class.jpg/image", headers: h)
            #expect(image.headers["content-type"] == "image/jpeg")
        }
    }

    @Test func itListensOnTheLoopbackAddressOnly() async throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        try await withReview(fixture) { port, token, _ in
            #expect(ReviewServer.host == "127.0.0.1")
            #expect(await code(port, "GET", "/api/status", headers: [("X-Vigie-Token", token)]) == 200)
            // 127.0.0.2 is this machine too: a server bound to every address (0.0.0.0) would answer there.
            await #expect(throws: POSIXError.self) { try await http(port, "GET", "/api/status", address: "127.0.0.2") }
        }
        // Publish's folder is never inside the reviewed folder.
        var inside = ReviewOptions(folder: fixture.folder.path)
        inside.output = fixture.folder.appendingPathComponent("out").path
        #expect(throws: ReviewWriteError.self) { try ReviewSession(options: inside) }
    }
}
