import Foundation
import Testing

@testable import VigieMedia

/// An ISO-BMFF `ftyp` box: major brand, minor version 0, compatible brands; then an empty `mdat`.
func ftyp(_ major: String, _ compatible: [String]) -> [UInt8] {
    let size = 16 + 4 * compatible.count
    var out: [UInt8] = [0, 0, 0, UInt8(size)] + Array("ftyp".utf8) + Array(major.utf8) + [0, 0, 0, 0]
    for c in compatible { out += Array(c.utf8) }
    return out + [0, 0, 0, 8] + Array("mdat".utf8)
}

/// `packets` transport-stream packets of `size` bytes (188, or 192 with the M2TS timestamp first).
func transportStream(packets: Int, size: Int) -> [UInt8] {
    var out: [UInt8] = []
    for _ in 0..<packets {
        var packet = [UInt8](repeating: 0xFF, count: size)
        packet[size - 188] = 0x47
        if size == 192 { packet[0..<4] = [0, 0, 0, 0] }
        out += packet
    }
    return out
}

@Suite("Video and audio sniffing")
struct MediaContainerTests {
    @Test(arguments: [
        (ftyp("isom", ["isom", "iso2", "avc1", "mp41"]), MediaContainer.mp4), (ftyp("mp42", ["isom", "mp42"]), .mp4),
        (ftyp("mp41", ["mp41"]), .mp4), (ftyp("iso6", ["iso6", "dash"]), .mp4), (ftyp("M4V ", ["M4V ", "M4A ", "mp42"]), .mp4),
        (ftyp("dash", ["iso6", "mp41"]), .mp4), (ftyp("MSNV", ["MSNV", "mp42"]), .mp4), (ftyp("XAVC", ["XAVC", "mp42", "iso2"]), .mp4),
        (ftyp("avc1", ["avc1", "isom"]), .mp4), (ftyp("qt  ", ["qt  "]), .quicktime), (ftyp("3gp5", ["3gp5", "isom"]), .threeGPP),
        (ftyp("3gp4", ["3gp4"]), .threeGPP), (ftyp("3g2a", ["3g2a"]), .threeGPP), (ftyp("M4A ", ["M4A ", "mp42", "isom"]), .m4a),
    ])
    func isoMediaBrands(head: [UInt8], container: MediaContainer) {
        #expect(ImageFormat.sniff(head) == nil)
        #expect(MediaContainer.sniff(head) == container)
        #expect(SniffedContent.sniff(head) == .media(container))
    }

    @Test func quickTimeWithoutFtyp() {
        for atom in ["moov", "mdat", "wide", "free", "skip", "pnot"] {
            let head: [UInt8] = [0, 0, 0x0F, 0x17] + Array(atom.utf8) + [UInt8](repeating: 0, count: 40)
            #expect(MediaContainer.sniff(head) == .quicktime, "\(atom)")
        }
        // A size that cannot be an atom's.
        #expect(MediaContainer.sniff([0, 0, 0, 4] + Array("moov".utf8)) == nil)
    }

    @Test func riffAndOthers() {
        func riff(_ type: String) -> [UInt8] { Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array(type.utf8) + Array("LIST".utf8) }
        #expect(MediaContainer.sniff(riff("AVI ")) == .avi)
        #expect(MediaContainer.sniff(riff("WAVE")) == .wav)
        #expect(MediaContainer.sniff(riff("WEBP")) == nil)
        #expect(SniffedContent.sniff(riff("WEBP") + [UInt8](repeating: 0, count: 20)) == .image(.webp))
        let ebml: [UInt8] = [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82]
        #expect(MediaContainer.sniff(ebml + [0x84] + Array("webm".utf8)) == .webm)
        #expect(MediaContainer.sniff(ebml + [0x88] + Array("matroska".utf8)) == .matroska)
        #expect(MediaContainer.sniff([0x1A, 0x45, 0xDF, 0xA3]) == .matroska)
        #expect(MediaContainer.sniff(Array("OggS".utf8) + [0, 2]) == .ogg)
        #expect(MediaContainer.sniff(Array("fLaC".utf8)) == .flac)
        #expect(MediaContainer.sniff(Array("FLV".utf8) + [1, 5]) == .flv)
        #expect(MediaContainer.sniff(Array("ID3".utf8) + [4, 0]) == .mp3)
        #expect(MediaContainer.sniff([0x00, 0x00, 0x01, 0xBA, 0x44]) == .mpegPS)
        #expect(MediaContainer.sniff(Array("FORM".utf8) + [0, 0, 0, 8] + Array("AIFF".utf8)) == .aiff)
    }

    @Test func transportStreams() {
        #expect(MediaContainer.sniff(transportStream(packets: 3, size: 188)) == .mpegTS)
        #expect(MediaContainer.sniff(transportStream(packets: 3, size: 192)) == .mpegTS)
        // Two packets are enough when the file holds no third.
        #expect(MediaContainer.sniff(transportStream(packets: 2, size: 188)) == .mpegTS)
        // One sync byte is not a transport stream; nor is a broken third packet.
        #expect(MediaContainer.sniff(transportStream(packets: 1, size: 188) + [UInt8](repeating: 0, count: 200)) == nil)
        var broken = transportStream(packets: 3, size: 188)
        broken[376] = 0
        #expect(MediaContainer.sniff(broken) == nil)
    }

    @Test func stillImagesStayImages() throws {
        for head in [ftyp("heic", ["mif1", "heic"]), ftyp("mif1", ["mif1", "heic"]), ftyp("avif", ["avif", "mif1", "miaf"])] {
            #expect(MediaContainer.sniff(head) == nil)
            if case .image = SniffedContent.sniff(head) {} else { Issue.record("\(head) should be an image") }
        }
        let heic = try fixtureBytes("metadata/gps-exif-at-eof.heic")
        #expect(SniffedContent.sniff(Array(heic.prefix(MediaContainer.headLength))) == .image(.heif))
        #expect(SniffedContent.sniff(Array(try fixtureBytes("metadata/gps-exif.jpg").prefix(400))) == .image(.jpeg))
        // Canon CR3 raw and JPEG 2000 are pictures, not videos.
        #expect(MediaContainer.sniff(ftyp("crx ", ["crx ", "isom"])) == nil)
    }

    @Test func documentsAndTextAreNeither() {
        for text in ["%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj", "hello, this is text", "", "GIF", "RIFF"] {
            #expect(SniffedContent.sniff(Array(text.utf8)) == nil, "\(text)")
        }
    }

    @Test(arguments: [
        ("video/gps-artist.mov", MediaContainer.quicktime), ("video/camera-serials.avi", .avi), ("video/camera-make.mts", .mpegTS),
    ])
    func realVideos(file: String, container: MediaContainer) throws {
        #expect(SniffedContent.sniff(Array(try fixtureBytes(file).prefix(MediaContainer.headLength))) == .media(container))
    }

    @Test func mediaExtensions() {
        #expect(MediaContainer.hasMediaExtension("clips/IMG_0001.MOV"))
        #expect(["a.mp4", "b.mts", "c.webm", "d.M2TS"].allSatisfy(MediaContainer.hasMediaExtension))
        #expect(!MediaContainer.hasMediaExtension("photo.jpg") && !MediaContainer.hasMediaExtension("notes.txt"))
        #expect(!MediaContainer.hasMediaExtension(".mp4"))
        #expect(MediaContainer.mediaExtensions.isDisjoint(with: ImageFormat.imageExtensions))
    }
}
