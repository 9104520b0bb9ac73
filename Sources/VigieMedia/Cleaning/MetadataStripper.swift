import Foundation

/// Chooses how to clean one file: container surgery for JPEG, PNG, WebP and GIF, re-encoding for
/// TIFF and conversion for HEIF/AVIF. Works on bytes already read and parsed; writes nothing.
public enum MetadataStripper {
    public static func strip(path: String, bytes: [UInt8], format: ImageFormat, metadata: MediaMetadata, limits: DecodeLimits) throws
        -> StrippedImage
    {
        if let failure = metadata.structureError { throw failure }
        let r = ByteReader(bytes)
        let orientation = displayOrientation(metadata) ?? 1
        switch format {
        case .jpeg: return try JPEGStripper.strip(r, orientation: orientation)
        case .png: return try PNGStripper.strip(r, orientation: orientation)
        case .webp: return try WebPStripper.strip(r, orientation: orientation)
        case .gif: return try GIFStripper.strip(r, maxFrames: limits.maxFrames)
        case .tiff: return try Reencoder.clean(path: path, format: format, metadata: metadata, tiff: try? TIFFStructure(r))
        case .heif, .avif: return try Reencoder.clean(path: path, format: format, metadata: metadata, tiff: nil)
        }
    }

    /// The parts of a file that decide its pixels and colours, for the lossless formats; nil for the
    /// formats that are re-encoded (their proof is a pixel comparison).
    public static func imageData(_ bytes: [UInt8], format: ImageFormat, maxFrames: Int) throws -> [ArraySlice<UInt8>]? {
        let r = ByteReader(bytes)
        switch format {
        case .jpeg: return try JPEGStripper.imageData(r)
        case .png: return try PNGStripper.imageData(r)
        case .webp: return try WebPStripper.imageData(r)
        case .gif: return try GIFStripper.imageData(r, maxFrames: maxFrames)
        case .tiff, .heif, .avif: return nil
        }
    }

    /// The orientation a viewer applies: from the EXIF block the format defines (JPEG APP1, PNG eXIf,
    /// WebP EXIF chunk, TIFF IFD0), not from copies inside XMP, Photoshop or text chunks, which viewers
    /// ignore. Nil when there is none.
    public static func displayOrientation(_ metadata: MediaMetadata) -> Int? {
        let container: MetadataContainer
        switch metadata.format {
        case .jpeg: container = .jpegAPP1
        case .png: container = .pngEXIf
        case .webp: container = .webpEXIF
        case .tiff: container = .tiffIFD
        case .heif, .avif: container = .heifItem
        case .gif, nil: return nil
        }
        for block in metadata.exif where block.container == container {
            if let o = block.entries.first(where: { $0.directory == .ifd0 && $0.tag == 0x0112 })?.integer(), (1...8).contains(o) {
                return o
            }
        }
        return nil
    }
}
