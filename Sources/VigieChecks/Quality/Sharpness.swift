import Foundation
import VigieConsentModel
import VigieMedia
import VigieVision

/// The picture the quality measures read: luma, area-averaged so that its long side is at most
/// `Sharpness.workingLongSide`. Sharpness depends on scale, so every picture is judged at this one
/// size (smaller pictures are never enlarged: enlarging adds no detail, it would only blur them).
public enum QualityImage {
    public static func grey(_ image: DecodedImage, longSide: Int = Sharpness.workingLongSide) -> GreyImage {
        let luma = image.luma()
        let long = max(luma.width, luma.height)
        guard long > longSide else { return luma }
        let w = max(1, luma.width * longSide / long), h = max(1, luma.height * longSide / long)
        return GreyImage(width: w, height: h, pixels: luma.resampled(w, h).map { UInt8(min(255, max(0, $0.rounded()))) })
    }
}

/// Edge sharpness that does not depend on contrast and catches defocus and motion blur.
///
/// For each direction (horizontal, vertical, both diagonals) it compares the steepest one-pixel step
/// with the steepest four-pixel step in a tile: a crisp edge climbs as much in one pixel as in four
/// (ratio near 1); an edge spread over w pixels climbs 1/w of it in one pixel. Defocus spreads edges in
/// every direction; motion spreads them along the motion, so a tile takes the *smallest* ratio among
/// the directions that have an edge. A picture is as sharp as its best tiles: a sharp subject on a
/// soft background keeps sharp tiles, a blurred picture has none.
public enum Sharpness {
    /// The fixed working size of quality measures (long side, pixels).
    public static let workingLongSide = 1024
    /// Tile side at the working size.
    public static let tile = 64
    /// A direction counts in a tile only when its four-pixel step reaches this many grey levels.
    static let minimumEdge = 24

    private static let directions: [(Int, Int)] = [(1, 0), (0, 1), (1, 1), (1, -1)]

    /// Steepest one-pixel and four-pixel steps of one rectangle, per direction, each pixel counted in
    /// the direction closest to its gradient (the normal of the edge it sits on). Binning by edge
    /// normal matters: a step along any direction across a crisp edge is crisp, so without it edges
    /// parallel to a motion would hide the motion in every direction.
    static func steps(_ grey: GreyImage, x x0: Int, y y0: Int, width: Int, height: Int) -> (fine: [Int], coarse: [Int])? {
        let w = grey.width, h = grey.height
        let xs = max(2, x0), ys = max(2, y0)
        let xe = min(w - 2, x0 + width), ye = min(h - 2, y0 + height)
        guard xe > xs, ye > ys else { return nil }
        var fineMax = [Int](repeating: 0, count: 4), coarseMax = [Int](repeating: 0, count: 4)
        let stepOf = directions.map { $0.1 * w + $0.0 }
        grey.pixels.withUnsafeBufferPointer { p in
            for y in ys..<ye {
                let row = y * w
                for x in xs..<xe {
                    let i = row + x
                    let gx = Int(p[i + 1]) - Int(p[i - 1]), gy = Int(p[i + w]) - Int(p[i - w])
                    // Projections on x, y and both diagonals (diagonals scaled by 1/sqrt(2) ~ 181/256).
                    let px = abs(gx) * 256, py = abs(gy) * 256
                    let pd = abs(gx + gy) * 181, pa = abs(gx - gy) * 181
                    var k = 0, best = px
                    if py > best { k = 1; best = py }
                    if pd > best { k = 2; best = pd }
                    if pa > best { k = 3; best = pa }
                    if best == 0 { continue }
                    let step = stepOf[k]
                    let fine = max(abs(Int(p[i + step]) - Int(p[i])), abs(Int(p[i]) - Int(p[i - step])))
                    let coarse = abs(Int(p[i + 2 * step]) - Int(p[i - 2 * step]))
                    if fine > fineMax[k] { fineMax[k] = fine }
                    if coarse > coarseMax[k] { coarseMax[k] = coarse }
                }
            }
        }
        return (fineMax, coarseMax)
    }

