/* esebench.c: one workload run against the native engine (through esent.h only), SQLite
 * (WAL, synchronous=NORMAL) and LMDB, side by side. A table of N rows: id (Long, primary
 * key), score (Long, non-unique secondary index), name (Text, unique secondary index) and
 * a 100-byte binary payload. Phases: load, random primary-key lookups, random seeks on
 * each secondary index (each also fetching the row), a full scan. Prints rows/s per
 * phase and engine, the ratio to SQLite, peak RSS and file size. With --check the
 * native engine's database is also verified in depth (sampled seeks, full scans of every
 * index checking count and order). With --wide it runs the wide-table workload instead
 * (2,000 columns, records with 300 tagged columns set, read back exactly).
 * Every value is a function of the row id, so each read is checked, not just timed.
 * Peak RSS comes from /proc/self/status (VmHWM, reset per engine through
 * /proc/self/clear_refs), which is what getrusage's ru_maxrss reports, per engine.
 * May call: esent.h (public API), sqlite3, lmdb, the C library. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lmdb.h>
#include <sqlite3.h>

#include "esent.h"
#include "suite.h"

#define PAYLOAD_BYTES 100u
#define NAME_CAP 24u
#define BATCH_ROWS 10000u /* rows per transaction for the peers (the engine has none yet) */
#define PATH_CAP 4096u

/* ---- the data: every value derives from the id ---- */

static uint64_t mix64(uint64_t x)
{
    /* A bijection on 64 bits (splitmix64's finaliser): distinct ids give distinct names. */
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

static int32_t row_score(uint32_t id, uint32_t n)
{
    /* About ten rows per score, so the secondary index has real duplicates. */
    uint32_t scores = n / 10u + 1u;
    return (int32_t)(mix64((uint64_t)id ^ 0x5c0e5c0e00000000ull) % scores);
}

static uint32_t row_name(uint32_t id, char out[NAME_CAP])
{
    /* Names in an order unrelated to the ids: the unique index is loaded at random. */
    return (uint32_t)snprintf(out, NAME_CAP, "n%016llx", (unsigned long long)mix64(id));
}

static void row_payload(uint32_t id, uint8_t out[PAYLOAD_BYTES])
{
    uint64_t h = mix64((uint64_t)id + 0x9e3779b97f4a7c15ull);
    for (uint32_t i = 0; i < PAYLOAD_BYTES; i++) out[i] = (uint8_t)((h >> ((i % 8u) * 8u)) ^ i);
}

typedef struct rng {
    uint64_t s;
} rng;

static uint32_t rng_below(rng *r, uint32_t n)
{
    r->s += 0x9e3779b97f4a7c15ull;
    return (uint32_t)(mix64(r->s) % (n ? n : 1u));
}

/* ---- measuring ---- */

static double now_seconds(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A "Vm...:" line of /proc/self/status in KiB; -1 where there is none (not Linux). */
static long status_kib(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t len = strlen(field);
    if (f == NULL) return -1;
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, field, len) == 0 && line[len] == ':') {
            v = strtol(line + len + 1, NULL, 10);
            break;
        }
    fclose(f);
    return v;
}

/* Resets the peak RSS to the current one (Linux 4.0 and later); false where refused. */
static bool reset_peak_rss(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    bool ok;
    if (f == NULL) return false;
    ok = fputs("5", f) >= 0;
    ok = fclose(f) == 0 && ok;
    return ok;
}

static double file_mib(const char *path)
{
    FILE *f = fopen(path, "rb");
    long size;
    if (f == NULL) return 0.0;
    if (fseek(f, 0, SEEK_END) != 0) {
        fclose(f);
        return 0.0;
    }
    size = ftell(f);
    fclose(f);
    return size < 0 ? 0.0 : (double)size / 1048576.0;
}

static void path_join(char out[PATH_CAP], const char *dir, const char *name)
{
    snprintf(out, PATH_CAP, "%s/%s", dir, name);
}

/* ---- options and results ---- */

enum { PH_LOAD, PH_PK, PH_SCORE, PH_NAME, PH_SCAN, PH_COUNT };
static const char *const k_phase_names[PH_COUNT] = { "load", "pk-seek", "score-seek", "name-seek", "scan" };

typedef struct options {
    uint32_t rows, lookups, cache_pages, page_size, wide_rows;
    uint64_t seed;
    bool native, sqlite, lmdb, check, keep, wide;
    const char *dir;
} options;

typedef struct result {
    bool ran;
    double rate[PH_COUNT];   /* operations per second */
    double seconds[PH_COUNT];
    long base_kib, peak_kib; /* RSS when the engine started, and its peak */
    double file_mib;
    uint64_t errors;         /* wrong answers seen */
} result;

static void report_error(result *r, const char *engine, const char *what, uint32_t id, long code)
{
    /* The first few, so a wrong answer is shown without flooding the output. */
    if (r->errors++ < 10) fprintf(stderr, "%s: %s (id %u, code %ld)\n", engine, what, id, code);
}

static void phase_end(result *r, int phase, double t0, uint64_t ops)
{
    double dt = now_seconds() - t0;
    r->seconds[phase] = dt;
    r->rate[phase] = dt > 0 ? (double)ops / dt : 0.0;
}

/* ---- native engine: esent.h only ---- */

typedef struct native_db {
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid;
    JET_TABLEID t;
    JET_COLUMNID id, score, name, payload;
} native_db;

