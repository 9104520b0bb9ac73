import Foundation

/// Where small print may be in a photo, found without OCR: marks of letter size, darker than their
/// ground (print on paper) or lighter (chalk on a board, white print on a dark badge), that line up in
/// rows (a chain of at least five marks of similar height, evenly on one straight baseline).
/// Tesseract's page layout misses small or tilted cards in a busy photo; these proposals are read
/// again at full resolution, turned level by the angle of their row.
public enum TextProposals {
    /// A row of letter-like marks: its box in the image's pixels, its tilt (degrees, clockwise
    /// positive) and how many marks it holds.
    public struct Row: Sendable, Equatable {
        public var box: TextBox
        public var angle: Double
        public var marks: Int
        /// 1 on a perfectly plain ground, less on a busy one.
        public var plainness: Double
        /// Light print on a darker ground: the region is read in negative.
        public var light = false
    }

    struct Mark {
        var minX = Int.max, minY = Int.max, maxX = Int.min, maxY = Int.min, count = 0
        var width: Int { maxX - minX + 1 }
        var height: Int { maxY - minY + 1 }
        var cx: Double { Double(minX + maxX) / 2 }
        var cy: Double { Double(minY + maxY) / 2 }
    }

    /// Rows of marks in `grey`, dark print and light print, longest first.
    public static func rows(in grey: GreyImage, minHeight: Int = 6, maxHeight: Int = 90) -> [Row] {
        let w = grey.width, h = grey.height
        guard w >= 32, h >= 32 else { return [] }
        // Integral image for the local mean (window of 15 pixels: small cards on dark grounds keep a bright mean).
        var integral = [Int](repeating: 0, count: (w + 1) * (h + 1))
        grey.pixels.withUnsafeBufferPointer { p in
            for y in 0..<h {
                var row = 0
                for x in 0..<w {
                    row += Int(p[y * w + x])
                    integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row
                }
            }
        }
        let r = 7
        // Dark ink: well below a ground that is not black; light ink: well above a ground that is not
        // white (the same test on the negative).
        var dark = [Bool](repeating: false, count: w * h), light = dark
        grey.pixels.withUnsafeBufferPointer { p in
            for y in 0..<h {
                let y0 = Swift.max(0, y - r), y1 = Swift.min(h, y + r + 1)
                for x in 0..<w {
                    let x0 = Swift.max(0, x - r), x1 = Swift.min(w, x + r + 1)
                    let sum = integral[y1 * (w + 1) + x1] - integral[y0 * (w + 1) + x1] - integral[y1 * (w + 1) + x0] + integral[y0 * (w + 1) + x0]
                    let mean = sum / ((y1 - y0) * (x1 - x0))
                    let v = Int(p[y * w + x])
                    dark[y * w + x] = mean > 70 && v < mean - Swift.max(20, mean / 6)
                    light[y * w + x] = mean < 185 && v > mean + Swift.max(20, (255 - mean) / 6)
                }
            }
        }
        return (rows(grey, ink: dark, minHeight: minHeight, maxHeight: maxHeight, light: false)
            + rows(grey, ink: light, minHeight: minHeight, maxHeight: maxHeight, light: true))
            .sorted { Double($0.marks) * $0.plainness > Double($1.marks) * $1.plainness }
    }

