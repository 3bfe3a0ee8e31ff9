/* eu_file.c: esentutl's commands on the file below the API, with the engine's own modules:
 * /mh the header (dbheader.h), /k every page's checksum (page_checksum.h), /ms the space of
 * every tree (space.h, over the catalog of catalog.h), /g the integrity check
 * (integrity.h), and the report of what a dirty database read anyway may hold. None of
 * them attaches the file, so they work on a database in any state. */
#include <stdio.h>
#include <string.h>

#include "cache.h"
#include "catalog.h"
#include "compat.h"
#include "dbheader.h"
#include "eu.h"
#include "integrity.h"
#include "jet_error.h"
#include "page_checksum.h"
#include "space.h"

/* ---- opening the file ---- */

typedef struct file_reader {
    dbheader_image *img;
    compat_file *file;
    cache *c;
    uint32_t ifile;
    bool attached;
    uint32_t cb_page, pgno_last;
} file_reader;

static void reader_close(file_reader *r)
{
    if (r->attached) cache_detach_file(r->c, r->ifile);
    cache_destroy(r->c);
    if (r->file != NULL) (void)compat_file_close(r->file); /* opened only for reading */
    compat_free(r->img);
    memset(r, 0, sizeof *r);
}

/* The header, and (with_cache) the file's pages through a cache of their own. */
static JET_ERR reader_open(file_reader *r, const char *path, bool with_cache)
{
    JET_ERR err = JET_errSuccess;
    uint64_t size = 0;
    compat_err ce;

    memset(r, 0, sizeof *r);
    r->img = compat_malloc(sizeof *r->img);
    if (r->img == NULL) return JET_errOutOfMemory;
    CHECK(dbheader_read_path(path, r->img));
    r->cb_page = r->img->cb_page;
    ce = compat_file_open(path, COMPAT_FILE_READ, &r->file);
    if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
    ce = compat_file_size(r->file, &size);
    if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
    if (size / r->cb_page < 3u || size / r->cb_page - 2u > 0x7fffffffu) FAIL(JET_errDatabaseCorrupted);
    r->pgno_last = (uint32_t)(size / r->cb_page - 2u);
    if (with_cache) {
        CHECK(cache_create(r->cb_page, (8u << 20) / r->cb_page, &r->c));
        CHECK(cache_attach_file(r->c, r->file, &r->ifile));
        r->attached = true;
    }
done:
    return err;
}

static void code_text(JET_ERR err, char *out, size_t cap)
{
    char name[128], text[256];
    eu_error_text(err, name, sizeof name, text, sizeof text);
    snprintf(out, cap, "%s (%d)", name, (int)err);
}

/* ---- /mh ---- */

static const char *state_name(uint32_t s)
{
    switch (s) {
    case DBSTATE_JUST_CREATED: return "Just Created";
    case DBSTATE_DIRTY_SHUTDOWN: return "Dirty Shutdown";
    case DBSTATE_CLEAN_SHUTDOWN: return "Clean Shutdown";
    case DBSTATE_BEING_CONVERTED: return "Being Converted";
    case DBSTATE_FORCE_DETACH: return "Force Detach";
    case DBSTATE_INCREMENTAL_RESEED: return "Incremental Reseed In Progress";
    case DBSTATE_DIRTY_AND_PATCHED: return "Dirty and Patched";
    case DBSTATE_REVERT_IN_PROGRESS: return "Revert In Progress";
    default: return "unknown";
    }
}

static void print_time(eu_sink *out, const char *label, const db_logtime *t)
{
    if (!dbheader_logtime_is_set(t)) {
        eu_printf(out, "%24s: never\n", label);
        return;
    }
    eu_printf(out, "%24s: %04u-%02u-%02u %02u:%02u:%02u.%03u%s\n", label, 1900u + t->year, t->month, t->day, t->hours,
              t->minutes, t->seconds, dbheader_logtime_milliseconds(t), dbheader_logtime_is_utc(t) ? " UTC" : "");
}

static void print_lgpos(eu_sink *out, const char *label, const db_lgpos *p, const db_logtime *t)
{
    char when[64] = "never";
    if (dbheader_logtime_is_set(t))
        snprintf(when, sizeof when, "%04u-%02u-%02u %02u:%02u:%02u", 1900u + t->year, t->month, t->day, t->hours,
                 t->minutes, t->seconds);
    eu_printf(out, "%24s: (0x%X,%X,%X) %s\n", label, (unsigned)p->generation, (unsigned)p->isec, (unsigned)p->ib, when);
}

static void print_signature(eu_sink *out, const char *label, const db_signature *s)
{
    char name[17];
    memcpy(name, s->computer_name, 16);
    name[16] = '\0';
    eu_printf(out, "%24s: random 0x%08x, computer \"%s\"\n", label, s->random, name);
    print_time(out, "created", &s->create);
}

