import Foundation
import Testing
import VigieChecks
import VigieConsent
import VigieConsentModel
import VigieMedia
import VigieReport
import VigieTestSupport
import VigieVision

@testable import VigieKit

/// `vigie clean --redact` on real photos: `three-faces.jpg` (three identifiable faces) named by an
/// XMP sidecar whose MWG face regions say who is who, against a ledger where Alice consented and Bob
/// did not; the third face is nobody's.
@Suite("vigie clean --redact on real photos")
struct RedactionTests {
    static let people = [
        Person(id: "S1", name: "Alice Martin", role: .student, group: "5A"), Person(id: "S2", name: "Bob Roy", role: .student, group: "5A"),
    ]

    /// Alice's written consent covers every channel and context; Bob has none.
    static func checks(channel: Channel = .website) throws -> CheckOptions {
        var options = CheckOptions()
        options.limits.maxSecondsPerFile = 900  // what is read, not how fast: OCR under load passes 30 s
        options.jobs = 1
        options.channel = channel
        options.publicationDay = try #require(Day("2026-11-21"))
        let consent = Consent(
            person: "S1", kind: .consent, signedBy: "Parent", signedOn: try #require(Day("2026-09-01")), channels: Set(Channel.allCases),
            contexts: Set(PhotoContext.allCases), tagging: false)
        options.ledger = LedgerSnapshot(people: people, consents: [consent])
        return options
    }

    static func identifiableFaces(_ path: String, _ options: CheckOptions) -> [Region] {
        let entry = Pipeline(options: options).check(Candidate(path: path, displayPath: "x", kind: .image(.jpeg)))
        return entry.faces?.identifiable.map(\.region) ?? []
    }

    /// A folder `in/` holding `class.jpg` and its sidecar, and the faces as detected (left to right):
    /// Alice, Bob, and someone the school did not name.
    struct Scenario {
        let folder: URL
        let photo: String
        let faces: [Region]
        var input: String { folder.appendingPathComponent("in").path }
        var output: URL { folder.appendingPathComponent("out") }
        var copy: String { output.appendingPathComponent("class.jpg").path }
    }

    static func scenario() throws -> Scenario {
        let folder = try temporaryFolder()
        let input = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let photo = input.appendingPathComponent("class.jpg").path
        try FileManager.default.copyItem(atPath: projectFixtures.appendingPathComponent("faces/three-faces.jpg").path, toPath: photo)
        let faces = identifiableFaces(photo, try checks()).sorted { $0.x < $1.x }
        try #require(faces.count == 3, "three-faces.jpg should show three identifiable faces")
        // MWG areas are normalised, x and y at the centre of the region.
        func area(_ r: Region, _ name: String) -> String {
            let (w, h) = (500.0, 375.0)
            return """
                <rdf:li><rdf:Description mwg-rs:Name="\(name)" mwg-rs:Type="Face"><mwg-rs:Area stArea:x="\((Double(r.x) + Double(r.width) / 2) / w)" \
                stArea:y="\((Double(r.y) + Double(r.height) / 2) / h)" stArea:w="\(Double(r.width) / w)" stArea:h="\(Double(r.height) / h)" \
                stArea:unit="normalized"/></rdf:Description></rdf:li>
                """
        }
        let sidecar = """
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/" xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#">
            <mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:RegionList><rdf:Bag>
            \(area(faces[0], "Alice Martin"))
            \(area(faces[1], "Bob Roy"))
            </rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions></rdf:Description></rdf:RDF></x:xmpmeta>
            """
        try sidecar.write(toFile: input.appendingPathComponent("class.xmp").path, atomically: true, encoding: .utf8)
        return Scenario(folder: folder, photo: photo, faces: faces)
    }

