/* engine_hooks.c: scenarios that need the native engine's test hooks to hold a call
 * at a precise point (JetTerm running on another thread, a call inside the API with
 * a session) or to simulate a fatal failure, and measures engine internals tests
 * assert on (the version store's bytes). Native engine only. */
#include "scenarios.h"

#include "compat.h"
#include "esent.h"
#include "instance.h"
#include "verstore.h"

int eh_engine_hooks_available(void) { return 1; }

typedef struct gate {
    compat_mutex m;
    compat_cond c;
    int reached;
    int released;
    JET_SESID target;
} gate;

static void gate_init(gate *g)
{
    compat_mutex_init(&g->m);
    compat_cond_init(&g->c);
    g->reached = g->released = 0;
    g->target = JET_sesidNil;
}

static void gate_destroy(gate *g)
{
    compat_cond_destroy(&g->c);
    compat_mutex_destroy(&g->m);
}

static void gate_hold(gate *g)
{
    compat_mutex_lock(&g->m);
    g->reached = 1;
    compat_cond_broadcast(&g->c);
    while (!g->released) compat_cond_wait(&g->c, &g->m);
    compat_mutex_unlock(&g->m);
}

static void gate_wait_reached(gate *g)
{
    compat_mutex_lock(&g->m);
    while (!g->reached) compat_cond_wait(&g->c, &g->m);
    compat_mutex_unlock(&g->m);
}

static void gate_release(gate *g)
{
    compat_mutex_lock(&g->m);
    g->released = 1;
    compat_cond_broadcast(&g->c);
    compat_mutex_unlock(&g->m);
}

static void on_term_started(void *ctx) { gate_hold(ctx); }

static void on_session_entered(void *ctx, JET_SESID sesid)
{
    gate *g = ctx;
    if (sesid == g->target) gate_hold(g);
}

typedef struct term_job {
    JET_INSTANCE inst;
    JET_ERR r;
} term_job;

static void term_thread(void *arg)
{
    term_job *j = arg;
    j->r = JetTerm(j->inst);
}

static JET_ERR open_one(const char *name, JET_INSTANCE *inst, JET_SESID *s)
{
    JET_ERR err = JetCreateInstanceA(inst, name);
    /* several run at once: without a log, none needs a log folder of its own */
    if (err >= 0) err = JetSetSystemParameterA(inst, 0, JET_paramRecovery, 0, "off");
    if (err >= 0) err = JetInit(inst);
    if (err >= 0) err = JetBeginSessionA(*inst, s, NULL, NULL);
    return err;
}

int eh_term_in_progress(sc_result *o)
{
    gate g;
    JET_INSTANCE a, b;
    JET_SESID sa, sb, d;
    compat_thread *t = NULL;
    term_job j;
    jet_test_hooks h = { on_term_started, NULL, &g };

    /* 1: the only instance is terminating (the process-wide check). */
    if (open_one("eh-term-a", &a, &sa) < 0) return -1;
    gate_init(&g);
    jet_test_set_hooks(&h);
    j.inst = a;
    j.r = 1;
    compat_thread_start(&t, term_thread, &j);
    gate_wait_reached(&g);
    o->r[0] = JetEndSession(sa, 0);
    o->r[1] = JetDupSession(sa, &d);
    o->r[2] = JetBeginSessionA(a, &d, NULL, NULL);
    o->r[3] = JetTerm(a);
    gate_release(&g);
    compat_thread_join(t);
    jet_test_set_hooks(NULL);
    gate_destroy(&g);
    o->r[4] = j.r;
    o->r[5] = JetEndSession(sa, 0);

    /* 2: another instance stays up (the per-instance check). */
    if (open_one("eh-term-b", &b, &sb) < 0) return -1;
    if (open_one("eh-term-a", &a, &sa) < 0) return -1;
    gate_init(&g);
    jet_test_set_hooks(&h);
    j.inst = a;
    j.r = 1;
    compat_thread_start(&t, term_thread, &j);
    gate_wait_reached(&g);
    o->r[6] = JetEndSession(sa, 0);
    o->r[7] = JetEndSession(sb, 0); /* the other instance is not affected */
    gate_release(&g);
    compat_thread_join(t);
    jet_test_set_hooks(NULL);
    gate_destroy(&g);
    o->r[8] = j.r;
    o->r[9] = JetEndSession(sa, 0);
    o->r[10] = JetTerm(b);
    return 0;
}

typedef struct ctx_job {
    JET_SESID s;
    JET_ERR r;
} ctx_job;

static void set_ctx_thread(void *arg)
{
    ctx_job *j = arg;
    j->r = JetSetSessionContext(j->s, 0xABC);
}

int eh_sharing_violation(sc_result *o)
{
    gate g;
    JET_INSTANCE a;
    JET_SESID s, d;
    compat_thread *t = NULL;
    ctx_job j;
    jet_test_hooks h = { NULL, on_session_entered, &g };
    if (open_one("eh-sharing", &a, &s) < 0) return -1;
    gate_init(&g);
    g.target = s;
    jet_test_set_hooks(&h);
    j.s = s;
    j.r = 1;
    compat_thread_start(&t, set_ctx_thread, &j);
    gate_wait_reached(&g);
    g.target = JET_sesidNil; /* only hold the first call */
    o->r[0] = JetEndSession(s, 0);
    o->r[1] = JetDupSession(s, &d);
    o->r[2] = JetResetSessionContext(s);
    gate_release(&g);
    compat_thread_join(t);
    jet_test_set_hooks(NULL);
    gate_destroy(&g);
    o->r[3] = j.r;
    o->r[4] = JetEndSession(s, 0); /* the other thread's context */
    o->r[5] = JetTerm(a);
    return 0;
}

int eh_instance_unavailable(sc_result *o)
{
    JET_INSTANCE a, b;
    JET_SESID s, s2, sb, d;
    if (open_one("eh-unavail", &a, &s) < 0) return -1;
    if (open_one("eh-fine", &b, &sb) < 0) return -1;
    o->r[0] = JetBeginSessionA(a, &s2, NULL, NULL);
    o->r[1] = jet_test_make_unavailable(s, JET_errInstanceUnavailable);
    o->r[2] = JetEndSession(s, 0);
    o->r[3] = JetDupSession(s2, &d);
    o->r[4] = JetBeginSessionA(a, &d, NULL, NULL);
    o->r[5] = JetEndSession(sb, 0);             /* other instances carry on */
    o->r[6] = JetStopServiceInstance(a);
    o->r[7] = JetEndSession(s, 0);              /* stop service is checked first, but EndSession skips it */
    o->r[8] = JetDupSession(s, &d);             /* ... and other calls see the stop first */
    o->r[9] = JetTerm(a);
    o->r[10] = JetTerm(b);
    return 0;
}

int64_t eh_version_store_bytes(uintptr_t instance)
{
    jet_process *p = instance_process();
    jet_instance *inst = NULL;
    int64_t bytes = -1;
    if (p == NULL) return -1;
    /* The process lock keeps the instance (and its version store) alive while we read. */
    compat_rwlock_read_lock(&p->lock);
    if (instance_find(p, (JET_INSTANCE)instance, &inst) >= 0 && inst != NULL && inst->vs != NULL)
        bytes = (int64_t)verstore_bytes(inst->vs);
    compat_rwlock_read_unlock(&p->lock);
    return bytes;
}
