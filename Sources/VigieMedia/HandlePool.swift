import Foundation

/// Per-worker C handles (a Tesseract engine, a face detector) that must never be used by two threads
/// at once and are too costly to create per image. A worker borrows one for the length of a call;
/// at most as many exist as workers ever ran at the same time.
///
/// This is the one serialising wrapper of the pool: the lock guards the free list, and a handle is
/// only ever reached by the thread that borrowed it.
public final class HandlePool<Handle>: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [Handle] = []
    private let make: () throws -> Handle

    /// `make` creates a new handle when none is free; it may throw (a missing model, a broken install).
    public init(make: @escaping () throws -> Handle) { self.make = make }

    /// Runs `body` with a handle nobody else holds, then gives it back.
    public func withHandle<T>(_ body: (Handle) throws -> T) throws -> T {
        let handle = try borrow()
        defer { giveBack(handle) }
        return try body(handle)
    }

    private func borrow() throws -> Handle {
        lock.lock()
        if let handle = free.popLast() {
            lock.unlock()
            return handle
        }
        lock.unlock()
        return try make()
    }

    private func giveBack(_ handle: Handle) {
        lock.lock()
        free.append(handle)
        lock.unlock()
    }
}
