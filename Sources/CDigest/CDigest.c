#include "CDigest.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// --- libcrypto, opened on first use -----------------------------------------------------------

static struct {
    void *(*md_ctx_new)(void);
    void (*md_ctx_free)(void *);
    const void *(*sha256)(void);
    int (*digest_init_ex)(void *, const void *, void *);
    int (*digest_update)(void *, const void *, size_t);
    int (*digest_final_ex)(void *, unsigned char *, unsigned int *);
} evp;
static int evp_loaded;
static pthread_once_t evp_once = PTHREAD_ONCE_INIT;

static void load_libcrypto(void) {
    void *library = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libcrypto.so", RTLD_NOW | RTLD_LOCAL);
    if (!library) return;
#define RESOLVE(field, name) \
    if (!(*(void **)&evp.field = dlsym(library, name))) return;
    RESOLVE(md_ctx_new, "EVP_MD_CTX_new")
    RESOLVE(md_ctx_free, "EVP_MD_CTX_free")
    RESOLVE(sha256, "EVP_sha256")
    RESOLVE(digest_init_ex, "EVP_DigestInit_ex")
    RESOLVE(digest_update, "EVP_DigestUpdate")
    RESOLVE(digest_final_ex, "EVP_DigestFinal_ex")
#undef RESOLVE
    evp_loaded = 1;
}

// --- portable FIPS 180-4 SHA-256 --------------------------------------------------------------

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

typedef struct {
    uint32_t state[8];
    uint64_t length;  // bytes hashed so far
    uint8_t block[64];
    size_t filled;
} portable_sha256;

static uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void compress(uint32_t state[8], const uint8_t block[64]) {
    uint32_t w[64];
    for (int i = 0; i < 16; i++) {
        w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16 |
               (uint32_t)block[4 * i + 2] << 8 | block[4 * i + 3];
    }
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g; g = f; f = e; e = d + t1;
        d = c; c = b; b = a; a = t1 + t2;
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
    state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

static void portable_init(portable_sha256 *s) {
    static const uint32_t initial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->state, initial, sizeof initial);
    s->length = 0;
    s->filled = 0;
}

static void portable_update(portable_sha256 *s, const uint8_t *bytes, size_t count) {
    s->length += count;
    if (s->filled) {
        size_t take = 64 - s->filled < count ? 64 - s->filled : count;
        memcpy(s->block + s->filled, bytes, take);
        s->filled += take;
        bytes += take;
        count -= take;
        if (s->filled < 64) return;
        compress(s->state, s->block);
        s->filled = 0;
    }
    for (; count >= 64; bytes += 64, count -= 64) compress(s->state, bytes);
    memcpy(s->block, bytes, count);
    s->filled = count;
}

static void portable_final(portable_sha256 *s, uint8_t digest[32]) {
    uint64_t bits = s->length * 8;
    static const uint8_t pad[64] = {0x80};
    size_t padding = s->filled < 56 ? 56 - s->filled : 120 - s->filled;
    portable_update(s, pad, padding);
    uint8_t length[8];
    for (int i = 0; i < 8; i++) length[i] = (uint8_t)(bits >> (56 - 8 * i));
    portable_update(s, length, 8);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (uint8_t)(s->state[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(s->state[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(s->state[i] >> 8);
        digest[4 * i + 3] = (uint8_t)s->state[i];
    }
}

// --- one context over either ------------------------------------------------------------------

struct cdigest_sha256 {
    void *evp_context;  // NULL for the portable implementation
    portable_sha256 portable;
};

cdigest_sha256 *cdigest_sha256_new(int portable) {
    cdigest_sha256 *context = calloc(1, sizeof *context);
    if (!context) return NULL;
    if (!portable) {
        pthread_once(&evp_once, load_libcrypto);
        if (evp_loaded && (context->evp_context = evp.md_ctx_new())) {
            if (evp.digest_init_ex(context->evp_context, evp.sha256(), NULL) == 1) return context;
            evp.md_ctx_free(context->evp_context);
            context->evp_context = NULL;
        }
    }
    portable_init(&context->portable);
    return context;
}

void cdigest_sha256_update(cdigest_sha256 *context, const void *bytes, size_t count) {
    if (!count) return;
    if (context->evp_context) evp.digest_update(context->evp_context, bytes, count);
    else portable_update(&context->portable, bytes, count);
}

void cdigest_sha256_final(cdigest_sha256 *context, uint8_t digest[32]) {
    if (context->evp_context) {
        unsigned int length = 32;
        evp.digest_final_ex(context->evp_context, digest, &length);
    } else {
        portable_final(&context->portable, digest);
    }
}

void cdigest_sha256_free(cdigest_sha256 *context) {
    if (!context) return;
    if (context->evp_context) evp.md_ctx_free(context->evp_context);
    free(context);
}

const char *cdigest_sha256_implementation(const cdigest_sha256 *context) {
    return context->evp_context ? "libcrypto" : "portable";
}
