import Foundation
import Testing

@testable import VigieMedia

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

func fixtureBytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))
}

@Suite("Format sniffing")
struct SniffTests {
    @Test(arguments: [
        ("metadata/gps-exif.jpg", ImageFormat.jpeg), ("metadata/gps.png", .png), ("metadata/gps.webp", .webp),
        ("metadata/xmp.gif", .gif), ("metadata/gps.tif", .tiff), ("metadata/gps-exif-at-eof.heic", .heif),
    ])
    func sniffsByContent(file: String, format: ImageFormat) throws {
        #expect(ImageFormat.sniff(Array(try fixtureBytes(file).prefix(64))) == format)
    }

    @Test func rejectsNonImages() throws {
        #expect(ImageFormat.sniff(try fixtureBytes("metadata/image.bmp")) == nil)
        #expect(ImageFormat.sniff(Array("hello, this is text".utf8)) == nil)
        #expect(ImageFormat.sniff([]) == nil)
    }

    @Test func imageExtensions() {
        #expect(ImageFormat.hasImageExtension("a/b/photo.JPG"))
        #expect(ImageFormat.hasImageExtension("x.heic"))
        #expect(!ImageFormat.hasImageExtension("notes.txt"))
        #expect(!ImageFormat.hasImageExtension(".jpg"))
    }
}

@Suite("Container readers")
struct ContainerTests {
    @Test func jpegSegments() throws {
        let jpeg = try JPEGContainer(ByteReader(try fixtureBytes("metadata/gps-exif.jpg")))
        #expect(jpeg.structureError == nil)
        #expect(jpeg.segments.first?.kind == .soi)
        #expect(jpeg.segments.last?.kind == .eoi)
        #expect(!jpeg.segments(.exif).isEmpty)
        #expect(!jpeg.segments(.entropyData).isEmpty)
        // Segments tile the file up to EOI with no gap.
        var pos = 0
        for s in jpeg.segments {
            #expect(s.offset == pos)
            pos = s.offset + s.length
        }
        #expect(pos == jpeg.endOfImage)
    }

    @Test func jpegStrayBytesAreSkippedLikeLibjpeg() throws {
        let jpeg = try JPEGContainer(ByteReader(try fixtureBytes("metadata/stray-bytes-gps.jpg")))
        #expect(jpeg.structureError == nil)
        #expect(jpeg.strayBytes == 2)
    }

    @Test func truncatedJPEGKeepsItsMetadataButRecordsTheBreak() throws {
        let m = try MetadataReader.read(ByteReader(try fixtureBytes("malformed/truncated-with-gps.jpg")), format: .jpeg)
        #expect(m.structureError != nil)
        #expect(m.allExifEntries.contains { $0.directory == .gps })
    }

    @Test func pngChunksAndExif() throws {
        let bytes = try fixtureBytes("metadata/gps.png")
        let png = try PNGContainer(ByteReader(bytes))
        #expect(png.chunks.first?.type == "IHDR")
        #expect(png.chunks.last?.type == "IEND")
        #expect(!png.chunks("eXIf").isEmpty)
        let m = try MetadataReader.read(ByteReader(bytes), format: .png)
        #expect(m.allExifEntries.contains { $0.directory == .gps && $0.tag == 2 })
    }

    @Test func generatedPNGWithTextAndTrailer() throws {
        var png = PNGContainer.signature
        func chunk(_ type: String, _ data: [UInt8]) {
            png += withUnsafeBytes(of: UInt32(data.count).bigEndian, Array.init)
            png += Array(type.utf8) + data + [0, 0, 0, 0]  // CRC is not checked by the reader
        }
        chunk("IHDR", [0, 0, 0, 2, 0, 0, 0, 3, 8, 2, 0, 0, 0])
        chunk("tEXt", Array("Author\0Jane".utf8))
        chunk(
            "iTXt",
            Array("XML:com.adobe.xmp\0\0\0\0\0".utf8)
                + Array(
                    #"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="Lyon"/></rdf:RDF></x:xmpmeta>"#
                        .utf8))
        chunk("IDAT", [])
        chunk("IEND", [])
        png += Array("SECRET-TRAILER".utf8)
        let m = try MetadataReader.read(ByteReader(png), format: .png)
        #expect(m.width == 2 && m.height == 3)
        #expect(m.trailerLength == 14)
        #expect(m.textEntries.contains { $0.keyword == "Author" && $0.text == "Jane" })
        #expect(m.xmp.flatMap(\.properties).contains { $0.namespace == XMPNamespace.photoshop && $0.name == "City" && $0.value == "Lyon" })
    }

