/* trace.c: the passthrough's trace recorder. With ESENT_PASSTHROUGH_TRACE naming
 * a file, each call becomes one JSON line appended to it (format:
 * docs/differential-testing.md):
 *   {"n":SEQ,"t":THREAD,"fn":NAME,"in":[ARG...],"out":{"INDEX":VALUE...},"err":CODE}
 * Handles are written as "kind#N" (the Nth of that kind the trace has seen come
 * out of a call), pointers the target handed out as "buffer#N", values never seen
 * and nil values as "0x..." numbers. Structures holding pointers are written by
 * content, walking their descriptions (pt_structs). Text that starts with one of
 * the process's roots (its current directory, and the directories named by the
 * variables ESENT_PASSTHROUGH_ROOTS lists) is written as "${NAME}" and the rest,
 * so that a trace does not depend on where it was recorded; the first line of each
 * process says which roots those were. Off, each call costs one once-check.
 * Recording never changes what is passed or returned; when memory runs short the
 * line is dropped, never the call.
 * May call: passthrough_internal.h (compat, esent.h), the C library (getenv). */
#include "passthrough_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sb {
    char *p;
    size_t len, cap;
    bool oom;
} sb;

struct pt_rec {
    sb in, out;
    const char *fn;
    uint64_t seq;
    unsigned thread;
    int nin, nout;
    bool in_bad, out_bad;
    bool has_fault;
    uint32_t fault;
    sb extra; /* further members of the line ("alloc") */
};

typedef struct symbol {
    const char *kind;
    uint64_t value;
    unsigned id;
} symbol;

static compat_once g_once = COMPAT_ONCE_INIT;
static bool g_on;
static compat_mutex g_mu;
static compat_file *g_file;
static uint64_t g_offset;
static uint64_t g_seq;
static symbol *g_syms;
static size_t g_nsyms, g_capsyms;
/* (kind, value) -> 1 + index of its newest symbol; open addressing, at most half full */
static uint32_t *g_index;
static size_t g_index_cap;
/* the last number given per kind */
static struct {
    const char *kind;
    unsigned last;
} g_kinds[16];
static uint64_t *g_threads;
static size_t g_nthreads, g_capthreads;

/* Roots: directories written as "${NAME}" at the start of recorded text; longest first. */
typedef struct root {
    char name[48];
    char *prefix; /* without a trailing separator */
    size_t len;
    bool absolute; /* the form compat_path_absolute made */
} root;
#define PT_ROOTS_MAX 16
static root g_roots[PT_ROOTS_MAX];
static size_t g_nroots;


static void roots_init(void);
static void write_header(void);

static void trace_init(void)
{
    const char *path = getenv("ESENT_PASSTHROUGH_TRACE");
    if (path == NULL || path[0] == '\0')
        return;
    if (compat_mutex_init(&g_mu) != COMPAT_OK)
        return;
    if (compat_file_open(path, COMPAT_FILE_WRITE | COMPAT_FILE_CREATE, &g_file) != COMPAT_OK)
        return;
    if (compat_file_size(g_file, &g_offset) != COMPAT_OK)
        return;
    roots_init();
    write_header();
    g_on = true;
}

/* ---- string building ---- */

static void sb_put(sb *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = compat_realloc(b->p, cap);
        if (p == NULL) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_str(sb *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

static void sb_fmt_u(sb *b, uint64_t v)
{
    char t[32];
    snprintf(t, sizeof t, "%llu", (unsigned long long)v);
    sb_str(b, t);
}

static void sb_fmt_i(sb *b, int64_t v)
{
    char t[32];
    snprintf(t, sizeof t, "%lld", (long long)v);
    sb_str(b, t);
}

static void sb_hexnum(sb *b, uint64_t v)
{
    char t[32];
    snprintf(t, sizeof t, "\"0x%llx\"", (unsigned long long)v);
    sb_str(b, t);
}

/* A JSON string of n bytes. utf8: bytes >= 0x80 are already UTF-8 text; otherwise
 * (8-bit A strings) each such byte is written as \u00XX, one character per byte. */
static void sb_json(sb *b, const char *s, size_t n, bool utf8)
{
    static const char hex[] = "0123456789abcdef";
    sb_put(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            char e[2] = { '\\', (char)c };
            sb_put(b, e, 2);
        } else if (c < 0x20 || (c >= 0x80 && !utf8) || c == 0x7f) {
            char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
            sb_put(b, e, 6);
        } else {
            sb_put(b, (const char *)&c, 1);
        }
    }
    sb_put(b, "\"", 1);
}

static void sb_bytes(sb *b, const void *p, uint32_t cb)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *q = p;
    sb_put(b, "\"", 1);
    for (uint32_t i = 0; i < cb; i++) {
        char e[2] = { hex[q[i] >> 4], hex[q[i] & 15] };
        sb_put(b, e, 2);
    }
    sb_put(b, "\"", 1);
}

