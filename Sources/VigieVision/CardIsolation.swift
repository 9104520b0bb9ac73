import Foundation
import VigieMedia

/// School text is printed on a plain ground: a card, a badge, a sheet, a board. In a photo that ground
/// sits in a busy scene, and Tesseract's global threshold and page layout, given the scene around a
/// small card, often find no text at all. `CardIsolation` cuts the card out of the scene: the ground
/// around a line of text (its grey level, measured where the text is), every pixel connected to it
/// at about that level, and whatever that ground encloses (the letters). The rest of the region is
/// painted white, and the card is stretched to dark print on white, whatever the polarity of the
/// original (white chalk on a board is turned into black on white).
public enum CardIsolation {
    /// A line of text a region is read for: its box, the slope of its baseline (dy/dx) and the height
    /// of its letters, in the region's pixels.
    public struct Line: Sendable, Equatable {
        public var box: Region
        public var slope: Double
        public var letter: Int

        public init(box: Region, slope: Double, letter: Int) {
            self.box = box
            self.slope = slope
            self.letter = letter
        }

        /// The same line in an image `factor` times smaller.
        func scaled(down factor: Int) -> Line {
            guard factor > 1 else { return self }
            return Line(
                box: Region(
                    x: box.x / factor, y: box.y / factor, width: Swift.max(1, box.width / factor), height: Swift.max(1, box.height / factor)
                ),
                slope: slope, letter: Swift.max(1, letter / factor))
        }

        func moved(by dx: Int, _ dy: Int) -> Line {
            Line(box: Region(x: box.x + dx, y: box.y + dy, width: box.width, height: box.height), slope: slope, letter: letter)
        }

        /// Calls `body` with each pixel of the band along the line (its letters and a third of a
        /// letter around them), within `width` x `height`: a tilted line's box also holds what lies
        /// above and below the card.
        func forEachPixel(width: Int, height: Int, _ body: (Int) -> Void) {
            let pad = Swift.max(1, letter / 3)
            forEachPixel(width: width, height: height, along: pad, across: pad, halfHeight: Double(letter) / 2 + Double(pad), body)
        }

        /// Calls `body` with each pixel within `along` pixels of the line's box along it, `across`
        /// pixels above and below it, and at most `halfHeight` from the line's centre line, within
        /// `width` x `height`.
        func forEachPixel(width: Int, height: Int, along: Int, across: Int, halfHeight: Double, _ body: (Int) -> Void) {
            let x0 = Swift.max(0, box.x - along), x1 = Swift.min(width, box.maxX + along)
            let y0 = Swift.max(0, box.y - across), y1 = Swift.min(height, box.maxY + across)
            guard x1 > x0, y1 > y0 else { return }
            let cx = Double(box.x + box.maxX) / 2, cy = Double(box.y + box.maxY) / 2
            for y in y0..<y1 {
                for x in x0..<x1 where abs(Double(y) - (cy + slope * (Double(x) - cx))) <= halfHeight { body(y * width + x) }
            }
        }
    }

    /// Grey statistics of a line of text: its ground, the extreme of its print, and whether the
    /// print is lighter than the ground.
    struct Ground: Equatable {
        var level: Int
        var ink: Int
        var light: Bool
        /// How far from `level` a pixel may be and still be ground.
        var tolerance: Int
    }

    /// The ground of the text along `line` (in `image` pixels): the median is the ground (print
    /// covers less than half of a line), the 5th or 95th percentile is the print, on the side farthest
    /// from the ground. Nil when the line holds no contrast that print would have.
    static func ground(of line: Line, in image: GreyImage) -> Ground? {
        var histogram = GreyHistogram()
        image.pixels.withUnsafeBufferPointer { p in
            line.forEachPixel(width: image.width, height: image.height) { histogram.add(p[$0]) }
        }
        guard histogram.total >= 64 else { return nil }
        let percentile = histogram.percentile
        let level = percentile(0.5), low = percentile(0.05), high = percentile(0.95)
        let light = high - level > level - low
        let ink = light ? high : low
        let contrast = abs(ink - level)
        guard contrast >= OCRTuning.minCardContrast else { return nil }
        // The ground's own spread: the quartile on the side away from the print.
        let quartile = light ? percentile(0.25) : percentile(0.75)
        let tolerance = Swift.max(14, Swift.min(contrast / 3, 3 * abs(quartile - level) + 10))
        return Ground(level: level, ink: ink, light: light, tolerance: tolerance)
    }

    /// `image` with only the card that holds `cores` (lines of text in `image` pixels, the first the
    /// one whose ground is measured) kept, as dark print on white; the rest white. Nil when no ground
    /// can be measured.
    static func isolate(_ image: GreyImage, cores: [Line]) -> GreyImage? {
        isolated(image, cores: cores)?.image
    }

