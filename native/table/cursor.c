/* cursor.c: reading a table record by record and column by column (see cursor.h). */
#include "cursor.h"

#include <string.h>

#include "compress.h"
#include "key.h"

#define MOVE_FIRST ((int32_t)JET_MoveFirst)
#define MOVE_LAST ((int32_t)JET_MoveLast)

JET_ERR cursor_open(table_cursor *cur, cache *c, uint32_t ifile, const catalog_table *t, const char *index_name)
{
    JET_ERR err = JET_errSuccess;
    bool primary_open = false;

    memset(cur, 0, sizeof *cur);
    if (c == NULL || t == NULL) return JET_errInvalidParameter;
    cur->c = c;
    cur->ifile = ifile;
    cur->table = t;
    cur->loc = CURSOR_BEFORE_FIRST; /* the API's cursors are deferred: cursor_defer_first */
    if (index_name == NULL || index_name[0] == '\0') {
        cur->index = catalog_primary_index(t);
    } else {
        cur->index = catalog_find_index(t, index_name);
        if (cur->index == NULL) FAIL(JET_errIndexNotFound);
        cur->secondary = !(cur->index->idb_flags & IDB_PRIMARY) && cur->index->pgno_fdp != t->pgno_fdp;
    }
    CHECK(btree_open(&cur->primary, c, ifile, t->pgno_fdp));
    primary_open = true;
    if (cur->secondary) CHECK(btree_open(&cur->sec, c, ifile, cur->index->pgno_fdp));
done:
    if (err < 0 && primary_open) btree_close(&cur->primary);
    return err;
}

void cursor_close(table_cursor *cur)
{
    if (cur == NULL || cur->c == NULL) return;
    btree_close(&cur->primary);
    if (cur->secondary) btree_close(&cur->sec);
    if (cur->lv_open) btree_close(&cur->lv);
    compat_free(cur->scratch);
    compat_free(cur->range_key);
    compat_free(cur->seek_key);
    compat_free(cur->search_key);
    memset(cur, 0, sizeof *cur);
}

/* The tree whose order the cursor follows. */
static btree_cursor *order_tree(table_cursor *cur)
{
    return cur->secondary ? &cur->sec : &cur->primary;
}

/* Loads the record the order tree stands on (a secondary entry's data is the primary key). */
static JET_ERR load_record(table_cursor *cur)
{
    JET_ERR err = JET_errSuccess;

    if (cur->secondary) {
        uint32_t cb = cur->sec.cb_data;
        if (cb == 0 || cb > cur->sec.cap_key) FAIL(JET_errSecondaryIndexCorrupted);
        err = btree_seek(&cur->primary, cur->sec.data, cb);
        if (err == JET_errRecordNotFound) FAIL(JET_errSecondaryIndexCorrupted);
        CHECK(err);
        if (cur->primary.cb_key != cb || memcmp(cur->primary.key, cur->sec.data, cb) != 0)
            FAIL(JET_errSecondaryIndexCorrupted);
    }
    CHECK(record_open(cur->primary.data, cur->primary.cb_data, page_is_large(cache_page_size(cur->c)), &cur->rv));
    cur->loc = CURSOR_ON_RECORD;
done:
    return err;
}

static int cmp_keys(const uint8_t *a, uint32_t ca, const uint8_t *b, uint32_t cb)
{
    uint32_t n = ca < cb ? ca : cb;
    int c = n ? memcmp(a, b, n) : 0;
    if (c != 0) return c;
    return ca < cb ? -1 : ca > cb ? 1 : 0;
}

/* Keeps key in the cursor's seek_key buffer (the virtual position of CURSOR_ON_SEEK, or
 * the bookmark of a record that went away). */
static JET_ERR save_seek_key(table_cursor *cur, const uint8_t *key, uint32_t cb)
{
    if (cb > KEY_BUFFER_MAX + 2u) return JET_errInvalidParameter;
    if (cur->seek_key == NULL) {
        cur->seek_key = compat_malloc(KEY_BUFFER_MAX + 2u);
        if (cur->seek_key == NULL) return JET_errOutOfMemory;
    }
    if (cb) memmove(cur->seek_key, key, cb);
    cur->cb_seek_key = cb;
    return JET_errSuccess;
}

/* A secondary index's leaf changed under the cursor: find its entry again by key and
 * primary key (several entries may share the key), or the place it had, and step from
 * there. The clustered tree's keys are unique: btree.c's own re-seek serves it. */