/* ---- roots ---- */

static void write_line(const char *p, size_t n);

static bool is_sep(char c)
{
    return c == '/' || c == '\\';
}

static void add_root(const char *name, const char *path, bool absolute)
{
    size_t len = strlen(path), nlen = strlen(name);
    while (len > 1 && is_sep(path[len - 1]))
        len--;
    if (len == 0 || nlen >= sizeof g_roots[0].name || g_nroots == PT_ROOTS_MAX)
        return;
    for (size_t i = 0; i < g_nroots; i++)
        if (g_roots[i].len == len && memcmp(g_roots[i].prefix, path, len) == 0)
            return;
    char *copy = compat_malloc(len + 1);
    if (copy == NULL)
        return;
    memcpy(copy, path, len);
    copy[len] = '\0';
    size_t at = g_nroots++;
    while (at > 0 && g_roots[at - 1].len < len) {
        g_roots[at] = g_roots[at - 1];
        at--;
    }
    memcpy(g_roots[at].name, name, nlen + 1);
    g_roots[at].prefix = copy;
    g_roots[at].len = len;
    g_roots[at].absolute = absolute;
}

/* The root spelled both as given and in its absolute form. */
static void add_root_forms(const char *name, const char *path)
{
    char abs[1024];
    if (compat_path_absolute(path, abs, sizeof abs) == COMPAT_OK)
        add_root(name, abs, true);
    add_root(name, path, false);
}

static void roots_init(void)
{
    char cwd[1024];
    const char *list = getenv("ESENT_PASSTHROUGH_ROOTS");
    if (compat_current_dir(cwd, sizeof cwd) == COMPAT_OK)
        add_root_forms("CWD", cwd);
    while (list != NULL && *list != '\0') {
        char name[48];
        size_t n = strcspn(list, ";, ");
        if (n > 0 && n < sizeof name) {
            memcpy(name, list, n);
            name[n] = '\0';
            const char *value = getenv(name);
            if (value != NULL && value[0] != '\0' && strcmp(name, "CWD") != 0)
                add_root_forms(name, value);
        }
        list += n;
        while (*list == ';' || *list == ',' || *list == ' ')
            list++;
    }
}

/* The first line of a process's part of the trace: its format and its roots
 * (each in its absolute form, if it has one). */
