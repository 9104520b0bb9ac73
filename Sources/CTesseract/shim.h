#ifndef VIGIE_CTESSERACT_SHIM_H
#define VIGIE_CTESSERACT_SHIM_H
// Tesseract's C API is callable from Swift as it is. Leptonica (which Tesseract uses for images)
// prints its own errors on stderr; Vigie silences them since it reports per file itself.
#include <tesseract/capi.h>
#include <allheaders.h>

// L_SEVERITY_NONE is an enum constant behind a macro-style API; one call, made once.
static inline void vigie_leptonica_quiet(void) { setMsgSeverity(L_SEVERITY_NONE); }
#endif
