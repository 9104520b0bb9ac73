import Foundation
import VigieMedia

/// Where small print may be in a photo, found without OCR: marks of letter size, darker than their
/// ground (print on paper) or lighter (chalk on a board, white print on a dark badge), that line up in
/// rows (a chain of at least five marks of similar height, evenly on one straight baseline).
/// Tesseract's page layout misses small or tilted cards in a busy photo; these proposals are read
/// again at full resolution, turned level by the angle of their row.
public enum TextProposals {
    /// A row of letter-like marks: its box in the image's pixels, its tilt (degrees, clockwise
    /// positive) and how many marks it holds.
    public struct Row: Sendable, Equatable {
        public var box: Region
        public var angle: Double
        public var marks: Int
        /// 1 on a perfectly plain ground, less on a busy one.
        public var plainness: Double
        /// Light print on a darker ground: the region is read in negative.
        public var light = false
        /// The median height of its marks: about a capital's (the box also spans accents above
        /// and descenders below).
        public var letter = 0
        /// How unevenly its marks are spaced: the standard deviation of the gaps between them over
        /// their mean. Words leave wider gaps than letters; folds of fabric and wire grids do not.
        public var gapVariation = 0.0

        /// The height of its print across the row: its box's height less what its tilt adds (its
        /// length times the tilt's tangent), no less than its letters.
        public var printHeight: Double {
            Swift.max(Double(letter), Double(box.height) - Double(box.width) * abs(tan(angle * .pi / 180)))
        }
    }

    struct Mark {
        var minX = Int.max, minY = Int.max, maxX = Int.min, maxY = Int.min, count = 0
        var width: Int { maxX - minX + 1 }
        var height: Int { maxY - minY + 1 }
        var cx: Double { Double(minX + maxX) / 2 }
        var cy: Double { Double(minY + maxY) / 2 }
    }

    /// Rows of marks in `grey`, dark print and light print, longest first.
    public static func rows(
        in grey: GreyImage, minHeight: Int = OCRTuning.letterMinHeight, maxHeight: Int = OCRTuning.letterMaxHeight
    ) -> [Row] {
        let w = grey.width, h = grey.height
        guard w >= 32, h >= 32 else { return [] }
        // Ink against the local mean, from running column sums: the same sums as an integral image,
        // for one row of memory.
        let r = OCRTuning.inkWindowRadius
        // Per pixel: 1 dark ink (well below a ground that is not black), 2 light ink (well above a
        // ground that is not white: the same test on the negative), 0 neither. One byte a pixel, and
        // the flood fill marks what it visited in the same byte.
        var ink = [UInt8](repeating: 0, count: w * h)
        grey.pixels.withUnsafeBufferPointer { p in
            var columns = [Int](repeating: 0, count: w), prefix = [Int](repeating: 0, count: w + 1)
            for y in 0..<Swift.min(h, r) { for x in 0..<w { columns[x] += Int(p[y * w + x]) } }
            for y in 0..<h {
                // columns[x] holds the sum of rows y - r ..< y + r + 1 (clipped) of column x.
                if y + r < h { for x in 0..<w { columns[x] += Int(p[(y + r) * w + x]) } }
                if y - r - 1 >= 0 { for x in 0..<w { columns[x] -= Int(p[(y - r - 1) * w + x]) } }
                for x in 0..<w { prefix[x + 1] = prefix[x] + columns[x] }
                let rowsIn = Swift.min(h, y + r + 1) - Swift.max(0, y - r)
                for x in 0..<w {
                    let x0 = Swift.max(0, x - r), x1 = Swift.min(w, x + r + 1)
                    let mean = (prefix[x1] - prefix[x0]) / (rowsIn * (x1 - x0))
                    let v = Int(p[y * w + x])
                    if mean > OCRTuning.darkInkGroundAbove
                        && v < mean - Swift.max(OCRTuning.minInkContrast, mean / OCRTuning.inkContrastDivisor)
                    {
                        ink[y * w + x] = Polarity.dark.rawValue
                    } else if mean < OCRTuning.lightInkGroundBelow
                        && v > mean + Swift.max(OCRTuning.minInkContrast, (255 - mean) / OCRTuning.inkContrastDivisor)
                    {
                        ink[y * w + x] = Polarity.light.rawValue
                    }
                }
            }
        }
        return
            (rows(grey, ink: &ink, minHeight: minHeight, maxHeight: maxHeight, polarity: .dark)
            + rows(grey, ink: &ink, minHeight: minHeight, maxHeight: maxHeight, polarity: .light))
            .sorted { Double($0.marks) * $0.plainness > Double($1.marks) * $1.plainness }
    }

