/* update.c: inserting, replacing and deleting records with their index entries and long
 * values (see update.h). Follows ESE's ErrRECIInsert, ErrRECIReplace, ErrRECIDelete
 * (recupd.cxx) and the null rules of ErrRECIAddToIndex / ErrRECIDeleteFromIndex.
 * Escrow updates and locks are versions of their own (verstore.h: deltas, locks). */
#include "update.h"

#include <string.h>

#include "byte_order.h"
#include "lv.h"

/* A tree of the table; its changes are versioned when the update runs for an actor. */
static btree_tree tree_of(const update_table *u, uint32_t pgno, uint32_t objid, uint32_t page_flags, uint32_t density)
{
    btree_tree t;
    t.db = u->db;
    t.density = density;
    t.pgno_root = pgno;
    t.objid = objid;
    t.page_flags = page_flags;
    t.hooks = u->ver != NULL ? &verstore_write_hooks : NULL;
    t.hook_ctx = u->ver;
    return t;
}

btree_tree update_table_tree(const update_table *u)
{
    /* The primary index is the table's tree: the table's density (ESE's FCB of the table,
     * from JET_TABLECREATE's ulDensity, 0: ulFILEDefaultDensity). */
    return tree_of(u, u->t->pgno_fdp, u->t->objid, 0, u->t->density);
}

btree_tree update_index_tree(const update_table *u, const record_index *idx)
{
    /* A secondary index's own SpaceUsage (an index created without one took the table's) */
    return tree_of(u, idx->pgno_fdp, idx->objid,
                   PAGE_FLAG_INDEX | ((idx->idb_flags & IDB_UNIQUE) ? 0u : PAGE_FLAG_NON_UNIQUE_KEYS),
                   idx->density != 0 ? idx->density : u->t->density);
}

btree_tree update_lv_tree(const update_table *u)
{
    /* Long-value trees fill their pages (ErrCATGetExtendedSpaceHints gives their
     * deferred hints ulFILEDensityMost) */
    return tree_of(u, u->t->pgno_lv, u->t->objid_lv, PAGE_FLAG_LONG_VALUE, 100u);
}

/* Tables with up to this many indexes keep an update's per-index lists on the stack. */
#define UPDATE_INDEXES_HERE 8u

static bool is_secondary(const catalog_table *t, const record_index *idx)
{
    return !(idx->idb_flags & IDB_PRIMARY) && idx->pgno_fdp != t->pgno_fdp;
}

JET_ERR update_index_key(const catalog_table *t, const record_index *idx, const record_view *rv, btree_cursor *lv,
                         uint8_t *out, uint32_t *cb_out, bool *present)
{
    JET_ERR err = JET_errSuccess;
    uint32_t nulls = 0;
    bool first_null = false;

    *present = true;
    for (uint32_t i = 0; i < idx->csegments; i++) {
        const record_column *col = catalog_column_by_id(t, idx->segments[i].columnid);
        record_state st = RECORD_ABSENT;
        record_value v;
        uint32_t count = 0;
        if (col == NULL) FAIL(JET_errColumnNotFound);
        CHECK(record_column_value(rv, col, 1, &count, &st, &v));
        if (st != RECORD_VALUE) {
            nulls++;
            if (i == 0) first_null = true;
        }
    }
    if (nulls != 0 && (idx->idb_flags & IDB_NO_NULL_SEG)) FAIL(JET_errNullKeyDisallowed);
    /* ESE: an all-null key, a null first segment or any null segment is left out of an
     * index that does not allow it. */
    if (nulls == idx->csegments && nulls != 0 && !(idx->idb_flags & IDB_ALLOW_ALL_NULLS)) *present = false;
    else if (first_null && !(idx->idb_flags & IDB_ALLOW_FIRST_NULL)) *present = false;
    else if (nulls != 0 && !(idx->idb_flags & IDB_ALLOW_SOME_NULLS)) *present = false;
    CHECK(key_from_record(t, idx, rv, lv, out, cb_out));
done:
    return err;
}

