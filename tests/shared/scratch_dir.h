// scratch_dir.h: a folder of one test's own under the temporary folder
// (esent-<tag>-<time>-<n>), the path of a database file in it, and an instance name
// (<tag>-<n>) no other test of the process uses; and their removal afterwards (the
// database and folder, or everything the folder holds).
#ifndef TESTS_SHARED_SCRATCH_DIR_H
#define TESTS_SHARED_SCRATCH_DIR_H

#include <string>
#include <vector>

extern "C" {
#include "compat.h"
}

inline void MakeScratch(const char *tag, const char *file, std::string *dir, std::string *path, std::string *name)
{
    static int n;
    char tmp[1024];
    compat_temp_dir(tmp, sizeof tmp);
    ++n;
    *dir = std::string(tmp) + "esent-" + tag + "-" + std::to_string(compat_clock_wall_ns()) + "-" + std::to_string(n);
    compat_dir_create(dir->c_str());
    *path = *dir + "/" + file;
    *name = std::string(tag) + "-" + std::to_string(n);
}

// Deletes the database file and the (then empty) folder; either may be empty.
inline void RemoveScratch(const std::string &dir, const std::string &path)
{
    if (!path.empty()) compat_path_delete(path.c_str());
    if (!dir.empty()) compat_dir_remove(dir.c_str());
}

// Deletes every file of the folder (an instance's logs and checkpoint too), then the folder.
inline void RemoveScratchFolder(const std::string &dir)
{
    std::vector<std::string> names;
    compat_dir_list(dir.c_str(), [](void *ctx, const char *name) {
        static_cast<std::vector<std::string> *>(ctx)->push_back(name);
        return true;
    }, &names);
    for (const std::string &f : names) compat_path_delete((dir + "/" + f).c_str());
    compat_dir_remove(dir.c_str());
}

#endif
