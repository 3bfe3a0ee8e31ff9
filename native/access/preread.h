/* preread.h: JetPrereadKeys and JetPrereadIndexRanges on a table cursor (ESE's
 * ErrIsamPrereadKeys, ErrIsamIPrereadKeyRanges in rec.cxx, ErrBTPrereadKeyRanges,
 * ErrLVPrereadLongValues): the pages of the cursor's index that hold the keys or ranges,
 * and of the long values of chosen columns of the records in the ranges, are read into
 * the cache now, so that the reads that follow find them there. Pages read so count as
 * preread in JetGetThreadStats (a tree's root: read). Nothing else changes: the cursor
 * keeps its place. Here the reads are made at once rather than queued; ESE's limits on
 * how many pages one call reads are kept (docs/semantics.md). */
#ifndef NATIVE_PREREAD_H
#define NATIVE_PREREAD_H

#include "cursor_table.h"

/* ErrIsamPrereadKeys: n normalised keys of the cursor's index, in the order of grbit
 * (JET_bitPrereadForward or JET_bitPrereadBackward, nothing else: JET_errInvalidGrbit).
 *   JET_errInvalidParameter    n <= 0, NULL arrays or key, keys out of order
 *   JET_errInvalidBufferSize   a key of 0 bytes or longer than the index's key most
 * *done (may be NULL) gets how many were read. */
JET_ERR preread_keys(db_table *t, const void *const *keys, const uint32_t *cbs, int32_t n, int32_t *done,
                     JET_GRBIT grbit);

/* ErrIsamIPrereadKeyRanges: n ranges of normalised keys (start[i]..end[i]; end NULL: one
 * key each), forward or backward as grbit says (JET_bitPrereadFirstPage: of each long
 * value its first page only). columns: tagged long-value columns whose separated values
 * in the records of the ranges are read too (the clustered index only).
 *   JET_errInvalidGrbit            no direction or an unknown bit
 *   JET_errInvalidPreread          columns on a secondary index
 *   JET_errMustBeSeparateLongValue a column that is not a tagged long-value column
 *   JET_errInvalidParameter        a range whose ends are out of order, ranges out of
 *                                  order when *done is asked for, overlapping ranges
 * *done (may be NULL) gets how many ranges were read. */
JET_ERR preread_ranges(db_table *t, const uint8_t *const *start, const uint32_t *cb_start, const uint8_t *const *end,
                       const uint32_t *cb_end, uint32_t n, uint32_t *done, const JET_COLUMNID *columns,
                       uint32_t ncolumns, JET_GRBIT grbit);

#endif
