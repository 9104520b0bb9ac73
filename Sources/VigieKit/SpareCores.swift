import Foundation

/// How many files the pipeline is decoding and checking at this moment, across workers: a file
/// alone on a machine with an idle core (one photo from a pre-commit hook, the last file of a batch)
/// may run its two slow stages, faces and text, side by side.
final class FilesInFlight: @unchecked Sendable {
    static let shared = FilesInFlight()

    /// Guards `count`; the one serialising wrapper of this type.
    private let lock = NSLock()
    private var count = 0
    private let cores = ProcessInfo.processInfo.activeProcessorCount

    /// Counts a file in for the length of `body`.
    func track<T>(_ body: () -> T) -> T {
        lock.lock()
        count += 1
        lock.unlock()
        defer {
            lock.lock()
            count -= 1
            lock.unlock()
        }
        return body()
    }

    /// Whether a core has no file of its own now.
    var spareCore: Bool {
        lock.lock()
        defer { lock.unlock() }
        return count < cores
    }
}

/// One piece of work started on a thread of its own (not the pool the workers run on, which has a
/// thread per core and may have none free), whose result is waited for once. The caller must call
/// `result()` before its inputs go away: nothing outlives the file it belongs to.
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    /// Signalled once `outcome` is set; `outcome` is written once, before the signal, and read after.
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Result<Value, any Error>?

    init(_ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            outcome = Result { try work() }
            done.signal()
        }
        thread.start()
    }

    /// Waits for the work and returns its value or throws its error; later calls return at once.
    func result() throws -> Value {
        done.wait()
        defer { done.signal() }
        guard let outcome else { preconditionFailure("signalled before its outcome was set") }
        return try outcome.get()
    }
}