    /// Per direction, the crispness ratio where the rectangle has an edge across that direction of at
    /// least `minimumEdge` levels.
    static func ratios(fine: [Int], coarse: [Int]) -> [Double?] {
        return (0..<4).map { k in
            guard coarse[k] >= minimumEdge else { return nil }
            return min(1, Double(fine[k]) / Double(coarse[k]))
        }
    }

    /// The ratio score of one rectangle (a face): its least crisp direction, nil without edges.
    public static func score(_ grey: GreyImage, x: Int, y: Int, width: Int, height: Int) -> Double? {
        guard let s = steps(grey, x: x, y: y, width: width, height: height) else { return nil }
        let r = ratios(fine: s.fine, coarse: s.coarse).compactMap { $0 }
        guard r.count >= 2 else { return nil }
        return r.min()
    }

    /// The picture's sharpness, or nil when it has almost no edges (a flat picture is neither).
    ///
    /// Per direction: the mean ratio of the best tenth of the tiles that have content (at least three),
    /// where a tile without an edge across that direction counts as fully blurred (0.25). The picture
    /// scores its worst direction. Motion smears every tile along one direction, so that direction has
    /// no crisp tile anywhere; a sharp subject keeps crisp tiles in every direction.
    public static func score(_ grey: GreyImage) -> Double? {
        var perDirection = [[Double]](repeating: [], count: 4)
        var contentTiles = 0
        var y = 0
        while y < grey.height {
            var x = 0
            while x < grey.width {
                if let s = steps(grey, x: x, y: y, width: tile, height: tile), (s.coarse.max() ?? 0) >= minimumEdge {
                    contentTiles += 1
                    for (k, r) in ratios(fine: s.fine, coarse: s.coarse).enumerated() {
                        if let r { perDirection[k].append(r) }
                    }
                }
                x += tile
            }
            y += tile
        }
        guard contentTiles >= 3 else { return nil }
        let n = max(3, contentTiles / 10)
        return perDirection.map { values -> Double in
            let best = values.sorted(by: >).prefix(n)
            return (best.reduce(0, +) + Double(n - best.count) * 0.25) / Double(n)
        }.min()
    }

    // MARK: Smear

    /// The eight directions a smear is looked for in: the axes, the diagonals and the knight's moves.
    private static let smearDirections: [(Int, Int)] = [(1, 0), (0, 1), (1, 1), (1, -1), (2, 1), (1, 2), (2, -1), (1, -2)]
    /// A tile counts in a direction when its steps along it reach this RMS, in grey levels, and
    /// `smearSignalOverNoise` times the energy of the steps the picture's noise alone makes, so that
    /// the correction below weighs little where it counts. At 4, a sharp macro of a leaf in low
    /// contrast (its flattest tiles fine texture, taken for noise) scored 0.82, blurred; at 8 too few
    /// of its tiles stand out and the smear does not judge it (the sharpness does).
    static let smearMinimumStep = 4.0
    static let smearSignalOverNoise = 8.0
    /// The share of a direction's tiles, the flattest, whose steps measure the picture's noise.
    static let smearNoiseQuantile = 0.1

