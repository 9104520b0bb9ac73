#ifndef VIGIE_CHUNSPELL_SHIM_H
#define VIGIE_CHUNSPELL_SHIM_H
// Hunspell's C API; no wrapper needed, the header is included as it is.
#include <hunspell/hunspell.h>
#endif
