#ifndef VIGIE_CVIPS_SHIM_H
#define VIGIE_CVIPS_SHIM_H
#include <vips/vips.h>
#include <webp/decode.h>
#include <libheif/heif.h>
#include <math.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

// glibc's arena limit and mmap threshold (mallopt is not visible to Swift through Glibc). No-op on
// other C libraries.
static inline void vigie_tune_malloc(int arenas, int mmap_threshold) {
#ifdef __GLIBC__
    mallopt(M_ARENA_MAX, arenas);
    mallopt(M_MMAP_THRESHOLD, mmap_threshold);
#else
    (void)arenas;
    (void)mmap_threshold;
#endif
}

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

// Variadic: a JPEG decoded at 1/shrink by libjpeg's DCT scaling (shrink 2, 4 or 8), then made like
// vigie_vips_thumbnail_file (colour, orientation, shrunk to fit inside size x size). vips_thumbnail
// itself scales in the decoder only when it can leave a factor of two to its own resize: never
// for a 12 MP photo made 2048 px, which it decodes whole (about twice the time).
static inline int vigie_vips_thumbnail_jpeg_shrunk(const char *path, int shrink, int size, VipsImage **out) {
    VipsImage *in = NULL;
    if (vips_jpegload(path, &in, "shrink", shrink, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR, NULL)) return -1;
    int r = vips_thumbnail_image(in, out, size, "height", size, "size", VIPS_SIZE_DOWN, NULL);
    g_object_unref(in);
    return r;
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

// Variadic: the image as displayed (orientation applied), opened for random access to regions.
static inline VipsImage *vigie_vips_open_oriented(const char *path) {
    VipsImage *raw = vips_image_new_from_file(path, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
    if (!raw) return NULL;
    VipsImage *out = NULL;
    int r = vips_autorot(raw, &out, NULL);
    g_object_unref(raw);
    return r ? NULL : out;
}

// Macros: bytes of one pixel, and where a region's pixel (x, y) and the next row start.
static inline size_t vigie_vips_sizeof_pel(VipsImage *image) { return VIPS_IMAGE_SIZEOF_PEL(image); }
static inline VipsPel *vigie_vips_region_addr(VipsRegion *region, int x, int y) { return VIPS_REGION_ADDR(region, x, y); }
static inline void vigie_vips_region_unref(VipsRegion *region) { g_object_unref(G_OBJECT(region)); }

// Variadic: a file opened for one top-to-bottom pass (decoding whole pictures without caching them).
static inline VipsImage *vigie_vips_open_sequential(const char *path) {
    return vips_image_new_from_file(path, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
}

// Variadic: text rendered as an ink mask (0 paper, 255 ink), for generated evaluation images.
static inline int vigie_vips_text_mask(const char *markup, const char *font, int dpi, VipsImage **out) {
    return vips_text(out, markup, "font", font, "dpi", dpi, NULL);
}

// A card seen at an angle (evaluation images only): one side shrunk by `keystone` of its length (the
// right side when positive, the left when negative; the bottom and the top when `vertical`) and the
// card foreshortened across by half that, through the homography that maps the four corners so.
static inline int vigie_vips_keystone(VipsImage *in, double keystone, int vertical, VipsImage **out) {
    int w = vips_image_get_width(in), h = vips_image_get_height(in);
    double k = fabs(keystone), f = 1 - k / 2, W = w, H = h;
    double src[4][2] = {{0, 0}, {W, 0}, {W, H}, {0, H}}, dst[4][2];
    if (!vertical && keystone > 0) {
        double d[4][2] = {{0, 0}, {f * W, k * H / 2}, {f * W, H - k * H / 2}, {0, H}};
        memcpy(dst, d, sizeof d);
    } else if (!vertical) {
        double d[4][2] = {{0, k * H / 2}, {f * W, 0}, {f * W, H}, {0, H - k * H / 2}};
        memcpy(dst, d, sizeof d);
    } else if (keystone > 0) {
        double d[4][2] = {{0, 0}, {W, 0}, {W - k * W / 2, f * H}, {k * W / 2, f * H}};
        memcpy(dst, d, sizeof d);
    } else {
        double d[4][2] = {{k * W / 2, 0}, {W - k * W / 2, 0}, {W, f * H}, {0, f * H}};
        memcpy(dst, d, sizeof d);
    }
    // The homography from the output (dst) to the card (src): 8 unknowns, Gauss-Jordan with pivoting.
    double m[8][9];
    for (int i = 0; i < 4; i++) {
        double x = dst[i][0], y = dst[i][1], u = src[i][0], v = src[i][1];
        double r1[9] = {x, y, 1, 0, 0, 0, -x * u, -y * u, u}, r2[9] = {0, 0, 0, x, y, 1, -x * v, -y * v, v};
        memcpy(m[2 * i], r1, sizeof r1);
        memcpy(m[2 * i + 1], r2, sizeof r2);
    }
    for (int c = 0; c < 8; c++) {
        int p = c;
        for (int r = c + 1; r < 8; r++) if (fabs(m[r][c]) > fabs(m[p][c])) p = r;
        if (fabs(m[p][c]) < 1e-12) return -1;
        for (int j = 0; j < 9; j++) { double t = m[c][j]; m[c][j] = m[p][j]; m[p][j] = t; }
        for (int r = 0; r < 8; r++) {
            if (r == c) continue;
            double q = m[r][c] / m[c][c];
            for (int j = c; j < 9; j++) m[r][j] -= q * m[c][j];
        }
    }
    double a[8];
    for (int i = 0; i < 8; i++) a[i] = m[i][8] / m[i][i];
    float *index = g_try_malloc((size_t)w * h * 2 * sizeof(float));
    if (!index) return -1;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            double d = a[6] * x + a[7] * y + 1;
            index[2 * ((size_t)y * w + x)] = (float)((a[0] * x + a[1] * y + a[2]) / d);
            index[2 * ((size_t)y * w + x) + 1] = (float)((a[3] * x + a[4] * y + a[5]) / d);
        }
    }
    VipsImage *map = vips_image_new_from_memory_copy(index, (size_t)w * h * 2 * sizeof(float), w, h, 2, VIPS_FORMAT_FLOAT);
    g_free(index);
    if (!map) return -1;
    int r = vips_mapim(in, out, map, NULL);
    g_object_unref(map);
    return r;
}

// Variadic: paints `mask` as a card (paper colour, ink colour, margin) seen at an angle by `keystone`
// (see above), rotated by `angle` degrees, blurred by `sigma`, over `base` at (x, y); for generated
// evaluation images.
static inline int vigie_vips_paint_card(VipsImage *base, VipsImage *mask, const double paper[3], const double ink[3],
                                        int margin, double angle, double keystone, int vertical, double sigma, int x, int y,
                                        VipsImage **out) {
    VipsImage *padded = NULL, *card = NULL, *card8 = NULL, *alpha = NULL, *rgba = NULL, *rot = NULL, *soft = NULL, *base8 = NULL;
    int w = vips_image_get_width(mask) + 2 * margin, h = vips_image_get_height(mask) + 2 * margin;
    if (vips_embed(mask, &padded, margin, margin, w, h, NULL)) return -1;
    double a[3], b[3];
    for (int i = 0; i < 3; i++) { a[i] = (ink[i] - paper[i]) / 255.0; b[i] = paper[i]; }
    int r = vips_linear(padded, &card, a, b, 3, NULL);
    g_object_unref(padded);
    if (r) return -1;
    r = vips_cast_uchar(card, &card8, NULL);
    g_object_unref(card);
    if (r) return -1;
    r = vips_bandjoin_const1(card8, &rgba, 255, NULL);
    g_object_unref(card8);
    if (r) return -1;
    if (fabs(keystone) > 0.001) {
        VipsImage *seen = NULL;
        r = vigie_vips_keystone(rgba, keystone, vertical, &seen);
        g_object_unref(rgba);
        if (r) return -1;
        rgba = seen;
    }
    double zero[4] = {0, 0, 0, 0};
    VipsArrayDouble *bg = vips_array_double_new(zero, 4);
    r = vips_rotate(rgba, &rot, angle, "background", bg, NULL);
    vips_area_unref(VIPS_AREA(bg));
    g_object_unref(rgba);
    if (r) return -1;
    if (sigma > 0.05) {
        r = vips_gaussblur(rot, &soft, sigma, NULL);
        g_object_unref(rot);
        if (r) return -1;
    } else {
        soft = rot;
    }
    r = vips_copy(soft, &alpha, "interpretation", VIPS_INTERPRETATION_sRGB, NULL);
    g_object_unref(soft);
    if (r) return -1;
    if (vigie_vips_to_srgb8(base, &base8)) { g_object_unref(alpha); return -1; }
    VipsImage *composed = NULL;
    r = vips_composite2(base8, alpha, &composed, VIPS_BLEND_MODE_OVER, "x", x, "y", y, NULL);
    g_object_unref(base8);
    g_object_unref(alpha);
    if (r) return -1;
    r = vigie_vips_to_srgb8(composed, out);
    g_object_unref(composed);
    return r;
}

// Variadic: resize to exactly w x h (generated evaluation images start from real photos).
static inline int vigie_vips_resize_to(VipsImage *in, int w, int h, VipsImage **out) {
    double sx = (double)w / vips_image_get_width(in), sy = (double)h / vips_image_get_height(in);
    return vips_resize(in, out, sx, "vscale", sy, NULL);
}

// The size of a still WebP without alpha whose luma plane can stand for its grey; 0 otherwise
// (animated, alpha, unreadable header): those go through libvips.
static inline int vigie_webp_plain_size(const uint8_t *data, size_t size, int *width, int *height) {
    WebPBitstreamFeatures features;
    if (WebPGetFeatures(data, size, &features) != VP8_STATUS_OK) return 0;
    if (features.has_animation || features.has_alpha || features.width < 1 || features.height < 1) return 0;
    *width = features.width;
    *height = features.height;
    return 1;
}

// The grey picture of such a WebP, width x height bytes into `out`, from the luma plane libwebp
// decodes to (BT.601 studio range, 16-235, brought to 0-255): a third of the memory of libvips' RGBA
// decode, and no copy of it. Returns 0, or -1 when the picture cannot be decoded.
static inline int vigie_webp_grey(const uint8_t *data, size_t size, uint8_t *out, int width, int height) {
    int w = 0, h = 0, stride = 0, uvStride = 0;
    uint8_t *u = NULL, *v = NULL;
    uint8_t *y = WebPDecodeYUV(data, size, &w, &h, &u, &v, &stride, &uvStride);
    if (!y) return -1;
    if (w != width || h != height) { WebPFree(y); return -1; }
    uint8_t table[256];
    for (int i = 0; i < 256; i++) {
        int g = ((i - 16) * 255 * 2 + 219) / (2 * 219);
        table[i] = (uint8_t)(g < 0 ? 0 : g > 255 ? 255 : g);
    }
    for (int row = 0; row < h; row++) {
        const uint8_t *src = y + (size_t)row * stride;
        uint8_t *dst = out + (size_t)row * w;
        for (int x = 0; x < w; x++) dst[x] = table[src[x]];
    }
    WebPFree(y);
    return 0;
}

// Variadic: save as lossy WebP at quality 90 (tests make WebPs from JPEG fixtures).
static inline int vigie_vips_save_webp(VipsImage *in, const char *path) {
    return vips_webpsave(in, path, "Q", 90, NULL);
}

// The 8-bit 4:2:0 planes of a HEIF or AVIF file's primary image, transformations applied (as libvips
// shows it), straight from libheif: no RGB, which libheif would otherwise make at full size (with
// 4:4:4 planes on the way) and libvips copy. Owned by the struct until vigie_heif_planes_free.
typedef struct {
    struct heif_context *context;
    struct heif_image_handle *handle;
    struct heif_image *image;
    const uint8_t *y, *cb, *cr;
    int yStride, cbStride, crStride;
    int width, height, chromaWidth, chromaHeight;
    int fullRange;
} vigie_heif_planes;

static inline void vigie_heif_planes_free(vigie_heif_planes *p) {
    if (p->image) heif_image_release(p->image);
    if (p->handle) heif_image_handle_release(p->handle);
    if (p->context) heif_context_free(p->context);
    memset(p, 0, sizeof(*p));
}

// Returns 0 with the planes; 1 when the picture is of another kind (alpha, more than 8 bits, not
// 4:2:0, a matrix other than BT.601's), left to libvips; -1 when it cannot be decoded or has more
// than max_pixels.
static inline int vigie_heif_decode_420(const char *path, long max_pixels, vigie_heif_planes *out) {
    memset(out, 0, sizeof(*out));
    out->context = heif_context_alloc();
    if (!out->context) return -1;
    heif_context_set_maximum_image_size_limit(out->context, 65535);
    struct heif_error e = heif_context_read_from_file(out->context, path, NULL);
    if (e.code == heif_error_Ok) e = heif_context_get_primary_image_handle(out->context, &out->handle);
    if (e.code != heif_error_Ok) { vigie_heif_planes_free(out); return -1; }
    long pixels = (long)heif_image_handle_get_width(out->handle) * heif_image_handle_get_height(out->handle);
    if (pixels < 1 || pixels > max_pixels) { vigie_heif_planes_free(out); return -1; }
    if (heif_image_handle_has_alpha_channel(out->handle) || heif_image_handle_get_luma_bits_per_pixel(out->handle) != 8 ||
        heif_image_handle_get_chroma_bits_per_pixel(out->handle) != 8) {
        vigie_heif_planes_free(out);
        return 1;
    }
    // No colour description means BT.601, full range: libheif's own default when it makes RGB.
    int full = 1;
    struct heif_color_profile_nclx *nclx = NULL;
    if (heif_image_handle_get_nclx_color_profile(out->handle, &nclx).code == heif_error_Ok && nclx) {
        int m = nclx->matrix_coefficients;
        full = nclx->full_range_flag ? 1 : 0;
        heif_nclx_color_profile_free(nclx);
        if (m != 2 && m != 5 && m != 6) { vigie_heif_planes_free(out); return 1; }
    }
    e = heif_decode_image(out->handle, &out->image, heif_colorspace_YCbCr, heif_chroma_420, NULL);
    if (e.code != heif_error_Ok) { vigie_heif_planes_free(out); return -1; }
    if (heif_image_get_chroma_format(out->image) != heif_chroma_420 || heif_image_get_bits_per_pixel_range(out->image, heif_channel_Y) != 8 ||
        heif_image_get_bits_per_pixel_range(out->image, heif_channel_Cb) != 8 || heif_image_get_bits_per_pixel_range(out->image, heif_channel_Cr) != 8) {
        vigie_heif_planes_free(out);
        return 1;
    }
    out->width = heif_image_get_width(out->image, heif_channel_Y);
    out->height = heif_image_get_height(out->image, heif_channel_Y);
    out->chromaWidth = heif_image_get_width(out->image, heif_channel_Cb);
    out->chromaHeight = heif_image_get_height(out->image, heif_channel_Cb);
    out->y = heif_image_get_plane_readonly(out->image, heif_channel_Y, &out->yStride);
    out->cb = heif_image_get_plane_readonly(out->image, heif_channel_Cb, &out->cbStride);
    out->cr = heif_image_get_plane_readonly(out->image, heif_channel_Cr, &out->crStride);
    out->fullRange = full;
    if (!out->y || !out->cb || !out->cr || out->width < 1 || out->height < 1 || out->chromaWidth != (out->width + 1) / 2 ||
        out->chromaHeight != (out->height + 1) / 2 || heif_image_get_width(out->image, heif_channel_Cr) != out->chromaWidth ||
        heif_image_get_height(out->image, heif_channel_Cr) != out->chromaHeight) {
        vigie_heif_planes_free(out);
        return -1;
    }
    return 0;
}

// Variadic: cast to 8 bits.
static inline int vigie_vips_cast_uchar(VipsImage *in, VipsImage **out) { return vips_cast_uchar(in, out, NULL); }

// Variadic: save as JPEG at quality 90.
static inline int vigie_vips_save_jpeg(VipsImage *in, const char *path) {
    return vips_jpegsave(in, path, "Q", 90, NULL);
}

// Variadic: a small JPEG in memory (report thumbnails), quality q, no metadata.
static inline int vigie_vips_jpeg_buffer(VipsImage *in, int q, void **buf, size_t *len) {
    return vips_jpegsave_buffer(in, buf, len, "Q", q, "strip", TRUE, NULL);
}

// Variadic: scale an image by `scale` (Lanczos), for publish-ready copies at the channel's size.
static inline int vigie_vips_resize_by(VipsImage *in, double scale, VipsImage **out) {
    return vips_resize(in, out, scale, NULL);
}

// Variadic: one redaction of the area (x, y, w, h), which must lie inside `in`. style 0: Gaussian
// blur of the area alone (sigma = strength), so nothing outside it bleeds in or out; style 1:
// pixelate (shrink by `strength` with averaging, then nearest-neighbour zoom back); style 2: a
// solid box (black, opaque) drawn with vips_draw_rect on a memory copy.
static inline int vigie_vips_redact_area(VipsImage *in, int x, int y, int w, int h, int style, double strength, VipsImage **out) {
    if (style == 2) {
        VipsImage *copy = vips_image_copy_memory(in);
        if (!copy) return -1;
        double ink[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        int bands = vips_image_get_bands(copy);
        if (bands > 8) { g_object_unref(copy); return -1; }
        VipsBandFormat format = vips_image_get_format(copy);
        if (vips_image_hasalpha(copy)) ink[bands - 1] = format == VIPS_FORMAT_USHORT ? 65535 : (format == VIPS_FORMAT_UCHAR ? 255 : 1);
        int r = vips_draw_rect(copy, ink, bands, x, y, w, h, "fill", TRUE, NULL);
        if (r) { g_object_unref(copy); return -1; }
        *out = copy;
        return 0;
    }
    VipsImage *area = NULL, *done = NULL;
    if (vips_extract_area(in, &area, x, y, w, h, NULL)) return -1;
    int r;
    if (style == 0) {
        r = vips_gaussblur(area, &done, strength, "min_ampl", 0.05, NULL);
    } else {
        int block = strength < 1 ? 1 : (int)strength;
        VipsImage *small = NULL, *big = NULL;
        r = vips_shrink(area, &small, (double)block, (double)block, NULL);
        if (!r) {
            r = vips_zoom(small, &big, block, block, NULL);
            g_object_unref(small);
        }
        if (!r) {
            // The zoomed mosaic may be a few pixels short of or past the area: copy its edge or crop.
            r = vips_embed(big, &done, 0, 0, w, h, "extend", VIPS_EXTEND_COPY, NULL);
            g_object_unref(big);
        }
    }
    g_object_unref(area);
    if (r) return -1;
    r = vips_insert(in, done, out, x, y, NULL);
    g_object_unref(done);
    return r;
}

// Variadic: a sharpened copy (unsharp mask, strong), to test that a redaction cannot be undone.
static inline int vigie_vips_sharpen_strongly(VipsImage *in, VipsImage **out) {
    return vips_sharpen(in, out, "sigma", 2.0, "m1", 3.0, "m2", 6.0, NULL);
}

#endif
