/* fuzz_edb.c: the fuzz target. Each seed picks a database file (a Windows-made sample
 * of ../shared/testdata/edb, or one the engine wrote at the start: fuzz_corpus.c),
 * damages a copy of it (fuzz_mutate.c) and reads the copy end to end through the public
 * API (fuzz_read.c). The library may answer any error but one that blames the caller
 * (every argument the reader passes is valid), and must not crash, hang, leak or print:
 * such an answer, a crash or sanitizer report, an iteration running past its deadline,
 * or a leak found after an iteration (AddressSanitizer builds) prints the seed that
 * reproduces it;
 * run_checked.cmake fails the test on any output but the summary line.
 *
 *   fuzz_edb [--seeds FIRST COUNT] [--seed N] [--seconds S] [--verbose]
 *
 * The default is the CI run: a fixed set of seeds. --seconds (or ESENT_FUZZ_SECONDS)
 * keeps going from FIRST for as long as asked. ESENT_TESTDATA names the samples' folder
 * (ctest sets it); without the samples the engine's own databases are the only ones. */
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "fuzz_corpus.h"
#include "fuzz_mutate.h"
#include "fuzz_read.h"

#if defined(__SANITIZE_ADDRESS__)
void __sanitizer_set_death_callback(void (*callback)(void));
int __lsan_do_recoverable_leak_check(void);
#define FUZZ_ASAN 1
#endif

#ifndef FUZZ_CI_SEEDS
#define FUZZ_CI_SEEDS 300
#endif
#define FUZZ_DEADLINE_S 120u /* one iteration: far beyond what any takes */
#define CORPUS_MAX 16u

static const char *const k_samples[] = { "basic.edb", "binary.edb", "decompress_test.edb", "default.edb",
                                         "index.edb", "multi.edb",  "test.edb",            "text.edb" };
static const uint32_t k_engine_page_sizes[] = { 4096u, 32768u };

typedef struct corpus_file {
    char name[64];
    fuzz_image img;
} corpus_file;

static corpus_file g_corpus[CORPUS_MAX];
static uint32_t g_ncorpus;
static char g_scratch[1024];
static char g_target[1100];

/* What the watchdog and the crash handlers report. */
static _Atomic uint64_t g_seed;
static _Atomic uint64_t g_started_ns; /* 0: between iterations */
static _Atomic int g_stop;
static char g_failure_line[256];

static void say_seed(void)
{
    static _Atomic int said;
    if (atomic_exchange(&said, 1) == 0) {
        snprintf(g_failure_line, sizeof g_failure_line,
                 "fuzz: seed %llu fails; reproduce with: fuzz_edb --seed %llu\n",
                 (unsigned long long)atomic_load(&g_seed), (unsigned long long)atomic_load(&g_seed));
        fputs(g_failure_line, stderr);
        fflush(stderr);
    }
}

static void on_signal(int sig)
{
    say_seed();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void watchdog(void *arg)
{
    (void)arg;
    while (!atomic_load(&g_stop)) {
        uint64_t t0 = atomic_load(&g_started_ns);
        if (t0 != 0 && compat_clock_monotonic_ns() - t0 > (uint64_t)FUZZ_DEADLINE_S * 1000000000ull) {
            fprintf(stderr, "fuzz: seed %llu still running after %u s (a hang)\n",
                    (unsigned long long)atomic_load(&g_seed), FUZZ_DEADLINE_S);
            say_seed();
            abort();
        }
        compat_sleep_ms(200);
    }
}

static bool load_file(const char *path, fuzz_image *img)
{
    FILE *f = fopen(path, "rb");
    long size;
    bool ok = false;
    memset(img, 0, sizeof *img);
    if (f == NULL) return false;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
        img->pb = malloc((size_t)size);
        img->cb = img->cap = (size_t)size;
        ok = img->pb != NULL && fread(img->pb, 1, (size_t)size, f) == (size_t)size;
    }
    fclose(f);
    if (!ok) {
        free(img->pb);
        memset(img, 0, sizeof *img);
    }
    return ok;
}

static bool write_file(const char *path, const uint8_t *pb, size_t cb)
{
    FILE *f = fopen(path, "wb");
    bool ok;
    if (f == NULL) return false;
    ok = fwrite(pb, 1, cb, f) == cb;
    return fclose(f) == 0 && ok;
}

