import Foundation
import VigieMedia

/// Videos made for the tests with ffmpeg: six seconds of a still background, with `overlay` (a
/// picture) shown from 2 s to 4 s in the middle of the frame.
public enum GeneratedVideo {
    public static let ffmpeg = "/usr/bin/ffmpeg"

    /// Writes the video and returns its path. `gop`: frames between keyframes (250: one keyframe at
    /// the start and at scene changes; 25: one a second).
    public static func make(
        _ name: String, background: String? = nil, overlay: String? = nil, gop: Int = 250, audio: Bool = false, width w: Int = 1280,
        height h: Int = 720
    ) throws -> String {
        let dir = ScratchFolder.root.appendingPathComponent("vigie-frames")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent(name).path
        let size = "\(w)x\(h)"
        var args = ["-v", "error", "-y"]
        if let background {
            args += ["-loop", "1", "-framerate", "25", "-t", "6", "-i", background]
        } else {
            args += ["-f", "lavfi", "-i", "color=c=0x5a6e82:s=\(size):r=25:d=6"]
        }
        var filter = "[0:v]scale=\(w):\(h),setsar=1[bg]"
        var last = "bg"
        var input = 1
        if let overlay {
            args += ["-loop", "1", "-framerate", "25", "-t", "6", "-i", overlay]
            filter += ";[\(input):v]scale=-2:\(h * 5 / 6)[o];[bg][o]overlay=(W-w)/2:(H-h)/2:enable='between(t,2,4)'[v]"
            last = "v"
            input += 1
        }
        if audio { args += ["-f", "lavfi", "-i", "sine=frequency=440:duration=6"] }
        args += ["-filter_complex", filter, "-map", "[\(last)]"]
        if audio { args += ["-map", "\(input):a", "-c:a", "aac"] }
        args += ["-t", "6", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", String(gop), "-r", "25"]
        args.append(out)
        _ = try ExternalTool.output(ffmpeg, args)
        guard FileManager.default.fileExists(atPath: out) else { throw MediaError(.writeFailed, "ffmpeg made no video") }
        return out
    }

    /// A photo with a student card on it, as the text tests paint them.
    public static func studentCard() throws -> String {
        let out = ScratchFolder.root.appendingPathComponent("vigie-frames-card.jpg").path
        let card = TextCardPainter.Card(
            text: "Student ID 4829175", font: "DejaVu Sans", capHeight: 34, paper: [250, 250, 248], ink: [20, 20, 25], angle: 0, blur: 0,
            place: (0.5, 0.5))
        try TextCardPainter.paint(
            base: Fixtures.path("metadata/no-metadata.jpg"), width: 1280, height: 720, cards: [card], output: out)
        return out
    }
}
