// SPDX-License-Identifier: GPL-2.0
/*
 * crypto.c - the cryptography of the licensing side, every primitive run
 * by the kernel crypto API through libkcapi (AF_ALG), so that both sides
 * of mlic use the same implementations: HKDF-SHA256 over hmac(sha256) and
 * AES-256-GCM (gcm(aes)).
 *
 * Keys follow the driver's hierarchy (driver/keys.c, driver/license.c):
 * the system key's fingerprint and every medium key are HKDF-SHA256 of it
 * with their own label (MLIC_HKDF_*), salted with the medium ID where one
 * is named.  A license seals struct mlic_license_plain: in a slot under
 * the license-wrap key with mlic_license_ad() as associated data, in an
 * issued license (*.mll) under the license-transport key with the first
 * MLIC_ISSUED_AD_BYTES of the file as associated data.  A content chunk is
 * sealed under the content key with mlic_content_chunk_iv() and
 * mlic_content_chunk_ad().
 *
 * Errors are libkcapi's negative errnos: -EAFNOSUPPORT without AF_ALG,
 * -ENOENT without the algorithm, -EPROTONOSUPPORT without NETLINK_CRYPTO
 * (crypto_user), -EBADMSG when a tag does not verify.  libkcapi's own
 * messages are silenced: the tools say what went wrong themselves.
 * Every buffer that held a key or a plaintext is wiped.
 */
#include <assert.h>
#include <kcapi.h>
#include <stdlib.h>

#include "libmlic.h"

#define HMAC_SHA256	"hmac(sha256)"
#define AES_GCM		"gcm(aes)"

static_assert(offsetof(struct mlic_issued_license, sealed) ==
	      MLIC_ISSUED_AD_BYTES, "an issued license's AD is what precedes "
	      "its sealed part");
static_assert(sizeof(struct mlic_license_plain) == MLIC_LICENSE_PLAIN,
	      "a license plaintext is MLIC_LICENSE_PLAIN bytes");

/**
 * struct mlic_aead - an AES-256-GCM transform with its key set
 * @h: the libkcapi handle (an AF_ALG socket keyed in the kernel)
 */
struct mlic_aead {
	struct kcapi_handle *h;
};

static void quiet(void)
{
	kcapi_set_verbosity(KCAPI_LOG_NONE);
}

/**
 * mlic_hkdf_sha256() - HKDF-SHA256 (RFC 5869), extract and expand
 * @ikm: input keying material (not empty)
 * @ikm_len: its length
 * @salt: the salt, or NULL (as is an empty salt) for none
 * @salt_len: its length
 * @info: context information
 * @info_len: its length
 * @okm: receives the output keying material
 * @okm_len: how much, at most 255 * 32 bytes
 *
 * Return: 0 or a negative errno; @okm is wiped on failure.
 */
int mlic_hkdf_sha256(const u8 *ikm, size_t ikm_len, const u8 *salt,
		     size_t salt_len, const void *info, size_t info_len,
		     u8 *okm, size_t okm_len)
{
	ssize_t ret;

	quiet();
	ret = kcapi_hkdf(HMAC_SHA256, ikm, ikm_len, salt_len ? salt : NULL,
			 salt_len, info, info_len, okm, okm_len);
	if (ret < 0)
		explicit_bzero(okm, okm_len);
	return ret < 0 ? (int)ret : 0;
}

/**
 * mlic_key_fingerprint() - the non-secret fingerprint of a system key
 * @system_key: the system key
 * @fpr: receives HKDF-SHA256(system key, no salt, MLIC_HKDF_FINGERPRINT)
 *
 * Return: 0 or a negative errno.
 */
int mlic_key_fingerprint(const u8 system_key[MLIC_KEY_SIZE],
			 u8 fpr[MLIC_ID_SIZE])
{
	return mlic_hkdf_sha256(system_key, MLIC_KEY_SIZE, NULL, 0,
				MLIC_HKDF_FINGERPRINT,
				strlen(MLIC_HKDF_FINGERPRINT), fpr,
				MLIC_ID_SIZE);
}

