/* space_header.h: the layout of the space header (ESE's SPACE_HEADER), the external header
 * (tag 0) of every tree's root page: four little-endian u32s saying how many pages the
 * object took first, which object it takes more from, its flags, and either the bitmap of
 * the free pages of a single extent or the root of its OwnExt tree (the AvailExt root is
 * the page after it). space.c reads and writes it, integrity.c checks it, btree_write.c
 * keeps room for it on a root page. */
#ifndef NATIVE_SPACE_HEADER_H
#define NATIVE_SPACE_HEADER_H

#define SPACE_HEADER_CB 16u
#define SPACE_HEADER_CPG_PRIMARY_OFFSET 0u
#define SPACE_HEADER_PGNO_PARENT_OFFSET 4u
#define SPACE_HEADER_FLAGS_OFFSET 8u
#define SPACE_HEADER_BITS_OFFSET 12u        /* the bitmap, or pgnoOE of a multiple extent */

#define SPACE_HEADER_FLAG_MULTIPLE 0x01u    /* OwnExt/AvailExt trees instead of the bitmap */
#define SPACE_HEADER_FLAG_NON_UNIQUE 0x02u
#define SPACE_HEADER_FLAG_V2 0x04u          /* cpgPrimary holds the size of the last extent taken */

/* Pages after the root that a single extent's bitmap speaks for. */
#define SPACE_HEADER_BITMAP_PAGES 32u

#endif
