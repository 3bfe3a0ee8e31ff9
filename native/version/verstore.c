/* verstore.c: the version store (see verstore.h): a hash table of node chains, each
 * version linked three ways: in its node's chain (newest first), in its session's undo
 * list while uncommitted (newest first), and in its file's cleanup queue once committed
 * (oldest commit first). A delta or a lock may sit below versions of other sessions
 * (they commute), so undo and cleanup unlink versions from anywhere in their chain. */
#include "verstore.h"

#include <stdatomic.h>
#include <string.h>

#include "byte_order.h"
#include "cache.h"

#define FILES_MAX CACHE_FILES_MAX
#define BUCKETS_INITIAL 1024u

typedef struct ver_chain ver_chain;

struct version {
    version *older;            /* the next older version of the node */
    ver_chain *chain;
    const void *owner;
    uint64_t trx;              /* the owner's transaction (0: an implicit one) */
    uint64_t commit;           /* commit time, 0 while uncommitted */
    uint32_t level;
    version *next_undo;        /* the session's list, newest first (uncommitted) */
    version *next_clean;       /* the file's cleanup queue (committed) */
    ver_kind kind;
    bool before_present, before_flagged;
    bool leaves_flagged;       /* VER_IMAGE of a delete: the change left the node flag-deleted */
    uint8_t *before;           /* in the same allocation, after the version */
    uint32_t cb_before;
    /* VER_DELTA: what was added where, and what the commit must report */
    int64_t delta;
    uint32_t ib, cb;
    bool on_zero;
    uint32_t tag;
    uint64_t lsn;              /* its LOG_UNDO record (0: not logged) */
};

struct ver_chain {
    ver_chain *hash_next;
    uint32_t hash;
    uint32_t ifile, objid;
    btree_tree tree;           /* where the node lives, without hooks: for undo and cleanup */
    uint8_t *id;               /* key, then dup data for non-unique trees (in the same
                                * allocation, after the chain) */
    uint32_t cb_key, cb_id;
    bool dup;
    bool has_tree;             /* tree is set (a chain begun by a read lock may lack it) */
    version *newest;
};

struct verstore {
    compat_mutex lock;
    uint64_t clock;
    uint64_t bytes, max_bytes;
    ver_chain **buckets;
    uint32_t nbuckets, nchains;
    version *clean_head[FILES_MAX], *clean_tail[FILES_MAX];
    /* Chains per file: changed under lock, read without it by filter_visible (a reader
     * holds its database's lock shared, and chains are only added under it exclusive). */
    _Atomic uint32_t chains_of_file[FILES_MAX];
    ver_zero *zeroes;          /* records committed deltas brought to zero */
    log *lg;                   /* the instance's log, NULL without one */
    bool logged[FILES_MAX];    /* files whose changes are logged */
};

JET_ERR verstore_create(uint64_t max_bytes, verstore **out)
{
    verstore *vs = compat_calloc(1, sizeof *vs);
    *out = NULL;
    if (vs == NULL) return JET_errOutOfMemory;
    vs->nbuckets = BUCKETS_INITIAL;
    vs->buckets = compat_calloc(vs->nbuckets, sizeof *vs->buckets);
    if (vs->buckets == NULL || compat_mutex_init(&vs->lock) != COMPAT_OK) {
        compat_free(vs->buckets);
        compat_free(vs);
        return JET_errOutOfMemory;
    }
    vs->max_bytes = max_bytes;
    *out = vs;
    return JET_errSuccess;
}

static void version_free(verstore *vs, version *v)
{
    vs->bytes -= sizeof *v + v->cb_before;
    compat_free(v);
}

/* Takes ch out of the hash table (its memory stays the caller's to free). Lock held. */
static void chain_unlink(verstore *vs, ver_chain *ch)
{
    ver_chain **link = &vs->buckets[ch->hash & (vs->nbuckets - 1u)];
    while (*link != NULL && *link != ch) link = &(*link)->hash_next;
    if (*link == ch) *link = ch->hash_next;
    vs->nchains--;
    vs->chains_of_file[ch->ifile]--;
    vs->bytes -= sizeof *ch + ch->cb_id;
}

static void chain_unlink_and_free(verstore *vs, ver_chain *ch)
{
    chain_unlink(vs, ch);
    compat_free(ch);
}

void verstore_destroy(verstore *vs)
{
    if (vs == NULL) return;
    for (uint32_t b = 0; b < vs->nbuckets; b++) {
        ver_chain *ch = vs->buckets[b];
        while (ch != NULL) {
            ver_chain *next = ch->hash_next;
            version *v = ch->newest;
            while (v != NULL) {
                version *older = v->older;
                compat_free(v);
                v = older;
            }
            compat_free(ch);
            ch = next;
        }
    }
    compat_free(vs->buckets);
    verstore_free_zeroes(vs->zeroes);
    compat_mutex_destroy(&vs->lock);
    compat_free(vs);
}

uint64_t verstore_tick(verstore *vs)
{
    uint64_t t;
    compat_mutex_lock(&vs->lock);
    t = ++vs->clock;
    compat_mutex_unlock(&vs->lock);
    return t;
}

