/* cursor_table.c: the table cursors of an instance and the table locks they take (see
 * cursor_table.h). Follows ESE's ErrFILEOpenTable / ErrFILECloseTable (fileopen.cxx),
 * ErrFILEISetMode, ErrIsamDupCursor and ErrDIRRollback's cursor work (dir.cxx);
 * docs/semantics.md lists the decisions. */
#include "cursor_table.h"
#include "name.h"
#include "sysparam.h"

#include <string.h>

#define TABLES_INITIAL 16u

struct cursor_table {
    db_table **tables;
    uint32_t cap_tables;
    uint32_t table_serial;
    /* table locks of closed cursors that changed the table inside a transaction, held
     * until it ends (cursor_table_close) */
    struct held_lock *held;
    uint32_t cheld, cap_held;
    /* JetSetLS values: those of tables (JET_bitLSTable), and those whose cursor or table
     * went, waiting for the runtime callback to be told once the lock is let go */
    struct ls_node *table_ls;
    struct ls_node *ls_freed;
    /* JetRegisterCallback's, newest first (ESE's TDB::RegisterPcbdesc) */
    struct table_callback *callbacks;
};

/* One callback registered on a table (ESE's CBDESC); its address is the JET_HANDLE. */
struct table_callback {
    struct table_callback *next;
    uint32_t idb, serial, objid; /* the table: attachment and object */
    JET_CBTYP cbtyp;           /* 0 once unregistered (ESE nullifies, the entry stays) */
    JET_CALLBACK fn;
    void *ctx;
};

/* One JET_LS value a cursor or a table holds (allocated by JetSetLS, so that freeing it
 * later needs no allocation). */
struct ls_node {
    struct ls_node *next;
    JET_LS value;
    uint32_t idb, objid;       /* a table's */
    JET_CBTYP cbtyp;           /* JET_cbtypFreeCursorLS or JET_cbtypFreeTableLS */
};

/* A closed cursor's JET_bitTableDenyRead / DenyWrite lock (ESE's deferred-closed FUCB). */
struct held_lock {
    const jet_session *ses;
    uint32_t idb, objid;
    uint32_t level_open;       /* the level the cursor was opened at */
    bool exclusive, deny_write;
};

/* ---- the table of cursors ---- */

/* The version store decides what the cursor's reader sees (verstore.h). */
static void table_filter(db_table *t)
{
    ver_actor *a = &t->ses->actor;
    t->cur.primary.filter = &verstore_read_filter;
    t->cur.primary.filter_ctx = a;
    t->cur.sec.filter = &verstore_read_filter;
    t->cur.sec.filter_ctx = a;
    t->cur.lv.filter = &verstore_read_filter;
    t->cur.lv.filter_ctx = a;
}

void cursor_table_cancel_update(db_table *t)
{
    if (t->prep != JET_prepCancel) record_build_free(&t->rb);
    t->prep = JET_prepCancel;
    compat_free(t->bm);
    t->bm = NULL;
    t->cb_bm = 0;
}

JET_ERR cursor_table_versioned(db_table *t, JET_ERR err)
{
    if (err >= 0 && t->ses->trx_level > 0 && t->temp == NULL) t->versioned = true;
    return err;
}

/* Frees a cursor and its slot. Caller holds inst->lock. */
static void table_free_locked(jet_instance *inst, db_table *t)
{
    INVARIANT(compat_mutex_held(&inst->lock) && inst->cursors->tables[t->slot] == t);
    if (t->ses->cursor_hint == t) t->ses->cursor_hint = NULL;
    cursor_table_cancel_update(t);
    cursor_close(&t->cur);
    compat_free(t->filter); /* RECRemoveCursorFilter: cursor_filter.c's, one block */
    inst->cursors->tables[t->slot] = NULL;
    /* FUCB::~FUCB: the cursor's local storage goes to the runtime callback (ls_flush) */
    if (t->ls != NULL) {
        t->ls->next = inst->cursors->ls_freed;
        inst->cursors->ls_freed = t->ls;
    }
    /* the last cursor of a temporary table gives the table up (temp_table.c drops it) */
    if (t->temp != NULL && --t->temp->refs == 0) t->temp->ops->last_closed_locked(inst, t->temp);
    compat_free(t);
}

