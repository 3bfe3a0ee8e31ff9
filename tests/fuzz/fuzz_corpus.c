/* fuzz_corpus.c: the engine-written databases of fuzz_corpus.h. */
#include "fuzz_corpus.h"

#include <stdio.h>
#include <string.h>

#define RECORDS 1200u
#define WIDE_COLUMNS 300u

#define TRY(expr)               \
    do {                        \
        err = (expr);           \
        if (err < 0) goto done; \
    } while (0)

typedef struct items_columns {
    JET_COLUMNID id, name, uname, data, tags, flag, when, amount, guid, ratio, comp, note, count;
} items_columns;

static JET_ERR add(JET_SESID s, JET_TABLEID t, const char *name, uint32_t coltyp, uint32_t cb_max, JET_GRBIT grbit,
                   uint32_t cp, const void *def, uint32_t cb_def, JET_COLUMNID *out)
{
    JET_COLUMNDEF cd;
    memset(&cd, 0, sizeof cd);
    cd.cbStruct = sizeof cd;
    cd.coltyp = coltyp;
    cd.cbMax = cb_max;
    cd.grbit = grbit;
    cd.cp = (uint16_t)cp;
    return JetAddColumnA(s, t, name, &cd, def, cb_def, out);
}

static JET_ERR make_items(JET_SESID s, JET_DBID db, items_columns *c, JET_TABLEID *out)
{
    JET_ERR err;
    JET_TABLEID t = 0;
    int32_t count_default = 7;
    static const char note_default[] = "nothing to say";

    TRY(JetCreateTableA(s, db, "items", 4, 90, &t));
    TRY(add(s, t, "id", JET_coltypLong, 0, JET_bitColumnAutoincrement, 0, NULL, 0, &c->id));
    TRY(add(s, t, "name", JET_coltypText, 80, 0, 1252, NULL, 0, &c->name));
    TRY(add(s, t, "uname", JET_coltypLongText, 0, 0, 1200, NULL, 0, &c->uname));
    TRY(add(s, t, "data", JET_coltypLongBinary, 0, 0, 0, NULL, 0, &c->data));
    TRY(add(s, t, "tags", JET_coltypLong, 0, JET_bitColumnTagged | JET_bitColumnMultiValued, 0, NULL, 0, &c->tags));
    TRY(add(s, t, "flag", JET_coltypBit, 0, 0, 0, NULL, 0, &c->flag));
    TRY(add(s, t, "when", JET_coltypDateTime, 0, 0, 0, NULL, 0, &c->when));
    TRY(add(s, t, "amount", JET_coltypCurrency, 0, 0, 0, NULL, 0, &c->amount));
    TRY(add(s, t, "guid", JET_coltypGUID, 0, 0, 0, NULL, 0, &c->guid));
    TRY(add(s, t, "ratio", JET_coltypIEEEDouble, 0, 0, 0, NULL, 0, &c->ratio));
    TRY(add(s, t, "comp", JET_coltypLongText, 0, JET_bitColumnCompressed, 1252, NULL, 0, &c->comp));
    TRY(add(s, t, "note", JET_coltypText, 0, JET_bitColumnTagged, 1252, note_default, sizeof note_default - 1u,
            &c->note));
    TRY(add(s, t, "count", JET_coltypLong, 0, 0, 0, &count_default, sizeof count_default, &c->count));
    TRY(JetCreateIndexA(s, t, "primary", JET_bitIndexPrimary, "+id\0", 5, 90));
    TRY(JetCreateIndexA(s, t, "by_name", 0, "+name\0-when\0", 13, 80));
    /* Unicode keys need a collator: none under Wine (JET_errFeatureNotAvailable) */
    err = JetCreateIndexA(s, t, "by_uname", 0, "+uname\0", 8, 100);
    if (err == JET_errFeatureNotAvailable) err = JET_errSuccess;
    TRY(err);
    TRY(JetCreateIndexA(s, t, "by_tags", JET_bitIndexIgnoreAnyNull, "+tags\0", 7, 100));
    TRY(JetCreateIndexA(s, t, "by_guid", JET_bitIndexUnique, "-guid\0", 7, 100));
    TRY(JetCreateIndexA(s, t, "by_ratio", JET_bitIndexIgnoreNull, "+ratio\0+amount\0", 16, 100));
    *out = t;
    t = 0;
done:
    if (t != 0) JetCloseTable(s, t);
    return err;
}

/* Record i: every column from i, the sizes of its long values spread from none to
 * several pages. */
