/* compress.h: compression and decompression of column values and long-value chunks, as
 * ESE stores them when a column is JET_bitColumnCompressed. Compressed data starts with a byte whose upper five bits name the scheme:
 *   1  7-bit ASCII: low three bits = bits used in the last byte - 1; then the characters'
 *      7-bit codes packed little-endian, least significant bit first
 *   2  7-bit Unicode: the same, each character widening to a UTF-16 code unit
 *   3  XPRESS: a u16 uncompressed size, then LZ77 in the "plain LZ77" form of [MS-XCA]
 *      (32-bit flag words, literals, 16-bit match tokens with nibble/byte/u16/u32 length
 *      extensions)
 *   7  LZ4: a u16 uncompressed size, then one LZ4 block (read only: later formats write it)
 * XPRESS9 and XPRESS10 (schemes 5, 6) are Exchange's (ESE's open source has no XPRESS9
 * coder and hands XPRESS10 to Windows or to hardware): they give
 * JET_errDecompressionFailed, as any unknown scheme does.
 * Decompression: pure functions over caller buffers, no allocation, bounds-checked on
 * corrupt input. Compression writes what ESE of the format this engine writes (0x620,
 * update 0x14: Windows 8 to 10) writes: 7-bit ASCII, 7-bit Unicode and XPRESS; LZ4 and
 * XPRESS9/10 came with later formats. */
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

/* What compress_data may use (ESE's CompressFlags). */
#define COMPRESS_WITH_7BIT 0x1u
#define COMPRESS_WITH_XPRESS 0x2u
/* The smallest value XPRESS is tried on: JET_paramMinDataForXpress's default (1024). */
#define COMPRESS_XPRESS_MIN 1024u
/* The largest: its header keeps the size in a u16. */
#define COMPRESS_XPRESS_MAX 65535u

/* Compresses pb[0..cb) as ESE's CDataCompressor::ErrCompress does: XPRESS first (values of
 * COMPRESS_XPRESS_MIN..COMPRESS_XPRESS_MAX bytes), kept when it is no larger than 7-bit
 * Unicode would be; else 7-bit Unicode (every UTF-16 unit below 0x80) or 7-bit ASCII
 * (every byte below 0x80), whichever applies and is smaller than the data; else XPRESS's
 * result if it had one. out has room for cb bytes. *cb_out: the compressed size, 0 when
 * the data does not compress (then out is undefined). Only the scheme's header and data
 * are written, exactly as compress_decompress reads them.
 *   JET_errOutOfMemory  XPRESS's match tables could not be allocated */
JET_ERR compress_data(const uint8_t *pb, uint32_t cb, uint32_t flags, uint8_t *out, uint32_t *cb_out);

#ifdef __cplusplus
}
#endif

#endif
