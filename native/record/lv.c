/* lv.c: writing separated long values (see lv.h). */
#include "lv.h"

#include <string.h>

#include "byte_order.h"
#include "compress.h"
#include "page.h"
#include "record.h"

#define LID_MOST 0x7fffffffu  /* the top bit marks 8-byte LIDs */

uint32_t lv_chunk_size(uint32_t cb_page)
{
    /* JET_paramLVChunkSizeMost: ESE keeps a chunk plus its node overhead within a page */
    if (cb_page >= 32768u) return 8150u;
    if (cb_page >= 16384u) return 4050u;
    return cb_page - 82u;
}

/* The chunk size used when writing: ESE's. LV trees take nodes as large as fit alone on a
 * page (btree_node_max_alone), so a chunk is cut smaller only if that ever fell short. */
static uint32_t write_chunk(uint32_t cb_page, uint32_t cb_lid)
{
    uint32_t chunk = lv_chunk_size(cb_page), node = btree_node_max_alone(cb_page);
    uint32_t cb_key = cb_lid + LV_CHUNK_OFFSET_CB;
    if (node > cb_key && node - cb_key < chunk) chunk = node - cb_key;
    return chunk;
}

/* The root key of a LID as the record stores it (little-endian) */
static JET_ERR root_key(const uint8_t *lid, uint32_t cb_lid, uint8_t *key)
{
    uint32_t i;
    if (lid == NULL || (cb_lid != 4 && cb_lid != 8)) return JET_errInvalidParameter;
    for (i = 0; i < cb_lid; i++) key[i] = lid[cb_lid - 1u - i];
    return JET_errSuccess;
}

JET_ERR lv_root(btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid, uint32_t *refcount, uint32_t *size)
{
    JET_ERR err = JET_errSuccess;
    uint8_t key[8];

    CHECK(root_key(lid, cb_lid, key));
    err = btree_seek(rd, key, cb_lid);
    if (err == JET_errRecordNotFound) FAIL(JET_errLVCorrupted);
    CHECK(err);
    if (rd->cb_key != cb_lid || memcmp(rd->key, key, cb_lid) != 0 || rd->cb_data < LV_ROOT_CB) FAIL(JET_errLVCorrupted);
    *refcount = byte_order_get_le32(rd->data + LV_ROOT_REFCOUNT_OFFSET);
    *size = byte_order_get_le32(rd->data + LV_ROOT_SIZE_OFFSET);
done:
    return err;
}

/* Writes the value's chunks from offset from on; compress: each one compressed where
 * that makes it smaller. */
static JET_ERR put_chunks(const btree_tree *t, const uint8_t *key_lid, uint32_t cb_lid, uint32_t chunk,
                          const uint8_t *pb, uint32_t cb, uint32_t from, bool compress)
{
    JET_ERR err = JET_errSuccess;
    uint8_t key[12];
    uint8_t *packed = NULL;
    uint32_t off;

    memcpy(key, key_lid, cb_lid);
    if (compress) {
        packed = compat_malloc(chunk);
        if (packed == NULL) FAIL(JET_errOutOfMemory);
    }
    for (off = from; off < cb; off += chunk) {
        uint32_t n = cb - off < chunk ? cb - off : chunk, cb_packed = 0;
        byte_order_put_be32(key + cb_lid, off);
        if (compress) CHECK(compress_data(pb + off, n, COMPRESS_WITH_7BIT | COMPRESS_WITH_XPRESS, packed, &cb_packed));
        if (cb_packed != 0 && cb_packed < n)
            CHECK(btree_insert(t, key, cb_lid + LV_CHUNK_OFFSET_CB, packed, cb_packed));
        else
            CHECK(btree_insert(t, key, cb_lid + LV_CHUNK_OFFSET_CB, pb + off, n));
    }
done:
    compat_free(packed);
    return err;
}