    /// How smeared the picture is along its most smeared direction, about 0 to 1 (nil with too few
    /// edges): per tile and direction, the correlation of each one-pixel step along the direction
    /// with the next step along it. Motion and defocus spread each edge's ramp along the blur, so
    /// neighbouring steps there are alike (about 1 - 1/length); across a crisp edge they are not
    /// (about 0 or below). Per direction the picture keeps the mean of its crispest tenth of tiles (at
    /// least three): a sharp subject on a soft ground keeps crisp tiles in every direction.
    ///
    /// Sensor noise makes neighbouring steps anticorrelated (each shares one noisy pixel), which
    /// hid motion in noisy pictures (a shaken photo with noise of 5 grey levels scored about 0).
    /// So each pixel is first averaged with its two neighbours across the direction (along the
    /// edges a step there crosses: noise falls, edges stay as crisp), and each tile's correlation is
    /// corrected for the noise left: its variance, taken from the flattest tenth of the tiles, is
    /// taken out of the steps' energies (noise adds twice its variance to each) and out of their
    /// product (noise lowers it by its variance). Only tiles whose steps stand well above the noise
    /// count.
    public static func smear(_ grey: GreyImage) -> Double? {
        let w = grey.width, h = grey.height
        var worst: [Double] = []
        var fewest = Int.max
        // Pixels p with p + 2u +- v and p - v inside the picture, for every direction: at most 5
        // pixels away on either axis (u = (2, 1), v = (-1, 2): 2u - v = (5, 0)).
        let margin = 5
        guard w > 2 * margin + tile, h > 2 * margin + tile else { return nil }
        grey.pixels.withUnsafeBufferPointer { p in
            for (dx, dy) in smearDirections {
                let u = dy * w + dx, v = dx * w - dy
                // Per tile: the energies of the steps and of the next steps, and their product, per
                // pixel, in grey levels squared of the three-pixel means (the sums' squares over 9).
                var tiles: [(cc: Double, dd: Double, cd: Double)] = []
                var ty = margin
                while ty + tile <= h - margin {
                    var tx = margin
                    while tx + tile <= w - margin {
                        var cc = 0, dd = 0, cd = 0
                        for y in ty..<(ty + tile) {
                            var i = y * w + tx
                            for _ in 0..<tile {
                                let a = Int(p[i - v]) + Int(p[i]) + Int(p[i + v])
                                let b = Int(p[i + u - v]) + Int(p[i + u]) + Int(p[i + u + v])
                                let c = Int(p[i + 2 * u - v]) + Int(p[i + 2 * u]) + Int(p[i + 2 * u + v])
                                let first = b - a, second = c - b
                                cc += first * first
                                dd += second * second
                                cd += first * second
                                i += 1
                            }
                        }
                        let n = Double(9 * tile * tile)
                        tiles.append((Double(cc) / n, Double(dd) / n, Double(cd) / n))
                        tx += tile
                    }
                    ty += tile
                }
                let (noise, floor) = noiseAndFloor(tiles.map(\.cc))
                var values: [Double] = []
                for t in tiles where t.cc >= floor && t.dd > 2 * noise {
                    values.append((t.cd + noise) / ((t.cc - 2 * noise) * (t.dd - 2 * noise)).squareRoot())
                }
                fewest = Swift.min(fewest, values.count)
                let k = Swift.max(3, values.count / 10)
                let crisp = values.sorted().prefix(k)
                worst.append(crisp.isEmpty ? 0 : crisp.reduce(0, +) / Double(crisp.count))
            }
        }
        guard fewest >= 3 else { return nil }
        return worst.max().map { Swift.min(1, $0) }
    }

    /// A direction's noise and the energy its tiles' steps must reach to count, from the tiles' step
    /// energies per pixel: the noise's variance per (averaged) pixel is half the mean step energy of
    /// the flattest `smearNoiseQuantile` of the tiles (white noise alone gives steps of twice its
    /// variance); the floor is `minimumStep` squared or `signalOverNoise` times the noise's steps,
    /// whichever is higher (the smear's and the spread's: `smearMinimumStep`, `smearSignalOverNoise`).
    private static func noiseAndFloor(
        _ energies: [Double], minimumStep: Double = smearMinimumStep, signalOverNoise: Double = smearSignalOverNoise
    ) -> (noise: Double, floor: Double) {
        let flattest = energies.sorted().prefix(Swift.max(3, Int(Double(energies.count) * smearNoiseQuantile)))
        let noise = flattest.isEmpty ? 0 : flattest.reduce(0, +) / Double(2 * flattest.count)
        return (noise, Swift.max(minimumStep * minimumStep, signalOverNoise * 2 * noise))
    }

    // MARK: Spread

    /// The most steps along a direction a spread is followed (`spread` is at most this many steps).
    static let spreadLags = 10

