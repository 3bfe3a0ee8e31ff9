/* esereplay.c: replays traces recorded by the passthrough against the ESENT this
 * program is linked to (the native engine), and compares every return code and
 * every recorded output with the recording. Stops at the first divergence and
 * names its call number.
 *
 *   esereplay [-q] TRACE.jsonl...
 *
 * Each trace is replayed in order of its call numbers ("n"), each recorded thread
 * on a thread of its own (one call at a time, in recorded order), with the
 * handles and buffers of the trace ("session#3", "buffer#1") bound to the live
 * ones as the calls hand them out. Text outputs compare '/' and '\' as equal (a
 * path the engine builds on Windows spells its separator so). Text the recorder
 * wrote as "${NAME}..." (a path under one of its roots) becomes the same path
 * under this process's root: ${CWD} its current directory, any other the
 * variable NAME; '\' in the rest becomes '/'. Structures holding pointers are
 * rebuilt from their recorded content (rp_structs). Exit status: 0 all
 * calls agree, 1 a divergence, 2 bad usage or an unreadable trace, 3 a call the
 * trace does not hold enough to replay (a structure it records only by type, a
 * callback argument, a buffer too large to record) or whose path root is not set.
 * Format: docs/differential-testing.md.
 * May call: the public API (esent.h), json.h, compat.h (threads), the C library. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "esent.h"
#include "json.h"
#include "replay.h"

enum { EXIT_SAME = 0, EXIT_DIVERGED = 1, EXIT_USAGE = 2, EXIT_UNREPLAYABLE = 3 };

typedef struct call {
    uint64_t n;
    unsigned t;
    size_t line;
    const char *test;
    jv v;
} call;

typedef struct binding {
    char *name;
    uint64_t value;
} binding;

typedef struct job {
    const rp_function *f;
    rp_val *v;
    JET_ERR err;
    bool done;
} job;

typedef struct worker {
    unsigned t;
    compat_thread *thread;
    compat_mutex m;
    compat_cond c;
    job *pending;
    bool quit;
} worker;

static binding *g_bind;
static size_t g_nbind, g_capbind;
static worker *g_workers[256];
static size_t g_nworkers;
static bool g_quiet;
static bool g_blocked; /* a worker never came back: it cannot be joined */
static uint64_t g_substituted;
static char g_cwd[4096]; /* the current directory, no trailing separator */
static int g_format;     /* of the trace being replayed: 1 without a header line */

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d != NULL)
        memcpy(d, s, n);
    return d;
}

/* ---- reporting ---- */

static const char *err_name(JET_ERR e, char *buf, size_t cap)
{
    JET_API_PTR code = (JET_API_PTR)(uint32_t)e;
    char text[512];
    if (JetGetSystemParameterA(0, 0, JET_paramErrorToString, &code, text, sizeof text) < 0) {
        snprintf(buf, cap, "%d", (int)e);
        return buf;
    }
    char *comma = strchr(text, ',');
    if (comma != NULL)
        *comma = '\0';
    snprintf(buf, cap, "%d %.100s", (int)e, text);
    return buf;
}

static int diverge(const char *trace, const call *c, const char *fmt, ...)
{
    va_list ap;
    printf("%s: divergence at call %llu (%s, line %zu%s%s): ", trace, (unsigned long long)c->n,
           jv_get(&c->v, "fn")->s, c->line, c->test ? ", test " : "", c->test ? c->test : "");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    return EXIT_DIVERGED;
}

/* ---- symbols ---- */

static bool lookup(const char *name, uint64_t *value)
{
    for (size_t i = 0; i < g_nbind; i++)
        if (strcmp(g_bind[i].name, name) == 0) {
            *value = g_bind[i].value;
            return true;
        }
    return false;
}

static bool bind(const char *name, uint64_t value)
{
    if (g_nbind == g_capbind) {
        size_t cap = g_capbind ? 2 * g_capbind : 64;
        binding *b = realloc(g_bind, cap * sizeof *b);
        if (b == NULL)
            return false;
        g_bind = b;
        g_capbind = cap;
    }
    g_bind[g_nbind].name = dup_str(name);
    g_bind[g_nbind].value = value;
    return g_bind[g_nbind++].name != NULL;
}

static void unbind_all(void)
{
    for (size_t i = 0; i < g_nbind; i++)
        free(g_bind[i].name);
    g_nbind = 0;
}

/* A recorded handle or pointer argument: "0x..." as it was, a symbol as bound. A
 * symbol the trace never handed out (a trace cut from a longer one names handles
 * from before its start, all of them dead by then) is bound to a value no call
 * has handed out here either. */
static bool resolve(const jv *a, uint64_t *value, int width)
{
    if (a->type == JV_NULL) {
        *value = 0;
        return true;
    }
    if (a->type != JV_STR)
        return false;
    if (strncmp(a->s, "0x", 2) == 0) {
        *value = strtoull(a->s + 2, NULL, 16);
        return true;
    }
    if (lookup(a->s, value))
        return true;
    g_substituted++;
    *value = (width == 4 ? 0x7EE50000u : 0x7EE5000000000000ull) + g_substituted;
    if (!g_quiet)
        printf("note: %s was handed out before the trace starts; it stands for 0x%llx\n", a->s,
               (unsigned long long)*value);
    return bind(a->s, *value);
}

/* ---- threads: one worker per recorded thread but the first ---- */

static void worker_main(void *arg)
{
    worker *w = arg;
    compat_mutex_lock(&w->m);
    for (;;) {
        while (w->pending == NULL && !w->quit)
            compat_cond_wait(&w->c, &w->m);
        if (w->pending == NULL)
            break;
        job *j = w->pending;
        compat_mutex_unlock(&w->m);
        j->err = j->f->call(j->v);
        compat_mutex_lock(&w->m);
        j->done = true;
        w->pending = NULL;
        compat_cond_broadcast(&w->c);
    }
    compat_mutex_unlock(&w->m);
}

static worker *worker_for(unsigned t)
{
    for (size_t i = 0; i < g_nworkers; i++)
        if (g_workers[i]->t == t)
            return g_workers[i];
    if (g_nworkers == sizeof g_workers / sizeof g_workers[0])
        return NULL;
    worker *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->t = t;
    compat_mutex_init(&w->m);
    compat_cond_init(&w->c);
    if (compat_thread_start(&w->thread, worker_main, w) != COMPAT_OK) {
        free(w);
        return NULL;
    }
    g_workers[g_nworkers++] = w;
    return w;
}

static void workers_stop(void)
{
    for (size_t i = 0; i < g_nworkers; i++) {
        worker *w = g_workers[i];
        compat_mutex_lock(&w->m);
        w->quit = true;
        compat_cond_broadcast(&w->c);
        compat_mutex_unlock(&w->m);
        compat_thread_join(w->thread);
        compat_cond_destroy(&w->c);
        compat_mutex_destroy(&w->m);
        free(w);
    }
    g_nworkers = 0;
}

