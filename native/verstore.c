/* verstore.c: the version store (see verstore.h): a hash table of node chains, each
 * version linked three ways: in its node's chain (newest first), in its session's undo
 * list while uncommitted (newest first), and in its file's cleanup queue once committed
 * (oldest commit first).
 * May call: common.h, btree.h, compat (memory, mutex). */
#include "verstore.h"

#include <string.h>

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
    bool before_present, before_flagged;
    uint8_t *before;
    uint32_t cb_before;
};

struct ver_chain {
    ver_chain *hash_next;
    uint32_t hash;
    uint32_t ifile, objid;
    btree_tree tree;           /* where the node lives, without hooks: for undo and cleanup */
    uint8_t *id;               /* key, then dup data for non-unique trees */
    uint32_t cb_key, cb_id;
    bool dup;
    version *newest;
};

struct verstore {
    compat_mutex lock;
    uint64_t clock;
    uint64_t bytes, max_bytes;
    ver_chain **buckets;
    uint32_t nbuckets, nchains;
    version *clean_head[FILES_MAX], *clean_tail[FILES_MAX];
    uint32_t chains_of_file[FILES_MAX];
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
    compat_free(v->before);
    compat_free(v);
}

static void chain_unlink_and_free(verstore *vs, ver_chain *ch)
{
    ver_chain **link = &vs->buckets[ch->hash & (vs->nbuckets - 1u)];
    while (*link != NULL && *link != ch) link = &(*link)->hash_next;
    if (*link == ch) *link = ch->hash_next;
    vs->nchains--;
    vs->chains_of_file[ch->ifile]--;
    vs->bytes -= sizeof *ch + ch->cb_id;
    compat_free(ch->id);
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
                compat_free(v->before);
                compat_free(v);
                v = older;
            }
            compat_free(ch->id);
            compat_free(ch);
            ch = next;
        }
    }
    compat_free(vs->buckets);
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

