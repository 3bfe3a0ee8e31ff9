/* record_position.h: a cursor's place in its current index as ESE estimates it from the
 * tree's shape (ErrDIRGetPosition / ErrBTGetPosition: JetGetRecordPosition), going to a
 * fraction of the index (ErrBTDown with posFrac: JetGotoPosition), and counting the entries
 * from the current one (ErrDIRIndexRecordCount: JetIndexRecordCount). docs/semantics.md,
 * "More data functions". */
#ifndef NATIVE_RECORD_POSITION_H
#define NATIVE_RECORD_POSITION_H

#include <stdbool.h>
#include <stdint.h>

#include "common.h"
#include "cursor.h"

/* ErrDIRGetPosition / ErrBTGetPosition: where the current entry of the cursor's index
 * stands: from the root down, at each level lt = lt * lines + line and total = total *
 * lines (lines: the nodes on the page, deleted ones included). After a failed seek
 * (CURSOR_ON_SEEK) it is where the key sought would stand, as ESE answers for
 * locOnSeekBM.
 *   JET_errNoCurrentRecord */
JET_ERR record_position_of(const table_cursor *cur, uint64_t *lt, uint64_t *total);

/* ErrIsamGotoPosition's descent: the cursor goes to the entry at lt / total of its index
 * (0 of 0: the start): at each level the line of the fraction; at the leaf a deleted
 * node gives way to the next live one, else the previous. On failure the cursor is
 * before the first entry.
 *   JET_errRecordNotFound  the index has no live entry */
JET_ERR record_position_goto(table_cursor *cur, uint64_t lt, uint64_t total);

/* ErrDIRIndexRecordCount: the entries of the cursor's index from its current one to the
 * end of the index range (or of the index), at most count_max (0: no limit). A cursor
 * just opened or given a new index (CURSOR_DEFER_FIRST) counts from the first entry (an
 * empty index counts 0). Afterwards the cursor is on the entry it counted from, without
 * an index range (ESE resets it).
 *   JET_errNoCurrentRecord  before the first or after the last entry, between entries
 *                           after a failed seek, or on a record deleted through the
 *                           cursor (on_deleted) */
JET_ERR record_position_count(table_cursor *cur, bool on_deleted, uint64_t *count, uint64_t count_max);

#endif