/* Runs the call on its thread; false if it did not come back in time. */
static bool dispatch(unsigned t, unsigned main_t, job *j)
{
    if (t == main_t) {
        j->err = j->f->call(j->v);
        return true;
    }
    worker *w = worker_for(t);
    if (w == NULL)
        return false;
    compat_mutex_lock(&w->m);
    w->pending = j;
    compat_cond_broadcast(&w->c);
    while (!j->done)
        if (!compat_cond_timed_wait(&w->c, &w->m, 30000) && !j->done)
            break;
    compat_mutex_unlock(&w->m);
    return j->done;
}

/* ---- arguments ---- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Hex text into a new buffer of at least min bytes (zero-filled past the data). */
static unsigned char *unhex(const char *s, size_t min, size_t *len)
{
    size_t n = strlen(s) / 2;
    unsigned char *b = calloc(n > min ? n : min ? min : 1, 1);
    if (b == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(b);
            return NULL;
        }
        b[i] = (unsigned char)(hi * 16 + lo);
    }
    *len = n;
    return b;
}

static uint64_t read_width(const void *p, int width)
{
    if (width == 4) {
        uint32_t x;
        memcpy(&x, p, 4);
        return x;
    }
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}

static bool seps_equal(uint32_t a, uint32_t b)
{
    return a == b || ((a == '/' || a == '\\') && (b == '/' || b == '\\'));
}

/* The replayer's allocator for a JET_PFNREALLOC argument: realloc semantics; it
 * answers NULL to the calls the trace says the application's allocator failed
 * (numbered from 0), and frees what the call left when the call's replay ends. */
typedef struct rp_alloc {
    const jv *failed; /* the recorded "failed" array, or NULL */
    uint32_t calls;
    void **live;
    size_t nlive, caplive;
} rp_alloc;

typedef struct frame {
    rp_alloc alloc;
    rp_val v[RP_MAX_PARAMS];
    uint64_t store[RP_MAX_PARAMS];
    void *buf[RP_MAX_PARAMS];
    uint64_t size[RP_MAX_PARAMS];
    void **extra; /* what rebuilt structures point to */
    size_t nextra, capextra;
} frame;

static void *JET_API rp_realloc(void *context, void *pv, uint32_t cb)
{
    rp_alloc *al = context;
    uint32_t k = al->calls++;
    size_t at = 0;
    void *q;
    while (pv != NULL && at < al->nlive && al->live[at] != pv)
        at++;
    if (cb == 0) {
        if (pv != NULL && at < al->nlive) {
            free(pv);
            al->live[at] = al->live[--al->nlive];
        }
        return NULL;
    }
    for (size_t e = 0; al->failed != NULL && e < al->failed->n; e++)
        if (jv_uint(&al->failed->items[e]) == k)
            return NULL;
    if (pv != NULL && at == al->nlive)
        return NULL; /* not a block of this allocator */
    if (pv == NULL && al->nlive == al->caplive) {
        size_t cap = al->caplive ? 2 * al->caplive : 16;
        void **l = realloc(al->live, cap * sizeof *l);
        if (l == NULL)
            return NULL;
        al->live = l;
        al->caplive = cap;
    }
    q = realloc(pv, cb);
    if (q != NULL) {
        if (pv == NULL)
            al->live[al->nlive++] = q;
        else
            al->live[at] = q;
    }
    return q;
}

static void frame_free(frame *fr)
{
    for (size_t i = 0; i < fr->alloc.nlive; i++)
        free(fr->alloc.live[i]);
    free(fr->alloc.live);
    for (int i = 0; i < RP_MAX_PARAMS; i++)
        free(fr->buf[i]);
    for (size_t i = 0; i < fr->nextra; i++)
        free(fr->extra[i]);
    free(fr->extra);
}

/* Zeroed memory owned by the frame; NULL when out of memory. */
static void *fr_alloc(frame *fr, size_t n)
{
    if (fr->nextra == fr->capextra) {
        size_t cap = fr->capextra ? 2 * fr->capextra : 16;
        void **e = realloc(fr->extra, cap * sizeof *e);
        if (e == NULL)
            return NULL;
        fr->extra = e;
        fr->capextra = cap;
    }
    void *p = calloc(n ? n : 1, 1);
    if (p != NULL)
        fr->extra[fr->nextra++] = p;
    return p;
}

/* ---- roots: "${NAME}rest" as recorded, this machine's path here ---- */

/* The code points of a recorded text with its root expanded (wide: the root's
 * UTF-8 decoded; else its bytes), in a new array; NULL with why set when its root
 * is not known here. */
