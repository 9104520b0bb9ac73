import ArgumentParser
import Foundation
import VigieMedia

/// `vigie-eval bench-heif`: CPU time of one HEIF decode to full-range 4:2:0 planes, libheif against
/// the direct libavcodec path (`HEVCImagePlan`, one thread), for each HEIC/HEIF/AVIF of the corpus's
/// metadata photos (or the files given). The CPU time is the process's, all threads: libheif decodes
/// a grid's tiles on threads of its own. Wall time is printed beside it.
struct HEIFBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-heif",
        abstract: "CPU ms per HEIF decode to planes: libheif against libavcodec (one thread).")

    @Option(help: "The corpus folder.")
    var corpus = "../shared/corpus"

    @Option(help: "Decodes per file and decoder; the median is printed.")
    var runs = 5

    @Argument(help: "Files to measure instead of the corpus's HEIF photos.")
    var files: [String] = []

    func run() throws {
        try Vips.start()
        var paths = files
        if paths.isEmpty {
            let root = URL(fileURLWithPath: corpus).appendingPathComponent("metadata")
            let found = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
            paths = found.filter { ["heic", "heif", "avif"].contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
                .map { root.appendingPathComponent($0).path }
        }
        print("file\tpixels\tlibheif CPU ms\tlibheif wall ms\tdirect CPU ms\tdirect wall ms\tpath")
        for path in paths {
            let libheif = measure { _ = try? MediaLoader.heifPlanes(path: path, maxPixels: 100_000_000, decoder: .libheif) }
            var handled = false
            var pixels = 0
            let direct = measure {
                let planes = try? MediaLoader.heifPlanes(path: path, maxPixels: 100_000_000, decoder: .libavcodec)
                handled = planes != nil
                pixels = planes.map { $0.width * $0.height } ?? 0
            }
            let name = (path as NSString).lastPathComponent
            let directFigures = handled ? String(format: "%.0f\t%.0f", direct.cpu, direct.wall) : "-\t-"
            print(
                "\(name)\t\(pixels)\t\(String(format: "%.0f\t%.0f", libheif.cpu, libheif.wall))\t\(directFigures)\t\(handled ? "direct" : "libheif")"
            )
        }
    }

    /// Median CPU and wall milliseconds over `runs` calls.
    func measure(_ body: () -> Void) -> (cpu: Double, wall: Double) {
        var cpu: [Double] = [], wall: [Double] = []
        for _ in 0..<Swift.max(1, runs) {
            let (c0, w0) = (seconds(CLOCK_PROCESS_CPUTIME_ID), seconds(CLOCK_MONOTONIC))
            body()
            cpu.append((seconds(CLOCK_PROCESS_CPUTIME_ID) - c0) * 1000)
            wall.append((seconds(CLOCK_MONOTONIC) - w0) * 1000)
        }
        return (cpu.sorted()[cpu.count / 2], wall.sorted()[wall.count / 2])
    }

    func seconds(_ clock: clockid_t) -> Double {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