static void write_header(void)
{
    sb line = { 0 };
    bool any = false;
    const char *head = "{\"trace\":\"esent-passthrough\",\"format\":2,\"roots\":{";
    sb_put(&line, head, strlen(head));
    for (size_t i = 0; i < g_nroots; i++) {
        bool other = false;
        for (size_t j = 0; j < g_nroots; j++)
            if (j != i && strcmp(g_roots[j].name, g_roots[i].name) == 0 &&
                (g_roots[j].absolute > g_roots[i].absolute || (g_roots[j].absolute == g_roots[i].absolute && j < i)))
                other = true;
        if (other)
            continue;
        if (any)
            sb_put(&line, ",", 1);
        any = true;
        sb_json(&line, g_roots[i].name, strlen(g_roots[i].name), true);
        sb_put(&line, ":", 1);
        sb_json(&line, g_roots[i].prefix, g_roots[i].len, true);
    }
    sb_put(&line, "}}\n", 3);
    if (!line.oom)
        write_line(line.p, line.len);
    compat_free(line.p);
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The longest root s starts with (case and separators aside, ending at a
 * separator or at the end of s), or NULL. */
static const root *root_match(const char *s, size_t n)
{
    for (size_t i = 0; i < g_nroots; i++) {
        const root *r = &g_roots[i];
        size_t k = 0;
        if (r->len > n)
            continue;
        while (k < r->len && (lower(s[k]) == lower(r->prefix[k]) || (is_sep(s[k]) && is_sep(r->prefix[k]))))
            k++;
        if (k == r->len && (n == k || is_sep(s[k]) || is_sep(r->prefix[k - 1])))
            return r;
    }
    return NULL;
}

/* Text as a JSON string, a root at its start written as "${NAME}". */
static void sb_path(sb *b, const char *s, size_t n, bool utf8)
{
    const root *r = root_match(s, n);
    char *t;
    size_t nl, cut;
    if (r == NULL) {
        sb_json(b, s, n, utf8);
        return;
    }
    /* the rest starts with its separator, even after a root that is "/" */
    cut = is_sep(r->prefix[r->len - 1]) ? r->len - 1 : r->len;
    nl = strlen(r->name);
    t = compat_malloc(nl + 3 + n - cut + 1);
    if (t == NULL) {
        b->oom = true;
        return;
    }
    memcpy(t, "${", 2);
    memcpy(t + 2, r->name, nl);
    t[2 + nl] = '}';
    memcpy(t + 3 + nl, s + cut, n - cut);
    sb_json(b, t, nl + 3 + n - cut, utf8);
    compat_free(t);
}

/* ---- symbols (under g_mu) ---- */

static bool is_nil(const char *kind, uint64_t v)
{
    if (v == 0 || v == ~(uint64_t)0)
        return true;
    return strcmp(kind, "db") == 0 && v == 0xFFFFFFFFu;
}

static size_t sym_slot(const char *kind, uint64_t v)
{
    uint64_t h = v * 0x9E3779B97F4A7C15ull;
    for (const char *k = kind; *k != '\0'; k++)
        h = (h ^ (unsigned char)*k) * 0x100000001B3ull;
    size_t i = (size_t)(h >> 17) & (g_index_cap - 1);
    while (g_index[i] != 0) {
        const symbol *s = &g_syms[g_index[i] - 1];
        if (s->value == v && strcmp(s->kind, kind) == 0)
            break;
        i = (i + 1) & (g_index_cap - 1);
    }
    return i;
}

static const symbol *sym_find(const char *kind, uint64_t v)
{
    if (g_index_cap == 0)
        return NULL;
    size_t i = sym_slot(kind, v);
    return g_index[i] != 0 ? &g_syms[g_index[i] - 1] : NULL;
}

static bool index_grow(void)
{
    size_t cap = g_index_cap ? 2 * g_index_cap : 256;
    uint32_t *old = g_index;
    size_t old_cap = g_index_cap;
    uint32_t *fresh = compat_calloc(cap, sizeof *fresh);
    if (fresh == NULL)
        return false;
    g_index = fresh;
    g_index_cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i] != 0) {
            const symbol *s = &g_syms[old[i] - 1];
            g_index[sym_slot(s->kind, s->value)] = old[i];
        }
    compat_free(old);
    return true;
}

static const symbol *sym_new(const char *kind, uint64_t v)
{
    size_t k = 0;
    while (k < sizeof g_kinds / sizeof g_kinds[0] && g_kinds[k].kind != NULL && strcmp(g_kinds[k].kind, kind) != 0)
        k++;
    if (k == sizeof g_kinds / sizeof g_kinds[0] || g_nsyms >= UINT32_MAX - 1)
        return NULL;
    if (g_nsyms == g_capsyms) {
        size_t cap = g_capsyms ? 2 * g_capsyms : 64;
        symbol *p = compat_realloc(g_syms, cap * sizeof *p);
        if (p == NULL)
            return NULL;
        g_syms = p;
        g_capsyms = cap;
    }
    if (2 * (g_nsyms + 1) > g_index_cap && !index_grow())
        return NULL;
    g_kinds[k].kind = kind;
    g_syms[g_nsyms].kind = kind;
    g_syms[g_nsyms].value = v;
    g_syms[g_nsyms].id = ++g_kinds[k].last;
    g_index[sym_slot(kind, v)] = (uint32_t)(g_nsyms + 1);
    return &g_syms[g_nsyms++];
}

/* Writes the symbol of v: when minting a new one ("kind#N+1", a value just handed
 * out: Windows reuses handle values; database ids excepted), else the newest
 * known, else v raw. */