static uint32_t *expand_text(const jv *a, bool wide, size_t *n, char *why, size_t cap)
{
    const char *value = NULL;
    char absolute[4096];
    size_t skip = 0, vlen = 0, k = 0;
    if (a->ncp >= 3 && a->cp[0] == '$' && a->cp[1] == '{') {
        char name[64];
        size_t e = 2;
        while (e < a->ncp && a->cp[e] != '}' && e - 2 < sizeof name - 1) {
            name[e - 2] = (char)a->cp[e];
            e++;
        }
        if (e < a->ncp && a->cp[e] == '}') {
            name[e - 2] = '\0';
            value = strcmp(name, "CWD") == 0 ? g_cwd : getenv(name);
            if (value == NULL || value[0] == '\0') {
                snprintf(why, cap, "the trace's path root ${%s} is not set here (set the variable %s)", name,
                         name);
                return NULL;
            }
            /* in its absolute, normalised form, as the engine makes the paths it
             * reads back ("/a/b/../testdata" is "/a/testdata") */
            if (compat_path_absolute(value, absolute, sizeof absolute) == COMPAT_OK)
                value = absolute;
            skip = e + 1;
            vlen = strlen(value);
            while (vlen > 1 && (value[vlen - 1] == '/' || value[vlen - 1] == '\\'))
                vlen--;
        }
    }
    uint32_t *out = malloc((vlen + a->ncp + 1) * sizeof *out);
    if (out == NULL) {
        snprintf(why, cap, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < vlen;) {
        unsigned char c = (unsigned char)value[i];
        uint32_t u = c;
        size_t len = 1;
        if (wide && c >= 0xC0) {
            len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            u = c & (0x3F >> (len - 1));
            for (size_t j = 1; j < len && i + j < vlen; j++)
                u = (u << 6) | ((unsigned char)value[i + j] & 0x3F);
        }
        out[k++] = u;
        i += len;
    }
    for (size_t i = skip; i < a->ncp; i++)
        out[k++] = value != NULL && a->cp[i] == '\\' ? '/' : a->cp[i];
    *n = k;
    return out;
}

/* Text (A: bytes, W: UTF-16) in new memory of the frame; NULL with why set. */
static void *text_arg(frame *fr, const jv *a, bool wide, char *why, size_t cap)
{
    size_t n = 0;
    uint32_t *cp = expand_text(a, wide, &n, why, cap);
    void *out;
    if (cp == NULL)
        return NULL;
    if (wide) {
        uint16_t *w = fr_alloc(fr, (2 * n + 1) * sizeof *w);
        size_t k = 0;
        if (w != NULL)
            for (size_t c = 0; c < n; c++) {
                uint32_t u = cp[c];
                if (u >= 0x10000) {
                    w[k++] = (uint16_t)(0xD800 + ((u - 0x10000) >> 10));
                    w[k++] = (uint16_t)(0xDC00 + ((u - 0x10000) & 0x3FF));
                } else {
                    w[k++] = (uint16_t)u;
                }
            }
        out = w;
    } else {
        unsigned char *t = fr_alloc(fr, n + 1);
        if (t != NULL)
            for (size_t c = 0; c < n; c++)
                t[c] = (unsigned char)cp[c];
        out = t;
    }
    free(cp);
    if (out == NULL)
        snprintf(why, cap, "out of memory");
    return out;
}

static uint64_t size_arg(const rp_param *p, const jv *in)
{
    return p->size >= 0 && (size_t)p->size < in->n ? jv_uint(&in->items[p->size]) : 0;
}

/* ---- structures holding pointers (rp_structs) ---- */

static bool text_matches(const jv *rec, bool wide, const void *live, size_t cap);

static JET_ERR JET_API status_stub(JET_SESID sesid, JET_SNP snp, JET_SNT snt, void *pv)
{
    (void)sesid;
    (void)snp;
    (void)snt;
    (void)pv;
    return JET_errSuccess;
}

static void write_width(unsigned char *p, unsigned width, uint64_t v)
{
    uint8_t a = (uint8_t)v;
    uint16_t b = (uint16_t)v;
    uint32_t c = (uint32_t)v;
    switch (width) {
    case 1: memcpy(p, &a, 1); break;
    case 2: memcpy(p, &b, 2); break;
    case 4: memcpy(p, &c, 4); break;
    default: memcpy(p, &v, width < 8 ? width : 8); break;
    }
}

static uint64_t read_any(const unsigned char *p, unsigned width, bool sign)
{
    uint8_t a;
    uint16_t b;
    uint32_t c;
    uint64_t v = 0;
    switch (width) {
    case 1: memcpy(&a, p, 1); v = a; break;
    case 2: memcpy(&b, p, 2); v = b; break;
    case 4: memcpy(&c, p, 4); v = c; break;
    default: memcpy(&v, p, width < 8 ? width : 8); break;
    }
    if (sign && width < 8 && (v >> (8 * width - 1)) != 0)
        v |= ~(uint64_t)0 << (8 * width);
    return v;
}

static void *ptr_at(const unsigned char *p)
{
    void *q;
    memcpy(&q, p, sizeof q);
    return q;
}

/* A count field's value, negative counts as none. */
static uint64_t st_count(const trace_struct *d, const unsigned char *m, int f)
{
    if (f < 0)
        return 0;
    const trace_field *c = &d->fields[f];
    uint64_t v = read_any(m + c->offset, c->width, c->kind == TRACE_F_SNUM);
    return c->kind == TRACE_F_SNUM && (int64_t)v < 0 ? 0 : v;
}

static bool unrecorded(const jv *a)
{
    return a != NULL && a->type == JV_STR && strncmp(a->s, "unrecorded", 10) == 0;
}

static int st_build(frame *fr, const trace_struct *d, const jv *a, int64_t count, void **out, char *why, size_t cap);

/* Whether the field holds a pointer (a union: by the bits of its selector, which
 * the numbers already written into m give). */
static bool field_is_pointer(const trace_struct *d, const unsigned char *m, const trace_field *f)
{
    switch (f->kind) {
    case TRACE_F_STRA: case TRACE_F_STRW: case TRACE_F_BYTES: case TRACE_F_OBUF: case TRACE_F_ARR:
    case TRACE_F_STRARRA: case TRACE_F_STRARRW: case TRACE_F_FLAT:
        return true;
    case TRACE_F_UFLAT:
        return (st_count(d, m, f->count) & f->mask) != 0;
    default:
        return false;
    }
}

/* Whether a union's member is the one in use, by the numbers already in m (always
 * for other fields). */
static bool field_present(const trace_struct *d, const unsigned char *m, const trace_field *f)
{
    const trace_field *w;
    if (f->when < 0)
        return true;
    w = &d->fields[f->when];
    int64_t v = (int64_t)read_any(m + w->offset, w->width, w->kind == TRACE_F_SNUM);
    return (v == f->when_value) == (f->when_eq != 0);
}

/* Bytes per counted element of a TRACE_F_BYTES field (1 for other fields). */
static uint64_t elem_size(const trace_field *f)
{
    return f->kind == TRACE_F_BYTES && f->aux > 1 ? (uint64_t)f->aux : 1;
}

/* Bytes of a structure of numbers pointed to, in memory of the frame. */
static void *flat_arg(frame *fr, const jv *a, size_t size)
{
    size_t len = 0;
    unsigned char *b = unhex(a->s ? a->s : "", size, &len);
    void *out;
    if (b == NULL)
        return NULL;
    out = fr_alloc(fr, size);
    if (out != NULL)
        memcpy(out, b, size);
    free(b);
    return out;
}

static int st_build_one(frame *fr, const trace_struct *d, const jv *o, unsigned char *m, char *why, size_t cap)
{
    if (o == NULL || o->type != JV_OBJ) {
        snprintf(why, cap, "a %s is not an object", d->name);
        return EXIT_USAGE;
    }
    /* numbers first: the pointers' counts are among them */
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < d->nfields; k++) {
            const trace_field *f = &d->fields[k];
            const jv *a = jv_get(o, f->name);
            unsigned char *at = m + f->offset;
            bool pointer = f->kind >= TRACE_F_STRA && f->kind != TRACE_F_FN && f->kind != TRACE_F_HOUT;
            uint64_t x = 0;
            size_t len = 0;
            if (pointer != (pass == 1) || a == NULL || a->type == JV_NULL || !field_present(d, m, f))
                continue;
            if (unrecorded(a)) {
                snprintf(why, cap, "%s.%s: too large to have been recorded (%s)", d->name, f->name, a->s);
                return EXIT_UNREPLAYABLE;
            }
            switch (f->kind) {
            case TRACE_F_NUM:
                write_width(at, f->width, jv_uint(a));
                break;
            case TRACE_F_SNUM:
                write_width(at, f->width, (uint64_t)jv_int(a));
                break;
            case TRACE_F_RAW: {
                unsigned char *b = unhex(a->s ? a->s : "", f->width, &len);
                if (b == NULL)
                    return EXIT_USAGE;
                memcpy(at, b, f->width);
                free(b);
                break;
            }
            case TRACE_F_HANDLE:
            case TRACE_F_HOUT:
                if (!resolve(a, &x, (int)f->width))
                    return EXIT_USAGE;
                write_width(at, f->width, x);
                break;
            case TRACE_F_FLAT:
            case TRACE_F_UFLAT:
                if (field_is_pointer(d, m, f)) {
                    void *t = a->type == JV_STR ? flat_arg(fr, a, (size_t)f->aux) : NULL;
                    if (t == NULL) {
                        snprintf(why, cap, "%s.%s: not hex", d->name, f->name);
                        return EXIT_USAGE;
                    }
                    memcpy(at, &t, sizeof t);
                } else {
                    write_width(at, 4, jv_uint(a));
                }
                break;
            case TRACE_F_STRA:
            case TRACE_F_STRW: {
                void *t = text_arg(fr, a, f->kind == TRACE_F_STRW, why, cap);
                if (t == NULL)
                    return EXIT_UNREPLAYABLE;
                memcpy(at, &t, sizeof t);
                break;
            }
            case TRACE_F_BYTES:
            case TRACE_F_OBUF: {
                uint64_t need = st_count(d, m, f->count) * elem_size(f);
                unsigned char *b = unhex(a->s ? a->s : "", (size_t)need, &len);
                if (b == NULL) {
                    snprintf(why, cap, "%s.%s: not hex", d->name, f->name);
                    return EXIT_USAGE;
                }
                if (fr->nextra == fr->capextra && fr_alloc(fr, 1) == NULL) {
                    free(b);
                    return EXIT_USAGE;
                }
                fr->extra[fr->nextra++] = b;
                memcpy(at, &b, sizeof b);
                break;
            }
            case TRACE_F_ARR: {
                void *arr = NULL;
                int r = st_build(fr, &rp_structs[f->aux], a, f->count < 0 ? -1 : (int64_t)a->n, &arr, why, cap);
                if (r != 0)
                    return r;
                memcpy(at, &arr, sizeof arr);
                break;
            }
            case TRACE_F_STRARRA:
            case TRACE_F_STRARRW: {
                void **v = fr_alloc(fr, (a->n ? a->n : 1) * sizeof *v);
                if (v == NULL || a->type != JV_ARR)
                    return EXIT_USAGE;
                for (size_t e = 0; e < a->n; e++)
                    if (a->items[e].type != JV_NULL &&
                        (v[e] = text_arg(fr, &a->items[e], f->kind == TRACE_F_STRARRW, why, cap)) == NULL)
                        return EXIT_UNREPLAYABLE;
                memcpy(at, &v, sizeof v);
                break;
            }
            case TRACE_F_FN: {
                JET_PFNSTATUS fn = status_stub;
                memcpy(at, &fn, sizeof fn);
                break;
            }
            default:
                break;
            }
        }
    return 0;
}

