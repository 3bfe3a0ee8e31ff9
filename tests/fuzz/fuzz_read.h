/* fuzz_read.h: a database file read end to end through the public API, as a hostile
 * file's reader would: its header (JetGetDatabaseFileInfo), then attached in a fresh
 * instance, every table (the catalog's tables too), every index, every column of every
 * record (every value of a multi-valued column, every long value whole), enumerated,
 * keyed, bookmarked, positioned, sized; and detached. Any JET_err is an answer; the
 * caller watches for crashes, hangs, leaks and output. Bounded: a damaged tree cannot
 * make it walk forever (records per index, values per column and bytes per value are
 * capped). */
#ifndef TESTS_FUZZ_READ_H
#define TESTS_FUZZ_READ_H

#include <stdbool.h>
#include <stdint.h>

#include "esent.h"

/* How often a call answered an error code (for --verbose: which answers damage gets). */
#define FUZZ_ANSWERS_MAX 128
typedef struct fuzz_answer {
    const char *call;  /* the call's source text, up to its '(' */
    JET_ERR err;
    uint64_t count;
} fuzz_answer;

typedef struct fuzz_read_stats {
    uint64_t calls;    /* Jet* calls made */
    uint64_t errors;   /* of which returned an error */
    bool attached;     /* the attach succeeded */
    /* the first call that blamed the caller (JET_errInvalidParameter and the like) for
     * what the file holds: every argument the reader passes is valid, so such an answer
     * is a defect (damage is JET_errDatabaseCorrupted and its kin); NULL when none */
    const char *blamed_call;
    JET_ERR blamed_err;
    fuzz_answer *answers; /* NULL, or FUZZ_ANSWERS_MAX entries the caller keeps across seeds */
} fuzz_read_stats;

/* Reads path (a file of cb_page-byte pages, as its undamaged original says) with a new
 * instance whose temporary database goes in scratch_dir. writable: attached for writing
 * (its header is rewritten at detach) instead of read-only. cache_pages: the cache's
 * bound (JET_paramCacheSizeMax), small to make pages go and come back. */
void fuzz_read_file(const char *path, const char *scratch_dir, uint32_t cb_page, bool writable, uint32_t cache_pages,
                    fuzz_read_stats *st);

#endif
