import Foundation
import Synchronization
import VigieChecks
import VigieConsent
import VigieConsentModel
import VigieMedia

/// A folder's `vigie.csv`: `file,people,context,channel,caption,tags,suppress,faces` (people and tags
/// separated by `;`; `suppress` as `rule.id: reason; other.rule: reason`; `faces` as
/// `blur@x,y,w,h; ignore@x,y,w,h`, each face's box in fractions of the picture as displayed, top
/// left corner first). A row whose file is `*` applies to every file of the folder that has no row of
/// its own.
public struct FolderManifest: Sendable {
    public struct Row: Sendable, Equatable {
        public var people: [String]
        public var tags: [String]
        public var caption: String?
        public var context: PhotoContext?
        public var channel: Channel?
        /// Rules suppressed for the file, with their reasons.
        public var suppressions: [String: String] = [:]
        /// Entries of `suppress` that cannot be honoured (no reason, unknown rule, file rule), by
        /// the rule id as written: an error for the file.
        public var invalidSuppressions: [String] = []
        /// Faces to blur in every publish-ready copy or to take as not identifiable (`faces`).
        public var faces: [FaceChoice] = []
    }
    public let rows: [String: Row]

    public static let fileName = "vigie.csv"

    public init(rows: [String: Row]) { self.rows = rows }

    /// Parses a manifest; a bad context or channel names its line.
    public init(csv text: String) throws {
        let table = try CSVTable(text, required: ["file"])
        var rows: [String: Row] = [:]
        for r in table.records {
            let f = r.fields
            guard let file = f["file"], !file.isEmpty else { throw LedgerError(.invalid, "the file column is empty", line: r.line) }
            func list(_ key: String) -> [String] {
                (f[key] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            var context: PhotoContext?
            if let c = f["context"], !c.isEmpty {
                guard let value = PhotoContext(rawValue: c.lowercased()) else {
                    throw LedgerError(.invalid, "unknown context", line: r.line)
                }
                context = value
            }
            var channel: Channel?
            if let c = f["channel"], !c.isEmpty {
                guard let value = Channel(rawValue: c.lowercased()) else { throw LedgerError(.invalid, "unknown channel", line: r.line) }
                channel = value
            }
            let caption = f["caption"].flatMap { $0.isEmpty ? nil : $0 }
            var row = Row(people: list("people"), tags: list("tags"), caption: caption, context: context, channel: channel)
            (row.suppressions, row.invalidSuppressions) = Self.suppressions(list("suppress"))
            row.faces = try list("faces").map { entry in
                guard let choice = Self.faceChoice(entry) else {
                    throw LedgerError(.invalid, "a faces entry is not action@x,y,w,h", line: r.line)
                }
                return choice
            }
            rows[file] = row
        }
        self.rows = rows
    }

    public func row(for name: String) -> Row? { rows[name] ?? rows["*"] }

    /// `blur@0.41,0.22,0.1,0.14` (action, then the box's left, top, width and height in fractions of
    /// the picture); nil when it is not that.
    public static func faceChoice(_ entry: String) -> FaceChoice? {
        let parts = entry.split(separator: "@", maxSplits: 1)
        guard parts.count == 2, let action = FaceChoice.Action(rawValue: parts[0].trimmingCharacters(in: .whitespaces).lowercased())
        else { return nil }
        let n = parts[1].split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard n.count == 4, n.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1 }), n[2] > 0, n[3] > 0 else { return nil }
        return FaceChoice(action, area: UnitRect(x: n[0], y: n[1], width: n[2], height: n[3]))
    }

    /// The manifest's text for `choice` (four decimals: a tenth of a pixel on a 10,000 px picture).
    public static func text(of choice: FaceChoice) -> String {
        let a = choice.area
        return choice.action.rawValue + "@" + [a.x, a.y, a.width, a.height].map { String(format: "%.4f", $0) }.joined(separator: ",")
    }

