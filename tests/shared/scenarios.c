/* scenarios.c: instance and session scenarios over the public API (C shims for
 * sessions_test.cpp). Every scenario terminates what it created. */
#include "scenarios.h"

#include "compat.h"
#include "esent.h"

#include <stdio.h>
#include <string.h>


static unsigned g_name_counter;

/* A named, initialised instance with one session. */
static JET_ERR sc_open(JET_INSTANCE *inst, JET_SESID *ses)
{
    char name[64];
    JET_ERR err;
    snprintf(name, sizeof(name), "sc-instance-%u", ++g_name_counter);
    *inst = JET_instanceNil;
    if (ses) *ses = JET_sesidNil;
    err = JetCreateInstance2A(inst, name, name, 0);
    if (err < 0) return err;
    JetSetSystemParameterA(inst, 0, JET_paramNoInformationEvent, 1, NULL);
    JetSetSystemParameterA(inst, 0, JET_paramRecovery, 0, "off");
    err = JetInit(inst);
    if (err < 0) return err;
    if (ses) err = JetBeginSessionA(*inst, ses, "user", "password");
    return err;
}

int sc_all_terminated(void)
{
    uint32_t n = 99;
    JET_INSTANCE_INFO_A *info = NULL;
    if (JetGetInstanceInfoA(&n, &info) < 0) return -1;
    JetFreeBuffer((char *)info);
    return (int)n;
}

int sc_end_success(sc_result *o)
{
    JET_INSTANCE inst;
    JET_SESID s, d = JET_sesidNil;
    if (sc_open(&inst, &s) < 0) return -1;
    o->r[0] = JetEndSession(s, 0);
    o->r[1] = JetEndSession(s, 0);
    o->r[2] = JetDupSession(s, &d);
    o->r[3] = JetSetSessionContext(s, 0x1234);
    o->r[4] = JetResetSessionContext(s);
    o->r[5] = JetBeginSessionA(inst, &s, NULL, NULL);
    o->r[6] = JetEndSession(s, 0);
    o->r[7] = JetTerm(inst);
    return 0;
}

int sc_invalid_sesids(sc_result *o)
{
    JET_INSTANCE inst;
    JET_SESID s;
    int local = 0;
    uint64_t x = 0x9E3779B97F4A7C15ull;
    if (sc_open(&inst, &s) < 0) return -1;
    o->r[0] = JetEndSession(0, 0);
    o->r[1] = JetEndSession(JET_sesidNil, 0);
    o->r[2] = JetEndSession((JET_SESID)(intptr_t)-1, 0);
    o->r[3] = JetEndSession((JET_SESID)(uintptr_t)&local, 0);
    o->r[4] = JetEndSession((JET_SESID)(uintptr_t)o, 0);
    /* random bits: count codes that are not JET_errInvalidSesid */
    o->n[0] = 0;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if ((JET_SESID)x == s) continue;
        if (JetEndSession((JET_SESID)x, 0) != JET_errInvalidSesid) o->n[0]++;
    }
    /* near misses of the live handle: every single-bit flip */
    o->n[1] = 0;
    for (int b = 0; b < 64; b++) {
        JET_SESID t = s ^ ((JET_SESID)1 << b);
        if (JetEndSession(t, 0) != JET_errInvalidSesid) o->n[1]++;
    }
    o->r[5] = JetEndSession(s, 0); /* the real one still works */
    o->r[6] = JetTerm(inst);
    return 0;
}

int sc_ended_and_terminated(sc_result *o)
{
    JET_INSTANCE a, b;
    JET_SESID sa, sb, old;
    if (sc_open(&a, &sa) < 0) return -1;
    if (sc_open(&b, &sb) < 0) return -1;
    old = sa;
    o->r[0] = JetEndSession(sa, 0);
    o->r[1] = JetEndSession(old, 0);              /* ended session */
    o->r[2] = JetBeginSessionA(a, &sa, NULL, NULL); /* slot reuse must not revive `old` */
    o->r[3] = JetEndSession(old, 0);
    o->r[4] = JetTerm(b);
    o->r[5] = JetEndSession(sb, 0);               /* session of a terminated instance */
    o->r[6] = JetDupSession(sb, &old);
    o->r[7] = JetEndSession(sa, 0);
    o->r[8] = JetTerm(a);
    return 0;
}

int sc_grbit_ignored(sc_result *o)
{
    static const JET_GRBIT bits[] = { 0, JET_bitForceSessionClosed, 0x2, 0x12345678, 0xFFFFFFFFu };
    JET_INSTANCE inst;
    JET_SESID s;
    if (sc_open(&inst, NULL) < 0) return -1;
    for (int i = 0; i < 5; i++) {
        o->r[2 * i] = JetBeginSessionA(inst, &s, NULL, NULL);
        o->r[2 * i + 1] = JetEndSession(s, bits[i]);
    }
    o->r[10] = JetTerm(inst);
    return 0;
}

int sc_session_in_use(sc_result *o)
{
    JET_INSTANCE inst;
    JET_SESID s, d = JET_sesidNil;
    if (sc_open(&inst, &s) < 0) return -1;
    o->r[0] = JetSetSessionContext(s, 0);                      /* reserved */
    o->r[1] = JetSetSessionContext(s, ~(JET_API_PTR)0);        /* reserved */
    o->r[2] = JetSetSessionContext(s, 0x1234);
    o->r[3] = JetSetSessionContext(s, 0x5678);                 /* second set */
    o->r[4] = JetEndSession(s, 0);                             /* context set by this thread */
    o->r[5] = JetDupSession(s, &d);                            /* still alive and usable */
    o->r[6] = JetResetSessionContext(s);
    o->r[7] = JetResetSessionContext(s);                       /* nothing set any more */
    o->r[8] = JetEndSession(s, 0);
    o->r[9] = JetEndSession(d, 0);
    o->r[10] = JetTerm(inst);
    return 0;
}

typedef struct ctx_job {
    JET_SESID s;
    int op; /* 0: set, 1: reset */
    JET_ERR result;
} ctx_job;

static void ctx_thread(void *arg)
{
    ctx_job *j = arg;
    j->result = j->op == 0 ? JetSetSessionContext(j->s, 0xBEEF) : JetResetSessionContext(j->s);
}

static JET_ERR run_ctx(JET_SESID s, int op)
{
    compat_thread *t = NULL;
    ctx_job j = { s, op, 1 };
    if (compat_thread_start(&t, ctx_thread, &j) != COMPAT_OK) return 1;
    compat_thread_join(t);
    return j.result;
}

int sc_context_threads(sc_result *o)
{
    JET_INSTANCE inst;
    JET_SESID s;
    if (sc_open(&inst, &s) < 0) return -1;
    o->r[0] = run_ctx(s, 0);                 /* another thread sets a context */
    o->r[1] = JetEndSession(s, 0);           /* in use */
    o->r[2] = JetResetSessionContext(s);     /* not set by this thread */
    o->r[3] = run_ctx(s, 1);                 /* reset by a third thread: not its context either */
    o->r[4] = JetSetSessionContext(s, 0x77); /* already set */
    o->r[5] = JetTerm(inst);                 /* term frees it anyway */
    return 0;
}

