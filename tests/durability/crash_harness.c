/* crash_harness.c: kills a process doing transactional work at random instants and
 * checks what recovery brings back (docs/log-format.md, "Proof").
 *
 * The child opens the database with the log on and loops: a transaction inserts one to
 * four rows with new ids and bumps a counter row; most commit durably (then the child
 * reports "C first last" through a pipe: acknowledged), some lazily (reported as "Z",
 * not acknowledged), some roll back (reported "R" before the rollback). A second session
 * keeps a transaction open across the others, inserting rows it reports "L" and never
 * commits. The parent kills the child after a random delay, runs recovery (JetInit),
 * and checks: every acknowledged row is there with its value, no rolled-back or "L" row
 * is, the counter is at least the last acknowledged id. Then it goes on from there.
 * Power losses: in other rounds the child arms compat's simulated power loss and, after a
 * random number of transactions, strikes it (every write not flushed is kept, lost or
 * torn by sectors) and exits as a power cut would leave it.
 * Injected failures: in a third kind of round the child arms one of compat's failures
 * (a write, a flush, or a short write that makes half of itself, on whatever file comes:
 * log, checkpoint or database) at a random call; the first API call that fails ends its
 * work: it rolls back, ends its instance (neither may crash or hang) and exits.
 * Usage: crash_harness [kills] [seed] [power losses] [injected failures]; a failure prints
 * the seed and the round. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "esent.h"

#define MAX_IDS 2000000
static unsigned char state[MAX_IDS]; /* 0 unknown, 'C' acked, 'R' rolled back, 'L' never committed, 'Z' lazy */
static char dir[512], dbpath[600];

static uint64_t rng;
static bool quiet; /* a child meeting an injected failure: its errors are expected */
static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