static void sb_symbol(sb *b, const char *kind, uint64_t v, bool mint)
{
    const symbol *s;
    char t[64];
    if (is_nil(kind, v)) {
        sb_hexnum(b, v);
        return;
    }
    compat_mutex_lock(&g_mu);
    s = sym_find(kind, v);
    /* A database id names a database, the same in every session that opens it
     * (several threads may hold it at once): one symbol per value. */
    if (mint && (s == NULL || strcmp(kind, "db") != 0))
        s = sym_new(kind, v);
    if (s != NULL)
        snprintf(t, sizeof t, "\"%s#%u\"", kind, s->id);
    compat_mutex_unlock(&g_mu);
    if (s == NULL)
        sb_hexnum(b, v);
    else
        sb_str(b, t);
}

static unsigned thread_number(void)
{
    uint64_t me = compat_thread_self_id();
    for (size_t i = 0; i < g_nthreads; i++)
        if (g_threads[i] == me)
            return (unsigned)i + 1;
    if (g_nthreads == g_capthreads) {
        size_t cap = g_capthreads ? 2 * g_capthreads : 16;
        uint64_t *p = compat_realloc(g_threads, cap * sizeof *p);
        if (p == NULL)
            return 0;
        g_threads = p;
        g_capthreads = cap;
    }
    g_threads[g_nthreads++] = me;
    return (unsigned)g_nthreads;
}

/* ---- the recorder ---- */

pt_rec *pt_trace_begin(const char *fn)
{
    pt_rec *r;
    compat_once_run(&g_once, trace_init);
    if (!g_on)
        return NULL;
    r = compat_calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->fn = fn;
    compat_mutex_lock(&g_mu);
    r->seq = ++g_seq;
    r->thread = thread_number();
    compat_mutex_unlock(&g_mu);
    return r;
}

static void next_in(pt_rec *r)
{
    if (r->nin++ > 0)
        sb_put(&r->in, ",", 1);
}

static void next_out(pt_rec *r, int index)
{
    char t[24];
    snprintf(t, sizeof t, "%s\"%d\":", r->nout++ > 0 ? "," : "", index);
    sb_str(&r->out, t);
}

void pt_in_handle(pt_rec *r, const char *kind, uint64_t value)
{
    next_in(r);
    sb_symbol(&r->in, kind, value, false);
}

void pt_in_hptr(pt_rec *r, bool present, const char *kind, uint64_t value)
{
    next_in(r);
    if (!present)
        sb_str(&r->in, "null");
    else
        sb_symbol(&r->in, kind, value, false);
}

void pt_in_int(pt_rec *r, int64_t value)
{
    next_in(r);
    sb_fmt_i(&r->in, value);
}

void pt_in_uint(pt_rec *r, uint64_t value)
{
    next_in(r);
    sb_fmt_u(&r->in, value);
}

void pt_in_intptr(pt_rec *r, bool present, int64_t value)
{
    if (present)
        pt_in_int(r, value);
    else
        pt_in_marker(r, false, NULL);
}

void pt_in_uintptr(pt_rec *r, bool present, uint64_t value)
{
    if (present)
        pt_in_uint(r, value);
    else
        pt_in_marker(r, false, NULL);
}

void pt_in_str(pt_rec *r, const char *s)
{
    next_in(r);
    if (s == NULL)
        sb_str(&r->in, "null");
    else
        sb_path(&r->in, s, strlen(s), false);
}

static void wide_json(sb *b, const WCHAR *s, size_t units)
{
    size_t n = 0;
    char *u;
    if (compat_utf16_to_utf8(s, units, NULL, 0, &n) != COMPAT_OK || (u = compat_malloc(n + 1)) == NULL) {
        sb_str(b, "null");
        return;
    }
    compat_utf16_to_utf8(s, units, u, n + 1, &n);
    sb_path(b, u, n, true);
    compat_free(u);
}

void pt_in_wstr(pt_rec *r, const WCHAR *s)
{
    size_t n = 0;
    next_in(r);
    if (s == NULL) {
        sb_str(&r->in, "null");
        return;
    }
    while (s[n] != 0)
        n++;
    wide_json(&r->in, s, n);
}

void pt_in_column_name(pt_rec *r, const void *p, bool wide, uint32_t level)
{
    JET_COLUMNID id;
    if (p == NULL || (level & 0x0FFFFFFFu) != JET_ColInfoByColid) {
        if (wide)
            pt_in_wstr(r, p);
        else
            pt_in_str(r, p);
        return;
    }
    memcpy(&id, p, sizeof id);
    next_in(r);
    sb_str(&r->in, "{\"columnid\":");
    sb_fmt_u(&r->in, id);
    sb_str(&r->in, "}");
}

