// SPDX-License-Identifier: GPL-2.0
/*
 * hkdf.c - HKDF-SHA256 (RFC 5869) over the kernel's hmac(sha256).
 *
 * Every key mlic uses is derived from the system key with its own label, so
 * that no key ever serves two purposes.  The kernel gained crypto/hkdf.c
 * only in 6.15; this is the same construction for the kernels mlic
 * supports.  A transform is allocated per derivation: derivations happen at
 * attach, key load and license installation, never on the data path, and
 * freeing the transform wipes the keyed HMAC state.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/hash.h>
#include <linux/string.h>

#include "mlic_private.h"

#define MLIC_HASH_BYTES	32

static int mlic_hmac(struct crypto_shash *tfm, const u8 *key, size_t key_len,
		     const u8 *a, size_t a_len, const u8 *b, size_t b_len,
		     const u8 *c, size_t c_len, u8 out[MLIC_HASH_BYTES])
{
	SHASH_DESC_ON_STACK(desc, tfm);
	int err;

	err = crypto_shash_setkey(tfm, key, key_len);
	if (err)
		return err;
	desc->tfm = tfm;
	err = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, a, a_len) ?:
	      crypto_shash_update(desc, b, b_len) ?:
	      crypto_shash_update(desc, c, c_len) ?:
	      crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return err;
}

/**
 * mlic_hkdf() - HKDF-SHA256 extract and expand
 * @ikm: input keying material
 * @ikm_len: its length
 * @salt: salt, or NULL for none (RFC 5869: 32 zero bytes)
 * @salt_len: its length
 * @info: context and application specific information
 * @info_len: its length
 * @okm: receives the output keying material
 * @okm_len: how much, at most 255 * 32 bytes
 *
 * Return: 0 or a negative errno; @okm is zeroed on failure.
 */
int mlic_hkdf(const u8 *ikm, size_t ikm_len, const u8 *salt, size_t salt_len,
	      const u8 *info, size_t info_len, u8 *okm, size_t okm_len)
{
	static const u8 zero_salt[MLIC_HASH_BYTES];
	u8 prk[MLIC_HASH_BYTES], t[MLIC_HASH_BYTES];
	struct crypto_shash *tfm;
	size_t done, t_len = 0;
	u8 counter;
	int err;

	if (okm_len > 255 * MLIC_HASH_BYTES)
		return -EINVAL;
	if (!salt || !salt_len) {
		salt = zero_salt;
		salt_len = sizeof(zero_salt);
	}
	tfm = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);

	/* Extract: PRK = HMAC(salt, IKM) */
	err = mlic_hmac(tfm, salt, salt_len, ikm, ikm_len, NULL, 0, NULL, 0,
			prk);
	/* Expand: T(n) = HMAC(PRK, T(n-1) | info | n) */
	for (done = 0, counter = 1; !err && done < okm_len; counter++) {
		err = mlic_hmac(tfm, prk, sizeof(prk), t, t_len, info,
				info_len, &counter, 1, t);
		t_len = sizeof(t);
		if (!err) {
			memcpy(okm + done, t, min(okm_len - done, t_len));
			done += min(okm_len - done, t_len);
		}
	}
	crypto_free_shash(tfm);
	memzero_explicit(prk, sizeof(prk));
	memzero_explicit(t, sizeof(t));
	if (err)
		memzero_explicit(okm, okm_len);
	return err;
}

/* RFC 5869, appendix A, test cases 1 and 3. */
static const struct {
	u8 ikm[22];
	u8 salt[13];
	size_t salt_len;
	u8 info[10];
	size_t info_len;
	u8 okm[42];
} mlic_hkdf_vectors[] = {
	{
		.ikm = { [0 ... 21] = 0x0b },
		.salt = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
			  0x08, 0x09, 0x0a, 0x0b, 0x0c },
		.salt_len = 13,
		.info = { 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
			  0xf8, 0xf9 },
		.info_len = 10,
		.okm = { 0x3c, 0xb2, 0x5f, 0x25, 0xfa, 0xac, 0xd5, 0x7a,
			 0x90, 0x43, 0x4f, 0x64, 0xd0, 0x36, 0x2f, 0x2a,
			 0x2d, 0x2d, 0x0a, 0x90, 0xcf, 0x1a, 0x5a, 0x4c,
			 0x5d, 0xb0, 0x2d, 0x56, 0xec, 0xc4, 0xc5, 0xbf,
			 0x34, 0x00, 0x72, 0x08, 0xd5, 0xb8, 0x87, 0x18,
			 0x58, 0x65 },
	}, {
		.ikm = { [0 ... 21] = 0x0b },
		.okm = { 0x8d, 0xa4, 0xe7, 0x75, 0xa5, 0x63, 0xc1, 0x8f,
			 0x71, 0x5f, 0x80, 0x2a, 0x06, 0x3c, 0x5a, 0x31,
			 0xb8, 0xa1, 0x1f, 0x5c, 0x5e, 0xe1, 0x87, 0x9e,
			 0xc3, 0x45, 0x4e, 0x5f, 0x3c, 0x73, 0x8d, 0x2d,
			 0x9d, 0x20, 0x13, 0x95, 0xfa, 0xa4, 0xb6, 0x1a,
			 0x96, 0xc8 },
	},
};

/**
 * mlic_hkdf_selftest() - check mlic_hkdf() against RFC 5869
 *
 * Run at module load: a driver whose key derivation is wrong would seal
 * licenses nobody else can open.
 *
 * Return: 0, or -ELIBBAD if a vector does not match.
 */
int mlic_hkdf_selftest(void)
{
	u8 okm[sizeof(mlic_hkdf_vectors[0].okm)];
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(mlic_hkdf_vectors); i++) {
		err = mlic_hkdf(mlic_hkdf_vectors[i].ikm,
				sizeof(mlic_hkdf_vectors[i].ikm),
				mlic_hkdf_vectors[i].salt,
				mlic_hkdf_vectors[i].salt_len,
				mlic_hkdf_vectors[i].info,
				mlic_hkdf_vectors[i].info_len, okm, sizeof(okm));
		if (err)
			return err;
		if (memcmp(okm, mlic_hkdf_vectors[i].okm, sizeof(okm))) {
			pr_err("HKDF-SHA256 self-test %zu failed\n", i + 1);
			return -ELIBBAD;
		}
	}
	return 0;
}