/* Adds or removes the entry of index idx for a record (key -> primary key). */
static JET_ERR entry_add(const update_table *u, const record_index *idx, const uint8_t *key, uint32_t cb_key,
                         const uint8_t *pk, uint32_t cb_pk)
{
    btree_tree tree = update_index_tree(u, idx);
    if (idx->idb_flags & IDB_UNIQUE) return btree_insert(&tree, key, cb_key, pk, cb_pk);
    return btree_insert_dup(&tree, key, cb_key, pk, cb_pk);
}

static JET_ERR entry_remove(const update_table *u, const record_index *idx, const uint8_t *key, uint32_t cb_key,
                            const uint8_t *pk, uint32_t cb_pk)
{
    btree_tree tree = update_index_tree(u, idx);
    if (idx->idb_flags & IDB_UNIQUE) return btree_delete(&tree, key, cb_key);
    return btree_delete_dup(&tree, key, cb_key, pk, cb_pk);
}

/* The next DBK of a table without a primary index: one past the last record's. */
static JET_ERR next_dbk(const update_table *u, uint8_t *pk, uint32_t *cb_pk)
{
    JET_ERR err = JET_errSuccess;
    btree_cursor cur;
    uint32_t dbk = 0;

    memset(&cur, 0, sizeof cur);
    CHECK(btree_open(&cur, u->db->c, u->db->ifile, u->t->pgno_fdp));
    err = btree_move_last(&cur);
    if (err == JET_errRecordNotFound) {
        err = JET_errSuccess;
    } else {
        CHECK(err);
        if (cur.cb_key != 4) FAIL(JET_errDatabaseCorrupted);
        dbk = byte_order_get_be32(cur.key);
    }
    if (dbk == UINT32_MAX) FAIL(JET_errOutOfAutoincrementValues);
    dbk++;
    byte_order_put_be32(pk, dbk);
    *cb_pk = 4;
done:
    btree_close(&cur);
    return err;
}

/* The table's LV tree opened for reading, when it has one. */
static JET_ERR open_lv(const update_table *u, btree_cursor *lv, bool *open)
{
    *open = false;
    if (u->t->pgno_lv == 0) return JET_errSuccess;
    JET_ERR err = btree_open(lv, u->db->c, u->db->ifile, u->t->pgno_lv);
    if (err >= 0) *open = true;
    return err;
}

/* Releases the long values the builder created (an update that failed). Best effort:
 * the update's own error is the one to report, and a value left behind is referred to by
 * no record (space lost, no data changed). */
static void drop_created(const update_table *u, record_build *rb, btree_cursor *lv, bool lv_open)
{
    btree_tree lvt = update_lv_tree(u);
    if (!lv_open) return;
    for (uint32_t i = 0; i < rb->ccreated; i++) (void)lv_delete(&lvt, lv, rb->created[i], LV_LID_CB);
    rb->ccreated = 0;
}

/* Adds every entry of the record (keys) to idx; on failure removes the ones it added. */
static JET_ERR entries_add(const update_table *u, const record_index *idx, const key_list *keys, const uint8_t *pk,
                           uint32_t cb_pk)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i, added = 0;
    for (i = 0; i < keys->count; i++) {
        CHECK(entry_add(u, idx, keys->v[i].pb, keys->v[i].cb, pk, cb_pk));
        added++;
    }
done:
    /* undo, best effort: err is the failure to report (see insert_record) */
    if (err < 0)
        for (i = added; i-- > 0;) (void)entry_remove(u, idx, keys->v[i].pb, keys->v[i].cb, pk, cb_pk);
    return err;
}

static bool lid_created(const record_build *rb, const uint8_t *lid, uint32_t cb)
{
    for (uint32_t i = 0; i < rb->ccreated; i++)
        if (memcmp(rb->created[i], lid, cb) == 0) return true;
    return false;
}

/* Adds (add) or takes back (!add, the first limit of them) a reference to each separated
 * long value of the new record rv that the encode did not create: an insert-copy's record
 * shares them with its original (ErrRECAffectLongFieldsInWorkBuf, lvaffectReferenceAll).
 * *done counts the references added. */
