/* esecheck: checks the integrity of EDB database files with the engine's check
 * (native/record/integrity.h; what it checks: docs/integrity.md) and prints a report per file.
 * Exit status: 0 every file is clean, 1 a file has problems, 2 usage or a file that
 * cannot be read at all.
 * May call: native/record/integrity.h (linked statically: the check is not a public entry
 * point), jet_error.h, the C library. */
#include <stdio.h>
#include <string.h>

#include "jet_error.h"
#include "integrity.h"

static const char *error_name(JET_ERR code)
{
    const char *name = "unknown error";
    jet_error_describe(code, &name, NULL);
    return name;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: esecheck [-q] FILE.edb...\n"
               "  checks page checksums, B+-tree structure, space, the catalog, indexes and long values\n"
               "  -q  print only files with problems\n"
               "exit status: 0 clean, 1 problems found, 2 usage or I/O error\n");
}

static int check_one(const char *path, int quiet)
{
    integrity_report r;
    JET_ERR err = integrity_check_file(path, &r);
    uint32_t i;

    if (err < 0 && r.problems == 0) {
        fprintf(stderr, "%s: cannot check: %s (%d)\n", path, error_name(err), (int)err);
        return 2;
    }
    if (quiet && r.problems == 0) return 0;
    printf("%s: %s\n", path, r.problems == 0 ? "clean" : "DAMAGED");
    printf("  pages %u (blank %u, in trees %u, available %u), objects %u, trees %u\n", r.pages, r.pages_blank,
           r.pages_in_trees, r.pages_available, r.objects, r.trees);
    printf("  records %llu, catalog rows %u, long values %llu\n", (unsigned long long)r.records, r.catalog_rows,
           (unsigned long long)r.long_values);
    printf("  indexes checked %u (%llu entries), not checked %u\n", r.indexes_checked,
           (unsigned long long)r.index_entries, r.indexes_not_checked);
    if (r.problems != 0) {
        printf("  %u problem%s, first %s (%d):\n", r.problems, r.problems == 1 ? "" : "s", error_name(r.first_error),
               (int)r.first_error);
        for (i = 0; i < r.problems_kept; i++) printf("    %s\n", r.problem[i]);
        if (r.problems > r.problems_kept) printf("    ... %u more\n", r.problems - r.problems_kept);
    }
    if (err < 0 && err != r.first_error) {
        fprintf(stderr, "%s: the check stopped: %s (%d)\n", path, error_name(err), (int)err);
        return 2;
    }
    return r.problems == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    int i, quiet = 0, files = 0, status = 0;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(argv[i], "-q") == 0) {
            quiet = 1;
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            usage(stderr);
            return 2;
        }
        int s = check_one(argv[i], quiet);
        files++;
        if (s > status) status = s;
    }
    if (files == 0) {
        usage(stderr);
        return 2;
    }
    return status;
}
