import Foundation
import VigieChecks
import VigieConsentModel
import VigieKit
import VigieMedia
import VigieReport

/// What the teacher chose for one face.
enum FaceDecision: Equatable {
    /// This face is the ledger person with this id.
    case person(String)
    /// Blur it in every publish-ready copy.
    case blur
    /// Not identifiable: the people rules do not count it.
    case ignore
    /// No choice: as the checks found it.
    case none
}

/// What the teacher says about a photo, or the whole folder (`*`).
struct DescriptionChange: Equatable {
    var context: PhotoContext?
    var channel: Channel?
    var caption: String?
    var tags: [String]?
}

extension ReviewSession {
    /// The photo's folder must be the reviewed folder or below it, links resolved: what the review
    /// writes never lands elsewhere.
    func folder(of kept: KeptCheck) throws -> String {
        let folder = (kept.candidate.path as NSString).deletingLastPathComponent
        guard let real = Self.realpath(folder), real == root || real.hasPrefix(root + "/") else {
            throw ReviewWriteError("the photo is not inside the reviewed folder")
        }
        return real
    }

    /// Records `face` (numbered from 1) of the photo at `path` as `decision`: a person goes to the
    /// XMP sidecar as a named MWG face region, blur and ignore to the folder's `vigie.csv`; the other
    /// file loses whatever it said about that face. Then the photo is decided again.
    func choose(_ decision: FaceDecision, face: Int, of path: String) throws -> KeptCheck {
        guard let kept = kept(path), let image = kept.asset?.image, let detected = kept.detectedFaces?.identifiable,
            detected.indices.contains(face - 1)
        else { throw ReviewNotFound() }
        if case .person(let id) = decision, options.checks.ledger?.people[id] == nil {
            throw ReviewWriteError("no person with this id in the ledger")
        }
        let (w, h) = (image.displayWidth, image.displayHeight)
        let region = detected[face - 1].region
        let area = UnitRect(region, width: w, height: h)
        let photo = kept.candidate.path
        let photoFolder = try folder(of: kept)
        let name = (photo as NSString).lastPathComponent

        var sidecar = try Sidecar.load(for: photo)
        sidecar.regions.removeAll { $0.area.overlap(area) >= 0.3 }
        if case .person(let id) = decision { sidecar.regions.append(Sidecar.Region(person: id, area: area)) }

        let manifestPath = photoFolder + "/" + FolderManifest.fileName
        var manifest = try loadManifest(manifestPath)
        let before = manifest
        // A name or "no choice" for a photo without a row needs none (a row would hide the `*` row).
        let needsRow = decision == .blur || decision == .ignore || manifest.rows.contains { $0["file"] == name }
        if needsRow { manifest.edit(name, choosing: decision, for: region, width: w, height: h, area: area) }
        let sidecarPath = Sidecar.path(for: photo)
        var writes: [(String, Data?)] = [(sidecarPath, sidecar.regions.isEmpty ? nil : Data(sidecar.packet(width: w, height: h).utf8))]
        if manifest != before { writes.append((manifestPath, Data(manifest.text.utf8))) }
        try apply(writes, photos: [path])
        return try self.kept(path).orThrow()
    }

    /// Records what the teacher says about a photo (`path`) or, with `path` nil, the whole folder
    /// (the manifest's `*` row), then decides again the photos it applies to.
    func describe(_ change: DescriptionChange, of path: String?) throws -> [String] {
        let manifestPath: String
        let key: String
        let photos: [String]
        if let path {
            guard let kept = kept(path), kept.asset != nil else { throw ReviewNotFound() }
            manifestPath = try folder(of: kept) + "/" + FolderManifest.fileName
            key = (kept.candidate.path as NSString).lastPathComponent
            photos = [path]
        } else {
            manifestPath = root + "/" + FolderManifest.fileName
            key = "*"
            // The `*` row of the folder's own manifest: the photos directly in it.
            photos = state.withLock { s in s.candidates.filter { !$0.relativePath.contains("/") }.map(\.relativePath) }
        }
        var manifest = try loadManifest(manifestPath)
        manifest.edit(key) { row in
            if let context = change.context { row["context"] = context.rawValue }
            if let channel = change.channel { row["channel"] = channel.rawValue }
            if let caption = change.caption { row["caption"] = caption.replacingOccurrences(of: "\n", with: " ") }
            if let tags = change.tags { row["tags"] = tags.map { $0.replacingOccurrences(of: ";", with: ",") }.joined(separator: "; ") }
        }
        try apply([(manifestPath, Data(manifest.text.utf8))], photos: photos)
        return photos
    }

    /// Puts back the files the last write changed, as they were, and decides their photos again.
    func undo() throws -> [String] {
        guard let undo = state.withLock({ $0.undo }) else { return [] }
        for (path, data) in undo.previous { try AtomicFile.write(data, to: path) }
        state.withLock { $0.undo = nil }
        recheck(undo.photos)
        return undo.photos
    }

    func loadManifest(_ path: String) throws -> ManifestFile {
        guard let data = try AtomicFile.read(path) else { return ManifestFile(columns: ["file"]) }
        guard let text = String(data: data, encoding: .utf8) else { throw ReviewWriteError("vigie.csv is not UTF-8 text") }
        do {
            return try ManifestFile(csv: text)
        } catch {
            throw ReviewWriteError("vigie.csv cannot be read: \(error)")
        }
    }

    /// Writes each file atomically, keeping what it held for the undo, then decides `photos` again.
    /// A failure part way puts back what was already written.
    func apply(_ writes: [(String, Data?)], photos: [String]) throws {
        var previous: [(path: String, data: Data?)] = []
        do {
            for (path, data) in writes {
                let old = try AtomicFile.read(path)
                if old == data { continue }
                try AtomicFile.write(data, to: path)
                previous.append((path, old))
            }
        } catch {
            for (path, data) in previous.reversed() { try? AtomicFile.write(data, to: path) }
            throw error
        }
        if !previous.isEmpty { state.withLock { $0.undo = Undo(previous: previous, photos: photos) } }
        recheck(photos)
    }

    /// Decides `photos` again from the files on disk, without decoding or detecting again; the
    /// folder's other photos in the same folder share its `*` row, so a folder-wide change lists them.
    func recheck(_ photos: [String]) {
        for path in photos {
            guard let kept = kept(path) else { continue }
            let next = pipeline.recheck(kept)
            state.withLock { $0.files[path] = next }
        }
    }
}

extension ManifestFile {
    /// The `faces` entries of `file` less those about the face at `region`, plus `decision` when it
    /// is blur or ignore.
    mutating func edit(_ file: String, choosing decision: FaceDecision, for region: Region, width w: Int, height h: Int, area: UnitRect) {
        edit(file) { row in
            var entries = ManifestFile.list(row["faces"]).filter { entry in
                guard let choice = FolderManifest.faceChoice(entry) else { return true }
                return !choice.matches(region, width: w, height: h)
            }
            switch decision {
            case .blur: entries.append(FolderManifest.text(of: FaceChoice(.blur, area: area)))
            case .ignore: entries.append(FolderManifest.text(of: FaceChoice(.ignore, area: area)))
            case .person, .none: break
            }
            row["faces"] = entries.joined(separator: "; ")
        }
    }
}

/// A path or face the review does not have: answered 404, whatever the reason.
struct ReviewNotFound: Error {}

extension Optional {
    func orThrow() throws -> Wrapped {
        guard let self else { throw ReviewNotFound() }
        return self
    }
}
