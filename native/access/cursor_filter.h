/* cursor_filter.h: JetSetCursorFilter's conditions on a table cursor (ESE's
 * CURSOR_FILTER_CONTEXT, rec.cxx: ErrRECSetCursorFilter, ErrRECIValidateOneMoveFilter,
 * ErrRECICheckCursorFilter) and the moves and seeks that skip the records failing them.
 * Conditions are on fixed-size and binary columns (not text, long values or columns with
 * a user-defined default) and hold for a record when all of them do; only the clustered
 * order is filtered. */
#ifndef NATIVE_CURSOR_FILTER_H
#define NATIVE_CURSOR_FILTER_H

#include "cursor_table.h"

/* JetSetCursorFilter: the cursor's conditions become rg (n of them; 0 removes them).
 * Checked first, nothing kept on any failure (the old conditions are gone too):
 *   JET_errInvalidGrbit             grbit other than 0
 *   JET_errFilteredMoveNotSupported a secondary index, a temporary table, or a text,
 *                                   long-value or user-defined-default column
 *   JET_errInvalidParameter         a condition's grbit, size, data or relop does not fit
 *                                   its column (ErrRECIValidateOneMoveFilter)
 *   JET_errColumnNotFound, JET_errOutOfMemory */
JET_ERR cursor_filter_set(db_table *t, const JET_INDEX_COLUMN *rg, uint32_t n, JET_GRBIT grbit);
/* Drops the cursor's conditions (its close). */
void cursor_filter_free(db_table *t);
/* JetMove with conditions: every step lands on a record that passes them (the moves
 * skip the others); crow 0 is JET_errFilteredMoveNotSupported. key_ne: JET_bitMoveKeyNE. */
JET_ERR cursor_filter_move(db_table *t, int32_t crow, bool key_ne);
/* After a JetSeek that found a record (err >= 0): one that fails the conditions is
 * skipped forward (GE, GT) or back (LE, LT) to one that passes, JET_wrnSeekNotEqual;
 * none: JET_errRecordNotFound; an EQ seek onto one that fails: JET_errRecordNotFound. */
JET_ERR cursor_filter_after_seek(db_table *t, JET_ERR err, bool forward, bool equal);

#endif
