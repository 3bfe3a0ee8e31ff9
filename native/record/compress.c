/* compress.c: 7-bit and XPRESS (plain LZ77) compression and decompression, and LZ4
 * decompression (see compress.h). The writers follow ESE's compression.cxx
 * (CDataCompressor) and, for the XPRESS stream, [MS-XCA] 2.3/2.4 and ESE's
 * _xpress/xdecode.i (CODING_DIRECT2), which read the same format; the LZ4 reader follows
 * the LZ4 block format (lz4_Block_format.md), which ESE's ErrDecompressLz4_ hands to
 * LZ4_decompress_safe_partial. */
#include "compress.h"

#include <string.h>

#include "byte_order.h"
#include "record_layout.h"

/* XPRESS's header and ESE's Lz4Header: the scheme byte and a u16 uncompressed size. */
#define SIZED_HEADER_CB 3u

/* Characters in 7-bit data of cb bytes (header included). */
static JET_ERR seven_bit_count(const uint8_t *pb, uint32_t cb, uint32_t *count)
{
    uint64_t bits;
    if (cb < 2) return JET_errDecompressionFailed;
    bits = (uint64_t)(cb - 2u) * 8u + (pb[0] & 0x7u) + 1u;
    if (bits % 7u != 0) return JET_errDecompressionFailed;
    *count = (uint32_t)(bits / 7u);
    return JET_errSuccess;
}

JET_ERR compress_size(const uint8_t *pb, uint32_t cb, uint32_t *cb_uncompressed)
{
    JET_ERR err = JET_errSuccess;
    uint32_t n = 0;

    *cb_uncompressed = 0;
    if (pb == NULL || cb == 0) FAIL(JET_errDecompressionFailed);
    switch (pb[0] >> 3) {
    case COMPRESS_7BIT_ASCII:
        CHECK(seven_bit_count(pb, cb, &n));
        *cb_uncompressed = n;
        break;
    case COMPRESS_7BIT_UNICODE:
        CHECK(seven_bit_count(pb, cb, &n));
        *cb_uncompressed = 2u * n;
        break;
    case COMPRESS_XPRESS:
    case COMPRESS_LZ4:
        if (cb < SIZED_HEADER_CB) FAIL(JET_errDecompressionFailed);
        *cb_uncompressed = byte_order_get_le16(pb + 1);
        break;
    default: /* XPRESS9, XPRESS10 (compress.h) or not a scheme */
        FAIL(JET_errDecompressionFailed);
    }
done:
    return err;
}

static void seven_bit_decode(const uint8_t *pb, uint32_t count, bool wide, uint8_t *out, uint32_t cap)
{
    uint32_t i, bit = 8; /* bit position in the data, after the header byte */
    for (i = 0; i < count; i++, bit += 7u) {
        uint32_t byte = bit / 8u, shift = bit % 8u;
        uint32_t v = pb[byte];
        if (shift > 1) v |= (uint32_t)pb[byte + 1u] << 8; /* the code spans two bytes */
        v = (v >> shift) & 0x7fu;
        if (wide) {
            if (2u * i < cap) out[2u * i] = (uint8_t)v;
            if (2u * i + 1u < cap) out[2u * i + 1u] = 0;
        } else if (i < cap) {
            out[i] = (uint8_t)v;
        }
    }
}

/* [MS-XCA] plain LZ77. Writes exactly size bytes or fails. */
static JET_ERR xpress_decode(const uint8_t *in, uint32_t cb_in, uint8_t *out, uint32_t size)
{
    JET_ERR err = JET_errSuccess;
    uint32_t ip = 0, op = 0, flags = 0, nflags = 0, half = 0;
    bool have_half = false;

    while (op < size) {
        if (nflags == 0) {
            if (cb_in - ip < 4) FAIL(JET_errDecompressionFailed);
            flags = byte_order_get_le32(in + ip);
            ip += 4;
            nflags = 32;
        }
        nflags--;
        if (!((flags >> nflags) & 1u)) {
            if (ip >= cb_in) FAIL(JET_errDecompressionFailed);
            out[op++] = in[ip++];
        } else {
            uint32_t token, len, dist, k;
            if (cb_in - ip < 2) FAIL(JET_errDecompressionFailed);
            token = byte_order_get_le16(in + ip);
            ip += 2;
            len = token & 7u;
            dist = (token >> 3) + 1u;
            if (len == 7) {
                if (!have_half) {
                    if (ip >= cb_in) FAIL(JET_errDecompressionFailed);
                    half = ip++;
                    len = in[half] & 0xfu;
                    have_half = true;
                } else {
                    len = in[half] >> 4;
                    have_half = false;
                }
                if (len == 15) {
                    if (ip >= cb_in) FAIL(JET_errDecompressionFailed);
                    len = in[ip++];
                    if (len == 255) {
                        if (cb_in - ip < 2) FAIL(JET_errDecompressionFailed);
                        len = byte_order_get_le16(in + ip);
                        ip += 2;
                        if (len == 0) {
                            if (cb_in - ip < 4) FAIL(JET_errDecompressionFailed);
                            len = byte_order_get_le32(in + ip);
                            ip += 4;
                        }
                        if (len < 15u + 7u) FAIL(JET_errDecompressionFailed);
                        len -= 15u + 7u;
                    }
                    len += 15u;
                }
                len += 7u;
            }
            len += 3u;
            if (dist > op || len > size - op) FAIL(JET_errDecompressionFailed);
            for (k = 0; k < len; k++, op++) out[op] = out[op - dist]; /* may overlap */
        }
    }
done:
    return err;
}

