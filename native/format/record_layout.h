/* record_layout.h: the layout of a data record (ESE's REC, TAGFLD and MULTIVALUES), for
 * the reader (record.c), the writer (record_build.c) and the record size estimates:
 * a 4-byte header (u8 last fixed fid, u8 last variable fid, u16 end of the fixed data),
 * the fixed columns and their null bitmap; one u16 end offset per variable column, bit 15
 * set when it is null, then their data; then the tagged columns, an array of
 * {u16 fid, u16 offset | flags} entries and their data, each value led by a header byte
 * on large pages and where the small-page entry says so. A multi-valued value starts with
 * u16 offsets of its values, bit 15 set when the value is a separated long value's id. */
#ifndef NATIVE_RECORD_LAYOUT_H
#define NATIVE_RECORD_LAYOUT_H

#define FID_FIXED_FIRST 1u
#define FID_FIXED_LAST 127u
#define FID_VAR_FIRST 128u
#define FID_VAR_LAST 255u
#define FID_TAGGED_FIRST 256u
#define FID_TAGGED_LAST 65535u

#define RECORD_HEADER_CB 4u

/* A variable column's end offset. */
#define RECORD_VAR_NULL 0x8000u
#define RECORD_VAR_END_MASK 0x7fffu

/* A tagged column's entry: the offset has 13 bits on small pages, 15 on large ones; the
 * top bit marks a column derived from a template table. */
#define TAGGED_ENTRY_CB 4u
#define TAGGED_IB_MASK_SMALL 0x1fffu
#define TAGGED_IB_MASK_LARGE 0x7fffu
#define TAGGED_NULL_SMALL 0x2000u           /* small pages: null, unless extended */
#define TAGGED_EXTENDED_SMALL 0x4000u       /* small pages: the value has a header byte */
#define TAGGED_DERIVED 0x8000u
/* A tagged column's key for the record functions: its fid, plus TAGGED_KEY_DERIVED when
 * its entries carry the derived bit (a template table's tagged column inherited by a
 * derived table: ESE's fUseDerivedBit). The array's order is derived entries first, then
 * by fid (tagged_key_rank). */
#define TAGGED_KEY_DERIVED 0x10000u
#define TAGGED_KEY_FID(key) ((key) & 0xffffu)
static inline unsigned tagged_key_rank(unsigned fid, int derived)
{
    return derived ? fid : fid | TAGGED_KEY_DERIVED;
}

/* Header byte of a tagged value. */
#define TAGGED_LONG_VALUE 0x01u
#define TAGGED_COMPRESSED 0x02u
#define TAGGED_SEPARATED 0x04u
#define TAGGED_MULTI_VALUES 0x08u
#define TAGGED_TWO_VALUES 0x10u
#define TAGGED_NULL 0x20u
#define TAGGED_ENCRYPTED 0x40u

/* An offset of a multi-valued value. */
#define MULTI_VALUES_SEPARATED 0x8000u
#define MULTI_VALUES_OFFSET_MASK 0x7fffu

/* Compression schemes: the first byte of compressed data is scheme << 3. */
#define COMPRESS_7BIT_ASCII 1u
#define COMPRESS_7BIT_UNICODE 2u
#define COMPRESS_XPRESS 3u
#define COMPRESS_SCRUB 4u
#define COMPRESS_XPRESS9 5u
#define COMPRESS_XPRESS10 6u
#define COMPRESS_LZ4 7u

#endif
