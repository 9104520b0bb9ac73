import Foundation
import VigieConsent
import VigieKit
import VigieMedia

// libFuzzer entry point for every parser Vigie writes itself. One binary, the parser chosen by
// VIGIE_FUZZ_TARGET; built only by scripts/fuzz.sh (VIGIE_FUZZ=1 swift build -sanitize=fuzzer), see
// docs/FUZZING.md. Any input must end in a value or a thrown error: a crash, a trap (index out of
// range, overflow), a leak, a hang or an allocation over libFuzzer's limit is a bug.

enum FuzzTarget: String, CaseIterable {
    /// Format sniffing, then the container reader of that format (JPEG segments, PNG/WebP chunks,
    /// GIF blocks, ISO-BMFF boxes, TIFF IFDs), EXIF through libexif, XMP, IPTC and person tags.
    case metadata
    /// The lossless strippers (JPEG, PNG, WebP, GIF) and the image-data comparison the cleaner's
    /// proof uses, on any input that a reader accepts.
    case strip
    /// The MP4/QuickTime box reader (structure, sample tables, metadata, GPMF) and the box surgery of
    /// `vigie clean` with the proof's re-read, on any input the content sniffing takes for a movie.
    case movie
    /// The HEIF item graph and the plan of a HEIC picture's direct decode (`HEVCImagePlan`), then
    /// that decode through libavcodec, bounded to a megapixel and two seconds.
    case heif
    /// The XMP packet reader alone.
    case xmp
    /// Photoshop resources and IPTC datasets.
    case iptc
    /// The ledger's CSV imports.
    case csv
    /// A folder's vigie.csv manifest.
    case manifest
    /// `.vigie.yml` (YAML through Yams, then Vigie's reader of its keys).
    case config

    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["VIGIE_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(
                Data("VIGIE_FUZZ_TARGET must be one of: \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { [UInt8](UnsafeBufferPointer(start: $0, count: count)) } ?? []
    switch FuzzTarget.selected {
    case .metadata:
        guard let format = ImageFormat.sniff(Array(bytes.prefix(64))) else { return 0 }
        if let metadata = try? MetadataReader.read(ByteReader(bytes), format: format, maxFrames: 64) {
            _ = PeopleInMetadata(metadata: metadata)
            _ = MetadataStripper.displayOrientation(metadata)
        }
    case .strip:
        guard let format = ImageFormat.sniff(Array(bytes.prefix(64))), [.jpeg, .png, .webp, .gif].contains(format) else { return 0 }
        guard let metadata = try? MetadataReader.read(ByteReader(bytes), format: format, maxFrames: 64) else { return 0 }
        var limits = DecodeLimits()
        limits.maxFrames = 64
        if let stripped = try? MetadataStripper.strip(path: "/dev/null", bytes: bytes, format: format, metadata: metadata, limits: limits) {
            _ = try? MetadataStripper.imageData(stripped.bytes, format: format, maxFrames: 64)
        }
        _ = try? MetadataStripper.imageData(bytes, format: format, maxFrames: 64)
    case .movie:
        guard let container = MediaContainer.sniff(Array(bytes.prefix(MediaContainer.headLength))), MovieReader.reads(container) else {
            return 0
        }
        _ = try? MovieReader.read(MovieSource(bytes: bytes), container: container)
        if let stripped = try? MovieStripper.strip(bytes) {
            _ = try? CleanVerifier.verifyMovie(original: bytes, cleaned: stripped.bytes, container: container)
        }
    case .heif:
        let r = ByteReader(bytes)
        if case .plan(let plan) = try? HEVCImagePlan.make(r) {
            _ = try? plan.decode(r, maxPixels: 1_000_000, secondsLeft: 2)
        }
    case .xmp:
        _ = XMPReader.read(bytes)
    case .iptc:
        let r = ByteReader(bytes)
        _ = IPTCReader.resources(r, from: 0, to: bytes.count)
        _ = IPTCReader.datasets(r, from: 0, to: bytes.count)
    case .csv:
        let text = String(decoding: bytes, as: UTF8.self)
        _ = try? CSVTable(text, required: ["id", "name"])
        _ = try? CSVTable(text, required: [])
    case .manifest:
        _ = try? FolderManifest(csv: String(decoding: bytes, as: UTF8.self))
    case .config:
        _ = try? Configuration.parse(String(decoding: bytes, as: UTF8.self), path: "/fuzz/.vigie.yml")
    }
    return 0
}
