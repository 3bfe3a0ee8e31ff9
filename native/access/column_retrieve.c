/* column_retrieve.c: JetRetrieveColumn's value of a column (see column_retrieve.h); ESE's
 * ErrRECRetrieveColumn / ErrRECIRetrieveFromIndex (fldext.cxx), the key decoding of
 * RECIRetrieveColumnFromKey (fldnorm.cxx) and TAGFIELDS::ErrScan (tagfld.cxx). */
#include "column_retrieve.h"

#include <string.h>

#include "compress.h"
#include "key.h"

#define INDEX_TUPLES_FIDB 0x1000u /* fidbTuples: the first segment holds substrings */

/* Whether coltyp is variable binary, which keys hold in chunks (ESE's FRECBinaryColumn). */
static bool is_binary_type(uint32_t coltyp)
{
    return coltyp == JET_coltypBinary || coltyp == JET_coltypLongBinary;
}

/* JET_bitRetrieveFromIndex / FromPrimaryBookmark, as ESE's ErrRECIRetrieveFromIndex: the
 * value decoded from the current index entry's key (or the primary key behind it). When
 * the key cannot give it back (text, which lost its case; a key that may have been cut;
 * a Unicode segment before it; clustered order with no primary index; a temporary table)
 * *from_record says to read the record instead, value *itag (the one behind the entry,
 * also worked out for JET_bitRetrieveTag). */
static JET_ERR retrieve_from_index(db_table *t, JET_COLUMNID columnid, void *pv, uint32_t cb, uint32_t *pcb_actual,
                                   JET_GRBIT grbit, uint32_t ib_long_value, uint32_t *itag, bool *from_record)
{
    JET_ERR err = JET_errSuccess;
    const record_index *idx = NULL;
    const record_column *col = NULL;
    const uint8_t *key = NULL;
    uint8_t *value = NULL;
    uint32_t cb_key = 0, iseg, key_most, cb_value = 0, fid = columnid & 0xffffu;
    bool from_pk = false, unicode_before = false, text, chunks, multi, is_null = false, no_short = false;

    *from_record = false;
    if ((grbit & JET_bitRetrieveFromIndex) && (grbit & JET_bitRetrieveFromPrimaryBookmark)) FAIL(JET_errInvalidGrbit);
    if ((columnid & 0x7fff0000u) != 0 || fid == 0) FAIL(JET_errBadColumnId);
    if (!t->cur.secondary) {
        /* clustered order: the primary key itself, when there is one and the cursor is on
         * a record; a sequential table or a sort reads the record (value 1) */
        idx = t->cur.index;
        if (idx == NULL || t->temp != NULL || t->cur.loc != CURSOR_ON_RECORD || t->on_deleted) {
            *itag = 1;
            *from_record = true;
            goto done;
        }
        grbit = JET_bitRetrieveFromIndex;
    } else if (grbit & JET_bitRetrieveFromPrimaryBookmark) {
        idx = catalog_primary_index(t->def);
        if (idx == NULL) FAIL(JET_errColumnNotFound); /* a sequential table's DBK has no columns */
        from_pk = true;
    } else {
        idx = t->cur.index;
    }
    for (iseg = 0; iseg < idx->csegments && iseg < 16u; iseg++) {
        const record_column *sc = catalog_column_by_id(t->def, idx->segments[iseg].columnid);
        if (idx->segments[iseg].columnid == columnid) break;
        if (sc != NULL && (sc->coltyp == JET_coltypText || sc->coltyp == JET_coltypLongText) && sc->codepage == 1200)
            unicode_before = true;
    }
    if (iseg >= idx->csegments || iseg >= 16u) FAIL(JET_errColumnNotFound);
    if ((idx->idb_flags & INDEX_TUPLES_FIDB) && iseg == 0 && !(grbit & JET_bitRetrieveTuple))
        FAIL(JET_errIndexTuplesCannotRetrieveFromIndex);
    col = catalog_column_for(t->def, columnid, &t->ses->view);
    if (col == NULL) FAIL(JET_errColumnNotFound);
    text = col->coltyp == JET_coltypText || col->coltyp == JET_coltypLongText;
    chunks = is_binary_type(col->coltyp) && fid > FID_FIXED_LAST;
    multi = fid >= FID_TAGGED_FIRST && (col->grbit & JET_bitColumnMultiValued) != 0;
    if (t->on_deleted) {
        if (!cursor_record_back(&t->cur)) FAIL(JET_errRecordDeleted);
        t->on_deleted = false;
    }
    if (from_pk) CHECK(cursor_bookmark(&t->cur, &key, &cb_key));
    else CHECK(cursor_key(&t->cur, &key, &cb_key));
    key_most = key_most_of(idx);
    if (unicode_before || text || (cb_key >= key_most && key_most >= JET_cbKeyMostMin)) no_short = true;
    if (!no_short && chunks) {
        /* a VarSegMac below the key-most may have cut the chunks */
        catalog_row_extras xi;
        CHECK(catalog_read_row_extras(t->cur.c, t->cur.ifile, t->def->objid, CATALOG_TYPE_INDEX, idx->objid, &xi));
        if (xi.var_seg_mac != 0 && xi.var_seg_mac < key_most) no_short = true;
    }
    if (!no_short) {
        value = compat_malloc(KEY_BUFFER_MAX);
        if (value == NULL) FAIL(JET_errOutOfMemory);
        CHECK(key_denormalize(t->def, idx, key, cb_key, columnid, value, KEY_BUFFER_MAX, &cb_value, &is_null));
        if (col->coltyp == JET_coltypLongBinary || col->coltyp == JET_coltypLongText)
            cb_value = ib_long_value >= cb_value ? 0 : cb_value - ib_long_value;
        else
            ib_long_value = 0;
        if (pcb_actual != NULL) *pcb_actual = cb_value;
        if (cb_value == 0) {
            if (is_null) err = JET_wrnColumnNull;
        } else {
            if (pv != NULL && cb != 0) memcpy(pv, value + ib_long_value, cb_value < cb ? cb_value : cb);
            if (cb_value > cb) err = JET_wrnBufferTruncated;
        }
    }
    if (no_short || (grbit & JET_bitRetrieveTag)) {
        JET_ERR e = JET_errSuccess;
        *itag = 1;
        if (!from_pk && multi && err != JET_wrnColumnNull) {
            e = cursor_entry_itag(&t->cur, columnid, itag);
            if (e < 0) FAIL(e);
        }
        *from_record = no_short;
    }
done:
    compat_free(value);
    return err;
}

