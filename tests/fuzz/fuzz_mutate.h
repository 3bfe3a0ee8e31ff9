/* fuzz_mutate.h: deterministic damage to a database file's image, for the fuzz target
 * (fuzz_edb.c). From one seed: a few mutations (bit flips, bytes, page header fields,
 * tags, node bytes and the words in them, zeroed or copied pages, truncation, database
 * header fields), then the page checksums of the pages touched either left wrong or
 * recomputed (so that the reader gets past the checksum to the structure). */
#ifndef TESTS_FUZZ_MUTATE_H
#define TESTS_FUZZ_MUTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* splitmix64: the one random source of a run, seeded per iteration. */
typedef struct fuzz_rng {
    uint64_t state;
} fuzz_rng;
void fuzz_rng_seed(fuzz_rng *r, uint64_t seed);
uint64_t fuzz_rng_next(fuzz_rng *r);
/* 0 .. n-1 (n > 0). */
uint32_t fuzz_rng_below(fuzz_rng *r, uint32_t n);

/* A file image: cb bytes (at most cap), cb_page the page size its header states. */
typedef struct fuzz_image {
    uint8_t *pb;
    size_t cb, cap;
    uint32_t cb_page;
} fuzz_image;

/* What was done, for the verbose output. */
#define FUZZ_DESCRIBE_CB 512
typedef struct fuzz_mutation_log {
    char text[FUZZ_DESCRIBE_CB];
    uint32_t count;
    bool checksums_recomputed;
} fuzz_mutation_log;

/* Damages img in place (it may shrink: truncation). */
void fuzz_mutate(fuzz_rng *r, fuzz_image *img, fuzz_mutation_log *log);

#endif
