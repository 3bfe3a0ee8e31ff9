/* end_session.c: the end of a session (see end_session.h). */
#include "end_session.h"

#include "cursor_table.h"
#include "database.h"
#include "temp_table.h"
#include "transaction.h"

/* What the session holds above the runtime layer, given back; nothing here can fail. */
static void close_everything(jet_session *s)
{
    cursor_table_close_session(s);
    temp_table_session_end(s);
    database_close_session(s);
}

JET_ERR end_session(jet_session *s, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    (void)grbit;
    CHECK(session_mark_ending(s));
    if (s->trx_level > 0) {
        /* PrepareTrxContextForEnd, then ErrIsamRollback(JET_bitRollbackAll) */
        if (s->trx_uses_context) s->trx_thread = (uint64_t)s->context;
        err = transaction_rollback(s, true, false);
        if (err < 0) {
            session_unmark_ending(s);
            goto done;
        }
    }
    close_everything(s);
    session_free(s);
done:
    return err;
}

void end_session_at_term(jet_session *s)
{
    /* Nothing can reach the session any more and JetTerm goes on whatever happens: a
     * rollback that fails has taken the instance down, which JetTerm ends anyway. */
    if (s->trx_level > 0) (void)transaction_rollback(s, true, true);
    close_everything(s);
    session_params_release(&s->params);
    s->in_use = false;
}
