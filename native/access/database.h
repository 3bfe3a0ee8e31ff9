/* database.h: the databases of an instance (ESE's FMP), for the data API:
 *  - attached databases: per instance, at most INSTANCE_DATABASES_MAX, each with its
 *    file, header, catalog and its slot in the instance's buffer cache (one cache per
 *    instance, pages of JET_paramDatabasePageSize, bounded by JET_paramCacheSizeMax),
 *    attached read-only or for writing;
 *  - the temporary database (ESE's dbidTemp): one more attached slot, DATABASE_TEMP_SLOT,
 *    that no path lookup, JetOpenDatabase or information call sees (temp_table.h);
 *  - opened databases: per session, an open count per attached database (JetOpenDatabase
 *    twice needs JetCloseDatabase twice); a JET_DBID is the attached slot + 1.
 * The table cursors on them are cursor_table.h's.
 *
 * Locking: inst->lock guards the database slots and the open counts; each database's
 * own rwlock (database_lock) is taken after inst->lock, never before it. A database
 * cannot go away while a session has it open. */
#ifndef NATIVE_DATABASE_H
#define NATIVE_DATABASE_H

#include "cache.h"
#include "catalog.h"
#include "common.h"
#include "db_lock.h"
#include "dbfile.h"
#include "dbheader.h"
#include "instance.h"
#include "key.h"
#include "session.h"

/* The attached slot of the instance's temporary database (after the user slots). */
#define DATABASE_TEMP_SLOT INSTANCE_DATABASES_MAX

/* JetAttachDatabase(2): utf8 path, grbit as given.
 *   JET_errFileNotFound, JET_errDatabaseFileReadOnly (a file that cannot be written,
 *   attached without JET_bitDbReadOnly), JET_wrnDatabaseAttached,
 *   JET_errTooManyAttachedDatabases, the header's codes (dbheader_check_attach), the
 *   catalog's. */
JET_ERR database_attach(jet_instance *inst, const char *path, JET_GRBIT grbit);
/* JetDetachDatabase(2): path NULL or "" detaches every database no session has open.
 *   JET_errDatabaseNotFound, JET_errDatabaseInUse */
JET_ERR database_detach(jet_instance *inst, const char *path);

/* JetCreateDatabase(2): a new database file at path (UTF-8) with the system objects,
 * attached for writing; *idb_out is its slot (open it with database_open_slot).
 *   JET_errDatabaseDuplicate  the file exists (without JET_bitDbOverwriteExisting) or is
 *                             attached already
 *   JET_errFileAccessDenied   another process holds it; the file and space errors */
JET_ERR database_create(jet_instance *inst, const char *path, JET_GRBIT grbit, uint32_t *idb_out);
/* JetGrowDatabase / JetResizeDatabase on database idb the session has open: the file
 * grows to hold at least cpg logical pages (space_grow) and is made that long on disk
 * now; *cpg_now gets its logical pages after the call (2 header pages not counted).
 *   JET_errPermissionDenied (read-only attach), JET_errOutOfDatabaseSpace, JET_errDiskFull,
 *   JET_errDiskIO */
JET_ERR database_grow(jet_session *s, uint32_t idb, uint32_t cpg, uint32_t *cpg_now);
/* JetSetDatabaseSize on a database file that is not attached: a clean-shut-down file
 * shorter than cpg logical pages (+ its 2 header pages) is lengthened to that; *cpg_now
 * gets its logical pages after the call. The new pages belong to no object (as ESE
 * leaves them); the file is otherwise unchanged.
 *   JET_errDatabaseInvalidPath, JET_errInvalidParameter (cpg below the smallest
 *   database), JET_errFileNotFound, JET_errDatabaseInconsistent (not cleanly shut down),
 *   JET_errDatabaseInUse (attached here), the file's errors */
JET_ERR database_set_size(jet_instance *inst, const char *path, uint32_t cpg, uint32_t *cpg_now);
/* JetResizeDatabase's shrinking (ESE's ErrSPTrimRootAvail): the disk space of the pages
 * the database's root has available (belonging to no table) goes back to the file
 * system, the file keeping its size (a sparse file; nothing happens where the file
 * system cannot). *cpg_on_disk: the pages the file then takes on disk, its 2 header
 * pages included. The database's dirty pages are written first. */
JET_ERR database_trim(jet_session *s, uint32_t idb, uint32_t *cpg_on_disk);
/* The full paths (UTF-8) of the databases attached to inst now, in slot order, not the
 * temporary one (JetGetInstanceInfo): a new array of *n copies, freed with
 * database_paths_free. JET_errOutOfMemory. */