int sc_not_initialized(sc_result *o)
{
    JET_INSTANCE inst;
    JET_SESID s, d;
    o->r[0] = JetEndSession(12345, 0); /* nothing exists in the process */
    if (sc_open(&inst, &s) < 0) return -1;
    o->r[1] = JetTerm(inst);
    o->r[2] = JetEndSession(s, 0);
    o->r[3] = JetDupSession(s, &d);
    o->r[4] = JetBeginSessionA(inst, &d, NULL, NULL);
    return 0;
}

int sc_stop_service(sc_result *o)
{
    JET_INSTANCE inst;
    JET_SESID s, s2, d = JET_sesidNil;
    if (sc_open(&inst, &s) < 0) return -1;
    o->r[0] = JetBeginSessionA(inst, &s2, NULL, NULL);
    o->r[1] = JetSetSessionContext(s2, 0x99);
    o->r[2] = JetStopServiceInstance(inst);
    o->r[3] = JetDupSession(s, &d);              /* stopped */
    o->r[4] = JetBeginSessionA(inst, &d, NULL, NULL);
    o->r[5] = JetSetSessionContext(s, 0x42);
    o->r[6] = JetResetSessionContext(s2);        /* allowed after stop */
    o->r[7] = JetEndSession(s2, 0);              /* allowed after stop */
    o->r[8] = JetEndSession(s, 0);
    o->r[9] = JetEndSession(s, 0);
    o->r[10] = JetStopServiceInstance2(inst, JET_bitStopServiceResume); /* a full stop is not resumable */
    o->r[11] = JetStopServiceInstance2(inst, 0x100);                     /* unknown bit */
    o->r[12] = JetTerm(inst);
    return 0;
}

int sc_term_frees_sessions(sc_result *o)
{
    JET_INSTANCE a, b;
    JET_SESID s[3], keep;
    if (sc_open(&b, &keep) < 0) return -1; /* keeps the process initialised */
    if (sc_open(&a, &s[0]) < 0) return -1;
    o->r[0] = JetBeginSessionA(a, &s[1], NULL, NULL);
    o->r[1] = JetSetSessionContext(s[1], 0x10);   /* even a session in use */
    o->r[2] = JetDupSession(s[0], &s[2]);
    o->r[3] = JetTerm2(a, JET_bitTermComplete);
    o->r[4] = JetEndSession(s[0], 0);
    o->r[5] = JetEndSession(s[1], 0);
    o->r[6] = JetEndSession(s[2], 0);
    o->r[7] = JetBeginSessionA(a, &s[0], NULL, NULL); /* instance handle is gone */
    o->r[8] = JetTerm(a);
    o->r[9] = JetEndSession(keep, 0);
    o->r[10] = JetTerm(b);
    return 0;
}

int sc_legacy_mode(sc_result *o)
{
    JET_INSTANCE inst = 0, other = 0;
    JET_SESID s;
    JET_API_PTR v = 0;
    o->r[0] = JetSetSystemParameterA(NULL, 0, JET_paramMaxSessions, 8, NULL); /* global, before init */
    o->r[1] = JetInit(&inst);
    o->r[2] = JetBeginSessionA(0, &s, NULL, NULL); /* the instance value is ignored */
    o->r[3] = JetGetSystemParameterA(0, 0, JET_paramMaxSessions, &v, NULL, 0);
    o->n[0] = (int64_t)v;
    o->r[4] = JetCreateInstanceA(&other, "x");
    o->r[5] = JetInit(NULL);
    o->r[6] = JetSetSystemParameterA(NULL, 0, JET_paramMaxSessions, 9, NULL); /* after init */
    o->r[7] = JetEndSession(s, 0);
    o->r[16] = JetTerm(12345); /* handle validation comes first: not a live instance */
    o->r[17] = JetStopServiceInstance(12345);
    o->r[8] = JetTerm(JET_instanceNil); /* 0 or nil: the one instance */
    o->r[9] = JetSetSystemParameterA(NULL, 0, JET_paramMaxSessions, 16, NULL); /* restore the default */
    o->r[10] = JetInit(NULL);                                                  /* legacy, no handle out */
    o->r[11] = JetTerm(0);
    o->r[12] = JetEnableMultiInstanceA(NULL, 0, NULL);
    o->r[13] = JetCreateInstanceA(&other, "y");
    o->r[14] = JetInit(NULL); /* now in multi-instance mode */
    o->r[15] = JetTerm(other);
    return 0;
}

int sc_max_sessions(sc_result *o)
{
    enum { MAXS = 4, LIMIT = 400 };
    JET_INSTANCE inst = JET_instanceNil;
    static JET_SESID s[LIMIT];
    int n = 0;
    JET_ERR err = 0;
    o->r[0] = JetCreateInstanceA(&inst, "sc-maxsessions");
    o->r[1] = JetSetSystemParameterA(&inst, 0, JET_paramMaxSessions, MAXS, NULL);
    o->r[2] = JetInit(&inst);
    o->r[3] = JetSetSystemParameterA(&inst, 0, JET_paramMaxSessions, MAXS + 1, NULL); /* after init */
    while (n < LIMIT && (err = JetBeginSessionA(inst, &s[n], NULL, NULL)) >= 0) n++;
    o->n[0] = n;
    o->r[4] = err;
    o->r[5] = JetEndSession(s[0], 0);
    o->r[6] = JetBeginSessionA(inst, &s[0], NULL, NULL);
    o->r[7] = JetDupSession(s[1], &s[n < LIMIT ? n : 0]); /* pool exhausted again */
    for (int i = 0; i < n; i++) JetEndSession(s[i], 0);
    o->r[8] = JetTerm(inst);
    return 0;
}

int sc_dup_session(sc_result *o)
{
    JET_INSTANCE inst;
    JET_SESID s, d = JET_sesidNil, d2 = JET_sesidNil;
    if (sc_open(&inst, &s) < 0) return -1;
    o->r[0] = JetSetSessionContext(s, 0x5);
    o->r[1] = JetDupSession(s, &d);
    o->r[2] = d != s && d != JET_sesidNil ? 0 : 1;
    o->r[3] = JetEndSession(d, 0);   /* context not copied */
    o->r[4] = JetDupSession(s, NULL);
    o->r[5] = JetDupSession(s, &d);
    o->r[6] = JetResetSessionContext(s);
    o->r[7] = JetEndSession(s, 0);   /* the original ends; the duplicate lives on */
    o->r[8] = JetDupSession(d, &d2);
    o->r[9] = JetEndSession(d, 0);
    o->r[10] = JetEndSession(d2, 0);
    o->r[11] = JetTerm(inst);
    return 0;
}