    /// The first `count` of `rows` (ranked as `rows(in:)` gives them) to look at again, of which up
    /// to `wordSpaced` are kept for rows spaced like words (`OCRTuning.wordGapVariation`): the folds of
    /// a curtain or a wire grid make scores of long rows of evenly spaced marks that outrank a card's
    /// small print, whose words leave wider gaps. A single word, or print in a monospace font, is
    /// spaced evenly too: the rows ranked first keep their places.
    public static func lookedAt(_ rows: [Row], count: Int, wordSpaced: Int = OCRTuning.wordSpacedRows) -> [Row] {
        let first = Array(rows.prefix(Swift.max(0, count - wordSpaced)))
        let spaced = rows.dropFirst(first.count).filter { $0.gapVariation >= OCRTuning.wordGapVariation }.prefix(wordSpaced)
        var chosen = first + spaced
        for row in rows.dropFirst(first.count) where chosen.count < count && !spaced.contains(row) { chosen.append(row) }
        return chosen
    }

    /// The print of a pixel in `rows`' ink map; `visited` is or-ed in by the flood fill.
    enum Polarity: UInt8 {
        case dark = 1, light = 2
        static let mask: UInt8 = 3
        static let visited: UInt8 = 4
    }

    /// The median of the slopes between every two points (Theil and Sen): the tilt of a row whose
    /// marks mostly sit on its baseline, whatever a few others do (a descender, a slash, the card's
    /// edge taken for a letter, which pull a least-squares line by degrees). Nil for fewer than two
    /// distinct abscissas.
    static func medianSlope(xs: [Double], ys: [Double]) -> Double? {
        var slopes: [Double] = []
        for i in xs.indices {
            for j in xs.indices where j > i && xs[j] != xs[i] { slopes.append((ys[j] - ys[i]) / (xs[j] - xs[i])) }
        }
        guard !slopes.isEmpty else { return nil }
        slopes.sort()
        let m = slopes.count / 2
        return slopes.count % 2 == 1 ? slopes[m] : (slopes[m - 1] + slopes[m]) / 2
    }

