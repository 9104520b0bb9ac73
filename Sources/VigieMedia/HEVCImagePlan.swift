import CMovieFrames
import Foundation

/// How the primary image of a HEIC file is decoded straight to 4:2:0 planes by libavcodec: one
/// `hvc1` item or a `grid` of `hvc1` tiles, the parameter sets to give the decoder, each tile's bytes,
/// and what libheif would do to the decoded picture (rotation, mirror) and how to read its range.
///
/// Anything else is "not handled" and left to libheif: alpha, more than 8 bits, chroma other than
/// 4:2:0, AVIF and other codecs, cropping (`clap`), grids of unequal or missing tiles, matrices other
/// than BT.601's, unknown essential properties.
public struct HEVCImagePlan: Sendable {
    public enum Transform: Sendable, Equatable {
        /// `irot`: anticlockwise quarter turns (1-3).
        case rotate(quarterTurns: Int)
        /// `imir`, as libheif 1.15 reads it: axis 0 swaps top and bottom, 1 swaps left and right
        /// (checked against its output; the spec's wording reads the other way).
        case mirror(axis: Int)
    }

    public enum Outcome: Sendable {
        case plan(HEVCImagePlan)
        case notHandled(String)
    }

    /// The hvcC record of the tiles (one for all).
    public let hvcc: [UInt8]
    /// File ranges of each tile's bytes, row-major (one entry for a plain image).
    public let tiles: [[(offset: Int, length: Int)]]
    public let columns: Int, rows: Int, tileWidth: Int, tileHeight: Int
    /// Size of the decoded picture before the transforms.
    public let width: Int, height: Int
    /// In the order of the item's properties.
    public let transforms: [Transform]
    /// From the `colr` nclx box, when there is one (else the stream's VUI says).
    public let nclxFullRange: Bool
    public let hasNCLX: Bool

    /// Largest grid description and hvcC record read.
    static let maxDescription = 64
    static let maxHVCC = 1 << 16

    static let alphaURNs: Set<String> = ["urn:mpeg:hevc:2015:auxid:1", "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha"]
    /// Properties this plan reads or that do not change the pixels.
    static let known: Set<String> = ["hvcC", "ispe", "irot", "imir", "colr", "pixi", "auxC"]

