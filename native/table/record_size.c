/* record_size.c: the size of a record as JetGetRecordSize counts it (see record_size.h);
 * ESE's ErrRECIGetRecordSize and the tagged-column iterators' ErrGetColumnSize
 * (fldenum.cxx), ErrRECGetLVSize (lv.cxx). */
#include "record_size.h"

#include <string.h>

#include "compress.h"
#include "lv.h"
#include "page.h"
#include "record_layout.h"

/* Sizes of the ESE structures the record size is counted with. */
#define CB_TAGFLD_HEADER 1u
#define CB_TWOVALUES_LENGTH 1u

static bool column_can_be_separated(const record_tagged_entry *te)
{
    return (te->header & TAGGED_LONG_VALUE) != 0;
}

/* A separated long value (ErrRECGetLVSize): the root's size, then the chunks. */
static JET_ERR lv_size(table_cursor *cur, btree_cursor *lv, bool *lv_open, const record_value *v, JET_GRBIT grbit, record_size *rs)
{
    JET_ERR err = JET_errSuccess;
    record_lv_stats st;
    uint32_t cb_key = cur->primary.cb_key;
    if (cur->table->pgno_lv == 0) FAIL(JET_errLVCorrupted);
    if (!*lv_open) {
        CHECK(btree_open(lv, cur->c, cur->ifile, cur->table->pgno_lv));
        *lv_open = true;
    }
    CHECK(record_lv_stat(lv, v->pb, v->cb, &st));
    rs->r.cbLongValueData += st.cb_logical;
    rs->r.cbLongValueOverhead += PAGE_TAG_CB + PAGE_KEY_LENGTH_CB + st.cb_root_key + st.cb_root_data;
    if (grbit & RECORD_SIZE_EXTRINSIC_LOGICAL_ONLY) {
        rs->r.cbLongValueDataCompressed += st.cb_logical;
        goto done;
    }
    rs->r.cbLongValueDataCompressed += st.cb_physical;
    /* ESE counts each chunk's key with the size of the record's key (lv.cxx) */
    rs->r.cbLongValueOverhead += (uint64_t)st.cchunks * (PAGE_TAG_CB + PAGE_KEY_LENGTH_CB + cb_key);
done:
    return err;
}

/* What is measured: a record's layout, and when it is the copy buffer's image the
 * builder whose long values encoding will separate (record_build_image). */
typedef struct size_source {
    const record_view *rv;
    record_build *rb;        /* NULL: the stored record */
    uint32_t cb_page;
} size_source;

/* Whether the ivalue-th value of tagged entry i of the copy buffer is a long value the
 * update will move to the LV tree; *cb gets its size. */
static bool value_pending_lv(const size_source *src, uint32_t i, uint32_t ivalue, uint32_t *cb)
{
    const rb_value *v;
    if (src->rb == NULL || i >= src->rb->ctagged || ivalue >= src->rb->tagged[i].cvalues) return false;
    v = &src->rb->tagged[i].values[ivalue];
    if (!v->to_separate || v->separated) return false;
    *cb = v->cb;
    return true;
}

/* A long value the update will separate, counted as lv_size would count it once stored
 * (lv.h: a root {refcount, size} keyed by the 4-byte LID, then the chunks). */
static void pending_lv_size(const table_cursor *cur, uint32_t cb, uint32_t cb_page, JET_GRBIT grbit, record_size *rs)
{
    uint32_t chunk = lv_chunk_size(cb_page);
    uint64_t cchunks = chunk != 0 ? ((uint64_t)cb + chunk - 1u) / chunk : 0u;
    rs->r.cbLongValueData += cb;
    rs->r.cbLongValueDataCompressed += cb;
    rs->r.cbLongValueOverhead += PAGE_TAG_CB + PAGE_KEY_LENGTH_CB + LV_LID_CB + LV_ROOT_CB;
    if (!(grbit & RECORD_SIZE_EXTRINSIC_LOGICAL_ONLY))
        rs->r.cbLongValueOverhead += cchunks * (PAGE_TAG_CB + PAGE_KEY_LENGTH_CB + cur->primary.cb_key);
}

