/* cache.h: the buffer cache. Pages of the database files attached to it are read through
 * compat, verified (page_checksum_verify, with ECC single-bit correction as ESE does),
 * kept in a bounded set of frames and handed out pinned. A pinned page stays in memory
 * and unchanged until it is released; unpinned pages are evicted by CLOCK (second chance)
 * when a new page needs a frame. The bound is in pages (JET_paramCacheSizeMax, which
 * database.c caps); frames are allocated on first use, so a small database in a large
 * cache costs only what it reads. Thread-safe: one mutex guards the table and the
 * frames' state.
 *
 * Invariants (docs/format.md, "Buffer cache"):
 *  - a frame holds at most one (file, pgno); the hash table maps each cached (file, pgno)
 *    to exactly one frame;
 *  - a frame with pins > 0 is never evicted, moved or reused;
 *  - every page a caller sees has passed checksum verification (or been ECC-corrected);
 *  - a pinned frame's bytes change only through the one writable pin cache_write or
 *    cache_new_page handed out, and only while no other pin holds it;
 *  - frames in use never exceed the bound; when every frame is pinned, a miss fails with
 *    JET_errOutOfBuffers and nothing is evicted.
 *
 * Writing: a caller holding its file's write lock (database.h: one writer per file and no
 * reader inside the engine on that file meanwhile) turns a pinned page into a writable
 * one with cache_write, or gets a fresh zeroed page with cache_new_page. If another pin
 * holds the frame (a cursor parked on the page between API calls), the page is copied to
 * a new frame that takes its place in the table; the old frame keeps its bytes for its
 * pinners and is stale from then on (cache_page_stale): a cursor that finds its page
 * stale re-seeks by key. Written pages are dirty until cache_flush writes them (the
 * checksum is set as a page is written); eviction writes a dirty frame back before
 * reusing it. The page-update layer (btree_write.c, space.c) is the only caller of
 * cache_write/cache_new_page: versioning hooks in there (btree.h, btree_hooks), and a
 * log would too.
 * */
#ifndef NATIVE_CACHE_H
#define NATIVE_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CACHE_FILES_MAX 16u /* attached files per cache */
#define CACHE_PAGES_MIN 4u  /* smallest bound accepted */

typedef struct cache cache;
typedef struct cache_frame cache_frame;

/* A pinned page: data is valid (cb_page bytes) until cache_release. */
typedef struct cache_page {
    const uint8_t *data;
    uint32_t pgno;
    uint32_t ifile;
    cache_frame *frame; /* opaque to callers */
} cache_page;

/* Counters, for tests and the integrity check (pages the ECC corrected). */
typedef struct cache_stats {
    uint64_t hits, misses, evictions, corrected;
    uint64_t writes, copies;  /* pages written to files; copies made for cache_write */
    uint32_t frames_dirty;
    uint32_t frames_allocated, frames_pinned;
} cache_stats;

/* A cache of at most max_pages pages of cb_page bytes (max_pages >= CACHE_PAGES_MIN).
 *   JET_errInvalidParameter  bad page size or bound
 *   JET_errOutOfMemory */
JET_ERR cache_create(uint32_t cb_page, uint32_t max_pages, cache **out);
/* Frees every frame. Pages must all be released; the files are not closed. */
void cache_destroy(cache *c);
uint32_t cache_page_size(const cache *c);

/* Registers an open file (not owned: the caller closes it after cache_detach_file) and
 * returns its index. JET_errTooManyAttachedDatabases when all slots are used. */
JET_ERR cache_attach_file(cache *c, compat_file *file, uint32_t *ifile_out);
/* Drops the file's unpinned frames and frees its slot. JET_errInvalidParameter if a page
 * of it is still pinned (nothing is dropped then). */
JET_ERR cache_detach_file(cache *c, uint32_t ifile);

