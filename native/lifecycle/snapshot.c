/* snapshot.c: snapshot sessions (see snapshot.h). */
#include "snapshot.h"

#include <stdatomic.h>
#include <string.h>

#include "backup.h"
#include "durability.h"

typedef enum snap_state {
    SNAP_PREPARED = 0,
    SNAP_FROZEN,
    SNAP_THAWED,     /* ESE's stateAllowLogTruncate */
    SNAP_TIMED_OUT,
    SNAP_TRUNCATED
} snap_state;

typedef struct snap_member {
    jet_instance *inst;
    uint32_t gen_delete;  /* what the freeze left for a truncate (m_lgenDeleteMac), 0: nothing */
    bool frozen;          /* durability_freeze done, not yet thawed */
    bool backup;          /* backup_snapshot_begin done, not yet ended */
} snap_member;

typedef struct snap_session {
    JET_OSSNAPID id;
    snap_state state;
    bool incremental, copy, continue_after_thaw;
    snap_member *m;
    uint32_t n, cap;
    struct snap_session *next;
} snap_session;

static compat_once g_once;
static compat_mutex g_lock;
static bool g_ready;
static snap_session *g_sessions;  /* under g_lock */
static JET_OSSNAPID g_last_id;    /* ESE's g_idSnapshot: ids count from 1 */

static void init_once(void)
{
    g_ready = compat_mutex_init(&g_lock) == COMPAT_OK;
}

/* The table's lock; false (JET_errOutOfMemory) when it could not be made. */
static bool lock_table(void)
{
    compat_once_run(&g_once, init_once);
    if (!g_ready) return false;
    compat_mutex_lock(&g_lock);
    return true;
}

static void unlock_table(void)
{
    compat_mutex_unlock(&g_lock);
}

/* ErrGetSessionByID (g_lock held). */
static JET_ERR session_find(JET_OSSNAPID id, snap_session **out)
{
    for (snap_session *s = g_sessions; s != NULL; s = s->next) {
        if (s->id == id) {
            *out = s;
            return JET_errSuccess;
        }
    }
    return JET_errOSSnapshotInvalidSnapId;
}

static JET_ERR member_add(snap_session *s, jet_instance *inst)
{
    if (s->n == s->cap) {
        uint32_t cap = s->cap ? s->cap * 2u : 4u;
        snap_member *m = compat_realloc(s->m, cap * sizeof *m);
        if (m == NULL) return JET_errOutOfMemory;
        s->m = m;
        s->cap = cap;
    }
    memset(&s->m[s->n], 0, sizeof s->m[s->n]);
    s->m[s->n++].inst = inst;
    atomic_store(&inst->snapshot, (uint64_t)s->id);
    return JET_errSuccess;
}

/* The member's writes go on and its backup mark goes (ThawInstance, ResetBackupInProgress);
 * true when its freeze had outlasted the timeout. */
static bool member_release(snap_member *m, bool end_backup)
{
    bool timed_out = false;
    if (m->frozen) timed_out = durability_thaw(m->inst);
    m->frozen = false;
    if (end_backup && m->backup) backup_snapshot_end(m->inst);
    if (end_backup) m->backup = false;
    return timed_out;
}

/* RemoveSession (g_lock held): every member released and out of it. */
static void session_remove(snap_session *s)
{
    for (uint32_t i = 0; i < s->n; i++) {
        (void)member_release(&s->m[i], true);
        atomic_store(&s->m[i].inst->snapshot, 0);
    }
    for (snap_session **pp = &g_sessions; *pp != NULL; pp = &(*pp)->next) {
        if (*pp == s) {
            *pp = s->next;
            break;
        }
    }
    compat_free(s->m);
    compat_free(s);
}

/* An instance a snapshot may take: initialised, not terminating, keeping a log. */
static bool instance_takes_part(jet_instance *inst)
{
    bool ok;
    compat_mutex_lock(&inst->lock);
    ok = inst->initialized && !inst->term_in_progress && inst->unavailable_err == JET_errSuccess;
    compat_mutex_unlock(&inst->lock);
    return ok && durability_on(inst);
}

