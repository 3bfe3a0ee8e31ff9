/* index_scenarios.c: scenarios over the public API for keys and indexes on the read path,
 * the C shims of index_test.cpp. Each fills r[] (codes) and n[] (numbers) in the order
 * documented in index_test.cpp and terminates what it created. */
#include "index_scenarios.h"

#include "readonly_scenarios.h"

#include <stdio.h>
#include <string.h>

static JET_ERR ix_open(const char *db, const char *table, JET_INSTANCE *inst, JET_SESID *ses, JET_TABLEID *tid)
{
    JET_DBID dbid = 0;
    JET_ERR err = ro_open(db, inst, ses);
    if (err >= 0) err = JetAttachDatabaseA(*ses, db, JET_bitDbReadOnly);
    if (err >= 0) err = JetOpenDatabaseA(*ses, db, NULL, &dbid, JET_bitDbReadOnly);
    if (err >= 0) err = JetOpenTableA(*ses, dbid, table, NULL, 0, JET_bitTableReadOnly, tid);
    return err;
}

static JET_COLUMNID column_id(JET_SESID s, JET_TABLEID t, const char *name)
{
    JET_COLUMNDEF def;
    memset(&def, 0, sizeof def);
    if (JetGetTableColumnInfoA(s, t, name, &def, sizeof def, JET_ColInfo) < 0) return 0;
    return def.columnid;
}

JET_ERR sc_ix_catalog_order(const char *db, const char *index, char *out, size_t cap, int *count)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_TABLEID t;
    JET_ERR err;
    JET_COLUMNID c_objid, c_type, c_name;
    size_t used = 0;

    *count = 0;
    out[0] = '\0';
    err = ix_open(db, "MSysObjects", &inst, &s, &t);
    if (err < 0) goto end;
    c_objid = column_id(s, t, "ObjidTable");
    c_type = column_id(s, t, "Type");
    c_name = column_id(s, t, "Name");
    err = JetSetCurrentIndexA(s, t, index);
    if (err < 0) goto end;
    for (err = JetMove(s, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0)) {
        int32_t objid = 0;
        int16_t type = 0;
        char name[256];
        uint32_t cb = 0;
        int w;
        JetRetrieveColumn(s, t, c_objid, &objid, sizeof objid, NULL, 0, NULL);
        JetRetrieveColumn(s, t, c_type, &type, sizeof type, NULL, 0, NULL);
        if (JetRetrieveColumn(s, t, c_name, name, sizeof name - 1, &cb, 0, NULL) < 0) cb = 0;
        name[cb < sizeof name ? cb : sizeof name - 1] = '\0';
        w = snprintf(out + used, cap - used, "%d %d %s\n", (int)objid, (int)type, name);
        if (w < 0 || (size_t)w >= cap - used) break;
        used += (size_t)w;
        (*count)++;
    }
    if (err == JET_errNoCurrentRecord) err = JET_errSuccess;
end:
    JetTerm(inst);
    return err;
}

int sc_ix_seek_each(sc_result *o, const char *db, const char *table, const char *const *names,
                    const char *const *columns, int n)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_TABLEID t;
    int i;
    if (ix_open(db, table, &inst, &s, &t) < 0) {
        JetTerm(inst);
        return -1;
    }
    for (i = 0; i < n && i < SC_MAX / 8; i++) {
        int32_t *e = &o->r[8 * i];
        uint8_t val[512], key[512], key2[512];
        uint32_t cb = 0, cbk = 0, cbk2 = 0;
        JET_COLUMNID col = column_id(s, t, columns[i]);
        e[0] = JetSetCurrentIndexA(s, t, names[i]);
        e[1] = JetRetrieveColumn(s, t, col, val, sizeof val, &cb, 0, NULL);
        e[2] = JetMakeKey(s, t, val, cb, JET_bitNewKey);
        e[3] = JetSeek(s, t, JET_bitSeekEQ);
        /* the key made and the key of the entry the seek found are the same bytes */
        JetRetrieveKey(s, t, key, sizeof key, &cbk, 0);
        JetMakeKey(s, t, val, cb, JET_bitNewKey);
        JetRetrieveKey(s, t, key2, sizeof key2, &cbk2, JET_bitRetrieveCopy);
        e[4] = (cbk > 0 && cbk == cbk2 && memcmp(key, key2, cbk) == 0) ? 0 : -1;
        e[5] = JetSeek(s, t, JET_bitSeekGT);
        JetMakeKey(s, t, val, cb, JET_bitNewKey);
        e[6] = JetSeek(s, t, JET_bitSeekLT);
        JetMakeKey(s, t, val, cb, JET_bitNewKey);
        e[7] = JetSeek(s, t, JET_bitSeekLE);
    }
    JetTerm(inst);
    return 0;
}