/* One structure (count < 0) or an array, from its recording, in memory of the frame. */
static int st_build(frame *fr, const trace_struct *d, const jv *a, int64_t count, void **out, char *why, size_t cap)
{
    *out = NULL;
    if (a == NULL || a->type == JV_NULL)
        return 0;
    if (unrecorded(a)) {
        snprintf(why, cap, "an array of %s too large to have been recorded (%s)", d->name, a->s);
        return EXIT_UNREPLAYABLE;
    }
    if (count < 0) {
        unsigned char *m = fr_alloc(fr, d->size);
        if (m == NULL)
            return EXIT_USAGE;
        *out = m;
        return st_build_one(fr, d, a, m, why, cap);
    }
    if (a->type != JV_ARR) {
        snprintf(why, cap, "an array of %s is not an array", d->name);
        return EXIT_USAGE;
    }
    unsigned char *m = fr_alloc(fr, (a->n ? a->n : 1) * (size_t)d->size);
    if (m == NULL)
        return EXIT_USAGE;
    *out = m;
    for (size_t e = 0; e < a->n; e++) {
        int r = st_build_one(fr, d, &a->items[e], m + e * d->size, why, cap);
        if (r != 0)
            return r;
    }
    return 0;
}

static bool bytes_match(const jv *rec, const unsigned char *live, uint64_t n)
{
    size_t len = 0;
    unsigned char *want;
    bool same;
    if (rec->type != JV_STR || (want = unhex(rec->s, 0, &len)) == NULL)
        return false;
    same = len == n && (n == 0 || (live != NULL && memcmp(want, live, len) == 0));
    free(want);
    return same;
}

static int st_compare(const trace_struct *d, const unsigned char *m, const jv *rec, int64_t count, const char *where,
                      char *why, size_t cap);

