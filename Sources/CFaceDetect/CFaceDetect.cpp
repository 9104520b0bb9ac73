// CenterFace through OpenCV DNN, behind the C header. Every OpenCV call is inside a try block: no
// exception leaves this file.

#include "CFaceDetect.h"

#include "COpenCVSupport.h"

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

struct vigie_face_detector {
    /// The network, unfused: with layers fused, OpenCV 4.6 returns wrong outputs once a Net has run
    /// at another input size; unfused, one Net runs every band shape (outputs identical to the fused
    /// ones within 1e-6, about 3% slower) and can hand its buffers back (`vigie_face_detector_release`).
    /// Its buffers grow with the input's area: about 210 bytes a pixel, 170 MB for a whole 1024x768
    /// picture, 90 MB for a band; so the network runs on bands of the picture, and once on the whole
    /// picture at a small size, no larger than a band, for faces too large to fit in a band's overlap.
    cv::dnn::Net net;
};

namespace {

int ceil32(double v) { return std::max(32, static_cast<int>(std::ceil(v / 32.0)) * 32); }

/// Where the network runs on a picture resized to `rw` x `rh` for a network long side of `longSide`:
/// full-width bands of at most the area of 1024x384 (scaled with the long side), overlapping by at
/// least a sixteenth of the long side (64 px at 1024). One band, at the picture's own shape, when it
/// fits; otherwise `count` bands of one shape, the first at the top and the last at the bottom.
struct BandLayout {
    int cols = 0, rows = 0, count = 1, overlap = 0, height = 0;
    double unit = 1;

    BandLayout(int rw, int rh, int longSide) : height(rh) {
        unit = longSide / 1024.0;
        cols = ceil32(rw);
        const int maxRows = std::max(64, static_cast<int>(std::floor(1024.0 * 384.0 * unit * unit / cols / 32.0)) * 32);
        overlap = std::max(32, static_cast<int>(std::lround(64 * unit)));
        if (ceil32(rh) <= maxRows) {
            rows = ceil32(rh);
        } else {
            count = static_cast<int>(std::ceil(static_cast<double>(rh - overlap) / (maxRows - overlap)));
            rows = std::min(rh, ceil32(static_cast<double>(rh + (count - 1) * overlap) / count));
        }
    }
    /// The first row of band `k`.
    int top(int k) const {
        return count == 1 ? 0 : static_cast<int>(std::lround(static_cast<double>(k) * (height - rows) / (count - 1)));
    }
};

/// A picture of `width` x `height` resized to a long side of `longSide`: the factor and the size.
struct Resize {
    double factor;
    int width, height;

