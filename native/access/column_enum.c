/* column_enum.c: JetEnumerateColumns' walk of a record (see column_enum.h); ESE's
 * fldenum.cxx (ErrRECEnumerateAllColumns, ErrRECEnumerateReqColumns, their column and
 * value iterators) and ErrRECCreateColumnReference. */
#include "column_enum.h"

#include <string.h>

#include "compress.h"
#include "dbheader.h"

/* Where a column's values come from: the record, or the table's default record (the
 * columns with a default value; ESE's PdataDefaultRecord). */
typedef enum enum_source { SOURCE_NONE = 0, SOURCE_RECORD, SOURCE_DEFAULT } enum_source;

/* ESE's column reference (CColumnReferenceFormatV1/V2, fldenum.cxx): the format byte,
 * u16 bookmark size, u8 name size, u32 itagSequence, the LID (4 bytes in V1, 8 in V2),
 * the database signature up to its computer name (random and creation time), then the
 * record's bookmark and the column's ASCII name. */
#define COLUMN_REF_V1 1u
#define COLUMN_REF_V2 2u
#define SIGNATURE_REF_CB 12u      /* OffsetOf(SIGNATURE, szComputerName) */
#define DBHEADER_SIGN_DB_IB 24u   /* the header's signDb */

typedef struct enum_ctx {
    db_table *t;
    JET_PFNREALLOC pfn;
    void *ctx;
    uint32_t cb_data_most;
    JET_GRBIT grbit;
    const record_build *copy;   /* JET_bitEnumerateCopy with an update prepared: its copy buffer */
    bool use_defaults;          /* not JET_bitEnumerateIgnoreDefault and the table has defaults */
    bool non_escrow_default;    /* a default on a column that is not an escrow column */
    uint32_t fid_fixed_default; /* the last fixed / variable column with a default (0 / 127: none) */
    uint32_t fid_var_default;
    btree_cursor lv;
    bool lv_open;
    bool have_signature;        /* sign_db read for column references */
    uint8_t signature[SIGNATURE_REF_CB];
} enum_ctx;

static void *xalloc(enum_ctx *e, uint32_t cb)
{
    return e->pfn(e->ctx, NULL, cb);
}

/* The columns' defaults, as ESE's default record holds them. */
static void scan_defaults(enum_ctx *e)
{
    const catalog_table *t = e->t->def;
    bool any = false;
    e->fid_fixed_default = 0;
    e->fid_var_default = FID_VAR_FIRST - 1u;
    e->non_escrow_default = false;
    for (uint32_t i = 0; i < t->ccolumns; i++) {
        const record_column *col = &t->columns[i];
        uint32_t fid = record_column_key(col);
        if (col->default_value == NULL || catalog_column_for(t, col->columnid, &e->t->ses->view) != col) continue;
        any = true;
        if (!(col->grbit & JET_bitColumnEscrowUpdate)) e->non_escrow_default = true;
        if (fid <= FID_FIXED_LAST && fid > e->fid_fixed_default) e->fid_fixed_default = fid;
        if (fid >= FID_VAR_FIRST && fid <= FID_VAR_LAST && fid > e->fid_var_default) e->fid_var_default = fid;
    }
    e->use_defaults = any && !(e->grbit & JET_bitEnumerateIgnoreDefault);
}

/* column_source for the copy buffer (ErrRECIGetRecord with fUseCopyBuffer): the columns
 * the prepared record holds, then the default record. */