    static func redact(
        _ inputs: [String], into output: URL, style: RedactionStyle = .blur, checks: CheckOptions, strength: Double = 1,
        thumbnails: Bool = false
    ) async throws -> [CleanOutcome] {
        var options = CleanOptions(destination: .folder(output.path))
        options.jobs = 1
        var redaction = RedactionOptions()
        redaction.style = style
        redaction.checks = checks
        redaction.strength = strength
        redaction.thumbnails = thumbnails
        options.redaction = redaction
        let cleaner = Cleaner(options: options)
        try cleaner.prepare()
        return await cleaner.run(try candidates(inputs))
    }

    /// Mean absolute difference of two decodes of the same size inside `r`.
    static func difference(_ a: PixelComparison.Pixels, _ b: PixelComparison.Pixels, in r: Region) -> Double {
        var sum = 0, n = 0
        for y in r.y..<min(r.maxY, a.height) {
            for x in r.x..<min(r.maxX, a.width) {
                for c in 0..<3 {
                    let i = (y * a.width + x) * 3 + c
                    sum += abs(Int(a.data[i]) - Int(b.data[i]))
                    n += 1
                }
            }
        }
        return n > 0 ? Double(sum) / Double(n) : 0
    }

    static func overlaps(_ a: Region, _ b: Region) -> Bool {
        let ix = max(0, min(a.maxX, b.maxX) - max(a.x, b.x)), iy = max(0, min(a.maxY, b.maxY) - max(a.y, b.y))
        let inter = Double(ix * iy), union = Double(a.width * a.height + b.width * b.height) - Double(ix * iy)
        return union > 0 && inter / union >= 0.3
    }