uint64_t verstore_bytes(verstore *vs)
{
    uint64_t b;
    compat_mutex_lock(&vs->lock);
    b = vs->bytes;
    compat_mutex_unlock(&vs->lock);
    return b;
}

bool verstore_has_versions(verstore *vs, uint32_t ifile)
{
    bool any;
    if (ifile >= FILES_MAX) return false;
    compat_mutex_lock(&vs->lock);
    any = vs->chains_of_file[ifile] != 0;
    compat_mutex_unlock(&vs->lock);
    return any;
}

bool verstore_tree_has_versions(verstore *vs, uint32_t ifile, uint32_t objid)
{
    bool any = false;
    if (ifile >= FILES_MAX) return false;
    compat_mutex_lock(&vs->lock);
    for (uint32_t b = 0; vs->chains_of_file[ifile] != 0 && !any && b < vs->nbuckets; b++)
        for (const ver_chain *ch = vs->buckets[b]; ch != NULL && !any; ch = ch->hash_next)
            any = ch->ifile == ifile && ch->objid == objid;
    compat_mutex_unlock(&vs->lock);
    return any;
}

/* The node's identity: key, then (non-unique trees) data. Lock held. */
static ver_chain *chain_find(verstore *vs, uint32_t ifile, uint32_t objid, const uint8_t *key, uint32_t cb_key,
                             const uint8_t *dup, uint32_t cb_dup, uint32_t *hash_out)
{
    uint32_t cb = cb_key + cb_dup, h = 2166136261u ^ ifile * 16777619u ^ objid * 0x9e3779b1u;
    ver_chain *ch;

    INVARIANT(compat_mutex_held(&vs->lock));
    for (uint32_t i = 0; i < cb_key; i++) h = (h ^ key[i]) * 16777619u;
    for (uint32_t i = 0; i < cb_dup; i++) h = (h ^ dup[i]) * 16777619u;
    *hash_out = h;
    for (ch = vs->buckets[h & (vs->nbuckets - 1u)]; ch != NULL; ch = ch->hash_next) {
        if (ch->hash != h || ch->ifile != ifile || ch->objid != objid || ch->cb_id != cb || ch->cb_key != cb_key) continue;
        if (cb_key != 0 && memcmp(ch->id, key, cb_key) != 0) continue;
        if (cb_dup != 0 && memcmp(ch->id + cb_key, dup, cb_dup) != 0) continue;
        return ch;
    }
    return NULL;
}

/* Doubles the table when chains outnumber buckets. Lock held. */
static void maybe_grow(verstore *vs)
{
    uint32_t n = vs->nbuckets * 2u;
    ver_chain **b;
    INVARIANT(compat_mutex_held(&vs->lock));
    if (vs->nchains < vs->nbuckets || n > (1u << 26)) return;
    b = compat_calloc(n, sizeof *b);
    if (b == NULL) return; /* a longer chain is slower, not wrong */
    for (uint32_t i = 0; i < vs->nbuckets; i++) {
        ver_chain *ch = vs->buckets[i];
        while (ch != NULL) {
            ver_chain *next = ch->hash_next;
            ch->hash_next = b[ch->hash & (n - 1u)];
            b[ch->hash & (n - 1u)] = ch;
            ch = next;
        }
    }
    compat_free(vs->buckets);
    vs->buckets = b;
    vs->nbuckets = n;
}

/* May the actor see version v? Its own versions, and those committed by its snapshot
 * (for a call outside a transaction: committed at all). */
static bool sees(const ver_actor *a, const version *v)
{
    if (v->owner == a->owner && v->commit == 0) return true;
    if (v->commit == 0) return false;
    return a->trx == 0 || v->commit <= a->trx;
}

/* ---- the order of a chain (verstore.h), for INVARIANT (compiled away in release) ----
 * Before-images lie in the order of their transactions: the uncommitted ones, all of one
 * session (another's change over them is a write conflict), above the committed ones,
 * and those newest commit first. Deltas and locks commute and may sit anywhere. */

/* The next before-image older than v, NULL when none. */
static const version *older_image(const version *v)
{
    const version *o = v->older;
    while (o != NULL && o->kind != VER_IMAGE) o = o->older;
    return o;
}

/* Before-image v and the next older one are in that order. */
static bool image_in_order(const version *v)
{
    const version *o = older_image(v);
    if (o == NULL) return true;
    if (v->commit == 0) return o->commit != 0 || o->owner == v->owner;
    return o->commit != 0 && o->commit <= v->commit;
}

/* A file's cleanup queue is in commit order: v, just committed, may join its tail. */
static bool queued_in_order(const verstore *vs, uint32_t ifile, const version *v)
{
    return vs->clean_tail[ifile] == NULL || vs->clean_tail[ifile]->commit <= v->commit;
}

/* ---- writing ---- */

/* v belongs to another session and the actor may not see it (ESE's FActiveNotByMe). */
static bool active_not_mine(const ver_actor *a, const version *v)
{
    return v->owner != a->owner && (v->commit == 0 || (a->trx != 0 && v->commit > a->trx));
}

