// sample_path.h: where the shared tests find the Windows-made sample databases:
// $ESENT_TESTDATA/edb/<name> (ctest sets it), else ../shared/testdata from the project root.
#ifndef SAMPLE_PATH_H
#define SAMPLE_PATH_H

#include <cstdlib>
#include <string>

inline std::string sample(const std::string &name)
{
    const char *env = std::getenv("ESENT_TESTDATA");
    return std::string(env != nullptr && env[0] != '\0' ? env : "../shared/testdata") + "/edb/" + name;
}

#endif