static JET_ERR step_secondary_after_change(table_cursor *cur, int dir)
{
    JET_ERR err = JET_errSuccess;
    btree_cursor *t = &cur->sec;
    uint32_t cb_key = t->cb_key, cb_pk = t->cb_data;
    uint8_t *key = compat_malloc((size_t)cb_key + cb_pk + 1u);
    uint8_t *pk;
    int c = 1;

    if (key == NULL) return JET_errOutOfMemory;
    pk = key + cb_key;
    memcpy(key, t->key, cb_key);
    if (cb_pk) memcpy(pk, t->data, cb_pk);
    err = btree_seek(t, key, cb_key);
    while (err >= 0) {
        c = cmp_keys(t->key, t->cb_key, key, cb_key);
        if (c == 0) c = cmp_keys(t->data, t->cb_data, pk, cb_pk);
        if (c >= 0) break;
        err = btree_move_next(t);
    }
    if (err == JET_errRecordNotFound || err == JET_errNoCurrentRecord) {
        /* every entry is before the old one */
        err = dir > 0 ? JET_errNoCurrentRecord : btree_move_last(t);
        goto done;
    }
    CHECK(err);
    if (c == 0) err = dir > 0 ? btree_move_next(t) : btree_move_prev(t);
    else if (dir < 0) err = btree_move_prev(t);
done:
    compat_free(key);
    return err;
}

/* One step in direction dir from the current location. */
static JET_ERR step(table_cursor *cur, int dir)
{
    JET_ERR err;
    btree_cursor *t = order_tree(cur);

    cur->record_gone = false;
    if (cur->loc == CURSOR_ON_SEEK) {
        /* from where the key would be: the first entry >= it, or the last one < it */
        err = btree_seek(t, cur->seek_key, cur->cb_seek_key);
        if (dir < 0) err = err == JET_errRecordNotFound ? btree_move_last(t) : err >= 0 ? btree_move_prev(t) : err;
    } else if (dir > 0) {
        if (cur->loc == CURSOR_AFTER_LAST) return JET_errNoCurrentRecord;
        if (cur->loc == CURSOR_BEFORE_FIRST) err = btree_move_first(t);
        else if (cur->secondary && btree_positioned(t) && cache_page_stale(&t->page)) err = step_secondary_after_change(cur, dir);
        else err = btree_move_next(t);
    } else {
        if (cur->loc == CURSOR_BEFORE_FIRST) return JET_errNoCurrentRecord;
        if (cur->loc == CURSOR_AFTER_LAST) err = btree_move_last(t);
        else if (cur->secondary && btree_positioned(t) && cache_page_stale(&t->page)) err = step_secondary_after_change(cur, dir);
        else err = btree_move_prev(t);
    }
    if (err == JET_errRecordNotFound || err == JET_errNoCurrentRecord) {
        cur->loc = dir > 0 ? CURSOR_AFTER_LAST : CURSOR_BEFORE_FIRST;
        return JET_errNoCurrentRecord;
    }
    if (err >= 0) cur->loc = CURSOR_ON_RECORD;
    return err;
}

/* CURSOR_DEFER_FIRST becomes the first entry (ErrDIRIIRefresh); an empty index leaves
 * the cursor deferred. */
static JET_ERR resolve_deferred(table_cursor *cur)
{
    JET_ERR err;
    if (cur->loc != CURSOR_DEFER_FIRST) return JET_errSuccess;
    err = btree_move_first(order_tree(cur));
    if (err == JET_errRecordNotFound || err == JET_errNoCurrentRecord) return JET_errNoCurrentRecord;
    if (err < 0) return err;
    err = load_record(cur);
    if (err < 0) cur->loc = CURSOR_DEFER_FIRST;
    return err;
}

/* Compares a key cut to the limit's length with the limit (ESE's CmpPartialKeyKey). */
static int cmp_partial(const uint8_t *key, uint32_t cb, const uint8_t *limit, uint32_t cb_limit)
{
    uint32_t n = cb < cb_limit ? cb : cb_limit;
    int c = n ? memcmp(key, limit, n) : 0;
    if (c != 0) return c;
    return cb < cb_limit ? -1 : 0;
}

/* The current entry against the index range: outside, the range goes and the cursor
 * stands past its end (ErrFUCBCheckIndexRange). */
static JET_ERR check_range_key(table_cursor *cur, const uint8_t *key, uint32_t cb)
{
    int c = cmp_partial(key, cb, cur->range_key, cur->cb_range_key);
    bool out = c > 0 ? cur->range_upper : c < 0 ? !cur->range_upper : !cur->range_inclusive;
    if (!out) return JET_errSuccess;
    cur->range = false;
    cur->loc = cur->range_upper ? CURSOR_AFTER_LAST : CURSOR_BEFORE_FIRST;
    return JET_errNoCurrentRecord;
}

