import Foundation

/// Pixels owned by Swift: 8-bit sRGB, three interleaved bands, in display orientation.
/// Checks read this; none of them touches a C handle.
public struct DecodedImage: Sendable {
    public let width: Int
    public let height: Int
    public let pixels: [UInt8]
    /// Size of the full image as displayed (after orientation), of which this is a scaled copy.
    public let displayWidth: Int
    public let displayHeight: Int

    public init(width: Int, height: Int, pixels: [UInt8], displayWidth: Int, displayHeight: Int) {
        precondition(pixels.count == width * height * 3, "pixel buffer does not match its size")
        self.width = width
        self.height = height
        self.pixels = pixels
        self.displayWidth = displayWidth
        self.displayHeight = displayHeight
    }

    /// Factor from working pixels to displayed pixels.
    public var scale: Double { width > 0 ? Double(displayWidth) / Double(width) : 1 }

    /// Rec. 601 luma of one RGB pixel, rounded: the grey every check and OCR read.
    @inline(__always) static func luma601(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let weighted: Int = 299 * Int(r) + 587 * Int(g) + 114 * Int(b)
        return UInt8((weighted + 500) / 1000)
    }

    /// Rec. 601 luma, one byte a pixel.
    public func luma() -> GreyImage {
        let count = width * height
        let out = [UInt8](unsafeUninitializedCapacity: count) { o, initialized in
            pixels.withUnsafeBufferPointer { p in
                for i in 0..<count { o[i] = Self.luma601(p[3 * i], p[3 * i + 1], p[3 * i + 2]) }
            }
            initialized = count
        }
        return GreyImage(width: width, height: height, pixels: out)
    }
}

/// Counts of each grey level among some pixels, and the levels at given fractions of them.
public struct GreyHistogram: Sendable {
    public private(set) var counts = [Int](repeating: 0, count: 256)
    public private(set) var total = 0

    public init() {}

    public init(_ pixels: [UInt8]) {
        for v in pixels { add(v) }
    }

    public mutating func add(_ value: UInt8) {
        counts[Int(value)] += 1
        total += 1
    }

    /// Mean level; 0 when empty.
    public var mean: Double {
        Double(counts.enumerated().reduce(0) { $0 + $1.offset * $1.element }) / Double(Swift.max(1, total))
    }

    /// The lowest level with more than the fraction `q` of the pixels at or below it; 255 when empty.
    public func percentile(_ q: Double) -> Int {
        let target = Int(Double(Swift.max(1, total)) * q)
        var seen = 0
        for (v, c) in counts.enumerated() {
            seen += c
            if seen > target { return v }
        }
        return 255
    }
}

