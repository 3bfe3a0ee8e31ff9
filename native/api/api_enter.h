/* api_enter.h: the one place where API entry points check their handle and the
 * state of its instance before doing any work, and mark themselves inside the API
 * so that JetTerm waits for them. Session-level calls follow ESE's
 * APICALL_SESID::FEnter, instance-level calls APICALL_INST::FEnter (jetapi.cxx).
 * Usage: api_call c; CHECK(api_enter_session(sesid, false, &c)); ... work ...;
 *        api_leave_session(&c). */
#ifndef NATIVE_API_ENTER_H
#define NATIVE_API_ENTER_H

#include "common.h"
#include "instance.h"
#include "session.h"

struct db_table;

typedef struct api_call {
    jet_process *p;
    jet_instance *inst;
    jet_session *ses;
    struct db_lock *db_lock;  /* the table's database, held by api_enter_table */
    uint32_t db_held;         /* shared: what db_lock_read answered */
    bool db_exclusive;
    struct db_table *table;   /* the cursor api_enter_table found */
} api_call;

/* Session-level entry. Checks, in order: the handle names a live session
 * (JET_errInvalidSesid; ESENT's JET_VALIDATE_SESID runs before anything else),
 * every instance of the process terminating (JET_errTermInProgress), JetStopService
 * unless ignore_stop (JET_errClientRequestToStopJetService), a fatal failure
 * (JET_errInstanceUnavailable...: instance_unavailable_code), term in progress (JET_errTermInProgress), an internal session
 * (JET_errInvalidSesid), another call with this session
 * (JET_errSessionSharingViolation). */
JET_ERR api_enter_session(JET_SESID sesid, bool ignore_stop, api_call *c);
void api_leave_session(api_call *c);
/* After session_end: on success the session is gone and nothing is left to undo. */
void api_leave_end_session(api_call *c, JET_ERR err);

/* Session-level entry of a call on a table cursor: api_enter_session's checks, then
 * the handle (ESE's JET_VALIDATE_SESID_TABLEID): JET_errInvalidTableId unless it is a
 * live cursor of the instance, JET_errSesidTableIdMismatch when another session owns
 * it. Leave with api_leave_session. */
JET_ERR api_enter_table(JET_SESID sesid, JET_TABLEID tableid, bool ignore_stop, api_call *c, struct db_table **out);

/* A database-level call (JET_DBID) that reads the database's pages or catalog: its
 * lock is held shared until api_leave_session, as api_enter_table does for cursors.
 * idb: the attached slot of a database the session has open (database_check_open). */
void api_hold_database(api_call *c, uint32_t idb);

/* A table call that changes the database: its lock becomes exclusive (the cursor
 * re-seeks afterwards if a writer changed its page meanwhile). */
void api_table_exclusive(api_call *c);

/* Instance-level entry for an initialised instance (APICALL_INST::FEnter): with
 * validate, ESENT's JET_VALIDATE_INSTANCE first (JET_errInvalidInstance), then
 * ErrFindPinst (JET_errInvalidParameter), stop service, fatal failure, term in
 * progress, not initialised. */
JET_ERR api_enter_instance(JET_INSTANCE instance, bool validate, api_call *c);
void api_leave_instance(api_call *c);

#endif
