/* dbheader.c: decoding, encoding, checksum and resilient reading of the EDB database
 * header (page 0 and its shadow), and the header checks of an attach. */
#include "dbheader.h"
#include "jet_error.h"

#include <string.h>

#include "byte_order.h"
#include "page.h"
#include "page_checksum.h"

/* Attach errors Windows' header does not name (values from ESE's jethdr.w). */
#ifndef JET_errDatabaseIncompleteIncrementalReseed
#define JET_errDatabaseIncompleteIncrementalReseed (-1226)
#endif
#ifndef JET_errDatabaseIncompleteRevert
#define JET_errDatabaseIncompleteRevert (-1935)
#endif

/* ---- the composite fields ---- */

static db_logtime get_logtime(const uint8_t *p, uint32_t off)
{
    db_logtime t;
    t.seconds = p[off];
    t.minutes = p[off + 1];
    t.hours = p[off + 2];
    t.day = p[off + 3];
    t.month = p[off + 4];
    t.year = p[off + 5];
    t.ms_low_utc = p[off + 6];
    t.ms_high_flags = p[off + 7];
    return t;
}

static void put_logtime(uint8_t *p, uint32_t off, const db_logtime *t)
{
    p[off] = t->seconds;
    p[off + 1] = t->minutes;
    p[off + 2] = t->hours;
    p[off + 3] = t->day;
    p[off + 4] = t->month;
    p[off + 5] = t->year;
    p[off + 6] = t->ms_low_utc;
    p[off + 7] = t->ms_high_flags;
}

static db_lgpos get_lgpos(const uint8_t *p, uint32_t off)
{
    db_lgpos l;
    l.ib = byte_order_get_le16(p + off);
    l.isec = byte_order_get_le16(p + off + 2);
    l.generation = (int32_t)byte_order_get_le32(p + off + 4);
    return l;
}

static void put_lgpos(uint8_t *p, uint32_t off, const db_lgpos *l)
{
    byte_order_put_le16(p + off, l->ib);
    byte_order_put_le16(p + off + 2, l->isec);
    byte_order_put_le32(p + off + 4, (uint32_t)l->generation);
}

static db_signature get_signature(const uint8_t *p, uint32_t off)
{
    db_signature s;
    s.random = byte_order_get_le32(p + off);
    s.create = get_logtime(p, off + 4);
    memcpy(s.computer_name, p + off + 12, sizeof s.computer_name);
    return s;
}

static void put_signature(uint8_t *p, uint32_t off, const db_signature *s)
{
    byte_order_put_le32(p + off, s->random);
    put_logtime(p, off + 4, &s->create);
    memcpy(p + off + 12, s->computer_name, sizeof s->computer_name);
}

static db_bkinfo get_bkinfo(const uint8_t *p, uint32_t off)
{
    db_bkinfo b;
    b.mark = get_lgpos(p, off);
    b.time_mark = get_logtime(p, off + 8);
    b.gen_low = byte_order_get_le32(p + off + 16);
    b.gen_high = byte_order_get_le32(p + off + 20);
    return b;
}

static void put_bkinfo(uint8_t *p, uint32_t off, const db_bkinfo *b)
{
    put_lgpos(p, off, &b->mark);
    put_logtime(p, off + 8, &b->time_mark);
    byte_order_put_le32(p + off + 16, b->gen_low);
    byte_order_put_le32(p + off + 20, b->gen_high);
}

uint32_t dbheader_logtime_milliseconds(const db_logtime *t)
{
    return (uint32_t)(t->ms_low_utc >> 1) | (uint32_t)((t->ms_high_flags >> 1) & 7u) << 7;
}

bool dbheader_logtime_is_utc(const db_logtime *t)
{
    return (t->ms_low_utc & 1u) != 0;
}

bool dbheader_logtime_is_set(const db_logtime *t)
{
    /* As ESE: the UTC flag alone marks a time as set; otherwise any non-zero field. */
    if (dbheader_logtime_is_utc(t)) return true;
    return t->seconds || t->minutes || t->hours || t->day || t->month || t->year ||
           (t->ms_low_utc >> 1) || ((t->ms_high_flags >> 1) & 7u);
}

/* ---- the whole header ----
 * One table drives both directions, so decode and encode cannot disagree on an offset. */

typedef enum field_kind { F_U32, F_U64, F_LOGTIME, F_LGPOS, F_SIGNATURE, F_BKINFO, F_BYTES } field_kind;

typedef struct field {
    uint16_t off;
    uint8_t kind;
    uint8_t cb; /* F_BYTES only */
    size_t member;
} field;