static void copy_source(enum_ctx *e, const record_column *col, enum_source *src, uint32_t *count)
{
    const record_build *rb = e->copy;
    uint32_t fid = record_column_key(col);
    bool present = false;

    if (fid <= FID_FIXED_LAST) {
        if (fid <= rb->fid_fixed_last) {
            *src = SOURCE_RECORD;
            *count = (rb->fixed_null[(fid - 1u) / 8u] & (1u << ((fid - 1u) % 8u))) ? 0u : 1u;
        } else if (e->use_defaults && fid <= e->fid_fixed_default) {
            *src = SOURCE_DEFAULT;
            *count = col->default_value != NULL ? 1u : 0u;
        }
    } else if (fid <= FID_VAR_LAST) {
        if (fid <= rb->fid_var_last) {
            *src = SOURCE_RECORD;
            *count = rb->var_null[fid - FID_VAR_FIRST] ? 0u : 1u;
        } else if (e->use_defaults && e->non_escrow_default && fid <= e->fid_var_default) {
            *src = SOURCE_DEFAULT;
            *count = col->default_value != NULL ? 1u : 0u;
        }
    } else {
        for (uint32_t i = 0; i < rb->ctagged && !present; i++) {
            const rb_tagged *te = &rb->tagged[i];
            if (te->derived != col->inherited || te->fid != (fid & 0xffffu)) continue;
            present = true;
            *src = SOURCE_RECORD;
            *count = te->null_entry ? 0u : te->cvalues;
        }
        if (!present && e->use_defaults && e->non_escrow_default && col->default_value != NULL) {
            *src = SOURCE_DEFAULT;
            *count = 1;
        }
    }
}

/* The state of column col for enumeration: where it is found (the record first, then the
 * default record: ESE's iterators) and how many values it has there. */
static JET_ERR column_source(enum_ctx *e, const record_column *col, enum_source *src, uint32_t *count)
{
    JET_ERR err = JET_errSuccess;
    const record_view *rv = &e->t->cur.rv;
    uint32_t fid = record_column_key(col);
    record_state st;
    record_value v;

    *src = SOURCE_NONE;
    *count = 0;
    if (e->copy != NULL) {
        copy_source(e, col, src, count);
        goto done;
    }
    if (fid <= FID_FIXED_LAST) {
        if (fid <= rv->fid_fixed_last) {
            CHECK(record_fixed(rv, fid, col->ib_record_offset, col->cb_max, &st, &v));
            *src = SOURCE_RECORD;
            *count = st == RECORD_VALUE ? 1u : 0u;
        } else if (e->use_defaults && fid <= e->fid_fixed_default) {
            *src = SOURCE_DEFAULT;
            *count = col->default_value != NULL ? 1u : 0u;
        }
    } else if (fid <= FID_VAR_LAST) {
        if (fid <= rv->fid_var_last) {
            CHECK(record_variable(rv, fid, &st, &v));
            *src = SOURCE_RECORD;
            *count = st == RECORD_VALUE ? 1u : 0u;
        } else if (e->use_defaults && e->non_escrow_default && fid <= e->fid_var_default) {
            *src = SOURCE_DEFAULT;
            *count = col->default_value != NULL ? 1u : 0u;
        }
    } else {
        uint32_t n = 0;
        CHECK(record_tagged(rv, fid, 1, &n, &st, &v));
        /* present in the tagged array, even as null */
        if (record_tagged_present(rv, fid)) {
            *src = SOURCE_RECORD;
            *count = n;
        } else if (e->use_defaults && e->non_escrow_default && col->default_value != NULL) {
            *src = SOURCE_DEFAULT;
            *count = 1;
        }
    }
done:
    return err;
}

/* Value seq (1-based) of col from src, decompressed when stored compressed; a separated
 * long value comes back as its id with *separated set. */
