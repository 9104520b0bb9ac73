import Foundation
import VigieMedia

/// Rules the pipeline itself reports, before any check runs: what could not be checked is never cleared.
public enum FileRules {
    public static let unreadable = RuleDescription(
        id: "file.unreadable", defaultSeverity: .error,
        summary: [
            .en: "a file that cannot be read or decoded",
            .fr: "un fichier qui ne peut être lu ni décodé",
        ],
        source: [
            .en: "fail closed: an unchecked file is not a cleared file",
            .fr: "échec fermé : un fichier non vérifié n'est pas un fichier autorisé",
        ])

    public static let unsupported = RuleDescription(
        id: "file.unsupported", defaultSeverity: .error,
        summary: [
            .en:
                "a video or audio file Vigie does not check yet (recognised by its content: AVI, MPEG-TS, Matroska, WebM, audio), an MP4, QuickTime or 3GP video whose frames it cannot decode, or an image, video or audio extension on content that is not a supported image or a recognised video or audio container",
            .fr:
                "un fichier vidéo ou audio que Vigie ne vérifie pas encore (reconnu à son contenu : AVI, MPEG-TS, Matroska, WebM, audio), une vidéo MP4, QuickTime ou 3GP dont il ne peut décoder les images, ou une extension d'image, de vidéo ou d'audio sur un contenu qui n'est ni une image prise en charge ni une vidéo ou un audio reconnus",
        ],
        source: unreadable.source)

    public static let tooLarge = RuleDescription(
        id: "file.too-large", defaultSeverity: .error,
        summary: [
            .en: "more pixels (or frames) than the configured limit, judged before decoding, or longer to check than the time limit",
            .fr:
                "plus de pixels (ou d'images) que la limite configurée, jugé avant le décodage, ou plus long à vérifier que la limite de temps",
        ],
        source: [
            .en: "fail closed; protects the machine",
            .fr: "échec fermé ; protège la machine",
        ])

    public static let all = [unreadable, unsupported, tooLarge]

    /// The finding for a loading failure.
    public static func finding(for error: MediaError) -> Finding {
        switch error.code {
        case .unsupported:
            return Finding(rule: unsupported.id, severity: .error, message: Message("file.unsupported"))
        case .tooLarge:
            return Finding(rule: tooLarge.id, severity: .error, message: Message("file.too-large", [error.reason]))
        case .tooSlow:
            return Finding(rule: tooLarge.id, severity: .error, message: Message("file.too-slow", [error.reason]))
        default:
            return Finding(rule: unreadable.id, severity: .error, message: Message("file.unreadable", [error.description]))
        }
    }

    /// The finding for a video or audio file: what was not checked, by the kind of recording.
    public static func finding(for container: MediaContainer) -> Finding {
        Finding(rule: unsupported.id, severity: .error, message: Message("file.media.\(container.kind.rawValue)", [container.label]))
    }

    /// The finding for a video whose metadata was checked but whose frames could not be: never cleared.
    /// A decoder or format Vigie lacks is `file.unsupported`, a limit `file.too-large`, anything else
    /// `file.unreadable`.
    public static func framesUnchecked(_ container: MediaContainer, _ error: MediaError) -> Finding {
        let rule =
            switch error.code {
            case .unsupported: unsupported.id
            case .tooLarge, .tooSlow: tooLarge.id
            default: unreadable.id
            }
        return Finding(rule: rule, severity: .error, message: Message("file.media.frames-unchecked", [container.label, error.reason]))
    }

    /// The finding for metadata that is present but cannot be read (`parts` names where): the file is
    /// not cleared on what could not be seen. Nil when every part was read.
    public static func metadataUnreadable(_ parts: [String]) -> Finding? {
        guard !parts.isEmpty else { return nil }
        return Finding(rule: unreadable.id, severity: .error, message: Message("file.metadata-unreadable", [parts.joined(separator: ", ")]))
    }

    /// The finding for a folder manifest or sidecar that cannot be read: the people rules lack their
    /// facts, so the file fails closed.
    public static func manifestUnreadable(_ error: any Error) -> Finding {
        Finding(rule: unreadable.id, severity: .error, message: Message("file.manifest-unreadable", [String(describing: error)]))
    }

    /// The finding for a video or audio extension on content that is not a recognised container.
    public static let unrecognisedMedia = Finding(rule: unsupported.id, severity: .error, message: Message("file.unsupported.media"))

    /// True for rules that mean the file could not be checked (its status is `error`).
    public static func isFileRule(_ id: String) -> Bool { RuleFamily(ruleID: id) == .file }
}