int sc_ix_range(sc_result *o, const char *db, int32_t objid)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_TABLEID t;
    JET_COLUMNID c_objid;
    int32_t v = 0, next = objid + 1; /* a table after objid */
    JET_ERR err;
    int64_t count = 0;
    if (ix_open(db, "MSysObjects", &inst, &s, &t) < 0) {
        JetTerm(inst);
        return -1;
    }
    c_objid = column_id(s, t, "ObjidTable");
    o->r[0] = JetSetCurrentIndexA(s, t, "Name");
    o->r[1] = JetMakeKey(s, t, &objid, sizeof objid, JET_bitNewKey);
    o->r[2] = JetSeek(s, t, JET_bitSeekGE); /* a partial key: not equal to any whole key */
    JetRetrieveColumn(s, t, c_objid, &v, sizeof v, NULL, 0, NULL);
    o->n[0] = v;
    o->r[3] = JetMakeKey(s, t, &objid, sizeof objid, JET_bitNewKey | JET_bitFullColumnEndLimit);
    o->r[4] = JetSetIndexRange(s, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive);
    for (count = 1, err = JetMove(s, t, JET_MoveNext, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0)) {
        JetRetrieveColumn(s, t, c_objid, &v, sizeof v, NULL, 0, NULL);
        if (v != objid) o->n[2]++;
        count++;
    }
    o->n[1] = count;
    o->r[5] = err;                                          /* the move off the range */
    o->r[6] = JetSetIndexRange(s, t, JET_bitRangeRemove);   /* the range is gone already */
    o->r[7] = JetMove(s, t, JET_MovePrevious, 0);           /* back from after the range */
    /* a range the current record is outside of */
    o->r[8] = JetMakeKey(s, t, &next, sizeof next, JET_bitNewKey);
    o->r[9] = JetSeek(s, t, JET_bitSeekGE);
    o->r[10] = JetMakeKey(s, t, &objid, sizeof objid, JET_bitNewKey | JET_bitFullColumnEndLimit);
    o->r[11] = JetSetIndexRange(s, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive);
    /* SeekEQ with JET_bitSetIndexRange on a whole key of the Id index */
    o->r[12] = JetSetCurrentIndexA(s, t, NULL);
    {
        int16_t type = 1;
        o->r[13] = JetMakeKey(s, t, &objid, sizeof objid, JET_bitNewKey);
        o->r[14] = JetMakeKey(s, t, &type, sizeof type, 0);
        o->r[15] = JetMakeKey(s, t, &objid, sizeof objid, 0);
        o->r[16] = JetSeek(s, t, JET_bitSeekEQ | JET_bitSetIndexRange);
        o->r[17] = JetMove(s, t, JET_MoveNext, 0);
        o->r[18] = JetMove(s, t, JET_MoveNext, 0);
    }
    /* the lower limit: from the table row of objid down to the start */
    o->r[19] = JetSetCurrentIndexA(s, t, "Name");
    o->r[20] = JetMove(s, t, JET_MoveLast, 0);
    o->r[21] = JetMakeKey(s, t, &objid, sizeof objid, JET_bitNewKey | JET_bitFullColumnStartLimit);
    o->r[22] = JetSetIndexRange(s, t, JET_bitRangeInclusive);
    for (count = 1, err = JetMove(s, t, JET_MovePrevious, 0); err >= 0; err = JetMove(s, t, JET_MovePrevious, 0)) count++;
    o->n[3] = count;
    o->r[23] = err;
    JetTerm(inst);
    return 0;
}