    /// The plan for the primary image of the file in `r`; throws when the structure is broken.
    public static func make(_ r: ByteReader) throws -> Outcome {
        let graph = try HEIFItemGraph(r)
        guard let primary = graph.primary, let type = graph.itemTypes[primary] else { return .notHandled("no primary item") }
        guard let primaryProperties = graph.properties(of: primary) else { throw MediaError(.corrupt, "bad property index") }
        // Alpha: an auxiliary image of the primary whose auxC says alpha.
        for (from, to) in graph.references["auxl"] ?? [:] where to.contains(primary) {
            for p in graph.properties(of: from) ?? [] where p.box.type == "auxC" {
                if let urn = auxType(r, p.box), alphaURNs.contains(urn) { return .notHandled("alpha") }
            }
        }
        var transforms: [Transform] = []
        var fullRange = true
        var hasNCLX = false
        guard type == "hvc1" || type == "grid" else { return .notHandled("item type \(type)") }
        var primarySize: (Int, Int)?
        for (box, essential) in primaryProperties {
            switch box.type {
            case "irot":
                guard let v = r.u8(box.dataOffset) else { throw MediaError(.corrupt, "truncated irot") }
                if v & 3 != 0 { transforms.append(.rotate(quarterTurns: v & 3)) }
            case "imir":
                guard let v = r.u8(box.dataOffset) else { throw MediaError(.corrupt, "truncated imir") }
                transforms.append(.mirror(axis: v & 1))
            case "colr":
                guard let kind = r.ascii(box.dataOffset, 4) else { throw MediaError(.corrupt, "truncated colr") }
                guard kind == "nclx", !hasNCLX else { continue }
                guard let matrix = r.u16be(box.dataOffset + 8), let flags = r.u8(box.dataOffset + 10) else {
                    throw MediaError(.corrupt, "truncated colr")
                }
                guard [2, 5, 6].contains(matrix) else { return .notHandled("matrix \(matrix)") }
                hasNCLX = true
                fullRange = flags & 0x80 != 0
            case "pixi":
                guard try eightBits(r, box) else { return .notHandled("not 8 bits") }
            case "ispe":
                primarySize = try size(r, box)
            case "auxC":
                return .notHandled("auxiliary image")
            case "hvcC":
                break
            default:
                if essential { return .notHandled("essential property \(box.type)") }
            }
        }

        let tileIDs: [Int]
        var gridSize: (columns: Int, rows: Int, width: Int, height: Int)?
        switch type {
        case "hvc1":
            tileIDs = [primary]
        case "grid":
            guard let description = graph.data(of: primary, in: r, limit: maxDescription) else {
                throw MediaError(.corrupt, "unreadable grid description")
            }
            gridSize = try grid(description)
            tileIDs = graph.references["dimg"]?[primary] ?? []
            guard let g = gridSize, tileIDs.count == g.columns * g.rows else { return .notHandled("tile count mismatch") }
            if let s = primarySize, s != (g.width, g.height) { return .notHandled("grid ispe differs from its description") }
        default:
            return .notHandled("item type \(type)")
        }

        var hvcc: [UInt8]?
        var tileSize: (Int, Int)?
        var tiles: [[(offset: Int, length: Int)]] = []
        for id in tileIDs {
            guard graph.itemTypes[id] == "hvc1" else { return .notHandled("tile type \(graph.itemTypes[id] ?? "?")") }
            guard let properties = graph.properties(of: id) else { throw MediaError(.corrupt, "bad property index") }
            var record: [UInt8]?
            var size: (Int, Int)?
            for (box, essential) in properties {
                switch box.type {
                case "hvcC":
                    guard box.dataSize <= maxHVCC, let s = r.slice(box.dataOffset, box.dataSize) else {
                        throw MediaError(.corrupt, "bad hvcC")
                    }
                    record = Array(s)
                case "ispe":
                    size = try self.size(r, box)
                case "pixi":
                    guard try eightBits(r, box) else { return .notHandled("not 8 bits") }
                case "colr" where id != primary:
                    // A tile's own colour description, which libheif may or may not use.
                    if r.ascii(box.dataOffset, 4) == "nclx" && !hasNCLX { return .notHandled("nclx on tiles only") }
                case "colr", "irot", "imir", "auxC":
                    if id != primary { return .notHandled("\(box.type) on a tile") }
                default:
                    if essential { return .notHandled("essential property \(box.type)") }
                }
            }
            guard let record, let size else { return .notHandled("tile without hvcC or ispe") }
            if let reason = try checkHVCC(record) { return .notHandled(reason) }
            if let hvcc, hvcc != record { return .notHandled("tiles with different hvcC") }
            if let tileSize, tileSize != size { return .notHandled("tiles of unequal size") }
            hvcc = record
            tileSize = size
            guard let ranges = graph.ranges(of: id, fileSize: r.count), graph.locations[id]?.method == 0 else {
                throw MediaError(.corrupt, "tile bytes outside the file")
            }
            tiles.append(ranges)
        }
        guard let hvcc, let tileSize else { return .notHandled("no tiles") }
        let (tw, th) = tileSize
        let g = gridSize ?? (1, 1, tw, th)
        // The tiles cover the output, the last column and row only in part.
        guard g.columns * tw >= g.width, (g.columns - 1) * tw < g.width, g.rows * th >= g.height, (g.rows - 1) * th < g.height
        else { return .notHandled("tiles do not cover the grid") }
        if g.columns > 1 && tw % 2 != 0 || g.rows > 1 && th % 2 != 0 { return .notHandled("odd tile size") }
        return .plan(
            HEVCImagePlan(
                hvcc: hvcc, tiles: tiles, columns: g.columns, rows: g.rows, tileWidth: tw, tileHeight: th, width: g.width,
                height: g.height, transforms: transforms, nclxFullRange: fullRange, hasNCLX: hasNCLX))
    }

    static func size(_ r: ByteReader, _ box: ISOBMFFContainer.Box) throws -> (Int, Int) {
        guard let w = r.u32be(box.dataOffset + 4), let h = r.u32be(box.dataOffset + 8), w > 0, h > 0 else {
            throw MediaError(.corrupt, "bad ispe")
        }
        return (w, h)
    }

    static func eightBits(_ r: ByteReader, _ box: ISOBMFFContainer.Box) throws -> Bool {
        guard let n = r.u8(box.dataOffset + 4), n >= 1, n <= box.dataSize - 5 else { throw MediaError(.corrupt, "bad pixi") }
        return (0..<n).allSatisfy { r.u8(box.dataOffset + 5 + $0) == 8 }
    }

