import Foundation

/// The one place outcomes become exit codes.
enum ExitStatus: Int32, Error {
    /// Every file is clear.
    case clear = 0
    /// A file is blocked or could not be checked.
    case findings = 1
    /// Usage or operational error: bad arguments, unreadable configuration, unwritable output.
    case operational = 2
}

/// An operational failure: reported on stderr, exit 2. Its text never carries personal data.
struct OperationalError: Error, CustomStringConvertible {
    let description: String
}
