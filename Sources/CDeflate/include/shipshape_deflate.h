// Why this is C: Debian's libdeflate0 ships the runtime (libdeflate.so.0) but not its header (libdeflate.h comes
// only with libdeflate-dev), and the library is optional (gzip falls back to zlib without it), so Shipshape
// declares the few libdeflate_* prototypes it needs itself, with the ABI of libdeflate 1.x, and loads the library
// at run time with dlopen/dlsym.
#ifndef SHIPSHAPE_DEFLATE_H
#define SHIPSHAPE_DEFLATE_H

#include <stddef.h>
#include <stdint.h>

/// The functions Shipshape uses, resolved from the library: whole-buffer raw DEFLATE compression and CRC-32.
typedef struct {
    void *(*alloc_compressor)(int level);
    size_t (*deflate_compress)(void *compressor, const void *in, size_t in_nbytes, void *out, size_t out_nbytes_avail);
    size_t (*deflate_compress_bound)(void *compressor, size_t in_nbytes);
    void (*free_compressor)(void *compressor);
    uint32_t (*crc32)(uint32_t crc, const void *buffer, size_t length);
} shipshape_deflate_api;

/// Loads `library` (for example "libdeflate.so.0") and resolves the API; returns 0, or -1 with a reason in `error`.
int shipshape_deflate_open(const char *library, shipshape_deflate_api *api, char *error, size_t capacity);

#endif
