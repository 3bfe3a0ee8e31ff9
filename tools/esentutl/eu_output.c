/* eu_output.c: esentutl's output: sinks, progress on a terminal, error names and texts. */
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "eu.h"

void eu_write(eu_sink *s, const void *pb, size_t cb)
{
    if (s->failed || cb == 0) return;
    if (!s->write(s->ctx, pb, cb)) s->failed = true;
}

void eu_puts(eu_sink *s, const char *text)
{
    eu_write(s, text, strlen(text));
}

void eu_printf(eu_sink *s, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) {
        s->failed = true;
        return;
    }
    if ((size_t)n < sizeof buf) {
        eu_write(s, buf, (size_t)n);
        return;
    }
    /* longer than the buffer: format again into one of its size */
    {
        char *big = compat_malloc((size_t)n + 1u);
        if (big == NULL) {
            s->failed = true;
            return;
        }
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1u, fmt, ap);
        va_end(ap);
        eu_write(s, big, (size_t)n);
        compat_free(big);
    }
}

static bool file_write(void *ctx, const void *pb, size_t cb)
{
    return fwrite(pb, 1, cb, (FILE *)ctx) == cb;
}

eu_sink eu_sink_file(void *file)
{
    eu_sink s;
    s.write = file_write;
    s.ctx = file;
    s.failed = false;
    return s;
}

/* ---- progress ---- */

#define PROGRESS_EVERY_NS 200000000ull /* 5 times a second */

void eu_progress_begin(eu_progress *p, const char *what, uint64_t total)
{
    p->on = compat_stderr_is_terminal();
    p->what = what;
    p->total = total;
    p->last_shown_ns = 0;
}

void eu_progress_step(eu_progress *p, uint64_t done)
{
    uint64_t now;
    if (!p->on) return;
    now = compat_clock_monotonic_ns();
    if (p->last_shown_ns != 0 && now - p->last_shown_ns < PROGRESS_EVERY_NS) return;
    p->last_shown_ns = now;
    if (p->total != 0)
        fprintf(stderr, "\r%s: %llu of %llu (%u%%)  ", p->what, (unsigned long long)done,
                (unsigned long long)p->total, (unsigned)(done * 100u / p->total));
    else
        fprintf(stderr, "\r%s: %llu  ", p->what, (unsigned long long)done);
    fflush(stderr);
}

void eu_progress_end(eu_progress *p)
{
    if (!p->on || p->last_shown_ns == 0) return;
    fprintf(stderr, "\r%*s\r", 60, "");
    fflush(stderr);
}

/* ---- errors ---- */

void eu_error_text(JET_ERR err, char *name, size_t cb_name, char *text, size_t cb_text)
{
    char both[512];
    JET_API_PTR code = (JET_API_PTR)(intptr_t)err;
    const char *comma;
    /* JET_paramErrorToString: "JET_errName, text" */
    if (JetGetSystemParameterA(0, 0, JET_paramErrorToString, &code, both, sizeof both) < 0 || both[0] == '\0')
        snprintf(both, sizeof both, "JET error %d, unknown error", (int)err);
    comma = strchr(both, ',');
    if (comma == NULL) {
        snprintf(name, cb_name, "%s", both);
        snprintf(text, cb_text, "%s", "");
        return;
    }
    snprintf(name, cb_name, "%.*s", (int)(comma - both), both);
    comma++;
    while (*comma == ' ') comma++;
    snprintf(text, cb_text, "%s", comma);
}
