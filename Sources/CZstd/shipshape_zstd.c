// See shipshape_zstd.h for why this is C.
#include "shipshape_zstd.h"

#include <dlfcn.h>
#include <stdio.h>

int shipshape_zstd_open(const char *library, shipshape_zstd_api *api, char *error, size_t capacity) {
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(error, capacity, "%s", reason != NULL ? reason : "dlopen failed");
        return -1;
    }
    static const char *const names[] = {
        "ZSTD_createDStream", "ZSTD_freeDStream", "ZSTD_initDStream", "ZSTD_decompressStream",
        "ZSTD_isError",       "ZSTD_getErrorName", "ZSTD_versionNumber", "ZSTD_createCCtx",
        "ZSTD_freeCCtx",      "ZSTD_CCtx_setParameter", "ZSTD_compressStream2",
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
    api->create_stream = (void *(*)(void))symbols[0];
    api->free_stream = (size_t(*)(void *))symbols[1];
    api->init_stream = (size_t(*)(void *))symbols[2];
    api->decompress_stream = (size_t(*)(void *, shipshape_zstd_out *, shipshape_zstd_in *))symbols[3];
    api->is_error = (unsigned (*)(size_t))symbols[4];
    api->error_name = (const char *(*)(size_t))symbols[5];
    api->version_number = (unsigned (*)(void))symbols[6];
    api->create_compressor = (void *(*)(void))symbols[7];
    api->free_compressor = (size_t(*)(void *))symbols[8];
    api->set_parameter = (size_t(*)(void *, int, int))symbols[9];
    api->compress_stream2 = (size_t(*)(void *, shipshape_zstd_out *, shipshape_zstd_in *, int))symbols[10];
    return 0;
}
