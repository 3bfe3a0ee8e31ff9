/* lv.h: writing separated long values in a table's LV tree, as ESE lays them out: a
 * root node keyed by the LID (big-endian, 4 bytes: the LIDs of format 0x620 update
 * 0x14) whose data is {u32 reference count, u32 size}, then the value's chunks keyed by
 * LID || offset (big-endian), each lv_chunk_size(page) bytes but the last. Reading stays
 * in record.c (record_lv_read, record_lv_stat); this file writes what those read.
 *
 * A LID is passed and returned as the record stores it: 4 (or 8) little-endian bytes.
 * Every function takes the tree to change and a read cursor on the same tree (callers
 * open it with btree_open on the tree's root) used to find the last LID and the chunks.
 *
 * The tree's sizes and offsets are lv_layout.h's.
 * */
#ifndef NATIVE_LV_H
#define NATIVE_LV_H

#include <stdbool.h>
#include <stdint.h>

#include "btree.h"
#include "common.h"
#include "lv_layout.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LV_LID_CB 4u          /* LIDs this engine creates */

/* The chunk size of long values on pages of cb_page bytes (JET_paramLVChunkSizeMost):
 * the page less 82 bytes on 4 and 8 KiB pages, 4050 on 16 KiB, 8150 on 32 KiB. */
uint32_t lv_chunk_size(uint32_t cb_page);

/* A new long value of cb bytes with reference count 1; its LID is the last LID in the
 * tree plus one. lid_out gets LV_LID_CB bytes. compress: each chunk is stored compressed
 * (compress.h) when that makes it smaller, as ESE's ErrLVIGetDataToSet does for a
 * JET_bitColumnCompressed column; a reader knows a compressed chunk by its being smaller
 * than the step to the next chunk's offset.
 *   JET_errOutOfLongValueIDs  the 31-bit LID space is used up */
JET_ERR lv_create(const btree_tree *t, btree_cursor *rd, const uint8_t *pb, uint32_t cb, bool compress,
                  uint8_t *lid_out);
/* The value's root: reference count and size. JET_errLVCorrupted when there is none. */
JET_ERR lv_root(btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid, uint32_t *refcount, uint32_t *size);
/* One more record refers to the value (JET_prepInsertCopy). */
JET_ERR lv_add_ref(const btree_tree *t, btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid);
/* One record fewer refers to it; the value is deleted when none does. */
JET_ERR lv_release(const btree_tree *t, btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid);
/* Deletes the root and every chunk. */
JET_ERR lv_delete(const btree_tree *t, btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid);
/* Replaces the whole value (the reference count stays). */
JET_ERR lv_replace(const btree_tree *t, btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid, const uint8_t *pb,
                   uint32_t cb);
/* Writes pb[0..cb) at offset ib (ib <= size, else JET_errColumnNoChunk); the size becomes
 * ib + cb when resize, else grows only if the write goes past the end. */
JET_ERR lv_overwrite(const btree_tree *t, btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid, uint32_t ib,
                     const uint8_t *pb, uint32_t cb, bool resize);
/* Adds pb[0..cb) at the end. */
JET_ERR lv_append(const btree_tree *t, btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid, const uint8_t *pb,
                  uint32_t cb);
/* Cuts the value to cb_new bytes or extends it with zeros. */
JET_ERR lv_resize(const btree_tree *t, btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid, uint32_t cb_new);

#ifdef __cplusplus
}
#endif

#endif