JET_ERR lv_create(const btree_tree *t, btree_cursor *rd, const uint8_t *pb, uint32_t cb, bool compress,
                  uint8_t *lid_out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t last = 0, lid, chunk;
    uint8_t key[4], root[LV_ROOT_CB];

    if (t == NULL || rd == NULL || lid_out == NULL || (pb == NULL && cb != 0)) return JET_errInvalidParameter;
    err = btree_move_last(rd);
    if (err == JET_errRecordNotFound) {
        err = JET_errSuccess;
    } else {
        CHECK(err);
        if (rd->cb_key < 4) FAIL(JET_errLVCorrupted);
        last = byte_order_get_be32(rd->key);
        if (rd->cb_key == 8 && (last & 0x80000000u)) FAIL(JET_errLVCorrupted); /* 8-byte LIDs: not written here */
    }
    if (last >= LID_MOST) FAIL(JET_errOutOfLongValueIDs);
    lid = last + 1u;
    byte_order_put_be32(key, lid);
    byte_order_put_le32(root + LV_ROOT_REFCOUNT_OFFSET, 1);
    byte_order_put_le32(root + LV_ROOT_SIZE_OFFSET, cb);
    /* ESE's ErrRECICreateLvRootAndChunks: the first chunk goes in before the root, so
     * that when it needs a page of its own (an append split) the root follows it there
     * (the separator keeps the root off the page before) and one page read gives both. */
    chunk = write_chunk(cache_page_size(rd->c), 4);
    CHECK(put_chunks(t, key, 4, chunk, pb, cb < chunk ? cb : chunk, 0, compress));
    CHECK(btree_insert(t, key, 4, root, LV_ROOT_CB));
    CHECK(put_chunks(t, key, 4, chunk, pb, cb, chunk, compress));
    byte_order_put_le32(lid_out, lid);
done:
    return err;
}

static JET_ERR set_root(const btree_tree *t, const uint8_t *key, uint32_t cb_lid, uint32_t refcount, uint32_t size)
{
    uint8_t root[LV_ROOT_CB];
    byte_order_put_le32(root + LV_ROOT_REFCOUNT_OFFSET, refcount);
    byte_order_put_le32(root + LV_ROOT_SIZE_OFFSET, size);
    return btree_replace(t, key, cb_lid, root, LV_ROOT_CB);
}

JET_ERR lv_add_ref(const btree_tree *t, btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid)
{
    JET_ERR err = JET_errSuccess;
    uint32_t refs = 0, size = 0;
    uint8_t key[8];

    CHECK(lv_root(rd, lid, cb_lid, &refs, &size));
    if (refs == 0xffffffffu) FAIL(JET_errLVCorrupted);
    CHECK(root_key(lid, cb_lid, key));
    CHECK(set_root(t, key, cb_lid, refs + 1u, size));
done:
    return err;
}

/* Deletes the chunks of the value from offset `from` on (a chunk boundary). */
static JET_ERR delete_chunks(const btree_tree *t, btree_cursor *rd, const uint8_t *key_lid, uint32_t cb_lid,
                             uint32_t from)
{
    JET_ERR err = JET_errSuccess;
    uint8_t key[12];
    uint32_t guard = 0;

    memcpy(key, key_lid, cb_lid);
    for (;;) {
        byte_order_put_be32(key + cb_lid, from);
        err = btree_seek(rd, key, cb_lid + LV_CHUNK_OFFSET_CB);
        if (err == JET_errRecordNotFound) {
            err = JET_errSuccess;
            break;
        }
        CHECK(err);
        if (rd->cb_key != cb_lid + LV_CHUNK_OFFSET_CB || memcmp(rd->key, key_lid, cb_lid) != 0) break;
        if (++guard > (1u << 22)) FAIL(JET_errLVCorrupted);
        memcpy(key + cb_lid, rd->key + cb_lid, LV_CHUNK_OFFSET_CB);
        CHECK(btree_delete(t, key, cb_lid + LV_CHUNK_OFFSET_CB));
    }
done:
    return err;
}

JET_ERR lv_delete(const btree_tree *t, btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid)
{
    JET_ERR err = JET_errSuccess;
    uint32_t refs = 0, size = 0;
    uint8_t key[8];

    CHECK(lv_root(rd, lid, cb_lid, &refs, &size));
    CHECK(root_key(lid, cb_lid, key));
    CHECK(delete_chunks(t, rd, key, cb_lid, 0));
    CHECK(btree_delete(t, key, cb_lid));
done:
    return err;
}

JET_ERR lv_release(const btree_tree *t, btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid)
{
    JET_ERR err = JET_errSuccess;
    uint32_t refs = 0, size = 0;
    uint8_t key[8];

    CHECK(lv_root(rd, lid, cb_lid, &refs, &size));
    if (refs <= 1u) {
        CHECK(lv_delete(t, rd, lid, cb_lid));
        goto done;
    }
    CHECK(root_key(lid, cb_lid, key));
    CHECK(set_root(t, key, cb_lid, refs - 1u, size));
done:
    return err;
}

/* Rewrites the value from old to new bytes. The old chunks may have been cut at another
 * size (a value ESE wrote), so they all go and the new ones are written whole. */
