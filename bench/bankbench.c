/* bankbench.c: the bank transfer workload of tests/shared/bank_test.cpp, timed: N
 * threads, each with its own session, move money between random accounts in
 * transactions (retrying on JET_errWriteConflict) for a fixed number of transfers, and
 * the committed transfers per second are printed for each thread count given. With
 * --disjoint each thread moves money only inside its own slice of the accounts (no two
 * threads touch one record). After each run the balances are summed: money is neither
 * made nor lost, or the run fails.
 * Public API only. Usage: bankbench [--disjoint] DIR [transfers-per-thread] [threads...] */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "esent.h"

#define ACCOUNTS 1000

typedef struct job {
    JET_INSTANCE inst;
    const char *path;
    JET_COLUMNID id, balance;
    int transfers;
    int32_t first, count; /* the accounts this thread picks from */
    unsigned seed;
    long committed, conflicts, failures;
} job;

static JET_ERR add(JET_SESID s, JET_TABLEID t, const job *j, int32_t a, int32_t delta)
{
    int32_t v = 0;
    uint32_t cb = 0;
    JET_ERR err = JetMakeKey(s, t, &a, 4, JET_bitNewKey);
    if (err >= 0) err = JetSeek(s, t, JET_bitSeekEQ);
    if (err >= 0) err = JetRetrieveColumn(s, t, j->balance, &v, 4, &cb, 0, NULL);
    if (err >= 0) err = JetPrepareUpdate(s, t, JET_prepReplace);
    if (err < 0) return err;
    v += delta;
    JetSetColumn(s, t, j->balance, &v, 4, 0, NULL);
    err = JetUpdate(s, t, NULL, 0, NULL);
    if (err < 0) JetPrepareUpdate(s, t, JET_prepCancel);
    return err;
}

static void worker(void *arg)
{
    job *j = arg;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    unsigned r = j->seed;
    if (JetBeginSessionA(j->inst, &s, "", "") < 0 || JetOpenDatabaseA(s, j->path, NULL, &db, 0) < 0 ||
        JetOpenTableA(s, db, "accounts", NULL, 0, 0, &t) < 0) {
        j->failures++;
        return;
    }
    for (int i = 0; i < j->transfers; i++) {
        int32_t a, c, x;
        r = r * 1103515245u + 12345u;
        a = j->first + (int32_t)((r >> 8) % (unsigned)j->count);
        r = r * 1103515245u + 12345u;
        c = j->first + (int32_t)((r >> 8) % (unsigned)j->count);
        x = (int32_t)(r % 50u);
        if (a == c) continue;
        for (;;) {
            JET_ERR err = JetBeginTransaction(s);
            if (err >= 0) err = add(s, t, j, a, -x);
            if (err >= 0) err = add(s, t, j, c, x);
            if (err >= 0) err = JetCommitTransaction(s, JET_bitCommitLazyFlush);
            if (err >= 0) {
                j->committed++;
                break;
            }
            JetRollback(s, 0);
            if (err != JET_errWriteConflict) {
                j->failures++;
                break;
            }
            j->conflicts++;
        }
    }
    JetEndSession(s, 0);
}

static int run(const char *dir, int threads, int transfers, bool disjoint)
{
    char path[4096];
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    JET_COLUMNDEF def;
    job jobs[64];
    compat_thread *th[64];
    JET_COLUMNID id = 0, balance = 0;
    uint64_t t0, t1;
    long committed = 0, conflicts = 0, failures = 0;
    int64_t total = 0;
    JET_ERR err;

    snprintf(path, sizeof path, "%s/bank-%d.edb", dir, threads);
    compat_path_delete(path);
    if (JetCreateInstanceA(&inst, path) < 0) return 1;
    JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off");
    JetSetSystemParameterA(&inst, 0, JET_paramMaxVerPages, 65536, NULL);
    if (JetInit(&inst) < 0 || JetBeginSessionA(inst, &s, "", "") < 0 ||
        JetCreateDatabaseA(s, path, NULL, &db, 0) < 0 || JetCreateTableA(s, db, "accounts", 0, 0, &t) < 0)
        return 1;
    memset(&def, 0, sizeof def);
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    JetAddColumnA(s, t, "id", &def, NULL, 0, &id);
    JetAddColumnA(s, t, "balance", &def, NULL, 0, &balance);
    JetCreateIndexA(s, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100);
    for (int32_t i = 0; i < ACCOUNTS; i++) {
        int32_t b = 1000;
        JetPrepareUpdate(s, t, JET_prepInsert);
        JetSetColumn(s, t, id, &i, 4, 0, NULL);
        JetSetColumn(s, t, balance, &b, 4, 0, NULL);
        JetUpdate(s, t, NULL, 0, NULL);
    }
    JetCloseTable(s, t);
    t0 = compat_clock_monotonic_ns();
    for (int i = 0; i < threads; i++) {
        memset(&jobs[i], 0, sizeof jobs[i]);
        jobs[i].inst = inst;
        jobs[i].path = path;
        jobs[i].id = id;
        jobs[i].balance = balance;
        jobs[i].transfers = transfers;
        jobs[i].first = disjoint ? (int32_t)(ACCOUNTS / threads * i) : 0;
        jobs[i].count = disjoint ? (int32_t)(ACCOUNTS / threads) : ACCOUNTS;
        jobs[i].seed = 7u + (unsigned)i * 7919u;
        if (compat_thread_start(&th[i], worker, &jobs[i]) != COMPAT_OK) return 1;
    }
    for (int i = 0; i < threads; i++) {
        compat_thread_join(th[i]);
        committed += jobs[i].committed;
        conflicts += jobs[i].conflicts;
        failures += jobs[i].failures;
    }
    t1 = compat_clock_monotonic_ns();
    /* every balance read back: the sum is what the accounts started with */
    if (JetOpenTableA(s, db, "accounts", NULL, 0, JET_bitTableReadOnly, &t) < 0) failures++;
    for (err = JetMove(s, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0)) {
        int32_t b = 0;
        uint32_t cb = 0;
        if (JetRetrieveColumn(s, t, balance, &b, 4, &cb, 0, NULL) != JET_errSuccess || cb != 4) failures++;
        total += b;
    }
    if (total != (int64_t)ACCOUNTS * 1000) {
        fprintf(stderr, "bank: balances sum to %lld, not %lld\n", (long long)total, (long long)ACCOUNTS * 1000);
        failures++;
    }
    printf("bank: %2d threads %s %7ld transfers  %6ld conflicts retried  %ld failures  %9.0f transfers/s\n", threads,
           disjoint ? "disjoint" : "shared  ", committed, conflicts, failures, (double)committed * 1e9 / (double)(t1 - t0));
    JetTerm(inst);
    compat_path_delete(path);
    return failures != 0;
}

int main(int argc, char **argv)
{
    bool disjoint = argc > 1 && strcmp(argv[1], "--disjoint") == 0;
    int transfers, rc = 0;
    if (disjoint) {
        argc--;
        argv++;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: bankbench [--disjoint] DIR [transfers-per-thread] [threads...]\n");
        return 2;
    }
    transfers = argc > 2 ? atoi(argv[2]) : 2000;
    if (argc <= 3) {
        rc |= run(argv[1], 1, transfers, disjoint);
        rc |= run(argv[1], 2, transfers, disjoint);
        rc |= run(argv[1], 8, transfers, disjoint);
    }
    for (int i = 3; i < argc; i++) {
        int n = atoi(argv[i]);
        if (n < 1 || n > 64) return 2;
        rc |= run(argv[1], n, transfers, disjoint);
    }
    return rc;
}
