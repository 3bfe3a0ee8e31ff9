/* api_trx.c: JetBeginTransaction(2/3), JetCommitTransaction(2), JetRollback. Entry as
 * ESE's JetBeginTransactionEx / JetCommitTransactionEx / JetRollbackEx (jetapi.cxx):
 * the session's checks first (api_enter_session), then the work in transaction.c.
 * docs/semantics.md ("Transactions") lists the decisions. */
/* coverage: JetBeginTransaction3 partial: the trxid is not recorded in the log (it names transactions by their begin time) */
/* coverage: JetCommitTransaction partial: durable when it returns (unless lazy) with the log on (JET_paramRecovery "on", the default; docs/log-format.md); the session's JET_paramCommitDefault / JET_sesparamCommitDefault adds its lazy bit */
/* coverage: JetCommitTransaction2 partial: as JetCommitTransaction; a lazy commit's cmsecDurableCommit is met by the instance's flusher thread, which then tells JET_paramDurableCommitCallback (docs/log-format.md) */
#include <string.h>

#include "api_enter.h"
#include "transaction.h"

static JET_ERR begin(JET_SESID sesid, JET_GRBIT grbit)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, false, &c));
    err = transaction_begin(c.ses, grbit);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetBeginTransaction(JET_SESID sesid)
{
    return begin(sesid, 0);
}

JET_ERR JET_API JetBeginTransaction2(JET_SESID sesid, JET_GRBIT grbit)
{
    return begin(sesid, grbit);
}

JET_ERR JET_API JetBeginTransaction3(JET_SESID sesid, int64_t trxid, JET_GRBIT grbit)
{
    (void)trxid;
    return begin(sesid, grbit);
}

/* ESE's internal JET_bitCommitRedoCallback and JET_bitRollbackRedoCallback (jethdr.w):
 * accepted (g_grbitCommitFlagsMsk, JetRollbackEx); they matter to recovery only. */
#define COMMIT_REDO_CALLBACK 0x00000020u
#define ROLLBACK_REDO_CALLBACK 0x00000020u

static JET_ERR commit(JET_SESID sesid, JET_GRBIT grbit, uint32_t cmsec_durable, JET_COMMIT_ID *commit_id)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, false, &c));
    err = transaction_commit(c.ses, grbit & ~(JET_GRBIT)COMMIT_REDO_CALLBACK, cmsec_durable, commit_id);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetCommitTransaction(JET_SESID sesid, JET_GRBIT grbit)
{
    return commit(sesid, grbit, 0, NULL);
}

JET_ERR JET_API JetCommitTransaction2(JET_SESID sesid, JET_GRBIT grbit, uint32_t cmsecDurableCommit,
                                      JET_COMMIT_ID *pCommitId)
{
    if (pCommitId != NULL) memset(pCommitId, 0, sizeof *pCommitId);
    return commit(sesid, grbit, cmsecDurableCommit, pCommitId);
}

/* JetRollbackEx: only JET_bitRollbackAll and the redo callback bit are accepted; it
 * enters with fIgnoreStopService, so a rollback works after JetStopService. */
JET_ERR JET_API JetRollback(JET_SESID sesid, JET_GRBIT grbit)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, true, &c));
    if (grbit & ~(JET_GRBIT)(JET_bitRollbackAll | ROLLBACK_REDO_CALLBACK)) err = JET_errInvalidGrbit;
    else err = transaction_rollback(c.ses, (grbit & JET_bitRollbackAll) != 0, false);
    api_leave_session(&c);
done:
    return err;
}

/* ESE's internal JetIdle bits (jethdr.w) */
#define IDLE_COMPACT_ASYNC 0x00000010u
#define IDLE_WAIT_FOR_ASYNC_ACTIVITY 0x00000040u

/* ErrIsamIdle (tm.cxx): the version store's status, or its cleanup (which always answers
 * JET_wrnNoIdleActivity), or what remains of it; then the buffer bits: flushing is
 * refused (JET_errInvalidGrbit) and JET_bitIdleAvailBuffersStatus (0x20) finds the cache
 * never short of buffers. */
JET_ERR JET_API JetIdle(JET_SESID sesid, JET_GRBIT grbit)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, false, &c));
    if (grbit & JET_bitIdleStatus) {
        err = transaction_idle_status(c.ses);
    } else if (grbit == 0 || (grbit & JET_bitIdleCompact)) {
        (void)transaction_idle_cleanup(c.ses);
        err = JET_wrnNoIdleActivity;
    } else if (grbit & IDLE_COMPACT_ASYNC) {
        err = JET_errInvalidGrbit;
    } else if (grbit & IDLE_WAIT_FOR_ASYNC_ACTIVITY) {
        err = transaction_idle_cleanup(c.ses);
    }
    if (err >= 0 && (grbit & JET_bitIdleFlushBuffers)) err = JET_errInvalidGrbit;
    api_leave_session(&c);
done:
    return err;
}
