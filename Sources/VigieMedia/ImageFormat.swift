import Foundation

/// The image formats Vigie decodes and checks, decided from the content, never the extension.
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case jpeg, png, gif, webp, tiff, heif, avif

    /// Identifies the format from the first bytes of a file (at least 32 are wanted).
    public static func sniff(_ head: [UInt8]) -> ImageFormat? {
        let r = ByteReader(head)
        if r.matches([0xFF, 0xD8, 0xFF], at: 0) { return .jpeg }
        if r.matches([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], at: 0) { return .png }
        if r.matches("GIF87a", at: 0) || r.matches("GIF89a", at: 0) { return .gif }
        if r.matches("RIFF", at: 0) && r.matches("WEBP", at: 8) { return .webp }
        if r.matches([0x49, 0x49, 0x2A, 0x00], at: 0) || r.matches([0x4D, 0x4D, 0x00, 0x2A], at: 0) {
            return .tiff
        }
        if r.matches("ftyp", at: 4), let size = r.u32be(0) {
            // Major brand, then compatible brands up to the end of the ftyp box.
            let end = Swift.min(Swift.max(size, 16), head.count)
            var brands: [String] = []
            var i = 8
            while i + 4 <= end {
                if i != 12, let b = r.ascii(i, 4) { brands.append(b) }
                i += 4
            }
            let avif: Set<String> = ["avif", "avis"]
            let heif: Set<String> = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "mif2"]
            if let major = brands.first, avif.contains(major) { return .avif }
            if let major = brands.first, heif.contains(major) {
                return brands.contains(where: avif.contains) && !brands.contains("heic") ? .avif : .heif
            }
            if brands.contains(where: avif.contains) { return .avif }
            if brands.contains(where: heif.contains) { return .heif }
        }
        return nil
    }

    /// File name extensions that announce an image. A file with one of these whose content is not a
    /// supported format is reported (`file.unsupported`), never silently skipped.
    public static let imageExtensions: Set<String> = [
        "jpg", "jpeg", "jpe", "jfif", "jif", "mpo", "png", "apng", "gif", "webp", "tif", "tiff",
        "heic", "heif", "hif", "heics", "avif", "bmp", "dib", "jxl", "jp2", "j2k", "jpf", "jpx",
        "dng", "cr2", "cr3", "crw", "nef", "nrw", "arw", "orf", "raf", "rw2", "pef", "srw", "mrw",
        "psd", "psb", "ico", "svg", "tga", "pcx", "ppm", "pgm", "pbm", "exr", "hdr", "jng", "pgf",
    ]

    /// Whether a file name's extension announces an image.
    public static func hasImageExtension(_ name: String) -> Bool {
        lowercasedExtension(of: name).map(imageExtensions.contains) ?? false
    }

    /// The extension of a file name, lower-cased; nil without one (a leading dot names a hidden file).
    static func lowercasedExtension(of name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        return name[name.index(after: dot)...].lowercased()
    }
}
