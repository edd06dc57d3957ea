// SPDX-License-Identifier: GPL-2.0
/*
 * content.c - decrypting contents with keys that never leave the kernel.
 *
 * MLIC_DECRYPT takes a batch of chunks of a *.mlc file.  Each chunk is
 * copied into one kernel buffer, decrypted there in place and verified;
 * only then is its plaintext copied out, so unverified plaintext never
 * reaches userspace.  The buffer, its scatterlist and the request are set
 * up once per call, not per chunk, and the content's transform is keyed
 * once per license and shared by every caller.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/aead.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "mlic_private.h"

/**
 * struct mlic_chunk_buf - where one chunk is decrypted
 * @data: associated data, then ciphertext and tag, then the nonce
 * @bytes: size of @data
 * @sgt: @data as a scatterlist (it may be vmalloc memory)
 * @req: the AEAD request
 * @wait: completion of @req, for asynchronous implementations
 */
struct mlic_chunk_buf {
	u8 *data;
	size_t bytes;
	struct sg_table sgt;
	struct aead_request *req;
	struct crypto_wait wait;
};

static void mlic_chunk_buf_free(struct mlic_chunk_buf *cb)
{
	if (cb->req)
		aead_request_free(cb->req);
	sg_free_table(&cb->sgt);
	if (cb->data)
		kvfree_sensitive(cb->data, cb->bytes);
}

static int mlic_chunk_buf_init(struct mlic_chunk_buf *cb,
			       struct crypto_aead *tfm, u32 chunk_bytes)
{
	int err;

	memset(cb, 0, sizeof(*cb));
	cb->bytes = MLIC_CONTENT_AD_BYTES + chunk_bytes + MLIC_TAG_SIZE +
		    MLIC_NONCE_SIZE;
	cb->data = kvmalloc(cb->bytes, GFP_KERNEL);
	if (!cb->data)
		return -ENOMEM;
	err = mlic_sg_init(&cb->sgt, cb->data, cb->bytes);
	if (err)
		goto fail;

	err = -ENOMEM;
	cb->req = aead_request_alloc(tfm, GFP_KERNEL);
	if (!cb->req)
		goto fail;
	crypto_init_wait(&cb->wait);
	aead_request_set_callback(cb->req, CRYPTO_TFM_REQ_MAY_BACKLOG |
				  CRYPTO_TFM_REQ_MAY_SLEEP,
				  crypto_req_done, &cb->wait);
	return 0;
fail:
	mlic_chunk_buf_free(cb);
	return err;
}

/* The data path transform of a license, keyed on first use. */
static struct crypto_aead *mlic_content_tfm(struct mlic_license *lic)
{
	struct crypto_aead *tfm = READ_ONCE(lic->tfm), *old;
	int err;

	if (tfm)
		return tfm;
	tfm = crypto_alloc_aead("gcm(aes)", 0, 0);
	if (IS_ERR(tfm))
		return tfm;
	err = crypto_aead_setauthsize(tfm, MLIC_TAG_SIZE) ?:
	      crypto_aead_setkey(tfm, lic->key, MLIC_KEY_SIZE);
	if (err) {
		crypto_free_aead(tfm);
		return ERR_PTR(err);
	}
	old = cmpxchg(&lic->tfm, NULL, tfm);
	if (old) {
		crypto_free_aead(tfm);
		return old;
	}
	return tfm;
}

/* Decrypt chunk @i, copied in from @src, to @dst. */
static int mlic_decrypt_chunk(struct mlic_chunk_buf *cb,
			      const struct mlic_content_header *hdr, u64 i,
			      const u8 __user *src, u8 __user *dst)
{
	u32 plain = mlic_content_chunk_plain(hdr, i);
	u8 *text = cb->data + MLIC_CONTENT_AD_BYTES;
	u8 *iv = cb->data + cb->bytes - MLIC_NONCE_SIZE;
	int err;

	if (copy_from_user(text, src, plain + MLIC_TAG_SIZE))
		return -EFAULT;
	mlic_content_chunk_ad(hdr, i, cb->data);
	mlic_content_chunk_iv(hdr, i, iv);
	aead_request_set_crypt(cb->req, cb->sgt.sgl, cb->sgt.sgl,
			       plain + MLIC_TAG_SIZE, iv);
	aead_request_set_ad(cb->req, MLIC_CONTENT_AD_BYTES);
	err = crypto_wait_req(crypto_aead_decrypt(cb->req), &cb->wait);
	if (err)
		return err;
	if (copy_to_user(dst, text, plain))
		return -EFAULT;
	return 0;
}

