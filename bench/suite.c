/* suite.c: esebench's "suite" mode, the workloads of the performance issue on the native
 * engine (esent.h only), SQLite (WAL) and LMDB in one process run, on the same data: N
 * rows of an 8-byte key (id), a 100-byte value (val) and a 4-byte secondary column (sec)
 * with a non-unique index. Workloads, in the order run:
 *   load      ids ascending, one lazy commit per 1,000 rows (the engine: JetCommitTransaction
 *             with JET_bitCommitLazyFlush; SQLite: WAL, synchronous=NORMAL; LMDB: MDB_NOSYNC)
 *   churn     begin a session, begin a transaction, insert a row, end the session (which
 *             rolls back); the peers: begin, insert, roll back
 *   point     random ids: JetMakeKey + JetSeek + JetRetrieveColumn(val)
 *   update    R rows' values replaced in one transaction, then JetRollback; again, then
 *             JetEndSession (SQLite: sqlite3_close of a second connection; LMDB: abort)
 *   scan      JetMove(First/Next) + JetRetrieveColumn(id, val) on every row
 *   threads   the point reads on 1, 2 and 8 threads (own session / connection / read txn)
 *   durable   one-row transactions each durable at commit (JetCommitTransaction(s, 0) with
 *             the log on; SQLite synchronous=FULL; LMDB with sync), beside bare
 *             pwrite + fdatasync of a small record (made in batches between the engine's
 *             batches of commits, so both meet the same disk); the engine's also on 8 threads, each
 *             with its session (concurrent commits share the log's flushes: group commit)
 * Every read is checked against the value its id derives from (both ends of val, its
 * length), the scan also counts the rows and checks their order, after the rollbacks have
 * put every value back. Prints ops/s per workload and engine, the ratios of the engine to
 * each peer and each engine's peak RSS (VmHWM, reset before each engine).
 * The engine logs (JET_paramRecovery "On", logs and checkpoint in the run's folder)
 * unless --no-log is given. --quick: small sizes, for ctest (only correctness counts).
 * May call: esent.h, sqlite3, lmdb, POSIX (threads, files), the C library. */
#define _POSIX_C_SOURCE 200809L
#include "suite.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <lmdb.h>
#include <sqlite3.h>

#include "esent.h"

#define VAL_BYTES 100u
#define LAZY_BATCH 1000u
#define THREAD_COUNTS 3
#define PATH_MAX_ 4096u
#define DURABLE_BASE 2000000000ll /* ids of the durable-commit rows, above every other */
#define DURABLE_BATCH 10u         /* durable commits between two batches of bare flushes */
#define DURABLE8_BASE 3000000000ll /* ids of the 8 threads' durable-commit rows */
#define DURABLE_THREADS 8
#define CHURN_BASE 1000000000ll   /* ids the churn inserts (and rolls back) */

static const int k_threads[THREAD_COUNTS] = { 1, 2, 8 };

/* ---- the data ---- */

static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

/* The value of row id, version 0 (as loaded) or 1 (as the update workload writes it):
 * bytes 0..7 a hash of id and version, 92..99 the id, filler between. */
static void make_val(int64_t id, int version, uint8_t out[VAL_BYTES])
{
    uint64_t h = mix((uint64_t)id * 2u + (uint64_t)version + 0x9e3779b97f4a7c15ull);
    memcpy(out, &h, 8);
    for (uint32_t i = 8; i < VAL_BYTES - 8u; i++) out[i] = (uint8_t)(h >> (i % 8u * 8u)) ^ (uint8_t)i;
    memcpy(out + VAL_BYTES - 8u, &id, 8);
}

/* Checks a value read back: its length and both ends. */
static bool val_ok(int64_t id, int version, const void *p, size_t cb)
{
    uint64_t h = mix((uint64_t)id * 2u + (uint64_t)version + 0x9e3779b97f4a7c15ull);
    const uint8_t *b = p;
    return cb == VAL_BYTES && memcmp(b, &h, 8) == 0 && memcmp(b + VAL_BYTES - 8u, &id, 8) == 0;
}

static int32_t make_sec(int64_t id, uint32_t n)
{
    return (int32_t)(mix((uint64_t)id ^ 0x5ec0000000000000ull) % (n / 10u + 1u));
}

static uint64_t next_rand(uint64_t *s)
{
    *s += 0x9e3779b97f4a7c15ull;
    return mix(*s);
}

/* ---- measuring ---- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    if (f == NULL) return -1;
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "VmHWM:", 6) == 0) v = strtol(line + 6, NULL, 10);
    fclose(f);
    return v;
}

static void reset_peak(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (f == NULL) return;
    fputs("5", f);
    fclose(f);
}

enum {
    W_LOAD,
    W_CHURN,
    W_POINT,
    W_UPDATE1,
    W_ROLLBACK,
    W_UPDATE2,
    W_ENDSESSION,
    W_SCAN,
    W_READ1,
    W_READ2,
    W_READ8,
    W_DURABLE,
    W_DURABLE8,
    W_COUNT
};
static const char *const k_workload[W_COUNT] = {
    "bulk load (1000 rows/lazy commit)", "session churn (begin..end session)", "point reads (seek+retrieve)",
    "updates in one transaction", "  then rollback (undone/s)", "updates again", "  then end session (undone/s)",
    "full scan (move+retrieve)", "point reads, 1 thread", "point reads, 2 threads", "point reads, 8 threads",
    "durable 1-row commits",
    "durable 1-row commits, 8 threads",
};

typedef struct config {
    uint32_t rows, churn, lookups, updates, durable, cache_pages;
    bool quick, log, run[3];
    char dir[PATH_MAX_];
} config;

typedef struct result {
    bool ran;
    double rate[W_COUNT]; /* ops/s; 0: not measured */
    long peak_kib;
    uint64_t errors;
    double bare_rate;     /* the bare fdatasync rate measured between its durable commits (0: not) */
} result;

