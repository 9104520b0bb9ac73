import Foundation
import VigieConsentModel
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
}