static JET_ERR reference_shared(const update_table *u, const record_build *rb, const record_view *rv, btree_cursor *lv,
                                bool add, uint32_t limit, uint32_t *done)
{
    JET_ERR err = JET_errSuccess;
    btree_tree lvt = update_lv_tree(u);
    uint32_t n = 0;

    for (uint32_t i = 0; i < rv->ctagged && n < limit; i++) {
        record_tagged_entry e;
        uint32_t count = 1;
        CHECK(record_tagged_at(rv, i, &e));
        for (uint32_t seq = 1; seq <= count && n < limit; seq++) {
            record_state st = RECORD_ABSENT;
            record_value v;
            CHECK(record_tagged(rv, record_tagged_entry_key(&e), seq, &count, &st, &v));
            if (st != RECORD_VALUE || !v.separated || v.cb > 8 || lid_created(rb, v.pb, v.cb)) continue;
            if (add) CHECK(lv_add_ref(&lvt, lv, v.pb, v.cb));
            else (void)lv_release(&lvt, lv, v.pb, v.cb); /* an undo: a reference not taken back keeps the value */
            n++;
        }
    }
done:
    if (done != NULL) *done = n;
    return err;
}

static JET_ERR insert_record(const update_table *u, record_build *rb, uint8_t *pk, uint32_t *cb_pk, bool share_lvs);

JET_ERR update_insert(const update_table *u, record_build *rb, uint8_t *pk, uint32_t *cb_pk)
{
    return insert_record(u, rb, pk, cb_pk, rb->insert_copy);
}

/* share_lvs: the record's inherited long values get a reference of their own (a plain
 * insert-copy; not when the original goes, whose references the copy takes over). */
static JET_ERR insert_record(const update_table *u, record_build *rb, uint8_t *pk, uint32_t *cb_pk, bool share_lvs)
{
    JET_ERR err = JET_errSuccess;
    const catalog_table *t = u->t;
    const record_index *pidx = catalog_primary_index(t);
    btree_tree table = update_table_tree(u), lvt = update_lv_tree(u);
    btree_cursor lv;
    bool lv_open = false, primary_done = false, present = false;
    uint8_t *rec = NULL;
    uint32_t cb_rec = 0, added = 0, i, refs = 0;
    record_view rv;
    key_list keys_here[UPDATE_INDEXES_HERE], *keys = keys_here;

    memset(&lv, 0, sizeof lv);
    memset(&rv, 0, sizeof rv);
    memset(keys_here, 0, sizeof keys_here);
    if (t->cindexes > UPDATE_INDEXES_HERE) {
        keys = compat_calloc(t->cindexes, sizeof *keys);
        if (keys == NULL) FAIL(JET_errOutOfMemory);
    }
    CHECK(record_build_check(rb));
    CHECK(open_lv(u, &lv, &lv_open));
    CHECK(record_build_encode(rb, lv_open ? &lvt : NULL, lv_open ? &lv : NULL, &rec, &cb_rec));
    CHECK(record_open(rec, cb_rec, page_is_large(u->db->cb_page), &rv));
    if (pidx != NULL) CHECK(update_index_key(t, pidx, &rv, lv_open ? &lv : NULL, pk, cb_pk, &present));
    else CHECK(next_dbk(u, pk, cb_pk));
    /* the keys first: a record none of whose entries can be made is not inserted */
    for (i = 0; i < t->cindexes; i++)
        if (is_secondary(t, &t->indexes[i]))
            CHECK(key_list_from_record(t, &t->indexes[i], &rv, lv_open ? &lv : NULL, &keys[i]));
    CHECK(btree_insert(&table, pk, *cb_pk, rec, cb_rec));
    primary_done = true;
    /* one entry per key: several for a multi-valued column (key.h) */
    for (i = 0; i < t->cindexes; i++) {
        if (is_secondary(t, &t->indexes[i])) CHECK(entries_add(u, &t->indexes[i], &keys[i], pk, *cb_pk));
        added++;
    }
    if (share_lvs && lv_open) CHECK(reference_shared(u, rb, &rv, &lv, true, UINT32_MAX, &refs));
done:
    if (err < 0) {
        /* The undo is best effort: err, the first failure, is what the caller gets; a step
         * that fails too (I/O, no buffer) cannot be reported better and leaves its change. */
        if (refs != 0) (void)reference_shared(u, rb, &rv, &lv, false, refs, NULL);
        /* Undo in reverse: the indexes done, the record, the long values created (an
         * index that failed took its own entries out). */
        for (i = added; i-- > 0;) {
            const record_index *idx = &t->indexes[i];
            if (!is_secondary(t, idx)) continue;
            for (uint32_t k = keys[i].count; k-- > 0;)
                (void)entry_remove(u, idx, keys[i].v[k].pb, keys[i].v[k].cb, pk, *cb_pk);
        }
        if (primary_done) (void)btree_delete(&table, pk, *cb_pk);
        drop_created(u, rb, &lv, lv_open);
    }
    if (lv_open) btree_close(&lv);
    if (keys != NULL)
        for (i = 0; i < t->cindexes; i++) key_list_free(&keys[i]);
    if (keys != keys_here) compat_free(keys);
    compat_free(rec);
    return err;
}

