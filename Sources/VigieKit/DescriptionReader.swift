import Foundation
import Synchronization
import VigieChecks
import VigieConsent
import VigieConsentModel
import VigieMedia

/// A folder's `vigie.csv`: `file,people,context,channel,caption,tags,suppress` (people and tags
/// separated by `;`; `suppress` as `rule.id: reason; other.rule: reason`). A row whose file is `*`
/// applies to every file of the folder that has no row of its own.
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
            rows[file] = row
        }
        self.rows = rows
    }

    public func row(for name: String) -> Row? { rows[name] ?? rows["*"] }

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