    Resize(int w, int h, int longSide)
        : factor(static_cast<double>(longSide) / std::max(w, h)),
          width(std::max(1, static_cast<int>(std::lround(w * factor)))),
          height(std::max(1, static_cast<int>(std::lround(h * factor)))) {}
};

float iou(const vigie_face &a, const vigie_face &b) {
    float x1 = std::max(a.x, b.x), y1 = std::max(a.y, b.y);
    float x2 = std::min(a.x + a.width, b.x + b.width), y2 = std::min(a.y + a.height, b.y + b.height);
    float inter = std::max(0.0f, x2 - x1) * std::max(0.0f, y2 - y1);
    float uni = a.width * a.height + b.width * b.height - inter;
    return uni > 0 ? inter / uni : 0;
}

/// The share of `a`'s area inside `b`.
float containment(const vigie_face &a, const vigie_face &b) {
    float x1 = std::max(a.x, b.x), y1 = std::max(a.y, b.y);
    float x2 = std::min(a.x + a.width, b.x + b.width), y2 = std::min(a.y + a.height, b.y + b.height);
    float inter = std::max(0.0f, x2 - x1) * std::max(0.0f, y2 - y1);
    float area = a.width * a.height;
    return area > 0 ? inter / area : 0;
}

/// Runs `net` on `image` (RGB, 8-bit) placed top-left on a black canvas of `shape`, and decodes the
/// CenterFace outputs: faces with a score of at least `threshold`, in `image`'s pixels, clipped to it.
/// Returns false when the outputs are not the model's.
bool runNetwork(cv::dnn::Net &net, const cv::Mat &image, std::pair<int, int> shape, float threshold,
                std::vector<vigie_face> &found) {
    const int rw = image.cols, rh = image.rows;
    cv::Mat canvas = cv::Mat::zeros(shape.second, shape.first, CV_8UC3);
    image.copyTo(canvas(cv::Rect(0, 0, rw, rh)));
    cv::Mat blob = cv::dnn::blobFromImage(canvas, 1.0, cv::Size(), cv::Scalar(), false, false, CV_32F);
    canvas.release();
    net.setInput(blob);
    blob.release();
    std::vector<cv::Mat> outs;
    net.forward(outs, std::vector<cv::String>{"537", "538", "539", "540"});
    if (outs.size() != 4) return false;
    const cv::Mat &heat = outs[0], &scale = outs[1], &offset = outs[2], &marks = outs[3];
    if (heat.dims != 4 || scale.dims != 4 || offset.dims != 4 || marks.dims != 4) return false;
    const int fh = heat.size[2], fw = heat.size[3];
    if (scale.size[1] != 2 || offset.size[1] != 2 || marks.size[1] != 10 || scale.size[2] != fh ||
        scale.size[3] != fw || offset.size[2] != fh || marks.size[3] != fw)
        return false;
    const size_t plane = static_cast<size_t>(fh) * fw;
    const float *h = heat.ptr<float>(), *s = scale.ptr<float>(), *o = offset.ptr<float>(), *m = marks.ptr<float>();

    // CenterFace decoding: a peak on the stride-4 heat map, log sizes and sub-cell offsets.
    for (int y = 0; y < fh; y++) {
        for (int x = 0; x < fw; x++) {
            const size_t i = static_cast<size_t>(y) * fw + x;
            const float score = h[i];
            if (!(score >= threshold)) continue;
            const float sh = std::exp(s[i]) * 4, sw = std::exp(s[plane + i]) * 4;
            const float oy = o[i], ox = o[plane + i];
            float x1 = std::max(0.0f, (x + ox + 0.5f) * 4 - sw / 2), y1 = std::max(0.0f, (y + oy + 0.5f) * 4 - sh / 2);
            x1 = std::min<float>(x1, rw);
            y1 = std::min<float>(y1, rh);
            const float x2 = std::min<float>(x1 + sw, rw), y2 = std::min<float>(y1 + sh, rh);
            if (!(x2 > x1) || !(y2 > y1)) continue;
            vigie_face f;
            f.x = x1;
            f.y = y1;
            f.width = x2 - x1;
            f.height = y2 - y1;
            f.score = score;
            for (int j = 0; j < 5; j++) {
                f.landmarks[2 * j] = m[(2 * j + 1) * plane + i] * sw + x1;
                f.landmarks[2 * j + 1] = m[(2 * j) * plane + i] * sh + y1;
            }
            found.push_back(f);
        }
    }
    return true;
}

void moveFace(vigie_face &f, float factor, float dy) {
    f.x *= factor;
    f.y = f.y * factor + dy;
    f.width *= factor;
    f.height *= factor;
    for (int j = 0; j < 5; j++) {
        f.landmarks[2 * j] *= factor;
        f.landmarks[2 * j + 1] = f.landmarks[2 * j + 1] * factor + dy;
    }
}

}  // namespace

extern "C" int vigie_face_detector_create(const char *model_path, vigie_face_detector **out) {
    if (!model_path || !out) return VIGIE_FACE_BAD_ARGUMENT;
    *out = nullptr;
    try {
        std::unique_ptr<vigie_face_detector> d(new vigie_face_detector());
        d->net = cv::dnn::readNetFromONNX(model_path);
        if (d->net.empty()) return VIGIE_FACE_MODEL_UNREADABLE;
        d->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        d->net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
        d->net.enableFusion(false);
        *out = d.release();
        return VIGIE_FACE_OK;
    } catch (const std::bad_alloc &) {
        return VIGIE_FACE_OUT_OF_MEMORY;
    } catch (...) {
        return VIGIE_FACE_MODEL_UNREADABLE;
    }
}

extern "C" int vigie_face_detector_release(vigie_face_detector *d) {
    if (!d) return VIGIE_FACE_BAD_ARGUMENT;
    switch (vigie::releaseBuffers(d->net, std::vector<cv::String>{"537", "538", "539", "540"})) {
    case vigie::Release::done: return VIGIE_FACE_OK;
    case vigie::Release::outOfMemory: return VIGIE_FACE_OUT_OF_MEMORY;
    case vigie::Release::failed: return VIGIE_FACE_INFERENCE_FAILED;
    }
    return VIGIE_FACE_INFERENCE_FAILED;
}

extern "C" void vigie_face_detector_destroy(vigie_face_detector *detector) {
    try {
        delete detector;
    } catch (...) {
    }
}

