/* fuzz_corpus.h: databases the engine writes itself, for the fuzz target to damage
 * (besides the Windows-made samples, and in their place when those are absent): made
 * through the public API, the same bytes every run for a page size. */
#ifndef TESTS_FUZZ_CORPUS_H
#define TESTS_FUZZ_CORPUS_H

#include <stdint.h>

#include "esent.h"

/* Creates path (cb_page-byte pages) with tables of every column kind and their indexes:
 * fixed, variable and tagged columns, multi-valued ones, defaults, long values inline,
 * separated and compressed, Unicode text keys, a table of many sparse tagged columns, an
 * empty table, space given back by deleted records, a deleted table and index. The
 * temporary database goes in scratch_dir. */
JET_ERR fuzz_corpus_write(const char *path, const char *scratch_dir, uint32_t cb_page);

#endif
