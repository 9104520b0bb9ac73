import Foundation

/// The languages Vigie speaks.
public enum Language: String, Sendable, Codable, CaseIterable, CodingKeyRepresentable {
    case en, fr

    /// From LC_ALL, LC_MESSAGES or LANG: French when the first one set starts with "fr".
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let v = env[key], !v.isEmpty { return v.lowercased().hasPrefix("fr") ? .fr : .en }
        }
        return .en
    }
}

/// Renders messages from the catalogue. Templates use {0}, {1}... for arguments.
public struct Localizer: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    public func render(_ message: Message) -> String {
        let template = Self.catalogue[message.key]?[language] ?? Self.catalogue[message.key]?[.en] ?? message.key
        var out = template
        for (i, arg) in message.arguments.enumerated() {
            out = out.replacingOccurrences(of: "{\(i)}", with: term(arg))
        }
        return out
    }

    /// Translates a known term (metadata kinds, preview kinds); leaves anything else as it is.
    public func term(_ s: String) -> String {
        guard language == .fr else { return s }
        return s.split(separator: ",", omittingEmptySubsequences: false).map { part in
            let p = part.trimmingCharacters(in: .whitespaces)
            return Self.terms[p] ?? p
        }.joined(separator: ", ")
    }

    public func text(_ key: String) -> String { render(Message(key)) }

    static let terms: [String: String] = [
        "camera or lens serial number": "numéro de série d'appareil ou d'objectif",
        "owner or author name": "nom de propriétaire ou d'auteur",
        "maker notes": "notes du fabricant",
        "unique image id": "identifiant unique d'image",
        "editing history": "historique de modification",
        "computer name": "nom d'ordinateur",
        "EXIF thumbnail": "vignette EXIF",
        "JFIF thumbnail": "vignette JFIF",
        "Photoshop thumbnail": "vignette Photoshop",
        "MPF secondary image": "image secondaire MPF",
        "HEIF thumbnail item": "vignette HEIF",
        "TIFF reduced-resolution image": "image TIFF en résolution réduite",
        "GPS coordinates": "coordonnées GPS",
        "place names": "noms de lieux",
        "more pixels than the limit": "plus de pixels que la limite",
        "more frames than the limit": "plus d'images que la limite",
        "the file is larger than the size limit": "le fichier dépasse la taille limite",
        "compressed metadata expands past the limit": "des métadonnées compressées dépassent la limite une fois décompressées",
    ]

    static let catalogue: [String: [Language: String]] = [
        // File rules
        "file.unreadable": [.en: "The file could not be read or decoded: {0}. It was not checked.", .fr: "Le fichier n'a pu être lu ni décodé : {0}. Il n'a pas été vérifié."],
        "file.unsupported": [.en: "The file has an image extension but its content is not a supported image (JPEG, PNG, WebP, GIF, TIFF, HEIC/HEIF, AVIF). It was not checked.", .fr: "Le fichier porte une extension d'image mais son contenu n'est pas une image prise en charge (JPEG, PNG, WebP, GIF, TIFF, HEIC/HEIF, AVIF). Il n'a pas été vérifié."],
        "file.too-large": [.en: "The file was not decoded: {0}. Raise --max-pixels if it is a genuine photo.", .fr: "Le fichier n'a pas été décodé : {0}. Augmentez --max-pixels s'il s'agit d'une vraie photo."],
        "file.metadata-unreadable": [.en: "Part of the metadata could not be read ({0}): the file cannot be cleared until it is cleaned.", .fr: "Une partie des métadonnées n'a pu être lue ({0}) : le fichier ne peut être autorisé avant nettoyage."],
        // Metadata rules
        "metadata.location.gps": [.en: "GPS coordinates in {0}: the file tells where it was taken.", .fr: "Coordonnées GPS dans {0} : le fichier indique où il a été pris."],
        "metadata.location.place": [.en: "Place names in {0}: the file names where it was taken.", .fr: "Noms de lieux dans {0} : le fichier nomme l'endroit où il a été pris."],
        "metadata.identifying": [.en: "Identifying metadata ({0}) in {1}.", .fr: "Métadonnées identifiantes ({0}) dans {1}."],
        "metadata.thumbnail.differs": [.en: "An embedded preview ({0}) shows a different picture or framing from the main image, such as the uncropped original.", .fr: "Un aperçu intégré ({0}) montre une autre image ou un autre cadrage que l'image principale, par exemple l'original non recadré."],
        "metadata.thumbnail": [.en: "Embedded preview ({0}): a second copy of the picture that cropping or editing does not change.", .fr: "Aperçu intégré ({0}) : une seconde copie de l'image que le recadrage ou la retouche ne modifient pas."],
        "metadata.trailer": [.en: "{0} bytes of data after the end of the image (hidden content such as a motion-photo video or vendor data).", .fr: "{0} octets de données après la fin de l'image (contenu caché comme une vidéo de photo animée ou des données de fabricant)."],
        // Text rules (the argument is the masked evidence, or the text itself with --show-text)
        "text.unavailable": [.en: "The text in the picture could not be read ({0}): the text rules were not checked.", .fr: "Le texte de l'image n'a pu être lu ({0}) : les règles sur le texte n'ont pas été vérifiées."],
        "text.student-id.labelled": [.en: "A student ID number is visible in the picture ({0}).", .fr: "Un numéro d'élève est visible dans l'image ({0})."],
        "text.student-id.permanent-code": [.en: "A Quebec permanent code is visible in the picture ({0}).", .fr: "Un code permanent est visible dans l'image ({0})."],
        "text.student-id.district": [.en: "A student number in the district's format is visible in the picture ({0}).", .fr: "Un numéro d'élève au format du district est visible dans l'image ({0})."],
        "text.grade.mark": [.en: "A mark or result is visible in the picture ({0}).", .fr: "Une note ou un résultat est visible dans l'image ({0})."],
        "text.grade.report-card": [.en: "A report card is visible in the picture ({0}).", .fr: "Un bulletin scolaire est visible dans l'image ({0})."],
        "text.grade.sheet": [.en: "A grade sheet (names beside marks) is visible in the picture ({0}).", .fr: "Une feuille de notes (des noms à côté de notes) est visible dans l'image ({0})."],
        "text.personal-info.phone": [.en: "A phone number is visible in the picture ({0}).", .fr: "Un numéro de téléphone est visible dans l'image ({0})."],
        "text.personal-info.email": [.en: "An e-mail address is visible in the picture ({0}).", .fr: "Une adresse courriel est visible dans l'image ({0})."],
        "text.personal-info.address": [.en: "A street address is visible in the picture ({0}).", .fr: "Une adresse postale est visible dans l'image ({0})."],
        "text.personal-info.birth-date": [.en: "A date of birth is visible in the picture ({0}).", .fr: "Une date de naissance est visible dans l'image ({0})."],
        "text.personal-info.card": [.en: "A payment card number is visible in the picture ({0}).", .fr: "Un numéro de carte de paiement est visible dans l'image ({0})."],
        "text.personal-info.sin": [.en: "A social insurance number is visible in the picture ({0}).", .fr: "Un numéro d'assurance sociale est visible dans l'image ({0})."],
        "text.personal-info.identity-document": [.en: "The machine-readable zone of an identity document (name, date of birth, document number) is visible in the picture ({0}).", .fr: "La zone de lecture automatique d'une pièce d'identité (nom, date de naissance, numéro du document) est visible dans l'image ({0})."],
        "text.personal-info.ssn": [.en: "A US social security number is visible in the picture ({0}).", .fr: "Un numéro de sécurité sociale américain est visible dans l'image ({0})."],
        "text.student-name.roster": [.en: "A name from the roster is visible in the picture ({0}).", .fr: "Un nom de la liste des élèves est visible dans l'image ({0})."],
        "text.confidential.marker": [.en: "A confidentiality marker is visible in the picture ({0}).", .fr: "Une mention de confidentialité est visible dans l'image ({0})."],
        // Report text
        "report.clear": [.en: "clear", .fr: "autorisé"],
        "report.blocked": [.en: "blocked", .fr: "bloqué"],
        "report.error": [.en: "error", .fr: "erreur"],
        "report.summary": [.en: "{0} files checked: {1} clear, {2} blocked, {3} could not be checked.", .fr: "{0} fichiers vérifiés : {1} autorisés, {2} bloqués, {3} non vérifiables."],
        "report.skipped": [.en: "{0} other files skipped (not images).", .fr: "{0} autres fichiers ignorés (pas des images)."],
        "report.none": [.en: "No image found.", .fr: "Aucune image trouvée."],
        "report.all-clear": [.en: "Every file is clear to publish.", .fr: "Tous les fichiers peuvent être publiés."],
        "severity.error": [.en: "error", .fr: "erreur"],
        "severity.warning": [.en: "warning", .fr: "avertissement"],
        "severity.info": [.en: "info", .fr: "info"],
        "progress": [.en: "Checking {0}/{1}", .fr: "Vérification {0}/{1}"],
    ]
}