#define NCHECK(call)                                                                                               \
    do {                                                                                                           \
        JET_ERR e_ = (call);                                                                                       \
        if (e_ < 0) {                                                                                              \
            fprintf(stderr, "native: %s failed: %d (line %d)\n", #call, (int)e_, __LINE__);                        \
            goto fail;                                                                                             \
        }                                                                                                          \
    } while (0)

static JET_ERR native_start(const options *o, const char *path, bool create, native_db *d)
{
    JET_ERR err;
    memset(d, 0, sizeof *d);
    /* The cache bound is a process-wide parameter. It is set before the instance exists:
     * the engine sizes the cache from the instance's copy of the parameters, taken when
     * the instance is created (a value set through the instance afterwards is not seen). */
    err = JetSetSystemParameterA(NULL, 0, JET_paramCacheSizeMax, o->cache_pages, NULL);
    if (err >= 0) err = JetCreateInstanceA(&d->inst, "esebench");
    if (err < 0) return err;
    JetSetSystemParameterA(&d->inst, 0, JET_paramRecovery, 0, "off");
    err = JetInit(&d->inst);
    if (err >= 0) err = JetBeginSessionA(d->inst, &d->s, "", "");
    if (err >= 0 && create) err = JetCreateDatabaseA(d->s, path, NULL, &d->dbid, 0);
    if (err >= 0 && !create) {
        err = JetAttachDatabaseA(d->s, path, JET_bitDbReadOnly);
        if (err >= 0) err = JetOpenDatabaseA(d->s, path, NULL, &d->dbid, JET_bitDbReadOnly);
    }
    return err;
}

static void native_stop(native_db *d, const char *path)
{
    if (d->t) JetCloseTable(d->s, d->t);
    if (d->dbid) JetCloseDatabase(d->s, d->dbid, 0);
    if (d->s) JetDetachDatabaseA(d->s, path);
    if (d->inst) JetTerm(d->inst);
    memset(d, 0, sizeof *d);
}

static JET_ERR native_make_table(native_db *d)
{
    JET_ERR err;
    JET_COLUMNDEF def;
    memset(&def, 0, sizeof def);
    def.cbStruct = sizeof def;
    err = JetCreateTableA(d->s, d->dbid, "t", 0, 0, &d->t);
    def.coltyp = JET_coltypLong;
    if (err >= 0) err = JetAddColumnA(d->s, d->t, "id", &def, NULL, 0, &d->id);
    if (err >= 0) err = JetAddColumnA(d->s, d->t, "score", &def, NULL, 0, &d->score);
    def.coltyp = JET_coltypText;
    def.cp = 1252;
    def.cbMax = NAME_CAP;
    if (err >= 0) err = JetAddColumnA(d->s, d->t, "name", &def, NULL, 0, &d->name);
    def.coltyp = JET_coltypBinary;
    def.cp = 0;
    def.cbMax = PAYLOAD_BYTES;
    if (err >= 0) err = JetAddColumnA(d->s, d->t, "payload", &def, NULL, 0, &d->payload);
    if (err >= 0) err = JetCreateIndexA(d->s, d->t, "primary", JET_bitIndexPrimary, "+id\0", 5, 100);
    if (err >= 0) err = JetCreateIndexA(d->s, d->t, "byscore", 0, "+score\0", 8, 100);
    if (err >= 0) err = JetCreateIndexA(d->s, d->t, "byname", JET_bitIndexUnique, "+name\0", 7, 100);
    return err;
}

static JET_ERR native_columns(native_db *d)
{
    JET_COLUMNDEF def;
    JET_ERR err;
    const char *names[4] = { "id", "score", "name", "payload" };
    JET_COLUMNID *ids[4] = { &d->id, &d->score, &d->name, &d->payload };
    for (int i = 0; i < 4; i++) {
        err = JetGetTableColumnInfoA(d->s, d->t, names[i], &def, sizeof def, JET_ColInfo);
        if (err < 0) return err;
        *ids[i] = def.columnid;
    }
    return JET_errSuccess;
}

/* Checks the current record against id: its score, name and payload. */
static void native_check_row(native_db *d, result *r, uint32_t n, uint32_t id_expected, bool any_id)
{
    int32_t id = -1, score = -1;
    uint32_t cb = 0, cb_name = 0;
    char name[NAME_CAP], want[NAME_CAP];
    uint8_t payload[PAYLOAD_BYTES], want_payload[PAYLOAD_BYTES];
    JET_ERR err = JetRetrieveColumn(d->s, d->t, d->id, &id, 4, &cb, 0, NULL);
    if (err != JET_errSuccess || cb != 4 || (!any_id && (uint32_t)id != id_expected)) {
        report_error(r, "native", "wrong id", id_expected, err);
        return;
    }
    err = JetRetrieveColumn(d->s, d->t, d->score, &score, 4, &cb, 0, NULL);
    if (err != JET_errSuccess || score != row_score((uint32_t)id, n)) report_error(r, "native", "wrong score", (uint32_t)id, err);
    err = JetRetrieveColumn(d->s, d->t, d->name, name, sizeof name, &cb_name, 0, NULL);
    if (err != JET_errSuccess || cb_name != row_name((uint32_t)id, want) || memcmp(name, want, cb_name) != 0)
        report_error(r, "native", "wrong name", (uint32_t)id, err);
    err = JetRetrieveColumn(d->s, d->t, d->payload, payload, sizeof payload, &cb, 0, NULL);
    row_payload((uint32_t)id, want_payload);
    if (err != JET_errSuccess || cb != PAYLOAD_BYTES || memcmp(payload, want_payload, PAYLOAD_BYTES) != 0)
        report_error(r, "native", "wrong payload", (uint32_t)id, err);
}

static JET_ERR native_seek_long(native_db *d, int32_t v)
{
    JET_ERR err = JetMakeKey(d->s, d->t, &v, 4, JET_bitNewKey);
    return err < 0 ? err : JetSeek(d->s, d->t, JET_bitSeekEQ);
}

/* Walks index `index` from first to last: counts entries, checks the keys never go
 * backwards (strictly forwards when unique) and, every `every` entries, the record. */
static void native_scan_index(native_db *d, result *r, const options *o, const char *index, bool unique,
                              uint32_t every)
{
    uint8_t key[2][256];
    uint32_t cb_key[2] = { 0, 0 }, count = 0, cur = 0;
    JET_ERR err = JetSetCurrentIndexA(d->s, d->t, index);
    double t0 = now_seconds();
    if (err < 0) {
        report_error(r, "native", "JetSetCurrentIndex failed", 0, err);
        return;
    }
    for (err = JetMove(d->s, d->t, JET_MoveFirst, 0); err >= 0; err = JetMove(d->s, d->t, JET_MoveNext, 0)) {
        err = JetRetrieveKey(d->s, d->t, key[cur], sizeof key[cur], &cb_key[cur], 0);
        if (err != JET_errSuccess) report_error(r, "native", "JetRetrieveKey failed", count, err);
        if (count > 0) {
            uint32_t cb = cb_key[cur] < cb_key[!cur] ? cb_key[cur] : cb_key[!cur];
            int c = memcmp(key[!cur], key[cur], cb);
            if (c == 0) c = cb_key[!cur] < cb_key[cur] ? -1 : cb_key[!cur] > cb_key[cur] ? 1 : 0;
            if (c > 0 || (unique && c == 0)) report_error(r, "native", "index keys out of order", count, c);
        }
        if (count % every == 0) native_check_row(d, r, o->rows, 0, true);
        cur = !cur;
        count++;
    }
    if (err != JET_errNoCurrentRecord) report_error(r, "native", "index walk stopped", count, err);
    if (count != o->rows) report_error(r, "native", "index entry count differs", count, (long)o->rows);
    printf("  check: index %-8s %u entries in order, %.0f entries/s\n", index, count,
           (double)count / (now_seconds() - t0));
}

/* The deep verification of --check: every 1000th id by primary key, random names and
 * scores, then full walks of all three indexes. */
static void native_deep_check(native_db *d, result *r, const options *o)
{
    rng g = { o->seed ^ 0xc4ec4ull };
    uint32_t sampled = 0;
    char name[NAME_CAP];
    double t0 = now_seconds();
    if (JetSetCurrentIndexA(d->s, d->t, "primary") < 0) report_error(r, "native", "no primary index", 0, 0);
    for (uint32_t id = 0; id < o->rows; id += 1000u, sampled++) {
        JET_ERR err = native_seek_long(d, (int32_t)id);
        if (err != JET_errSuccess) report_error(r, "native", "sampled id not found", id, err);
        else native_check_row(d, r, o->rows, id, false);
    }
    if (JetSetCurrentIndexA(d->s, d->t, "byname") < 0) report_error(r, "native", "no name index", 0, 0);
    for (int i = 0; i < 500; i++, sampled++) {
        uint32_t id = rng_below(&g, o->rows), cb = row_name(id, name);
        JET_ERR err = JetMakeKey(d->s, d->t, name, cb, JET_bitNewKey);
        if (err >= 0) err = JetSeek(d->s, d->t, JET_bitSeekEQ);
        if (err != JET_errSuccess) report_error(r, "native", "sampled name not found", id, err);
        else native_check_row(d, r, o->rows, id, false);
    }
    if (JetSetCurrentIndexA(d->s, d->t, "byscore") < 0) report_error(r, "native", "no score index", 0, 0);
    for (int i = 0; i < 500; i++, sampled++) {
        uint32_t id = rng_below(&g, o->rows), matches = 0;
        int32_t score = row_score(id, o->rows), got = 0;
        bool seen = false;
        JET_ERR err = native_seek_long(d, score);
        if (err != JET_errSuccess) report_error(r, "native", "sampled score not found", id, err);
        /* Every row with this score, and among them the one sampled. */
        while (err >= 0) {
            int32_t rid = -1;
            uint32_t cb = 0;
            if (JetRetrieveColumn(d->s, d->t, d->score, &got, 4, &cb, 0, NULL) != JET_errSuccess || got != score) break;
            JetRetrieveColumn(d->s, d->t, d->id, &rid, 4, &cb, 0, NULL);
            if ((uint32_t)rid == id) seen = true;
            matches++;
            err = JetMove(d->s, d->t, JET_MoveNext, 0);
        }
        if (!seen) report_error(r, "native", "row missing under its score", id, (long)matches);
    }
    printf("  check: %u sampled seeks (every 1000th id, 500 names, 500 scores) in %.2f s\n", sampled,
           now_seconds() - t0);
    native_scan_index(d, r, o, "primary", true, 1000u);
    native_scan_index(d, r, o, "byscore", false, 1000u);
    native_scan_index(d, r, o, "byname", true, 1000u);
}

static void run_native(const options *o, result *r)
{
    native_db d;
    char path[PATH_CAP], name[NAME_CAP];
    uint8_t payload[PAYLOAD_BYTES];
    rng g = { o->seed };
    double t0;
    path_join(path, o->dir, "esebench.edb");
    remove(path);
    NCHECK(native_start(o, path, true, &d));
    NCHECK(native_make_table(&d));
    NCHECK(native_columns(&d));

    t0 = now_seconds();
    for (uint32_t id = 0; id < o->rows; id++) {
        int32_t v = (int32_t)id, score = row_score(id, o->rows);
        uint32_t cb_name = row_name(id, name);
        row_payload(id, payload);
        NCHECK(JetPrepareUpdate(d.s, d.t, JET_prepInsert));
        NCHECK(JetSetColumn(d.s, d.t, d.id, &v, 4, 0, NULL));
        NCHECK(JetSetColumn(d.s, d.t, d.score, &score, 4, 0, NULL));
        NCHECK(JetSetColumn(d.s, d.t, d.name, name, cb_name, 0, NULL));
        NCHECK(JetSetColumn(d.s, d.t, d.payload, payload, PAYLOAD_BYTES, 0, NULL));
        NCHECK(JetUpdate(d.s, d.t, NULL, 0, NULL));
    }
    phase_end(r, PH_LOAD, t0, o->rows);

    NCHECK(JetSetCurrentIndexA(d.s, d.t, "primary"));
    t0 = now_seconds();
    for (uint32_t i = 0; i < o->lookups; i++) {
        uint32_t id = rng_below(&g, o->rows);
        uint32_t cb = 0;
        JET_ERR err = native_seek_long(&d, (int32_t)id);
        if (err == JET_errSuccess) err = JetRetrieveColumn(d.s, d.t, d.payload, payload, PAYLOAD_BYTES, &cb, 0, NULL);
        if (err != JET_errSuccess || payload[1] != (uint8_t)((mix64((uint64_t)id + 0x9e3779b97f4a7c15ull) >> 8) ^ 1u))
            report_error(r, "native", "pk lookup", id, err);
    }
    phase_end(r, PH_PK, t0, o->lookups);

    NCHECK(JetSetCurrentIndexA(d.s, d.t, "byscore"));
    t0 = now_seconds();
    for (uint32_t i = 0; i < o->lookups; i++) {
        uint32_t id = rng_below(&g, o->rows), cb = 0;
        int32_t score = row_score(id, o->rows), got = -1;
        JET_ERR err = native_seek_long(&d, score);
        if (err == JET_errSuccess) err = JetRetrieveColumn(d.s, d.t, d.id, &got, 4, &cb, 0, NULL);
        if (err == JET_errSuccess) err = JetRetrieveColumn(d.s, d.t, d.payload, payload, PAYLOAD_BYTES, &cb, 0, NULL);
        if (err != JET_errSuccess || got < 0 || row_score((uint32_t)got, o->rows) != score)
            report_error(r, "native", "score seek", id, err);
    }
    phase_end(r, PH_SCORE, t0, o->lookups);

    NCHECK(JetSetCurrentIndexA(d.s, d.t, "byname"));
    t0 = now_seconds();
    for (uint32_t i = 0; i < o->lookups; i++) {
        uint32_t id = rng_below(&g, o->rows), cb = row_name(id, name);
        int32_t got = -1;
        JET_ERR err = JetMakeKey(d.s, d.t, name, cb, JET_bitNewKey);
        if (err >= 0) err = JetSeek(d.s, d.t, JET_bitSeekEQ);
        if (err == JET_errSuccess) err = JetRetrieveColumn(d.s, d.t, d.id, &got, 4, &cb, 0, NULL);
        if (err == JET_errSuccess) err = JetRetrieveColumn(d.s, d.t, d.payload, payload, PAYLOAD_BYTES, &cb, 0, NULL);
        if (err != JET_errSuccess || (uint32_t)got != id) report_error(r, "native", "name seek", id, err);
    }
    phase_end(r, PH_NAME, t0, o->lookups);

    NCHECK(JetSetCurrentIndexA(d.s, d.t, "primary"));
    t0 = now_seconds();
    {
        uint32_t expect = 0;
        JET_ERR err;
        for (err = JetMove(d.s, d.t, JET_MoveFirst, 0); err >= 0; err = JetMove(d.s, d.t, JET_MoveNext, 0)) {
            int32_t got = -1;
            uint32_t cb = 0;
            err = JetRetrieveColumn(d.s, d.t, d.id, &got, 4, &cb, 0, NULL);
            if (err == JET_errSuccess)
                err = JetRetrieveColumn(d.s, d.t, d.payload, payload, PAYLOAD_BYTES, &cb, 0, NULL);
            if (err != JET_errSuccess || (uint32_t)got != expect) report_error(r, "native", "scan", expect, err);
            expect++;
        }
        if (err != JET_errNoCurrentRecord || expect != o->rows) report_error(r, "native", "scan count", expect, err);
    }
    phase_end(r, PH_SCAN, t0, o->rows);

    if (o->check) native_deep_check(&d, r, o);
    native_stop(&d, path);
    r->file_mib = file_mib(path);
    if (o->check) {
        /* Once more after a detach and a read-only attach: what is on disk is complete. */
        result again;
        memset(&again, 0, sizeof again);
        NCHECK(native_start(o, path, false, &d));
        NCHECK(JetOpenTableA(d.s, d.dbid, "t", NULL, 0, JET_bitTableReadOnly, &d.t));
        NCHECK(native_columns(&d));
        printf("  check: after reattach\n");
        native_scan_index(&d, &again, o, "primary", true, 997u);
        r->errors += again.errors;
        native_stop(&d, path);
    }
    if (!o->keep) remove(path);
    r->ran = true;
    return;
fail:
    r->errors++;
    native_stop(&d, path);
}

/* ---- the wide table: 2,000 columns, 300 tagged columns set per record ---- */

/* Besides the id (a fixed Long, the primary key): 126 more fixed columns (127 is ESE's
 * limit), 128 variable ones (its limit) and 1,745 tagged ones: 2,000 columns in all. */
#define WIDE_FIXED 126u
#define WIDE_VAR 128u
#define WIDE_COLUMNS 1999u
#define WIDE_TAGGED (WIDE_COLUMNS - WIDE_FIXED - WIDE_VAR)
#define WIDE_TAGGED_SET 300u

/* Column c's value in record id: 0 bytes means not set. Fixed columns are Longs; variable
 * ones binary of 1..4 bytes, tagged ones 1..6: a full record is then about 3,300 bytes,
 * which fits the engine's limit of about half a page on 8 KiB pages (records above half
 * a page are refused with JET_errRecordTooBig, where ESE takes nearly a whole page). */
static uint32_t wide_value(uint32_t id, uint32_t c, uint8_t out[16])
{
    uint64_t h = mix64(((uint64_t)id << 16) ^ c);
    uint32_t cb;
    if (c < WIDE_FIXED) {
        if (h % 3u == 0) return 0;
        cb = 4;
    } else if (c < WIDE_FIXED + WIDE_VAR) {
        if (h % 4u == 0) return 0;
        cb = 1u + (uint32_t)(h >> 60) % 4u;
    } else {
        /* WIDE_TAGGED_SET consecutive tagged columns from a start that varies per id. */
        uint32_t k = c - WIDE_FIXED - WIDE_VAR, start = (uint32_t)(mix64(id) % WIDE_TAGGED);
        if ((k + WIDE_TAGGED - start) % WIDE_TAGGED >= WIDE_TAGGED_SET) return 0;
        cb = 1u + (uint32_t)(h >> 60) % 6u;
    }
    for (uint32_t i = 0; i < cb; i++) out[i] = (uint8_t)((uint8_t)(h >> (i % 8u * 8u)) + (uint8_t)i);
    return cb;
}

static void run_wide(const options *o, result *r)
{
    native_db d;
    char path[PATH_CAP], cname[16];
    JET_COLUMNID *cols = calloc(WIDE_COLUMNS, sizeof *cols);
    JET_COLUMNDEF def;
    uint8_t v[16], got[64];
    double t0;
    uint64_t values = 0;
    path_join(path, o->dir, "esebench-wide.edb");
    remove(path);
    memset(&d, 0, sizeof d);
    if (cols == NULL) goto fail;
    NCHECK(native_start(o, path, true, &d));
    NCHECK(JetCreateTableA(d.s, d.dbid, "wide", 0, 0, &d.t));
    memset(&def, 0, sizeof def);
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    NCHECK(JetAddColumnA(d.s, d.t, "id", &def, NULL, 0, &d.id));
    NCHECK(JetCreateIndexA(d.s, d.t, "primary", JET_bitIndexPrimary, "+id\0", 5, 100));
    t0 = now_seconds();
    for (uint32_t c = 0; c < WIDE_COLUMNS; c++) {
        snprintf(cname, sizeof cname, "c%04u", c);
        memset(&def, 0, sizeof def);
        def.cbStruct = sizeof def;
        if (c < WIDE_FIXED) {
            def.coltyp = JET_coltypLong;
        } else if (c < WIDE_FIXED + WIDE_VAR) {
            def.coltyp = JET_coltypBinary;
            def.cbMax = 255;
        } else {
            def.coltyp = (c % 2u) ? JET_coltypBinary : JET_coltypLongBinary;
            def.grbit = JET_bitColumnTagged;
        }
        NCHECK(JetAddColumnA(d.s, d.t, cname, &def, NULL, 0, &cols[c]));
    }
    printf("wide: %u columns added in %.2f s\n", WIDE_COLUMNS + 1u, now_seconds() - t0);
    t0 = now_seconds();
    for (uint32_t id = 0; id < o->wide_rows; id++) {
        int32_t key = (int32_t)id;
        uint32_t set[3] = { 0, 0, 0 }, bytes[3] = { 0, 0, 0 };
        JET_ERR err;
        NCHECK(JetPrepareUpdate(d.s, d.t, JET_prepInsert));
        NCHECK(JetSetColumn(d.s, d.t, d.id, &key, 4, 0, NULL));
        for (uint32_t c = 0; c < WIDE_COLUMNS; c++) {
            uint32_t cb = wide_value(id, c, v), kind = c < WIDE_FIXED ? 0 : c < WIDE_FIXED + WIDE_VAR ? 1 : 2;
            if (cb) NCHECK(JetSetColumn(d.s, d.t, cols[c], v, cb, 0, NULL));
            set[kind] += cb != 0;
            bytes[kind] += cb;
        }
        err = JetUpdate(d.s, d.t, NULL, 0, NULL);
        if (err < 0) {
            fprintf(stderr, "wide: record %u refused (%d): %u fixed (%u bytes), %u variable (%u bytes), %u tagged (%u bytes)\n",
                    id, (int)err, set[0], bytes[0], set[1], bytes[1], set[2], bytes[2]);
            goto fail;
        }
    }
    printf("wide: %u records inserted in %.2f s\n", o->wide_rows, now_seconds() - t0);
    NCHECK(JetSetCurrentIndexA(d.s, d.t, "primary"));
    t0 = now_seconds();
    for (uint32_t id = 0; id < o->wide_rows; id++) {
        uint32_t tagged_seen = 0;
        JET_ERR err = native_seek_long(&d, (int32_t)id);
        if (err != JET_errSuccess) {
            report_error(r, "wide", "record not found", id, err);
            continue;
        }
        for (uint32_t c = 0; c < WIDE_COLUMNS; c++) {
            uint32_t cb = wide_value(id, c, v), cb_got = 0;
            err = JetRetrieveColumn(d.s, d.t, cols[c], got, sizeof got, &cb_got, 0, NULL);
            if (cb == 0 ? err != JET_wrnColumnNull
                        : (err != JET_errSuccess || cb_got != cb || memcmp(got, v, cb) != 0))
                report_error(r, "wide", "column value differs", id, (long)c);
            if (cb && c >= WIDE_FIXED + WIDE_VAR) tagged_seen++;
            values += cb != 0;
        }
        if (tagged_seen != WIDE_TAGGED_SET) report_error(r, "wide", "tagged columns set", id, (long)tagged_seen);
    }
    printf("wide: read back %llu values of %u records exactly in %.2f s, %llu wrong\n", (unsigned long long)values,
           o->wide_rows, now_seconds() - t0, (unsigned long long)r->errors);
    native_stop(&d, path);
    r->file_mib = file_mib(path);
    if (!o->keep) remove(path);
    free(cols);
    r->ran = true;
    return;
fail:
    r->errors++;
    native_stop(&d, path);
    free(cols);
}

/* ---- SQLite ---- */

static bool sq(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK) return true;
    fprintf(stderr, "sqlite: %s: %s\n", sql, msg ? msg : "?");
    sqlite3_free(msg);
    return false;
}

