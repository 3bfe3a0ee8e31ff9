/* compress.c: 7-bit and XPRESS (plain LZ77) decompression (see compress.h). */
#include "compress.h"

#include <string.h>

#include "byte_order.h"
#include "record_layout.h"

#define XPRESS_HEADER_CB 3u

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
        if (cb < XPRESS_HEADER_CB) FAIL(JET_errDecompressionFailed);
        *cb_uncompressed = byte_order_get_le16(pb + 1);
        break;
    default:
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
    default: /* XPRESS: matches refer back, so the whole value is decoded */
        if (cap < size) FAIL(JET_wrnBufferTruncated); /* the caller asks again with room */
        CHECK(xpress_decode(pb + XPRESS_HEADER_CB, cb - XPRESS_HEADER_CB, out, size));
        break;
    }
    if (cap < size) err = JET_wrnBufferTruncated;
done:
    return err;
}
