#ifndef VIGIE_CSPECTRUM_H
#define VIGIE_CSPECTRUM_H
// Power cepstra of square tiles over OpenCV's discrete Fourier transform (opencv_core), behind a
// plain C header: no C++ type and no exception crosses it.

#ifdef __cplusplus
extern "C" {
#endif

/// Status codes.
enum {
    VIGIE_SPECTRUM_OK = 0,
    VIGIE_SPECTRUM_BAD_ARGUMENT = 1,  ///< null pointers, no tile, or a side that is not even and 8-4096
    VIGIE_SPECTRUM_FAILED = 2,        ///< OpenCV failed (out of memory included)
};

/// For each of the `count` tiles of `side` x `side` floats in `tiles` (row after row, tile after
/// tile), its power cepstrum: the inverse transform of the logarithm of its power spectrum, the
/// power first raised by a millionth of its mean (a null of the spectrum gives a finite logarithm).
/// Written to `out`, laid out as `tiles`; the value at lag (dx, dy) is at row dy mod side, column
/// dx mod side. Windowing and removing the mean are the caller's.
int vigie_power_cepstra(const float *tiles, int count, int side, float *out);

#ifdef __cplusplus
}
#endif

#endif
