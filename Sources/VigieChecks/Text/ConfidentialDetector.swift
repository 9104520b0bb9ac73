import Foundation
import VigieMedia
import VigieVision

/// Confidentiality markers in read text: confidential / confidentiel(le), IEP, plan d'intervention,
/// individualised education plans, medical records, "do not distribute"; and a pupil's health
/// (`health`). Privacy notices
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

    /// A pupil's health, the "medical terms" of the rule: conditions, their devices and plans, in
    /// English and French (an EpiPen, asthma, ADHD, "PAI", France's plan for a pupil's health needs).
    /// Allergies and medication only as a fact about someone, before a colon (one word may stand
    /// between: "ALLERGY ALERT: tree nuts") or what they are to, a severity or kind between ("Allergy:
    /// peanuts", "Allergie sévère aux noix", "allergic to"): not "Allergy awareness week".
    /// Acronyms in capitals only ("TSA", "PAI"; "add", "pai" are words).
    static let health = TextPatterns.regex(
        #"(?<![\p{L}])(?:[ée]pi-?\s?pen|auto-?\s?inje[ck]t(?:or|eur)|anaphyla(?:xis|xie|ctique|ctic)|asthm(?:a|atic|e|atique)|diab[èe]t(?:es|ic|e|ique)|insulin[e]?|[ée]pilep(?:sy|tic|sie|tique)|seizures?|convulsions?|autis(?:m|tic|me|te)|dyslexi(?:a|c|e|que)|dyspraxi(?:a|e)|dysphasi(?:a|e)|(?-i:ADHD|TDAH|TSA|PAI)|projet\s+d[’'`]?\s*accueil\s+individualis[ée]|(?:allerg(?:y|ies|ic|ie|ique|iques)|m[ée]dicaments?|medications?)(?:(?:\s+\p{L}{3,})?\s*:|(?:\s+(?:s[ée]v[èée]re|severe|grave|serious|mild|l[ée]g[èée]re|food|alimentaires?|life-threatening|mortelle))?\s*(?:to\b|aux?\b|à\b)))(?![\p{L}])"#
    )

    /// The heading of a table's column of allergies or medicines: a word of its own (a table's
    /// rules read as marks beside it).
    static let healthHeading = TextPatterns.regex(
        #"^[^\p{L}\p{N}]*(?:allerg(?:y|ies|ie|[èe]nes?|ens?)|m[ée]dicaments?|medications?|medicines?)[^\p{L}\p{N}]*$"#)

    /// A pupil's allergies or medicines in a table: a `healthHeading` capitalised, with no word of
    /// running text after it on its line (a tilted table's heading may be read on to the line
    /// before it), over a word of a row that names someone before the column ("Élève | Allergie |
    /// Mesure" over "Isla Poirier | Piqûres d'abeille | Appeler le 911"): a capitalised word of
    /// three letters or more left of the heading. A poster's title over its text names no one left
    /// of it.
    static func healthColumns(in document: TextDocument) -> [TextMatch] {
        var out: [TextMatch] = []
        let isWord = { (w: RecognizedWord) in w.text.filter(\.isLetter).count >= 3 }
        let isCapitalised = { (w: RecognizedWord) in w.text.first(where: \.isLetter)?.isUppercase == true }
        for line in document.lines {
            for (i, head) in line.words.enumerated()
            where isCapitalised(head) && !TextPatterns.matches(healthHeading, TextDocument.Passage(words: [head])).isEmpty {
                if i + 1 < line.words.count, line.words[i + 1].text.first(where: \.isLetter)?.isLowercase == true { continue }
                let h = Swift.max(1, head.box.height)
                for row in document.lines {
                    let under = row.words.first { w in w.isUnder(heading: head.box, height: h) && isWord(w) }
                    let named = row.words.contains { w in w.box.maxX <= head.box.x && isWord(w) && isCapitalised(w) }
                    if let under, named {
                        out.append(
                            TextMatch(
                                key: "text.confidential.health", evidence: head.text + " " + under.text, box: head.box.union(under.box)))
                        break
                    }
                }
            }
        }
        return out
    }

    public static func matches(in document: TextDocument) -> [TextMatch] {
        var out = TextPatterns.find(document, [marker], key: "text.confidential.marker", passages: document.lines)
        out += TextPatterns.find(document, [health], key: "text.confidential.health", passages: document.lines)
        out += healthColumns(in: document)
        return TextPatterns.unique(out + TextPatterns.findSqueezed(document, squeezedMarker, key: "text.confidential.marker"))
    }
}
