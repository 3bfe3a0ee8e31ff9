/* esentutl.c: esentutl for Linux: the command line over eu.h (see --help, and
 * docs/esentutl.md). Exit status: 0 done, 1 the file has problems (/k, /g), 2 usage,
 * 3 an error stopped the command (the message names the file and the JET_err code). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "eu.h"

#define EXIT_PROBLEMS 1
#define EXIT_USAGE 2
#define EXIT_ERROR 3

static const char k_help[] =
    "NAME\n"
    "    esentutl - inspect, check and export ESE (JET Blue) database files on Linux\n"
    "\n"
    "SYNOPSIS\n"
    "    esentutl /mh FILE\n"
    "    esentutl /mm FILE [--read-dirty]\n"
    "    esentutl /ms FILE\n"
    "    esentutl /k FILE\n"
    "    esentutl /g FILE\n"
    "    esentutl /d FILE [/tTEMPFILE] [/bBACKUP] [/p]\n"
    "    esentutl /ml LOGFILE\n"
    "    esentutl /r BASE [/lLOGDIR] [/sSYSTEMDIR]\n"
    "    esentutl info FILE [--read-dirty]\n"
    "    esentutl export FILE [--table NAME] [--format csv|jsonl|tsv] [--output DIR] [--read-dirty]\n"
    "    esentutl --help\n"
    "\n"
    "DESCRIPTION\n"
    "    Reads .edb, .dat and .mdb files that Windows' ESENT or this engine wrote, with this\n"
    "    engine. Nothing is ever written to FILE (/d and /r excepted). Switches may start with / or -,\n"
    "    as on Windows.\n"
    "\n"
    "COMMANDS\n"
    "    /mh   Dump the database header: format, page size, state, the logs a dirty database\n"
    "          would need, signatures, last consistent/attach/detach times, backups, counters.\n"
    "    /mm   Dump the metadata: every row of the catalog (MSysObjects), every column it has.\n"
    "    /ms   Dump the space: pages owned and available for the database and every table,\n"
    "          index and long-value tree.\n"
    "    /k    Verify the checksum of every page (single-bit errors the ECC corrects are\n"
    "          listed as such). Exit status 1 when a page or the header does not verify.\n"
    "    /g    Check integrity: checksums, the structure of every B+-tree, space, the catalog\n"
    "          against its shadow, every index against the records, long values against\n"
    "          their references. Exit status 1 when it finds problems, which it lists.\n"
    "    /d    Defragment: compact FILE (clean, not in use) into TEMPFILE (default TEMPDFRG.EDB\n"
    "          beside it) with JetCompact, then put it in FILE's place; /bBACKUP keeps the\n"
    "          original under that name, /p keeps the original and leaves TEMPFILE. This\n"
    "          one writes FILE.\n"
    "    /ml   Dump a log file (edb.log, edbXXXXX.log: its header, then one line per record)\n"
    "          or a checkpoint file (edb.chk). Exit status 1 when a record's payload does not\n"
    "          read. The log's format is this engine's own (docs/log-format.md), not ESE's.\n"
    "    /r    Recover: replay the log set BASE (3 characters, as edb) from LOGDIR (default\n"
    "          the current folder), with the checkpoint in SYSTEMDIR (default LOGDIR), into\n"
    "          the databases it names, as JetInit does, and leave them clean. This one\n"
    "          writes: the databases, the checkpoint and the log.\n"
    "    info  List the tables with their columns (id, type, codepage, size, flags), indexes\n"
    "          (key columns, flags) and record counts.\n"
    "    export\n"
    "          Write every record of every table (or of --table NAME), every value: each\n"
    "          value of a multi-valued column, long values whole.\n"
    "\n"
    "OPTIONS\n"
    "    --table NAME      export one table (names compare without ASCII case).\n"
    "    --format FORMAT   csv (default): RFC 4180, a header line of the column names; a null\n"
    "                      is an empty field, an empty value \"\"; a multi-valued column is a\n"
    "                      JSON array. jsonl: one JSON object per record, column name to value.\n"
    "                      tsv: as libesedb's esedbexport prints a table.\n"
    "    --output DIR      one file per table, DIR/TABLE.csv (.jsonl, .tsv); DIR is made if it\n"
    "                      is missing. Without it everything goes to standard output: with more\n"
    "                      than one table, csv and tsv put a line \"# table NAME\" before each\n"
    "                      table and jsonl writes {\"table\": NAME, \"record\": {...}}.\n"
    "    --read-dirty      read a database that was not shut down cleanly (copied while in use,\n"
    "                      or left by a crash) without its logs, as its pages were last written.\n"
    "                      A report of what may be inconsistent (the header's state and the\n"
    "                      integrity check's findings) goes to standard error first. Without it\n"
    "                      such a file is refused with JET_errDatabaseDirtyShutdown, as ESENT\n"
    "                      refuses it without its logs.\n"
    "    -h, --help, /?    this text.\n"
    "\n"
    "VALUES (csv, jsonl)\n"
    "    Bit: true/false. Integers in decimal; Currency as its signed 64-bit count of\n"
    "    ten-thousandths. IEEESingle/IEEEDouble: the shortest decimal that reads back the same.\n"
    "    DateTime: ISO 8601 (YYYY-MM-DDThh:mm:ss[.ffffff]). Text: UTF-8 (codepage 1200 from\n"
    "    UTF-16, others as Windows-1252). GUID: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx. Binary and\n"
    "    long binary: lowercase hex.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 done; 1 the file has problems (/k, /g); 2 usage; 3 an error stopped the command.\n"
    "    Errors name the file and the ESE error: esentutl: FILE: JET_errName (code): text.\n"
    "\n"
    "SEE ALSO\n"
    "    docs/esentutl.md, docs/semantics.md (\"Reading a dirty database without its logs\"),\n"
    "    docs/integrity.md.\n";

static int usage_error(const char *why)
{
    fprintf(stderr, "esentutl: %s\nTry 'esentutl --help'.\n", why);
    return EXIT_USAGE;
}

static int report_error(const char *path, JET_ERR err, const char *hint)
{
    char name[128], text[256];
    eu_error_text(err, name, sizeof name, text, sizeof text);
    fprintf(stderr, "esentutl: %s: %s (%d): %s%s%s\n", path, name, (int)err, text, hint ? "; " : "", hint ? hint : "");
    return EXIT_ERROR;
}

typedef struct options {
    const char *command, *file, *table, *output;
    const char *log_dir, *system_dir; /* /r's /l and /s */
    const char *temp, *backup;        /* /d's /t and /b */
    bool preserve;                    /* /d's /p */
    eu_format format;
    const char *ext;
    bool read_dirty;
} options;

