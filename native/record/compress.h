/* compress.h: decompression of column values and long-value chunks that ESE stored
 * compressed. Compressed data starts with a byte whose upper five bits name the scheme:
 *   1  7-bit ASCII: low three bits = bits used in the last byte - 1; then the characters'
 *      7-bit codes packed little-endian, least significant bit first
 *   2  7-bit Unicode: the same, each character widening to a UTF-16 code unit
 *   3  XPRESS: a u16 uncompressed size, then LZ77 in the "plain LZ77" form of [MS-XCA]
 *      (32-bit flag words, literals, 16-bit match tokens with nibble/byte/u16/u32 length
 *      extensions)
 * XPRESS9, XPRESS10 and LZ4 (schemes 5-7) are not supported yet: they give JET_errDecompressionFailed.
 * Pure functions over caller buffers: no allocation, bounds-checked on corrupt input. */
#ifndef NATIVE_COMPRESS_H
#define NATIVE_COMPRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The uncompressed size of compressed data.
 *   JET_errDecompressionFailed  not a scheme this file can read, or too short */
JET_ERR compress_size(const uint8_t *pb, uint32_t cb, uint32_t *cb_uncompressed);

/* Decompresses into out (cap bytes); *cb_actual gets the whole uncompressed size.
 *   JET_wrnBufferTruncated      cap was smaller: 7-bit data fills out with the first cap
 *                               bytes; XPRESS data leaves out untouched (ask again with room)
 *   JET_errDecompressionFailed  corrupt data or an unsupported scheme */
JET_ERR compress_decompress(const uint8_t *pb, uint32_t cb, uint8_t *out, uint32_t cap, uint32_t *cb_actual);

#ifdef __cplusplus
}
#endif

#endif
