import Foundation
import VigieMedia
import VigieVision

/// `caption.personal-info`: personal information in the caption, tags or keywords: the same
/// detectors as the text read in pictures (phone numbers, e-mail and street addresses, dates of birth,
/// card numbers, social insurance and security numbers, student ids and district patterns).
public struct PersonalInfoCaptionCheck: Check {
    public static let rule = RuleDescription(
        id: "caption.personal-info", defaultSeverity: .error,
        summary: [
            .en: "personal information in the caption or keywords", .fr: "renseignements personnels dans la légende ou les mots-clés",
        ],
        source: [.en: "board guide 3", .fr: "guide du centre de services, 3"])

    public init() {}

    /// The caption texts as a document: one line per text, words in order (no boxes: not in the picture).
    static func document(_ texts: [String]) -> TextDocument {
        var words: [RecognizedWord] = []
        for (line, text) in texts.enumerated() {
            var x = 0
            for word in text.split(whereSeparator: { $0.isWhitespace }) {
                words.append(
                    RecognizedWord(
                        text: String(word), confidence: 100, box: Region(x: x, y: line * 20, width: 10 * word.count, height: 10), line: line
                    ))
                x += 10 * word.count + 10
            }
        }
        return TextDocument(RecognizedText(words: words))
    }

    public func findings(in asset: Asset) -> [Finding] {
        guard let people = asset.people else { return [] }
        let texts = CaptionText.all(people).flatMap { $0.split(whereSeparator: \.isNewline).map(String.init) }
        guard !texts.isEmpty else { return [] }
        let document = Self.document(texts)
        let matches =
            PersonalInfoDetector.matches(in: document)
            + StudentIDDetector.matches(in: document, patterns: asset.textSettings.studentIDPatterns)
        guard !matches.isEmpty else { return [] }
        let kinds = Array(Set(matches.map { String($0.key.split(separator: ".").last ?? "") })).sorted()
        return [finding("caption.personal-info", [kinds.joined(separator: ", ")])]
    }
}
