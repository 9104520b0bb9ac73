import ArgumentParser
import Foundation
import VigieChecks
import VigieMedia

/// `vigie-eval blur`: generates a labelled blur set from real photos and measures `quality.blur` on it.
///
/// Each photo is brought to the quality working size (long side 1024) and saved as it is (sharp), with
/// a defocus disc of several radii (blurred), with motion along a line of several lengths and angles
/// (blurred), and as a sharp centre on a background blurred with the largest disc (sharp: a sharp
/// subject on a soft background). The files go to a temporary folder and are read back through the
/// same loader and check as `vigie check`. Deterministic: the same photos give the same set.
struct BlurEvaluation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blur",
        abstract: "Blur accuracy on real photos with generated defocus and motion blur.")

    @Option(help: "The corpus folder.")
    var corpus = "../shared/corpus"

    @Option(help: "Where to write the generated set (default: a new temporary folder, removed afterwards).")
    var output: String?

    @Option(
        name: .customLong("folder"),
        help: ArgumentHelp(
            "Score a labelled folder instead of generating the set: files named blurred-KIND-NN or sharp-KIND-NN (scripts/blur-set.sh makes one)."
        ))
    var labelled: String?

    @Option(help: "Sharpness threshold to test (default: the one vigie check uses).")
    var threshold: Double = BlurQualityCheck.threshold

    @Option(help: "Smear threshold to test (default: the one vigie check uses).")
    var smearThreshold: Double = BlurQualityCheck.smearThreshold

    @Option(help: "Spread threshold to test, in pixels (default: the one vigie check uses).")
    var spreadThreshold: Double = BlurQualityCheck.spreadThreshold

    @Option(help: "Depth threshold to test (default: the one vigie check uses; with the spread over its floor).")
    var depthThreshold: Double = BlurQualityCheck.depthThreshold

    @Flag(help: "Print every image's score.")
    var verbose = false

    /// Real photos of people, places and signs, sharp in their original (checked by eye).
    static let photos = [
        "people/deface/city.jpg", "people/dlib/2007_007763.jpg", "people/dlib/2008_001322.jpg",
        "people/dlib/2008_002470.jpg", "people/dlib/2008_002506.jpg", "people/dlib/2008_007676.jpg",
        "people/dlib/dogs.jpg", "people/face_recognition/obama-1080p.jpg", "people/face_recognition/two_people.jpg",
        "people/face_recognition/obama_and_biden.jpg", "people/face_recognition/biden.jpg",
        "metadata/recurser/Landscape_1.jpg", "metadata/recurser/Portrait_1.jpg", "metadata/ianare/jolla.jpg",
        "metadata/ianare/DSCN0010.jpg", "metadata/ianare/DSCN0027.jpg", "metadata/ianare/canon_hdr_YES.jpg",
        "metadata/mei/Apple_iPhone_6.jpg", "metadata/mei/Samsung_SM-G935L_Galaxy_S7_Edge.jpg",
        "metadata/mei/Nexus_4.jpg", "metadata/pillow/xmp_test.jpg", "metadata/mat2/dirty.jpg",
        "text/easyocr/chinese.jpg", "text/easyocr/french.jpg", "text/easyocr/korean.png", "text/easyocr/thai.jpg",
    ]
    static let discRadii = [3.0, 5.0, 8.0]
    static let motionLengths = [9, 15, 25]

    func run() throws {
        let folder: URL
        let temporary = output == nil
        if let output {
            folder = URL(fileURLWithPath: output)
        } else {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "vigie-blur-\(ProcessInfo.processInfo.processIdentifier)")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if temporary { try? FileManager.default.removeItem(at: folder) } }

        var cases: [(file: URL, blurred: Bool, kind: String)] = []
        if let labelled {
            cases = try Self.labelledCases(in: URL(fileURLWithPath: labelled))
        }
        for (index, photo) in Self.photos.enumerated() where labelled == nil {
            let loaded = MediaLoader.load(path: URL(fileURLWithPath: corpus).appendingPathComponent(photo).path)
            guard let decoded = loaded.image else { throw ValidationError("cannot decode \(photo)") }
            let base = RGBImage(decoded).fitted(longSide: Sharpness.workingLongSide)
            let stem = String(format: "%02d", index)
            func save(_ image: RGBImage, _ name: String, blurred: Bool, kind: String) throws {
                let url = folder.appendingPathComponent("\(stem)-\(name).png")
                try Data(try PNGWriter.encode(width: image.width, height: image.height, rgb: image.pixels)).write(to: url)
                cases.append((url, blurred, kind))
            }
            try save(base, "sharp", blurred: false, kind: "sharp")
            for r in Self.discRadii { try save(base.defocused(radius: r), "disc\(Int(r))", blurred: true, kind: "defocus r\(Int(r))") }
            for (k, length) in Self.motionLengths.enumerated() {
                let angle = Double((index + k) % 4) * 45
                try save(base.moved(length: length, degrees: angle), "motion\(length)", blurred: true, kind: "motion \(length)")
            }
            let soft = base.defocused(radius: Self.discRadii.max() ?? 8)
            try save(soft.pasting(base, fraction: 0.5), "subject", blurred: false, kind: "sharp subject")
        }

        var correct = 0, truePositives = 0, falsePositives = 0, falseNegatives = 0
        var baseline: [(variance: Double, blurred: Bool)] = []
        var byKind: [String: (right: Int, total: Int)] = [:]
        for c in cases {
            let loaded = MediaLoader.load(path: c.file.path)
            guard let image = loaded.image else { throw ValidationError("cannot read back \(c.file.lastPathComponent)") }
            let grey = QualityImage.grey(image)
            let measure = SharpnessMeasure(of: grey)
            let score = measure.score, smear = measure.smear
            baseline.append((Self.laplacianVariance(grey), c.blurred))
            let flagged = BlurQualityCheck.isBlurred(
                measure, threshold: threshold, smearThreshold: smearThreshold, spreadThreshold: spreadThreshold,
                depthThreshold: depthThreshold)
            if flagged == c.blurred { correct += 1 }
            if flagged && c.blurred { truePositives += 1 }
            if flagged && !c.blurred { falsePositives += 1 }
            if !flagged && c.blurred { falseNegatives += 1 }
            var k = byKind[c.kind] ?? (0, 0)
            k.total += 1
            if flagged == c.blurred { k.right += 1 }
            byKind[c.kind] = k
            if verbose || flagged != c.blurred {
                print(
                    "\(flagged == c.blurred ? "  " : "✗ ")\(c.file.lastPathComponent) \(c.kind): \(score.map { String(format: "%.3f", $0) } ?? "no edges") smear \(smear.map { String(format: "%.3f", $0) } ?? "-") spread \(measure.spread.map { String(format: "%.2f", $0) } ?? "-") depth \(measure.depth.map { String(format: "%.2f", $0) } ?? "-")"
                )
            }
        }
        func pct(_ a: Int, _ b: Int) -> String { b > 0 ? String(format: "%.1f%%", Double(a) * 100 / Double(b)) : "n/a" }
        print(
            "blur: \(cases.count) images from \(labelled ?? "\(Self.photos.count) photos"), threshold \(threshold), smear threshold \(smearThreshold), spread threshold \(spreadThreshold), depth threshold \(depthThreshold)"
        )
        for kind in byKind.keys.sorted() {
            let k = byKind[kind] ?? (0, 0)
            print("  \(kind): \(k.right)/\(k.total) right")
        }
        print("accuracy: \(correct)/\(cases.count) = \(pct(correct, cases.count))")
        print(
            "recall (blurred caught): \(truePositives)/\(truePositives + falseNegatives) = \(pct(truePositives, truePositives + falseNegatives))"
        )
        print("precision: \(truePositives)/\(truePositives + falsePositives) = \(pct(truePositives, truePositives + falsePositives))")
        // The usual baseline, given its best threshold on this very set (an optimistic figure for it).
        let best = baseline.map(\.variance).map { t in baseline.filter { ($0.variance < t) == $0.blurred }.count }.max() ?? 0
        print(
            "baseline, global variance of the Laplacian at the same size, best threshold for this set: \(best)/\(baseline.count) = \(pct(best, baseline.count))"
        )
    }
}

