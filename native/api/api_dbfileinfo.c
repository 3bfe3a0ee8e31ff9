/* api_dbfileinfo.c: JetGetDatabaseFileInfoA/W: what a database file's header says, read
 * straight from the file. Needs no instance (ESE initialises only its OS layer for it), so
 * it works before JetInit and after JetTerm. Follows ESE's JetGetDatabaseFileInfoEx
 * (jetapi.cxx): the file is looked up first, then the info level and buffer size are
 * checked, then the header is read.
 * Shares the JET_DBINFOMISC filling with api_info.c (JetGetDatabaseInfo) through api_info.h. */
/* coverage: JetGetDatabaseFileInfoA partial: JET_DbInfoDBInUse always answers false and an attached database's header is read from the file, not from the engine */
/* coverage: JetGetDatabaseFileInfoW partial: JET_DbInfoDBInUse always answers false and an attached database's header is read from the file, not from the engine */
#include <string.h>

#include "common.h"
#include "jet_error.h"
#include "api_info.h"
#include "dbheader.h"

/* Info levels Windows' header may not name. */
#ifndef JET_DbInfoFilesizeOnDisk
#define JET_DbInfoFilesizeOnDisk 21
#endif
#define FILETYPE_MAX 12 /* ESE's JET_filetypeMax: higher values read as unknown */

/* ESE accepts JET_DbInfoMisc with the size of any of its seven versions of the structure;
 * esent.h declares the first four, the others extend JET_DBINFOMISC4 as follows. */
#define CB_DBINFOMISC5 380u
#define CB_DBINFOMISC6 400u
#define CB_DBINFOMISC7 416u
#define OFF_INCREMENTAL_RESEED_COUNT 348u
#define OFF_LOGTIME_INCREMENTAL_RESEED 352u
#define OFF_INCREMENTAL_RESEED_COUNT_OLD 360u
#define OFF_PAGE_PATCH_COUNT 364u
#define OFF_LOGTIME_PAGE_PATCH 368u
#define OFF_PAGE_PATCH_COUNT_OLD 376u
#define OFF_LOGTIME_CHECKSUM_PREV 380u
#define OFF_LOGTIME_CHECKSUM_START 388u
#define OFF_CPG_DATABASE_CHECKED 396u
#define OFF_LOGTIME_LAST_REATTACH 400u
#define OFF_LGPOS_LAST_REATTACH 408u

_Static_assert(sizeof(JET_DBINFOMISC) == 216, "JET_DBINFOMISC layout");
_Static_assert(sizeof(JET_DBINFOMISC2) == 296, "JET_DBINFOMISC2 layout");
_Static_assert(sizeof(JET_DBINFOMISC3) == 300, "JET_DBINFOMISC3 layout");
_Static_assert(sizeof(JET_DBINFOMISC4) == 348, "JET_DBINFOMISC4 layout");
_Static_assert(sizeof(JET_DBINFOUPGRADE) == 28, "JET_DBINFOUPGRADE layout");
_Static_assert(sizeof(JET_LOGTIME) == sizeof(db_logtime), "JET_LOGTIME is the on-disk LOGTIME");
_Static_assert(sizeof(JET_SIGNATURE) == 28 && sizeof(JET_BKINFO) == 24 && sizeof(JET_LGPOS) == 8,
               "packed header structures");

/* ---- JET_DbInfoMisc ---- */

typedef struct misc_out {
    uint8_t *p;
    uint32_t cb;
} misc_out;

static void out_bytes(const misc_out *o, size_t off, const void *v, size_t cb)
{
    if (off + cb <= o->cb) memcpy(o->p + off, v, cb);
}

static void out_u32(const misc_out *o, size_t off, uint32_t v)
{
    out_bytes(o, off, &v, sizeof v);
}

static void out_logtime(const misc_out *o, size_t off, const db_logtime *t)
{
    JET_LOGTIME lt;
    memcpy(&lt, t, sizeof lt);
    out_bytes(o, off, &lt, sizeof lt);
}