uint64_t verstore_now(verstore *vs)
{
    uint64_t t;
    compat_mutex_lock(&vs->lock);
    t = vs->clock;
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

/* The node's identity: key, then (non-unique trees) data. Lock held. */
static ver_chain *chain_find(verstore *vs, uint32_t ifile, uint32_t objid, const uint8_t *key, uint32_t cb_key,
                             const uint8_t *dup, uint32_t cb_dup, uint32_t *hash_out)
{
    uint32_t cb = cb_key + cb_dup, h = 2166136261u ^ ifile * 16777619u ^ objid * 0x9e3779b1u;
    ver_chain *ch;

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

/* ---- writing ---- */

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
    /* First writer wins: the node's newest change must be ours or visible to us. */
    if (ch != NULL && ch->newest != NULL) {
        const version *n = ch->newest;
        if (n->owner != a->owner && (n->commit == 0 || (a->trx != 0 && n->commit > a->trx))) FAIL(JET_errWriteConflict);
    }
    /* inserting over a live node: a duplicate key, recorded nowhere */
    if (op == BTREE_CHANGE_INSERT && before->present && !before->flagged) FAIL(JET_errKeyDuplicate);
    if (vs->max_bytes != 0 && vs->bytes + sizeof *v + (before->present ? before->cb_data : 0) > vs->max_bytes)
        FAIL(JET_errVersionStoreOutOfMemory);
    v = compat_calloc(1, sizeof *v);
    if (v == NULL) FAIL(JET_errOutOfMemory);
    if (before->present && before->cb_data != 0) {
        v->before = compat_malloc(before->cb_data);
        if (v->before == NULL) FAIL(JET_errOutOfMemory);
        memcpy(v->before, before->data, before->cb_data);
    }
    v->cb_before = before->present ? before->cb_data : 0;
    v->before_present = before->present;
    v->before_flagged = before->flagged;
    if (ch == NULL) {
        ch = compat_calloc(1, sizeof *ch);
        if (ch == NULL) FAIL(JET_errOutOfMemory);
        ch->id = compat_malloc(cb_key + cb_dup + 1u);
        if (ch->id == NULL) {
            compat_free(ch);
            FAIL(JET_errOutOfMemory);
        }
        if (cb_key != 0) memcpy(ch->id, key, cb_key);
        if (cb_dup != 0) memcpy(ch->id + cb_key, dup, cb_dup);
        ch->cb_key = cb_key;
        ch->cb_id = cb_key + cb_dup;
        ch->dup = dup != NULL;
        ch->hash = hash;
        ch->ifile = ifile;
        ch->objid = t->objid;
        ch->tree = *t;
        ch->tree.hooks = NULL;
        ch->tree.hook_ctx = NULL;
        ch->hash_next = vs->buckets[hash & (vs->nbuckets - 1u)];
        vs->buckets[hash & (vs->nbuckets - 1u)] = ch;
        vs->nchains++;
        vs->chains_of_file[ifile]++;
        vs->bytes += sizeof *ch + ch->cb_id;
        maybe_grow(vs);
    }
    v->chain = ch;
    v->owner = a->owner;
    v->trx = a->trx;
    v->level = a->level;
    v->older = ch->newest;
    ch->newest = v;
    vs->bytes += sizeof *v + v->cb_before;
    if (a->level == 0) {
        /* An implicit transaction commits as it changes. */
        v->commit = ++vs->clock;
        if (vs->clean_tail[ifile] != NULL) vs->clean_tail[ifile]->next_clean = v;
        else vs->clean_head[ifile] = v;
        vs->clean_tail[ifile] = v;
    } else {
        v->next_undo = *a->undo;
        *a->undo = v;
    }
    v = NULL;
done:
    compat_mutex_unlock(&vs->lock);
    if (v != NULL) {
        compat_free(v->before);
        compat_free(v);
    }
    return err;
}

const btree_hooks verstore_write_hooks = {hook_before_change, true};

/* ---- reading ---- */

static int filter_visible(void *ctx, uint32_t ifile, uint32_t objid, bool dup, const uint8_t *key, uint32_t cb_key,
                          bool flagged, const uint8_t **data, uint32_t *cb_data, uint8_t **scratch, uint32_t *cap)
{
    const ver_actor *a = ctx;
    verstore *vs = a->vs;
    ver_chain *ch;
    const version *v, *newer = NULL;
    uint32_t hash = 0;
    int visible;

    compat_mutex_lock(&vs->lock);
    ch = ifile < FILES_MAX && vs->chains_of_file[ifile] != 0
             ? chain_find(vs, ifile, objid, key, cb_key, dup ? *data : NULL, dup ? *cb_data : 0, &hash)
             : NULL;
    if (ch == NULL) {
        compat_mutex_unlock(&vs->lock);
        return flagged ? 0 : 1;
    }
    for (v = ch->newest; v != NULL; newer = v, v = v->older)
        if (sees(a, v)) break;
    if (newer == NULL) {
        /* the newest version is visible: the page is what the reader sees */
        compat_mutex_unlock(&vs->lock);
        return flagged ? 0 : 1;
    }
    /* the state before the oldest version the reader may not see */
    visible = newer->before_present && !newer->before_flagged;
    if (visible && !dup) {
        if (*cap < newer->cb_before || *scratch == NULL) {
            uint32_t n = newer->cb_before ? newer->cb_before : 1u;
            uint8_t *p = compat_realloc(*scratch, n);
            if (p == NULL) {
                compat_mutex_unlock(&vs->lock);
                return JET_errOutOfMemory;
            }
            *scratch = p;
            *cap = n;
        }
        if (newer->cb_before != 0) memcpy(*scratch, newer->before, newer->cb_before);
        *data = *scratch;
        *cb_data = newer->cb_before;
    }
    compat_mutex_unlock(&vs->lock);
    return visible;
}

const btree_filter verstore_read_filter = {filter_visible};

/* ---- commit, undo, cleanup ---- */

void verstore_commit(verstore *vs, version **undo, uint32_t level)
{
    compat_mutex_lock(&vs->lock);
    if (level > 1) {
        for (version *v = *undo; v != NULL && v->level >= level; v = v->next_undo) v->level = level - 1u;
    } else {
        /* Oldest first into the cleanup queues, all with one commit time. */
        uint64_t t = ++vs->clock;
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
            if (vs->clean_tail[f] != NULL) vs->clean_tail[f]->next_clean = v;
            else vs->clean_head[f] = v;
            vs->clean_tail[f] = v;
        }
    }
    compat_mutex_unlock(&vs->lock);
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

/* Drops version v (the newest of its chain) and the chain when it empties. Lock held. */
static void drop_newest(verstore *vs, version *v)
{
    ver_chain *ch = v->chain;
    ch->newest = v->older;
    version_free(vs, v);
    if (ch->newest == NULL) chain_unlink_and_free(vs, ch);
}

JET_ERR verstore_undo(verstore *vs, version **undo, version *v)
{
    JET_ERR err;
    btree_node_state st;
    ver_chain *ch = v->chain;

    /* Only this session changes the node while its version is uncommitted, and only its
     * own thread runs this: the page may be changed outside the lock. */
    st.present = v->before_present;
    st.flagged = v->before_flagged;
    st.data = v->before;
    st.cb_data = v->cb_before;
    err = btree_restore(&ch->tree, ch->id, ch->cb_key, ch->dup ? ch->id + ch->cb_key : NULL, ch->cb_id - ch->cb_key,
                        &st);
    if (err < 0) return err;
    compat_mutex_lock(&vs->lock);
    *undo = v->next_undo;
    drop_newest(vs, v);
    compat_mutex_unlock(&vs->lock);
    return JET_errSuccess;
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
        bool purge = false;
        /* Every snapshot sees v: v and every older version of its node are history. */
        if (oldest_snapshot != 0 && v->commit >= oldest_snapshot) break;
        vs->clean_head[ifile] = v->next_clean;
        if (vs->clean_head[ifile] == NULL) vs->clean_tail[ifile] = NULL;
        v->next_clean = NULL;
        done_count++;
        if (v->older != NULL) {
            /* the older versions of this node were queued before v: they are already
             * gone (queue order is commit order) or still uncommitted by nobody */
            version *o = v->older;
            v->older = NULL;
            while (o != NULL) {
                version *next = o->older;
                version_free(vs, o);
                o = next;
            }
        }
        if (ch->newest == v) {
            /* the page holds v's state: a flag-deleted node is garbage now */
            ch->newest = NULL;
            version_free(vs, v);
            purge = true;
        } else {
            /* newer versions remain; v's was the oldest: unlink it from below them */
            version *n = ch->newest;
            while (n != NULL && n->older != v) n = n->older;
            if (n != NULL) n->older = NULL;
            version_free(vs, v);
        }
        if (purge) {
            btree_tree tree = ch->tree;
            uint8_t *id = ch->id;
            uint32_t cb_key = ch->cb_key, cb_id = ch->cb_id;
            bool dup = ch->dup;
            ch->id = NULL;
            vs->bytes -= cb_id;
            ch->cb_id = 0;
            chain_unlink_and_free(vs, ch);
            compat_mutex_unlock(&vs->lock);
            err = btree_purge_flagged(&tree, id, cb_key, dup ? id + cb_key : NULL, cb_id - cb_key);
            compat_free(id);
            compat_mutex_lock(&vs->lock);
            if (err < 0) break;
        }
    }
    compat_mutex_unlock(&vs->lock);
    return err;
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
            compat_free(ch->id);
            compat_free(ch);
        }
    }
    vs->clean_head[ifile] = vs->clean_tail[ifile] = NULL;
    compat_mutex_unlock(&vs->lock);
}
