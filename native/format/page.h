/* page.h: a database page's layout, for reading (editing: last section): the page header of every
 * revision (40-byte PGHDR up to 8 KiB, 80-byte PGHDR2 above), the tag array (13-bit
 * tags with the node flags in the tag on small pages, 15-bit tags with the flags in the
 * node's first u16 on large pages), and nodes (optional common-prefix length, key suffix,
 * data) with the prefix taken from the page's external header (tag 0).
 * Everything here works on a caller-owned buffer: no I/O, no allocation, no locking.
 * Every offset read from the page is bounds-checked; a page that does not hold together
 * gives JET_errPageTagCorrupted or JET_errNodeCorrupted, never a read outside the buffer.
 * The layout's sizes, offsets and bit fields are defined here once for every layer; the
 * checksums stored in the header are page_checksum.h's. Fields are little-endian
 * (byte_order.h). */
#ifndef NATIVE_PAGE_H
#define NATIVE_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "byte_order.h"
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PAGE_SIZE_MIN 2048u
#define PAGE_SIZE_MAX 32768u

/* The largest page number of a database (ESE's pgnoSysMax, space.hxx); page 0 is none.
 * A page number read from the file outside 1..PAGE_PGNO_MAX is corruption. */
#define PAGE_PGNO_MAX 0x7fefffffu

/* The page header: PGHDR (40 bytes) up to 8 KiB, PGHDR2 (80 bytes) above; byte offsets of
 * its fields. The checksum (block 0) is the first 8 bytes. */
#define PAGE_HEADER_SMALL 40u
#define PAGE_HEADER_LARGE 80u
#define PAGE_DBTIME_OFFSET 8u               /* u64 dbtime of the last change */
#define PAGE_PREV_OFFSET 16u                /* u32 previous page of the level */
#define PAGE_NEXT_OFFSET 20u                /* u32 next page */
#define PAGE_OBJID_OFFSET 24u               /* u32 objid of the tree (FDP) */
#define PAGE_CB_FREE_OFFSET 28u             /* u16 free bytes */
#define PAGE_CB_UNCOMMITTED_FREE_OFFSET 30u /* u16 free bytes a rollback may take back */
#define PAGE_IB_MIC_FREE_OFFSET 32u         /* u16 end of the data in use */
#define PAGE_ITAG_STATE_OFFSET 34u          /* u16 tags in use and reserved tags */
#define PAGE_FLAGS_OFFSET 36u               /* u32 page flags */
#define PAGE_LARGE_CHECKSUMS_OFFSET 40u     /* PGHDR2: three more u64 checksums */
#define PAGE_LARGE_PGNO_OFFSET 64u          /* PGHDR2: the page's own number */

/* The tag state word: tags in use in the low 12 bits, reserved tags above (0 means 1). */
#define PAGE_ITAG_COUNT_MASK 0x0fffu
#define PAGE_CTAG_RESERVED_SHIFT 12u
#define PAGE_CTAG_RESERVED_MASK 0x7u

/* A tag: u16 size, then u16 offset from the end of the header; 13 bits each on small
 * pages (the node flags in the offset's top 3 bits), 15 bits on large pages (the flags in
 * the top 3 bits of the node's first u16). Tag i is the 4 bytes at cb_page - 4 (i + 1). */
#define PAGE_TAG_CB 4u
#define PAGE_TAG_MASK_SMALL 0x1fffu
#define PAGE_TAG_MASK_LARGE 0x7fffu
#define PAGE_TAG_FLAGS_SHIFT 13u

/* A node: [u16 prefix length,] u16 key suffix length, the suffix, the data. The lengths
 * have 13 bits. A branch node's data is the child page's u32 pgno. */
#define PAGE_KEY_LENGTH_CB 2u
#define PAGE_NODE_KEY_MASK 0x1fffu
#define PAGE_CHILD_CB 4u

/* Page flags (PGHDR.fFlags). */
#define PAGE_FLAG_ROOT 0x0001u
#define PAGE_FLAG_LEAF 0x0002u
#define PAGE_FLAG_PARENT_OF_LEAF 0x0004u
#define PAGE_FLAG_EMPTY 0x0008u
#define PAGE_FLAG_REPAIR 0x0010u
#define PAGE_FLAG_SPACE_TREE 0x0020u
#define PAGE_FLAG_INDEX 0x0040u
#define PAGE_FLAG_LONG_VALUE 0x0080u
#define PAGE_FLAG_NON_UNIQUE_KEYS 0x0400u
#define PAGE_FLAG_NEW_RECORD_FORMAT 0x0800u
#define PAGE_FLAG_NEW_CHECKSUM 0x2000u      /* XOR+ECC checksums (page_checksum.h) */
#define PAGE_FLAG_SCRUBBED 0x4000u
#define PAGE_FLAG_PREINIT 0x20000u
#define PAGE_FLAG_FDP_DELETE 0x40000u