static JET_ERR check_range(table_cursor *cur)
{
    btree_cursor *t = order_tree(cur);
    return check_range_key(cur, t->key, t->cb_key);
}

JET_ERR cursor_move(table_cursor *cur, int32_t crow)
{
    JET_ERR err = JET_errSuccess;
    int64_t n;
    int dir;

    if (cur == NULL || cur->c == NULL) return JET_errInvalidParameter;
    if (crow == MOVE_FIRST || crow == MOVE_LAST) {
        cur->range = false; /* ESE drops the index range on MoveFirst/MoveLast */
        cur->record_gone = false;
        /* JET_MoveFirst is negative and JET_MoveLast positive: a failure leaves the
         * cursor before the first / after the last entry by that sign (ErrIsamMove) */
        cur->loc = crow == MOVE_FIRST ? CURSOR_BEFORE_FIRST : CURSOR_AFTER_LAST;
        crow = crow == MOVE_FIRST ? 1 : -1;
        err = step(cur, crow);
        if (err < 0) {
            cur->loc = crow > 0 ? CURSOR_BEFORE_FIRST : CURSOR_AFTER_LAST;
            return err;
        }
        err = load_record(cur);
        if (err < 0) cur->loc = CURSOR_BEFORE_FIRST;
        return err;
    }
    if (crow == 0) return cursor_refresh(cur); /* ErrDIRGet */
    dir = crow > 0 ? 1 : -1;
    if (cur->loc == CURSOR_DEFER_FIRST) {
        /* a deferred cursor is on the first entry: the move starts there */
        err = resolve_deferred(cur);
        if (err < 0) {
            if (err == JET_errNoCurrentRecord) cur->loc = dir > 0 ? CURSOR_AFTER_LAST : CURSOR_BEFORE_FIRST;
            else cur->loc = CURSOR_BEFORE_FIRST;
            return err;
        }
    }
    for (n = crow > 0 ? crow : -(int64_t)crow; n > 0; n--) {
        err = step(cur, dir);
        if (err < 0) {
            /* a failure that is not the end leaves no current record either */
            if (err != JET_errNoCurrentRecord) cur->loc = CURSOR_BEFORE_FIRST;
            return err;
        }
        /* ErrDIRNext checks an upper limit, ErrDIRPrev a lower one */
        if (cur->range && (dir > 0) == cur->range_upper) {
            err = check_range(cur);
            if (err < 0) return err;
        }
    }
    err = load_record(cur);
    if (err < 0) cur->loc = CURSOR_BEFORE_FIRST;
    return err;
}

JET_ERR cursor_refresh(table_cursor *cur)
{
    JET_ERR err = JET_errSuccess;

    if (cur == NULL || cur->c == NULL) return JET_errInvalidParameter;
    if (cur->loc == CURSOR_DEFER_FIRST) return resolve_deferred(cur);
    if (cur->record_gone) {
        /* the record went away under the cursor: back again (re-inserted)? */
        err = btree_seek(&cur->primary, cur->seek_key, cur->cb_seek_key);
        if (err == JET_errRecordNotFound ||
            (err >= 0 && cmp_keys(cur->primary.key, cur->primary.cb_key, cur->seek_key, cur->cb_seek_key) != 0))
            return JET_errRecordDeleted;
        CHECK(err);
        CHECK(record_open(cur->primary.data, cur->primary.cb_data, page_is_large(cache_page_size(cur->c)), &cur->rv));
        cur->record_gone = false;
        cur->loc = CURSOR_ON_RECORD; /* clustered order: the order tree is on it again */
        goto done;
    }
    if (cur->loc != CURSOR_ON_RECORD) return JET_errNoCurrentRecord;
    if (btree_positioned(&cur->primary) && cache_page_stale(&cur->primary.page)) {
        /* a writer changed the record's page: read the record again by its bookmark */
        CHECK(save_seek_key(cur, cur->primary.key, cur->primary.cb_key));
        err = btree_seek(&cur->primary, cur->seek_key, cur->cb_seek_key);
        if (err == JET_errRecordNotFound ||
            (err >= 0 && cmp_keys(cur->primary.key, cur->primary.cb_key, cur->seek_key, cur->cb_seek_key) != 0)) {
            /* gone: in clustered order the cursor now stands where it was */
            cur->record_gone = true;
            if (!cur->secondary) cur->loc = CURSOR_ON_SEEK;
            return JET_errRecordDeleted;
        }
        CHECK(err);
        CHECK(record_open(cur->primary.data, cur->primary.cb_data, page_is_large(cache_page_size(cur->c)), &cur->rv));
    }
done:
    return err;
}

