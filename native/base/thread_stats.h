/* thread_stats.h: the calling thread's counters of database work, what JetGetThreadStats
 * reports (ESE keeps them in the thread's TLS, TLS::threadstats): pages referenced, read
 * from the file, preread, dirtied and dirtied again, the changes a log records, and the
 * time spent on cache misses. Each thread counts its own; nothing is shared, so no lock.
 * The counters only grow (32-bit ones wrap, as ESE's do). */
#ifndef NATIVE_THREAD_STATS_H
#define NATIVE_THREAD_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "esent.h"

/* A page was pinned (a cache hit or a miss). */
void thread_stats_page_referenced(void);
/* A page was read from its file on a cache miss that took ns nanoseconds. root: the page
 * is a tree's root. Between thread_stats_preread_begin and _end a page other than a root
 * counts as preread (cPagePreread): ESE reads the root of the tree it prereads in the
 * ordinary way and prereads the pages below it (ErrPrereadBookmarkRanges). */
void thread_stats_page_read(uint64_t ns, bool root);
/* Between preread_begin and preread_end the pages this thread reads from files on cache
 * misses count as preread (JetPrereadKeys, JetPrereadIndexRanges), not as read. */
void thread_stats_preread_begin(void);
void thread_stats_preread_end(void);
/* A clean page became dirty (redirtied: a dirty page was changed again). */
void thread_stats_page_dirtied(bool redirtied);
/* One change of a B+-tree node (insert, replace, delete) of cb bytes: what ESE writes one
 * log record for. */
void thread_stats_log_record(uint32_t cb);
/* The counters so far, as JET_THREADSTATS2 (cbStruct left 0). */
void thread_stats_get(JET_THREADSTATS2 *out);

#endif
