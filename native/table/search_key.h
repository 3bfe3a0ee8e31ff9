/* search_key.h: a cursor's search key (ESE's dataSearchKey and its key status): built one
 * column at a time by JetMakeKey (ErrIsamMakeKey: each value normalised as its index
 * segment orders it, fixed text padded as the record stores it, the limit options), then
 * used by JetSeek (ErrIsamSeek) and JetSetIndexRange, which reset it. docs/semantics.md,
 * "Keys and indexes (read-only)". */
#ifndef NATIVE_SEARCH_KEY_H
#define NATIVE_SEARCH_KEY_H

#include <stdbool.h>
#include <stdint.h>

#include "common.h"
#include "cursor.h"
#include "key.h"

/* No key made (KSReset). */
void search_key_reset(table_cursor *cur);

/* JetMakeKey: the next column's value pv (cb bytes) into the cursor's search key, or with
 * JET_bitNormalizedKey a whole normalised key.
 *   JET_errNoCurrentIndex, JET_errKeyIsMade, JET_errKeyNotMade, JET_errInvalidGrbit,
 *   JET_errInvalidBufferSize, JET_errInvalidParameter, the normalisation's errors */
JET_ERR search_key_make(table_cursor *cur, const uint8_t *pv, uint32_t cb, JET_GRBIT grbit);

/* JetSeek with the search key the cursor has made, by op; check_unique:
 * JET_bitCheckUniqueness after an equal seek (JET_wrnUniqueKey when no other entry has
 * the key); set_range: JET_bitSetIndexRange after an equal seek. The key is reset
 * whatever the outcome.
 *   JET_errRecordNotFound, JET_wrnSeekNotEqual, JET_wrnUniqueKey, cursor_seek's errors */
JET_ERR search_key_seek(table_cursor *cur, cursor_seek_op op, bool check_unique, bool set_range);

#endif