/* A length of the LZ4 block format: the 4-bit field, then while it is saturated, bytes
 * added until one is below 255. False when the input ends first or the sum passes limit. */
static bool lz4_length(const uint8_t *in, uint32_t cb_in, uint32_t *ip, uint32_t field, uint32_t limit,
                       uint32_t *len)
{
    uint32_t n = field;
    if (field == 15u) {
        uint8_t more;
        do {
            if (*ip >= cb_in) return false;
            more = in[(*ip)++];
            n += more;
            if (n > limit) return false;
        } while (more == 255u);
    }
    *len = n;
    return true;
}

/* The LZ4 block format: sequences of a token (literal length << 4 | match length - 4),
 * the literals, a u16 offset back and the match, the last sequence literals only. Writes
 * exactly size bytes and consumes exactly cb_in, or fails. */
static JET_ERR lz4_decode(const uint8_t *in, uint32_t cb_in, uint8_t *out, uint32_t size)
{
    JET_ERR err = JET_errSuccess;
    uint32_t ip = 0, op = 0;

    for (;;) {
        uint32_t token, literals, match, dist, k;
        if (ip >= cb_in) FAIL(JET_errDecompressionFailed);
        token = in[ip++];
        if (!lz4_length(in, cb_in, &ip, token >> 4, size, &literals)) FAIL(JET_errDecompressionFailed);
        if (literals > cb_in - ip || literals > size - op) FAIL(JET_errDecompressionFailed);
        if (literals != 0) memcpy(out + op, in + ip, literals);
        ip += literals;
        op += literals;
        if (ip == cb_in) break; /* the last sequence */
        if (cb_in - ip < 2) FAIL(JET_errDecompressionFailed);
        dist = byte_order_get_le16(in + ip);
        ip += 2;
        if (dist == 0 || dist > op) FAIL(JET_errDecompressionFailed);
        if (!lz4_length(in, cb_in, &ip, token & 0xfu, size, &match)) FAIL(JET_errDecompressionFailed);
        match += 4u;
        if (match > size - op) FAIL(JET_errDecompressionFailed);
        for (k = 0; k < match; k++, op++) out[op] = out[op - dist]; /* may overlap */
    }
    if (op != size) FAIL(JET_errDecompressionFailed);
done:
    return err;
}

JET_ERR compress_decompress(const uint8_t *pb, uint32_t cb, uint8_t *out, uint32_t cap, uint32_t *cb_actual)
{
    JET_ERR err = JET_errSuccess;
    uint32_t size = 0, n = 0;

    *cb_actual = 0;
    CHECK(compress_size(pb, cb, &size));
    *cb_actual = size;
    if (out == NULL && cap != 0) FAIL(JET_errInvalidParameter);
    switch (pb[0] >> 3) {
    case COMPRESS_7BIT_ASCII:
    case COMPRESS_7BIT_UNICODE:
        CHECK(seven_bit_count(pb, cb, &n));
        seven_bit_decode(pb, n, (pb[0] >> 3) == COMPRESS_7BIT_UNICODE, out, cap);
        break;
    default: /* XPRESS or LZ4 (compress_size refused the rest): matches refer back, so
              * the whole value is decoded */
        if (cap < size) FAIL(JET_wrnBufferTruncated); /* the caller asks again with room */
        if ((pb[0] >> 3) == COMPRESS_XPRESS) CHECK(xpress_decode(pb + SIZED_HEADER_CB, cb - SIZED_HEADER_CB, out, size));
        else CHECK(lz4_decode(pb + SIZED_HEADER_CB, cb - SIZED_HEADER_CB, out, size));
        break;
    }
    if (cap < size) err = JET_wrnBufferTruncated;
done:
    return err;
}

/* ---- compressing ---- */