static JET_ERR rewrite(const btree_tree *t, btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid,
                       const uint8_t *old, uint32_t cb_old, const uint8_t *pb, uint32_t cb, uint32_t refs)
{
    JET_ERR err = JET_errSuccess;
    uint8_t key[12];

    (void)old;
    CHECK(root_key(lid, cb_lid, key));
    CHECK(delete_chunks(t, rd, key, cb_lid, 0));
    CHECK(put_chunks(t, key, cb_lid, write_chunk(cache_page_size(rd->c), cb_lid), pb, cb, 0, false));
    if (cb != cb_old) CHECK(set_root(t, key, cb_lid, refs, cb));
done:
    return err;
}

/* The whole value into a new buffer. */
static JET_ERR read_all(btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid, uint8_t **out, uint32_t *cb_out,
                        uint32_t *refs)
{
    JET_ERR err = JET_errSuccess;
    uint32_t size = 0, got = 0;
    uint8_t *p = NULL;

    *out = NULL;
    CHECK(lv_root(rd, lid, cb_lid, refs, &size));
    p = compat_malloc(size != 0 ? size : 1u);
    if (p == NULL) FAIL(JET_errOutOfMemory);
    CHECK(record_lv_read(rd, lid, cb_lid, 0, p, size, &got, NULL));
    if (got != size) FAIL(JET_errLVCorrupted);
    *out = p;
    *cb_out = size;
    p = NULL;
done:
    compat_free(p);
    return err;
}

JET_ERR lv_replace(const btree_tree *t, btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid, const uint8_t *pb,
                   uint32_t cb)
{
    JET_ERR err = JET_errSuccess;
    uint8_t *old = NULL;
    uint32_t cb_old = 0, refs = 0;

    if (pb == NULL && cb != 0) return JET_errInvalidParameter;
    CHECK(read_all(rd, lid, cb_lid, &old, &cb_old, &refs));
    CHECK(rewrite(t, rd, lid, cb_lid, old, cb_old, pb, cb, refs));
done:
    compat_free(old);
    return err;
}

JET_ERR lv_overwrite(const btree_tree *t, btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid, uint32_t ib,
                     const uint8_t *pb, uint32_t cb, bool resize)
{
    JET_ERR err = JET_errSuccess;
    uint8_t *old = NULL, *nw = NULL;
    uint32_t cb_old = 0, refs = 0, cb_new;

    if (pb == NULL && cb != 0) return JET_errInvalidParameter;
    CHECK(read_all(rd, lid, cb_lid, &old, &cb_old, &refs));
    if (ib > cb_old) FAIL(JET_errColumnNoChunk);
    if ((uint64_t)ib + cb > 0x7fffffffu) FAIL(JET_errColumnTooBig);
    cb_new = resize ? ib + cb : (ib + cb > cb_old ? ib + cb : cb_old);
    nw = compat_calloc(1, cb_new != 0 ? cb_new : 1u);
    if (nw == NULL) FAIL(JET_errOutOfMemory);
    memcpy(nw, old, cb_old < cb_new ? cb_old : cb_new);
    if (cb != 0) memcpy(nw + ib, pb, cb);
    CHECK(rewrite(t, rd, lid, cb_lid, old, cb_old, nw, cb_new, refs));
done:
    compat_free(old);
    compat_free(nw);
    return err;
}

JET_ERR lv_append(const btree_tree *t, btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid, const uint8_t *pb,
                  uint32_t cb)
{
    JET_ERR err = JET_errSuccess;
    uint32_t refs = 0, size = 0;

    CHECK(lv_root(rd, lid, cb_lid, &refs, &size));
    CHECK(lv_overwrite(t, rd, lid, cb_lid, size, pb, cb, false));
done:
    return err;
}

JET_ERR lv_resize(const btree_tree *t, btree_cursor *rd, const uint8_t *lid, uint32_t cb_lid, uint32_t cb_new)
{
    JET_ERR err = JET_errSuccess;
    uint8_t *old = NULL, *nw = NULL;
    uint32_t cb_old = 0, refs = 0;

    CHECK(read_all(rd, lid, cb_lid, &old, &cb_old, &refs));
    nw = compat_calloc(1, cb_new != 0 ? cb_new : 1u);
    if (nw == NULL) FAIL(JET_errOutOfMemory);
    memcpy(nw, old, cb_old < cb_new ? cb_old : cb_new);
    CHECK(rewrite(t, rd, lid, cb_lid, old, cb_old, nw, cb_new, refs));
done:
    compat_free(old);
    compat_free(nw);
    return err;
}
