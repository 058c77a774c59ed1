// SHA-256 from OpenSSL's libcrypto (Debian libssl-dev), which libxlsxwriter already loads. The header
// names no OpenSSL type, so Swift sees only an opaque handle.
#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>

typedef struct kpi_sha256 kpi_sha256;

/// A new hash; NULL when out of memory.
kpi_sha256 *kpi_sha256_new(void);
/// Adds bytes. 1 on success.
int kpi_sha256_update(kpi_sha256 *hash, const void *bytes, size_t count);
/// Writes the 32-byte digest of everything added. 1 on success. The hash cannot be updated after.
int kpi_sha256_final(kpi_sha256 *hash, unsigned char out[32]);
/// Frees the hash.
void kpi_sha256_free(kpi_sha256 *hash);

#endif
