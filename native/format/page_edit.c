/* page_edit.c: changing a database page in memory (see page.h, "editing"): formatting,
 * inserting, rewriting and deleting nodes (compressed against the page's key prefix when
 * they share enough of it), the external header, and compaction, keeping
 * cbFree/ibMicFree/itagState as ESE's CPAGE keeps them. */
#include "page.h"

#include <string.h>

#include "byte_order.h"

static uint8_t *tag_at(uint8_t *page, uint32_t cb_page, uint32_t itag)
{
    return page + cb_page - PAGE_TAG_CB * (itag + 1u);
}

static uint32_t field_mask(const page_view *pv)
{
    return pv->large ? PAGE_TAG_MASK_LARGE : PAGE_TAG_MASK_SMALL;
}

static void tag_read(const page_view *pv, uint8_t *page, uint32_t itag, uint32_t *cb, uint32_t *ib)
{
    const uint8_t *t = tag_at(page, pv->cb_page, itag);
    *cb = byte_order_get_le16(t) & field_mask(pv);
    *ib = byte_order_get_le16(t + 2) & field_mask(pv);
}

/* Small pages keep the node flags in the tag's offset word; large pages in the node. */
static void tag_write(const page_view *pv, uint8_t *page, uint32_t itag, uint32_t cb, uint32_t ib, uint32_t flags)
{
    uint8_t *t = tag_at(page, pv->cb_page, itag);
    byte_order_put_le16(t, (uint16_t)cb);
    byte_order_put_le16(t + 2,
                        (uint16_t)(pv->large ? ib : (ib | (flags & NODE_FLAGS_MASK) << PAGE_TAG_FLAGS_SHIFT)));
}

static void set_counts(uint8_t *page, const page_view *pv, uint32_t cb_free, uint32_t ib_mic, uint32_t ctag)
{
    uint16_t state = byte_order_get_le16(page + PAGE_ITAG_STATE_OFFSET);
    /* the data in use ends before the tag array (page_open's check holds after every edit) */
    INVARIANT(pv->cb_header + ib_mic + PAGE_TAG_CB * ctag <= pv->cb_page);
    byte_order_put_le16(page + PAGE_CB_FREE_OFFSET, (uint16_t)cb_free);
    byte_order_put_le16(page + PAGE_IB_MIC_FREE_OFFSET, (uint16_t)ib_mic);
    byte_order_put_le16(page + PAGE_ITAG_STATE_OFFSET,
                        (uint16_t)((state & ~PAGE_ITAG_COUNT_MASK) | (ctag & PAGE_ITAG_COUNT_MASK)));
}

/* Bytes between the end of the data in use and the tag array. */
static uint32_t contiguous_free(const page_view *pv)
{
    uint32_t end = pv->cb_page - pv->cb_header - PAGE_TAG_CB * (uint32_t)pv->ctag;
    return end > pv->ib_mic_free ? end - pv->ib_mic_free : 0u;
}

/* The bytes of tag 0 that nodes may share: none on roots (tag 0 is the space header there)
 * and on space-tree pages (ESE never compresses those). */
static void usable_prefix(const page_view *pv, const uint8_t **pb, uint32_t *cb)
{
    page_line ext;
    *pb = NULL;
    *cb = 0;
    if (pv->flags & (PAGE_FLAG_ROOT | PAGE_FLAG_SPACE_TREE)) return;
    if (page_external_header(pv, &ext) < 0 || ext.cb == 0) return;
    *pb = ext.pb;
    *cb = ext.cb;
}

uint32_t page_prefix_share(const page_view *pv, const uint8_t *key, uint32_t cb_key)
{
    const uint8_t *pb;
    uint32_t cb, i = 0;
    usable_prefix(pv, &pb, &cb);
    while (i < cb && i < cb_key && pb[i] == key[i]) i++;
    /* A shared prefix costs its own 2-byte length: only more than that saves anything. */
    return i > PAGE_PREFIX_OVERHEAD ? i : 0u;
}

uint32_t page_node_cb_on(const page_view *pv, const uint8_t *key, uint32_t cb_key, uint32_t cb_data)
{
    uint32_t common = page_prefix_share(pv, key, cb_key);
    return common != 0 ? page_node_cb_compressed(cb_key - common, cb_data) : page_node_cb(cb_key, cb_data);
}

/* Writes a node whose first common key bytes come from the page's prefix (0: none). On
 * large pages the flags ride in the node's first u16, whichever length it holds. */