int sc_instance_names(sc_result *o)
{
    JET_INSTANCE a = 0, b = 0, c = 0, d = 0, e = 0;
    uint32_t n = 0;
    JET_INSTANCE_INFO_A *info = NULL;
    o->r[0] = JetCreateInstance2A(&a, "same", "display one", 0);
    o->r[1] = JetCreateInstance2A(&b, "same", "display two", 0); /* duplicate name */
    o->n[0] = b == JET_instanceNil;
    o->r[2] = JetCreateInstance2A(&c, "other", "display one", 0); /* duplicate display name is fine */
    o->r[3] = JetCreateInstanceA(&d, NULL);
    o->r[4] = JetCreateInstanceA(&e, NULL); /* two unnamed instances collide too */
    o->r[5] = JetCreateInstanceA(NULL, "z");
    o->r[6] = JetGetInstanceInfoA(&n, &info);
    o->n[1] = n;
    o->n[2] = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (info[i].hInstanceId == a && info[i].szInstanceName && !strcmp(info[i].szInstanceName, "same")) o->n[2] |= 1;
        if (info[i].hInstanceId == c && info[i].szInstanceName && !strcmp(info[i].szInstanceName, "other")) o->n[2] |= 2;
        if (info[i].hInstanceId == d && info[i].szInstanceName == NULL) o->n[2] |= 4;
    }
    o->r[7] = JetFreeBuffer((char *)info);
    o->r[8] = JetGetInstanceInfoA(NULL, &info);
    o->r[9] = JetTerm(a); /* never initialised: just freed */
    o->r[10] = JetTerm(c);
    o->r[11] = JetTerm(d);
    o->r[12] = JetTerm(a); /* gone */
    return 0;
}

int sc_instance_lifecycle(sc_result *o)
{
    JET_INSTANCE a = 0, b = 0;
    JET_SESID s;
    o->r[0] = JetCreateInstanceA(&a, "life");
    /* b below keeps its log in the current folder, which a (running meanwhile) may not
     * share (JET_errSystemPathInUse): a keeps none */
    JetSetSystemParameterA(&a, 0, JET_paramRecovery, 0, "off");
    o->r[1] = JetBeginSessionA(a, &s, NULL, NULL); /* created, not initialised */
    o->r[2] = JetInit(&a);
    o->r[3] = JetInit(&a);                         /* twice */
    o->r[4] = JetBeginSessionA(0, &s, NULL, NULL);  /* multi-instance mode: bad instance */
    o->r[5] = JetBeginSessionA(JET_instanceNil, &s, NULL, NULL);
    o->r[6] = JetBeginSessionA((JET_INSTANCE)0x1234567, &s, NULL, NULL);
    o->r[7] = JetBeginSessionA(a, NULL, NULL, NULL);
    o->r[8] = JetInit(&b);                          /* a new unnamed instance */
    o->r[9] = JetTerm2(b, JET_bitTermDirty);
    o->r[10] = JetTerm2(a, JET_bitTermComplete);
    o->r[11] = JetTerm(a);
    o->r[12] = JetInit(NULL); /* everything terminated: legacy mode possible again */
    o->r[13] = JetTerm(0);
    return 0;
}

int sc_sysparams(sc_result *o)
{
    JET_INSTANCE inst = 0;
    JET_API_PTR v = 0;
    char buf[300];
    /* global defaults, no instance in the process */
    static const struct { uint32_t id; int64_t def; } defs[] = {
        { JET_paramMaxSessions, 16 }, { JET_paramMaxOpenTables, 300 }, { JET_paramMaxCursors, 1024 },
        { JET_paramMaxVerPages, 64 }, { JET_paramMaxTemporaryTables, 20 }, { JET_paramLogFileSize, 5120 },
        { JET_paramCircularLog, 0 }, { JET_paramDatabasePageSize, 4096 }, { JET_paramMaxInstances, 16 },
    };
    o->n[0] = 0;
    for (int i = 0; i < (int)(sizeof(defs) / sizeof(defs[0])); i++) {
        v = 0;
        if (JetGetSystemParameterA(0, 0, defs[i].id, &v, NULL, 0) < 0 || (int64_t)v != defs[i].def) o->n[0] |= 1 << i;
    }
    o->r[0] = JetGetSystemParameterA(0, 0, JET_paramBaseName, NULL, buf, sizeof(buf));
    o->n[1] = strcmp(buf, "edb");
    o->r[1] = JetGetSystemParameterA(0, 0, JET_paramRecovery, NULL, buf, sizeof(buf));
    o->n[2] = strcmp(buf, "on");
    o->r[2] = JetSetSystemParameterA(NULL, 0, 99999, 1, NULL);                   /* unknown id */
    o->r[3] = JetSetSystemParameterA(NULL, 0, JET_paramMaxSessions, 30001, NULL); /* above range */
    o->r[4] = JetSetSystemParameterA(NULL, 0, JET_paramBaseName, 0, "toolong");   /* 3 characters */
    o->r[5] = JetSetSystemParameterA(NULL, 0, JET_paramDatabasePageSize, 3000, NULL);
    o->r[6] = JetCreateInstanceA(&inst, "sp");
    o->r[7] = JetSetSystemParameterA(NULL, 0, JET_paramDatabasePageSize, 8192, NULL); /* after the first instance */
    o->r[8] = JetSetSystemParameterA(NULL, 0, JET_paramDatabasePageSize, 4096, NULL); /* same value: fine */
    o->r[9] = JetSetSystemParameterA(&inst, 0, JET_paramBaseName, 0, "abc");
    o->r[10] = JetSetSystemParameterA(&inst, 0, JET_paramLogFilePath, 0, "logs");
    o->r[11] = JetGetSystemParameterA(inst, 0, JET_paramLogFilePath, NULL, buf, sizeof(buf));
    {
        char expect[300];
        size_t n = 0;
        o->n[3] = compat_current_dir(expect, sizeof(expect)) == COMPAT_OK;
        n = strlen(expect);
        snprintf(expect + n, sizeof(expect) - n, "logs%c", compat_path_separator());
        o->n[3] = o->n[3] && strcmp(buf, expect) == 0;
    }
    /* the "logs" folder does not exist: an instance keeping its log there would fail
     * JetInit with JET_errInvalidPath */
    JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off");
    o->r[12] = JetInit(&inst);
    o->r[13] = JetSetSystemParameterA(&inst, 0, JET_paramLogFileSize, 1024, NULL); /* after init */
    o->r[14] = JetSetSystemParameterA(&inst, 0, JET_paramEnableIndexChecking, 0, NULL); /* allowed after init */
    o->r[15] = JetGetSystemParameterA(inst, 0, JET_paramBaseName, NULL, buf, sizeof(buf));
    o->n[4] = strcmp(buf, "abc");
    o->r[16] = JetGetSystemParameterA(0, 0, JET_paramBaseName, NULL, buf, sizeof(buf)); /* the global one */
    o->n[5] = strcmp(buf, "edb");
    o->r[17] = JetGetSystemParameterA(inst, 0, JET_paramBaseName, NULL, buf, 2);          /* too small */
    o->r[18] = JetSetSystemParameterA(&inst, 0, JET_paramErrorToString, 0, NULL);          /* get only */
    o->r[19] = JetGetSystemParameterA(inst, 0, JET_paramMaxSessions, NULL, NULL, 0);
    o->r[20] = JetTerm(inst);
    return 0;
}

int sc_error_to_string(sc_result *o, char *buf, uint32_t cb)
{
    JET_API_PTR code = (JET_API_PTR)(uint32_t)JET_errOutOfMemory;
    o->r[0] = JetGetSystemParameterA(0, 0, JET_paramErrorToString, &code, buf, cb);
    o->r[1] = JetGetSystemParameterA(0, 0, JET_paramErrorToString, NULL, buf, cb);
    o->r[2] = JetGetSystemParameterA(0, 0, JET_paramErrorToString, &code, NULL, cb);
    return 0;
}

/* ---- states that need later issues ---- */

