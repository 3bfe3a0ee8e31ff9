/* integrity.h: an integrity check of a whole database file, as esentutl /g does for
 * ESE: page checksums, the structure of every B+-tree (order, sibling chains,
 * separators, objids, flags, depth), space accounting (owned and available extents of
 * every object, no page lost or shared), the catalog against its shadow and indexes,
 * every secondary index against the records, and long values against their references.
 * It only reads: the read layers (page, cache reads, btree cursors, catalog, record,
 * key) and never the writers, so it checks what they wrote independently.
 * What is checked and the codes: docs/integrity.md. */
#ifndef NATIVE_INTEGRITY_H
#define NATIVE_INTEGRITY_H

#include <stdbool.h>
#include <stdint.h>

#include "cache.h"
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define INTEGRITY_PROBLEMS_KEPT 16u   /* problems kept word for word */
#define INTEGRITY_PROBLEM_CB 160u     /* one problem's text, NUL included */

typedef struct integrity_report {
    /* what was looked at */
    uint32_t pages;                   /* pages 1..pgno_last read */
    uint32_t pages_blank;             /* never written (allowed where available or unowned) */
    uint32_t pages_in_trees;          /* pages of every tree, space trees included */
    uint32_t pages_available;
    uint32_t trees;                   /* B+-trees walked */
    uint32_t objects;                 /* objects with space (database root, tables, indexes, LV trees) */
    uint64_t records;                 /* table records */
    uint64_t index_entries;           /* secondary index entries compared with the records */
    uint32_t indexes_checked;
    uint32_t indexes_not_checked;     /* keys this engine cannot form (Windows' Unicode sort) */
    uint64_t long_values;             /* LV roots checked against their references */
    uint32_t catalog_rows;            /* MSysObjects rows compared with the shadow */
    /* what was wrong */
    uint32_t problems;                /* all of them */
    uint32_t problems_kept;           /* <= INTEGRITY_PROBLEMS_KEPT */
    JET_ERR first_error;              /* the code of the first problem */
    char problem[INTEGRITY_PROBLEMS_KEPT][INTEGRITY_PROBLEM_CB];
} integrity_report;

/* Checks the database whose pages 1..pgno_last are file ifile of cache c (attached by
 * the caller; nobody writes it meanwhile). out is filled in either way.
 *   JET_errSuccess                the database is consistent
 *   the first problem's code      JET_errReadVerifyFailure (checksum), JET_errBadPageLink,
 *                                 JET_errBadParentPageLink, JET_errSPOwnExtCorrupted,
 *                                 JET_errSPAvailExtCorrupted, JET_errCatalogCorrupted,
 *                                 JET_errSecondaryIndexCorrupted, JET_errLVCorrupted,
 *                                 JET_errDatabaseCorrupted (records, keys), page errors
 *   JET_errOutOfMemory, JET_errDiskIO  the check itself could not run */
JET_ERR integrity_check(cache *c, uint32_t ifile, uint32_t pgno_last, integrity_report *out);

/* The same for a database file by path (UTF-8), opened read-only with a cache of its
 * own: page size from the header, pgno_last from the file's size.
 *   JET_errFileNotFound and the other open errors, the header's read errors */
JET_ERR integrity_check_file(const char *path, integrity_report *out);

#ifdef __cplusplus
}
#endif

#endif
