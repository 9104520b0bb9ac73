// PP-OCRv4's text detector through OpenCV DNN, behind the C header, with the DB post-processing of
// PaddleOCR (threshold the probability map, contours, the mean probability inside each, the box grown
// by its "unclip" distance). Every OpenCV call is inside a try block: no exception leaves this file.

#include "CTextDetect.h"

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

struct vigie_text_detector {
    cv::dnn::Net net;
};

namespace {

/// PaddleOCR's DB settings: pixels of text have a probability above 0.3; a box grows by its area
/// times 1.6 over its perimeter on each side (the network marks a shrunk core of each line).
constexpr float kPixelThreshold = 0.3f;
constexpr double kUnclipRatio = 1.6;
constexpr int kMaxCandidates = 1000;
constexpr float kMinSide = 3.0f;

int roundTo32(double v) { return std::max(32, static_cast<int>(std::lround(v / 32.0)) * 32); }

/// The size of each band across (a multiple of 32) and how many, for a network input `span` along the
/// bands and `length` across them, within `maxPixels` per band, two bands sharing at least `overlap`
/// rows (network pixels: each band's map is kept to the middle of the overlap, so every kept row has
/// at least half of it of the picture around it in its band; lines are found on the map put
/// together, so a line across a seam is one line): one band (the whole input) when it fits or when
/// bands would be too thin.
std::pair<int, int> bands(int span, int length, int maxPixels, int overlap) {
    if (maxPixels <= 0 || static_cast<long>(span) * length <= maxPixels) return {length, 1};
    for (int n = 2; n <= 64; n++) {
        const int size = (((length + (n - 1) * overlap + n - 1) / n + 31) / 32) * 32;
        if (size < overlap + 64) break;
        if (static_cast<long>(span) * size <= maxPixels) return {size, n};
    }
    return {length, 1};
}

/// The mean of `map` inside the polygon `points`.
float meanInside(const cv::Mat &map, const std::vector<cv::Point2f> &points) {
    cv::Rect box = cv::boundingRect(points) & cv::Rect(0, 0, map.cols, map.rows);
    if (box.width <= 0 || box.height <= 0) return 0;
    cv::Mat mask = cv::Mat::zeros(box.height, box.width, CV_8UC1);
    std::vector<cv::Point> shifted;
    shifted.reserve(points.size());
    for (const auto &p : points) shifted.emplace_back(cvRound(p.x - box.x), cvRound(p.y - box.y));
    cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{shifted}, cv::Scalar(1));
    return static_cast<float>(cv::mean(map(box), mask)[0]);
}

}  // namespace

extern "C" int vigie_text_detector_create(const char *model_path, vigie_text_detector **out) {
    if (!model_path || !out) return VIGIE_TEXT_BAD_ARGUMENT;
    *out = nullptr;
    try {
        std::unique_ptr<vigie_text_detector> d(new vigie_text_detector());
        d->net = cv::dnn::readNetFromONNX(model_path);
        if (d->net.empty()) return VIGIE_TEXT_MODEL_UNREADABLE;
        d->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        d->net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
        // With layers fused, OpenCV 4.6 gives wrong maps once the net has run at another input size.
        d->net.enableFusion(false);
        *out = d.release();
        return VIGIE_TEXT_OK;
    } catch (const std::bad_alloc &) {
        return VIGIE_TEXT_OUT_OF_MEMORY;
    } catch (...) {
        return VIGIE_TEXT_MODEL_UNREADABLE;
    }
}

extern "C" int vigie_text_detector_release(vigie_text_detector *d) {
    if (!d) return VIGIE_TEXT_BAD_ARGUMENT;
    switch (vigie::releaseBuffers(d->net, {})) {
    case vigie::Release::done: return VIGIE_TEXT_OK;
    case vigie::Release::outOfMemory: return VIGIE_TEXT_OUT_OF_MEMORY;
    case vigie::Release::failed: return VIGIE_TEXT_INFERENCE_FAILED;
    }
    return VIGIE_TEXT_INFERENCE_FAILED;
}

extern "C" void vigie_text_detector_destroy(vigie_text_detector *detector) {
    try {
        delete detector;
    } catch (...) {
    }
}

