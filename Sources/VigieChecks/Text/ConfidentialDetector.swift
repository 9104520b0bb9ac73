import Foundation
import VigieMedia

/// Confidentiality markers in read text: confidential / confidentiel(le), IEP, plan d'intervention,
/// individualised education plans, medical records, "do not distribute". Privacy notices
/// ("politique de confidentialité") are not markers. The last l of "confidential" may come out of
/// OCR as "\", "|", "1" or "!" (a bold card turned away), and the I of "IEP" as another
/// upright stroke, "\", "|", "[", "]" or "l" (a bold, light or slanted card), as the I of "ID" does
/// (`StudentIDDetector`).
public enum ConfidentialDetector {
    static let marker = TextPatterns.regex(
        #"(?<![\p{L}])(?:confidenti(?:al|el|elle|[ae][\\|1!])s?|(?-i:[I\\|\[\]l]EP)|plan\s+d[’'`]?\s*intervention|plan\s+d[’'`]?\s*enseignement\s+individualis[ée]|individuali[sz]ed\s+education\s+(?:program|plan)|504\s+plan|dossier\s+m[ée]dical|medical\s+records?|diagnos(?:is|tic)|do\s+not\s+(?:distribute|share|copy)|(?:ne\s+)?pas\s+(?:diffuser|distribuer)|for\s+internal\s+use|internal\s+use\s+only|usage\s+interne)(?![\p{L}])"#
    )

    /// The long markers, spaces left out: OCR splits a word of a tilted or spaced-out line in two
    /// ("d'inter vention"). Long enough not to be met by chance across words; "confidentialité" and
    /// "confidentiality" are privacy notices.
    static let squeezedMarker = TextPatterns.regex(
        #"confidenti(?:al|el)(?!it)|pland[’'`]?intervention|dossierm[ée]dical|medicalrecords?|individuali[sz]ededucation|donotdistribute|nepasdiffuser|internaluseonly|usageinterne"#
    )

    public static func matches(in document: TextDocument) -> [TextMatch] {
        var out = TextPatterns.find(document, [marker], key: "text.confidential.marker", passages: document.lines)
        for line in document.lines {
            // The line without its spaces, and the word each UTF-16 unit of it comes from.
            var squeezed = "", owner: [Int] = []
            for (i, word) in line.words.enumerated() {
                let text = word.text.filter { !$0.isWhitespace }
                squeezed += text
                owner += Array(repeating: i, count: text.utf16.count)
            }
            for m in squeezedMarker.matches(in: squeezed, range: NSRange(location: 0, length: squeezed.utf16.count)) {
                let touched = Set(owner[m.range.location..<(m.range.location + m.range.length)]).sorted().map { line.words[$0] }
                guard let first = touched.first else { continue }
                out.append(
                    TextMatch(
                        key: "text.confidential.marker", evidence: touched.map(\.text).joined(separator: " "),
                        box: touched.dropFirst().reduce(first.box) { $0.union($1.box) }))
            }
        }
        return TextPatterns.unique(out)
    }
}
