import Foundation

/// Where in the container a piece of metadata lives, for messages ("in XMP", "in a PNG eXIf chunk").
public enum MetadataContainer: String, Sendable, Codable {
    case jpegAPP1 = "JPEG APP1"
    case jpegAPP13 = "JPEG APP13"
    case pngEXIf = "PNG eXIf"
    case pngText = "PNG text chunk"
    case webpEXIF = "WebP EXIF chunk"
    case webpXMP = "WebP XMP chunk"
    case gifApplication = "GIF application extension"
    case tiffIFD = "TIFF directory"
    case heifItem = "HEIF item"
    case movieUUID = "MP4 uuid box"
    case movieUserData = "QuickTime udta XMP_"
}

/// The families of metadata Vigie reports.
public enum MetadataFamily: String, Sendable, Codable {
    case exif = "EXIF", xmp = "XMP", iptc = "IPTC", photoshop = "Photoshop", comment, text, icc = "ICC", makerNote
}

/// An embedded preview image: a second picture inside the file.
public struct EmbeddedPreview: Sendable {
    public enum Kind: String, Sendable, Codable {
        case exifThumbnail = "EXIF thumbnail"
        case jfifThumbnail = "JFIF thumbnail"
        case photoshopThumbnail = "Photoshop thumbnail"
        case mpfImage = "MPF secondary image"
        case heifThumbnail = "HEIF thumbnail item"
        case tiffReducedImage = "TIFF reduced-resolution image"
        case coverArt = "cover art (covr)"
        case movieThumbnail = "QuickTime thumbnail (udta thmb)"
    }

    /// How the preview's picture compares with the main image.
    public enum Framing: String, Sendable, Codable {
        /// Same scene and framing (a plain downscaled copy).
        case matches
        /// A different picture or a different framing (for example the uncropped original).
        case differs
        /// Not compared (no bytes, or the preview could not be decoded).
        case unknown
    }

    public let kind: Kind
    public let length: Int
    /// The preview's encoded bytes when Vigie can compare it (JPEG thumbnails).
    public let bytes: [UInt8]?
    public var framing: Framing = .unknown
}

/// Everything a file says about itself, gathered from every container it uses.
public struct MediaMetadata: Sendable {
    /// The image format; nil for a movie.
    public var format: ImageFormat?
    /// What an MP4, QuickTime or 3GP file's boxes say (nil for an image); its XMP packets and
    /// previews are in `xmp` and `previews` like an image's.
    public var movie: MovieMetadata?
    /// Pixel size as stored, from the container (0 when unknown).
    public var width = 0
    public var height = 0
    /// Frames or pages.
    public var frameCount = 1
    /// EXIF entries, from every EXIF block found, with where each block was.
    public var exif: [(container: MetadataContainer, entries: [ExifEntry])] = []
    public var xmp: [(container: MetadataContainer, properties: [XMPProperty])] = []
    public var iptc: [(container: MetadataContainer, datasets: [IPTCDataset])] = []
    public var photoshopResources: [PhotoshopResource] = []
    public var previews: [EmbeddedPreview] = []
    /// PNG text chunks (keyword and text), GIF and JPEG comments.
    public var textEntries: [(keyword: String, text: String)] = []
    public var comments: [String] = []
    /// Bytes after the end of the image that are not declared secondary images.
    public var trailerLength = 0
    public var hasICCProfile = false
    /// Parts that were present but could not be read (malformed XMP, undecodable text chunk...).
    public var unreadableParts: [String] = []
    /// Set when the container breaks before its end: what was read before the break is above, and
    /// the file cannot be cleared.
    public var structureError: MediaError?
    /// Vendor blocks (JPEG APPn other than the known ones, private PNG chunks) by name.
    public var vendorBlocks: [String] = []

    public init(format: ImageFormat) { self.format = format }

    public init(movie: MovieMetadata) {
        self.format = nil
        self.movie = movie
    }

    /// EXIF orientation (1-8) from the first IFD0 that has one.
    public var orientation: Int? {
        for block in exif {
            if let o = block.entries.first(where: { $0.directory == .ifd0 && $0.tag == 0x0112 })?.integer(), (1...8).contains(o) {
                return o
            }
        }
        return nil
    }

    /// All EXIF entries, flattened.
    public var allExifEntries: [ExifEntry] { exif.flatMap(\.entries) }
}
