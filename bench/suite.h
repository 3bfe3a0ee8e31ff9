/* suite.h: esebench's "suite" mode, the workloads of the performance issue run on the
 * native engine, SQLite and LMDB in one process (bench/suite.c, bench/README.md). */
#ifndef ESEBENCH_SUITE_H
#define ESEBENCH_SUITE_H

/* argv[0] is "suite"; returns the process exit code (0: every answer was right). */
int suite_main(int argc, char **argv);

#endif