JET_ERR cursor_move_key_ne(table_cursor *cur, int32_t crow)
{
    JET_ERR err = JET_errSuccess;
    uint8_t *prev = compat_malloc(JET_cbKeyMostMost + 1u);
    uint32_t cb_prev = 0, n = crow > 0 ? (uint32_t)crow : (uint32_t)(-(int64_t)crow);
    int32_t dir = crow > 0 ? 1 : -1;
    const uint8_t *pb = NULL;
    uint32_t cb = 0;
    bool have;

    if (prev == NULL) FAIL(JET_errOutOfMemory);
    for (; n > 0; n--) {
        have = cursor_key(cur, &pb, &cb) >= 0 && cb <= JET_cbKeyMostMost + 1u;
        if (have) {
            memcpy(prev, pb, cb);
            cb_prev = cb;
        }
        do {
            CHECK(cursor_move(cur, dir));
            CHECK(cursor_key(cur, &pb, &cb));
        } while (have && cb == cb_prev && memcmp(pb, prev, cb) == 0);
    }
done:
    compat_free(prev);
    return err;
}

void cursor_defer_first(table_cursor *cur)
{
    if (cur == NULL) return;
    cur->loc = CURSOR_DEFER_FIRST;
    cur->range = false;
    cur->record_gone = false;
}

bool cursor_record_back(table_cursor *cur)
{
    return cursor_refresh(cur) >= 0;
}

JET_ERR cursor_after_replace(table_cursor *cur)
{
    return cursor_refresh(cur);
}

/* The column's value (or state) in the current record, default applied unless asked not to. */
static JET_ERR column_value(table_cursor *cur, const record_column *col, uint32_t seq, JET_GRBIT grbit,
                            uint32_t *count, record_state *st, record_value *v)
{
    JET_ERR err = JET_errSuccess;
    uint32_t fid = record_column_key(col);

    *count = 0;
    if (fid >= FID_TAGGED_FIRST) {
        CHECK(record_tagged(&cur->rv, fid, seq, count, st, v));
    } else if (fid >= FID_VAR_FIRST) {
        CHECK(record_variable(&cur->rv, fid, st, v));
        if (seq != 1 && *st == RECORD_VALUE) *st = RECORD_ABSENT;
    } else {
        CHECK(record_fixed(&cur->rv, fid, col->ib_record_offset, col->cb_max, st, v));
        if (seq != 1 && *st == RECORD_VALUE) *st = RECORD_ABSENT;
    }
    if (fid < FID_TAGGED_FIRST && *st == RECORD_VALUE) *count = 1;
    if (*st == RECORD_ABSENT && *count == 0 && seq == 1 && col->default_value != NULL &&
        !(grbit & JET_bitRetrieveIgnoreDefault)) {
        memset(v, 0, sizeof *v);
        v->pb = col->default_value;
        v->cb = col->cb_default;
        *st = RECORD_VALUE;
        *count = 1;
    }
done:
    return err;
}

JET_ERR cursor_retrieve(table_cursor *cur, JET_COLUMNID columnid, uint32_t itag_sequence, uint32_t ib_long_value,
                        void *pv, uint32_t cb, uint32_t *cb_actual, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    const record_column *col;
    record_state st = RECORD_ABSENT;
    record_value v;
    uint32_t count = 0, len = 0;
    const uint8_t *pb = NULL;

    if (cb_actual != NULL) *cb_actual = 0;
    if (cur == NULL || cur->c == NULL || (pv == NULL && cb != 0)) return JET_errInvalidParameter;
    col = catalog_column_by_id(cur->table, columnid);
    if (col == NULL) return JET_errColumnNotFound;
    CHECK(cursor_refresh(cur));
    CHECK(column_value(cur, col, itag_sequence == 0 ? 1 : itag_sequence, grbit, &count, &st, &v));
    if (st != RECORD_VALUE) {
        err = JET_wrnColumnNull;
        goto done;
    }
    if (v.encrypted) FAIL(JET_errColumnNoEncryptionKey); /* no key support yet */
    if (v.separated) {
        uint8_t lid[8];
        uint32_t size = 0;
        if (cur->table->pgno_lv == 0) FAIL(JET_errLVCorrupted);
        if (!cur->lv_open) {
            CHECK(btree_open(&cur->lv, cur->c, cur->ifile, cur->table->pgno_lv));
            cur->lv_open = true;
        }
        memcpy(lid, v.pb, v.cb);
        CHECK(record_lv_read(&cur->lv, lid, v.cb, ib_long_value, pv, cb, &size, NULL));
        len = size > ib_long_value ? size - ib_long_value : 0;
        if (cb_actual != NULL) *cb_actual = len;
        if (cb < len) err = JET_wrnBufferTruncated;
        goto done;
    }
    pb = v.pb;
    len = v.cb;
    if (v.compressed) {
        uint32_t size = 0;
        CHECK(compress_size(v.pb, v.cb, &size));
        if (size > cur->cap_scratch) {
            uint8_t *p = compat_realloc(cur->scratch, size);
            if (p == NULL) FAIL(JET_errOutOfMemory);
            cur->scratch = p;
            cur->cap_scratch = size;
        }
        err = compress_decompress(v.pb, v.cb, cur->scratch, size, &len);
        if (err < 0) goto done;
        err = JET_errSuccess;
        pb = cur->scratch;
    }
    if (record_type_is_long_value(col->coltyp)) {
        uint32_t skip = ib_long_value < len ? ib_long_value : len;
        pb += skip;
        len -= skip;
    }
    if (cb_actual != NULL) *cb_actual = len;
    if (len != 0 && cb != 0) memcpy(pv, pb, cb < len ? cb : len);
    if (cb < len) err = JET_wrnBufferTruncated;
done:
    return err;
}

