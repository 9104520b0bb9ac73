import Foundation
import Testing
import VigieKit
import VigieMedia

@testable import VigieChecks

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")
let sourcesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/VigieChecks/Checks")

/// Runs the pipeline on one fixture and returns its findings, without picture-quality ones (those
/// are tested in QualityChecksTests).
func findings(_ name: String) throws -> [Finding] {
    let path = fixtures.appendingPathComponent(name).path
    let format = try #require(try MediaLoader.sniff(path: path))
    let candidate = Candidate(path: path, displayPath: name, kind: .image(format))
    return Pipeline(options: CheckOptions()).check(candidate).findings.filter { !$0.rule.hasPrefix("quality.") }
}

func ids(_ f: [Finding]) -> Set<String> { Set(f.map(\.message.key)) }

@Suite("metadata.location")
struct LocationTests {
    @Test(arguments: [
        "metadata/gps-exif.jpg", "metadata/gps-xmp-only.jpg", "metadata/gps.png", "metadata/gps.webp",
        "metadata/gps-exif-at-eof.heic", "metadata/gps.tif", "metadata/gps-zero.jpg", "metadata/stray-bytes-gps.jpg",
        "malformed/truncated-with-gps.jpg",
    ])
    func gpsIsFlagged(file: String) throws {
        let f = try findings(file)
        #expect(ids(f).contains("metadata.location.gps"))
        #expect(f.first { $0.rule == "metadata.location" }?.severity == .error)
    }

    @Test(arguments: ["metadata/gps-tags-no-coords.jpg", "metadata/no-metadata.jpg", "metadata/no-metadata.png", "metadata/trailer.jpg", "metadata/owner-name.jpg"])
    func noCoordinatesNoLocation(file: String) throws {
        #expect(!ids(try findings(file)).contains("metadata.location.gps"))
    }

    @Test(arguments: ["metadata/place-iptc.jpg", "metadata/place-xmp.jpg"])
    func placeNamesAreFlagged(file: String) throws {
        let f = try findings(file)
        #expect(ids(f).contains("metadata.location.place"))
        #expect(!ids(f).contains("metadata.location.gps"))
    }

    @Test func gpsInXMPAndEXIFNamesBoth() throws {
        let f = try findings("metadata/gps-xmp-only.jpg").first { $0.message.key == "metadata.location.gps" }
        let where_ = try #require(f?.message.arguments.first)
        #expect(where_.contains("XMP"))
        #expect(where_.contains("EXIF"))
    }

    @Test func messagesCarryNoCoordinates() throws {
        // gpsinfo.jpg was taken at 42.858, -70.931: neither degrees nor any decimal may appear.
        for f in try findings("metadata/gps-exif.jpg") where f.rule == "metadata.location" {
            for language in Language.allCases {
                let text = Localizer(language).render(f.message)
                #expect(!text.contains("42") && !text.contains("70") && !text.contains("°"))
                #expect(text.range(of: #"\d+[.,]\d+"#, options: .regularExpression) == nil)
            }
        }
    }
}

@Suite("metadata.identifying, thumbnail, trailer")
struct OtherMetadataTests {
    @Test func serialAndUniqueIDs() throws {
        let f = try findings("metadata/gps.tif").first { $0.rule == "metadata.identifying" }
        #expect(f?.severity == .warning)
        #expect(f?.message.arguments.first?.contains("serial") == true)
    }

    @Test func cleanFilesHaveNoFindings() throws {
        #expect(try findings("metadata/no-metadata.jpg").isEmpty)
        #expect(try findings("metadata/no-metadata.png").isEmpty)
    }

    @Test func uncroppedThumbnailIsAnError() throws {
        let f = try findings("metadata/thumbnail-uncropped.jpg").first { $0.rule == "metadata.thumbnail" }
        #expect(f?.severity == .error)
        #expect(f?.message.key == "metadata.thumbnail.differs")
    }

    @Test func matchingThumbnailIsAWarning() throws {
        let f = try findings("metadata/gps-tags-no-coords.jpg").first { $0.rule == "metadata.thumbnail" }
        #expect(f?.severity == .warning)
        #expect(f?.message.key == "metadata.thumbnail")
    }

    @Test func trailerAfterEOI() throws {
        let f = try findings("metadata/trailer.jpg")
        #expect(f.map(\.rule) == ["metadata.trailer"])
        #expect(f.first?.message.arguments == ["859"])
    }
}

@Suite("File rules")
struct FileRuleTests {
    @Test func unsupportedContent() {
        let candidate = Candidate(path: fixtures.appendingPathComponent("metadata/image.bmp").path, displayPath: "image.bmp", kind: .unsupported)
        let f = Pipeline(options: CheckOptions()).check(candidate).findings
        #expect(f.map(\.rule) == ["file.unsupported"])
    }

    @Test func bombsAreTooLarge() throws {
        #expect(try findings("malformed/lottapixel.jpg").map(\.rule) == ["file.too-large"])
        #expect(try findings("malformed/pngbomb.png").map(\.rule) == ["file.too-large"])
    }

    @Test func brokenFilesAreUnreadable() throws {
        #expect(try findings("malformed/broken.png").map(\.rule).contains("file.unreadable"))
    }
}

@Suite("Registry and catalogue")
struct RegistryTests {
    @Test func everyCheckTypeIsRegistered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: sourcesDirectory.path).filter { $0.hasSuffix(".swift") }
        var declared: Set<String> = []
        let re = try NSRegularExpression(pattern: #"public struct (\w+): Check\b"#)
        for file in files {
            let text = try String(contentsOf: sourcesDirectory.appendingPathComponent(file), encoding: .utf8)
            for m in re.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                declared.insert((text as NSString).substring(with: m.range(at: 1)))
            }
        }
        #expect(!declared.isEmpty)
        let registered = Set(CheckRegistry.checks.map { String(describing: $0) })
        #expect(declared == registered)
    }

    @Test func rulesAreSortedUniqueAndDescribedInBothLanguages() {
        let rules = CheckRegistry.rules
        #expect(rules.map(\.id) == rules.map(\.id).sorted())
        #expect(Set(rules.map(\.id)).count == rules.count)
        for r in rules {
            for l in Language.allCases {
                #expect(!(r.summary[l] ?? "").isEmpty, "\(r.id) summary \(l)")
                #expect(!(r.source[l] ?? "").isEmpty, "\(r.id) source \(l)")
            }
        }
    }

    @Test func everyMessageHasEnglishAndFrench() {
        for (key, texts) in Localizer.catalogue {
            #expect(texts[.en] != nil && texts[.fr] != nil, "\(key)")
        }
    }

    @Test func frenchRendering() {
        let m = Message("metadata.identifying", ["maker notes, computer name", "EXIF"])
        #expect(Localizer(.fr).render(m) == "Métadonnées identifiantes (notes du fabricant, nom d'ordinateur) dans EXIF.")
    }

    @Test func languageFromEnvironment() {
        #expect(Language.fromEnvironment(["LANG": "fr_CA.UTF-8"]) == .fr)
        #expect(Language.fromEnvironment(["LC_ALL": "en_US.UTF-8", "LANG": "fr_FR"]) == .en)
        #expect(Language.fromEnvironment([:]) == .en)
    }
}