static void print_backup(eu_sink *out, const char *label, const db_bkinfo *b)
{
    if (b->gen_low == 0 && b->gen_high == 0) {
        eu_printf(out, "%24s: none\n", label);
        return;
    }
    eu_printf(out, "%24s: logs 0x%X-0x%X, mark (0x%X,%X,%X)\n", label, b->gen_low, b->gen_high,
              (unsigned)b->mark.generation, (unsigned)b->mark.isec, (unsigned)b->mark.ib);
}

JET_ERR eu_header(const char *path, eu_sink *out)
{
    JET_ERR err = JET_errSuccess;
    file_reader r;
    const db_header *h;

    CHECK(reader_open(&r, path, false));
    h = &r.img->hdr;
    eu_printf(out, "Database: %s\n\n", path);
    eu_printf(out, "%24s: %s\n", "File type", h->filetype == JET_filetypeDatabase ? "Database"
                                               : h->filetype == JET_filetypeTempDatabase ? "Temporary database"
                                                                                          : "unknown");
    eu_printf(out, "%24s: 0x%08x (%s)\n", "Checksum", h->checksum,
              r.img->status == DBHEADER_BOTH_GOOD      ? "both copies verify"
              : r.img->status == DBHEADER_PRIMARY_BAD ? "the primary copy is damaged: the shadow was read"
                                                      : "the shadow copy is damaged or differs");
    eu_printf(out, "%24s: 0x%08x\n", "Magic", h->magic);
    eu_printf(out, "%24s: 0x%x,%u (update minor %u)\n", "Format version", h->version, h->update_major, h->update_minor);
    eu_printf(out, "%24s: 0x%x,%u\n", "Created with", h->create_version, h->create_update);
    eu_printf(out, "%24s: %u\n", "Page size", r.cb_page);
    eu_printf(out, "%24s: %u (file %llu bytes)\n", "Pages", r.pgno_last,
              (unsigned long long)(r.pgno_last + 2ull) * r.cb_page);
    eu_printf(out, "%24s: %llu (0x%llx)\n", "dbtime", (unsigned long long)h->dbtime_dirtied,
              (unsigned long long)h->dbtime_dirtied);
    eu_printf(out, "%24s: %s (%u)\n", "State", state_name(h->dbstate), h->dbstate);
    eu_printf(out, "%24s: %d-%d (0x%X-0x%X)\n", "Log required", h->gen_min_required, h->gen_max_required,
              (unsigned)h->gen_min_required, (unsigned)h->gen_max_required);
    eu_printf(out, "%24s: %d (0x%X)\n", "Log committed", h->gen_max_committed, (unsigned)h->gen_max_committed);
    eu_printf(out, "%24s: %d (0x%X)\n", "Log recovering", h->gen_recovering, (unsigned)h->gen_recovering);
    eu_printf(out, "%24s: %s\n", "Shadowed", (h->db_flags[0] & DBHEADER_FLAG_SHADOWING_DISABLED) ? "No" : "Yes");
    eu_printf(out, "%24s: %u\n", "Last objid", h->objid_last);
    eu_printf(out, "%24s: %u\n", "Dbid", h->dbid);
    print_signature(out, "Database signature", &h->sign_db);
    print_lgpos(out, "Last consistent", &h->lgpos_consistent, &h->logtime_consistent);
    print_lgpos(out, "Last attach", &h->lgpos_attach, &h->logtime_attach);
    print_lgpos(out, "Last detach", &h->lgpos_detach, &h->logtime_detach);
    print_signature(out, "Log signature", &h->sign_log);
    eu_printf(out, "%24s: %u.%u build %u, service pack %d\n", "OS version", h->os_major, h->os_minor, h->os_build,
              h->os_sp);
    print_backup(out, "Previous full backup", &h->bk_full_prev);
    print_backup(out, "Previous incremental", &h->bk_inc_prev);
    print_backup(out, "Current full backup", &h->bk_full_cur);
    eu_printf(out, "%24s: %u\n", "Repair count", h->repair_count);
    eu_printf(out, "%24s: %u\n", "ECC fixes", h->ecc_fix_success);
    eu_printf(out, "%24s: %u\n", "ECC fix failures", h->ecc_fix_fail);
    eu_printf(out, "%24s: %u\n", "Bad checksums", h->bad_checksum);
    eu_printf(out, "%24s: %s\n", "Consistent",
              h->dbstate == DBSTATE_CLEAN_SHUTDOWN ? "yes" : "no: the database needs recovery with its logs");
    if (out->failed) err = JET_errDiskIO;
done:
    reader_close(&r);
    return err;
}