    static func auxType(_ r: ByteReader, _ box: ISOBMFFContainer.Box) -> String? {
        guard box.dataSize > 4 else { return nil }
        return ISOBMFFContainer.cString(r, box.dataOffset + 4, end: box.offset + box.size).0
    }

    /// Columns, rows and output size from an ImageGrid description.
    static func grid(_ d: [UInt8]) throws -> (columns: Int, rows: Int, width: Int, height: Int) {
        let r = ByteReader(d)
        guard r.u8(0) == 0, let flags = r.u8(1), let rows = r.u8(2), let columns = r.u8(3) else {
            throw MediaError(.corrupt, "bad grid description")
        }
        let wide = flags & 1 != 0
        guard let w = wide ? r.u32be(4) : r.u16be(4), let h = wide ? r.u32be(8) : r.u16be(6), w > 0, h > 0 else {
            throw MediaError(.corrupt, "bad grid description")
        }
        return (columns + 1, rows + 1, w, h)
    }

    /// Why an hvcC record is not for this path (nil: 8-bit 4:2:0 with VPS, SPS and PPS); throws when
    /// it is broken.
    static func checkHVCC(_ record: [UInt8]) throws -> String? {
        let r = ByteReader(record)
        guard record.count >= 23, r.u8(0) == 1, let chroma = r.u8(16), let luma = r.u8(17), let chromaDepth = r.u8(18),
            let lengthSize = r.u8(21), let arrays = r.u8(22)
        else { throw MediaError(.corrupt, "bad hvcC") }
        if chroma & 3 != 1 { return "chroma format \(chroma & 3)" }
        if luma & 7 != 0 || chromaDepth & 7 != 0 { return "not 8 bits" }
        if lengthSize & 3 == 2 { return "3-byte NAL lengths" }
        var p = 23
        var types: Set<Int> = []
        for _ in 0..<arrays {
            guard let t = r.u8(p), let n = r.u16be(p + 1) else { throw MediaError(.corrupt, "bad hvcC") }
            p += 3
            for _ in 0..<n {
                guard let length = r.u16be(p), length > 0, r.slice(p + 2, length) != nil else { throw MediaError(.corrupt, "bad hvcC") }
                p += 2 + length
            }
            types.insert(t & 0x3F)
        }
        guard types.isSuperset(of: [32, 33, 34]) else { return "parameter sets missing" }
        return nil
    }
}

/// A picture's 8-bit 4:2:0 planes, rows packed: Y of `width` x `height`, Cb and Cr of
/// `chromaWidth` x `chromaHeight`.
public struct YUVPlanes: Sendable, Equatable {
    public var y: [UInt8], cb: [UInt8], cr: [UInt8]
    public var width: Int, height: Int, chromaWidth: Int, chromaHeight: Int

    /// `rotate(quarterTurns:)` anticlockwise, each plane on its own (as libheif does).
    public func rotated(quarterTurns: Int) -> YUVPlanes {
        let turns = ((quarterTurns % 4) + 4) % 4
        guard turns != 0 else { return self }
        let swap = turns != 2
        return YUVPlanes(
            y: Self.rotate(y, width, height, turns), cb: Self.rotate(cb, chromaWidth, chromaHeight, turns),
            cr: Self.rotate(cr, chromaWidth, chromaHeight, turns), width: swap ? height : width, height: swap ? width : height,
            chromaWidth: swap ? chromaHeight : chromaWidth, chromaHeight: swap ? chromaWidth : chromaHeight)
    }

    /// Axis 0: top and bottom swap; 1: left and right swap (libheif 1.15's reading). Each plane on its own.
    public func mirrored(axis: Int) -> YUVPlanes {
        var out = self
        out.y = Self.mirror(y, width, height, axis)
        out.cb = Self.mirror(cb, chromaWidth, chromaHeight, axis)
        out.cr = Self.mirror(cr, chromaWidth, chromaHeight, axis)
        return out
    }

    /// A plane turned `turns` quarters anticlockwise: the EXIF orientations that do it (8, 3, 6).
    static func rotate(_ p: [UInt8], _ w: Int, _ h: Int, _ turns: Int) -> [UInt8] {
        GreyImage(width: w, height: h, pixels: p).oriented(turns == 1 ? 8 : turns == 2 ? 3 : 6).pixels
    }

