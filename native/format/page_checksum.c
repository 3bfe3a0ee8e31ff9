/* page_checksum.c: the old XOR and the new XOR+ECC page checksums of ESE, their layout on
 * small (<= 8 KiB) and large (16/32 KiB) pages, verification and single-bit correction.
 * All multi-byte values are little-endian on disk, whatever the host. */
#include "page_checksum.h"

#include <string.h>

#include "byte_order.h"

/* All ones when v has an odd number of set bits, else zero. */
static uint32_t odd_parity_mask(uint32_t v)
{
    v ^= v >> 16;
    v ^= v >> 8;
    v ^= v >> 4;
    v ^= v >> 2;
    v ^= v >> 1;
    return 0u - (v & 1u);
}

static unsigned bits_set(uint32_t v)
{
    unsigned n = 0;
    for (; v != 0; v &= v - 1) n++;
    return n;
}

uint32_t page_checksum_block_size(uint32_t cb_page)
{
    if (!page_is_large(cb_page)) return cb_page;
    /* 16 KiB pages keep 4 KiB blocks for compatibility; larger pages use 8 KiB blocks. */
    return cb_page <= 16384 ? 4096 : 8192;
}

uint32_t page_checksum_xor(const void *buf, uint32_t cb)
{
    const uint8_t *p = (const uint8_t *)buf;
    uint32_t x = PAGE_CHECKSUM_SEED;
    for (uint32_t ib = 4; ib + 4 <= cb; ib += 4) x ^= byte_order_get_le32(p + ib);
    return x;
}

uint64_t page_checksum_ecc_block(const void *block, uint32_t cb, uint32_t pgno, bool header_block)
{
    const uint8_t *p = (const uint8_t *)block;
    INVARIANT(cb >= 1024u && cb <= 8192u && cb % 16u == 0); /* the row index has room for no more */
    /* The block is seen as rows of four u32 columns. Each row's parity is spread over the
     * row-index bits (index in the high half, its complement in the low half); the column
     * parities are reduced to 32 bits and spread over the column-index bits. */
    uint32_t row_code = 0;
    uint32_t col0 = 0, col1 = 0, col2 = 0, col3 = 0;
    uint32_t row_index = 0xff800000u;
    for (uint32_t ib = 0; ib + 16 <= cb; ib += 16) {
        uint32_t w0 = byte_order_get_le32(p + ib), w1 = byte_order_get_le32(p + ib + 4);
        const uint32_t w2 = byte_order_get_le32(p + ib + 8), w3 = byte_order_get_le32(p + ib + 12);
        if (header_block && ib == 0) w0 = w1 = 0; /* the stored checksum itself */
        col0 ^= w0;
        col1 ^= w1;
        col2 ^= w2;
        col3 ^= w3;
        row_code ^= row_index & odd_parity_mask(w0 ^ w1 ^ w2 ^ w3);
        row_index += 0xff800080u;
    }
    row_code |= 0x00400000u & odd_parity_mask(col0 ^ col1);
    row_code |= 0x00000040u & odd_parity_mask(col2 ^ col3);
    const uint32_t half0 = col0 ^ col2;
    const uint32_t half1 = col1 ^ col3;
    row_code |= 0x00200000u & odd_parity_mask(half0);
    row_code |= 0x00000020u & odd_parity_mask(half1);
    const uint32_t xor_all = half0 ^ half1;

    uint32_t col_code = 0;
    uint32_t col_index = 0xffff0000u;
    for (unsigned bit = 0; bit < 32; bit++) {
        if (xor_all >> bit & 1u) col_code ^= col_index;
        col_index += 0xffff0001u;
    }
    /* Row-index bits beyond what the block size needs are masked off. */
    const uint32_t size_mask = (uint32_t)(cb << 19) - 1u;
    const uint32_t ecc = (row_code & 0xffe0ffe0u & size_mask) | (col_code & 0x001f001fu);
    return (uint64_t)ecc << 32 | (uint64_t)(xor_all ^ pgno);
}

bool page_checksum_is_new(const void *page)
{
    return (byte_order_get_le32((const uint8_t *)page + PAGE_FLAGS_OFFSET) & PAGE_FLAG_NEW_CHECKSUM) != 0;
}

