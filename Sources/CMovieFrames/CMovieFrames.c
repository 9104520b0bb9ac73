// Sampled frames of an ISO-BMFF / QuickTime video: libavformat demuxes only the video track,
// libavcodec decodes (keyframes only when the index shows them dense enough), libswscale converts a
// sampled frame to RGB at the working size and to grey at full size. See CMovieFrames.h.

#include "CMovieFrames.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// Last: every FFmpeg call below goes through the functions opened at run time.
#include "FFmpegCalls.h"

enum { SIGNATURE_W = 16, SIGNATURE_H = 9 };
/// Mean absolute difference (0-255) of the 16x9 grey signatures above which a frame is a new scene.
static const double SCENE_THRESHOLD = 40.0;

struct vigie_movie {
    AVFormatContext *format;
    AVCodecContext *codec;
    AVPacket *packet;
    AVFrame *frame;
    int stream;
    AVRational time_base;
    int64_t start;
    int rotation;
    double interval;
    double deadline;
    int draining, finished;
    long long decoded;
    // Sampling state.
    int sampled_any;
    double last_time, next_due;
    uint8_t signature[SIGNATURE_W * SIGNATURE_H], last_signature[SIGNATURE_W * SIGNATURE_H];
    struct SwsContext *signature_sws, *rgb_sws, *grey_sws;
    // Output buffers, reused.
    uint8_t *rgb, *rgb_rotated, *grey, *grey_rotated, *scratch;
    size_t rgb_size, rgb_rotated_size, grey_size, grey_rotated_size, scratch_size;
};

static double vigie_movie_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int timed_out(const vigie_movie *m) { return m->deadline > 0 && vigie_movie_now() > m->deadline; }

static int interrupt(void *opaque) { return timed_out((const vigie_movie *)opaque); }

void vigie_movie_close(vigie_movie *m) {
    if (!m) return;
    sws_freeContext(m->signature_sws);
    sws_freeContext(m->rgb_sws);
    sws_freeContext(m->grey_sws);
    av_frame_free(&m->frame);
    av_packet_free(&m->packet);
    avcodec_free_context(&m->codec);
    avformat_close_input(&m->format);
    free(m->rgb);
    free(m->rgb_rotated);
    free(m->grey);
    free(m->grey_rotated);
    free(m->scratch);
    free(m);
}

void vigie_movie_set_time_limit(vigie_movie *m, double seconds_left) {
    if (m) m->deadline = seconds_left > 0 ? vigie_movie_now() + seconds_left : 0;
}

long long vigie_movie_decoded_frames(const vigie_movie *m) { return m ? m->decoded : 0; }

/// Clockwise degrees (0, 90, 180, 270) from the stream's display matrix, as ffmpeg's own tools read it.
static int rotation_of(AVStream *st) {
    const uint8_t *matrix = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, NULL);
    if (!matrix) return 0;
    double theta = -av_display_rotation_get((const int32_t *)matrix);
    if (isnan(theta)) return 0;
    theta -= 360 * floor(theta / 360 + 0.9 / 360);
    int quarter = (int)lround(theta / 90.0) % 4;
    return quarter * 90;
}

/// The largest gap between consecutive keyframes in the demuxer's index, the end included; a negative
/// value when the index says nothing.
static double keyframe_gap(AVStream *st, double duration) {
    int n = avformat_index_get_entries_count(st);
    if (n <= 0) return -1;
    double gap = 0, last = -1;
    for (int i = 0; i < n; i++) {
        const AVIndexEntry *e = avformat_index_get_entry(st, i);
        if (!e || !(e->flags & AVINDEX_KEYFRAME)) continue;
        double t = (double)e->timestamp * av_q2d(st->time_base);
        if (last < 0) {
            if (t > 0.5) return -1;  // the first frame is not a keyframe: decode everything
        } else if (t - last > gap) {
            gap = t - last;
        }
        last = t;
    }
    if (last < 0) return -1;
    if (duration > 0 && duration - last > gap) gap = duration - last;
    return gap;
}

