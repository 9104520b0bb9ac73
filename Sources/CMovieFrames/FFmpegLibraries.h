// FFmpeg's libraries opened on first use rather than linked. Linked, they made every `vigie` process
// load about 60 more shared libraries (their codecs, network and subtitle libraries), 14 ms of each
// start-up, though only videos and HEIC pictures use them (docs/BENCHMARKS.md). They are opened by
// their sonames, of the major versions these headers are for, and each function Vigie calls is looked
// up once: `vigie_ffmpeg_load` says whether all were found. Private to this target.

#ifndef VIGIE_FFMPEG_LIBRARIES_H
#define VIGIE_FFMPEG_LIBRARIES_H

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/display.h>
#include <libavutil/frame.h>
#include <libavutil/log.h>
#include <libavutil/mem.h>
#include <libswscale/swscale.h>

/// Every FFmpeg function Vigie calls, with its library (the inline ones of the headers, such as
/// `av_q2d`, are not among them). A function called and not listed fails the link: the target does not
/// link FFmpeg.
#define VIGIE_FFMPEG_FUNCTIONS(X)                                                                          \
    X(avutil, av_dict_free)                                                                                \
    X(avutil, av_dict_set)                                                                                 \
    X(avutil, av_display_rotation_get)                                                                     \
    X(avutil, av_frame_alloc)                                                                              \
    X(avutil, av_frame_free)                                                                               \
    X(avutil, av_frame_unref)                                                                              \
    X(avutil, av_log_set_level)                                                                            \
    X(avutil, av_mallocz)                                                                                  \
    X(avcodec, av_new_packet)                                                                              \
    X(avcodec, av_packet_alloc)                                                                            \
    X(avcodec, av_packet_free)                                                                             \
    X(avcodec, av_packet_unref)                                                                            \
    X(avcodec, avcodec_alloc_context3)                                                                     \
    X(avcodec, avcodec_find_decoder)                                                                       \
    X(avcodec, avcodec_flush_buffers)                                                                      \
    X(avcodec, avcodec_free_context)                                                                       \
    X(avcodec, avcodec_get_name)                                                                           \
    X(avcodec, avcodec_open2)                                                                              \
    X(avcodec, avcodec_parameters_to_context)                                                              \
    X(avcodec, avcodec_receive_frame)                                                                      \
    X(avcodec, avcodec_send_packet)                                                                        \
    X(avformat, av_find_best_stream)                                                                       \
    X(avformat, av_find_input_format)                                                                      \
    X(avformat, av_read_frame)                                                                             \
    X(avformat, av_stream_get_side_data)                                                                   \
    X(avformat, avformat_alloc_context)                                                                    \
    X(avformat, avformat_close_input)                                                                      \
    X(avformat, avformat_index_get_entries_count)                                                          \
    X(avformat, avformat_index_get_entry)                                                                  \
    X(avformat, avformat_open_input)                                                                       \
    X(swscale, sws_freeContext)                                                                            \
    X(swscale, sws_getCachedContext)                                                                       \
    X(swscale, sws_scale)

/// The functions found (valid once `vigie_ffmpeg_load` returned 1).
typedef struct {
#define VIGIE_FFMPEG_FIELD(library, name) __typeof__(name) *name;
    VIGIE_FFMPEG_FUNCTIONS(VIGIE_FFMPEG_FIELD)
#undef VIGIE_FFMPEG_FIELD
} vigie_ffmpeg_functions;

extern vigie_ffmpeg_functions vigie_ffmpeg;

/// Opens the four libraries and finds every function, once per process (later calls return the
/// first's answer at once; thread-safe), with FFmpeg's own log silenced (it would print paths and
/// tags). 1 when all were found, 0 otherwise (a library missing or of another version).
int vigie_ffmpeg_load(void);

#endif