/* JET_bitRetrieveCopy while an update is prepared: the value in the copy buffer. */
static JET_ERR retrieve_copy(db_table *t, JET_COLUMNID columnid, void *pv, uint32_t cb, uint32_t *cb_actual,
                             JET_GRBIT grbit, uint32_t itag_sequence, uint32_t ib_long_value, uint32_t *count)
{
    JET_ERR err = JET_errSuccess;
    const record_column *col = catalog_column_for(t->def, columnid, &t->ses->view);
    record_state st = RECORD_ABSENT;
    record_value v;
    uint32_t n = 0, total = 0;
    uint8_t *buf = NULL;
    const uint8_t *pb = NULL;

    memset(&v, 0, sizeof v);
    CHECK(record_build_get(&t->rb, col, itag_sequence ? itag_sequence : 1u, &n, &st, &v));
    if (count != NULL && itag_sequence == 0) {
        *count = n;
        goto done;
    }
    if (st != RECORD_VALUE || ((grbit & JET_bitRetrieveIgnoreDefault) && st == RECORD_ABSENT)) {
        *cb_actual = 0;
        err = JET_wrnColumnNull;
        goto done;
    }
    pb = v.pb;
    total = v.cb;
    if (v.separated) {
        if (!t->cur.lv_open && t->def->pgno_lv != 0) {
            CHECK(btree_open(&t->cur.lv, t->cur.c, t->cur.ifile, t->def->pgno_lv));
            t->cur.lv_open = true;
        }
        if (!t->cur.lv_open) FAIL(JET_errLVCorrupted);
        CHECK(record_lv_read(&t->cur.lv, v.pb, v.cb, 0, NULL, 0, &total, NULL));
        buf = compat_malloc(total ? total : 1u);
        if (buf == NULL) FAIL(JET_errOutOfMemory);
        CHECK(record_lv_read(&t->cur.lv, v.pb, v.cb, 0, buf, total, &total, NULL));
        pb = buf;
    } else if (v.compressed) {
        /* a compressed value loaded from the stored record: expanded as the record's is */
        uint32_t got = 0;
        CHECK(compress_size(v.pb, v.cb, &total));
        buf = compat_malloc(total ? total : 1u);
        if (buf == NULL) FAIL(JET_errOutOfMemory);
        CHECK(compress_decompress(v.pb, v.cb, buf, total, &got));
        if (got != total) FAIL(JET_errDecompressionFailed);
        pb = buf;
    }
    if (ib_long_value > total) ib_long_value = total;
    *cb_actual = total - ib_long_value;
    if (pv != NULL && cb != 0) memcpy(pv, pb + ib_long_value, *cb_actual < cb ? *cb_actual : cb);
    if (*cb_actual > cb) err = JET_wrnBufferTruncated;
done:
    compat_free(buf);
    return err;
}

