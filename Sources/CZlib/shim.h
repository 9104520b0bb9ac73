#ifndef VIGIE_CZLIB_SHIM_H
#define VIGIE_CZLIB_SHIM_H
#include <zlib.h>
// inflateInit is a macro over inflateInit_ with version and struct size.
static inline int vigie_inflate_init(z_stream *stream) { return inflateInit(stream); }
#endif