int sc_ix_errors(sc_result *o, const char *db, const char *table)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_TABLEID t;
    char name[64];
    uint8_t bm[300], key[300];
    uint32_t cb = 0, cbk = 0;
    int32_t l = 5;
    if (ix_open(db, table, &inst, &s, &t) < 0) {
        JetTerm(inst);
        return -1;
    }
    o->r[0] = JetSetCurrentIndexA(s, t, "NoSuchIndex");
    o->r[1] = JetSeek(s, t, JET_bitSeekEQ);                 /* no key made */
    o->r[2] = JetMakeKey(s, t, &l, sizeof l, 0);            /* no JET_bitNewKey first */
    o->r[3] = JetSetCurrentIndexA(s, t, "IxLong");
    o->r[4] = JetMakeKey(s, t, &l, 3, JET_bitNewKey);       /* a Long is 4 bytes */
    o->r[5] = JetMakeKey(s, t, &l, sizeof l, JET_bitNewKey | JET_bitPartialColumnStartLimit);
    o->r[6] = JetMakeKey(s, t, &l, sizeof l, JET_bitNewKey);
    o->r[7] = JetMakeKey(s, t, &l, sizeof l, 0);            /* the index has one column */
    o->r[8] = JetSeek(s, t, 0);
    o->r[9] = JetSetIndexRange(s, t, JET_bitRangeRemove);   /* no range */
    o->r[10] = JetGetCurrentIndexA(s, t, name, sizeof name);
    o->n[0] = strcmp(name, "IxLong");
    o->r[11] = JetSetCurrentIndexA(s, t, NULL);
    o->r[12] = JetGetCurrentIndexA(s, t, name, sizeof name);
    o->n[1] = strcmp(name, "IxId");
    o->r[13] = JetMove(s, t, JET_MoveFirst, 0);
    o->r[14] = JetGetBookmark(s, t, bm, sizeof bm, &cb);
    o->n[2] = cb;
    o->r[15] = JetGetBookmark(s, t, bm, 1, &cb);            /* too small */
    o->r[16] = JetMove(s, t, JET_MoveNext, 0);
    o->r[17] = JetGetBookmark(s, t, bm + 100, sizeof bm - 100, &cb); /* after the last: none */
    o->r[18] = JetGotoBookmark(s, t, bm, (uint32_t)o->n[2]);
    o->r[19] = JetRetrieveKey(s, t, key, sizeof key, &cbk, 0);
    o->n[3] = (cbk == (uint32_t)o->n[2] && memcmp(key, bm, cbk) == 0) ? 1 : 0;
    o->r[20] = JetRetrieveKey(s, t, key, 1, &cbk, 0);       /* truncated */
    bm[o->n[2] - 1] ^= 0x55;                                /* a record that is not there */
    o->r[22] = JetGotoBookmark(s, t, bm, (uint32_t)o->n[2]);
    bm[o->n[2] - 1] ^= 0x55;
    o->r[21] = JetGotoBookmark(s, t, bm, (uint32_t)o->n[2]);
    o->r[23] = JetSetCurrentIndex2A(s, t, "IxLong", JET_bitNoMove);
    o->r[26] = JetSetCurrentIndex2A(s, t, "IxLong", 0x100);
    o->r[24] = JetMakeKey(s, t, &l, sizeof l, JET_bitNewKey);
    o->r[25] = JetSeek(s, t, JET_bitSeekEQ);                /* 5 is not the value */
    {
        static const uint16_t empty[1] = { 0 };
        o->r[27] = JetSetCurrentIndexW(s, t, (JET_PCWSTR)empty);
    }
    JetTerm(inst);
    return 0;
}