/* Tells JET_paramRuntimeCallback of the local storage whose cursors (or tables) went,
 * outside inst->lock (FUCB::~FUCB, FCB's purge), as ESE does: no session, database or
 * table, the value as the first argument. Called by whoever freed them, lock released. */
static void ls_flush(jet_instance *inst, struct ls_node *list)
{
    JET_API_PTR fn = 0;
    if (list == NULL) return;
    (void)sysparam_read(&inst->params, sysparam_index(JET_paramRuntimeCallback), &fn, NULL, 0);
    while (list != NULL) {
        struct ls_node *n = list;
        list = n->next;
        if (fn != 0) (void)((JET_CALLBACK)fn)(JET_sesidNil, JET_dbidNil, JET_tableidNil, n->cbtyp, (void *)n->value,
                                                NULL, NULL, 0);
        compat_free(n);
    }
}

/* The freed local storage of the set, taken (caller holds inst->lock). */
static struct ls_node *ls_take_locked(struct cursor_table *set)
{
    struct ls_node *list = set != NULL ? set->ls_freed : NULL;
    if (set != NULL) set->ls_freed = NULL;
    return list;
}

/* A free slot of the cursor table (made and grown as needed) holding t. Caller holds
 * inst->lock. */
static JET_ERR table_insert_locked(jet_instance *inst, db_table *t)
{
    JET_ERR err = JET_errSuccess;
    struct cursor_table *set = inst->cursors;
    uint32_t i = 0;
    INVARIANT(compat_mutex_held(&inst->lock));
    if (set == NULL) {
        set = compat_calloc(1, sizeof *set);
        if (set == NULL) FAIL(JET_errOutOfMemory);
        inst->cursors = set;
    }
    for (; i < set->cap_tables && set->tables[i] != NULL; i++) {}
    if (i == set->cap_tables) {
        uint32_t cap = set->cap_tables ? set->cap_tables * 2u : TABLES_INITIAL;
        db_table **p;
        if (cap > HANDLE_SLOT_LIMIT) FAIL(JET_errOutOfCursors);
        p = compat_realloc(set->tables, cap * sizeof *p);
        if (p == NULL) FAIL(JET_errOutOfMemory);
        memset(p + set->cap_tables, 0, (cap - set->cap_tables) * sizeof *p);
        set->tables = p;
        set->cap_tables = cap;
    }
    t->slot = i;
    t->serial = set->table_serial = handle_next_serial(set->table_serial);
    set->tables[i] = t;
done:
    return err;
}

static JET_TABLEID table_handle(const jet_instance *inst, const db_table *t)
{
    return (JET_TABLEID)handle_make(HANDLE_TAG_TABLE, inst->slot, t->slot, t->serial);
}

/* ---- table locks ---- */

/* Who has table objid of slot idb open, for mode_check_locked: k runs over the cursors,
 * then the held locks (an updatable cursor's). False when k is not on that table. */
typedef struct lock_holder {
    const jet_session *ses;
    bool exclusive, deny_write, read_only;
} lock_holder;

static bool holder_at(const struct cursor_table *set, uint32_t k, uint32_t idb, uint32_t objid, lock_holder *out)
{
    if (k < set->cap_tables) {
        const db_table *o = set->tables[k];
        if (o == NULL || o->idb != idb || o->def->objid != objid) return false;
        *out = (lock_holder){ o->ses, o->exclusive, o->deny_write, o->read_only };
        return true;
    }
    const struct held_lock *h = &set->held[k - set->cap_tables];
    if (h->idb != idb || h->objid != objid) return false;
    *out = (lock_holder){ h->ses, h->exclusive, h->deny_write, false };
    return true;
}

