/* api_stats.c: JetSetTableSequential, JetResetTableSequential and JetComputeStats, in the
 * order of ESE's JetXxxEx (jetapi.cxx) and ErrIsamSetSequential / ErrIsamResetSequential
 * (fileopen.cxx), ErrIsamComputeStats (stats.cxx); the statistics are table_stats.c's.
 * docs/semantics.md, "More data functions", lists the decisions. */
/* coverage: JetSetTableSequential partial: the hint is accepted but no read-ahead happens (pages are read on demand; JetPrereadIndexRanges reads ahead) */
/* coverage: JetResetTableSequential partial: as JetSetTableSequential */
#include "api_enter.h"
#include "cursor_table.h"
#include "database.h"
#include "table_stats.h"

/* ---- JetSetTableSequential / JetResetTableSequential ---- */

/* ErrIsamSetSequential / ErrIsamResetSequential check nothing but the cursor (no grbit
 * check: JET_bitPrereadForward/Backward only choose the read-ahead direction). The hint
 * changes no result, so nothing is kept: every read here is on demand. */
static JET_ERR sequential(JET_SESID sesid, JET_TABLEID tableid)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetSetTableSequential(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit)
{
    (void)grbit;
    return sequential(sesid, tableid);
}

JET_ERR JET_API JetResetTableSequential(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit)
{
    (void)grbit;
    return sequential(sesid, tableid);
}

/* ---- JetComputeStats ---- */

/* ErrIsamComputeStats: the clustered index's statistics go to the table's row, each
 * secondary index's to its own row (ErrSTATSComputeIndexStats, ErrCATStats). */
JET_ERR JET_API JetComputeStats(JET_SESID sesid, JET_TABLEID tableid)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    database_writer w;

    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    api_table_exclusive(&c);
    err = database_writer_of(c.ses, t->idb, &w);
    if (err >= 0) err = table_stats_compute(w.c, w.ifile, w.space, t->def);
    api_leave_session(&c);
done:
    return err;
}
