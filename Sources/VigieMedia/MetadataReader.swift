import Foundation

/// Reads the metadata of a file's bytes for its (sniffed) format. Throws `.corrupt` when the
/// container structure itself is broken: such a file cannot be cleared.
public enum MetadataReader {
    public static func read(_ r: ByteReader, format: ImageFormat, maxFrames: Int = 10_000) throws -> MediaMetadata {
        var m = MediaMetadata(format: format)
        switch format {
        case .jpeg: try readJPEG(r, into: &m)
        case .png: try readPNG(r, into: &m)
        case .webp: try readWebP(r, into: &m)
        case .gif: try readGIF(r, into: &m, maxFrames: maxFrames)
        case .tiff: try readTIFF(r, into: &m)
        case .heif, .avif: try readHEIF(r, into: &m)
        }
        return m
    }

    // MARK: - Shared pieces

    static func addExif(_ blob: [UInt8], _ container: MetadataContainer, into m: inout MediaMetadata) {
        guard let (entries, thumbnail) = ExifBlobReader.read(blob) else {
            m.unreadableParts.append("EXIF in \(container.rawValue)")
            return
        }
        m.exif.append((container, entries))
        if let thumbnail {
            m.previews.append(EmbeddedPreview(kind: .exifThumbnail, length: thumbnail.count, bytes: thumbnail))
        }
        // XMP, IPTC and Photoshop resources can ride inside EXIF IFD0 (TIFF tags 700, 33723, 34377).
        addEmbeddedTIFFBlocks(entries, container, into: &m)
    }

    static func addEmbeddedTIFFBlocks(_ entries: [ExifEntry], _ container: MetadataContainer, into m: inout MediaMetadata) {
        for e in entries where e.directory == .ifd0 {
            switch e.tag {
            case 0x02BC: addXMP(e.value, container, into: &m)
            case 0x83BB:
                let d = IPTCReader.datasets(ByteReader(e.value), from: 0, to: e.value.count)
                if !d.isEmpty { m.iptc.append((container, d)) }
            case 0x8649: addPhotoshop(ByteReader(e.value), from: 0, to: e.value.count, container, into: &m)
            default: break
            }
        }
    }

    static func addXMP(_ packet: [UInt8], _ container: MetadataContainer, into m: inout MediaMetadata) {
        // A packet that is not well-formed XML is still scanned textually (see XMPReader.scan).
        let (props, _) = XMPReader.read(packet)
        m.xmp.append((container, props))
    }

    static func addPhotoshop(_ r: ByteReader, from: Int, to: Int, _ container: MetadataContainer, into m: inout MediaMetadata) {
        let resources = IPTCReader.resources(r, from: from, to: to)
        m.photoshopResources += resources
        for res in resources {
            switch res.id {
            case 0x0404:
                let d = IPTCReader.datasets(r, from: res.offset, to: res.offset + res.length)
                if !d.isEmpty { m.iptc.append((container, d)) }
            case 0x0409, 0x040C:
                // Thumbnail resource: 28-byte header, then JFIF data.
                let jpeg = r.slice(res.offset + 28, res.length - 28).map(Array.init)
                m.previews.append(EmbeddedPreview(kind: .photoshopThumbnail, length: res.length, bytes: jpeg))
            case 0x0422, 0x0423:
                if let blob = r.slice(res.offset, res.length) { addExif(Array(blob), container, into: &m) }
            case 0x0424:
                if let blob = r.slice(res.offset, res.length) { addXMP(Array(blob), container, into: &m) }
            case 0x040F:
                m.hasICCProfile = true
            default: break
            }
        }
    }

    /// The trailer's length, or 0 when it is only padding (zeros, 0xFF fill or white space).
    static func significantTrailer(_ r: ByteReader, length: Int) -> Int {
        guard length > 0 else { return 0 }
        let padding: Set<UInt8> = [0x00, 0xFF, 0x20, 0x0A, 0x0D, 0x09]
        for b in r.bytes[(r.count - length)...] where !padding.contains(b) { return length }
        return 0
    }

    // MARK: - Containers

