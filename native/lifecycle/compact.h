/* compact.h: offline compaction, JetCompact (ESE's ErrIsamCompact, comp.cxx): an attached
 * database that no session has open is read table by table into a new database file,
 * which is then detached. The new file holds the same tables with the same columns
 * (names, types, sizes, flags, default values; ids given afresh in the source's order, as
 * ESE's ErrCMPCreateTableColumnIndex does, so a table that never lost a column keeps
 * them), the same indexes and every record with its values (long values, multi-values,
 * explicit nulls, autoincrement and version values as stored), packed into as few pages
 * as the records need. ESE's system tables are made afresh, not copied. The source stays
 * attached and unchanged. docs/semantics.md, "Offline compaction". */
#ifndef NATIVE_COMPACT_H
#define NATIVE_COMPACT_H

#include "common.h"
#include "session.h"

/* ErrIsamCompact for session s (sesid: its handle, handed to the callback) from the
 * database attached as src into a new file dest (UTF-8 paths). pfn (may be NULL) is
 * called with JET_snpCompact and a JET_SNPROG: JET_sntBegin first, JET_sntProgress as
 * tables are copied (cunitDone of cunitTotal pages), JET_sntComplete or JET_sntFail
 * last; an error it returns stops the compaction and is returned (after the
 * JET_sntFail call). No engine lock is held while it runs. grbit: JET_bitCompactStats
 * and JET_bitCompactRepair are accepted; ErrIsamCompact reads neither (the first only
 * names a statistics file that is not written here).
 *   JET_errInTransaction       the session is in a transaction
 *   JET_errDatabaseInvalidPath src or dest is empty
 *   JET_errDatabaseNotFound    src is not attached
 *   JET_errDatabaseInUse       a session has src open
 *   JET_errDatabaseDuplicate   dest exists or is attached
 *   JET_errFeatureNotAvailable the source has template or derived tables (not read here)
 *   and the errors of reading the source and writing the destination; a destination
 *   left half made by a failure is detached and stays on disk, as ESE leaves it. */
JET_ERR compact_database(jet_session *s, JET_SESID sesid, const char *src, const char *dest, JET_PFNSTATUS pfn,
                         JET_GRBIT grbit);

#endif
