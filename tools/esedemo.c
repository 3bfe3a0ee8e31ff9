/* esedemo.c: the project's demo. For each database file named on the command line it
 * prints what the engine reads from the file's header (format, page size, state, creation
 * time, signatures, log positions, whether the file is consistent), then attaches it
 * read-only in an instance of its own, lists the user tables from MSysObjects (rows of
 * Type 1) and prints each table's record count and the first record's columns, briefly.
 * With --create PATH it first makes a small database at PATH through the API (a table,
 * an index, three records committed in a transaction, a clean detach), which it then
 * reads as any other file: the demo needs nothing but the engine.
 * Last it runs the engine's life cycle once: JetCreateInstance, JetInit, JetBeginSession,
 * JetEndSession, JetTerm. Exit code 0 only when every file was read and no call failed
 * (a call the engine does not have yet, JET_errFeatureNotAvailable, is reported as such).
 * May call: the public API (esent.h) and the C library only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esent.h"

/* The engine's own name for an error (JET_paramErrorToString): "JET_errName, text". */
static void print_err(const char *what, JET_ERR err)
{
    char text[256];
    JET_API_PTR code = (JET_API_PTR)(intptr_t)err;
    if (JetGetSystemParameterA(0, 0, JET_paramErrorToString, &code, text, sizeof text) < 0) text[0] = '\0';
    char *comma = strchr(text, ',');
    if (comma != NULL) *comma = '\0';
    printf("  %-18s %s%s(%d)\n", what, text, text[0] ? " " : "", (int)err);
}

static const char *state_name(uint32_t dbstate)
{
    switch (dbstate) {
    case JET_dbstateJustCreated: return "just created";
    case JET_dbstateDirtyShutdown: return "dirty shutdown";
    case JET_dbstateCleanShutdown: return "clean shutdown";
    case JET_dbstateBeingConverted: return "being converted";
    case JET_dbstateForceDetach: return "force detach";
    default: return "unknown";
    }
}

/* "2022-08-19 11:46:32.636 UTC", or "never" for a time that was never set. */
static const char *format_time(const JET_LOGTIME *t, char *buf, size_t cb)
{
    const unsigned char *b = (const unsigned char *)t;
    const unsigned ms = (unsigned)(b[6] >> 1) | (unsigned)((b[7] >> 1) & 7u) << 7;
    int set = 0;
    for (int i = 0; i < 8; i++) set |= b[i];
    if (!set) {
        snprintf(buf, cb, "never");
        return buf;
    }
    snprintf(buf, cb, "%04u-%02u-%02u %02u:%02u:%02u.%03u %s", 1900u + b[5], (unsigned)b[4], (unsigned)b[3],
             (unsigned)b[2], (unsigned)b[1], (unsigned)b[0], ms, (b[6] & 1) ? "UTC" : "local time");
    return buf;
}

static void print_position(const char *what, const JET_LGPOS *pos, const JET_LOGTIME *when)
{
    char t[48];
    printf("  %-18s log generation %d, sector %u, byte %u (%s)\n", what, (int)pos->lGeneration,
           (unsigned)pos->isec, (unsigned)pos->ib, format_time(when, t, sizeof t));
}

static int show_tables(const char *path, uint32_t cb_page);