    /// Compressed text is bounded per chunk and per file: twelve zTXt chunks of 2 kB that each inflate
    /// to 2 MB (a fuzzing find, Fuzz/regressions/strip) give 16 MB of text at most, the rest unread.
    @Test func compressedTextHasABudgetPerFile() throws {
        let root = fixtures.deletingLastPathComponent().appendingPathComponent("Fuzz/regressions/strip/ztxt-2mb-each.png")
        let seed = [UInt8](try Data(contentsOf: root))
        let chunks = try PNGContainer(ByteReader(seed)).chunks
        let ztxt = try #require(chunks.first { $0.type == "zTXt" })
        var png = Array(seed[0..<ztxt.offset])
        for _ in 0..<12 { png += seed[ztxt.offset..<(ztxt.offset + 12 + ztxt.dataLength)] }
        png += seed[(chunks.last { $0.type == "zTXt" }!.offset + 12 + ztxt.dataLength)...]
        let parsed = try PNGContainer(ByteReader(png))
        #expect(parsed.chunks("zTXt").count == 12)
        #expect(parsed.text.count == 8 && parsed.unreadableTextChunks == 4)
        #expect(parsed.text.reduce(0) { $0 + $1.text.utf8.count } <= 16 << 20)
        let m = try MetadataReader.read(ByteReader(png), format: .png)
        #expect(!m.unreadableParts.isEmpty)
    }

    @Test func zeroPaddingIsNotATrailer() throws {
        var bytes = try fixtureBytes("metadata/no-metadata.jpg")
        bytes += [UInt8](repeating: 0, count: 100)
        let m = try MetadataReader.read(ByteReader(bytes), format: .jpeg)
        #expect(m.trailerLength == 0)
    }

    @Test func webpExifChunk() throws {
        let bytes = try fixtureBytes("metadata/gps.webp")
        let webp = try WebPContainer(ByteReader(bytes))
        #expect(!webp.chunks("EXIF").isEmpty)
        #expect(webp.width > 0)
    }

    @Test func heifExifItemAtEndOfFile() throws {
        let bytes = try fixtureBytes("metadata/gps-exif-at-eof.heic")
        let heif = try ISOBMFFContainer(ByteReader(bytes))
        #expect(!heif.exifItems.isEmpty)
        let m = try MetadataReader.read(ByteReader(bytes), format: .heif)
        #expect(m.allExifEntries.contains { $0.directory == .gps })
    }

    @Test func tiffDirectoriesBeyondSixtyFourKilobytes() throws {
        let bytes = try fixtureBytes("metadata/gps.tif")
        #expect(bytes.count > 1 << 20)
        let tiff = try TIFFStructure(ByteReader(bytes))
        #expect(tiff.entries.contains { $0.directory == .gps && $0.tag == 2 })
    }

    @Test func gifFrameLimitIsCheckedWhileWalking() throws {
        // A generated GIF with 50 one-pixel frames.
        var gif = Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0]
        for _ in 0..<50 { gif += [0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4C, 0x01, 0] }
        gif.append(0x3B)
        #expect(try GIFContainer(ByteReader(gif)).frameCount == 50)
        #expect(throws: MediaError.self) { try GIFContainer(ByteReader(gif), maxFrames: 10) }
    }

    @Test func hostileLengthsNeverTrap() throws {
        // Every prefix of a real file parses or throws; none crashes.
        let bytes = try fixtureBytes("metadata/gps-exif.jpg")
        for cut in stride(from: 0, to: Swift.min(bytes.count, 4000), by: 7) {
            _ = try? MetadataReader.read(ByteReader(Array(bytes.prefix(cut))), format: .jpeg)
        }
        let png = try fixtureBytes("metadata/gps.png")
        for cut in stride(from: 0, to: png.count, by: 13) {
            _ = try? MetadataReader.read(ByteReader(Array(png.prefix(cut))), format: .png)
        }
    }
}

