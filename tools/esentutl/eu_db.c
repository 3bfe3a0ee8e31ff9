/* eu_db.c: a database opened read-only through the public API for esentutl, and its
 * catalog read from MSysObjects (rows of Type 1 tables, 2 columns, 3 indexes, 4 long-value
 * trees, in that order under each table), with each column's definition as
 * JetGetTableColumnInfo gives it. */
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "eu.h"

#define MSO_TYPE_TABLE 1u
#define MSO_TYPE_COLUMN 2u
#define MSO_TYPE_INDEX 3u
#define MSO_TYPE_LV 4u
#define IDX_EXTENDED_COLUMNS 0x00010000u /* KeyFldIDs holds 4-byte segments */

/* MSysObjects' columns the listing needs, by name. */
typedef struct mso_ids {
    JET_COLUMNID objid_table, type, id, coltyp_or_fdp, flags, name, template_table, key_fld_ids;
} mso_ids;

static JET_ERR column_id(JET_SESID s, JET_TABLEID t, const char *name, JET_COLUMNID *out)
{
    JET_COLUMNDEF def;
    JET_ERR err;
    memset(&def, 0, sizeof def);
    err = JetGetTableColumnInfoA(s, t, name, &def, sizeof def, JET_ColInfo);
    *out = def.columnid;
    return err;
}

static uint32_t read_u32(JET_SESID s, JET_TABLEID t, JET_COLUMNID c)
{
    uint8_t b[4] = {0, 0, 0, 0};
    uint32_t cb = 0;
    if (JetRetrieveColumn(s, t, c, b, sizeof b, &cb, 0, NULL) != JET_errSuccess) return 0;
    return (uint32_t)b[0] | (cb > 1 ? (uint32_t)b[1] << 8 : 0u) | (cb > 2 ? (uint32_t)b[2] << 16 : 0u) |
           (cb > 3 ? (uint32_t)b[3] << 24 : 0u);
}

static void read_name(JET_SESID s, JET_TABLEID t, JET_COLUMNID c, char *out)
{
    uint32_t cb = 0;
    out[0] = '\0';
    if (JetRetrieveColumn(s, t, c, out, JET_cbNameMost, &cb, 0, NULL) < 0) cb = 0;
    out[cb <= JET_cbNameMost ? cb : JET_cbNameMost] = '\0';
}

static bool grow(void **arr, uint32_t count, size_t elem)
{
    void *p;
    if (count != 0 && (count & (count - 1u)) != 0) return true;
    p = compat_realloc(*arr, (size_t)(count == 0 ? 1u : 2u * count) * elem);
    if (p == NULL) return false;
    *arr = p;
    return true;
}

/* An index's key columns from KeyFldIDs: 4-byte segments {flags (0x40 descending), 0,
 * u16 fid} when fIDXExtendedColumns, else signed 16-bit fids (negative: descending). */
static void parse_segments(eu_index *x, const uint8_t *pb, uint32_t cb)
{
    uint32_t i, n;
    x->csegments = 0;
    if (x->flags & IDX_EXTENDED_COLUMNS) {
        n = cb / 4u;
        for (i = 0; i < n && i < 16u; i++) {
            x->segments[i].descending = (pb[4u * i] & 0x40u) != 0;
            x->segments[i].columnid = (uint32_t)pb[4u * i + 2u] | (uint32_t)pb[4u * i + 3u] << 8;
        }
    } else {
        n = cb / 2u;
        for (i = 0; i < n && i < 16u; i++) {
            int16_t v = (int16_t)((uint16_t)pb[2u * i] | (uint16_t)pb[2u * i + 1u] << 8);
            x->segments[i].descending = v < 0;
            x->segments[i].columnid = (uint32_t)(v < 0 ? -(int32_t)v : v);
        }
    }
    x->csegments = i;
}

