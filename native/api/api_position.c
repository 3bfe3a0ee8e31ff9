/* api_position.c: a cursor's position in its index: JetGetRecordPosition, JetGotoPosition,
 * JetIndexRecordCount, JetIndexRecordCount2, in the order of ESE's JetXxxEx (jetapi.cxx)
 * and ErrIsamGetRecordPosition (stats.cxx), ErrIsamGotoPosition (rec.cxx),
 * ErrIsamIndexRecordCount (dir.cxx); the estimates and the counting are
 * record_position.c's. docs/semantics.md, "More data functions". */
#include "api_enter.h"
#include "cursor_table.h"
#include "record_position.h"
#include "search_key.h"

/* ---- positions ---- */

/* ErrIsamGetRecordPosition (stats.cxx): a JET_RECPOS (or JET_RECPOS2 when the size allows),
 * estimated from the tree as ESE does (record_position.c). */
JET_ERR JET_API JetGetRecordPosition(JET_SESID sesid, JET_TABLEID tableid, JET_RECPOS *precpos, uint32_t cbRecpos)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    uint64_t lt = 0, total = 0;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    /* ErrIsamGetRecordPosition: filters do not apply to positions */
    if (t->filter != NULL) err = JET_errFilteredMoveNotSupported;
    else if (precpos == NULL || cbRecpos < sizeof(JET_RECPOS)) err = JET_errInvalidParameter;
    else err = record_position_of(&t->cur, &lt, &total);
    if (err >= 0 && precpos != NULL) {
        if (cbRecpos >= sizeof(JET_RECPOS2)) {
            JET_RECPOS2 *p2 = (JET_RECPOS2 *)(void *)precpos;
            p2->cbStruct = sizeof *p2;
            p2->centriesLTDeprecated = (uint32_t)lt;
            p2->centriesTotalDeprecated = (uint32_t)total;
            p2->centriesInRangeDeprecated = 1;
            p2->centriesLT = lt;
            p2->centriesTotal = total;
        } else {
            precpos->cbStruct = sizeof *precpos;
            precpos->centriesLT = (uint32_t)lt;
            precpos->centriesTotal = (uint32_t)total;
            precpos->centriesInRange = 1;
        }
    }
    api_leave_session(&c);
done:
    return err;
}

/* What JetGotoPosition drops first (ErrIsamGotoPosition): the prepared update, the index
 * range and the key being made. */
static void position_reset(db_table *t)
{
    cursor_table_cancel_update(t);
    t->on_deleted = false;
    cursor_remove_range(&t->cur);
    search_key_reset(&t->cur);
}

JET_ERR JET_API JetGotoPosition(JET_SESID sesid, JET_TABLEID tableid, JET_RECPOS *precpos)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    uint64_t lt = 0, total = 0;

    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    if (t->filter != NULL) {
        err = JET_errFilteredMoveNotSupported; /* ErrIsamGotoPosition: no fractional moves */
    } else if (precpos == NULL) {
        err = JET_errInvalidParameter;
    } else if (precpos->cbStruct == sizeof(JET_RECPOS)) {
        lt = precpos->centriesLT;
        total = precpos->centriesTotal;
    } else if (precpos->cbStruct == sizeof(JET_RECPOS2)) {
        const JET_RECPOS2 *p2 = (const JET_RECPOS2 *)(const void *)precpos;
        /* the 64-bit counts are used; the 32-bit ones must be 0 */
        if (p2->centriesLTDeprecated != 0 || p2->centriesTotalDeprecated != 0) err = JET_errInvalidParameter;
        lt = p2->centriesLT;
        total = p2->centriesTotal;
    } else {
        err = JET_errInvalidParameter;
    }
    if (err >= 0 && lt > total) err = JET_errInvalidParameter;
    if (err >= 0) {
        position_reset(t);
        err = record_position_goto(&t->cur, lt, total);
    }
    api_leave_session(&c);
done:
    return err;
}

/* ---- counting ---- */

/* ErrIsamIndexRecordCount: the records of the current index, at most crecMax (0: no
 * limit); the cursor's own position is not changed (a second cursor walks the index). */
JET_ERR JET_API JetIndexRecordCount(JET_SESID sesid, JET_TABLEID tableid, uint32_t *pcrec, uint32_t crecMax)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    uint64_t n = 0;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    if (t->filter != NULL) {
        err = JET_errFilteredMoveNotSupported; /* ErrIsamIndexRecordCount */
    } else if (pcrec == NULL) {
        err = JET_errInvalidParameter;
    } else {
        *pcrec = 0;
        err = record_position_count(&t->cur, t->on_deleted, &n, crecMax);
        if (err >= 0 && n > UINT32_MAX) err = JET_errTooManyRecords;
        if (err >= 0) *pcrec = (uint32_t)n;
    }
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetIndexRecordCount2(JET_SESID sesid, JET_TABLEID tableid, uint64_t *pcrec, uint64_t crecMax)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    if (t->filter != NULL) err = JET_errFilteredMoveNotSupported;
    else if (pcrec == NULL) err = JET_errInvalidParameter;
    else err = record_position_count(&t->cur, t->on_deleted, pcrec, crecMax);
    api_leave_session(&c);
done:
    return err;
}
