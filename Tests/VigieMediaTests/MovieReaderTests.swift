import Foundation
import Testing

@testable import VigieMedia

func movieBytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))
}

func readMovie(_ name: String, container: MediaContainer = .quicktime) throws -> MediaMetadata {
    try MovieReader.read(path: fixtures.appendingPathComponent(name).path, container: container)
}

@Suite("Movie metadata reader")
struct MovieReaderTests {
    @Test func userDataLocationAndArtist() throws {
        let m = try readMovie("video/gps-artist.mov")
        let movie = try #require(m.movie)
        #expect(movie.places(.location) == ["QuickTime udta ©xyz"])
        #expect(movie.places(.owner).contains { $0.contains("©ART") })
        #expect(movie.tracks.map(\.handler) == ["vide", "soun"])
        #expect(!movie.fragmented && !movie.truncated)
    }

    @Test func appleKeysAndTimedMetadataTracks() throws {
        let m = try readMovie("video/iphone-keys-gps.mov")
        let movie = try #require(m.movie)
        #expect(movie.places(.location) == ["QuickTime moov/meta keys (com.apple.quicktime.location.ISO6709)"])
        #expect(movie.places(.device).count == 3)  // make, model, software: found, not flagged
        // Detected faces and the orientation hold no location: the mebx tracks are not flagged.
        #expect(movie.tracks.filter { $0.format == "mebx" }.count == 2)
        #expect(!movie.places(.location).contains { $0.contains("mebx") })
    }

    @Test func namesInEveryTagSystemAndCoverArt() throws {
        let m = try readMovie("video/names-keys-xmp.mov")
        let movie = try #require(m.movie)
        let owners = movie.places(.owner)
        #expect(owners.contains("QuickTime udta ©ART"))
        #expect(owners.contains("QuickTime moov/meta keys (com.apple.quicktime.artist)"))
        #expect(owners.contains("QuickTime udta/meta/ilst ©ART"))
        #expect(m.previews.map(\.kind) == [.coverArt])
        #expect(m.xmp.first?.container == .movieUserData)
        #expect(m.xmp.first?.properties.contains { $0.name == "creator" } == true)
        #expect(movie.places(.location).isEmpty)
    }

    @Test func xmpHistoryInUserData() throws {
        let m = try readMovie("video/xmp-history.mov")
        let properties = m.xmp.flatMap(\.properties)
        #expect(properties.contains { $0.namespace == XMPNamespace.xmpMM && $0.name == "DocumentID" })
        #expect(m.movie?.places(.location).isEmpty == true)
    }

    @Test func aRecordingWithoutLocation() throws {
        let m = try readMovie("video/no-gps.mp4", container: .mp4)
        #expect(m.movie?.places(.location).isEmpty == true)
        #expect(m.movie?.places(.place).isEmpty == true)
        #expect(m.xmp.isEmpty && m.previews.isEmpty && m.unreadableParts.isEmpty)
    }

    @Test(arguments: [
        ("+45.5017-073.5673/", true), ("+00.0000+000.0000/", false), ("+32.0929+034.8620+028.516/", true), ("-00.0001+000.0000/", true),
        ("garbage", true), ("", false),
    ])
    func iso6709(text: String, fix: Bool) {
        #expect(MovieReader.hasFix(iso6709: text) == fix)
    }

    @Test func gpmfCoordinatesNeedAFix() {
        // DEVC { STRM { GPSF 0, GPS5 [1, 2, 3, 4, 5] } }: coordinates written without a fix.
        func klv(_ key: String, _ type: UInt8, _ size: UInt8, _ count: UInt16, _ data: [UInt8]) -> [UInt8] {
            var out = Array(key.utf8) + [type, size, UInt8(count >> 8), UInt8(count & 0xFF)] + data
            while out.count % 4 != 0 { out.append(0) }
            return out
        }
        let gps5 = klv("GPS5", UInt8(ascii: "l"), 20, 1, [0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5])
        func stream(fix: UInt8) -> [UInt8] {
            let strm = klv("GPSF", UInt8(ascii: "L"), 4, 1, [0, 0, 0, fix]) + gps5
            let inner = klv("STRM", 0, 1, UInt16(strm.count), strm)
            return klv("DEVC", 0, 1, UInt16(inner.count), inner)
        }
        var none = MovieMetadata(container: .mp4)
        MovieReader.readGPMF(stream(fix: 0)[...], place: "gpmf", into: &none)
        #expect(none.places(.location).isEmpty)
        var fixed = MovieMetadata(container: .mp4)
        MovieReader.readGPMF(stream(fix: 3)[...], place: "gpmf", into: &fixed)
        #expect(fixed.places(.location) == ["gpmf"])
    }

    /// Every cut of a real file, and every malformed reproducer: a value or a thrown error, quickly.
    @Test func truncatedAndMalformedBoxesNeverCrash() throws {
        let whole = try movieBytes("video/names-keys-xmp.mov")
        for cut in stride(from: 0, to: whole.count, by: 7) {
            _ = try? MovieReader.read(MovieSource(bytes: Array(whole.prefix(cut))), container: .quicktime)
        }
        var flipped = whole
        for i in stride(from: 0, to: flipped.count, by: 13) {
            flipped[i] ^= 0xFF
            _ = try? MovieReader.read(MovieSource(bytes: flipped), container: .quicktime)
            flipped[i] ^= 0xFF
        }
        let folder = fixtures.appendingPathComponent("malformed")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("exiv2-") }
        #expect(names.count == 10)
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            _ = try? MovieReader.read(MovieSource(bytes: bytes), container: .mp4)
        }
    }

    @Test func sizeZeroRunsToTheEndAnd64BitSizesAreRead() throws {
        func box(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let n = body.count + 8
            return [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] + Array(type.utf8) + body
        }
        let xyz = [0, 18, 0x15, 0xC7] + Array("+45.5017-073.5673/".utf8)
        let udta = box("udta", [0, 0, 0, 30, 0xA9] + Array("xyz".utf8) + xyz)
        let moov = box("moov", udta)
        // ftyp, moov, then an mdat with a 64-bit size, then a free box of size 0 (to the end).
        let mdat: [UInt8] = [0, 0, 0, 1] + Array("mdat".utf8) + [0, 0, 0, 0, 0, 0, 0, 20, 1, 2, 3, 4]
        let free: [UInt8] = [0, 0, 0, 0] + Array("free".utf8) + [9, 9, 9]
        let file = box("ftyp", Array("isom".utf8) + [0, 0, 0, 0]) + moov + mdat + free
        let m = try MovieReader.read(MovieSource(bytes: file), container: .mp4)
        #expect(m.movie?.places(.location) == ["QuickTime udta ©xyz"])
        let s = try MovieStructure(MovieSource(bytes: file))
        #expect(s.topLevel.map(\.type) == ["ftyp", "moov", "mdat", "free"])
        #expect(s.topLevel[2].headerSize == 16 && s.topLevel[2].size == 20)
        #expect(s.topLevel[3].end == file.count)
    }
}
