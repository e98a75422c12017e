/* Public keys for verification: multibase, multicodec, did:key, JWK, PEM,
 * and verification method documents.  Everything offline. */
#ifndef CAIRN_KEYS_H
#define CAIRN_KEYS_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "cairn.h"

/* multibase (https://www.w3.org/TR/cid-1.0/#multibase-0): 'z' base58btc
 * and 'u' base64url without padding.  Output malloc'd. */
enum cairn_err multibase_decode(const char *s, unsigned char **out, size_t *len,
                                struct cairn_error *err);
char *multibase_base58btc(const unsigned char *data, size_t len); /* "z…" */
char *multibase_base64url(const unsigned char *data, size_t len); /* "u…" */

enum key_type {
	KEY_NONE = 0,
	KEY_ED25519,
	KEY_P256,
	KEY_RSA,
};

struct pubkey {
	enum key_type type;
	unsigned char ed25519[32];
	unsigned char p256[65];    /* uncompressed: 0x04 || x || y */
	unsigned char *rsa_n;      /* big-endian modulus, malloc'd */
	size_t rsa_n_len;
	unsigned char *rsa_e;      /* big-endian exponent, malloc'd */
	size_t rsa_e_len;
};

void pubkey_clear(struct pubkey *k);

/* A multicodec key in multibase: Ed25519 (0xed 0x01, "z6Mk…") and P-256
 * (0x80 0x24, compressed, "zDn…"). */
enum cairn_err key_from_multikey(const char *multibase, struct pubkey *k,
                                 struct cairn_error *err);

/* did:key DIDs and their verification methods ("did:key:z6Mk…#z6Mk…"):
 * the key, and (doc not NULL) the DID document as the did:key method
 * specification builds it. */
enum cairn_err key_from_did_key(const char *did, struct pubkey *k, cJSON **doc,
                                struct cairn_error *err);

/* A JSON Web Key: OKP/Ed25519, EC/P-256, RSA (n, e). */
enum cairn_err key_from_jwk(const cJSON *jwk, struct pubkey *k,
                            struct cairn_error *err);

/* A PEM SubjectPublicKeyInfo ("-----BEGIN PUBLIC KEY-----") holding an
 * RSA, EC P-256 or Ed25519 key, or a PKCS#1 "RSA PUBLIC KEY". */
enum cairn_err key_from_pem(const char *pem, size_t len, struct pubkey *k,
                            struct cairn_error *err);

/* A verification method object: Multikey (publicKeyMultibase),
 * Ed25519VerificationKey2020 (publicKeyMultibase), Ed25519VerificationKey2018
 * (publicKeyBase58), JsonWebKey2020/JsonWebKey (publicKeyJwk), and any
 * method with publicKeyPem (Open Badges 2.0 CryptographicKey). */
enum cairn_err key_from_method(const cJSON *method, struct pubkey *k,
                               struct cairn_error *err);

/* Signature checks.  CAIRN_OK: valid; CAIRN_ERR_CHECK: the signature does
 * not verify (message says so); CAIRN_ERR_UNDECIDED: the algorithm is
 * unsupported or does not fit the key's type. */
enum cairn_err sig_verify_ed25519(const struct pubkey *k, const unsigned char *msg,
                                  size_t len, const unsigned char *sig, size_t siglen,
                                  struct cairn_error *err);

/* JWS algorithms (RFC 7518, RFC 8037): EdDSA (Ed25519), ES256 (P-256,
 * r||s), RS256 (PKCS#1 v1.5 with SHA-256); also PS256 when supported. */
enum cairn_err jws_verify(const char *alg, const struct pubkey *k,
                          const unsigned char *input, size_t len,
                          const unsigned char *sig, size_t siglen,
                          struct cairn_error *err);

#endif
