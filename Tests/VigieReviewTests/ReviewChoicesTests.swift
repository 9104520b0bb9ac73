import Foundation
import Testing
import VigieKit
import VigieMedia

@testable import VigieReview

/// The teacher's choices go to the files the command line reads, and the page and `vigie check`
/// agree on every status afterwards.
@Suite("vigie review: choices, undo, publish", .serialized)
struct ReviewChoicesTests {
    static func detail(_ port: Int, _ token: String) async throws -> [String: Any] {
        try #require(try await http(port, "GET", "/api/files/class.jpg", headers: [("X-Vigie-Token", token)]).json as? [String: Any])
    }

    /// The answer to a PUT from the page; status -1 when it could not be made.
    static func put(_ port: Int, _ token: String, _ target: String, _ json: String) async -> HTTPAnswer {
        let failed = HTTPAnswer(status: -1, headers: [:], body: Data())
        return (try? await http(port, "PUT", target, headers: api(token), body: Data(json.utf8))) ?? failed
    }

    @Test func namingAndDismissingFacesWritesTheSidecarAndTheManifestThatCheckReads() async throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        try await withReview(fixture) { port, token, _ in
            let before = try await Self.detail(port, token)
            #expect(before["status"] as? String == "blocked")
            #expect(try await fixture.checkStatus() == "blocked")
            let faces = try #require(before["faces"] as? [[String: Any]])
            #expect(faces.count == 3 && faces.allSatisfy { $0["identifiable"] as? Bool == true && $0["consented"] as? Bool == false })

            // Face 1 is Alice (consent on record); faces 2 and 3 are not identifiable.
            #expect(await Self.put(port, token, "/api/files/class.jpg/faces/1", #"{"person":"S1"}"#).status == 200)
            #expect(await Self.put(port, token, "/api/files/class.jpg/faces/2", #"{"action":"ignore"}"#).status == 200)
            let r = await Self.put(port, token, "/api/files/class.jpg/faces/3", #"{"action":"ignore"}"#)
            let after = try #require(r.json as? [String: Any])
            #expect(after["status"] as? String == "clear", "\(after["findings"] ?? "")")
            let named = try #require((after["faces"] as? [[String: Any]])?.first)
            #expect(named["person"] as? String == "S1" && named["consented"] as? Bool == true)

            // The sidecar is an MWG face region named by the ledger id, written by Vigie; the manifest has the rest.
            let sidecar = try String(contentsOfFile: fixture.photo + ".xmp", encoding: .utf8)
            #expect(sidecar.contains("mwg-rs:Name=\"S1\"") && sidecar.contains("xmp:CreatorTool=\"Vigie review\""))
            let people = PeopleInMetadata(xmpOnly: sidecar)
            #expect(people.tags.map(\.name) == ["S1"] && people.tags.first?.area != nil)
            let csv = try String(contentsOf: fixture.folder.appendingPathComponent("vigie.csv"), encoding: .utf8)
            #expect(csv.hasPrefix("file,faces\n") && csv.components(separatedBy: "ignore@").count == 3)

            // `vigie check` reads the same files and decides the same: clear.
            #expect(try await fixture.checkStatus() == "clear")
            let list = try #require(try await http(port, "GET", "/api/files", headers: [("X-Vigie-Token", token)]).json as? [[String: Any]])
            #expect(list.first?["status"] as? String == "clear")

            // Choosing "none" for face 2 brings it back: blocked again, here and for check.
            #expect(await Self.put(port, token, "/api/files/class.jpg/faces/2", #"{"action":"none"}"#).status == 200)
            #expect(try await Self.detail(port, token)["status"] as? String == "blocked")
            #expect(try await fixture.checkStatus() == "blocked")
            // A person the ledger does not know is refused, and nothing changes.
            #expect(await Self.put(port, token, "/api/files/class.jpg/faces/2", #"{"person":"NOBODY"}"#).status == 409)
            #expect(await Self.put(port, token, "/api/files/class.jpg/faces/9", #"{"action":"blur"}"#).status == 404)
        }
    }