    /// How far, in pixels of the working picture, the picture's edges are spread along its most
    /// spread direction (nil with too few edges): per 64 px tile and per direction (the eight of
    /// `smear`), the width at half height of the correlation of the one-pixel steps along the
    /// direction with the steps 1, 2, ... `spreadLags` further along it (the noise corrected as in
    /// `smear`). A motion or defocus of L pixels makes the steps' correlation fall as a triangle,
    /// 1 - k/L, so twice the lag where it crosses one half is about L; across a crisp edge the
    /// correlation is below one half from the first lag. Per direction the picture keeps the mean of its
    /// crispest tenth of tiles (at least three); it scores its most spread direction, among at least
    /// four directions with three tiles.
    ///
    /// Where `smear` (the first lag alone, 1 - 1/L) saturates for a blur of 5 px and more and so
    /// cannot tell a short motion from a soft lens, this measures the blur's length; the width at half
    /// height (not the correlation's sum) keeps the long-range likeness of natural textures out of it.
    /// Prototype and choice of the threshold: docs/ACCURACY.md, "Blur", stop 41.
    public static func spread(_ grey: GreyImage) -> Double? {
        let w = grey.width, h = grey.height
        // p + (spreadLags + 1)u +- v inside the picture for every tile pixel p: 11 knight's moves and a
        // step across reach 23 px.
        let margin = 24
        let columns = (w - 2 * margin) / tile, rows = (h - 2 * margin) / tile
        guard columns > 0, rows > 0, columns * rows >= 3 else { return nil }
        let area = Double(tile * tile)
        var steps = [Int32](repeating: 0, count: w * h)
        var perDirection: [Double] = []
        grey.pixels.withUnsafeBufferPointer { p in
            steps.withUnsafeMutableBufferPointer { d in
                for (dx, dy) in smearDirections {
                    let u = dy * w + dx, v = dx * w - dy
                    let length = (Double(dx * dx + dy * dy)).squareRoot()
                    // The step at each pixel, in sums of the three pixels across the direction: at
                    // most 3 px from any pixel read, so a 3 px frame stays zero and is never read.
                    for y in 3..<(h - 3) {
                        var i = y * w + 3
                        for _ in 3..<(w - 3) {
                            let a = Int32(p[i - v]) + Int32(p[i]) + Int32(p[i + v])
                            let b = Int32(p[i + u - v]) + Int32(p[i + u]) + Int32(p[i + u + v])
                            d[i] = b - a
                            i += 1
                        }
                    }
                    // Sum over one tile of each step times the step `lag` steps further, in grey
                    // levels squared of the three-pixel means.
                    func product(_ tx: Int, _ ty: Int, lag: Int) -> Double {
                        let offset = lag * u
                        var sum = 0
                        for y in ty..<(ty + tile) {
                            var i = y * w + tx
                            for _ in 0..<tile {
                                sum += Int(d[i]) * Int(d[i + offset])
                                i += 1
                            }
                        }
                        return Double(sum) / 9
                    }
                    var energies: [(tx: Int, ty: Int, energy: Double)] = []
                    for row in 0..<rows {
                        for column in 0..<columns {
                            let tx = margin + column * tile, ty = margin + row * tile
                            energies.append((tx, ty, product(tx, ty, lag: 0)))
                        }
                    }
                    let (noise, floor) = noiseAndFloor(energies.map { $0.energy / area })
                    var widths: [Double] = []
                    for t in energies where t.energy >= floor * area {
                        let signal = t.energy - 2 * noise * area
                        var previous = 1.0, width = Double(spreadLags)
                        for lag in 1...spreadLags {
                            // White noise lowers the first lag's product by its variance only.
                            let correlation = (product(t.tx, t.ty, lag: lag) + (lag == 1 ? noise * area : 0)) / signal
                            if correlation < 0.5 {
                                width = Double(lag - 1) + (previous - 0.5) / (previous - correlation)
                                break
                            }
                            previous = correlation
                        }
                        widths.append(2 * width * length)
                    }
                    guard widths.count >= 3 else { continue }
                    let crisp = widths.sorted().prefix(Swift.max(3, widths.count / 10))
                    perDirection.append(crisp.reduce(0, +) / Double(crisp.count))
                }
            }
        }
        guard perDirection.count >= 4 else { return nil }
        return perDirection.max()
    }
}