static int show_file(const char *path)
{
    JET_DBINFOMISC4 misc;
    uint32_t cb_page = 0;
    int32_t file_type = 0;
    uint64_t cb_file = 0;
    char t[48];
    JET_ERR err;

    printf("%s\n", path);
    memset(&misc, 0, sizeof misc);
    err = JetGetDatabaseFileInfoA(path, &misc, sizeof misc, JET_DbInfoMisc);
    if (err < 0) {
        print_err("cannot read it:", err);
        return 0;
    }
    err = JetGetDatabaseFileInfoA(path, &cb_page, sizeof cb_page, JET_DbInfoPageSize);
    if (err >= 0) err = JetGetDatabaseFileInfoA(path, &file_type, sizeof file_type, JET_DbInfoFileType);
    if (err >= 0) err = JetGetDatabaseFileInfoA(path, &cb_file, sizeof cb_file, JET_DbInfoFilesize);
    if (err < 0) {
        print_err("cannot read it:", err);
        return 0;
    }

    printf("  %-18s %s\n", "File type:", file_type == JET_filetypeDatabase ? "database" : "not a database");
    printf("  %-18s 0x%x,%u\n", "Format:", (unsigned)misc.ulVersion, (unsigned)misc.ulUpdate);
    printf("  %-18s %u bytes\n", "Page size:", (unsigned)cb_page);
    printf("  %-18s %llu bytes, %llu pages\n", "File size:", (unsigned long long)cb_file,
           (unsigned long long)(cb_page ? cb_file / cb_page : 0));
    printf("  %-18s %s (%u)\n", "State:", state_name(misc.dbstate), (unsigned)misc.dbstate);
    printf("  %-18s %s\n", "Consistent:", misc.dbstate == JET_dbstateCleanShutdown ? "yes" : "no, needs recovery");
    printf("  %-18s %s\n", "Created:", format_time(&misc.signDb.logtimeCreate, t, sizeof t));
    printf("  %-18s 0x%08x\n", "Signature:", (unsigned)misc.signDb.ulRandom);
    print_position("Consistent at:", &misc.lgposConsistent, &misc.logtimeConsistent);
    print_position("Last attach:", &misc.lgposAttach, &misc.logtimeAttach);
    print_position("Last detach:", &misc.lgposDetach, &misc.logtimeDetach);
    printf("  %-18s 0x%08x, created %s\n", "Log signature:", (unsigned)misc.signLog.ulRandom,
           format_time(&misc.signLog.logtimeCreate, t, sizeof t));
    if (misc.genMinRequired == 0 && misc.genMaxRequired == 0)
        printf("  %-18s none\n", "Logs required:");
    else
        printf("  %-18s generations %u to %u\n", "Logs required:", (unsigned)misc.genMinRequired,
               (unsigned)misc.genMaxRequired);
    printf("  %-18s Windows %u.%u build %u, service pack %d\n", "Last used by:", (unsigned)misc.dwMajorVersion,
           (unsigned)misc.dwMinorVersion, (unsigned)misc.dwBuildNumber, (int)misc.lSPNumber);
    if (misc.dbstate != JET_dbstateCleanShutdown) {
        printf("  Tables:            not shown: the database needs recovery first\n");
        return 1;
    }
    return show_tables(path, cb_page);
}

/* ---- the tables, through the data API ---- */

#define DEMO_COLUMNS_MAX 512
#define DEMO_VALUE_CHARS 40

typedef struct demo_column {
    char name[JET_cbNameMost + 1];
    JET_COLUMNID id;
    uint32_t objid_table;
} demo_column;

/* A fixed-size integer column of the current record (0 when null). */
static uint32_t demo_u32(JET_SESID s, JET_TABLEID t, JET_COLUMNID id)
{
    uint32_t v = 0, cb = 0;
    if (JetRetrieveColumn(s, t, id, &v, sizeof v, &cb, 0, NULL) != JET_errSuccess) v = 0;
    return v;
}

static void demo_text(JET_SESID s, JET_TABLEID t, JET_COLUMNID id, char *out, size_t cap)
{
    uint32_t cb = 0;
    out[0] = '\0';
    if (JetRetrieveColumn(s, t, id, out, (uint32_t)cap - 1, &cb, 0, NULL) >= 0 && cb < cap) out[cb] = '\0';
    else out[cap - 1] = '\0';
}