static void write_node(const page_view *pv, uint8_t *dst, const uint8_t *key, uint32_t cb_key, uint32_t common,
                       const uint8_t *data, uint32_t cb_data, uint32_t flags)
{
    uint32_t high = pv->large ? (flags & NODE_FLAGS_MASK) << PAGE_TAG_FLAGS_SHIFT : 0u;
    uint32_t cb_suffix = cb_key - common;
    if (common != 0) {
        byte_order_put_le16(dst, (uint16_t)(common | high));
        dst += PAGE_KEY_LENGTH_CB;
        high = 0;
    }
    byte_order_put_le16(dst, (uint16_t)(cb_suffix | high));
    if (cb_suffix != 0) memcpy(dst + PAGE_KEY_LENGTH_CB, key + common, cb_suffix);
    if (cb_data != 0) memcpy(dst + PAGE_KEY_LENGTH_CB + cb_suffix, data, cb_data);
}

static uint32_t node_flags_for(uint32_t flags, uint32_t common)
{
    flags &= NODE_FLAG_VERSION | NODE_FLAG_DELETED;
    return common != 0 ? flags | NODE_FLAG_COMPRESSED : flags;
}

JET_ERR page_format(uint8_t *page, uint32_t cb_page, uint32_t pgno, uint32_t objid, uint32_t flags, uint64_t dbtime)
{
    uint32_t cb_header;

    if (page == NULL || !page_size_valid(cb_page) || cb_page < 4096u) return JET_errInvalidParameter;
    cb_header = page_header_cb(cb_page);
    memset(page, 0, cb_page);
    byte_order_put_le64(page + PAGE_DBTIME_OFFSET, dbtime);
    byte_order_put_le32(page + PAGE_OBJID_OFFSET, objid);
    /* An empty page: only tag 0 (an empty external header), as CPAGE::Init leaves it. */
    byte_order_put_le16(page + PAGE_CB_FREE_OFFSET, (uint16_t)(cb_page - cb_header - PAGE_TAG_CB));
    byte_order_put_le16(page + PAGE_IB_MIC_FREE_OFFSET, 0);
    byte_order_put_le16(page + PAGE_ITAG_STATE_OFFSET, 1);
    byte_order_put_le32(page + PAGE_FLAGS_OFFSET, flags | PAGE_FLAG_NEW_RECORD_FORMAT | PAGE_FLAG_NEW_CHECKSUM);
    if (page_is_large(cb_page)) byte_order_put_le32(page + PAGE_LARGE_PGNO_OFFSET, pgno);
    return JET_errSuccess;
}

void page_set_dbtime(uint8_t *page, uint64_t dbtime)
{
    byte_order_put_le64(page + PAGE_DBTIME_OFFSET, dbtime);
}

void page_set_siblings(uint8_t *page, uint32_t pgno_prev, uint32_t pgno_next)
{
    byte_order_put_le32(page + PAGE_PREV_OFFSET, pgno_prev);
    byte_order_put_le32(page + PAGE_NEXT_OFFSET, pgno_next);
}

void page_set_flags(uint8_t *page, uint32_t flags)
{
    byte_order_put_le32(page + PAGE_FLAGS_OFFSET, flags);
}

bool page_can_insert(const page_view *pv, uint32_t cb_node)
{
    if (pv->ctag >= PAGE_TAGS_MAX) return false;
    if (cb_node > field_mask(pv)) return false;
    return (uint32_t)pv->cb_free >= cb_node + PAGE_TAG_CB;
}

JET_ERR page_reorganize(uint8_t *page, uint32_t cb_page)
{
    JET_ERR err = JET_errSuccess;
    uint8_t copy[PAGE_SIZE_MAX];
    page_view pv;
    page_line line;
    uint32_t itag, ib = 0, area;

    CHECK(page_open(page, cb_page, &pv));
    area = cb_page - pv.cb_header - PAGE_TAG_CB * (uint32_t)pv.ctag;
    INVARIANT(area <= sizeof copy);
    /* Check every tag before moving anything, so a bad page is left as it was. */
    for (itag = 0; itag < pv.ctag; itag++) {
        CHECK(page_get_tag(&pv, itag, &line));
        ib += line.cb;
    }
    if (ib > area) FAIL(JET_errPageTagCorrupted);
    memcpy(copy, page + pv.cb_header, area);
    ib = 0;
    for (itag = 0; itag < pv.ctag; itag++) {
        uint8_t *t = tag_at(page, cb_page, itag);
        uint32_t cb, ib_old;
        tag_read(&pv, page, itag, &cb, &ib_old);
        INVARIANT(cb == 0 || (ib_old + cb <= area && ib + cb <= area)); /* checked above */
        if (cb != 0) memcpy(page + pv.cb_header + ib, copy + ib_old, cb);
        /* Keep the flag bits of the offset word (small pages). */
        byte_order_put_le16(t + 2, (uint16_t)((byte_order_get_le16(t + 2) & ~field_mask(&pv)) | ib));
        ib += cb;
    }
    byte_order_put_le16(page + PAGE_IB_MIC_FREE_OFFSET, (uint16_t)ib);
done:
    return err;
}