static JET_LGPOS jet_lgpos(const db_lgpos *l)
{
    JET_LGPOS r;
    r.ib = l->ib;
    r.isec = l->isec;
    r.lGeneration = l->generation;
    return r;
}

static void out_lgpos(const misc_out *o, size_t off, const db_lgpos *l)
{
    const JET_LGPOS r = jet_lgpos(l);
    out_bytes(o, off, &r, sizeof r);
}

static void out_signature(const misc_out *o, size_t off, const db_signature *s)
{
    JET_SIGNATURE r;
    r.ulRandom = s->random;
    memcpy(&r.logtimeCreate, &s->create, sizeof r.logtimeCreate);
    memcpy(r.szComputerName, s->computer_name, sizeof r.szComputerName);
    out_bytes(o, off, &r, sizeof r);
}

/* bk_type < 0: the backup's time is copied as stored; else its OS-snapshot flag says
 * whether the header records that backup as an OS snapshot. */
static void out_bkinfo(const misc_out *o, size_t off, const db_bkinfo *b, int64_t bk_type)
{
    JET_BKINFO r;
    db_logtime t = b->time_mark;
    if (bk_type >= 0) {
        t.ms_high_flags = (uint8_t)((t.ms_high_flags & ~1u) | (bk_type == DBHEADER_BACKUP_OS_SNAPSHOT ? 1u : 0u));
    }
    r.lgposMark = jet_lgpos(&b->mark);
    memcpy(&r.logtimeMark, &t, sizeof r.logtimeMark);
    r.genLow = b->gen_low;
    r.genHigh = b->gen_high;
    out_bytes(o, off, &r, sizeof r);
}

/* Fills the fields that a structure of cb bytes has, as ESE's
 * UtilLoadDbinfomiscFromPdbfilehdr does; fUpgradeDb is left as the caller set it. */