static int st_compare_one(const trace_struct *d, const unsigned char *m, const jv *o, const char *where, char *why,
                          size_t cap)
{
    if (o == NULL || o->type != JV_OBJ)
        return 0;
    for (int k = 0; k < d->nfields; k++) {
        const trace_field *f = &d->fields[k];
        const jv *a = jv_get(o, f->name);
        const unsigned char *at = m + f->offset;
        bool pointer = field_is_pointer(d, m, f);
        void *q = pointer ? ptr_at(at) : NULL;
        uint64_t live, bound;
        char sub[256];
        bool same = true;
        if (a == NULL || unrecorded(a) || f->kind == TRACE_F_FN || !field_present(d, m, f))
            continue;
        if (pointer && (a->type == JV_NULL) != (q == NULL)) {
            snprintf(why, cap, "%s.%s: recorded %s, now %s", where, f->name, a->type == JV_NULL ? "null" : "a value",
                     q == NULL ? "null" : "a value");
            return EXIT_DIVERGED;
        }
        if (pointer && q == NULL)
            continue;
        switch (f->kind) {
        case TRACE_F_FLAT:
        case TRACE_F_UFLAT:
            if (pointer)
                same = bytes_match(a, q, (uint64_t)f->aux);
            else
                same = read_any(at, 4, false) == jv_uint(a);
            break;
        case TRACE_F_NUM:
        case TRACE_F_SNUM:
            live = read_any(at, f->width, f->kind == TRACE_F_SNUM);
            if (live != (f->kind == TRACE_F_SNUM ? (uint64_t)jv_int(a) : jv_uint(a))) {
                snprintf(why, cap, "%s.%s: recorded %s, now %lld", where, f->name, a->s ? a->s : "?",
                         (long long)live);
                return EXIT_DIVERGED;
            }
            break;
        case TRACE_F_RAW:
            same = bytes_match(a, at, f->width);
            break;
        case TRACE_F_HANDLE:
        case TRACE_F_HOUT:
            live = read_any(at, f->width, false);
            if (a->type == JV_STR && strncmp(a->s, "0x", 2) == 0)
                same = live == strtoull(a->s + 2, NULL, 16);
            else if (a->type == JV_STR && lookup(a->s, &bound))
                same = live == bound;
            else if (a->type == JV_STR && !bind(a->s, live))
                return EXIT_USAGE;
            break;
        case TRACE_F_STRA:
        case TRACE_F_STRW:
            same = text_matches(a, f->kind == TRACE_F_STRW, q, SIZE_MAX);
            break;
        case TRACE_F_BYTES:
        case TRACE_F_OBUF: {
            uint64_t n = st_count(d, m, f->count) * elem_size(f);
            if (f->kind == TRACE_F_OBUF && st_count(d, m, f->aux) < n)
                n = st_count(d, m, f->aux);
            same = bytes_match(a, q, n);
            break;
        }
        case TRACE_F_ARR:
            snprintf(sub, sizeof sub, "%s.%s", where, f->name);
            if (st_compare(&rp_structs[f->aux], q, a, f->count < 0 ? -1 : (int64_t)st_count(d, m, f->count), sub,
                           why, cap) != 0)
                return EXIT_DIVERGED;
            break;
        case TRACE_F_STRARRA:
        case TRACE_F_STRARRW: {
            uint64_t n = st_count(d, m, f->count);
            if (a->type != JV_ARR || a->n != n) {
                same = false;
                break;
            }
            for (size_t e = 0; e < a->n && same; e++) {
                void *s = ptr_at((const unsigned char *)q + e * sizeof(void *));
                same = (a->items[e].type == JV_NULL) == (s == NULL) &&
                       (s == NULL || text_matches(&a->items[e], f->kind == TRACE_F_STRARRW, s, SIZE_MAX));
            }
            break;
        }
        default:
            break;
        }
        if (!same) {
            snprintf(why, cap, "%s.%s differs from the recorded %.200s", where, f->name,
                     a->type == JV_STR ? a->s : "value");
            return EXIT_DIVERGED;
        }
    }
    return 0;
}

/* Compares live structure(s) with their recording (count < 0: one). */
static int st_compare(const trace_struct *d, const unsigned char *m, const jv *rec, int64_t count, const char *where,
                      char *why, size_t cap)
{
    char sub[256];
    if (rec == NULL || unrecorded(rec))
        return 0;
    if ((rec->type == JV_NULL) != (m == NULL)) {
        snprintf(why, cap, "%s: recorded %s, now %s", where, rec->type == JV_NULL ? "null" : "a value",
                 m == NULL ? "null" : "a value");
        return EXIT_DIVERGED;
    }
    if (m == NULL)
        return 0;
    if (count < 0)
        return st_compare_one(d, m, rec, where, why, cap);
    if (rec->type != JV_ARR || rec->n != (uint64_t)count) {
        snprintf(why, cap, "%s: %zu recorded, %lld now", where, rec->type == JV_ARR ? rec->n : 0, (long long)count);
        return EXIT_DIVERGED;
    }
    for (size_t e = 0; e < rec->n; e++) {
        snprintf(sub, sizeof sub, "%s[%zu]", where, e);
        if (st_compare_one(d, m + e * d->size, &rec->items[e], sub, why, cap) != 0)
            return EXIT_DIVERGED;
    }
    return 0;
}

/* A buffer recorded as a path ({"text":PATH,"len":UNITS}, JET_DbInfoFilename): the
 * path as this machine spells it, in a buffer whose size is the recorded one
 * changed by as many units as the path's length changed (an application sizes
 * such a buffer by the path it read before; a large buffer stays large). */
static int path_buffer(frame *fr, const rp_function *f, int i, const jv *a, const jv *in, char *why, size_t cap)
{
    const rp_param *p = &f->params[i];
    bool wide = f->name[strlen(f->name) - 1] == 'W';
    size_t unit = wide ? 2 : 1, units = 0;
    const jv *t = jv_get(a, "text");
    const jv *len = jv_get(a, "len");
    int64_t size = (int64_t)size_arg(p, in);
    const unsigned char *local;
    if (t == NULL || t->type != JV_STR) {
        snprintf(why, cap, "argument %d: a path buffer without its text", i);
        return EXIT_USAGE;
    }
    local = text_arg(fr, t, wide, why, cap);
    if (local == NULL)
        return EXIT_UNREPLAYABLE;
    if (wide)
        while (local[2 * units] != 0 || local[2 * units + 1] != 0)
            units++;
    else
        units = strlen((const char *)local);
    if (len != NULL && t->ncp >= 2 && t->cp[0] == '$' && t->cp[1] == '{') {
        size += ((int64_t)units - (int64_t)jv_uint(len)) * (int64_t)unit;
        if (size < 0)
            size = 0;
    }
    fr->size[i] = (uint64_t)size;
    fr->buf[i] = calloc((size_t)size + 2, 1);
    if (fr->buf[i] == NULL)
        return EXIT_USAGE;
    memcpy(fr->buf[i], local, (units < (size_t)size / unit ? units : (size_t)size / unit) * unit);
    fr->v[i].p = fr->buf[i];
    return 0;
}