/* The stored record with primary key pk, copied (the caller frees *rec). */
/* The record a replace or delete changes is gone from the page: another session's
 * uncommitted (or too recent) delete is a write conflict, else the record is deleted. */
static JET_ERR missing_record(const update_table *u, const uint8_t *pk, uint32_t cb_pk)
{
    if (u->ver != NULL && verstore_would_conflict(u->ver, u->db->ifile, u->t->objid, pk, cb_pk))
        return JET_errWriteConflict;
    return JET_errRecordDeleted;
}

/* rec NULL: only whether the record is there (no copy). */
static JET_ERR read_record(const update_table *u, const uint8_t *pk, uint32_t cb_pk, uint8_t **rec, uint32_t *cb_rec)
{
    JET_ERR err = JET_errSuccess;
    btree_cursor cur;

    if (rec != NULL) *rec = NULL;
    memset(&cur, 0, sizeof cur);
    CHECK(btree_open(&cur, u->db->c, u->db->ifile, u->t->pgno_fdp));
    err = btree_seek(&cur, pk, cb_pk);
    if (err == JET_errRecordNotFound) FAIL(missing_record(u, pk, cb_pk));
    CHECK(err);
    if (cur.cb_key != cb_pk || memcmp(cur.key, pk, cb_pk) != 0) FAIL(missing_record(u, pk, cb_pk));
    if (rec == NULL) goto done;
    *rec = compat_malloc(cur.cb_data ? cur.cb_data : 1u);
    if (*rec == NULL) FAIL(JET_errOutOfMemory);
    memcpy(*rec, cur.data, cur.cb_data);
    *cb_rec = cur.cb_data;
done:
    btree_close(&cur);
    return err;
}

/* The entries a replace changes in one index: the old record's keys the new one lacks
 * go, the new record's keys the old one lacked come (ESE's ErrRECIReplaceInIndex); a key
 * both have stays. removed/added: how far the change got (for its undo). */
typedef struct entry_change {
    key_list old_keys, new_keys;
    uint32_t removed, added;
} entry_change;

/* Takes out the old entries, then puts in the new ones (so that a unique index sees no
 * clash with the record's own entries). */
static JET_ERR change_apply(const update_table *u, const record_index *idx, entry_change *ch, const uint8_t *pk,
                            uint32_t cb_pk)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i;
    for (i = 0; i < ch->old_keys.count; i++) {
        const key_entry *e = &ch->old_keys.v[i];
        if (!key_list_contains(&ch->new_keys, e->pb, e->cb)) CHECK(entry_remove(u, idx, e->pb, e->cb, pk, cb_pk));
        ch->removed = i + 1u;
    }
    for (i = 0; i < ch->new_keys.count; i++) {
        const key_entry *e = &ch->new_keys.v[i];
        if (!key_list_contains(&ch->old_keys, e->pb, e->cb)) CHECK(entry_add(u, idx, e->pb, e->cb, pk, cb_pk));
        ch->added = i + 1u;
    }
done:
    return err;
}

/* Undoes what change_apply did, newest first; best effort, as insert_record's undo. */
static void change_undo(const update_table *u, const record_index *idx, entry_change *ch, const uint8_t *pk,
                        uint32_t cb_pk)
{
    uint32_t i;
    for (i = ch->added; i-- > 0;) {
        const key_entry *e = &ch->new_keys.v[i];
        if (!key_list_contains(&ch->old_keys, e->pb, e->cb)) (void)entry_remove(u, idx, e->pb, e->cb, pk, cb_pk);
    }
    for (i = ch->removed; i-- > 0;) {
        const key_entry *e = &ch->old_keys.v[i];
        if (!key_list_contains(&ch->new_keys, e->pb, e->cb)) (void)entry_add(u, idx, e->pb, e->cb, pk, cb_pk);
    }
    ch->added = ch->removed = 0;
}

