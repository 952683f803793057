// libcurl's easy interface, loaded with dlopen when a registry is first used.
//
// Why C, and why at run time: linking libcurl (directly, or through FoundationNetworking) makes every start of
// the tool load libcurl and its ~30 dependencies (TLS, Kerberos, LDAP, ...), which costs about 10 MB of resident
// memory and 20-40 ms even for `shipshape lint`. Loading it on first use keeps that cost on registry commands.
// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: the typed wrappers below do.
// Option numbers are libcurl's stable ABI (curl/curl.h); Debian ships libcurl.so.4 without the header.
#ifndef SHIPSHAPE_CURL_H
#define SHIPSHAPE_CURL_H

#include <stddef.h>
#include <stdint.h>

enum {
    SHIPSHAPE_CURLOPT_WRITEDATA = 10001,
    SHIPSHAPE_CURLOPT_URL = 10002,
    SHIPSHAPE_CURLOPT_READDATA = 10009,
    SHIPSHAPE_CURLOPT_ERRORBUFFER = 10010,
    SHIPSHAPE_CURLOPT_WRITEFUNCTION = 20011,
    SHIPSHAPE_CURLOPT_READFUNCTION = 20012,
    SHIPSHAPE_CURLOPT_USERAGENT = 10018,
    SHIPSHAPE_CURLOPT_LOW_SPEED_LIMIT = 19,
    SHIPSHAPE_CURLOPT_LOW_SPEED_TIME = 20,
    SHIPSHAPE_CURLOPT_HTTPHEADER = 10023,
    SHIPSHAPE_CURLOPT_HEADERDATA = 10029,
    SHIPSHAPE_CURLOPT_CUSTOMREQUEST = 10036,
    SHIPSHAPE_CURLOPT_NOPROGRESS = 43,
    SHIPSHAPE_CURLOPT_NOBODY = 44,
    SHIPSHAPE_CURLOPT_UPLOAD = 46,
    SHIPSHAPE_CURLOPT_XFERINFODATA = 10057,
    SHIPSHAPE_CURLOPT_CONNECTTIMEOUT = 78,
    SHIPSHAPE_CURLOPT_TIMEOUT_MS = 155,
    SHIPSHAPE_CURLOPT_HEADERFUNCTION = 20079,
    SHIPSHAPE_CURLOPT_HTTPGET = 80,
    SHIPSHAPE_CURLOPT_NOSIGNAL = 99,
    SHIPSHAPE_CURLOPT_INFILESIZE_LARGE = 30115,
    SHIPSHAPE_CURLOPT_SEEKFUNCTION = 20167,
    SHIPSHAPE_CURLOPT_SEEKDATA = 10168,
    SHIPSHAPE_CURLOPT_XFERINFOFUNCTION = 20219,
    SHIPSHAPE_CURLOPT_SUPPRESS_CONNECT_HEADERS = 265,
    SHIPSHAPE_CURLOPT_PROTOCOLS_STR = 10318,
};

enum {
    SHIPSHAPE_CURL_ERROR_SIZE = 256,
    SHIPSHAPE_CURLE_ABORTED_BY_CALLBACK = 42,
    SHIPSHAPE_CURL_READFUNC_ABORT = 0x10000000,
    SHIPSHAPE_CURL_SEEKFUNC_OK = 0,
    SHIPSHAPE_CURL_SEEKFUNC_FAIL = 1,
};

/// Body and header callbacks: (bytes, 1, count, context) → bytes taken; anything else aborts the transfer.
typedef size_t (*shipshape_curl_data_function)(char *bytes, size_t size, size_t count, void *context);
/// Rewinds an upload body (curl retries a request on a fresh connection when a reused one died).
typedef int (*shipshape_curl_seek_function)(void *context, int64_t offset, int origin);
/// Progress: non-zero aborts the transfer (used for cancellation).
typedef int (*shipshape_curl_progress_function)(
    void *context, int64_t download_total, int64_t downloaded, int64_t upload_total, int64_t uploaded);

/// Loads libcurl (once per process) and initialises it. Returns 0, or -1 with the reason in `error`.
int shipshape_curl_open(char *error, size_t capacity);

void *shipshape_curl_easy_init(void);
void shipshape_curl_easy_cleanup(void *handle);
void shipshape_curl_easy_reset(void *handle);
int shipshape_curl_easy_perform(void *handle);
const char *shipshape_curl_easy_strerror(int code);

int shipshape_curl_setopt_long(void *handle, int option, long value);
int shipshape_curl_setopt_offset(void *handle, int option, int64_t value);
int shipshape_curl_setopt_pointer(void *handle, int option, const void *value);
int shipshape_curl_setopt_data_function(void *handle, int option, shipshape_curl_data_function function);
int shipshape_curl_setopt_seek_function(void *handle, int option, shipshape_curl_seek_function function);
int shipshape_curl_setopt_progress_function(void *handle, int option, shipshape_curl_progress_function function);

/// The last response's status code (CURLINFO_RESPONSE_CODE), 0 when none arrived.
long shipshape_curl_response_code(void *handle);

void *shipshape_curl_slist_append(void *list, const char *line);
void shipshape_curl_slist_free_all(void *list);

#endif