int vigie_movie_open(const char *path, const vigie_movie_limits *limits, vigie_movie **out, vigie_movie_info *info) {
    if (!path || !limits || !out || !info || limits->interval <= 0) return VIGIE_MOVIE_BAD_ARGUMENT;
    *out = NULL;
    memset(info, 0, sizeof *info);
    if (!vigie_ffmpeg_load()) return VIGIE_MOVIE_NO_LIBRARY;
    vigie_movie *m = calloc(1, sizeof *m);
    if (!m) return VIGIE_MOVIE_OUT_OF_MEMORY;
    m->deadline = limits->seconds_left > 0 ? vigie_movie_now() + limits->seconds_left : 0;
    m->interval = limits->interval;
    m->format = avformat_alloc_context();
    if (!m->format) { vigie_movie_close(m); return VIGIE_MOVIE_OUT_OF_MEMORY; }
    m->format->interrupt_callback.callback = interrupt;
    m->format->interrupt_callback.opaque = m;

    // Only the QuickTime/MP4 demuxer and plain files: a hostile name or content cannot reach another
    // demuxer or protocol (concat:, http:, subfile...).
    AVDictionary *options = NULL;
    av_dict_set(&options, "format_whitelist", "mov,mp4,m4a,3gp,3g2,mj2", 0);
    av_dict_set(&options, "protocol_whitelist", "file", 0);
    size_t url_size = strlen(path) + 6;
    char *url = malloc(url_size);
    if (!url) { av_dict_free(&options); vigie_movie_close(m); return VIGIE_MOVIE_OUT_OF_MEMORY; }
    snprintf(url, url_size, "file:%s", path);
    int status = avformat_open_input(&m->format, url, av_find_input_format("mov"), &options);
    free(url);
    av_dict_free(&options);
    if (status < 0) {
        m->format = NULL;  // freed by avformat_open_input on failure
        int late = timed_out(m);
        vigie_movie_close(m);
        return late ? VIGIE_MOVIE_TIMED_OUT : VIGIE_MOVIE_UNREADABLE;
    }

    const AVCodec *decoder = NULL;
    int stream = av_find_best_stream(m->format, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
    if (stream == AVERROR_DECODER_NOT_FOUND) { vigie_movie_close(m); return VIGIE_MOVIE_NO_DECODER; }
    if (stream < 0) { vigie_movie_close(m); return VIGIE_MOVIE_NO_VIDEO; }
    m->stream = stream;
    AVStream *st = m->format->streams[stream];
    for (unsigned i = 0; i < m->format->nb_streams; i++) {
        AVStream *s = m->format->streams[i];
        if (s->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) info->has_audio = 1;
        if ((int)i != stream) s->discard = AVDISCARD_ALL;  // never demuxed
    }
    info->width = st->codecpar->width;
    info->height = st->codecpar->height;
    info->rotation = rotation_of(st);
    m->rotation = info->rotation;
    m->time_base = st->time_base;
    m->start = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
    double duration = -1;
    // The file's duration (its longest track), else the video track's.
    if (m->format->duration != AV_NOPTS_VALUE && m->format->duration > 0) duration = (double)m->format->duration / AV_TIME_BASE;
    else if (st->duration != AV_NOPTS_VALUE && st->duration > 0) duration = (double)st->duration * av_q2d(st->time_base);
    info->duration = duration;
    snprintf(info->codec, sizeof info->codec, "%s", avcodec_get_name(st->codecpar->codec_id));

    if (info->width <= 0 || info->height <= 0) { vigie_movie_close(m); return VIGIE_MOVIE_UNREADABLE; }
    if ((long long)info->width * info->height > limits->max_pixels || duration > limits->max_seconds) {
        vigie_movie_close(m);
        return VIGIE_MOVIE_TOO_LARGE;
    }
    double gap = keyframe_gap(st, duration);
    info->keyframes_only = gap >= 0 && gap <= limits->interval + 1e-6;

    m->codec = avcodec_alloc_context3(decoder);
    m->packet = av_packet_alloc();
    m->frame = av_frame_alloc();
    if (!m->codec || !m->packet || !m->frame) { vigie_movie_close(m); return VIGIE_MOVIE_OUT_OF_MEMORY; }
    if (avcodec_parameters_to_context(m->codec, st->codecpar) < 0) { vigie_movie_close(m); return VIGIE_MOVIE_UNREADABLE; }
    m->codec->thread_count = 1;  // one core per file; files run in parallel
    m->codec->skip_frame = info->keyframes_only ? AVDISCARD_NONKEY : AVDISCARD_DEFAULT;
    // The demuxer then skips the other samples without reading them.
    if (info->keyframes_only) st->discard = AVDISCARD_NONKEY;
    m->codec->max_pixels = limits->max_pixels;
    if (avcodec_open2(m->codec, decoder, NULL) < 0) { vigie_movie_close(m); return VIGIE_MOVIE_NO_DECODER; }
    *out = m;
    return VIGIE_MOVIE_OK;
}

/// Rotates a `w` x `h` picture of `channels` bytes a pixel by `degrees` clockwise into `out`.
static void rotate(const uint8_t *in, int w, int h, int channels, int degrees, uint8_t *out) {
    int ow = degrees == 180 ? w : h;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            int ox, oy;
            switch (degrees) {
            case 90: ox = h - 1 - y; oy = x; break;
            case 180: ox = w - 1 - x; oy = h - 1 - y; break;
            default: ox = y; oy = w - 1 - x; break;  // 270
            }
            memcpy(out + ((size_t)oy * ow + ox) * channels, in + ((size_t)y * w + x) * channels, channels);
        }
    }
}