static void run_sqlite(const options *o, result *r)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL, *by_id = NULL, *by_score = NULL, *by_name = NULL, *scan = NULL;
    char path[PATH_CAP], side[PATH_CAP + 8], sql[128], name[NAME_CAP];
    uint8_t payload[PAYLOAD_BYTES];
    rng g = { o->seed };
    double t0;
    path_join(path, o->dir, "esebench.sqlite");
    remove(path);
    snprintf(side, sizeof side, "%s-wal", path);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", path);
    remove(side);
    if (sqlite3_open(path, &db) != SQLITE_OK) goto fail;
    /* The same page size, and a page cache of the same bytes as the engine's. */
    snprintf(sql, sizeof sql, "PRAGMA page_size=%u", o->page_size);
    if (!sq(db, sql)) goto fail;
    snprintf(sql, sizeof sql, "PRAGMA cache_size=-%llu",
             (unsigned long long)o->cache_pages * o->page_size / 1024u);
    if (!sq(db, sql) || !sq(db, "PRAGMA journal_mode=WAL") || !sq(db, "PRAGMA synchronous=NORMAL")) goto fail;
    if (!sq(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, score INTEGER NOT NULL, name TEXT NOT NULL UNIQUE,"
                " payload BLOB NOT NULL)") ||
        !sq(db, "CREATE INDEX byscore ON t(score)"))
        goto fail;
    if (sqlite3_prepare_v2(db, "INSERT INTO t VALUES(?,?,?,?)", -1, &ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT payload FROM t WHERE id=?", -1, &by_id, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT id, payload FROM t WHERE score=? LIMIT 1", -1, &by_score, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT id, payload FROM t WHERE name=?", -1, &by_name, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT id, payload FROM t ORDER BY id", -1, &scan, NULL) != SQLITE_OK)
        goto fail;

    t0 = now_seconds();
    for (uint32_t id = 0; id < o->rows; id++) {
        uint32_t cb_name = row_name(id, name);
        if (id % BATCH_ROWS == 0 && !sq(db, "BEGIN")) goto fail;
        row_payload(id, payload);
        sqlite3_bind_int64(ins, 1, id);
        sqlite3_bind_int64(ins, 2, row_score(id, o->rows));
        sqlite3_bind_text(ins, 3, name, (int)cb_name, SQLITE_STATIC);
        sqlite3_bind_blob(ins, 4, payload, PAYLOAD_BYTES, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE) goto fail;
        sqlite3_reset(ins);
        if ((id + 1u) % BATCH_ROWS == 0 || id + 1u == o->rows)
            if (!sq(db, "COMMIT")) goto fail;
    }
    phase_end(r, PH_LOAD, t0, o->rows);

    t0 = now_seconds();
    for (uint32_t i = 0; i < o->lookups; i++) {
        uint32_t id = rng_below(&g, o->rows);
        sqlite3_bind_int64(by_id, 1, id);
        if (sqlite3_step(by_id) != SQLITE_ROW || sqlite3_column_bytes(by_id, 0) != (int)PAYLOAD_BYTES)
            report_error(r, "sqlite", "pk lookup", id, 0);
        sqlite3_reset(by_id);
    }
    phase_end(r, PH_PK, t0, o->lookups);

    t0 = now_seconds();
    for (uint32_t i = 0; i < o->lookups; i++) {
        uint32_t id = rng_below(&g, o->rows);
        int32_t score = row_score(id, o->rows);
        sqlite3_bind_int64(by_score, 1, score);
        if (sqlite3_step(by_score) != SQLITE_ROW ||
            row_score((uint32_t)sqlite3_column_int64(by_score, 0), o->rows) != score ||
            sqlite3_column_bytes(by_score, 1) != (int)PAYLOAD_BYTES)
            report_error(r, "sqlite", "score seek", id, 0);
        sqlite3_reset(by_score);
    }
    phase_end(r, PH_SCORE, t0, o->lookups);

    t0 = now_seconds();
    for (uint32_t i = 0; i < o->lookups; i++) {
        uint32_t id = rng_below(&g, o->rows), cb = row_name(id, name);
        sqlite3_bind_text(by_name, 1, name, (int)cb, SQLITE_STATIC);
        if (sqlite3_step(by_name) != SQLITE_ROW || (uint32_t)sqlite3_column_int64(by_name, 0) != id ||
            sqlite3_column_bytes(by_name, 1) != (int)PAYLOAD_BYTES)
            report_error(r, "sqlite", "name seek", id, 0);
        sqlite3_reset(by_name);
    }
    phase_end(r, PH_NAME, t0, o->lookups);

    t0 = now_seconds();
    {
        uint32_t expect = 0;
        while (sqlite3_step(scan) == SQLITE_ROW) {
            if ((uint32_t)sqlite3_column_int64(scan, 0) != expect || sqlite3_column_bytes(scan, 1) != (int)PAYLOAD_BYTES)
                report_error(r, "sqlite", "scan", expect, 0);
            expect++;
        }
        if (expect != o->rows) report_error(r, "sqlite", "scan count", expect, 0);
        sqlite3_reset(scan);
    }
    phase_end(r, PH_SCAN, t0, o->rows);
    r->ran = true;
    goto done;