@Suite("XMP and IPTC")
struct XMPTests {
    @Test func attributesAndElementsWithNamespaces() {
        let xmp = #"""
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description xmlns:e="http://ns.adobe.com/exif/1.0/" e:GPSLatitude="48,53.3N">
            <dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/"><rdf:Seq><rdf:li>Someone</rdf:li></rdf:Seq></dc:creator>
            </rdf:Description></rdf:RDF></x:xmpmeta>
            """#
        let (props, complete) = XMPReader.read(Array(xmp.utf8))
        #expect(complete)
        #expect(props.contains { $0.namespace == XMPNamespace.exif && $0.name == "GPSLatitude" })
        #expect(props.contains { $0.namespace == XMPNamespace.dc && $0.name == "creator" && $0.value == "Someone" })
    }

    @Test func malformedPacketFallsBackToAScan() {
        let xmp =
            #"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLongitude="2,17E"></rdf:Bag></x:xmpmeta>"#
        let (props, complete) = XMPReader.read(Array(xmp.utf8))
        #expect(!complete)
        #expect(props.contains { $0.namespace == XMPNamespace.exif && $0.name == "GPSLongitude" })
    }

    /// A packet that is not UTF-8 (an element name with a broken sequence made Foundation's parser
    /// trap) is scanned, not parsed, and its readable properties still come out.
    @Test func packetThatIsNotUTF8IsScanned() {
        let xmp: [UInt8] =
            Array(
                #"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLongitude="2,17E"><exif:Return"#
                    .utf8)
            + [0xC2, 0xD0] + Array("</exif:Return></rdf:Description></x:xmpmeta>".utf8)
        let (props, complete) = XMPReader.read(xmp)
        #expect(!complete)
        #expect(props.contains { $0.namespace == XMPNamespace.exif && $0.name == "GPSLongitude" })
    }

    /// XMP may be UTF-16 or UTF-32, with or without a byte order mark: it is read in full either way.
    @Test func packetsInUTF16AndUTF32AreParsed() {
        let xmp =
            #"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="48,53.3N"/></rdf:RDF></x:xmpmeta>"#
        let le16: [UInt8] = xmp.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0, 0, 0]
        let be16: [UInt8] = [0xFE, 0xFF] + xmp.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let be32: [UInt8] = xmp.unicodeScalars.flatMap { s -> [UInt8] in [UInt32(24), 16, 8, 0].map { UInt8((s.value >> $0) & 0xFF) } }
        for (i, packet) in [le16, be16, be32].enumerated() {
            let (props, complete) = XMPReader.read(packet)
            #expect(complete, "packet \(i)")
            #expect(props.contains { $0.namespace == XMPNamespace.exif && $0.name == "GPSLatitude" && $0.value == "48,53.3N" })
        }
    }

    /// XMP nests a few levels: a packet nesting deeper stops being parsed (each element would cost a
    /// walk of every open one) and is incomplete; what came before the limit is still read.
    @Test func deepNestingStopsTheParse() {
        let head =
            #"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:a="urn:a" exif:GPSLatitude="48,53.3N">"#
        let tail = "</rdf:Description></rdf:RDF></x:xmpmeta>"
        let shallow = head + String(repeating: "<a:b>", count: 20) + "x" + String(repeating: "</a:b>", count: 20) + tail
        let deep = head + String(repeating: "<a:b>", count: 5_000) + "x" + String(repeating: "</a:b>", count: 5_000) + tail
        #expect(XMPReader.read(Array(shallow.utf8)).complete)
        let (props, complete) = XMPReader.read(Array(deep.utf8))
        #expect(!complete)
        #expect(props.contains { $0.namespace == XMPNamespace.exif && $0.name == "GPSLatitude" && $0.value == "48,53.3N" })
    }

    /// Every input that once crashed a fuzz target (Fuzz/regressions/TARGET, docs/FUZZING.md) goes
    /// through the same parser again.
    @Test func fuzzRegressionsStayFixed() throws {
        let root = fixtures.deletingLastPathComponent().appendingPathComponent("Fuzz/regressions")
        let targets = try FileManager.default.contentsOfDirectory(atPath: root.path)
        #expect(!targets.isEmpty)
        for target in targets {
            for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(target).path) {
                let bytes = [UInt8](try Data(contentsOf: root.appendingPathComponent(target).appendingPathComponent(name)))
                switch target {
                case "xmp": _ = XMPReader.read(bytes)
                case "metadata", "strip":
                    if let format = ImageFormat.sniff(Array(bytes.prefix(64))) {
                        _ = try? MetadataReader.read(ByteReader(bytes), format: format)
                    }
                case "iptc": _ = IPTCReader.datasets(ByteReader(bytes), from: 0, to: bytes.count)
                default: Issue.record("no replay for fuzz target \(target)")
                }
            }
        }
    }

    @Test func iptcDatasets() {
        let iim: [UInt8] = [0x1C, 2, 90, 0, 4] + Array("Lyon".utf8) + [0x1C, 2, 80, 0, 3] + Array("Bob".utf8)
        let d = IPTCReader.datasets(ByteReader(iim), from: 0, to: iim.count)
        #expect(d.count == 2)
        #expect(d[0].dataset == 90 && d[0].text == "Lyon")
    }
}

@Suite("Preview comparison")
struct PreviewTests {
    func gradient(_ w: Int, _ h: Int) -> GreyImage {
        var px = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                let v: Int = x * 200 / w + y * 50 / h
                px[y * w + x] = UInt8(v)
            }
        }
        return GreyImage(width: w, height: h, pixels: px)
    }

    @Test func sameSceneMatches() {
        #expect(PreviewComparator.framing(preview: gradient(160, 120), main: gradient(640, 480)) == .matches)
    }

    @Test func letterboxedPreviewMatches() {
        let inner = gradient(160, 90)
        var px = [UInt8](repeating: 0, count: 160 * 120)
        for y in 0..<90 { for x in 0..<160 { px[(y + 15) * 160 + x] = inner[x, y] } }
        #expect(PreviewComparator.framing(preview: GreyImage(width: 160, height: 120, pixels: px), main: gradient(640, 360)) == .matches)
    }

    @Test func croppedMainDiffers() {
        // Main is the right third of the scene; preview keeps the whole scene.
        var scenePixels = [UInt8](repeating: 0, count: 30000)
        for i in 0..<30000 {
            let x = i % 300
            let v: Int = x < 100 ? 30 : (x < 200 ? 220 : (i / 300) * 2)
            scenePixels[i] = UInt8(v)
        }
        let scene = GreyImage(width: 300, height: 100, pixels: scenePixels)
        var crop: [UInt8] = []
        for y in 0..<100 { crop += scene.pixels[(y * 300 + 200)..<(y * 300 + 300)] }
        #expect(PreviewComparator.framing(preview: scene, main: GreyImage(width: 100, height: 100, pixels: crop)) == .differs)
    }

    @Test func orientationMapsCorners() {
        let img = GreyImage(width: 2, height: 1, pixels: [1, 2])
        #expect(img.oriented(6).pixels == [1, 2])
        #expect(img.oriented(6).width == 1)
        #expect(img.oriented(3).pixels == [2, 1])
        #expect(img.oriented(8).pixels == [2, 1])
    }
}

@Suite("Loading with limits")
struct LoaderTests {
    @Test func decodesAtWorkingSize() {
        var limits = DecodeLimits()
        limits.workingSize = 256
        let loaded = MediaLoader.load(path: fixtures.appendingPathComponent("metadata/gps-xmp-only.jpg").path, limits: limits)
        #expect(loaded.error == nil)
        let image = try! #require(loaded.image)
        #expect(Swift.max(image.width, image.height) <= 256)
        #expect(image.displayWidth > image.width)
    }

    @Test(arguments: ["malformed/lottapixel.jpg", "malformed/pngbomb.png"])
    func bombsAreRejectedFromTheHeader(file: String) {
        let loaded = MediaLoader.load(path: fixtures.appendingPathComponent(file).path)
        #expect(loaded.error?.code == .tooLarge)
        #expect(loaded.image == nil)
    }

    @Test func errorsCarryNoPath() {
        let path = fixtures.appendingPathComponent("malformed/broken.png").path
        let loaded = MediaLoader.load(path: path)
        let error = try! #require(loaded.error)
        #expect(!error.description.contains(path))
        #expect(!error.description.contains("broken.png"))
    }
}

@Suite struct HandlePoolTests {
    final class Counter: @unchecked Sendable {
        let lock = NSLock()
        var made = 0
        var inUse = Set<Int>()
    }

    @Test func handlesAreNeverSharedAndAreReused() async throws {
        let counter = Counter()
        let pool = HandlePool<Int> {
            counter.lock.lock(); defer { counter.lock.unlock() }
            counter.made += 1
            return counter.made
        }
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    (try? pool.withHandle { id -> Bool in
                        counter.lock.lock()
                        let fresh = counter.inUse.insert(id).inserted
                        counter.lock.unlock()
                        usleep(200)
                        counter.lock.lock()
                        counter.inUse.remove(id)
                        counter.lock.unlock()
                        return fresh
                    }) ?? false
                }
            }
            for await fresh in group { #expect(fresh) }
        }
        #expect(counter.made <= 64)
        // Sequential use reuses the same handle.
        let before = counter.made
        for _ in 0..<10 { _ = try pool.withHandle { $0 } }
        #expect(counter.made == before)
    }

    /// With a limit, borrowers wait for a handle instead of making more; a failed creation frees its place.
    @Test func aLimitBoundsHowManyExist() throws {
        let counter = Counter()
        let pool = HandlePool<Int>(limit: 2) {
            counter.lock.lock(); defer { counter.lock.unlock() }
            counter.made += 1
            return counter.made
        }
        let peak = Counter()
        DispatchQueue.concurrentPerform(iterations: 32) { _ in
            _ = try? pool.withHandle { id in
                peak.lock.lock()
                peak.inUse.insert(id)
                peak.made = max(peak.made, peak.inUse.count)
                peak.lock.unlock()
                usleep(500)
                peak.lock.lock()
                peak.inUse.remove(id)
                peak.lock.unlock()
            }
        }
        #expect(counter.made <= 2 && pool.count <= 2)
        #expect(peak.made <= 2)

        struct Broken: Error {}
        let failing = HandlePool<Int>(limit: 1) { throw Broken() }
        #expect(throws: Broken.self) { try failing.withHandle { $0 } }
        #expect(throws: Broken.self) { try failing.withHandle { $0 } }  // not stuck waiting
        #expect(failing.count == 0)
    }

    /// A pool is busy while every handle it may have is lent (a borrower would wait), and only then.
    @Test func busyWhileEveryHandleIsLent() throws {
        let limited = HandlePool<Int>(limit: 1) { 7 }
        #expect(!limited.isBusy)
        try limited.withHandle { _ in #expect(limited.isBusy) }
        #expect(!limited.isBusy)
        let open = HandlePool<Int> { 7 }
        try open.withHandle { _ in #expect(!open.isBusy) }
        let two = HandlePool<Int>(limit: 2) { 7 }
        try two.withHandle { _ in
            #expect(!two.isBusy)
            try two.withHandle { _ in #expect(two.isBusy) }
        }
    }

    /// A handle made in advance is the one the first borrowers get: they wait for it rather than
    /// make another; a failed advance creation leaves the borrower to make it and see the error.
    @Test func aHandleMadeInAdvanceIsWaitedForNotDuplicated() throws {
        let counter = Counter()
        let pool = HandlePool<Int> {
            usleep(100_000)
            counter.lock.lock(); defer { counter.lock.unlock() }
            counter.made += 1
            return counter.made
        }
        pool.prewarm()
        pool.prewarm()  // one at most
        #expect(try pool.withHandle { $0 } == 1)
        #expect(try pool.withHandle { $0 } == 1)
        #expect(counter.made == 1 && pool.count == 1)

        struct Broken: Error {}
        let failing = HandlePool<Int> { throw Broken() }
        failing.prewarm()
        failing.waitForPrewarm()
        #expect(failing.count == 0)
        #expect(throws: Broken.self) { try failing.withHandle { $0 } }
    }
}