static bool is_switch(const char *a, const char *name)
{
    return (a[0] == '/' || a[0] == '-') && strcmp(a + 1, name) == 0;
}

static int parse(int argc, char **argv, options *o)
{
    int i;
    memset(o, 0, sizeof *o);
    o->format = EU_FORMAT_CSV;
    o->ext = "csv";
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--read-dirty") == 0 || is_switch(a, "readdirty")) {
            o->read_dirty = true;
        } else if (strcmp(a, "--table") == 0 || strcmp(a, "--format") == 0 || strcmp(a, "--output") == 0) {
            const char *v = i + 1 < argc ? argv[++i] : NULL;
            if (v == NULL) return usage_error("an option lacks its value");
            if (strcmp(a, "--table") == 0) {
                o->table = v;
            } else if (strcmp(a, "--output") == 0) {
                o->output = v;
            } else if (strcmp(v, "csv") == 0) {
                o->format = EU_FORMAT_CSV;
                o->ext = "csv";
            } else if (strcmp(v, "jsonl") == 0 || strcmp(v, "json") == 0) {
                o->format = EU_FORMAT_JSONL;
                o->ext = "jsonl";
            } else if (strcmp(v, "tsv") == 0) {
                o->format = EU_FORMAT_TSV;
                o->ext = "tsv";
            } else {
                return usage_error("--format is csv, jsonl or tsv");
            }
        } else if (o->file != NULL && strcmp(o->command, "r") == 0 && (a[0] == '/' || a[0] == '-') &&
                   (a[1] == 'l' || a[1] == 's') && a[2] != '\0') {
            if (a[1] == 'l') o->log_dir = a + 2;
            else o->system_dir = a + 2;
        } else if (o->file != NULL && strcmp(o->command, "d") == 0 && (a[0] == '/' || a[0] == '-') &&
                   (a[1] == 't' || a[1] == 'b') && a[2] != '\0') {
            if (a[1] == 't') o->temp = a + 2;
            else o->backup = a + 2;
        } else if (o->file != NULL && strcmp(o->command, "d") == 0 && is_switch(a, "p")) {
            o->preserve = true;
        } else if (o->command == NULL && (is_switch(a, "mh") || is_switch(a, "mm") || is_switch(a, "ms") ||
                                          is_switch(a, "k") || is_switch(a, "g") || is_switch(a, "ml") ||
                                          is_switch(a, "d") || is_switch(a, "r") || strcmp(a, "info") == 0 ||
                                          strcmp(a, "export") == 0)) {
            o->command = a[0] == '/' || a[0] == '-' ? a + 1 : a;
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error("unknown option");
        } else if (o->file == NULL && o->command != NULL) {
            o->file = a;
        } else {
            return usage_error(o->command == NULL ? "unknown command" : "one file at a time");
        }
    }
    if (o->command == NULL) return usage_error("no command");
    if (o->file == NULL) return usage_error(strcmp(o->command, "r") == 0 ? "no log base name" : "no database file");
    if ((o->table != NULL || o->output != NULL || o->format != EU_FORMAT_CSV) && strcmp(o->command, "export") != 0)
        return usage_error("--table, --format and --output go with export");
    return 0;
}

/* A file name for a table: characters that cannot be in one become '_'. */
static void table_file(const char *dir, const char *table, const char *ext, char *out, size_t cap)
{
    size_t n;
    char *p;
    snprintf(out, cap, "%s%c", dir, compat_path_separator());
    n = strlen(out);
    snprintf(out + n, cap - n, "%s.%s", table, ext);
    for (p = out + n; *p != '\0'; p++)
        if (*p == '/' || *p == '\\' || *p == ':' || *p == '*' || *p == '?' || *p == '"' || *p == '<' || *p == '>' ||
            *p == '|' || (unsigned char)*p < 0x20)
            *p = '_';
}

