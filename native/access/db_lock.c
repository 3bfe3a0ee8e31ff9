/* db_lock.c: a database's lock, readers on striped counters (see db_lock.h). */
#include "db_lock.h"

JET_ERR db_lock_init(db_lock *l)
{
    for (uint32_t i = 0; i < DB_LOCK_STRIPES; i++) atomic_init(&l->stripes[i].readers, 0u);
    atomic_init(&l->writers, 0u);
    return compat_rwlock_init(&l->rw) == COMPAT_OK ? JET_errSuccess : JET_errOutOfMemory;
}

void db_lock_destroy(db_lock *l)
{
    INVARIANT(atomic_load(&l->writers) == 0);
    compat_rwlock_destroy(&l->rw);
}

uint32_t db_lock_read(db_lock *l, uint32_t who)
{
    uint32_t k = who % DB_LOCK_STRIPES;
    atomic_fetch_add(&l->stripes[k].readers, 1u);
    if (atomic_load(&l->writers) == 0) return k;
    /* a writer is about: wait for it behind the rwlock */
    atomic_fetch_sub_explicit(&l->stripes[k].readers, 1u, memory_order_release);
    compat_rwlock_read_lock(&l->rw);
    return DB_LOCK_SHARED;
}

void db_lock_read_done(db_lock *l, uint32_t held)
{
    if (held == DB_LOCK_SHARED) compat_rwlock_read_unlock(&l->rw);
    else atomic_fetch_sub_explicit(&l->stripes[held].readers, 1u, memory_order_release);
}

void db_lock_write(db_lock *l)
{
    atomic_fetch_add(&l->writers, 1u);
    compat_rwlock_write_lock(&l->rw);
    /* the readers that came in before the writer was seen: each is inside one call */
    for (uint32_t i = 0; i < DB_LOCK_STRIPES; i++)
        for (uint32_t spins = 0; atomic_load(&l->stripes[i].readers) != 0; spins++)
            if (spins > 64u) compat_thread_yield();
}

void db_lock_write_done(db_lock *l)
{
    compat_rwlock_write_unlock(&l->rw);
    atomic_fetch_sub(&l->writers, 1u);
}

compat_rwlock *db_lock_rw(db_lock *l)
{
    return &l->rw;
}