static JET_ERR insert_item(JET_SESID s, JET_TABLEID t, const items_columns *c, uint32_t i, uint8_t *big)
{
    JET_ERR err;
    char name[48];
    uint16_t uname[40];
    uint8_t flag = (uint8_t)(i & 1u);
    double when = 40000.0 + i / 7.0, ratio = (double)i / 3.0;
    int64_t amount = (int64_t)i * 12345;
    uint8_t guid[16];
    uint32_t cb_data = (i % 13u == 0) ? (i * 97u) % 40000u : (i * 31u) % 600u;
    uint32_t cb_comp = 200u + (i * 53u) % 3000u, n = 0;
    JET_SETINFO si;

    snprintf(name, sizeof name, "item %u of the fuzz corpus", (i * 7919u) % RECORDS);
    for (const char *p = name; *p != '\0' && n < 39u; p++)
        uname[n++] = *p == 'i' ? (uint16_t)0x00e9u : (uint16_t)(unsigned char)*p;
    for (uint32_t k = 0; k < 16u; k++) guid[k] = (uint8_t)(k < 4u ? i >> (8u * k) : i * 31u + k * 17u);
    TRY(JetPrepareUpdate(s, t, JET_prepInsert));
    TRY(JetSetColumn(s, t, c->name, name, (uint32_t)strlen(name), 0, NULL));
    TRY(JetSetColumn(s, t, c->uname, uname, n * 2u, 0, NULL));
    if (i % 5u != 0) TRY(JetSetColumn(s, t, c->data, big, cb_data, cb_data == 0 ? JET_bitSetZeroLength : 0, NULL));
    memset(&si, 0, sizeof si);
    si.cbStruct = sizeof si;
    for (uint32_t k = 0; k < i % 6u; k++) {
        int32_t tag = (int32_t)(i * 3u + k);
        si.itagSequence = 0;
        TRY(JetSetColumn(s, t, c->tags, &tag, sizeof tag, 0, &si));
    }
    TRY(JetSetColumn(s, t, c->flag, &flag, 1, 0, NULL));
    TRY(JetSetColumn(s, t, c->when, &when, sizeof when, 0, NULL));
    if (i % 3u != 0) TRY(JetSetColumn(s, t, c->amount, &amount, sizeof amount, 0, NULL));
    TRY(JetSetColumn(s, t, c->guid, guid, sizeof guid, 0, NULL));
    if (i % 4u != 0) TRY(JetSetColumn(s, t, c->ratio, &ratio, sizeof ratio, 0, NULL));
    /* compressible text: a short alphabet repeated */
    for (uint32_t k = 0; k < cb_comp; k++) big[50000u + k] = (uint8_t)('a' + (k * 7u + i) % 5u);
    TRY(JetSetColumn(s, t, c->comp, big + 50000u, cb_comp, 0, NULL));
    if (i % 7u == 0) TRY(JetSetColumn(s, t, c->note, "a note of its own", 17, 0, NULL));
    TRY(JetUpdate(s, t, NULL, 0, NULL));
done:
    if (err < 0) JetPrepareUpdate(s, t, JET_prepCancel);
    return err;
}

static JET_ERR fill_items(JET_SESID s, JET_TABLEID t, const items_columns *c, uint8_t *big)
{
    JET_ERR err = JET_errSuccess;
    for (uint32_t i = 0; i < RECORDS; i++) {
        if (i % 100u == 0) TRY(JetBeginTransaction(s));
        TRY(insert_item(s, t, c, i, big));
        if (i % 100u == 99u || i + 1u == RECORDS) TRY(JetCommitTransaction(s, 0));
    }
    /* space given back: every ninth record deleted, every fifth one's data grown */
    TRY(JetSetCurrentIndexA(s, t, NULL));
    TRY(JetBeginTransaction(s));
    {
        uint32_t k = 0;
        for (err = JetMove(s, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0), k++) {
            if (k % 100u == 99u) {
                TRY(JetCommitTransaction(s, 0));
                TRY(JetBeginTransaction(s));
            }
            if (k % 9u == 4u) {
                TRY(JetDelete(s, t));
            } else if (k % 5u == 2u) {
                TRY(JetPrepareUpdate(s, t, JET_prepReplace));
                TRY(JetSetColumn(s, t, c->data, big, 9000u + k, 0, NULL));
                TRY(JetUpdate(s, t, NULL, 0, NULL));
            }
        }
        if (err == JET_errNoCurrentRecord) err = JET_errSuccess;
        TRY(err);
    }
    TRY(JetCommitTransaction(s, 0));
done:
    return err;
}