/* The tagged-column scan of the copy buffer (TAGFIELDS::ErrScan on ESE's dataWorkBuf),
 * with the rules cursor_scan_tagged applies to a stored record: the n-th tagged value
 * in columnid order (n 0: count them into *count), a default for a column the buffer
 * lacks unless JET_bitRetrieveIgnoreDefault (escrow columns' defaults are not), an
 * explicit null only with JET_bitRetrieveNull. */
static void copy_scan_tagged(const db_table *t, uint32_t n, JET_GRBIT grbit, JET_COLUMNID *columnid, uint32_t *itag,
                             bool *set_null, uint32_t *count)
{
    const catalog_table *def = t->def;
    uint32_t seen = 0;

    *columnid = 0;
    *itag = 0;
    *set_null = false;
    for (uint32_t i = 0; i < def->ccolumns; i++) {
        const record_column *col = &def->columns[i];
        const rb_tagged *e = NULL;
        uint32_t fid = col->columnid & 0xffffu, values = 0;
        if (fid < FID_TAGGED_FIRST) continue;
        /* a column another session's uncommitted DDL hides is not seen */
        if (catalog_column_for(def, col->columnid, &t->ses->view) != col) continue;
        for (uint32_t k = 0; k < t->rb.ctagged; k++) {
            if (t->rb.tagged[k].fid == fid && t->rb.tagged[k].derived == col->inherited) {
                e = &t->rb.tagged[k];
                break;
            }
        }
        if (e != NULL && e->null_entry) {
            if (!(grbit & JET_bitRetrieveNull)) continue;
            if (n != 0 && seen + 1u == n) {
                *columnid = col->columnid;
                *itag = 1;
                *set_null = true;
                return;
            }
            seen++;
            continue;
        }
        if (e != NULL) values = e->cvalues;
        if (values == 0) {
            if (col->default_value == NULL || (grbit & JET_bitRetrieveIgnoreDefault) ||
                (col->grbit & JET_bitColumnEscrowUpdate))
                continue;
            values = 1;
        }
        if (n != 0 && n - seen <= values) {
            *columnid = col->columnid;
            *itag = n - seen;
            return;
        }
        seen += values;
    }
    if (count != NULL) *count = seen;
}

/* The tagged-column scan (columnid 0): value itag_sequence of the record across its
 * tagged columns; *next gets the column it came from (0: none). */
static JET_ERR retrieve_scan(db_table *t, void *pv, uint32_t cb, uint32_t *pcb_actual, JET_GRBIT grbit,
                             uint32_t itag_sequence, uint32_t ib_long_value, JET_COLUMNID *next)
{
    JET_ERR err = JET_errSuccess;
    JET_COLUMNID found = 0;
    uint32_t itag = 0, cb_actual = 0;
    bool set_null = false;

    bool copy = (grbit & JET_bitRetrieveCopy) && t->prep != JET_prepCancel;

    if (copy) copy_scan_tagged(t, itag_sequence, grbit, &found, &itag, &set_null, NULL);
    else CHECK(cursor_scan_tagged(&t->cur, itag_sequence, grbit, &found, &itag, &set_null, NULL));
    *next = found;
    if (found == 0 || set_null) {
        if (pcb_actual != NULL) *pcb_actual = 0;
        err = found == 0 ? JET_wrnColumnNull : JET_wrnColumnSetNull;
        goto done;
    }
    if (copy) err = retrieve_copy(t, found, pv, cb, &cb_actual, grbit, itag, ib_long_value, NULL);
    else err = cursor_retrieve(&t->cur, found, itag, ib_long_value, pv, cb, &cb_actual, grbit);
    if (err >= 0 && pcb_actual != NULL) *pcb_actual = cb_actual;
done:
    return err;
}

