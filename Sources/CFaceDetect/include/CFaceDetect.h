#ifndef VIGIE_CFACEDETECT_H
#define VIGIE_CFACEDETECT_H
// A plain C face detector over OpenCV's DNN module running the CenterFace model. No C++ type and no
// exception crosses this header: every failure comes back as a status code.

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vigie_face_detector vigie_face_detector;

/// Status codes.
enum {
    VIGIE_FACE_OK = 0,
    VIGIE_FACE_MODEL_UNREADABLE = 1,  ///< the model file is missing or OpenCV cannot parse it
    VIGIE_FACE_BAD_ARGUMENT = 2,      ///< null pointers, empty or absurd image sizes
    VIGIE_FACE_INFERENCE_FAILED = 3,  ///< OpenCV failed while running the network
    VIGIE_FACE_OUT_OF_MEMORY = 4,
};

/// One detected face, in pixels of the image passed to `vigie_face_detect`.
typedef struct {
    float x, y, width, height;
    float score;
    /// Five landmarks (eyes, nose, mouth corners) as x, y pairs.
    float landmarks[10];
} vigie_face;

/// Loads the model once. On success `*out` owns the detector; free it with `vigie_face_detector_destroy`.
int vigie_face_detector_create(const char *model_path, vigie_face_detector **out);

void vigie_face_detector_destroy(vigie_face_detector *detector);

/// Hands back the buffers the network kept for its last input (tens of megabytes); the next run
/// makes them again, for its own input. The detector stays usable.
int vigie_face_detector_release(vigie_face_detector *detector);

/// Detects faces in an 8-bit three-band interleaved image (`bgr` = 0 for RGB order, 1 for BGR).
/// The image is resized so that its long side is `long_side` (a multiple of 32) and padded to one of
/// a few fixed network shapes. Up to `capacity` faces with score >= `threshold`, best first, are
/// written to `faces`; `*count` receives how many were written.
int vigie_face_detect(vigie_face_detector *detector, const uint8_t *pixels, int width, int height, int bgr,
                      int long_side, float threshold, vigie_face *faces, int capacity, int *count);

/// Where the network's bands of a `width` x `height` picture overlap, at `long_side`: the middle row
/// of each overlap, in the picture's pixels, top to bottom. Returns how many were written (none when
/// the picture is read in one band).
int vigie_face_seams(int width, int height, int long_side, float *seams, int capacity);

#ifdef __cplusplus
}
#endif

#endif
