/* dbheader.h: the database file header (ESE's DBFILEHDR): page 0 of an EDB file, with an
 * identical shadow copy in the second header-sized slot. Decoding and encoding of every
 * field, the header checksum, and the resilient read ESE does: page-size detection, either
 * copy accepted, the right JET_err when neither verifies, and the checks an attach makes. */
#ifndef NATIVE_DBHEADER_H
#define NATIVE_DBHEADER_H

#include <stdbool.h>
#include <stdint.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DBHEADER_MAGIC 0x89abcdefu
#define DBHEADER_CB 748u              /* bytes of the header that carry fields (current ESE) */
#define DBHEADER_RAW_CB 2048u         /* bytes kept verbatim: the smallest page size */
#define DBHEADER_VERSION 0x620u       /* ulVersion of every ESE since ESE97 */
#define DBHEADER_UPDATE_ESE97 0x2u
#define DBHEADER_UPDATE_NEW_LV_CHUNK 0x11u /* large pages need at least this update */
#define DBHEADER_PAGE_SIZE_DEFAULT 4096u   /* what cbPageSize 0 means */
#define DBHEADER_FILETYPE_OFFSET 667u      /* unaligned u32, shared with log/checkpoint headers */
#define DBHEADER_PAGE_SIZE_OFFSET 236u
#define DBHEADER_SIGN_DB_OFFSET 24u        /* signDb, the database's signature */

/* Database states (le_dbstate); equal to the JET_dbstate* values. */
enum {
    DBSTATE_JUST_CREATED = 1,
    DBSTATE_DIRTY_SHUTDOWN = 2,
    DBSTATE_CLEAN_SHUTDOWN = 3,
    DBSTATE_BEING_CONVERTED = 4,
    DBSTATE_FORCE_DETACH = 5,
    DBSTATE_INCREMENTAL_RESEED = 6,
    DBSTATE_DIRTY_AND_PATCHED = 7,
    DBSTATE_REVERT_IN_PROGRESS = 8
};

/* Byte 0 of the header flags. */
#define DBHEADER_FLAG_SHADOWING_DISABLED 0x01u
#define DBHEADER_FLAG_UPGRADE_DB 0x02u
/* bkinfoType*: a backup taken through an OS snapshot. */
#define DBHEADER_BACKUP_OS_SNAPSHOT 1u

/* LOGTIME, byte for byte as on disk (and as JET_LOGTIME): year - 1900, month 1..12;
 * ms_low_utc = UTC flag (bit 0) | milliseconds bits 0..6 (bits 1..7);
 * ms_high_flags = reserved/OS-snapshot flag (bit 0) | milliseconds bits 7..9 (bits 1..3). */
typedef struct db_logtime {
    uint8_t seconds, minutes, hours, day, month, year;
    uint8_t ms_low_utc, ms_high_flags;
} db_logtime;

typedef struct db_lgpos {
    uint16_t ib;        /* byte in the sector */
    uint16_t isec;      /* sector in the log file */
    int32_t generation; /* log file generation */
} db_lgpos;

typedef struct db_signature {
    uint32_t random;
    db_logtime create;
    char computer_name[16]; /* may lack a terminating NUL */
} db_signature;

typedef struct db_bkinfo {
    db_lgpos mark;
    db_logtime time_mark;
    uint32_t gen_low, gen_high;
} db_bkinfo;