JET_ERR column_retrieve(db_table *t, JET_COLUMNID columnid, void *pv, uint32_t cb, uint32_t *pcb_actual,
                        JET_GRBIT grbit, uint32_t *itag_io, uint32_t ib_long_value, uint32_t *count, bool *itag_changed,
                        JET_COLUMNID *next)
{
    JET_ERR err = JET_errSuccess;
    uint32_t cb_actual = 0, itag_sequence = *itag_io;
    bool from_record = true;

    *itag_changed = false;
    *next = columnid;
    if (grbit & (JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark)) {
        uint32_t itag = itag_sequence;
        err = retrieve_from_index(t, columnid, pv, cb, pcb_actual, grbit, ib_long_value, &itag, &from_record);
        if (err < 0) goto done;
        if (from_record || (grbit & JET_bitRetrieveTag)) {
            *itag_io = itag;
            *itag_changed = true;
        }
        if (!from_record) goto done;
        itag_sequence = itag;
        err = JET_errSuccess;
    }
    if (columnid == 0) {
        if (itag_sequence == 0) {
            /* JetRetrieveColumns counts the record's tagged values; JetRetrieveColumn cannot */
            JET_COLUMNID none = 0;
            uint32_t itag = 0;
            bool set_null = false;
            if (count == NULL) FAIL(JET_errBadItagSequence);
            if ((grbit & JET_bitRetrieveCopy) && t->prep != JET_prepCancel) {
                copy_scan_tagged(t, 0, grbit, &none, &itag, &set_null, count);
            } else {
                if (t->on_deleted && !cursor_record_back(&t->cur)) FAIL(JET_errRecordDeleted);
                t->on_deleted = false;
                CHECK(cursor_scan_tagged(&t->cur, 0, grbit, &none, &itag, &set_null, count));
            }
            *next = 0;
            if (pcb_actual != NULL) *pcb_actual = 0;
            goto done;
        }
        if (t->on_deleted && !((grbit & JET_bitRetrieveCopy) && t->prep != JET_prepCancel)) {
            if (!cursor_record_back(&t->cur)) FAIL(JET_errRecordDeleted);
            t->on_deleted = false;
        }
        err = retrieve_scan(t, pv, cb, pcb_actual, grbit, itag_sequence, ib_long_value, next);
        goto done;
    }
    /* ErrRECIAccessColumn comes before the record is fetched: a bad id wins over no currency */
    if (catalog_column_for(t->def, columnid, &t->ses->view) == NULL) FAIL(JET_errColumnNotFound);
    if ((grbit & JET_bitRetrieveCopy) && t->prep != JET_prepCancel) {
        CHECK(retrieve_copy(t, columnid, pv, cb, &cb_actual, grbit, itag_sequence, ib_long_value, count));
        if (pcb_actual != NULL) *pcb_actual = cb_actual;
        goto done;
    }
    if (t->on_deleted) {
        /* deleted through this cursor: current again once its key is re-inserted (ESE
         * un-deletes the node the cursor stands on) */
        if (!cursor_record_back(&t->cur)) FAIL(JET_errRecordDeleted);
        t->on_deleted = false;
    }
    if (count != NULL && itag_sequence == 0) {
        CHECK(cursor_value_count(&t->cur, columnid, count));
        goto done;
    }
    err = cursor_retrieve(&t->cur, columnid, itag_sequence, ib_long_value, pv, cb, &cb_actual, grbit);
    if (err >= 0 && pcb_actual != NULL) *pcb_actual = cb_actual;
done:
    return err;
}