/* ErrFILEISetMode: whether session s may open another cursor on table objid of slot idb
 * with mode (JET_bitTableDenyRead / DenyWrite / Updatable) beside the cursors and held
 * locks there are. A deny-read lock keeps every other session out; a deny-write lock
 * keeps out other sessions' opens that ask for JET_bitTableUpdatable. Caller holds
 * inst->lock. */
static JET_ERR mode_check_locked(const struct cursor_table *set, const jet_session *s, uint32_t idb, uint32_t objid,
                                 JET_GRBIT mode)
{
    INVARIANT(compat_mutex_held(&s->inst->lock));
    uint32_t k, n = set->cap_tables + set->cheld;
    lock_holder o;
    for (k = 0; k < n; k++)
        if (holder_at(set, k, idb, objid, &o) && o.exclusive && o.ses != s) return JET_errTableLocked;
    for (k = 0; (mode & JET_bitTableUpdatable) && k < n; k++)
        if (holder_at(set, k, idb, objid, &o) && o.deny_write && o.ses != s) return JET_errTableLocked;
    /* a second deny-write lock, even of the same session, or another session's updatable
     * cursor: JET_errTableInUse */
    for (k = 0; (mode & JET_bitTableDenyWrite) && k < n; k++)
        if (holder_at(set, k, idb, objid, &o) && (o.deny_write || (o.ses != s && !o.read_only)))
            return JET_errTableInUse;
    for (k = 0; (mode & JET_bitTableDenyRead) && k < n; k++)
        if (holder_at(set, k, idb, objid, &o) && o.ses != s) return JET_errTableInUse;
    return JET_errSuccess;
}

/* Drops the held locks of session s that match: on attached slot idb (< 0: any), of
 * cursors opened at level_open or deeper. Caller holds inst->lock. */
static void release_held_locked(struct cursor_table *set, const jet_session *s, int idb, uint32_t level_open)
{
    INVARIANT(compat_mutex_held(&s->inst->lock));
    uint32_t j = 0;
    for (uint32_t i = 0; i < set->cheld; i++) {
        const struct held_lock *h = &set->held[i];
        if (h->ses == s && (idb < 0 || h->idb == (uint32_t)idb) && h->level_open >= level_open) continue;
        set->held[j++] = *h;
    }
    set->cheld = j;
}

/* Keeps the table lock of cursor t, closing inside a transaction after it changed the
 * table (ESE's ErrFILECloseTable defers the close of a versioned cursor to level 0).
 * Without memory for it the lock goes with the cursor. Caller holds inst->lock. */
static void hold_lock_locked(struct cursor_table *set, const db_table *t)
{
    INVARIANT(compat_mutex_held(&t->ses->inst->lock));
    if (set->cheld == set->cap_held) {
        uint32_t cap = set->cap_held ? 2u * set->cap_held : 8u;
        struct held_lock *p = compat_realloc(set->held, cap * sizeof *p);
        if (p == NULL) return;
        set->held = p;
        set->cap_held = cap;
    }
    set->held[set->cheld++] =
        (struct held_lock){ t->ses, t->idb, t->def->objid, t->level_open, t->exclusive, t->deny_write };
}

/* Closes the session's cursors on attached slot idb (every slot when idb < 0) and drops
 * the locks they hold. Caller holds inst->lock. */
static void close_session_tables_locked(jet_session *s, int idb)
{
    struct cursor_table *set = s->inst->cursors;
    INVARIANT(compat_mutex_held(&s->inst->lock));
    for (uint32_t k = 0; set && k < set->cap_tables; k++) {
        db_table *t = set->tables[k];
        if (t && t->ses == s && (idb < 0 || t->idb == (uint32_t)idb)) table_free_locked(s->inst, t);
    }
    if (set) release_held_locked(set, s, idb, 0);
}

/* ---- open and close ---- */

/* A new cursor of session s on table def of attached slot idb, registered. mode: the
 * table locks asked for (mode_check_locked; JET_bitTablePermitDDL too), checked and
 * taken atomically with the cursor's creation. */
