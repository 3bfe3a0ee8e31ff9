/* dbfile.h: a database file being written: its header kept in memory and written to
 * both header pages (primary and shadow), and its write state (space.h's space_db: the
 * dbtime counter and the page count). A new file is made here; an existing one is marked
 * DirtyShutdown while attached for writing and CleanShutdown again when its pages have
 * all been flushed (detach, term). Without a log, a database that was not detached
 * cleanly stays DirtyShutdown, which attach refuses (JET_errDatabaseDirtyShutdown), as
 * ESE does for a database whose logs are gone. */
#ifndef NATIVE_DBFILE_H
#define NATIVE_DBFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "cache.h"
#include "common.h"
#include "dbheader.h"
#include "space.h"

/* What the engine writes as the format revision (ulDaeUpdateMajor): Windows 8 to 10. */
#define DBFILE_UPDATE_MAJOR 0x14u
/* Pages of a new database: Windows makes 256 on 4 KiB pages (1 MiB) and grows it. */
#define DBFILE_CPG_INITIAL 256u

typedef struct dbfile {
    compat_file *file;         /* not owned */
    uint32_t cb_page;
    db_header hdr;
    space_db space;
} dbfile;

/* A fresh header for a new database with pages of cb_page bytes (JustCreated). */
void dbfile_new_header(db_header *hdr, uint32_t cb_page);

/* Writes the header to both header pages (primary, then shadow) and flushes the file.
 *   JET_errDiskIO, JET_errDiskFull, JET_errOutOfMemory */
JET_ERR dbfile_write_header(dbfile *df);

/* Writes the pages the cache may write now (cache_flush) into a file first grown, when
 * shorter, to hold logical pages 1..pgno_last: the page count the log last recorded
 * (LOG_DB_SIZE). A checkpoint written afterwards tells recovery to skip that record, so
 * the file must keep the size itself: the pages the space trees own, free ones included,
 * stay inside it. Never shrinks the file. JET_errDiskIO, JET_errDiskFull. */
JET_ERR dbfile_write_pages(dbfile *df, uint32_t pgno_last);

/* Writes every dirty page of the database, sets the file's size to its pages, then the
 * header with the current dbtime and state (CleanShutdown when clean, else
 * DirtyShutdown), and flushes. */
JET_ERR dbfile_flush(dbfile *df, bool clean);

#endif