static bool add_corpus(const char *name, const char *path)
{
    corpus_file *c = &g_corpus[g_ncorpus];
    uint32_t cb_page = 0;
    if (g_ncorpus == CORPUS_MAX) return false;
    if (JetGetDatabaseFileInfoA(path, &cb_page, sizeof cb_page, JET_DbInfoPageSize) < 0) return false;
    if (!load_file(path, &c->img)) return false;
    c->img.cb_page = cb_page;
    snprintf(c->name, sizeof c->name, "%s", name);
    g_ncorpus++;
    return true;
}

static bool build_corpus(void)
{
    const char *env = getenv("ESENT_TESTDATA");
    char path[1200];
    for (size_t i = 0; i < sizeof k_samples / sizeof k_samples[0]; i++) {
        snprintf(path, sizeof path, "%s/edb/%s", env != NULL && env[0] != '\0' ? env : "../shared/testdata", k_samples[i]);
        add_corpus(k_samples[i], path);
    }
    for (size_t i = 0; i < sizeof k_engine_page_sizes / sizeof k_engine_page_sizes[0]; i++) {
        char name[64];
        JET_ERR err;
        snprintf(name, sizeof name, "engine-%uk.edb", k_engine_page_sizes[i] / 1024u);
        snprintf(path, sizeof path, "%s/%s", g_scratch, name);
        compat_path_delete(path);
        err = fuzz_corpus_write(path, g_scratch, k_engine_page_sizes[i]);
        if (err < 0 || !add_corpus(name, path)) {
            fprintf(stderr, "fuzz: could not write %s (%d)\n", name, (int)err);
            return false;
        }
        compat_path_delete(path);
    }
    return true;
}

/* The scratch folder and whatever an instance left in it. */
static bool remove_entry(void *ctx, const char *name)
{
    char path[1200];
    (void)ctx;
    snprintf(path, sizeof path, "%s/%s", g_scratch, name);
    compat_path_delete(path);
    return true;
}

static void remove_scratch(void)
{
    compat_dir_list(g_scratch, remove_entry, NULL);
    compat_dir_remove(g_scratch);
}

static fuzz_answer g_answers[FUZZ_ANSWERS_MAX];

/* --verbose: the error answers of the whole run, by call. */
static void print_answers(void)
{
    for (uint32_t i = 0; i < FUZZ_ANSWERS_MAX && g_answers[i].call != NULL; i++) {
        const char *paren = strchr(g_answers[i].call, '(');
        int n = paren != NULL ? (int)(paren - g_answers[i].call) : (int)strlen(g_answers[i].call);
        printf("fuzz: %8llu x %6d from %.*s\n", (unsigned long long)g_answers[i].count, (int)g_answers[i].err, n,
               g_answers[i].call);
    }
}

typedef struct run_totals {
    uint64_t files, calls, errors, attached;
} run_totals;

/* One seed: the mutated file written and read. false: it failed (said). */
static bool run_seed(uint64_t seed, bool verbose, run_totals *tot)
{
    fuzz_rng r;
    fuzz_mutation_log log;
    fuzz_read_stats st;
    const corpus_file *base;
    fuzz_image img;
    bool writable;
    uint32_t cache_pages;

    atomic_store(&g_seed, seed);
    atomic_store(&g_started_ns, compat_clock_monotonic_ns());
    fuzz_rng_seed(&r, seed);
    base = &g_corpus[fuzz_rng_below(&r, g_ncorpus)];
    img = base->img;
    img.pb = malloc(base->img.cb);
    if (img.pb == NULL) return true;
    memcpy(img.pb, base->img.pb, base->img.cb);
    fuzz_mutate(&r, &img, &log);
    writable = fuzz_rng_below(&r, 4) == 0;
    cache_pages = fuzz_rng_below(&r, 3) == 0 ? 16u + fuzz_rng_below(&r, 48) : 1024u;
    if (!write_file(g_target, img.pb, img.cb)) {
        fprintf(stderr, "fuzz: cannot write %s\n", g_target);
        free(img.pb);
        return false;
    }
    free(img.pb);
    st.answers = verbose ? g_answers : NULL;
    fuzz_read_file(g_target, g_scratch, base->img.cb_page, writable, cache_pages, &st);
    tot->files++;
    tot->calls += st.calls;
    tot->errors += st.errors;
    tot->attached += st.attached ? 1u : 0u;
    if (verbose)
        printf("fuzz: seed %llu %s %s%s checksums %s, %s, %llu calls, %llu errors\n", (unsigned long long)seed,
               base->name, log.text, writable ? " writable," : "", log.checksums_recomputed ? "recomputed" : "left",
               st.attached ? "attached" : "not attached", (unsigned long long)st.calls, (unsigned long long)st.errors);
    compat_path_delete(g_target);
    atomic_store(&g_started_ns, 0);
    if (st.blamed_call != NULL) {
        fprintf(stderr, "fuzz: %s answered %d, the caller's error, for a damaged file\n", st.blamed_call,
                (int)st.blamed_err);
        say_seed();
        return false;
    }
#ifdef FUZZ_ASAN
    if (__lsan_do_recoverable_leak_check() != 0) {
        say_seed();
        return false;
    }
#endif
    return true;
}