extern "C" int vigie_face_detect(vigie_face_detector *d, const uint8_t *pixels, int width, int height, int bgr,
                                 int long_side, float threshold, vigie_face *faces, int capacity, int *count) {
    if (!d || !pixels || !faces || !count || capacity < 0) return VIGIE_FACE_BAD_ARGUMENT;
    *count = 0;
    if (width < 1 || height < 1 || width > 65535 || height > 65535) return VIGIE_FACE_BAD_ARGUMENT;
    if (long_side < 64 || long_side > 4096 || long_side % 32 != 0) return VIGIE_FACE_BAD_ARGUMENT;
    try {
        const Resize size(width, height, long_side);
        const double factor = size.factor;
        const int rw = size.width, rh = size.height;

        // The network wants RGB, 0-255, planar; each input goes top-left on a black canvas.
        cv::Mat source(height, width, CV_8UC3, const_cast<uint8_t *>(pixels));
        cv::Mat resized;
        cv::resize(source, resized, cv::Size(rw, rh), 0, 0, factor < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
        if (bgr) cv::cvtColor(resized, resized, cv::COLOR_BGR2RGB);

        // A face that reaches within `margin` of a band's inner edge is left to the neighbouring band,
        // which holds it whole when it is less high than the overlap; faces higher than that are the
        // coarse pass's.
        const BandLayout bands(rw, rh, long_side);
        const int overlap = bands.overlap, rows = bands.rows, bandCount = bands.count;
        const float margin = static_cast<float>(6 * bands.unit);
        const std::pair<int, int> shape{bands.cols, rows};
        std::vector<vigie_face> all;
        if (bandCount == 1) {
            if (!runNetwork(d->net, resized, shape, threshold, all)) return VIGIE_FACE_INFERENCE_FAILED;
        } else {
            for (int k = 0; k < bandCount; k++) {
                const int top = bands.top(k);
                std::vector<vigie_face> found;
                if (!runNetwork(d->net, resized(cv::Rect(0, top, rw, rows)), shape, threshold, found))
                    return VIGIE_FACE_INFERENCE_FAILED;
                for (vigie_face &f : found) {
                    if (k > 0 && f.y < margin) continue;
                    if (k < bandCount - 1 && f.y + f.height > rows - margin) continue;
                    moveFace(f, 1, static_cast<float>(top));
                    all.push_back(f);
                }
            }
            // The coarse pass: the whole picture at 7/16 of the long side (448 px at 1024), or smaller
            // when that is higher than a band, for the faces higher than half the overlap; smaller ones
            // are the bands'. It runs on the same network at its own shape (OpenCV sizes the buffers
            // anew, smaller than a band's): on a canvas of the band's shape, more than half of its
            // input was black, a quarter of the detector's time.
            const double coarseFactor = std::min(7.0 / 16.0, static_cast<double>(rows) / rh);
            const int cw = std::max(1, std::min(rw, static_cast<int>(std::lround(rw * coarseFactor))));
            const int ch = std::max(1, std::min(rows, static_cast<int>(std::lround(rh * coarseFactor))));
            cv::Mat small;
            cv::resize(resized, small, cv::Size(cw, ch), 0, 0, cv::INTER_AREA);
            std::vector<vigie_face> found;
            if (!runNetwork(d->net, small, {ceil32(cw), ceil32(ch)}, threshold, found))
                return VIGIE_FACE_INFERENCE_FAILED;
            const float back = static_cast<float>(static_cast<double>(rw) / cw);
            std::vector<vigie_face> large;
            for (vigie_face &f : found) {
                moveFace(f, back, 0);
                if (f.height >= overlap / 2.0f) large.push_back(f);
            }
            // A face cut by a band's edge can still be seen in part (a chin, a forehead) away from the
            // edge: what lies mostly inside a much larger face of the coarse pass is part of it.
            all.erase(std::remove_if(all.begin(), all.end(),
                                     [&](const vigie_face &f) {
                                         for (const vigie_face &c : large) {
                                             if (c.height >= 1.5f * f.height && containment(f, c) >= 0.6f) return true;
                                         }
                                         return false;
                                     }),
                      all.end());
            all.insert(all.end(), large.begin(), large.end());
        }

        std::sort(all.begin(), all.end(), [](const vigie_face &a, const vigie_face &b) { return a.score > b.score; });
        std::vector<vigie_face> kept;
        for (const vigie_face &f : all) {
            bool overlaps = false;
            for (const vigie_face &k : kept) {
                if (iou(f, k) > 0.3f) { overlaps = true; break; }
            }
            if (!overlaps) kept.push_back(f);
        }
        const float back = static_cast<float>(1.0 / factor);
        int n = 0;
        for (const vigie_face &f : kept) {
            if (n >= capacity) break;
            vigie_face g = f;
            moveFace(g, back, 0);
            faces[n++] = g;
        }
        *count = n;
        return VIGIE_FACE_OK;
    } catch (const std::bad_alloc &) {
        return VIGIE_FACE_OUT_OF_MEMORY;
    } catch (...) {
        return VIGIE_FACE_INFERENCE_FAILED;
    }
}

extern "C" int vigie_face_seams(int width, int height, int long_side, float *seams, int capacity) {
    if (width < 1 || height < 1 || long_side < 64 || !seams || capacity < 0) return 0;
    const Resize size(width, height, long_side);
    const BandLayout bands(size.width, size.height, long_side);
    const double back = 1.0 / size.factor;
    int n = 0;
    for (int k = 1; k < bands.count && n < capacity; k++) {
        // The middle of the rows band k - 1 and band k share.
        const double middle = (bands.top(k) + bands.top(k - 1) + bands.rows) / 2.0;
        seams[n++] = static_cast<float>(middle * back);
    }
    return n;
}