/* Rebuilds the arguments; returns 0, or EXIT_* with the message in why. */
static int build(const rp_function *f, const jv *in, frame *fr, char *why, size_t cap)
{
    if (in != NULL && in->type == JV_STR) {
        snprintf(why, cap, "the passthrough could not read the arguments (%s)", in->s);
        return EXIT_UNREPLAYABLE;
    }
    if (in == NULL || in->type != JV_ARR || (int)in->n != f->nparams) {
        snprintf(why, cap, "the trace has %zu arguments, %s takes %d", in ? in->n : 0, f->name, f->nparams);
        return EXIT_USAGE;
    }
    bool resized[RP_MAX_PARAMS] = { false };
    for (int i = 0; i < f->nparams; i++) {
        const rp_param *p = &f->params[i];
        const jv *a = &in->items[i];
        uint64_t x = 0;
        size_t len = 0;
        bool null = a->type == JV_NULL;
        switch (p->cat) {
        case RP_HVAL:
        case RP_PTR:
            if (!resolve(a, &x, p->cat == RP_HVAL && strcmp(p->kind, "db") == 0 ? 4 : 8)) {
                snprintf(why, cap, "argument %d: %s was never handed out", i, a->s ? a->s : "?");
                return EXIT_DIVERGED;
            }
            if (p->cat == RP_PTR)
                fr->v[i].p = (void *)(uintptr_t)x;
            else
                fr->v[i].u = x;
            break;
        case RP_HPTR:
            if (null)
                break;
            if (!resolve(a, &x, p->width)) {
                snprintf(why, cap, "argument %d: %s was never handed out", i, a->s ? a->s : "?");
                return EXIT_DIVERGED;
            }
            if (p->width == 4) {
                uint32_t y = (uint32_t)x;
                memcpy(&fr->store[i], &y, 4);
            } else {
                fr->store[i] = x;
            }
            fr->v[i].p = &fr->store[i];
            break;
        case RP_INT:
            if (p->flag)
                fr->v[i].i = jv_int(a);
            else
                fr->v[i].u = jv_uint(a);
            break;
        case RP_IPTR:
            if (null)
                break;
            x = jv_uint(a);
            if (p->width == 4) {
                uint32_t y = (uint32_t)x;
                memcpy(&fr->store[i], &y, 4);
            } else {
                fr->store[i] = x;
            }
            fr->v[i].p = &fr->store[i];
            break;
        case RP_STRCOL:
            if (a->type == JV_OBJ) {
                uint32_t id = (uint32_t)jv_uint(jv_get(a, "columnid"));
                memcpy(&fr->store[i], &id, sizeof id);
                fr->v[i].p = &fr->store[i];
                break;
            }
            /* fall through - a name */
        case RP_STR:
            if (null)
                break;
            fr->v[i].p = text_arg(fr, a, p->flag != 0, why, cap);
            if (fr->v[i].p == NULL)
                return EXIT_UNREPLAYABLE;
            break;
        case RP_IBUF:
        case RP_IOBUF:
            if (null)
                break;
            if (a->type == JV_OBJ && p->cat == RP_IOBUF) {
                int r = path_buffer(fr, f, i, a, in, why, cap);
                if (r != 0)
                    return r;
                resized[i] = true;
                break;
            }
            if (a->type == JV_STR && strncmp(a->s, "unrecorded", 10) == 0) {
                snprintf(why, cap, "argument %d: a buffer too large to have been recorded (%s)", i, a->s);
                return EXIT_UNREPLAYABLE;
            }
            fr->size[i] = size_arg(p, in);
            fr->buf[i] = unhex(a->s ? a->s : "", (size_t)fr->size[i], &len);
            if (fr->buf[i] == NULL) {
                snprintf(why, cap, "argument %d: not hex", i);
                return EXIT_USAGE;
            }
            fr->v[i].p = fr->buf[i];
            break;
        case RP_OTEXT:
            /* what the buffer held before the call, which a failing call leaves */
            if (null)
                break;
            if (a->type == JV_STR && strncmp(a->s, "unrecorded", 10) == 0) {
                snprintf(why, cap, "argument %d: a buffer too large to have been recorded (%s)", i, a->s);
                return EXIT_UNREPLAYABLE;
            }
            fr->size[i] = size_arg(p, in);
            if (g_format >= 2) {
                /* its text, up to the NUL */
                size_t units = (size_t)fr->size[i] / (p->flag ? 2 : 1);
                const unsigned char *t = text_arg(fr, a, p->flag != 0, why, cap);
                if (t == NULL)
                    return EXIT_UNREPLAYABLE;
                fr->buf[i] = calloc((size_t)fr->size[i] + 2, 1);
                if (fr->buf[i] == NULL)
                    return EXIT_USAGE;
                if (p->flag) {
                    const uint16_t *w = (const uint16_t *)(const void *)t;
                    for (size_t k = 0; k < units && w[k] != 0; k++)
                        memcpy((unsigned char *)fr->buf[i] + 2 * k, &w[k], 2);
                } else {
                    for (size_t k = 0; k < units && t[k] != 0; k++)
                        ((unsigned char *)fr->buf[i])[k] = t[k];
                }
                fr->v[i].p = fr->buf[i];
                break;
            }
            fr->buf[i] = unhex(a->s && strcmp(a->s, "out") != 0 ? a->s : "", (size_t)fr->size[i] + 2, &len);
            if (fr->buf[i] == NULL) {
                snprintf(why, cap, "argument %d: not hex", i);
                return EXIT_USAGE;
            }
            fr->v[i].p = fr->buf[i];
            break;
        case RP_PPTR:
            if (null)
                break;
            if (!resolve(a, &x, 8)) {
                snprintf(why, cap, "argument %d: not a pointer", i);
                return EXIT_USAGE;
            }
            fr->store[i] = x;
            fr->v[i].p = &fr->store[i];
            break;
        case RP_SIN:
        case RP_SIO:
            if (null)
                break;
            if (a->type == JV_STR && strncmp(a->s, "opaque", 6) != 0) {
                uint64_t count = p->size >= 0 ? size_arg(p, in) : 1;
                fr->size[i] = count * (uint64_t)p->width;
                fr->buf[i] = unhex(a->s, (size_t)fr->size[i], &len);
                if (fr->buf[i] == NULL) {
                    snprintf(why, cap, "argument %d: not hex", i);
                    return EXIT_USAGE;
                }
                fr->v[i].p = fr->buf[i];
                break;
            }
            /* fall through - an array too large to have been recorded */
        case RP_ST:
        case RP_STO: {
            int64_t count = p->size >= 0 ? (int64_t)size_arg(p, in) : -1;
            int r = st_build(fr, &rp_structs[p->st], a, count, &fr->v[i].p, why, cap);
            if (r != 0)
                return r;
            break;
        }
        case RP_FN:
            if (!null && strcmp(p->kind, "realloc") == 0 && i + 1 < f->nparams) {
                /* the replayer's own allocator, failing where the recording's did */
                JET_PFNREALLOC fnp = rp_realloc;
                memcpy(&fr->v[i].p, &fnp, sizeof fnp);
                break;
            }
            /* fall through */
        case RP_OPAQUE:
            if (!null) {
                snprintf(why, cap, "argument %d (%s) is a %s the trace does not hold", i,
                         a->s ? a->s : "?", p->cat == RP_FN ? "callback" : "structure");
                return EXIT_UNREPLAYABLE;
            }
            break;
        }
    }
    for (int i = 0; i < f->nparams; i++)
        if (resized[i] && f->params[i].size >= 0)
            fr->v[f->params[i].size].u = fr->size[i];
    for (int i = 0; i + 1 < f->nparams; i++)
        if (f->params[i].cat == RP_FN && strcmp(f->params[i].kind, "realloc") == 0 && fr->v[i].p != NULL)
            fr->v[i + 1].p = &fr->alloc;
    return 0;
}