int sc_ix_secondary_bookmark(sc_result *o, const char *db, const char *table, const char *index)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_TABLEID t;
    uint8_t key[300], pk[300], key2[300];
    uint32_t cbk = 0, cbp = 0, cbk2 = 0;
    if (ix_open(db, table, &inst, &s, &t) < 0) {
        JetTerm(inst);
        return -1;
    }
    o->r[0] = JetMove(s, t, JET_MoveFirst, 0);
    o->r[1] = JetGetSecondaryIndexBookmark(s, t, key, sizeof key, &cbk, pk, sizeof pk, &cbp, 0); /* primary index */
    o->r[2] = JetSetCurrentIndexA(s, t, index);
    o->r[3] = JetGetSecondaryIndexBookmark(s, t, key, sizeof key, &cbk, pk, sizeof pk, &cbp, 0);
    o->n[0] = cbk;
    o->n[1] = cbp;
    o->r[4] = JetGetSecondaryIndexBookmark(s, t, key2, 1, &cbk2, pk, sizeof pk, &cbp, 0);
    o->r[5] = JetMove(s, t, JET_MoveNext, 0);
    o->r[6] = JetGetSecondaryIndexBookmark(s, t, key2, sizeof key2, &cbk2, pk, sizeof pk, &cbp, 0);
    o->r[7] = JetGotoSecondaryIndexBookmark(s, t, key, cbk, pk, cbp, 0);
    o->r[8] = JetRetrieveKey(s, t, key2, sizeof key2, &cbk2, 0);
    o->n[2] = (cbk2 == cbk && memcmp(key, key2, cbk) == 0) ? 1 : 0;
    o->r[9] = JetGotoSecondaryIndexBookmark(s, t, NULL, 0, pk, cbp, 0);
    key[cbk - 1] ^= 0x55;
    o->r[10] = JetGotoSecondaryIndexBookmark(s, t, key, cbk, pk, cbp, 0);
    JetTerm(inst);
    return 0;
}

int sc_ix_prefix(sc_result *o, const char *db, int32_t objid, int16_t type, const char *prefix, JET_GRBIT end_grbit,
                 char *first, size_t cap)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_TABLEID t;
    JET_ERR err;
    uint32_t cb = 0;
    uint32_t len = (uint32_t)strlen(prefix);
    first[0] = '\0';
    if (ix_open(db, "MSysObjects", &inst, &s, &t) < 0) {
        JetTerm(inst);
        return -1;
    }
    o->r[0] = JetSetCurrentIndexA(s, t, "Name");
    JetMakeKey(s, t, &objid, sizeof objid, JET_bitNewKey);
    JetMakeKey(s, t, &type, sizeof type, 0);
    o->r[1] = JetMakeKey(s, t, prefix, len, JET_bitPartialColumnStartLimit);
    o->r[2] = JetSeek(s, t, JET_bitSeekGE);
    if (JetRetrieveColumn(s, t, column_id(s, t, "Name"), first, (uint32_t)cap - 1, &cb, 0, NULL) < 0) cb = 0;
    first[cb < cap ? cb : cap - 1] = '\0';
    JetMakeKey(s, t, &objid, sizeof objid, JET_bitNewKey);
    JetMakeKey(s, t, &type, sizeof type, 0);
    o->r[3] = JetMakeKey(s, t, prefix, len, end_grbit);
    o->r[4] = JetSetIndexRange(s, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive);
    for (o->n[0] = 1, err = JetMove(s, t, JET_MoveNext, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0)) o->n[0]++;
    o->r[5] = err;
    JetTerm(inst);
    return 0;
}

int sc_ix_count_key_ne(sc_result *o, const char *db, const char *index)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_TABLEID t;
    JET_ERR err;
    if (ix_open(db, "MSysObjects", &inst, &s, &t) < 0 || JetSetCurrentIndexA(s, t, index) < 0) {
        JetTerm(inst);
        return -1;
    }
    for (err = JetMove(s, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, JET_bitMoveKeyNE)) o->n[0]++;
    o->r[0] = err;
    for (err = JetMove(s, t, JET_MoveLast, 0); err >= 0; err = JetMove(s, t, JET_MovePrevious, JET_bitMoveKeyNE)) o->n[1]++;
    o->r[1] = err;
    JetTerm(inst);
    return 0;
}
