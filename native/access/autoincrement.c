/* autoincrement.c: a table's autoincrement values (see autoincrement.h); ESE's
 * ErrRECIGetAndIncrAutoincrement, ErrRECISetAutoincrement (recupd.cxx) and
 * ErrRECRetrieveAndReserveAutoInc. */
#include "autoincrement.h"

#include <string.h>

const record_column *autoincrement_column(const catalog_table *def)
{
    for (uint32_t i = 0; i < def->ccolumns; i++)
        if (def->columns[i].grbit & JET_bitColumnAutoincrement) return &def->columns[i];
    return NULL;
}

/* The next value of t's table (ErrRECIGetAndIncrAutoincrement). */
static JET_ERR next_value(db_table *t, const record_column *col, uint64_t *out)
{
    JET_ERR err = JET_errSuccess;
    catalog_table *def = (catalog_table *)t->def;
    table_cursor scan;
    bool open = false;
    uint64_t next;

    if (!def->autoinc_known) {
        uint64_t most = 0;
        CHECK(cursor_open(&scan, t->cur.c, t->cur.ifile, def, NULL));
        open = true;
        for (err = cursor_move(&scan, (int32_t)JET_MoveFirst); err >= 0; err = cursor_move(&scan, 1)) {
            uint8_t b[8] = {0};
            uint32_t cb = 0;
            uint64_t x = 0;
            JET_ERR e = cursor_retrieve(&scan, col->columnid, 1, 0, b, sizeof b, &cb, 0);
            if (e < 0) FAIL(e);
            if (e == JET_wrnColumnNull) continue;
            for (uint32_t k = 0; k < cb && k < 8; k++) x |= (uint64_t)b[k] << (8 * k);
            if (col->coltyp == JET_coltypLong && (x & 0x80000000u)) continue; /* negative */
            if (x > most) most = x;
        }
        if (err != JET_errNoCurrentRecord) CHECK(err);
        err = JET_errSuccess;
        def->autoinc_last = most;
        def->autoinc_known = true;
    }
    next = def->autoinc_last + 1u;
    if (col->coltyp == JET_coltypLong && next > 0x7fffffffu) FAIL(JET_errOutOfAutoincrementValues);
    def->autoinc_last = next;
    *out = next;
done:
    if (open) cursor_close(&scan);
    return err;
}

JET_ERR autoincrement_set(db_table *t)
{
    JET_ERR err = JET_errSuccess;
    const record_column *col = autoincrement_column(t->def);
    uint64_t next = 0;
    uint8_t v[8];

    if (col == NULL) return JET_errSuccess;
    CHECK(next_value(t, col, &next));
    for (uint32_t k = 0; k < 8; k++) v[k] = (uint8_t)(next >> (8 * k));
    CHECK(record_build_set(&t->rb, col, v, col->coltyp == JET_coltypLong ? 4u : 8u, 0, 1, 0, NULL));
done:
    return err;
}

JET_ERR autoincrement_reserve(db_table *t, void *pv, uint32_t cb)
{
    JET_ERR err = JET_errSuccess;
    const record_column *col = autoincrement_column(t->def);
    uint64_t next = 0;
    uint32_t cb_col;

    if (pv == NULL) FAIL(JET_errInvalidParameter);
    if (col == NULL || col->default_value != NULL) FAIL(JET_errInvalidOperation);
    cb_col = col->coltyp == JET_coltypLong ? 4u : 8u;
    if (cb != cb_col) FAIL(JET_errInvalidBufferSize);
    CHECK(next_value(t, col, &next));
    if (cb_col == 4u) {
        uint32_t v32 = (uint32_t)next;
        memcpy(pv, &v32, sizeof v32);
    } else {
        memcpy(pv, &next, sizeof next);
    }
done:
    return err;
}