/* One value, briefly: numbers as numbers, text as text, the rest as hex; cut to DEMO_VALUE_CHARS. */
static void demo_value(const JET_COLUMNDEF *def, const unsigned char *pb, uint32_t cb, uint32_t cb_whole, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    switch (def->coltyp) {
    case JET_coltypBit: snprintf(out, cap, "%s", cb && pb[0] ? "true" : "false"); return;
    case JET_coltypUnsignedByte: if (cb >= 1) snprintf(out, cap, "%u", pb[0]); return;
    case JET_coltypShort: if (cb >= 2) snprintf(out, cap, "%d", (int)(int16_t)(pb[0] | pb[1] << 8)); return;
    case JET_coltypUnsignedShort: if (cb >= 2) snprintf(out, cap, "%u", (unsigned)(pb[0] | pb[1] << 8)); return;
    case JET_coltypLong:
    case JET_coltypUnsignedLong: {
        uint32_t v = 0;
        if (cb < 4) return;
        memcpy(&v, pb, 4);
        if (def->coltyp == JET_coltypLong) snprintf(out, cap, "%d", (int)(int32_t)v);
        else snprintf(out, cap, "%u", (unsigned)v);
        return;
    }
    case JET_coltypLongLong:
    case JET_coltypCurrency: {
        int64_t v = 0;
        if (cb < 8) return;
        memcpy(&v, pb, 8);
        snprintf(out, cap, "%lld", (long long)v);
        return;
    }
    case JET_coltypIEEESingle: {
        float v = 0;
        if (cb < 4) return;
        memcpy(&v, pb, 4);
        snprintf(out, cap, "%g", (double)v);
        return;
    }
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime: {
        double v = 0;
        if (cb < 8) return;
        memcpy(&v, pb, 8);
        snprintf(out, cap, "%g", v);
        return;
    }
    case JET_coltypText:
    case JET_coltypLongText:
        out[n++] = '"';
        for (uint32_t i = 0; i < cb && n + 4 < cap && n < DEMO_VALUE_CHARS; i += def->cp == 1200 ? 2 : 1) {
            unsigned c = def->cp == 1200 ? (unsigned)(pb[i] | (i + 1 < cb ? pb[i + 1] << 8 : 0)) : pb[i];
            out[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
        }
        out[n++] = '"';
        out[n] = '\0';
        break;
    default:
        for (uint32_t i = 0; i < cb && n + 3 < cap && n < DEMO_VALUE_CHARS; i++) n += (size_t)snprintf(out + n, cap - n, "%02x", pb[i]);
        break;
    }
    if (cb_whole > cb && n + 16 < cap) snprintf(out + n, cap - n, "... (%u bytes)", (unsigned)cb_whole);
}

static int demo_table(JET_SESID s, JET_DBID dbid, const char *name, const demo_column *cols, int ncols, uint32_t objid)
{
    JET_TABLEID t = 0;
    uint32_t count = 0;
    JET_ERR err = JetOpenTableA(s, dbid, name, NULL, 0, JET_bitTableReadOnly, &t);
    if (err < 0) {
        print_err(name, err);
        return 0;
    }
    err = JetIndexRecordCount(s, t, &count, 0);
    if (err < 0) {
        print_err(name, err);
    } else {
        printf("    %-16s %u records\n", name, (unsigned)count);
        if (count > 0 && (err = JetMove(s, t, JET_MoveFirst, 0)) >= 0) {
            int shown = 0;
            for (int i = 0; i < ncols && err >= 0; i++) {
                JET_COLUMNDEF def;
                unsigned char buf[64];
                char text[128];
                uint32_t cb = 0;
                if (cols[i].objid_table != objid) continue;
                err = JetGetTableColumnInfoA(s, t, (const char *)&cols[i].id, &def, sizeof def, JET_ColInfoByColid);
                if (err < 0) break;
                err = JetRetrieveColumn(s, t, cols[i].id, buf, sizeof buf, &cb, 0, NULL);
                if (err < 0) break;
                if (err == JET_wrnColumnNull) snprintf(text, sizeof text, "null");
                else demo_value(&def, buf, cb < sizeof buf ? cb : (uint32_t)sizeof buf, cb, text, sizeof text);
                err = JET_errSuccess;
                if (shown++ < 16) printf("      %-22s %s\n", cols[i].name, text);
            }
            if (shown > 16) printf("      (%d more columns)\n", shown - 16);
            if (err < 0) print_err("first record:", err);
        }
    }
    if (JetCloseTable(s, t) < 0 && err >= 0) err = JET_errInvalidTableId;
    return err >= 0;
}

/* Attaches the file read-only in an instance of its own and shows its user tables. */
static int show_tables(const char *path, uint32_t cb_page)
{
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_DBID dbid = 0;
    JET_TABLEID mso = 0;
    JET_COLUMNDEF def;
    JET_COLUMNID id_objid_table = 0, id_type = 0, id_id = 0, id_name = 0;
    demo_column *cols = NULL, *tables = NULL;
    int ncols = 0, ntables = 0, ok = 1;
    JET_ERR err;

    printf("  Tables:\n");
    /* The page size is global: it must be the file's before the instance exists. */
    err = JetSetSystemParameterA(NULL, 0, JET_paramDatabasePageSize, cb_page, NULL);
    if (err >= 0) err = JetCreateInstanceA(&inst, "esedemo-tables");
    if (err < 0) {
        print_err("JetCreateInstance", err);
        return 0;
    }
    JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "Off");
    JetSetSystemParameterA(&inst, 0, JET_paramMaxTemporaryTables, 0, NULL);
    err = JetInit(&inst);
    if (err >= 0) err = JetBeginSessionA(inst, &s, "", "");
    if (err >= 0) err = JetAttachDatabaseA(s, path, JET_bitDbReadOnly);
    if (err >= 0) err = JetOpenDatabaseA(s, path, NULL, &dbid, JET_bitDbReadOnly);
    if (err >= 0) err = JetOpenTableA(s, dbid, "MSysObjects", NULL, 0, JET_bitTableReadOnly, &mso);
    /* MSysObjects' own columns, by name (JET_ColInfo) */
    if (err >= 0) err = JetGetTableColumnInfoA(s, mso, "ObjidTable", &def, sizeof def, JET_ColInfo);
    if (err >= 0) id_objid_table = def.columnid;
    if (err >= 0) err = JetGetTableColumnInfoA(s, mso, "Type", &def, sizeof def, JET_ColInfo);
    if (err >= 0) id_type = def.columnid;
    if (err >= 0) err = JetGetTableColumnInfoA(s, mso, "Id", &def, sizeof def, JET_ColInfo);
    if (err >= 0) id_id = def.columnid;
    if (err >= 0) err = JetGetTableColumnInfoA(s, mso, "Name", &def, sizeof def, JET_ColInfo);
    if (err >= 0) id_name = def.columnid;
    if (err < 0) {
        print_err("cannot open it:", err);
        ok = 0;
    } else {
        cols = calloc(DEMO_COLUMNS_MAX, sizeof *cols);
        tables = calloc(DEMO_COLUMNS_MAX, sizeof *tables);
        if (cols == NULL || tables == NULL) err = JET_errOutOfMemory;
        /* rows of type 1 are tables (Id = their objid), of type 2 columns (Id = columnid) */
        for (err = err < 0 ? err : JetMove(s, mso, JET_MoveFirst, 0); err >= 0; err = JetMove(s, mso, JET_MoveNext, 0)) {
            uint32_t type = demo_u32(s, mso, id_type) & 0xffffu;
            demo_column *c = NULL;
            if (type == 1 && ntables < DEMO_COLUMNS_MAX) c = &tables[ntables++];
            else if (type == 2 && ncols < DEMO_COLUMNS_MAX) c = &cols[ncols++];
            if (c == NULL) continue;
            c->objid_table = demo_u32(s, mso, id_objid_table);
            c->id = demo_u32(s, mso, id_id);
            demo_text(s, mso, id_name, c->name, sizeof c->name);
        }
        if (err != JET_errNoCurrentRecord) {
            print_err("MSysObjects:", err);
            ok = 0;
        }
        for (int i = 0; i < ntables; i++)
            if (strncmp(tables[i].name, "MSys", 4) != 0) ok &= demo_table(s, dbid, tables[i].name, cols, ncols, tables[i].id);
    }
    free(cols);
    free(tables);
    /* JetTerm closes the table, the database and the session and detaches the file. */
    err = JetTerm(inst);
    if (err < 0) {
        print_err("JetTerm", err);
        ok = 0;
    }
    return ok;
}