JET_ERR snapshot_prepare(jet_process *p, JET_GRBIT grbit, JET_OSSNAPID *id)
{
    JET_ERR err = JET_errSuccess;
    snap_session *s = NULL;
    bool locked = false, any = false;
    const JET_GRBIT known = JET_bitIncrementalSnapshot | JET_bitCopySnapshot | JET_bitContinueAfterThaw |
                            JET_bitExplicitPrepare;

    if (grbit & ~known) return JET_errInvalidGrbit;
    if (id == NULL) return JET_errInvalidParameter;
    if (!lock_table()) return JET_errOutOfMemory;
    locked = true;
    s = compat_calloc(1, sizeof *s);
    if (s == NULL) FAIL(JET_errOutOfMemory);
    s->incremental = (grbit & JET_bitIncrementalSnapshot) != 0;
    s->copy = (grbit & JET_bitCopySnapshot) != 0;
    s->continue_after_thaw = (grbit & JET_bitContinueAfterThaw) != 0;
    s->state = SNAP_PREPARED;
    s->id = ++g_last_id;
    s->next = g_sessions;
    g_sessions = s;
    /* SetFreezeInstances: without JET_bitExplicitPrepare every instance running now that
     * no other snapshot has (g_fSystemInit: at least one must run) */
    compat_rwlock_read_lock(&p->lock);
    for (uint32_t i = 0; i < HANDLE_OWNER_LIMIT && i < p->max_slots && err >= 0; i++) {
        jet_instance *inst = p->slots[i].inst;
        bool running;
        if (inst == NULL) continue;
        compat_mutex_lock(&inst->lock);
        running = inst->initialized && !inst->term_in_progress;
        compat_mutex_unlock(&inst->lock);
        any = any || running;
        if (!(grbit & JET_bitExplicitPrepare) && atomic_load(&inst->snapshot) == 0 && instance_takes_part(inst))
            err = member_add(s, inst);
    }
    compat_rwlock_read_unlock(&p->lock);
    if (err >= 0 && !any) err = JET_errNotInitialized;
    if (err < 0) goto done;
    *id = s->id;
    s = NULL;
done:
    if (s != NULL && err < 0) session_remove(s);
    if (locked) unlock_table();
    return err;
}

JET_ERR snapshot_prepare_instance(JET_OSSNAPID id, jet_instance *inst, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    snap_session *s = NULL;
    if (grbit != 0) return JET_errInvalidGrbit;
    if (!lock_table()) return JET_errOutOfMemory;
    CHECK(session_find(id, &s));
    /* instances join just before the freeze */
    if (s->state != SNAP_PREPARED) FAIL(JET_errOSSnapshotInvalidSequence);
    if (atomic_load(&inst->snapshot) != 0 || backup_snapshot_on(inst) || !instance_takes_part(inst))
        FAIL(JET_errOSSnapshotNotAllowed);
    CHECK(member_add(s, inst));
done:
    unlock_table();
    return err;
}

/* Every member released, from the last back (g_lock held); the session prepared again. */
static void freeze_undo(snap_session *s)
{
    for (uint32_t i = s->n; i-- > 0;) (void)member_release(&s->m[i], true);
}

JET_ERR snapshot_freeze(JET_OSSNAPID id, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    snap_session *s = NULL;
    uint32_t i;
    if (grbit != 0) return JET_errInvalidGrbit;
    if (!lock_table()) return JET_errOutOfMemory;
    CHECK(session_find(id, &s));
    if (s->state != SNAP_PREPARED) FAIL(JET_errOSSnapshotInvalidSequence);
    /* SetBackupInProgress: every member counts as under backup first */
    for (i = 0; i < s->n; i++) {
        err = backup_snapshot_begin(s->m[i].inst);
        if (err < 0) break;
        s->m[i].backup = true;
    }
    /* ErrFreezeInstance, ErrFreezeDatabase */
    for (i = 0; i < s->n && err >= 0; i++) {
        JET_API_PTR timeout = 0;
        err = instance_param(s->m[i].inst, JET_paramOSSnapshotTimeout, &timeout);
        if (err >= 0) err = durability_freeze(s->m[i].inst, (uint32_t)timeout, &s->m[i].gen_delete);
        if (err >= 0) s->m[i].frozen = true;
    }
    if (err < 0) {
        freeze_undo(s);
        goto done;
    }
    s->state = SNAP_FROZEN;
done:
    unlock_table();
    return err;
}

/* ErrIsamOSSnapshotEnd's work (g_lock held): abort or normal end from a state that allows
 * it; the session is gone after. */
static JET_ERR end_locked(snap_session *s, bool abort_);

/* ErrIsamOSSnapshotThaw's work (g_lock held, s frozen or timed out). */
static JET_ERR thaw_locked(snap_session *s)
{
    JET_ERR err = JET_errSuccess;
    bool timed_out = s->state == SNAP_TIMED_OUT;
    for (uint32_t i = 0; i < s->n; i++)
        if (member_release(&s->m[i], false)) timed_out = true;
    if (timed_out) {
        /* Thaw(fTimeOut): the backup marks go at once, no truncate, no normal end */
        for (uint32_t i = 0; i < s->n; i++) (void)member_release(&s->m[i], true);
        s->state = SNAP_TIMED_OUT;
        err = JET_errOSSnapshotTimeOut;
    } else {
        s->state = SNAP_THAWED;
    }
    /* a normal end from thawed, an abort from timed out: neither can fail */
    if (!s->continue_after_thaw) CANNOT_FAIL(end_locked(s, err < 0));
    return err;
}