JET_ERR update_replace(const update_table *u, const uint8_t *pk, uint32_t cb_pk, record_build *rb)
{
    JET_ERR err = JET_errSuccess;
    const catalog_table *t = u->t;
    const record_index *pidx = catalog_primary_index(t);
    btree_tree table = update_table_tree(u), lvt = update_lv_tree(u);
    btree_cursor lv;
    bool lv_open = false, present = false, primary_done = false;
    uint8_t *old_rec = NULL, *rec = NULL, key[KEY_BUFFER_MAX];
    uint32_t cb_old = 0, cb_rec = 0, cb_key = 0, i;
    record_view old_rv, rv;
    entry_change changes_here[UPDATE_INDEXES_HERE], *changes = changes_here;

    memset(&lv, 0, sizeof lv);
    memset(changes_here, 0, sizeof changes_here);
    if (t->cindexes > UPDATE_INDEXES_HERE) {
        changes = compat_calloc(t->cindexes, sizeof *changes);
        if (changes == NULL) FAIL(JET_errOutOfMemory);
    }
    CHECK(record_build_check(rb));
    CHECK(read_record(u, pk, cb_pk, &old_rec, &cb_old));
    CHECK(open_lv(u, &lv, &lv_open));
    CHECK(record_build_encode(rb, lv_open ? &lvt : NULL, lv_open ? &lv : NULL, &rec, &cb_rec));
    CHECK(record_open(rec, cb_rec, page_is_large(u->db->cb_page), &rv));
    CHECK(record_open(old_rec, cb_old, page_is_large(u->db->cb_page), &old_rv));
    if (pidx != NULL) {
        CHECK(update_index_key(t, pidx, &rv, lv_open ? &lv : NULL, key, &cb_key, &present));
        if (cb_key != cb_pk || memcmp(key, pk, cb_pk) != 0) FAIL(JET_errRecordPrimaryChanged);
    }
    for (i = 0; i < t->cindexes; i++) {
        const record_index *idx = &t->indexes[i];
        entry_change *ch = &changes[i];
        if (!is_secondary(t, idx)) continue;
        CHECK(key_list_from_record(t, idx, &old_rv, lv_open ? &lv : NULL, &ch->old_keys));
        CHECK(key_list_from_record(t, idx, &rv, lv_open ? &lv : NULL, &ch->new_keys));
    }
    for (i = 0; i < t->cindexes; i++) {
        const record_index *idx = &t->indexes[i];
        if (!is_secondary(t, idx)) continue;
        err = change_apply(u, idx, &changes[i], pk, cb_pk);
        if (err < 0) {
            change_undo(u, idx, &changes[i], pk, cb_pk);
            goto done;
        }
    }
    CHECK(btree_replace(&table, pk, cb_pk, rec, cb_rec));
    primary_done = true;
    /* The long values the old record had and the new one does not. */
    if (lv_open) {
        /* The record is replaced: the update has succeeded. A value not released stays
         * with one reference too many (space lost, no data changed). */
        for (i = 0; i < rb->creleased; i++) (void)lv_release(&lvt, &lv, rb->released[i], rb->released_cb[i]);
        rb->creleased = 0;
    }
done:
    if (err < 0 && !primary_done) {
        for (i = 0; changes != NULL && i < t->cindexes; i++) {
            const record_index *idx = &t->indexes[i];
            if (is_secondary(t, idx)) change_undo(u, idx, &changes[i], pk, cb_pk);
        }
        drop_created(u, rb, &lv, lv_open);
    }
    if (lv_open) btree_close(&lv);
    if (changes != NULL)
        for (i = 0; i < t->cindexes; i++) {
            key_list_free(&changes[i].old_keys);
            key_list_free(&changes[i].new_keys);
        }
    if (changes != changes_here) compat_free(changes);
    compat_free(old_rec);
    compat_free(rec);
    return err;
}

