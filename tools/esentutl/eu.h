/* eu.h: esentutl for Linux, as a library the command (esentutl.c) and its tests share.
 * Each command writes its report to a sink (a FILE, or a buffer in the tests) and returns
 * the first JET_ERR that stopped it.
 *
 * Reading tables (info, export, /mm) goes through the public API (esent.h): an instance of
 * its own with the file's page size, no log, no temporary database, the file attached
 * read-only (with our JET_bitDbPortableReadDirty when asked). The page-level commands
 * (/mh header, /k checksums, /ms space, /g integrity) read the file below the API with
 * the engine's own modules (dbheader.h, page_checksum.h, space.h, integrity.h), which
 * the public API does not offer (this library exports no JetDBUtilities, ESE's
 * internal utility entry), as tools/esecheck does. */
#ifndef ESENTUTL_EU_H
#define ESENTUTL_EU_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "esent.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- output ---- */

typedef struct eu_sink {
    bool (*write)(void *ctx, const void *pb, size_t cb); /* false: the output failed */
    void *ctx;
    bool failed;              /* a write failed: the command ends with JET_errDiskIO */
} eu_sink;

void eu_write(eu_sink *s, const void *pb, size_t cb);
void eu_puts(eu_sink *s, const char *text);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void eu_printf(eu_sink *s, const char *fmt, ...);
/* A sink writing to a C stream (stdout, a file). */
eu_sink eu_sink_file(void *file);

/* Progress of a long command on standard error, shown only when it is a terminal. */
typedef struct eu_progress {
    bool on;
    const char *what;
    uint64_t total, last_shown_ns;
} eu_progress;
void eu_progress_begin(eu_progress *p, const char *what, uint64_t total);
void eu_progress_step(eu_progress *p, uint64_t done);
void eu_progress_end(eu_progress *p);

/* The engine's name and text of a code ("JET_errFileNotFound", "File not found"). */
void eu_error_text(JET_ERR err, char *name, size_t cb_name, char *text, size_t cb_text);

/* ---- a database read through the public API ---- */

typedef struct eu_column {
    char name[JET_cbNameMost + 1];
    JET_COLUMNID columnid;
    uint32_t coltyp, cp, cb_max;
    JET_GRBIT grbit;
} eu_column;

typedef struct eu_index {
    char name[JET_cbNameMost + 1];
    uint32_t objid;
    uint32_t flags;           /* the catalog's Flags: fidb* low, fIDX* high */
    uint32_t csegments;
    struct {
        uint32_t columnid;
        bool descending;
    } segments[16];
} eu_index;

typedef struct eu_table {
    char name[JET_cbNameMost + 1];
    uint32_t objid, pgno_fdp, flags;
    char template_name[JET_cbNameMost + 1];
    eu_column *columns;       /* in columnid order */
    uint32_t ccolumns;
    eu_index *indexes;
    uint32_t cindexes;
    uint32_t pgno_lv;         /* 0: no long-value tree */
} eu_table;

typedef struct eu_db {
    char *path;
    JET_INSTANCE inst;
    JET_SESID ses;
    JET_DBID dbid;
    bool attached, opened, inited;
    bool dirty;               /* attached with JET_bitDbPortableReadDirty and found dirty */
    eu_table *tables;         /* in objid order, the catalog's own tables included */
    uint32_t ctables;
} eu_db;

/* Opens path read-only. read_dirty: attach a database that was not shut down cleanly
 * anyway (JET_bitDbPortableReadDirty); db->dirty says whether it was. The catalog is read
 * from MSysObjects into db->tables.
 *   JET_errDatabaseDirtyShutdown  dirty and !read_dirty; the attach's and the API's errors */
JET_ERR eu_db_open(eu_db *db, const char *path, bool read_dirty);
void eu_db_close(eu_db *db);
const eu_table *eu_db_table(const eu_db *db, const char *name);

/* ---- commands ---- */

/* EU_FORMAT_PAIRS (/mm): one line per record, "column=value" for each column that is
 * not null, values as in JSON. */
typedef enum eu_format { EU_FORMAT_CSV, EU_FORMAT_JSONL, EU_FORMAT_TSV, EU_FORMAT_PAIRS } eu_format;

/* Every record of table t, in its clustered order: CSV (RFC 4180, a header line of column
 * names), JSON Lines (one object per record; with_table: {"table":..,"record":{..}}) or
 * TSV as libesedb's esedbexport prints it. *records gets the count. */
JET_ERR eu_export_table(eu_db *db, const eu_table *t, eu_format format, bool with_table, eu_sink *out,
                        uint64_t *records);

/* info: the tables, their columns, indexes and record counts. */
JET_ERR eu_info(eu_db *db, eu_sink *out);
/* /mm: every row of the catalog (MSysObjects) with every column it has. */
JET_ERR eu_metadata(eu_db *db, eu_sink *out);

/* /mh: the database header, from the file (any state). */
JET_ERR eu_header(const char *path, eu_sink *out);
/* /k: every page's checksum. *bad: pages that fail (JET_errReadVerifyFailure is returned
 * when there are any). */
JET_ERR eu_checksums(const char *path, eu_sink *out, uint32_t *bad);
/* /ms: the space of every tree: owned and available pages. */
JET_ERR eu_space(const char *path, eu_sink *out);
/* /g: the engine's integrity check (native/record/integrity.h); the first problem's
 * code when there are problems. */
JET_ERR eu_integrity(const char *path, eu_sink *out, uint32_t *problems);
/* /ml: a log file, record by record, or a checkpoint file. *bad: records whose payload
 * does not read.
 *   JET_errLogFileCorrupt, JET_errCheckpointCorrupt  not one of ours; file errors */
JET_ERR eu_log_dump(const char *path, eu_sink *out, uint32_t *bad);
/* /r: recovers the log set base (3 characters) of log_dir (NULL: ".") with its checkpoint
 * in system_dir (NULL: log_dir), through the public API (JetInit with JET_paramRecovery
 * on, then JetTerm), and names the databases the checkpoint named.
 *   JET_errInvalidParameter  base is not 3 characters; JetInit's and JetTerm's errors */
JET_ERR eu_recover(const char *base, const char *log_dir, const char *system_dir, eu_sink *out);
/* /d: path compacted (JetCompact) into temp (NULL: TEMPDFRG.EDB beside it), which then
 * replaces it unless preserve; the original is renamed backup first (unless NULL).
 *   JET_errDatabaseDuplicate  temp exists; eu_db_open's, JetCompact's and file errors */
JET_ERR eu_defragment(const char *path, const char *temp, const char *backup, bool preserve, eu_sink *out);
/* What a dirty database read anyway may hold that is inconsistent: its header's state
 * and the logs it would have needed, then the integrity check's problems. */
JET_ERR eu_dirty_report(const char *path, eu_sink *out);

#ifdef __cplusplus
}
#endif

#endif