/* v is uncommitted, or committed after the actor's snapshot. */
static bool active(const ver_actor *a, const version *v)
{
    return v->commit == 0 || (a->trx != 0 && v->commit > a->trx);
}

static bool commutes(ver_kind k)
{
    return k == VER_DELTA || k == VER_READ_LOCK;
}

/* Whether a change of kind to chain ch conflicts with what others did (FVERIWriteConflict).
 * Lock held. */
static bool conflicts(const ver_chain *ch, const ver_actor *a, ver_kind kind)
{
    const version *n = ch != NULL ? ch->newest : NULL, *v;
    if (n == NULL) return false;
    if (active_not_mine(a, n)) {
        /* only the same commuting kind may join other sessions' active versions */
        if (!commutes(kind)) return true;
        for (v = n; v != NULL && active(a, v); v = v->older)
            if (v->kind != kind) return true;
        return false;
    }
    if (n->kind != kind && commutes(n->kind)) {
        /* another kind over commuting versions: no other session may still have one */
        for (v = n; v != NULL; v = v->older)
            if (active_not_mine(a, v)) return true;
    }
    return false;
}

/* The chain of a node, made when missing (t: where the node lives, NULL: unknown yet).
 * Lock held. */
static JET_ERR chain_get(verstore *vs, uint32_t ifile, uint32_t objid, const btree_tree *t, const uint8_t *key,
                         uint32_t cb_key, const uint8_t *dup, uint32_t cb_dup, ver_chain **out)
{
    uint32_t hash = 0;
    ver_chain *ch = chain_find(vs, ifile, objid, key, cb_key, dup, cb_dup, &hash); /* asserts the lock */
    if (ch == NULL) {
        /* one allocation: the chain, then its id */
        ch = compat_calloc(1, sizeof *ch + cb_key + cb_dup + 1u);
        if (ch == NULL) return JET_errOutOfMemory;
        ch->id = (uint8_t *)(ch + 1);
        if (cb_key != 0) memcpy(ch->id, key, cb_key);
        if (cb_dup != 0) memcpy(ch->id + cb_key, dup, cb_dup);
        ch->cb_key = cb_key;
        ch->cb_id = cb_key + cb_dup;
        ch->dup = dup != NULL;
        ch->hash = hash;
        ch->ifile = ifile;
        ch->objid = objid;
        ch->hash_next = vs->buckets[hash & (vs->nbuckets - 1u)];
        vs->buckets[hash & (vs->nbuckets - 1u)] = ch;
        vs->nchains++;
        vs->chains_of_file[ifile]++;
        vs->bytes += sizeof *ch + ch->cb_id;
        maybe_grow(vs);
    }
    if (!ch->has_tree && t != NULL) {
        ch->tree = *t;
        ch->tree.hooks = NULL;
        ch->tree.hook_ctx = NULL;
        ch->has_tree = true;
    }
    *out = ch;
    return JET_errSuccess;
}

/* Puts v at the head of ch for the actor: committed at once at level 0 (an implicit
 * transaction), else on the session's undo list. Lock held. */
static void version_link(verstore *vs, ver_chain *ch, version *v, const ver_actor *a)
{
    uint32_t ifile = ch->ifile;
    INVARIANT(compat_mutex_held(&vs->lock));
    v->chain = ch;
    v->owner = a->owner;
    v->trx = a->trx;
    v->level = a->level;
    v->older = ch->newest;
    ch->newest = v;
    vs->bytes += sizeof *v + v->cb_before;
    if (a->level == 0) {
        v->commit = ++vs->clock;
        INVARIANT(queued_in_order(vs, ifile, v));
        if (vs->clean_tail[ifile] != NULL) vs->clean_tail[ifile]->next_clean = v;
        else vs->clean_head[ifile] = v;
        vs->clean_tail[ifile] = v;
    } else {
        v->next_undo = *a->undo;
        *a->undo = v;
    }
    INVARIANT(v->kind != VER_IMAGE || image_in_order(v));
}

/* The LOG_UNDO record of v, a change of the actor's transaction, appended before the
 * page changes (lock held). Versions committed at once need none. */
static JET_ERR log_undo_of(verstore *vs, ver_actor *a, const ver_chain *ch, version *v)
{
    JET_ERR err = JET_errSuccess;
    log_undo u;
    uint8_t fixed[128];
    uint8_t *payload = fixed;
    uint32_t cb;

    INVARIANT(compat_mutex_held(&vs->lock));
    if (vs->lg == NULL || !vs->logged[ch->ifile] || a->level == 0) return JET_errSuccess;
    memset(&u, 0, sizeof u);
    u.trx = a->log_trx;
    u.dbid = ch->ifile;
    u.objid = ch->objid;
    u.pgno_root = ch->tree.pgno_root;
    u.page_flags = ch->tree.page_flags;
    u.kind = v->kind == VER_DELTA ? 1u : 0u;
    u.dup = ch->dup;
    u.before_present = v->before_present;
    u.before_flagged = v->before_flagged;
    u.cb_key = ch->cb_key;
    u.ib = v->ib;
    u.cb = v->cb;
    u.delta = v->delta;
    u.id = ch->id;
    u.cb_id = ch->cb_id;
    u.before = v->before;
    u.cb_before = v->cb_before;
    cb = log_record_undo_size(&u);
    if (cb > sizeof fixed) {
        payload = compat_malloc(cb);
        if (payload == NULL) return JET_errOutOfMemory;
    }
    log_record_put_undo(payload, &u);
    err = log_append(vs->lg, LOG_UNDO, payload, cb, NULL, 0, NULL, 0, &v->lsn);
    if (err >= 0) a->logged = true;
    if (payload != fixed) compat_free(payload);
    return err;
}