fail:
    r->errors++;
    if (db) fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
done:
    sqlite3_finalize(ins);
    sqlite3_finalize(by_id);
    sqlite3_finalize(by_score);
    sqlite3_finalize(by_name);
    sqlite3_finalize(scan);
    /* Closing checkpoints the WAL into the main file, so its size is comparable. */
    sqlite3_close(db);
    r->file_mib = file_mib(path);
    if (!o->keep) {
        remove(path);
        snprintf(side, sizeof side, "%s-wal", path);
        remove(side);
        snprintf(side, sizeof side, "%s-shm", path);
        remove(side);
    }
}

/* ---- LMDB: rows by id, plus one database per secondary index ---- */

#define LCHECK(call)                                                                                               \
    do {                                                                                                           \
        int rc_ = (call);                                                                                          \
        if (rc_ != 0) {                                                                                            \
            fprintf(stderr, "lmdb: %s: %s (line %d)\n", #call, mdb_strerror(rc_), __LINE__);                       \
            goto fail;                                                                                             \
        }                                                                                                          \
    } while (0)

/* A row: score (4), name length (1), name, payload. */
static size_t lmdb_pack(uint32_t id, uint32_t n, uint8_t *out)
{
    char name[NAME_CAP];
    int32_t score = row_score(id, n);
    uint32_t cb = row_name(id, name);
    memcpy(out, &score, 4);
    out[4] = (uint8_t)cb;
    memcpy(out + 5, name, cb);
    row_payload(id, out + 5 + cb);
    return 5u + cb + PAYLOAD_BYTES;
}

static void run_lmdb(const options *o, result *r)
{
    MDB_env *env = NULL;
    MDB_txn *txn = NULL;
    MDB_dbi rows = 0, scores = 0, names = 0;
    MDB_cursor *cur = NULL;
    char path[PATH_CAP], lock[PATH_CAP + 8], name[NAME_CAP];
    uint8_t packed[8 + NAME_CAP + PAYLOAD_BYTES];
    rng g = { o->seed };
    double t0;
    size_t map = (size_t)o->rows * 1024u + ((size_t)64 << 20);
    path_join(path, o->dir, "esebench.lmdb");
    snprintf(lock, sizeof lock, "%s-lock", path);
    remove(path);
    remove(lock);
    LCHECK(mdb_env_create(&env));
    LCHECK(mdb_env_set_maxdbs(env, 4));
    LCHECK(mdb_env_set_mapsize(env, map));
    /* No sync per commit: the engine does not sync either until it detaches. */
    LCHECK(mdb_env_open(env, path, MDB_NOSUBDIR | MDB_NOSYNC, 0644));
    LCHECK(mdb_txn_begin(env, NULL, 0, &txn));
    LCHECK(mdb_dbi_open(txn, "rows", MDB_CREATE | MDB_INTEGERKEY, &rows));
    LCHECK(mdb_dbi_open(txn, "score", MDB_CREATE | MDB_INTEGERKEY | MDB_DUPSORT | MDB_DUPFIXED | MDB_INTEGERDUP,
                        &scores));
    LCHECK(mdb_dbi_open(txn, "name", MDB_CREATE, &names));
    LCHECK(mdb_txn_commit(txn));
    txn = NULL;

    t0 = now_seconds();
    for (uint32_t id = 0; id < o->rows; id++) {
        uint32_t score = (uint32_t)row_score(id, o->rows), cb = row_name(id, name);
        MDB_val k = { sizeof id, &id }, v;
        if (txn == NULL) LCHECK(mdb_txn_begin(env, NULL, 0, &txn));
        v.mv_size = lmdb_pack(id, o->rows, packed);
        v.mv_data = packed;
        LCHECK(mdb_put(txn, rows, &k, &v, MDB_NOOVERWRITE));
        k.mv_size = sizeof score;
        k.mv_data = &score;
        v.mv_size = sizeof id;
        v.mv_data = &id;
        LCHECK(mdb_put(txn, scores, &k, &v, 0));
        k.mv_size = cb;
        k.mv_data = name;
        LCHECK(mdb_put(txn, names, &k, &v, MDB_NOOVERWRITE));
        if ((id + 1u) % BATCH_ROWS == 0 || id + 1u == o->rows) {
            LCHECK(mdb_txn_commit(txn));
            txn = NULL;
        }
    }
    phase_end(r, PH_LOAD, t0, o->rows);

    /* Reads: one read-only snapshot per phase. */
    LCHECK(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn));
    t0 = now_seconds();
    for (uint32_t i = 0; i < o->lookups; i++) {
        uint32_t id = rng_below(&g, o->rows);
        MDB_val k = { sizeof id, &id }, v;
        if (mdb_get(txn, rows, &k, &v) != 0 || v.mv_size < 5u + PAYLOAD_BYTES) report_error(r, "lmdb", "pk lookup", id, 0);
    }
    phase_end(r, PH_PK, t0, o->lookups);
    mdb_txn_reset(txn);
    LCHECK(mdb_txn_renew(txn));
    t0 = now_seconds();
    for (uint32_t i = 0; i < o->lookups; i++) {
        uint32_t id = rng_below(&g, o->rows), score = (uint32_t)row_score(id, o->rows), got = 0;
        MDB_val k = { sizeof score, &score }, v;
        if (mdb_get(txn, scores, &k, &v) != 0 || v.mv_size != 4) {
            report_error(r, "lmdb", "score seek", id, 0);
            continue;
        }
        memcpy(&got, v.mv_data, 4);
        k.mv_size = sizeof got;
        k.mv_data = &got;
        if (mdb_get(txn, rows, &k, &v) != 0 || (uint32_t)row_score(got, o->rows) != score)
            report_error(r, "lmdb", "score seek row", id, 0);
    }
    phase_end(r, PH_SCORE, t0, o->lookups);
    mdb_txn_reset(txn);
    LCHECK(mdb_txn_renew(txn));
    t0 = now_seconds();
    for (uint32_t i = 0; i < o->lookups; i++) {
        uint32_t id = rng_below(&g, o->rows), cb = row_name(id, name), got = 0;
        MDB_val k = { cb, name }, v;
        if (mdb_get(txn, names, &k, &v) != 0 || v.mv_size != 4) {
            report_error(r, "lmdb", "name seek", id, 0);
            continue;
        }
        memcpy(&got, v.mv_data, 4);
        k.mv_size = sizeof got;
        k.mv_data = &got;
        if (got != id || mdb_get(txn, rows, &k, &v) != 0) report_error(r, "lmdb", "name seek row", id, 0);
    }
    phase_end(r, PH_NAME, t0, o->lookups);
    mdb_txn_reset(txn);
    LCHECK(mdb_txn_renew(txn));
    t0 = now_seconds();
    {
        uint32_t expect = 0, got = 0;
        MDB_val k, v;
        int rc;
        LCHECK(mdb_cursor_open(txn, rows, &cur));
        for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
            memcpy(&got, k.mv_data, 4);
            if (got != expect || v.mv_size < 5u + PAYLOAD_BYTES) report_error(r, "lmdb", "scan", expect, 0);
            expect++;
        }
        if (expect != o->rows) report_error(r, "lmdb", "scan count", expect, rc);
        mdb_cursor_close(cur);
        cur = NULL;
    }
    phase_end(r, PH_SCAN, t0, o->rows);
    mdb_txn_abort(txn);
    txn = NULL;
    r->ran = true;
    goto done;
