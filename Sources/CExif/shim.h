#ifndef VIGIE_CEXIF_SHIM_H
#define VIGIE_CEXIF_SHIM_H
#include <stddef.h>
#include <libexif/exif-data.h>
#include <libexif/exif-utils.h>
#include <libexif/exif-ifd.h>
#include <libexif/exif-tag.h>

// ExifData.ifd is a C array, imported as a tuple that Swift cannot index: read it here.
static inline ExifContent *vigie_exif_ifd(ExifData *data, ExifIfd ifd) {
    if (!data || ifd < 0 || ifd >= EXIF_IFD_COUNT) return NULL;
    return data->ifd[ifd];
}
#endif