int main(int argc, char **argv)
{
    uint64_t first = 1, count = FUZZ_CI_SEEDS;
    double seconds = 0;
    bool verbose = false, ok = true;
    const char *env_seconds = getenv("ESENT_FUZZ_SECONDS");
    compat_thread *dog = NULL;
    run_totals tot;
    uint64_t t0, seed;

    if (env_seconds != NULL) seconds = atof(env_seconds);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seeds") == 0 && i + 2 < argc) {
            first = strtoull(argv[i + 1], NULL, 10);
            count = strtoull(argv[i + 2], NULL, 10);
            i += 2;
        } else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            first = strtoull(argv[++i], NULL, 10);
            count = 1;
        } else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            seconds = atof(argv[++i]);
        } else if (strcmp(argv[i], "--verbose") == 0) {
            verbose = true;
        } else {
            fprintf(stderr, "usage: fuzz_edb [--seeds FIRST COUNT] [--seed N] [--seconds S] [--verbose]\n");
            return 2;
        }
    }
    signal(SIGABRT, on_signal);
#ifdef FUZZ_ASAN
    __sanitizer_set_death_callback(say_seed);
#else
    signal(SIGSEGV, on_signal);
    signal(SIGFPE, on_signal);
    signal(SIGILL, on_signal);
#endif
    compat_temp_dir(g_scratch, sizeof g_scratch);
    {
        size_t n = strlen(g_scratch);
        snprintf(g_scratch + n, sizeof g_scratch - n, "esent-fuzz-%lld", (long long)compat_clock_wall_ns());
    }
    if (compat_dir_create(g_scratch) != COMPAT_OK) {
        fprintf(stderr, "fuzz: cannot make %s\n", g_scratch);
        return 1;
    }
    snprintf(g_target, sizeof g_target, "%s/fuzz.edb", g_scratch);
    if (!build_corpus()) {
        remove_scratch();
        return 1;
    }
    if (compat_thread_start(&dog, watchdog, NULL) != COMPAT_OK) dog = NULL;

    memset(&tot, 0, sizeof tot);
    t0 = compat_clock_monotonic_ns();
    for (seed = first; ok; seed++) {
        if (seconds > 0) {
            if ((double)(compat_clock_monotonic_ns() - t0) / 1e9 >= seconds) break;
        } else if (seed - first >= count) {
            break;
        }
        ok = run_seed(seed, verbose, &tot);
    }
    atomic_store(&g_stop, 1);
    if (dog != NULL) compat_thread_join(dog);
    for (uint32_t i = 0; i < g_ncorpus; i++) free(g_corpus[i].img.pb);
    remove_scratch();
    if (!ok) return 1;
    if (verbose) print_answers();
    printf("fuzz: seeds %llu..%llu: %llu mutated files (%u originals, %llu attached), %llu calls (%llu errors) in %.1f s\n",
           (unsigned long long)first, (unsigned long long)(seed - 1u), (unsigned long long)tot.files, g_ncorpus,
           (unsigned long long)tot.attached, (unsigned long long)tot.calls, (unsigned long long)tot.errors,
           (double)(compat_clock_monotonic_ns() - t0) / 1e9);
    return 0;
}
