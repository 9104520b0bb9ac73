import Foundation
import VigieChecks

/// The progress bar `check`, `audit` and `clean` draw on a terminal:
/// `Checking  42/120 [███████░░░░░░░░░]  35%  1:02 left`. A pure function of its inputs.
public enum ProgressBar {
    /// The line for `done` of `total` files after `elapsed` seconds, at most `width` columns wide.
    /// `label` is the localized verb ("Checking"). The time left is estimated from the average so far
    /// and shown once a file is done.
    public static func line(label: String, done: Int, total: Int, elapsed: TimeInterval, width: Int, language: Language) -> String {
        let total = max(total, 0)
        let done = min(max(done, 0), total)
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        let percent = Int((fraction * 100).rounded(.down))
        let digits = String(total).count
        let count = String(repeating: " ", count: max(0, digits - String(done).count)) + "\(done)/\(total)"
        // French puts a space before the percent sign.
        let percentText = language == .fr ? "\(percent) %" : "\(percent)%"
        let localizer = Localizer(language)
        var eta = ""
        if done > 0 && done < total && elapsed > 0 {
            let remaining = elapsed / Double(done) * Double(total - done)
            eta = "  " + localizer.render(Message("progress.eta", [duration(remaining)]))
        }
        let head = "\(label) \(count) "
        let percentPart = " \(String(repeating: " ", count: max(0, 3 - String(percent).count)))\(percentText)"
        let tail = percentPart + eta
        // Room for the estimate is kept from the start, so the bar does not shrink when it appears.
        let reserved = percentPart.count + max(eta.count, 2 + localizer.render(Message("progress.eta", ["0:00"])).count)
        let barWidth = min(40, width - head.count - reserved - 2)
        guard barWidth >= 5 else { return String((head.trimmingCharacters(in: .whitespaces) + tail).prefix(max(0, width))) }
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        let bar = "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled) + "]"
        return head + bar + tail
    }

    /// `h:mm:ss` above an hour, `m:ss` below.
    public static func duration(_ seconds: TimeInterval) -> String {
        let s = Int(seconds.rounded(.up))
        let (h, m, r) = (s / 3600, (s % 3600) / 60, s % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, r) : String(format: "%d:%02d", m, r)
    }
}