#define FLD(o, k, m) { (o), (k), 0, offsetof(db_header, m) }
#define BYTES(o, n, m) { (o), F_BYTES, (n), offsetof(db_header, m) }

static const field fields[] = {
    FLD(0, F_U32, checksum),
    FLD(4, F_U32, magic),
    FLD(8, F_U32, version),
    FLD(12, F_U32, attrib),
    FLD(16, F_U64, dbtime_dirtied),
    FLD(DBHEADER_SIGN_DB_OFFSET, F_SIGNATURE, sign_db),
    FLD(52, F_U32, dbstate),
    FLD(56, F_LGPOS, lgpos_consistent),
    FLD(64, F_LOGTIME, logtime_consistent),
    FLD(72, F_LOGTIME, logtime_attach),
    FLD(80, F_LGPOS, lgpos_attach),
    FLD(88, F_LOGTIME, logtime_detach),
    FLD(96, F_LGPOS, lgpos_detach),
    FLD(104, F_U32, dbid),
    FLD(108, F_SIGNATURE, sign_log),
    FLD(136, F_BKINFO, bk_full_prev),
    FLD(160, F_BKINFO, bk_inc_prev),
    FLD(184, F_BKINFO, bk_full_cur),
    BYTES(208, 4, db_flags),
    FLD(212, F_U32, objid_last),
    FLD(216, F_U32, os_major),
    FLD(220, F_U32, os_minor),
    FLD(224, F_U32, os_build),
    FLD(228, F_U32, os_sp),
    FLD(232, F_U32, update_major),
    FLD(DBHEADER_PAGE_SIZE_OFFSET, F_U32, cb_page_size),
    FLD(240, F_U32, repair_count),
    FLD(244, F_LOGTIME, logtime_repair),
    BYTES(252, 28, sign_slv_obsolete),
    FLD(280, F_U64, dbtime_last_scrub),
    FLD(288, F_LOGTIME, logtime_scrub),
    FLD(296, F_U32, gen_min_required),
    FLD(300, F_U32, gen_max_required),
    FLD(304, F_U32, cpg_upgrade_55_format),
    FLD(308, F_U32, cpg_upgrade_free_pages),
    FLD(312, F_U32, cpg_upgrade_space_map),
    FLD(316, F_BKINFO, bk_snapshot_cur),
    FLD(340, F_U32, create_version),
    FLD(344, F_U32, create_update),
    FLD(348, F_LOGTIME, logtime_gen_max_create),
    FLD(356, F_U32, bk_type_full_prev),
    FLD(360, F_U32, bk_type_inc_prev),
    FLD(364, F_U32, repair_count_old),
    FLD(368, F_U32, ecc_fix_success),
    FLD(372, F_LOGTIME, logtime_ecc_fix_success),
    FLD(380, F_U32, ecc_fix_success_old),
    FLD(384, F_U32, ecc_fix_fail),
    FLD(388, F_LOGTIME, logtime_ecc_fix_fail),
    FLD(396, F_U32, ecc_fix_fail_old),
    FLD(400, F_U32, bad_checksum),
    FLD(404, F_LOGTIME, logtime_bad_checksum),
    FLD(412, F_U32, bad_checksum_old),
    FLD(416, F_U32, gen_max_committed),
    FLD(420, F_BKINFO, bk_copy_prev),
    FLD(444, F_BKINFO, bk_diff_prev),
    FLD(468, F_U32, bk_type_copy_prev),
    FLD(472, F_U32, bk_type_diff_prev),
    FLD(476, F_U32, incremental_reseed_count),
    FLD(480, F_LOGTIME, logtime_incremental_reseed),
    FLD(488, F_U32, incremental_reseed_count_old),
    FLD(492, F_U32, page_patch_count),
    FLD(496, F_LOGTIME, logtime_page_patch),
    FLD(504, F_U32, page_patch_count_old),
    FLD(508, F_U64, sort_version),
    FLD(516, F_LOGTIME, logtime_dbscan_prev),
    FLD(524, F_LOGTIME, logtime_dbscan_start),
    FLD(532, F_U32, pgno_dbscan_highest_continuous),
    FLD(536, F_U32, gen_recovering),
    FLD(540, F_U32, extend_count),
    FLD(544, F_LOGTIME, logtime_last_extend),
    FLD(552, F_U32, shrink_count),
    FLD(556, F_LOGTIME, logtime_last_shrink),
    FLD(564, F_LOGTIME, logtime_last_reattach),
    FLD(572, F_LGPOS, lgpos_last_reattach),
    FLD(580, F_U32, trim_count),
    FLD(584, F_SIGNATURE, sign_db_hdr_flush),
    FLD(612, F_SIGNATURE, sign_flush_map_hdr_flush),
    FLD(640, F_U32, gen_min_consistent),
    FLD(644, F_U32, update_minor),
    FLD(648, F_U32, efv_max_bin_attach),
    FLD(652, F_U32, pgno_dbscan_highest),
    FLD(656, F_LGPOS, lgpos_last_resize),
    FLD(DBHEADER_FILETYPE_OFFSET, F_U32, filetype),
    FLD(672, F_LOGTIME, logtime_gen_max_required),
    FLD(680, F_U32, gen_pre_redo_min_consistent),
    FLD(684, F_U32, gen_pre_redo_min_required),
    FLD(688, F_SIGNATURE, sign_rbs_hdr_flush),
    FLD(716, F_U32, revert_count),
    FLD(720, F_LOGTIME, logtime_revert_from),
    FLD(728, F_LOGTIME, logtime_revert_to),
    FLD(736, F_U32, revert_page_count),
    FLD(740, F_LGPOS, lgpos_commit_before_revert),
};

