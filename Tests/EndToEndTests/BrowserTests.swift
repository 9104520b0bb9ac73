import Foundation
import Testing

/// The result of running a helper program.
struct ToolRun {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs `executable` with `arguments`, killed after `timeout` seconds.
func runTool(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> ToolRun {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-tool-\(UUID().uuidString).out")
    let err = out.appendingPathExtension("err")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    defer {
        try? FileManager.default.removeItem(at: out)
        try? FileManager.default.removeItem(at: err)
    }
    p.standardOutput = try FileHandle(forWritingTo: out)
    p.standardError = try FileHandle(forWritingTo: err)
    try p.run()
    let deadline = Date().addingTimeInterval(timeout)
    while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
    if p.isRunning {
        p.terminate()
        p.waitUntilExit()
        Issue.record("\(executable) did not finish within \(Int(timeout)) s")
    }
    p.waitUntilExit()
    return ToolRun(
        status: p.terminationStatus, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
}

/// The first of `names` found on PATH.
func executable(_ names: [String]) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for name in names {
        for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
    }
    return nil
}

/// A new empty folder under the temporary directory; the caller removes it.
func temporaryDirectory(_ prefix: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// Debian's Chromium, or nil after recording a failure: the browser check never skips silently.
func chromium() -> String? {
    if let path = executable(["chromium", "chromium-browser"]) { return path }
    Issue.record("chromium is not installed: run scripts/setup.sh (VIGIE_SKIP_BROWSER=1 skips this suite)")
    return nil
}

/// The HTML report rendered by a real browser: Debian's Chromium, headless. `scripts/setup.sh`
/// installs it; without it this suite fails, unless `VIGIE_SKIP_BROWSER=1` says to skip it.
@Suite("HTML report in a headless browser", .enabled(if: ProcessInfo.processInfo.environment["VIGIE_SKIP_BROWSER"] != "1"))
struct BrowserTests {
    /// Chromium's common flags: headless, no sandbox (containers, root), nothing fetched in the
    /// background, every host name unresolvable so that no page can reach the network.
    static let flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars",
    ]

    /// URLs the page itself requested, from Chromium's network log. Requests Chromium makes for itself
    /// (component updates, clock, accounts) have no initiator ("not an origin"); a file page's requests
    /// have its opaque origin ("null").
    static func pageRequests(_ netLog: URL) throws -> [String] {
        let log = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: netLog)) as? [String: Any])
        let types = try #require((log["constants"] as? [String: Any])?["logEventTypes"] as? [String: Int])
        let startJob = try #require(types["URL_REQUEST_START_JOB"])
        let events = try #require(log["events"] as? [[String: Any]])
        return events.compactMap { event -> String? in
            guard event["type"] as? Int == startJob, let params = event["params"] as? [String: Any],
                let url = params["url"] as? String, params["initiator"] as? String != "not an origin"
            else { return nil }
            return url
        }
    }

    @Test func theNetworkLogShowsRequestsOfAPage() throws {
        // The check above can fail: a page that loads an image and fetches a URL shows both.
        guard let chromium = chromium() else { return }
        let dir = try temporaryDirectory("vigie-browser")
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("canary.html")
        try #"<html><body><img src="http://example.invalid/x.png"><script>fetch("https://example.invalid/y")</script></body></html>"#
            .write(to: page, atomically: true, encoding: .utf8)
        let netLog = dir.appendingPathComponent("net.json")
        let r = try runTool(chromium, Self.flags + ["--log-net-log=\(netLog.path)", "--dump-dom", page.absoluteString])
        #expect(r.status == 0, "\(r.stderr.suffix(2000))")
        let requests = try Self.pageRequests(netLog)
        #expect(requests.contains("http://example.invalid/x.png"))
        #expect(requests.contains("https://example.invalid/y"))
    }

    @Test func theReportRendersOfflineWithItsFiltersAndFindings() throws {
        guard let chromium = chromium() else { return }
        let dir = try temporaryDirectory("vigie-browser")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("report.html")
        let r = try run(["check", "--format", "html", "--output", report.path, "--lang", "en", "--no-progress"] + goldenInputs)
        #expect(r.status == 1, "\(r.stderr)")
        let html = try String(contentsOf: report, encoding: .utf8)

        // Nothing outside the file: no URL at all, and every reference is a data: URI or a link to a
        // rule's explanation in the page itself.
        #expect(!html.contains("http://") && !html.contains("https://"))
        let references = try NSRegularExpression(pattern: "\\b(?:src|href|action|srcset|poster)\\s*=\\s*\"([^\"]*)\"")
        for match in references.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            let value = (html as NSString).substring(with: match.range(at: 1))
            if value.hasPrefix("#rule-") {
                #expect(occurrences("id=\"\(value.dropFirst())\"", in: html) == 1, "link to \(value) without its target")
                continue
            }
            #expect(value.hasPrefix("data:image/jpeg;base64,"), "external reference \(value.prefix(60))")
        }
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))

        // The page as the browser built it, scripts run, with the network log of the load.
        let netLog = dir.appendingPathComponent("net.json")
        let dom = try runTool(chromium, Self.flags + ["--log-net-log=\(netLog.path)", "--dump-dom", report.absoluteString])
        #expect(dom.status == 0, "\(dom.stderr.suffix(2000))")
        let page = dom.stdout
        let files = [
            "Fixtures/sample/cropped-portrait.jpg", "Fixtures/sample/field-trip-phone.jpg", "Fixtures/sample/not-really.jpg",
            "Fixtures/sample/playground.jpg", "Fixtures/sample/poster.jpg", "Fixtures/text/contact-paragraph.png",
        ]
        for file in files { #expect(page.contains("<figcaption>\(file)</figcaption>"), "\(file) missing from the page") }
        #expect(page.components(separatedBy: "<article class=\"file ").count == files.count + 1)
        // The script ran: the filter bar is shown and counts the files.
        #expect(page.contains("<nav id=\"filters\">"), "the filters were not enabled by the script")
        #expect(page.contains("<output id=\"shown\">Files shown: 6 of 6</output>"))
        for status in ["all", "blocked", "error", "clear"] { #expect(page.contains("data-status=\"\(status)\" aria-pressed")) }
        #expect(page.contains("<option value=\"metadata.location\">metadata.location</option>"))
        // Findings linked to their rule's explanation, given once for the page; faces and covered text
        // drawn on thumbnails, the legend.
        #expect(page.contains("<a class=\"rule-link\" href=\"#rule-metadata.location\"><code>metadata.location</code></a>"))
        #expect(page.contains("<a class=\"rule-link\" href=\"#rule-file.unsupported\"><code>file.unsupported</code></a>"))
        #expect(page.contains("<div class=\"rule\" id=\"rule-metadata.location\">"))
        #expect(page.contains("Why:") && page.contains("Source:"))
        #expect(occurrences("Why:", in: page) == occurrences("<div class=\"rule\" ", in: page))
        #expect(occurrences("<a class=\"rule-link\" ", in: page) > occurrences("<div class=\"rule\" ", in: page))
        #expect(page.contains("<rect class=\"unconsented\""))
        #expect(page.contains("<rect class=\"text\""))
        #expect(page.contains("<i class=\"key consented\"></i>"))
        #expect(page.components(separatedBy: "For you to judge").count == files.count)  // every checked photo but the unsupported file
        #expect(page.contains("data:image/jpeg;base64,"))

        // The network log: the page asked for nothing.
        let requests = try Self.pageRequests(netLog)
        #expect(requests.isEmpty, "the page made requests: \(requests)")

        // A screenshot of the page as a teacher sees it.
        let shot = dir.appendingPathComponent("report.png")
        let screenshot = try runTool(
            chromium, Self.flags + ["--window-size=1280,1400", "--screenshot=\(shot.path)", report.absoluteString])
        #expect(screenshot.status == 0, "\(screenshot.stderr.suffix(2000))")
        let png = try Data(contentsOf: shot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 50_000, "the screenshot looks empty")
        if let keep = ProcessInfo.processInfo.environment["VIGIE_KEEP_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: shot, to: URL(fileURLWithPath: keep))
        }
    }

    @Test func theFiltersHideAndShowFiles() throws {
        guard let chromium = chromium() else { return }
        let dir = try temporaryDirectory("vigie-browser")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("report.html")
        let r = try run(["check", "--format", "html", "-o", report.path, "--lang", "fr", "--no-progress", "--no-ocr"] + goldenInputs)
        #expect(r.status == 1, "\(r.stderr)")
        // Click "Could not be checked" once the page has loaded, then dump what is left visible.
        var html = try String(contentsOf: report, encoding: .utf8)
        let click = "<script>document.querySelector('button[data-status=error]').click();</script>\n</body>"
        html = html.replacingOccurrences(of: "</body>", with: click)
        // The extra script is inline like the page's own: the same policy allows it.
        try html.write(to: report, atomically: true, encoding: .utf8)
        let dom = try runTool(chromium, Self.flags + ["--dump-dom", report.absoluteString])
        #expect(dom.status == 0, "\(dom.stderr.suffix(2000))")
        #expect(dom.stdout.contains("<output id=\"shown\">Fichiers affichés&nbsp;: 1 sur 6</output>"))
        #expect(dom.stdout.contains("data-status=\"error\" aria-pressed=\"true\""))
        // Hidden files are still in the page (printing or no script shows them all), only hidden.
        #expect(dom.stdout.components(separatedBy: "<article class=\"file ").count == 7)
        #expect(dom.stdout.components(separatedBy: "\" hidden=\"\">").count == 6)
    }

    @Test func theBeforeAndAfterPageRendersOfflineWithTwoPicturesPerCopy() throws {
        guard let chromium = chromium() else { return }
        let s = try RedactionPageScenario()
        defer { try? FileManager.default.removeItem(at: s.folder) }
        let report = s.folder.appendingPathComponent("redaction.html")
        let r = try s.redact(["--format", "html", "--lang", "en"], report: report)
        #expect(r.status == 1, "\(r.stderr)")

        let netLog = s.folder.appendingPathComponent("net.json")
        let dom = try runTool(chromium, Self.flags + ["--log-net-log=\(netLog.path)", "--dump-dom", report.absoluteString])
        #expect(dom.status == 0, "\(dom.stderr.suffix(2000))")
        let page = dom.stdout
        // The page as the browser built it: a row per file, two pictures per copy written, the legend.
        #expect(occurrences("<article class=\"file ", in: page) == 5)
        #expect(occurrences("<div class=\"pair\">", in: page) == 4)
        #expect(occurrences("<image ", in: page) == 8)
        #expect(occurrences("<figcaption class=\"side\">Before</figcaption>", in: page) == 4)
        #expect(occurrences("<figcaption class=\"side\">After: the copy written</figcaption>", in: page) == 4)
        for key in ["unconsented", "consented", "text"] { #expect(page.contains("<i class=\"key \(key)\"></i>"), "legend key \(key)") }
        #expect(page.contains("face redacted in the copy (blurred here too)"))
        #expect(page.contains("<h2 class=\"path\">") && page.contains("a&lt;b&gt;&amp;\"x'.jpg"))

        // The network log: the page asked for nothing.
        let requests = try Self.pageRequests(netLog)
        #expect(requests.isEmpty, "the page made requests: \(requests)")

        let shot = s.folder.appendingPathComponent("redaction.png")
        let screenshot = try runTool(
            chromium, Self.flags + ["--window-size=1280,1300", "--screenshot=\(shot.path)", report.absoluteString])
        #expect(screenshot.status == 0, "\(screenshot.stderr.suffix(2000))")
        #expect(try Data(contentsOf: shot).count > 50_000, "the screenshot looks empty")
        if let keep = ProcessInfo.processInfo.environment["VIGIE_KEEP_REDACTION_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: shot, to: URL(fileURLWithPath: keep))
        }
    }
}
