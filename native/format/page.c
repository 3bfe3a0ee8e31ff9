/* page.c: page sizes, and reading the page header, tags and nodes of a database page
 * (see page.h). */
#include "page.h"

#include <string.h>

#include "byte_order.h"

bool page_size_valid(uint32_t cb_page)
{
    return cb_page == 2048 || cb_page == 4096 || cb_page == 8192 || cb_page == 16384 || cb_page == 32768;
}

bool page_is_large(uint32_t cb_page)
{
    return cb_page > 8192;
}

JET_ERR page_open(const uint8_t *data, uint32_t cb_page, page_view *out)
{
    JET_ERR err = JET_errSuccess;
    uint16_t itag_state;
    uint32_t ctag_max;

    memset(out, 0, sizeof *out);
    if (data == NULL || !page_size_valid(cb_page)) FAIL(JET_errInvalidParameter);
    out->data = data;
    out->cb_page = cb_page;
    out->large = page_is_large(cb_page);
    out->cb_header = page_header_cb(cb_page);
    out->dbtime_dirtied = byte_order_get_le64(data + PAGE_DBTIME_OFFSET);
    out->pgno_prev = byte_order_get_le32(data + PAGE_PREV_OFFSET);
    out->pgno_next = byte_order_get_le32(data + PAGE_NEXT_OFFSET);
    out->objid_fdp = byte_order_get_le32(data + PAGE_OBJID_OFFSET);
    out->cb_free = byte_order_get_le16(data + PAGE_CB_FREE_OFFSET);
    out->cb_uncommitted_free = byte_order_get_le16(data + PAGE_CB_UNCOMMITTED_FREE_OFFSET);
    out->ib_mic_free = byte_order_get_le16(data + PAGE_IB_MIC_FREE_OFFSET);
    itag_state = byte_order_get_le16(data + PAGE_ITAG_STATE_OFFSET);
    out->flags = byte_order_get_le32(data + PAGE_FLAGS_OFFSET);
    out->ctag = (uint16_t)(itag_state & PAGE_ITAG_COUNT_MASK);
    /* 0 in the upper bits is the legacy layout: one reserved tag. */
    out->ctag_reserved = (uint16_t)((itag_state >> PAGE_CTAG_RESERVED_SHIFT) & PAGE_CTAG_RESERVED_MASK);
    if (out->ctag_reserved == 0) out->ctag_reserved = 1;

    ctag_max = (cb_page - out->cb_header) / PAGE_TAG_CB;
    if (out->ctag > ctag_max) FAIL(JET_errPageTagCorrupted);
    if (out->ctag != 0 && out->ctag < out->ctag_reserved) FAIL(JET_errPageTagCorrupted);
    if ((uint32_t)out->cb_header + out->ib_mic_free > cb_page - (uint32_t)out->ctag * PAGE_TAG_CB)
        FAIL(JET_errPageTagCorrupted);
done:
    return err;
}

/* Decodes tag itag (< pv->ctag) into out; every field is set. The one decoding of a tag,
 * inlined where nodes are read in loops (binary searches, moves). */
static inline JET_ERR tag_decode(const page_view *pv, uint32_t itag, page_line *out)
{
    const uint8_t *tag;
    uint32_t mask, cb, ib, raw_ib;

    /* page_open made pv: the tag array lies between the header and the end of the page */
    INVARIANT((uint32_t)pv->ctag * PAGE_TAG_CB <= pv->cb_page - pv->cb_header);
    tag = pv->data + pv->cb_page - PAGE_TAG_CB * (itag + 1u);
    mask = pv->large ? PAGE_TAG_MASK_LARGE : PAGE_TAG_MASK_SMALL;
    cb = byte_order_get_le16(tag) & mask;
    raw_ib = byte_order_get_le16(tag + 2);
    ib = raw_ib & mask;
    out->pb = NULL;
    out->cb = 0;
    out->flags = 0;
    if (cb == 0) return JET_errSuccess; /* only reserved tags may be empty; node reading checks that */
    if (pv->cb_header + ib + cb > pv->cb_page - (uint32_t)pv->ctag * PAGE_TAG_CB) return JET_errPageTagCorrupted;
    out->pb = pv->data + pv->cb_header + ib;
    out->cb = cb;
    if (!pv->large) {
        out->flags = raw_ib >> PAGE_TAG_FLAGS_SHIFT;
    } else if (cb >= PAGE_KEY_LENGTH_CB) {
        out->flags = (uint32_t)byte_order_get_le16(out->pb) >> PAGE_TAG_FLAGS_SHIFT;
    }
    return JET_errSuccess;
}

JET_ERR page_get_tag(const page_view *pv, uint32_t itag, page_line *out)
{
    JET_ERR err = JET_errSuccess;
    if (itag >= pv->ctag) {
        memset(out, 0, sizeof *out);
        FAIL(JET_errPageTagCorrupted);
    }
    err = tag_decode(pv, itag, out);
    if (err < 0) {
        memset(out, 0, sizeof *out);
        FAIL(err);
    }
done:
    return err;
}