static JET_ERR column_raw_value(enum_ctx *e, const record_column *col, enum_source src, uint32_t seq, record_value *v)
{
    JET_ERR err = JET_errSuccess;
    const record_view *rv = &e->t->cur.rv;
    uint32_t fid = record_column_key(col);
    record_state st = RECORD_ABSENT;
    uint32_t n = 0;

    memset(v, 0, sizeof *v);
    if (src == SOURCE_DEFAULT) {
        v->pb = col->default_value;
        v->cb = col->cb_default;
        goto done;
    }
    if (e->copy != NULL) CHECK(record_build_get(e->copy, col, seq, &n, &st, v));
    else if (fid <= FID_FIXED_LAST) CHECK(record_fixed(rv, fid, col->ib_record_offset, col->cb_max, &st, v));
    else if (fid <= FID_VAR_LAST) CHECK(record_variable(rv, fid, &st, v));
    else CHECK(record_tagged(rv, fid, seq, &n, &st, v));
    if (st != RECORD_VALUE) FAIL(JET_errBadItagSequence);
done:
    return err;
}

/* A copy of the bytes of v through the caller's allocator (ESE allocates even 0 bytes and
 * fails with JET_errOutOfMemory when the allocator gives NULL). */
static JET_ERR copy_value(enum_ctx *e, const record_value *v, void **pv_out, uint32_t *cb_out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t cb = v->cb;
    void *p;
    if (v->compressed) CHECK(compress_size(v->pb, v->cb, &cb));
    p = xalloc(e, cb);
    if (p == NULL) FAIL(JET_errOutOfMemory);
    *pv_out = p;
    *cb_out = cb;
    if (v->compressed) {
        uint32_t got = 0;
        err = compress_decompress(v->pb, v->cb, p, cb, &got);
        if (err < 0) goto done;
        err = JET_errSuccess;
    } else if (cb != 0) {
        memcpy(p, v->pb, cb);
    }
done:
    return err;
}

/* A separated long value, at most cb_data_most bytes of it (ErrRECIFetchMissingLVs). */
static JET_ERR copy_long_value(enum_ctx *e, const record_value *v, JET_ENUMCOLUMNVALUE *out)
{
    JET_ERR err = JET_errSuccess;
    uint8_t lid[8];
    uint32_t size = 0, want;
    void *p = NULL;
    if (e->t->def->pgno_lv == 0) FAIL(JET_errLVCorrupted);
    if (!e->lv_open) {
        CHECK(btree_open(&e->lv, e->t->cur.c, e->t->cur.ifile, e->t->def->pgno_lv));
        e->lv_open = true;
    }
    memcpy(lid, v->pb, v->cb);
    CHECK(record_lv_read(&e->lv, lid, v->cb, 0, NULL, 0, &size, NULL));
    want = size < e->cb_data_most ? size : e->cb_data_most;
    if (want != 0) {
        p = xalloc(e, want);
        if (p == NULL) FAIL(JET_errOutOfMemory);
        out->pvData = p;
        CHECK(record_lv_read(&e->lv, lid, v->cb, 0, p, want, &size, NULL));
    }
    out->cbData = want;
    out->err = size > e->cb_data_most ? JET_wrnColumnTruncated : JET_errSuccess;
done:
    return err;
}

/* JET_bitEnumerateAsRefIfNotInRecord: a reference to the separated value v (value seq
 * of col) instead of its bytes, JET_wrnColumnReference (ErrRECCreateColumnReference). A
 * 4-byte LID gives format V1, an 8-byte one V2 (ESE picks by JET_efvLid64, which only
 * databases with 8-byte LIDs have). */
