// A HEIC file's HEVC picture decoded with libavcodec to 8-bit 4:2:0 planes: one decoder context,
// one thread, reused across the tiles of a grid; each tile copied to its place and cropped at the
// right and bottom edges. See CMovieFrames.h.

#include "CMovieFrames.h"

#include <libavcodec/avcodec.h>
#include <libavutil/mem.h>
#include <string.h>
#include <time.h>

// Last: every FFmpeg call below goes through the functions opened at run time.
#include "FFmpegCalls.h"

static double hevc_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/// Copies `w` x `h` bytes of `frame` plane `p` to `out` (row length `out_stride`) at (`x0`, `y0`).
static void put_plane(const AVFrame *frame, int p, int w, int h, uint8_t *out, int out_stride, int x0, int y0) {
    for (int r = 0; r < h; r++) {
        memcpy(out + (size_t)(y0 + r) * out_stride + x0, frame->data[p] + (size_t)r * frame->linesize[p], (size_t)w);
    }
}

/// Decodes one packet into `frame`: the packet, then a drain, then a flush so the next tile starts afresh.
static int decode_tile(AVCodecContext *ctx, AVPacket *packet, AVFrame *frame) {
    int status = avcodec_send_packet(ctx, packet);
    if (status < 0) return VIGIE_HEVC_DECODE_FAILED;
    status = avcodec_receive_frame(ctx, frame);
    if (status == AVERROR(EAGAIN)) {
        if (avcodec_send_packet(ctx, NULL) < 0) return VIGIE_HEVC_DECODE_FAILED;
        status = avcodec_receive_frame(ctx, frame);
    }
    avcodec_flush_buffers(ctx);
    if (status < 0) return VIGIE_HEVC_DECODE_FAILED;
    if (frame->decode_error_flags || (frame->flags & AV_FRAME_FLAG_CORRUPT)) return VIGIE_HEVC_DECODE_FAILED;
    return VIGIE_HEVC_OK;
}

