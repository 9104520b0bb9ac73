import Foundation
import VigieMedia

/// Confidentiality markers in read text: confidential / confidentiel(le), IEP, plan d'intervention,
/// individualised education plans, medical records, "do not distribute". Privacy notices
/// ("politique de confidentialité") are not markers. The last letters of "confidential" may come
/// out of OCR as other letters ("Confidentic", 21 px capitals), the l as "\", "|", "1" or "!" (a
/// bold card turned away), and the I of "IEP" as another
/// upright stroke, "\", "|", "[", "]" or "l" (a bold, light or slanted card), as the I of "ID" does
/// (`StudentIDDetector`). The l of "only" may be lost or read as another letter ("internal use ony").
public enum ConfidentialDetector {
    static let marker = TextPatterns.regex(
        #"(?<![\p{L}])(?:confidenti(?:\p{L}{1,2}|elle|[ae][\\|1!])s?|(?-i:[I\\|\[\]l]EP)|plan\s+d[’'`]?\s*intervention|plan\s+d[’'`]?\s*enseignement\s+individualis[ée]|individuali[sz]ed\s+education\s+(?:program|plan)|504\s+plan|dossier\s+m[ée]dical|medical\s+records?|diagnos(?:is|tic)|do\s+not\s+(?:distribute|share|copy)|(?:ne\s+)?pas\s+(?:diffuser|distribuer)|for\s+internal\s+use|internal\s+use\s+on\p{L}?y|usage\s+interne)(?![\p{L}])"#
    )

    /// The long markers, spaces left out: OCR splits a word of a tilted or spaced-out line in two
    /// ("d'inter vention"), or reads a large italic capital apart as another letter ("a onfidentiel").
    /// Long enough not to be met by chance across words; "confidentialité" and "confidentiality" are
    /// privacy notices. The l of "internal" may be read as one or two other marks ("internaiy").
    static let squeezedMarker = TextPatterns.regex(
        #"onfidenti(?:al|el)(?!it)|pland[’'`]?intervention|dossierm[ée]dical|medicalrecords?|individuali[sz]ededucation|donotdistribute|nepasdiffuser|interna.{0,2}useonly|usageinterne"#
    )

    public static func matches(in document: TextDocument) -> [TextMatch] {
        let out = TextPatterns.find(document, [marker], key: "text.confidential.marker", passages: document.lines)
        return TextPatterns.unique(out + TextPatterns.findSqueezed(document, squeezedMarker, key: "text.confidential.marker"))
    }
}