/* The version's change will never need undoing (undone, or never made). */
static JET_ERR log_undone(verstore *vs, const version *v)
{
    uint8_t lsn[8];
    if (v->lsn == 0) return JET_errSuccess;
    byte_order_put_le64(lsn, v->lsn);
    return log_append(vs->lg, LOG_UNDONE, lsn, sizeof lsn, NULL, 0, NULL, 0, NULL);
}

void verstore_set_log(verstore *vs, log *lg)
{
    vs->lg = lg;
}

void verstore_set_logged(verstore *vs, uint32_t ifile, bool logged)
{
    compat_mutex_lock(&vs->lock);
    if (ifile < FILES_MAX) vs->logged[ifile] = logged;
    compat_mutex_unlock(&vs->lock);
}

uint64_t verstore_oldest_logged(verstore *vs)
{
    uint64_t oldest = 0;
    compat_mutex_lock(&vs->lock);
    for (uint32_t b = 0; b < vs->nbuckets; b++)
        for (const ver_chain *ch = vs->buckets[b]; ch != NULL; ch = ch->hash_next)
            for (const version *v = ch->newest; v != NULL; v = v->older)
                if (v->commit == 0 && v->lsn != 0 && (oldest == 0 || v->lsn < oldest)) oldest = v->lsn;
    compat_mutex_unlock(&vs->lock);
    return oldest;
}

static bool over_budget(const verstore *vs, uint64_t more)
{
    return vs->max_bytes != 0 && vs->bytes + more > vs->max_bytes;
}

static JET_ERR hook_before_change(void *ctx, const btree_tree *t, btree_change op, const uint8_t *key, uint32_t cb_key,
                                  const uint8_t *dup, uint32_t cb_dup, const btree_node_state *before)
{
    JET_ERR err = JET_errSuccess;
    ver_actor *a = ctx;
    verstore *vs = a->vs;
    ver_chain *ch;
    version *v = NULL;
    uint32_t hash = 0, ifile = t->db->ifile;

    if (ifile >= FILES_MAX) return JET_errInvalidParameter;
    compat_mutex_lock(&vs->lock);
    ch = chain_find(vs, ifile, t->objid, key, cb_key, dup, cb_dup, &hash);
    /* First writer wins: the node's newest change must be ours or visible to us. An
     * insert reports it as a duplicate key (ErrBTInsert: "insert never returns a
     * writeConflict, turn it into a keyDuplicate"). */
    if (conflicts(ch, a, VER_IMAGE)) FAIL(op == BTREE_CHANGE_INSERT ? JET_errKeyDuplicate : JET_errWriteConflict);
    /* inserting over a live node: a duplicate key, recorded nowhere */
    if (op == BTREE_CHANGE_INSERT && before->present && !before->flagged) FAIL(JET_errKeyDuplicate);
    if (over_budget(vs, sizeof *v + (before->present ? before->cb_data : 0))) FAIL(JET_errVersionStoreOutOfMemory);
    /* one allocation: the version, then its before-image */
    v = compat_calloc(1, sizeof *v + (before->present ? before->cb_data : 0u));
    if (v == NULL) FAIL(JET_errOutOfMemory);
    if (before->present && before->cb_data != 0) {
        v->before = (uint8_t *)(v + 1);
        memcpy(v->before, before->data, before->cb_data);
    }
    v->kind = VER_IMAGE;
    v->cb_before = before->present ? before->cb_data : 0;
    v->before_present = before->present;
    v->before_flagged = before->flagged;
    v->leaves_flagged = op == BTREE_CHANGE_DELETE;
    CHECK(chain_get(vs, ifile, t->objid, t, key, cb_key, dup, cb_dup, &ch));
    CHECK(log_undo_of(vs, a, ch, v));
    version_link(vs, ch, v, a);
    v = NULL;
done:
    compat_mutex_unlock(&vs->lock);
    compat_free(v);
    return err;
}

/* Whether the session's own uncommitted versions of ch already give what kind asks
 * (ESE folds such requests into the versions it has). Lock held. */
static bool already_held(const ver_chain *ch, const ver_actor *a, ver_kind kind)
{
    const version *n = ch != NULL ? ch->newest : NULL;
    if (n == NULL || n->owner != a->owner || n->commit != 0) return false;
    if (n->kind == kind) return true;
    if (kind == VER_READ_LOCK) return n->kind == VER_WRITE_LOCK || n->kind == VER_IMAGE;
    if (kind == VER_WRITE_LOCK) return n->kind == VER_IMAGE;
    return false;
}

