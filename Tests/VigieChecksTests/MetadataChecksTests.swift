import Foundation
import Testing
import VigieKit
import VigieMedia

@testable import VigieChecks

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

/// Runs the pipeline on one fixture and returns its findings, without picture-quality ones (those
/// are tested in QualityChecksTests). The metadata and file rules need neither OCR nor face
/// detection: they run only when `reading` says (the text rules' tests).
func findings(_ name: String, reading: Bool = false) throws -> [Finding] {
    let path = fixtures.appendingPathComponent(name).path
    let format = try #require(try MediaLoader.sniff(path: path))
    let candidate = Candidate(path: path, displayPath: name, kind: .image(format))
    var options = CheckOptions()
    options.limits.maxSecondsPerFile = 900  // what is read, not how fast: OCR under load passes 30 s
    options.readText = reading
    options.faces.enabled = reading
    return Pipeline(options: options).check(candidate).findings.filter { $0.family != .quality }
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

    @Test(arguments: [
        "metadata/gps-tags-no-coords.jpg", "metadata/no-metadata.jpg", "metadata/no-metadata.png", "metadata/trailer.jpg",
        "metadata/owner-name.jpg",
    ])
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
        let candidate = Candidate(
            path: fixtures.appendingPathComponent("metadata/image.bmp").path, displayPath: "image.bmp", kind: .unsupported)
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
    /// The registry's own list is kept sorted by type name, so a check added out of place shows.
    @Test func theRegistryListsEachCheckOnceInOrder() {
        let names = CheckRegistry.checks.map { String(describing: $0) }
        #expect(names == names.sorted())
        #expect(Set(names).count == names.count)
    }

    /// Every message of a check's family belongs to a registered rule: a check whose messages are in
    /// the catalogue but which is missing from the registry fails here.
    @Test func everyRuleMessageBelongsToARegisteredRule() {
        let ids = CheckRegistry.rules.map(\.id)
        // The file rules' messages come from the pipeline, as do these two, named after the stage
        // that failed and reported under file.unreadable.
        let pipelineMessages: Set<String> = ["caption.spelling-unavailable", "text.unavailable"]
        for key in Localizer.catalogue.keys where ![nil, .file].contains(RuleFamily(ruleID: key)) && !pipelineMessages.contains(key) {
            #expect(ids.contains { key == $0 || key.hasPrefix($0 + ".") }, "\(key)")
        }
        for check in CheckRegistry.checks {
            #expect(Localizer.catalogue.keys.contains { $0 == check.rule.id || $0.hasPrefix(check.rule.id + ".") }, "\(check.rule.id)")
        }
    }

    @Test func rulesAreUniqueOfAKnownFamilyAndDescribedInBothLanguages() {
        let rules = CheckRegistry.rules
        #expect(Set(rules.map(\.id)).count == rules.count)
        #expect(rules.allSatisfy { $0.family != nil })
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