int sc_term_open_transaction(sc_result *o)
{
    JET_INSTANCE inst;
    JET_SESID s;
    if (sc_open(&inst, &s) < 0) return -1;
    o->r[0] = JetBeginTransaction(s);
    o->r[1] = JetTerm2(inst, JET_bitTermAbrupt);
    o->r[2] = JetTerm2(inst, JET_bitTermComplete);
    o->r[3] = JetTerm(inst);
    o->r[4] = JetBeginTransaction(s); /* instance still usable: level 2 */
    o->r[5] = JetRollback(s, JET_bitRollbackAll);
    o->r[6] = JetTerm(inst);
    return 0;
}

int sc_end_rolls_back(sc_result *o)
{
    JET_INSTANCE inst;
    JET_SESID s;
    if (sc_open(&inst, &s) < 0) return -1;
    o->r[0] = JetBeginTransaction(s);
    o->r[1] = JetBeginTransaction(s);
    o->r[2] = JetBeginTransaction(s);
    o->r[3] = JetEndSession(s, 0); /* rolls back all three levels */
    o->r[4] = JetTerm2(inst, JET_bitTermComplete); /* no transaction left behind */
    return 0;
}

typedef struct trx_job {
    JET_SESID s;
    JET_ERR r;
} trx_job;

static void trx_thread(void *arg)
{
    trx_job *j = arg;
    j->r = JetBeginTransaction(j->s);
}

int sc_end_rollback_other_thread(sc_result *o)
{
    JET_INSTANCE inst;
    JET_SESID s;
    compat_thread *t = NULL;
    trx_job j;
    if (sc_open(&inst, &s) < 0) return -1;
    j.s = s;
    j.r = 1;
    if (compat_thread_start(&t, trx_thread, &j) != COMPAT_OK) return -1;
    compat_thread_join(t);
    o->r[0] = j.r;
    o->r[1] = JetEndSession(s, 0);          /* the transaction belongs to another thread */
    o->r[2] = JetBeginTransaction(s) == JET_errInvalidSesid ? JET_errInvalidSesid : 0; /* still alive */
    o->r[3] = JetTerm2(inst, JET_bitTermDirty);
    return 0;
}

int sc_end_oom_in_rollback(sc_result *o)
{
    JET_INSTANCE inst;
    JET_SESID s;
    if (sc_open(&inst, &s) < 0) return -1;
    o->r[0] = JetBeginTransaction(s);
    compat_fault_arm(COMPAT_FAULT_ALLOC, 1);
    o->r[1] = JetEndSession(s, 0);
    compat_fault_disarm_all();
    o->r[2] = JetRollback(s, JET_bitRollbackAll);  /* the session survived */
    o->r[3] = JetEndSession(s, 0);
    o->r[4] = JetTerm(inst);
    return 0;
}

int sc_end_out_of_buffers(sc_result *o)
{
    JET_INSTANCE inst = 0;
    JET_SESID s;
    o->r[0] = JetCreateInstanceA(&inst, "sc-buffers");
    JetSetSystemParameterA(NULL, 0, JET_paramCacheSizeMax, 1, NULL);
    o->r[1] = JetInit(&inst);
    o->r[2] = JetBeginSessionA(inst, &s, NULL, NULL);
    o->r[3] = JetBeginTransaction(s);
    /* the cache issue supplies work that needs pages during rollback */
    o->r[4] = JetEndSession(s, 0);
    o->r[5] = JetTerm2(inst, JET_bitTermDirty);
    return 0;
}

int sc_unavailable_by_write_fault(const char *dir, sc_result *o)
{
    /* With the log on, in dir (ending with a separator): a transaction that changed a row
     * is committed while the next file write fails. The log write fails, the instance is
     * unavailable (JET_errLogWriteFail, ESE's LOG::ErrLGWrite), every later call on it
     * says so, and a dirty JetTerm2 still ends it. */
    char name[64], db[1024];
    JET_INSTANCE inst = JET_instanceNil;
    JET_SESID s = JET_sesidNil, s2 = JET_sesidNil;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    JET_COLUMNDEF def;
    JET_COLUMNID col = 0;
    int32_t v = 7;
    snprintf(name, sizeof name, "sc-instance-%u", ++g_name_counter);
    snprintf(db, sizeof db, "%sdb.edb", dir);
    if (JetCreateInstanceA(&inst, name) < 0) return -1;
    JetSetSystemParameterA(&inst, 0, JET_paramSystemPath, 0, dir);
    JetSetSystemParameterA(&inst, 0, JET_paramLogFilePath, 0, dir);
    JetSetSystemParameterA(&inst, 0, JET_paramTempPath, 0, dir);
    if (JetInit(&inst) < 0 || JetBeginSessionA(inst, &s, NULL, NULL) < 0) return -1;
    memset(&def, 0, sizeof def);
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    if (JetCreateDatabaseA(s, db, NULL, &dbid, 0) < 0 ||
        JetCreateTableA(s, dbid, "t", 0, 100, &t) < 0 || JetAddColumnA(s, t, "c", &def, NULL, 0, &col) < 0)
        return -1;
    o->r[0] = JetBeginSessionA(inst, &s2, NULL, NULL);
    o->r[1] = JetBeginTransaction(s);
    if (JetPrepareUpdate(s, t, JET_prepInsert) < 0 || JetSetColumn(s, t, col, &v, sizeof v, 0, NULL) < 0 ||
        JetUpdate(s, t, NULL, 0, NULL) < 0)
        return -1;
    compat_fault_arm(COMPAT_FAULT_WRITE, 1);
    o->r[2] = JetCommitTransaction(s, 0); /* durable: the log write fails, fatally */
    compat_fault_disarm_all();
    o->r[3] = JetEndSession(s2, 0);
    o->r[4] = JetTerm2(inst, JET_bitTermDirty);
    return 0;
}

int sc_restore_in_progress(sc_result *o)
{
    /* ESENT's JetEndSession has no restore check (APICALL_SESID::FEnter): a session
     * cannot exist on an instance being restored, so the handle is simply invalid. */
    JET_INSTANCE inst;
    JET_SESID s;
    if (sc_open(&inst, &s) < 0) return -1;
    o->r[0] = JetTerm(inst);
    o->r[1] = JetRestoreInstanceA(inst, "nonexistent-backup", NULL, NULL);
    o->r[2] = JetEndSession(s, 0);
    return 0;
}

/* ---- failure injection over create/init/begin/end/term ---- */

static JET_ERR cycle(int64_t *step)
{
    JET_INSTANCE inst = JET_instanceNil;
    JET_SESID s = JET_sesidNil, d = JET_sesidNil;
    JET_ERR err;
    *step = 0;
    err = JetCreateInstanceA(&inst, "sc-fault");
    if (err < 0) return err;
    /* the walk over JetInit with the log on is log_api_test's (FaultWalkOverLogInit):
     * here every allocation of the rest, in a few hundred quick cycles */
    err = JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off");
    if (err < 0) {
        JetTerm(inst);
        return err;
    }
    *step = 1;
    err = JetInit(&inst);
    if (err < 0) return err; /* a failed JetInit frees the instance */
    *step = 2;
    err = JetBeginSessionA(inst, &s, NULL, NULL);
    if (err >= 0) {
        *step = 3;
        err = JetDupSession(s, &d);
        if (err >= 0) {
            *step = 4;
            err = JetEndSession(d, 0);
        }
        if (err >= 0) {
            *step = 5;
            err = JetEndSession(s, 0);
        }
    }
    JET_ERR t = JetTerm(inst);
    return err < 0 ? err : t;
}