fail:
    r->errors++;
done:
    if (cur) mdb_cursor_close(cur);
    if (txn) mdb_txn_abort(txn);
    if (env) {
        mdb_env_sync(env, 1);
        mdb_env_close(env);
    }
    r->file_mib = file_mib(path);
    if (!o->keep) {
        remove(path);
        remove(lock);
    }
}

/* ---- main ---- */

static void usage(void)
{
    fprintf(stderr,
            "usage: esebench [-n rows] [-l lookups] [-c cache-pages] [-p page-size] [-e native,sqlite,lmdb]\n"
            "                [-d dir] [-s seed] [-k] [--check] [--wide records]\n"
            "  -n rows         rows to load (default 100000)\n"
            "  -l lookups      random lookups per seek phase (default: rows, at most 200000)\n"
            "  -c cache-pages  JET_paramCacheSizeMax for the engine; SQLite gets a cache of the same bytes\n"
            "                  (default 2048)\n"
            "  -p page-size    4096, 8192 (default), 16384 or 32768, for the engine and SQLite\n"
            "  -e engines      which to run (default all three)\n"
            "  -d dir          where the database files go (default .); they are removed after\n"
            "  -k              keep the database files\n"
            "  --check         verify the engine's database in depth (sampled seeks, full index scans)\n"
            "  --wide records  instead: a table of 2,000 columns, records with 300 tagged columns set\n");
}

