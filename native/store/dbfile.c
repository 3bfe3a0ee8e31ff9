/* dbfile.c: writing a database file's header and flushing its pages (see dbfile.h). */
#include "dbfile.h"

#include <string.h>

/* A LOGTIME (UTC) for wall-clock nanoseconds since 1970. */
static void logtime_from_ns(int64_t ns, db_logtime *out)
{
    int64_t ms = ns / 1000000, secs = ms / 1000, days = secs / 86400, rem = secs % 86400;
    int64_t z, era, doe, yoe, y, doy, mp, d, m;
    uint32_t msec = (uint32_t)(ms % 1000);

    /* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
    z = days + 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) y++;
    memset(out, 0, sizeof *out);
    out->seconds = (uint8_t)(rem % 60);
    out->minutes = (uint8_t)(rem / 60 % 60);
    out->hours = (uint8_t)(rem / 3600);
    out->day = (uint8_t)d;
    out->month = (uint8_t)m;
    out->year = (uint8_t)(y - 1900);
    out->ms_low_utc = (uint8_t)(1u | (msec & 0x7fu) << 1);
    out->ms_high_flags = (uint8_t)((msec >> 7 & 0x7u) << 1);
}

void dbfile_new_header(db_header *hdr, uint32_t cb_page)
{
    int64_t now = compat_clock_wall_ns();
    uint64_t mix = (uint64_t)now ^ compat_clock_monotonic_ns() * 0x9e3779b97f4a7c15ull ^ (uint64_t)(uintptr_t)hdr;

    memset(hdr, 0, sizeof *hdr);
    hdr->magic = DBHEADER_MAGIC;
    hdr->version = DBHEADER_VERSION;
    hdr->dbstate = JET_dbstateJustCreated;
    hdr->sign_db.random = (uint32_t)(mix ^ mix >> 32);
    logtime_from_ns(now, &hdr->sign_db.create);
    hdr->logtime_consistent = hdr->sign_db.create;
    hdr->logtime_attach = hdr->sign_db.create;
    hdr->dbid = 1;
    hdr->update_major = DBFILE_UPDATE_MAJOR;
    hdr->create_version = DBHEADER_VERSION;
    hdr->create_update = DBFILE_UPDATE_MAJOR;
    hdr->cb_page_size = cb_page;
    hdr->filetype = JET_filetypeDatabase;
}

JET_ERR dbfile_write_header(dbfile *df)
{
    JET_ERR err = JET_errSuccess;
    uint8_t *page = compat_malloc(df->cb_page);
    compat_err ce = COMPAT_OK;

    if (page == NULL) return JET_errOutOfMemory;
    dbheader_encode(&df->hdr, page, df->cb_page);
    ce = compat_file_write_at(df->file, page, df->cb_page, 0);
    if (ce == COMPAT_OK) ce = compat_file_write_at(df->file, page, df->cb_page, df->cb_page);
    if (ce == COMPAT_OK) ce = compat_file_flush(df->file);
    if (ce != COMPAT_OK) FAIL(ce == COMPAT_ENOSPC ? JET_errDiskFull : JET_errDiskIO);
done:
    compat_free(page);
    return err;
}

JET_ERR dbfile_write_pages(dbfile *df, uint32_t pgno_last)
{
    JET_ERR err = JET_errSuccess;
    uint64_t size = 0, want = ((uint64_t)pgno_last + 2u) * df->cb_page;
    compat_err ce = compat_file_size(df->file, &size);

    if (ce != COMPAT_OK) FAIL(JET_errDiskIO);
    /* the size first, as dbfile_flush does; cache_flush's flush makes both durable */
    if (size < want) ce = compat_file_set_size(df->file, want);
    if (ce != COMPAT_OK) FAIL(ce == COMPAT_ENOSPC ? JET_errDiskFull : JET_errDiskIO);
    CHECK(cache_flush(df->space.c, df->space.ifile));
done:
    return err;
}

JET_ERR dbfile_flush(dbfile *df, bool clean)
{
    JET_ERR err = JET_errSuccess;
    compat_err ce;

    /* the file's size first, so that the pages written next fill space it has taken
     * (no holes where free pages were never written: the file is all on disk, as ESE's) */
    ce = compat_file_set_size(df->file, ((uint64_t)df->space.pgno_last + 2u) * df->cb_page);
    if (ce != COMPAT_OK) FAIL(ce == COMPAT_ENOSPC ? JET_errDiskFull : JET_errDiskIO);
    CHECK(cache_flush(df->space.c, df->space.ifile));
    df->hdr.dbtime_dirtied = df->space.dbtime;
    df->hdr.dbstate = clean ? JET_dbstateCleanShutdown : JET_dbstateDirtyShutdown;
    if (clean) logtime_from_ns(compat_clock_wall_ns(), &df->hdr.logtime_detach);
    CHECK(dbfile_write_header(df));
done:
    return err;
}
