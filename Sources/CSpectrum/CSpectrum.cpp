#include "CSpectrum.h"

#include <opencv2/core.hpp>

#include <cmath>
#include <new>

namespace {

/// log(re^2 + im^2 + floor): the logarithm of a power, never of zero.
inline float logPower(float re, float im, float floor) { return std::log(re * re + im * im + floor); }

}  // namespace

int vigie_power_cepstra(const float *tiles, int count, int side, float *out) {
    if (tiles == nullptr || out == nullptr || count <= 0 || side < 8 || side > 4096 || side % 2 != 0) {
        return VIGIE_SPECTRUM_BAD_ARGUMENT;
    }
    try {
        const size_t area = static_cast<size_t>(side) * side;
        cv::Mat packed;
        for (int k = 0; k < count; k++) {
            // OpenCV takes a const pointer only through a non-const Mat; the tile is never written.
            const cv::Mat tile(side, side, CV_32F, const_cast<float *>(tiles + k * area));
            // The spectrum of a real tile in OpenCV's packed form (CCS): half of it, the other half
            // being its conjugate. Its mean power is the tile's sum of squares (Parseval).
            cv::dft(tile, packed);
            const float floor = static_cast<float>(1e-6 * tile.dot(tile) + 1e-12);
            // Each value becomes the logarithm of its power, a real number: each (re, im) pair
            // becomes (log power, 0), each value standing alone (the four purely real ones) log v^2.
            // The columns between the first and the last hold pairs, row by row; the first and the
            // last columns hold, down them, a value alone, pairs, and a value alone at the bottom.
            for (int y = 0; y < side; y++) {
                float *row = packed.ptr<float>(y);
                for (int x = 1; x + 1 < side; x += 2) {
                    row[x] = logPower(row[x], row[x + 1], floor);
                    row[x + 1] = 0;
                }
            }
            for (const int x : {0, side - 1}) {
                float *first = packed.ptr<float>(0) + x, *last = packed.ptr<float>(side - 1) + x;
                *first = logPower(*first, 0, floor);
                *last = logPower(*last, 0, floor);
                for (int y = 1; y + 1 < side; y += 2) {
                    float *re = packed.ptr<float>(y) + x, *im = packed.ptr<float>(y + 1) + x;
                    *re = logPower(*re, *im, floor);
                    *im = 0;
                }
            }
            // The inverse transform of that even, real spectrum: the cepstrum, real.
            cv::Mat result(side, side, CV_32F, out + k * area);
            cv::dft(packed, result, cv::DFT_INVERSE | cv::DFT_REAL_OUTPUT | cv::DFT_SCALE);
            if (result.data != reinterpret_cast<uchar *>(out + k * area)) return VIGIE_SPECTRUM_FAILED;
        }
        return VIGIE_SPECTRUM_OK;
    } catch (const std::bad_alloc &) {
        return VIGIE_SPECTRUM_FAILED;
    } catch (...) {
        return VIGIE_SPECTRUM_FAILED;
    }
}