void dbheader_decode(const uint8_t *page, db_header *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const field *f = &fields[i];
        uint8_t *m = (uint8_t *)out + f->member;
        switch ((field_kind)f->kind) {
        case F_U32: {
            const uint32_t v = byte_order_get_le32(page + f->off);
            memcpy(m, &v, sizeof v); /* int32_t members share the representation */
            break;
        }
        case F_U64: {
            const uint64_t v = byte_order_get_le64(page + f->off);
            memcpy(m, &v, sizeof v);
            break;
        }
        case F_LOGTIME: *(db_logtime *)(void *)m = get_logtime(page, f->off); break;
        case F_LGPOS: *(db_lgpos *)(void *)m = get_lgpos(page, f->off); break;
        case F_SIGNATURE: *(db_signature *)(void *)m = get_signature(page, f->off); break;
        case F_BKINFO: *(db_bkinfo *)(void *)m = get_bkinfo(page, f->off); break;
        case F_BYTES: memcpy(m, page + f->off, f->cb); break;
        }
    }
}

void dbheader_encode(const db_header *hdr, uint8_t *page, uint32_t cb_page)
{
    memset(page, 0, cb_page);
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const field *f = &fields[i];
        const uint8_t *m = (const uint8_t *)hdr + f->member;
        switch ((field_kind)f->kind) {
        case F_U32: {
            uint32_t v;
            memcpy(&v, m, sizeof v);
            byte_order_put_le32(page + f->off, v);
            break;
        }
        case F_U64: {
            uint64_t v;
            memcpy(&v, m, sizeof v);
            byte_order_put_le64(page + f->off, v);
            break;
        }
        case F_LOGTIME: put_logtime(page, f->off, (const db_logtime *)(const void *)m); break;
        case F_LGPOS: put_lgpos(page, f->off, (const db_lgpos *)(const void *)m); break;
        case F_SIGNATURE: put_signature(page, f->off, (const db_signature *)(const void *)m); break;
        case F_BKINFO: put_bkinfo(page, f->off, (const db_bkinfo *)(const void *)m); break;
        case F_BYTES: memcpy(page + f->off, m, f->cb); break;
        }
    }
    byte_order_put_le32(page, dbheader_checksum(page, cb_page));
}

uint32_t dbheader_checksum(const uint8_t *page, uint32_t cb_page)
{
    return page_checksum_xor(page, cb_page);
}

uint32_t dbheader_page_size(const db_header *hdr)
{
    return hdr->cb_page_size == 0 ? DBHEADER_PAGE_SIZE_DEFAULT : hdr->cb_page_size;
}

bool dbheader_page_ok(const uint8_t *page, uint32_t cb_page)
{
    if (cb_page < DBHEADER_PAGE_SIZE_OFFSET + 4) return false;
    if (byte_order_get_le32(page) != dbheader_checksum(page, cb_page)) return false;
    uint32_t stated = byte_order_get_le32(page + DBHEADER_PAGE_SIZE_OFFSET);
    if (stated != 0 && !page_size_valid(stated)) return false;
    if (stated == 0) stated = DBHEADER_PAGE_SIZE_DEFAULT;
    return stated == cb_page;
}

/* ---- reading ---- */

