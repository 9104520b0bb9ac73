import Foundation
import VigieConsentModel
import VigieMedia

/// The caption and the tags of a photo, as one text to search, folded for comparison.
enum CaptionText {
    static func all(_ people: PeopleContext) -> [String] {
        var texts: [String] = []
        if let c = people.description.caption { texts.append(c) }
        texts += people.description.tags
        texts += people.description.metadata.tags.filter { $0.source == .keyword }.map(\.name)
        return texts
    }
}

/// `caption.sensitive-group`: the caption, tags or keywords single out a student population: special
/// education, IEP, 504, EHDAA, classe d'adaptation, English or French learners, medical conditions,
/// free meals (English and French lexicon, whole words, case and accents ignored).
public struct SensitiveGroupCaptionCheck: Check {
    public static let rule = RuleDescription(
        id: "caption.sensitive-group", defaultSeverity: .error,
        summary: [
            .en:
                "caption, tags or keywords that single out a student population: special education, IEP, 504, EHDAA, classe d'adaptation, English or French learners (ESOL, francisation), medical conditions, free meals",
            .fr:
                "légende, étiquettes ou mots-clés qui désignent une population d'élèves : adaptation scolaire, plan d'intervention, EHDAA, classe d'adaptation, élèves allophones (francisation, ESOL), conditions médicales, repas gratuits",
        ],
        source: [
            .en: "district: do not identify specific student populations when tagging or captioning",
            .fr: "district : ne pas identifier de populations d'élèves particulières dans les identifications ou les légendes",
        ])

    /// Category → patterns (regular expressions on folded text, whole words).
    static let lexicon: [(category: String, patterns: [String])] = [
        (
            "special education",
            [
                #"special (ed|education|needs)"#, #"\biep\b"#, #"individuali[sz]ed education"#, #"(section|plan) 504|504 plan"#,
                #"\behdaa\b"#, #"classes? d'adaptation"#, #"adaptation scolaire"#, #"plan d'intervention"#,
                #"classes? (speciale|specialisee)s?"#, #"learning disabilit"#, #"troubles? d'apprentissage"#, #"besoins particuliers"#,
            ]
        ),
        (
            "language learners",
            [
                #"\besol\b"#, #"\besl\b"#, #"\bell\b"#, #"english (language )?learners?"#, #"\bfrancisation\b"#,
                #"classes? d'accueil"#, #"\ballophones?\b"#,
            ]
        ),
        (
            "medical conditions",
            [
                #"\bautis(m|me|tic|te)s?\b"#, #"\badhd\b"#, #"\btdah\b"#, #"\bdiabet"#, #"\bepileps"#, #"\bdyslexi"#,
                #"\bhandicap"#, #"\bdisabilit"#, #"\bdisabled\b"#, #"\btsa\b"#, #"medical condition"#, #"condition medicale"#,
            ]
        ),
        (
            "free meals",
            [
                #"free (and reduced )?(meals?|lunch(es)?|breakfasts?)"#, #"repas gratuits?"#, #"dejeuners? gratuits?"#,
                #"aide alimentaire"#,
            ]
        ),
    ]

    static let compiled: [(String, [NSRegularExpression])] = lexicon.map { entry in
        (entry.category, entry.patterns.compactMap { try? NSRegularExpression(pattern: $0) })
    }

    public init() {}

    /// The categories a text touches.
    public static func categories(in text: String) -> [String] {
        let folded = TextPatterns.folded(text)
        let range = NSRange(folded.startIndex..., in: folded)
        return compiled.filter { _, res in res.contains { $0.firstMatch(in: folded, range: range) != nil } }.map(\.0)
    }

    public func findings(in asset: Asset) -> [Finding] {
        guard let people = asset.people else { return [] }
        var found: [String] = []
        for text in CaptionText.all(people) {
            for c in Self.categories(in: text) where !found.contains(c) { found.append(c) }
        }
        return found.isEmpty ? [] : [finding("caption.sensitive-group", [found.joined(separator: ", ")])]
    }
}