void api_info_fill_dbinfomisc(void *pv, uint32_t cb, const db_header *h)
{
    const misc_out o = { (uint8_t *)pv, cb };
#define OFF(m) offsetof(JET_DBINFOMISC4, m)
    out_u32(&o, OFF(ulVersion), h->version);
    out_u32(&o, OFF(dbstate), h->dbstate);
    out_signature(&o, OFF(signDb), &h->sign_db);
    out_lgpos(&o, OFF(lgposConsistent), &h->lgpos_consistent);
    out_logtime(&o, OFF(logtimeConsistent), &h->logtime_consistent);
    out_logtime(&o, OFF(logtimeAttach), &h->logtime_attach);
    out_lgpos(&o, OFF(lgposAttach), &h->lgpos_attach);
    out_logtime(&o, OFF(logtimeDetach), &h->logtime_detach);
    out_lgpos(&o, OFF(lgposDetach), &h->lgpos_detach);
    out_signature(&o, OFF(signLog), &h->sign_log);
    out_bkinfo(&o, OFF(bkinfoFullPrev), &h->bk_full_prev, h->bk_type_full_prev);
    out_bkinfo(&o, OFF(bkinfoIncPrev), &h->bk_inc_prev, h->bk_type_inc_prev);
    out_bkinfo(&o, OFF(bkinfoFullCur), &h->bk_full_cur, -1);
    out_u32(&o, OFF(fShadowingDisabled), (h->db_flags[0] & DBHEADER_FLAG_SHADOWING_DISABLED) ? 1u : 0u);
    out_u32(&o, OFF(dwMajorVersion), h->os_major);
    out_u32(&o, OFF(dwMinorVersion), h->os_minor);
    out_u32(&o, OFF(dwBuildNumber), h->os_build);
    out_u32(&o, OFF(lSPNumber), (uint32_t)h->os_sp);
    out_u32(&o, OFF(ulUpdate), h->update_major);
    out_u32(&o, OFF(cbPageSize), dbheader_page_size(h));
    if (cb < sizeof(JET_DBINFOMISC2)) return;

    out_u32(&o, OFF(genMinRequired), (uint32_t)h->gen_min_required);
    out_u32(&o, OFF(genMaxRequired), (uint32_t)h->gen_max_required);
    out_logtime(&o, OFF(logtimeGenMaxCreate), &h->logtime_gen_max_create);
    out_u32(&o, OFF(ulRepairCount), h->repair_count);
    out_logtime(&o, OFF(logtimeRepair), &h->logtime_repair);
    out_u32(&o, OFF(ulRepairCountOld), h->repair_count_old);
    out_u32(&o, OFF(ulECCFixSuccess), h->ecc_fix_success);
    out_logtime(&o, OFF(logtimeECCFixSuccess), &h->logtime_ecc_fix_success);
    out_u32(&o, OFF(ulECCFixSuccessOld), h->ecc_fix_success_old);
    out_u32(&o, OFF(ulECCFixFail), h->ecc_fix_fail);
    out_logtime(&o, OFF(logtimeECCFixFail), &h->logtime_ecc_fix_fail);
    out_u32(&o, OFF(ulECCFixFailOld), h->ecc_fix_fail_old);
    out_u32(&o, OFF(ulBadChecksum), h->bad_checksum);
    out_logtime(&o, OFF(logtimeBadChecksum), &h->logtime_bad_checksum);
    out_u32(&o, OFF(ulBadChecksumOld), h->bad_checksum_old);
    if (cb < sizeof(JET_DBINFOMISC3)) return;

    out_u32(&o, OFF(genCommitted), (uint32_t)h->gen_max_committed);
    if (cb < sizeof(JET_DBINFOMISC4)) return;

    out_bkinfo(&o, OFF(bkinfoCopyPrev), &h->bk_copy_prev, h->bk_type_copy_prev);
    out_bkinfo(&o, OFF(bkinfoDiffPrev), &h->bk_diff_prev, h->bk_type_diff_prev);
#undef OFF
    if (cb < CB_DBINFOMISC5) return;

    out_u32(&o, OFF_INCREMENTAL_RESEED_COUNT, h->incremental_reseed_count);
    out_logtime(&o, OFF_LOGTIME_INCREMENTAL_RESEED, &h->logtime_incremental_reseed);
    out_u32(&o, OFF_INCREMENTAL_RESEED_COUNT_OLD, h->incremental_reseed_count_old);
    out_u32(&o, OFF_PAGE_PATCH_COUNT, h->page_patch_count);
    out_logtime(&o, OFF_LOGTIME_PAGE_PATCH, &h->logtime_page_patch);
    out_u32(&o, OFF_PAGE_PATCH_COUNT_OLD, h->page_patch_count_old);
    if (cb < CB_DBINFOMISC6) return;

    out_logtime(&o, OFF_LOGTIME_CHECKSUM_PREV, &h->logtime_dbscan_prev);
    out_logtime(&o, OFF_LOGTIME_CHECKSUM_START, &h->logtime_dbscan_start);
    /* The header keeps the next page to check; the structure counts the pages checked. */
    out_u32(&o, OFF_CPG_DATABASE_CHECKED,
            h->pgno_dbscan_highest_continuous ? h->pgno_dbscan_highest_continuous - 1 : 0);
    if (cb < CB_DBINFOMISC7) return;

    out_logtime(&o, OFF_LOGTIME_LAST_REATTACH, &h->logtime_last_reattach);
    out_lgpos(&o, OFF_LGPOS_LAST_REATTACH, &h->lgpos_last_reattach);
}

bool api_info_dbinfomisc_size_ok(uint32_t cb)
{
    return cb == sizeof(JET_DBINFOMISC) || cb == sizeof(JET_DBINFOMISC2) || cb == sizeof(JET_DBINFOMISC3) ||
           cb == sizeof(JET_DBINFOMISC4) || cb == CB_DBINFOMISC5 || cb == CB_DBINFOMISC6 || cb == CB_DBINFOMISC7;
}

/* ---- JET_DbInfoUpgrade ---- */