bool page_checksum_is_blank(const void *page, uint32_t cb_page)
{
    const uint8_t *p = (const uint8_t *)page;
    for (uint32_t ib = 0; ib < cb_page; ib++)
        if (p[ib] != 0) return false;
    return true;
}

void page_checksum_stored(const void *page, uint32_t cb_page, page_checksum *out)
{
    const uint8_t *p = (const uint8_t *)page;
    memset(out, 0, sizeof *out);
    out->block[0] = byte_order_get_le64(p);
    if (page_is_large(cb_page)) {
        for (unsigned i = 1; i < PAGE_CHECKSUM_BLOCKS; i++)
            out->block[i] = byte_order_get_le64(p + PAGE_LARGE_CHECKSUMS_OFFSET + 8 * (i - 1));
    }
}

/* Blocks 1..n of a large page (each a plain block), then block 0 over the page as it is. */
static void compute_new(const uint8_t *p, uint32_t cb_page, uint32_t pgno, page_checksum *out)
{
    uint32_t cb_block = page_checksum_block_size(cb_page);
    if (page_is_large(cb_page)) {
        unsigned i = 1;
        for (uint32_t ib = cb_block; ib < cb_page && i < PAGE_CHECKSUM_BLOCKS; i++) {
            const uint32_t cb = cb_page - ib < cb_block ? cb_page - ib : cb_block;
            out->block[i] = page_checksum_ecc_block(p + ib, cb, pgno, false);
            ib += cb;
        }
    }
    out->block[0] = page_checksum_ecc_block(p, cb_block, pgno, true);
}

void page_checksum_compute(const void *page, uint32_t cb_page, uint32_t pgno, page_checksum *out)
{
    const uint8_t *p = (const uint8_t *)page;
    INVARIANT(page_size_valid(cb_page)); /* the blocks, and the large header, lie inside */
    memset(out, 0, sizeof *out);
    if (page_checksum_is_new(page)) {
        compute_new(p, cb_page, pgno, out);
    } else {
        /* Old format: the XOR in the low half, the page number in the high half. */
        out->block[0] = (uint64_t)pgno << 32 | page_checksum_xor(p, cb_page);
    }
}

void page_checksum_set(void *page, uint32_t cb_page, uint32_t pgno)
{
    uint8_t *p = (uint8_t *)page;
    page_checksum c;
    INVARIANT(page_size_valid(cb_page));
    byte_order_put_le32(p + PAGE_FLAGS_OFFSET, byte_order_get_le32(p + PAGE_FLAGS_OFFSET) | PAGE_FLAG_NEW_CHECKSUM);
    memset(&c, 0, sizeof c);
    if (page_is_large(cb_page)) {
        /* The block checksums live in block 0, which must cover them: store them first. */
        compute_new(p, cb_page, pgno, &c);
        for (unsigned i = 1; i < PAGE_CHECKSUM_BLOCKS; i++)
            byte_order_put_le64(p + PAGE_LARGE_CHECKSUMS_OFFSET + 8 * (i - 1), c.block[i]);
    }
    c.block[0] = page_checksum_ecc_block(p, page_checksum_block_size(cb_page), pgno, true);
    byte_order_put_le64(p, c.block[0]);
}

static bool checksums_equal(const page_checksum *a, const page_checksum *b)
{
    for (unsigned i = 0; i < PAGE_CHECKSUM_BLOCKS; i++)
        if (a->block[i] != b->block[i]) return false;
    return true;
}

/* The bit (relative to the block) a mismatch of one block points at, or -1 when the ECC
 * says the damage is more than one bit, or points outside the block, or at `forbidden`. */
static int32_t locate_bit(uint32_t cb_block, uint64_t stored, uint64_t computed, uint32_t forbidden)
{
    const uint32_t ecc_diff = (uint32_t)(stored >> 32) ^ (uint32_t)(computed >> 32);
    const uint32_t xor_diff = (uint32_t)stored ^ (uint32_t)computed;
    const uint32_t mask = (cb_block << 3) - 1u;
    /* A single flipped bit changes the index and its complement alike: the two halves of
     * the ECC difference are complements of each other over the index width. */
    if ((((ecc_diff >> 16) ^ ecc_diff) & mask) != mask) return -1;
    if (bits_set(xor_diff) != 1) return -1;
    const uint32_t bit = ecc_diff & 0xffffu;
    if (bit / 8 >= cb_block || bit == forbidden) return -1;
    return (int32_t)bit;
}