    /// Rows of the marks of one polarity (`ink`: the pixels of that polarity's print).
    static func rows(_ grey: GreyImage, ink: [Bool], minHeight: Int, maxHeight: Int, light: Bool) -> [Row] {
        let w = grey.width, h = grey.height
        // Connected marks (8-connected), by flood fill.
        var label = [Int32](repeating: -1, count: w * h)
        var marks: [Mark] = []
        var stack: [Int] = []
        for start in 0..<(w * h) where ink[start] && label[start] < 0 {
            let id = Int32(marks.count)
            var m = Mark()
            label[start] = id
            stack.append(start)
            while let i = stack.popLast() {
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
                        if ink[j] && label[j] < 0 {
                            label[j] = id
                            stack.append(j)
                        }
                    }
                }
            }
            marks.append(m)
        }
        let letters = marks.filter { m in
            let fill = Double(m.count) / Double(m.width * m.height)
            return m.height >= minHeight && m.height <= maxHeight && m.width <= 2 * m.height + 2 && m.count >= 10 && fill > 0.12 && fill < 0.9
        }
        // Spatial grid for neighbour search.
        let cell = 2 * maxHeight
        var grid: [Int: [Int]] = [:]
        for (i, m) in letters.enumerated() { grid[Int(m.cx) / cell * 100_000 + Int(m.cy) / cell, default: []].append(i) }
        // Each mark links to its nearest neighbour on the right on the same row.
        var next = [Int](repeating: -1, count: letters.count)
        var hasPrevious = [Bool](repeating: false, count: letters.count)
        for (i, a) in letters.enumerated() {
            let gx = Int(a.cx) / cell, gy = Int(a.cy) / cell
            var best = -1, bestGap = Int.max
            for ny in (gy - 1)...(gy + 1) {
                for nx in gx...(gx + 1) {
                    for j in grid[nx * 100_000 + ny] ?? [] where j != i {
                        let b = letters[j]
                        let hMax = Swift.max(a.height, b.height), hMin = Swift.min(a.height, b.height)
                        let gap = b.minX - a.maxX
                        guard b.cx > a.cx, gap >= -hMax / 3, gap <= hMax + hMax / 4, Double(hMax) <= 1.8 * Double(hMin),
                            abs(b.cy - a.cy) <= 0.45 * Double(hMax)
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
            while next[i] >= 0, chain.count < 400 { i = next[i]; chain.append(i) }
            guard chain.count >= 5 else { continue }
            let ms = chain.map { letters[$0] }
            let heights = ms.map { Double($0.height) }
            let meanH = heights.reduce(0, +) / Double(heights.count)
            let sdH = (heights.map { ($0 - meanH) * ($0 - meanH) }.reduce(0, +) / Double(heights.count)).squareRoot()
            // Straight baseline: least squares through the bottoms of the marks.
            let xs = ms.map(\.cx), ys = ms.map { Double($0.maxY) }
            let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
            let sxx = xs.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
            guard sxx > 0 else { continue }
            let slope = zip(xs, ys).map { ($0 - mx) * ($1 - my) }.reduce(0, +) / sxx
            let residual = (zip(xs, ys).map { x, y in let e = y - (my + slope * (x - mx)); return e * e }.reduce(0, +) / Double(xs.count)).squareRoot()
            guard sdH / meanH < 0.45, residual < 0.3 * meanH, abs(slope) < 0.4 else { continue }
            let box = ms.dropFirst().reduce(TextBox(x: ms[0].minX, y: ms[0].minY, width: ms[0].width, height: ms[0].height)) {
                $0.union(TextBox(x: $1.minX, y: $1.minY, width: $1.width, height: $1.height))
            }
            // Print sits on a plain ground (paper, card, board); foliage and fabric do not.
            // Measured inside each mark's own box: a tilted row's box takes in what lies beyond the card.
            // The busiest mark is left out: the first or last mark of a row is often the card's edge
            // against the scene.
            let sums = ms.map { m -> (n: Double, sum: Double, squares: Double) in
                var n = 0.0, sum = 0.0, squares = 0.0
                for y in m.minY...m.maxY {
                    for x in m.minX...m.maxX where !ink[y * w + x] {
                        let v = Double(grey.pixels[y * w + x])
                        n += 1; sum += v; squares += v * v
                    }
                }
                return (n, sum, squares)
            }
            func spread(_ n: Double, _ sum: Double, _ squares: Double) -> Double {
                let mean = sum / Swift.max(n, 1)
                return (Swift.max(0, squares / Swift.max(n, 1) - mean * mean)).squareRoot()
            }
            let busiest = sums.indices.max { spread(sums[$0].n, sums[$0].sum, sums[$0].squares) < spread(sums[$1].n, sums[$1].sum, sums[$1].squares) }
            let kept = sums.indices.filter { $0 != busiest }.map { sums[$0] }
            let spread = spread(kept.map(\.n).reduce(0, +), kept.map(\.sum).reduce(0, +), kept.map(\.squares).reduce(0, +))
            guard spread < 40 else { continue }
            rows.append(Row(box: box, angle: atan(slope) * 180 / .pi, marks: chain.count, plainness: 1 / (1 + spread / 10), light: light))
        }
        return rows
    }
}
