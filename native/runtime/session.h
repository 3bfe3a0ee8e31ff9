/* session.h: the session object (ESE's PIB) and its life cycle inside one
 * instance: begin, end, duplicate, session contexts, and the hooks later layers
 * fill in to roll back transactions and close databases, cursors and temporary
 * tables.
 *
 * Sessions live in a pool the instance allocates whole at JetInit
 * (JET_paramMaxSessions + INSTANCE_INTERNAL_SESSIONS slots, ESE's PIB quota), so
 * beginning a session never allocates: a full pool is JET_errOutOfSessions.
 * Unless stated, functions here take inst->lock themselves.
 * May call: common.h, instance.h, transaction.h (rolling back), database.h (closing
 * databases and cursors); uses the types of verstore.h and catalog.h (catalog_view). */
#ifndef NATIVE_SESSION_H
#define NATIVE_SESSION_H

#include "catalog.h"
#include "common.h"
#include "instance.h"
#include "verstore.h"

#include <stdbool.h>
#include <stdint.h>

/* Reserved context values (pib.hxx: dwPIBSessionContextNull / Unusable). */
#define SESSION_CONTEXT_NULL ((JET_API_PTR)0)
#define SESSION_CONTEXT_UNUSABLE (~(JET_API_PTR)0)

struct jet_session {
    jet_instance *inst;
    uint32_t slot;
    uint32_t serial;
    bool in_use;               /* the pool slot holds a live session */
    bool internal;             /* engine-owned; its handle is never valid in the API */
    uint32_t in_api;           /* calls inside the API with this session (inst->lock) */
    uint64_t api_thread;
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
     * table cursors live in the instance's cursor table */
    uint32_t db_opens[INSTANCE_DATABASES_MAX];
    void *temp_tables;         /* sort/temporary tables (later) */
};

JET_SESID session_handle(const jet_session *s);

/* The live session in slot with this serial, or NULL (internal ones only when
 * allow_internal). Caller holds inst->lock. */
jet_session *session_lookup_locked(jet_instance *inst, uint32_t slot, uint32_t serial, bool allow_internal);

/* Takes a free slot of the pool; JET_errOutOfSessions when none is left,
 * JET_errNotInitialized if the instance has no pool. Never allocates. */
JET_ERR session_begin(jet_instance *inst, bool internal, jet_session **out);

/* Ends a user session the caller has entered (ErrIsamEndSession); on success the
 * slot is free again and the caller is no longer inside the API with it; on
 * failure the session stays usable. */
JET_ERR session_end(jet_session *s, JET_GRBIT grbit);

/* Term: rolls back and closes everything of a session whatever its state; the
 * pool is freed by the caller. */
void session_destroy(jet_session *s);

JET_ERR session_set_context(jet_session *s, JET_API_PTR context);
JET_ERR session_reset_context(jet_session *s);

/* Hooks run by session_end, in this order; each has nothing to do today. */
JET_ERR session_rollback_all(jet_session *s);
JET_ERR session_close_databases(jet_session *s);
JET_ERR session_close_cursors(jet_session *s);

#endif
