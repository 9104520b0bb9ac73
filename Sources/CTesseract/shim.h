#ifndef VIGIE_CTESSERACT_SHIM_H
#define VIGIE_CTESSERACT_SHIM_H
// Tesseract's C API is callable from Swift as it is. Leptonica (which Tesseract uses for images)
// prints its own errors on stderr; Vigie silences them since it reports per file itself.
#include <tesseract/capi.h>
#include <allheaders.h>
#include <dlfcn.h>

// L_SEVERITY_NONE is an enum constant behind a macro-style API; one call, made once.
static inline void vigie_leptonica_quiet(void) { setMsgSeverity(L_SEVERITY_NONE); }

// OpenMP's routines are looked up at run time, not linked: a Tesseract built without OpenMP has none
// (and starts no threads), and Vigie names no OpenMP runtime of its own.
//
// Sets the calling thread's max-active-levels to 0, so that every parallel region started from this
// thread (Tesseract's `#pragma omp parallel num_threads(n)`) runs on it alone. In libgomp (GCC 11
// and later) the value is per thread: each thread that runs Tesseract sets it. Returns 0 when
// there is no OpenMP runtime.
static inline int vigie_openmp_serial_on_this_thread(void) {
    void (*set)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_max_active_levels");
    if (!set) return 0;
    set(0);
    return 1;
}

// The calling thread's max-active-levels (-1 without an OpenMP runtime), for tests.
static inline int vigie_openmp_max_active_levels(void) {
    int (*get)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "omp_get_max_active_levels");
    return get ? get() : -1;
}
#endif