    /// Parses `rule.id: reason` entries. An entry without a reason, or naming a rule the registry
    /// does not know or a file rule (never suppressed), is returned as invalid.
    static func suppressions(_ entries: [String]) -> (valid: [String: String], invalid: [String]) {
        var valid: [String: String] = [:]
        var invalid: [String] = []
        for entry in entries {
            let parts = entry.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let rule = parts.first ?? ""
            let reason = parts.count == 2 ? parts[1] : ""
            if reason.isEmpty || CheckRegistry.rule(rule) == nil || FileRules.isFileRule(rule) {
                // Named by its rule id when it looks like one; free text is never echoed (it may name someone).
                let looksLikeRule =
                    !rule.isEmpty && rule.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "." || $0 == "-") }
                invalid.append(looksLikeRule ? rule : "#\(invalid.count + valid.count + 1)")
            } else {
                valid[rule] = reason
            }
        }
        return (valid, invalid)
    }
}

/// Reads manifests once per folder (many workers ask for the same folder) and sidecars per file.
public final class DescriptionReader: Sendable {
    private let manifests = Mutex<[String: Result<FolderManifest?, LedgerError>]>([:])

    public init() {}

    /// The manifest of `folder`, nil when there is none; an error when it cannot be read.
    public func manifest(in folder: String) throws -> FolderManifest? {
        if let cached = manifests.withLock({ $0[folder] }) { return try cached.get() }
        let path = folder + "/" + FolderManifest.fileName
        let result: Result<FolderManifest?, LedgerError>
        if !FileManager.default.fileExists(atPath: path) {
            result = .success(nil)
        } else if let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) {
            do {
                result = .success(try FolderManifest(csv: text))
            } catch let error as LedgerError {
                result = .failure(LedgerError(.invalid, "\(FolderManifest.fileName): \(error.description)"))
            } catch {
                result = .failure(LedgerError(.invalid, "\(FolderManifest.fileName) cannot be read"))
            }
        } else {
            result = .failure(LedgerError(.invalid, "\(FolderManifest.fileName) cannot be read as UTF-8 text"))
        }
        manifests.withLock { $0[folder] = result }
        return try result.get()
    }

    /// The description of the image at `path` with its already-read `metadata`.
    public func describe(path: String, metadata: MediaMetadata) throws -> PhotoDescription {
        var d = PhotoDescription()
        d.metadata = PeopleInMetadata(metadata: metadata)
        d.caption = Self.caption(metadata)
        let name = (path as NSString).lastPathComponent
        let folder = (path as NSString).deletingLastPathComponent
        for sidecar in [path + ".xmp", (path as NSString).deletingPathExtension + ".xmp"] where sidecar != path {
            guard let data = FileManager.default.contents(atPath: sidecar), data.count <= XMPReader.maxPacketBytes else { continue }
            let properties = XMPReader.read([UInt8](data)).properties
            d.metadata.add(xmp: properties)
            if d.caption == nil { d.caption = properties.first { $0.namespace == XMPNamespace.dc && $0.name == "description" }?.value }
            break
        }
        if let row = try manifest(in: folder.isEmpty ? "." : folder)?.row(for: name) {
            d.people = row.people
            d.tags = row.tags
            d.caption = row.caption ?? d.caption
            d.context = row.context
            d.channel = row.channel
            d.suppressions = row.suppressions
            d.invalidSuppressions = row.invalidSuppressions
            d.faceChoices = row.faces
        }
        return d
    }

    /// The caption the file carries: XMP dc:description, IPTC caption (2:120), EXIF ImageDescription.
    static func caption(_ m: MediaMetadata) -> String? {
        for block in m.xmp {
            if let p = block.properties.first(where: { $0.namespace == XMPNamespace.dc && $0.name == "description" }) { return p.value }
        }
        for block in m.iptc {
            if let d = block.datasets.first(where: { $0.record == 2 && $0.dataset == 120 }), !d.text.isEmpty { return d.text }
        }
        if let e = m.allExifEntries.first(where: { $0.directory == .ifd0 && $0.tag == 0x010E }) {
            if !e.text.isEmpty { return e.text }
        }
        return nil
    }
}