static JET_ERR column_reference(enum_ctx *e, const record_column *col, uint32_t seq, const record_value *v,
                                JET_ENUMCOLUMNVALUE *out)
{
    JET_ERR err = JET_errSuccess;
    const uint8_t *bm = NULL;
    uint32_t cb_bm = 0, cb_name, cb_ref, ib;
    dbheader_image *img = NULL;
    uint8_t *p;

    if (!e->have_signature) {
        database_desc d;
        img = compat_malloc(sizeof *img);
        if (img == NULL) FAIL(JET_errOutOfMemory);
        CHECK(database_describe(e->t->ses, (JET_DBID)(e->t->idb + 1u), &d));
        CHECK(dbheader_read(d.file, img));
        memcpy(e->signature, img->raw + DBHEADER_SIGN_DB_IB, SIGNATURE_REF_CB);
        e->have_signature = true;
    }
    CHECK(cursor_bookmark(&e->t->cur, &bm, &cb_bm));
    cb_name = col->name != NULL ? (uint32_t)strlen(col->name) : 0u;
    if (cb_bm > 0xffffu || cb_name > JET_cbNameMost) FAIL(JET_errInvalidParameter);
    cb_ref = 1u + 2u + 1u + 4u + v->cb + SIGNATURE_REF_CB + cb_bm + cb_name;
    p = xalloc(e, cb_ref);
    if (p == NULL) FAIL(JET_errOutOfMemory);
    out->pvData = p;
    out->cbData = cb_ref;
    out->err = JET_wrnColumnReference;
    p[0] = (uint8_t)(v->cb == 8u ? COLUMN_REF_V2 : COLUMN_REF_V1);
    p[1] = (uint8_t)(cb_bm & 0xffu);
    p[2] = (uint8_t)(cb_bm >> 8);
    p[3] = (uint8_t)cb_name;
    for (ib = 0; ib < 4u; ib++) p[4 + ib] = (uint8_t)(seq >> (8u * ib));
    ib = 8u;
    memcpy(p + ib, v->pb, v->cb); /* the LID as the record stores it: little-endian */
    ib += v->cb;
    memcpy(p + ib, e->signature, SIGNATURE_REF_CB);
    ib += SIGNATURE_REF_CB;
    if (cb_bm != 0) memcpy(p + ib, bm, cb_bm);
    ib += cb_bm;
    if (cb_name != 0) memcpy(p + ib, col->name, cb_name);
done:
    compat_free(img);
    return err;
}

/* One requested value (seq) of a column: fills out->err/cbData/pvData. */
static JET_ERR enum_value(enum_ctx *e, const record_column *col, enum_source src, uint32_t seq,
                          JET_ENUMCOLUMNVALUE *out)
{
    JET_ERR err = JET_errSuccess;
    record_value v;
    CHECK(column_raw_value(e, col, src, seq, &v));
    if (v.separated) {
        if (e->grbit & JET_bitEnumerateInRecordOnly) {
            out->err = JET_wrnColumnNotInRecord;
            goto done;
        }
        if (e->grbit & COLUMN_ENUM_AS_REF) {
            CHECK(column_reference(e, col, seq, &v, out));
            goto done;
        }
        CHECK(copy_long_value(e, &v, out));
        goto done;
    }
    CHECK(copy_value(e, &v, &out->pvData, &out->cbData));
done:
    return err;
}