/* ESE's analysis of an XOR+ECC mismatch: every bad block must have one locatable bit. A bit
 * found in the large-page header's copy of the block checksums also repairs the expected
 * value of that block before it is compared. */
static void analyse_new(uint32_t cb_page, page_checksum stored, const page_checksum *computed, page_verify_info *info)
{
    const uint32_t cb_block_full = page_checksum_block_size(cb_page);
    const uint32_t flag_bit = PAGE_FLAGS_OFFSET * 8 + 13; /* 0x2000 in the flags u32 */
    const uint32_t first_checksum_bit = PAGE_LARGE_CHECKSUMS_OFFSET * 8;
    const uint32_t last_checksum_bit = first_checksum_bit + 64 * (PAGE_CHECKSUM_BLOCKS - 1);
    uint32_t ib = 0;
    info->correctable = false;
    info->bit_corrupted = -1;
    for (unsigned i = 0; i < PAGE_CHECKSUM_BLOCKS; i++) info->bits[i] = -1;

    for (unsigned i = 0; i < PAGE_CHECKSUM_BLOCKS && ib < cb_page; i++) {
        const uint32_t cb = cb_page - ib < cb_block_full ? cb_page - ib : cb_block_full;
        if (stored.block[i] != computed->block[i]) {
            const int32_t bit = locate_bit(cb, stored.block[i], computed->block[i], i == 0 ? flag_bit : UINT32_MAX);
            if (bit < 0) return;
            const uint32_t page_bit = (uint32_t)bit + 8 * ib;
            info->bits[i] = (int32_t)page_bit;
            if (info->bit_corrupted < 0) {
                info->bit_corrupted = (int32_t)page_bit;
                if (page_is_large(cb_page) && i == 0 && page_bit >= first_checksum_bit && page_bit < last_checksum_bit) {
                    const uint32_t rel = page_bit - first_checksum_bit;
                    stored.block[1 + rel / 64] ^= (uint64_t)1 << (rel % 64);
                }
            }
        }
        ib += cb;
    }
    info->correctable = info->bit_corrupted >= 0;
}

JET_ERR page_checksum_verify(const void *page, uint32_t cb_page, uint32_t pgno, page_verify_info *info)
{
    page_verify_info local;
    page_verify_info *v = info != NULL ? info : &local;
    memset(v, 0, sizeof *v);
    v->bit_corrupted = -1;
    for (unsigned i = 0; i < PAGE_CHECKSUM_BLOCKS; i++) v->bits[i] = -1;

    if (page_checksum_is_blank(page, cb_page)) return JET_errPageNotInitialized;

    v->new_format = page_checksum_is_new(page);
    page_checksum_stored(page, cb_page, &v->stored);
    page_checksum_compute(page, cb_page, pgno, &v->computed);
    if (!checksums_equal(&v->stored, &v->computed)) {
        if (v->new_format) analyse_new(cb_page, v->stored, &v->computed, v);
        return JET_errReadVerifyFailure;
    }
    if (page_is_large(cb_page) && byte_order_get_le32((const uint8_t *)page + PAGE_LARGE_PGNO_OFFSET) != pgno)
        return JET_errReadPgnoVerifyFailure;
    return JET_errSuccess;
}

JET_ERR page_checksum_correct(void *page, uint32_t cb_page, uint32_t pgno, const page_verify_info *info)
{
    uint8_t *p = (uint8_t *)page;
    if (info == NULL || !info->correctable) return JET_errReadVerifyFailure;
    for (unsigned i = 0; i < PAGE_CHECKSUM_BLOCKS; i++) {
        const int32_t bit = info->bits[i];
        if (bit >= 0 && (uint32_t)bit / 8 < cb_page) p[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
    return page_checksum_verify(page, cb_page, pgno, NULL);
}