/* Whether live text (A: bytes, W: UTF-16 units, at most cap of them) is the
 * recorded one, its root expanded, separators aside. */
static bool text_matches(const jv *rec, bool wide, const void *live, size_t cap)
{
    char why[256];
    size_t n = 0, k = 0;
    bool same = true;
    uint32_t *cp;
    if (rec->type != JV_STR || live == NULL)
        return false;
    cp = expand_text(rec, wide, &n, why, sizeof why);
    if (cp == NULL)
        return false;
    if (wide) {
        const uint16_t *w = live;
        for (size_t c = 0; c < n && same; c++) {
            uint32_t u = cp[c];
            if (u >= 0x10000) {
                same = k + 1 < cap && w[k] == 0xD800 + ((u - 0x10000) >> 10) && w[k + 1] == 0xDC00 + ((u - 0x10000) & 0x3FF);
                k += 2;
            } else {
                same = k < cap && seps_equal(w[k], u);
                k++;
            }
        }
        same = same && (k == cap || w[k] == 0);
    } else {
        const unsigned char *t = live;
        for (; k < n && same; k++)
            same = k < cap && seps_equal(t[k], cp[k]);
        same = same && (k == cap || t[k] == 0);
    }
    free(cp);
    return same;
}

static bool text_equal(const rp_param *p, const frame *fr, int i, const jv *rec)
{
    return text_matches(rec, p->flag != 0, fr->buf[i], p->flag ? (size_t)fr->size[i] / 2 : (size_t)fr->size[i]);
}

/* Compares the outputs the trace holds; 0 or EXIT_DIVERGED with the message. */
static int compare_out(const rp_function *f, const jv *out, frame *fr, char *why, size_t cap)
{
    if (out == NULL || out->type != JV_OBJ)
        return 0;
    for (size_t k = 0; k < out->n; k++) {
        bool pointed = out->keys[k][0] == '*';
        int i = atoi(out->keys[k] + pointed);
        const jv *rec = &out->items[k];
        const rp_param *p;
        uint64_t live, bound;
        char where[32];
        if (i < 0 || i >= f->nparams)
            continue;
        p = &f->params[i];
        snprintf(where, sizeof where, "output %d", i);
        if (pointed) {
            /* what a filled pointer points to: an array counted by parameter `size` */
            if (p->cat == RP_PPTR && p->st >= 0 && p->size >= 0 && fr->v[p->size].p != NULL) {
                int64_t count = (int64_t)read_width(fr->v[p->size].p, 4);
                if (st_compare(&rp_structs[p->st], (const unsigned char *)(uintptr_t)fr->store[i], rec, count,
                               where, why, cap) != 0)
                    return EXIT_DIVERGED;
            }
            continue;
        }
        switch (p->cat) {
        case RP_STO:
            if (st_compare(&rp_structs[p->st], fr->v[i].p, rec,
                           p->size >= 0 ? (int64_t)fr->v[p->size].u : -1, where, why, cap) != 0)
                return EXIT_DIVERGED;
            break;
        case RP_HPTR:
        case RP_PPTR:
            live = p->cat == RP_PPTR ? fr->store[i] : read_width(&fr->store[i], p->width);
            if (rec->type == JV_NULL) {
                if (live != 0) {
                    snprintf(why, cap, "output %d: recorded null, now 0x%llx", i, (unsigned long long)live);
                    return EXIT_DIVERGED;
                }
            } else if (rec->type == JV_STR && strncmp(rec->s, "0x", 2) == 0) {
                if (live != strtoull(rec->s + 2, NULL, 16)) {
                    snprintf(why, cap, "output %d: recorded %s, now 0x%llx", i, rec->s, (unsigned long long)live);
                    return EXIT_DIVERGED;
                }
            } else if (rec->type == JV_STR) {
                if (lookup(rec->s, &bound)) {
                    if (bound != live) {
                        snprintf(why, cap, "output %d: recorded %s (0x%llx here), now 0x%llx", i, rec->s,
                                 (unsigned long long)bound, (unsigned long long)live);
                        return EXIT_DIVERGED;
                    }
                } else if (!bind(rec->s, live)) {
                    return EXIT_USAGE;
                }
            }
            break;
        case RP_IPTR:
            live = read_width(&fr->store[i], p->width);
            if (p->width == 4 && p->flag)
                live = (uint64_t)(int64_t)(int32_t)(uint32_t)live;
            if (live != jv_uint(rec)) {
                snprintf(why, cap, "output %d: recorded %s, now %lld", i, rec->s ? rec->s : "?",
                         p->flag ? (long long)live : (long long)(unsigned long long)live);
                return EXIT_DIVERGED;
            }
            break;
        case RP_OTEXT:
            if (!text_equal(p, fr, i, rec)) {
                snprintf(why, cap, "output %d: text differs from the recorded \"%s\"", i, rec->s ? rec->s : "?");
                return EXIT_DIVERGED;
            }
            break;
        case RP_SIO:
        case RP_IOBUF: {
            size_t len = 0;
            uint64_t n = fr->size[i];
            if (fr->buf[i] == NULL || (rec->type == JV_STR && strncmp(rec->s, "unrecorded", 10) == 0))
                break;
            if (rec->type == JV_OBJ && jv_get(rec, "text") != NULL) {
                /* a path */
                bool wide = f->name[strlen(f->name) - 1] == 'W';
                const jv *t = jv_get(rec, "text");
                if (!text_matches(t, wide, fr->buf[i], wide ? (size_t)n / 2 : (size_t)n)) {
                    snprintf(why, cap, "output %d: text differs from the recorded \"%s\"", i, t->s ? t->s : "?");
                    return EXIT_DIVERGED;
                }
                break;
            }
            if (rec->type == JV_OBJ) {
                /* a structure pointing into the buffer, recorded by content */
                int st = rp_buffer_struct(f->name, fr->v);
                if (st < 0) {
                    snprintf(why, cap, "output %d: a structure the trace holds for no known info level", i);
                    return EXIT_DIVERGED;
                }
                if (st_compare(&rp_structs[st], fr->buf[i], rec, -1, where, why, cap) != 0)
                    return EXIT_DIVERGED;
                break;
            }
            unsigned char *want = unhex(rec->s ? rec->s : "", 0, &len);
            if (p->cat == RP_IOBUF && p->actual >= 0 && fr->v[p->actual].p != NULL) {
                uint64_t a = read_width(fr->v[p->actual].p, 4);
                if (a < n)
                    n = a;
            }
            size_t at = 0;
            while (want != NULL && at < len && at < n && want[at] == ((unsigned char *)fr->buf[i])[at])
                at++;
            free(want);
            if (len != n || at < len) {
                snprintf(why, cap, "output %d: %zu bytes recorded, %llu now; first difference at byte %zu", i,
                         len, (unsigned long long)n, at);
                return EXIT_DIVERGED;
            }
            break;
        }
        default:
            break;
        }
    }
    return 0;
}