JET_ERR dbheader_read(compat_file *file, dbheader_image *out)
{
    JET_ERR err = JET_errSuccess;
    uint8_t *buf = NULL;
    uint64_t cb_file = 0;
    size_t cb_read = 0;
    uint32_t cb_primary = 0, cb_shadow = 0;

    memset(out, 0, sizeof *out);
    /* Failures to learn the size or to read leave nothing that verifies: ESE reports
     * those as a header that does not verify, not as an I/O error. */
    if (compat_file_size(file, &cb_file) != COMPAT_OK) FAIL(JET_errReadVerifyFailure);
    const size_t cb_want = cb_file < 2u * PAGE_SIZE_MAX ? (size_t)cb_file : 2u * PAGE_SIZE_MAX;
    if (cb_want == 0) FAIL(JET_errReadVerifyFailure);
    buf = (uint8_t *)compat_malloc(cb_want);
    if (buf == NULL) FAIL(JET_errOutOfMemory);
    if (compat_file_read_at(file, buf, cb_want, 0, &cb_read) != COMPAT_OK) FAIL(JET_errReadVerifyFailure);

    /* Every candidate size is tried for both copies; the largest that verifies wins. */
    for (uint32_t cb = PAGE_SIZE_MIN; cb <= PAGE_SIZE_MAX; cb *= 2) {
        if (cb <= cb_read && dbheader_page_ok(buf, cb)) cb_primary = cb;
        if (2u * cb <= cb_read && dbheader_page_ok(buf + cb, cb)) cb_shadow = cb;
    }
    if (cb_primary == 0 && cb_shadow == 0) FAIL(JET_errReadVerifyFailure);

    const uint8_t *chosen;
    if (cb_primary != 0) {
        chosen = buf;
        out->cb_page = cb_primary;
        if (cb_shadow == 0 || cb_shadow != cb_primary || memcmp(buf, buf + cb_primary, cb_primary) != 0)
            out->status = DBHEADER_SHADOW_BAD;
        else
            out->status = DBHEADER_BOTH_GOOD;
    } else {
        chosen = buf + cb_shadow;
        out->cb_page = cb_shadow;
        out->status = DBHEADER_PRIMARY_BAD;
    }
    memcpy(out->raw, chosen, out->cb_page < DBHEADER_RAW_CB ? out->cb_page : DBHEADER_RAW_CB);
    dbheader_decode(out->raw, &out->hdr);

done:
    compat_free(buf);
    return err;
}

JET_ERR dbheader_read_path(const char *path, dbheader_image *out)
{
    JET_ERR err = JET_errSuccess;
    compat_file *file = NULL;
    compat_err ce;

    memset(out, 0, sizeof *out);
    if (path == NULL) FAIL(JET_errInvalidParameter);
    ce = compat_file_open(path, COMPAT_FILE_READ, &file);
    if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
    CHECK(dbheader_read(file, out));

done:
    /* opened only for reading: a failed close loses nothing, and err says how the read went */
    if (file != NULL) (void)compat_file_close(file);
    return err;
}

/* ---- attach ---- */

JET_ERR dbheader_check_attach(const dbheader_image *img, uint32_t cb_page_engine)
{
    const db_header *h = &img->hdr;
    if (img->cb_page != cb_page_engine) return JET_errPageSizeMismatch;
    if (h->magic != DBHEADER_MAGIC) return JET_errInvalidDatabaseVersion;
    if (h->version < DBHEADER_VERSION) return JET_errInvalidDatabaseVersion;
    if (dbheader_page_size(h) != cb_page_engine) return JET_errPageSizeMismatch;
    if (page_is_large(cb_page_engine) && h->version == DBHEADER_VERSION &&
        h->update_major < DBHEADER_UPDATE_NEW_LV_CHUNK)
        return JET_errInvalidDatabaseVersion;
    if (h->dbstate != DBSTATE_CLEAN_SHUTDOWN) {
        switch (h->dbstate) {
        case DBSTATE_BEING_CONVERTED: return JET_errDatabaseIncompleteUpgrade;
        case DBSTATE_INCREMENTAL_RESEED: return JET_errDatabaseIncompleteIncrementalReseed;
        case DBSTATE_REVERT_IN_PROGRESS: return JET_errDatabaseIncompleteRevert;
        default:
            /* A database restored from a backup set and never recovered says so. */
            if (h->bk_full_cur.gen_low != 0) return JET_errSoftRecoveryOnBackupDatabase;
            return JET_errDatabaseDirtyShutdown;
        }
    }
    if (h->attrib != 0 ||
        (h->filetype != JET_filetypeUnknown && h->filetype != JET_filetypeDatabase &&
         h->filetype != JET_filetypeTempDatabase))
        return JET_errDatabaseCorrupted;
    return JET_errSuccess;
}

JET_ERR dbheader_attach_read_error(JET_ERR err)
{
    return err == JET_errReadVerifyFailure ? JET_errDatabaseCorrupted : err;
}
