// See shipshape_curl.h for why this is C and loaded at run time.
#include "shipshape_curl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static struct {
    int (*global_init)(long flags);
    void *(*easy_init)(void);
    void (*easy_cleanup)(void *);
    void (*easy_reset)(void *);
    int (*easy_setopt)(void *, int, ...);
    int (*easy_perform)(void *);
    int (*easy_getinfo)(void *, int, ...);
    const char *(*easy_strerror)(int);
    void *(*slist_append)(void *, const char *);
    void (*slist_free_all)(void *);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[512];
static int load_status = -1;

static void load(void) {
    // The OpenSSL build first (libcurl4), then the GnuTLS one (libcurl3-gnutls): same API and ABI.
    static const char *const libraries[] = {"libcurl.so.4", "libcurl-gnutls.so.4"};
    void *handle = NULL;
    for (size_t index = 0; index < sizeof libraries / sizeof libraries[0] && handle == NULL; index++) {
        handle = dlopen(libraries[index], RTLD_NOW | RTLD_LOCAL);
    }
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error, "registry access needs libcurl (Debian: libcurl4): %s",
                 reason != NULL ? reason : "dlopen failed");
        return;
    }
    static const char *const names[] = {
        "curl_global_init", "curl_easy_init",    "curl_easy_cleanup",  "curl_easy_reset",
        "curl_easy_setopt", "curl_easy_perform", "curl_easy_getinfo",  "curl_easy_strerror",
        "curl_slist_append", "curl_slist_free_all",
    };
    enum { count = sizeof names / sizeof names[0] };
    void *symbols[count];
    for (int index = 0; index < count; index++) {
        symbols[index] = dlsym(handle, names[index]);
        if (symbols[index] == NULL) {
            snprintf(load_error, sizeof load_error, "libcurl has no symbol %s", names[index]);
            return;
        }
    }
    // POSIX guarantees that object pointers from dlsym convert to function pointers.
    api.global_init = (int (*)(long))symbols[0];
    api.easy_init = (void *(*)(void))symbols[1];
    api.easy_cleanup = (void (*)(void *))symbols[2];
    api.easy_reset = (void (*)(void *))symbols[3];
    api.easy_setopt = (int (*)(void *, int, ...))symbols[4];
    api.easy_perform = (int (*)(void *))symbols[5];
    api.easy_getinfo = (int (*)(void *, int, ...))symbols[6];
    api.easy_strerror = (const char *(*)(int))symbols[7];
    api.slist_append = (void *(*)(void *, const char *))symbols[8];
    api.slist_free_all = (void (*)(void *))symbols[9];
    // CURL_GLOBAL_ALL; not thread-safe in older libcurl, hence once per process under pthread_once.
    int status = api.global_init(3);
    if (status != 0) {
        snprintf(load_error, sizeof load_error, "curl_global_init failed (%d)", status);
        return;
    }
    load_status = 0;
}

int shipshape_curl_open(char *error, size_t capacity) {
    pthread_once(&once, load);
    if (load_status != 0 && capacity > 0) snprintf(error, capacity, "%s", load_error);
    return load_status;
}

void *shipshape_curl_easy_init(void) { return api.easy_init(); }
void shipshape_curl_easy_cleanup(void *handle) { api.easy_cleanup(handle); }
void shipshape_curl_easy_reset(void *handle) { api.easy_reset(handle); }
int shipshape_curl_easy_perform(void *handle) { return api.easy_perform(handle); }
const char *shipshape_curl_easy_strerror(int code) { return api.easy_strerror(code); }

int shipshape_curl_setopt_long(void *handle, int option, long value) {
    return api.easy_setopt(handle, option, value);
}
int shipshape_curl_setopt_offset(void *handle, int option, int64_t value) {
    return api.easy_setopt(handle, option, (long long)value);  // curl_off_t is 64-bit on every Linux ABI
}
int shipshape_curl_setopt_pointer(void *handle, int option, const void *value) {
    return api.easy_setopt(handle, option, value);
}
int shipshape_curl_setopt_data_function(void *handle, int option, shipshape_curl_data_function function) {
    return api.easy_setopt(handle, option, function);
}
int shipshape_curl_setopt_seek_function(void *handle, int option, shipshape_curl_seek_function function) {
    return api.easy_setopt(handle, option, function);
}
int shipshape_curl_setopt_progress_function(void *handle, int option, shipshape_curl_progress_function function) {
    return api.easy_setopt(handle, option, function);
}

long shipshape_curl_response_code(void *handle) {
    long code = 0;
    if (api.easy_getinfo(handle, 0x200000 + 2, &code) != 0) return 0;  // CURLINFO_RESPONSE_CODE
    return code;
}

void *shipshape_curl_slist_append(void *list, const char *line) { return api.slist_append(list, line); }
void shipshape_curl_slist_free_all(void *list) { api.slist_free_all(list); }