    static func readJPEG(_ r: ByteReader, into m: inout MediaMetadata) throws {
        let jpeg = try JPEGContainer(r)
        var extended: [(offset: Int, bytes: ArraySlice<UInt8>)] = []
        for s in jpeg.segments {
            switch s.kind {
            case .frame:
                if m.width == 0, let h = r.u16be(s.payloadOffset + 1), let w = r.u16be(s.payloadOffset + 3) {
                    m.width = w
                    m.height = h
                }
            case .exif:
                if let blob = r.slice(s.payloadOffset, s.payloadLength) { addExif(Array(blob), .jpegAPP1, into: &m) }
            case .xmp:
                let header = "http://ns.adobe.com/xap/1.0/\0".utf8.count
                if let blob = r.slice(s.payloadOffset + header, s.payloadLength - header) { addXMP(Array(blob), .jpegAPP1, into: &m) }
            case .xmpExtended:
                // Header, 32-byte GUID, full length, chunk offset, then the chunk.
                let header = "http://ns.adobe.com/xmp/extension/\0".utf8.count
                if let off = r.u32be(s.payloadOffset + header + 36),
                    let chunk = r.slice(s.payloadOffset + header + 40, s.payloadLength - header - 40)
                {
                    extended.append((off, chunk))
                }
            case .photoshop:
                let header = "Photoshop 3.0\0".utf8.count
                addPhotoshop(r, from: s.payloadOffset + header, to: s.payloadOffset + s.payloadLength, .jpegAPP13, into: &m)
            case .icc:
                m.hasICCProfile = true
            case .comment:
                if let c = r.slice(s.payloadOffset, s.payloadLength) { m.comments.append(latin1String(c)) }
            case .app:
                let name =
                    r.ascii(s.payloadOffset, Swift.min(12, s.payloadLength))?.prefix { $0 != "\0" && $0.isASCII && !$0.isWhitespace } ?? ""
                m.vendorBlocks.append("APP\(Int(s.marker) - 0xE0)" + (name.isEmpty ? "" : " \(name)"))
            default: break
            }
        }
        if !extended.isEmpty {
            let joined = extended.sorted { $0.offset < $1.offset }.flatMap { Array($0.bytes) }
            addXMP(Array(joined.prefix(XMPReader.maxPacketBytes)), .jpegAPP1, into: &m)
        }
        if jpeg.hasJFIFThumbnail {
            m.previews.append(EmbeddedPreview(kind: .jfifThumbnail, length: 0, bytes: nil))
        }
        for image in jpeg.mpfImages {
            m.previews.append(
                EmbeddedPreview(kind: .mpfImage, length: image.length, bytes: r.slice(image.offset, image.length).map(Array.init)))
        }
        m.trailerLength = significantTrailer(r, length: jpeg.trailerLength)
        m.structureError = jpeg.structureError
    }

    static func readPNG(_ r: ByteReader, into m: inout MediaMetadata) throws {
        let png = try PNGContainer(r)
        m.width = png.width
        m.height = png.height
        m.frameCount = png.frameCount
        for c in png.chunks {
            switch c.type {
            case "eXIf":
                if let blob = r.slice(c.dataOffset, c.dataLength) { addExif(Array(blob), .pngEXIf, into: &m) }
            case "iCCP", "sRGB": m.hasICCProfile = m.hasICCProfile || c.type == "iCCP"
            default:
                if !c.isCritical && c.isPrivate { m.vendorBlocks.append("PNG \(c.type)") }
            }
        }
        for t in png.text {
            switch t.keyword {
            case "XML:com.adobe.xmp":
                addXMP(Array(t.text.utf8), .pngText, into: &m)
            case "Raw profile type exif", "Raw profile type APP1", "Raw profile type xmp", "Raw profile type iptc", "Raw profile type 8bim":
                // ImageMagick's hex dump: "\nexif\n   length\nhexhexhex..."
                guard let blob = hexProfile(t.text) else {
                    m.unreadableParts.append("\(t.keyword) in \(MetadataContainer.pngText.rawValue)")
                    continue
                }
                switch t.keyword {
                case "Raw profile type xmp": addXMP(blob, .pngText, into: &m)
                case "Raw profile type iptc", "Raw profile type 8bim":
                    let br = ByteReader(blob)
                    if br.matches("8BIM", at: 0) {
                        addPhotoshop(br, from: 0, to: blob.count, .pngText, into: &m)
                    } else {
                        let d = IPTCReader.datasets(br, from: 0, to: blob.count)
                        if !d.isEmpty { m.iptc.append((.pngText, d)) }
                    }
                default: addExif(blob, .pngText, into: &m)
                }
            default:
                m.textEntries.append((t.keyword, t.text))
            }
        }
        if png.unreadableTextChunks > 0 { m.unreadableParts.append("\(png.unreadableTextChunks) PNG text chunk(s)") }
        m.trailerLength = significantTrailer(r, length: png.trailerLength)
        m.structureError = png.structureError
    }