/* Fills one JET_ENUMCOLUMN for col. req: the caller's request (NULL: every value). */
static JET_ERR enum_column(enum_ctx *e, const record_column *col, const JET_ENUMCOLUMNID *req, JET_ENUMCOLUMN *out)
{
    JET_ERR err = JET_errSuccess;
    enum_source src = SOURCE_NONE;
    uint32_t count = 0, nalloc;
    bool all = req == NULL || req->ctagSequence == 0;
    bool encrypted = false;

    CHECK(column_source(e, col, &src, &count));
    if (src == SOURCE_RECORD && count != 0) {
        record_value v;
        CHECK(column_raw_value(e, col, src, 1, &v));
        encrypted = v.encrypted;
    }
    if (req != NULL && src == SOURCE_NONE && (e->grbit & JET_bitEnumerateIgnoreDefault) && all) {
        out->err = JET_wrnColumnDefault;
        goto done;
    }
    if (count == 0 && all) {
        out->err = JET_wrnColumnNull;
        goto done;
    }
    if ((e->grbit & JET_bitEnumeratePresenceOnly) && all) {
        out->err = JET_wrnColumnPresent;
        goto done;
    }
    if (encrypted) {
        out->err = JET_errColumnNoEncryptionKey;
        goto done;
    }
    if (count == 1 && all && (e->grbit & JET_bitEnumerateCompressOutput)) {
        record_value v;
        CHECK(column_raw_value(e, col, src, 1, &v));
        if (!v.separated) {
            out->err = JET_wrnColumnSingleValue;
            CHECK(copy_value(e, &v, &out->pvData, &out->cbData));
            goto done;
        }
    }
    nalloc = all ? count : req->ctagSequence;
    out->rgEnumColumnValue = xalloc(e, nalloc * (uint32_t)sizeof(JET_ENUMCOLUMNVALUE));
    if (out->rgEnumColumnValue == NULL) FAIL(JET_errOutOfMemory);
    memset(out->rgEnumColumnValue, 0, nalloc * sizeof(JET_ENUMCOLUMNVALUE));
    out->cEnumColumnValue = nalloc;
    for (uint32_t i = 0; i < nalloc; i++) {
        JET_ENUMCOLUMNVALUE *ev = &out->rgEnumColumnValue[i];
        ev->itagSequence = all ? i + 1u : req->rgtagSequence[i];
        if (ev->itagSequence == 0) {
            ev->err = JET_wrnColumnSkipped;
        } else if (ev->itagSequence > count) {
            ev->err = (src == SOURCE_NONE && (e->grbit & JET_bitEnumerateIgnoreDefault)) ? JET_wrnColumnDefault
                                                                                          : JET_wrnColumnNull;
        } else if (e->grbit & JET_bitEnumeratePresenceOnly) {
            ev->err = JET_wrnColumnPresent;
        } else {
            CHECK(enum_value(e, col, src, ev->itagSequence, ev));
        }
    }
done:
    return err;
}

/* Frees what the caller's allocator gave for the first n columns. */
static void enum_free(enum_ctx *e, JET_ENUMCOLUMN *rg, uint32_t n)
{
    if (rg == NULL) return;
    for (uint32_t i = 0; i < n; i++) {
        if (rg[i].err == JET_wrnColumnSingleValue) {
            if (rg[i].pvData != NULL) e->pfn(e->ctx, rg[i].pvData, 0);
            continue;
        }
        for (uint32_t k = 0; rg[i].rgEnumColumnValue != NULL && k < rg[i].cEnumColumnValue; k++)
            if (rg[i].rgEnumColumnValue[k].pvData != NULL) e->pfn(e->ctx, rg[i].rgEnumColumnValue[k].pvData, 0);
        if (rg[i].rgEnumColumnValue != NULL) e->pfn(e->ctx, rg[i].rgEnumColumnValue, 0);
    }
    e->pfn(e->ctx, rg, 0);
}

/* Whether column col is walked when every column is enumerated (ErrRECEnumerateAllColumns'
 * iterators: fixed and variable columns up to the last the record or the default record
 * has, tagged columns the record or the default record holds). */
static JET_ERR column_listed(enum_ctx *e, const record_column *col, bool *listed)
{
    JET_ERR err = JET_errSuccess;
    enum_source src = SOURCE_NONE;
    uint32_t count = 0;
    uint32_t fid = record_column_key(col);
    *listed = false;
    if ((e->grbit & JET_bitEnumerateTaggedOnly) && fid < FID_TAGGED_FIRST) goto done;
    CHECK(column_source(e, col, &src, &count));
    *listed = src != SOURCE_NONE;
done:
    return err;
}