/* Node flags (3 bits). */
#define NODE_FLAG_VERSION 0x1u
#define NODE_FLAG_DELETED 0x2u
#define NODE_FLAG_COMPRESSED 0x4u
#define NODE_FLAGS_MASK 0x7u

/* The external header of a space-tree root page starts with a 16-byte split buffer. */
#define PAGE_SPLIT_BUFFER_CB 16u

/* A decoded page header plus the buffer it came from. */
typedef struct page_view {
    const uint8_t *data;      /* cb_page bytes */
    uint32_t cb_page;
    uint32_t cb_header;       /* 40 or 80 */
    bool large;               /* > 8 KiB: 15-bit tags, flags in the node */
    uint64_t dbtime_dirtied;
    uint32_t pgno_prev, pgno_next;
    uint32_t objid_fdp;
    uint16_t cb_free, cb_uncommitted_free, ib_mic_free;
    uint16_t ctag;            /* tags in use (itagMicFree), including the reserved ones */
    uint16_t ctag_reserved;   /* at least 1: tag 0 is the external header */
    uint32_t flags;
} page_view;

/* One tag's bytes. */
typedef struct page_line {
    const uint8_t *pb;
    uint32_t cb;
    uint32_t flags;           /* NODE_FLAG_* */
} page_line;

/* One node: full key = prefix[0..cb_prefix) + suffix. */
typedef struct page_node {
    const uint8_t *prefix;
    uint32_t cb_prefix;
    const uint8_t *suffix;
    uint32_t cb_suffix;
    const uint8_t *data;
    uint32_t cb_data;
    uint32_t flags;           /* NODE_FLAG_* */
} page_node;

/* 2, 4, 8, 16 or 32 KiB. */
bool page_size_valid(uint32_t cb_page);
/* More than 8 KiB: the 80-byte header, four checksum blocks, 15-bit tags. */
bool page_is_large(uint32_t cb_page);

/* PAGE_HEADER_SMALL or PAGE_HEADER_LARGE, as the page size asks. */
static inline uint32_t page_header_cb(uint32_t cb_page)
{
    return page_is_large(cb_page) ? PAGE_HEADER_LARGE : PAGE_HEADER_SMALL;
}

/* Decodes the header of a page of cb_page bytes and checks that the tag array fits:
 *   JET_errPageTagCorrupted  more tags than the page can hold, or ibMicFree past them
 *   JET_errInvalidParameter  cb_page is not a page size
 * The checksum is not looked at (the cache verifies it when it reads the page). */
JET_ERR page_open(const uint8_t *data, uint32_t cb_page, page_view *out);

/* Nodes on the page (tags after the reserved ones). */
static inline uint32_t page_line_count(const page_view *pv)
{
    return pv->ctag > pv->ctag_reserved ? (uint32_t)(pv->ctag - pv->ctag_reserved) : 0u;
}

/* The raw bytes of tag itag (0 = external header). JET_errPageTagCorrupted if the tag
 * points outside the data area. A zero-length tag gives pb == NULL, cb == 0. */
JET_ERR page_get_tag(const page_view *pv, uint32_t itag, page_line *out);

/* The external header (tag 0): the space header on root pages, the common key prefix on
 * the others. */
JET_ERR page_external_header(const page_view *pv, page_line *out);

/* Node iline (0 .. page_line_count-1): key prefix (from the external header when the node
 * is prefix-compressed), key suffix and data. JET_errNodeCorrupted if the sizes do not
 * fit in the tag or the prefix is longer than the page's prefix. */
JET_ERR page_get_node(const page_view *pv, uint32_t iline, page_node *out);

/* Compares a node's full key with key (memcmp order, shorter first on a common prefix):
 * < 0, 0, > 0 as node key <, =, > key. */
int page_node_compare(const page_node *node, const uint8_t *key, uint32_t cb_key);
/* The same against s, with the node's data after its key when with_data (the nodes of a
 * non-unique tree are ordered by key and data as one byte string). */
int page_node_compare_stream(const page_node *node, bool with_data, const uint8_t *s, uint32_t cb_s);

/* ---- editing (page_edit.c): for btree_write.c and space.c only ---- */

