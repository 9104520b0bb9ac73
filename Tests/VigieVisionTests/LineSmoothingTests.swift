import Testing
import VigieMedia

@testable import VigieVision

@Suite("Lines smoothed before reading")
struct LineSmoothingTests {
    /// A line of large print with grain: a dark stroke 4 px wide on a light ground, with noise of
    /// +-12 grey levels from a fixed generator.
    static func grainyStroke(width: Int = 64, height: Int = 32) -> GreyImage {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let grain = Int((state >> 33) % 25) - 12
                let ink = (30..<34).contains(x) ? 40 : 210
                pixels[y * width + x] = UInt8(ink + grain)
            }
        }
        return GreyImage(width: width, height: height, pixels: pixels)
    }

    static func spread(_ g: GreyImage, columns: Range<Int>) -> Double {
        let values = (0..<g.height).flatMap { y in columns.map { Double(g[$0, y]) } }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
    }

    @Test func grainFallsAndTheStrokeStays() {
        let line = Self.grainyStroke()
        let smoothed = line.smoothed()
        // The ground's grain: about 7 grey levels before, under a third of it after.
        let before = Self.spread(line, columns: 4..<24), after = Self.spread(smoothed, columns: 4..<24)
        #expect(before > 6)
        #expect(after < before / 3)
        // The stroke stays where it was, and dark: its middle under the half-way grey.
        for y in 2..<(line.height - 2) {
            #expect(smoothed[31, y] < 125 && smoothed[32, y] < 125)
            #expect(smoothed[20, y] > 180 && smoothed[44, y] > 180)
        }
    }

    @Test func aFlatPictureAndATinyOneAreUnchanged() {
        let flat = GreyImage(width: 9, height: 7, pixels: [UInt8](repeating: 173, count: 63))
        #expect(flat.smoothed().pixels == flat.pixels)
        let tiny = GreyImage(width: 4, height: 9, pixels: (0..<36).map { UInt8($0 * 7) })
        #expect(tiny.smoothed().pixels == tiny.pixels)
    }
}