extension BlurEvaluation {
    /// The images of a labelled folder: `blurred-KIND-NN.ext` or `sharp-KIND-NN.ext`; a table beside
    /// them (`*.csv`: the kernel sets' `kernels.csv`) is not a picture.
    static func labelledCases(in folder: URL) throws -> [(file: URL, blurred: Bool, kind: String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { !$0.hasPrefix(".") && !$0.lowercased().hasSuffix(".csv") }.sorted()
        return try names.map { name in
            let stem = (name as NSString).deletingPathExtension
            let parts = stem.split(separator: "-")
            guard parts.count >= 3, let label = parts.first, label == "blurred" || label == "sharp" else {
                throw ValidationError("\(name): not named blurred-KIND-NN or sharp-KIND-NN")
            }
            return (folder.appendingPathComponent(name), label == "blurred", parts.dropLast().joined(separator: "-"))
        }
    }

    /// Variance of the 4-neighbour Laplacian over the whole picture.
    static func laplacianVariance(_ g: GreyImage) -> Double {
        guard g.width > 2, g.height > 2 else { return 0 }
        var sum = 0.0, sum2 = 0.0, n = 0.0
        for y in 1..<(g.height - 1) {
            for x in 1..<(g.width - 1) {
                let l = Double(Int(g[x - 1, y]) + Int(g[x + 1, y]) + Int(g[x, y - 1]) + Int(g[x, y + 1]) - 4 * Int(g[x, y]))
                sum += l
                sum2 += l * l
                n += 1
            }
        }
        let mean = sum / n
        return sum2 / n - mean * mean
    }
}

/// An 8-bit RGB picture the evaluation transforms.
struct RGBImage {
    let width: Int
    let height: Int
    var pixels: [UInt8]

