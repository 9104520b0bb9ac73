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
    VIGIE_MOVIE_NO_LIBRARY = -9,    ///< FFmpeg's libraries could not be opened (vigie_ffmpeg_load)
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

// --- HEIC still images -------------------------------------------------------------------------
// The HEVC-coded picture of a HEIC file (one image, or a grid of equal tiles) decoded with libavcodec
// straight to 8-bit 4:2:0 planes. The container is read in Swift (`HEVCImagePlan`); this only decodes.

/// Status codes of vigie_hevc_decode_image.
enum {
    VIGIE_HEVC_OK = 0,
    VIGIE_HEVC_BAD_ARGUMENT = -1,   ///< sizes, counts or buffers inconsistent
    VIGIE_HEVC_NO_DECODER = -2,     ///< libavcodec has no HEVC decoder, or it refused the hvcC record
    VIGIE_HEVC_DECODE_FAILED = -3,  ///< a tile did not decode (corrupt, truncated, no frame)
    VIGIE_HEVC_UNEXPECTED_FRAME = -4, ///< a frame not 8-bit 4:2:0, or not of the tile size
    VIGIE_HEVC_TOO_LARGE = -5,      ///< more pixels than the limit
    VIGIE_HEVC_TIMED_OUT = -6,
    VIGIE_HEVC_OUT_OF_MEMORY = -7,
    VIGIE_HEVC_NO_LIBRARY = -8,     ///< FFmpeg's libraries could not be opened
};

/// A grid of `columns` x `rows` tiles of `tile_width` x `tile_height` (one tile for a plain image),
/// put together and cropped at the right and bottom to `width` x `height`.
typedef struct {
    /// The hvcC record (parameter sets), given to the decoder as its extradata.
    const uint8_t *hvcc;
    size_t hvcc_size;
    /// Tile i (row-major) is `tile_size[i]` bytes at `data + tile_offset[i]`: NAL units with the
    /// length prefixes of the hvcC record, as stored in the file.
    const uint8_t *data;
    size_t data_size;
    const size_t *tile_offset, *tile_size;
    int columns, rows, tile_width, tile_height, width, height;
    long long max_pixels;
    double seconds_left; ///< 0: no limit
} vigie_hevc_image;

/// Decodes `image` into `y` (width x height), `cb` and `cr` ((width+1)/2 x (height+1)/2), rows
/// packed. `stream_full_range` is set to 1 when the stream says full range (SPS VUI), 0 otherwise
/// (studio range, or no VUI); `stream_matrix` to the VUI's matrix coefficients (2: unspecified).
int vigie_hevc_decode_image(
    const vigie_hevc_image *image, uint8_t *y, uint8_t *cb, uint8_t *cr, int *stream_full_range, int *stream_matrix);

#ifdef __cplusplus
}
#endif

#endif