/* Makes room for need contiguous bytes (compacting when the free bytes are scattered). */
static JET_ERR make_room(uint8_t *page, uint32_t cb_page, page_view *pv, uint32_t need)
{
    JET_ERR err = JET_errSuccess;
    if (contiguous_free(pv) >= need) goto done;
    CHECK(page_reorganize(page, cb_page));
    CHECK(page_open(page, cb_page, pv));
    /* cbFree promised the room; if compaction does not give it, the page lied. */
    if (contiguous_free(pv) < need) FAIL(JET_errPageTagCorrupted);
done:
    return err;
}

JET_ERR page_insert_node(uint8_t *page, uint32_t cb_page, uint32_t iline, const uint8_t *key, uint32_t cb_key,
                         const uint8_t *data, uint32_t cb_data, uint32_t node_flags)
{
    JET_ERR err = JET_errSuccess;
    page_view pv;
    uint32_t cb, itag, ib, common;

    CHECK(page_open(page, cb_page, &pv));
    if (iline > page_line_count(&pv) || cb_key > PAGE_KEY_MAX) FAIL(JET_errInvalidParameter);
    if (cb_key != 0 && key == NULL) FAIL(JET_errInvalidParameter);
    if (pv.ctag == 0) FAIL(JET_errPageTagCorrupted); /* never formatted */
    /* Decided before compaction moves tag 0; only the suffix is copied from key. */
    common = page_prefix_share(&pv, key, cb_key);
    node_flags = node_flags_for(node_flags, common);
    cb = common != 0 ? page_node_cb_compressed(cb_key - common, cb_data) : page_node_cb(cb_key, cb_data);
    if (!page_can_insert(&pv, cb)) FAIL(JET_errRecordTooBig);
    CHECK(make_room(page, cb_page, &pv, cb + PAGE_TAG_CB));
    itag = pv.ctag_reserved + iline;
    /* make_room gave the node and its tag room between ibMicFree and the tag array */
    INVARIANT(itag <= pv.ctag && pv.cb_header + pv.ib_mic_free + cb + PAGE_TAG_CB * (pv.ctag + 1u) <= cb_page);
    if (itag < pv.ctag) {
        /* Tags grow downwards: shifting lines itag.. up one means moving them 4 bytes lower. */
        memmove(tag_at(page, cb_page, pv.ctag), tag_at(page, cb_page, pv.ctag - 1u), PAGE_TAG_CB * (pv.ctag - itag));
    }
    ib = pv.ib_mic_free;
    write_node(&pv, page + pv.cb_header + ib, key, cb_key, common, data, cb_data, node_flags);
    tag_write(&pv, page, itag, cb, ib, node_flags);
    set_counts(page, &pv, pv.cb_free - cb - PAGE_TAG_CB, ib + cb, pv.ctag + 1u);
done:
    return err;
}

/* Replaces tag itag's bytes by cb bytes that write() puts in place; the ESE rules: shrink
 * or grow in place when the tag ends at ibMicFree, else move it to the end. */
static JET_ERR replace_tag(uint8_t *page, uint32_t cb_page, page_view *pv, uint32_t itag, uint32_t cb, uint32_t *ib_out)
{
    JET_ERR err = JET_errSuccess;
    page_line line;
    uint32_t cb_old, ib_old, cb_free = pv->cb_free, ib_mic = pv->ib_mic_free;

    CHECK(page_get_tag(pv, itag, &line));
    tag_read(pv, page, itag, &cb_old, &ib_old);
    if (cb > field_mask(pv)) FAIL(JET_errRecordTooBig);
    if (cb_old == 0) ib_old = ib_mic; /* an empty tag owns no bytes */
    if (cb > cb_old && cb_free < cb - cb_old) FAIL(JET_errRecordTooBig);
    if (cb <= cb_old || (ib_old + cb_old == ib_mic && contiguous_free(pv) >= cb - cb_old)) {
        if (ib_old + cb_old == ib_mic) ib_mic = ib_old + cb;
        cb_free = cb_free + cb_old - cb;
        INVARIANT(pv->cb_header + ib_old + cb + PAGE_TAG_CB * pv->ctag <= cb_page); /* in place, it fits */
        set_counts(page, pv, cb_free, ib_mic, pv->ctag);
        *ib_out = ib_old;
        goto done;
    }
    if (cb_free + cb_old < cb) FAIL(JET_errRecordTooBig);
    /* Give the old bytes up first so that compaction can reuse them. */
    {
        uint8_t *t = tag_at(page, cb_page, itag);
        byte_order_put_le16(t, (uint16_t)(byte_order_get_le16(t) & ~field_mask(pv)));
        byte_order_put_le16(t + 2, (uint16_t)(byte_order_get_le16(t + 2) & ~field_mask(pv)));
    }
    set_counts(page, pv, cb_free + cb_old, ib_mic, pv->ctag);
    CHECK(page_open(page, cb_page, pv));
    CHECK(make_room(page, cb_page, pv, cb));
    INVARIANT(pv->cb_header + pv->ib_mic_free + cb + PAGE_TAG_CB * pv->ctag <= cb_page);
    *ib_out = pv->ib_mic_free;
    set_counts(page, pv, pv->cb_free - cb, pv->ib_mic_free + cb, pv->ctag);
done:
    return err;
}