/**
 * mlic_medium_key() - a key of one medium, for one purpose
 * @system_key: the system key
 * @medium_id: the medium, the salt
 * @label: MLIC_HKDF_LICENSE_WRAP or MLIC_HKDF_LICENSE_SEND
 * @key: receives the key; the caller wipes it
 *
 * Return: 0 or a negative errno.
 */
int mlic_medium_key(const u8 system_key[MLIC_KEY_SIZE],
		    const u8 medium_id[MLIC_ID_SIZE], const char *label,
		    u8 key[MLIC_KEY_SIZE])
{
	return mlic_hkdf_sha256(system_key, MLIC_KEY_SIZE, medium_id,
				MLIC_ID_SIZE, label, strlen(label), key,
				MLIC_KEY_SIZE);
}

/**
 * mlic_aead_new() - an AES-256-GCM transform with a 16-byte tag
 * @aead: receives it; free it with mlic_aead_free()
 * @key: its key (the kernel keeps a copy; the caller may wipe its own)
 *
 * Return: 0 or a negative errno.
 */
int mlic_aead_new(struct mlic_aead **aead, const u8 key[MLIC_KEY_SIZE])
{
	struct mlic_aead *a;
	int ret;

	quiet();
	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	ret = kcapi_aead_init(&a->h, AES_GCM, 0);
	if (ret) {
		free(a);
		return ret;
	}
	ret = kcapi_aead_settaglen(a->h, MLIC_TAG_SIZE) ?:
	      kcapi_aead_setkey(a->h, key, MLIC_KEY_SIZE);
	if (!ret && kcapi_aead_ivsize(a->h) != MLIC_NONCE_SIZE)
		ret = -EINVAL;
	if (ret) {
		mlic_aead_free(a);
		return ret;
	}
	*aead = a;
	return 0;
}

/**
 * mlic_aead_new_medium() - the transform of a medium key
 * @aead: receives it
 * @system_key: the system key
 * @medium_id: the medium
 * @label: which of its keys (MLIC_HKDF_LICENSE_WRAP or _SEND)
 *
 * Return: 0 or a negative errno.
 */
int mlic_aead_new_medium(struct mlic_aead **aead,
			 const u8 system_key[MLIC_KEY_SIZE],
			 const u8 medium_id[MLIC_ID_SIZE], const char *label)
{
	u8 key[MLIC_KEY_SIZE];
	int ret;

	ret = mlic_medium_key(system_key, medium_id, label, key);
	if (!ret)
		ret = mlic_aead_new(aead, key);
	explicit_bzero(key, sizeof(key));
	return ret;
}

/**
 * mlic_aead_free() - close a transform (its key goes with it)
 * @aead: the transform, or NULL
 */
void mlic_aead_free(struct mlic_aead *aead)
{
	if (!aead)
		return;
	kcapi_aead_destroy(aead->h);
	free(aead);
}

/**
 * mlic_aead_crypt() - encrypt or decrypt in place
 * @aead: the transform
 * @encrypt: direction
 * @buf: @ad_len bytes of associated data, then the text: @len bytes of
 *	 plaintext and room for the tag to encrypt, @len bytes of ciphertext
 *	 and tag to decrypt
 * @ad_len: bytes of associated data
 * @len: bytes of plaintext to encrypt, of ciphertext and tag to decrypt
 * @iv: the 12-byte nonce
 *
 * Afterwards @buf holds the associated data, then the ciphertext and tag
 * (encrypting) or the plaintext (decrypting).
 *
 * Return: 0, -EBADMSG if the tag does not verify, or a negative errno.
 */