/* One separated value of tagged entry i (value ivalue, 0-based), stored or pending. */
static JET_ERR separated_size(table_cursor *cur, btree_cursor *lv, bool *lv_open, const size_source *src, uint32_t i,
                              uint32_t ivalue, const record_value *v, JET_GRBIT grbit, record_size *rs)
{
    JET_ERR err = JET_errSuccess;
    uint32_t cb_pending = 0;
    if (grbit & JET_bitRecordSizeLocal) goto done;
    if (value_pending_lv(src, i, ivalue, &cb_pending)) pending_lv_size(cur, cb_pending, src->cb_page, grbit, rs);
    else CHECK(lv_size(cur, lv, lv_open, v, grbit, rs));
done:
    return err;
}

/* One tagged column of the record (the CTaggedColumnIter value iterators' ErrGetColumnSize). */
static JET_ERR tagged_size(table_cursor *cur, btree_cursor *lv, bool *lv_open, const size_source *src, uint32_t i,
                           JET_GRBIT grbit, record_size *rs)
{
    JET_ERR err = JET_errSuccess;
    const record_view *rv = src->rv;
    record_tagged_entry te;
    record_state st;
    record_value v;
    uint32_t n = 0;

    CHECK(record_tagged_at(rv, i, &te));
    rs->r.cTaggedColumns++;
    if (te.null) {
        rs->r.cbOverhead += TAGGED_ENTRY_CB;
        goto done;
    }
    CHECK(record_tagged(rv, record_tagged_entry_key(&te), 1, &n, &st, &v));
    if (te.has_header && (te.header & TAGGED_TWO_VALUES)) {
        record_value v2;
        CHECK(record_tagged(rv, record_tagged_entry_key(&te), 2, &n, &st, &v2));
        rs->r.cbData += (uint64_t)v.cb + v2.cb;
        rs->r.cbDataCompressed += (uint64_t)v.cb + v2.cb;
        rs->r.cbOverhead += TAGGED_ENTRY_CB + CB_TAGFLD_HEADER + CB_TWOVALUES_LENGTH;
        rs->r.cMultiValues++;
    } else if (te.has_header && (te.header & TAGGED_MULTI_VALUES)) {
        if (column_can_be_separated(&te)) {
            rs->r.cbOverhead += TAGGED_ENTRY_CB + CB_TAGFLD_HEADER + 2u * n;
            for (uint32_t k = 1; k <= n; k++) {
                uint32_t cb = 0;
                CHECK(record_tagged(rv, record_tagged_entry_key(&te), k, &n, &st, &v));
                if (v.separated) {
                    CHECK(separated_size(cur, lv, lv_open, src, i, k - 1u, &v, grbit, rs));
                    rs->r.cbOverhead += v.cb;
                    rs->r.cLongValues++;
                    continue;
                }
                cb = v.cb;
                if (v.compressed && !(grbit & RECORD_SIZE_INTRINSIC_PHYSICAL_ONLY)) CHECK(compress_size(v.pb, v.cb, &cb));
                rs->r.cbData += cb;
                rs->r.cbDataCompressed += v.cb;
                rs->cb_intrinsic_lv += cb;
                rs->cb_intrinsic_lv_compressed += v.cb;
                rs->c_intrinsic_lv++;
            }
        } else {
            /* the values' bytes: the entry less its header byte and offsets */
            rs->r.cbOverhead += TAGGED_ENTRY_CB + CB_TAGFLD_HEADER + 2u * n;
            rs->r.cbData += te.cb - CB_TAGFLD_HEADER - 2u * n;
            rs->r.cbDataCompressed += te.cb - CB_TAGFLD_HEADER - 2u * n;
        }
        rs->r.cMultiValues += n - 1u;
    } else {
        bool sep_able = te.has_header && column_can_be_separated(&te);
        if (v.separated) {
            CHECK(separated_size(cur, lv, lv_open, src, i, 0, &v, grbit, rs));
            rs->r.cbOverhead += TAGGED_ENTRY_CB + CB_TAGFLD_HEADER + v.cb;
            rs->r.cLongValues++;
        } else {
            uint32_t cb = v.cb;
            rs->r.cbOverhead += TAGGED_ENTRY_CB + (sep_able ? CB_TAGFLD_HEADER : 0u);
            if (v.encrypted) FAIL(JET_errColumnNoEncryptionKey);
            if (v.compressed && !(grbit & RECORD_SIZE_INTRINSIC_PHYSICAL_ONLY)) CHECK(compress_size(v.pb, v.cb, &cb));
            rs->r.cbData += cb;
            rs->r.cbDataCompressed += v.cb;
            if (sep_able) {
                rs->cb_intrinsic_lv += cb;
                rs->cb_intrinsic_lv_compressed += v.cb;
                rs->c_intrinsic_lv++;
            }
        }
    }
done:
    return err;
}

