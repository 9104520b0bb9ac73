import Foundation

/// Independent programs the tests compare Vigie with (exiftool, ffmpeg, ffprobe).
public enum ExternalTool {
    /// Runs the program at `path` with `arguments` and returns its standard output; standard error is
    /// dropped and the exit status is not checked (an empty or partial output fails the caller's checks).
    public static func output(_ path: String, _ arguments: [String]) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return data
    }
}
