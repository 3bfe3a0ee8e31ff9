/* space.h: who owns which pages of a database file, as ESE records it (its "space"):
 * every object (the database root, a table, an index, a long-value tree) has a root page
 * (its FDP) whose external header (SPACE_HEADER) says which parent it takes pages from
 * and where its space lives: either a single extent of cpgPrimary pages beside the FDP
 * with a 32-bit bitmap of the available ones, or two space trees (OwnExt: the extents it
 * owns; AvailExt: those not in use) rooted on the pages after the FDP, each one page or,
 * when its list outgrows that, a B+-tree under the same root whose other pages the object
 * owns (not available) and takes from its own AvailExt. Pages an object needs
 * come from its AvailExt, which is refilled with a new extent from the parent's; the
 * database root (pgno 1) takes new extents by growing the file.
 *
 * Also the database-wide write state every page change needs: the dbtime counter (each
 * changed page is stamped with a new dbtime; the header's dbtimeDirtied is the last one)
 * and the file's page count.
 *
 * Callers hold the database's write lock. Layout and invariants: docs/format.md, "Space". */
#ifndef NATIVE_SPACE_H
#define NATIVE_SPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "cache.h"
#include "common.h"
#include "page.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SPACE_PGNO_ROOT 1u      /* the database root, objid 1 */
#define SPACE_OBJID_ROOT 1u

/* The write state of one database file. */
typedef struct space_db {
    cache *c;
    uint32_t ifile;
    uint32_t cb_page;
    uint64_t dbtime;          /* the last dbtime stamped on a page */
    uint32_t pgno_last;       /* the file holds logical pages 1..pgno_last */
} space_db;

/* A new, empty database file of cpg_initial logical pages (at least 16): the root
 * (pgno 1) with its OwnExt (2) and AvailExt (3) trees owning pages 1..cpg_initial,
 * pages 1-3 in use and 4..cpg_initial available. db->c, ifile and cb_page are set by
 * the caller; dbtime and pgno_last are set here. */
JET_ERR space_create_database(space_db *db, uint32_t cpg_initial);

/* JetGrowDatabase / JetResizeDatabase: the file grows (the root owning the new pages,
 * available) until it holds at least cpg_total logical pages; growing is done in the
 * steps the root always grows by, so it may grow further. Nothing when it is that large.
 *   JET_errOutOfDatabaseSpace, the root's space errors */
JET_ERR space_grow(space_db *db, uint32_t cpg_total);

/* A new object: takes cpg_primary pages (at least 1; 3 or more gives it space trees, as
 * ESE does for tables and indexes created with more than one page) from the parent
 * object whose FDP is pgno_parent_fdp, at pgno_fdp_wanted if that page starts a free run
 * of cpg_primary pages (0: anywhere), and formats its root as an empty leaf stamped with
 * objid and root_flags (PAGE_FLAG_ROOT | PAGE_FLAG_LEAF are added; the caller adds
 * PAGE_FLAG_INDEX, PAGE_FLAG_LONG_VALUE, PAGE_FLAG_NON_UNIQUE_KEYS...).
 *   JET_errOutOfDatabaseSpace  the file cannot grow (JET_paramDbExtensionSize limits later)
 *   JET_errSPAvailExtCorrupted, JET_errSPOwnExtCorrupted, page/cache errors */
JET_ERR space_create_object(space_db *db, uint32_t pgno_parent_fdp, uint32_t objid, uint32_t cpg_primary,
                            uint32_t root_flags, uint32_t pgno_fdp_wanted, uint32_t *pgno_fdp_out);

/* One page for the object rooted at pgno_fdp (the tree's split needs it), taken from its
 * available space, refilled from its parent when empty. The page is not formatted. */
JET_ERR space_alloc_page(space_db *db, uint32_t pgno_fdp, uint32_t *pgno_out);
/* Gives a page the object no longer uses back to its available space. */
JET_ERR space_free_page(space_db *db, uint32_t pgno_fdp, uint32_t pgno);
/* Gives every extent the object owns back to its parent (JetDeleteTable, JetDeleteIndex);
 * the object's pages are no longer read after this. */
JET_ERR space_free_object(space_db *db, uint32_t pgno_fdp);

/* The extents the object owns and those of them available, in page order (as its
 * space trees list them; a single extent's free pages as runs): JetGetTableInfo's
 * JET_TblInfoSpaceUsage. Free with space_extents_free. */
typedef struct space_extent {
    uint32_t first, cpg;
} space_extent;
typedef struct space_extent_list {
    space_extent *owned, *available;
    uint32_t n_owned, n_available;
} space_extent_list;
JET_ERR space_extents(space_db *db, uint32_t pgno_fdp, space_extent_list *out);
void space_extents_free(space_extent_list *l);
/* Their page counts (JET_TblInfoSpaceOwned/Available..., the integrity check). */
JET_ERR space_counts(space_db *db, uint32_t pgno_fdp, uint32_t *cpg_owned, uint32_t *cpg_available);

/* The next dbtime to stamp on a page being changed. */
static inline uint64_t space_next_dbtime(space_db *db)
{
    return ++db->dbtime;
}

#ifdef __cplusplus
}
#endif

#endif