/* ---- a trace ---- */

static const rp_function *find_function(const char *name)
{
    unsigned lo = 0, hi = rp_function_count;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        int c = strcmp(rp_functions[mid].name, name);
        if (c == 0)
            return &rp_functions[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int by_number(const void *a, const void *b)
{
    const call *x = a, *y = b;
    return x->n < y->n ? -1 : x->n > y->n;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t len = 0, cap = 0;
    if (f == NULL)
        return NULL;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = cap ? 2 * cap : 65536;
            char *t = realloc(text, cap);
            if (t == NULL) {
                free(text);
                fclose(f);
                return NULL;
            }
            text = t;
        }
        size_t got = fread(text + len, 1, 4096, f);
        len += got;
        if (got == 0)
            break;
    }
    fclose(f);
    text[len] = '\0';
    return text;
}

static int replay(const char *path)
{
    char *text = read_all(path);
    call *calls = NULL;
    size_t ncalls = 0, cap = 0, line = 0;
    char *marks[4096];
    size_t nmarks = 0;
    const char *test = NULL;
    int rc = EXIT_SAME;

    if (text == NULL) {
        printf("%s: cannot read\n", path);
        return EXIT_USAGE;
    }
    g_format = 1;
    for (char *p = text; *p != '\0';) {
        char *end = strchr(p, '\n');
        if (end != NULL)
            *end = '\0';
        line++;
        if (*p != '\0') {
            jv v;
            if (jv_parse(p, &v) < 0) {
                printf("%s:%zu: not a JSON object\n", path, line);
                rc = EXIT_USAGE;
                break;
            }
            const jv *mark = jv_get(&v, "mark");
            if (jv_get(&v, "fn") == NULL && jv_get(&v, "trace") != NULL) {
                /* a process's header: the format, its roots (which the calls name) */
                const jv *format = jv_get(&v, "format");
                g_format = format != NULL ? (int)jv_int(format) : 1;
                jv_free(&v);
            } else if (mark != NULL && mark->type == JV_STR) {
                if (nmarks < sizeof marks / sizeof marks[0]) {
                    marks[nmarks] = dup_str(mark->s);
                    test = marks[nmarks++];
                }
                jv_free(&v);
            } else if (jv_get(&v, "fn") == NULL || jv_get(&v, "fn")->type != JV_STR || jv_get(&v, "n") == NULL) {
                printf("%s:%zu: no \"fn\" or \"n\"\n", path, line);
                jv_free(&v);
                rc = EXIT_USAGE;
                break;
            } else {
                if (ncalls == cap) {
                    cap = cap ? 2 * cap : 256;
                    call *c = realloc(calls, cap * sizeof *c);
                    if (c == NULL) {
                        jv_free(&v);
                        rc = EXIT_USAGE;
                        break;
                    }
                    calls = c;
                }
                calls[ncalls].n = jv_uint(jv_get(&v, "n"));
                calls[ncalls].t = (unsigned)jv_uint(jv_get(&v, "t"));
                calls[ncalls].line = line;
                calls[ncalls].test = test;
                calls[ncalls].v = v;
                ncalls++;
            }
        }
        if (end == NULL)
            break;
        p = end + 1;
    }
    qsort(calls, ncalls, sizeof *calls, by_number);

    unsigned main_t = ncalls > 0 ? calls[0].t : 0;
    size_t done = 0;
    for (size_t k = 0; k < ncalls && rc == EXIT_SAME; k++) {
        call *c = &calls[k];
        const char *fn = jv_get(&c->v, "fn")->s;
        const rp_function *f = find_function(fn);
        frame fr;
        char why[512] = "";
        char e1[160], e2[160];
        memset(&fr, 0, sizeof fr);
        if (f == NULL) {
            rc = diverge(path, c, "no such function in esent.h");
            break;
        }
        const jv *alloc = jv_get(&c->v, "alloc");
        fr.alloc.failed = jv_get(alloc, "failed");
        int b = alloc != NULL && jv_get(alloc, "more") != NULL
                    ? (snprintf(why, sizeof why, "the allocator failed more often than the trace holds"),
                       EXIT_UNREPLAYABLE)
                    : build(f, jv_get(&c->v, "in"), &fr, why, sizeof why);
        if (b != 0) {
            if (b == EXIT_UNREPLAYABLE)
                printf("%s: cannot replay call %llu (%s, line %zu): %s\n", path, (unsigned long long)c->n, fn,
                       c->line, why);
            else
                diverge(path, c, "%s", why);
            rc = b;
            frame_free(&fr);
            break;
        }
        job j = { f, fr.v, 0, false };
        if (!dispatch(c->t, main_t, &j)) {
            rc = diverge(path, c, "did not return within 30 s on thread %u", c->t);
            g_blocked = true;
            frame_free(&fr);
            break;
        }
        JET_ERR want = (JET_ERR)jv_int(jv_get(&c->v, "err"));
        if (j.err != want) {
            rc = diverge(path, c, "returned %s, the trace says %s", err_name(j.err, e1, sizeof e1),
                         err_name(want, e2, sizeof e2));
        } else if (compare_out(f, jv_get(&c->v, "out"), &fr, why, sizeof why) != 0) {
            rc = diverge(path, c, "%s", why);
        }
        frame_free(&fr);
        done++;
    }
    if (rc == EXIT_SAME && !g_quiet)
        printf("%s: %zu calls replayed, every return code and output as recorded\n", path, done);
    if (g_blocked)
        return rc;
    workers_stop();
    unbind_all();
    for (size_t k = 0; k < ncalls; k++)
        jv_free(&calls[k].v);
    for (size_t k = 0; k < nmarks; k++)
        free(marks[k]);
    free(calls);
    free(text);
    return rc;
}

int main(int argc, char **argv)
{
    int first = 1, rc = EXIT_SAME;
    if (argc > 1 && strcmp(argv[1], "-q") == 0) {
        g_quiet = true;
        first = 2;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: esereplay [-q] TRACE.jsonl...\n");
        return EXIT_USAGE;
    }
    if (compat_current_dir(g_cwd, sizeof g_cwd) != COMPAT_OK) {
        fprintf(stderr, "esereplay: cannot read the current directory\n");
        return EXIT_USAGE;
    }
    for (size_t n = strlen(g_cwd); n > 1 && (g_cwd[n - 1] == '/' || g_cwd[n - 1] == '\\'); n--)
        g_cwd[n - 1] = '\0';
    for (int i = first; i < argc && rc == EXIT_SAME; i++)
        rc = replay(argv[i]);
    return rc;
}
