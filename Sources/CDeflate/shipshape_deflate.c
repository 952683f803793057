// See shipshape_deflate.h for why this is C.
#include "shipshape_deflate.h"

#include <dlfcn.h>
#include <stdio.h>

int shipshape_deflate_open(const char *library, shipshape_deflate_api *api, char *error, size_t capacity) {
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(error, capacity, "%s", reason != NULL ? reason : "dlopen failed");
        return -1;
    }
    static const char *const names[] = {
        "libdeflate_alloc_compressor", "libdeflate_deflate_compress", "libdeflate_deflate_compress_bound",
        "libdeflate_free_compressor",  "libdeflate_crc32",
    };
    enum { count = sizeof names / sizeof names[0] };
    void *symbols[count];
    for (int index = 0; index < count; index++) {
        symbols[index] = dlsym(handle, names[index]);
        if (symbols[index] == NULL) {
            snprintf(error, capacity, "%s has no symbol %s", library, names[index]);
            dlclose(handle);
            return -1;
        }
    }
    // POSIX guarantees that object pointers from dlsym convert to function pointers.
    api->alloc_compressor = (void *(*)(int))symbols[0];
    api->deflate_compress = (size_t(*)(void *, const void *, size_t, void *, size_t))symbols[1];
    api->deflate_compress_bound = (size_t(*)(void *, size_t))symbols[2];
    api->free_compressor = (void (*)(void *))symbols[3];
    api->crc32 = (uint32_t(*)(uint32_t, const void *, size_t))symbols[4];
    return 0;
}
