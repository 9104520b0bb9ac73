import ArgumentParser
import Foundation
import VigieChecks
import VigieMedia
import VigieVision

/// The labelled face set: boxes per image (displayed pixels, `[x, y, width, height]`), and images
/// that hold no face. Paths are relative to the corpus folder.
struct FaceLabels: Codable {
    struct Image: Codable {
        let path: String
        let faces: [[Double]]
        let note: String?
    }
    let images: [Image]
}

/// `vigie-eval faces`: face recall (faces at least `--min-height` pixels high) and false positives on
/// the labelled set, with the detector and thresholds `vigie check` uses.
struct FacesEvaluation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faces",
        abstract: "Face recall and false positives on Evaluation/faces-labels.json.")

    @Option(help: "The labels file.")
    var labels = "Evaluation/faces-labels.json"

    @Option(help: "The corpus folder the label paths are relative to.")
    var corpus = "../shared/corpus"

    @Option(help: "Labelled faces at least this high (displayed pixels) count for recall.")
    var minHeight: Double = 40

    @Option(help: "Detection score threshold (default: the one vigie check uses).")
    var threshold: Double = FaceConfiguration().detectionThreshold

    @Flag(help: "Print every detection (to help labelling).")
    var dump = false

    @Option(help: "Long side of the network input (default: the one vigie check uses).")
    var networkSize = FaceConfiguration().networkLongSide

    func run() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: labels))
        let set = try JSONDecoder().decode(FaceLabels.self, from: data)
        let detector = try FaceDetector(networkLongSide: networkSize)
        var counted = 0, found = 0, falsePositives = 0, noFaceImages = 0, noFaceWithDetection = 0, small = 0
        var detections = 0, largeFalsePositives = 0, noFaceWithLargeDetection = 0
        var seconds = 0.0
        for item in set.images {
            let path = URL(fileURLWithPath: corpus).appendingPathComponent(item.path).path
            let loaded = MediaLoader.load(path: path)
            guard let image = loaded.image else { throw ValidationError("cannot decode \(item.path)") }
            let start = Date()
            let faces = try detector.detect(image, threshold: threshold)
            seconds += Date().timeIntervalSince(start)
            detections += faces.count
            let boxes = item.faces.map { Box(x: $0[0], y: $0[1], width: $0[2], height: $0[3]) }
            var matched = Set<Int>()
            var unmatchedDetections = 0
            for f in faces {
                let d = Box(x: f.x, y: f.y, width: f.width, height: f.height)
                if let best = boxes.indices.filter({ !matched.contains($0) && d.matches(boxes[$0]) }).max(by: {
                    d.iou(boxes[$0]) < d.iou(boxes[$1])
                }) {
                    matched.insert(best)
                } else {
                    unmatchedDetections += 1
                    if f.height >= minHeight { largeFalsePositives += 1 }
                }
            }
            for (i, b) in boxes.enumerated() {
                if b.height >= minHeight {
                    counted += 1
                    if matched.contains(i) { found += 1 } else { print("missed: \(item.path) face \(i) \(b.description)") }
                } else {
                    small += 1
                }
            }
            falsePositives += unmatchedDetections
            if boxes.isEmpty {
                noFaceImages += 1
                if !faces.isEmpty { noFaceWithDetection += 1 }
                if faces.contains(where: { $0.height >= minHeight }) { noFaceWithLargeDetection += 1 }
            }
            if unmatchedDetections > 0 { print("false positive: \(item.path) (\(unmatchedDetections))") }
            if dump {
                for f in faces {
                    print(
                        "  \(item.path) [\(Int(f.x)), \(Int(f.y)), \(Int(f.width)), \(Int(f.height))] score \(String(format: "%.3f", f.score))"
                    )
                }
            }
        }
        let recall = counted > 0 ? Double(found) / Double(counted) : 0
        let precision = detections > 0 ? Double(detections - falsePositives) / Double(detections) : 1
        print(
            """
            faces: \(set.images.count) images (\(noFaceImages) without faces), threshold \(threshold)
            recall (faces >= \(Int(minHeight)) px high): \(found)/\(counted) = \(String(format: "%.1f%%", recall * 100))
            smaller labelled faces (not counted): \(small)
            precision: \(detections - falsePositives)/\(detections) = \(String(format: "%.1f%%", precision * 100)); false positives: \(falsePositives)
            false positives at least \(Int(minHeight)) px high: \(largeFalsePositives)
            no-face images with a detection: \(noFaceWithDetection)/\(noFaceImages) (at least \(Int(minHeight)) px high: \(noFaceWithLargeDetection))
            detector time: \(String(format: "%.0f", seconds * 1000 / Double(max(1, set.images.count)))) ms per image
            """)
    }
}

/// A box in displayed pixels.
struct Box: CustomStringConvertible {
    let x, y, width, height: Double

    func iou(_ o: Box) -> Double {
        let ix = max(0, min(x + width, o.x + o.width) - max(x, o.x))
        let iy = max(0, min(y + height, o.y + o.height) - max(y, o.y))
        let inter = ix * iy
        return inter / (width * height + o.width * o.height - inter)
    }

    /// The same face: boxes overlap enough, or the detection's centre is inside the label and their
    /// heights are within a factor of two (label and detector draw the chin and forehead differently).
    func matches(_ label: Box) -> Bool {
        if iou(label) >= 0.3 { return true }
        let cx = x + width / 2, cy = y + height / 2
        let inside = cx >= label.x && cx <= label.x + label.width && cy >= label.y && cy <= label.y + label.height
        return inside && height <= 2 * label.height && label.height <= 2 * height
    }

    var description: String { "[\(Int(x)), \(Int(y)), \(Int(width)), \(Int(height))]" }
}
