#ifndef VIGIE_CTEXTDETECT_H
#define VIGIE_CTEXTDETECT_H
// A plain C text-line detector over OpenCV's DNN module running PaddleOCR's PP-OCRv4 detection model
// (a DB network: a map of how likely each pixel is to lie in text, then boxes around its blobs). No C++
// type and no exception crosses this header: every failure comes back as a status code.

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vigie_text_detector vigie_text_detector;

/// Status codes.
enum {
    VIGIE_TEXT_OK = 0,
    VIGIE_TEXT_MODEL_UNREADABLE = 1,  ///< the model file is missing or OpenCV cannot parse it
    VIGIE_TEXT_BAD_ARGUMENT = 2,      ///< null pointers, empty or absurd image sizes
    VIGIE_TEXT_INFERENCE_FAILED = 3,  ///< OpenCV failed while running the network
    VIGIE_TEXT_OUT_OF_MEMORY = 4,
};

/// One line of text: a turned rectangle in pixels of the image passed to `vigie_text_detect`. `width`
/// runs along the line and is at least `height`; `angle` is the line's direction in degrees, clockwise
/// (image rows run down), in (-90, 90]; `score` is the mean probability inside the line (0-1).
typedef struct {
    float cx, cy, width, height, angle, score;
} vigie_text_box;

/// An upright part of the image passed to `vigie_text_detect`, in its pixels.
typedef struct {
    int x, y, width, height;
} vigie_text_probe;

/// Loads the model once. On success `*out` owns the detector; free it with `vigie_text_detector_destroy`.
int vigie_text_detector_create(const char *model_path, vigie_text_detector **out);

void vigie_text_detector_destroy(vigie_text_detector *detector);

/// Hands back the buffers the network kept for its last input (tens of megabytes); the next run
/// makes them again, for its own input. The detector stays usable.
int vigie_text_detector_release(vigie_text_detector *detector);

/// Finds lines of text in an 8-bit image (`channels`: 1 for grey, 3 for interleaved RGB), resized so that its long side is
/// `long_side` (a multiple of 32, each side rounded to a multiple of 32). Up to `capacity` lines with a
/// score of at least `box_threshold`, the most probable first, are written to `boxes`; `*count`
/// receives how many were written (at most `capacity`; `*found` how many there were). When the resized
/// image has more than `max_pixels` pixels (0: no limit), the network runs on bands sharing at least
/// `overlap` rows or columns (32 to 512), each within that many pixels: full-width bands of rows, or
/// full-height bands of columns when `columns` is not 0 (lines running down); the probability map is
/// put together from the middles of their overlaps before lines are found on it. The network's
/// buffers grow with its input. For each of the `probe_count` `probes`, `peaks` receives the highest
/// probability of text on the map inside it (0 for a probe outside the image).
int vigie_text_detect(vigie_text_detector *detector, const uint8_t *pixels, int width, int height, int channels, int long_side,
                      int max_pixels, int overlap, int columns, float box_threshold, vigie_text_box *boxes, int capacity,
                      int *count, int *found, const vigie_text_probe *probes, int probe_count, float *peaks);

/// Cuts a line out of an 8-bit grey image, level: `out` (`out_width` x `out_height`, caller's buffer)
/// receives the pixels around (`cx`, `cy`) turned back by `angle` degrees and enlarged by `scale`,
/// the centre in the middle of `out`; outside the image, the nearest edge pixel.
int vigie_text_cut(const uint8_t *grey, int width, int height, float cx, float cy, float angle, float scale,
                   uint8_t *out, int out_width, int out_height);

#ifdef __cplusplus
}
#endif

#endif
