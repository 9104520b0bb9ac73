import Foundation
import VigieChecks
import VigieMedia

/// Proves a cleaned copy before it is written anywhere: read again with Vigie's own readers, no
/// `metadata.*` finding and no metadata block left; for the lossless paths the image data is
/// byte-identical to the original's; orientation and colour profile as before; pixels compared when
/// asked (always for re-encoded and converted files).
public enum CleanVerifier {
    /// Smallest peak signal-to-noise ratio accepted for a converted file (JPEG quality 92, 4:4:4).
    public static let conversionMinimumPSNR = 35.0

    /// `path` is the original's file (read for converted formats); nothing else of it is written out.
    public static func verify(
        original: [UInt8], originalMetadata: MediaMetadata, path: String, cleaned: StrippedImage, verifyPixels: Bool, limits: DecodeLimits
    ) throws {
        func fail(_ reason: String) -> MediaError { MediaError(.verificationFailed, reason) }
        // (1) Nothing the metadata rules would flag, and no metadata block at all.
        let metadata = try verifyNoMetadata(cleaned.bytes, format: cleaned.format, limits: limits)

        // (2) Orientation and colour profile as before (converted files carry the rotation in their pixels).
        let before = MetadataStripper.displayOrientation(originalMetadata) ?? 1
        let after = MetadataStripper.displayOrientation(metadata) ?? 1
        if cleaned.method == .converted {
            guard after == 1 else { throw fail("the converted copy still asks for a rotation") }
        } else {
            guard after == before else { throw fail("the orientation changed") }
        }
        if originalMetadata.hasICCProfile && cleaned.kept.contains("ICC profile") || cleaned.method == .lossless {
            guard metadata.hasICCProfile == originalMetadata.hasICCProfile else { throw fail("the colour profile changed") }
        }

        // (3) Image data: byte-identical for the lossless paths, without decoding.
        let maxPixels = limits.maxPixels
        switch cleaned.method {
        case .lossless:
            let a = try MetadataStripper.imageData(original, format: cleaned.format, maxFrames: limits.maxFrames) ?? []
            let b = try MetadataStripper.imageData(cleaned.bytes, format: cleaned.format, maxFrames: limits.maxFrames) ?? []
            guard !a.isEmpty, a.count == b.count, zip(a, b).allSatisfy(sameBytes) else {
                throw fail("the image data differs from the original")
            }
            if verifyPixels {
                let allPages = cleaned.format == .gif || cleaned.format == .webp
                let x = try PixelComparison.decode(original, allPages: allPages, maxPixels: maxPixels)
                let y = try PixelComparison.decode(cleaned.bytes, allPages: allPages, maxPixels: maxPixels)
                guard x == y else { throw fail("the decoded pixels differ from the original") }
            }
        case .reencoded:
            let x = try PixelComparison.decode(original, allPages: true, maxPixels: maxPixels)
            let y = try PixelComparison.decode(cleaned.bytes, allPages: true, maxPixels: maxPixels)
            guard x == y else { throw fail("the decoded pixels differ from the original") }
        case .converted:
            let x = try PixelComparison.decode(path: path, applyOrientation: true, srgb8: true, maxPixels: maxPixels)
            let y = try PixelComparison.decode(cleaned.bytes, srgb8: true, maxPixels: maxPixels)
            guard let psnr = PixelComparison.psnr(x, y), psnr >= conversionMinimumPSNR else {
                throw fail("the converted copy is too far from the original")
            }
        }
    }

    /// Reads `bytes` (a copy in `format`) again with Vigie's own readers: no finding of the metadata
    /// rules and no metadata block but the orientation tag (and TIFF's layout tags). Returns what was read.
    @discardableResult
    public static func verifyNoMetadata(_ bytes: [UInt8], format: ImageFormat, limits: DecodeLimits) throws -> MediaMetadata {
        func fail(_ reason: String) -> MediaError { MediaError(.verificationFailed, reason) }
        guard ImageFormat.sniff(Array(bytes.prefix(64))) == format else { throw fail("the cleaned copy is not the expected format") }
        let metadata: MediaMetadata
        do {
            metadata = try MetadataReader.read(ByteReader(bytes), format: format, maxFrames: limits.maxFrames)
        } catch {
            throw fail("the cleaned copy cannot be read back")
        }
        guard metadata.structureError == nil else { throw fail("the cleaned copy cannot be read back") }
        let asset = Asset(path: "", format: format, metadata: metadata, image: nil)
        let remaining = CheckRegistry.checks.filter { $0.rule.family == .metadata }.flatMap { $0.init().findings(in: asset) }
        guard remaining.isEmpty else {
            throw MediaError(
                .verificationFailed, "metadata remains in the cleaned copy",
                underlying: Set(remaining.map(\.rule)).sorted().joined(separator: ", "))
        }
        let exifOtherThanLayout = metadata.allExifEntries.contains { e in
            format == .tiff ? [0x8769, 0x8825, 0xA005, 0x02BC, 0x83BB, 0x8649, 0x927C].contains(Int(e.tag)) : e.tag != 0x0112
        }
        let leftovers: [(Bool, String)] = [
            (exifOtherThanLayout, "EXIF"), (!metadata.xmp.isEmpty, "XMP"), (!metadata.iptc.isEmpty, "IPTC"),
            (!metadata.previews.isEmpty, "previews"),
            (!metadata.comments.isEmpty, "comments"), (!metadata.textEntries.isEmpty, "text"),
            (!metadata.vendorBlocks.isEmpty, "vendor blocks"),
            (metadata.trailerLength != 0, "trailer"), (!metadata.unreadableParts.isEmpty, "unreadable parts"),
        ]
        let left = leftovers.filter(\.0).map(\.1)
        guard left.isEmpty else {
            throw MediaError(.verificationFailed, "metadata remains in the cleaned copy", underlying: left.joined(separator: ", "))
        }
        return metadata
    }
}