/* Buffers larger than this are not copied into the trace (a wrong size must not
 * make the recorder read, or hold, gigabytes): "unrecorded:SIZE" instead. */
#define PT_BYTES_MAX (16u << 20)

static void sb_unrecorded(sb *b, uint32_t cb)
{
    char t[48];
    snprintf(t, sizeof t, "\"unrecorded:%lu\"", (unsigned long)cb);
    sb_str(b, t);
}

void pt_in_bytes(pt_rec *r, const void *p, uint32_t cb)
{
    next_in(r);
    if (p == NULL)
        sb_str(&r->in, "null");
    else if (cb > PT_BYTES_MAX)
        sb_unrecorded(&r->in, cb);
    else
        sb_bytes(&r->in, p, cb);
}

void pt_in_text(pt_rec *r, const char *s, uint32_t cb)
{
    size_t n = 0;
    next_in(r);
    if (s == NULL) {
        sb_str(&r->in, "null");
        return;
    }
    while (n < cb && s[n] != '\0')
        n++;
    sb_path(&r->in, s, n, false);
}

void pt_in_wtext(pt_rec *r, const WCHAR *s, uint32_t cb)
{
    size_t n = 0, u8 = 0;
    next_in(r);
    if (s == NULL) {
        sb_str(&r->in, "null");
        return;
    }
    while (n < cb / 2 && s[n] != 0)
        n++;
    /* what is no UTF-16 (never written) is taken as empty */
    if (compat_utf16_to_utf8(s, n, NULL, 0, &u8) != COMPAT_OK)
        n = 0;
    wide_json(&r->in, s, n);
}

static void sb_pathbuf(sb *b, const void *p, uint32_t cb, bool wide)
{
    size_t n = 0;
    sb_str(b, "{\"text\":");
    if (wide) {
        const WCHAR *w = p;
        while (n < cb / 2 && w[n] != 0)
            n++;
        wide_json(b, w, n);
    } else {
        const char *s = p;
        while (n < cb && s[n] != '\0')
            n++;
        sb_path(b, s, n, false);
    }
    sb_str(b, ",\"len\":");
    sb_fmt_u(b, n);
    sb_str(b, "}");
}

void pt_in_pathbuf(pt_rec *r, const void *p, uint32_t cb, bool wide)
{
    next_in(r);
    sb_pathbuf(&r->in, p, cb, wide);
}

void pt_out_pathbuf(pt_rec *r, int index, const void *p, uint32_t cb, bool wide)
{
    next_out(r, index);
    sb_pathbuf(&r->out, p, cb, wide);
}

void pt_in_ptr(pt_rec *r, const void *p)
{
    next_in(r);
    if (p == NULL)
        sb_str(&r->in, "null");
    else
        sb_symbol(&r->in, "buffer", (uint64_t)(uintptr_t)p, false);
}

void pt_in_pptr(pt_rec *r, bool present, uint64_t value)
{
    next_in(r);
    if (!present)
        sb_str(&r->in, "null");
    else
        sb_symbol(&r->in, "buffer", value, false);
}

void pt_in_marker(pt_rec *r, bool present, const char *what)
{
    next_in(r);
    if (!present)
        sb_str(&r->in, "null");
    else
        sb_json(&r->in, what, strlen(what), true);
}

/* ---- structures, by their descriptions ---- */

/* Arrays longer than this are written as "unrecorded:COUNT". */
#define PT_ARRAY_MAX 4096

static uint64_t read_uint(const unsigned char *p, unsigned width)
{
    uint8_t a;
    uint16_t b;
    uint32_t c;
    uint64_t d = 0;
    switch (width) {
    case 1: memcpy(&a, p, 1); return a;
    case 2: memcpy(&b, p, 2); return b;
    case 4: memcpy(&c, p, 4); return c;
    default: memcpy(&d, p, width < 8 ? width : 8); return d;
    }
}

static int64_t read_int(const unsigned char *p, unsigned width)
{
    uint64_t v = read_uint(p, width);
    if (width < 8 && (v >> (8 * width - 1)) != 0)
        v |= ~(uint64_t)0 << (8 * width);
    return (int64_t)v;
}

static const void *read_ptr(const unsigned char *p)
{
    const void *q;
    memcpy(&q, p, sizeof q);
    return q;
}

