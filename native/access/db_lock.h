/* db_lock.h: the lock of one attached database: calls that read its pages share it,
 * calls that change them hold it alone (ESE keeps page latches instead; this is the
 * coarser equivalent the engine has).
 *
 * Readers do not write a line that readers on other threads write: each adds to one of
 * DB_LOCK_STRIPES counters (chosen by the caller, e.g. by its session's slot, each on
 * its own cache line) and goes on unless a writer is about; then it takes the rwlock
 * shared instead. A writer announces itself, takes the rwlock alone and waits for the
 * counters to drain. Both sides' store and load are sequentially consistent, so a reader
 * either sees the writer and steps aside or is seen and waited for.
 *
 * db_lock_rw gives the rwlock itself to code that must only keep writers out (the log's
 * captures and the snapshot freeze, durability.c): readers do not disturb them. */
#ifndef NATIVE_DB_LOCK_H
#define NATIVE_DB_LOCK_H

#include "common.h"

#include <stdatomic.h>
#include <stdint.h>

#define DB_LOCK_STRIPES 16u

typedef struct db_lock_stripe {
    _Atomic uint32_t readers;
    unsigned char pad[64 - sizeof(uint32_t)]; /* one counter per cache line */
} db_lock_stripe;

typedef struct db_lock {
    compat_rwlock rw;           /* writers; readers while a writer is about */
    _Atomic uint32_t writers;   /* writers waiting for rw or holding it */
    unsigned char pad[64 - sizeof(uint32_t)];
    db_lock_stripe stripes[DB_LOCK_STRIPES];
} db_lock;

/* DB_LOCK_SHARED: what db_lock_read answers when it took the rwlock shared. */
#define DB_LOCK_SHARED UINT32_MAX

JET_ERR db_lock_init(db_lock *l); /* JET_errOutOfMemory */
void db_lock_destroy(db_lock *l);
/* A reader in: who picks the stripe (callers on different threads should differ). The
 * answer is what db_lock_read_done needs. */
uint32_t db_lock_read(db_lock *l, uint32_t who);
void db_lock_read_done(db_lock *l, uint32_t held);
void db_lock_write(db_lock *l);
void db_lock_write_done(db_lock *l);
compat_rwlock *db_lock_rw(db_lock *l);

#endif
