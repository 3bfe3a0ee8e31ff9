/* api_thread_stats.c: JetGetThreadStats, the calling thread's counters (base/thread_stats.c),
 * as ESE's JetGetThreadStatsEx (jetapi.cxx) hands out TLS::threadstats. */
/* coverage: JetGetThreadStats implemented */
#include <string.h>

#include "thread_stats.h"

/* JetGetThreadStatsEx: a buffer smaller than JET_THREADSTATS is JET_errBufferTooSmall;
 * otherwise as much of JET_THREADSTATS2 as fits is copied and cbStruct says how much
 * (a JET_THREADSTATS3 gets the JET_THREADSTATS2 part: its long-value counters are not
 * kept). cLogRecord/cbLogRecord count the B+-tree node changes the thread made, one per
 * insert, replace or delete, which is what ESE logs a record for. A null buffer is
 * JET_errInvalidParameter (ESE would fault). */
JET_ERR JET_API JetGetThreadStats(void *pvResult, uint32_t cbMax)
{
    JET_THREADSTATS2 now;
    uint32_t cb = cbMax < (uint32_t)sizeof now ? cbMax : (uint32_t)sizeof now;
    if (pvResult == NULL) return JET_errInvalidParameter;
    if (cbMax < sizeof(JET_THREADSTATS)) return JET_errBufferTooSmall;
    thread_stats_get(&now);
    now.cbStruct = cb;
    memcpy(pvResult, &now, cb);
    return JET_errSuccess;
}