    /// The cards that hold `cores`, each cut out as `isolate` does, at most `limit`: the card of the
    /// first core, then the card of the first core not on it (a badge beside a sheet, whose regions
    /// merged), with that core. A core whose card cannot be cut out (print on foliage, a line
    /// found on a tyre's tread) is passed over for the next, `attempts` times at most.
    static func cards(in image: GreyImage, cores: [Line], limit: Int = 2, attempts: Int = 4) -> [(image: GreyImage, line: Line)] {
        var out: [(image: GreyImage, line: Line)] = []
        var left = cores
        var tried = 0
        while let first = left.first, out.count < limit, tried < attempts {
            tried += 1
            guard let card = isolated(image, cores: left) else {
                left.removeFirst()
                continue
            }
            out.append((card.image, first))
            // A core is on the card when two fifths of its band are the card's ground (the ground
            // is most of a line; light print on a dark badge beside a white card is as light as
            // the card, a quarter of its band).
            left = left.dropFirst().filter { core in
                var band = 0, ground = 0
                core.forEachPixel(width: image.width, height: image.height) { i in
                    band += 1
                    if card.state[i] == 2 { ground += 1 }
                }
                return 5 * ground < 2 * band
            }
        }
        return out
    }

    /// `isolate`'s image, with the state of each pixel (2: the card's ground, 3: outside).
    private static func isolated(_ image: GreyImage, cores: [Line]) -> (image: GreyImage, state: [UInt8])? {
        guard let first = cores.first, let ground = ground(of: first, in: image) else { return nil }
        let w = image.width, h = image.height, n = w * h
        // 1: ground-like pixels; 2: the card's ground (connected to a core); 3: outside the card.
        var state = [UInt8](repeating: 0, count: n)
        image.pixels.withUnsafeBufferPointer { p in
            for i in 0..<n where abs(Int(p[i]) - ground.level) <= ground.tolerance { state[i] = 1 }
        }
        var stack: [Int] = []
        func fill(from seeds: [Int], where accept: (UInt8) -> Bool, mark: UInt8) {
            stack = seeds.filter { accept(state[$0]) }
            for i in stack { state[i] = mark }
            while let i = stack.popLast() {
                let x = i % w, y = i / w
                if x > 0, accept(state[i - 1]) { state[i - 1] = mark; stack.append(i - 1) }
                if x + 1 < w, accept(state[i + 1]) { state[i + 1] = mark; stack.append(i + 1) }
                if y > 0, accept(state[i - w]) { state[i - w] = mark; stack.append(i - w) }
                if y + 1 < h, accept(state[i + w]) { state[i + w] = mark; stack.append(i + w) }
            }
        }
        // Print on a card leaves most of its line's band to the ground; foliage or gravel does not.
        var band = 0, plainInBand = 0
        first.forEachPixel(width: w, height: h) { i in
            band += 1
            if state[i] == 1 { plainInBand += 1 }
        }
        guard 20 * plainInBand >= 9 * band else { return nil }
        // The card's ground: ground-like pixels connected to the ground inside the text's boxes.
        var seeds: [Int] = []
        for core in cores { core.forEachPixel(width: w, height: h) { i in if state[i] == 1 { seeds.append(i) } } }
        fill(from: seeds, where: { $0 == 1 }, mark: 2)
        // Far from every line (more than three letters across it, eight along it: the marks column of
        // a grade sheet): outside.
        // A dark badge's ground runs on into a dark scene; the card's other lines are near its rows.
        var near = [Bool](repeating: false, count: n)
        for core in cores {
            let l = core.letter
            core.forEachPixel(width: w, height: h, along: 8 * l, across: 3 * l, halfHeight: 3 * Double(l)) { near[$0] = true }
        }
        for i in 0..<n where !near[i] { state[i] = 3 }
        // Outside: everything not the card's ground that the border of the region, or the far
        // pixels, reach.
        var border: [Int] = []
        for x in 0..<w { border.append(x); border.append((h - 1) * w + x) }
        for y in 0..<h { border.append(y * w); border.append(y * w + w - 1) }
        for i in 0..<n where state[i] == 3 {
            let x = i % w
            if x > 0, state[i - 1] < 2 { border.append(i - 1) }
            if x + 1 < w, state[i + 1] < 2 { border.append(i + 1) }
            if i >= w, state[i - w] < 2 { border.append(i - w) }
            if i + w < n, state[i + w] < 2 { border.append(i + w) }
        }
        fill(from: border, where: { $0 < 2 }, mark: 3)
        var card = 0, plain = 0
        for s in state where s != 3 {
            card += 1
            if s == 2 { plain += 1 }
        }
        // Nothing enclosed, or nothing left out: isolation would not help. Mostly not ground: foliage,
        // gravel, fabric, not a card.
        guard card >= 16 * first.letter * first.letter, card < n - n / 50, 10 * plain >= 6 * card else { return nil }
        let span = Double(Swift.max(1, abs(ground.level - ground.ink)))
        var out = [UInt8](repeating: 255, count: n)
        image.pixels.withUnsafeBufferPointer { p in
            for i in 0..<n where state[i] != 3 {
                // Distance from the ground towards the print, 0 (ground) to 1 (print).
                let d = Double(ground.light ? Int(p[i]) - ground.level : ground.level - Int(p[i])) / span
                out[i] = UInt8(Swift.max(0, Swift.min(255, (255 * (1 - d)).rounded())))
            }
        }
        return (GreyImage(width: w, height: h, pixels: out), state)
    }
}