    init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    init(_ decoded: DecodedImage) { self.init(width: decoded.width, height: decoded.height, pixels: decoded.pixels) }

    /// Area-average reduction so that the long side is at most `longSide`.
    func fitted(longSide: Int) -> RGBImage {
        let long = max(width, height)
        guard long > longSide else { return self }
        let w = max(1, width * longSide / long), h = max(1, height * longSide / long)
        var out = [UInt8](repeating: 0, count: w * h * 3)
        for oy in 0..<h {
            let y0 = oy * height / h, y1 = max(y0 + 1, (oy + 1) * height / h)
            for ox in 0..<w {
                let x0 = ox * width / w, x1 = max(x0 + 1, (ox + 1) * width / w)
                for c in 0..<3 {
                    var sum = 0
                    for y in y0..<y1 { for x in x0..<x1 { sum += Int(pixels[(y * width + x) * 3 + c]) } }
                    out[(oy * w + ox) * 3 + c] = UInt8(sum / ((y1 - y0) * (x1 - x0)))
                }
            }
        }
        return RGBImage(width: w, height: h, pixels: out)
    }

    /// Defocus: the mean over a disc of `radius` pixels (edges clamp).
    func defocused(radius: Double) -> RGBImage {
        let r = Int(radius.rounded(.up))
        let spans = (-r...r).map { dy in Int((radius * radius - Double(dy * dy)).squareRoot()) }
        var out = [UInt8](repeating: 0, count: pixels.count)
        // Row prefix sums per channel make each disc row one subtraction.
        var prefix = [Int](repeating: 0, count: (width + 1) * height * 3)
        for y in 0..<height {
            for c in 0..<3 {
                var sum = 0
                for x in 0..<width {
                    sum += Int(pixels[(y * width + x) * 3 + c])
                    prefix[((y * (width + 1)) + x + 1) * 3 + c] = sum
                }
            }
        }
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 {
                    var sum = 0, count = 0
                    for (i, dy) in (-r...r).enumerated() {
                        let yy = min(height - 1, max(0, y + dy))
                        let a = max(0, x - spans[i]), b = min(width - 1, x + spans[i])
                        sum += prefix[((yy * (width + 1)) + b + 1) * 3 + c] - prefix[((yy * (width + 1)) + a) * 3 + c]
                        count += b - a + 1
                    }
                    out[(y * width + x) * 3 + c] = UInt8(sum / max(1, count))
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: out)
    }

    /// Motion: the mean along a line of `length` pixels at `degrees`, sampled every half pixel with
    /// bilinear interpolation (whole-pixel steps on a diagonal would leave crisp staircase ghosts that
    /// no camera makes). Edges clamp.
    func moved(length: Int, degrees: Double) -> RGBImage {
        let dx = cos(degrees * .pi / 180), dy = sin(degrees * .pi / 180)
        let samples = 2 * length
        // Each sample as four (offset x, offset y, weight) taps.
        var taps: [(Int, Int, Double)] = []
        for i in 0..<samples {
            let t = (Double(i) + 0.5) / Double(samples) * Double(length) - Double(length) / 2
            let fx = t * dx, fy = t * dy
            let x0 = Int(fx.rounded(.down)), y0 = Int(fy.rounded(.down))
            let ax = fx - Double(x0), ay = fy - Double(y0)
            taps += [(x0, y0, (1 - ax) * (1 - ay)), (x0 + 1, y0, ax * (1 - ay)), (x0, y0 + 1, (1 - ax) * ay), (x0 + 1, y0 + 1, ax * ay)]
        }
        let norm = 1 / Double(samples)
        var out = [UInt8](repeating: 0, count: pixels.count)
        for y in 0..<height {
            for x in 0..<width {
                var sum = (0.0, 0.0, 0.0)
                for (ox, oy, wt) in taps where wt > 0 {
                    let j = (min(height - 1, max(0, y + oy)) * width + min(width - 1, max(0, x + ox))) * 3
                    sum.0 += wt * Double(pixels[j])
                    sum.1 += wt * Double(pixels[j + 1])
                    sum.2 += wt * Double(pixels[j + 2])
                }
                let i = (y * width + x) * 3
                out[i] = UInt8(min(255, (sum.0 * norm).rounded()))
                out[i + 1] = UInt8(min(255, (sum.1 * norm).rounded()))
                out[i + 2] = UInt8(min(255, (sum.2 * norm).rounded()))
            }
        }
        return RGBImage(width: width, height: height, pixels: out)
    }

    /// This picture with the centre of `sharp` (a `fraction` of each side) pasted over it.
    func pasting(_ sharp: RGBImage, fraction: Double) -> RGBImage {
        var out = pixels
        let w = Int(Double(width) * fraction), h = Int(Double(height) * fraction)
        let x0 = (width - w) / 2, y0 = (height - h) / 2
        for y in y0..<(y0 + h) {
            let start = (y * width + x0) * 3
            out.replaceSubrange(start..<(start + w * 3), with: sharp.pixels[start..<(start + w * 3)])
        }
        return RGBImage(width: width, height: height, pixels: out)
    }
}
