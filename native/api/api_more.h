/* api_more.h: what api_more.c offers the other entry-point files: ESE's counting and
 * position estimates on a table cursor (ErrDIRIndexRecordCount, ErrDIRGetPosition), for
 * JetIndexRecordCount and JetGetRecordPosition wherever they are defined.
 * May call: common.h, database.h. */
#ifndef NATIVE_API_MORE_H
#define NATIVE_API_MORE_H

#include <stdint.h>

#include "common.h"
#include "cursor_table.h"

/* ErrDIRIndexRecordCount: the entries of t's current index from its current one to the
 * end of the index range (or of the index), at most count_max (0: no limit). A cursor
 * just opened or given a new index (CURSOR_DEFER_FIRST) counts from the first entry (an
 * empty index counts 0). Afterwards the cursor is on the entry it counted from, without
 * an index range (ESE resets it).
 *   JET_errNoCurrentRecord  before the first or after the last entry, between entries
 *                           after a failed seek, or on a deleted record */
JET_ERR more_index_record_count(db_table *t, uint64_t *count, uint64_t count_max);

/* ErrDIRGetPosition / ErrBTGetPosition: where the current entry of t's current index
 * stands, estimated as ESE does from the tree's shape: from the root down, at each level
 * lt = lt * lines + line and total = total * lines (lines: the nodes on the page,
 * deleted ones included). After a failed seek (CURSOR_ON_SEEK) it is where the key
 * sought would stand, as ESE answers for locOnSeekBM.
 *   JET_errNoCurrentRecord */
JET_ERR more_record_position(db_table *t, uint64_t *lt, uint64_t *total);

#endif
