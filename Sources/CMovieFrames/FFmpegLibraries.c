// See FFmpegLibraries.h.

#include "FFmpegLibraries.h"

#include <dlfcn.h>
#include <libavcodec/version.h>
#include <libavformat/version.h>
#include <libavutil/macros.h>
#include <libavutil/version.h>
#include <libswscale/version.h>
#include <pthread.h>

vigie_ffmpeg_functions vigie_ffmpeg;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int loaded = 0;

static void *open_library(const char *soname) { return dlopen(soname, RTLD_NOW | RTLD_LOCAL); }

static void load(void) {
    // The sonames of the versions the headers are for (Debian bookworm: 57, 59, 59, 6). The handles
    // stay open for the process.
    void *avutil = open_library("libavutil.so." AV_STRINGIFY(LIBAVUTIL_VERSION_MAJOR));
    void *avcodec = open_library("libavcodec.so." AV_STRINGIFY(LIBAVCODEC_VERSION_MAJOR));
    void *avformat = open_library("libavformat.so." AV_STRINGIFY(LIBAVFORMAT_VERSION_MAJOR));
    void *swscale = open_library("libswscale.so." AV_STRINGIFY(LIBSWSCALE_VERSION_MAJOR));
    if (!avutil || !avcodec || !avformat || !swscale) return;
#define VIGIE_FFMPEG_FIND(library, name)                                                                  \
    if (!(vigie_ffmpeg.name = (__typeof__(name) *)dlsym(library, #name))) return;
    VIGIE_FFMPEG_FUNCTIONS(VIGIE_FFMPEG_FIND)
#undef VIGIE_FFMPEG_FIND
    vigie_ffmpeg.av_log_set_level(AV_LOG_QUIET);
    loaded = 1;
}

int vigie_ffmpeg_load(void) {
    pthread_once(&load_once, load);
    return loaded;
}
