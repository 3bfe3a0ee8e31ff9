/* space_info.h: the space levels of JetGetDatabaseInfo, JetGetTableInfo and
 * JetGetTableIndexInfo: the pages a tree owns and has available, read from its space
 * trees (space.h) in a copy of the database's space state (ESE's ErrSPGetInfo,
 * ErrINFOIGetCalculatedSpace). docs/semantics.md, "Space information". The caller is
 * inside the API with session s, which has attached slot idb open, and holds its lock. */
#ifndef NATIVE_SPACE_INFO_H
#define NATIVE_SPACE_INFO_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog.h"
#include "common.h"
#include "database.h"

/* Pages the tree rooted at pgno_fdp owns (its OwnExt: for a table, those of its indexes
 * and long-value tree too, which take their extents from it) and has available (its own
 * AvailExt only). */
JET_ERR space_info_tree(jet_session *s, uint32_t idb, uint32_t pgno_fdp, uint32_t *owned, uint32_t *avail);

/* ErrINFOIGetCalculatedSpace: table t's available pages with those of its secondary
 * indexes and long-value tree (avail), or its own owned pages without theirs. */
JET_ERR space_info_table(jet_session *s, uint32_t idb, const catalog_table *t, bool avail, uint32_t *out);

/* JET_TblInfoSpaceUsage into pv (cb bytes): table t's owned and its own available pages
 * (ESE notes this is not JET_TblInfoSpaceAvailable, which adds those of indexes and long
 * values); a buffer larger than the two counts also gets the extent lists, as ESE's
 * EXTENTINFO (the last page and the page count of each extent, each list ended by a
 * zero sentinel).
 *   JET_errInvalidParameter (no room for the counts), JET_errBufferTooSmall (no room for
 *   the sentinels) */
JET_ERR space_info_usage(jet_session *s, uint32_t idb, const catalog_table *t, void *pv, uint32_t cb);

#endif
