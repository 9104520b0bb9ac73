import Foundation
import VigieChecks
import VigieKit
import VigieMedia
import VigieReport

extension ReviewSession {
    /// Starts writing publish-ready copies of the folder into `output`, as `vigie clean --redact`
    /// does (the same cleaner: faces the people rules or the teacher's choices do not let appear
    /// redacted, text covered, metadata gone, each copy checked again before it is renamed into
    /// place). False when a publish is already running or the first check has not finished.
    func startPublish() -> Bool {
        let candidates: [Candidate]? = state.withLock { s in
            guard s.finished, s.publish.state != "running" else { return nil }
            s.publish = PublishState(state: "running", done: 0, total: s.candidates.count)
            return s.candidates
        }
        guard let candidates else { return false }
        Task.detached { await self.publish(candidates) }
        return true
    }

    func publish(_ candidates: [Candidate]) async {
        var clean = CleanOptions(destination: .folder(output))
        clean.jobs = options.checks.jobs
        clean.limits = options.checks.limits
        var redaction = RedactionOptions()
        redaction.checks = options.checks
        redaction.style = options.redactionStyle
        redaction.margin = options.redactionMargin
        redaction.thumbnails = true
        clean.redaction = redaction
        let cleaner = Cleaner(options: clean, currentDirectory: root)
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            try cleaner.prepare()
        } catch {
            state.withLock {
                $0.publish.state = "failed"
                $0.publish.failure = "the publish folder cannot be created or faces cannot be detected"
            }
            return
        }
        _ = cleaner.sweepInterruptedRuns(candidates)
        let outcomes = await withTaskExecutorPreference(WorkExecutor.shared) {
            await cleaner.run(candidates) { [self] done, total in
                state.withLock {
                    $0.publish.done = done
                    $0.publish.total = total
                }
            }
        }
        state.withLock {
            $0.publish.outcomes = outcomes
            $0.publish.done = outcomes.count
            $0.publish.state = "done"
        }
    }

    /// Publish's state, progress and, once done, each file's result in `language`.
    func publishStatus(_ language: Language) -> [String: Any] {
        let p = state.withLock { $0.publish }
        let localizer = Localizer(language)
        var result: [String: Any] = ["state": p.state, "done": p.done, "total": p.total, "output": output]
        if let failure = p.failure { result["error"] = failure }
        result["results"] = p.outcomes.enumerated().map { index, o -> [String: Any] in
            var item: [String: Any] = ["index": index, "path": o.path, "status": o.status.rawValue]
            if let output = o.output { item["output"] = output }
            if let error = o.error { item["message"] = localizer.render(error) }
            if let r = o.redaction {
                item["facesRedacted"] = r.facesRedacted
                item["textCovered"] = r.textRegionsCovered
                item["facesKept"] = r.consentedFacesKept
            }
            item["before"] = o.before != nil
            item["after"] = o.after != nil
            return item
        }
        let written = p.outcomes.filter { $0.status == .cleaned }.count
        result["written"] = written
        return result
    }

    /// The before or after picture of a published file (at most 320 px, faces redacted in the copy
    /// blurred in the "before" too).
    func publishPicture(_ index: Int, after: Bool) -> Data? {
        let outcomes = state.withLock { $0.publish.outcomes }
        guard outcomes.indices.contains(index) else { return nil }
        return (after ? outcomes[index].after : outcomes[index].before)?.jpeg
    }
}