JET_ERR database_paths(jet_instance *inst, char ***out, uint32_t *n);
void database_paths_free(char **paths, uint32_t n);
/* mkdir -p for the folders of path (up to its last separator; JET_paramCreatePathIfNotExist,
 * ErrUtilCreatePathIfNotExist): err_not_made when a folder cannot be made because a file
 * stands in its way or its name is wrong, else the file errors. */
JET_ERR database_make_folders(const char *path, JET_ERR err_not_made);
/* The temporary database: a new file at path (which must not exist) in the hidden slot
 * DATABASE_TEMP_SLOT. JET_errDatabaseDuplicate when the file exists (or the slot is in
 * use), the file and space errors. It is deleted by database_term. */
JET_ERR database_create_temp(jet_instance *inst, const char *path);
/* Makes the instance's database set (and cache) if there is none yet. */
JET_ERR database_set_ensure(jet_instance *inst);
/* Opens attached slot idb for the session, as JetOpenDatabase does. */
JET_ERR database_open_slot(jet_session *s, uint32_t idb, JET_DBID *out);

/* JetOpenDatabase: JET_errDatabaseNotFound when not attached; JET_wrnFileOpenReadOnly
 * when the attach was read-only and grbit lacks JET_bitDbReadOnly; JET_errDatabaseLocked
 * while another session has it open exclusively (database_open_exclusive). */
JET_ERR database_open(jet_session *s, const char *path, JET_GRBIT grbit, JET_DBID *out);
/* ErrDBOpenDatabase with JET_bitDbExclusive | JET_bitDbReadOnly, as JetCompact opens its
 * source: JET_errDatabaseNotFound when not attached, JET_errDatabaseInUse when any
 * session (this one too) has it open; until the session closes it, other sessions'
 * opens get JET_errDatabaseLocked. */
JET_ERR database_open_exclusive(jet_session *s, const char *path, JET_DBID *out);
/* JetCloseDatabase: JET_errInvalidDatabaseId unless the session has it open; *idb: its
 * slot, *last: the session has it open no more (cursor_table_close_database closes its
 * cursors on it). */
JET_ERR database_close(jet_session *s, JET_DBID dbid, uint32_t *idb, bool *last);
/* The attached slot of dbid if the session has it open, else JET_errInvalidDatabaseId. */
JET_ERR database_check_open(jet_session *s, JET_DBID dbid, uint32_t *idb);

/* JetEndSession: the session's open counts go (its cursors are closed first). */
void database_close_session(jet_session *s);
/* JetTerm: detaches every database, deletes the temporary one, frees the cache (every
 * cursor is gone first). */
void database_term(jet_instance *inst);

/* A call changing database idb (which the session has open) holds its lock exclusively
 * from database_write_begin to database_write_end; calls reading it through a cursor
 * hold it shared (api_enter_table). Readers parked between calls keep their pinned pages
 * (the cache copies a page a writer changes) and re-seek when they find them stale.
 *   JET_errPermissionDenied  the database was attached read-only */
typedef struct database_writer {
    dbfile *df;
    space_db *space;
    catalog *cat;
    key_collators *collators;
    cache *c;
    uint32_t ifile;
    db_lock *lock;
    jet_instance *inst;
} database_writer;
JET_ERR database_write_begin(jet_session *s, uint32_t idb, database_writer *out);
/* A copy of the space state of attached slot idb (the file's pages, for reading its
 * space trees: space_counts); the caller holds the database's lock. */
JET_ERR database_space_view(jet_session *s, uint32_t idb, space_db *out);
/* The same without taking the lock, for a table call that holds it already
 * (api_table_exclusive). */
JET_ERR database_writer_of(jet_session *s, uint32_t idb, database_writer *out);
void database_write_end(database_writer *w);
/* The lock of the attached database whose cache file is ifile, NULL when none is. */
db_lock *database_lock_of_file(jet_instance *inst, uint32_t ifile);
/* The lock of attached slot idb (valid while the session has it open). */
db_lock *database_lock(jet_instance *inst, uint32_t idb);

/* What the information functions (api_info.c) read about a database the session has
 * open; valid while the session keeps it open. JET_errInvalidDatabaseId otherwise. */
typedef struct database_desc {
    const char *path;          /* absolute, UTF-8 */
    compat_file *file;
    cache *c;
    uint32_t ifile;
    const catalog *cat;
    bool read_only;
    const catalog_view *viewer; /* the session's view of the catalog (catalog_find_index_for) */
    uint32_t serial;           /* the attachment's number: no other attachment of the
                                * instance, before or after, has it */
} database_desc;
JET_ERR database_describe(jet_session *s, JET_DBID dbid, database_desc *out);
/* The same for attached slot idb, which the session has open. */
void database_describe_slot(jet_session *s, uint32_t idb, database_desc *out);

#endif