static JET_ERR enumerate(enum_ctx *e, uint32_t creq, const JET_ENUMCOLUMNID *req, uint32_t *pc, JET_ENUMCOLUMN **prg)
{
    JET_ERR err = JET_errSuccess;
    const catalog_table *t = e->t->def;
    JET_ENUMCOLUMN *rg = NULL;
    uint32_t n = 0, cap;
    JET_ERR column_error = JET_errSuccess;

    /* ErrRECIGetRecord: the copy buffer needs no current record */
    if ((e->grbit & JET_bitEnumerateCopy) && e->t->prep != JET_prepCancel) e->copy = &e->t->rb;
    /* ErrDIRGet: a deferred cursor is on its first record */
    if (e->copy == NULL) CHECK(cursor_refresh(&e->t->cur));
    /* ErrRECEnumerateAllColumns / ReqColumns: no references while the storage can change */
    if ((e->grbit & COLUMN_ENUM_AS_REF) && (e->t->prep != JET_prepCancel || e->t->temp != NULL))
        FAIL(JET_errInvalidGrbit);
    scan_defaults(e);
    cap = creq != 0 ? creq : t->ccolumns;
    rg = xalloc(e, cap * (uint32_t)sizeof(JET_ENUMCOLUMN));
    if (rg == NULL) FAIL(JET_errOutOfMemory);
    memset(rg, 0, cap * sizeof(JET_ENUMCOLUMN));
    if (creq != 0) {
        for (n = 0; n < creq; n++) {
            const record_column *col;
            rg[n].columnid = req[n].columnid;
            if (req[n].columnid == 0) {
                rg[n].err = JET_wrnColumnSkipped;
                continue;
            }
            col = catalog_column_for(t, req[n].columnid, &e->t->ses->view);
            if (col == NULL) {
                /* ErrRECIAccessColumn: kept in the output, returned once all are done */
                rg[n].err = (req[n].columnid & 0xffffu) == 0 || (req[n].columnid & 0x7fff0000u) != 0
                                ? JET_errBadColumnId
                                : JET_errColumnNotFound;
                if (column_error == JET_errSuccess) column_error = rg[n].err;
                continue;
            }
            if (req[n].ctagSequence != 0 && req[n].rgtagSequence == NULL) FAIL(JET_errInvalidParameter);
            CHECK(enum_column(e, col, &req[n], &rg[n]));
        }
    } else {
        /* one walk over the columns (by columnid) and the record's tagged array in step:
         * linear in both, however wide the table */
        uint32_t next_tagged = 0;
        for (uint32_t i = 0; i < t->ccolumns; i++) {
            const record_column *col = &t->columns[i];
            bool listed = false;
            /* deleted (JetDeleteColumn), or another session's uncommitted one */
            if (!catalog_column_seen_by(t, col, &e->t->ses->view)) continue;
            /* a tagged column the record has no entry for is listed only for its default
             * (column_source); the copy buffer is asked column by column (copy_source) */
            if (e->copy == NULL && (col->columnid & 0xffffu) >= FID_TAGGED_FIRST &&
                !record_tagged_walk_present(&e->t->cur.rv, &next_tagged, record_column_key(col)) &&
                !(e->use_defaults && e->non_escrow_default && col->default_value != NULL))
                continue;
            CHECK(column_listed(e, &t->columns[i], &listed));
            if (!listed) continue;
            rg[n].columnid = t->columns[i].columnid;
            n++;
            CHECK(enum_column(e, &t->columns[i], NULL, &rg[n - 1u]));
        }
    }
    err = column_error;
    *pc = n;
    *prg = rg;
    rg = NULL;
done:
    if (rg != NULL) enum_free(e, rg, creq != 0 ? creq : n);
    return err;
}

JET_ERR column_enum_record(db_table *t, uint32_t creq, const JET_ENUMCOLUMNID *req, JET_PFNREALLOC pfn, void *ctx,
                           uint32_t cb_data_most, JET_GRBIT grbit, uint32_t *pc, JET_ENUMCOLUMN **prg)
{
    JET_ERR err;
    enum_ctx e;
    memset(&e, 0, sizeof e);
    e.t = t;
    e.pfn = pfn;
    e.ctx = ctx;
    e.cb_data_most = cb_data_most;
    e.grbit = grbit;
    err = enumerate(&e, creq, req, pc, prg);
    if (e.lv_open) btree_close(&e.lv);
    return err;
}
