import Dispatch
import Foundation
import Synchronization

/// Runs the review's heavy work (decoding, detection, OCR, redaction: seconds of one core per photo,
/// in synchronous calls) on threads of its own, so that it never holds the threads of Swift's
/// cooperative pool: on a 2-core machine two photos being checked would otherwise leave the page
/// without an answer until they were done. Child tasks inherit the preference, so `Cleaner.run`'s
/// task group runs here too.
final class WorkExecutor: TaskExecutor {
    static let shared = WorkExecutor()
    private let queue = DispatchQueue(label: "vigie.review.work", qos: .utility, attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// A few threads that run nothing but the server's request handlers: whatever else the process does
/// on the cooperative pool (a test suite's synchronous work, for one), the page gets its answers.
final class ServerExecutor: TaskExecutor {
    static let shared = ServerExecutor(threads: 4)

    private struct Queue {
        var jobs: [UnownedJob] = []
        var head = 0
    }
    private let queue = Mutex(Queue())
    private let ready = DispatchSemaphore(value: 0)

    init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "vigie-review-server-\(index)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.withLock { $0.jobs.append(job) }
        ready.signal()
    }

    private func work() {
        while true {
            ready.wait()
            let job = queue.withLock { q -> UnownedJob? in
                guard q.head < q.jobs.count else { return nil }
                let job = q.jobs[q.head]
                q.head += 1
                if q.head > 1024 && q.head * 2 > q.jobs.count {
                    q.jobs.removeFirst(q.head)
                    q.head = 0
                }
                return job
            }
            job?.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