/* ---- /k ---- */

#define BAD_PAGES_LISTED 20u

JET_ERR eu_checksums(const char *path, eu_sink *out, uint32_t *bad)
{
    JET_ERR err = JET_errSuccess;
    file_reader r;
    uint8_t *page = NULL;
    uint32_t pgno, blank = 0, correctable = 0, wrong_pgno = 0, good = 0;
    eu_progress progress;

    *bad = 0;
    CHECK(reader_open(&r, path, false));
    page = compat_malloc(r.cb_page);
    if (page == NULL) FAIL(JET_errOutOfMemory);
    eu_printf(out, "Checksums of %s: %u pages of %u bytes\n", path, r.pgno_last, r.cb_page);
    eu_printf(out, "  header: %s\n", r.img->status == DBHEADER_BOTH_GOOD    ? "both copies verify"
                                     : r.img->status == DBHEADER_PRIMARY_BAD ? "the primary copy does NOT verify"
                                                                             : "the shadow copy does NOT verify");
    eu_progress_begin(&progress, "pages", r.pgno_last);
    for (pgno = 1; pgno <= r.pgno_last; pgno++) {
        size_t done = 0;
        page_verify_info info;
        JET_ERR v;
        compat_err ce = compat_file_read_at(r.file, page, r.cb_page, (uint64_t)(pgno + 1u) * r.cb_page, &done);
        if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
        if (done != r.cb_page) FAIL(JET_errFileIOBeyondEOF);
        v = page_checksum_verify(page, r.cb_page, pgno, &info);
        if (v == JET_errSuccess) {
            good++;
        } else if (v == JET_errPageNotInitialized) {
            blank++;
        } else if (v == JET_errReadVerifyFailure && info.correctable) {
            correctable++;
            eu_printf(out, "  page %u: a single-bit error the ECC corrects (bit %d)\n", pgno, (int)info.bit_corrupted);
        } else {
            if (v == JET_errReadPgnoVerifyFailure) wrong_pgno++;
            if (*bad < BAD_PAGES_LISTED)
                eu_printf(out, "  page %u: %s, stored 0x%016llx, computed 0x%016llx\n", pgno,
                          v == JET_errReadPgnoVerifyFailure ? "carries another page number" : "checksum mismatch",
                          (unsigned long long)info.stored.block[0], (unsigned long long)info.computed.block[0]);
            (*bad)++;
        }
        eu_progress_step(&progress, pgno);
    }
    eu_progress_end(&progress);
    if (*bad > BAD_PAGES_LISTED) eu_printf(out, "  ... %u more bad pages\n", *bad - BAD_PAGES_LISTED);
    eu_printf(out, "  %u pages verify, %u never written, %u corrected by ECC, %u bad (%u with a wrong page number)\n",
              good, blank, correctable, *bad, wrong_pgno);
    if (*bad != 0 || r.img->status != DBHEADER_BOTH_GOOD) err = JET_errReadVerifyFailure;
    if (err >= 0 && out->failed) err = JET_errDiskIO;
done:
    compat_free(page);
    reader_close(&r);
    return err;
}

/* ---- /ms ---- */

static JET_ERR space_line(eu_sink *out, space_db *db, const char *name, const char *kind, uint32_t objid,
                          uint32_t pgno, uint64_t *owned_all, uint64_t *avail_all)
{
    uint32_t owned = 0, avail = 0;
    JET_ERR err = space_counts(db, pgno, &owned, &avail);
    if (err < 0) {
        char code[160];
        code_text(err, code, sizeof code);
        eu_printf(out, "  %-40s %-6s %8u %8u  cannot be read: %s\n", name, kind, objid, pgno, code);
        return err;
    }
    eu_printf(out, "  %-40s %-6s %8u %8u %8u %9u\n", name, kind, objid, pgno, owned, avail);
    *owned_all += owned;
    *avail_all += avail;
    return JET_errSuccess;
}

