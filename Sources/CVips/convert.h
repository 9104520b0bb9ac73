#ifndef VIGIE_CVIPS_CONVERT_H
#define VIGIE_CVIPS_CONVERT_H
#include <vips/vips.h>

// Re-encoding for `vigie clean` on formats without a lossless path (TIFF, HEIF/AVIF). The options
// lists are variadic, hence the wrappers.

// Drops every metadata field of an image (EXIF, XMP, IPTC, Photoshop, comments, ...) except the
// colour profile and the fields that describe the layout (orientation, pages). g_strfreev owns the list.
static inline void vigie_vips_keep_only_layout(VipsImage *image, int keep_orientation) {
    gchar **fields = vips_image_get_fields(image);
    for (int i = 0; fields && fields[i]; i++) {
        const char *f = fields[i];
        if (strcmp(f, VIPS_META_ICC_NAME) == 0 || strcmp(f, VIPS_META_PAGE_HEIGHT) == 0 ||
            strcmp(f, VIPS_META_N_PAGES) == 0 || strcmp(f, "resolution-unit") == 0 ||
            (keep_orientation && strcmp(f, VIPS_META_ORIENTATION) == 0))
            continue;
        // Header fields (width, bands, xres...) are not removable and are skipped by libvips.
        vips_image_remove(image, f);
    }
    g_strfreev(fields);
}

// Variadic: load every page of a TIFF (pages must share a size), failing on errors.
static inline VipsImage *vigie_vips_open_all_pages(const char *path, int all) {
    return vips_image_new_from_file(path, "n", all ? -1 : 1, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
}

// Variadic: lossless TIFF (deflate), metadata limited to the ICC profile and orientation.
static inline int vigie_vips_tiff_clean(VipsImage *in, void **buf, size_t *len) {
    VipsImage *copy = NULL;
    if (vips_copy(in, &copy, NULL)) return -1;
    vigie_vips_keep_only_layout(copy, 1);
    int r = vips_tiffsave_buffer(copy, buf, len, "compression", VIPS_FOREIGN_TIFF_COMPRESSION_DEFLATE,
                                 "predictor", VIPS_FOREIGN_TIFF_PREDICTOR_NONE, NULL);
    g_object_unref(copy);
    return r;
}

// Variadic: orientation applied to the pixels, then JPEG (quality q, no chroma subsampling) or, for
// images with transparency, PNG; only the ICC profile kept.
static inline int vigie_vips_convert_clean(VipsImage *in, int q, int *is_png, void **buf, size_t *len) {
    VipsImage *rotated = NULL;
    if (vips_autorot(in, &rotated, NULL)) return -1;
    VipsImage *copy = NULL;
    int r = vips_copy(rotated, &copy, NULL);
    g_object_unref(rotated);
    if (r) return -1;
    vigie_vips_keep_only_layout(copy, 0);
    if (vips_image_hasalpha(copy)) {
        *is_png = 1;
        r = vips_pngsave_buffer(copy, buf, len, "compression", 6, NULL);
    } else {
        *is_png = 0;
        r = vips_jpegsave_buffer(copy, buf, len, "Q", q, "subsample_mode", VIPS_FOREIGN_SUBSAMPLE_OFF,
                                 "optimize_coding", TRUE, NULL);
    }
    g_object_unref(copy);
    return r;
}

// Variadic: open an in-memory image (every page when `all`: only for multi-page loaders), failing on errors.
static inline VipsImage *vigie_vips_open_buffer(const void *buf, size_t len, int all) {
    if (all) return vips_image_new_from_buffer(buf, len, "", "n", -1, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
    return vips_image_new_from_buffer(buf, len, "", "fail_on", VIPS_FAIL_ON_ERROR, NULL);
}

// Variadic: orientation applied.
static inline int vigie_vips_autorot(VipsImage *in, VipsImage **out) { return vips_autorot(in, out, NULL); }

#endif
