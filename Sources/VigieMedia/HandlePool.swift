import Foundation

/// Per-worker C handles (a Tesseract engine, a face detector) that must never be used by two threads
/// at once and are too costly to create per image. A worker borrows one for the length of a call;
/// at most as many exist as workers ever ran at the same time, or `limit` when one is given (a
/// borrower then waits for a handle to come back: the bound on memory for handles that are large).
///
/// This is the one serialising wrapper of the pool: the condition guards the free list and the
/// count, and a handle is only ever reached by the thread that borrowed it.
public final class HandlePool<Handle>: @unchecked Sendable {
    private let condition = NSCondition()
    private var free: [Handle] = []
    private var created = 0
    /// Handles being made in advance (`prewarm`): borrowers wait for them rather than make more.
    private var warming = 0
    private let limit: Int?
    private let make: () throws -> Handle

    /// `make` creates a new handle when none is free; it may throw (a missing model, a broken install).
    public init(limit: Int? = nil, make: @escaping () throws -> Handle) {
        self.limit = limit.map { Swift.max(1, $0) }
        self.make = make
    }

    /// Runs `body` with a handle nobody else holds, then gives it back.
    public func withHandle<T>(_ body: (Handle) throws -> T) throws -> T {
        let handle = try borrow()
        defer { giveBack(handle) }
        return try body(handle)
    }

    /// Whether a borrower would wait now: every handle is lent and no more may be made (or one is
    /// being made in advance). A hint for ordering work, true only at the moment it is asked.
    public var isBusy: Bool {
        condition.lock()
        defer { condition.unlock() }
        return free.isEmpty && (warming > 0 || limit.map { created >= $0 } ?? false)
    }

    /// How many handles exist now.
    public var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return created
    }

    /// Starts making one handle on a thread of its own when none exists yet, so that the first
    /// borrower finds it made while it did other work (start-up in parallel). A failure is not
    /// reported here: the borrower then makes the handle itself and gets the error. Returns at once.
    public func prewarm() {
        condition.lock()
        guard created == 0 else {
            condition.unlock()
            return
        }
        created += 1
        warming += 1
        condition.unlock()
        Thread.detachNewThread { [self] in
            let handle = try? make()
            condition.lock()
            warming -= 1
            if let handle { free.append(handle) } else { created -= 1 }
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Waits until no handle is being made in advance: the process must not exit while a library
    /// is still starting on another thread (its static objects go away at exit).
    public func waitForPrewarm() {
        condition.lock()
        while warming > 0 { condition.wait() }
        condition.unlock()
    }

    private func borrow() throws -> Handle {
        condition.lock()
        while true {
            if let handle = free.popLast() {
                condition.unlock()
                return handle
            }
            if warming == 0, limit.map({ created < $0 }) ?? true { break }
            condition.wait()
        }
        created += 1
        condition.unlock()
        do {
            return try make()
        } catch {
            condition.lock()
            created -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func giveBack(_ handle: Handle) {
        condition.lock()
        free.append(handle)
        condition.signal()
        condition.unlock()
    }
}

/// A shared allowance of something workers use for a while (pixels being decoded): a worker reserves
/// its share before it starts and gives it back when done, waiting while the others' shares leave no
/// room. A share larger than the whole allowance is cut to it, so such a worker runs alone and never
/// waits forever.
public final class Allowance: @unchecked Sendable {
    private let condition = NSCondition()
    private var inUse = 0
    public let capacity: Int

    public init(capacity: Int) { self.capacity = Swift.max(1, capacity) }

    /// Runs `body` holding `amount` of the allowance (at most all of it).
    public func withShare<T>(_ amount: Int, _ body: () throws -> T) rethrows -> T {
        let share = Swift.min(Swift.max(0, amount), capacity)
        condition.lock()
        while inUse + share > capacity { condition.wait() }
        inUse += share
        condition.unlock()
        defer {
            condition.lock()
            inUse -= share
            condition.broadcast()
            condition.unlock()
        }
        return try body()
    }

    /// What is held now (tests).
    public var held: Int {
        condition.lock()
        defer { condition.unlock() }
        return inUse
    }
}