static void wrong(result *r, const char *engine, const char *what, long long id, long code)
{
    if (r->errors++ < 10) fprintf(stderr, "%s: %s (id %lld, code %ld)\n", engine, what, id, code);
}

static void timed(result *r, int w, double t0, uint64_t ops)
{
    double dt = now() - t0;
    r->rate[w] = dt > 0 ? (double)ops / dt : 0.0;
}

static void path_in(char out[PATH_MAX_], const config *c, const char *name);

/* ---- bare pwrite + fdatasync of a small record: the disk's limit for a durable commit ---- */

typedef struct bare_sync {
    int fd;
    uint32_t done;
    double seconds;
} bare_sync;

static bool bare_sync_open(bare_sync *b, const config *c)
{
    char path[PATH_MAX_];
    path_in(path, c, "fdatasync.bin");
    b->done = 0;
    b->seconds = 0.0;
    b->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    return b->fd >= 0;
}

/* n more appends of 128 bytes, each flushed; their time added up. */
static bool bare_sync_run(bare_sync *b, uint32_t n)
{
    uint8_t rec[128];
    double t0 = now();
    bool ok = true;
    memset(rec, 0xa5, sizeof rec);
    for (uint32_t i = 0; ok && i < n; i++, b->done++)
        ok = pwrite(b->fd, rec, sizeof rec, (off_t)b->done * (off_t)sizeof rec) == (ssize_t)sizeof rec && fdatasync(b->fd) == 0;
    b->seconds += now() - t0;
    return ok;
}

static double bare_sync_close(bare_sync *b, bool ok)
{
    close(b->fd);
    return ok && b->seconds > 0 ? (double)b->done / b->seconds : 0.0;
}

static void path_in(char out[PATH_MAX_], const config *c, const char *name)
{
    size_t cd = strlen(c->dir), cn = strlen(name);
    if (cd + 1u + cn >= PATH_MAX_) cd = PATH_MAX_ - 2u - cn; /* the folder's name was checked */
    memcpy(out, c->dir, cd);
    out[cd] = '/';
    memcpy(out + cd + 1u, name, cn + 1u);
}

/* ---- threads: each runs a reader (or a writer) over its own handles ---- */

typedef struct reader {
    pthread_t thread;
    const config *cfg;
    void *engine; /* the engine's shared state */
    uint64_t seed;
    int index;      /* the thread's number, from 0 */
    uint32_t reads; /* its share of the operations */
    uint64_t errors;
    bool failed;
} reader;

typedef void *(*reader_fn)(void *);

/* Runs k threads of fn with total/k operations each; returns operations per second (0 on
 * failure). */
static double run_threads(const config *c, void *engine, reader_fn fn, int k, uint32_t total, result *r,
                          const char *name)
{
    reader rd[8];
    double t0 = now(), dt;
    bool ok = true;
    int started = 0;
    memset(rd, 0, sizeof rd);
    for (int i = 0; i < k; i++) {
        rd[i].cfg = c;
        rd[i].engine = engine;
        rd[i].seed = 0x7ead000000ull + (uint64_t)i * 7919u;
        rd[i].index = i;
        rd[i].reads = total / (uint32_t)k;
        if (pthread_create(&rd[i].thread, NULL, fn, &rd[i]) != 0) {
            ok = false;
            break;
        }
        started++;
    }
    for (int i = 0; i < started; i++) pthread_join(rd[i].thread, NULL);
    dt = now() - t0;
    for (int i = 0; i < started; i++) {
        if (rd[i].failed) ok = false;
        if (rd[i].errors) wrong(r, name, "thread's answers", (long long)i, (long)rd[i].errors);
    }
    if (!ok) {
        wrong(r, name, "thread failed", k, 0);
        return 0.0;
    }
    return dt > 0 ? (double)(total / (uint32_t)k * (uint32_t)k) / dt : 0.0;
}

/* The point reads on k threads. */
static double run_readers(const config *c, void *engine, reader_fn fn, int k, result *r, const char *name)
{
    return run_threads(c, engine, fn, k, c->lookups, r, name);
}

/* ---- the native engine ---- */

typedef struct native {
    JET_INSTANCE inst;
    char db[PATH_MAX_];
    JET_COLUMNID id, val, sec;
} native;