JET_ERR cursor_value_count(table_cursor *cur, JET_COLUMNID columnid, uint32_t *count)
{
    JET_ERR err = JET_errSuccess;
    const record_column *col;
    record_state st;
    record_value v;

    *count = 0;
    if (cur == NULL || cur->c == NULL) return JET_errInvalidParameter;
    col = catalog_column_by_id(cur->table, columnid);
    if (col == NULL) return JET_errColumnNotFound;
    CHECK(cursor_refresh(cur));
    CHECK(column_value(cur, col, 1, 0, count, &st, &v));
done:
    return err;
}

JET_ERR cursor_set_index(table_cursor *cur, const char *index_name)
{
    JET_ERR err = JET_errSuccess;
    const record_index *idx;
    bool secondary = false;
    btree_cursor sec;

    if (cur == NULL || cur->c == NULL) return JET_errInvalidParameter;
    memset(&sec, 0, sizeof sec);
    if (index_name == NULL || index_name[0] == '\0') {
        idx = catalog_primary_index(cur->table);
    } else {
        idx = catalog_find_index_for(cur->table, index_name, cur->viewer);
        if (idx == NULL) FAIL(JET_errIndexNotFound);
        secondary = !(idx->idb_flags & IDB_PRIMARY) && idx->pgno_fdp != cur->table->pgno_fdp;
    }
    if (secondary) CHECK(btree_open(&sec, cur->c, cur->ifile, idx->pgno_fdp));
    if (cur->secondary) btree_close(&cur->sec);
    cur->index = idx;
    cur->secondary = secondary;
    if (secondary) cur->sec = sec;
    cur->loc = CURSOR_BEFORE_FIRST;
    cur->range = false;
    cur->record_gone = false;
    /* a search key made for another index means nothing here */
    cur->cb_search_key = 0;
    cur->csearch_segments = 0;
    cur->key_prepared = false;
    cur->key_limit = false;
    cur->key_too_big = false;
done:
    return err;
}

