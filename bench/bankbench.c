/* bankbench.c: the bank transfer workload of tests/shared/bank_test.cpp, timed: N
 * threads, each with its own session, move money between random accounts in
 * transactions (retrying on JET_errWriteConflict) for a fixed number of transfers, and
 * the committed transfers per second are printed for each thread count given.
 * Public API only. Usage: bankbench DIR [transfers-per-thread] [threads...] */
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
        a = (int32_t)((r >> 8) % ACCOUNTS);
        r = r * 1103515245u + 12345u;
        c = (int32_t)((r >> 8) % ACCOUNTS);
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

static int run(const char *dir, int threads, int transfers)
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
    printf("bank: %2d threads  %7ld transfers  %6ld conflicts retried  %ld failures  %9.0f transfers/s\n", threads,
           committed, conflicts, failures, (double)committed * 1e9 / (double)(t1 - t0));
    JetTerm(inst);
    compat_path_delete(path);
    return failures != 0;
}

int main(int argc, char **argv)
{
    int transfers = argc > 2 ? atoi(argv[2]) : 2000, rc = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: bankbench DIR [transfers-per-thread] [threads...]\n");
        return 2;
    }
    if (argc <= 3) {
        rc |= run(argv[1], 1, transfers);
        rc |= run(argv[1], 2, transfers);
        rc |= run(argv[1], 8, transfers);
    }
    for (int i = 3; i < argc; i++) {
        int n = atoi(argv[i]);
        if (n < 1 || n > 64) return 2;
        rc |= run(argv[1], n, transfers);
    }
    return rc;
}