/* May this medium decrypt @content_id?  keys_sem held for reading. */
static int mlic_decrypt_allowed(struct mlic_device *dev, const u8 *content_id,
				struct mlic_license **found)
{
	struct mlic_license *lic = NULL;
	u32 i;

	switch (dev->keys_status) {
	case MLIC_KEYS_NONE:
		return -ENXIO;
	case MLIC_KEYS_DAMAGED:
		return -EUCLEAN;
	case MLIC_KEYS_LOCKED:
		return -ENOKEY;
	}
	for (i = 0; i < dev->nr_licenses && !lic; i++)
		if (!memcmp(dev->licenses[i].content_id, content_id,
			    MLIC_ID_SIZE))
			lic = &dev->licenses[i];
	if (!lic)
		return -EACCES;
	if (lic->state == MLIC_SLOT_STATE_DAMAGED)
		return -EKEYREJECTED;
	if (lic->state != MLIC_SLOT_STATE_OK ||
	    !(lic->rights & MLIC_RIGHT_DECRYPT))
		return -EOPNOTSUPP;
	*found = lic;
	return 0;
}

/* Check the request against the content header; sizes it needs. */
static int mlic_decrypt_check(const struct mlic_decrypt *req, u64 *in_bytes,
			      u64 *out_bytes)
{
	const struct mlic_content_header *hdr = &req->header;
	u64 chunks, i, last;
	const char *why;
	int err;

	if (req->flags || req->reserved[0] || req->reserved[1])
		return -EINVAL;
	err = mlic_content_header_check(hdr, &why);
	if (err)
		return err == -EMEDIUMTYPE ? -EINVAL : err;
	chunks = mlic_content_chunks(hdr);
	if (!req->nr_chunks || req->nr_chunks > MLIC_DECRYPT_MAX ||
	    req->first_chunk >= chunks ||
	    req->nr_chunks > chunks - req->first_chunk)
		return -EINVAL;

	/* Every chunk is full but the content's last one. */
	last = req->first_chunk + req->nr_chunks - 1;
	i = mlic_content_chunk_plain(hdr, last);
	*out_bytes = (u64)(req->nr_chunks - 1) *
		     le32_to_cpu(hdr->chunk_bytes) + i;
	*in_bytes = *out_bytes + (u64)req->nr_chunks * MLIC_TAG_SIZE;
	return req->in_bytes == *in_bytes ? 0 : -EINVAL;
}

/**
 * mlic_decrypt() - MLIC_DECRYPT
 * @dev: the device
 * @req: the request; @out_bytes is set to the plaintext written, or to the
 *	 room needed on -EOVERFLOW
 *
 * Return: 0; -EINVAL (malformed request or header), -EOVERFLOW (output too
 * small), -ENXIO (not attached), -EUCLEAN (secure area damaged), -ENOKEY
 * (no system key), -EACCES (no license for this content on this medium),
 * -EKEYREJECTED (the license is damaged), -EOPNOTSUPP (its rights are
 * unknown or do not include decryption), -EBADMSG (a chunk fails to
 * authenticate: altered, reordered, truncated or not this content).
 */
int mlic_decrypt(struct mlic_device *dev, struct mlic_decrypt *req)
{
	const u8 __user *src = u64_to_user_ptr(req->in);
	u8 __user *dst = u64_to_user_ptr(req->out);
	struct mlic_chunk_buf cb;
	struct mlic_license *lic;
	struct crypto_aead *tfm;
	u64 in_bytes, out_bytes, i;
	u32 chunk;
	int err;

	err = mlic_decrypt_check(req, &in_bytes, &out_bytes);
	if (err)
		return err;
	if (req->out_bytes < out_bytes) {
		req->out_bytes = out_bytes;
		return -EOVERFLOW;
	}

	down_read(&dev->keys_sem);
	err = mlic_decrypt_allowed(dev, req->header.content_id, &lic);
	if (err)
		goto out_unlock;
	tfm = mlic_content_tfm(lic);
	if (IS_ERR(tfm)) {
		err = PTR_ERR(tfm);
		goto out_unlock;
	}
	chunk = le32_to_cpu(req->header.chunk_bytes);
	err = mlic_chunk_buf_init(&cb, tfm, chunk);
	if (err)
		goto out_unlock;

	for (i = 0; i < req->nr_chunks && !err; i++) {
		err = mlic_decrypt_chunk(&cb, &req->header,
					 req->first_chunk + i,
					 src + i * (chunk + MLIC_TAG_SIZE),
					 dst + i * chunk);
		if (!err && fatal_signal_pending(current))
			err = -EINTR;
		cond_resched();
	}
	mlic_chunk_buf_free(&cb);
	if (!err)
		req->out_bytes = out_bytes;
out_unlock:
	up_read(&dev->keys_sem);
	return err;
}