static int run_export(eu_db *db, const options *o)
{
    eu_sink out = eu_sink_file(stdout);
    uint32_t i, first = 0, last = db->ctables;
    int status = 0;
    bool many;

    if (o->table != NULL) {
        const eu_table *t = eu_db_table(db, o->table);
        if (t == NULL) {
            fprintf(stderr, "esentutl: %s: no table named \"%s\"\n", o->file, o->table);
            return report_error(o->file, JET_errObjectNotFound, NULL);
        }
        first = (uint32_t)(t - db->tables);
        last = first + 1u;
    }
    if (o->output != NULL) {
        bool is_dir = false;
        if (compat_path_exists(o->output, &is_dir) != COMPAT_OK && compat_dir_create(o->output) != COMPAT_OK) {
            fprintf(stderr, "esentutl: %s: cannot make the directory\n", o->output);
            return EXIT_ERROR;
        }
    }
    many = last - first > 1u && o->output == NULL;
    for (i = first; i < last; i++) {
        const eu_table *t = &db->tables[i];
        uint64_t records = 0;
        FILE *f = NULL;
        JET_ERR err;
        if (o->output != NULL) {
            char path[4096];
            table_file(o->output, t->name, o->ext, path, sizeof path);
            f = fopen(path, "wb");
            if (f == NULL) {
                fprintf(stderr, "esentutl: %s: cannot write it\n", path);
                status = EXIT_ERROR;
                continue;
            }
            out = eu_sink_file(f);
        } else if (many && o->format != EU_FORMAT_JSONL) {
            eu_printf(&out, "%s# table %s\n", i != first ? "\n" : "", t->name);
        }
        err = eu_export_table(db, t, o->format, many && o->format == EU_FORMAT_JSONL, &out, &records);
        if (f != NULL && fclose(f) != 0 && err >= 0) err = JET_errDiskIO;
        if (err < 0) {
            char where[2 * JET_cbNameMost + 4200];
            snprintf(where, sizeof where, "%s, table %s", o->file, t->name);
            status = report_error(where, err, records != 0 ? "the records before it were written" : NULL);
        } else if (o->output != NULL) {
            fprintf(stderr, "%s: %llu records\n", t->name, (unsigned long long)records);
        }
    }
    if (fflush(stdout) != 0) status = report_error("standard output", JET_errDiskIO, NULL);
    return status;
}

int main(int argc, char **argv)
{
    options o;
    eu_sink out = eu_sink_file(stdout);
    JET_ERR err = JET_errSuccess;
    int i, status;

    for (i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "/?") == 0) {
            fputs(k_help, stdout);
            return 0;
        }
    status = parse(argc, argv, &o);
    if (status != 0) return status;

    if (strcmp(o.command, "mh") == 0) {
        err = eu_header(o.file, &out);
    } else if (strcmp(o.command, "k") == 0) {
        uint32_t bad = 0;
        err = eu_checksums(o.file, &out, &bad);
        if (err == JET_errReadVerifyFailure) status = EXIT_PROBLEMS;
    } else if (strcmp(o.command, "ms") == 0) {
        err = eu_space(o.file, &out);
    } else if (strcmp(o.command, "ml") == 0) {
        uint32_t bad = 0;
        err = eu_log_dump(o.file, &out, &bad);
        if (bad != 0) status = EXIT_PROBLEMS;
    } else if (strcmp(o.command, "d") == 0) {
        err = eu_defragment(o.file, o.temp, o.backup, o.preserve, &out);
    } else if (strcmp(o.command, "r") == 0) {
        err = eu_recover(o.file, o.log_dir, o.system_dir, &out);
    } else if (strcmp(o.command, "g") == 0) {
        uint32_t problems = 0;
        err = eu_integrity(o.file, &out, &problems);
        if (problems != 0) status = EXIT_PROBLEMS;
    } else {
        eu_db db;
        eu_sink report = eu_sink_file(stderr);
        err = eu_db_open(&db, o.file, o.read_dirty);
        if (err >= 0 && db.dirty) {
            fflush(stdout);
            (void)eu_dirty_report(o.file, &report); /* what it found is printed; reading goes on */
        }
        if (err >= 0) {
            if (strcmp(o.command, "info") == 0) err = eu_info(&db, &out);
            else if (strcmp(o.command, "mm") == 0) err = eu_metadata(&db, &out);
            else status = run_export(&db, &o);
        }
        eu_db_close(&db);
        if (err == JET_errDatabaseDirtyShutdown && !o.read_dirty)
            return report_error(o.file, err, "--read-dirty reads it as last written, without recovery");
    }
    if (fflush(stdout) != 0 && err >= 0) err = JET_errDiskIO;
    if (err < 0 && !(status == EXIT_PROBLEMS && (err == JET_errReadVerifyFailure || strcmp(o.command, "g") == 0)))
        return report_error(o.file, err, NULL);
    return status;
}
