/* end_session.h: the end of a session (ESE's ErrIsamEndSession, tm.cxx): everything it
 * holds in the layers below given back, in ESE's order: its transaction rolled back at
 * every level, its cursors closed (table cursors, then its sort and temporary tables:
 * ErrIsamSortClose), its databases closed as often as it opened them (ErrDBCloseAllDBs),
 * then its slot freed. docs/architecture.md follows one JetEndSession through it. */
#ifndef NATIVE_END_SESSION_H
#define NATIVE_END_SESSION_H

#include "common.h"
#include "session.h"

/* JetEndSession of a session the caller has entered; grbit is never read (nor is it by
 * ESE). On success the slot is free and the caller is no longer inside the API with it.
 *   JET_errSessionInUse               a session context is set
 *   JET_errSessionSharingViolation    another thread began its transaction (without a
 *                                     context): the session stays, as it was
 *   the rollback's errors (a rollback that cannot be done takes the instance down) */
JET_ERR end_session(jet_session *s, JET_GRBIT grbit);

/* JetTerm, for a session still open: rolled back and closed whatever its state. */
void end_session_at_term(jet_session *s);

#endif
