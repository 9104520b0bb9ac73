import Dispatch

/// Runs the review's heavy work (decoding, detection, OCR, redaction: seconds of one core per photo,
/// in synchronous calls) on threads of its own, so that it never holds the threads of Swift's
/// cooperative pool, which the server's request handlers run on: on a 2-core machine two photos being
/// checked would otherwise leave the page without an answer until they were done. Child tasks inherit
/// the preference, so `Cleaner.run`'s task group runs here too.
final class WorkExecutor: TaskExecutor {
    static let shared = WorkExecutor()
    private let queue = DispatchQueue(label: "vigie.review.work", qos: .utility, attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
