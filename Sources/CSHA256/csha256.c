#include "csha256.h"
#include <openssl/evp.h>

struct kpi_sha256 { EVP_MD_CTX *context; };

kpi_sha256 *kpi_sha256_new(void) {
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    if (!context) return NULL;
    if (EVP_DigestInit_ex(context, EVP_sha256(), NULL) != 1) { EVP_MD_CTX_free(context); return NULL; }
    kpi_sha256 *hash = OPENSSL_malloc(sizeof *hash);
    if (!hash) { EVP_MD_CTX_free(context); return NULL; }
    hash->context = context;
    return hash;
}

int kpi_sha256_update(kpi_sha256 *hash, const void *bytes, size_t count) {
    return count == 0 ? 1 : EVP_DigestUpdate(hash->context, bytes, count);
}

int kpi_sha256_final(kpi_sha256 *hash, unsigned char out[32]) {
    unsigned int length = 0;
    return EVP_DigestFinal_ex(hash->context, out, &length) == 1 && length == 32;
}

void kpi_sha256_free(kpi_sha256 *hash) {
    if (!hash) return;
    EVP_MD_CTX_free(hash->context);
    OPENSSL_free(hash);
}
