/* api_column_ddl.c: changing a table's columns: JetAddColumn, JetDeleteColumn(2),
 * JetRenameColumn, JetSetColumnDefaultValue (A/W). Argument checks in the order of ESE's
 * JetXxxEx (jetapi.cxx) and ErrIsamXxx (fcreate.cxx, fldmod.cxx, fileopen.cxx); the work,
 * with what a transaction's rollback needs, in column_ddl.c. docs/semantics.md
 * ("Creating databases and tables", "More data functions") lists the decisions. */
/* coverage: JetAddColumnA full */
/* coverage: JetAddColumnW full */
/* coverage: JetDeleteColumnA full */
/* coverage: JetDeleteColumnW full */
/* coverage: JetDeleteColumn2A full */
/* coverage: JetDeleteColumn2W full */
#include <string.h>

#include "api_enter.h"
#include "name.h"
#include "utf16.h"
#include "column_ddl.h"
#include "cursor_table.h"
#include "database.h"

/* ---- JetAddColumn ---- */

static JET_ERR add_column(JET_SESID sesid, JET_TABLEID tableid, const char *name, const JET_COLUMNDEF *def,
                          const void *pv_default, uint32_t cb_default, JET_COLUMNID *pcolumnid)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    database_writer w;
    ddl_column col;
    JET_COLUMNID columnid = 0;

    memset(&w, 0, sizeof w);
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    /* ErrIsamAddColumn: a FixedDDL table (a template table is one) takes columns only
     * through a cursor opened with JET_bitTablePermitDDL */
    if (t->def->flags & JET_bitObjectTableFixedDDL) {
        if (!t->permit_ddl) err = JET_errFixedDDL;
    }
    if (err < 0) {
    } else if (def == NULL || def->cbStruct < sizeof(JET_COLUMNDEF)) err = JET_errInvalidParameter;
    else if (t->read_only) err = JET_errPermissionDenied;
    /* ... and a template table only tagged ones (their fids cannot meet a derived table's) */
    if (err >= 0 && catalog_is_template(t->def) && !(def->grbit & JET_bitColumnTagged) &&
        !record_type_is_long_value(def->coltyp))
        err = JET_errFixedDDL;
    if (err >= 0) {
        api_table_exclusive(&c);
        err = database_writer_of(c.ses, t->idb, &w);
    }
    if (err >= 0) {
        col.name = name;
        col.coltyp = def->coltyp;
        col.cb_max = def->cbMax;
        col.grbit = def->grbit;
        col.cp = def->cp;
        col.pv_default = pv_default;
        col.cb_default = cb_default;
        err = column_ddl_add(c.ses, t, &w, &col, &columnid);
    }
    if (err >= 0 && pcolumnid != NULL) *pcolumnid = columnid;
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetAddColumnA(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szColumnName,
                              const JET_COLUMNDEF *pcolumndef, const void *pvDefault, uint32_t cbDefault,
                              JET_COLUMNID *pcolumnid)
{
    return add_column(sesid, tableid, szColumnName, pcolumndef, pvDefault, cbDefault, pcolumnid);
}

JET_ERR JET_API JetAddColumnW(JET_SESID sesid, JET_TABLEID tableid, JET_PCWSTR szColumnName,
                              const JET_COLUMNDEF *pcolumndef, const void *pvDefault, uint32_t cbDefault,
                              JET_COLUMNID *pcolumnid)
{
    JET_ERR err = JET_errSuccess;
    char *name = NULL;
    CHECK(utf16_to_utf8(szColumnName, &name));
    err = add_column(sesid, tableid, name, pcolumndef, pvDefault, cbDefault, pcolumnid);
done:
    compat_free(name);
    return err;
}

/* ---- JetDeleteColumn ---- */

/* ErrIsamDeleteColumn: the name, an updatable cursor, a table whose schema may change,
 * then the catalog (column_ddl.c). */
static JET_ERR delete_column(JET_SESID sesid, JET_TABLEID tableid, const char *name, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    database_writer w;
    char checked[JET_cbNameMost + 1];

    memset(&w, 0, sizeof w);
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    err = name_check(name, checked);
    if (err >= 0 && t->read_only) err = JET_errPermissionDenied;
    if (err >= 0 && (t->def->flags & JET_bitObjectTableFixedDDL)) err = JET_errFixedDDL;
    /* a derived table's template column is the template's: JET_errFixedInheritedDDL, or
     * with JET_bitDeleteColumnIgnoreTemplateColumns not looked for among the table's own */
    if (err >= 0) {
        const record_column *col = catalog_find_column(t->def, checked);
        if (col != NULL && col->inherited)
            err = (grbit & JET_bitDeleteColumnIgnoreTemplateColumns) ? JET_errColumnNotFound : JET_errFixedInheritedDDL;
    }
    if (err >= 0) {
        api_table_exclusive(&c);
        err = database_writer_of(c.ses, t->idb, &w);
    }
    if (err >= 0) err = column_ddl_delete(c.ses, t, &w, checked);
    api_leave_session(&c);
done:
    return err;
}

