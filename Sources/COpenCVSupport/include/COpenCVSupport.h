// What the two OpenCV DNN detectors (CFaceDetect, CTextDetect) share: OpenCV's process-wide thread
// setting and handing a network's buffers back. C++ only: included by those two targets, never
// imported by Swift.
#pragma once

#ifdef __cplusplus
#include <opencv2/dnn.hpp>

#include <vector>

namespace vigie {

/// How `releaseBuffers` went.
enum class Release { done, outOfMemory, failed };

/// Hands back the buffers `net` kept for its last input (tens of megabytes for a band of a picture):
/// OpenCV has no call to free them, but sizes them anew for each input shape, so a run at 32x32
/// leaves buffers of a few kilobytes; then glibc is asked to give freed memory back to the system
/// (it keeps blocks below its mmap threshold, which rises to the largest block freed). The Net must
/// run unfused: with layers fused, OpenCV 4.6 gives wrong outputs once a Net has run at another
/// shape. `outputs`: the layers to run up to (none: the network's output). No exception leaves it.
Release releaseBuffers(cv::dnn::Net &net, const std::vector<cv::String> &outputs);

}  // namespace vigie
#endif
