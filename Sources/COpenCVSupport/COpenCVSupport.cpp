#include "COpenCVSupport.h"

#include <opencv2/core.hpp>

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <new>

namespace {

// Vigie runs one image per worker: OpenCV must not start threads of its own. `cv::setNumThreads` is
// not thread-safe (Debian's TBB back end tears down and rebuilds one process-wide arena that every
// network reads while it runs), so it is called once, while the program loads, before any worker.
// It lives in this file, which both detectors call into, so it is always linked.
[[maybe_unused]] const bool openCVSingleThreaded = [] {
    cv::setNumThreads(1);
    return true;
}();

}  // namespace

vigie::Release vigie::releaseBuffers(cv::dnn::Net &net, const std::vector<cv::String> &outputs) {
    try {
        const int shape[] = {1, 3, 32, 32};
        net.setInput(cv::Mat::zeros(4, shape, CV_32F));
        if (outputs.empty()) {
            net.forward();
        } else {
            std::vector<cv::Mat> outs;
            net.forward(outs, outputs);
        }
#ifdef __GLIBC__
        malloc_trim(0);
#endif
        return Release::done;
    } catch (const std::bad_alloc &) {
        return Release::outOfMemory;
    } catch (...) {
        return Release::failed;
    }
}
