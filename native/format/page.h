/* page.h: a database page's layout, for reading (editing: last section): the page header of every
 * revision (40-byte PGHDR up to 8 KiB, 80-byte PGHDR2 above), the tag array (13-bit
 * tags with the node flags in the tag on small pages, 15-bit tags with the flags in the
 * node's first u16 on large pages), and nodes (optional common-prefix length, key suffix,
 * data) with the prefix taken from the page's external header (tag 0).
 * Everything here works on a caller-owned buffer: no I/O, no allocation, no locking.
 * Every offset read from the page is bounds-checked; a page that does not hold together
 * gives JET_errPageTagCorrupted or JET_errNodeCorrupted, never a read outside the buffer.
 * The checksums of a page are in page_checksum.h; its fields are read with byte_order.h.
 * May call: common.h, byte_order.h, page_checksum.h. */
#ifndef NATIVE_PAGE_H
#define NATIVE_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "byte_order.h"
#include "common.h"
#include "page_checksum.h"

#ifdef __cplusplus
extern "C" {
#endif

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
/* PAGE_FLAG_NEW_CHECKSUM (0x2000) is in page_checksum.h. */
#define PAGE_FLAG_SCRUBBED 0x4000u
#define PAGE_FLAG_PREINIT 0x20000u
#define PAGE_FLAG_FDP_DELETE 0x40000u

/* Node flags (3 bits). */
#define NODE_FLAG_VERSION 0x1u
#define NODE_FLAG_DELETED 0x2u
#define NODE_FLAG_COMPRESSED 0x4u

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

#define PAGE_KEY_MAX 0x1fffu     /* the key length field has 13 bits */
#define PAGE_TAGS_MAX 0x0fffu    /* the tag count has 12 bits */

/* Data-area bytes of an uncompressed node (the tag not included). */
static inline uint32_t page_node_cb(uint32_t cb_key, uint32_t cb_data)
{
    return 2u + cb_key + cb_data;
}

/* A shared prefix must be longer than its own length field to pay (ESE's cbPrefixOverhead). */
#define PAGE_PREFIX_OVERHEAD 2u

/* Data-area bytes of a compressed node keeping cb_suffix key bytes. */
static inline uint32_t page_node_cb_compressed(uint32_t cb_suffix, uint32_t cb_data)
{
    return 4u + cb_suffix + cb_data;
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