#define CHECK_JET(call)                                                                      \
    do {                                                                                     \
        JET_ERR e_ = (call);                                                                 \
        if (e_ < 0) {                                                                        \
            if (!quiet) fprintf(stderr, "%s:%d: %s = %d\n", __FILE__, __LINE__, #call, (int)e_); \
            return e_;                                                                       \
        }                                                                                    \
    } while (0)

static JET_ERR open_instance(JET_INSTANCE *inst)
{
    CHECK_JET(JetCreateInstanceA(inst, "crash"));
    CHECK_JET(JetSetSystemParameterA(inst, 0, JET_paramRecovery, 0, "on"));
    CHECK_JET(JetSetSystemParameterA(inst, 0, JET_paramLogFilePath, 0, dir));
    CHECK_JET(JetSetSystemParameterA(inst, 0, JET_paramSystemPath, 0, dir));
    CHECK_JET(JetSetSystemParameterA(inst, 0, JET_paramTempPath, 0, dir));
    CHECK_JET(JetSetSystemParameterA(inst, 0, JET_paramLogFileSize, 128, NULL)); /* many generations */
    CHECK_JET(JetSetSystemParameterA(inst, 0, JET_paramCheckpointDepthMax, 256 * 1024, NULL));
    CHECK_JET(JetInit(inst));
    return JET_errSuccess;
}

typedef struct db {
    JET_INSTANCE inst;
    JET_SESID ses;
    JET_DBID dbid;
    JET_TABLEID tab;
    JET_COLUMNID col_id, col_val;
} db;

static JET_ERR open_table(db *d)
{
    JET_COLUMNDEF cd;
    CHECK_JET(JetOpenTableA(d->ses, d->dbid, "t", NULL, 0, 0, &d->tab));
    CHECK_JET(JetGetTableColumnInfoA(d->ses, d->tab, "id", &cd, sizeof cd, JET_ColInfo));
    d->col_id = cd.columnid;
    CHECK_JET(JetGetTableColumnInfoA(d->ses, d->tab, "val", &cd, sizeof cd, JET_ColInfo));
    d->col_val = cd.columnid;
    return JET_errSuccess;
}

static JET_ERR create_database(void)
{
    db d;
    JET_COLUMNDEF cd;
    JET_COLUMNID cid;
    memset(&d, 0, sizeof d);
    CHECK_JET(open_instance(&d.inst));
    CHECK_JET(JetBeginSessionA(d.inst, &d.ses, NULL, NULL));
    CHECK_JET(JetCreateDatabaseA(d.ses, dbpath, NULL, &d.dbid, 0));
    CHECK_JET(JetBeginTransaction(d.ses));
    CHECK_JET(JetCreateTableA(d.ses, d.dbid, "t", 0, 100, &d.tab));
    memset(&cd, 0, sizeof cd);
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    CHECK_JET(JetAddColumnA(d.ses, d.tab, "id", &cd, NULL, 0, &cid));
    cd.coltyp = JET_coltypLongBinary;
    CHECK_JET(JetAddColumnA(d.ses, d.tab, "val", &cd, NULL, 0, &cid));
    CHECK_JET(JetCreateIndexA(d.ses, d.tab, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
    CHECK_JET(JetCommitTransaction(d.ses, 0));
    CHECK_JET(JetCloseTable(d.ses, d.tab));
    CHECK_JET(JetCloseDatabase(d.ses, d.dbid, 0));
    CHECK_JET(JetEndSession(d.ses, 0));
    CHECK_JET(JetTerm(d.inst));
    return JET_errSuccess;
}

/* The value of row id: its id repeated over a length that varies (some long values). */
static uint32_t value_of(uint32_t id, uint8_t *buf)
{
    uint32_t cb = 8u + (id * 2654435761u >> 20) % (id % 17u == 0 ? 3000u : 120u);
    for (uint32_t i = 0; i < cb; i++) buf[i] = (uint8_t)(id >> (8 * (i % 4)));
    return cb;
}

static JET_ERR insert_row(JET_SESID ses, JET_TABLEID tab, const db *d, uint32_t id)
{
    uint8_t val[4096];
    uint32_t cb = value_of(id, val);
    CHECK_JET(JetPrepareUpdate(ses, tab, JET_prepInsert));
    CHECK_JET(JetSetColumn(ses, tab, d->col_id, &id, sizeof id, 0, NULL));
    CHECK_JET(JetSetColumn(ses, tab, d->col_val, val, cb, 0, NULL));
    CHECK_JET(JetUpdate(ses, tab, NULL, 0, NULL));
    return JET_errSuccess;
}

/* Row 0 holds the last id committed. */
static JET_ERR bump_counter(const db *d, uint32_t last)
{
    uint32_t zero = 0;
    uint8_t v[4];
    memcpy(v, &last, 4);
    CHECK_JET(JetMakeKey(d->ses, d->tab, &zero, sizeof zero, JET_bitNewKey));
    if (JetSeek(d->ses, d->tab, JET_bitSeekEQ) == JET_errSuccess) {
        CHECK_JET(JetPrepareUpdate(d->ses, d->tab, JET_prepReplace));
    } else {
        CHECK_JET(JetPrepareUpdate(d->ses, d->tab, JET_prepInsert));
        CHECK_JET(JetSetColumn(d->ses, d->tab, d->col_id, &zero, sizeof zero, 0, NULL));
    }
    CHECK_JET(JetSetColumn(d->ses, d->tab, d->col_val, v, 4, 0, NULL));
    CHECK_JET(JetUpdate(d->ses, d->tab, NULL, 0, NULL));
    return JET_errSuccess;
}

static void report(int fd, char kind, uint32_t first, uint32_t last)
{
    char line[64];
    int n = snprintf(line, sizeof line, "%c %u %u\n", kind, first, last);
    if (write(fd, line, (size_t)n) != n) _exit(3);
}

/* The child stops: what failed (a setup step, or an update or commit). */
static int child_failed(int line)
{
    fprintf(stderr, "crash_harness: child failed at line %d\n", line);
    return 2;
}

typedef enum round_kind { ROUND_KILL, ROUND_POWER, ROUND_FAULT } round_kind;

/* After an injected failure: the API call that met it answered an error; the instance
 * is left as a failing application would leave it. "F" tells the parent it fired. */
static int child_fault_stop(int fd, db *d)
{
    report(fd, 'F', 0, 0);
    if (d->inst != 0) {
        if (d->ses != 0) (void)JetRollback(d->ses, JET_bitRollbackAll); /* may fail: the log is down */
        (void)JetTerm(d->inst); /* may fail too; it must come back */
    }
    return 0;
}

/* The child's answer when an API call fails: expected in a failure round, else a failure. */
static int child_stop(round_kind kind, int fd, db *d, int line)
{
    return kind == ROUND_FAULT ? child_fault_stop(fd, d) : child_failed(line);
}

static int child(int fd, uint32_t first_id, uint64_t seed, round_kind kind)
{
    db d;
    JET_SESID ses2;
    JET_TABLEID tab2;
    JET_DBID dbid2;
    uint32_t id = first_id, strike_at, stop_at = UINT32_MAX;
    bool power = kind == ROUND_POWER;
    rng = seed | 1u;
    strike_at = power ? 1u + next_rand() % 40u : UINT32_MAX;
    if (power && compat_power_loss_arm(seed) != COMPAT_OK) return child_failed(__LINE__);
    if (kind == ROUND_FAULT) {
        static const compat_fault_kind kinds[] = { COMPAT_FAULT_WRITE, COMPAT_FAULT_FLUSH, COMPAT_FAULT_SHORT_WRITE };
        compat_fault_arm(kinds[next_rand() % 3u], 1u + next_rand() % 120u);
        quiet = true;
        stop_at = 60; /* a failure armed past the calls made by then never fires */
    }
    memset(&d, 0, sizeof d);
    if (open_instance(&d.inst) < 0) return child_stop(kind, fd, &d, __LINE__);
    if (JetBeginSessionA(d.inst, &d.ses, NULL, NULL) < 0) return child_stop(kind, fd, &d, __LINE__);
    if (JetAttachDatabaseA(d.ses, dbpath, 0) < 0 || JetOpenDatabaseA(d.ses, dbpath, NULL, &d.dbid, 0) < 0) return child_stop(kind, fd, &d, __LINE__);
    if (open_table(&d) < 0) return child_stop(kind, fd, &d, __LINE__);
    if (JetBeginSessionA(d.inst, &ses2, NULL, NULL) < 0) return child_stop(kind, fd, &d, __LINE__);
    if (JetOpenDatabaseA(ses2, dbpath, NULL, &dbid2, 0) < 0) return child_stop(kind, fd, &d, __LINE__);
    if (JetOpenTableA(ses2, dbid2, "t", NULL, 0, 0, &tab2) < 0) return child_stop(kind, fd, &d, __LINE__);
    if (JetBeginTransaction(ses2) < 0) return child_stop(kind, fd, &d, __LINE__);
    for (uint32_t round = 0;; round++) {
        uint32_t n = 1 + next_rand() % 4, r = next_rand() % 10;
        if (round == stop_at) _exit(0);
        if (round == strike_at) {
            if (compat_power_loss_strike() != COMPAT_OK) return child_stop(kind, fd, &d, __LINE__);
            _exit(0);
        }
        if (next_rand() % 8 == 0) {
            report(fd, 'L', id, id);
            if (insert_row(ses2, tab2, &d, id) < 0) return child_stop(kind, fd, &d, __LINE__);
            id++;
        }
        if (JetBeginTransaction(d.ses) < 0) return child_stop(kind, fd, &d, __LINE__);
        for (uint32_t k = 0; k < n; k++)
            if (insert_row(d.ses, d.tab, &d, id + k) < 0) return child_stop(kind, fd, &d, __LINE__);
        if (bump_counter(&d, id + n - 1) < 0) return child_stop(kind, fd, &d, __LINE__);
        if (r == 0) {
            report(fd, 'R', id, id + n - 1);
            if (JetRollback(d.ses, 0) < 0) return child_stop(kind, fd, &d, __LINE__);
        } else if (r == 1) {
            report(fd, 'Z', id, id + n - 1);
            if (JetCommitTransaction(d.ses, JET_bitCommitLazyFlush) < 0) return child_stop(kind, fd, &d, __LINE__);
        } else {
            if (JetCommitTransaction(d.ses, 0) < 0) return child_stop(kind, fd, &d, __LINE__);
            report(fd, 'C', id, id + n - 1);
        }
        id += n;
    }
}

static int fail(uint64_t seed, int kill_no, const char *what, uint32_t id)
{
    fprintf(stderr, "crash_harness: kill %d (seed %llu): %s (id %u)\n", kill_no, (unsigned long long)seed, what, id);
    return 1;
}

/* Recovery, then every row checked against what the child reported. */
static int verify(uint64_t seed, int kill_no, uint32_t max_id, uint32_t last_acked)
{
    db d;
    uint8_t got[4096], want[4096];
    uint32_t cb = 0;
    uint32_t counter = 0;
    JET_ERR err;
    memset(&d, 0, sizeof d);
    if ((err = open_instance(&d.inst)) < 0) return fail(seed, kill_no, "recovery (JetInit) failed", (uint32_t)-err);
    if (JetBeginSessionA(d.inst, &d.ses, NULL, NULL) < 0) return fail(seed, kill_no, "session", 0);
    if ((err = JetAttachDatabaseA(d.ses, dbpath, 0)) < 0) return fail(seed, kill_no, "attach after recovery", (uint32_t)-err);
    if (JetOpenDatabaseA(d.ses, dbpath, NULL, &d.dbid, 0) < 0 || open_table(&d) < 0) return fail(seed, kill_no, "open", 0);
    for (uint32_t id = 0; id < max_id; id++) {
        bool present;
        JET_ERR e;
        if (id > 0 && state[id] == 0) continue;
        CHECK_JET(JetMakeKey(d.ses, d.tab, &id, sizeof id, JET_bitNewKey));
        present = JetSeek(d.ses, d.tab, JET_bitSeekEQ) == JET_errSuccess;
        if (id == 0) {
            if (last_acked == 0) continue;
            if (!present) return fail(seed, kill_no, "counter row lost", 0);
            e = JetRetrieveColumn(d.ses, d.tab, d.col_val, &counter, 4, &cb, 0, NULL);
            if (e < 0 || counter < last_acked) return fail(seed, kill_no, "counter behind the last acknowledged commit", counter);
            continue;
        }
        if (state[id] == 'C') {
            uint32_t cbw = value_of(id, want);
            if (!present) return fail(seed, kill_no, "acknowledged row lost", id);
            e = JetRetrieveColumn(d.ses, d.tab, d.col_val, got, sizeof got, &cb, 0, NULL);
            if (e < 0 || cb != cbw || memcmp(got, want, cbw) != 0) return fail(seed, kill_no, "acknowledged row wrong", id);
        } else if ((state[id] == 'R' || state[id] == 'L') && present) {
            return fail(seed, kill_no, state[id] == 'R' ? "rolled-back row visible" : "uncommitted row visible", id);
        }
    }
    CHECK_JET(JetCloseTable(d.ses, d.tab));
    CHECK_JET(JetCloseDatabase(d.ses, d.dbid, 0));
    CHECK_JET(JetDetachDatabaseA(d.ses, dbpath));
    CHECK_JET(JetEndSession(d.ses, 0));
    CHECK_JET(JetTerm(d.inst));
    return 0;
}

int main(int argc, char **argv)
{
    int kills = argc > 1 ? atoi(argv[1]) : 200;
    uint64_t seed = argc > 2 && atoll(argv[2]) != 0 ? strtoull(argv[2], NULL, 10)
                                                     : (uint64_t)time(NULL) ^ (uint64_t)getpid() << 20;
    int powers = argc > 3 ? atoi(argv[3]) : 0, kills_done = 0, powers_done = 0;
    int faults = argc > 4 ? atoi(argv[4]) : 0, faults_done = 0, faults_fired = 0;
    uint32_t next_id = 1, last_acked = 0;
    snprintf(dir, sizeof dir, "%s/crash_harness.%d/", P_tmpdir, (int)getpid());
    snprintf(dbpath, sizeof dbpath, "%scrash.edb", dir);
    if (mkdir(dir, 0777) != 0) return 2;
    rng = seed | 1u;
    printf("crash_harness: seed %llu, %d kills, %d power losses, %d injected failures\n", (unsigned long long)seed,
           kills, powers, faults);
    if (create_database() < 0) return fail(seed, 0, "create", 0);
    for (int k = 1; k <= kills + powers + faults; k++) {
        /* the kinds in turn (kill, power loss, failure), then whichever is left */
        int left[3] = { kills - kills_done, powers - powers_done, faults - faults_done };
        round_kind kind = (round_kind)((k - 1) % 3);
        for (int i = 0; left[kind] <= 0 && i < 3; i++) kind = (round_kind)i;
        int fds[2];
        pid_t pid;
        FILE *in;
        char reported;
        unsigned a, b;
        uint64_t child_seed = (uint64_t)next_rand() << 32 | next_rand();
        if (pipe(fds) != 0) return 2;
        pid = fork();
        if (pid < 0) return 2;
        if (pid == 0) {
            close(fds[0]);
            _exit(child(fds[1], next_id, child_seed, kind));
        }
        close(fds[1]);
        if (kind != ROUND_KILL) {
            int status = 0;
            if (kind == ROUND_POWER) powers_done++;
            else faults_done++;
            waitpid(pid, &status, 0);
            if (WIFSIGNALED(status)) return fail(seed, k, "child crashed", (uint32_t)WTERMSIG(status));
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                return fail(seed, k, kind == ROUND_POWER ? "power-loss child failed" : "injected-failure child failed",
                            (uint32_t)WEXITSTATUS(status));
        } else {
            int status = 0;
            kills_done++;
            usleep(1000u + next_rand() % 60000u);
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            /* the child works until it is killed: one that stopped on its own failed */
            if (!WIFSIGNALED(status)) return fail(seed, k, "child stopped before the kill", (uint32_t)WEXITSTATUS(status));
        }
        in = fdopen(fds[0], "r");
        while (fscanf(in, " %c %u %u", &reported, &a, &b) == 3) {
            if (reported == 'F') {
                faults_fired++;
                continue;
            }
            for (uint32_t i = a; i <= b && i < MAX_IDS; i++) state[i] = (unsigned char)reported;
            if (reported == 'C') last_acked = b;
            if (b + 1u > next_id) next_id = b + 1u;
        }
        fclose(in);
        next_id += 64; /* past anything in flight that was not reported */
        if (next_id >= MAX_IDS - 1000) break;
        if (verify(seed, k, next_id, last_acked) != 0) return 1;
    }
    printf("crash_harness: %d kills, %d power losses, %d injected failures (%d met by an API call), ids up to %u, "
           "no acknowledged commit lost\n", kills_done, powers_done, faults_done, faults_fired, next_id);
    if (getenv("CRASH_HARNESS_KEEP")) return 0;
    {
        char cmd[700];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0) return 2;
    }
    return 0;
}