static JET_ERR read_catalog(eu_db *db)
{
    JET_ERR err = JET_errSuccess;
    JET_TABLEID mso = 0;
    mso_ids id;
    eu_table *t = NULL;

    memset(&id, 0, sizeof id);
    err = JetOpenTableA(db->ses, db->dbid, "MSysObjects", NULL, 0, JET_bitTableReadOnly, &mso);
    if (err < 0) return err;
    if (err >= 0) err = column_id(db->ses, mso, "ObjidTable", &id.objid_table);
    if (err >= 0) err = column_id(db->ses, mso, "Type", &id.type);
    if (err >= 0) err = column_id(db->ses, mso, "Id", &id.id);
    if (err >= 0) err = column_id(db->ses, mso, "ColtypOrPgnoFDP", &id.coltyp_or_fdp);
    if (err >= 0) err = column_id(db->ses, mso, "Flags", &id.flags);
    if (err >= 0) err = column_id(db->ses, mso, "Name", &id.name);
    if (err >= 0) err = column_id(db->ses, mso, "TemplateTable", &id.template_table);
    if (err >= 0) err = column_id(db->ses, mso, "KeyFldIDs", &id.key_fld_ids);
    for (err = err < 0 ? err : JetMove(db->ses, mso, JET_MoveFirst, 0); err >= 0;
         err = JetMove(db->ses, mso, JET_MoveNext, 0)) {
        uint32_t type = read_u32(db->ses, mso, id.type) & 0xffffu;
        uint32_t objid_table = read_u32(db->ses, mso, id.objid_table);
        if (type == MSO_TYPE_TABLE) {
            if (!grow((void **)&db->tables, db->ctables, sizeof *db->tables)) {
                err = JET_errOutOfMemory;
                break;
            }
            t = &db->tables[db->ctables++];
            memset(t, 0, sizeof *t);
            t->objid = read_u32(db->ses, mso, id.id);
            t->pgno_fdp = read_u32(db->ses, mso, id.coltyp_or_fdp);
            t->flags = read_u32(db->ses, mso, id.flags);
            read_name(db->ses, mso, id.name, t->name);
            read_name(db->ses, mso, id.template_table, t->template_name);
            continue;
        }
        /* rows are in (ObjidTable, Type, Id) order: a table's row comes first */
        if (t == NULL || t->objid != objid_table) continue;
        if (type == MSO_TYPE_COLUMN) {
            eu_column *c;
            if (read_u32(db->ses, mso, id.coltyp_or_fdp) == JET_coltypNil) continue; /* a deleted column */
            if (!grow((void **)&t->columns, t->ccolumns, sizeof *t->columns)) {
                err = JET_errOutOfMemory;
                break;
            }
            c = &t->columns[t->ccolumns++];
            memset(c, 0, sizeof *c);
            c->columnid = read_u32(db->ses, mso, id.id);
            read_name(db->ses, mso, id.name, c->name);
        } else if (type == MSO_TYPE_INDEX) {
            eu_index *x;
            uint8_t fld[64];
            uint32_t cb = 0;
            if (!grow((void **)&t->indexes, t->cindexes, sizeof *t->indexes)) {
                err = JET_errOutOfMemory;
                break;
            }
            x = &t->indexes[t->cindexes++];
            memset(x, 0, sizeof *x);
            x->objid = read_u32(db->ses, mso, id.id);
            x->flags = read_u32(db->ses, mso, id.flags);
            read_name(db->ses, mso, id.name, x->name);
            if (JetRetrieveColumn(db->ses, mso, id.key_fld_ids, fld, sizeof fld, &cb, 0, NULL) == JET_errSuccess)
                parse_segments(x, fld, cb < sizeof fld ? cb : (uint32_t)sizeof fld);
        } else if (type == MSO_TYPE_LV) {
            t->pgno_lv = read_u32(db->ses, mso, id.coltyp_or_fdp);
        }
    }
    if (err == JET_errNoCurrentRecord) err = JET_errSuccess;
    {
        JET_ERR e = JetCloseTable(db->ses, mso);
        if (err >= 0 && e < 0) err = e;
    }
    return err;
}

