import Dispatch
import Foundation
import Testing
import VigieMedia

@testable import VigieVision

/// OpenCV's `setNumThreads` is not thread-safe (with Debian's TBB back end it tears down and rebuilds
/// one process-wide arena): the detectors must not call it while other workers run networks. CI once
/// crashed inside TBB with two workers running the face and text networks side by side; before the
/// fix this test crashed the same way in one run of three (small pictures, many rounds: many calls).
@Suite("OpenCV networks on concurrent workers")
struct OpenCVThreadsTests {
    @Test func faceAndTextNetworksRunSideBySide() throws {
        let w = 160, h = 120
        var rgb = [UInt8](repeating: 200, count: w * h * 3)
        var grey = [UInt8](repeating: 200, count: w * h)
        for y in 50..<60 {
            for x in 20..<140 where (x / 6) % 2 == 0 {
                grey[y * w + x] = 20
                for c in 0..<3 { rgb[(y * w + x) * 3 + c] = 20 }
            }
        }
        let colour = DecodedImage(width: w, height: h, pixels: rgb, displayWidth: w, displayHeight: h)
        let luma = GreyImage(width: w, height: h, pixels: grey)
        let workers = 4, rounds = 600
        let failures = Failures()
        // Each worker owns its two handles, as in `Pipeline`; they are made concurrently too.
        DispatchQueue.concurrentPerform(iterations: workers) { i in
            do {
                let face = try FaceDetector(networkLongSide: 160)
                let text = try TextLineDetector()
                for round in 0..<rounds {
                    if (round + i) % 2 == 0 {
                        _ = try face.detect(colour)
                    } else {
                        _ = try text.lines(in: luma, longSide: 160)
                    }
                }
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty)
    }

    /// Face and text detectors are pooled one per worker at most, but what bounds their buffers is
    /// the process's allowance: no more network runs at once than cores, however many threads ask
    /// (threads of their own: a dispatch pool would not run more than the cores anyway).
    @Test func noMoreNetworkRunsAtOnceThanCores() {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let running = RunCounter()
        let group = DispatchGroup()
        for _ in 0..<(2 * cores + 2) {
            group.enter()
            Thread.detachNewThread {
                NetworkAllowance.run {
                    running.enter()
                    Thread.sleep(forTimeInterval: 0.05)
                    running.leave()
                }
                group.leave()
            }
        }
        group.wait()
        #expect(running.most >= 1)
        #expect(running.most <= cores, "\(running.most) runs at once on \(cores) cores")
    }
}

private final class RunCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var now = 0
    private var highest = 0
    func enter() {
        lock.withLock {
            now += 1; highest = Swift.max(highest, now)
        }
    }
    func leave() { lock.withLock { now -= 1 } }
    var most: Int { lock.withLock { highest } }
}

private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ s: String) { lock.withLock { list.append(s) } }
    var all: [String] { lock.withLock { list } }
}