    @Test func theManifestIsWrittenAtomicallyAndUndoPutsItBack() async throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        let manifest = fixture.folder.appendingPathComponent("vigie.csv")
        // A manifest the school wrote: a column Vigie does not know and another file's row stay as they are.
        let original = "file,caption,note\nother.jpg,\"A, B\",keep me\n*,Sortie au parc,folder\n"
        try original.write(to: manifest, atomically: true, encoding: .utf8)
        try await withReview(fixture) { port, token, _ in
            let r = await Self.put(
                port, token, "/api/files/class.jpg/description",
                #"{"caption":"Relay race, \"spring\" day","context":"sports","channel":"newsletter","tags":["relay","sports day"]}"#)
            #expect(r.status == 200)
            let description = try #require((r.json as? [String: Any])?["description"] as? [String: Any])
            #expect(description["context"] as? String == "sports" && description["channel"] as? String == "newsletter")
            let written = try String(contentsOf: manifest, encoding: .utf8)
            #expect(
                written.hasPrefix("file,caption,note,channel,context,tags\nother.jpg,\"A, B\",keep me,,,\n*,Sortie au parc,folder,,,\n"))
            #expect(written.contains("class.jpg,\"Relay race, \"\"spring\"\" day\",folder,newsletter,sports,relay; sports day\n"))
            // What the command line reads from it.
            let row = try #require(try FolderManifest(csv: written).row(for: "class.jpg"))
            #expect(row.caption == "Relay race, \"spring\" day" && row.tags == ["relay", "sports day"] && row.context == .sports)
            // No temporary file is left beside it.
            let names = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path).sorted()
            #expect(names == ["class.jpg", "link.jpg", "vigie.csv"])

            #expect(await code(port, "POST", "/api/undo", headers: api(token)) == 200)
            #expect(try String(contentsOf: manifest, encoding: .utf8) == original)
            #expect(
                try await Self.detail(port, token)["description"].flatMap { ($0 as? [String: Any])?["caption"] as? String }
                    == "Sortie au parc")
            // One level: a second undo has nothing left to undo.
            let second = try await http(port, "POST", "/api/undo", headers: api(token))
            #expect((second.json as? [String: Any])?["undone"] as? [String] == [])
            #expect(try String(contentsOf: manifest, encoding: .utf8) == original)
        }
    }

    @Test func publishWritesCheckedCopiesBesideTheFolderWithTheChosenFaceBlurred() async throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        try await withReview(fixture) { port, token, session in
            #expect(session.output == fixture.publish.resolvingSymlinksInPath().path)
            // Alice (consented) is named but the teacher asks to blur her too; the other two are nobody's.
            #expect(await Self.put(port, token, "/api/files/class.jpg/faces/1", #"{"person":"S1"}"#).status == 200)
            #expect(await Self.put(port, token, "/api/files/class.jpg/faces/1", #"{"action":"blur"}"#).status == 200)
            #expect(await code(port, "POST", "/api/publish", headers: api(token)) == 202)
            var state: [String: Any] = [:]
            for _ in 0..<600 {
                state = try #require(
                    try await http(port, "GET", "/api/publish", headers: [("X-Vigie-Token", token)]).json as? [String: Any])
                if state["state"] as? String != "running" { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(state["state"] as? String == "done" && state["written"] as? Int == 1)
            let result = try #require((state["results"] as? [[String: Any]])?.first)
            #expect(
                result["status"] as? String == "cleaned" && (result["facesRedacted"] as? Int ?? 0) >= 3 && result["facesKept"] as? Int == 0)
            // The copy is outside the reviewed folder, and the folder holds only what it held.
            let copy = fixture.publish.appendingPathComponent("class.jpg").path
            #expect(FileManager.default.fileExists(atPath: copy))
            #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("sortie-publish").path))
            // The copy shows no identifiable face, metadata gone.
            var options = try ReviewFixture.checks()
            options.ledger = nil
            let pipeline = Pipeline(options: options)
            let entry = try await offloaded { pipeline.check(Candidate(path: copy, displayPath: "copy.jpg", kind: .image(.jpeg))) }
            #expect(entry.faces?.identifiable.isEmpty == true)
            #expect(!entry.findings.contains { $0.rule.hasPrefix("metadata.") })
            let after = try await http(port, "GET", "/api/publish/0/after", headers: [("X-Vigie-Token", token)])
            #expect(after.headers["content-type"] == "image/jpeg")
        }
    }
}

extension PeopleInMetadata {
    init(xmpOnly packet: String) {
        self.init()
        add(xmp: XMPReader.read(Array(packet.utf8)).properties)
    }
}