#define N_TRY(call)                                                                                               \
    do {                                                                                                           \
        JET_ERR e_ = (call);                                                                                       \
        if (e_ < 0) {                                                                                              \
            fprintf(stderr, "native: %s failed: %d (line %d)\n", #call, (int)e_, __LINE__);                        \
            goto fail;                                                                                             \
        }                                                                                                          \
    } while (0)

static JET_ERR native_open(const native *n, JET_SESID *s, JET_DBID *db, JET_TABLEID *t)
{
    JET_ERR err = JetBeginSessionA(n->inst, s, "", "");
    if (err >= 0) err = JetOpenDatabaseA(*s, n->db, NULL, db, 0);
    if (err >= 0) err = JetOpenTableA(*s, *db, "t", NULL, 0, 0, t);
    return err;
}

static JET_ERR native_insert(JET_SESID s, JET_TABLEID t, const native *n, int64_t id, uint32_t rows)
{
    uint8_t val[VAL_BYTES];
    int32_t sec = make_sec(id, rows);
    JET_ERR err = JetPrepareUpdate(s, t, JET_prepInsert);
    make_val(id, 0, val);
    if (err >= 0) err = JetSetColumn(s, t, n->id, &id, 8, 0, NULL);
    if (err >= 0) err = JetSetColumn(s, t, n->sec, &sec, 4, 0, NULL);
    if (err >= 0) err = JetSetColumn(s, t, n->val, val, VAL_BYTES, 0, NULL);
    if (err >= 0) err = JetUpdate(s, t, NULL, 0, NULL);
    return err;
}

/* A point read: 0 when the value read back is right, else the error (or 1). */
static long native_point(JET_SESID s, JET_TABLEID t, const native *n, int64_t id)
{
    uint8_t val[VAL_BYTES];
    uint32_t cb = 0;
    JET_ERR err = JetMakeKey(s, t, &id, 8, JET_bitNewKey);
    if (err >= 0) err = JetSeek(s, t, JET_bitSeekEQ);
    if (err >= 0) err = JetRetrieveColumn(s, t, n->val, val, VAL_BYTES, &cb, 0, NULL);
    if (err != JET_errSuccess) return err ? err : 1;
    return val_ok(id, 0, val, cb) ? 0 : 1;
}

static void *native_reader(void *arg)
{
    reader *rd = arg;
    const native *n = rd->engine;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    if (native_open(n, &s, &db, &t) < 0) rd->failed = true;
    else
        for (uint32_t i = 0; i < rd->reads; i++) {
            int64_t id = (int64_t)(next_rand(&rd->seed) % rd->cfg->rows);
            if (native_point(s, t, n, id) != 0) rd->errors++;
        }
    if (s) JetEndSession(s, 0);
    return NULL;
}

/* One of the durable writers: rd->reads one-row durable transactions of its own ids. */
static void *native_durable_writer(void *arg)
{
    reader *rd = arg;
    const native *n = rd->engine;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    int64_t base = DURABLE8_BASE + (int64_t)rd->index * (int64_t)rd->reads;
    JET_ERR err = native_open(n, &s, &db, &t);
    for (uint32_t i = 0; err >= 0 && i < rd->reads; i++) {
        err = JetBeginTransaction(s);
        if (err >= 0) err = native_insert(s, t, n, base + (int64_t)i, rd->cfg->rows);
        if (err >= 0) err = JetCommitTransaction(s, 0);
    }
    for (uint32_t i = 0; err >= 0 && i < rd->reads; i++)
        if (native_point(s, t, n, base + (int64_t)i) != 0) rd->errors++;
    if (err < 0) rd->failed = true;
    if (s) JetEndSession(s, 0);
    return NULL;
}


/* Replaces the value of rows 0..updates-1 with version 1, walking the primary index. */
static JET_ERR native_update_all(JET_SESID s, JET_TABLEID t, const native *n, uint32_t updates)
{
    uint8_t val[VAL_BYTES];
    JET_ERR err = JetMove(s, t, JET_MoveFirst, 0);
    for (uint32_t i = 0; i < updates && err >= 0; i++) {
        make_val((int64_t)i, 1, val);
        err = JetPrepareUpdate(s, t, JET_prepReplace);
        if (err >= 0) err = JetSetColumn(s, t, n->val, val, VAL_BYTES, 0, NULL);
        if (err >= 0) err = JetUpdate(s, t, NULL, 0, NULL);
        if (err >= 0 && i + 1u < updates) err = JetMove(s, t, JET_MoveNext, 0);
    }
    return err;
}

static void run_native(const config *c, result *r)
{
    native n;
    JET_SESID s = 0, s2 = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    JET_COLUMNDEF def;
    char logdir[PATH_MAX_ + 1];
    double t0;
    uint64_t rs = 0x5eed;
    bare_sync bare = { -1, 0, 0.0 };
    memset(&n, 0, sizeof n);
    path_in(n.db, c, "native.edb");
    snprintf(logdir, sizeof logdir, "%s/", c->dir);
    N_TRY(JetSetSystemParameterA(NULL, 0, JET_paramCacheSizeMax, c->cache_pages, NULL));
    N_TRY(JetCreateInstanceA(&n.inst, "esebench-suite"));
    N_TRY(JetSetSystemParameterA(&n.inst, 0, JET_paramRecovery, 0, c->log ? "On" : "Off"));
    N_TRY(JetSetSystemParameterA(&n.inst, 0, JET_paramLogFilePath, 0, logdir));
    N_TRY(JetSetSystemParameterA(&n.inst, 0, JET_paramSystemPath, 0, logdir));
    N_TRY(JetSetSystemParameterA(&n.inst, 0, JET_paramTempPath, 0, logdir));
    N_TRY(JetSetSystemParameterA(&n.inst, 0, JET_paramCircularLog, 1, NULL));
    N_TRY(JetSetSystemParameterA(&n.inst, 0, JET_paramMaxVerPages, 1u << 20, NULL));
    N_TRY(JetSetSystemParameterA(&n.inst, 0, JET_paramMaxSessions, 256, NULL));
    N_TRY(JetInit(&n.inst));
    N_TRY(JetBeginSessionA(n.inst, &s, "", ""));
    N_TRY(JetCreateDatabaseA(s, n.db, NULL, &db, 0));
    N_TRY(JetCreateTableA(s, db, "t", 0, 0, &t));
    memset(&def, 0, sizeof def);
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLongLong;
    N_TRY(JetAddColumnA(s, t, "id", &def, NULL, 0, &n.id));
    def.coltyp = JET_coltypLong;
    N_TRY(JetAddColumnA(s, t, "sec", &def, NULL, 0, &n.sec));
    def.coltyp = JET_coltypBinary;
    def.cbMax = VAL_BYTES;
    N_TRY(JetAddColumnA(s, t, "val", &def, NULL, 0, &n.val));
    N_TRY(JetCreateIndexA(s, t, "primary", JET_bitIndexPrimary, "+id\0", 5, 100));
    N_TRY(JetCreateIndexA(s, t, "bysec", 0, "+sec\0", 6, 100));
    /* JetCreateTable's cursor holds the table exclusively: an ordinary one instead. */
    N_TRY(JetCloseTable(s, t));
    t = 0;
    N_TRY(JetOpenTableA(s, db, "t", NULL, 0, 0, &t));

    t0 = now();
    for (uint32_t i = 0; i < c->rows; i++) {
        if (i % LAZY_BATCH == 0) N_TRY(JetBeginTransaction(s));
        N_TRY(native_insert(s, t, &n, (int64_t)i, c->rows));
        if ((i + 1u) % LAZY_BATCH == 0 || i + 1u == c->rows) N_TRY(JetCommitTransaction(s, JET_bitCommitLazyFlush));
    }
    timed(r, W_LOAD, t0, c->rows);

    t0 = now();
    for (uint32_t i = 0; i < c->churn; i++) {
        JET_SESID cs = 0;
        JET_DBID cdb = 0;
        JET_TABLEID ct = 0;
        N_TRY(JetBeginSessionA(n.inst, &cs, "", ""));
        N_TRY(JetOpenDatabaseA(cs, n.db, NULL, &cdb, 0));
        N_TRY(JetBeginTransaction(cs));
        N_TRY(JetOpenTableA(cs, cdb, "t", NULL, 0, 0, &ct));
        N_TRY(native_insert(cs, ct, &n, CHURN_BASE + (int64_t)i, c->rows));
        N_TRY(JetEndSession(cs, 0));
    }
    timed(r, W_CHURN, t0, c->churn);

    t0 = now();
    for (uint32_t i = 0; i < c->lookups; i++) {
        int64_t id = (int64_t)(next_rand(&rs) % c->rows);
        long e = native_point(s, t, &n, id);
        if (e != 0) wrong(r, "native", "point read", id, e);
    }
    timed(r, W_POINT, t0, c->lookups);

    N_TRY(JetBeginTransaction(s));
    t0 = now();
    N_TRY(native_update_all(s, t, &n, c->updates));
    timed(r, W_UPDATE1, t0, c->updates);
    t0 = now();
    N_TRY(JetRollback(s, 0));
    timed(r, W_ROLLBACK, t0, c->updates);
    {
        JET_DBID db2 = 0;
        JET_TABLEID t2 = 0;
        N_TRY(native_open(&n, &s2, &db2, &t2));
        N_TRY(JetBeginTransaction(s2));
        t0 = now();
        N_TRY(native_update_all(s2, t2, &n, c->updates));
        timed(r, W_UPDATE2, t0, c->updates);
        t0 = now();
        N_TRY(JetEndSession(s2, 0));
        s2 = 0;
        timed(r, W_ENDSESSION, t0, c->updates);
    }

    t0 = now();
    {
        int64_t expect = 0;
        JET_ERR err;
        for (err = JetMove(s, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0)) {
            int64_t id = -1;
            uint8_t val[VAL_BYTES];
            uint32_t cb = 0, cbv = 0;
            err = JetRetrieveColumn(s, t, n.id, &id, 8, &cb, 0, NULL);
            if (err == JET_errSuccess) err = JetRetrieveColumn(s, t, n.val, val, VAL_BYTES, &cbv, 0, NULL);
            if (err != JET_errSuccess || id != expect || !val_ok(id, 0, val, cbv)) wrong(r, "native", "scan", expect, err);
            expect++;
        }
        if (err != JET_errNoCurrentRecord || expect != (int64_t)c->rows) wrong(r, "native", "scan count", expect, err);
    }
    timed(r, W_SCAN, t0, c->rows);

    for (int k = 0; k < THREAD_COUNTS; k++) r->rate[W_READ1 + k] = run_readers(c, &n, native_reader, k_threads[k], r, "native");

    if (c->log) {
        /* batches of durable commits and of bare flushes in turn, so that both meet the
         * same moments of a disk whose latency drifts (a shared machine's) */
        double engine_seconds = 0.0;
        bool bare_ok = bare_sync_open(&bare, c);
        /* the earlier lazy work made durable first, so that the first commit timed does
         * not flush it (LMDB's run syncs likewise) */
        N_TRY(JetCommitTransaction(s, JET_bitWaitAllLevel0Commit));
        for (uint32_t i = 0; i < c->durable; i++) {
            t0 = now();
            N_TRY(JetBeginTransaction(s));
            N_TRY(native_insert(s, t, &n, DURABLE_BASE + (int64_t)i, c->rows));
            N_TRY(JetCommitTransaction(s, 0));
            engine_seconds += now() - t0;
            if (bare_ok && i % DURABLE_BATCH == DURABLE_BATCH - 1u) bare_ok = bare_sync_run(&bare, DURABLE_BATCH);
        }
        if (bare.fd >= 0) r->bare_rate = bare_sync_close(&bare, bare_ok);
        bare.fd = -1;
        r->rate[W_DURABLE] = engine_seconds > 0 ? (double)c->durable / engine_seconds : 0.0;
        for (uint32_t i = 0; i < c->durable; i++)
            if (native_point(s, t, &n, DURABLE_BASE + (int64_t)i) != 0) wrong(r, "native", "durable row", i, 0);
        r->rate[W_DURABLE8] = run_threads(c, &n, native_durable_writer, DURABLE_THREADS, c->durable, r, "native");
    }
    r->ran = true;
    goto done;
fail:
    r->errors++;
done:
    if (bare.fd >= 0) close(bare.fd);
    if (s2) JetEndSession(s2, 0);
    if (t) JetCloseTable(s, t);
    if (db) JetCloseDatabase(s, db, 0);
    if (s) {
        JetDetachDatabaseA(s, n.db);
        JetEndSession(s, 0);
    }
    if (n.inst) JetTerm(n.inst);
}

/* ---- SQLite: WAL; synchronous=NORMAL, FULL for the durable commits ---- */

static bool sq(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK) return true;
    fprintf(stderr, "sqlite: %s: %s\n", sql, msg ? msg : "?");
    sqlite3_free(msg);
    return false;
}

