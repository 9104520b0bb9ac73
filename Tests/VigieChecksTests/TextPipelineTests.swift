import Foundation
import Testing
import VigieKit
import VigieMedia
import VigieTestSupport

@testable import VigieChecks

@Suite("Text rules through the pipeline")
struct TextPipelineTests {
    @Test func realContactParagraphIsPersonalInformationWithRegions() throws {
        let found = try findings("text/contact-paragraph.png", reading: true).filter { $0.rule == "text.personal-info" }
        #expect(Set(found.map(\.message.key)) == ["text.personal-info.phone", "text.personal-info.email"])
        for f in found {
            let region = try #require(f.region)
            #expect(region.width > 0 && region.height > 0 && region.y > 0)
            #expect(!(f.message.arguments.first ?? "").contains("555"))
        }
    }

    @Test func realPassportSpecimenIsPersonalInformation() throws {
        #expect(try findings("text/passport-specimen.jpg", reading: true).contains { $0.rule == "text.personal-info" })
    }

    /// A card saved small (250x159, capitals of 6 px) is read enlarged: its machine-readable zone
    /// is found, where it is printed (the bottom third).
    @Test func realSmallIdentityCardIsPersonalInformation() throws {
        let found = try findings("text/id-card-small.jpg", reading: true).filter {
            $0.message.key == "text.personal-info.identity-document"
        }
        let region = try #require(found.first?.region)
        #expect(region.y >= 159 / 2 && region.maxY <= 159 && region.maxX <= 250, "\(region)")
    }

    @Test func ordinaryTextHasNoTextFinding() throws {
        #expect(try findings("text/phototest.tif", reading: true).filter { $0.rule.hasPrefix("text.") }.isEmpty)
        #expect(try findings("metadata/no-metadata.jpg").filter { $0.rule.hasPrefix("text.") }.isEmpty)
        // A street sign: a street's name with the numbers of the block, no one's address.
        #expect(try findings("text/street-sign.jpg", reading: true).filter { $0.rule.hasPrefix("text.") }.isEmpty)
    }

    @Test func generatedGradeCardGivesAFindingWhereTheCardIs() throws {
        let base = fixtures.appendingPathComponent("metadata/no-metadata.jpg").path
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-text-\(getpid())-grade.jpg").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let card = TextCardPainter.Card(
            text: "Examen de sciences\nNote : 17/20", font: "DejaVu Serif", capHeight: 40, paper: [238, 240, 242], ink: [25, 60, 170],
            angle: 6, blur: 0.7, place: (0.7, 0.2))
        let boxes = try TextCardPainter.paint(base: base, width: 4000, height: 3000, cards: [card], output: out)
        let candidate = Candidate(path: out, displayPath: "grade.jpg", kind: .image(.jpeg))
        var options = CheckOptions()
        options.limits.maxSecondsPerFile = 900  // what is read, not how fast: OCR under load passes 30 s
        let entry = Pipeline(options: options).check(candidate)
        let f = try #require(entry.findings.first { $0.rule == "text.grade" }, "\(entry.findings)")
        let region = try #require(f.region)
        let painted = try #require(boxes.first)
        let cx = region.x + region.width / 2, cy = region.y + region.height / 2
        #expect(
            cx > painted.x - 100 && cx < painted.maxX + 100 && cy > painted.y - 100 && cy < painted.maxY + 100, "\(region) vs \(painted)")
        #expect(!Localizer(.fr).render(f.message).contains("17/20"))
    }

    @Test func turningOCROffLeavesTextRulesUnchecked() throws {
        var options = CheckOptions()
        options.limits.maxSecondsPerFile = 900  // what is read, not how fast: OCR under load passes 30 s
        options.readText = false
        let path = fixtures.appendingPathComponent("text/contact-paragraph.png").path
        let entry = Pipeline(options: options).check(Candidate(path: path, displayPath: "c.png", kind: .image(.png)))
        #expect(entry.findings.filter { $0.rule.hasPrefix("text.") }.isEmpty)
    }
}