/* A count field's value; negative counts are none. */
static uint64_t field_count(const trace_struct *d, const unsigned char *p, int f)
{
    const trace_field *c;
    if (f < 0)
        return 0;
    c = &d->fields[f];
    if (c->kind == TRACE_F_SNUM) {
        int64_t v = read_int(p + c->offset, c->width);
        return v < 0 ? 0 : (uint64_t)v;
    }
    return read_uint(p + c->offset, c->width);
}

static void sb_structs(sb *b, const trace_struct *d, const void *p, int64_t count, bool out);

/* Whether the field holds a pointer (a union: by the bits of its selector). */
static bool field_is_pointer(const trace_struct *d, const unsigned char *p, const trace_field *f)
{
    switch (f->kind) {
    case TRACE_F_STRA: case TRACE_F_STRW: case TRACE_F_BYTES: case TRACE_F_OBUF: case TRACE_F_ARR:
    case TRACE_F_STRARRA: case TRACE_F_STRARRW: case TRACE_F_FLAT:
        return true;
    case TRACE_F_UFLAT:
        return (field_count(d, p, f->count) & f->mask) != 0;
    default:
        return false;
    }
}

static void sb_field(sb *b, const trace_struct *d, const unsigned char *p, const trace_field *f, bool out)
{
    const unsigned char *at = p + f->offset;
    const void *q = NULL;
    uint64_t n;
    if (field_is_pointer(d, p, f)) {
        q = read_ptr(at);
        if (q == NULL) {
            sb_str(b, "null");
            return;
        }
    }
    switch (f->kind) {
    case TRACE_F_HOUT: {
        uint64_t v = read_uint(at, f->width);
        sb_symbol(b, f->hkind, v, out);
        break;
    }
    case TRACE_F_FLAT:
        sb_bytes(b, q, (uint32_t)f->aux);
        break;
    case TRACE_F_UFLAT:
        if (q != NULL)
            sb_bytes(b, q, (uint32_t)f->aux);
        else
            sb_fmt_u(b, read_uint(at, 4));
        break;
    case TRACE_F_NUM: sb_fmt_u(b, read_uint(at, f->width)); break;
    case TRACE_F_SNUM: sb_fmt_i(b, read_int(at, f->width)); break;
    case TRACE_F_RAW: sb_bytes(b, at, f->width); break;
    case TRACE_F_HANDLE: sb_symbol(b, f->hkind, read_uint(at, f->width), false); break;
    case TRACE_F_STRA: sb_path(b, q, strlen(q), false); break;
    case TRACE_F_STRW: {
        const WCHAR *w = q;
        size_t units = 0;
        while (w[units] != 0)
            units++;
        wide_json(b, w, units);
        break;
    }
    case TRACE_F_BYTES:
    case TRACE_F_OBUF:
        n = field_count(d, p, f->count);
        if (f->kind == TRACE_F_OBUF && out && field_count(d, p, f->aux) < n)
            n = field_count(d, p, f->aux);
        if (f->kind == TRACE_F_BYTES && f->aux > 1)
            n = n > PT_BYTES_MAX ? n : n * (uint64_t)f->aux;
        if (n > PT_BYTES_MAX)
            sb_unrecorded(b, (uint32_t)n);
        else
            sb_bytes(b, q, (uint32_t)n);
        break;
    case TRACE_F_ARR:
        sb_structs(b, &pt_structs[f->aux], q, f->count < 0 ? -1 : (int64_t)field_count(d, p, f->count), out);
        break;
    case TRACE_F_STRARRA:
    case TRACE_F_STRARRW:
        n = field_count(d, p, f->count);
        if (n > PT_ARRAY_MAX) {
            sb_unrecorded(b, (uint32_t)n);
            break;
        }
        sb_put(b, "[", 1);
        for (uint64_t i = 0; i < n; i++) {
            const void *e = read_ptr((const unsigned char *)q + i * sizeof(void *));
            if (i > 0)
                sb_put(b, ",", 1);
            if (e == NULL)
                sb_str(b, "null");
            else if (f->kind == TRACE_F_STRARRA)
                sb_path(b, e, strlen(e), false);
            else {
                const WCHAR *w = e;
                size_t units = 0;
                while (w[units] != 0)
                    units++;
                wide_json(b, w, units);
            }
        }
        sb_put(b, "]", 1);
        break;
    case TRACE_F_FN:
        sb_str(b, read_ptr(at) != NULL ? "\"fn\"" : "null");
        break;
    default:
        sb_str(b, "null");
        break;
    }
}

