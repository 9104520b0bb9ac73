#ifndef VIGIE_CVIPS_SHIM_H
#define VIGIE_CVIPS_SHIM_H
#include <vips/vips.h>

// libvips' public API is mostly variadic (NULL-terminated option lists) and its init is a macro:
// Swift can call neither, so each wrapper below fixes the options Vigie uses.

static inline void vigie_vips_quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void)domain; (void)level; (void)message; (void)data;
}

// VIPS_INIT is a macro. libvips and its loaders report recoverable oddities as GLib warnings on
// stderr; Vigie reports what matters per file, so those are silenced (failures still come back
// through the error buffer).
static inline int vigie_vips_init(const char *argv0) {
    int status = VIPS_INIT(argv0);
    g_log_set_handler("VIPS", (GLogLevelFlags)(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO), vigie_vips_quiet_log, NULL);
    return status;
}

// Variadic: open lazily (header only until pixels are asked for), failing on errors and truncation.
static inline VipsImage *vigie_vips_open(const char *path) {
    return vips_image_new_from_file(path, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
}

// Variadic: decode with shrink-on-load to fit inside size x size, orientation applied.
static inline int vigie_vips_thumbnail_file(const char *path, int size, VipsImage **out) {
    return vips_thumbnail(path, out, size, "height", size, "size", VIPS_SIZE_DOWN,
                          "fail_on", VIPS_FAIL_ON_ERROR, NULL);
}

// Variadic: the same for an in-memory image (embedded previews).
static inline int vigie_vips_thumbnail_buffer(const void *buf, size_t len, int size, VipsImage **out) {
    return vips_thumbnail_buffer((void *)buf, len, out, size, "height", size, "size", VIPS_SIZE_DOWN,
                                 "no_rotate", TRUE, NULL);
}

// Variadic: convert to 8-bit sRGB (or B_W) without alpha.
static inline int vigie_vips_to_srgb8(VipsImage *in, VipsImage **out) {
    VipsImage *a = NULL, *b = NULL, *c = NULL;
    if (vips_colourspace(in, &a, VIPS_INTERPRETATION_sRGB, NULL)) return -1;
    if (vips_image_hasalpha(a)) {
        double white[3] = {255, 255, 255};
        VipsArrayDouble *bg = vips_array_double_new(white, 3);
        int r = vips_flatten(a, &b, "background", bg, NULL);
        vips_area_unref(VIPS_AREA(bg));
        g_object_unref(a);
        if (r) return -1;
    } else {
        b = a;
    }
    if (vips_cast_uchar(b, &c, NULL)) { g_object_unref(b); return -1; }
    g_object_unref(b);
    *out = c;
    return 0;
}

// Variadic: to one 8-bit luminance band.
static inline int vigie_vips_to_grey8(VipsImage *in, VipsImage **out) {
    VipsImage *a = NULL;
    if (vigie_vips_to_srgb8(in, &a)) return -1;
    VipsImage *b = NULL;
    int r = vips_colourspace(a, &b, VIPS_INTERPRETATION_B_W, NULL);
    g_object_unref(a);
    if (r) return -1;
    VipsImage *c = NULL;
    r = vips_cast_uchar(b, &c, NULL);
    g_object_unref(b);
    if (r) return -1;
    *out = c;
    return 0;
}

// Variadic: a HEIF file's thumbnail item, when it has one.
static inline VipsImage *vigie_vips_open_heif_thumbnail(const char *path) {
    VipsImage *out = NULL;
    if (vips_heifload(path, &out, "thumbnail", TRUE, "fail_on", VIPS_FAIL_ON_ERROR, NULL)) return NULL;
    return out;
}

// Variadic: shrink a decoded image to fit inside size x size.
static inline int vigie_vips_thumbnail_image(VipsImage *in, int size, VipsImage **out) {
    return vips_thumbnail_image(in, out, size, "height", size, "size", VIPS_SIZE_DOWN, "no_rotate", TRUE, NULL);
}

// G_OBJECT is a macro.
static inline void vigie_vips_unref(VipsImage *image) { g_object_unref(G_OBJECT(image)); }

// g_free is fine from Swift, but keep the pairing with write_to_memory in one place.
static inline void vigie_vips_free(void *p) { g_free(p); }

#endif