    /// A plane mirrored: axis 0 swaps top and bottom (EXIF orientation 4), 1 left and right (2).
    static func mirror(_ p: [UInt8], _ w: Int, _ h: Int, _ axis: Int) -> [UInt8] {
        GreyImage(width: w, height: h, pixels: p).oriented(axis == 0 ? 4 : 2).pixels
    }
}

extension HEVCImagePlan {
    /// The planes of the planned picture, transforms applied (as stored: no range conversion), and
    /// their range: the nclx box's, else the stream's (as libheif reads them). Throws when the
    /// stream's own matrix is not BT.601's (libheif would convert it).
    public func decode(_ r: ByteReader, maxPixels: Int, secondsLeft: Double = 0) throws -> (
        planes: YUVPlanes, fullRange: Bool, streamFullRange: Bool
    ) {
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= maxPixels, tileWidth.multipliedReportingOverflow(by: tileHeight).partialValue <= maxPixels,
            tileWidth <= 1 << 16, tileHeight <= 1 << 16
        else { throw MediaError(.tooLarge, "more pixels than the limit") }
        // The tiles' bytes, each tile's extents joined.
        var data: [UInt8] = []
        var offsets: [Int] = [], sizes: [Int] = []
        for tile in tiles {
            let start = data.count
            for part in tile {
                guard let s = r.slice(part.offset, part.length) else { throw MediaError(.corrupt, "tile bytes outside the file") }
                data.append(contentsOf: s)
            }
            offsets.append(start)
            sizes.append(data.count - start)
        }
        let cw = (width + 1) / 2, ch = (height + 1) / 2
        var planes = YUVPlanes(
            y: [UInt8](repeating: 0, count: pixels), cb: [UInt8](repeating: 128, count: cw * ch),
            cr: [UInt8](repeating: 128, count: cw * ch), width: width, height: height, chromaWidth: cw, chromaHeight: ch)
        var full: Int32 = 0, matrix: Int32 = 2
        var image = vigie_hevc_image()
        image.columns = Int32(columns)
        image.rows = Int32(rows)
        image.tile_width = Int32(tileWidth)
        image.tile_height = Int32(tileHeight)
        image.width = Int32(width)
        image.height = Int32(height)
        image.max_pixels = Int64(maxPixels)
        image.seconds_left = secondsLeft
        let status: Int32 = hvcc.withUnsafeBufferPointer { h in
            data.withUnsafeBufferPointer { d in
                offsets.withUnsafeBufferPointer { o in
                    sizes.withUnsafeBufferPointer { s in
                        image.hvcc = h.baseAddress
                        image.hvcc_size = h.count
                        image.data = d.baseAddress
                        image.data_size = d.count
                        image.tile_offset = o.baseAddress
                        image.tile_size = s.baseAddress
                        return planes.y.withUnsafeMutableBufferPointer { yp in
                            planes.cb.withUnsafeMutableBufferPointer { bp in
                                planes.cr.withUnsafeMutableBufferPointer { rp in
                                    vigie_hevc_decode_image(&image, yp.baseAddress, bp.baseAddress, rp.baseAddress, &full, &matrix)
                                }
                            }
                        }
                    }
                }
            }
        }
        switch Int(status) {
        case Int(VIGIE_HEVC_OK): break
        case Int(VIGIE_HEVC_TOO_LARGE): throw MediaError(.tooLarge, "more pixels than the limit")
        case Int(VIGIE_HEVC_TIMED_OUT): throw MediaError(.tooSlow, "the time limit passed")
        case Int(VIGIE_HEVC_NO_LIBRARY): throw MediaError(.unreadable, "FFmpeg's libavcodec could not be loaded")
        default: throw MediaError(.corrupt, "the image could not be decoded", underlying: "libavcodec status \(status)")
        }
        // Without an nclx box libheif reads the stream's colour description (and turns any matrix
        // into BT.601's through RGB): only BT.601's and "unspecified" are taken here.
        guard hasNCLX || [2, 5, 6].contains(Int(matrix)) else {
            throw MediaError(.unsupported, "matrix \(matrix) in the stream")
        }
        for t in transforms {
            switch t {
            case .rotate(let q): planes = planes.rotated(quarterTurns: q)
            case .mirror(let axis): planes = planes.mirrored(axis: axis)
            }
        }
        return (planes, hasNCLX ? nclxFullRange : full != 0, full != 0)
    }
}