/* A node is written compressed (NODE_FLAG_COMPRESSED, a u16 prefix length, then the key
 * suffix) when its key shares more than PAGE_PREFIX_OVERHEAD bytes with the page's prefix
 * (tag 0 of pages that are neither roots nor space-tree pages: ESE's rule), uncompressed
 * otherwise; flags ride in the tag on small pages and in the node's first u16 on large
 * ones. The caller chooses the prefix (page_set_external_header on a page without
 * compressed nodes, btree_write.c's splits). Free space is kept as ESE keeps it: cbFree
 * counts every byte not in a tag's data or the tag array; ibMicFree is the end of the
 * data area in use, and a change that needs more contiguous room than lies between
 * ibMicFree and the tag array compacts the page first. Every function checks the page
 * (page_open) before changing it; the bytes passed in must not point into the page.
 *   JET_errRecordTooBig   the node does not fit in the page's free space
 *   JET_errInvalidParameter  bad line number, key longer than PAGE_KEY_MAX */

#define PAGE_KEY_MAX PAGE_NODE_KEY_MASK     /* the key length field has 13 bits */
#define PAGE_TAGS_MAX PAGE_ITAG_COUNT_MASK  /* the tag count has 12 bits */

/* Data-area bytes of an uncompressed node (the tag not included). */
static inline uint32_t page_node_cb(uint32_t cb_key, uint32_t cb_data)
{
    return PAGE_KEY_LENGTH_CB + cb_key + cb_data;
}

/* A shared prefix must be longer than its own length field to pay (ESE's cbPrefixOverhead). */
#define PAGE_PREFIX_OVERHEAD PAGE_KEY_LENGTH_CB

/* Data-area bytes of a compressed node keeping cb_suffix key bytes. */
static inline uint32_t page_node_cb_compressed(uint32_t cb_suffix, uint32_t cb_data)
{
    return 2u * PAGE_KEY_LENGTH_CB + cb_suffix + cb_data;
}

/* How many leading bytes of key a node inserted on this page takes from its prefix: the
 * common length when it is above PAGE_PREFIX_OVERHEAD, else 0. */
uint32_t page_prefix_share(const page_view *pv, const uint8_t *key, uint32_t cb_key);
/* Data-area bytes a node with this key and data takes when written on this page. */
uint32_t page_node_cb_on(const page_view *pv, const uint8_t *key, uint32_t cb_key, uint32_t cb_data);

/* Formats an empty page: header (pgno stored in the large header), flags |
 * PAGE_FLAG_NEW_RECORD_FORMAT | PAGE_FLAG_NEW_CHECKSUM, one reserved tag with an empty
 * external header. JET_errInvalidParameter for a bad page size. */
JET_ERR page_format(uint8_t *page, uint32_t cb_page, uint32_t pgno, uint32_t objid, uint32_t flags, uint64_t dbtime);

void page_set_dbtime(uint8_t *page, uint64_t dbtime);
void page_set_siblings(uint8_t *page, uint32_t pgno_prev, uint32_t pgno_next);
void page_set_flags(uint8_t *page, uint32_t flags);

/* Whether a new node of cb_node data-area bytes would fit (cbFree and the tag count). */
bool page_can_insert(const page_view *pv, uint32_t cb_node);

/* Replaces the external header (tag 0). On a page holding compressed nodes the new bytes
 * must start with every prefix they use (callers set it on fresh pages). */
JET_ERR page_set_external_header(uint8_t *page, uint32_t cb_page, const uint8_t *pb, uint32_t cb);
/* Inserts a node as line iline (0..count), moving the later lines up; compressed against
 * the page's prefix when it shares enough of it (NODE_FLAG_COMPRESSED in node_flags is
 * ignored: the page decides). */
JET_ERR page_insert_node(uint8_t *page, uint32_t cb_page, uint32_t iline, const uint8_t *key, uint32_t cb_key,
                         const uint8_t *data, uint32_t cb_data, uint32_t node_flags);
/* Rewrites line iline with this key, data and flags (compressed as page_insert_node). */
JET_ERR page_replace_node(uint8_t *page, uint32_t cb_page, uint32_t iline, const uint8_t *key, uint32_t cb_key,
                          const uint8_t *data, uint32_t cb_data, uint32_t node_flags);
/* Removes line iline, moving the later lines down. */
JET_ERR page_delete_node(uint8_t *page, uint32_t cb_page, uint32_t iline);
/* Moves every tag's data together at the start of the data area (ibMicFree = the sum of
 * the tags' sizes), keeping the tag order. */
JET_ERR page_reorganize(uint8_t *page, uint32_t cb_page);

#ifdef __cplusplus
}
#endif

#endif
