#ifndef CDIGEST_H
#define CDIGEST_H

#include <stddef.h>
#include <stdint.h>

// SHA-256 for content hashes, bundle manifests and model blobs. OpenSSL's libcrypto (always on
// the machine: libcurl4 depends on it) is opened on first use, as libcurl is, for its SHA-NI and
// AVX2 code; where it cannot be opened a portable implementation of FIPS 180-4 is used instead.

typedef struct cdigest_sha256 cdigest_sha256;

/// A new hashing context (libcrypto's when `portable` is 0 and it can be opened); NULL without memory.
cdigest_sha256 *cdigest_sha256_new(int portable);
void cdigest_sha256_update(cdigest_sha256 *context, const void *bytes, size_t count);
/// Writes the 32-byte digest; the context can then only be freed.
void cdigest_sha256_final(cdigest_sha256 *context, uint8_t digest[32]);
void cdigest_sha256_free(cdigest_sha256 *context);
/// Which implementation a context uses: "libcrypto" or "portable".
const char *cdigest_sha256_implementation(const cdigest_sha256 *context);

#endif