static JET_ERR table_new(jet_session *s, uint32_t idb, const catalog_table *def, bool read_only, cursor_temp *temp,
                         JET_GRBIT mode, JET_TABLEID *out)
{
    JET_ERR err = JET_errSuccess;
    jet_instance *inst = s->inst;
    db_table *t = compat_calloc(1, sizeof *t);
    database_desc d;
    bool opened = false;
    if (t == NULL) FAIL(JET_errOutOfMemory);
    database_describe_slot(s, idb, &d);
    t->ses = s;
    t->idb = idb;
    t->cat = d.cat;
    t->def = def;
    t->prep = JET_prepCancel;
    t->level_open = s->trx_level;
    t->read_only = read_only;
    CHECK(cursor_open(&t->cur, d.c, d.ifile, def, NULL));
    opened = true;
    t->cur.viewer = &s->view;
    table_filter(t);
    cursor_defer_first(&t->cur); /* ErrFILEOpenTable, ErrIsamDupCursor: RECDeferMoveFirst */
    compat_mutex_lock(&inst->lock);
    if (temp == NULL && inst->cursors != NULL) err = mode_check_locked(inst->cursors, s, idb, def->objid, mode);
    /* then ErrFILEISetMode's JET_bitTablePermitDDL: not on a table with versions (records
     * or DDL of a transaction, or versions not cleaned up yet) */
    if (err >= 0 && (mode & JET_bitTablePermitDDL) &&
        (verstore_tree_has_versions(inst->vs, d.ifile, def->objid) || catalog_has_open_ddl(def)))
        err = JET_errTableInUse;
    if (err >= 0) err = table_insert_locked(inst, t);
    if (err >= 0) {
        t->temp = temp;
        t->exclusive = (mode & JET_bitTableDenyRead) != 0;
        t->deny_write = (mode & JET_bitTableDenyWrite) != 0;
        t->permit_ddl = (mode & JET_bitTablePermitDDL) != 0;
    }
    compat_mutex_unlock(&inst->lock);
    CHECK(err);
    *out = table_handle(inst, t);
    t = NULL;
done:
    if (t != NULL) {
        if (opened) cursor_close(&t->cur);
        compat_free(t);
    }
    return err;
}

JET_ERR cursor_table_open(jet_session *s, JET_DBID dbid, const char *name, JET_GRBIT grbit, JET_TABLEID *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t idb = 0;
    database_desc d;
    const catalog_table *def = NULL;
    JET_GRBIT mode;
    char checked[JET_cbNameMost + 1];
    CHECK(database_check_open(s, dbid, &idb));
    /* ErrIsamOpenTable: the internal bits, PermitDDL without DenyRead, DenyRead with
     * ReadOnly; the hints (NoCache, Preread, Sequential, ...) are accepted */
    if (grbit & (TABLE_BIT_DELETE | TABLE_BIT_CREATE | TABLE_BIT_RECOVERY)) FAIL(JET_errInvalidGrbit);
    if ((grbit & JET_bitTablePermitDDL) && !(grbit & JET_bitTableDenyRead)) FAIL(JET_errInvalidGrbit);
    if ((grbit & JET_bitTableDenyRead) && (grbit & JET_bitTableReadOnly)) FAIL(JET_errInvalidGrbit);
    if (name == NULL || out == NULL) FAIL(JET_errInvalidParameter);
    /* ErrFILEIOpenTable: ErrUTILCheckName (trailing spaces do not count) */
    CHECK(name_check(name, checked));
    /* a table another session created or is deleting and has not committed: ESE's
     * ErrFILEOpenTable (not found, or JET_errTableLocked) */
    database_describe_slot(s, idb, &d);
    def = catalog_find_table_any(d.cat, checked);
    if (def == NULL) FAIL(JET_errObjectNotFound);
    CHECK(catalog_table_visible(def, &s->view));
    /* ErrFILEICheckAndSetMode: a read-only cursor cannot also be updatable */
    if ((grbit & JET_bitTableReadOnly) && (grbit & JET_bitTableUpdatable)) FAIL(JET_errInvalidGrbit);
    mode = grbit & (JET_bitTableDenyRead | JET_bitTableDenyWrite | JET_bitTableUpdatable | JET_bitTablePermitDDL);
    CHECK(table_new(s, idb, def, d.read_only || (grbit & JET_bitTableReadOnly), NULL, mode, out));
done:
    return err;
}