JET_ERR cursor_seek(table_cursor *cur, const uint8_t *key, uint32_t cb, cursor_seek_op op)
{
    JET_ERR err = JET_errSuccess;
    btree_cursor *t;
    int c = 0;
    bool found;
    cursor_loc miss;

    if (cur == NULL || cur->c == NULL || (key == NULL && cb != 0)) return JET_errInvalidParameter;
    t = order_tree(cur);
    cur->range = false;
    cur->record_gone = false;
    cur->loc = CURSOR_BEFORE_FIRST;
    /* where a miss leaves the cursor (ErrIsamSeek): an EQ miss at the key's place, a GE/GT
     * miss after the last entry (its move next failed), an LE/LT miss before the first */
    miss = op == CURSOR_SEEK_EQ ? CURSOR_ON_SEEK
         : (op == CURSOR_SEEK_GE || op == CURSOR_SEEK_GT) ? CURSOR_AFTER_LAST
                                                         : CURSOR_BEFORE_FIRST;
    err = btree_seek(t, key, cb);
    if (err == JET_errRecordNotFound) {
        found = false;
        err = JET_errSuccess;
    } else {
        CHECK(err);
        found = true;
        c = cmp_keys(t->key, t->cb_key, key, cb);
    }
    switch (op) {
    case CURSOR_SEEK_EQ:
        if (!found || c != 0) FAIL(JET_errRecordNotFound);
        break;
    case CURSOR_SEEK_GE:
    case CURSOR_SEEK_GT:
        while (found && (c < 0 || (op == CURSOR_SEEK_GT && c == 0))) {
            err = btree_move_next(t);
            if (err == JET_errNoCurrentRecord) found = false;
            else CHECK(err);
            err = JET_errSuccess;
            if (found) c = cmp_keys(t->key, t->cb_key, key, cb);
        }
        if (!found) FAIL(JET_errRecordNotFound);
        break;
    case CURSOR_SEEK_LE:
    case CURSOR_SEEK_LT:
        /* LE on an equal key stays on the first equal entry, as the descent finds it */
        if (!found) {
            err = btree_move_last(t);
            if (err == JET_errRecordNotFound) FAIL(JET_errRecordNotFound);
            CHECK(err);
            c = cmp_keys(t->key, t->cb_key, key, cb);
        }
        while (c > 0 || (op == CURSOR_SEEK_LT && c == 0)) {
            err = btree_move_prev(t);
            if (err == JET_errNoCurrentRecord) FAIL(JET_errRecordNotFound);
            CHECK(err);
            c = cmp_keys(t->key, t->cb_key, key, cb);
        }
        break;
    }
    CHECK(load_record(cur));
    if ((op == CURSOR_SEEK_GE || op == CURSOR_SEEK_LE) && c != 0) err = JET_wrnSeekNotEqual;
done:
    if (err == JET_errRecordNotFound) {
        cur->loc = miss;
        if (miss == CURSOR_ON_SEEK && save_seek_key(cur, key, cb) < 0) cur->loc = CURSOR_BEFORE_FIRST;
    } else if (err < 0) {
        cur->loc = CURSOR_BEFORE_FIRST;
    }
    return err;
}

JET_ERR cursor_key(table_cursor *cur, const uint8_t **pb, uint32_t *cb)
{
    btree_cursor *t;
    JET_ERR err;
    if (cur == NULL || cur->c == NULL) return JET_errInvalidParameter;
    err = cursor_refresh(cur);
    if (err < 0) return err;
    t = order_tree(cur);
    *pb = t->key;
    *cb = t->cb_key;
    return JET_errSuccess;
}

JET_ERR cursor_bookmark(table_cursor *cur, const uint8_t **pb, uint32_t *cb)
{
    JET_ERR err;
    if (cur == NULL || cur->c == NULL) return JET_errInvalidParameter;
    err = cursor_refresh(cur);
    if (err < 0) return err;
    *pb = cur->primary.key;
    *cb = cur->primary.cb_key;
    return JET_errSuccess;
}

JET_ERR cursor_goto_bookmark(table_cursor *cur, const uint8_t *pk, uint32_t cb)
{
    return cursor_goto_bookmark_sequence(cur, pk, cb, 1);
}

JET_ERR cursor_goto_bookmark_sequence(table_cursor *cur, const uint8_t *pk, uint32_t cb, uint32_t itag_sequence)
{
    JET_ERR err = JET_errSuccess;
    uint8_t *key = NULL;
    uint32_t cb_key = 0;

    if (cur == NULL || cur->c == NULL || pk == NULL || cb == 0) return JET_errInvalidParameter;
    cur->range = false;
    cur->record_gone = false;
    cur->loc = CURSOR_BEFORE_FIRST;
    err = btree_seek(&cur->primary, pk, cb);
    if (err == JET_errRecordNotFound) FAIL(JET_errRecordDeleted);
    CHECK(err);
    if (cmp_keys(cur->primary.key, cur->primary.cb_key, pk, cb) != 0) FAIL(JET_errRecordDeleted);
    CHECK(record_open(cur->primary.data, cur->primary.cb_data, page_is_large(cache_page_size(cur->c)), &cur->rv));
    if (cur->secondary) {
        /* the index entry of this record: its key, then the entry holding this bookmark.
         * A record over a multi-valued column has several entries (key.h); ESE's
         * ErrRECIGotoBookmark goes to the one of itagSequence 1 (KeySequence's base key:
         * the first value of every column), which is the key key_from_record forms, not
         * to the entry the cursor was on nor the first in index order. */
        key = compat_malloc(KEY_BUFFER_MAX);
        if (key == NULL) FAIL(JET_errOutOfMemory);
        if (!cur->lv_open && cur->table->pgno_lv != 0) {
            CHECK(btree_open(&cur->lv, cur->c, cur->ifile, cur->table->pgno_lv));
            cur->lv_open = true;
        }
        if (itag_sequence <= 1)
            CHECK(key_from_record(cur->table, cur->index, &cur->rv, cur->lv_open ? &cur->lv : NULL, key, &cb_key));
        else
            CHECK(key_from_record_sequence(cur->table, cur->index, &cur->rv, cur->lv_open ? &cur->lv : NULL,
                                           itag_sequence, key, &cb_key));
        err = btree_seek(&cur->sec, key, cb_key);
        for (;;) {
            if (err == JET_errRecordNotFound || err == JET_errNoCurrentRecord) FAIL(JET_errRecordDeleted);
            CHECK(err);
            if (cmp_keys(cur->sec.key, cur->sec.cb_key, key, cb_key) != 0) FAIL(JET_errRecordDeleted);
            if (cur->sec.cb_data == cb && memcmp(cur->sec.data, pk, cb) == 0) break;
            err = btree_move_next(&cur->sec);
        }
        CHECK(load_record(cur));
    }
    cur->loc = CURSOR_ON_RECORD;
done:
    compat_free(key);
    if (err < 0) cur->loc = CURSOR_BEFORE_FIRST;
    return err;
}

