import Foundation
import VigieMedia

/// How many networks (face or text) may run at once in the process: one per core. A network holds
/// buffers of 60 to 85 MB while it runs (handed back after each picture), so this bounds the memory
/// they take together, whatever each pool of detectors holds: with a text detector per worker, a
/// worker's text and another's beside a face search (a file's text read on a spare core, at a
/// batch's end) would otherwise be three.
enum NetworkAllowance {
    /// The runs going on, one share each; taken and given back by `run` only.
    private static let runs = Allowance(capacity: ProcessInfo.processInfo.activeProcessorCount)

    /// Runs `body` once a run is allowed, waiting for one otherwise. Never nested: a thread holds at
    /// most one network run, for the length of `body`, and waits for nothing else while it does.
    static func run<T>(_ body: () throws -> T) rethrows -> T {
        try runs.withShare(1, body)
    }
}