/* Every field of DBFILEHDR, decoded to host order. The comment gives the byte offset. */
typedef struct db_header {
    uint32_t checksum;                 /* 0 */
    uint32_t magic;                    /* 4 */
    uint32_t version;                  /* 8   ulVersion, 0x620 */
    int32_t attrib;                    /* 12  0 = database */
    uint64_t dbtime_dirtied;           /* 16 */
    db_signature sign_db;              /* 24 */
    uint32_t dbstate;                  /* 52 */
    db_lgpos lgpos_consistent;         /* 56 */
    db_logtime logtime_consistent;     /* 64 */
    db_logtime logtime_attach;         /* 72 */
    db_lgpos lgpos_attach;             /* 80 */
    db_logtime logtime_detach;         /* 88 */
    db_lgpos lgpos_detach;             /* 96 */
    uint32_t dbid;                     /* 104 */
    db_signature sign_log;             /* 108 */
    db_bkinfo bk_full_prev;            /* 136 */
    db_bkinfo bk_inc_prev;             /* 160 */
    db_bkinfo bk_full_cur;             /* 184 */
    uint8_t db_flags[4];               /* 208 */
    uint32_t objid_last;               /* 212 */
    uint32_t os_major;                 /* 216 */
    uint32_t os_minor;                 /* 220 */
    uint32_t os_build;                 /* 224 */
    int32_t os_sp;                     /* 228 */
    uint32_t update_major;             /* 232 the format revision (0x14 = Windows 8 to 10) */
    uint32_t cb_page_size;             /* 236 as stored: 0 means 4096 */
    uint32_t repair_count;             /* 240 */
    db_logtime logtime_repair;         /* 244 */
    uint8_t sign_slv_obsolete[28];     /* 252 */
    uint64_t dbtime_last_scrub;        /* 280 */
    db_logtime logtime_scrub;          /* 288 */
    int32_t gen_min_required;          /* 296 */
    int32_t gen_max_required;          /* 300 */
    int32_t cpg_upgrade_55_format;     /* 304 */
    int32_t cpg_upgrade_free_pages;    /* 308 */
    int32_t cpg_upgrade_space_map;     /* 312 */
    db_bkinfo bk_snapshot_cur;         /* 316 */
    uint32_t create_version;           /* 340 */
    uint32_t create_update;            /* 344 */
    db_logtime logtime_gen_max_create; /* 348 */
    uint32_t bk_type_full_prev;        /* 356 */
    uint32_t bk_type_inc_prev;         /* 360 */
    uint32_t repair_count_old;         /* 364 */
    uint32_t ecc_fix_success;          /* 368 */
    db_logtime logtime_ecc_fix_success;/* 372 */
    uint32_t ecc_fix_success_old;      /* 380 */
    uint32_t ecc_fix_fail;             /* 384 */
    db_logtime logtime_ecc_fix_fail;   /* 388 */
    uint32_t ecc_fix_fail_old;         /* 396 */
    uint32_t bad_checksum;             /* 400 */
    db_logtime logtime_bad_checksum;   /* 404 */
    uint32_t bad_checksum_old;         /* 412 */
    int32_t gen_max_committed;         /* 416 */
    db_bkinfo bk_copy_prev;            /* 420 */
    db_bkinfo bk_diff_prev;            /* 444 */
    uint32_t bk_type_copy_prev;        /* 468 */
    uint32_t bk_type_diff_prev;        /* 472 */
    uint32_t incremental_reseed_count; /* 476 */
    db_logtime logtime_incremental_reseed; /* 480 */
    uint32_t incremental_reseed_count_old; /* 488 */
    uint32_t page_patch_count;         /* 492 */
    db_logtime logtime_page_patch;     /* 496 */
    uint32_t page_patch_count_old;     /* 504 */
    uint64_t sort_version;             /* 508 deprecated */
    db_logtime logtime_dbscan_prev;    /* 516 */
    db_logtime logtime_dbscan_start;   /* 524 */
    uint32_t pgno_dbscan_highest_continuous; /* 532 */
    int32_t gen_recovering;            /* 536 */
    uint32_t extend_count;             /* 540 */
    db_logtime logtime_last_extend;    /* 544 */
    uint32_t shrink_count;             /* 552 */
    db_logtime logtime_last_shrink;    /* 556 */
    db_logtime logtime_last_reattach;  /* 564 */
    db_lgpos lgpos_last_reattach;      /* 572 */
    uint32_t trim_count;               /* 580 */
    db_signature sign_db_hdr_flush;    /* 584 */
    db_signature sign_flush_map_hdr_flush; /* 612 */
    int32_t gen_min_consistent;        /* 640 */
    uint32_t update_minor;             /* 644 */
    uint32_t efv_max_bin_attach;       /* 648 */
    uint32_t pgno_dbscan_highest;      /* 652 */
    db_lgpos lgpos_last_resize;        /* 656 */
    uint32_t filetype;                 /* 667 (unaligned) 1 = JET_filetypeDatabase */
    db_logtime logtime_gen_max_required; /* 672 */
    int32_t gen_pre_redo_min_consistent; /* 680 */
    int32_t gen_pre_redo_min_required; /* 684 */
    db_signature sign_rbs_hdr_flush;   /* 688 */
    uint32_t revert_count;             /* 716 */
    db_logtime logtime_revert_from;    /* 720 */
    db_logtime logtime_revert_to;      /* 728 */
    uint32_t revert_page_count;        /* 736 */
    db_lgpos lgpos_commit_before_revert; /* 740 */
} db_header;