JET_ERR verstore_lock(ver_actor *a, uint32_t ifile, uint32_t objid, const btree_tree *t, const uint8_t *key,
                      uint32_t cb_key, ver_kind kind)
{
    JET_ERR err = JET_errSuccess;
    verstore *vs = a->vs;
    ver_chain *ch;
    version *v = NULL;
    uint32_t hash = 0;

    if (ifile >= FILES_MAX || (kind != VER_READ_LOCK && kind != VER_WRITE_LOCK)) return JET_errInvalidParameter;
    compat_mutex_lock(&vs->lock);
    ch = chain_find(vs, ifile, objid, key, cb_key, NULL, 0, &hash);
    if (conflicts(ch, a, kind)) FAIL(JET_errWriteConflict);
    if (already_held(ch, a, kind)) goto done;
    if (over_budget(vs, sizeof *v)) FAIL(JET_errVersionStoreOutOfMemory);
    v = compat_calloc(1, sizeof *v);
    if (v == NULL) FAIL(JET_errOutOfMemory);
    v->kind = kind;
    CHECK(chain_get(vs, ifile, objid, t, key, cb_key, NULL, 0, &ch));
    version_link(vs, ch, v, a);
    v = NULL;
done:
    compat_mutex_unlock(&vs->lock);
    compat_free(v);
    return err;
}

JET_ERR verstore_delta_check(ver_actor *a, const btree_tree *t, const uint8_t *key, uint32_t cb_key)
{
    verstore *vs = a->vs;
    uint32_t hash = 0;
    bool bad;
    if (t->db->ifile >= FILES_MAX) return JET_errInvalidParameter;
    compat_mutex_lock(&vs->lock);
    bad = conflicts(chain_find(vs, t->db->ifile, t->objid, key, cb_key, NULL, 0, &hash), a, VER_DELTA);
    compat_mutex_unlock(&vs->lock);
    return bad ? JET_errWriteConflict : JET_errSuccess;
}

JET_ERR verstore_delta(ver_actor *a, const btree_tree *t, const uint8_t *key, uint32_t cb_key, uint32_t ib, uint32_t cb,
                       int64_t delta, bool on_zero, uint32_t tag, version **out)
{
    JET_ERR err = JET_errSuccess;
    verstore *vs = a->vs;
    ver_chain *ch;
    version *v = NULL;
    uint32_t hash = 0, ifile = t->db->ifile;

    if (out != NULL) *out = NULL;
    if (ifile >= FILES_MAX || (cb != 4 && cb != 8)) return JET_errInvalidParameter;
    compat_mutex_lock(&vs->lock);
    ch = chain_find(vs, ifile, t->objid, key, cb_key, NULL, 0, &hash);
    if (conflicts(ch, a, VER_DELTA)) FAIL(JET_errWriteConflict);
    if (over_budget(vs, sizeof *v)) FAIL(JET_errVersionStoreOutOfMemory);
    v = compat_calloc(1, sizeof *v);
    if (v == NULL) FAIL(JET_errOutOfMemory);
    v->kind = VER_DELTA;
    v->delta = delta;
    v->ib = ib;
    v->cb = cb;
    v->on_zero = on_zero;
    v->tag = tag;
    CHECK(chain_get(vs, ifile, t->objid, t, key, cb_key, NULL, 0, &ch));
    CHECK(log_undo_of(vs, a, ch, v));
    version_link(vs, ch, v, a);
    if (out != NULL) *out = v;
    v = NULL;
done:
    compat_mutex_unlock(&vs->lock);
    compat_free(v);
    return err;
}

bool verstore_node_busy(verstore *vs, const void *except, uint32_t ifile, uint32_t objid, const uint8_t *key,
                        uint32_t cb_key)
{
    uint32_t hash = 0;
    bool busy = false;
    if (ifile >= FILES_MAX) return false;
    compat_mutex_lock(&vs->lock);
    ver_chain *ch = chain_find(vs, ifile, objid, key, cb_key, NULL, 0, &hash);
    for (const version *v = ch != NULL ? ch->newest : NULL; v != NULL && !busy; v = v->older)
        busy = v->commit == 0 && (except == NULL || v->owner != except);
    compat_mutex_unlock(&vs->lock);
    return busy;
}

bool verstore_would_conflict(ver_actor *a, uint32_t ifile, uint32_t objid, const uint8_t *key, uint32_t cb_key)
{
    uint32_t hash = 0;
    bool c;
    if (ifile >= FILES_MAX) return false;
    compat_mutex_lock(&a->vs->lock);
    c = conflicts(chain_find(a->vs, ifile, objid, key, cb_key, NULL, 0, &hash), a, VER_IMAGE);
    compat_mutex_unlock(&a->vs->lock);
    return c;
}

const btree_hooks verstore_write_hooks = {hook_before_change, true};

/* ---- reading ---- */

/* Adds delta to the little-endian integer of cb bytes at p (two's complement, wrapping
 * as ESE's fixed-width sum does). */
static void int_add(uint8_t *p, uint32_t cb, uint64_t delta)
{
    byte_order_put_le_n(p, byte_order_get_le_n(p, cb) + delta, cb);
}

