/* thread_stats.c: the calling thread's counters (see thread_stats.h). */
#include <stdbool.h>
#include <string.h>

#include "thread_stats.h"

static _Thread_local JET_THREADSTATS2 thread_counters;
static _Thread_local bool thread_prereading;

void thread_stats_page_referenced(void)
{
    thread_counters.cPageReferenced++;
}

void thread_stats_page_read(uint64_t ns, bool root)
{
    if (thread_prereading && !root) {
        thread_counters.cPagePreread++;
        return;
    }
    thread_counters.cPageRead++;
    thread_counters.cPageCacheMiss++;
    /* microseconds, rounded up: a miss never counts as no time at all */
    thread_counters.cusecPageCacheMiss += (ns + 999u) / 1000u;
}

void thread_stats_preread_begin(void)
{
    thread_prereading = true;
}

void thread_stats_preread_end(void)
{
    thread_prereading = false;
}

void thread_stats_page_dirtied(bool redirtied)
{
    if (redirtied)
        thread_counters.cPageRedirtied++;
    else
        thread_counters.cPageDirtied++;
}

void thread_stats_log_record(uint32_t cb)
{
    thread_counters.cLogRecord++;
    thread_counters.cbLogRecord += cb;
}

void thread_stats_get(JET_THREADSTATS2 *out)
{
    memcpy(out, &thread_counters, sizeof *out);
    out->cbStruct = 0;
}