/* The file name without its folder, compared without regard to ASCII case. */
static bool file_name_is(const char *path, const char *name)
{
    const char *base = path;
    for (const char *s = path; *s; s++)
        if (*s == '/' || *s == '\\') base = s + 1;
    for (; *base && *name; base++, name++) {
        char a = *base, b = *name;
        if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z') b = (char)(b - 'A' + 'a');
        if (a != b) return false;
    }
    return *base == '\0' && *name == '\0';
}

static JET_ERR fill_upgrade(const char *path, uint64_t cb_file, JET_DBINFOUPGRADE *u)
{
    JET_ERR err = JET_errSuccess;
    dbheader_image *img = NULL;

    memset(u, 0, sizeof *u);
    u->cbStruct = sizeof *u;
    u->cbFilesizeLow = (uint32_t)cb_file;
    u->cbFilesizeHigh = (uint32_t)(cb_file >> 32);
    /* ESE's own rough estimates: an hour per GiB, and about 15% of the size free. */
    u->csecToUpgrade = (uint32_t)((cb_file * 3600) >> 30);
    const uint64_t cb_free = (cb_file * 10) >> 6;
    u->cbFreeSpaceRequiredLow = (uint32_t)cb_free;
    u->cbFreeSpaceRequiredHigh = (uint32_t)(cb_free >> 32);

    img = (dbheader_image *)compat_malloc(sizeof *img);
    if (img == NULL) FAIL(JET_errOutOfMemory);
    /* A header that cannot be read only means "not upgradable", as in ESE. */
    if (dbheader_read_path(path, img) < 0) goto done;
    if (img->hdr.magic != DBHEADER_MAGIC) goto done;
    switch (img->hdr.version) {
    case DBHEADER_VERSION:
        u->fAlreadyUpgraded = 1;
        if (img->hdr.dbstate == DBSTATE_BEING_CONVERTED) err = JET_errDatabaseIncompleteUpgrade;
        break;
    case 0x500:
    case 0x550:
        u->fUpgradable = 1;
        break;
    case 0x400:
        /* ESE's exception for Exchange 4.0's skeleton directory database. */
        u->fUpgradable = file_name_is(path, "dir.edb") ? 1 : 0;
        break;
    default:
        break;
    }

done:
    compat_free(img);
    return err;
}

/* ---- the call ---- */