/// `caption.shouting`: a caption mostly in capital letters (at least 12 letters, over 70% capitals).
public struct ShoutingCaptionCheck: Check {
    public static let rule = RuleDescription(
        id: "caption.shouting", defaultSeverity: .warning,
        summary: [.en: "caption mostly in capital letters", .fr: "légende surtout en majuscules"],
        source: [.en: "board netiquette: capitals are shouting", .fr: "nétiquette du centre de services : les majuscules crient"])

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        guard let caption = asset.people?.description.caption else { return [] }
        let letters = caption.unicodeScalars.filter { CharacterSet.letters.contains($0) }
        let upper = letters.filter { CharacterSet.uppercaseLetters.contains($0) }
        guard letters.count >= 12, Double(upper.count) > 0.7 * Double(letters.count) else { return [] }
        return [finding("caption.shouting")]
    }
}

/// `caption.missing`: no caption (manifest, sidecar, XMP, IPTC or EXIF) for a photo whose channel was
/// said (`--channel` or the manifest): a post needs its context. Silent when no channel was given, so
/// that vetting a folder of photos does not drown in warnings.
public struct MissingCaptionCheck: Check {
    public static let rule = RuleDescription(
        id: "caption.missing", defaultSeverity: .warning,
        summary: [.en: "no caption or context for a post", .fr: "aucune légende ni mise en contexte pour une publication"],
        source: [.en: "district: give the context of your post", .fr: "district : donner le contexte de la publication"])

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        guard let people = asset.people, people.channelWasGiven else { return [] }
        let caption = people.description.caption?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return caption.isEmpty ? [finding("caption.missing")] : []
    }
}

/// `caption.credit`: the file names a creator or a copyright holder (EXIF Artist or Copyright, XMP
/// dc:creator, dc:rights or photoshop:Credit, IPTC by-line or copyright notice) and the caption gives no
/// credit (no ©, "photo", "credit", "crédit", "courtesy", "avec l'autorisation", nor the name).
public struct CreditCaptionCheck: Check {
    public static let rule = RuleDescription(
        id: "caption.credit", defaultSeverity: .warning,
        summary: [
            .en: "the file names a third-party creator or copyright and the caption gives no credit",
            .fr: "le fichier nomme un auteur ou un titulaire de droits et la légende ne le mentionne pas",
        ],
        source: [
            .en: "district: give credit; respect intellectual property",
            .fr: "district : citer la source ; respecter la propriété intellectuelle",
        ])

    public init() {}

    static func creators(_ m: MediaMetadata) -> [String] {
        var names: [String] = []
        for e in m.allExifEntries where e.directory == .ifd0 && (e.tag == 0x013B || e.tag == 0x8298) {
            if !e.text.isEmpty { names.append(e.text) }
        }
        for block in m.xmp {
            for p in block.properties
            where (p.namespace == XMPNamespace.dc && (p.name == "creator" || p.name == "rights"))
                || (p.namespace == XMPNamespace.photoshop && p.name == "Credit")
            {
                names.append(p.value)
            }
        }
        for block in m.iptc {
            for d in block.datasets where d.record == 2 && (d.dataset == 80 || d.dataset == 116 || d.dataset == 110) && !d.text.isEmpty {
                names.append(d.text)
            }
        }
        return names
    }

    public func findings(in asset: Asset) -> [Finding] {
        guard let people = asset.people else { return [] }
        let names = Self.creators(asset.metadata)
        guard !names.isEmpty else { return [] }
        let caption = TextPatterns.folded(people.description.caption ?? "")
        let markers = ["©", "(c)", "photo", "credit", "courtesy", "avec l'autorisation", "source"]
        if markers.contains(where: caption.contains) || names.contains(where: { caption.contains(TextPatterns.folded($0)) }) { return [] }
        return [finding("caption.credit")]
    }
}

/// `caption.spelling` (info): words of the caption that neither the English nor the French dictionary
/// (Hunspell, Debian's hunspell-en-us and hunspell-fr) knows. Names, acronyms, numbers, addresses and
/// handles are left alone. The message counts the words; it does not repeat them.
public struct SpellingCaptionCheck: Check {
    public static let rule = RuleDescription(
        id: "caption.spelling", defaultSeverity: .info,
        summary: [
            .en: "misspelled words (English and French dictionaries)", .fr: "mots mal orthographiés (dictionnaires anglais et français)",
        ],
        source: [
            .en: "district: check spelling and grammar; board netiquette: correct French, no abbreviations",
            .fr:
                "district : vérifier l'orthographe et la grammaire ; nétiquette du centre de services : un français correct, sans abréviations",
        ])

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        guard let n = asset.captionUnknownWords, n > 0 else { return [] }
        return [finding("caption.spelling", [String(n)])]
    }
}