extension Sharpness {
    // MARK: Depth

    /// Side of the tiles whose cepstra `depth` reads (working pixels); they overlap by half.
    static let depthTile = 128
    /// The lags a motion's trough is looked for at: motions of 4 to 25 px of the working picture.
    static let depthLags = 4.0...25.0
    /// A tile counts when its one-pixel steps' energy (grey levels squared, per pixel) reaches this
    /// squared and `depthSignalOverNoise` times the noise's steps (`noiseAndFloor`);
    /// looser than the smear's floor, which left textured photos of 640 px under six tiles.
    static let depthMinimumStep = 2.0
    static let depthSignalOverNoise = 2.0
    /// Fewest tiles that count, and fewest the picture's score is the mean of.
    static let depthMinimumTiles = 6
    static let depthLeastScored = 3
    /// The lags looked at, as offsets in a tile's cepstrum (lag d at d mod `depthTile`).
    static let depthRing: [Int] = {
        let side = depthTile
        var ring: [Int] = []
        for row in 0..<side {
            for column in 0..<side {
                let dy = row < side / 2 ? row : row - side, dx = column < side / 2 ? column : column - side
                if depthLags.contains(Double(dx * dx + dy * dy).squareRoot()) { ring.append(row * side + column) }
            }
        }
        return ring
    }()