int sc_fault_walk(sc_result *o)
{
    int64_t step;
    o->n[0] = 0; /* injections that fired */
    o->n[1] = 0; /* wrong codes */
    o->n[2] = 0; /* unusable afterwards */
    for (uint64_t nth = 1; nth < 500; nth++) {
        compat_fault_arm(COMPAT_FAULT_ALLOC, nth);
        JET_ERR err = cycle(&step);
        bool fired = compat_fault_fired(COMPAT_FAULT_ALLOC);
        compat_fault_disarm_all();
        if (!fired) {
            o->r[0] = err;
            break;
        }
        o->n[0]++;
        if (err != JET_errOutOfMemory && err != JET_errSuccess) o->n[1]++;
        if (sc_all_terminated() != 0 || cycle(&step) != JET_errSuccess) o->n[2]++;
        /* whatever happened, clean up */
        uint32_t n = 0;
        JET_INSTANCE_INFO_A *info = NULL;
        if (JetGetInstanceInfoA(&n, &info) >= 0) {
            for (uint32_t i = 0; i < n; i++) JetTerm(info[i].hInstanceId);
            JetFreeBuffer((char *)info);
        }
    }
    return 0;
}

/* ---- stress: many threads, their own sessions, one instance terminated meanwhile ---- */

typedef struct stress_job {
    JET_INSTANCE inst;
    int iterations;
    int64_t ok;
    int64_t bad;
} stress_job;

static void stress_thread(void *arg)
{
    stress_job *j = arg;
    for (int i = 0; i < j->iterations; i++) {
        JET_SESID s = JET_sesidNil, d = JET_sesidNil;
        JET_ERR err = JetBeginSessionA(j->inst, &s, NULL, NULL);
        if (err < 0) {
            /* only the doomed instance may refuse */
            if (err != JET_errInvalidInstance && err != JET_errTermInProgress && err != JET_errNotInitialized &&
                err != JET_errOutOfSessions)
                j->bad++;
            continue;
        }
        err = JetDupSession(s, &d);
        if (err >= 0) {
            JET_ERR e2 = JetEndSession(d, 0);
            if (e2 < 0 && e2 != JET_errTermInProgress && e2 != JET_errInvalidSesid) j->bad++;
        } else if (err != JET_errTermInProgress && err != JET_errInvalidSesid && err != JET_errOutOfSessions) {
            j->bad++;
        }
        if (JetSetSessionContext(s, 0x100 + (JET_API_PTR)i) >= 0) JetResetSessionContext(s);
        err = JetEndSession(s, 0);
        if (err >= 0) j->ok++;
        else if (err != JET_errTermInProgress && err != JET_errInvalidSesid) j->bad++;
    }
}

int sc_stress(sc_result *o, int threads, int iterations)
{
    JET_INSTANCE keep, doomed;
    compat_thread *t[32];
    stress_job jobs[32];
    if (threads > 32) threads = 32;
    if (sc_open(&keep, NULL) < 0) return -1;
    if (sc_open(&doomed, NULL) < 0) return -1;
    for (int i = 0; i < threads; i++) {
        jobs[i].inst = (i % 4 == 3) ? doomed : keep;
        jobs[i].iterations = iterations;
        jobs[i].ok = jobs[i].bad = 0;
        if (compat_thread_start(&t[i], stress_thread, &jobs[i]) != COMPAT_OK) return -1;
    }
    compat_sleep_ms(5);
    o->r[0] = JetTerm(doomed);
    for (int i = 0; i < threads; i++) compat_thread_join(t[i]);
    o->n[0] = o->n[1] = 0;
    for (int i = 0; i < threads; i++) {
        o->n[0] += jobs[i].ok;
        o->n[1] += jobs[i].bad;
    }
    o->r[1] = JetTerm(keep);
    return 0;
}

/* ---- facts checked against ESE's source and ManagedEsent's tests ---- */

/* Terminates every instance left (a scenario that failed half-way) and returns
 * the process to "no mode": an instance created and freed resets the mode. */
static void reset_process(void)
{
    uint32_t n = 0;
    JET_INSTANCE_INFO_A *info = NULL;
    JET_INSTANCE tmp = JET_instanceNil;
    if (JetGetInstanceInfoA(&n, &info) >= 0) {
        for (uint32_t i = 0; i < n; i++) JetTerm(info[i].hInstanceId);
        JetFreeBuffer((char *)info);
    }
    if (JetCreateInstanceA(&tmp, "sc-reset") >= 0) JetTerm(tmp);
}

int sc_instance_validation(sc_result *o)
{
    JET_INSTANCE inst = JET_instanceNil, bogus = (JET_INSTANCE)0x1234567, keep;
    JET_SESID s = JET_sesidNil;
    JET_API_PTR v = 0;
    o->r[0] = JetTerm(0);                        /* no mode: ErrFindPinst */
    o->r[1] = JetTerm(bogus);                    /* validation first */
    if (sc_open(&inst, NULL) < 0) return -1;
    keep = inst;
    o->r[2] = JetBeginSessionA(bogus, &s, NULL, NULL);
    o->r[3] = JetBeginSessionA(0, &s, NULL, NULL);
    o->r[4] = JetBeginSessionW(JET_instanceNil, &s, NULL, NULL);
    o->r[5] = JetTerm(0);
    o->r[6] = JetStopServiceInstance(bogus);
    o->r[7] = JetStopServiceInstance2(bogus, 0);
    o->r[8] = JetInit(&bogus);                   /* JetInit does not validate */
    o->n[0] = bogus == (JET_INSTANCE)0x1234567;  /* and leaves the value alone */
    o->r[9] = JetSetSystemParameterA(&bogus, 0, JET_paramMaxSessions, 4, NULL);
    o->r[10] = JetGetSystemParameterA(bogus, 0, JET_paramMaxSessions, &v, NULL, 0);
    o->r[11] = JetGetSystemParameterA(0, (JET_SESID)0x777, JET_paramMaxSessions, &v, NULL, 0);
    o->r[12] = JetTerm(keep);
    return 0;
}

int sc_term_dirty(sc_result *o)
{
    JET_INSTANCE inst;
    JET_SESID s;
    if (sc_open(&inst, &s) < 0) return -1;
    o->r[0] = JetTerm2(inst, JET_bitTermDirty);
    o->n[0] = sc_all_terminated();
    o->r[1] = JetTerm(inst);
    o->r[2] = JetEndSession(s, 0);
    return 0;
}

