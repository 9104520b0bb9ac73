// Times the text detector's network alone, as Vigie runs it (OpenCV DNN, one thread, CPU), for a
// given input size: the least of REPS runs after one warm-up, and OpenCV's time per layer type.
// With a second model and a photo, also the largest difference between the two models' probability
// maps on that photo brought to the input size (a rewritten model must give the same map; on noise
// both maps are near zero and tell nothing). With FUSION 1, the network is run with OpenCV's layer
// fusion on (Vigie runs it off: see docs/BENCHMARKS.md, stop 50).
//
//   g++ -O2 -I/usr/include/opencv4 Evaluation/text-network-bench.cpp -o /tmp/text-network-bench \
//       -lopencv_dnn -lopencv_imgproc -lopencv_core
//   /tmp/text-network-bench MODEL WIDTH HEIGHT REPS [FUSION [OTHER_MODEL PHOTO.rgb PHOTO_WIDTH PHOTO_HEIGHT]]
//
// The timed input is random noise: the network's cost does not depend on what it sees. PHOTO.rgb is
// 8-bit RGB without a header, e.g. `vips thumbnail IN.jpg /tmp/t.v 1024 && vips extract_band /tmp/t.v
// /tmp/t3.v 0 --n 3 && vips rawsave /tmp/t3.v PHOTO.rgb` (its size from `vipsheader /tmp/t3.v`).
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

static cv::Mat forward(cv::dnn::Net &net, const cv::Mat &blob) {
    net.setInput(blob);
    return net.forward().clone();
}

// Vigie's input: ImageNet's mean, one scale near its deviations (CTextDetect.cpp).
static cv::Mat blobOf(const cv::Mat &image) {
    return cv::dnn::blobFromImage(image, 1.0 / (255.0 * 0.226), cv::Size(), cv::Scalar(0.485 * 255, 0.456 * 255, 0.406 * 255),
                                  false, false);
}

int main(int argc, char **argv) {
    if (argc < 5 || (argc > 6 && argc != 10)) {
        std::fprintf(stderr, "usage: %s MODEL WIDTH HEIGHT REPS [FUSION [OTHER_MODEL PHOTO.rgb PHOTO_WIDTH PHOTO_HEIGHT]]\n", argv[0]);
        return 2;
    }
    cv::setNumThreads(1);
    const int w = std::atoi(argv[2]), h = std::atoi(argv[3]), reps = std::max(1, std::atoi(argv[4]));
    const bool fusion = argc > 5 && std::atoi(argv[5]) != 0;
    cv::dnn::Net net = cv::dnn::readNetFromONNX(argv[1]);
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    net.enableFusion(fusion);
    cv::Mat image(h, w, CV_8UC3);
    cv::RNG rng(1);
    rng.fill(image, cv::RNG::UNIFORM, 0, 256);
    cv::Mat blob = blobOf(image);
    forward(net, blob);  // warm-up
    double best = 1e9;
    for (int i = 0; i < reps; i++) {
        const auto start = std::chrono::steady_clock::now();
        forward(net, blob);
        best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::printf("%s %dx%d fusion %d: least of %d runs %.1f ms\n", argv[1], w, h, fusion ? 1 : 0, reps, best);
    std::vector<double> times;
    net.getPerfProfile(times);
    const std::vector<cv::String> names = net.getLayerNames();
    std::map<std::string, double> byType;
    for (size_t i = 0; i < times.size() && i < names.size(); i++) {
        const cv::Ptr<cv::dnn::Layer> layer = net.getLayer(static_cast<int>(i) + 1);
        byType[layer->type] += times[i] * 1000.0 / cv::getTickFrequency();
    }
    for (const auto &[type, ms] : byType)
        if (ms >= 1.0) std::printf("  %-20s %7.1f ms (last run)\n", type.c_str(), ms);
    if (argc == 10) {
        const int pw = std::atoi(argv[8]), ph = std::atoi(argv[9]);
        if (pw < 1 || ph < 1) return 2;
        cv::Mat photo(ph, pw, CV_8UC3);
        std::ifstream file(argv[7], std::ios::binary);
        if (!file.read(reinterpret_cast<char *>(photo.data), static_cast<std::streamsize>(photo.total() * 3))) {
            std::fprintf(stderr, "cannot read %d x %d RGB bytes from %s\n", pw, ph, argv[7]);
            return 2;
        }
        cv::resize(photo, photo, cv::Size(w, h), 0, 0, cv::INTER_AREA);
        const cv::Mat photoBlob = blobOf(photo);
        cv::dnn::Net other = cv::dnn::readNetFromONNX(argv[6]);
        other.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        other.enableFusion(false);
        const cv::Mat a = forward(net, photoBlob), b = forward(other, photoBlob);
        double most = 0;
        int text = 0;
        for (size_t i = 0; i < a.total(); i++) {
            most = std::max(most, static_cast<double>(std::abs(a.ptr<float>()[i] - b.ptr<float>()[i])));
            text += a.ptr<float>()[i] > 0.3f;  // PaddleOCR's pixel threshold
        }
        std::printf("largest difference of the two maps: %.6f (%d pixels of text)\n", most, text);
    }
    return 0;
}
