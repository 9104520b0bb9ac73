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
        "cover art (covr)": "pochette (covr)",
        "QuickTime thumbnail (udta thmb)": "vignette QuickTime (udta thmb)",
        "GPS coordinates": "coordonnées GPS",
        "website": "site web",
        "social": "réseaux sociaux",
        "yearbook": "album de fin d'année",
        "newsletter": "infolettre",
        "press": "presse",
        "personal": "compte personnel",
        "place names": "noms de lieux",
        "more pixels than the limit": "plus de pixels que la limite",
        "more frames than the limit": "plus d'images que la limite",
        "no video track": "aucune piste vidéo",
        "no decoder for the video codec": "aucun décodeur pour le codec vidéo",
        "the video frames do not decode": "les images de la vidéo ne se décodent pas",
        "the video's frames or duration exceed the limits": "les images ou la durée de la vidéo dépassent les limites",
        "decoding the video took longer than the time limit": "le décodage de la vidéo a dépassé le temps limite",
        "out of memory decoding the video": "mémoire épuisée pendant le décodage de la vidéo",
        "the video cannot be decoded": "la vidéo ne peut être décodée",
        "no frame decodes": "aucune image ne se décode",
        "the file is larger than the size limit": "le fichier dépasse la taille limite",
        "compressed metadata expands past the limit": "des métadonnées compressées dépassent la limite une fois décompressées",
        // Caption categories
        "special education": "adaptation scolaire",
        "language learners": "élèves allophones",
        "medical conditions": "conditions médicales",
        "free meals": "repas gratuits",
        // What `vigie clean` removes and keeps.
        "comment": "commentaire",
        "extended XMP": "XMP étendu",
        "vendor APPn": "segments APPn de fabricant",
        "MPF index and secondary images": "index MPF et images secondaires",
        "data after the end of the image": "données après la fin de l'image",
        "stray bytes between segments": "octets parasites entre segments",
        "text chunks": "blocs de texte",
        "modification time": "date de modification",
        "private chunks": "blocs privés",
        "other ancillary chunks": "autres blocs auxiliaires",
        "unknown chunks": "blocs inconnus",
        "application extensions": "extensions d'application",
        "unknown extensions": "extensions inconnues",
        "embedded previews": "aperçus intégrés",
        "ICC profile": "profil ICC",
        "colour space": "espace colorimétrique",
        "orientation": "orientation",
        "orientation (applied to the pixels)": "orientation (appliquée aux pixels)",
        "JFIF header": "en-tête JFIF",
        "Adobe colour transform": "transformation de couleurs Adobe",
        "metadata remains in the cleaned copy": "des métadonnées restent dans la copie nettoyée",
        "the image data differs from the original": "les données d'image diffèrent de l'original",
        "the decoded pixels differ from the original": "les pixels décodés diffèrent de l'original",
        "the converted copy is too far from the original": "la copie convertie s'écarte trop de l'original",
        "the orientation changed": "l'orientation a changé",
        "the colour profile changed": "le profil de couleurs a changé",
        "the backup file already exists": "le fichier de sauvegarde existe déjà",
        "the converted copy's name is already taken": "le nom de la copie convertie est déjà pris",
        "another input is written to the same output": "un autre fichier d'entrée est écrit au même endroit",
        "a multi-page TIFF whose pages differ in size cannot be cleaned":
            "un TIFF de plusieurs pages de tailles différentes ne peut être nettoyé",
        "the run was interrupted": "l'exécution a été interrompue",
    ]

    static let catalogue: [String: [Language: String]] = [
        // File rules
        "file.unreadable": [
            .en: "The file could not be read or decoded: {0}. It was not checked.",
            .fr: "Le fichier n'a pu être lu ni décodé : {0}. Il n'a pas été vérifié.",
        ],
        "file.unsupported": [
            .en:
                "The file has an image extension but its content is not a supported image (JPEG, PNG, WebP, GIF, TIFF, HEIC/HEIF, AVIF). It was not checked.",
            .fr:
                "Le fichier porte une extension d'image mais son contenu n'est pas une image prise en charge (JPEG, PNG, WebP, GIF, TIFF, HEIC/HEIF, AVIF). Il n'a pas été vérifié.",
        ],
        "file.unsupported.media": [
            .en: "The file has a video or audio extension but its content is not a recognised video or audio format. It was not checked.",
            .fr:
                "Le fichier porte une extension de vidéo ou d'audio mais son contenu n'est pas un format vidéo ou audio reconnu. Il n'a pas été vérifié.",
        ],
        "file.media.video": [
            .en:
                "The file is a video ({0}): Vigie does not check videos yet. Its metadata (location, identifying tags) and its frames (faces, text, quality) were not checked.",
            .fr:
                "Le fichier est une vidéo ({0}) : Vigie ne vérifie pas encore les vidéos. Ses métadonnées (localisation, balises identifiantes) et ses images (visages, texte, qualité) n'ont pas été vérifiées.",
        ],
        "file.media.audio": [
            .en:
                "The file is an audio recording ({0}): Vigie does not check audio yet. Its metadata (location, identifying tags) and its sound (voices, names spoken) were not checked.",
            .fr:
                "Le fichier est un enregistrement audio ({0}) : Vigie ne vérifie pas encore l'audio. Ses métadonnées (localisation, balises identifiantes) et son contenu sonore (voix, noms prononcés) n'ont pas été vérifiés.",
        ],
        "file.media.video-or-audio": [
            .en:
                "The file is a video or an audio recording ({0}): Vigie does not check videos or audio yet. Its metadata (location, identifying tags) and its content (frames, sound) were not checked.",
            .fr:
                "Le fichier est une vidéo ou un enregistrement audio ({0}) : Vigie ne vérifie pas encore les vidéos ni l'audio. Ses métadonnées (localisation, balises identifiantes) et son contenu (images, son) n'ont pas été vérifiés.",
        ],
        "file.media.frames-unchecked": [
            .en:
                "The file is a video ({0}): its metadata was checked, but its frames (faces, text, blur) could not be: {1}. It cannot be cleared.",
            .fr:
                "Le fichier est une vidéo ({0}) : ses métadonnées ont été vérifiées, mais pas ses images (visages, texte, flou) : {1}. Il ne peut être autorisé.",
        ],
        "file.too-large": [
            .en: "The file was not decoded: {0}. Raise --max-pixels if it is a genuine photo.",
            .fr: "Le fichier n'a pas été décodé : {0}. Augmentez --max-pixels s'il s'agit d'une vraie photo.",
        ],
        "file.too-slow": [
            .en: "The file was not fully checked: {0}. Raise --max-seconds if it is a genuine photo on a busy machine.",
            .fr:
                "Le fichier n'a pas été entièrement vérifié : {0}. Augmentez --max-seconds s'il s'agit d'une vraie photo sur une machine chargée.",
        ],
        "file.manifest-unreadable": [
            .en: "The folder's vigie.csv manifest could not be used ({0}): the people and caption rules cannot be checked.",
            .fr:
                "Le manifeste vigie.csv du dossier est inutilisable ({0}) : les règles sur les personnes et les légendes ne peuvent être vérifiées.",
        ],
        "file.metadata-unreadable": [
            .en: "Part of the metadata could not be read ({0}): the file cannot be cleared until it is cleaned.",
            .fr: "Une partie des métadonnées n'a pu être lue ({0}) : le fichier ne peut être autorisé avant nettoyage.",
        ],
        // Metadata rules
        "metadata.location.gps": [
            .en: "GPS coordinates in {0}: the file tells where it was taken.",
            .fr: "Coordonnées GPS dans {0} : le fichier indique où il a été pris.",
        ],
        "metadata.location.place": [
            .en: "Place names in {0}: the file names where it was taken.",
            .fr: "Noms de lieux dans {0} : le fichier nomme l'endroit où il a été pris.",
        ],
        "metadata.identifying": [.en: "Identifying metadata ({0}) in {1}.", .fr: "Métadonnées identifiantes ({0}) dans {1}."],
        "metadata.thumbnail.differs": [
            .en: "An embedded preview ({0}) shows a different picture or framing from the main image, such as the uncropped original.",
            .fr:
                "Un aperçu intégré ({0}) montre une autre image ou un autre cadrage que l'image principale, par exemple l'original non recadré.",
        ],
        "metadata.thumbnail": [
            .en: "Embedded preview ({0}): a second copy of the picture that cropping or editing does not change.",
            .fr: "Aperçu intégré ({0}) : une seconde copie de l'image que le recadrage ou la retouche ne modifient pas.",
        ],
        "metadata.trailer": [
            .en: "{0} bytes of data after the end of the image (hidden content such as a motion-photo video or vendor data).",
            .fr:
                "{0} octets de données après la fin de l'image (contenu caché comme une vidéo de photo animée ou des données de fabricant).",
        ],
        // People, tags and captions
        "tags.unauthorised": [
            .en:
                "{0} person tag(s) without an authorisation to be tagged on record ({1} not in the ledger). Remove the tags (vigie clean removes embedded ones) or record the authorisation.",
            .fr:
                "{0} identification(s) de personne sans autorisation d'identification enregistrée ({1} hors du registre). Retirez les identifications (vigie clean retire celles du fichier) ou enregistrez l'autorisation.",
        ],
        "tags.unauthorised.no-ledger": [
            .en:
                "{0} person tag(s) in the file and no consent ledger to show an authorisation. Remove the tags (vigie clean) or give a ledger (--ledger).",
            .fr:
                "{0} identification(s) de personne dans le fichier et aucun registre des consentements pour montrer une autorisation. Retirez-les (vigie clean) ou indiquez un registre (--ledger).",
        ],
        "people.consent-revoked": [
            .en:
                "{0} person(s) named in the photo withdrew their consent: it must not be published, and must come down where it already is.",
            .fr:
                "{0} personne(s) nommée(s) dans la photo ont retiré leur consentement : elle ne doit pas être publiée, et doit être retirée là où elle l'est déjà.",
        ],
        "people.no-consent": [
            .en:
                "{0} identifiable face(s): {1} named person(s) with consent on record, {2} unknown face(s), {3} named student(s) without consent for this channel, context and date. Record the consents, blur the faces, or choose another photo.",
            .fr:
                "{0} visage(s) identifiable(s) : {1} personne(s) nommée(s) avec consentement enregistré, {2} visage(s) inconnu(s), {3} élève(s) nommé(s) sans consentement pour ce canal, ce contexte et cette date. Enregistrez les consentements, floutez les visages ou choisissez une autre photo.",
        ],
        "people.no-consent.opted-out": [
            .en: "{0} person(s) named in the photo refused publication (opt-out on record).",
            .fr: "{0} personne(s) nommée(s) dans la photo ont refusé la publication (refus enregistré).",
        ],
        "people.colleague": [
            .en: "{0} staff member(s) or volunteer(s) named in the photo without their permission on record: ask them first.",
            .fr: "{0} membre(s) du personnel ou bénévole(s) nommé(s) dans la photo sans permission enregistrée : demandez-leur d'abord.",
        ],
        "people.personal-channel": [
            .en: "{0} student(s) named in a photo meant for a personal account.",
            .fr: "{0} élève(s) nommé(s) dans une photo destinée à un compte personnel.",
        ],
        "caption.sensitive-group": [
            .en: "The caption or tags single out a student population ({0}).",
            .fr: "La légende ou les étiquettes désignent une population d'élèves ({0}).",
        ],
        "caption.personal-info": [
            .en: "Personal information in the caption or keywords ({0}).",
            .fr: "Renseignements personnels dans la légende ou les mots-clés ({0}).",
        ],
        "caption.spelling": [
            .en: "{0} word(s) of the caption are in neither the English nor the French dictionary: check the spelling.",
            .fr: "{0} mot(s) de la légende ne figurent ni dans le dictionnaire anglais ni dans le français : vérifiez l'orthographe.",
        ],
        "caption.spelling-unavailable": [
            .en: "The caption's spelling could not be checked: {0}.", .fr: "L'orthographe de la légende n'a pu être vérifiée : {0}.",
        ],
        "caption.shouting": [
            .en: "The caption is mostly in capital letters, which reads as shouting.",
            .fr: "La légende est surtout en majuscules, ce qui se lit comme un cri.",
        ],
        "caption.missing": [
            .en: "No caption: say what the photo shows and why it is posted.",
            .fr: "Aucune légende : dites ce que montre la photo et pourquoi elle est publiée.",
        ],
        "caption.credit": [
            .en: "The file names a creator or copyright holder and the caption gives no credit.",
            .fr: "Le fichier nomme un auteur ou un titulaire de droits et la légende ne le mentionne pas.",
        ],
        // Picture quality and faces
        "quality.blur": [
            .en: "The picture is too blurred to make out what happens (sharpness {0}, smear {1}, spread {2} px, motion trough {3}).",
            .fr: "L'image est trop floue pour distinguer ce qui se passe (netteté {0}, traînée {1}, étalement {2} px, creux de bougé {3}).",
        ],
        "quality.exposure.dark": [
            .en: "The picture is far too dark (mean brightness {0} of 255).",
            .fr: "L'image est beaucoup trop sombre (luminosité moyenne {0} sur 255).",
        ],
        "quality.exposure.bright": [
            .en: "The picture is far too bright, washed out (mean brightness {0} of 255).",
            .fr: "L'image est beaucoup trop claire, délavée (luminosité moyenne {0} sur 255).",
        ],
        "quality.resolution": [
            .en: "The picture is {0} pixels on its long side: too small for {1}, which needs at least {2}.",
            .fr: "L'image mesure {0} pixels sur son grand côté : trop petite pour {1}, qui demande au moins {2}.",
        ],
        "quality.orientation": [
            .en: "Portrait picture: landscape shows best on {0}.", .fr: "Image en portrait : le format paysage s'affiche mieux sur {0}.",
        ],
        "faces.failed": [
            .en: "Face detection failed on this picture: {0}. It was not fully checked.",
            .fr: "La détection des visages a échoué sur cette image : {0}. Elle n'a pas été entièrement vérifiée.",
        ],
        "report.faces": [.en: "faces: {0} identifiable, {1} not identifiable", .fr: "visages : {0} identifiables, {1} non identifiables"],
        // Text rules (the argument is the masked evidence, or the text itself with --show-text)
        "text.unavailable": [
            .en: "The text in the picture could not be read ({0}): the text rules were not checked.",
            .fr: "Le texte de l'image n'a pu être lu ({0}) : les règles sur le texte n'ont pas été vérifiées.",
        ],
        "text.student-id.labelled": [
            .en: "A student ID number is visible in the picture ({0}).", .fr: "Un numéro d'élève est visible dans l'image ({0}).",
        ],
        "text.student-id.permanent-code": [
            .en: "A Quebec permanent code is visible in the picture ({0}).", .fr: "Un code permanent est visible dans l'image ({0}).",
        ],
        "text.student-id.district": [
            .en: "A student number in the district's format is visible in the picture ({0}).",
            .fr: "Un numéro d'élève au format du district est visible dans l'image ({0}).",
        ],
        "text.grade.mark": [
            .en: "A mark or result is visible in the picture ({0}).", .fr: "Une note ou un résultat est visible dans l'image ({0}).",
        ],
        "text.grade.report-card": [
            .en: "A report card is visible in the picture ({0}).", .fr: "Un bulletin scolaire est visible dans l'image ({0}).",
        ],
        "text.grade.sheet": [
            .en: "A grade sheet (names beside marks) is visible in the picture ({0}).",
            .fr: "Une feuille de notes (des noms à côté de notes) est visible dans l'image ({0}).",
        ],
        "text.personal-info.phone": [
            .en: "A phone number is visible in the picture ({0}).", .fr: "Un numéro de téléphone est visible dans l'image ({0}).",
        ],
        "text.personal-info.email": [
            .en: "An e-mail address is visible in the picture ({0}).", .fr: "Une adresse courriel est visible dans l'image ({0}).",
        ],
        "text.personal-info.address": [
            .en: "A street address is visible in the picture ({0}).", .fr: "Une adresse postale est visible dans l'image ({0}).",
        ],
        "text.personal-info.birth-date": [
            .en: "A date of birth is visible in the picture ({0}).", .fr: "Une date de naissance est visible dans l'image ({0}).",
        ],
        "text.personal-info.card": [
            .en: "A payment card number is visible in the picture ({0}).",
            .fr: "Un numéro de carte de paiement est visible dans l'image ({0}).",
        ],
        "text.personal-info.sin": [
            .en: "A social insurance number is visible in the picture ({0}).",
            .fr: "Un numéro d'assurance sociale est visible dans l'image ({0}).",
        ],
        "text.personal-info.identity-document": [
            .en:
                "The machine-readable zone of an identity document (name, date of birth, document number) is visible in the picture ({0}).",
            .fr:
                "La zone de lecture automatique d'une pièce d'identité (nom, date de naissance, numéro du document) est visible dans l'image ({0}).",
        ],
        "text.personal-info.ssn": [
            .en: "A US social security number is visible in the picture ({0}).",
            .fr: "Un numéro de sécurité sociale américain est visible dans l'image ({0}).",
        ],
        "text.student-name.roster": [
            .en: "A name from the roster is visible in the picture ({0}).",
            .fr: "Un nom de la liste des élèves est visible dans l'image ({0}).",
        ],
        "text.confidential.marker": [
            .en: "A confidentiality marker is visible in the picture ({0}).",
            .fr: "Une mention de confidentialité est visible dans l'image ({0}).",
        ],
        "text.confidential.health": [
            .en: "Health information is visible in the picture ({0}).",
            .fr: "Une information de santé est visible dans l'image ({0}).",
        ],
        // Report text
        "report.clear": [.en: "clear", .fr: "autorisé"],
        "report.blocked": [.en: "blocked", .fr: "bloqué"],
        "report.error": [.en: "error", .fr: "erreur"],
        "report.summary": [
            .en: "{0} files checked: {1} clear, {2} blocked, {3} could not be checked.",
            .fr: "{0} fichiers vérifiés : {1} autorisés, {2} bloqués, {3} non vérifiables.",
        ],
        "report.skipped": [
            .en: "{0} other files skipped (neither images nor videos):", .fr: "{0} autres fichiers ignorés (ni images ni vidéos) :",
        ],
        "report.skipped.more": [.en: "and {0} more", .fr: "et {0} autres"],
        "report.skipped.reason": [.en: "neither an image nor a video: not checked", .fr: "ni image ni vidéo : non vérifié"],
        "html.skipped": [
            .en: "The {0} other files skipped (neither images nor videos, not checked)",
            .fr: "Les {0} autres fichiers ignorés (ni images ni vidéos, non vérifiés)",
        ],
        "report.none": [.en: "No image found.", .fr: "Aucune image trouvée."],
        "report.all-clear": [.en: "Every file is clear to publish.", .fr: "Tous les fichiers peuvent être publiés."],
        "severity.error": [.en: "error", .fr: "erreur"],
        "severity.warning": [.en: "warning", .fr: "avertissement"],
        "severity.info": [.en: "info", .fr: "info"],
        "progress": [.en: "Checking", .fr: "Vérification"],
        "progress.eta": [.en: "{0} left", .fr: "reste {0}"],
        "audit.progress": [.en: "Auditing", .fr: "Audit"],
        // Baseline and suppressions
        "report.suppressed.baseline": [.en: "(accepted: in the baseline)", .fr: "(accepté : dans la référence)"],
        "report.suppressed.manifest": [.en: "(suppressed: {0})", .fr: "(ignoré : {0})"],
        "report.suppressed-count": [
            .en: "{0} findings accepted or suppressed (not blocking).", .fr: "{0} constats acceptés ou ignorés (non bloquants).",
        ],
        "report.rules-off": [
            .en: "Rules turned off by the configuration (not checked): {0}",
            .fr: "Règles désactivées par la configuration (non vérifiées) : {0}",
        ],
        "file.suppression-invalid": [
            .en:
                "The suppress column of vigie.csv cannot be honoured for this file ({0}): each entry needs a known rule id and a reason, as in 'quality.blur: reason'; file rules cannot be suppressed.",
            .fr:
                "La colonne suppress de vigie.csv ne peut être appliquée à ce fichier ({0}) : chaque entrée doit donner une règle connue et une raison, comme « quality.blur: raison » ; les règles file.* ne peuvent être ignorées.",
        ],
        // .vigie.yml
        "config.warning": [.en: "vigie: warning: configuration {0}: {1}", .fr: "vigie : avertissement : configuration {0} : {1}"],
        "config.error": [.en: "configuration {0}: {1}", .fr: "configuration {0} : {1}"],
        "config.line": [.en: "{0} (line {1})", .fr: "{0} (ligne {1})"],
        "config.unknown-key": [.en: "unknown key, ignored", .fr: "clé inconnue, ignorée"],
        "config.unknown-rule": [
            .en: "unknown rule id, ignored (see vigie rules)", .fr: "identifiant de règle inconnu, ignoré (voir vigie rules)",
        ],
        "config.file-rule": [
            .en: "the file rules cannot be turned off or changed (what could not be checked is never cleared)",
            .fr: "les règles file.* ne peuvent être désactivées ni modifiées (ce qui n'a pu être vérifié n'est jamais autorisé)",
        ],
        "config.expected-integer": [.en: "expected a whole number of at least {0}", .fr: "un nombre entier d'au moins {0} est attendu"],
        "config.expected-fraction": [.en: "expected a number between 0 and 1", .fr: "un nombre entre 0 et 1 est attendu"],
        "config.expected-string": [.en: "expected a text value", .fr: "une valeur texte est attendue"],
        "config.expected-list": [.en: "expected a list", .fr: "une liste est attendue"],
        "config.expected-mapping": [.en: "expected a mapping of keys to values", .fr: "une table de clés et de valeurs est attendue"],
        "config.expected-one-of": [.en: "expected one of: {0}", .fr: "une de ces valeurs est attendue : {0}"],
        "config.version": [
            .en: "unsupported version (this vigie reads version 1)", .fr: "version non prise en charge (ce vigie lit la version 1)",
        ],
        "config.missing-version": [.en: "the version key is missing (write version: 1)", .fr: "la clé version manque (écrire version: 1)"],
        "config.invalid-regex": [.en: "not a valid regular expression", .fr: "expression régulière invalide"],
        "config.duplicate": [.en: "give channel or profile, not both", .fr: "donner channel ou profile, pas les deux"],
        "config.missing-key": [.en: "this key is required", .fr: "cette clé est obligatoire"],
        "config.syntax": [.en: "not valid YAML", .fr: "YAML invalide"],
        "config.unreadable": [.en: "cannot be read", .fr: "illisible"],
        "config.ambiguous": [
            .en: "the checked paths have different configuration files; give one with --config",
            .fr: "les chemins vérifiés ont des fichiers de configuration différents ; en donner un avec --config",
        ],
        // vigie check --format html
        "html.title": [.en: "Vigie: photos checked before publication", .fr: "Vigie : photos vérifiées avant publication"],
        "html.fail-on": [
            .en: "A photo is blocked by any finding of severity “{0}” or above. Text found in the pictures is hidden in this report.",
            .fr:
                "Une photo est bloquée par tout constat de gravité « {0} » ou plus. Le texte repéré dans les images est masqué dans ce rapport.",
        ],
        "html.count.files": [.en: "files checked", .fr: "fichiers vérifiés"],
        "html.count.clear": [.en: "clear", .fr: "autorisés"],
        "html.count.blocked": [.en: "blocked", .fr: "bloqués"],
        "html.count.errors": [.en: "could not be checked", .fr: "non vérifiables"],
        "html.count.skipped": [.en: "other files skipped", .fr: "autres fichiers ignorés"],
        "html.legend": [.en: "Legend", .fr: "Légende"],
        "html.legend.consented": [
            .en: "face of a person whose consent is on record", .fr: "visage d'une personne dont le consentement est enregistré",
        ],
        "html.legend.unconsented": [
            .en: "identifiable face without a consent on record", .fr: "visage identifiable sans consentement enregistré",
        ],
        "html.legend.text": [.en: "text found, hidden in this report", .fr: "texte repéré, masqué dans ce rapport"],
        "html.filter.show": [.en: "Show:", .fr: "Afficher\u{00A0}:"],
        "html.filter.all": [.en: "All", .fr: "Tout"],
        "html.filter.blocked": [.en: "Blocked", .fr: "Bloqués"],
        "html.filter.error": [.en: "Could not be checked", .fr: "Non vérifiables"],
        "html.filter.clear": [.en: "Clear", .fr: "Autorisés"],
        "html.filter.rule": [.en: "Rule", .fr: "Règle"],
        "html.filter.any-rule": [.en: "any rule", .fr: "toutes les règles"],
        "html.shown": [.en: "Files shown: {0} of {1}", .fr: "Fichiers affichés\u{00A0}: {0} sur {1}"],
        "html.no-findings": [.en: "Nothing found by the checks.", .fr: "Les vérifications n'ont rien relevé."],
        "html.no-picture": [
            .en: "No picture: this file could not be decoded (see below).",
            .fr: "Pas d'image : ce fichier n'a pas pu être décodé (voir ci-dessous).",
        ],
        "html.no-thumbnail": [.en: "No picture: the preview could not be made.", .fr: "Pas d'image : l'aperçu n'a pas pu être créé."],
        "html.rules": [.en: "The rules behind these findings", .fr: "Les règles derrière ces constats"],
        "html.why": [.en: "Why:", .fr: "Pourquoi\u{00A0}:"],
        "html.source": [.en: "Source:", .fr: "Source\u{00A0}:"],
        "html.questions": [.en: "For you to judge (no machine can):", .fr: "À vous de juger (aucune machine ne le peut)\u{00A0}:"],
        "html.question.embarrassing": [
            .en: "Could anyone pictured be embarrassed or hurt by it, now or later?",
            .fr: "Une personne photographiée pourrait-elle en être gênée ou blessée, maintenant ou plus tard ?",
        ],
        "html.question.useful": [
            .en: "Is it useful: does it serve the post, and is it the best photo for it?",
            .fr: "Est-elle utile : sert-elle la publication, est-ce la meilleure photo pour cela ?",
        ],
        "html.question.true": [
            .en: "Is it true: do the photo and its caption show what really happened?",
            .fr: "Est-elle vraie : la photo et sa légende montrent-elles ce qui s'est réellement passé ?",
        ],
        "html.question.music": [
            .en: "Does the soundtrack use music you have the rights to?",
            .fr: "La bande sonore utilise-t-elle une musique dont vous avez les droits ?",
        ],
        "html.video": [
            .en: "Video of {0} s: {1} frame(s) checked. Shown: the frames with findings.",
            .fr: "Vidéo de {0} s : {1} image(s) vérifiée(s). Affichées : les images qui portent des constats.",
        ],
        "html.footer": [
            .en:
                "Made offline by Vigie {0}. This page loads nothing from the network; it shows small copies of the photos with the text they contain hidden: keep it within the school.",
            .fr:
                "Créé hors ligne par Vigie {0}. Cette page ne charge rien depuis le réseau ; elle montre de petites copies des photos, le texte qu'elles contiennent masqué : gardez-la au sein de l'école.",
        ],
        // vigie audit
        "audit.summary": [
            .en: "{0} published files audited for {3}: {1} must come down, {2} could not be checked.",
            .fr: "{0} fichiers publiés vérifiés pour le {3} : {1} doivent être retirés, {2} n'ont pu être vérifiés.",
        ],
        // vigie clean
        "clean.error": [.en: "Not cleaned: {0}. The original is untouched.", .fr: "Non nettoyé : {0}. L'original n'a pas été modifié."],
        "clean.media": [
            .en:
                "Not cleaned: the file is a video or an audio recording ({0}) and Vigie cannot remove its metadata yet. The original is untouched.",
            .fr:
                "Non nettoyé : le fichier est une vidéo ou un enregistrement audio ({0}) et Vigie ne sait pas encore en retirer les métadonnées. L'original n'a pas été modifié.",
        ],
        "clean.redact.video": [
            .en: "Not redacted: Vigie does not redact videos yet (faces and text in frames are not blurred). Nothing was written.",
            .fr:
                "Non caviardé : Vigie ne caviarde pas encore les vidéos (visages et texte des images ne sont pas floutés). Rien n'a été écrit.",
        ],
        "clean.lossless.movie": [
            .en: "lossless (video and audio samples copied byte for byte)",
            .fr: "sans perte (échantillons vidéo et audio copiés à l'octet près)",
        ],
        "clean.unsupported": [
            .en: "Not cleaned: the content is not a supported image. The original is untouched.",
            .fr: "Non nettoyé : le contenu n'est pas une image prise en charge. L'original n'a pas été modifié.",
        ],
        "clean.lossless": [.en: "lossless (image data copied byte for byte)", .fr: "sans perte (données d'image copiées à l'octet près)"],
        "clean.reencoded": [.en: "re-encoded, pixels identical", .fr: "réencodé, pixels identiques"],
        "clean.converted": [.en: "converted to {0}, not lossless", .fr: "converti en {0}, avec perte"],
        "clean.removed": [.en: "removed", .fr: "retiré"],
        "clean.kept": [.en: "kept", .fr: "conservé"],
        "clean.unchanged": [.en: "nothing to remove", .fr: "rien à retirer"],
        "clean.status.cleaned": [.en: "cleaned", .fr: "nettoyé"],
        "clean.status.unchanged": [.en: "unchanged", .fr: "inchangé"],
        "clean.status.error": [.en: "error", .fr: "erreur"],
        "clean.summary": [
            .en:
                "{0} files: {1} cleaned ({2} converted, not lossless), {3} with nothing to remove, {4} not cleaned; {5} of metadata removed.",
            .fr:
                "{0} fichiers : {1} nettoyés ({2} convertis, avec perte), {3} sans rien à retirer, {4} non nettoyés ; {5} de métadonnées retirées.",
        ],
        "clean.progress": [.en: "Cleaning", .fr: "Nettoyage"],
        "clean.swept": [
            .en: "Removed {0} temporary file(s) left by an interrupted run.",
            .fr: "{0} fichier(s) temporaire(s) laissé(s) par une exécution interrompue supprimé(s).",
        ],
        "clean.redacted": [.en: "redacted, {0}×{1}, re-encoded (not lossless)", .fr: "caviardé, {0}×{1}, réencodé (avec perte)"],
        "clean.redaction.blur": [
            .en: "faces blurred: {0}; text regions covered: {1}; consented faces kept: {2}",
            .fr: "visages floutés : {0} ; zones de texte masquées : {1} ; visages avec consentement conservés : {2}",
        ],
        "clean.redaction.pixelate": [
            .en: "faces pixelated: {0}; text regions covered: {1}; consented faces kept: {2}",
            .fr: "visages pixellisés : {0} ; zones de texte masquées : {1} ; visages avec consentement conservés : {2}",
        ],
        "clean.redaction.box": [
            .en: "faces covered: {0}; text regions covered: {1}; consented faces kept: {2}",
            .fr: "visages masqués : {0} ; zones de texte masquées : {1} ; visages avec consentement conservés : {2}",
        ],
        "clean.summary.redacted": [
            .en: "{0} files: {1} publish-ready copies written, {2} not written.",
            .fr: "{0} fichiers : {1} copies prêtes à publier écrites, {2} non écrites.",
        ],
        "clean.redact.unchecked": [
            .en: "Not redacted: the photo could not be fully checked ({0}). Nothing was written.",
            .fr: "Non caviardé : la photo n'a pas pu être entièrement vérifiée ({0}). Rien n'a été écrit.",
        ],
        "clean.redact.frames": [
            .en: "Not redacted: animated and multi-page images are not redacted (only their first frame is checked). Nothing was written.",
            .fr:
                "Non caviardé : les images animées ou à plusieurs pages ne sont pas caviardées (seule leur première image est vérifiée). Rien n'a été écrit.",
        ],
        "clean.redact.text-unplaced": [
            .en: "Not redacted: text that must not be published was found without a place in the picture. Nothing was written.",
            .fr: "Non caviardé : un texte à ne pas publier a été trouvé sans position dans l'image. Rien n'a été écrit.",
        ],
        "clean.redact.face-remains": [
            .en: "Not redacted: the copy, checked again, still shows an identifiable face without consent. Nothing was written.",
            .fr: "Non caviardé : la copie, vérifiée à nouveau, montre encore un visage identifiable sans consentement. Rien n'a été écrit.",
        ],
        "clean.redact.text-remains": [
            .en: "Not redacted: the copy, checked again, still shows text that must not be published ({0}). Nothing was written.",
            .fr: "Non caviardé : la copie, vérifiée à nouveau, montre encore un texte à ne pas publier ({0}). Rien n'a été écrit.",
        ],
        "clean.redact.metadata-remains": [
            .en: "Not redacted: the copy, checked again, still carries metadata ({0}). Nothing was written.",
            .fr: "Non caviardé : la copie, vérifiée à nouveau, contient encore des métadonnées ({0}). Rien n'a été écrit.",
        ],
        "clean.redact.people-remain": [
            .en: "Not redacted: the copy, checked again, still breaks a people rule ({0}). Nothing was written.",
            .fr: "Non caviardé : la copie, vérifiée à nouveau, enfreint encore une règle sur les personnes ({0}). Rien n'a été écrit.",
        ],
        "clean.html.needs-redact": [
            .en: "--format html shows publish-ready copies before and after: use it with --redact.",
            .fr: "--format html montre les copies prêtes à publier avant et après\u{00A0}: utilisez-le avec --redact.",
        ],
        "clean.html.title": [.en: "Vigie: publish-ready copies, before and after", .fr: "Vigie : copies prêtes à publier, avant et après"],
        "clean.html.lead": [
            .en:
                "Each photo as it was (before) beside the copy written for publication (after). The faces redacted in the copy are blurred in the “before” pictures too, and the text covered, so that this page does not show them.",
            .fr:
                "Chaque photo telle qu'elle était (avant) à côté de la copie écrite pour la publication (après). Les visages caviardés dans la copie sont floutés aussi dans les images «\u{00A0}avant\u{00A0}», et le texte masqué, pour que cette page ne les montre pas.",
        ],
        "clean.html.count.files": [.en: "files", .fr: "fichiers"],
        "clean.html.count.redacted": [.en: "copies written", .fr: "copies écrites"],
        "clean.html.count.faces.blur": [.en: "faces blurred", .fr: "visages floutés"],
        "clean.html.count.faces.pixelate": [.en: "faces pixelated", .fr: "visages pixellisés"],
        "clean.html.count.faces.box": [.en: "faces covered", .fr: "visages masqués"],
        "clean.html.count.kept": [.en: "consented faces kept", .fr: "visages avec consentement conservés"],
        "clean.html.count.text": [.en: "text regions covered", .fr: "zones de texte masquées"],
        "clean.html.count.errors": [.en: "not written", .fr: "non écrites"],
        "clean.html.legend.kept": [
            .en: "face kept: a consent covering this publication is on record",
            .fr: "visage conservé\u{00A0}: un consentement couvrant cette publication est enregistré",
        ],
        "clean.html.legend.redacted": [
            .en: "face redacted in the copy (blurred here too)", .fr: "visage caviardé dans la copie (flouté ici aussi)",
        ],
        "clean.html.legend.text": [
            .en: "text covered in the copy (hidden here too)", .fr: "texte masqué dans la copie (masqué ici aussi)",
        ],
        "clean.html.before": [.en: "Before", .fr: "Avant"],
        "clean.html.after": [.en: "After: the copy written", .fr: "Après\u{00A0}: la copie écrite"],
        "clean.html.status.redacted": [.en: "publish-ready copy written", .fr: "copie prête à publier écrite"],
        "clean.html.status.error": [.en: "not written", .fr: "non écrite"],
        "clean.html.output": [.en: "Copy: {0}", .fr: "Copie\u{00A0}: {0}"],
        "clean.html.footer": [
            .en:
                "Made offline by Vigie {0}. This page loads nothing from the network. It shows small pictures of the originals with the redacted faces and text hidden, and the faces that were kept: keep it within the school.",
            .fr:
                "Créé hors ligne par Vigie {0}. Cette page ne charge rien depuis le réseau. Elle montre de petites images des originaux, les visages et le texte caviardés masqués, et les visages conservés\u{00A0}: gardez-la au sein de l'école.",
        ],
    ]
}
