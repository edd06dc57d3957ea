// SPDX-License-Identifier: GPL-2.0
/*
 * aead.c - AES-256-GCM for the driver's control paths, on buffers of any
 * size and origin.
 *
 * License records, issued licenses and backups are sealed and opened in
 * place in kernel buffers: the associated data, then the text, then room
 * for the tag.  Control paths use synchronous, CPU-only transforms, keyed
 * with a key that exists only for the operation.
 */
#include <crypto/aead.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/vmalloc.h>

#include "mlic_private.h"

/**
 * mlic_sg_init() - map a kernel buffer, kmalloc or vmalloc, as a scatterlist
 * @sgt: the table to allocate and fill, freed with sg_free_table()
 * @buf: the buffer
 * @len: its length
 *
 * Return: 0 or -ENOMEM.
 */
int mlic_sg_init(struct sg_table *sgt, void *buf, size_t len)
{
	unsigned int i, nents;
	struct scatterlist *sg;
	u8 *p = buf;
	int err;

	/* One entry per page: a vmalloc buffer is not contiguous. */
	nents = DIV_ROUND_UP(offset_in_page(buf) + len, PAGE_SIZE);
	err = sg_alloc_table(sgt, nents, GFP_KERNEL);
	if (err)
		return err;
	for_each_sg(sgt->sgl, sg, nents, i) {
		size_t n = min_t(size_t, len, PAGE_SIZE - offset_in_page(p));

		sg_set_page(sg, is_vmalloc_addr(p) ? vmalloc_to_page(p) :
			    virt_to_page(p), n, offset_in_page(p));
		p += n;
		len -= n;
	}
	return 0;
}

/**
 * mlic_aead_alloc() - a synchronous AES-256-GCM transform for a control path
 * @key: its 32-byte key
 *
 * Return: the keyed transform, or an ERR_PTR().
 */
struct crypto_aead *mlic_aead_alloc(const u8 *key)
{
	struct crypto_aead *tfm;
	int err;

	tfm = crypto_alloc_aead("gcm(aes)", 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(tfm))
		return tfm;
	err = crypto_aead_setauthsize(tfm, MLIC_TAG_SIZE) ?:
	      crypto_aead_setkey(tfm, key, MLIC_KEY_SIZE);
	if (err) {
		crypto_free_aead(tfm);
		return ERR_PTR(err);
	}
	return tfm;
}

/**
 * mlic_aead_seal() - encrypt or decrypt a buffer in place
 * @tfm: a synchronous transform from mlic_aead_alloc()
 * @encrypt: direction
 * @buf: associated data, then the text (and, to decrypt, its tag); to
 *	 encrypt it must have room for the tag after the text
 * @ad_len: bytes of associated data
 * @len: bytes of plaintext to encrypt, or of ciphertext and tag to decrypt
 * @iv: the 12-byte nonce, in kernel memory
 *
 * Return: 0, -EBADMSG if decryption fails to authenticate, or an error.
 */
int mlic_aead_seal(struct crypto_aead *tfm, bool encrypt, void *buf,
		   unsigned int ad_len, unsigned int len, u8 *iv)
{
	struct aead_request *req;
	struct sg_table sgt;
	int err;

	err = mlic_sg_init(&sgt, buf, ad_len + len +
			   (encrypt ? MLIC_TAG_SIZE : 0));
	if (err)
		return err;
	req = aead_request_alloc(tfm, GFP_KERNEL);
	if (!req) {
		sg_free_table(&sgt);
		return -ENOMEM;
	}
	aead_request_set_callback(req, 0, NULL, NULL);
	aead_request_set_crypt(req, sgt.sgl, sgt.sgl, len, iv);
	aead_request_set_ad(req, ad_len);
	err = encrypt ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
	aead_request_free(req);
	sg_free_table(&sgt);
	return err;
}

/**
 * mlic_aead_seal_key() - mlic_aead_seal() with a key used only for this
 * @key: the 32-byte key
 * @encrypt: direction
 * @buf: as for mlic_aead_seal()
 * @ad_len: as for mlic_aead_seal()
 * @len: as for mlic_aead_seal()
 * @iv: as for mlic_aead_seal()
 *
 * Return: as mlic_aead_seal(), or the error of allocating the transform.
 */
int mlic_aead_seal_key(const u8 *key, bool encrypt, void *buf,
		       unsigned int ad_len, unsigned int len, u8 *iv)
{
	struct crypto_aead *tfm = mlic_aead_alloc(key);
	int err;

	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	err = mlic_aead_seal(tfm, encrypt, buf, ad_len, len, iv);
	crypto_free_aead(tfm);
	return err;
}