static sqlite3 *sq_open(const config *c, const char *path)
{
    sqlite3 *db = NULL;
    char sql[96];
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    /* Readers opening beside a writer may find the file busy for a moment: wait. */
    sqlite3_busy_timeout(db, 10000);
    /* The engine's page size and a page cache of the same bytes. */
    snprintf(sql, sizeof sql, "PRAGMA cache_size=-%llu", (unsigned long long)c->cache_pages * 8u);
    if (!sq(db, "PRAGMA page_size=8192") || !sq(db, sql) || !sq(db, "PRAGMA journal_mode=WAL") ||
        !sq(db, "PRAGMA synchronous=NORMAL")) {
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

typedef struct sq_shared {
    char path[PATH_MAX_];
} sq_shared;

static long sq_point(sqlite3_stmt *q, int64_t id)
{
    long bad;
    sqlite3_bind_int64(q, 1, id);
    bad = sqlite3_step(q) != SQLITE_ROW ||
          !val_ok(id, 0, sqlite3_column_blob(q, 0), (size_t)sqlite3_column_bytes(q, 0));
    sqlite3_reset(q);
    return bad;
}

static void *sq_reader(void *arg)
{
    reader *rd = arg;
    const sq_shared *sh = rd->engine;
    sqlite3 *db = sq_open(rd->cfg, sh->path);
    sqlite3_stmt *q = NULL;
    if (db == NULL || sqlite3_prepare_v2(db, "SELECT val FROM t WHERE id=?", -1, &q, NULL) != SQLITE_OK) rd->failed = true;
    else
        for (uint32_t i = 0; i < rd->reads; i++)
            if (sq_point(q, (int64_t)(next_rand(&rd->seed) % rd->cfg->rows)) != 0) rd->errors++;
    sqlite3_finalize(q);
    sqlite3_close(db);
    return NULL;
}

static bool sq_insert(sqlite3_stmt *ins, int64_t id, uint32_t rows)
{
    uint8_t val[VAL_BYTES];
    bool ok;
    make_val(id, 0, val);
    sqlite3_bind_int64(ins, 1, id);
    sqlite3_bind_int(ins, 2, make_sec(id, rows));
    sqlite3_bind_blob(ins, 3, val, VAL_BYTES, SQLITE_STATIC);
    ok = sqlite3_step(ins) == SQLITE_DONE;
    sqlite3_reset(ins);
    return ok;
}

static bool sq_update_all(sqlite3 *db, uint32_t updates)
{
    sqlite3_stmt *u = NULL;
    uint8_t val[VAL_BYTES];
    bool ok = sqlite3_prepare_v2(db, "UPDATE t SET val=? WHERE id=?", -1, &u, NULL) == SQLITE_OK;
    for (uint32_t i = 0; ok && i < updates; i++) {
        make_val((int64_t)i, 1, val);
        sqlite3_bind_blob(u, 1, val, VAL_BYTES, SQLITE_STATIC);
        sqlite3_bind_int64(u, 2, (int64_t)i);
        ok = sqlite3_step(u) == SQLITE_DONE && sqlite3_changes(db) == 1;
        sqlite3_reset(u);
    }
    sqlite3_finalize(u);
    return ok;
}

static void run_sqlite(const config *c, result *r)
{
    sq_shared sh;
    sqlite3 *db = NULL, *db2 = NULL;
    sqlite3_stmt *ins = NULL, *pt = NULL, *scan = NULL;
    double t0;
    uint64_t rs = 0x5eed;
    path_in(sh.path, c, "sqlite.db");
    db = sq_open(c, sh.path);
    if (db == NULL || !sq(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, sec INTEGER NOT NULL, val BLOB NOT NULL)") ||
        !sq(db, "CREATE INDEX bysec ON t(sec)"))
        goto fail;
    if (sqlite3_prepare_v2(db, "INSERT INTO t VALUES(?,?,?)", -1, &ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT val FROM t WHERE id=?", -1, &pt, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT id, val FROM t ORDER BY id", -1, &scan, NULL) != SQLITE_OK)
        goto fail;

    t0 = now();
    for (uint32_t i = 0; i < c->rows; i++) {
        if (i % LAZY_BATCH == 0 && !sq(db, "BEGIN")) goto fail;
        if (!sq_insert(ins, (int64_t)i, c->rows)) goto fail;
        if (((i + 1u) % LAZY_BATCH == 0 || i + 1u == c->rows) && !sq(db, "COMMIT")) goto fail;
    }
    timed(r, W_LOAD, t0, c->rows);

    t0 = now();
    for (uint32_t i = 0; i < c->churn; i++)
        if (!sq(db, "BEGIN") || !sq_insert(ins, CHURN_BASE + (int64_t)i, c->rows) || !sq(db, "ROLLBACK")) goto fail;
    timed(r, W_CHURN, t0, c->churn);

    t0 = now();
    for (uint32_t i = 0; i < c->lookups; i++) {
        int64_t id = (int64_t)(next_rand(&rs) % c->rows);
        if (sq_point(pt, id) != 0) wrong(r, "sqlite", "point read", id, 0);
    }
    timed(r, W_POINT, t0, c->lookups);

    if (!sq(db, "BEGIN")) goto fail;
    t0 = now();
    if (!sq_update_all(db, c->updates)) goto fail;
    timed(r, W_UPDATE1, t0, c->updates);
    t0 = now();
    if (!sq(db, "ROLLBACK")) goto fail;
    timed(r, W_ROLLBACK, t0, c->updates);
    db2 = sq_open(c, sh.path);
    if (db2 == NULL || !sq(db2, "BEGIN")) goto fail;
    t0 = now();
    if (!sq_update_all(db2, c->updates)) goto fail;
    timed(r, W_UPDATE2, t0, c->updates);
    t0 = now();
    sqlite3_close(db2); /* an open transaction rolls back */
    db2 = NULL;
    timed(r, W_ENDSESSION, t0, c->updates);

    t0 = now();
    {
        int64_t expect = 0;
        int rc;
        while ((rc = sqlite3_step(scan)) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(scan, 0);
            if (id != expect || !val_ok(id, 0, sqlite3_column_blob(scan, 1), (size_t)sqlite3_column_bytes(scan, 1)))
                wrong(r, "sqlite", "scan", expect, 0);
            expect++;
        }
        if (rc != SQLITE_DONE || expect != (int64_t)c->rows) wrong(r, "sqlite", "scan count", expect, rc);
        sqlite3_reset(scan);
    }
    timed(r, W_SCAN, t0, c->rows);

    for (int k = 0; k < THREAD_COUNTS; k++) r->rate[W_READ1 + k] = run_readers(c, &sh, sq_reader, k_threads[k], r, "sqlite");

    if (!sq(db, "PRAGMA synchronous=FULL")) goto fail;
    t0 = now();
    for (uint32_t i = 0; i < c->durable; i++)
        if (!sq_insert(ins, DURABLE_BASE + (int64_t)i, c->rows)) goto fail;
    timed(r, W_DURABLE, t0, c->durable);
    for (uint32_t i = 0; i < c->durable; i++)
        if (sq_point(pt, DURABLE_BASE + (int64_t)i) != 0) wrong(r, "sqlite", "durable row", i, 0);
    r->ran = true;
    goto done;
fail:
    r->errors++;
    if (db) fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
done:
    sqlite3_finalize(ins);
    sqlite3_finalize(pt);
    sqlite3_finalize(scan);
    sqlite3_close(db2);
    sqlite3_close(db);
}

/* ---- LMDB: rows by id, and sec -> id (sorted duplicates) ---- */

#define L_TRY(call)                                                                                               \
    do {                                                                                                           \
        int rc_ = (call);                                                                                          \
        if (rc_ != 0) {                                                                                            \
            fprintf(stderr, "lmdb: %s: %s (line %d)\n", #call, mdb_strerror(rc_), __LINE__);                       \
            goto fail;                                                                                             \
        }                                                                                                          \
    } while (0)

typedef struct lm {
    MDB_env *env;
    MDB_dbi rows, secs;
} lm;

/* Row keys are big-endian ids, so that LMDB's byte order is the ids' order. */
static void be64(int64_t id, uint8_t out[8])
{
    for (int i = 0; i < 8; i++) out[i] = (uint8_t)((uint64_t)id >> (56 - 8 * i));
}

static int lm_insert(MDB_txn *txn, const lm *l, int64_t id, uint32_t rows)
{
    uint8_t val[VAL_BYTES];
    uint8_t key[8];
    int32_t sec = make_sec(id, rows);
    MDB_val k = { 8, key }, v = { VAL_BYTES, val };
    int rc;
    be64(id, key);
    make_val(id, 0, val);
    rc = mdb_put(txn, l->rows, &k, &v, MDB_NOOVERWRITE);
    if (rc == 0) {
        MDB_val ks = { 4, &sec }, vs = { 8, key };
        rc = mdb_put(txn, l->secs, &ks, &vs, 0);
    }
    return rc;
}

static long lm_point(MDB_txn *txn, const lm *l, int64_t id)
{
    uint8_t key[8];
    MDB_val k = { 8, key }, v;
    int rc;
    be64(id, key);
    rc = mdb_get(txn, l->rows, &k, &v);
    if (rc != 0) return rc;
    return val_ok(id, 0, v.mv_data, v.mv_size) ? 0 : 1;
}

static void *lm_reader(void *arg)
{
    reader *rd = arg;
    const lm *l = rd->engine;
    MDB_txn *txn = NULL;
    if (mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn) != 0) rd->failed = true;
    else {
        for (uint32_t i = 0; i < rd->reads; i++)
            if (lm_point(txn, l, (int64_t)(next_rand(&rd->seed) % rd->cfg->rows)) != 0) rd->errors++;
        mdb_txn_abort(txn);
    }
    return NULL;
}

static int lm_update_all(MDB_txn *txn, const lm *l, uint32_t updates)
{
    uint8_t val[VAL_BYTES];
    int rc = 0;
    for (uint32_t i = 0; rc == 0 && i < updates; i++) {
        uint8_t key[8];
        MDB_val k = { 8, key }, v = { VAL_BYTES, val };
        be64((int64_t)i, key);
        make_val((int64_t)i, 1, val);
        rc = mdb_put(txn, l->rows, &k, &v, 0);
    }
    return rc;
}

static void run_lmdb(const config *c, result *r)
{
    lm l;
    MDB_txn *txn = NULL;
    MDB_cursor *cur = NULL;
    char path[PATH_MAX_];
    double t0;
    uint64_t rs = 0x5eed;
    memset(&l, 0, sizeof l);
    path_in(path, c, "lmdb.mdb");
    L_TRY(mdb_env_create(&l.env));
    L_TRY(mdb_env_set_maxdbs(l.env, 4));
    L_TRY(mdb_env_set_maxreaders(l.env, 64));
    L_TRY(mdb_env_set_mapsize(l.env, (size_t)c->rows * 1024u + ((size_t)256 << 20)));
    L_TRY(mdb_env_open(l.env, path, MDB_NOSUBDIR | MDB_NOSYNC, 0644));
    L_TRY(mdb_txn_begin(l.env, NULL, 0, &txn));
    L_TRY(mdb_dbi_open(txn, "rows", MDB_CREATE, &l.rows));
    L_TRY(mdb_dbi_open(txn, "sec", MDB_CREATE | MDB_DUPSORT, &l.secs));
    L_TRY(mdb_txn_commit(txn));
    txn = NULL;

    t0 = now();
    for (uint32_t i = 0; i < c->rows; i++) {
        if (i % LAZY_BATCH == 0) L_TRY(mdb_txn_begin(l.env, NULL, 0, &txn));
        L_TRY(lm_insert(txn, &l, (int64_t)i, c->rows));
        if ((i + 1u) % LAZY_BATCH == 0 || i + 1u == c->rows) {
            L_TRY(mdb_txn_commit(txn));
            txn = NULL;
        }
    }
    timed(r, W_LOAD, t0, c->rows);

    t0 = now();
    for (uint32_t i = 0; i < c->churn; i++) {
        L_TRY(mdb_txn_begin(l.env, NULL, 0, &txn));
        L_TRY(lm_insert(txn, &l, CHURN_BASE + (int64_t)i, c->rows));
        mdb_txn_abort(txn);
        txn = NULL;
    }
    timed(r, W_CHURN, t0, c->churn);

    L_TRY(mdb_txn_begin(l.env, NULL, MDB_RDONLY, &txn));
    t0 = now();
    for (uint32_t i = 0; i < c->lookups; i++) {
        int64_t id = (int64_t)(next_rand(&rs) % c->rows);
        long e = lm_point(txn, &l, id);
        if (e != 0) wrong(r, "lmdb", "point read", id, e);
    }
    timed(r, W_POINT, t0, c->lookups);
    mdb_txn_abort(txn);
    txn = NULL;

    for (int round = 0; round < 2; round++) {
        L_TRY(mdb_txn_begin(l.env, NULL, 0, &txn));
        t0 = now();
        L_TRY(lm_update_all(txn, &l, c->updates));
        timed(r, round ? W_UPDATE2 : W_UPDATE1, t0, c->updates);
        t0 = now();
        mdb_txn_abort(txn);
        txn = NULL;
        timed(r, round ? W_ENDSESSION : W_ROLLBACK, t0, c->updates);
    }

    L_TRY(mdb_txn_begin(l.env, NULL, MDB_RDONLY, &txn));
    t0 = now();
    {
        int64_t expect = 0;
        MDB_val k, v;
        int rc;
        L_TRY(mdb_cursor_open(txn, l.rows, &cur));
        for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
            uint8_t want[8];
            be64(expect, want);
            if (k.mv_size != 8 || memcmp(k.mv_data, want, 8) != 0 || !val_ok(expect, 0, v.mv_data, v.mv_size))
                wrong(r, "lmdb", "scan", expect, 0);
            expect++;
        }
        if (rc != MDB_NOTFOUND || expect != (int64_t)c->rows) wrong(r, "lmdb", "scan count", expect, rc);
        mdb_cursor_close(cur);
        cur = NULL;
    }
    timed(r, W_SCAN, t0, c->rows);
    mdb_txn_abort(txn);
    txn = NULL;

    for (int k = 0; k < THREAD_COUNTS; k++) r->rate[W_READ1 + k] = run_readers(c, &l, lm_reader, k_threads[k], r, "lmdb");

    L_TRY(mdb_env_sync(l.env, 1));
    L_TRY(mdb_env_set_flags(l.env, MDB_NOSYNC, 0));
    t0 = now();
    for (uint32_t i = 0; i < c->durable; i++) {
        L_TRY(mdb_txn_begin(l.env, NULL, 0, &txn));
        L_TRY(lm_insert(txn, &l, DURABLE_BASE + (int64_t)i, c->rows));
        L_TRY(mdb_txn_commit(txn));
        txn = NULL;
    }
    timed(r, W_DURABLE, t0, c->durable);
    L_TRY(mdb_txn_begin(l.env, NULL, MDB_RDONLY, &txn));
    for (uint32_t i = 0; i < c->durable; i++)
        if (lm_point(txn, &l, DURABLE_BASE + (int64_t)i) != 0) wrong(r, "lmdb", "durable row", i, 0);
    mdb_txn_abort(txn);
    txn = NULL;
    r->ran = true;
    goto done;
fail:
    r->errors++;
done:
    if (cur) mdb_cursor_close(cur);
    if (txn) mdb_txn_abort(txn);
    if (l.env) mdb_env_close(l.env);
}

/* The bare rate alone, when the engine's durable commits did not measure it in turn. */
static double run_fdatasync(const config *c)
{
    bare_sync b;
    if (!bare_sync_open(&b, c)) return 0.0;
    return bare_sync_close(&b, bare_sync_run(&b, c->durable));
}

/* ---- the run's folder: made fresh, emptied and removed at the end ---- */

static void empty_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[PATH_MAX_ + 256];
    if (d == NULL) return;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        remove(p);
    }
    closedir(d);
}