/// A single-band 8-bit image.
public struct GreyImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height, "pixel buffer does not match its size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public subscript(x: Int, y: Int) -> UInt8 { pixels[y * width + x] }

    /// Applies an EXIF orientation (1-8) so that a stored image shows as displayed.
    public func oriented(_ orientation: Int) -> GreyImage {
        guard (2...8).contains(orientation) else { return self }
        let swap = orientation >= 5
        let w = swap ? height : width
        let h = swap ? width : height
        var out = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                // Source coordinates for displayed (x, y).
                let (sx, sy): (Int, Int)
                switch orientation {
                case 2: (sx, sy) = (width - 1 - x, y)
                case 3: (sx, sy) = (width - 1 - x, height - 1 - y)
                case 4: (sx, sy) = (x, height - 1 - y)
                case 5: (sx, sy) = (y, x)
                case 6: (sx, sy) = (y, height - 1 - x)
                case 7: (sx, sy) = (width - 1 - y, height - 1 - x)
                default: (sx, sy) = (width - 1 - y, x)  // 8
                }
                out[y * w + x] = pixels[sy * width + sx]
            }
        }
        return GreyImage(width: w, height: h, pixels: out)
    }

    /// Area-average resample to `w` x `h`.
    public func resampled(_ w: Int, _ h: Int) -> [Double] {
        var out = [Double](repeating: 0, count: w * h)
        for oy in 0..<h {
            let y0 = oy * height / h, y1 = Swift.max(y0 + 1, (oy + 1) * height / h)
            for ox in 0..<w {
                let x0 = ox * width / w, x1 = Swift.max(x0 + 1, (ox + 1) * width / w)
                var sum = 0
                for y in y0..<Swift.min(y1, height) {
                    for x in x0..<Swift.min(x1, width) { sum += Int(pixels[y * width + x]) }
                }
                out[oy * w + ox] = Double(sum) / Double((Swift.min(y1, height) - y0) * (Swift.min(x1, width) - x0))
            }
        }
        return out
    }

    /// The image without uniform dark or light bands on its edges (letterboxing of previews).
    public func trimmingBorders() -> GreyImage {
        func rowIsBorder(_ y: Int) -> Bool {
            var lo = 255, hi = 0
            for x in 0..<width { let v = Int(self[x, y]); lo = Swift.min(lo, v); hi = Swift.max(hi, v) }
            return hi - lo < 24 && (hi < 40 || lo > 235)
        }
        func colIsBorder(_ x: Int, _ top: Int, _ bottom: Int) -> Bool {
            var lo = 255, hi = 0
            for y in top..<bottom { let v = Int(self[x, y]); lo = Swift.min(lo, v); hi = Swift.max(hi, v) }
            return hi - lo < 24 && (hi < 40 || lo > 235)
        }
        var top = 0, bottom = height
        while top < bottom - 1 && rowIsBorder(top) { top += 1 }
        while bottom - 1 > top && rowIsBorder(bottom - 1) { bottom -= 1 }
        var left = 0, right = width
        while left < right - 1 && colIsBorder(left, top, bottom) { left += 1 }
        while right - 1 > left && colIsBorder(right - 1, top, bottom) { right -= 1 }
        // Only trim real letterbox bands: symmetric (within 2 px and 20%), at least 2% of the side,
        // and leaving at least half the picture.
        if (bottom - top) * 2 < height || (right - left) * 2 < width { return self }
        func symmetric(_ a: Int, _ b: Int, _ side: Int) -> Bool {
            a + b >= Swift.max(2, side / 50) && abs(a - b) <= 2 + (a + b) / 5
        }
        if !symmetric(top, height - bottom, height) { top = 0; bottom = height }
        if !symmetric(left, width - right, width) { left = 0; right = width }
        var out: [UInt8] = []
        out.reserveCapacity((bottom - top) * (right - left))
        for y in top..<bottom { out += pixels[(y * width + left)..<(y * width + right)] }
        return GreyImage(width: right - left, height: bottom - top, pixels: out)
    }
}

/// Compares an embedded preview with the main picture: same scene and framing, or not.
public enum PreviewComparator {
    /// Normalised cross-correlation of the two pictures on a small grid, and the aspect mismatch.
    public static func compare(preview: GreyImage, main: GreyImage) -> (correlation: Double, aspectMismatch: Double) {
        let p = preview.trimmingBorders()
        let grid = 24
        let a = p.resampled(grid, grid)
        let b = main.resampled(grid, grid)
        func normalised(_ v: [Double]) -> [Double] {
            let mean = v.reduce(0, +) / Double(v.count)
            let sd = (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count)).squareRoot()
            return v.map { ($0 - mean) / Swift.max(sd, 1) }
        }
        let na = normalised(a), nb = normalised(b)
        let corr = zip(na, nb).map(*).reduce(0, +) / Double(na.count)
        let ap = Double(p.width) / Double(Swift.max(p.height, 1))
        let am = Double(main.width) / Double(Swift.max(main.height, 1))
        return (corr, abs(ap / am - 1))
    }

    /// The verdict used by the thumbnail check. A different picture decorrelates strongly; a crop
    /// of the same scene keeps some correlation but changes the shape. Flat pictures (a plain
    /// square) carry no pattern to correlate, so only their brightness is compared.
    public static func framing(preview: GreyImage, main: GreyImage) -> EmbeddedPreview.Framing {
        let p = preview.trimmingBorders().resampled(24, 24)
        let m = main.resampled(24, 24)
        func stats(_ v: [Double]) -> (mean: Double, sd: Double) {
            let mean = v.reduce(0, +) / Double(v.count)
            return (mean, (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count)).squareRoot())
        }
        let sp = stats(p), sm = stats(m)
        if sp.sd < 8 || sm.sd < 8 {
            return abs(sp.mean - sm.mean) > 40 || abs(sp.sd - sm.sd) > 24 ? .differs : .matches
        }
        let (corr, aspect) = compare(preview: preview, main: main)
        if corr < 0.5 { return .differs }
        if aspect > 0.08 && corr < 0.9 { return .differs }
        return .matches
    }
}
