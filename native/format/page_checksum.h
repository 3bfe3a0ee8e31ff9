/* page_checksum.h: the checksums ESE stores on database pages and on the database header
 * page, in every format ESE has written: the old XOR checksum (one 32-bit XOR, plus the
 * page number on data pages), and the new XOR+ECC checksum (flag 0x2000 in the page flags)
 * with one 64-bit value per block: one block for pages up to 8 KiB, four blocks of 4 KiB
 * (16 KiB pages) or 8 KiB (32 KiB pages) for large pages, the last three stored in the
 * 80-byte large-page header. The same functions compute what the writer stores and what
 * the reader expects, so both sides agree by construction.
 * The page layout (header sizes, the flags word, the large-page header) is page.h's. */
#ifndef NATIVE_PAGE_CHECKSUM_H
#define NATIVE_PAGE_CHECKSUM_H

#include <stdbool.h>
#include <stdint.h>

#include "common.h"
#include "page.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PAGE_CHECKSUM_SEED 0x89abcdefu      /* seed of every XOR checksum */
#define PAGE_CHECKSUM_BLOCKS 4u

/* One 64-bit checksum per block; unused blocks are zero. */
typedef struct page_checksum {
    uint64_t block[PAGE_CHECKSUM_BLOCKS];
} page_checksum;

/* What verification found out beyond the result code. */
typedef struct page_verify_info {
    page_checksum stored;    /* as read from the page */
    page_checksum computed;  /* what the page's content asks for */
    bool new_format;         /* the page carries the XOR+ECC flag */
    bool correctable;        /* ECC: every bad block has one bit it can locate */
    int32_t bit_corrupted;   /* ECC: offset in bits (from the page start) of the first such bit, else -1 */
    int32_t bits[PAGE_CHECKSUM_BLOCKS]; /* per block: the bit to flip back, else -1 */
} page_verify_info;

/* Size of one checksum block of a page of cb_page bytes. */
uint32_t page_checksum_block_size(uint32_t cb_page);

/* Old format: the seed XORed with every little-endian u32 of the buffer except the first.
 * This is the whole checksum of the database header page (stored in its first u32). */
uint32_t page_checksum_xor(const void *buf, uint32_t cb);
/* New format, one block: ECC in the high 32 bits, XOR of the block's u32s ^ pgno in the low
 * 32 bits. In the first block of a page (header_block) the stored checksum (first 8 bytes)
 * counts as zero. cb is 1 to 8 KiB, a multiple of 16. */
uint64_t page_checksum_ecc_block(const void *block, uint32_t cb, uint32_t pgno, bool header_block);

/* The page carries the XOR+ECC flag. */
bool page_checksum_is_new(const void *page);
/* Every byte is zero (a page never written). */
bool page_checksum_is_blank(const void *page, uint32_t cb_page);

/* The checksum stored on the page (block 0 from the first 8 bytes, blocks 1..3 from the
 * large-page header). */
void page_checksum_stored(const void *page, uint32_t cb_page, page_checksum *out);
/* The checksum the page's content asks for, in the format its flag selects. */
void page_checksum_compute(const void *page, uint32_t cb_page, uint32_t pgno, page_checksum *out);
/* Writer: sets the XOR+ECC flag, stores blocks 1..3 (large pages) and then block 0. */
void page_checksum_set(void *page, uint32_t cb_page, uint32_t pgno);

/* Verifies a data page read from logical page number pgno, as ESE does on every read:
 *   JET_errSuccess               the checksum matches (large pages: and the pgno field too)
 *   JET_errPageNotInitialized    the page is all zero
 *   JET_errReadVerifyFailure     the checksum does not match
 *   JET_errReadPgnoVerifyFailure a large page whose checksum matches carries another pgno
 * info (may be NULL) receives the checksums and, for XOR+ECC pages, whether the mismatch
 * is a single-bit error per block that the ECC can locate. */
JET_ERR page_checksum_verify(const void *page, uint32_t cb_page, uint32_t pgno, page_verify_info *info);

/* Corrects in place the single-bit errors page_checksum_verify located (info->correctable)
 * and verifies again; returns that verification's result. Bits of the checksum format flag
 * are never flipped. The caller still has to check the page's structure, as ESE does. */
JET_ERR page_checksum_correct(void *page, uint32_t cb_page, uint32_t pgno, const page_verify_info *info);

#ifdef __cplusplus
}
#endif

#endif