/* keep_lvs: the record's separated long values keep their reference (an insert-copy
 * that deletes its original takes them over, as ErrIsamDelete leaves them then). */
static JET_ERR delete_record(const update_table *u, const uint8_t *pk, uint32_t cb_pk, bool keep_lvs)
{
    JET_ERR err = JET_errSuccess;
    const catalog_table *t = u->t;
    btree_tree table = update_table_tree(u), lvt = update_lv_tree(u);
    btree_cursor lv;
    bool lv_open = false;
    uint8_t *rec = NULL;
    uint32_t cb_rec = 0, i;
    record_view rv;
    key_list keys;

    memset(&lv, 0, sizeof lv);
    key_list_init(&keys);
    CHECK(read_record(u, pk, cb_pk, &rec, &cb_rec));
    CHECK(record_open(rec, cb_rec, page_is_large(u->db->cb_page), &rv));
    CHECK(open_lv(u, &lv, &lv_open));
    for (i = 0; i < t->cindexes; i++) {
        const record_index *idx = &t->indexes[i];
        if (!is_secondary(t, idx)) continue;
        /* every entry of the record (several for a multi-valued column) */
        err = key_list_from_record(t, idx, &rv, lv_open ? &lv : NULL, &keys);
        if (err == JET_errNullKeyDisallowed) err = JET_errSuccess; /* never indexed */
        CHECK(err);
        for (uint32_t k = 0; k < keys.count; k++) {
            err = entry_remove(u, idx, keys.v[k].pb, keys.v[k].cb, pk, cb_pk);
            if (err == JET_errRecordNotFound) err = JET_errSuccess; /* never indexed */
            CHECK(err);
        }
    }
    CHECK(btree_delete(&table, pk, cb_pk));
    /* Its separated long values lose a reference. */
    for (i = 0; lv_open && !keep_lvs && i < rv.ctagged; i++) {
        record_tagged_entry e;
        uint32_t count = 1;
        CHECK(record_tagged_at(&rv, i, &e));
        for (uint32_t seq = 1; seq <= count; seq++) {
            record_state st = RECORD_ABSENT;
            record_value v;
            CHECK(record_tagged(&rv, record_tagged_entry_key(&e), seq, &count, &st, &v));
            if (st == RECORD_VALUE && v.separated) CHECK(lv_release(&lvt, &lv, v.pb, v.cb));
        }
    }
done:
    if (lv_open) btree_close(&lv);
    key_list_free(&keys);
    compat_free(rec);
    return err;
}

JET_ERR update_delete(const update_table *u, const uint8_t *pk, uint32_t cb_pk)
{
    return delete_record(u, pk, cb_pk, false);
}

JET_ERR update_insert_copy_delete(const update_table *u, const uint8_t *orig, uint32_t cb_orig, record_build *rb,
                                  uint8_t *pk, uint32_t *cb_pk)
{
    JET_ERR err = JET_errSuccess;
    btree_tree lvt = update_lv_tree(u);
    btree_cursor lv;
    bool lv_open = false;

    memset(&lv, 0, sizeof lv);
    CHECK(delete_record(u, orig, cb_orig, true));
    CHECK(insert_record(u, rb, pk, cb_pk, false));
    /* the original's long values the copy no longer holds go, as after a replace */
    CHECK(open_lv(u, &lv, &lv_open));
    for (uint32_t i = 0; lv_open && i < rb->creleased; i++) CHECK(lv_release(&lvt, &lv, rb->released[i], rb->released_cb[i]));
done:
    if (lv_open) btree_close(&lv);
    return err;
}

JET_ERR update_lock(const update_table *u, const uint8_t *pk, uint32_t cb_pk)
{
    JET_ERR err = JET_errSuccess;
    btree_tree table = update_table_tree(u);

    CHECK(read_record(u, pk, cb_pk, NULL, NULL));
    /* no actor: no transaction anywhere that a lock could keep out */
    if (u->ver != NULL) CHECK(verstore_lock(u->ver, u->db->ifile, u->t->objid, &table, pk, cb_pk, VER_WRITE_LOCK));
done:
    return err;
}