/// Grows `*buffer` to `size` bytes; 0 on failure.
static int reserve(uint8_t **buffer, size_t *capacity, size_t size) {
    if (*capacity >= size) return 1;
    uint8_t *grown = realloc(*buffer, size);
    if (!grown) return 0;
    *buffer = grown;
    *capacity = size;
    return 1;
}

/// Converts the decoded frame to `format` at `w` x `h` (coded orientation) into `out`, which holds
/// `w * h * channels` bytes. libswscale writes whole SIMD blocks past the end of a line, so it writes
/// into a padded scratch buffer with aligned lines, copied out line by line.
static int convert(vigie_movie *m, struct SwsContext **ctx, enum AVPixelFormat format, int w, int h, int flags,
                   uint8_t *out, int channels) {
    AVFrame *f = m->frame;
    *ctx = sws_getCachedContext(*ctx, f->width, f->height, f->format, w, h, format, flags, NULL, NULL, NULL);
    if (!*ctx) return VIGIE_MOVIE_DECODE_FAILED;
    int stride = (w * channels + 63) & ~63;
    if (!reserve(&m->scratch, &m->scratch_size, (size_t)stride * (h + 1) + 128)) return VIGIE_MOVIE_OUT_OF_MEMORY;
    uint8_t *aligned = (uint8_t *)(((uintptr_t)m->scratch + 63) & ~(uintptr_t)63);
    uint8_t *planes[4] = {aligned, NULL, NULL, NULL};
    int strides[4] = {stride, 0, 0, 0};
    if (sws_scale(*ctx, (const uint8_t *const *)f->data, f->linesize, 0, f->height, planes, strides) != h)
        return VIGIE_MOVIE_DECODE_FAILED;
    for (int y = 0; y < h; y++) memcpy(out + (size_t)y * w * channels, aligned + (size_t)y * stride, (size_t)w * channels);
    return VIGIE_MOVIE_OK;
}

/// Fills `frame` from the decoded frame: RGB at the working size and grey at full size, displayed.
static int emit(vigie_movie *m, int working_size, vigie_movie_frame *frame) {
    AVFrame *f = m->frame;
    // Displayed size in the coded orientation: anamorphic pixels widened to square ones.
    int dw = f->width, dh = f->height;
    if (f->sample_aspect_ratio.num > 0 && f->sample_aspect_ratio.den > 0 && av_cmp_q(f->sample_aspect_ratio, (AVRational){1, 1}) != 0) {
        double w = (double)f->width * av_q2d(f->sample_aspect_ratio);
        if (w >= 1 && w <= 4.0 * f->width) dw = (int)lround(w);
    }
    int longest = dw > dh ? dw : dh;
    int rw = dw, rh = dh;
    if (working_size > 0 && longest > working_size) {
        double s = (double)working_size / longest;
        rw = (int)lround(dw * s);
        rh = (int)lround(dh * s);
        if (rw < 1) rw = 1;
        if (rh < 1) rh = 1;
    }
    if (!reserve(&m->rgb, &m->rgb_size, (size_t)rw * rh * 3) || !reserve(&m->grey, &m->grey_size, (size_t)dw * dh))
        return VIGIE_MOVIE_OUT_OF_MEMORY;
    int status = convert(m, &m->rgb_sws, AV_PIX_FMT_RGB24, rw, rh, SWS_AREA, m->rgb, 3);
    if (status != VIGIE_MOVIE_OK) return status;
    status = convert(m, &m->grey_sws, AV_PIX_FMT_GRAY8, dw, dh, SWS_BICUBIC, m->grey, 1);
    if (status != VIGIE_MOVIE_OK) return status;
    frame->rgb = m->rgb;
    frame->rgb_width = rw;
    frame->rgb_height = rh;
    frame->grey = m->grey;
    frame->grey_width = dw;
    frame->grey_height = dh;
    if (m->rotation != 0) {
        if (!reserve(&m->rgb_rotated, &m->rgb_rotated_size, (size_t)rw * rh * 3) ||
            !reserve(&m->grey_rotated, &m->grey_rotated_size, (size_t)dw * dh))
            return VIGIE_MOVIE_OUT_OF_MEMORY;
        rotate(m->rgb, rw, rh, 3, m->rotation, m->rgb_rotated);
        rotate(m->grey, dw, dh, 1, m->rotation, m->grey_rotated);
        frame->rgb = m->rgb_rotated;
        frame->grey = m->grey_rotated;
        if (m->rotation != 180) {
            frame->rgb_width = rh;
            frame->rgb_height = rw;
            frame->grey_width = dh;
            frame->grey_height = dw;
        }
    }
    return VIGIE_MOVIE_OK;
}