/* One life-cycle step: prints its result; a failure other than "not yet" counts. */
static int step(const char *what, JET_ERR err, int *failed)
{
    if (err == JET_errFeatureNotAvailable) {
        printf("  %-18s not available in this engine yet (JET_errFeatureNotAvailable)\n", what);
    } else if (err < 0) {
        print_err(what, err);
        *failed = 1;
    } else {
        printf("  %-18s ok\n", what);
    }
    return err >= 0;
}

static int life_cycle(void)
{
    JET_INSTANCE inst = 0;
    JET_SESID sesid = 0;
    int failed = 0;

    printf("Engine life cycle\n");
    if (!step("JetCreateInstance", JetCreateInstanceA(&inst, "esedemo"), &failed)) return failed;
    /* No transaction logs and no temporary database: the demo writes nothing. */
    JET_ERR err = JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "Off");
    if (err >= 0) err = JetSetSystemParameterA(&inst, 0, JET_paramMaxTemporaryTables, 0, NULL);
    if (err < 0 && err != JET_errFeatureNotAvailable) print_err("(parameters)", err);
    err = JetInit(&inst);
    if (step("JetInit", err, &failed)) {
        if (step("JetBeginSession", JetBeginSessionA(inst, &sesid, "", ""), &failed))
            step("JetEndSession", JetEndSession(sesid, 0), &failed);
    }
    if (err >= 0 || err == JET_errFeatureNotAvailable)
        step("JetTerm", JetTerm(inst), &failed);
    else
        printf("  %-18s not needed: a failed JetInit frees the instance\n", "JetTerm");
    return failed;
}