/* Each column's definition as the API reports it (type, codepage, size, grbit). */
static JET_ERR read_column_defs(eu_db *db, eu_table *t)
{
    JET_TABLEID tid = 0;
    JET_ERR err = JetOpenTableA(db->ses, db->dbid, t->name, NULL, 0, JET_bitTableReadOnly, &tid);
    uint32_t i;
    if (err < 0) return err;
    for (i = 0; i < t->ccolumns && err >= 0; i++) {
        JET_COLUMNDEF def;
        JET_COLUMNID id = t->columns[i].columnid;
        memset(&def, 0, sizeof def);
        err = JetGetTableColumnInfoA(db->ses, tid, (const char *)&id, &def, sizeof def, JET_ColInfoByColid);
        if (err < 0) break;
        t->columns[i].coltyp = def.coltyp;
        t->columns[i].cp = def.cp;
        t->columns[i].cb_max = def.cbMax;
        t->columns[i].grbit = def.grbit;
    }
    {
        JET_ERR e = JetCloseTable(db->ses, tid);
        if (err >= 0 && e < 0) err = e;
    }
    return err;
}

JET_ERR eu_db_open(eu_db *db, const char *path, bool read_dirty)
{
    static unsigned instances;
    JET_ERR err = JET_errSuccess;
    uint32_t cb_page = 0, i;
    char name[64];
    size_t n = strlen(path);

    memset(db, 0, sizeof *db);
    db->path = compat_malloc(n + 1u);
    if (db->path == NULL) return JET_errOutOfMemory;
    memcpy(db->path, path, n + 1u);
    err = JetGetDatabaseFileInfoA(path, &cb_page, sizeof cb_page, JET_DbInfoPageSize);
    if (err < 0) return err;
    /* the page size is the process's: the file's, before the instance exists */
    err = JetSetSystemParameterA(NULL, 0, JET_paramDatabasePageSize, cb_page, NULL);
    if (err < 0) return err;
    snprintf(name, sizeof name, "esentutl-%u", ++instances);
    err = JetCreateInstanceA(&db->inst, name);
    if (err < 0) return err;
    db->inited = true; /* JetTerm frees a created instance too */
    /* nothing written: no log, no temporary database */
    if (err >= 0) err = JetSetSystemParameterA(&db->inst, 0, JET_paramRecovery, 0, "Off");
    if (err >= 0) err = JetSetSystemParameterA(&db->inst, 0, JET_paramMaxTemporaryTables, 0, NULL);
    if (err >= 0) err = JetInit(&db->inst);
    if (err < 0) {
        /* a failed JetInit frees the instance */
        db->inited = false;
        return err;
    }
    err = JetBeginSessionA(db->inst, &db->ses, "", "");
    if (err < 0) return err;
    err = JetAttachDatabaseA(db->ses, path, JET_bitDbReadOnly | (read_dirty ? JET_bitDbPortableReadDirty : 0));
    if (err < 0) return err;
    db->attached = true;
    db->dirty = err == JET_wrnPortableDatabaseDirty;
    err = JetOpenDatabaseA(db->ses, path, NULL, &db->dbid, JET_bitDbReadOnly);
    if (err < 0) return err;
    db->opened = true;
    err = read_catalog(db);
    for (i = 0; i < db->ctables && err >= 0; i++) err = read_column_defs(db, &db->tables[i]);
    return err < 0 ? err : JET_errSuccess;
}

void eu_db_close(eu_db *db)
{
    uint32_t i;
    /* JetTerm closes the database and the session and detaches the file; this only read */
    if (db->inited) (void)JetTerm(db->inst);
    for (i = 0; i < db->ctables; i++) {
        compat_free(db->tables[i].columns);
        compat_free(db->tables[i].indexes);
    }
    compat_free(db->tables);
    compat_free(db->path);
    memset(db, 0, sizeof *db);
}

const eu_table *eu_db_table(const eu_db *db, const char *name)
{
    uint32_t i;
    for (i = 0; i < db->ctables; i++) {
        const char *a = db->tables[i].name, *b = name;
        /* ESE compares names without ASCII case */
        for (; *a != '\0' && *b != '\0'; a++, b++) {
            char x = *a >= 'a' && *a <= 'z' ? (char)(*a - 32) : *a, y = *b >= 'a' && *b <= 'z' ? (char)(*b - 32) : *b;
            if (x != y) break;
        }
        if (*a == '\0' && *b == '\0') return &db->tables[i];
    }
    return NULL;
}
