/* currency_scenarios.c: the table the cursor-currency tests work on, and one public-API
 * step per call (see currency_scenarios.h).
 * May call: the public API (esent.h) and the C library. */
#include "currency_scenarios.h"

#include <stdio.h>
#include <string.h>

static JET_ERR add_long(cu_env *e, const char *name, JET_COLUMNID *id)
{
    JET_COLUMNDEF def;
    memset(&def, 0, sizeof def);
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    return JetAddColumnA(e->ses, e->tableid, name, &def, NULL, 0, id);
}

JET_ERR cu_open(cu_env *e, const char *dir)
{
    JET_ERR err;
    char path[1024];
    static int serial; /* unique instance names within this test process */
    char name[64];

    memset(e, 0, sizeof *e);
    snprintf(name, sizeof name, "currency-%d", ++serial);
    snprintf(path, sizeof path, "%scurrency.edb", dir);
    err = JetCreateInstanceA(&e->inst, name);
    if (err < 0) return err;
    JetSetSystemParameterA(&e->inst, 0, JET_paramRecovery, 0, "off");
    JetSetSystemParameterA(&e->inst, 0, JET_paramSystemPath, 0, dir);
    JetSetSystemParameterA(&e->inst, 0, JET_paramLogFilePath, 0, dir);
    JetSetSystemParameterA(&e->inst, 0, JET_paramTempPath, 0, dir);
    if ((err = JetInit(&e->inst)) < 0) goto fail;
    if ((err = JetBeginSessionA(e->inst, &e->ses, "", "")) < 0) goto fail;
    if ((err = JetCreateDatabaseA(e->ses, path, NULL, &e->dbid, 0)) < 0) goto fail;
    if ((err = JetCreateTableA(e->ses, e->dbid, "t", 0, 100, &e->tableid)) < 0) goto fail;
    if ((err = add_long(e, "key", &e->key)) < 0) goto fail;
    if ((err = add_long(e, "data1", &e->data1)) < 0) goto fail;
    if ((err = add_long(e, "data2", &e->data2)) < 0) goto fail;
    if ((err = JetCreateIndexA(e->ses, e->tableid, "primary", JET_bitIndexPrimary, "+key\0", 6, 100)) < 0) goto fail;
    if ((err = JetCreateIndexA(e->ses, e->tableid, "sec", 0, "+data1\0+data2\0", 15, 100)) < 0) goto fail;
    /* the tests start from a cursor JetOpenTable returns */
    if ((err = JetCloseTable(e->ses, e->tableid)) < 0) goto fail;
    e->tableid = 0;
    if ((err = JetOpenTableA(e->ses, e->dbid, "t", NULL, 0, 0, &e->tableid)) < 0) goto fail;
    return JET_errSuccess;
fail:
    cu_close(e);
    return err;
}

void cu_close(cu_env *e)
{
    if (e->inst != 0) JetTerm2(e->inst, JET_bitTermComplete);
    memset(e, 0, sizeof *e);
}

JET_ERR cu_insert(cu_env *e, JET_TABLEID t, int32_t key, int32_t data1, int32_t data2, void *bookmark,
                  uint32_t *cb_bookmark)
{
    JET_ERR err = JetPrepareUpdate(e->ses, t, JET_prepInsert);
    if (err < 0) return err;
    JetSetColumn(e->ses, t, e->key, &key, 4, 0, NULL);
    JetSetColumn(e->ses, t, e->data1, &data1, 4, 0, NULL);
    JetSetColumn(e->ses, t, e->data2, &data2, 4, 0, NULL);
    err = JetUpdate(e->ses, t, bookmark, bookmark != NULL ? *cb_bookmark : 0, cb_bookmark);
    if (err < 0) JetPrepareUpdate(e->ses, t, JET_prepCancel);
    return err;
}

JET_ERR cu_current(cu_env *e, JET_TABLEID t, int32_t *key, int32_t *data1, int32_t *data2)
{
    int32_t v = 0;
    uint32_t cb = 0;
    JET_ERR err = JetRetrieveColumn(e->ses, t, e->key, &v, 4, &cb, 0, NULL);
    if (err < 0) return err;
    if (key != NULL) *key = v;
    if (data1 != NULL && (err = JetRetrieveColumn(e->ses, t, e->data1, data1, 4, &cb, 0, NULL)) < 0) return err;
    if (data2 != NULL && (err = JetRetrieveColumn(e->ses, t, e->data2, data2, 4, &cb, 0, NULL)) < 0) return err;
    return JET_errSuccess;
}

JET_ERR cu_seek(cu_env *e, JET_TABLEID t, int32_t key, JET_GRBIT grbit)
{
    JET_ERR err = JetMakeKey(e->ses, t, &key, 4, JET_bitNewKey);
    if (err < 0) return err;
    return JetSeek(e->ses, t, grbit);
}

JET_ERR cu_seek_sec(cu_env *e, JET_TABLEID t, int32_t data1, int32_t data2, int nseg, JET_GRBIT grbit)
{
    JET_ERR err = JetMakeKey(e->ses, t, &data1, 4, JET_bitNewKey);
    if (err >= 0 && nseg > 1) err = JetMakeKey(e->ses, t, &data2, 4, 0);
    if (err < 0) return err;
    return JetSeek(e->ses, t, grbit);
}

JET_ERR cu_range(cu_env *e, JET_TABLEID t, int32_t k1, int32_t k2, int nseg, JET_GRBIT grbit)
{
    JET_ERR err = JetMakeKey(e->ses, t, &k1, 4, JET_bitNewKey);
    if (err >= 0 && nseg > 1) err = JetMakeKey(e->ses, t, &k2, 4, 0);
    if (err < 0) return err;
    return JetSetIndexRange(e->ses, t, grbit);
}

JET_ERR cu_replace(cu_env *e, JET_TABLEID t, uint32_t prep, int32_t data1, int32_t data2)
{
    JET_ERR err = JetPrepareUpdate(e->ses, t, prep);
    if (err < 0) return err;
    JetSetColumn(e->ses, t, e->data1, &data1, 4, 0, NULL);
    JetSetColumn(e->ses, t, e->data2, &data2, 4, 0, NULL);
    err = JetUpdate(e->ses, t, NULL, 0, NULL);
    if (err < 0) JetPrepareUpdate(e->ses, t, JET_prepCancel);
    return err;
}
