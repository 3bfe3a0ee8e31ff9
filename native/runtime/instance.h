/* instance.h: the process-wide instance table (the only process-wide mutable state
 * of the engine) and the instance object: its life cycle (create, init, term,
 * stop service), its parameters and its session table.
 *
 * Locking: process.lock (rwlock) guards the run mode, the slot table and the
 * global parameters; readers look instances up, writers create and free them.
 * inst->lock (mutex) guards the instance state and its session table. Order:
 * process.lock before inst->lock. An instance is freed only by JetTerm after every
 * call that entered it has left (inst->cond is signalled when one leaves). */
#ifndef NATIVE_INSTANCE_H
#define NATIVE_INSTANCE_H

#include "common.h"
#include "handle.h"
#include "sysparam.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct jet_session jet_session;

/* ESE keeps this many sessions for its own use on top of JET_paramMaxSessions
 * (daeconst.hxx, cpibSystem = 5 + cpibSystemFudge). */
#define INSTANCE_INTERNAL_SESSIONS 69u
/* User databases one instance can attach (daeconst.hxx: dbidMax 7, the temporary
 * database being the seventh). */
#define INSTANCE_DATABASES_MAX 6u

/* What the layers above keep per instance (each under inst->lock). */
struct database_set;  /* access/database.c: attached databases and the cache */
struct cursor_table;  /* access/cursor_table.c: the table cursors of every session */
struct temp_store;    /* access/temp_table.c: temporary tables */
struct durability;    /* access/durability.c: the log and the databases it covers */
struct backup_state;  /* lifecycle/backup.c: an external backup under way */

typedef enum run_mode { RUN_MODE_NONE = 0, RUN_MODE_ONE, RUN_MODE_MULTI } run_mode;

typedef struct jet_instance {
    compat_mutex lock;
    compat_cond cond;          /* signalled when an instance-level call leaves the instance */
    uint32_t slot;
    uint32_t serial;
    uint16_t *name;            /* UTF-16, NULL for an unnamed instance */
    uint16_t *display_name;
    bool initialized;          /* JetInit succeeded, JetTerm not yet done */
    bool term_in_progress;
    bool stop_service;         /* JetStopService(Instance) with "all" */
    JET_GRBIT stop_grbit;      /* the partial stop bits in force */
    JET_ERR unavailable_err;   /* nonzero after a fatal failure */
    uint32_t calls_in_api;     /* instance-level calls inside the API */
    jet_session *sessions;     /* the session pool, allocated whole by JetInit */
    uint32_t session_cap;
    uint32_t session_count;
    uint32_t session_hint;     /* where to look for a free slot first */
    uint32_t session_serial;   /* last session serial handed out (kept in the slot across instances) */
    sysparam_values params;
    struct database_set *dbs;  /* NULL until the first attach */
    struct cursor_table *cursors; /* NULL until the first cursor */
    struct temp_store *temp;   /* NULL until the first temporary table */
    struct verstore *vs;       /* the version store, from JetInit to JetTerm */
    struct durability *dur;    /* the log, from JetInit to JetTerm; NULL without one */
    uint32_t trx_active;       /* sessions inside a transaction (inst->lock) */
    struct backup_state *backup; /* NULL until the first backup; freed by JetTerm */
    bool restoring;            /* JetRestoreInstance runs on it (inst->lock) */
    _Atomic uint64_t snapshot; /* the JET_OSSNAPID of the snapshot it takes part in, 0: none
                                  (written by lifecycle/snapshot.c under its lock) */
} jet_instance;

typedef struct jet_test_hooks {
    void (*term_started)(void *ctx);      /* JetTerm marked the instance terminating */
    void (*session_entered)(void *ctx, JET_SESID sesid); /* a session call passed the entry checks */
    void *ctx;
} jet_test_hooks;

/* A session pool (session.c): the sessions of one instance, kept by its process slot
 * for as long as the process runs and handed to the next instance of the slot (a
 * larger one replaces it, and the old one is kept on the process's retired list), so
 * that api_enter's lock-free entry may read a session of it whatever JetTerm does. */
typedef struct session_pool session_pool;

/* instance_slot.gate: what api_enter's lock-free entry needs to know of the instance
 * (set by instance_gate_update_locked under inst->lock; read without a lock). Entry
 * without a lock needs exactly INSTANCE_GATE_LIVE (or LIVE | STOPPED for the calls that
 * ignore a stop); any other value goes through the checks under the locks. */