/* ESE's CbCompressed7BitAscii_ / CbCompressed7BitUnicode_. */
static uint32_t seven_bit_size(uint32_t count)
{
    return (uint32_t)(((uint64_t)count * 7u + 7u) / 8u) + 1u;
}

/* ESE's Calculate7BitCompressionScheme_: 7-bit Unicode when every UTF-16 unit is below
 * 0x80, else 7-bit ASCII when every byte is (unicode_only: not that), each only when it
 * makes the data smaller; 0 when neither applies. */
static uint32_t seven_bit_scheme(const uint8_t *pb, uint32_t cb, bool unicode_only)
{
    bool unicode = cb % 2u == 0;
    uint32_t i;
    if (unicode_only && !unicode) return 0;
    for (i = 0; i < cb; i++) {
        if (pb[i] > 0x7fu) return 0;
        if (i % 2u == 1u && pb[i] != 0) unicode = false;
        if (unicode_only && !unicode) return 0;
    }
    if (unicode) return seven_bit_size(cb / 2u) < cb ? COMPRESS_7BIT_UNICODE : 0;
    if (unicode_only) return 0;
    return seven_bit_size(cb) < cb ? COMPRESS_7BIT_ASCII : 0;
}

/* The 7-bit codes of the characters (bytes, or the low bytes of UTF-16 units), packed
 * least significant bit first after a header byte: the scheme, and the bits used in the
 * last byte less one. */
static uint32_t seven_bit_encode(const uint8_t *pb, uint32_t cb, uint32_t scheme, uint8_t *out)
{
    uint32_t step = scheme == COMPRESS_7BIT_UNICODE ? 2u : 1u, count = cb / step, i, bit = 0;
    uint32_t cb_out = seven_bit_size(count), used;
    memset(out + 1, 0, cb_out - 1u);
    for (i = 0; i < count; i++, bit += 7u) {
        uint32_t v = (uint32_t)pb[i * step] << (bit % 8u);
        out[1u + bit / 8u] |= (uint8_t)v;
        if (bit % 8u > 1u) out[2u + bit / 8u] |= (uint8_t)(v >> 8);
    }
    used = bit % 8u == 0 ? 8u : bit % 8u;
    out[0] = (uint8_t)(scheme << 3 | (used - 1u));
    return cb_out;
}

/* XPRESS, [MS-XCA] plain LZ77: 32-bit flag words (most significant bit first, 1 = a
 * match) ahead of the items they describe; literals as bytes; matches as a u16
 * ((distance - 1) << 3 | min(length - 3, 7)) with the rest of the length in a shared
 * nibble, a byte and a u16. Distances up to 8192 (13 bits), lengths from 3. */
#define XPRESS_WINDOW 8192u
#define XPRESS_MIN_MATCH 3u
#define XPRESS_HASH_BITS 13u
#define XPRESS_CHAIN_MOST 48u
#define XPRESS_NONE 0xffffffffu

typedef struct xpress_writer {
    uint8_t *out;
    uint32_t op, cap;
    uint32_t flag_at, flags, nflags; /* the flag word being filled and where it goes */
    uint32_t nibble_at;              /* the half-used nibble byte, XPRESS_NONE when none */
    bool full;
} xpress_writer;

static void xw_byte(xpress_writer *w, uint8_t b)
{
    if (w->op >= w->cap) {
        w->full = true;
        return;
    }
    w->out[w->op++] = b;
}

static void xw_flag(xpress_writer *w, uint32_t bit)
{
    if (w->nflags == 0) { /* a new flag word goes before its items */
        w->flag_at = w->op;
        if (w->cap - w->op < 4u) {
            w->full = true;
            return;
        }
        w->op += 4u;
    }
    w->flags = w->flags << 1 | bit;
    if (++w->nflags == 32u) {
        byte_order_put_le32(w->out + w->flag_at, w->flags);
        w->flags = 0;
        w->nflags = 0;
    }
}

static void xw_match(xpress_writer *w, uint32_t len, uint32_t dist)
{
    uint32_t m = len - XPRESS_MIN_MATCH;
    uint16_t token = (uint16_t)((dist - 1u) << 3 | (m < 7u ? m : 7u));
    xw_flag(w, 1);
    xw_byte(w, (uint8_t)token);
    xw_byte(w, (uint8_t)(token >> 8));
    if (m < 7u || w->full) return;
    m -= 7u;
    if (w->nibble_at == XPRESS_NONE) {
        w->nibble_at = w->op;
        xw_byte(w, (uint8_t)(m < 15u ? m : 15u));
    } else {
        w->out[w->nibble_at] |= (uint8_t)((m < 15u ? m : 15u) << 4);
        w->nibble_at = XPRESS_NONE;
    }
    if (m < 15u) return;
    m -= 15u;
    if (m < 255u) {
        xw_byte(w, (uint8_t)m);
        return;
    }
    xw_byte(w, 255);
    /* the whole length less 3 (it is at least 7 + 15 + 255 here) */
    xw_byte(w, (uint8_t)(len - 3u));
    xw_byte(w, (uint8_t)((len - 3u) >> 8));
}