int sc_stop_service_variants(sc_result *o)
{
    JET_INSTANCE inst = 0;
    JET_SESID s = JET_sesidNil;
    o->r[0] = JetStopService(); /* no mode */
    if (sc_open(&inst, NULL) < 0) return -1;
    o->r[1] = JetStopService(); /* multi-instance mode */
    /* resumable stops leave the API open (ManagedEsent TestJetStopServiceInstance2StopsSubsequentOperations) */
    o->r[2] = JetStopServiceInstance2(inst, JET_bitStopServiceQuiesceCaches);
    o->r[3] = JetBeginSessionA(inst, &s, NULL, NULL);
    o->r[4] = JetEndSession(s, 0);
    o->r[5] = JetStopServiceInstance2(inst, JET_bitStopServiceResume);
    o->r[6] = JetStopServiceInstance2(inst, JET_bitStopServiceBackgroundUserTasks);
    o->r[7] = JetStopServiceInstance2(inst, JET_bitStopServiceResume | JET_bitStopServiceBackgroundUserTasks);
    o->r[8] = JetStopServiceInstance2(inst, 0x8 | JET_bitStopServiceQuiesceCaches); /* StopAndEmitLog only alone */
    o->r[9] = JetStopServiceInstance2(inst, 0x8);
    o->r[10] = JetBeginSessionA(inst, &s, NULL, NULL); /* not a stop of the API */
    o->r[11] = JetEndSession(s, 0);
    o->r[12] = JetStopServiceInstance2(inst, 0x1); /* the internal "all" bit is not the caller's */
    o->r[13] = JetStopServiceInstance2(inst, JET_bitStopServiceAll);
    o->r[14] = JetBeginSessionA(inst, &s, NULL, NULL);
    o->r[15] = JetStopServiceInstance2(inst, JET_bitStopServiceResume); /* the full stop is recorded */
    o->r[16] = JetStopServiceInstance2(inst, JET_bitStopServiceResume | JET_bitStopServiceQuiesceCaches);
    o->r[17] = JetTerm(inst);
    /* legacy mode */
    inst = 0;
    o->r[18] = JetInit(&inst);
    o->r[19] = JetStopService();
    o->r[20] = JetBeginSessionA(0, &s, NULL, NULL);
    o->r[21] = JetTerm(0);
    return 0;
}

int sc_init_after_term(sc_result *o)
{
    /* ManagedEsent InitAndTermOneInstanceTwice: JetInit(&h) after JetTerm(h). */
    JET_INSTANCE inst = JET_instanceNil, stale, other = JET_instanceNil;
    JET_SESID s;
    o->r[0] = JetCreateInstanceA(&inst, "sc-twice");
    o->r[1] = JetInit(&inst);
    o->r[2] = JetTerm(inst);
    stale = inst;
    o->r[3] = JetInit(&inst);               /* no mode left: legacy mode, a new instance */
    o->n[0] = inst != stale && inst != 0 && inst != JET_instanceNil;
    o->r[4] = JetCreateInstanceA(&other, "x"); /* so legacy mode it is */
    o->r[5] = JetBeginSessionA(inst, &s, NULL, NULL);
    o->r[6] = JetTerm(inst);
    o->r[7] = JetCreateInstanceA(&other, "sc-twice-2"); /* mode reset again */
    o->r[8] = JetTerm(other);
    return 0;
}

int sc_init3(sc_result *o)
{
    JET_INSTANCE inst = JET_instanceNil;
    JET_RSTINFO_A rst;
    JET_RSTMAP_A map;
    memset(&rst, 0, sizeof(rst));
    memset(&map, 0, sizeof(map));
    o->r[0] = JetCreateInstanceA(&inst, "sc-init3");
    JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off");
    rst.cbStruct = sizeof(rst) + 1;
    o->r[1] = JetInit3A(&inst, &rst, 0);           /* bad size: nothing happens */
    o->n[0] = inst != JET_instanceNil;
    rst.cbStruct = sizeof(rst);
    rst.crstmap = 1;                                /* count without a map */
    o->r[2] = JetInit3A(&inst, &rst, 0);
    rst.crstmap = 0;
    rst.rgrstmap = &map;                            /* map without a count */
    o->r[3] = JetInit3A(&inst, &rst, 0);
    rst.rgrstmap = NULL;
    o->r[4] = JetInit3A(&inst, &rst, 0);            /* ManagedEsent InitializeInstanceWithJetInit3AndRstinfo */
    o->r[5] = JetTerm(inst);
    return 0;
}

/* path helper: the current directory + rel, native separators */
static void expect_path(char *out, size_t cap, const char *rel)
{
    size_t n;
    if (compat_current_dir(out, cap) != COMPAT_OK) {
        out[0] = 0;
        return;
    }
    n = strlen(out);
    for (size_t i = 0; rel[i] && n + 1 < cap; i++) out[n++] = rel[i] == '/' ? compat_path_separator() : rel[i];
    out[n] = 0;
}

int sc_sysparam_paths(sc_result *o)
{
    JET_INSTANCE inst = JET_instanceNil;
    char buf[512], want[512];
    o->r[0] = JetCreateInstanceA(&inst, "sc-paths");
    JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off");
    /* ManagedEsent SetGetSystemParameterTests.PathParameterTest */
    o->r[1] = JetSetSystemParameterA(&inst, 0, JET_paramSystemPath, 0, "foo\\system\\");
    o->r[2] = JetGetSystemParameterA(inst, 0, JET_paramSystemPath, NULL, buf, sizeof(buf));
    expect_path(want, sizeof(want), "foo/system/");
    o->n[0] = strcmp(buf, want) == 0;
    o->r[3] = JetSetSystemParameterA(&inst, 0, JET_paramLogFilePath, 0, "foo/log"); /* a separator is added */
    o->r[4] = JetGetSystemParameterA(inst, 0, JET_paramLogFilePath, NULL, buf, sizeof(buf));
    expect_path(want, sizeof(want), "foo/log/");
    o->n[1] = strcmp(buf, want) == 0;
    o->r[5] = JetSetSystemParameterA(&inst, 0, JET_paramTempPath, 0, "foo\\temp\\");
    o->r[6] = JetGetSystemParameterA(inst, 0, JET_paramTempPath, NULL, buf, sizeof(buf));
    expect_path(want, sizeof(want), "foo/temp/");
    o->n[2] = strncmp(buf, want, strlen(want)) == 0;
    o->r[7] = JetSetSystemParameterA(&inst, 0, JET_paramTempPath, 0, "scratch.edb"); /* a bare name stays */
    o->r[8] = JetGetSystemParameterA(inst, 0, JET_paramTempPath, NULL, buf, sizeof(buf));
    o->n[3] = strcmp(buf, "scratch.edb") == 0;
    /* JetInit resolves: the temp database lands in the system folder */
    o->r[9] = JetInit(&inst);
    o->r[10] = JetGetSystemParameterA(inst, 0, JET_paramTempPath, NULL, buf, sizeof(buf));
    expect_path(want, sizeof(want), "foo/system/scratch.edb");
    o->n[4] = strcmp(buf, want) == 0;
    o->r[11] = JetTerm(inst);
    /* defaults: ".\\" before init, the current directory after */
    inst = JET_instanceNil;
    o->r[12] = JetCreateInstanceA(&inst, "sc-paths-2");
    JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off");
    o->r[13] = JetGetSystemParameterA(inst, 0, JET_paramSystemPath, NULL, buf, sizeof(buf));
    o->n[5] = strcmp(buf, ".\\") == 0;
    o->r[14] = JetInit(&inst);
    o->r[15] = JetGetSystemParameterA(inst, 0, JET_paramSystemPath, NULL, buf, sizeof(buf));
    expect_path(want, sizeof(want), "");
    o->n[6] = strcmp(buf, want) == 0;
    o->r[16] = JetGetSystemParameterA(inst, 0, JET_paramTempPath, NULL, buf, sizeof(buf));
    expect_path(want, sizeof(want), "tmp.edb");
    o->n[7] = strcmp(buf, want) == 0;
    o->r[17] = JetTerm(inst);
    return 0;
}