#define INSTANCE_GATE_LIVE 1u        /* initialised, sessions exist, no term under way */
#define INSTANCE_GATE_STOPPED 2u     /* JetStopService(Instance) with "all" */
#define INSTANCE_GATE_UNAVAILABLE 4u /* a fatal failure */

typedef struct instance_slot {
    jet_instance *inst;
    uint32_t serial;         /* serial of the instance living here (or last lived) */
    uint32_t session_serial; /* last session serial handed out in this slot, kept across instances */
    session_pool *_Atomic pool; /* the slot's session pool, NULL until its first JetInit */
    _Atomic uint32_t gate;      /* INSTANCE_GATE_* of the instance living here, 0: none */
} instance_slot;

typedef struct jet_process {
    compat_rwlock lock;
    JET_ERR init_err;
    run_mode mode;
    _Atomic uint32_t instances_alive;    /* instances created and not yet freed */
    _Atomic uint32_t terms_in_progress;
    uint32_t max_slots;                  /* from JET_paramMaxInstances / 1 in one-instance mode */
    sysparam_values globals;
    jet_test_hooks hooks;
    _Atomic bool hooks_on;               /* a hook is installed: entries take the locks */
    session_pool *retired;               /* pools replaced by larger ones (never freed) */
    instance_slot slots[HANDLE_OWNER_LIMIT];
} jet_process;

/* The process state, initialised on first use; NULL if that failed. */
jet_process *instance_process(void);
/* A system parameter as the instance sees it: process-wide ones from the process (set
 * with or without an instance handle), the others from the instance. Takes the process
 * lock: the caller must not hold inst->lock. */
JET_ERR instance_param(jet_instance *inst, uint32_t id, JET_API_PTR *out);

JET_INSTANCE instance_handle(const jet_instance *inst);
/* Looks an instance up the way ESE's ErrFindPinst does (one-instance mode ignores the
 * value; JET_errInvalidParameter otherwise). Caller holds process.lock (read or write). */
JET_ERR instance_find(jet_process *p, JET_INSTANCE handle, jet_instance **out);
/* ESENT's handle validation (JET_VALIDATE_INSTANCE, on in Windows' esent.dll): a
 * value other than 0 and JET_instanceNil that is not a live instance is
 * JET_errInvalidInstance, in either mode. Caller holds process.lock. */
JET_ERR instance_validate(jet_process *p, JET_INSTANCE handle);

/* Creation and freeing; caller holds process.lock as writer. */
JET_ERR instance_new(jet_process *p, const uint16_t *name, const uint16_t *display, jet_instance **out);
void instance_free_locked(jet_process *p, jet_instance *inst);

/* JetInit's first step on a created instance (inst->lock held): JET_errAlreadyInitialized,
 * the paths resolved, *session_cap the slots its session pool needs. The rest reaches
 * the layers above: lifecycle/init_instance.h. */
JET_ERR instance_init_locked(jet_instance *inst, uint32_t *session_cap);
/* JetTerm's steps on an instance the caller marked terminating (the rest, between them,
 * is lifecycle/term_instance.h's): the test hook told; the wait until no call is inside
 * the API is session_wait_idle_locked (session.h); a term refused (inst->lock held) leaves the instance
 * running; a term done frees it (takes process.lock). */
void instance_term_started(jet_process *p);
void instance_term_cancel_locked(jet_process *p, jet_instance *inst);
void instance_term_finish(jet_process *p, jet_instance *inst);

/* Publishes the instance's state to its slot's gate (caller holds inst->lock), after
 * any change of initialized, term_in_progress, stop_service, unavailable_err or the
 * session pool. */
void instance_gate_update_locked(jet_instance *inst);

/* Fatal failure err (INST::SetInstanceUnavailable): every later call on the instance
 * fails with instance_unavailable_code. */
void instance_set_unavailable(jet_instance *inst, JET_ERR err);
/* INST::ErrInstanceUnavailableErrorCode: JET_errInstanceUnavailableDueToFatalLogDiskFull
 * when the failure was JET_errLogDiskFull, else JET_errInstanceUnavailable. Caller holds
 * inst->lock and has seen unavailable_err < 0. */
JET_ERR instance_unavailable_code(const jet_instance *inst);

/* Test-only: install hooks (NULL to remove). Engine-internal, not exported. */
void jet_test_set_hooks(const jet_test_hooks *hooks);
/* Test-only: mark the instance of a session unavailable as a fatal failure would. */
JET_ERR jet_test_make_unavailable(JET_SESID sesid, JET_ERR err);

#endif
