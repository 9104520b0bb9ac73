import Foundation

/// exiftool, an independent reader and writer of metadata, for the tests and the evaluation.
public enum ExifTool {
    /// A command that exiftool refused.
    public struct Failure: Error, CustomStringConvertible {
        public let status: Int32
        public var description: String { "exiftool exited with \(status)" }
    }

    /// Writes an EXIF orientation (1-8) into the file at `path`, in place.
    public static func setOrientation(_ orientation: Int, of path: String) throws {
        let tool = Process()
        tool.executableURL = URL(fileURLWithPath: "/usr/bin/exiftool")
        tool.arguments = ["-q", "-n", "-Orientation=\(orientation)", "-overwrite_original", path]
        try tool.run()
        tool.waitUntilExit()
        guard tool.terminationStatus == 0 else { throw Failure(status: tool.terminationStatus) }
    }
}