JET_ERR page_replace_node(uint8_t *page, uint32_t cb_page, uint32_t iline, const uint8_t *key, uint32_t cb_key,
                          const uint8_t *data, uint32_t cb_data, uint32_t node_flags)
{
    JET_ERR err = JET_errSuccess;
    page_view pv;
    uint32_t cb, itag, ib, common;

    CHECK(page_open(page, cb_page, &pv));
    if (iline >= page_line_count(&pv) || cb_key > PAGE_KEY_MAX) FAIL(JET_errInvalidParameter);
    if (cb_key != 0 && key == NULL) FAIL(JET_errInvalidParameter);
    common = page_prefix_share(&pv, key, cb_key);
    node_flags = node_flags_for(node_flags, common);
    cb = common != 0 ? page_node_cb_compressed(cb_key - common, cb_data) : page_node_cb(cb_key, cb_data);
    itag = pv.ctag_reserved + iline;
    CHECK(replace_tag(page, cb_page, &pv, itag, cb, &ib));
    write_node(&pv, page + pv.cb_header + ib, key, cb_key, common, data, cb_data, node_flags);
    tag_write(&pv, page, itag, cb, ib, node_flags);
done:
    return err;
}

JET_ERR page_set_external_header(uint8_t *page, uint32_t cb_page, const uint8_t *pb, uint32_t cb)
{
    JET_ERR err = JET_errSuccess;
    page_view pv;
    uint32_t ib;

    CHECK(page_open(page, cb_page, &pv));
    if (pv.ctag == 0) FAIL(JET_errPageTagCorrupted);
    if (cb != 0 && pb == NULL) FAIL(JET_errInvalidParameter);
    CHECK(replace_tag(page, cb_page, &pv, 0, cb, &ib));
    if (cb != 0) memcpy(page + pv.cb_header + ib, pb, cb);
    tag_write(&pv, page, 0, cb, cb != 0 ? ib : 0u, 0);
done:
    return err;
}

JET_ERR page_delete_node(uint8_t *page, uint32_t cb_page, uint32_t iline)
{
    JET_ERR err = JET_errSuccess;
    page_view pv;
    page_line line;
    uint32_t itag, cb, ib, ib_mic, cb_free, ctag;

    CHECK(page_open(page, cb_page, &pv));
    if (iline >= page_line_count(&pv)) FAIL(JET_errInvalidParameter);
    itag = pv.ctag_reserved + iline;
    CHECK(page_get_tag(&pv, itag, &line));
    tag_read(&pv, page, itag, &cb, &ib);
    ib_mic = pv.ib_mic_free;
    if (cb != 0 && ib + cb == ib_mic) ib_mic = ib; /* the bytes at the end come back at once */
    cb_free = pv.cb_free + cb + PAGE_TAG_CB;
    ctag = pv.ctag - 1u;
    if (itag < ctag) {
        /* Lines after itag move down one: 4 bytes higher in memory. */
        uint8_t *low = tag_at(page, cb_page, ctag);
        memmove(low + PAGE_TAG_CB, low, PAGE_TAG_CB * (ctag - itag));
    }
    memset(tag_at(page, cb_page, ctag), 0, PAGE_TAG_CB);
    /* A page left with an empty external header and no node starts over at offset 0. */
    if (cb_free + PAGE_TAG_CB + pv.cb_header == cb_page) ib_mic = 0;
    set_counts(page, &pv, cb_free, ib_mic, ctag);
done:
    return err;
}