/* Pins logical page pgno (file offset (pgno + 1) * cb_page) of file ifile:
 *   JET_errReadVerifyFailure   the checksum does not match (and the ECC cannot fix it)
 *   JET_errReadPgnoVerifyFailure, JET_errPageNotInitialized  as page_checksum_verify says
 *   JET_errFileIOBeyondEOF     the page lies beyond the end of the file
 *   JET_errDiskIO              the read failed
 *   JET_errOutOfBuffers        every frame is pinned
 *   JET_errDatabaseCorrupted   pgno 0 or above PAGE_PGNO_MAX (page numbers are read from
 *                              the file: a bad one is corruption, not the caller's error)
 *   JET_errOutOfMemory, JET_errInvalidParameter (bad file index)
 * On failure nothing is pinned and out is cleared. */
JET_ERR cache_get(cache *c, uint32_t ifile, uint32_t pgno, cache_page *out);
/* Unpins; the page may then be evicted. Releasing a cleared page does nothing. */
void cache_release(cache *c, cache_page *page);

void cache_get_stats(cache *c, cache_stats *out);

/* Makes the pinned page writable for the caller (who holds the file's write lock) and
 * marks it dirty; page->data then points at the writable bytes (the same pointer as
 * *data). When another pin holds the frame, the page moves to a copy first (see above).
 *   JET_errOutOfBuffers, JET_errOutOfMemory  a copy was needed and no frame was free */
JET_ERR cache_write(cache *c, cache_page *page, uint8_t **data);
/* A page that is not read from the file (newly allocated, past its end or reused): a
 * zeroed, dirty, pinned, writable frame for pgno; a cached copy of pgno is replaced (and
 * is stale for its pinners). Same errors as cache_get for the frame, no read errors. */
JET_ERR cache_new_page(cache *c, uint32_t ifile, uint32_t pgno, cache_page *out, uint8_t **data);
/* A newer version of the page replaced this pinned frame (cache_write/cache_new_page
 * elsewhere): the bytes are still the old page's, readable until released. */
bool cache_page_stale(const cache_page *page);
/* Writes every dirty page of file ifile (setting its checksum: page_checksum_set) and
 * flushes the file. JET_errDiskIO (or JET_errDiskFull) when a write fails: the pages
 * that could not be written stay dirty. */
JET_ERR cache_flush(cache *c, uint32_t ifile);
/* Forgets the dirty pages of file ifile without writing them (a database being thrown
 * away, as after a failed JetCreateDatabase). */
void cache_discard(cache *c, uint32_t ifile);

/* ---- the write-ahead log (docs/log-format.md) ----
 * The pages of a logged file reach it only once the log durably holds their current
 * image: a change makes a page uncaptured; cache_capture hands the uncaptured pages'
 * images to the log (under the write locks of their database, so that they form a
 * consistent state) and stamps them with the capture's number; cache_capture_durable
 * says which captures the log has flushed. Eviction and cache_flush skip the pages the
 * rule holds back; when nothing else can be evicted the cache grows past its bound (up
 * to twice it) until the next capture. */
void cache_set_logged(cache *c, uint32_t ifile, bool logged);
/* A snapshot freeze (access/durability.h): while held, no dirty page of a logged file is
 * written, by eviction or cache_flush (they stay dirty; the cache grows as for pages
 * waiting for the log). */
void cache_hold_writes(cache *c, bool hold);
/* fn appends the image and reports the LSN of its record. base, when not NULL, is the
 * image this page's previous capture took, and every capture of the page since the file
 * last had it is in the log from its first, whole image on: fn may log only what changed
 * since base. A page's first capture after its file had it gets base NULL, so that redo
 * from any checkpoint finds a whole image before the changes that build on it. Bases
 * take at most an eighth of the cache's bound; beyond it the whole image is logged. */
typedef JET_ERR (*cache_capture_fn)(void *ctx, uint32_t pgno, const uint8_t *data, const uint8_t *base,
                                    uint32_t cb_page, uint64_t *lsn);
JET_ERR cache_capture(cache *c, uint32_t ifile, uint64_t capture, cache_capture_fn fn, void *ctx);
void cache_capture_durable(cache *c, uint64_t capture);
/* Whether uncaptured pages take more than half the bound (a capture would free them). */
bool cache_capture_wanted(cache *c);
/* The LSN of the oldest page image not yet written to its file (0: none): redo starts
 * there (ARIES' recLSN). */
uint64_t cache_oldest_unwritten(cache *c);

#ifdef __cplusplus
}
#endif

#endif