/* Whether a union's member is the one in use (always for other fields). */
static bool field_present(const trace_struct *d, const unsigned char *p, const trace_field *f)
{
    const trace_field *w;
    int64_t v;
    if (f->when < 0)
        return true;
    w = &d->fields[f->when];
    v = w->kind == TRACE_F_SNUM ? read_int(p + w->offset, w->width) : (int64_t)read_uint(p + w->offset, w->width);
    return (v == f->when_value) == (f->when_eq != 0);
}

static void sb_struct(sb *b, const trace_struct *d, const unsigned char *p, bool out)
{
    bool first = true;
    sb_put(b, "{", 1);
    for (int i = 0; i < d->nfields; i++) {
        if (!field_present(d, p, &d->fields[i]))
            continue;
        if (!first)
            sb_put(b, ",", 1);
        first = false;
        sb_json(b, d->fields[i].name, strlen(d->fields[i].name), true);
        sb_put(b, ":", 1);
        sb_field(b, d, p, &d->fields[i], out);
    }
    sb_put(b, "}", 1);
}

/* One structure (count < 0), or an array of count. */
static void sb_structs(sb *b, const trace_struct *d, const void *p, int64_t count, bool out)
{
    if (p == NULL) {
        sb_str(b, "null");
        return;
    }
    if (count < 0) {
        sb_struct(b, d, p, out);
        return;
    }
    if (count > PT_ARRAY_MAX) {
        sb_unrecorded(b, (uint32_t)count);
        return;
    }
    sb_put(b, "[", 1);
    for (int64_t i = 0; i < count; i++) {
        if (i > 0)
            sb_put(b, ",", 1);
        sb_struct(b, d, (const unsigned char *)p + (size_t)i * d->size, out);
    }
    sb_put(b, "]", 1);
}

void pt_in_struct(pt_rec *r, const trace_struct *d, const void *p, int64_t count)
{
    next_in(r);
    sb_structs(&r->in, d, p, count, false);
}

void pt_out_struct(pt_rec *r, int index, bool pointed, const trace_struct *d, const void *p, int64_t count)
{
    char t[24];
    snprintf(t, sizeof t, "%s\"%s%d\":", r->nout++ > 0 ? "," : "", pointed ? "*" : "", index);
    sb_str(&r->out, t);
    sb_structs(&r->out, d, p, count, true);
}

void pt_out_handle(pt_rec *r, int index, const char *kind, uint64_t in, uint64_t value)
{
    next_out(r, index);
    sb_symbol(&r->out, kind, value, value != in);
}

void pt_out_int(pt_rec *r, int index, int64_t value)
{
    next_out(r, index);
    sb_fmt_i(&r->out, value);
}

void pt_out_uint(pt_rec *r, int index, uint64_t value)
{
    next_out(r, index);
    sb_fmt_u(&r->out, value);
}

void pt_out_text(pt_rec *r, int index, const char *s, uint32_t cb)
{
    size_t n = 0;
    while (n < cb && s[n] != '\0')
        n++;
    next_out(r, index);
    sb_path(&r->out, s, n, false);
}

void pt_out_wtext(pt_rec *r, int index, const WCHAR *s, uint32_t cb)
{
    size_t n = 0;
    while (n < cb / 2 && s[n] != 0)
        n++;
    next_out(r, index);
    wide_json(&r->out, s, n);
}

void pt_out_bytes(pt_rec *r, int index, const void *p, uint32_t cb)
{
    next_out(r, index);
    if (cb > PT_BYTES_MAX)
        sb_unrecorded(&r->out, cb);
    else
        sb_bytes(&r->out, p, cb);
}

void pt_out_ptr(pt_rec *r, int index, uint64_t in, uint64_t value)
{
    next_out(r, index);
    sb_symbol(&r->out, "buffer", value, value != in);
}

void pt_trace_fault(pt_rec *r, uint32_t code)
{
    r->has_fault = true;
    r->fault = code;
}

void pt_trace_guarded(pt_rec *r, void (*fn)(void *), void *args, bool inputs)
{
    bool faulted = false;
    if (compat_call_guarded(fn, args, &faulted, NULL) != COMPAT_OK || faulted) {
        if (inputs)
            r->in_bad = true;
        else
            r->out_bad = true;
    }
}