extern "C" int vigie_text_detect(vigie_text_detector *d, const uint8_t *pixels, int width, int height, int channels, int long_side,
                                 int max_pixels, int overlap, int columns, float box_threshold, vigie_text_box *boxes, int capacity,
                                 int *count, int *found, const vigie_text_probe *probes, int probe_count, float *peaks) {
    if (!d || !pixels || !boxes || !count || !found || capacity < 0) return VIGIE_TEXT_BAD_ARGUMENT;
    if (probe_count < 0 || (probe_count > 0 && (!probes || !peaks))) return VIGIE_TEXT_BAD_ARGUMENT;
    *count = 0;
    *found = 0;
    if (width < 1 || height < 1 || width > 65535 || height > 65535) return VIGIE_TEXT_BAD_ARGUMENT;
    if (long_side < 64 || long_side > 4096 || long_side % 32 != 0) return VIGIE_TEXT_BAD_ARGUMENT;
    if (channels != 1 && channels != 3) return VIGIE_TEXT_BAD_ARGUMENT;
    if (overlap < 32 || overlap > 512) return VIGIE_TEXT_BAD_ARGUMENT;
    try {
        const double factor = static_cast<double>(long_side) / std::max(width, height);
        const int rw = roundTo32(width * factor), rh = roundTo32(height * factor);
        cv::Mat source(height, width, channels == 3 ? CV_8UC3 : CV_8UC1, const_cast<uint8_t *>(pixels));
        cv::Mat resized;
        cv::resize(source, resized, cv::Size(rw, rh), 0, 0, factor < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
        if (channels == 1) cv::cvtColor(resized, resized, cv::COLOR_GRAY2RGB);
        // The probability map, band by band: full-width bands of rows (or full-height bands of
        // columns); band k starts at `start(k)`, and its map is kept from the middle of its overlap
        // with the band before to the middle of the one with the band after.
        const bool across = columns != 0;
        const int length = across ? rw : rh;
        const std::pair<int, int> layout = bands(across ? rh : rw, length, max_pixels, overlap);
        const int bandSize = layout.first, bandCount = layout.second;
        auto start = [&](int k) {
            return bandCount == 1 ? 0 : static_cast<int>(std::lround(static_cast<double>(k) * (length - bandSize) / (bandCount - 1)));
        };
        cv::Mat map(rh, rw, CV_32F);
        for (int k = 0; k < bandCount; k++) {
            const int at = start(k);
            const int from = k == 0 ? 0 : (at + start(k - 1) + bandSize) / 2;
            const int to = k == bandCount - 1 ? length : (start(k + 1) + at + bandSize) / 2;
            const cv::Rect part = across ? cv::Rect(at, 0, bandSize, rh) : cv::Rect(0, at, rw, bandSize);
            // ImageNet's mean per channel (RGB), and one scale near its deviations (0.229, 0.224, 0.225).
            cv::Mat blob = cv::dnn::blobFromImage(resized(part), 1.0 / (255.0 * 0.226), cv::Size(),
                                                  cv::Scalar(0.485 * 255, 0.456 * 255, 0.406 * 255), false, false);
            d->net.setInput(blob);
            cv::Mat output = d->net.forward();
            if (output.dims != 4 || output.size[0] != 1 || output.size[1] != 1 || output.size[2] != part.height ||
                output.size[3] != part.width)
                return VIGIE_TEXT_INFERENCE_FAILED;
            cv::Mat band(part.height, part.width, CV_32F, output.ptr<float>());
            if (across)
                band.colRange(from - at, to - at).copyTo(map.colRange(from, to));
            else
                band.rowRange(from - at, to - at).copyTo(map.rowRange(from, to));
        }
        // Each probe's highest probability, its edges taken outwards onto the map (each axis by its
        // own factor).
        const double mx = static_cast<double>(rw) / width, my = static_cast<double>(rh) / height;
        for (int i = 0; i < probe_count; i++) {
            const vigie_text_probe &p = probes[i];
            const int x0 = std::max(0, static_cast<int>(std::floor(p.x * mx)));
            const int y0 = std::max(0, static_cast<int>(std::floor(p.y * my)));
            const int x1 = std::min(rw, static_cast<int>(std::ceil((static_cast<double>(p.x) + p.width) * mx)));
            const int y1 = std::min(rh, static_cast<int>(std::ceil((static_cast<double>(p.y) + p.height) * my)));
            double peak = 0;
            if (x1 > x0 && y1 > y0) cv::minMaxLoc(map(cv::Rect(x0, y0, x1 - x0, y1 - y0)), nullptr, &peak);
            peaks[i] = static_cast<float>(peak);
        }
        cv::Mat bitmap = map > kPixelThreshold;
        std::vector<std::vector<cv::Point>> contours;
        cv::findContours(bitmap, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
        // Back to the caller's pixels, each axis by its own factor (the sides were rounded apart).
        const float fx = static_cast<float>(width) / rw, fy = static_cast<float>(height) / rh;
        std::vector<vigie_text_box> lines;
        const size_t candidates = std::min(contours.size(), static_cast<size_t>(kMaxCandidates));
        for (size_t i = 0; i < candidates; i++) {
            cv::RotatedRect r = cv::minAreaRect(contours[i]);
            if (std::min(r.size.width, r.size.height) < kMinSide) continue;
            cv::Point2f corners[4];
            r.points(corners);
            const float score = meanInside(map, std::vector<cv::Point2f>(corners, corners + 4));
            if (score < box_threshold) continue;
            // Unclip: a rectangle offset outwards by `distance` is a rectangle `2 * distance` larger.
            const double w = r.size.width, h = r.size.height;
            const double distance = w * h * kUnclipRatio / (2 * (w + h));
            float lw = static_cast<float>(w + 2 * distance), lh = static_cast<float>(h + 2 * distance);
            float angle = r.angle;
            if (lw < lh) {
                std::swap(lw, lh);
                angle -= 90;
            }
            if (std::min(lw, lh) < kMinSide + 2) continue;
            while (angle <= -90) angle += 180;
            while (angle > 90) angle -= 180;
            // To the caller's pixels: the box's axes scaled by the factors along their directions.
            const double t = angle * CV_PI / 180, c = std::cos(t), s = std::sin(t);
            const float along = static_cast<float>(std::hypot(c * fx, s * fy)), across = static_cast<float>(std::hypot(s * fx, c * fy));
            const float outAngle = static_cast<float>(std::atan2(s * fy, c * fx) * 180 / CV_PI);
            lines.push_back(vigie_text_box{r.center.x * fx, r.center.y * fy, lw * along, lh * across, outAngle, score});
        }
        // The most probable first, so that a caller's `capacity` keeps those.
        std::stable_sort(lines.begin(), lines.end(), [](const vigie_text_box &a, const vigie_text_box &b) { return a.score > b.score; });
        const int written = std::min(capacity, static_cast<int>(lines.size()));
        std::copy(lines.begin(), lines.begin() + written, boxes);
        *count = written;
        *found = static_cast<int>(lines.size());
        return VIGIE_TEXT_OK;
    } catch (const std::bad_alloc &) {
        return VIGIE_TEXT_OUT_OF_MEMORY;
    } catch (...) {
        return VIGIE_TEXT_INFERENCE_FAILED;
    }
}

extern "C" int vigie_text_cut(const uint8_t *grey, int width, int height, float cx, float cy, float angle, float scale,
                              uint8_t *out, int out_width, int out_height) {
    if (!grey || !out || width < 1 || height < 1 || out_width < 1 || out_height < 1 || !(scale > 0)) return VIGIE_TEXT_BAD_ARGUMENT;
    if (width > 65535 || height > 65535 || out_width > 16384 || out_height > 16384) return VIGIE_TEXT_BAD_ARGUMENT;
    try {
        cv::Mat source(height, width, CV_8UC1, const_cast<uint8_t *>(grey));
        cv::Mat target(out_height, out_width, CV_8UC1, out);
        // Output = scale * R(-angle) * (source - centre) + middle of the output.
        const double t = angle * CV_PI / 180, c = std::cos(t) * scale, s = std::sin(t) * scale;
        const double mx = out_width / 2.0, my = out_height / 2.0;
        cv::Mat m = (cv::Mat_<double>(2, 3) << c, s, mx - c * cx - s * cy, -s, c, my + s * cx - c * cy);
        cv::warpAffine(source, target, m, target.size(), scale < 1 ? cv::INTER_AREA : cv::INTER_CUBIC, cv::BORDER_REPLICATE);
        return VIGIE_TEXT_OK;
    } catch (const std::bad_alloc &) {
        return VIGIE_TEXT_OUT_OF_MEMORY;
    } catch (...) {
        return VIGIE_TEXT_BAD_ARGUMENT;
    }
}
