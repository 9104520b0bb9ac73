#ifndef VIGIE_CMOVIEFRAMES_H
#define VIGIE_CMOVIEFRAMES_H
// Sampled frames of a video over FFmpeg's libavformat, libavcodec and libswscale, behind a plain C
// header: one handle per open video, every failure a status code, FFmpeg's own log silenced (it would
// print paths and tags). The Swift owner is `MovieFrames` in VigieMedia.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vigie_movie vigie_movie;

/// Status codes.
enum {
    VIGIE_MOVIE_OK = 0,
    VIGIE_MOVIE_END = 1,            ///< no more frames
    VIGIE_MOVIE_UNREADABLE = -1,    ///< the container cannot be opened or read
    VIGIE_MOVIE_NO_VIDEO = -2,      ///< no video track
    VIGIE_MOVIE_NO_DECODER = -3,    ///< no decoder for the video codec
    VIGIE_MOVIE_DECODE_FAILED = -4, ///< the decoder failed on the stream
    VIGIE_MOVIE_TOO_LARGE = -5,     ///< frame size or duration beyond the limits given
    VIGIE_MOVIE_TIMED_OUT = -6,     ///< the deadline passed
    VIGIE_MOVIE_OUT_OF_MEMORY = -7,
    VIGIE_MOVIE_BAD_ARGUMENT = -8,
};

/// What the video track says about itself.
typedef struct {
    /// Coded size of the video track's frames.
    int width, height;
    /// Clockwise rotation to apply for display (0, 90, 180 or 270), from the track's display matrix.
    int rotation;
    /// Seconds; negative when the container does not say.
    double duration;
    int has_audio;
    /// 1 when the container's index shows keyframes at most `interval` seconds apart: only keyframes
    /// are then decoded. 0: every frame is decoded and frames are picked by time.
    int keyframes_only;
    /// FFmpeg's short name of the video codec ("h264", "hevc"...).
    char codec[32];
} vigie_movie_info;

/// Limits checked before any frame is decoded.
typedef struct {
    long long max_pixels;     ///< of one frame
    double max_seconds;       ///< of video
    double interval;          ///< seconds between sampled frames (keyframes-only decision)
    double seconds_left;      ///< time after which every call fails, from now (0: no limit)
} vigie_movie_limits;

/// Opens `path` (an ISO-BMFF / QuickTime file: other demuxers are not allowed) and its video track.
int vigie_movie_open(const char *path, const vigie_movie_limits *limits, vigie_movie **out, vigie_movie_info *info);

/// One sampled frame, in display orientation. The buffers belong to the handle and stay valid until
/// the next call.
typedef struct {
    double time;         ///< seconds from the start of the video
    int scene_change;    ///< 1 when picked because the picture changed, not because of time
    int is_keyframe;
    /// 8-bit RGB, interleaved, long side at most the asked working size.
    const uint8_t *rgb;
    int rgb_width, rgb_height;
    /// 8-bit grey at the frame's full (displayed) size.
    const uint8_t *grey;
    int grey_width, grey_height;
} vigie_movie_frame;

/// Decodes until the next sampled frame: the first frame, then the first at or after each multiple
/// of `interval` seconds, and a frame whose picture differs strongly from the last sampled one (a new
/// scene) at least `min_scene_gap` seconds after it. Returns VIGIE_MOVIE_OK with `frame` filled,
/// VIGIE_MOVIE_END, or an error.
int vigie_movie_next(vigie_movie *movie, double min_scene_gap, int working_size, vigie_movie_frame *frame);

/// Moves the deadline to `seconds_left` from now (0: no limit): a video's time limit depends on its
/// duration, known once it is open.
void vigie_movie_set_time_limit(vigie_movie *movie, double seconds_left);

/// Frames decoded so far (sampled or not), for the benchmarks.
long long vigie_movie_decoded_frames(const vigie_movie *movie);

void vigie_movie_close(vigie_movie *movie);

#ifdef __cplusplus
}
#endif

#endif