static bool parse_u32(const char *s, uint32_t *out)
{
    char *end = NULL;
    unsigned long long v = strtoull(s ? s : "", &end, 10);
    if (s == NULL || *s == '\0' || *end != '\0' || v > 0xffffffffull) return false;
    *out = (uint32_t)v;
    return true;
}

static void print_engine(const char *name, const result *r)
{
    printf("%-7s", name);
    for (int p = 0; p < PH_COUNT; p++) printf(" %12.0f", r->rate[p]);
    if (r->peak_kib >= 0)
        printf(" %10.1f %9.1f", (double)r->peak_kib / 1024.0, (double)(r->peak_kib - r->base_kib) / 1024.0);
    else
        printf(" %10s %9s", "?", "?");
    printf(" %9.1f  %s\n", r->file_mib, r->errors ? "WRONG RESULTS" : "ok");
}

int main(int argc, char **argv)
{
    options o;
    result res[3];
    const char *engine_names[3] = { "native", "sqlite", "lmdb" };
    bool lookups_set = false, any_errors = false;
    if (argc > 1 && strcmp(argv[1], "suite") == 0) return suite_main(argc - 1, argv + 1);
    memset(&o, 0, sizeof o);
    memset(res, 0, sizeof res);
    o.rows = 100000;
    o.cache_pages = 2048;
    o.page_size = 8192;
    o.seed = 42;
    o.dir = ".";
    o.native = o.sqlite = o.lmdb = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        uint32_t seed = 0;
        bool ok = true;
        if (strcmp(a, "-n") == 0) ok = parse_u32(v, &o.rows), i++;
        else if (strcmp(a, "-l") == 0) ok = parse_u32(v, &o.lookups), lookups_set = true, i++;
        else if (strcmp(a, "-c") == 0) ok = parse_u32(v, &o.cache_pages), i++;
        else if (strcmp(a, "-p") == 0) ok = parse_u32(v, &o.page_size), i++;
        else if (strcmp(a, "-s") == 0) ok = parse_u32(v, &seed), o.seed = seed, i++;
        else if (strcmp(a, "-d") == 0) ok = v != NULL, o.dir = v, i++;
        else if (strcmp(a, "-k") == 0) o.keep = true;
        else if (strcmp(a, "--check") == 0) o.check = true;
        else if (strcmp(a, "--wide") == 0) ok = parse_u32(v, &o.wide_rows), o.wide = true, i++;
        else if (strcmp(a, "-e") == 0 && v != NULL) {
            o.native = strstr(v, "native") != NULL;
            o.sqlite = strstr(v, "sqlite") != NULL;
            o.lmdb = strstr(v, "lmdb") != NULL;
            i++;
        } else ok = false;
        if (!ok) {
            usage();
            return 2;
        }
    }
    if (o.rows == 0 || (o.page_size != 4096 && o.page_size != 8192 && o.page_size != 16384 && o.page_size != 32768)) {
        usage();
        return 2;
    }
    if (!lookups_set) o.lookups = o.rows < 200000u ? o.rows : 200000u;
    /* The page size is global and fixed once the first instance starts. */
    if (JetSetSystemParameterA(NULL, 0, JET_paramDatabasePageSize, o.page_size, NULL) < 0) {
        fprintf(stderr, "native: page size %u refused\n", o.page_size);
        return 2;
    }

    if (o.wide) {
        result w;
        memset(&w, 0, sizeof w);
        reset_peak_rss();
        w.base_kib = status_kib("VmRSS");
        run_wide(&o, &w);
        w.peak_kib = status_kib("VmHWM");
        printf("wide: peak RSS %.1f MiB (%.1f MiB above the start), file %.1f MiB: %s\n", (double)w.peak_kib / 1024.0,
               (double)(w.peak_kib - w.base_kib) / 1024.0, w.file_mib, w.errors ? "WRONG RESULTS" : "ok");
        return w.errors ? 1 : 0;
    }

    printf("esebench: %u rows, %u lookups per seek phase, page %u bytes, engine cache %u pages (%.1f MiB)\n", o.rows,
           o.lookups, o.page_size, o.cache_pages, (double)o.cache_pages * o.page_size / 1048576.0);
    for (int e = 0; e < 3; e++) {
        bool want = e == 0 ? o.native : e == 1 ? o.sqlite : o.lmdb;
        if (!want) continue;
        /* Peak RSS per engine: the peak is reset to the current RSS first. */
        bool reset = reset_peak_rss();
        res[e].base_kib = status_kib("VmRSS");
        if (e == 0) run_native(&o, &res[e]);
        else if (e == 1) run_sqlite(&o, &res[e]);
        else run_lmdb(&o, &res[e]);
        res[e].peak_kib = status_kib("VmHWM");
        if (!reset && e > 0) res[e].peak_kib = -1; /* the peak would be an earlier engine's */
        res[e].ran = true;
        fflush(stdout);
    }
    printf("\n%-7s", "rows/s");
    for (int p = 0; p < PH_COUNT; p++) printf(" %12s", k_phase_names[p]);
    printf(" %10s %9s %9s\n", "peakMiB", "+MiB", "fileMiB");
    for (int e = 0; e < 3; e++)
        if (res[e].ran) {
            print_engine(engine_names[e], &res[e]);
            any_errors = any_errors || res[e].errors;
        }
    if (res[1].ran && res[1].errors == 0)
        for (int e = 0; e < 3; e++) {
            if (e == 1 || !res[e].ran) continue;
            printf("%-7s", e == 0 ? "nat/sql" : "lmdb/sq");
            for (int p = 0; p < PH_COUNT; p++)
                printf(" %12.2f", res[1].rate[p] > 0 ? res[e].rate[p] / res[1].rate[p] : 0.0);
            printf("   (ratio to SQLite, higher is faster)\n");
        }
    return any_errors ? 1 : 0;
}
