import Foundation
import VigieMedia

/// Confidentiality markers in read text: confidential / confidentiel(le), IEP, plan d'intervention,
/// individualised education plans, medical records, "do not distribute". Privacy notices
/// ("politique de confidentialité") are not markers.
public enum ConfidentialDetector {
    static let marker = TextPatterns.regex(
        #"(?<![\p{L}])(?:confidenti(?:al|el|elle)s?|(?-i:IEP)|plan\s+d[’'`]?\s*intervention|plan\s+d[’'`]?\s*enseignement\s+individualis[ée]|individuali[sz]ed\s+education\s+(?:program|plan)|504\s+plan|dossier\s+m[ée]dical|medical\s+records?|diagnos(?:is|tic)|do\s+not\s+(?:distribute|share|copy)|(?:ne\s+)?pas\s+(?:diffuser|distribuer)|internal\s+use\s+only|usage\s+interne)(?![\p{L}])"#)

    public static func matches(in document: TextDocument) -> [TextMatch] {
        TextPatterns.find(document, [marker], key: "text.confidential.marker", passages: document.lines)
    }
}