static JET_ERR delete_column_w(JET_SESID sesid, JET_TABLEID tableid, const WCHAR *wname, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    char *name = NULL;
    CHECK(utf16_to_utf8(wname, &name));
    err = delete_column(sesid, tableid, name, grbit);
done:
    compat_free(name);
    return err;
}

JET_ERR JET_API JetDeleteColumnA(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szColumnName)
{
    return delete_column(sesid, tableid, szColumnName, 0);
}

JET_ERR JET_API JetDeleteColumnW(JET_SESID sesid, JET_TABLEID tableid, JET_PCWSTR szColumnName)
{
    return delete_column_w(sesid, tableid, szColumnName, 0);
}

JET_ERR JET_API JetDeleteColumn2A(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szColumnName, const JET_GRBIT grbit)
{
    return delete_column(sesid, tableid, szColumnName, grbit);
}

JET_ERR JET_API JetDeleteColumn2W(JET_SESID sesid, JET_TABLEID tableid, JET_PCWSTR szColumnName, const JET_GRBIT grbit)
{
    return delete_column_w(sesid, tableid, szColumnName, grbit);
}

/* ---- JetRenameColumn ---- */

static JET_ERR rename_column(JET_SESID sesid, JET_TABLEID tableid, const char *from, const char *to, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    database_writer w;
    char old[JET_cbNameMost + 1], checked[JET_cbNameMost + 1];

    memset(&w, 0, sizeof w);
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    (void)grbit; /* ErrCATRenameColumn reads only grbits of template columns */
    if (from == NULL || to == NULL) err = JET_errInvalidParameter;
    if (err >= 0) err = name_check(from, old);
    if (err >= 0) err = name_check(to, checked);
    if (err >= 0 && t->read_only) err = JET_errPermissionDenied;
    /* ErrCATRenameColumn looks among the table's own columns only */
    if (err >= 0) {
        const record_column *col = catalog_find_column(t->def, old);
        if (col != NULL && col->inherited) err = JET_errColumnNotFound;
    }
    if (err >= 0) {
        api_table_exclusive(&c);
        err = database_writer_of(c.ses, t->idb, &w);
    }
    if (err >= 0) err = column_ddl_rename(c.ses, t, &w, old, checked);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetRenameColumnA(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szName, JET_PCSTR szNameNew,
                                 JET_GRBIT grbit)
{
    return rename_column(sesid, tableid, szName, szNameNew, grbit);
}

JET_ERR JET_API JetRenameColumnW(JET_SESID sesid, JET_TABLEID tableid, JET_PCWSTR szName, JET_PCWSTR szNameNew,
                                 JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    char *from = NULL, *to = NULL;
    CHECK(utf16_to_utf8(szName, &from));
    CHECK(utf16_to_utf8(szNameNew, &to));
    err = rename_column(sesid, tableid, from, to, grbit);
done:
    compat_free(from);
    compat_free(to);
    return err;
}

/* ---- JetSetColumnDefaultValue ---- */

/* ErrIsamSetColumnDefaultValue: the database open, the column name, a value (ESE takes
 * no null or zero-length default: JET_errNullInvalid), then the table, its size, the
 * column and the catalog (column_ddl.c). grbit is not looked at. */
static JET_ERR set_default(JET_SESID sesid, JET_DBID dbid, const char *table, const char *column, const void *pv,
                           uint32_t cb)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    uint32_t idb = 0;
    database_writer w;
    bool writing = false;
    char checked[JET_cbNameMost + 1], table_checked[JET_cbNameMost + 1];

    memset(&w, 0, sizeof w);
    CHECK(api_enter_session(sesid, false, &c));
    err = database_check_open(c.ses, dbid, &idb);
    if (err >= 0) err = name_check(column, checked);
    if (err >= 0 && (pv == NULL || cb == 0)) err = JET_errNullInvalid;
    if (err >= 0) {
        err = database_write_begin(c.ses, idb, &w);
        writing = err >= 0;
    }
    if (err >= 0 && table == NULL) err = JET_errInvalidParameter;
    /* the table is opened by name (ErrFILEOpenTable: ErrUTILCheckName) */
    if (err >= 0) err = name_check(table, table_checked);
    if (err >= 0) err = column_ddl_set_default(c.ses, idb, &w, table_checked, checked, pv, cb);
    if (writing) database_write_end(&w);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetSetColumnDefaultValueA(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName,
                                          JET_PCSTR szColumnName, const void *pvData, const uint32_t cbData,
                                          const JET_GRBIT grbit)
{
    (void)grbit;
    return set_default(sesid, dbid, szTableName, szColumnName, pvData, cbData);
}

JET_ERR JET_API JetSetColumnDefaultValueW(JET_SESID sesid, JET_DBID dbid, JET_PCWSTR szTableName,
                                          JET_PCWSTR szColumnName, const void *pvData, const uint32_t cbData,
                                          const JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    char *table = NULL, *column = NULL;
    (void)grbit;
    CHECK(utf16_to_utf8(szTableName, &table));
    CHECK(utf16_to_utf8(szColumnName, &column));
    err = set_default(sesid, dbid, table, column, pvData, cbData);
done:
    compat_free(table);
    compat_free(column);
    return err;
}