JET_ERR cursor_table_open_temp(jet_session *s, uint32_t idb, const catalog_table *def, cursor_temp *temp,
                               JET_TABLEID *out)
{
    return table_new(s, idb, def, false, temp, 0, out);
}

JET_ERR cursor_table_lookup_locked(jet_session *s, JET_TABLEID tableid, db_table **out)
{
    JET_ERR err = JET_errInvalidTableId;
    jet_instance *inst = s->inst;
    struct cursor_table *set;
    uint32_t owner = 0, slot = 0, serial = 0;
    INVARIANT(compat_mutex_held(&inst->lock));
    *out = NULL;
    if (!handle_parse((uint64_t)tableid, HANDLE_TAG_TABLE, &owner, &slot, &serial) || owner != inst->slot) goto done;
    set = inst->cursors;
    if (set && slot < set->cap_tables && set->tables[slot] && set->tables[slot]->serial == serial) {
        db_table *t = set->tables[slot];
        /* JET_VALIDATE_SESID_TABLEID: a cursor of another session */
        if (t->ses != s) {
            err = JET_errSesidTableIdMismatch;
        } else {
            *out = t;
            s->cursor_hint_id = tableid; /* the session's next call finds it without the lock */
            s->cursor_hint = t;
            err = JET_errSuccess;
        }
    }
done:
    return err;
}

JET_ERR cursor_table_lookup(jet_session *s, JET_TABLEID tableid, db_table **out)
{
    JET_ERR err;
    /* The cursor the session's last table call found, while it is open (table_free_locked
     * forgets it): only the session's own calls, which run one at a time, and JetTerm
     * once they are over, free its cursors. */
    if (s->cursor_hint != NULL && s->cursor_hint_id == tableid) {
        *out = s->cursor_hint;
        return JET_errSuccess;
    }
    compat_mutex_lock(&s->inst->lock);
    err = cursor_table_lookup_locked(s, tableid, out);
    compat_mutex_unlock(&s->inst->lock);
    return err;
}

JET_ERR cursor_table_dup(jet_session *s, db_table *t, JET_TABLEID *out)
{
    JET_ERR err = JET_errSuccess;
    if (t->temp != NULL) {
        CHECK(t->temp->ops->check_dup(t->temp));
        compat_mutex_lock(&s->inst->lock);
        t->temp->refs++;
        compat_mutex_unlock(&s->inst->lock);
    }
    err = table_new(s, t->idb, t->def, t->read_only, t->temp, 0, out);
    if (err < 0 && t->temp != NULL) {
        compat_mutex_lock(&s->inst->lock);
        t->temp->refs--; /* t still has it */
        compat_mutex_unlock(&s->inst->lock);
    }
done:
    return err;
}

void cursor_table_close(jet_session *s, db_table *t)
{
    struct ls_node *freed;
    compat_mutex_lock(&s->inst->lock);
    if (t->versioned && s->trx_level > 0 && (t->exclusive || t->deny_write)) hold_lock_locked(s->inst->cursors, t);
    table_free_locked(s->inst, t);
    freed = ls_take_locked(s->inst->cursors);
    compat_mutex_unlock(&s->inst->lock);
    ls_flush(s->inst, freed);
}