/* Many tagged columns, each record setting a few of them. */
static JET_ERR make_wide(JET_SESID s, JET_DBID db, uint8_t *big)
{
    JET_ERR err;
    JET_TABLEID t = 0;
    JET_COLUMNID ids[WIDE_COLUMNS];
    char name[32];

    TRY(JetCreateTableA(s, db, "wide", 1, 100, &t));
    for (uint32_t k = 0; k < WIDE_COLUMNS; k++) {
        snprintf(name, sizeof name, "c%u", k);
        TRY(add(s, t, name, k % 3u == 0 ? JET_coltypLongBinary : JET_coltypBinary, 0, JET_bitColumnTagged, 0, NULL, 0,
                &ids[k]));
    }
    TRY(JetBeginTransaction(s));
    for (uint32_t i = 0; i < 60u; i++) {
        TRY(JetPrepareUpdate(s, t, JET_prepInsert));
        for (uint32_t k = i % 7u; k < WIDE_COLUMNS; k += 5u + i % 11u)
            TRY(JetSetColumn(s, t, ids[k], big + k, k % 3u == 0 ? (k % 2u ? 30u : 3000u + k) : 1u + k % 40u, 0, NULL));
        TRY(JetUpdate(s, t, NULL, 0, NULL));
    }
    TRY(JetCommitTransaction(s, 0));
done:
    if (t != 0) JetCloseTable(s, t);
    return err;
}

/* A table and an index made and deleted again: their space goes back. */
static JET_ERR make_and_drop(JET_SESID s, JET_DBID db, JET_TABLEID items)
{
    JET_ERR err;
    JET_TABLEID t = 0;
    JET_COLUMNID id;
    TRY(JetCreateTableA(s, db, "gone", 16, 100, &t));
    TRY(add(s, t, "x", JET_coltypLong, 0, 0, 0, NULL, 0, &id));
    TRY(JetCloseTable(s, t));
    t = 0;
    TRY(JetDeleteTableA(s, db, "gone"));
    TRY(JetCreateIndexA(s, items, "by_when", 0, "+when\0", 7, 100));
    TRY(JetDeleteIndexA(s, items, "by_when"));
    TRY(JetCreateTableA(s, db, "empty", 0, 0, &t));
    TRY(add(s, t, "only", JET_coltypText, 0, 0, 1252, NULL, 0, &id));
    TRY(JetCreateIndexA(s, t, "by_only", 0, "+only\0", 7, 100));
done:
    if (t != 0) JetCloseTable(s, t);
    return err;
}

JET_ERR fuzz_corpus_write(const char *path, const char *scratch_dir, uint32_t cb_page)
{
    JET_ERR err;
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID items = 0;
    items_columns c;
    static uint8_t big[60000];
    char temp[1024];

    for (uint32_t k = 0; k < sizeof big; k++) big[k] = (uint8_t)(k * 2654435761u >> 13);
    snprintf(temp, sizeof temp, "%s/", scratch_dir);
    TRY(JetSetSystemParameterA(NULL, 0, JET_paramDatabasePageSize, cb_page, NULL));
    TRY(JetCreateInstanceA(&inst, "fuzz-corpus"));
    TRY(JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off"));
    TRY(JetSetSystemParameterA(&inst, 0, JET_paramMaxVerPages, 4096, NULL));
    TRY(JetSetSystemParameterA(&inst, 0, JET_paramSystemPath, 0, temp));
    TRY(JetSetSystemParameterA(&inst, 0, JET_paramLogFilePath, 0, temp));
    TRY(JetSetSystemParameterA(&inst, 0, JET_paramTempPath, 0, temp));
    TRY(JetInit(&inst));
    TRY(JetBeginSessionA(inst, &s, "", ""));
    TRY(JetCreateDatabaseA(s, path, NULL, &db, 0));
    TRY(make_items(s, db, &c, &items));
    TRY(fill_items(s, items, &c, big));
    TRY(make_wide(s, db, big));
    TRY(make_and_drop(s, db, items));
    TRY(JetCloseTable(s, items));
    items = 0;
    TRY(JetCloseDatabase(s, db, 0));
    db = 0;
    TRY(JetDetachDatabaseA(s, path));
done:
    if (items != 0) JetCloseTable(s, items);
    if (db != 0) JetCloseDatabase(s, db, 0);
    if (s != 0) JetEndSession(s, 0);
    if (inst != 0) JetTerm(inst);
    return err;
}
