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
 * path the engine builds on Windows spells its separator so). Exit status: 0 all
 * calls agree, 1 a divergence, 2 bad usage or an unreadable trace, 3 a call the
 * trace does not hold enough to replay (a structure or callback argument).
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

typedef struct frame {
    rp_val v[RP_MAX_PARAMS];
    uint64_t store[RP_MAX_PARAMS];
    void *buf[RP_MAX_PARAMS];
    uint64_t size[RP_MAX_PARAMS];
} frame;

static void frame_free(frame *fr)
{
    for (int i = 0; i < RP_MAX_PARAMS; i++)
        free(fr->buf[i]);
}

static uint64_t size_arg(const rp_param *p, const jv *in)
{
    return p->size >= 0 && (size_t)p->size < in->n ? jv_uint(&in->items[p->size]) : 0;
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
        case RP_STR:
            if (null)
                break;
            if (p->flag) {
                uint16_t *w = calloc(2 * a->ncp + 1, sizeof *w);
                size_t k = 0;
                if (w == NULL)
                    return EXIT_USAGE;
                for (size_t c = 0; c < a->ncp; c++) {
                    uint32_t u = a->cp[c];
                    if (u >= 0x10000) {
                        w[k++] = (uint16_t)(0xD800 + ((u - 0x10000) >> 10));
                        w[k++] = (uint16_t)(0xDC00 + ((u - 0x10000) & 0x3FF));
                    } else {
                        w[k++] = (uint16_t)u;
                    }
                }
                fr->buf[i] = w;
            } else {
                unsigned char *s = calloc(a->ncp + 1, 1);
                if (s == NULL)
                    return EXIT_USAGE;
                for (size_t c = 0; c < a->ncp; c++)
                    s[c] = (unsigned char)a->cp[c];
                fr->buf[i] = s;
            }
            fr->v[i].p = fr->buf[i];
            break;
        case RP_IBUF:
        case RP_IOBUF:
            if (null)
                break;
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
        case RP_FN:
        case RP_OPAQUE:
            if (!null) {
                snprintf(why, cap, "argument %d (%s) is a %s the trace does not hold", i,
                         a->s ? a->s : "?", p->cat == RP_FN ? "callback" : "structure");
                return EXIT_UNREPLAYABLE;
            }
            break;
        }
    }
    return 0;
}

static bool text_equal(const rp_param *p, const frame *fr, int i, const jv *rec)
{
    size_t n = 0;
    if (rec->type != JV_STR)
        return false;
    if (p->flag) {
        const uint16_t *w = fr->buf[i];
        size_t units = (size_t)fr->size[i] / 2;
        size_t k = 0;
        for (size_t c = 0; c < rec->ncp; c++) {
            uint32_t u = rec->cp[c];
            if (u >= 0x10000) {
                if (k + 1 >= units || w[k] != 0xD800 + ((u - 0x10000) >> 10) || w[k + 1] != 0xDC00 + ((u - 0x10000) & 0x3FF))
                    return false;
                k += 2;
            } else {
                if (k >= units || !seps_equal(w[k], u))
                    return false;
                k++;
            }
        }
        return k == units || w[k] == 0;
    }
    const unsigned char *s = fr->buf[i];
    for (n = 0; n < rec->ncp; n++)
        if (n >= fr->size[i] || !seps_equal(s[n], rec->cp[n]))
            return false;
    return n == fr->size[i] || s[n] == 0;
}

/* Compares the outputs the trace holds; 0 or EXIT_DIVERGED with the message. */
static int compare_out(const rp_function *f, const jv *out, frame *fr, char *why, size_t cap)
{
    if (out == NULL || out->type != JV_OBJ)
        return 0;
    for (size_t k = 0; k < out->n; k++) {
        int i = atoi(out->keys[k]);
        const jv *rec = &out->items[k];
        const rp_param *p;
        uint64_t live, bound;
        if (i < 0 || i >= f->nparams)
            continue;
        p = &f->params[i];
        switch (p->cat) {
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
            if (mark != NULL && mark->type == JV_STR) {
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
        int b = build(f, jv_get(&c->v, "in"), &fr, why, sizeof why);
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
    for (int i = first; i < argc && rc == EXIT_SAME; i++)
        rc = replay(argv[i]);
    return rc;
}