int mlic_aead_crypt(struct mlic_aead *aead, bool encrypt, u8 *buf,
		    size_t ad_len, size_t len, const u8 iv[MLIC_NONCE_SIZE])
{
	size_t want;
	ssize_t ret;

	if (!encrypt && len < MLIC_TAG_SIZE)
		return -EBADMSG;
	kcapi_aead_setassoclen(aead->h, ad_len);
	if (encrypt) {
		want = ad_len + len + MLIC_TAG_SIZE;
		ret = kcapi_aead_encrypt(aead->h, buf, ad_len + len, iv, buf,
					 want, KCAPI_ACCESS_SENDMSG);
	} else {
		/*
		 * libkcapi reads until the output buffer is full: it must be
		 * exactly what the kernel returns.  An empty one would skip
		 * the operation (and the tag check) altogether.
		 */
		want = ad_len + len - MLIC_TAG_SIZE;
		ret = kcapi_aead_decrypt(aead->h, buf, ad_len + len, iv, buf,
					 want ? want : 1,
					 KCAPI_ACCESS_SENDMSG);
	}
	if (ret < 0)
		return (int)ret;
	return (size_t)ret == want ? 0 : -EIO;
}

/**
 * mlic_license_plain_init() - the license of a content key
 * @plain: filled in: @key, the right to decrypt, reserved bytes zero
 * @key: the content key
 */
void mlic_license_plain_init(struct mlic_license_plain *plain,
			     const u8 key[MLIC_KEY_SIZE])
{
	memset(plain, 0, sizeof(*plain));
	memcpy(plain->key, key, MLIC_KEY_SIZE);
	plain->rights = cpu_to_le32(MLIC_RIGHT_DECRYPT);
}

/**
 * mlic_slot_seal() - the license record of a slot
 * @lwk: the medium's license-wrap transform (MLIC_HKDF_LICENSE_WRAP)
 * @medium_id: the medium
 * @index: the slot
 * @content_id: the content licensed
 * @plain: the license
 * @nonce: the nonce, random for every record
 * @slot: receives the record
 *
 * Return: 0 or a negative errno.
 */
int mlic_slot_seal(struct mlic_aead *lwk, const u8 medium_id[MLIC_ID_SIZE],
		   u32 index, const u8 content_id[MLIC_ID_SIZE],
		   const struct mlic_license_plain *plain,
		   const u8 nonce[MLIC_NONCE_SIZE], struct mlic_slot *slot)
{
	u8 buf[MLIC_LICENSE_AD_BYTES + sizeof(*plain) + MLIC_TAG_SIZE];
	int ret;

	memset(slot, 0, sizeof(*slot));
	slot->state = cpu_to_le32(MLIC_SLOT_USED);
	memcpy(slot->content_id, content_id, MLIC_ID_SIZE);
	memcpy(slot->nonce, nonce, MLIC_NONCE_SIZE);
	mlic_license_ad(medium_id, index, content_id, buf);
	memcpy(buf + MLIC_LICENSE_AD_BYTES, plain, sizeof(*plain));
	ret = mlic_aead_crypt(lwk, true, buf, MLIC_LICENSE_AD_BYTES,
			      sizeof(*plain), nonce);
	if (!ret)
		memcpy(slot->sealed, buf + MLIC_LICENSE_AD_BYTES,
		       sizeof(slot->sealed));
	else
		memset(slot, 0, sizeof(*slot));
	explicit_bzero(buf, sizeof(buf));
	return ret;
}

/**
 * mlic_slot_open() - open the license record of a slot
 * @lwk: the medium's license-wrap transform
 * @medium_id: the medium
 * @index: the slot the record is in
 * @slot: the record
 * @plain: receives the license; the caller wipes it
 *
 * Return: 0, -EBADMSG if it does not authenticate (altered, moved to
 * another slot or medium, sealed under another key), or a negative errno.
 */
int mlic_slot_open(struct mlic_aead *lwk, const u8 medium_id[MLIC_ID_SIZE],
		   u32 index, const struct mlic_slot *slot,
		   struct mlic_license_plain *plain)
{
	u8 buf[MLIC_LICENSE_AD_BYTES + sizeof(slot->sealed)];
	int ret;

	mlic_license_ad(medium_id, index, slot->content_id, buf);
	memcpy(buf + MLIC_LICENSE_AD_BYTES, slot->sealed, sizeof(slot->sealed));
	ret = mlic_aead_crypt(lwk, false, buf, MLIC_LICENSE_AD_BYTES,
			      sizeof(slot->sealed), slot->nonce);
	if (!ret)
		memcpy(plain, buf + MLIC_LICENSE_AD_BYTES, sizeof(*plain));
	explicit_bzero(buf, sizeof(buf));
	return ret;
}

