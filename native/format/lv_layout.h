/* lv_layout.h: the layout of a table's long-value tree, as ESE writes it: one root node
 * per value, keyed by its LID (big-endian; 4 bytes, or 8 with the top bit set), whose data
 * is {u32 reference count, u32 size}; then the value's chunks, keyed by the LID and the
 * chunk's offset in the value (big-endian u32). lv.c writes it, record.c reads it,
 * integrity.c checks it. */
#ifndef NATIVE_LV_LAYOUT_H
#define NATIVE_LV_LAYOUT_H

#define LV_ROOT_CB 8u
#define LV_ROOT_REFCOUNT_OFFSET 0u
#define LV_ROOT_SIZE_OFFSET 4u
#define LV_CHUNK_OFFSET_CB 4u               /* the offset after the LID in a chunk's key */

#endif