JET_ERR eu_space(const char *path, eu_sink *out)
{
    JET_ERR err = JET_errSuccess, first = JET_errSuccess;
    file_reader r;
    catalog *cat = NULL;
    space_db db;
    uint64_t owned = 0, avail = 0, owned_db = 0, avail_db = 0;
    uint32_t i, k;

    CHECK(reader_open(&r, path, true));
    memset(&db, 0, sizeof db);
    db.c = r.c;
    db.ifile = r.ifile;
    db.cb_page = r.cb_page;
    db.pgno_last = r.pgno_last;
    db.dbtime = r.img->hdr.dbtime_dirtied;
    eu_printf(out, "Space of %s: %u pages of %u bytes\n", path, r.pgno_last, r.cb_page);
    eu_printf(out, "  %-40s %-6s %8s %8s %8s %9s\n", "object", "kind", "objid", "root", "owned", "available");
    first = space_line(out, &db, "(database)", "root", SPACE_OBJID_ROOT, SPACE_PGNO_ROOT, &owned_db, &avail_db);
    CHECK(catalog_load(r.c, r.ifile, &cat));
    for (i = 0; i < cat->ctables; i++) {
        const catalog_table *t = &cat->tables[i];
        char name[2 * JET_cbNameMost + 8];
        JET_ERR e = space_line(out, &db, t->name, "table", t->objid, t->pgno_fdp, &owned, &avail);
        if (e < 0 && first >= 0) first = e;
        for (k = 0; k < t->cindexes; k++) {
            const record_index *x = &t->indexes[k];
            if (x->pgno_fdp == t->pgno_fdp) continue; /* the primary index is the table's tree */
            snprintf(name, sizeof name, "%s/%s", t->name, x->name);
            e = space_line(out, &db, name, "index", x->objid, x->pgno_fdp, &owned, &avail);
            if (e < 0 && first >= 0) first = e;
        }
        if (t->pgno_lv != 0) {
            snprintf(name, sizeof name, "%s/LV", t->name);
            e = space_line(out, &db, name, "lv", t->objid_lv, t->pgno_lv, &owned, &avail);
            if (e < 0 && first >= 0) first = e;
        }
    }
    eu_printf(out, "  the database owns %llu pages, %llu of them available to its objects; the objects own %llu, "
                   "%llu available\n",
              (unsigned long long)owned_db, (unsigned long long)avail_db, (unsigned long long)owned,
              (unsigned long long)avail);
    err = first;
    if (err >= 0 && out->failed) err = JET_errDiskIO;
done:
    catalog_free(cat);
    reader_close(&r);
    return err;
}

/* ---- /g ---- */

JET_ERR eu_integrity(const char *path, eu_sink *out, uint32_t *problems)
{
    integrity_report *r = compat_malloc(sizeof *r);
    JET_ERR err;
    uint32_t i;
    char code[160];

    *problems = 0;
    if (r == NULL) return JET_errOutOfMemory;
    err = integrity_check_file(path, r);
    if (err < 0 && r->problems == 0) {
        compat_free(r);
        return err;
    }
    *problems = r->problems;
    eu_printf(out, "Integrity of %s: %s\n", path, r->problems == 0 ? "no problems found" : "PROBLEMS FOUND");
    eu_printf(out, "  pages %u (never written %u, in trees %u, available %u), objects %u, trees %u\n", r->pages,
              r->pages_blank, r->pages_in_trees, r->pages_available, r->objects, r->trees);
    eu_printf(out, "  records %llu, catalog rows %u, long values %llu\n", (unsigned long long)r->records,
              r->catalog_rows, (unsigned long long)r->long_values);
    eu_printf(out, "  indexes checked %u (%llu entries), not checked %u (keys this engine cannot form)\n",
              r->indexes_checked, (unsigned long long)r->index_entries, r->indexes_not_checked);
    if (r->problems != 0) {
        code_text(r->first_error, code, sizeof code);
        eu_printf(out, "  %u problem%s, the first %s:\n", r->problems, r->problems == 1 ? "" : "s", code);
        for (i = 0; i < r->problems_kept; i++) eu_printf(out, "    %s\n", r->problem[i]);
        if (r->problems > r->problems_kept) eu_printf(out, "    ... %u more\n", r->problems - r->problems_kept);
    }
    if (err >= 0 && out->failed) err = JET_errDiskIO;
    compat_free(r);
    return err;
}

JET_ERR eu_dirty_report(const char *path, eu_sink *out)
{
    JET_ERR err = JET_errSuccess;
    file_reader r;
    uint32_t problems = 0;
    const db_header *h;

    CHECK(reader_open(&r, path, false));
    h = &r.img->hdr;
    eu_printf(out, "%s: the database was not shut down cleanly (state %s); it is read as its pages were last "
                   "written, without recovery",
              path, state_name(h->dbstate));
    if (h->gen_min_required != 0 || h->gen_max_required != 0)
        eu_printf(out, " (recovery would need log generations %d to %d)", h->gen_min_required, h->gen_max_required);
    eu_printf(out, ".\n");
    reader_close(&r);
    err = eu_integrity(path, out, &problems);
    if (err >= 0 || problems != 0)
        eu_printf(out, "%s: %s\n", path,
                  problems == 0 ? "the integrity check found nothing inconsistent; changes whose pages were never "
                                  "written are missing all the same"
                                : "what is listed above may be inconsistent in what is read");
    return problems != 0 ? JET_errSuccess : err;
done:
    reader_close(&r);
    return err;
}
