import Foundation

/// Why a file could not be read, decoded or checked. The description never carries the file's path,
/// its text or its metadata values: callers add the path where they report it.
public struct MediaError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        /// Reading the bytes failed (permissions, I/O, vanished file).
        case unreadable
        /// The content is not an image format Vigie supports.
        case unsupported
        /// Structurally broken content (a container, header or pixel data that does not decode).
        case corrupt
        /// More pixels or frames than the configured limit.
        case tooLarge
        /// Checking took longer than the time limit for one file.
        case tooSlow
        /// Writing an output failed.
        case writeFailed
        /// A written output failed its verification.
        case verificationFailed
    }

    public let code: Code
    /// A short reason in English, free of personal data.
    public let reason: String
    /// The underlying library's message with any path removed, when there is one.
    public let underlying: String?

    public init(_ code: Code, _ reason: String, underlying: String? = nil) {
        self.code = code
        self.reason = reason
        self.underlying = underlying
    }

    public var description: String {
        if let underlying, !underlying.isEmpty { return "\(reason) (\(underlying))" }
        return reason
    }
}
