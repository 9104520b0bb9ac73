import ArgumentParser
import Foundation
import VigieChecks
import VigieMedia
import VigieVision

/// `vigie-eval bench-stages FILE...`: per-image cost of each stage of `vigie check`, as it runs them:
/// the shared decode (wall time: libvips decodes on its own threads), the metadata readers, face
/// detection (with the identifiable assessment), OCR and the quality checks (CPU time of one core).
/// Used by scripts/bench.sh and scripts/bench-faces-quality.sh; figures in docs/BENCHMARKS.md.
struct FacesQualityBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-stages",
        abstract: "Time each stage of vigie check per image: decode, metadata, faces, OCR, quality (one core).")

    @Argument(help: "Images to time.")
    var files: [String]

    @Option(help: "Runs per image (the first run is a warm-up and is not counted).")
    var runs = 4

    @Option(help: "Long side of the network input (default: the one vigie check uses).")
    var networkSize = FaceConfiguration().networkLongSide

    @Flag(help: "Also time OCR (the slowest stage).")
    var ocr = false

    func run() throws {
        let detector = try FaceDetector(networkLongSide: networkSize)
        let quality: [any Check] = [BlurQualityCheck(), ExposureQualityCheck(), ResolutionQualityCheck(), OrientationQualityCheck()]
        var decode: [Double] = [], faces: [Double] = [], checks: [Double] = [], detection: [Double] = []
        var metadataTimes: [Double] = [], ocrTimes: [Double] = []
        // CPU time of this thread: "ms of one core", true even when other work shares the machine
        // (OpenCV runs on the calling thread: Vigie sets it to one thread).
        func time(_ body: () throws -> Void) rethrows -> Double {
            var a = timespec(), b = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a)
            try body()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b)
            return Double(b.tv_sec - a.tv_sec) * 1e3 + Double(b.tv_nsec - a.tv_nsec) / 1e6
        }
        for file in files {
            var loaded = MediaLoader.load(path: file)
            guard let image = loaded.image, let metadata = loaded.metadata else { throw ValidationError("cannot decode \(file)") }
            for run in 0..<max(2, runs) {
                // Wall time: libvips decodes on its own worker threads.
                let startDecode = DispatchTime.now().uptimeNanoseconds
                loaded = MediaLoader.load(path: file)
                let d = Double(DispatchTime.now().uptimeNanoseconds - startDecode) / 1e6
                let bytes = try MediaLoader.readBytes(path: file, limit: DecodeLimits().maxFileBytes)
                let m = try time { _ = try MetadataReader.read(ByteReader(bytes), format: loaded.format) }
                let full = loaded.fullResolution
                let o = ocr ? try time { _ = try TextReader.read(path: file, image: image, fullResolution: full) } : 0
                var found: [DetectedFace] = []
                var result = FacesResult()
                let detect = try time { found = try detector.detect(image, threshold: FaceConfiguration().detectionThreshold) }
                let f = detect + time { result = FaceAssessment.assess(found, in: image, channel: nil, configuration: FaceConfiguration()) }
                let asset = Asset(path: file, format: loaded.format, metadata: metadata, image: image, faces: result)
                var findings = 0
                let q = time { for c in quality { findings += c.findings(in: asset).count } }
                guard run > 0 else { continue }
                decode.append(d)
                faces.append(f)
                detection.append(detect)
                checks.append(q)
                metadataTimes.append(m)
                if ocr { ocrTimes.append(o) }
            }
            print(
                "\(URL(fileURLWithPath: file).lastPathComponent): \(image.displayWidth)x\(image.displayHeight), working \(image.width)x\(image.height)"
            )
        }
        func summary(_ v: [Double]) -> String {
            let s = v.sorted()
            guard !s.isEmpty else { return "n/a" }
            return String(
                format: "median %.0f ms, mean %.0f ms, max %.0f ms", s[s.count / 2], s.reduce(0, +) / Double(s.count), s.last ?? 0)
        }
        print("images: \(files.count), runs counted per image: \(max(2, runs) - 1)")
        print("decode (wall time, shared, not counted below): \(summary(decode))")
        print("face network alone:                 \(summary(detection))")
        print("faces (detect + assess):            \(summary(faces))")
        print("quality (blur, exposure, resolution, orientation): \(summary(checks))")
        print("metadata (containers, EXIF, XMP, IPTC):            \(summary(metadataTimes))")
        if ocr { print("OCR (first pass and full-resolution re-reads):     \(summary(ocrTimes))") }
    }
}