static JET_ERR file_info(const char *path, void *pv, uint32_t cb, uint32_t level)
{
    JET_ERR err = JET_errSuccess;
    dbheader_image *img = NULL;
    compat_file *file = NULL;
    bool is_dir = false;
    uint64_t cb_file = 0, cb_on_disk = 0;
    compat_err ce;

    /* Look the file up first: a missing file is reported whatever else is wrong. */
    if (path[0] == '\0') FAIL(JET_errInvalidPath);
    ce = compat_path_exists(path, &is_dir);
    if (ce == COMPAT_ENOENT || ce == COMPAT_EILSEQ || ce == COMPAT_EINVAL) FAIL(JET_errFileNotFound);
    if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
    if (!is_dir) {
        ce = compat_file_open(path, COMPAT_FILE_READ, &file);
        if (ce != COMPAT_OK) FAIL(ce == COMPAT_EINVAL ? JET_errFileNotFound : jet_error_from_compat(ce));
        ce = compat_file_size(file, &cb_file);
        if (ce == COMPAT_OK) ce = compat_file_size_on_disk(file, &cb_on_disk);
        (void)compat_file_close(file);
        file = NULL;
        if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
    }

    switch (level) {
    case JET_DbInfoFilesize:
    case JET_DbInfoFilesizeOnDisk:
        if (cb != sizeof(uint64_t)) FAIL(JET_errInvalidBufferSize);
        if (pv == NULL) FAIL(JET_errInvalidParameter);
        memcpy(pv, level == JET_DbInfoFilesize ? &cb_file : &cb_on_disk, sizeof cb_file);
        break;

    case JET_DbInfoUpgrade: {
        JET_DBINFOUPGRADE u;
        if (cb != sizeof u) FAIL(JET_errInvalidBufferSize);
        if (pv == NULL) FAIL(JET_errInvalidParameter);
        memcpy(&u, pv, sizeof u);
        if (u.cbStruct != sizeof u) FAIL(JET_errInvalidParameter);
        err = fill_upgrade(path, cb_file, &u);
        if (err == JET_errOutOfMemory) goto done;
        memcpy(pv, &u, sizeof u);
        break;
    }

    case JET_DbInfoMisc:
    case JET_DbInfoPageSize:
    case JET_DbInfoFileType:
        if ((level == JET_DbInfoMisc && !api_info_dbinfomisc_size_ok(cb)) ||
            (level != JET_DbInfoMisc && cb != sizeof(uint32_t)))
            FAIL(JET_errInvalidBufferSize);
        if (pv == NULL) FAIL(JET_errInvalidParameter);
        /* A folder found by name cannot be opened as a file. */
        if (is_dir) FAIL(JET_errFileAccessDenied);
        img = (dbheader_image *)compat_malloc(sizeof *img);
        if (img == NULL) FAIL(JET_errOutOfMemory);
        CHECK(dbheader_read_path(path, img));
        if (level == JET_DbInfoMisc) {
            if (img->hdr.filetype != JET_filetypeDatabase) FAIL(JET_errFileInvalidType);
            api_info_fill_dbinfomisc(pv, cb, &img->hdr);
        } else if (level == JET_DbInfoPageSize) {
            memcpy(pv, &img->cb_page, sizeof img->cb_page);
        } else {
            const int32_t type = img->hdr.filetype < FILETYPE_MAX ? (int32_t)img->hdr.filetype : JET_filetypeUnknown;
            memcpy(pv, &type, sizeof type);
        }
        break;

    case JET_DbInfoDBInUse: {
        /* A BOOL: whether an instance of this process has the database attached. */
        const int32_t in_use = 0;
        if (cb != sizeof in_use) FAIL(JET_errInvalidBufferSize);
        if (pv == NULL) FAIL(JET_errInvalidParameter);
        memcpy(pv, &in_use, sizeof in_use);
        break;
    }

    default:
        FAIL(JET_errInvalidParameter);
    }

done:
    compat_free(img);
    return err;
}

JET_ERR JET_API JetGetDatabaseFileInfoA(JET_PCSTR szDatabaseName, void *pvResult, uint32_t cbMax, uint32_t InfoLevel)
{
    size_t cch = 0;
    if (szDatabaseName == NULL) return JET_errInvalidParameter;
    /* The 8-bit name is UTF-8; ESE turns a name the code page cannot convert into this. */
    if (compat_utf8_to_utf16(szDatabaseName, SIZE_MAX, NULL, 0, &cch) != COMPAT_OK) return JET_errUnicodeTranslationFail;
    return file_info(szDatabaseName, pvResult, cbMax, InfoLevel);
}

JET_ERR JET_API JetGetDatabaseFileInfoW(JET_PCWSTR szDatabaseName, void *pvResult, uint32_t cbMax, uint32_t InfoLevel)
{
    JET_ERR err = JET_errSuccess;
    char *path = NULL;
    size_t cch = 0;
    compat_err ce;

    if (szDatabaseName == NULL) FAIL(JET_errInvalidParameter);
    ce = compat_utf16_to_utf8((const uint16_t *)szDatabaseName, SIZE_MAX, NULL, 0, &cch);
    /* No file can carry a name that is not well-formed UTF-16 here. */
    if (ce == COMPAT_EILSEQ) FAIL(JET_errFileNotFound);
    if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
    path = (char *)compat_malloc(cch + 1);
    if (path == NULL) FAIL(JET_errOutOfMemory);
    ce = compat_utf16_to_utf8((const uint16_t *)szDatabaseName, SIZE_MAX, path, cch + 1, &cch);
    if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
    err = file_info(path, pvResult, cbMax, InfoLevel);

done:
    compat_free(path);
    return err;
}