JET_ERR page_external_header(const page_view *pv, page_line *out)
{
    if (pv->ctag == 0) {
        memset(out, 0, sizeof *out);
        return JET_errSuccess; /* an empty page has no external header */
    }
    return page_get_tag(pv, 0, out);
}

JET_ERR page_get_node(const page_view *pv, uint32_t iline, page_node *out)
{
    JET_ERR err = JET_errSuccess;
    page_line line, ext;
    const uint8_t *pb;
    uint32_t overhead = PAGE_KEY_LENGTH_CB, itag = iline + pv->ctag_reserved;

    /* every field is set below or by the failure path (no memset: this runs for each
     * probe of a binary search) */
    out->prefix = NULL;
    out->cb_prefix = 0;
    if (iline >= page_line_count(pv) || itag >= pv->ctag) FAIL(JET_errPageTagCorrupted);
    CHECK(tag_decode(pv, itag, &line));
    if (line.cb < PAGE_KEY_LENGTH_CB) FAIL(JET_errNodeCorrupted);
    pb = line.pb;
    out->flags = line.flags;
    if (line.flags & NODE_FLAG_COMPRESSED) {
        if (line.cb < 2u * PAGE_KEY_LENGTH_CB) FAIL(JET_errNodeCorrupted);
        out->cb_prefix = byte_order_get_le16(pb) & PAGE_NODE_KEY_MASK;
        pb += PAGE_KEY_LENGTH_CB;
        overhead += PAGE_KEY_LENGTH_CB;
    }
    out->cb_suffix = byte_order_get_le16(pb) & PAGE_NODE_KEY_MASK;
    if (out->cb_suffix > line.cb - overhead) FAIL(JET_errNodeCorrupted);
    out->suffix = pb + PAGE_KEY_LENGTH_CB;
    out->data = out->suffix + out->cb_suffix;
    out->cb_data = line.cb - overhead - out->cb_suffix;

    if (out->cb_prefix != 0) {
        /* the external header is tag 0 (ctag > itag > 0 here) */
        CHECK(tag_decode(pv, 0, &ext));
        if (pv->flags & PAGE_FLAG_ROOT) {
            /* Root pages keep the space header there; only space-tree roots add a prefix
             * after their split buffer. */
            if (!(pv->flags & PAGE_FLAG_SPACE_TREE) || ext.cb < PAGE_SPLIT_BUFFER_CB) FAIL(JET_errNodeCorrupted);
            ext.pb += PAGE_SPLIT_BUFFER_CB;
            ext.cb -= PAGE_SPLIT_BUFFER_CB;
        }
        if (out->cb_prefix > ext.cb) FAIL(JET_errNodeCorrupted);
        out->prefix = ext.pb;
    }
done:
    if (err < 0) memset(out, 0, sizeof *out);
    return err;
}

int page_node_compare(const page_node *node, const uint8_t *key, uint32_t cb_key)
{
    uint32_t n, cb_node = node->cb_prefix + node->cb_suffix;
    int c;

    n = node->cb_prefix < cb_key ? node->cb_prefix : cb_key;
    c = n != 0 ? memcmp(node->prefix, key, n) : 0;
    if (c != 0) return c;
    if (cb_key > node->cb_prefix) {
        uint32_t rest = cb_key - node->cb_prefix;
        n = node->cb_suffix < rest ? node->cb_suffix : rest;
        c = n != 0 ? memcmp(node->suffix, key + node->cb_prefix, n) : 0;
        if (c != 0) return c;
    } else if (node->cb_prefix > cb_key) {
        return 1; /* the key is a proper prefix of the node's prefix */
    }
    return cb_node < cb_key ? -1 : (cb_node > cb_key ? 1 : 0);
}

/* Compares a node's key (followed by its data when with_data: leaves of non-unique trees,
 * whose nodes are ordered by key and data as one byte string) with s. */
int page_node_compare_stream(const page_node *node, bool with_data, const uint8_t *s, uint32_t cb_s)
{
    const uint8_t *seg[3];
    uint32_t cb[3], i, off = 0;
    seg[0] = node->prefix;
    seg[1] = node->suffix;
    seg[2] = node->data;
    cb[0] = node->cb_prefix;
    cb[1] = node->cb_suffix;
    cb[2] = with_data ? node->cb_data : 0u;
    for (i = 0; i < 3u; i++) {
        uint32_t n = cb[i] < cb_s - off ? cb[i] : cb_s - off;
        if (n != 0) {
            int c = memcmp(seg[i], s + off, n);
            if (c != 0) return c;
        }
        if (n < cb[i]) return 1; /* s is a proper prefix */
        off += n;
    }
    return off < cb_s ? -1 : 0;
}