static int filter_visible(void *ctx, uint32_t ifile, uint32_t objid, bool dup, const uint8_t *key, uint32_t cb_key,
                          bool flagged, const uint8_t **data, uint32_t *cb_data, uint8_t **scratch, uint32_t *cap)
{
    const ver_actor *a = ctx;
    verstore *vs = a->vs;
    ver_chain *ch;
    const version *v, *base = NULL, *stop;
    uint32_t hash = 0;
    bool hidden_delta = false;
    int visible;

    /* No version of any node of this file: the page is what every reader sees, and no
     * lock is needed to know it (the common case of a read with no writer about). */
    if (ifile >= FILES_MAX || atomic_load_explicit(&vs->chains_of_file[ifile], memory_order_acquire) == 0)
        return flagged ? 0 : 1;
    compat_mutex_lock(&vs->lock);
    ch = chain_find(vs, ifile, objid, key, cb_key, dup ? *data : NULL, dup ? *cb_data : 0, &hash);
    /* The walk stops at the newest before-image the reader sees (everything older is
     * seen too); the oldest before-image above it it may not see is its image. Locks
     * change nothing; deltas it may not see are taken off that image afterwards. */
    for (v = ch != NULL ? ch->newest : NULL; v != NULL; v = v->older) {
        if (v->kind == VER_IMAGE) {
            if (sees(a, v)) break;
            base = v;
            hidden_delta = false;
        } else if (v->kind == VER_DELTA && !sees(a, v)) {
            hidden_delta = true;
        }
    }
    stop = v;
    if (base == NULL && !hidden_delta) {
        /* the page is what the reader sees */
        compat_mutex_unlock(&vs->lock);
        return flagged ? 0 : 1;
    }
    visible = base != NULL ? base->before_present && !base->before_flagged : !flagged;
    if (visible && !dup) {
        const uint8_t *src = base != NULL ? base->before : *data;
        uint32_t cb = base != NULL ? base->cb_before : *cb_data;
        if (*cap < cb || *scratch == NULL) {
            uint8_t *p = compat_realloc(*scratch, cb ? cb : 1u);
            if (p == NULL) {
                compat_mutex_unlock(&vs->lock);
                return JET_errOutOfMemory;
            }
            *scratch = p;
            *cap = cb ? cb : 1u;
        }
        if (cb != 0 && src != *scratch) memmove(*scratch, src, cb);
        for (v = base != NULL ? base->older : ch->newest; v != stop; v = v->older)
            if (v->kind == VER_DELTA && !sees(a, v) && (uint64_t)v->ib + v->cb <= cb)
                int_add(*scratch + v->ib, v->cb, (uint64_t)0 - (uint64_t)v->delta);
        *data = *scratch;
        *cb_data = cb;
    }
    compat_mutex_unlock(&vs->lock);
    return visible;
}

const btree_filter verstore_read_filter = {filter_visible};

/* ---- commit, undo, cleanup ---- */

/* A delta that brought its column to zero commits: its record is to be deleted if it
 * is still at zero then (best effort: without memory it is not). Lock held. */
static void note_zero(verstore *vs, const version *v)
{
    const ver_chain *ch = v->chain;
    ver_zero *z;
    INVARIANT(compat_mutex_held(&vs->lock));
    z = compat_calloc(1, sizeof *z);
    if (z == NULL) return;
    z->key = compat_malloc(ch->cb_key ? ch->cb_key : 1u);
    if (z->key == NULL) {
        compat_free(z);
        return;
    }
    if (ch->cb_key != 0) memcpy(z->key, ch->id, ch->cb_key);
    z->cb_key = ch->cb_key;
    z->owner = v->owner;
    z->tag = v->tag;
    z->ifile = ch->ifile;
    z->objid = ch->objid;
    z->ib = v->ib;
    z->cb = v->cb;
    z->next = vs->zeroes;
    vs->zeroes = z;
}

ver_zero *verstore_take_zeroes(verstore *vs, const void *owner)
{
    ver_zero *mine = NULL, **link;
    compat_mutex_lock(&vs->lock);
    link = &vs->zeroes;
    while (*link != NULL) {
        ver_zero *z = *link;
        if (z->owner != owner) {
            link = &z->next;
            continue;
        }
        *link = z->next;
        z->next = mine;
        mine = z;
    }
    compat_mutex_unlock(&vs->lock);
    return mine;
}

void verstore_free_zeroes(ver_zero *z)
{
    while (z != NULL) {
        ver_zero *next = z->next;
        compat_free(z->key);
        compat_free(z);
        z = next;
    }
}