/* ErrRECIGetRecordSize on one record: cb_key is the key ESE counts. */
static JET_ERR measure(table_cursor *cur, const size_source *src, uint32_t cb_key, JET_GRBIT grbit, record_size *rs)
{
    JET_ERR err = JET_errSuccess;
    const record_view *rv = src->rv;
    uint32_t cfixed, cvar, cb_bitmap, cb_var_data = 0;
    btree_cursor lv;
    bool lv_open = false;

    memset(&lv, 0, sizeof lv);
    cfixed = rv->fid_fixed_last;
    cvar = rv->fid_var_last - (FID_VAR_FIRST - 1u);
    cb_bitmap = (cfixed + 7u) / 8u;
    if (cvar != 0) cb_var_data = rv->ib_tagged - rv->ib_var_data;
    rs->r.cbOverhead += PAGE_TAG_CB + PAGE_KEY_LENGTH_CB + RECORD_HEADER_CB;
    rs->r.cbOverhead += cb_key;
    rs->r.cbOverhead += cb_bitmap + 2u * cvar;
    rs->r.cbData += (uint64_t)(rv->ib_end_fixed - RECORD_HEADER_CB - cb_bitmap) + cb_var_data;
    rs->r.cbDataCompressed += (uint64_t)(rv->ib_end_fixed - RECORD_HEADER_CB - cb_bitmap) + cb_var_data;
    rs->r.cNonTaggedColumns += cfixed + cvar;
    for (uint32_t i = 0; i < rv->ctagged; i++) CHECK(tagged_size(cur, &lv, &lv_open, src, i, grbit, rs));
done:
    if (lv_open) btree_close(&lv);
    return err;
}

JET_ERR record_size_of_record(table_cursor *cur, JET_GRBIT grbit, record_size *rs)
{
    JET_ERR err = JET_errSuccess;
    size_source src;
    memset(&src, 0, sizeof src);
    CHECK(cursor_refresh(cur));
    src.rv = &cur->rv;
    CHECK(measure(cur, &src, cur->primary.cb_key, grbit, rs));
done:
    return err;
}

JET_ERR record_size_of_copy(table_cursor *cur, record_build *rb, uint32_t cb_key, JET_GRBIT grbit, record_size *rs)
{
    JET_ERR err = JET_errSuccess;
    size_source src;
    record_view rv;
    uint8_t *image = NULL;
    uint32_t cb_image = 0;

    memset(&src, 0, sizeof src);
    CHECK(record_build_image(rb, &image, &cb_image));
    CHECK(record_open(image, cb_image, rb->large_pages, &rv));
    src.rv = &rv;
    src.rb = rb;
    src.cb_page = rb->cb_page;
    CHECK(measure(cur, &src, cb_key, grbit, rs));
done:
    record_build_image_done(rb);
    compat_free(image);
    return err;
}
