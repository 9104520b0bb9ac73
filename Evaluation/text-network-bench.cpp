// Times the text detector's network alone, as Vigie runs it (OpenCV DNN, one thread, CPU), for a
// given input size: the least of REPS runs after one warm-up, and OpenCV's time per layer type.
// With a second model, also the largest difference between their probability maps on the same input
// (a rewritten model must give the same map). With FUSION 1, the network is run with OpenCV's layer
// fusion on (Vigie runs it off: see docs/BENCHMARKS.md, stop 50).
//
//   g++ -O2 -I/usr/include/opencv4 Evaluation/text-network-bench.cpp -o /tmp/text-network-bench \
//       -lopencv_dnn -lopencv_core
//   /tmp/text-network-bench MODEL WIDTH HEIGHT REPS [FUSION] [OTHER_MODEL]
//
// The input is random noise smoothed by nothing: the network's cost does not depend on what it sees.
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

static cv::Mat forward(cv::dnn::Net &net, const cv::Mat &blob) {
    net.setInput(blob);
    return net.forward().clone();
}

int main(int argc, char **argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s MODEL WIDTH HEIGHT REPS [FUSION] [OTHER_MODEL]\n", argv[0]);
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
    // Vigie's input: ImageNet's mean, one scale near its deviations (CTextDetect.cpp).
    cv::Mat blob = cv::dnn::blobFromImage(image, 1.0 / (255.0 * 0.226), cv::Size(),
                                          cv::Scalar(0.485 * 255, 0.456 * 255, 0.406 * 255), false, false);
    cv::Mat map = forward(net, blob);  // warm-up
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
    if (argc > 6) {
        cv::dnn::Net other = cv::dnn::readNetFromONNX(argv[6]);
        other.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        other.enableFusion(false);
        cv::Mat diff = cv::abs(forward(other, blob) - map);
        double most = 0;
        for (size_t i = 0; i < diff.total(); i++) most = std::max(most, static_cast<double>(diff.ptr<float>()[i]));
        std::printf("largest difference of the two maps: %.6f\n", most);
    }
    return 0;
}
