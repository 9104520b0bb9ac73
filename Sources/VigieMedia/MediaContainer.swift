import Foundation

/// Video and audio containers, recognised from the content (never the extension) so that a video is
/// never passed unchecked: MP4, QuickTime and 3GP have their metadata read (`MovieReader`), their
/// frames reported as not checked; the others are reported as not checked at all.
public enum MediaContainer: String, Sendable, Codable, CaseIterable {
    case mp4, quicktime, threeGPP = "3gp", m4a, avi, wav, mpegTS = "mpeg-ts", mpegPS = "mpeg-ps", matroska, webm, ogg, asf, flv, mp3,
        flac, aiff

    /// How many bytes of a file's start `sniff` looks at: MPEG-TS is told by its 188- and 192-byte
    /// packets, the third of which starts at 376 (388 with M2TS timestamps).
    public static let headLength = 400

    /// What the file holds, as messages name it.
    public enum Kind: String, Sendable {
        case video, audio
        /// Ogg carries either (Theora or Vorbis); telling them apart is not worth reading further.
        case videoOrAudio = "video-or-audio"
    }

    public var kind: Kind {
        switch self {
        case .m4a, .wav, .mp3, .flac, .aiff: .audio
        case .ogg: .videoOrAudio
        default: .video
        }
    }

    /// The container's usual name, as shown in messages.
    public var label: String {
        switch self {
        case .mp4: "MP4"
        case .quicktime: "QuickTime"
        case .threeGPP: "3GP"
        case .m4a: "M4A"
        case .avi: "AVI"
        case .wav: "WAV"
        case .mpegTS: "MPEG-TS"
        case .mpegPS: "MPEG-PS"
        case .matroska: "Matroska"
        case .webm: "WebM"
        case .ogg: "Ogg"
        case .asf: "ASF/WMV"
        case .flv: "FLV"
        case .mp3: "MP3"
        case .flac: "FLAC"
        case .aiff: "AIFF"
        }
    }

    /// Brands of ISO-BMFF files that hold still pictures Vigie does not decode (CR3 raw, JPEG 2000,
    /// JPEG XL): not videos. HEIF and AVIF are images, told by `ImageFormat.sniff` first.
    static let stillBrands: Set<String> = ["crx ", "jp2 ", "jpx ", "jpm ", "jxl "]

    /// QuickTime files written without `ftyp` start with one of these atoms.
    static let quickTimeAtoms: Set<String> = ["moov", "mdat", "wide", "free", "skip", "pnot"]

    /// Identifies a video or audio container from the first bytes of a file (`headLength` are wanted;
    /// fewer only miss MPEG-TS). Nil for anything else, images included: call `ImageFormat.sniff` first.
    public static func sniff(_ head: [UInt8]) -> MediaContainer? {
        let r = ByteReader(head)
        if r.matches("ftyp", at: 4), let major = r.ascii(8, 4) {
            if ImageFormat.sniff(Array(head.prefix(64))) != nil || stillBrands.contains(major) { return nil }
            if major == "qt  " { return .quicktime }
            if major.hasPrefix("3g") { return .threeGPP }
            if ["M4A ", "M4B ", "M4P ", "F4A ", "F4B "].contains(major) { return .m4a }
            // isom, iso2..iso9, mp41, mp42, avc1, M4V, dash, MSNV, XAVC, f4v, and brands not known here:
            // an unknown ISO-BMFF brand is reported as a video rather than skipped.
            return .mp4
        }
        if let size = r.u32be(0), size == 0 || size == 1 || size >= 8, let atom = r.ascii(4, 4), quickTimeAtoms.contains(atom) {
            return .quicktime
        }
        if r.matches("RIFF", at: 0) {
            if r.matches("AVI ", at: 8) || r.matches("AVIX", at: 8) { return .avi }
            if r.matches("WAVE", at: 8) { return .wav }
        }
        if r.matches("FORM", at: 0), r.matches("AIFF", at: 8) || r.matches("AIFC", at: 8) { return .aiff }
        if r.matches([0x1A, 0x45, 0xDF, 0xA3], at: 0) { return docType(head) == "webm" ? .webm : .matroska }
        if r.matches("OggS", at: 0) { return .ogg }
        if r.matches("fLaC", at: 0) { return .flac }
        if r.matches("FLV", at: 0), r.matches([0x01], at: 3) { return .flv }
        let asf: [UInt8] = [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C]
        if r.matches(asf, at: 0) { return .asf }
        if isTransportStream(head, packet: 188, offset: 0) || isTransportStream(head, packet: 192, offset: 4) { return .mpegTS }
        if r.matches([0x00, 0x00, 0x01, 0xBA], at: 0) || r.matches([0x00, 0x00, 0x01, 0xB3], at: 0) { return .mpegPS }
        if r.matches("ID3", at: 0) { return .mp3 }
        return nil
    }

