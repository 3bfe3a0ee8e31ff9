/* session.h: the session object (ESE's PIB) inside one instance: its pool, begin,
 * the marks around its end, session contexts. What a session owns in the layers
 * above (transactions, databases, cursors, temporary tables) is given back by
 * lifecycle/end_session.h, which frees the slot with session_free last.
 *
 * Sessions live in a pool the instance allocates whole at JetInit
 * (JET_paramMaxSessions + INSTANCE_INTERNAL_SESSIONS slots, ESE's PIB quota), so
 * beginning a session never allocates: a full pool is JET_errOutOfSessions.
 * Unless stated, functions here take inst->lock themselves. */
#ifndef NATIVE_SESSION_H
#define NATIVE_SESSION_H

#include "catalog.h"
#include "common.h"
#include "instance.h"
#include "session_params.h"
#include "verstore.h"

#include <stdbool.h>
#include <stdint.h>

/* Reserved context values (pib.hxx: dwPIBSessionContextNull / Unusable). */
#define SESSION_CONTEXT_NULL ((JET_API_PTR)0)
#define SESSION_CONTEXT_UNUSABLE (~(JET_API_PTR)0)

struct db_table;

struct jet_session {
    /* Read by api_enter's lock-free entry whatever state the slot is in, so never
     * cleared with the rest by session_begin: */
    COMPAT_ALIGNAS(64) _Atomic uint32_t in_api; /* a call is inside the API with this session: set by a
                                  compare-and-swap from 0 (api_enter.c), cleared by leaving */
    _Atomic uint32_t serial;   /* the live session's serial (written before in_use is set) */
    _Atomic bool in_use;       /* the pool slot holds a live session (set with release) */
    /* the rest is the live session's (session_begin clears it from here) */
    jet_instance *inst;
    uint32_t slot;
    bool internal;             /* engine-owned; its handle is never valid in the API */
    uint64_t api_thread;
    /* the cursor the last table call of this session found (cursor_table.c; only the
     * session's own calls and JetTerm change it) */
    JET_TABLEID cursor_hint_id;
    struct db_table *cursor_hint;
    JET_API_PTR context;       /* JetSetSessionContext value (inst->lock) */
    uint64_t context_thread;
    /* transactions (transaction.c) */
    uint32_t trx_level;
    uint64_t trx_thread;       /* ESE's trx context: the thread (or the session context,
                                  when trx_uses_context) that began the outermost level */
    bool trx_uses_context;
    bool trx_read_only;        /* JET_bitTransactionReadOnly at level 1 */
    version *trx_undo;         /* the uncommitted versions, newest first (verstore.h) */
    ver_actor actor;           /* what the version store knows the session by */
    catalog_view view;         /* ... and the catalog: the session and its snapshot */
    struct trx_ddl *trx_ddl;   /* DDL of the open transaction, newest first (transaction.c) */
    /* JetOpenDatabase counts per attached slot (database.c; inst->lock); the session's
     * table cursors and temporary tables live in the instance's cursor table */
    uint32_t db_opens[INSTANCE_DATABASES_MAX];
    session_params params;     /* JetSetSessionParameter's values (session_params.h) */
};

JET_SESID session_handle(const jet_session *s);

/* The live session in slot with this serial, or NULL (internal ones only when
 * allow_internal). Caller holds inst->lock. */
jet_session *session_lookup_locked(jet_instance *inst, uint32_t slot, uint32_t serial, bool allow_internal);

/* JetTerm's wait (inst->lock held, the instance marked terminating) until no call is
 * inside the API: instance-level calls (calls_in_api) and every session's in_api. */
void session_wait_idle_locked(jet_instance *inst);

/* Takes a free slot of the pool; JET_errOutOfSessions when none is left,
 * JET_errNotInitialized if the instance has no pool. Never allocates. */
JET_ERR session_begin(jet_instance *inst, bool internal, jet_session **out);

/* The pool of inst (inst->lock held): made by JetInit with cap slots
 * (JET_errOutOfMemory), the process slot's own reused when it is large enough; whether
 * a session of it is inside a transaction (JetTerm's JET_errTooManyActiveUsers); taken
 * away from the instance by JetTerm (*cap: its slots), the process slot keeping it. */
struct session_pool {
    session_pool *retired_next; /* jet_process.retired */
    void *block;                /* the allocation (the sessions are aligned in it) */
    uint32_t cap;               /* sessions allocated (>= the instance's session_cap) */
    jet_session *sessions;      /* cap sessions, each on its own cache lines */
};
JET_ERR session_pool_create_locked(jet_instance *inst, uint32_t cap);
bool session_pool_in_transaction_locked(const jet_instance *inst);
jet_session *session_pool_take_locked(jet_instance *inst, uint32_t *cap);

/* JetEndSession of a session the caller has entered: marks it ending, which a session
 * context in force refuses (JET_errSessionInUse); session_unmark_ending when the end
 * fails (the session stays usable); session_free when it is done: the slot is free and
 * the caller no longer inside the API with it. */
JET_ERR session_mark_ending(jet_session *s);
void session_unmark_ending(jet_session *s);
void session_free(jet_session *s);

JET_ERR session_set_context(jet_session *s, JET_API_PTR context);
JET_ERR session_reset_context(jet_session *s);

#endif