int vigie_hevc_decode_image(const vigie_hevc_image *im, uint8_t *y, uint8_t *cb, uint8_t *cr, int *stream_full_range, int *stream_matrix) {
    if (!im || !y || !cb || !cr || !stream_full_range || !stream_matrix || !im->hvcc || im->hvcc_size < 23 || im->hvcc_size > (1 << 20) ||
        !im->data || !im->tile_offset || !im->tile_size)
        return VIGIE_HEVC_BAD_ARGUMENT;
    *stream_full_range = 0;
    *stream_matrix = 2;
    if (im->columns < 1 || im->rows < 1 || im->columns > 256 || im->rows > 256 || im->tile_width < 1 || im->tile_height < 1 ||
        im->width < 1 || im->height < 1)
        return VIGIE_HEVC_BAD_ARGUMENT;
    long long tile_pixels = (long long)im->tile_width * im->tile_height;
    if ((long long)im->width * im->height > im->max_pixels || tile_pixels > im->max_pixels) return VIGIE_HEVC_TOO_LARGE;
    // The tiles cover the picture, the last column and row only partly; a grid's tiles have even
    // sizes, so that each tile's chroma starts at a whole chroma sample.
    if ((long long)im->columns * im->tile_width < im->width || (long long)(im->columns - 1) * im->tile_width >= im->width ||
        (long long)im->rows * im->tile_height < im->height || (long long)(im->rows - 1) * im->tile_height >= im->height)
        return VIGIE_HEVC_BAD_ARGUMENT;
    if ((im->columns > 1 && im->tile_width % 2) || (im->rows > 1 && im->tile_height % 2)) return VIGIE_HEVC_BAD_ARGUMENT;
    int count = im->columns * im->rows;
    for (int i = 0; i < count; i++) {
        if (im->tile_offset[i] > im->data_size || im->tile_size[i] > im->data_size - im->tile_offset[i] || im->tile_size[i] == 0 ||
            im->tile_size[i] > (size_t)INT32_MAX - AV_INPUT_BUFFER_PADDING_SIZE)
            return VIGIE_HEVC_BAD_ARGUMENT;
    }
    if (!vigie_ffmpeg_load()) return VIGIE_HEVC_NO_LIBRARY;
    double deadline = im->seconds_left > 0 ? hevc_now() + im->seconds_left : 0;

    const AVCodec *decoder = avcodec_find_decoder(AV_CODEC_ID_HEVC);
    if (!decoder) return VIGIE_HEVC_NO_DECODER;
    AVCodecContext *ctx = avcodec_alloc_context3(decoder);
    AVPacket *packet = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    int status = VIGIE_HEVC_OK;
    if (!ctx || !packet || !frame) { status = VIGIE_HEVC_OUT_OF_MEMORY; goto done; }
    ctx->extradata = av_mallocz(im->hvcc_size + AV_INPUT_BUFFER_PADDING_SIZE);
    if (!ctx->extradata) { status = VIGIE_HEVC_OUT_OF_MEMORY; goto done; }
    memcpy(ctx->extradata, im->hvcc, im->hvcc_size);
    ctx->extradata_size = (int)im->hvcc_size;
    ctx->thread_count = 1;  // one core per file; files run in parallel
    // libavcodec checks the frame it allocates, whose width is rounded up to its stride alignment:
    // room for that, and no more than a tile's worth of a hostile SPS's size.
    long long room = (long long)(im->tile_width + 128) * (im->tile_height + 128);
    ctx->max_pixels = room < im->max_pixels ? room : im->max_pixels;
    ctx->err_recognition = AV_EF_EXPLODE;
    if (avcodec_open2(ctx, decoder, NULL) < 0) { status = VIGIE_HEVC_NO_DECODER; goto done; }

    int cw = (im->width + 1) / 2, ctw = (im->tile_width + 1) / 2, cth = (im->tile_height + 1) / 2;
    int ch = (im->height + 1) / 2;
    for (int i = 0; i < count && status == VIGIE_HEVC_OK; i++) {
        if (deadline > 0 && hevc_now() > deadline) { status = VIGIE_HEVC_TIMED_OUT; break; }
        // The packet's own copy, padded as libavcodec requires.
        if (av_new_packet(packet, (int)im->tile_size[i]) < 0) { status = VIGIE_HEVC_OUT_OF_MEMORY; break; }
        memcpy(packet->data, im->data + im->tile_offset[i], im->tile_size[i]);
        packet->flags |= AV_PKT_FLAG_KEY;
        status = decode_tile(ctx, packet, frame);
        av_packet_unref(packet);
        if (status != VIGIE_HEVC_OK) break;
        if ((frame->format != AV_PIX_FMT_YUV420P && frame->format != AV_PIX_FMT_YUVJ420P) || frame->width != im->tile_width ||
            frame->height != im->tile_height || !frame->data[0] || !frame->data[1] || !frame->data[2]) {
            status = VIGIE_HEVC_UNEXPECTED_FRAME;
            break;
        }
        if (i == 0) {
            *stream_full_range = frame->color_range == AVCOL_RANGE_JPEG || frame->format == AV_PIX_FMT_YUVJ420P;
            *stream_matrix = (int)frame->colorspace;  // ISO/IEC 23091-2 MatrixCoefficients, as the VUI says
        }
        int column = i % im->columns, row = i / im->columns;
        int x0 = column * im->tile_width, y0 = row * im->tile_height;
        int w = im->width - x0 < im->tile_width ? im->width - x0 : im->tile_width;
        int h = im->height - y0 < im->tile_height ? im->height - y0 : im->tile_height;
        put_plane(frame, 0, w, h, y, im->width, x0, y0);
        int cx0 = column * ctw, cy0 = row * cth;
        int cwid = cw - cx0 < ctw ? cw - cx0 : ctw, chei = ch - cy0 < cth ? ch - cy0 : cth;
        put_plane(frame, 1, cwid, chei, cb, cw, cx0, cy0);
        put_plane(frame, 2, cwid, chei, cr, cw, cx0, cy0);
        av_frame_unref(frame);
    }
done:
    av_frame_free(&frame);
    av_packet_free(&packet);
    avcodec_free_context(&ctx);
    return status;
}