int sc_sysparam_strings(sc_result *o)
{
    JET_INSTANCE inst = JET_instanceNil;
    char buf[64];
    uint16_t wbuf[64];
    JET_API_PTR code = (JET_API_PTR)(uint32_t)-424242;
    if (sc_open(&inst, NULL) < 0) return -1;
    /* a string "set to the same value" is still a write (ValidateSet compares pointers) */
    o->r[0] = JetSetSystemParameterA(&inst, 0, JET_paramBaseName, 0, "edb");
    o->r[1] = JetSetSystemParameterA(&inst, 0, JET_paramMaxSessions, 16, NULL); /* numbers: fine */
    /* W get: StringCbCopyW rules */
    o->r[2] = JetGetSystemParameterW(inst, 0, JET_paramBaseName, NULL, (JET_PWSTR)wbuf, 1);
    o->r[3] = JetGetSystemParameterW(inst, 0, JET_paramBaseName, NULL, (JET_PWSTR)wbuf, 2);
    o->n[0] = wbuf[0] == 0;
    o->r[4] = JetGetSystemParameterW(inst, 0, JET_paramBaseName, NULL, (JET_PWSTR)wbuf, 6);
    o->n[1] = wbuf[0] == 'e' && wbuf[1] == 'd' && wbuf[2] == 0;
    o->r[5] = JetGetSystemParameterW(inst, 0, JET_paramBaseName, NULL, (JET_PWSTR)wbuf, 8);
    /* A get too small: the caller's buffer is untouched */
    memset(buf, 'Z', sizeof(buf));
    o->r[6] = JetGetSystemParameterA(inst, 0, JET_paramBaseName, NULL, buf, 3);
    o->n[2] = buf[0] == 'Z';
    o->r[7] = JetGetSystemParameterA(inst, 0, JET_paramBaseName, NULL, buf, 4);
    o->n[3] = strcmp(buf, "edb") == 0;
    /* JET_paramErrorToString */
    o->r[8] = JetGetSystemParameterA(0, 0, JET_paramErrorToString, &code, buf, sizeof(buf));
    o->n[4] = strcmp(buf, "Unknown Error, Unknown Error") == 0;
    code = (JET_API_PTR)(uint32_t)JET_errInvalidSesid;
    o->r[9] = JetGetSystemParameterW(0, 0, JET_paramErrorToString, &code, (JET_PWSTR)wbuf, 1);
    o->r[10] = JetGetSystemParameterW(0, 0, JET_paramErrorToString, &code, (JET_PWSTR)wbuf, 8);
    o->n[5] = wbuf[0] == 'J' && wbuf[3] == 0;
    memset(buf, 'Z', sizeof(buf));
    o->r[11] = JetGetSystemParameterA(0, 0, JET_paramErrorToString, &code, buf, 10);
    o->n[6] = buf[0] == 'Z';
    o->r[12] = JetTerm(inst);
    return 0;
}

int sc_sysparam_advanced(sc_result *o)
{
    JET_API_PTR v = 0;
    char buf[16];
    o->r[0] = JetSetSystemParameterA(NULL, 0, JET_paramEnableAdvanced, 0, NULL);
    o->r[1] = JetSetSystemParameterA(NULL, 0, JET_paramMaxSessions, 5, NULL);     /* ignored */
    o->r[2] = JetSetSystemParameterA(NULL, 0, JET_paramMaxSessions, 99999, NULL); /* even out of range */
    o->r[3] = JetGetSystemParameterA(0, 0, JET_paramMaxSessions, &v, NULL, 0);
    o->n[0] = (int64_t)v;
    o->r[4] = JetSetSystemParameterA(NULL, 0, JET_paramBaseName, 0, "abc");        /* not advanced */
    o->r[5] = JetGetSystemParameterA(0, 0, JET_paramBaseName, NULL, buf, sizeof(buf));
    o->n[1] = strcmp(buf, "abc") == 0;
    o->r[6] = JetSetSystemParameterA(NULL, 0, JET_paramBaseName, 0, "edb");
    o->r[7] = JetSetSystemParameterA(NULL, 0, JET_paramEnableAdvanced, 1, NULL);
    o->r[8] = JetSetSystemParameterA(NULL, 0, JET_paramMaxSessions, 99999, NULL); /* checked again */
    return 0;
}

typedef struct roundtrip {
    uint32_t id;
    JET_API_PTR value;
} roundtrip;

/* Values ManagedEsent's SetGetSystemParameterTests, InstanceParameterTests and
 * Windows8InstanceParameterTests set on an instance and read back. */
static const roundtrip k_instance_values[] = {
    { JET_paramMaxSessions, 4 }, { JET_paramMaxSessions, 40 }, { JET_paramMaxOpenTables, 100 },
    { JET_paramMaxCursors, 2500 }, { JET_paramMaxVerPages, 100 }, { JET_paramPreferredVerPages, 8 },
    { JET_paramVersionStoreTaskQueueMax, 17 }, { JET_paramMaxTemporaryTables, 0 }, { JET_paramLogFileSize, 2048 },
    { JET_paramLogBuffers, 128 }, { JET_paramCircularLog, 1 }, { JET_paramPageTempDBMin, 50 },
    { JET_paramDbExtensionSize, 256 }, { JET_paramCheckpointDepthMax, 20000 }, { JET_paramEnableOnlineDefrag, 1 },
    { JET_paramEnableIndexChecking, 0 }, { JET_paramNoInformationEvent, 1 }, { JET_paramCreatePathIfNotExist, 1 },
    { JET_paramCleanupMismatchedLogFiles, 1 }, { JET_paramConfiguration, 1 }, { JET_paramEnableAdvanced, 1 },
    { JET_paramCachedClosedTables, 500 }, { JET_paramWaypointLatency, 1 }, { JET_paramDbScanThrottle, 1 },
    { JET_paramDbScanIntervalMinSec, 3600 }, { JET_paramDbScanIntervalMaxSec, 7200 },
    { JET_paramMaxTransactionSize, 55 }, { JET_paramCachePriority, 57 }, { JET_paramPrereadIOMax, 58 },
    { JET_paramEnableShrinkDatabase, 3 }, { JET_paramEventLoggingLevel, 75 }, { JET_paramOneDatabasePerSession, 1 },
    { JET_paramEnableDBScanInRecovery, 1 }, { JET_paramEnableDBScanSerialization, 1 }, { JET_paramRuntimeCallback, 0 },
};

/* ... and on the process (JET_INSTANCE.Nil, SystemParameters.*). */
static const roundtrip k_global_values[] = {
    { JET_paramCacheSizeMax, 4096 }, { JET_paramCacheSizeMin, 4096 }, { JET_paramOutstandingIOMax, 13 },
    { JET_paramStartFlushThreshold, 13 }, { JET_paramStopFlushThreshold, 17 }, { JET_paramDatabasePageSize, 4096 },
    { JET_paramMaxInstances, 16 }, { JET_paramLegacyFileNames, 1 }, { JET_paramEnableFileCache, 1 },
    { JET_paramEnableViewCache, 1 }, { JET_paramExceptionAction, JET_ExceptionMsgBox },
    { JET_paramMaxCoalesceReadSize, 32 * 1024 }, { JET_paramMaxCoalesceWriteSize, 32 * 1024 },
    { JET_paramMaxCoalesceReadGapSize, 32 * 1024 }, { JET_paramMaxCoalesceWriteGapSize, 32 * 1024 },
    { JET_paramMinDataForXpress, 128 }, { JET_paramHungIOThreshold, 75 * 1000 }, { JET_paramConfiguration, 0 },
    { JET_paramConfiguration, 1 },
};

