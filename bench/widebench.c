/* widebench.c: the information and enumeration functions on a wide table, timed. Opens
 * a database read-only (large.edb of the shared samples, unpacked: 64,994 columns, each
 * record with 4,096 of them set), then for the table given: JetGetTableColumnInfo with
 * JET_ColInfoList (the whole list built), JetEnumerateColumns of every column of each of
 * the first records, and lookups of one column by name, each timed by the monotonic
 * clock. Public API only; not part of ctest (tests/storage/large_test.cc checks what
 * these calls return). Usage: widebench FILE.edb [table] [records] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "esent.h"

static void *JET_API enum_realloc(void *ctx, void *pv, uint32_t cb)
{
    (void)ctx;
    if (cb == 0) {
        free(pv);
        return NULL;
    }
    return realloc(pv, cb);
}

static double ms_since(uint64_t t0)
{
    return (double)(compat_clock_monotonic_ns() - t0) / 1e6;
}

static int fail(const char *what, JET_ERR err)
{
    fprintf(stderr, "widebench: %s: %d\n", what, (int)err);
    return 1;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : NULL;
    const char *table = argc > 2 ? argv[2] : "large";
    int records = argc > 3 ? atoi(argv[3]) : 3;
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    JET_COLUMNLIST list;
    JET_COLUMNDEF def;
    uint32_t cb_page = 0;
    uint64_t t0;
    JET_ERR err;

    if (path == NULL) {
        fprintf(stderr, "usage: widebench FILE.edb [table] [records]\n");
        return 2;
    }
    if ((err = JetGetDatabaseFileInfoA(path, &cb_page, sizeof cb_page, JET_DbInfoPageSize)) < 0)
        return fail("page size", err);
    JetSetSystemParameterA(NULL, 0, JET_paramDatabasePageSize, cb_page, NULL);
    if ((err = JetCreateInstanceA(&inst, "widebench")) < 0) return fail("JetCreateInstance", err);
    JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off");
    if ((err = JetInit(&inst)) < 0) return fail("JetInit", err);
    if ((err = JetBeginSessionA(inst, &s, "", "")) < 0) return fail("JetBeginSession", err);
    if ((err = JetAttachDatabaseA(s, path, JET_bitDbReadOnly)) < 0) return fail("JetAttachDatabase", err);
    if ((err = JetOpenDatabaseA(s, path, NULL, &db, JET_bitDbReadOnly)) < 0) return fail("JetOpenDatabase", err);
    if ((err = JetOpenTableA(s, db, table, NULL, 0, JET_bitTableReadOnly, &t)) < 0) return fail("JetOpenTable", err);

    memset(&list, 0, sizeof list);
    t0 = compat_clock_monotonic_ns();
    err = JetGetTableColumnInfoA(s, t, NULL, &list, sizeof list, JET_ColInfoList);
    if (err < 0) return fail("JetGetTableColumnInfo(JET_ColInfoList)", err);
    printf("JetGetTableColumnInfo(JET_ColInfoList): %u rows in %.1f ms\n", (unsigned)list.cRecord, ms_since(t0));
    JetCloseTable(s, list.tableid);

    memset(&list, 0, sizeof list);
    t0 = compat_clock_monotonic_ns();
    err = JetGetTableColumnInfoA(s, t, NULL, &list, sizeof list, JET_ColInfoListSortColumnid);
    if (err < 0) return fail("JetGetTableColumnInfo(JET_ColInfoListSortColumnid)", err);
    printf("JetGetTableColumnInfo(JET_ColInfoListSortColumnid): %u rows in %.1f ms\n", (unsigned)list.cRecord,
           ms_since(t0));
    JetCloseTable(s, list.tableid);

    err = JetMove(s, t, JET_MoveFirst, 0);
    for (int r = 0; r < records && err >= 0; r++) {
        uint32_t c = 0;
        JET_ENUMCOLUMN *rg = NULL;
        t0 = compat_clock_monotonic_ns();
        err = JetEnumerateColumns(s, t, 0, NULL, &c, &rg, enum_realloc, NULL, 0, 0);
        if (err < 0) return fail("JetEnumerateColumns", err);
        printf("JetEnumerateColumns, record %d: %u columns in %.2f ms\n", r + 1, (unsigned)c, ms_since(t0));
        for (uint32_t i = 0; i < c; i++) {
            if (rg[i].err == JET_wrnColumnSingleValue) {
                free(rg[i].pvData);
                continue;
            }
            for (uint32_t k = 0; k < rg[i].cEnumColumnValue; k++) free(rg[i].rgEnumColumnValue[k].pvData);
            free(rg[i].rgEnumColumnValue);
        }
        free(rg);
        err = JetMove(s, t, JET_MoveNext, 0);
    }

    t0 = compat_clock_monotonic_ns();
    for (int i = 0; i < 1000; i++) {
        err = JetGetTableColumnInfoA(s, t, "Column64000", &def, sizeof def, JET_ColInfo);
        if (err < 0) return fail("JetGetTableColumnInfo(JET_ColInfo)", err);
    }
    printf("JetGetTableColumnInfo(JET_ColInfo) by name, 1000 times: %.1f ms\n", ms_since(t0));

    JetCloseTable(s, t);
    JetEndSession(s, 0);
    JetTerm(inst);
    return 0;
}