    /// Rows of the marks of one polarity (`ink`: the ink map, whose pixels of that polarity get
    /// marked visited).
    static func rows(_ grey: GreyImage, ink: inout [UInt8], minHeight: Int, maxHeight: Int, polarity: Polarity) -> [Row] {
        let w = grey.width, h = grey.height
        let unvisited = polarity.rawValue
        // Connected marks (8-connected), by flood fill.
        var marks: [Mark] = []
        var stack: [Int32] = []
        for start in 0..<(w * h) where ink[start] == unvisited {
            var m = Mark()
            ink[start] |= Polarity.visited
            stack.append(Int32(start))
            while let i32 = stack.popLast() {
                let i = Int(i32)
                let x = i % w, y = i / w
                m.minX = Swift.min(m.minX, x); m.maxX = Swift.max(m.maxX, x)
                m.minY = Swift.min(m.minY, y); m.maxY = Swift.max(m.maxY, y)
                m.count += 1
                for dy in -1...1 {
                    let ny = y + dy
                    guard ny >= 0, ny < h else { continue }
                    for dx in -1...1 {
                        let nx = x + dx
                        guard nx >= 0, nx < w else { continue }
                        let j = ny * w + nx
                        if ink[j] == unvisited {
                            ink[j] |= Polarity.visited
                            stack.append(Int32(j))
                        }
                    }
                }
            }
            marks.append(m)
        }
        let letters = marks.filter { m in
            let fill = Double(m.count) / Double(m.width * m.height)
            return m.height >= minHeight && m.height <= maxHeight && m.width <= 2 * m.height + 2
                && m.count >= OCRTuning.letterMinPixels && fill > OCRTuning.letterMinFill && fill < OCRTuning.letterMaxFill
        }
        // Spatial grid for neighbour search.
        let cell = 2 * maxHeight
        // A mark's cell, and the cell's key in the grids.
        func place(_ m: Mark) -> (x: Int, y: Int) { (Int(m.cx) / cell, Int(m.cy) / cell) }
        func key(_ p: (x: Int, y: Int)) -> Int { p.x * 100_000 + p.y }
        var grid: [Int: [Int]] = [:]
        for (i, m) in letters.enumerated() { grid[key(place(m)), default: []].append(i) }
        // Dots (marks lower and narrower than a letter), by the same grid: a row runs on across a
        // wider gap with a colon in it, two dots one above the other ("Note : 93 %", the colon set
        // off by spaces as French writes it).
        let maxGap = OCRTuning.letterMaxGap, colonGap = OCRTuning.punctuatedGap
        var dotGrid: [Int: [Mark]] = [:]
        for m in marks where m.height < minHeight && m.width < minHeight {
            dotGrid[key(place(m)), default: []].append(m)
        }
        func colon(between a: Mark, _ b: Mark) -> Bool {
            let top = Swift.min(a.minY, b.minY), bottom = Swift.max(a.maxY, b.maxY), h = bottom - top + 1
            let (gx, gy) = place(a)
            var inGap: [Mark] = []
            for ny in (gy - 1)...(gy + 1) {
                for nx in gx...(gx + 1) {
                    inGap += (dotGrid[key((nx, ny))] ?? []).filter { d in
                        d.minX > a.maxX && d.maxX < b.minX && d.minY >= top && d.maxY <= bottom
                    }
                }
            }
            return inGap.contains { upper in
                inGap.contains { lower in
                    abs(lower.cx - upper.cx) <= Swift.max(2, Double(h) / 6) && lower.minY - upper.maxY >= Swift.max(1, h / 6)
                }
            }
        }
        // Each mark links to its nearest neighbour on the right on the same row.
        var next = [Int](repeating: -1, count: letters.count)
        var hasPrevious = [Bool](repeating: false, count: letters.count)
        for (i, a) in letters.enumerated() {
            let (gx, gy) = place(a)
            var best = -1, bestGap = Int.max
            for ny in (gy - 1)...(gy + 1) {
                for nx in gx...(gx + 1) {
                    for j in grid[key((nx, ny))] ?? [] where j != i {
                        let b = letters[j]
                        let hMax = Swift.max(a.height, b.height), hMin = Swift.min(a.height, b.height)
                        let gap = b.minX - a.maxX
                        guard b.cx > a.cx, gap >= -hMax / 3, Double(gap) <= colonGap * Double(hMax),
                            Double(hMax) <= OCRTuning.letterHeightRatio * Double(hMin),
                            abs(b.cy - a.cy) <= OCRTuning.letterBaselineShift * Double(hMax),
                            Double(gap) <= maxGap * Double(hMax) || colon(between: a, b)
                        else { continue }
                        if gap < bestGap { best = j; bestGap = gap }
                    }
                }
            }
            if best >= 0, !hasPrevious[best] {
                next[i] = best
                hasPrevious[best] = true
            }
        }
        var rows: [Row] = []
        for start in letters.indices where !hasPrevious[start] && next[start] >= 0 {
            var chain = [start]
            var i = start
            while next[i] >= 0, chain.count < OCRTuning.maxRowLetters { i = next[i]; chain.append(i) }
            guard chain.count >= OCRTuning.minRowLetters else { continue }
            // Print sits on a plain ground (paper, card, board); foliage and fabric do not. The
            // ground of each mark is measured inside its own box: a tilted row's box takes in what
            // lies beyond the card.
            func ground(_ m: Mark) -> (n: Double, sum: Double, squares: Double) {
                var n = 0.0, sum = 0.0, squares = 0.0
                for y in m.minY...m.maxY {
                    for x in m.minX...m.maxX where ink[y * w + x] & Polarity.mask != unvisited {
                        let v = Double(grey.pixels[y * w + x])
                        n += 1; sum += v; squares += v * v
                    }
                }
                return (n, sum, squares)
            }
            func spread(_ g: [(n: Double, sum: Double, squares: Double)]) -> Double {
                let n = Swift.max(1, g.map(\.n).reduce(0, +)), mean = g.map(\.sum).reduce(0, +) / n
                return (Swift.max(0, g.map(\.squares).reduce(0, +) / n - mean * mean)).squareRoot()
            }
            var ms = chain.map { letters[$0] }
            var grounds = ms.map(ground)
            // A row that runs off its card on to the scene (marks of the scene line up with the
            // letters): the marks at its ends whose ground is not the card's (the median mark's)
            // are left out.
            let means = grounds.map { $0.sum / Swift.max(1, $0.n) }
            let card = means.sorted()[means.count / 2]
            var first = 0, last = ms.count - 1
            while last - first >= 5, abs(means[first] - card) > OCRTuning.maxGroundSpread { first += 1 }
            while last - first >= 5, abs(means[last] - card) > OCRTuning.maxGroundSpread { last -= 1 }
            ms = Array(ms[first...last])
            grounds = Array(grounds[first...last])
            let heights = ms.map { Double($0.height) }
            let meanH = heights.reduce(0, +) / Double(heights.count)
            // Straight baseline: least squares through the bottoms of the marks.
            let xs = ms.map(\.cx), ys = ms.map { Double($0.maxY) }
            let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
            let sxx = xs.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
            guard sxx > 0 else { continue }
            let slope = zip(xs, ys).map { ($0 - mx) * ($1 - my) }.reduce(0, +) / sxx
            let residual =
                (zip(xs, ys).map { x, y in
                    let e = y - (my + slope * (x - mx)); return e * e
                }.reduce(0, +) / Double(xs.count)).squareRoot()
            guard coefficientOfVariation(heights) < OCRTuning.maxHeightVariation, residual < OCRTuning.maxBaselineResidual * meanH,
                abs(slope) < OCRTuning.maxRowSlope
            else { continue }
            let tilt = medianSlope(xs: xs, ys: ys) ?? slope
            let box = ms.dropFirst().reduce(Region(x: ms[0].minX, y: ms[0].minY, width: ms[0].width, height: ms[0].height)) {
                $0.union(Region(x: $1.minX, y: $1.minY, width: $1.width, height: $1.height))
            }
            // The busiest mark is left out: the first or last mark of a row is often the card's edge
            // against the scene.
            let busiest = grounds.indices.max { spread([grounds[$0]]) < spread([grounds[$1]]) }
            let spread = spread(grounds.indices.filter { $0 != busiest }.map { grounds[$0] })
            guard spread < OCRTuning.maxGroundSpread else { continue }
            let sortedX = ms.sorted { $0.minX < $1.minX }
            let gaps = zip(sortedX, sortedX.dropFirst()).map { Double(Swift.max(0, $1.minX - $0.maxX)) }
            var row = Row(
                box: box, angle: atan(tilt) * 180 / .pi, marks: ms.count, plainness: 1 / (1 + spread / 10), light: polarity == .light,
                letter: ms.map(\.height).sorted()[ms.count / 2])
            row.gapVariation = coefficientOfVariation(gaps)
            rows.append(row)
        }
        return rows
    }
}

/// The standard deviation of `values` over their mean (the mean taken as at least 1, so that gaps
/// of about zero do not make it large); 0 for fewer than two values.
private func coefficientOfVariation(_ values: [Double]) -> Double {
    guard values.count >= 2 else { return 0 }
    let mean = values.reduce(0, +) / Double(values.count)
    let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
    return sd / max(1, mean)
}