int sc_sysparam_roundtrip(sc_result *o)
{
    JET_INSTANCE inst = JET_instanceNil;
    JET_API_PTR v = 0, old = 0;
    char buf[300];
    o->n[0] = o->n[1] = 0;
    o->r[0] = JetCreateInstanceA(&inst, "sc-roundtrip");
    for (size_t i = 0; i < sizeof(k_instance_values) / sizeof(k_instance_values[0]); i++) {
        v = 12345;
        if (JetSetSystemParameterA(&inst, 0, k_instance_values[i].id, k_instance_values[i].value, NULL) < 0 ||
            JetGetSystemParameterA(inst, 0, k_instance_values[i].id, &v, NULL, 0) < 0 ||
            v != k_instance_values[i].value)
            o->n[0] |= (int64_t)1 << i;
    }
    /* strings */
    o->r[1] = JetSetSystemParameterA(&inst, 0, JET_paramEventSourceKey, 0, "Any string 123");
    o->r[2] = JetGetSystemParameterA(inst, 0, JET_paramEventSourceKey, NULL, buf, sizeof(buf));
    o->n[2] = strcmp(buf, "Any string 123") == 0;
    o->r[3] = JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off");
    /* read-only ones */
    o->r[4] = JetGetSystemParameterA(inst, 0, JET_paramKeyMost, &v, NULL, 0);
    o->n[3] = (int64_t)v;
    o->r[5] = JetSetSystemParameterA(&inst, 0, JET_paramKeyMost, 100, NULL);
    o->r[6] = JetGetSystemParameterA(0, 0, JET_paramLVChunkSizeMost, &v, NULL, 0);
    o->n[4] = (int64_t)v;
    /* JET_paramConfiguration: no "same value" shortcut once a mode is chosen */
    o->r[7] = JetSetSystemParameterA(NULL, 0, JET_paramConfiguration, 1, NULL);
    o->r[8] = JetTerm(inst);
    /* process-wide values, no instance alive */
    for (size_t i = 0; i < sizeof(k_global_values) / sizeof(k_global_values[0]); i++) {
        old = 0;
        v = 12345;
        if (JetGetSystemParameterA(0, 0, k_global_values[i].id, &old, NULL, 0) < 0 ||
            JetSetSystemParameterA(NULL, 0, k_global_values[i].id, k_global_values[i].value, NULL) < 0 ||
            JetGetSystemParameterA(0, 0, k_global_values[i].id, &v, NULL, 0) < 0 || v != k_global_values[i].value ||
            JetSetSystemParameterA(NULL, 0, k_global_values[i].id, old, NULL) < 0)
            o->n[1] |= (int64_t)1 << i;
    }
    o->r[9] = JetSetSystemParameterA(NULL, 0, JET_paramProcessFriendlyName, 0, "AProcessFriendlyName");
    o->r[10] = JetGetSystemParameterA(0, 0, JET_paramProcessFriendlyName, NULL, buf, sizeof(buf));
    o->n[5] = strcmp(buf, "AProcessFriendlyName") == 0;
    o->r[11] = JetSetSystemParameterA(NULL, 0, JET_paramProcessFriendlyName, 0, "");
    return 0;
}

int sc_enable_multi(sc_result *o)
{
    JET_SETSYSPARAM_A ps[2];
    uint32_t ok = 99;
    JET_INSTANCE inst = JET_instanceNil;
    memset(ps, 0, sizeof(ps));
    ps[0].paramid = JET_paramMaxInstances;
    ps[0].lParam = 16;
    ps[1].paramid = JET_paramBaseName;
    ps[1].sz = "edb";
    o->r[0] = JetEnableMultiInstanceA(ps, 2, &ok);
    o->n[0] = ok;
    o->r[1] = JetInit(NULL);                           /* multi-instance mode now */
    o->r[2] = JetEnableMultiInstanceA(ps, 2, &ok);     /* same values: still refused */
    o->n[1] = ok;
    ps[1].sz = "abc";
    o->r[3] = JetEnableMultiInstanceA(ps, 2, &ok);     /* a different value */
    o->n[2] = ok;
    o->r[4] = ps[1].err;
    o->r[5] = JetEnableMultiInstanceA(NULL, 1, &ok);
    /* the mode stays until an instance is created and freed */
    o->r[6] = JetCreateInstanceA(&inst, "sc-multi");
    o->r[7] = JetTerm(inst);
    o->r[8] = JetInit(&inst);                          /* legacy mode possible again */
    o->r[9] = JetEnableMultiInstanceA(NULL, 0, NULL);
    o->r[10] = JetTerm(inst);
    return 0;
}

int sc_begin_session_never_allocates(sc_result *o)
{
    JET_INSTANCE inst;
    JET_SESID s = JET_sesidNil, d = JET_sesidNil;
    if (sc_open(&inst, NULL) < 0) return -1;
    compat_fault_arm(COMPAT_FAULT_ALLOC, 1);
    o->r[0] = JetBeginSessionA(inst, &s, NULL, NULL);
    o->r[1] = JetDupSession(s, &d);
    o->r[2] = JetEndSession(d, 0);
    o->r[3] = JetEndSession(s, 0);
    o->n[0] = compat_fault_fired(COMPAT_FAULT_ALLOC);
    compat_fault_disarm_all();
    o->r[4] = JetTerm(inst);
    return 0;
}

void sc_reset_process(void) { reset_process(); }

/* ManagedEsent InitTermTests.VerifyJetSetSessionContextAllowsThreadMigration: a
 * transaction begun on one thread under a context is committed on another thread
 * under the same context (needs transactions). */
typedef struct migrate_job {
    JET_SESID s;
    JET_ERR r[3];
} migrate_job;

static void migrate_thread(void *arg)
{
    migrate_job *j = arg;
    j->r[0] = JetSetSessionContext(j->s, 0x4242);
    j->r[1] = JetBeginTransaction(j->s);
    j->r[2] = JetResetSessionContext(j->s);
}

int sc_context_thread_migration(sc_result *o)
{
    JET_INSTANCE inst;
    JET_SESID s;
    compat_thread *t = NULL;
    migrate_job j;
    if (sc_open(&inst, &s) < 0) return -1;
    j.s = s;
    j.r[0] = j.r[1] = j.r[2] = 1;
    if (compat_thread_start(&t, migrate_thread, &j) != COMPAT_OK) return -1;
    compat_thread_join(t);
    o->r[0] = j.r[0];
    o->r[1] = j.r[1];
    o->r[2] = j.r[2];
    o->r[3] = JetSetSessionContext(s, 0x4242);
    o->r[4] = JetCommitTransaction(s, 0);
    o->r[5] = JetResetSessionContext(s);
    o->r[6] = JetTerm(inst);
    return 0;
}
