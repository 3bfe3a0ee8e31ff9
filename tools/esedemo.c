/* esedemo.c: the project's demo. For each database file named on the command line it
 * prints what the engine reads from the file's header (format, page size, state, creation
 * time, signatures, log positions, whether the file is consistent), then it runs the
 * engine's life cycle once: JetCreateInstance, JetInit, JetBeginSession, JetEndSession,
 * JetTerm. Exit code 0 only when every file was read and no life-cycle call failed
 * (a call the engine does not have yet, JET_errFeatureNotAvailable, is reported as such).
 * May call: the public API (esent.h) and the C library only. */
#include <stdio.h>
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
    return 1;
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

int main(int argc, char **argv)
{
    int read = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: esedemo DATABASE.edb...\n");
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        read += show_file(argv[i]);
        printf("\n");
    }
    const int failed = life_cycle();
    printf("\n%d of %d database files read\n", read, argc - 1);
    return read == argc - 1 && !failed ? 0 : 1;
}