JET_ERR cursor_goto_index_entry(table_cursor *cur, const uint8_t *key, uint32_t cb_key, const uint8_t *pk, uint32_t cb_pk)
{
    JET_ERR err = JET_errSuccess;

    if (cur == NULL || cur->c == NULL || key == NULL || cb_key == 0 || !cur->secondary) return JET_errInvalidParameter;
    cur->range = false;
    cur->record_gone = false;
    cur->loc = CURSOR_BEFORE_FIRST;
    err = btree_seek(&cur->sec, key, cb_key);
    for (;;) {
        if (err == JET_errRecordNotFound || err == JET_errNoCurrentRecord) FAIL(JET_errRecordDeleted);
        CHECK(err);
        if (cmp_keys(cur->sec.key, cur->sec.cb_key, key, cb_key) != 0) FAIL(JET_errRecordDeleted);
        if (pk == NULL || (cur->sec.cb_data == cb_pk && memcmp(cur->sec.data, pk, cb_pk) == 0)) break;
        err = btree_move_next(&cur->sec);
    }
    CHECK(load_record(cur));
done:
    if (err < 0) cur->loc = CURSOR_BEFORE_FIRST;
    return err;
}

JET_ERR cursor_set_range(table_cursor *cur, const uint8_t *key, uint32_t cb, bool upper, bool inclusive)
{
    JET_ERR err = JET_errSuccess;
    if (cur == NULL || cur->c == NULL || cb > KEY_BUFFER_MAX) return JET_errInvalidParameter;
    if (cur->range_key == NULL) {
        cur->range_key = compat_malloc(KEY_BUFFER_MAX);
        if (cur->range_key == NULL) return JET_errOutOfMemory;
    }
    if (cb) memcpy(cur->range_key, key, cb);
    cur->cb_range_key = cb;
    cur->range_upper = upper;
    cur->range_inclusive = inclusive;
    /* ErrIsamSetIndexRange sets the range, then checks the position against it
     * (ErrDIRCheckIndexRange): a deferred cursor goes to its first entry; without a
     * position to check the call fails and the range stays */
    cur->range = true;
    if (cur->loc == CURSOR_DEFER_FIRST) {
        err = resolve_deferred(cur);
        if (err < 0) return err;
    }
    if (cur->loc == CURSOR_ON_SEEK && !cur->record_gone) return check_range_key(cur, cur->seek_key, cur->cb_seek_key);
    if (cur->loc != CURSOR_ON_RECORD) return JET_errNoCurrentRecord;
    err = check_range(cur);
    return err;
}

void cursor_remove_range(table_cursor *cur)
{
    if (cur != NULL) cur->range = false;
}

/* ErrRECIRetrieveFromIndex's search for the value behind an entry: the keys the record
 * gives its index, by tag sequence of the varying (first multi-valued) segment, are
 * compared with the current entry's. */
