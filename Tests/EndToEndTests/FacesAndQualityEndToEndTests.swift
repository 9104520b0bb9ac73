import Foundation
import Testing
import VigieVision

@Suite("vigie check: faces and picture quality, end to end")
struct FacesAndQualityEndToEndTests {
    private func files(_ r: Run) throws -> [[String: Any]] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        return try #require(json["files"] as? [[String: Any]])
    }

    @Test func jsonReportsFacesPerFile() throws {
        let r = try run([
            "check", "--format", "json", "Fixtures/faces/three-faces.jpg", "Fixtures/faces/dogs-no-person.jpg",
            "Fixtures/faces/faces-blurred-out.jpg",
        ])
        // Three identifiable faces and no ledger: people.no-consent blocks that photo (fail closed); the
        // pictures without an identifiable face are not blocked.
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        let byPath = Dictionary(uniqueKeysWithValues: try files(r).map { ($0["path"] as? String ?? "", $0) })
        func errors(_ path: String) -> [String] {
            ((byPath[path]?["findings"] as? [[String: Any]]) ?? []).filter { $0["severity"] as? String == "error" }.compactMap {
                $0["rule"] as? String
            }
        }
        #expect(errors("Fixtures/faces/three-faces.jpg") == ["people.no-consent"])
        #expect(errors("Fixtures/faces/dogs-no-person.jpg").isEmpty && errors("Fixtures/faces/faces-blurred-out.jpg").isEmpty)

        let group = try #require(byPath["Fixtures/faces/three-faces.jpg"]?["faces"] as? [String: Any])
        let identifiable = try #require(group["identifiable"] as? [[String: Any]])
        #expect(identifiable.count == 3)
        for face in identifiable {
            let region = try #require(face["region"] as? [String: Int])
            #expect(Set(region.keys) == ["x", "y", "width", "height"])
            #expect((region["height"] ?? 0) > 60)
            #expect((face["score"] as? Double ?? 0) > 0.6)
        }
        #expect(group["notIdentifiable"] as? Int == 0)

        let dogs = try #require(byPath["Fixtures/faces/dogs-no-person.jpg"]?["faces"] as? [String: Any])
        #expect((dogs["identifiable"] as? [Any])?.isEmpty == true)
        #expect(dogs["notIdentifiable"] as? Int == 0)

        let blurredOut = try #require(byPath["Fixtures/faces/faces-blurred-out.jpg"]?["faces"] as? [String: Any])
        #expect((blurredOut["identifiable"] as? [Any])?.isEmpty == true)
    }

    @Test func terminalShowsAFacesLine() throws {
        let r = try run(["check", "Fixtures/faces/one-face.jpg"])
        #expect(r.stdout.contains("faces: 1 identifiable, 0 not identifiable"), "\(r.stdout)")
        let fr = try run(["check", "--lang", "fr", "Fixtures/faces/one-face.jpg"])
        #expect(fr.stdout.contains("visages : 1 identifiables"), "\(fr.stdout)")
    }

    @Test func missingModelStopsTheRunWithExitTwo() throws {
        let r = try run(["check", "Fixtures/faces/one-face.jpg"], env: ["VIGIE_MODEL_DIR": "/nonexistent-vigie-models"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("scripts/setup.sh"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// Without the text model, a run that reads text stops before any file (exit 2, pointing to the
    /// setup); with `--no-ocr` it does not need it.
    @Test func missingTextModelStopsARunThatReadsText() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-models-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("centerface.onnx").path, withDestinationPath: ModelLocation.path(of: "centerface.onnx"))
        let r = try run(["check", "Fixtures/faces/one-face.jpg"], env: ["VIGIE_MODEL_DIR": dir.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot read text") && r.stderr.contains("ppocrv4-det.onnx"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let faces = try run(["check", "--no-ocr", "Fixtures/faces/one-face.jpg"], env: ["VIGIE_MODEL_DIR": dir.path])
        #expect(faces.status != 2, "\(faces.stderr)")
    }

    @Test func channelSetsTheResolutionNeeded() throws {
        let web = try run(["check", "--format", "json", "--channel", "website", "Fixtures/faces/back-of-head.jpg"])
        let yearbook = try run(["check", "--format", "json", "--channel", "yearbook", "Fixtures/faces/back-of-head.jpg"])
        func rules(_ r: Run) throws -> [String] {
            try files(r).flatMap { ($0["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String } }
        }
        #expect(try !rules(web).contains("quality.resolution"))
        #expect(try rules(yearbook).contains("quality.resolution"))
        let social = try run(["check", "--format", "json", "--channel", "social", "Fixtures/faces/back-of-head.jpg"])
        #expect(try rules(social).contains("quality.orientation"))
        #expect(try run(["check", "--channel", "billboard", "Fixtures/faces/one-face.jpg"]).status == 2)
    }
}