    /// Decodes ImageMagick's "Raw profile type" text: a name line, a length line, then hex digits.
    static func hexProfile(_ text: String) -> [UInt8]? {
        let lines = text.split(whereSeparator: \.isNewline)
        guard lines.count >= 3, let length = Int(lines[1].trimmingCharacters(in: .whitespaces)), length > 0, length < 16 << 20 else {
            return nil
        }
        var out: [UInt8] = []
        out.reserveCapacity(length)
        var high: UInt8?
        for ch in lines.dropFirst(2).joined().utf8 {
            let v: UInt8
            switch ch {
            case 0x30...0x39: v = ch - 0x30
            case 0x61...0x66: v = ch - 0x61 + 10
            case 0x41...0x46: v = ch - 0x41 + 10
            default: continue
            }
            if let h = high {
                out.append(h << 4 | v)
                high = nil
                if out.count == length { break }
            } else {
                high = v
            }
        }
        return out.count == length ? out : nil
    }

    static func readWebP(_ r: ByteReader, into m: inout MediaMetadata) throws {
        let webp = try WebPContainer(r)
        m.width = webp.width
        m.height = webp.height
        m.frameCount = webp.frameCount
        for c in webp.chunks {
            switch c.fourCC {
            case "EXIF": if let b = r.slice(c.dataOffset, c.size) { addExif(Array(b), .webpEXIF, into: &m) }
            case "XMP ": if let b = r.slice(c.dataOffset, c.size) { addXMP(Array(b), .webpXMP, into: &m) }
            case "ICCP": m.hasICCProfile = true
            case "VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF": break
            default: m.vendorBlocks.append("WebP \(c.fourCC.trimmingCharacters(in: .whitespaces))")
            }
        }
        m.trailerLength = significantTrailer(r, length: webp.trailerLength)
    }

    static func readGIF(_ r: ByteReader, into m: inout MediaMetadata, maxFrames: Int) throws {
        let gif = try GIFContainer(r, maxFrames: maxFrames)
        m.width = gif.width
        m.height = gif.height
        m.frameCount = Swift.max(1, gif.frameCount)
        for packet in gif.xmpPackets { addXMP(packet, .gifApplication, into: &m) }
        for b in gif.blocks {
            if b.kind == .comment, let bytes = r.slice(b.offset + 2, b.length - 2) {
                // Sub-blocks: strip the length bytes.
                var text: [UInt8] = []
                var i = bytes.startIndex
                while i < bytes.endIndex {
                    let n = Int(bytes[i])
                    if n == 0 { break }
                    let end = Swift.min(i + 1 + n, bytes.endIndex)
                    text += bytes[(i + 1)..<end]
                    i = end
                }
                m.comments.append(latin1String(text))
            }
            if b.kind == .application, b.application == "ICCRGBG1012" { m.hasICCProfile = true }
            if b.kind == .application, let app = b.application, app != "XMP DataXMP", app != "ICCRGBG1012", !app.hasPrefix("NETSCAPE"),
                !app.hasPrefix("ANIMEXTS")
            {
                m.vendorBlocks.append("GIF \(app)")
            }
        }
        m.trailerLength = significantTrailer(r, length: gif.trailerLength)
    }

    static func readTIFF(_ r: ByteReader, into m: inout MediaMetadata) throws {
        let tiff = try TIFFStructure(r)
        m.width = tiff.width
        m.height = tiff.height
        m.frameCount = tiff.pageCount
        m.exif.append((.tiffIFD, tiff.entries))
        addEmbeddedTIFFBlocks(tiff.entries, .tiffIFD, into: &m)
        if tiff.entries.contains(where: { $0.directory == .ifd0 && $0.tag == 0x8773 }) { m.hasICCProfile = true }
        if let thumb = tiff.thumbnail {
            m.previews.append(EmbeddedPreview(kind: .exifThumbnail, length: thumb.count, bytes: thumb))
        }
        let reduced = tiff.entries.filter { $0.directory == .ifd1 && $0.tag == 0x00FE && ($0.integer() ?? 0) & 1 == 1 }.count
        for _ in 0..<reduced { m.previews.append(EmbeddedPreview(kind: .tiffReducedImage, length: 0, bytes: nil)) }
    }

    static func readHEIF(_ r: ByteReader, into m: inout MediaMetadata) throws {
        let heif = try ISOBMFFContainer(r)
        for id in heif.exifItems {
            guard let blob = heif.data(of: id, in: r) else {
                m.unreadableParts.append("EXIF in \(MetadataContainer.heifItem.rawValue)")
                continue
            }
            addExif(blob, .heifItem, into: &m)
        }
        for id in heif.xmpItems {
            guard let blob = heif.data(of: id, in: r) else {
                m.unreadableParts.append("XMP in \(MetadataContainer.heifItem.rawValue)")
                continue
            }
            addXMP(blob, .heifItem, into: &m)
        }
        for _ in heif.thumbnailItems {
            m.previews.append(EmbeddedPreview(kind: .heifThumbnail, length: 0, bytes: nil))
        }
        m.trailerLength = 0  // ISOBMFF files may legitimately end with free space; not reported
    }
}