JET_ERR cursor_entry_itag(table_cursor *cur, JET_COLUMNID columnid, uint32_t *itag)
{
    JET_ERR err = JET_errSuccess;
    const record_column *col;
    uint8_t *key = NULL;
    uint32_t cb_key = 0, iseg, n;
    JET_COLUMNID first_mv = 0;

    *itag = 1;
    if (cur == NULL || cur->c == NULL) return JET_errInvalidParameter;
    CHECK(cursor_refresh(cur));
    if (!cur->secondary || cur->index == NULL) goto done;
    col = catalog_column_by_id(cur->table, columnid);
    if (col == NULL || !(col->grbit & JET_bitColumnMultiValued)) goto done;
    for (iseg = 0; iseg < cur->index->csegments && iseg < 16u; iseg++) {
        const record_column *sc = catalog_column_by_id(cur->table, cur->index->segments[iseg].columnid);
        if (sc != NULL && (sc->grbit & JET_bitColumnMultiValued) && (sc->columnid & 0xffffu) >= FID_TAGGED_FIRST) {
            first_mv = sc->columnid;
            break;
        }
    }
    /* only the first multi-valued segment varies: any other column gave its first value */
    if (first_mv != columnid) goto done;
    key = compat_malloc(KEY_BUFFER_MAX);
    if (key == NULL) FAIL(JET_errOutOfMemory);
    if (!cur->lv_open && cur->table->pgno_lv != 0) {
        CHECK(btree_open(&cur->lv, cur->c, cur->ifile, cur->table->pgno_lv));
        cur->lv_open = true;
    }
    for (n = 1;; n++) {
        err = key_from_record_sequence(cur->table, cur->index, &cur->rv, cur->lv_open ? &cur->lv : NULL, n, key,
                                       &cb_key);
        /* no value of the record gives the entry's key: the index does not match it */
        if (err == JET_errBadItagSequence) {
            /* a cross-product entry may pair this column's value with a later value of
             * another column, which these keys do not try: value 1 then */
            if (cur->index->idb_flags & IDB_CROSS_PRODUCT) {
                err = JET_errSuccess;
                break;
            }
            FAIL(JET_errSecondaryIndexCorrupted);
        }
        CHECK(err);
        if (cmp_keys(cur->sec.key, cur->sec.cb_key, key, cb_key) == 0) {
            *itag = n;
            break;
        }
    }
done:
    compat_free(key);
    return err;
}

/* A tagged column whose value the scan counts when the record lacks it (ESE's
 * fRetrieveDefaults: a default value, and JET_bitRetrieveIgnoreDefault not given). */
static bool scan_counts_default(const record_column *col, JET_GRBIT grbit)
{
    return col->default_value != NULL && !(grbit & JET_bitRetrieveIgnoreDefault) &&
           !(col->grbit & JET_bitColumnEscrowUpdate);
}

JET_ERR cursor_scan_tagged(table_cursor *cur, uint32_t n, JET_GRBIT grbit, JET_COLUMNID *columnid,
                           uint32_t *itag_sequence, bool *set_null, uint32_t *count)
{
    JET_ERR err = JET_errSuccess;
    uint32_t seen = 0, values;
    record_state st;
    record_value v;

    *columnid = 0;
    *itag_sequence = 0;
    *set_null = false;
    if (count != NULL) *count = 0;
    if (cur == NULL || cur->c == NULL) return JET_errInvalidParameter;
    CHECK(cursor_refresh(cur));
    /* the record's tagged order: a derived table's inherited columns first (their ids
     * sort last), then the table's own in columnid order */
    for (uint32_t k = 0; k < 2u * cur->table->ccolumns; k++) {
        const record_column *col = &cur->table->columns[k % cur->table->ccolumns];
        uint32_t fid = record_column_key(col);
        if ((k < cur->table->ccolumns) != col->inherited) continue;
        if ((fid & 0xffffu) < FID_TAGGED_FIRST) continue;
        /* a column another session's uncommitted DDL hides is not seen */
        if (catalog_column_for(cur->table, col->columnid, cur->viewer) != col) continue;
        values = 0;
        st = RECORD_ABSENT;
        memset(&v, 0, sizeof v);
        CHECK(record_tagged(&cur->rv, fid, 1, &values, &st, &v));
        if (st == RECORD_NULL) {
            /* an explicit null counts only with JET_bitRetrieveNull (JET_wrnColumnSetNull) */
            if (!(grbit & JET_bitRetrieveNull)) continue;
            if (n != 0 && seen + 1 == n) {
                *columnid = col->columnid;
                *itag_sequence = 1;
                *set_null = true;
                goto done;
            }
            seen++;
            continue;
        }
        if (values == 0) {
            if (!scan_counts_default(col, grbit)) continue;
            values = 1;
        }
        if (n != 0 && n - seen <= values) {
            *columnid = col->columnid;
            *itag_sequence = n - seen;
            goto done;
        }
        seen += values;
    }
    if (count != NULL) *count = seen;
done:
    return err;
}