static void write_line(const char *p, size_t n)
{
    compat_mutex_lock(&g_mu);
    if (compat_file_write_at(g_file, p, n, g_offset) == COMPAT_OK)
        g_offset += n;
    compat_mutex_unlock(&g_mu);
}

void pt_trace_end(pt_rec *r, JET_ERR err)
{
    sb line = { 0 };
    char t[64];
    snprintf(t, sizeof t, "{\"n\":%llu,\"t\":%u,\"fn\":", (unsigned long long)r->seq, r->thread);
    sb_str(&line, t);
    sb_json(&line, r->fn, strlen(r->fn), true);
    if (r->in_bad) {
        sb_str(&line, ",\"in\":\"unreadable\"");
    } else {
        sb_str(&line, ",\"in\":[");
        if (r->in.p != NULL)
            sb_put(&line, r->in.p, r->in.len);
        sb_str(&line, "]");
    }
    if (r->out_bad) {
        sb_str(&line, ",\"out\":\"unreadable\"");
    } else {
        sb_str(&line, ",\"out\":{");
        if (r->out.p != NULL)
            sb_put(&line, r->out.p, r->out.len);
        sb_str(&line, "}");
    }
    snprintf(t, sizeof t, ",\"err\":%d", (int)err);
    sb_str(&line, t);
    if (r->extra.p != NULL)
        sb_put(&line, r->extra.p, r->extra.len);
    if (r->has_fault) {
        /* 0: the target lacks the function; else the OS exception it raised */
        if (r->fault == 0)
            sb_str(&line, ",\"missing\":true");
        else {
            snprintf(t, sizeof t, ",\"fault\":\"0x%08lx\"", (unsigned long)r->fault);
            sb_str(&line, t);
        }
    }
    sb_str(&line, "}\n");
    if (!line.oom && (r->in_bad || !r->in.oom) && (r->out_bad || !r->out.oom) && !r->extra.oom)
        write_line(line.p, line.len);
    compat_free(line.p);
    compat_free(r->extra.p);
    compat_free(r->in.p);
    compat_free(r->out.p);
    compat_free(r);
}

JET_PUBLIC JET_ERR JET_API esent_passthrough_trace_mark(const char *text)
{
    sb line = { 0 };
    compat_once_run(&g_once, trace_init);
    if (!g_on)
        return JET_errSuccess;
    if (text == NULL)
        return JET_errInvalidParameter;
    sb_str(&line, "{\"mark\":");
    sb_json(&line, text, strlen(text), true);
    sb_str(&line, "}\n");
    if (line.oom) {
        compat_free(line.p);
        return JET_errOutOfMemory;
    }
    write_line(line.p, line.len);
    compat_free(line.p);
    return JET_errSuccess;
}

/* ---- an allocator callback seen through ---- */

void pt_realloc_hook_init(pt_realloc_hook *h, JET_PFNREALLOC fn, void *context)
{
    memset(h, 0, sizeof *h);
    h->fn = fn;
    h->context = context;
}

void *JET_API pt_realloc_hooked(void *context, void *pv, uint32_t cb)
{
    pt_realloc_hook *h = context;
    uint32_t k = h->calls++;
    void *q = h->fn(h->context, pv, cb);
    if (q == NULL && cb != 0) {
        if (h->nfailed < PT_ALLOC_FAILED_MAX)
            h->failed[h->nfailed] = k;
        h->nfailed++;
    }
    return q;
}

/* ,"alloc":{"calls":N,"failed":[k,...]} ("more":true when some were not kept) */
void pt_trace_alloc(pt_rec *r, const pt_realloc_hook *h)
{
    sb_str(&r->extra, ",\"alloc\":{\"calls\":");
    sb_fmt_u(&r->extra, h->calls);
    sb_str(&r->extra, ",\"failed\":[");
    for (uint32_t i = 0; i < h->nfailed && i < PT_ALLOC_FAILED_MAX; i++) {
        if (i > 0)
            sb_put(&r->extra, ",", 1);
        sb_fmt_u(&r->extra, h->failed[i]);
    }
    sb_str(&r->extra, "]");
    if (h->nfailed > PT_ALLOC_FAILED_MAX)
        sb_str(&r->extra, ",\"more\":true");
    sb_str(&r->extra, "}");
}