JET_ERR cursor_table_close_database(jet_session *s, JET_DBID dbid)
{
    JET_ERR err = JET_errSuccess;
    uint32_t idb = 0;
    bool last = false;
    CHECK(database_close(s, dbid, &idb, &last));
    if (last) {
        struct ls_node *freed;
        compat_mutex_lock(&s->inst->lock);
        close_session_tables_locked(s, (int)idb);
        freed = ls_take_locked(s->inst->cursors);
        compat_mutex_unlock(&s->inst->lock);
        ls_flush(s->inst, freed);
    }
done:
    return err;
}

void cursor_table_close_session(jet_session *s)
{
    struct ls_node *freed;
    compat_mutex_lock(&s->inst->lock);
    close_session_tables_locked(s, -1);
    freed = ls_take_locked(s->inst->cursors);
    compat_mutex_unlock(&s->inst->lock);
    ls_flush(s->inst, freed);
}

void cursor_table_term(jet_instance *inst)
{
    struct cursor_table *set;
    compat_mutex_lock(&inst->lock);
    set = inst->cursors;
    for (uint32_t k = 0; set && k < set->cap_tables; k++)
        if (set->tables[k]) table_free_locked(inst, set->tables[k]);
    inst->cursors = NULL;
    compat_mutex_unlock(&inst->lock);
    if (set == NULL) return;
    /* the cursors' local storage, then the tables' (FCBs purged at term) */
    ls_flush(inst, ls_take_locked(set));
    ls_flush(inst, set->table_ls);
    while (set->callbacks != NULL) {
        struct table_callback *cb = set->callbacks;
        set->callbacks = cb->next;
        compat_free(cb);
    }
    compat_free(set->tables);
    compat_free(set->held);
    compat_free(set);
}

/* ---- what DDL and transactions do to cursors ---- */

void cursor_table_refresh(db_table *t)
{
    /* cursor.c reopens its B+-tree cursors (another index, the LV tree): each call
     * starts with the version store's filter on all of them */
    table_filter(t);
    const catalog_table *now = catalog_table_by_objid(t->cat, t->def->objid);
    if (now != NULL && now != t->def) {
        t->def = now;
        t->cur.table = now;
    }
    /* a primary index made after the cursor was opened becomes its clustered order */
    if (now != NULL && t->cur.index == NULL && !t->cur.secondary) t->cur.index = catalog_primary_index(now);
}

uint32_t cursor_table_count_on(jet_instance *inst, uint32_t idb, uint32_t objid_table, uint32_t objid_index)
{
    struct cursor_table *set;
    uint32_t n = 0;
    compat_mutex_lock(&inst->lock);
    set = inst->cursors;
    for (uint32_t k = 0; set && k < set->cap_tables; k++) {
        const db_table *t = set->tables[k];
        if (t == NULL || t->idb != idb || t->def->objid != objid_table) continue;
        if (objid_index == 0 || (t->cur.index != NULL && t->cur.secondary && t->cur.index->objid == objid_index)) n++;
    }
    compat_mutex_unlock(&inst->lock);
    return n;
}

void cursor_table_leave_index(jet_session *s, uint32_t idb, uint32_t objid_table, uint32_t objid_index)
{
    /* only this session (running this call) closes or moves its cursors: each is moved
     * after the instance lock is left */
    for (uint32_t k = 0;; k++) {
        struct cursor_table *set;
        db_table *t = NULL;
        compat_mutex_lock(&s->inst->lock);
        set = s->inst->cursors;
        bool more = set != NULL && k < set->cap_tables;
        if (more) t = set->tables[k];
        if (t != NULL && !(t->ses == s && t->idb == idb && t->def->objid == objid_table && t->cur.index != NULL &&
                           t->cur.secondary && t->cur.index->objid == objid_index))
            t = NULL;
        compat_mutex_unlock(&s->inst->lock);
        if (!more) break;
        if (t != NULL && cursor_set_index(&t->cur, NULL) >= 0) cursor_defer_first(&t->cur);
    }
}