    @Test(arguments: RedactionStyle.allCases)
    func theConsentedFaceStaysTheOthersCannotBeRecognisedEvenSharpened(style: RedactionStyle) async throws {
        let s = try Self.scenario()
        defer { try? FileManager.default.removeItem(at: s.folder) }
        let original = try Data(contentsOf: URL(fileURLWithPath: s.photo))
        let entries = try await Self.redact([s.input], into: s.output, style: style, checks: Self.checks())
        let entry = try #require(entries.first)
        #expect(entry.status == .cleaned, "\(String(describing: entry.error))")
        let redaction = try #require(entry.redaction)
        #expect(redaction.facesRedacted == 2 && redaction.consentedFacesKept == 1 && redaction.textRegionsCovered == 0)
        #expect(redaction.style == style.rawValue && redaction.areas.filter { $0.kind == "face" }.count == 2 && redaction.areas.count == 3)
        // Alice's face is recorded as kept, as detected (no margin), for the report's green box.
        #expect(redaction.areas.filter { $0.kind == "face-kept" }.map(\.region) == [s.faces[0]])
        // The original is only read.
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.photo)) == original)

        // Alice's pixels are kept (up to JPEG re-encoding); Bob's and the stranger's are not.
        let before = try PixelComparison.decode(path: s.photo, applyOrientation: true, srgb8: true, maxPixels: 10_000_000)
        let after = try PixelComparison.decode(path: s.copy, applyOrientation: true, srgb8: true, maxPixels: 10_000_000)
        try #require(before.width == after.width && before.height == after.height)
        let alice = Self.difference(before, after, in: s.faces[0])
        #expect(alice < 3, "Alice's face changed by \(alice) on average")
        for face in s.faces.dropFirst() {
            let d = Self.difference(before, after, in: face)
            #expect(d > 8, "a redacted face changed by only \(d) on average")
        }

        // The detector finds Alice's face only, in the copy and in a strongly sharpened copy of it.
        let sharpened = s.folder.appendingPathComponent("sharpened.jpg").path
        try ImageRedactor.writeSharpened(path: s.copy, output: sharpened)
        for path in [s.copy, sharpened] {
            let found = Self.identifiableFaces(path, try Self.checks())
            #expect(found.count == 1 && found.allSatisfy { Self.overlaps($0, s.faces[0]) }, "\(path): \(found)")
        }
    }

    /// Standard deviation of the luma of a JPEG's decode inside `r`, a region of a `displayWidth`-wide picture.
    static func spread(_ jpeg: Data, in r: Region, displayWidth: Int) throws -> Double {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-thumb-\(UUID().uuidString).jpg")
        defer { try? FileManager.default.removeItem(at: url) }
        try jpeg.write(to: url)
        let image = try #require(MediaLoader.load(path: url.path).image)
        let grey = image.luma()
        let k = Double(image.width) / Double(displayWidth)
        var values: [Double] = []
        for y in Int(Double(r.y) * k)..<Int(Double(r.maxY) * k) {
            for x in Int(Double(r.x) * k)..<Int(Double(r.maxX) * k) { values.append(Double(grey[x, y])) }
        }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
    }

    @Test func theReportsBeforePictureHidesTheRedactedFacesAndKeepsTheConsentedOne() async throws {
        let s = try Self.scenario()
        defer { try? FileManager.default.removeItem(at: s.folder) }
        let entry = try #require(try await Self.redact([s.input], into: s.output, checks: Self.checks(), thumbnails: true).first)
        let before = try #require(entry.before), after = try #require(entry.after)
        #expect(max(before.width, before.height) <= 320 && max(after.width, after.height) <= 320)
        #expect(before.displayWidth == 500 && after.displayWidth == entry.redaction?.width)
        // Against a thumbnail of the same decode without blurring: Bob's and the stranger's faces have
        // lost their detail, Alice's has not.
        let image = try #require(MediaLoader.load(path: s.photo).image)
        let plain = Data(try image.thumbnail(longSide: 320).bytes)
        let alice = (
            try Self.spread(plain, in: s.faces[0], displayWidth: 500), try Self.spread(before.jpeg, in: s.faces[0], displayWidth: 500)
        )
        #expect(abs(alice.0 - alice.1) < 3, "Alice's face: spread \(alice.0) in a plain thumbnail, \(alice.1) in the report")
        for face in s.faces.dropFirst() {
            let (a, b) = (try Self.spread(plain, in: face, displayWidth: 500), try Self.spread(before.jpeg, in: face, displayWidth: 500))
            #expect(b < a / 2, "a redacted face: spread \(a) in a plain thumbnail, \(b) in the report")
        }
        // Without the HTML report, nothing is spent on pictures.
        let plainRun = try #require(try await Self.redact([s.input], into: s.output, checks: Self.checks()).first)
        #expect(plainRun.status == .cleaned && plainRun.before == nil && plainRun.after == nil)
    }

    @Test func aStudentInMediaForAPersonalAccountIsRedactedWhateverTheConsent() async throws {
        let s = try Self.scenario()
        defer { try? FileManager.default.removeItem(at: s.folder) }
        let entries = try await Self.redact([s.input], into: s.output, checks: Self.checks(channel: .personal))
        let redaction = try #require(entries.first?.redaction, "\(String(describing: entries.first?.error))")
        #expect(redaction.facesRedacted == 3 && redaction.consentedFacesKept == 0)
        #expect(Self.identifiableFaces(s.copy, try Self.checks()).isEmpty)
    }

    @Test func aCopyThatFailsItsSecondCheckIsNotWritten() async throws {
        let s = try Self.scenario()
        defer { try? FileManager.default.removeItem(at: s.folder) }
        let original = try Data(contentsOf: URL(fileURLWithPath: s.photo))
        // A blur a hundred times too weak leaves Bob recognisable: the copy is checked again and refused.
        let entries = try await Self.redact([s.input], into: s.output, checks: Self.checks(), strength: 0.01)
        let entry = try #require(entries.first)
        #expect(entry.status == .error && entry.error?.key == "clean.redact.face-remains", "\(String(describing: entry.error))")
        #expect(entry.output == nil && entry.redaction == nil)
        // Nothing under the output folder: no copy, no temporary file.
        let left = FileManager.default.enumerator(atPath: s.output.path)?.allObjects ?? []
        #expect(left.isEmpty, "\(left)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.photo)) == original)
    }

    @Test func aRenderedStudentIDIsNoLongerReadAndTheCopyIsResizedAndWithoutMetadata() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let photo = input.appendingPathComponent("card.jpg").path
        let card = TextCardPainter.Card(
            text: "Student ID 4829175", font: "DejaVu Sans", capHeight: 40, paper: [250, 250, 248], ink: [20, 20, 25], angle: 0, blur: 0,
            place: (0.3, 0.6))
        try TextCardPainter.paint(
            base: projectFixtures.appendingPathComponent("metadata/no-metadata.jpg").path, width: 4000, height: 3000, cards: [card],
            output: photo)
        // Two metadata fixtures ride along: their copies must lose every metadata block, and keep the
        // colour profile (place-xmp.jpg has one).
        let gps = input.appendingPathComponent("gps.jpg").path
        try FileManager.default.copyItem(atPath: projectFixtures.appendingPathComponent("metadata/gps-exif.jpg").path, toPath: gps)
        try FileManager.default.copyItem(
            atPath: projectFixtures.appendingPathComponent("metadata/place-xmp.jpg").path,
            toPath: input.appendingPathComponent("place-xmp.jpg").path)
        let options = try Self.checks()
        let pipeline = Pipeline(options: options)
        #expect(
            pipeline.check(Candidate(path: photo, displayPath: "card.jpg", kind: .image(.jpeg))).findings.contains {
                $0.rule == "text.student-id"
            })
        #expect(
            pipeline.check(Candidate(path: gps, displayPath: "gps.jpg", kind: .image(.jpeg))).findings.contains {
                $0.rule == "metadata.location"
            })

        let output = folder.appendingPathComponent("out")
        let entries = try await Self.redact([input.path], into: output, style: .blur, checks: options)
        for entry in entries { #expect(entry.status == .cleaned, "\(entry.path): \(String(describing: entry.error))") }
        let cardEntry = try #require(entries.first { $0.path.hasSuffix("card.jpg") }?.redaction)
        #expect(cardEntry.textRegionsCovered >= 1 && cardEntry.areas.contains { $0.kind == "text.student-id" })
        // Resized to what a website shows.
        #expect(max(cardEntry.width, cardEntry.height) == 2048)

        #expect(entries.count == 3)
        #expect(entries.first { $0.path.hasSuffix("place-xmp.jpg") }?.kept == ["ICC profile"])
        for name in ["card.jpg", "gps.jpg", "place-xmp.jpg"] {
            let copy = output.appendingPathComponent(name).path
            let entry = pipeline.check(Candidate(path: copy, displayPath: name, kind: .image(.jpeg)))
            let left = entry.findings.filter { $0.rule.hasPrefix("text.") || $0.rule.hasPrefix("metadata.") }
            #expect(left.isEmpty, "\(name): \(left.map(\.rule))")
            let bytes = try MediaLoader.readBytes(path: copy, limit: 50_000_000)
            let metadata = try MetadataReader.read(ByteReader(bytes), format: .jpeg, maxFrames: 10)
            #expect(metadata.exif.isEmpty && metadata.xmp.isEmpty && metadata.iptc.isEmpty && metadata.comments.isEmpty)
            #expect(metadata.hasICCProfile == (name == "place-xmp.jpg"), "\(name)")
        }
        // What OCR reads in the copy no longer holds the number, nor its label.
        let copy = output.appendingPathComponent("card.jpg").path
        let loaded = MediaLoader.load(path: copy)
        let image = try #require(loaded.image)
        let read = try TextReader.read(path: copy, image: image).words.map(\.text).joined(separator: " ")
        #expect(!read.contains("4829175") && !read.contains("482") && !read.lowercased().contains("student"), "\(read)")
        // And exiftool, an independent reader, finds nothing but structure and colour in either copy.
        let tags = try exiftool(["card.jpg", "gps.jpg", "place-xmp.jpg"].map { output.appendingPathComponent($0).path })
        #expect(tags.count == 3)
        for (path, fields) in tags { #expect(leftovers(fields).isEmpty, "\(path): \(leftovers(fields))") }
    }
}