/* Which copies verified when the header was read. */
typedef enum dbheader_status {
    DBHEADER_BOTH_GOOD = 0,
    DBHEADER_PRIMARY_BAD,   /* the shadow copy was used */
    DBHEADER_SHADOW_BAD     /* the shadow is damaged or differs from the primary */
} dbheader_status;

/* A header as read from a file. */
typedef struct dbheader_image {
    db_header hdr;
    uint8_t raw[DBHEADER_RAW_CB]; /* the chosen copy's first bytes, verbatim */
    uint32_t cb_page;             /* detected page size: the size over which the checksum verified */
    dbheader_status status;
} dbheader_image;

/* Milliseconds, the UTC flag, and whether the time is set at all. */
uint32_t dbheader_logtime_milliseconds(const db_logtime *t);
bool dbheader_logtime_is_utc(const db_logtime *t);
bool dbheader_logtime_is_set(const db_logtime *t);

/* Decodes the fields from the first DBHEADER_CB bytes of a header page. */
void dbheader_decode(const uint8_t *page, db_header *out);
/* Writes every field into a header page of cb_page bytes (the rest zero), then its checksum.
 * The stored checksum field is ignored. */
void dbheader_encode(const db_header *hdr, uint8_t *page, uint32_t cb_page);

/* The checksum a header page of cb_page bytes must carry in its first four bytes. */
uint32_t dbheader_checksum(const uint8_t *page, uint32_t cb_page);
/* The page verifies over cb_page bytes and its page-size field (0 = 4 KiB) says cb_page. */
bool dbheader_page_ok(const uint8_t *page, uint32_t cb_page);
/* The page size the header states (0 read as 4096). */
uint32_t dbheader_page_size(const db_header *hdr);

/* Reads the header of an open file as ESE does: tries every page size from 2 to 32 KiB
 * for both copies, uses the primary when it verifies, else the shadow.
 *   JET_errReadVerifyFailure  neither copy verifies (also: empty, short or foreign file,
 *                             or reads that fail)
 *   JET_errOutOfMemory */
JET_ERR dbheader_read(compat_file *file, dbheader_image *out);
/* The same, opening the file read-only by path (UTF-8); open failures map through
 * jet_err_from_compat (JET_errFileNotFound, JET_errFileAccessDenied, ...). */
JET_ERR dbheader_read_path(const char *path, dbheader_image *out);

/* Whether a database with this header may be attached by an engine using pages of
 * cb_page_engine bytes, with the codes ESE's attach returns:
 *   JET_errInvalidDatabaseVersion   bad magic, a version before ESE97, or large pages
 *                                   written before the LV chunk change (0x620,0x11)
 *   JET_errPageSizeMismatch         another page size
 *   JET_errDatabaseIncompleteUpgrade / JET_errDatabaseIncompleteIncrementalReseed /
 *   JET_errDatabaseIncompleteRevert / JET_errSoftRecoveryOnBackupDatabase /
 *   JET_errDatabaseDirtyShutdown    the state is not a clean shutdown
 *   JET_errDatabaseCorrupted        not a database file (attrib, file type) */
JET_ERR dbheader_check_attach(const dbheader_image *img, uint32_t cb_page_engine);
/* What an attach returns when dbheader_read failed with err: a file whose headers do not
 * verify is JET_errDatabaseCorrupted to an attach; other errors pass unchanged. */
JET_ERR dbheader_attach_read_error(JET_ERR err);

#ifdef __cplusplus
}
#endif

#endif
