import CMovieFrames
import Foundation

/// One sampled frame of a video, as displayed (the track's rotation applied).
public struct MovieFrame: Sendable {
    /// Seconds from the start of the video.
    public let time: Double
    /// Picked because the picture changed from the last sampled frame, not because of time.
    public let sceneChange: Bool
    /// At the working size: what faces, quality and text detection read.
    public let image: DecodedImage
    /// At the frame's full size, in grey: what OCR re-reads small print from.
    public let grey: GreyImage
}

/// What a video's track says about its frames.
public struct MovieFramesInfo: Sendable, Equatable {
    /// Coded size of the frames.
    public let width: Int
    public let height: Int
    /// Clockwise degrees applied for display (0, 90, 180, 270).
    public let rotation: Int
    /// Seconds; nil when the container does not say.
    public let duration: Double?
    public let hasAudio: Bool
    /// Only keyframes are decoded (the index shows them at most one interval apart).
    public let keyframesOnly: Bool
    /// FFmpeg's name of the video codec.
    public let codec: String

    /// Size as displayed: the rotation swaps the sides.
    public var displayWidth: Int { rotation == 90 || rotation == 270 ? height : width }
    public var displayHeight: Int { rotation == 90 || rotation == 270 ? width : height }
}

/// Sampled frames of an MP4, QuickTime or 3GP file, decoded by FFmpeg's libraries: the first frame,
/// then one at or after each multiple of `interval` seconds, and the first frame of each new scene (a
/// picture that differs strongly from the last sampled one), at most two a second. When the file's
/// index shows keyframes at most `interval` apart only keyframes are decoded, which costs a small part
/// of decoding every frame. The one owner of its FFmpeg handle; not shared between threads.
public final class MovieFrames {
    private let handle: OpaquePointer
    public let info: MovieFramesInfo
    /// Seconds between sampled frames.
    public let interval: Double
    /// Shortest time between two frames picked for a new scene.
    public static let minimumSceneGap = 0.5
    private let workingSize: Int

    /// Opens the video track of `path`. Fails with `.tooLarge` when a frame has more pixels than
    /// `limits.maxPixels` or the video lasts longer than `maxSeconds`, `.tooSlow` past `secondsLeft`.
    public init(path: String, limits: DecodeLimits, interval: Double = 2, maxSeconds: Double, secondsLeft: Double) throws {
        var settings = vigie_movie_limits(
            max_pixels: Int64(limits.maxPixels), max_seconds: maxSeconds, interval: interval, seconds_left: Swift.max(secondsLeft, 0.001))
        var out: OpaquePointer?
        var raw = vigie_movie_info()
        let status = vigie_movie_open(path, &settings, &out, &raw)
        guard status == Int32(VIGIE_MOVIE_OK), let out else { throw Self.error(status) }
        handle = out
        self.interval = interval
        workingSize = limits.workingSize
        let codec = withUnsafeBytes(of: raw.codec) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        info = MovieFramesInfo(
            width: Int(raw.width), height: Int(raw.height), rotation: Int(raw.rotation), duration: raw.duration >= 0 ? raw.duration : nil,
            hasAudio: raw.has_audio != 0, keyframesOnly: raw.keyframes_only != 0, codec: codec)
    }

    deinit { vigie_movie_close(handle) }

    /// Gives decoding `seconds` from now, replacing the limit given when opening.
    public func setTimeLimit(_ seconds: Double) { vigie_movie_set_time_limit(handle, Swift.max(seconds, 0.001)) }

    /// Frames decoded so far, sampled or not.
    public var decodedFrames: Int { Int(vigie_movie_decoded_frames(handle)) }

    /// The next sampled frame; nil at the end of the video.
    public func next() throws -> MovieFrame? {
        var raw = vigie_movie_frame()
        let status = vigie_movie_next(handle, Self.minimumSceneGap, Int32(workingSize), &raw)
        if status == Int32(VIGIE_MOVIE_END) { return nil }
        guard status == Int32(VIGIE_MOVIE_OK), let rgb = raw.rgb, let grey = raw.grey else { throw Self.error(status) }
        let w = Int(raw.rgb_width), h = Int(raw.rgb_height)
        let gw = Int(raw.grey_width), gh = Int(raw.grey_height)
        let image = DecodedImage(
            width: w, height: h, pixels: Array(UnsafeBufferPointer(start: rgb, count: w * h * 3)), displayWidth: gw, displayHeight: gh)
        let full = GreyImage(width: gw, height: gh, pixels: Array(UnsafeBufferPointer(start: grey, count: gw * gh)))
        return MovieFrame(time: raw.time, sceneChange: raw.scene_change != 0, image: image, grey: full)
    }

    static func error(_ status: Int32) -> MediaError {
        switch Int(status) {
        case Int(VIGIE_MOVIE_NO_VIDEO): MediaError(.unsupported, "no video track")
        case Int(VIGIE_MOVIE_NO_DECODER): MediaError(.unsupported, "no decoder for the video codec")
        case Int(VIGIE_MOVIE_DECODE_FAILED): MediaError(.corrupt, "the video frames do not decode")
        case Int(VIGIE_MOVIE_TOO_LARGE): MediaError(.tooLarge, "the video's frames or duration exceed the limits")
        case Int(VIGIE_MOVIE_TIMED_OUT): MediaError(.tooSlow, "decoding the video took longer than the time limit")
        case Int(VIGIE_MOVIE_OUT_OF_MEMORY): MediaError(.tooLarge, "out of memory decoding the video")
        case Int(VIGIE_MOVIE_NO_LIBRARY):
            MediaError(.unreadable, "FFmpeg's libraries (libavformat, libavcodec, libswscale) could not be loaded")
        default: MediaError(.corrupt, "the video cannot be decoded")
        }
    }
}
