/* api_compact.c: JetCompactA / JetCompactW (ESE's JetCompactEx, ErrIsamCompact); the work
 * is lifecycle/compact.c's. */
/* coverage: JetCompactA partial: JET_bitCompactStats writes no statistics file; a source with template or derived tables answers JET_errFeatureNotAvailable (the copy does not recreate templates and their derived tables yet) */
/* coverage: JetCompactW partial: as JetCompactA */
#include "api_enter.h"
#include "compact.h"
#include "utf16.h"

static JET_ERR compact(JET_SESID sesid, const char *src, const char *dest, JET_PFNSTATUS pfn, const void *pconvert,
                       JET_GRBIT grbit)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, false, &c));
    /* ErrIsamCompact: the conversion from an old format went with ESE98 */
    if (pconvert != NULL) err = JET_errFeatureNotAvailable;
    else err = compact_database(c.ses, sesid, src, dest, pfn, grbit);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetCompactA(JET_SESID sesid, JET_PCSTR szDatabaseSrc, JET_PCSTR szDatabaseDest, JET_PFNSTATUS pfnStatus,
                            JET_CONVERT_A *pconvert, JET_GRBIT grbit)
{
    return compact(sesid, szDatabaseSrc, szDatabaseDest, pfnStatus, pconvert, grbit);
}

JET_ERR JET_API JetCompactW(JET_SESID sesid, JET_PCWSTR szDatabaseSrc, JET_PCWSTR szDatabaseDest, JET_PFNSTATUS pfnStatus,
                            JET_CONVERT_W *pconvert, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    char *src = NULL, *dest = NULL;
    if (szDatabaseSrc != NULL) CHECK(utf16_to_utf8(szDatabaseSrc, &src));
    if (szDatabaseDest != NULL) CHECK(utf16_to_utf8(szDatabaseDest, &dest));
    err = compact(sesid, src, dest, pfnStatus, pconvert, grbit);
done:
    compat_free(src);
    compat_free(dest);
    return err;
}
