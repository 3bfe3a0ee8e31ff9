/* compat.h: the operating-system boundary of the project.
 *
 * Everything that differs between POSIX and Windows lives behind this header:
 * memory (with failure injection), threads, locks, condition variables,
 * thread-local storage, clocks, files, directories, dynamic loading, the
 * system's library directory, calls guarded against OS exceptions and
 * UTF-8 <-> UTF-16 conversion. compat/posix/ and compat/win32/ implement it;
 * the .c files directly in compat/ hold the portable parts. Nothing in this
 * header depends on the OS: OS objects are stored in opaque, suitably aligned
 * blobs. It can be included from C and from C++.
 *
 * Every call that can fail returns a compat_err (COMPAT_OK on success); the
 * engine maps these to JET_err codes. Paths are UTF-8.
 */
#ifndef COMPAT_H
#define COMPAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* C and C++ spell alignment differently; the layout is the same. */
#ifdef __cplusplus
#define COMPAT_ALIGNAS(n) alignas(n)
extern "C" {
#else
#define COMPAT_ALIGNAS(n) _Alignas(n)
#endif

typedef enum compat_err {
    COMPAT_OK = 0,
    COMPAT_ENOMEM,      /* out of memory (or an injected allocation failure) */
    COMPAT_ENOENT,      /* no such file or directory */
    COMPAT_EEXIST,      /* exists already (exclusive create) */
    COMPAT_EACCES,      /* permission denied / read-only */
    COMPAT_EBUSY,       /* locked by another holder */
    COMPAT_EIO,         /* input/output error (or an injected one) */
    COMPAT_ENOSPC,      /* disk full */
    COMPAT_EINVAL,      /* bad argument */
    COMPAT_EILSEQ,      /* ill-formed UTF-8 or UTF-16 */
    COMPAT_ERANGE,      /* output buffer too small */
    COMPAT_ENOTSUP,     /* not supported here */
    COMPAT_EOTHER       /* anything else the OS reports */
} compat_err;

/* ---- memory (failure injection applies) ----
 * A size of 0 is treated as 1, so NULL always means failure. compat_realloc
 * leaves ptr valid when it fails. All of compat's own allocations (thread,
 * file and path objects) go through these and so see injected failures too. */
void *compat_malloc(size_t size);
void *compat_calloc(size_t count, size_t size);
void *compat_realloc(void *ptr, size_t size);
void compat_free(void *ptr);

/* ---- failure injection: make the Nth following call of a kind fail ---- */
typedef enum compat_fault_kind {
    COMPAT_FAULT_ALLOC = 0, /* compat_malloc/calloc/realloc return NULL */
    COMPAT_FAULT_WRITE,     /* compat_file_write_at returns COMPAT_EIO */
    COMPAT_FAULT_FLUSH,     /* compat_file_flush returns COMPAT_EIO */
    COMPAT_FAULT_READ,      /* compat_file_read_at returns COMPAT_EIO */
    COMPAT_FAULT_SHORT_WRITE, /* compat_file_write_at writes the first half (whole 512-byte
                                 sectors when it has any) and returns COMPAT_EIO */
    COMPAT_FAULT_KIND_COUNT
} compat_fault_kind;
/* nth = 1 fails the next call, 2 the one after, ...; 0 disarms. One-shot.
 * Counters are process-wide: calls from any thread count. Argument errors
 * (COMPAT_EINVAL) are detected before the call counts. An injected write,
 * flush or read failure happens before the OS is asked, so nothing changes on
 * disk and the read buffer is left untouched. */
void compat_fault_arm(compat_fault_kind kind, uint64_t nth);
void compat_fault_disarm_all(void);
/* Calls of this kind made since the process started (for walking every Nth). */
uint64_t compat_fault_count(compat_fault_kind kind);
/* True once an armed fault of this kind has fired (reset by arm/disarm). */
bool compat_fault_fired(compat_fault_kind kind);

/* ---- simulated power loss (crash tests) ----
 * Armed, every file write remembers what it overwrote until its file is flushed; the
 * strike keeps, loses or tears (by 512-byte sectors) each such write, newest first, as
 * the seed decides, and disarms: the process must then end without touching its files
 * (_exit), as after a power cut. Creations, renames and file sizes count as durable.
 * COMPAT_ENOTSUP where not available (Windows). */
compat_err compat_power_loss_arm(uint64_t seed);
compat_err compat_power_loss_strike(void);

/* ---- threads ---- */
typedef struct compat_thread compat_thread;
typedef void (*compat_thread_fn)(void *arg);
compat_err compat_thread_start(compat_thread **out, compat_thread_fn fn, void *arg);
compat_err compat_thread_join(compat_thread *thread); /* frees the thread object */
uint64_t compat_thread_self_id(void); /* unique among live threads, never 0 */
void compat_thread_yield(void);
void compat_sleep_ms(uint32_t ms); /* at least ms (by the monotonic clock); 0 just yields */

/* ---- locks and condition variables (statically sized, no allocation) ---- */
/* Not recursive. Each must be initialised before use and destroyed when unused. */
typedef struct compat_mutex { COMPAT_ALIGNAS(16) unsigned char opaque[64]; } compat_mutex;
typedef struct compat_rwlock { COMPAT_ALIGNAS(16) unsigned char opaque[64]; } compat_rwlock;
typedef struct compat_cond { COMPAT_ALIGNAS(16) unsigned char opaque[64]; } compat_cond;

compat_err compat_mutex_init(compat_mutex *m);
void compat_mutex_destroy(compat_mutex *m);
void compat_mutex_lock(compat_mutex *m);
bool compat_mutex_trylock(compat_mutex *m);
void compat_mutex_unlock(compat_mutex *m);

compat_err compat_rwlock_init(compat_rwlock *l);
void compat_rwlock_destroy(compat_rwlock *l);
void compat_rwlock_read_lock(compat_rwlock *l);
void compat_rwlock_read_unlock(compat_rwlock *l);
void compat_rwlock_write_lock(compat_rwlock *l);
void compat_rwlock_write_unlock(compat_rwlock *l);

/* For assertions, in Debug builds only (NDEBUG not defined): whether the calling thread
 * holds m (locked it and has not unlocked it; a compat_cond_wait releases it while it
 * waits), and whether it holds l for writing (readers are not tracked). Release builds
 * track no holders and do not define these: use them only inside the engine's INVARIANT,
 * which does not evaluate its expression there. */
bool compat_mutex_held(const compat_mutex *m);
bool compat_rwlock_write_held(const compat_rwlock *l);

compat_err compat_cond_init(compat_cond *c);
void compat_cond_destroy(compat_cond *c);
void compat_cond_wait(compat_cond *c, compat_mutex *m);
/* Returns false on timeout; true when woken (which may be spurious: recheck the
 * predicate). Timed against the monotonic clock. */
bool compat_cond_timed_wait(compat_cond *c, compat_mutex *m, uint32_t timeout_ms);
void compat_cond_signal(compat_cond *c);
void compat_cond_broadcast(compat_cond *c);

/* Run fn exactly once per process, thread-safely: other callers wait until fn has
 * returned. fn may itself run other (different) once objects. */
typedef struct compat_once { COMPAT_ALIGNAS(8) unsigned char opaque[16]; } compat_once;
#define COMPAT_ONCE_INIT { { 0 } }
void compat_once_run(compat_once *once, void (*fn)(void));

/* ---- thread-local storage (a new key reads NULL in every thread; no destructor) ---- */
typedef struct compat_tls { uint64_t key; } compat_tls;
compat_err compat_tls_create(compat_tls *tls);
void compat_tls_delete(compat_tls *tls);
void *compat_tls_get(compat_tls *tls);
compat_err compat_tls_set(compat_tls *tls, void *value);

/* ---- clocks ---- */
uint64_t compat_clock_monotonic_ns(void);
/* Wall clock as nanoseconds since 1970-01-01 UTC. */
int64_t compat_clock_wall_ns(void);

/* ---- files ---- */
typedef struct compat_file compat_file;
enum {
    COMPAT_FILE_READ = 1u << 0,
    COMPAT_FILE_WRITE = 1u << 1,
    COMPAT_FILE_CREATE = 1u << 2,    /* create if missing */
    COMPAT_FILE_EXCLUSIVE = 1u << 3, /* with CREATE: fail with EEXIST if present */
    COMPAT_FILE_TRUNCATE = 1u << 4
};
/* At least one of READ/WRITE; TRUNCATE needs WRITE; EXCLUSIVE needs CREATE
 * (otherwise COMPAT_EINVAL). Opening a directory gives COMPAT_EACCES. Other opens
 * of the same file (and rename/delete of it) are not prevented: use the lock. */
compat_err compat_file_open(const char *path, unsigned flags, compat_file **out);
compat_err compat_file_close(compat_file *file);
/* Reads up to size bytes at offset; *done gets the count (short only at end of file). */
compat_err compat_file_read_at(compat_file *file, void *buf, size_t size, uint64_t offset, size_t *done);
/* Writes all size bytes at offset or fails. */
compat_err compat_file_write_at(compat_file *file, const void *buf, size_t size, uint64_t offset);
compat_err compat_file_flush(compat_file *file); /* data reaches the disk */
/* Truncates or extends; bytes added read as zeros and take disk space at once where the
 * file system can allocate ahead (COMPAT_ENOSPC when the disk is full). */
compat_err compat_file_set_size(compat_file *file, uint64_t size);
compat_err compat_file_size(compat_file *file, uint64_t *size);
/* The bytes the file takes on disk (its allocated blocks, at most its size): less than
 * its size once compat_file_trim has given some back. */
compat_err compat_file_size_on_disk(compat_file *file, uint64_t *size);
/* Gives back the disk space of size bytes at offset (they then read as zeros; the
 * file's size does not change): a hole punched in a sparse file. COMPAT_ENOTSUP where
 * the file system or the OS cannot (nothing changes then). Needs COMPAT_FILE_WRITE. */
compat_err compat_file_trim(compat_file *file, uint64_t offset, uint64_t size);
/* Advisory whole-file lock between processes; EBUSY if another holds it.
 * Locks belong to the open file, so a second compat_file_open of the same file in
 * the same process conflicts too. Exclusive needs COMPAT_FILE_WRITE, shared needs
 * COMPAT_FILE_READ; locking a file that already holds a lock, or unlocking one
 * that holds none, gives COMPAT_EINVAL. Never blocks. Released on close. Reads
 * and writes through other opens are not blocked by it (on Windows the locked
 * range is one byte far beyond any real data, so the lock stays advisory). */
compat_err compat_file_lock(compat_file *file, bool exclusive);
compat_err compat_file_unlock(compat_file *file);

/* Whether the process's standard error is a terminal (a person watching it): tools show
 * progress there only then. */
bool compat_stderr_is_terminal(void);

compat_err compat_path_rename(const char *from, const char *to); /* replaces `to` */
compat_err compat_path_delete(const char *path); /* files only (directories: compat_dir_remove) */
compat_err compat_path_exists(const char *path, bool *is_dir); /* ENOENT if absent */
char compat_path_separator(void);
/* The part of path after its last '/' or '\\' (either, on every OS: Windows paths reach
 * POSIX builds too); path itself when it has none. */
const char *compat_path_file_name(const char *path);

compat_err compat_dir_create(const char *path); /* COMPAT_EEXIST if the path exists */
compat_err compat_dir_sync(const char *path); /* makes its entries (created, renamed) durable */
compat_err compat_dir_remove(const char *path); /* must be empty: COMPAT_EEXIST otherwise */
/* mkdir -p for the folders of path: every folder up to its last separator ('/' or the
 * native one) that does not exist is made, outermost first; what follows the last
 * separator is a file name and left alone (so a folder path ending in a separator is
 * made whole). COMPAT_OK when they all exist already, COMPAT_EEXIST when a file stands
 * where a folder should; a failure leaves the folders made before it in place. */
compat_err compat_dir_create_parents(const char *path);
/* Calls fn for each entry name (not "." or ".."); stops early if fn returns false. */
compat_err compat_dir_list(const char *path, bool (*fn)(void *ctx, const char *name), void *ctx);
/* The system's directory for temporary files, with a trailing separator
 * (POSIX: $TMPDIR or /tmp; Windows: GetTempPathW). COMPAT_ERANGE if cap is too small. */
compat_err compat_temp_dir(char *buf, size_t cap);
/* Creates a new, uniquely named file in dir (NULL: the temp dir); its path is written to path_out.
 * The file is open for reading and writing; it is not deleted on close.
 * COMPAT_ERANGE (and nothing created) if the path would not fit in cap bytes. */
compat_err compat_temp_file(const char *dir, char *path_out, size_t cap, compat_file **out);

/* ---- absolute paths ----
 * The current working directory, with a trailing separator. COMPAT_ERANGE if it
 * and its NUL do not fit in cap bytes (buf is then untouched). */
compat_err compat_current_dir(char *buf, size_t cap);
/* The absolute, normalised form of path (UTF-8), the way Windows'
 * GetFullPathNameW makes one: a relative path is taken from the current
 * directory; '/' and '\\' both separate components (on POSIX too, so that paths
 * written for Windows such as ".\\logs\\" work); "." components are dropped and
 * ".." removes the one before it (never above the root); repeated separators
 * collapse; a trailing separator is kept. The result uses the native separator.
 * POSIX only resolves lexically (no symbolic links are followed, nothing needs
 * to exist). COMPAT_EINVAL for NULL or an empty path, COMPAT_ERANGE if the result
 * and its NUL do not fit in cap bytes (buf is then untouched). */
compat_err compat_path_absolute(const char *path, char *buf, size_t cap);

/* ---- dynamic loading ----
 * path as dlopen/LoadLibraryW take it (a bare name is searched for). COMPAT_ENOENT
 * if it cannot be found. compat_library_symbol returns NULL if the name is absent. */
typedef struct compat_library compat_library;
compat_err compat_library_open(const char *path, compat_library **out);
void *compat_library_symbol(compat_library *lib, const char *name);
void compat_library_close(compat_library *lib);

/* ---- system libraries and guarded calls ----
 * What a program needs to forward calls into a library it did not build (the
 * passthrough): where the system keeps its own copy of a library, and a way to
 * survive that library raising an OS exception. */
/* The full path of the system's own copy of a library: Windows, the system
 * directory (GetSystemDirectoryW) joined with name; POSIX has no such directory,
 * COMPAT_ENOTSUP. COMPAT_ERANGE if the path and its NUL do not fit in cap bytes;
 * COMPAT_EINVAL for a NULL or empty name or a NULL buf. */
compat_err compat_system_library_path(const char *name, char *buf, size_t cap);

/* Calls fn(ctx) on this thread. If fn raises an OS exception that is an error
 * (Windows: an exception of error severity, or the "unimplemented stub" exception
 * Wine's placeholder DLLs raise; never a C++ throw, which belongs to its
 * language runtime) the call is abandoned where it stood and control comes back
 * here: *faulted becomes true and *code (may be NULL) gets the exception code.
 * Whatever fn had changed stays changed (locks it held stay held). Otherwise
 * *faulted is false and *code 0. POSIX catches nothing: fn just runs. Guarded
 * calls may nest. COMPAT_ENOMEM if the guard cannot be set up (fn not called),
 * COMPAT_EINVAL for a NULL fn or faulted. */
typedef void (*compat_guarded_fn)(void *ctx);
compat_err compat_call_guarded(compat_guarded_fn fn, void *ctx, bool *faulted, uint32_t *code);

/* Raises an OS exception with this code (a test aid for compat_call_guarded):
 * Windows, RaiseException (an unguarded one ends the process as any unhandled
 * exception does); POSIX, COMPAT_ENOTSUP and nothing happens. */
compat_err compat_raise_exception(uint32_t code);

/* ---- UTF-8 <-> UTF-16 ----
 * src_len in code units (SIZE_MAX: up to and including the terminating NUL).
 * The output count *out_len is in code units; with dst == NULL only the length
 * is computed. Ill-formed input (bad sequences, overlongs, surrogates in UTF-8,
 * unpaired surrogates in UTF-16, code points above U+10FFFF, truncated sequences)
 * gives COMPAT_EILSEQ; a short buffer COMPAT_ERANGE. The whole input is checked
 * before anything is written: EILSEQ wins over ERANGE, dst is untouched on any
 * failure, and on ERANGE *out_len gets the length that is needed (0 on EILSEQ).
 * dst_cap is in code units and ignored when dst is NULL. out_len may be NULL.
 * A NUL inside an explicit src_len is converted like any other character. */
compat_err compat_utf8_to_utf16(const char *src, size_t src_len, uint16_t *dst, size_t dst_cap, size_t *out_len);
compat_err compat_utf16_to_utf8(const uint16_t *src, size_t src_len, char *dst, size_t dst_cap, size_t *out_len);

/* ---- collation (ICU): sort keys for Unicode text ----
 * Windows makes Unicode index keys with LCMapStringEx(LCMAP_SORTKEY); its weights
 * cannot be reproduced, so the engine collates with ICU (POSIX: the system's ICU4C;
 * Windows: the system's icu.dll, loaded at run time). A collator is opened for a
 * locale and the LCMapFlags an index carries, mapped to ICU attributes:
 *   NORM_IGNORECASE / LINGUISTIC_IGNORECASE   case is not significant. ICU keeps
 *       case, width and kana type on one level (tertiary), so this drops all three
 *       (strength secondary), whatever IGNOREWIDTH/IGNOREKANATYPE say.
 *   NORM_IGNORENONSPACE / LINGUISTIC_IGNOREDIACRITIC  accents are not significant
 *       (strength primary; with case still significant, ICU's case level is added).
 *   NORM_IGNOREKANATYPE, NORM_IGNOREWIDTH     with IGNORECASE, see above. Alone,
 *       they drop ICU's fourth level (strength tertiary), where the Japanese order
 *       keeps hiragana/katakana; otherwise the fourth level is kept (strength
 *       quaternary). ICU's Japanese order never separates widths.
 *   NORM_IGNORESYMBOLS    spaces, punctuation, symbols and currency signs are
 *       ignored (alternate handling "shifted", everything up to currency signs made
 *       variable, strength at most tertiary).
 *   SORT_DIGITSASNUMBERS  digit runs compare by numeric value (numeric collation).
 *   SORT_STRINGSORT       ICU's order already treats hyphens and apostrophes as
 *       symbols (Windows' "string sort"); accepted, no further effect.
 *   NORM_LINGUISTIC_CASING, LCMAP_SORTKEY, LCMAP_BYTEREV  accepted, no effect.
 * Canonically equivalent text (precomposed or combining accents) gives equal keys.
 * Any other bit gives COMPAT_EINVAL. With no flag at all, case, width, kana type and
 * accents all count (strength quaternary).
 * Thread safety: one collator may be used from any number of threads; its sort-key
 * calls are serialised by a lock inside it. */
typedef struct compat_collator compat_collator;

/* The LCMapFlags bits (values as in Windows' winnls.h, as ESE stores them). */
#define COMPAT_NORM_IGNORECASE 0x00000001u
#define COMPAT_NORM_IGNORENONSPACE 0x00000002u
#define COMPAT_NORM_IGNORESYMBOLS 0x00000004u
#define COMPAT_SORT_DIGITSASNUMBERS 0x00000008u
#define COMPAT_LINGUISTIC_IGNORECASE 0x00000010u
#define COMPAT_LINGUISTIC_IGNOREDIACRITIC 0x00000020u
#define COMPAT_LCMAP_SORTKEY 0x00000400u
#define COMPAT_LCMAP_BYTEREV 0x00000800u
#define COMPAT_SORT_STRINGSORT 0x00001000u
#define COMPAT_NORM_IGNOREKANATYPE 0x00010000u
#define COMPAT_NORM_IGNOREWIDTH 0x00020000u
#define COMPAT_NORM_LINGUISTIC_CASING 0x08000000u
/* ESE's default for indexes that name no flags. */
#define COMPAT_LCMAP_DEFAULT \
    (COMPAT_LCMAP_SORTKEY | COMPAT_NORM_IGNORECASE | COMPAT_NORM_IGNOREKANATYPE | COMPAT_NORM_IGNOREWIDTH)

/* The locale name (BCP-47, e.g. "en-US"; "" for the invariant locale) of a Windows
 * LCID: 0 (no locale given) is en-US, 0x7f the invariant locale. COMPAT_ENOENT for an
 * LCID not in the table, COMPAT_ERANGE if the name and its NUL do not fit in cap bytes,
 * COMPAT_EINVAL for a NULL buf. */
compat_err compat_locale_from_lcid(uint32_t lcid, char *buf, size_t cap);
/* The reverse (case-insensitive; "" gives 0x7f). COMPAT_ENOENT when not in the table. */
compat_err compat_lcid_from_locale(const char *locale, uint32_t *lcid);

/* Opens a collator for locale (UTF-8 BCP-47; "" is the invariant/root order; an
 * unknown but well-formed name falls back to its language, then to the root order as
 * ICU does) and flags (above).
 *   COMPAT_EINVAL   NULL argument, a malformed locale name or an unknown flag bit
 *   COMPAT_ENOTSUP  no ICU on this system (Windows before 10 1903, Wine)
 *   COMPAT_ENOMEM   out of memory */
compat_err compat_collator_open(const char *locale, uint32_t flags, compat_collator **out);
void compat_collator_close(compat_collator *coll); /* NULL is fine */

/* The sort key of text (len UTF-16 code units; ill-formed UTF-16 is not an error:
 * an unpaired surrogate is collated as that code point). Keys compare with memcmp
 * in the collator's order; a key ends with one 0x00 byte, counted in its size, and
 * holds no other 0x00 (0x01 separates the levels). Like snprintf, the first
 * min(cap, size) bytes are written to key (may be NULL when cap is 0) and *full_len
 * gets the whole size: truncation is full_len > cap.
 *   COMPAT_EINVAL  NULL coll/full_len, text NULL with len > 0, len > INT32_MAX
 *   COMPAT_ENOMEM  out of memory (ICU's or ours) */
compat_err compat_collator_sort_key(compat_collator *coll, const uint16_t *text, size_t len, uint8_t *key, size_t cap,
                                    size_t *full_len);

/* The version of the collator's order (ICU's ucol_getVersion: it changes whenever
 * sort keys may change), as 4 bytes and as those bytes big-endian in 32 bits. */
compat_err compat_collator_version(compat_collator *coll, uint8_t version[4], uint32_t *packed);

#ifdef __cplusplus
}
#endif

#endif