void cursor_table_rollback_level(jet_session *s, uint32_t level)
{
    jet_instance *inst = s->inst;
    struct cursor_table *set;
    struct ls_node *freed;
    compat_mutex_lock(&inst->lock);
    set = inst->cursors;
    for (uint32_t k = 0; set && k < set->cap_tables; k++) {
        db_table *t = set->tables[k];
        if (t == NULL || t->ses != s) continue;
        if (t->level_open >= level && level > 0) {
            table_free_locked(inst, t);
            continue;
        }
        if (t->prep != JET_prepCancel && t->prep_level >= level) cursor_table_cancel_update(t);
    }
    /* ESE's ErrDIRRollback: deferred-closed cursors opened in the level go with it */
    if (set) release_held_locked(set, s, -1, level);
    freed = ls_take_locked(set);
    compat_mutex_unlock(&inst->lock);
    ls_flush(inst, freed);
}

void cursor_table_level0(jet_session *s)
{
    jet_instance *inst = s->inst;
    struct cursor_table *set;
    compat_mutex_lock(&inst->lock);
    set = inst->cursors;
    for (uint32_t k = 0; set && k < set->cap_tables; k++)
        if (set->tables[k] != NULL && set->tables[k]->ses == s) set->tables[k]->versioned = false;
    if (set) release_held_locked(set, s, -1, 0);
    compat_mutex_unlock(&inst->lock);
}

/* ---- local storage (JetSetLS, JetGetLS) ---- */

/* The table entry of t's table (caller holds inst->lock), or NULL. */
static struct ls_node *table_ls_locked(struct cursor_table *set, const db_table *t)
{
    for (struct ls_node *n = set->table_ls; n != NULL; n = n->next)
        if (n->idb == t->idb && n->objid == t->def->objid) return n;
    return NULL;
}

JET_ERR cursor_table_set_ls(db_table *t, JET_LS ls, bool table)
{
    JET_ERR err = JET_errSuccess;
    jet_instance *inst = t->ses->inst;
    JET_API_PTR fn = 0;
    struct ls_node *node = NULL;

    CHECK(sysparam_read(&inst->params, sysparam_index(JET_paramRuntimeCallback), &fn, NULL, 0));
    if (fn == 0) FAIL(JET_errLSCallbackNotSpecified);
    if (ls != JET_LSNil) {
        node = compat_calloc(1, sizeof *node);
        if (node == NULL) FAIL(JET_errOutOfMemory);
        node->value = ls;
        node->idb = t->idb;
        node->objid = t->def->objid;
        node->cbtyp = table ? JET_cbtypFreeTableLS : JET_cbtypFreeCursorLS;
    }
    compat_mutex_lock(&inst->lock);
    if (!table) {
        /* ErrSetLS: a value already there is JET_errLSAlreadySet; JET_LSNil clears it */
        if (node != NULL && t->ls != NULL) {
            err = JET_errLSAlreadySet;
        } else {
            compat_free(t->ls);
            t->ls = node;
            node = NULL;
        }
    } else {
        /* FCB::ErrSetLS: the same for the table, shared by every cursor on it */
        struct ls_node *cur = table_ls_locked(t->ses->inst->cursors, t);
        if (node != NULL && cur != NULL) {
            err = JET_errLSAlreadySet;
        } else if (node == NULL && cur != NULL) {
            struct ls_node **pp = &inst->cursors->table_ls;
            while (*pp != cur) pp = &(*pp)->next;
            *pp = cur->next;
            compat_free(cur);
        } else if (node != NULL) {
            node->next = inst->cursors->table_ls;
            inst->cursors->table_ls = node;
            node = NULL;
        }
    }
    compat_mutex_unlock(&inst->lock);
done:
    compat_free(node);
    return err;
}