/* A database made through the API: table "books" (id Long, primary; title Text), three
 * records inserted and committed in one transaction, then detached clean. */
static int create_sample(const char *path)
{
    static const char *const titles[] = { "The Art of Computer Programming", "Transaction Processing",
                                          "Database System Concepts" };
    JET_INSTANCE inst = 0;
    JET_SESID sesid = 0;
    JET_DBID dbid = 0;
    JET_TABLEID tableid = 0;
    JET_COLUMNDEF def;
    JET_COLUMNID id_col = 0, title_col = 0;
    int failed = 0;

    printf("Creating %s through the API\n", path);
    if (!step("JetCreateInstance", JetCreateInstanceA(&inst, "esedemo-create"), &failed)) return 0;
    JET_ERR err = JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "Off");
    if (err < 0) print_err("(parameters)", err);
    if (!step("JetInit", JetInit(&inst), &failed)) return 0;
    if (step("JetBeginSession", JetBeginSessionA(inst, &sesid, "", ""), &failed) &&
        step("JetCreateDatabase", JetCreateDatabaseA(sesid, path, NULL, &dbid, JET_bitDbOverwriteExisting), &failed) &&
        step("JetBeginTransaction", JetBeginTransaction(sesid), &failed) &&
        step("JetCreateTable", JetCreateTableA(sesid, dbid, "books", 1, 100, &tableid), &failed)) {
        memset(&def, 0, sizeof def);
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        def.grbit = JET_bitColumnFixed;
        step("JetAddColumn id", JetAddColumnA(sesid, tableid, "id", &def, NULL, 0, &id_col), &failed);
        def.coltyp = JET_coltypText;
        def.cp = 1252;
        def.grbit = 0;
        step("JetAddColumn title", JetAddColumnA(sesid, tableid, "title", &def, NULL, 0, &title_col), &failed);
        step("JetCreateIndex", JetCreateIndexA(sesid, tableid, "primary", JET_bitIndexPrimary, "+id\0", 5, 100),
             &failed);
        for (int32_t i = 0; i < 3 && !failed; i++) {
            int32_t id = i + 1;
            err = JetPrepareUpdate(sesid, tableid, JET_prepInsert);
            if (err >= 0) err = JetSetColumn(sesid, tableid, id_col, &id, sizeof id, 0, NULL);
            if (err >= 0)
                err = JetSetColumn(sesid, tableid, title_col, titles[i], (uint32_t)strlen(titles[i]), 0, NULL);
            if (err >= 0) err = JetUpdate(sesid, tableid, NULL, 0, NULL);
            step("insert", err, &failed);
        }
        step("JetCommitTransaction", JetCommitTransaction(sesid, 0), &failed);
        step("JetCloseTable", JetCloseTable(sesid, tableid), &failed);
        step("JetCloseDatabase", JetCloseDatabase(sesid, dbid, 0), &failed);
        step("JetDetachDatabase", JetDetachDatabaseA(sesid, path), &failed);
    }
    if (sesid != 0) step("JetEndSession", JetEndSession(sesid, 0), &failed);
    step("JetTerm", JetTerm(inst), &failed);
    printf("\n");
    return !failed;
}

int main(int argc, char **argv)
{
    int read = 0, first = 1;
    if (argc >= 3 && strcmp(argv[1], "--create") == 0) {
        if (!create_sample(argv[2])) return 1;
        first = 2; /* the file made is read with the others */
    }
    if (argc <= first) {
        fprintf(stderr, "usage: esedemo [--create NEW.edb] [DATABASE.edb...]\n");
        return 2;
    }
    for (int i = first; i < argc; i++) {
        read += show_file(argv[i]);
        printf("\n");
    }
    const int failed = life_cycle();
    printf("\n%d of %d database files read\n", read, argc - first);
    return read == argc - first && !failed ? 0 : 1;
}