/// The next decoded frame into m->frame: VIGIE_MOVIE_OK, VIGIE_MOVIE_END or an error.
static int decode_next(vigie_movie *m) {
    for (;;) {
        if (timed_out(m)) return VIGIE_MOVIE_TIMED_OUT;
        av_frame_unref(m->frame);
        int r = avcodec_receive_frame(m->codec, m->frame);
        if (r == 0) { m->decoded++; return VIGIE_MOVIE_OK; }
        if (r == AVERROR_EOF) return VIGIE_MOVIE_END;
        if (r != AVERROR(EAGAIN)) return VIGIE_MOVIE_DECODE_FAILED;
        if (m->draining) return VIGIE_MOVIE_END;
        r = av_read_frame(m->format, m->packet);
        if (r == AVERROR_EOF) {
            m->draining = 1;
            if (avcodec_send_packet(m->codec, NULL) < 0) return VIGIE_MOVIE_END;
            continue;
        }
        if (r < 0) return timed_out(m) ? VIGIE_MOVIE_TIMED_OUT : VIGIE_MOVIE_UNREADABLE;
        if (m->packet->stream_index != m->stream) { av_packet_unref(m->packet); continue; }
        r = avcodec_send_packet(m->codec, m->packet);
        av_packet_unref(m->packet);
        // A damaged packet is skipped (the decoder resynchronises at the next keyframe); a frame
        // never decoded is never sampled, and a video of which nothing decodes ends with no frame.
        if (r < 0 && r != AVERROR(EAGAIN) && r != AVERROR_INVALIDDATA) return VIGIE_MOVIE_DECODE_FAILED;
    }
}

int vigie_movie_next(vigie_movie *m, double min_scene_gap, int working_size, vigie_movie_frame *frame) {
    if (!m || !frame) return VIGIE_MOVIE_BAD_ARGUMENT;
    if (m->finished) return VIGIE_MOVIE_END;
    for (;;) {
        int status = decode_next(m);
        if (status != VIGIE_MOVIE_OK) {
            m->finished = 1;
            return status;
        }
        AVFrame *f = m->frame;
        if (f->width <= 0 || f->height <= 0 || (long long)f->width * f->height > m->codec->max_pixels) {
            m->finished = 1;
            return VIGIE_MOVIE_TOO_LARGE;
        }
        int64_t ts = f->best_effort_timestamp != AV_NOPTS_VALUE ? f->best_effort_timestamp : f->pts;
        double t;
        if (ts != AV_NOPTS_VALUE) t = (double)(ts - m->start) * av_q2d(m->time_base);
        else {
            AVRational rate = m->format->streams[m->stream]->avg_frame_rate;
            t = rate.num > 0 && rate.den > 0 ? (double)(m->decoded - 1) / av_q2d(rate) : 0;
        }
        if (t < 0) t = 0;

        status = convert(m, &m->signature_sws, AV_PIX_FMT_GRAY8, SIGNATURE_W, SIGNATURE_H, SWS_AREA, m->signature, 1);
        if (status != VIGIE_MOVIE_OK) { m->finished = 1; return status; }
        int take = 0, scene = 0;
        if (!m->sampled_any || t >= m->next_due) take = 1;
        else if (t - m->last_time >= min_scene_gap) {
            double diff = 0;
            for (int i = 0; i < SIGNATURE_W * SIGNATURE_H; i++) diff += abs((int)m->signature[i] - (int)m->last_signature[i]);
            if (diff / (SIGNATURE_W * SIGNATURE_H) > SCENE_THRESHOLD) take = scene = 1;
        }
        if (!take) continue;
        m->sampled_any = 1;
        m->last_time = t;
        m->next_due = (floor(t / m->interval) + 1) * m->interval;
        memcpy(m->last_signature, m->signature, sizeof m->signature);
        frame->time = t;
        frame->scene_change = scene;
        frame->is_keyframe = f->key_frame != 0;
        status = emit(m, working_size, frame);
        if (status != VIGIE_MOVIE_OK) { m->finished = 1; return status; }
        return VIGIE_MOVIE_OK;
    }
}
