// Why this is C: every Debian system has the zstd runtime (libzstd.so.1) but not its header (zstd.h comes only
// with libzstd-dev), so Shipshape declares the few ZSTD_* prototypes it needs itself, with the ABI of the
// stable zstd API (v1.x), and loads the library at run time with dlopen/dlsym.
#ifndef SHIPSHAPE_ZSTD_H
#define SHIPSHAPE_ZSTD_H

#include <stddef.h>

/// ZSTD_inBuffer.
typedef struct {
    const void *src;
    size_t size;
    size_t pos;
} shipshape_zstd_in;

/// ZSTD_outBuffer.
typedef struct {
    void *dst;
    size_t size;
    size_t pos;
} shipshape_zstd_out;

/// The functions Shipshape uses, resolved from the library: streaming decompression for reading layers,
/// streaming compression (ZSTD_compressStream2) for writing them.
typedef struct {
    void *(*create_stream)(void);
    size_t (*free_stream)(void *stream);
    size_t (*init_stream)(void *stream);
    size_t (*decompress_stream)(void *stream, shipshape_zstd_out *output, shipshape_zstd_in *input);
    unsigned (*is_error)(size_t code);
    const char *(*error_name)(size_t code);
    unsigned (*version_number)(void);
    void *(*create_compressor)(void);
    size_t (*free_compressor)(void *context);
    size_t (*set_parameter)(void *context, int parameter, int value);
    size_t (*compress_stream2)(void *context, shipshape_zstd_out *output, shipshape_zstd_in *input, int directive);
} shipshape_zstd_api;

/// ZSTD_c_compressionLevel, ZSTD_e_continue and ZSTD_e_end (zstd.h, stable API).
enum {
    SHIPSHAPE_ZSTD_COMPRESSION_LEVEL = 100,
    SHIPSHAPE_ZSTD_CONTINUE = 0,
    SHIPSHAPE_ZSTD_END = 2,
};

/// Loads `library` (for example "libzstd.so.1") and resolves the API; returns 0, or -1 with a reason in `error`.
int shipshape_zstd_open(const char *library, shipshape_zstd_api *api, char *error, size_t capacity);

#endif