uint64_t verstore_commit(verstore *vs, version **undo, uint32_t level)
{
    uint64_t t = 0;
    compat_mutex_lock(&vs->lock);
    if (level > 1) {
        for (version *v = *undo; v != NULL && v->level >= level; v = v->next_undo) v->level = level - 1u;
    } else {
        /* Oldest first into the cleanup queues, all with one commit time. */
        t = ++vs->clock;
        version *rev = NULL;
        while (*undo != NULL) {
            version *v = *undo;
            *undo = v->next_undo;
            v->next_undo = rev;
            rev = v;
        }
        while (rev != NULL) {
            version *v = rev;
            uint32_t f = v->chain->ifile;
            rev = v->next_undo;
            v->next_undo = NULL;
            v->commit = t;
            INVARIANT(v->kind != VER_IMAGE || image_in_order(v));
            INVARIANT(queued_in_order(vs, f, v));
            if (v->kind == VER_DELTA && v->on_zero) note_zero(vs, v);
            if (vs->clean_tail[f] != NULL) vs->clean_tail[f]->next_clean = v;
            else vs->clean_head[f] = v;
            vs->clean_tail[f] = v;
        }
    }
    compat_mutex_unlock(&vs->lock);
    return t;
}

version *verstore_undo_next(verstore *vs, version **undo, uint32_t level, uint32_t *ifile)
{
    version *v;
    compat_mutex_lock(&vs->lock);
    v = *undo;
    if (v != NULL && v->level >= level) *ifile = v->chain->ifile;
    else v = NULL;
    compat_mutex_unlock(&vs->lock);
    return v;
}

/* Takes v out of its chain, wherever it is, and frees it; the chain goes when it
 * empties. Lock held. */
static void unlink_version(verstore *vs, version *v)
{
    ver_chain *ch = v->chain;
    version **link = &ch->newest;
    INVARIANT(compat_mutex_held(&vs->lock));
    while (*link != NULL && *link != v) link = &(*link)->older;
    INVARIANT(*link == v); /* v is in its chain */
    if (*link == v) *link = v->older;
    version_free(vs, v);
    if (ch->newest == NULL) chain_unlink_and_free(vs, ch);
}

/* Takes a delta back from the page: the node's number less the delta (other sessions'
 * deltas made since stay in it). A node that is gone has nothing to take back. */
JET_ERR verstore_subtract_delta(const btree_tree *tree, const uint8_t *key, uint32_t cb_key, uint32_t ib, uint32_t cb,
                          int64_t delta)
{
    JET_ERR err = JET_errSuccess;
    btree_cursor cur;
    uint8_t *rec = NULL;
    uint32_t cb_rec = 0;
    bool found = false;

    memset(&cur, 0, sizeof cur);
    CHECK(btree_open(&cur, tree->db->c, tree->db->ifile, tree->pgno_root));
    err = btree_seek(&cur, key, cb_key);
    if (err == JET_errRecordNotFound || err == JET_errNoCurrentRecord) {
        err = JET_errSuccess;
    } else {
        CHECK(err);
        if (cur.cb_key == cb_key && (cb_key == 0 || memcmp(cur.key, key, cb_key) == 0) &&
            (uint64_t)ib + cb <= cur.cb_data) {
            cb_rec = cur.cb_data;
            rec = compat_malloc(cb_rec);
            if (rec == NULL) FAIL(JET_errOutOfMemory);
            memcpy(rec, cur.data, cb_rec);
            found = true;
        }
    }
    btree_close(&cur);
    if (found) {
        int_add(rec + ib, cb, (uint64_t)0 - (uint64_t)delta);
        CHECK(btree_replace(tree, key, cb_key, rec, cb_rec));
    }
done:
    btree_close(&cur);
    compat_free(rec);
    return err;
}

JET_ERR verstore_undo(verstore *vs, version **undo, version *v)
{
    JET_ERR err = JET_errSuccess;
    btree_node_state st;
    ver_chain *ch = v->chain;
    btree_tree tree;
    bool has_tree;

    /* The page changes under the write lock of the node's database, which the caller
     * holds: no other writer runs meanwhile, so the chain's tree and id stay put. */
    compat_mutex_lock(&vs->lock);
    tree = ch->tree;
    has_tree = ch->has_tree;
    compat_mutex_unlock(&vs->lock);
    if (v->kind == VER_IMAGE && has_tree) {
        st.present = v->before_present;
        st.flagged = v->before_flagged;
        st.data = v->before;
        st.cb_data = v->cb_before;
        CHECK(btree_restore(&tree, ch->id, ch->cb_key, ch->dup ? ch->id + ch->cb_key : NULL, ch->cb_id - ch->cb_key,
                            &st));
    } else if (v->kind == VER_DELTA && has_tree) {
        CHECK(verstore_subtract_delta(&tree, ch->id, ch->cb_key, v->ib, v->cb, v->delta));
    }
    CHECK(log_undone(vs, v));
    compat_mutex_lock(&vs->lock);
    INVARIANT(*undo == v && v->commit == 0); /* the session's newest uncommitted version */
    *undo = v->next_undo;
    if (v->kind == VER_DELTA && v->delta < 0) {
        /* a decrement taken back: no delta of the column reached zero after all (ESE
         * clears the flags of the whole chain) */
        for (version *o = ch->newest; o != NULL; o = o->older)
            if (o->kind == VER_DELTA && o->ib == v->ib) o->on_zero = false;
    }
    unlink_version(vs, v);
    compat_mutex_unlock(&vs->lock);
done:
    return err;
}

