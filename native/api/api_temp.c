/* api_temp.c: the temporary-table entry points: JetOpenTempTable, JetOpenTempTable2,
 * JetOpenTempTable3, JetOpenTemporaryTable, JetOpenTemporaryTable2 (jetapi.cxx's
 * JetOpenTempTableEx / Ex1 and their callers); the work is in temp_table.c. */
/* coverage: JetOpenTempTable partial: cbVarSegMac is kept but keys are not cut at it; sorts are B+-trees (no JET_wrnSortOverflow) */
/* coverage: JetOpenTempTable2 partial: as JetOpenTempTable */
/* coverage: JetOpenTempTable3 partial: as JetOpenTempTable */
/* coverage: JetOpenTemporaryTable partial: as JetOpenTempTable */
/* coverage: JetOpenTemporaryTable2 partial: as JetOpenTempTable */
#include "api_enter.h"
#include "temp_table.h"

/* JetOpenTempTableEx: FEnter, then ErrIsamOpenTempTable. Pointers ESE would write
 * through without a check are JET_errInvalidParameter here. */
static JET_ERR open_temp(JET_SESID sesid, temp_table_spec *spec, JET_TABLEID *ptableid)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, false, &c));
    if (ptableid == NULL || (spec->ccolumns > 0 && (spec->columns == NULL || spec->columnids == NULL)))
        err = JET_errInvalidParameter;
    else
        err = temp_table_open(c.ses, spec, ptableid);
    api_leave_session(&c);
done:
    return err;
}

/* JetOpenTempTableEx1: a JET_UNICODEINDEX gives an lcid. */
static void spec_init(temp_table_spec *spec, const JET_COLUMNDEF *prgcolumndef, uint32_t ccolumn, JET_GRBIT grbit,
                      JET_COLUMNID *prgcolumnid)
{
    spec->columns = prgcolumndef;
    spec->ccolumns = ccolumn;
    spec->has_unicode = false;
    spec->lcid = 0;
    spec->locale = NULL;
    spec->map_flags = 0;
    spec->lcid_only = false;
    spec->grbit = grbit;
    spec->columnids = prgcolumnid;
    spec->cb_key_most = 0;
    spec->cb_var_seg_mac = 0;
}

static void spec_unicode1(temp_table_spec *spec, const JET_UNICODEINDEX *pidxunicode)
{
    if (pidxunicode == NULL) return;
    spec->has_unicode = true;
    spec->lcid = pidxunicode->lcid;
    spec->map_flags = pidxunicode->dwMapFlags;
}

JET_ERR JET_API JetOpenTempTable(JET_SESID sesid, const JET_COLUMNDEF *prgcolumndef, uint32_t ccolumn,
                                 JET_GRBIT grbit, JET_TABLEID *ptableid, JET_COLUMNID *prgcolumnid)
{
    temp_table_spec spec;
    spec_init(&spec, prgcolumndef, ccolumn, grbit, prgcolumnid);
    return open_temp(sesid, &spec, ptableid);
}

/* lcid 0 (lcidNone) is the instance's default locale. */
JET_ERR JET_API JetOpenTempTable2(JET_SESID sesid, const JET_COLUMNDEF *prgcolumndef, uint32_t ccolumn,
                                  uint32_t lcid, JET_GRBIT grbit, JET_TABLEID *ptableid, JET_COLUMNID *prgcolumnid)
{
    temp_table_spec spec;
    spec_init(&spec, prgcolumndef, ccolumn, grbit, prgcolumnid);
    if (lcid != 0) {
        spec.has_unicode = true;
        spec.lcid_only = true;
        spec.lcid = lcid;
    }
    return open_temp(sesid, &spec, ptableid);
}

JET_ERR JET_API JetOpenTempTable3(JET_SESID sesid, const JET_COLUMNDEF *prgcolumndef, uint32_t ccolumn,
                                  JET_UNICODEINDEX *pidxunicode, JET_GRBIT grbit, JET_TABLEID *ptableid,
                                  JET_COLUMNID *prgcolumnid)
{
    temp_table_spec spec;
    spec_init(&spec, prgcolumndef, ccolumn, grbit, prgcolumnid);
    spec_unicode1(&spec, pidxunicode);
    return open_temp(sesid, &spec, ptableid);
}

/* JetOpenTemporaryTable(2): the session is validated before cbStruct is checked. */
static JET_ERR check_struct(JET_SESID sesid, const void *p, uint32_t cb_struct, uint32_t cb_want)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, false, &c));
    api_leave_session(&c);
    if (p == NULL || cb_struct != cb_want) FAIL(JET_errInvalidParameter);
done:
    return err;
}

JET_ERR JET_API JetOpenTemporaryTable(JET_SESID sesid, JET_OPENTEMPORARYTABLE *popentemporarytable)
{
    JET_ERR err = JET_errSuccess;
    temp_table_spec spec;
    JET_OPENTEMPORARYTABLE *o = popentemporarytable;
    CHECK(check_struct(sesid, o, o ? o->cbStruct : 0, (uint32_t)sizeof *o));
    spec_init(&spec, o->prgcolumndef, o->ccolumn, o->grbit, o->prgcolumnid);
    spec_unicode1(&spec, o->pidxunicode);
    spec.cb_key_most = o->cbKeyMost;
    spec.cb_var_seg_mac = o->cbVarSegMac;
    err = open_temp(sesid, &spec, &o->tableid);
done:
    return err;
}

JET_ERR JET_API JetOpenTemporaryTable2(JET_SESID sesid, JET_OPENTEMPORARYTABLE2 *popentemporarytable)
{
    JET_ERR err = JET_errSuccess;
    temp_table_spec spec;
    JET_OPENTEMPORARYTABLE2 *o = popentemporarytable;
    CHECK(check_struct(sesid, o, o ? o->cbStruct : 0, (uint32_t)sizeof *o));
    spec_init(&spec, o->prgcolumndef, o->ccolumn, o->grbit, o->prgcolumnid);
    if (o->pidxunicode != NULL) {
        spec.has_unicode = true;
        spec.locale = o->pidxunicode->szLocaleName;
        spec.map_flags = o->pidxunicode->dwMapFlags;
    }
    spec.cb_key_most = o->cbKeyMost;
    spec.cb_var_seg_mac = o->cbVarSegMac;
    err = open_temp(sesid, &spec, &o->tableid);
done:
    return err;
}