JET_ERR update_read_lock(ver_actor *ver, uint32_t ifile, const catalog_table *t, const uint8_t *pk, uint32_t cb_pk)
{
    return verstore_lock(ver, ifile, t->objid, NULL, pk, cb_pk, VER_READ_LOCK);
}

/* The little-endian integer of cb (4 or 8) bytes at p, sign-extended. */
static uint64_t int_get(const uint8_t *p, uint32_t cb)
{
    uint64_t x = byte_order_get_le_n(p, cb);
    if (cb == 4 && (x & 0x80000000u)) x |= 0xffffffff00000000u;
    return x;
}

/* Where the fixed column col lies in the record, when the record holds it. */
static JET_ERR fixed_place(const update_table *u, const uint8_t *rec, uint32_t cb_rec, const record_column *col,
                           uint32_t *ib, uint32_t *cb)
{
    record_view rv;
    JET_ERR err = record_open(rec, cb_rec, page_is_large(u->db->cb_page), &rv);
    if (err < 0) return err;
    *ib = col->ib_record_offset;
    *cb = col->cb_max;
    if (col->columnid > rv.fid_fixed_last || (uint64_t)*ib + *cb > rv.ib_end_fixed || (uint64_t)*ib + *cb > cb_rec)
        return JET_errInvalidOperation;
    return JET_errSuccess;
}

JET_ERR update_escrow(const update_table *u, const uint8_t *pk, uint32_t cb_pk, const record_column *col, int64_t delta,
                      bool no_rollback, uint32_t tag, uint8_t old[8])
{
    JET_ERR err = JET_errSuccess;
    btree_tree table = update_table_tree(u), plain;
    uint8_t *rec = NULL;
    uint32_t cb_rec = 0, ib = 0, cb = 0;
    uint64_t sum;
    version *v = NULL;
    bool on_zero;

    if (col->cb_max != 4 && col->cb_max != 8) return JET_errInvalidOperation;
    CHECK(read_record(u, pk, cb_pk, &rec, &cb_rec));
    CHECK(fixed_place(u, rec, cb_rec, col, &ib, &cb));
    memset(old, 0, 8);
    memcpy(old, rec + ib, cb);
    sum = int_get(rec + ib, cb) + (uint64_t)delta;
    if (cb == 4) sum &= 0xffffffffu;
    /* ESE treats JET_bitColumnFinalize as delete-on-zero as well (FINALIZETASK) */
    on_zero = sum == 0 && (col->grbit & (JET_bitColumnDeleteOnZero | JET_bitColumnFinalize)) != 0;
    if (u->ver != NULL) {
        /* NoRollback: no version (ESE's fDIRNoVersion), but never over another session's
         * uncommitted change, whose undo would take the delta with it */
        if (no_rollback) CHECK(verstore_delta_check(u->ver, &table, pk, cb_pk));
        else CHECK(verstore_delta(u->ver, &table, pk, cb_pk, ib, cb, delta, on_zero, tag, &v));
    }
    byte_order_put_le_n(rec + ib, sum, cb);
    /* the page holds every session's sum: it changes unversioned, the delta is the version */
    plain = table;
    plain.hooks = NULL;
    plain.hook_ctx = NULL;
    err = btree_replace(&plain, pk, cb_pk, rec, cb_rec);
    if (err < 0 && v != NULL) verstore_discard(u->ver->vs, u->ver->undo, v);
done:
    compat_free(rec);
    return err;
}

JET_ERR update_delete_if_zero(const update_table *u, verstore *vs, const uint8_t *pk, uint32_t cb_pk, uint32_t ib,
                              uint32_t cb)
{
    JET_ERR err = JET_errSuccess;
    uint8_t *rec = NULL;
    uint32_t cb_rec = 0;

    err = read_record(u, pk, cb_pk, &rec, &cb_rec);
    if (err == JET_errRecordDeleted) FAIL(JET_errSuccess); /* gone already */
    CHECK(err);
    if ((cb != 4 && cb != 8) || (uint64_t)ib + cb > cb_rec) goto done;
    if (int_get(rec + ib, cb) != 0) goto done;
    if (verstore_node_busy(vs, NULL, u->db->ifile, u->t->objid, pk, cb_pk)) goto done;
    CHECK(update_delete(u, pk, cb_pk));
done:
    compat_free(rec);
    return err;
}