JET_ERR snapshot_thaw(JET_OSSNAPID id, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    snap_session *s = NULL;
    if (grbit != 0) return JET_errInvalidGrbit;
    if (!lock_table()) return JET_errOutOfMemory;
    CHECK(session_find(id, &s));
    if (s->state != SNAP_FROZEN && s->state != SNAP_TIMED_OUT) FAIL(JET_errOSSnapshotInvalidSequence);
    err = thaw_locked(s);
done:
    unlock_table();
    return err;
}

JET_ERR snapshot_truncate_log(JET_OSSNAPID id, jet_instance *inst, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    snap_session *s = NULL;
    bool found = false;
    if (grbit & ~(JET_GRBIT)JET_bitAllDatabasesSnapshot) return JET_errInvalidGrbit;
    if (!lock_table()) return JET_errOutOfMemory;
    CHECK(session_find(id, &s));
    if (s->state != SNAP_THAWED && s->state != SNAP_TRUNCATED) FAIL(JET_errOSSnapshotInvalidSequence);
    if (s->copy) FAIL(JET_errOSSnapshotInvalidSequence); /* a copy snapshot keeps the logs */
    /* ErrTruncateLogs: each member's own truncate, the first failure reported */
    for (uint32_t i = 0; i < s->n; i++) {
        snap_member *m = &s->m[i];
        JET_API_PTR circular = 0;
        JET_ERR e = JET_errSuccess;
        if (inst != NULL && m->inst != inst) continue;
        found = true;
        /* ErrBKOSSnapshotTruncateLog: only with every database in the snapshot, and not
         * with circular logging (the log deletes its own generations then) */
        if (m->gen_delete != 0 && (grbit & JET_bitAllDatabasesSnapshot)) {
            e = instance_param(m->inst, JET_paramCircularLog, &circular);
            if (e >= 0 && !circular) e = backup_snapshot_truncate(m->inst, m->gen_delete);
        }
        m->gen_delete = 0;
        if (err >= 0 && e < 0) err = e;
    }
    /* ESE answers an undefined -1 for an instance outside the session */
    if (inst != NULL && !found) FAIL(JET_errInvalidParameter);
    if (err < 0) goto done;
    s->state = SNAP_TRUNCATED;
done:
    unlock_table();
    return err;
}

JET_ERR snapshot_check_info(JET_OSSNAPID id, JET_GRBIT grbit)
{
    JET_ERR err;
    snap_session *s = NULL;
    if (grbit != 0) return JET_errInvalidGrbit;
    if (!lock_table()) return JET_errOutOfMemory;
    err = session_find(id, &s);
    unlock_table();
    return err;
}

static JET_ERR end_locked(snap_session *s, bool abort_)
{
    if (abort_) {
        if (s->state == SNAP_FROZEN) {
            /* the freeze thawed first; without JET_bitContinueAfterThaw that ends it */
            bool cont = s->continue_after_thaw;
            JET_ERR err = thaw_locked(s);
            if (!cont) return err;
        }
    } else if (s->state != SNAP_PREPARED && s->state != SNAP_THAWED && s->state != SNAP_TRUNCATED) {
        return JET_errOSSnapshotInvalidSequence;
    }
    /* SaveSnapshotInfo would stamp the database headers here (not done: snapshot.h) */
    session_remove(s);
    return JET_errSuccess;
}

JET_ERR snapshot_end(JET_OSSNAPID id, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    snap_session *s = NULL;
    if (grbit & ~(JET_GRBIT)JET_bitAbortSnapshot) return JET_errInvalidGrbit;
    if (!lock_table()) return JET_errOutOfMemory;
    CHECK(session_find(id, &s));
    err = end_locked(s, (grbit & JET_bitAbortSnapshot) != 0);
done:
    unlock_table();
    return err;
}

bool snapshot_member(const jet_instance *inst, JET_OSSNAPID id)
{
    return id != 0 && atomic_load(&inst->snapshot) == (uint64_t)id;
}

void snapshot_instance_term(jet_instance *inst)
{
    snap_session *s = NULL;
    JET_OSSNAPID id;
    /* read under the table's lock: a prepare that saw the instance running adds it
     * before this runs */
    if (!lock_table()) return;
    id = (JET_OSSNAPID)atomic_load(&inst->snapshot);
    if (id != 0 && session_find(id, &s) >= 0) {
        for (uint32_t i = 0; i < s->n; i++) {
            if (s->m[i].inst != inst) continue;
            (void)member_release(&s->m[i], true);
            s->m[i] = s->m[--s->n];
            break;
        }
    }
    atomic_store(&inst->snapshot, 0);
    unlock_table();
}