    /// MPEG-TS (188-byte packets) or M2TS/MTS (192: a 4-byte timestamp first): the sync byte 0x47 at
    /// the start of the first two packets, and of the third when the head holds it.
    static func isTransportStream(_ head: [UInt8], packet: Int, offset: Int) -> Bool {
        guard head.count > offset + packet else { return false }
        for i in 0..<3 {
            let at = offset + i * packet
            if at >= head.count { break }
            if head[at] != 0x47 { return false }
        }
        return true
    }

    /// The DocType of an EBML header ("matroska", "webm"): the element 0x4282 in the first bytes.
    static func docType(_ head: [UInt8]) -> String? {
        let end = Swift.min(head.count, 64)
        var i = 4
        while i + 3 <= end {
            if head[i] == 0x42, head[i + 1] == 0x82, head[i + 2] & 0x80 != 0 {
                let length = Int(head[i + 2] & 0x7F), start = i + 3
                guard start + length <= head.count else { return nil }
                return String(decoding: head[start..<(start + length)], as: UTF8.self)
            }
            i += 1
        }
        return nil
    }

    /// File name extensions that announce a video or an audio recording. A file with one of these
    /// whose content is not recognised is reported (`file.unsupported`), never silently skipped.
    public static let mediaExtensions: Set<String> = [
        "mp4", "m4v", "m4p", "mov", "qt", "3gp", "3g2", "3gpp", "avi", "mts", "m2ts", "m2t", "ts", "mkv", "mk3d", "webm", "mpg",
        "mpeg", "mpe", "m1v", "m2v", "vob", "mod", "tod", "wmv", "asf", "flv", "f4v", "ogv", "ogg", "oga", "ogx", "opus", "spx",
        "m4a", "m4b", "aac", "wav", "mp3", "mka", "flac", "aif", "aiff", "aifc", "wma", "amr", "lrv", "insv", "dv", "mxf", "rm",
        "rmvb", "divx", "xvid", "h264", "h265", "hevc", "264", "265",
    ]

    /// Whether a file name's extension announces a video or an audio recording.
    public static func hasMediaExtension(_ name: String) -> Bool {
        ImageFormat.lowercasedExtension(of: name).map(mediaExtensions.contains) ?? false
    }
}

/// What the start of a file says it holds: an image Vigie checks, or a video or audio container it
/// reports as not checked.
public enum SniffedContent: Sendable, Equatable {
    case image(ImageFormat)
    case media(MediaContainer)

    /// `head` is the start of the file (`MediaContainer.headLength` bytes are wanted). Images are told
    /// from the first 64 bytes exactly as `ImageFormat.sniff` and the loader tell them.
    public static func sniff(_ head: [UInt8]) -> SniffedContent? {
        if let format = ImageFormat.sniff(Array(head.prefix(64))) { return .image(format) }
        return MediaContainer.sniff(head).map { .media($0) }
    }

    /// Whether a file name's extension announces an image, a video or an audio recording: such a
    /// file whose content is not recognised is reported, never skipped.
    public static func isAnnounced(byName name: String) -> Bool {
        ImageFormat.hasImageExtension(name) || MediaContainer.hasMediaExtension(name)
    }
}