static uint32_t xpress_hash(const uint8_t *p)
{
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
    return (v * 2654435761u) >> (32u - XPRESS_HASH_BITS);
}

/* Compresses into out[0..cap): *cb_out = the stream's size, 0 when it would not fit. */
static JET_ERR xpress_encode(const uint8_t *pb, uint32_t cb, uint8_t *out, uint32_t cap, uint32_t *cb_out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t *head = NULL, *prev = NULL;
    uint32_t i, pos = 0;
    xpress_writer w;

    *cb_out = 0;
    head = compat_malloc(sizeof *head << XPRESS_HASH_BITS);
    prev = compat_malloc(sizeof *prev * (cb != 0 ? cb : 1u));
    if (head == NULL || prev == NULL) FAIL(JET_errOutOfMemory);
    for (i = 0; i < 1u << XPRESS_HASH_BITS; i++) head[i] = XPRESS_NONE;
    memset(&w, 0, sizeof w);
    w.out = out;
    w.cap = cap;
    w.nibble_at = XPRESS_NONE;
    while (pos < cb && !w.full) {
        uint32_t best_len = 0, best_dist = 0;
        if (cb - pos >= XPRESS_MIN_MATCH) {
            uint32_t h = xpress_hash(pb + pos), cand = head[h], steps = 0;
            uint32_t most = cb - pos;
            while (cand != XPRESS_NONE && pos - cand <= XPRESS_WINDOW && steps++ < XPRESS_CHAIN_MOST) {
                uint32_t n = 0;
                while (n < most && pb[cand + n] == pb[pos + n]) n++;
                if (n > best_len) {
                    best_len = n;
                    best_dist = pos - cand;
                    if (n == most) break;
                }
                cand = prev[cand];
            }
        }
        if (best_len >= XPRESS_MIN_MATCH) {
            xw_match(&w, best_len, best_dist);
        } else {
            best_len = 1;
            xw_flag(&w, 0);
            xw_byte(&w, pb[pos]);
        }
        /* every position the item covers goes into the hash chains */
        for (i = 0; i < best_len; i++, pos++) {
            if (cb - pos >= XPRESS_MIN_MATCH) {
                uint32_t h = xpress_hash(pb + pos);
                prev[pos] = head[h];
                head[h] = pos;
            }
        }
    }
    if (w.full) goto done;
    if (w.nflags != 0) {
        /* the last word: its unused bits set, as [MS-XCA]'s encoder leaves them */
        uint32_t spare = 32u - w.nflags;
        byte_order_put_le32(w.out + w.flag_at, w.flags << spare | ((1u << spare) - 1u));
    }
    *cb_out = w.op;
done:
    compat_free(head);
    compat_free(prev);
    return err;
}

JET_ERR compress_data(const uint8_t *pb, uint32_t cb, uint32_t flags, uint8_t *out, uint32_t *cb_out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t cb_xpress = 0, scheme;

    *cb_out = 0;
    if (pb == NULL || out == NULL || cb == 0) return cb == 0 ? JET_errSuccess : JET_errInvalidParameter;
    if ((flags & COMPRESS_WITH_XPRESS) && cb >= COMPRESS_XPRESS_MIN && cb <= COMPRESS_XPRESS_MAX) {
        /* ErrCompressXpress_: kept only when the stream and its 3-byte header are smaller */
        CHECK(xpress_encode(pb, cb, out + SIZED_HEADER_CB, cb - SIZED_HEADER_CB - 1u, &cb_xpress));
        if (cb_xpress != 0) {
            cb_xpress += SIZED_HEADER_CB;
            out[0] = (uint8_t)(COMPRESS_XPRESS << 3);
            byte_order_put_le16(out + 1, (uint16_t)cb);
            if (cb_xpress <= seven_bit_size(cb / 2u)) {
                *cb_out = cb_xpress;
                goto done;
            }
        }
    }
    if (flags & COMPRESS_WITH_7BIT) {
        scheme = seven_bit_scheme(pb, cb, cb_xpress != 0);
        if (scheme != 0) {
            *cb_out = seven_bit_encode(pb, cb, scheme, out);
            goto done;
        }
    }
    *cb_out = cb_xpress; /* XPRESS's result (still in out), or nothing */
done:
    return err;
}