    /// How deep the picture's tiles show a trough of their power cepstra at the lag where a straight
    /// motion would leave it, in robust standard deviations (nil with fewer than six tiles with
    /// steps to read). A straight motion of L px along u multiplies the spectrum by a sinc whose nulls
    /// fall every 1/L along u; the logarithm of the power dips periodically, and its inverse
    /// transform (the cepstrum) has a trough at +-L u, whatever the scene: thin features (twigs, a
    /// leaf's edges) that shorten the steps' correlation (`spread`) do not move it.
    ///
    /// Per 128 px tile (every 64 px) with steps to read: mean removed, a Hann window, the cepstrum
    /// (`Cepstrum.power`), its values at lags of 4-25 px brought to robust standard scores (median,
    /// 1.48 times the median absolute deviation). Per tile, the lag where the sum of the scores of
    /// the tiles that do not overlap it is lowest (the motion, found without the tile's own
    /// evidence, so that a sharp picture's tiles score about 0), and the tile's depth there (minus
    /// its score). The picture scores the mean of the lowest quarter (at least three) of the depths of
    /// its most stepped half of tiles (at least six): a sharp subject on a moved ground keeps it low.
    /// Box-like print (strokes of one width) leaves a trough too, so the depth judges only with the
    /// spread (`BlurQualityCheck.isBlurred`). Prototype and choice: docs/ACCURACY.md, "Blur", stop 43.
    public static func depth(_ grey: GreyImage) -> Double? {
        let side = depthTile, stride = side / 2, area = side * side
        let w = grey.width, h = grey.height
        guard w >= side, h >= side else { return nil }
        return grey.pixels.withUnsafeBufferPointer { p -> Double? in
            // Each tile's mean squared step down and across (over the pairs inside it).
            var places: [(x: Int, y: Int, energy: Double)] = []
            for y in Swift.stride(from: 0, through: h - side, by: stride) {
                for x in Swift.stride(from: 0, through: w - side, by: stride) {
                    var down = 0, across = 0
                    for row in y..<(y + side) {
                        let i = row * w + x
                        // At most 255^2 a pair and 2^15 pairs: the sums cannot overflow, so
                        // unchecked arithmetic is safe.
                        for column in 0..<(side - 1) {
                            let d = Int(p[i + column + 1]) &- Int(p[i + column])
                            across &+= d &* d
                        }
                        guard row + 1 < y + side else { continue }
                        for column in 0..<side {
                            let d = Int(p[i + w + column]) &- Int(p[i + column])
                            down &+= d &* d
                        }
                    }
                    places.append((x, y, Double(down + across) / Double(2 * side * (side - 1))))
                }
            }
            guard places.count >= depthMinimumTiles else { return nil }
            let floor = noiseAndFloor(places.map(\.energy), minimumStep: depthMinimumStep, signalOverNoise: depthSignalOverNoise).floor
            let kept = places.filter { $0.energy >= floor }
            guard kept.count >= depthMinimumTiles else { return nil }

            // The kept tiles, their mean removed, through a Hann window.
            let hann = (0..<side).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(side - 1))) }
            var tiles = [Float](repeating: 0, count: kept.count * area)
            tiles.withUnsafeMutableBufferPointer { t in
                for (k, tile) in kept.enumerated() {
                    var sum = 0
                    for row in tile.y..<(tile.y + side) {
                        let i = row * w + tile.x
                        for column in 0..<side { sum &+= Int(p[i + column]) }
                    }
                    let mean = Float(sum) / Float(area)
                    for row in 0..<side {
                        let i = (tile.y + row) * w + tile.x, o = k * area + row * side
                        for column in 0..<side { t[o + column] = (Float(p[i + column]) - mean) * hann[row] * hann[column] }
                    }
                }
            }
            guard let cepstra = Cepstrum.power(tiles, count: kept.count, side: side) else { return nil }

            // Each tile's values there as robust standard scores, one row of `scores` a tile.
            let ring = depthRing, n = ring.count
            var scores = [Double](repeating: 0, count: kept.count * n)
            var values = [Double](repeating: 0, count: n)
            for k in kept.indices {
                for j in 0..<n { values[j] = Double(cepstra[k * area + ring[j]]) }
                let centre = median(values)
                let deviations = values.map { abs($0 - centre) }
                let scale = 1.4826 * median(deviations)
                guard scale > 0 else { continue }
                for j in 0..<n { scores[k * n + j] = (values[j] - centre) / scale }
            }
            // Per tile, the lowest lag of the tiles that do not overlap it, and the tile's depth there.
            var depths: [(energy: Double, depth: Double)] = []
            var total = [Double](repeating: 0, count: n), others = total
            scores.withUnsafeBufferPointer { z in
                total.withUnsafeMutableBufferPointer { t in
                    for k in kept.indices { for j in 0..<n { t[j] += z[k * n + j] } }
                }
                others.withUnsafeMutableBufferPointer { o in
                    for (k, tile) in kept.enumerated() {
                        for i in 0..<n { o[i] = total[i] }
                        for (j, u) in kept.enumerated() where abs(u.x - tile.x) < side && abs(u.y - tile.y) < side {
                            for i in 0..<n { o[i] -= z[j * n + i] }
                        }
                        var lowest = 0
                        for i in 1..<n where o[i] < o[lowest] { lowest = i }
                        depths.append((tile.energy, -z[k * n + lowest]))
                    }
                }
            }
            let stepped = depths.sorted { $0.energy > $1.energy }.prefix(Swift.max(depthMinimumTiles, depths.count / 2))
            let lowest = stepped.map(\.depth).sorted().prefix(Swift.max(depthLeastScored, stepped.count / 4))
            return lowest.reduce(0, +) / Double(lowest.count)
        }
    }

    /// The median of `values` (the mean of the middle two of an even count), by selection.
    static func median(_ values: [Double]) -> Double {
        var a = values
        let n = a.count
        guard n > 0 else { return 0 }
        let upper = select(&a, n / 2)
        guard n % 2 == 0 else { return upper }
        // After the selection, every value before n / 2 is at most the upper middle.
        return ((a[..<(n / 2)].max() ?? upper) + upper) / 2
    }

    /// Puts the `k`th smallest of `a` at `k`, smaller ones before it and larger ones after (Hoare's
    /// selection, middle pivots), and returns it.
    private static func select(_ a: inout [Double], _ k: Int) -> Double {
        var low = 0, high = a.count - 1
        while low < high {
            let pivot = a[(low + high) / 2]
            var i = low, j = high
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                break
            }
        }
        return a[k]
    }
}