/**
 * mlic_issued_seal() - an issued license (*.mll) for one medium
 * @ltk: the medium's license-transport transform (MLIC_HKDF_LICENSE_SEND)
 * @medium_id: the medium it installs on
 * @content_id: the content licensed
 * @plain: the license
 * @nonce: the nonce, random for every license
 * @lic: receives the license file's contents
 *
 * Return: 0 or a negative errno.
 */
int mlic_issued_seal(struct mlic_aead *ltk, const u8 medium_id[MLIC_ID_SIZE],
		     const u8 content_id[MLIC_ID_SIZE],
		     const struct mlic_license_plain *plain,
		     const u8 nonce[MLIC_NONCE_SIZE],
		     struct mlic_issued_license *lic)
{
	u8 buf[MLIC_ISSUED_AD_BYTES + sizeof(*plain) + MLIC_TAG_SIZE];
	int ret;

	memset(lic, 0, sizeof(*lic));
	lic->magic = cpu_to_le64(MLIC_ISSUED_MAGIC);
	lic->version = cpu_to_le32(MLIC_FORMAT_VERSION);
	memcpy(lic->medium_id, medium_id, MLIC_ID_SIZE);
	memcpy(lic->content_id, content_id, MLIC_ID_SIZE);
	memcpy(lic->nonce, nonce, MLIC_NONCE_SIZE);
	memcpy(buf, lic, MLIC_ISSUED_AD_BYTES);
	memcpy(buf + MLIC_ISSUED_AD_BYTES, plain, sizeof(*plain));
	ret = mlic_aead_crypt(ltk, true, buf, MLIC_ISSUED_AD_BYTES,
			      sizeof(*plain), nonce);
	if (!ret)
		memcpy(lic->sealed, buf + MLIC_ISSUED_AD_BYTES,
		       sizeof(lic->sealed));
	else
		memset(lic, 0, sizeof(*lic));
	explicit_bzero(buf, sizeof(buf));
	return ret;
}

/**
 * mlic_issued_open() - open an issued license
 * @ltk: the license-transport transform of the medium it names
 * @lic: the license
 * @plain: receives the license; the caller wipes it
 *
 * Return: 0, -EBADMSG if it does not authenticate, or a negative errno.
 */
int mlic_issued_open(struct mlic_aead *ltk,
		     const struct mlic_issued_license *lic,
		     struct mlic_license_plain *plain)
{
	u8 buf[MLIC_ISSUED_AD_BYTES + sizeof(lic->sealed)];
	int ret;

	memcpy(buf, lic, sizeof(buf));
	ret = mlic_aead_crypt(ltk, false, buf, MLIC_ISSUED_AD_BYTES,
			      sizeof(lic->sealed), lic->nonce);
	if (!ret)
		memcpy(plain, buf + MLIC_ISSUED_AD_BYTES, sizeof(*plain));
	explicit_bzero(buf, sizeof(buf));
	return ret;
}

/**
 * mlic_chunk_crypt() - encrypt or decrypt one chunk of a content in place
 * @content_key: the content's transform
 * @encrypt: direction
 * @hdr: the content's header
 * @i: the chunk number
 * @buf: MLIC_CONTENT_AD_BYTES of room for the associated data (filled in
 *	 here), then the chunk as for mlic_aead_crypt()
 * @len: bytes of plaintext to encrypt, of ciphertext and tag to decrypt
 *
 * Return: as mlic_aead_crypt().
 */
int mlic_chunk_crypt(struct mlic_aead *content_key, bool encrypt,
		     const struct mlic_content_header *hdr, u64 i, u8 *buf,
		     u32 len)
{
	u8 iv[MLIC_NONCE_SIZE];

	mlic_content_chunk_ad(hdr, i, buf);
	mlic_content_chunk_iv(hdr, i, iv);
	return mlic_aead_crypt(content_key, encrypt, buf,
			       MLIC_CONTENT_AD_BYTES, len, iv);
}
