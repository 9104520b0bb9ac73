// CenterFace through OpenCV DNN, behind the C header. Every OpenCV call is inside a try block: no
// exception leaves this file.

#include "CFaceDetect.h"

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <cmath>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

struct vigie_face_detector {
    struct Slot {
        std::pair<int, int> shape;
        cv::dnn::Net net;
        unsigned long lastUse;
    };
    std::string modelPath;
    // OpenCV 4.6 returns wrong outputs when one Net sees an input smaller than one it ran before, so
    // every network shape gets its own Net. A Net holds 150-200 MB of buffers at these sizes, so one
    // is kept: a picture of another shape loads a new Net (about 30 ms) and the old one is dropped.
    // Memory over a folder of mixed orientations stays that of one Net per detector.
    std::vector<Slot> nets;
    unsigned long uses = 0;
    static constexpr size_t maxNets = 1;

    cv::dnn::Net &netFor(std::pair<int, int> shape) {
        uses++;
        for (Slot &s : nets) {
            if (s.shape == shape) {
                s.lastUse = uses;
                return s.net;
            }
        }
        if (nets.size() >= maxNets) {
            auto oldest = std::min_element(nets.begin(), nets.end(), [](const Slot &a, const Slot &b) { return a.lastUse < b.lastUse; });
            nets.erase(oldest);
#ifdef __GLIBC__
            // Hand the dropped Net's buffers back to the system; glibc would otherwise keep them.
            malloc_trim(0);
#endif
        }
        nets.push_back(Slot{shape, loadNet(modelPath), uses});
        return nets.back().net;
    }

    static cv::dnn::Net loadNet(const std::string &path) {
        cv::dnn::Net net = cv::dnn::readNetFromONNX(path);
        net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
        return net;
    }
};

namespace {

// The network input for a resized image of w x h (long side = long_side): the long side stays, the
// short side is rounded up to 9/16, 3/4 or 1 of it (multiples of 32). A few shapes keep the count of
// Nets small while wasting little computation on padding.
std::pair<int, int> networkShape(int w, int h, int longSide) {
    const int shortSide = std::min(w, h);
    int padded = longSide;
    for (double ratio : {0.5625, 0.75, 1.0}) {
        int candidate = static_cast<int>(std::ceil(longSide * ratio / 32.0)) * 32;
        if (candidate >= shortSide) { padded = candidate; break; }
    }
    return w >= h ? std::make_pair(longSide, padded) : std::make_pair(padded, longSide);
}

float iou(const vigie_face &a, const vigie_face &b) {
    float x1 = std::max(a.x, b.x), y1 = std::max(a.y, b.y);
    float x2 = std::min(a.x + a.width, b.x + b.width), y2 = std::min(a.y + a.height, b.y + b.height);
    float inter = std::max(0.0f, x2 - x1) * std::max(0.0f, y2 - y1);
    float uni = a.width * a.height + b.width * b.height - inter;
    return uni > 0 ? inter / uni : 0;
}

}  // namespace

extern "C" int vigie_face_detector_create(const char *model_path, vigie_face_detector **out) {
    if (!model_path || !out) return VIGIE_FACE_BAD_ARGUMENT;
    *out = nullptr;
    try {
        // Vigie runs one image per worker: OpenCV must not start threads of its own.
        cv::setNumThreads(1);
        std::unique_ptr<vigie_face_detector> d(new vigie_face_detector());
        d->modelPath = model_path;
        // Load once now so that a missing or broken model fails here, not on the first image.
        cv::dnn::Net probe = vigie_face_detector::loadNet(d->modelPath);
        if (probe.empty()) return VIGIE_FACE_MODEL_UNREADABLE;
        *out = d.release();
        return VIGIE_FACE_OK;
    } catch (const std::bad_alloc &) {
        return VIGIE_FACE_OUT_OF_MEMORY;
    } catch (...) {
        return VIGIE_FACE_MODEL_UNREADABLE;
    }
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
        cv::setNumThreads(1);
        const double factor = static_cast<double>(long_side) / std::max(width, height);
        const int rw = std::max(1, static_cast<int>(std::lround(width * factor)));
        const int rh = std::max(1, static_cast<int>(std::lround(height * factor)));
        const std::pair<int, int> shape = networkShape(rw, rh, long_side);

        // The network wants RGB, 0-255, planar; the image goes top-left on a black canvas.
        cv::Mat source(height, width, CV_8UC3, const_cast<uint8_t *>(pixels));
        cv::Mat canvas = cv::Mat::zeros(shape.second, shape.first, CV_8UC3);
        cv::Mat resized;
        cv::resize(source, resized, cv::Size(rw, rh), 0, 0, factor < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
        if (bgr) cv::cvtColor(resized, resized, cv::COLOR_BGR2RGB);
        resized.copyTo(canvas(cv::Rect(0, 0, rw, rh)));
        cv::Mat blob = cv::dnn::blobFromImage(canvas, 1.0, cv::Size(), cv::Scalar(), false, false, CV_32F);

        cv::dnn::Net &net = d->netFor(shape);
        net.setInput(blob);
        std::vector<cv::Mat> outs;
        net.forward(outs, std::vector<cv::String>{"537", "538", "539", "540"});
        if (outs.size() != 4) return VIGIE_FACE_INFERENCE_FAILED;
        const cv::Mat &heat = outs[0], &scale = outs[1], &offset = outs[2], &marks = outs[3];
        if (heat.dims != 4 || scale.dims != 4 || offset.dims != 4 || marks.dims != 4) return VIGIE_FACE_INFERENCE_FAILED;
        const int fh = heat.size[2], fw = heat.size[3];
        if (scale.size[1] != 2 || offset.size[1] != 2 || marks.size[1] != 10 || scale.size[2] != fh ||
            scale.size[3] != fw || offset.size[2] != fh || marks.size[3] != fw)
            return VIGIE_FACE_INFERENCE_FAILED;
        const size_t plane = static_cast<size_t>(fh) * fw;
        const float *h = heat.ptr<float>(), *s = scale.ptr<float>(), *o = offset.ptr<float>(), *m = marks.ptr<float>();

        // CenterFace decoding: a peak on the stride-4 heat map, log sizes and sub-cell offsets.
        std::vector<vigie_face> all;
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
                all.push_back(f);
            }
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
            g.x *= back;
            g.y *= back;
            g.width *= back;
            g.height *= back;
            for (float &v : g.landmarks) v *= back;
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