JET_ERR cursor_table_get_ls(db_table *t, JET_LS *pls, bool table, bool reset)
{
    JET_ERR err = JET_errSuccess;
    jet_instance *inst = t->ses->inst;
    struct ls_node *node = NULL;

    compat_mutex_lock(&inst->lock);
    if (!table) {
        node = t->ls;
        if (reset) t->ls = NULL;
    } else {
        node = table_ls_locked(inst->cursors, t);
        if (node != NULL && reset) {
            struct ls_node **pp = &inst->cursors->table_ls;
            while (*pp != node) pp = &(*pp)->next;
            *pp = node->next;
        }
    }
    *pls = node != NULL ? node->value : JET_LSNil;
    compat_mutex_unlock(&inst->lock);
    if (reset) compat_free(node);
    /* ErrGetLS: nothing there is JET_errLSNotSet, except for a cursor's with a reset;
     * FCB::ErrGetLS says so with a reset too */
    if (*pls == JET_LSNil && (table || !reset)) err = JET_errLSNotSet;
    return err;
}

/* ---- table callbacks (JetRegisterCallback, JetUnregisterCallback) ---- */

JET_ERR cursor_table_register_callback(db_table *t, JET_CBTYP cbtyp, JET_CALLBACK fn, void *ctx, JET_HANDLE *out)
{
    jet_instance *inst = t->ses->inst;
    database_desc d;
    struct table_callback *cb = compat_calloc(1, sizeof *cb);
    if (cb == NULL) return JET_errOutOfMemory;
    database_describe_slot(t->ses, t->idb, &d);
    cb->idb = t->idb;
    cb->serial = d.serial;
    cb->objid = t->def->objid;
    cb->cbtyp = cbtyp;
    cb->fn = fn;
    cb->ctx = ctx;
    compat_mutex_lock(&inst->lock);
    cb->next = inst->cursors->callbacks;
    inst->cursors->callbacks = cb;
    compat_mutex_unlock(&inst->lock);
    *out = (JET_HANDLE)cb;
    return JET_errSuccess;
}

JET_ERR cursor_table_unregister_callback(db_table *t, JET_HANDLE h)
{
    jet_instance *inst = t->ses->inst;
    JET_ERR err = JET_errInvalidParameter;
    compat_mutex_lock(&inst->lock);
    for (struct table_callback *cb = inst->cursors->callbacks; cb != NULL; cb = cb->next) {
        if ((JET_HANDLE)cb != h || cb->idb != t->idb || cb->objid != t->def->objid) continue;
        cb->cbtyp = 0;
        err = JET_errSuccess;
        break;
    }
    compat_mutex_unlock(&inst->lock);
    return err;
}

JET_ERR cursor_table_callbacks(db_table *t, JET_CBTYP cbtyp, cursor_callback **out, uint32_t *n)
{
    jet_instance *inst = t->ses->inst;
    JET_ERR err = JET_errSuccess;
    database_desc d;
    uint32_t count = 0, i = 0;

    *out = NULL;
    *n = 0;
    compat_mutex_lock(&inst->lock);
    bool any = inst->cursors != NULL && inst->cursors->callbacks != NULL;
    compat_mutex_unlock(&inst->lock);
    if (!any) return JET_errSuccess;
    database_describe_slot(t->ses, t->idb, &d);
    compat_mutex_lock(&inst->lock);
    for (struct table_callback *cb = inst->cursors->callbacks; cb != NULL; cb = cb->next)
        if (cb->idb == t->idb && cb->serial == d.serial && cb->objid == t->def->objid && (cb->cbtyp & cbtyp)) count++;
    if (count != 0) {
        *out = compat_calloc(count, sizeof **out);
        if (*out == NULL) err = JET_errOutOfMemory;
    }
    for (struct table_callback *cb = inst->cursors->callbacks; *out != NULL && cb != NULL; cb = cb->next) {
        if (cb->idb != t->idb || cb->serial != d.serial || cb->objid != t->def->objid || !(cb->cbtyp & cbtyp)) continue;
        (*out)[i].fn = cb->fn;
        (*out)[i].ctx = cb->ctx;
        (*out)[i].cbtyp = cb->cbtyp & cbtyp;
        i++;
    }
    compat_mutex_unlock(&inst->lock);
    *n = i;
    return err;
}