void verstore_discard(verstore *vs, version **undo, version *v)
{
    if (v == NULL) return;
    compat_mutex_lock(&vs->lock);
    /* its change was never made; an UNDONE the log cannot take leaves the log failed,
     * and the instance stops at its next commit */
    if (log_undone(vs, v) < 0) v->lsn = 0;
    if (v->commit == 0) {
        version **link = undo;
        while (*link != NULL && *link != v) link = &(*link)->next_undo;
        if (*link == v) *link = v->next_undo;
    } else {
        /* committed at once (level 0): out of its file's cleanup queue */
        uint32_t f = v->chain->ifile;
        version *prev = NULL, *q = vs->clean_head[f];
        while (q != NULL && q != v) prev = q, q = q->next_clean;
        if (q == v) {
            if (prev != NULL) prev->next_clean = v->next_clean;
            else vs->clean_head[f] = v->next_clean;
            if (vs->clean_tail[f] == v) vs->clean_tail[f] = prev;
        }
    }
    unlink_version(vs, v);
    compat_mutex_unlock(&vs->lock);
}

JET_ERR verstore_cleanup(verstore *vs, uint32_t ifile, uint64_t oldest_snapshot, uint32_t budget)
{
    JET_ERR err = JET_errSuccess;
    uint32_t done_count = 0;

    if (ifile >= FILES_MAX) return JET_errInvalidParameter;
    compat_mutex_lock(&vs->lock);
    while (vs->clean_head[ifile] != NULL && (budget == 0 || done_count < budget)) {
        version *v = vs->clean_head[ifile];
        ver_chain *ch = v->chain;
        bool purge;
        /* Every snapshot sees v: it is history. Older committed versions of its node
         * were queued before it (queue order is commit order) and are gone; older
         * uncommitted ones (deltas, read locks of other sessions) stay. */
        if (oldest_snapshot != 0 && v->commit >= oldest_snapshot) break;
        INVARIANT(v->commit != 0 && (v->kind != VER_IMAGE || older_image(v) == NULL));
        vs->clean_head[ifile] = v->next_clean;
        if (vs->clean_head[ifile] == NULL) vs->clean_tail[ifile] = NULL;
        v->next_clean = NULL;
        done_count++;
        /* the last version of a node: the page holds its final state (the one v's change
         * left: the versions above it were undone), and a node left flag-deleted is
         * garbage now. Only a delete leaves one, so the tree is searched only then
         * (ESE's VER::ErrVERICleanOneRCE acts on the page only for operFlagDelete). */
        purge = v->kind == VER_IMAGE && v->leaves_flagged && ch->newest == v && v->older == NULL && ch->has_tree;
        if (!purge) {
            unlink_version(vs, v);
            continue;
        }
        {
            /* out of the table, then the page changed without the lock; the chain's
             * memory (which holds the id) goes after */
            btree_tree tree = ch->tree;
            ch->newest = NULL;
            version_free(vs, v);
            chain_unlink(vs, ch);
            compat_mutex_unlock(&vs->lock);
            err = btree_purge_flagged(&tree, ch->id, ch->cb_key, ch->dup ? ch->id + ch->cb_key : NULL,
                                      ch->cb_id - ch->cb_key);
            compat_free(ch);
            compat_mutex_lock(&vs->lock);
            if (err < 0) break;
        }
    }
    compat_mutex_unlock(&vs->lock);
    return err;
}

bool verstore_has_uncommitted(verstore *vs, uint32_t ifile)
{
    bool any = false;
    if (ifile >= FILES_MAX) return false;
    compat_mutex_lock(&vs->lock);
    for (uint32_t b = 0; vs->chains_of_file[ifile] != 0 && !any && b < vs->nbuckets; b++)
        for (const ver_chain *ch = vs->buckets[b]; ch != NULL && !any; ch = ch->hash_next)
            for (const version *v = ch->ifile == ifile ? ch->newest : NULL; v != NULL && !any; v = v->older)
                any = v->commit == 0;
    compat_mutex_unlock(&vs->lock);
    return any;
}

void verstore_forget_file(verstore *vs, uint32_t ifile)
{
    if (ifile >= FILES_MAX) return;
    compat_mutex_lock(&vs->lock);
    for (uint32_t b = 0; b < vs->nbuckets; b++) {
        ver_chain **link = &vs->buckets[b];
        while (*link != NULL) {
            ver_chain *ch = *link;
            if (ch->ifile != ifile) {
                link = &ch->hash_next;
                continue;
            }
            *link = ch->hash_next;
            for (version *v = ch->newest; v != NULL;) {
                version *older = v->older;
                version_free(vs, v);
                v = older;
            }
            vs->nchains--;
            vs->chains_of_file[ifile]--;
            vs->bytes -= sizeof *ch + ch->cb_id;
            compat_free(ch);
        }
    }
    vs->clean_head[ifile] = vs->clean_tail[ifile] = NULL;
    for (ver_zero **link = &vs->zeroes; *link != NULL;) {
        ver_zero *z = *link;
        if (z->ifile != ifile) {
            link = &z->next;
            continue;
        }
        *link = z->next;
        z->next = NULL;
        verstore_free_zeroes(z);
    }
    compat_mutex_unlock(&vs->lock);
}
