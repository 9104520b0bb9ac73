import Foundation
import VigieMedia

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

    /// The ratio score of one rectangle of `grey` (nil when it holds no edge in two directions).
    public static func score(_ grey: GreyImage, x x0: Int, y y0: Int, width: Int, height: Int) -> Double? {
        let w = grey.width, h = grey.height
        let xs = max(2, x0), ys = max(2, y0)
        let xe = min(w - 2, x0 + width), ye = min(h - 2, y0 + height)
        guard xe > xs, ye > ys else { return nil }
        var fineMax = [Int](repeating: 0, count: 4), coarseMax = [Int](repeating: 0, count: 4)
        grey.pixels.withUnsafeBufferPointer { p in
            for y in ys..<ye {
                let row = y * w
                for x in xs..<xe {
                    let i = row + x
                    for (k, (dx, dy)) in directions.enumerated() {
                        let step = dy * w + dx
                        let fine = abs(Int(p[i + step]) - Int(p[i]))
                        let coarse = abs(Int(p[i + 2 * step]) - Int(p[i - 2 * step]))
                        if fine > fineMax[k] { fineMax[k] = fine }
                        if coarse > coarseMax[k] { coarseMax[k] = coarse }
                    }
                }
            }
        }
        var ratios: [Double] = []
        for k in 0..<4 where coarseMax[k] >= minimumEdge {
            ratios.append(min(1, Double(fineMax[k]) / Double(coarseMax[k])))
        }
        guard ratios.count >= 2 else { return nil }
        return ratios.min()
    }

    /// The picture's sharpness: the mean of its best tenth of tiles (at least three tiles), or nil
    /// when it has almost no edges (a flat picture cannot be called blurred or sharp).
    public static func score(_ grey: GreyImage) -> Double? {
        var scores: [Double] = []
        var y = 0
        while y < grey.height {
            var x = 0
            while x < grey.width {
                if let s = score(grey, x: x, y: y, width: tile, height: tile) { scores.append(s) }
                x += tile
            }
            y += tile
        }
        guard scores.count >= 3 else { return nil }
        scores.sort(by: >)
        let best = scores.prefix(max(3, scores.count / 10))
        return best.reduce(0, +) / Double(best.count)
    }
}