static bool parse_u32(const char *s, uint32_t *out)
{
    char *end = NULL;
    unsigned long long v;
    if (s == NULL || *s == '\0') return false;
    v = strtoull(s, &end, 10);
    if (*end != '\0' || v > 0xffffffffull) return false;
    *out = (uint32_t)v;
    return true;
}

static void usage(void)
{
    fprintf(stderr, "usage: esebench suite [--quick] [-n rows] [-c cache-pages] [-e native,sqlite,lmdb] [-d dir] [--no-log]\n"
                    "  -n rows        rows loaded (default 200000; --quick: 2000)\n"
                    "  -c pages       cache of 8 KiB pages for the engine and SQLite (default 8192: 64 MiB)\n"
                    "  -d dir         where the run's folder is made (default .); removed after\n"
                    "  --no-log       the engine without its log (no durable-commit row)\n"
                    "  --quick        small sizes: checks that every answer is right\n");
}

static void print_rate(double v)
{
    if (v <= 0) printf(" %12s", "-");
    else printf(" %12.0f", v);
}

static void print_ratio(double a, double b)
{
    if (a <= 0 || b <= 0) printf(" %8s", "-");
    else printf(" %8.2f", a / b);
}

int suite_main(int argc, char **argv)
{
    config c;
    result res[3];
    const char *names[3] = { "native", "sqlite", "lmdb" };
    const char *base = ".";
    bool rows_set = false, bad = false;
    double sync_rate;
    memset(&c, 0, sizeof c);
    memset(res, 0, sizeof res);
    c.rows = 200000;
    c.cache_pages = 8192;
    c.log = true;
    c.run[0] = c.run[1] = c.run[2] = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool ok = true;
        if (strcmp(a, "--quick") == 0) c.quick = true;
        else if (strcmp(a, "--no-log") == 0) c.log = false;
        else if (strcmp(a, "-n") == 0) ok = parse_u32(v, &c.rows), rows_set = true, i++;
        else if (strcmp(a, "-c") == 0) ok = parse_u32(v, &c.cache_pages), i++;
        else if (strcmp(a, "-d") == 0) ok = v != NULL, base = v, i++;
        else if (strcmp(a, "-e") == 0 && v != NULL) {
            for (int e = 0; e < 3; e++) c.run[e] = strstr(v, names[e]) != NULL;
            i++;
        } else ok = false;
        if (!ok) {
            usage();
            return 2;
        }
    }
    if (c.quick && !rows_set) c.rows = 2000;
    if (c.rows < 10 || c.cache_pages == 0) {
        usage();
        return 2;
    }
    c.lookups = c.quick ? c.rows : (c.rows < 400000u ? 400000u : c.rows);
    c.churn = c.quick ? 200u : 20000u;
    c.updates = c.rows < 100000u ? c.rows : 100000u;
    c.durable = c.quick ? 16u : 200u; /* a multiple of DURABLE_THREADS */
    if (strlen(base) > 1024u) {
        usage();
        return 2;
    }
    snprintf(c.dir, sizeof c.dir, "%s/esebench-suite-%ld", base, (long)getpid());
    if (mkdir(c.dir, 0755) != 0) {
        fprintf(stderr, "esebench: cannot make %s\n", c.dir);
        return 2;
    }
    if (JetSetSystemParameterA(NULL, 0, JET_paramDatabasePageSize, 8192, NULL) < 0) return 2;
    printf("esebench suite: %u rows (8-byte key, %u-byte value, one secondary index), cache %u pages (%.0f MiB),\n"
           "%u point reads, %u churns, %u updates per rollback, %u durable commits; engine log %s\n",
           c.rows, VAL_BYTES, c.cache_pages, c.cache_pages * 8192.0 / 1048576.0, c.lookups, c.churn, c.updates,
           c.durable, c.log ? "on" : "off");
    fflush(stdout);
    for (int e = 0; e < 3; e++) {
        if (!c.run[e]) continue;
        reset_peak();
        if (e == 0) run_native(&c, &res[e]);
        else if (e == 1) run_sqlite(&c, &res[e]);
        else run_lmdb(&c, &res[e]);
        res[e].peak_kib = peak_kib();
        empty_dir(c.dir);
        if (res[e].errors) bad = true;
        if (!res[e].ran) bad = true;
    }
    sync_rate = res[0].bare_rate > 0 ? res[0].bare_rate : run_fdatasync(&c);
    empty_dir(c.dir);
    rmdir(c.dir);

    printf("\n%-36s %12s %12s %12s %8s %8s\n", "ops/s", "native", "sqlite", "lmdb", "nat/sql", "nat/lmdb");
    for (int w = 0; w < W_COUNT; w++) {
        printf("%-36s", k_workload[w]);
        for (int e = 0; e < 3; e++) print_rate(res[e].rate[w]);
        print_ratio(res[0].rate[w], res[1].rate[w]);
        print_ratio(res[0].rate[w], res[2].rate[w]);
        printf("\n");
    }
    printf("%-36s", "bare pwrite+fdatasync (128 bytes)");
    print_rate(sync_rate);
    printf("\n%-36s", "peak RSS (MiB)");
    for (int e = 0; e < 3; e++)
        if (res[e].ran && res[e].peak_kib >= 0) printf(" %12.1f", (double)res[e].peak_kib / 1024.0);
        else printf(" %12s", "-");
    printf("\n%-36s", "answers");
    for (int e = 0; e < 3; e++) printf(" %12s", !c.run[e] ? "-" : res[e].ran && res[e].errors == 0 ? "ok" : "WRONG");
    printf("\n");
    return bad ? 1 : 0;
}
