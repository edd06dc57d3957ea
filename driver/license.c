// SPDX-License-Identifier: GPL-2.0
/*
 * license.c - the license records of a medium: verifying and unwrapping
 * them (the patent's "decryption key storage unit"), listing them, and
 * installing issued licenses.
 *
 * A record is the content key and its rights, sealed with AES-256-GCM under
 * the medium's license-wrap key (HKDF of the system key, salted with the
 * medium ID) with the medium ID, the slot and the format version as
 * associated data.  Unwrapped keys exist only in the per-device license
 * table, under keys_sem, and are wiped whenever the table is replaced:
 * at detach, key unload, and every change of the secure area.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/aead.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "mlic_private.h"

/* A record or an issued license, with room for its associated data. */
#define MLIC_SEAL_BUF_BYTES	(MLIC_ISSUED_AD_BYTES + MLIC_LICENSE_PLAIN + \
				 MLIC_TAG_SIZE + MLIC_NONCE_SIZE)

static int mlic_wrap_key(struct mlic_device *dev, const char *label,
			 u8 key[MLIC_KEY_SIZE])
{
	return mlic_syskey_derive(dev->geo.medium_id, MLIC_ID_SIZE, label,
				  key, MLIC_KEY_SIZE);
}

/* Open the record in @slot into @lic; the state says how it went. */
static void mlic_license_open(struct mlic_device *dev, struct crypto_aead *tfm,
			      const struct mlic_slot *slot, u32 index,
			      u8 *buf, struct mlic_license *lic)
{
	const struct mlic_license_plain *plain;
	u8 *iv = buf + MLIC_SEAL_BUF_BYTES - MLIC_NONCE_SIZE;
	int err;

	lic->slot = index;
	memcpy(lic->content_id, slot->content_id, MLIC_ID_SIZE);
	if (!tfm) {
		lic->state = MLIC_SLOT_STATE_LOCKED;
		return;
	}

	mlic_license_ad(dev->geo.medium_id, index, slot->content_id, buf);
	memcpy(buf + MLIC_LICENSE_AD_BYTES, slot->sealed, sizeof(slot->sealed));
	memcpy(iv, slot->nonce, MLIC_NONCE_SIZE);
	err = mlic_aead_seal(tfm, false, buf, MLIC_LICENSE_AD_BYTES,
			     sizeof(slot->sealed), iv);
	plain = (const struct mlic_license_plain *)(buf + MLIC_LICENSE_AD_BYTES);
	if (err) {
		lic->state = MLIC_SLOT_STATE_DAMAGED;
		if (err != -EBADMSG)
			pr_warn("%s: license in slot %u: error %d\n",
				dev->disk->disk_name, index, err);
	} else if (mlic_license_plain_check(plain)) {
		lic->state = MLIC_SLOT_STATE_UNSUPPORTED;
	} else {
		lic->state = MLIC_SLOT_STATE_OK;
		lic->rights = le32_to_cpu(plain->rights);
		memcpy(lic->key, plain->key, MLIC_KEY_SIZE);
	}
	memzero_explicit(buf, MLIC_SEAL_BUF_BYTES);
}

static void mlic_licenses_free(struct mlic_license *lic, u32 nr)
{
	u32 i;

	if (!lic)
		return;
	for (i = 0; i < nr; i++)
		if (lic[i].tfm)
			crypto_free_aead(lic[i].tfm);
	kfree_sensitive(lic);
}

/* Replace the license table of @dev, wiping the old one. */
static void mlic_licenses_swap(struct mlic_device *dev, u32 status,
			       struct mlic_license *lic, u32 nr)
{
	struct mlic_license *old;
	u32 old_nr;

	down_write(&dev->keys_sem);
	old = dev->licenses;
	old_nr = dev->nr_licenses;
	dev->keys_status = status;
	dev->licenses = lic;
	dev->nr_licenses = nr;
	up_write(&dev->keys_sem);
	mlic_licenses_free(old, old_nr);
}

static u32 mlic_medium_state(struct mlic_device *dev)
{
	u32 i;

	if (!dev->secure)
		return MLIC_LICENSE_DAMAGED;
	for (i = 0; i < dev->nr_licenses; i++)
		if (dev->licenses[i].state == MLIC_SLOT_STATE_DAMAGED)
			return MLIC_LICENSE_DAMAGED;
	if (dev->copy_state[0] == MLIC_COPY_REPAIRED ||
	    dev->copy_state[1] == MLIC_COPY_REPAIRED)
		return MLIC_LICENSE_REPAIRED;
	return dev->slots_used ? MLIC_LICENSE_OK : MLIC_LICENSE_EMPTY;
}

/**
 * mlic_license_load() - verify and unwrap every license of a medium
 * @dev: a bound (or binding) device, lock held
 *
 * Without a system key the records are listed as locked.  The previous
 * license table, and every key in it, is wiped.  Sets @license_state.
 *
 * Return: 0 or -ENOMEM; a record that fails is a state, not an error.
 */
int mlic_license_load(struct mlic_device *dev)
{
	u32 status = MLIC_KEYS_DAMAGED;
	struct crypto_aead *tfm = NULL;
	struct mlic_license *lic = NULL;
	u8 key[MLIC_KEY_SIZE];
	u32 i, nr = 0;
	u8 *buf;
	int err;

	buf = kzalloc(MLIC_SEAL_BUF_BYTES, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (dev->secure) {
		lic = kcalloc(dev->slots_used, sizeof(*lic), GFP_KERNEL);
		if (!lic && dev->slots_used) {
			kfree(buf);
			return -ENOMEM;
		}
		status = MLIC_KEYS_LOCKED;
		err = mlic_wrap_key(dev, MLIC_HKDF_LICENSE_WRAP, key);
		if (!err) {
			tfm = mlic_aead_alloc(key);
			if (IS_ERR(tfm)) {
				pr_warn("%s: cannot verify licenses: %ld\n",
					dev->disk->disk_name, PTR_ERR(tfm));
				tfm = NULL;
			} else {
				status = MLIC_KEYS_READY;
			}
		}
		memzero_explicit(key, sizeof(key));
		for (i = 0; i < dev->geo.slot_count; i++) {
			const struct mlic_slot *slot =
				mlic_secure_slot(dev->secure, i);

			if (le32_to_cpu(slot->state) != MLIC_SLOT_USED)
				continue;
			mlic_license_open(dev, tfm, slot, i, buf, &lic[nr++]);
		}
		if (tfm)
			crypto_free_aead(tfm);
	}
	kfree(buf);
	mlic_licenses_swap(dev, status, lic, nr);
	dev->license_state = mlic_medium_state(dev);
	return 0;
}

/**
 * mlic_license_verify() - does every record of a secure copy authenticate?
 * @dev: the device the copy is for, lock held
 * @copy: the secure copy, slots in place
 *
 * Used before a restore writes anything: a record that fails to open
 * under this medium's license-wrap key must not reach the secure area.
 *
 * Return: 0, -ENOKEY without a system key, -EBADMSG if a record fails,
 * -ENOMEM.
 */
int mlic_license_verify(struct mlic_device *dev, const void *copy)
{
	struct mlic_license *lic;
	struct crypto_aead *tfm;
	u8 key[MLIC_KEY_SIZE];
	u8 *buf;
	u32 i;
	int err;

	err = mlic_wrap_key(dev, MLIC_HKDF_LICENSE_WRAP, key);
	if (err)
		return err;
	tfm = mlic_aead_alloc(key);
	memzero_explicit(key, sizeof(key));
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	buf = kzalloc(MLIC_SEAL_BUF_BYTES, GFP_KERNEL);
	lic = kzalloc(sizeof(*lic), GFP_KERNEL);
	err = buf && lic ? 0 : -ENOMEM;
	for (i = 0; !err && i < dev->geo.slot_count; i++) {
		const struct mlic_slot *slot = mlic_secure_slot(copy, i);

		if (le32_to_cpu(slot->state) != MLIC_SLOT_USED)
			continue;
		mlic_license_open(dev, tfm, slot, i, buf, lic);
		if (lic->state == MLIC_SLOT_STATE_DAMAGED)
			err = -EBADMSG;
	}
	kfree_sensitive(lic);
	kfree(buf);
	crypto_free_aead(tfm);
	return err;
}

/**
 * mlic_license_unload() - wipe every unwrapped key of a medium
 * @dev: the device, lock held
 */
void mlic_license_unload(struct mlic_device *dev)
{
	mlic_licenses_swap(dev, MLIC_KEYS_NONE, NULL, 0);
}

/**
 * mlic_license_list() - MLIC_GET_LICENSES
 * @dev: the device
 * @req: the request; @count is updated
 *
 * Return: 0, -ENXIO if nothing is attached, -EOVERFLOW if @req has room
 * for fewer entries than there are licenses, or -EFAULT.
 */
int mlic_license_list(struct mlic_device *dev, struct mlic_licenses *req)
{
	struct mlic_license_entry *out = NULL;
	u32 i, nr;
	int err;

	err = mutex_lock_killable(&dev->lock);
	if (err)
		return err;
	if (dev->state != MLIC_BOUND) {
		err = -ENXIO;
		goto out_unlock;
	}
	down_read(&dev->keys_sem);
	nr = dev->nr_licenses;
	if (nr > req->count) {
		err = -EOVERFLOW;
	} else if (nr) {
		out = kcalloc(nr, sizeof(*out), GFP_KERNEL);
		if (!out)
			err = -ENOMEM;
	}
	for (i = 0; out && i < nr; i++) {
		out[i].slot = dev->licenses[i].slot;
		out[i].state = dev->licenses[i].state;
		out[i].rights = dev->licenses[i].rights;
		memcpy(out[i].content_id, dev->licenses[i].content_id,
		       MLIC_ID_SIZE);
	}
	up_read(&dev->keys_sem);
	req->count = nr;
out_unlock:
	mutex_unlock(&dev->lock);

	if (!err && nr &&
	    copy_to_user(u64_to_user_ptr(req->entries), out,
			 array_size(nr, sizeof(*out))))
		err = -EFAULT;
	kfree(out);
	return err;
}

/* Open an issued license sealed for this medium. */
static int mlic_issued_open(struct mlic_device *dev,
			    const struct mlic_issued_license *issued,
			    struct mlic_license_plain *plain)
{
	u8 key[MLIC_KEY_SIZE];
	u8 *buf, *iv;
	int err;

	buf = kmalloc(MLIC_SEAL_BUF_BYTES, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	iv = buf + MLIC_SEAL_BUF_BYTES - MLIC_NONCE_SIZE;
	memcpy(buf, issued, MLIC_ISSUED_AD_BYTES + sizeof(issued->sealed));
	memcpy(iv, issued->nonce, MLIC_NONCE_SIZE);

	err = mlic_wrap_key(dev, MLIC_HKDF_LICENSE_SEND, key);
	if (!err)
		err = mlic_aead_seal_key(key, false, buf, MLIC_ISSUED_AD_BYTES,
					 sizeof(issued->sealed), iv);
	memzero_explicit(key, sizeof(key));
	if (!err) {
		memcpy(plain, buf + MLIC_ISSUED_AD_BYTES, sizeof(*plain));
		err = mlic_license_plain_check(plain);
	}
	kfree_sensitive(buf);
	return err;
}

/* Seal @plain for @content_id into slot @index of the secure copy @copy. */
static int mlic_license_seal(struct mlic_device *dev, void *copy, u32 index,
			     const u8 *content_id,
			     const struct mlic_license_plain *plain)
{
	struct mlic_slot *slot = mlic_secure_slot_mut(copy, index);
	u8 key[MLIC_KEY_SIZE];
	u8 *buf, *iv;
	int err;

	buf = kzalloc(MLIC_SEAL_BUF_BYTES, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memset(slot, 0, sizeof(*slot));
	slot->state = cpu_to_le32(MLIC_SLOT_USED);
	memcpy(slot->content_id, content_id, MLIC_ID_SIZE);
	get_random_bytes(slot->nonce, MLIC_NONCE_SIZE);
	iv = buf + MLIC_SEAL_BUF_BYTES - MLIC_NONCE_SIZE;
	memcpy(iv, slot->nonce, MLIC_NONCE_SIZE);
	mlic_license_ad(dev->geo.medium_id, index, content_id, buf);
	memcpy(buf + MLIC_LICENSE_AD_BYTES, plain, sizeof(*plain));

	err = mlic_wrap_key(dev, MLIC_HKDF_LICENSE_WRAP, key);
	if (!err)
		err = mlic_aead_seal_key(key, true, buf, MLIC_LICENSE_AD_BYTES,
					 sizeof(*plain), iv);
	memzero_explicit(key, sizeof(key));
	if (!err)
		memcpy(slot->sealed, buf + MLIC_LICENSE_AD_BYTES,
		       sizeof(slot->sealed));
	kfree_sensitive(buf);
	return err;
}

/*
 * Where a license for @content_id goes: the slot of an existing license
 * for it that is damaged (a reissued license repairs it), else the first
 * free slot.  -EEXIST if a good license for it is installed already.
 */
static int mlic_license_place(struct mlic_device *dev, const u8 *content_id,
			      u32 *index)
{
	u32 i;

	for (i = 0; i < dev->nr_licenses; i++) {
		const struct mlic_license *lic = &dev->licenses[i];

		if (memcmp(lic->content_id, content_id, MLIC_ID_SIZE))
			continue;
		*index = lic->slot;
		return lic->state == MLIC_SLOT_STATE_DAMAGED ? 0 : -EEXIST;
	}
	for (i = 0; i < dev->geo.slot_count; i++) {
		if (le32_to_cpu(mlic_secure_slot(dev->secure, i)->state) ==
		    MLIC_SLOT_FREE) {
			*index = i;
			return 0;
		}
	}
	return -ENOSPC;
}

/**
 * mlic_license_install() - MLIC_INSTALL_LICENSE
 * @dev: the device
 * @req: the request; @slot is set on success and on -EEXIST
 *
 * Verifies that the license was issued for this medium and authenticates
 * it before anything is written; then seals it into a slot and commits the
 * secure area crash-safely (see mlic_secure_commit()).
 *
 * Return: 0, -ENXIO (not attached), -EROFS (read-only medium), -EUCLEAN
 * (secure area damaged: restore a backup first), -EXDEV (issued for another
 * medium), -ENOKEY (no system key), -EBADMSG (forged or altered), -EEXIST
 * (installed already), -ENOSPC (no free slot), or a format error.
 */
int mlic_license_install(struct mlic_device *dev,
			 struct mlic_install_license *req)
{
	const struct mlic_issued_license *issued = &req->license;
	struct mlic_license_plain *plain;
	size_t copy_bytes = 0;
	const char *why;
	void *copy = NULL;
	u32 index;
	int err;

	err = mlic_issued_check(issued, &why);
	if (err)
		return err == -EMEDIUMTYPE ? -EINVAL : err;
	plain = kzalloc(sizeof(*plain), GFP_KERNEL);
	if (!plain)
		return -ENOMEM;

	err = mutex_lock_killable(&dev->lock);
	if (err)
		goto out_free;
	if (dev->state != MLIC_BOUND)
		err = -ENXIO;
	else if (dev->read_only)
		err = -EROFS;
	else if (!dev->secure)
		err = -EUCLEAN;
	else if (memcmp(issued->medium_id, dev->geo.medium_id, MLIC_ID_SIZE))
		err = -EXDEV;
	if (err)
		goto out_unlock;

	err = mlic_issued_open(dev, issued, plain);
	if (err)
		goto out_unlock;
	err = mlic_license_place(dev, issued->content_id, &index);
	req->slot = index;
	if (err)
		goto out_unlock;

	err = -ENOMEM;
	copy_bytes = dev->geo.copy_bytes;
	copy = kvmalloc(copy_bytes, GFP_KERNEL);
	if (!copy)
		goto out_unlock;
	memcpy(copy, dev->secure, copy_bytes);
	err = mlic_license_seal(dev, copy, index, issued->content_id, plain);
	if (!err)
		err = mlic_secure_commit(dev, &copy, dev->generation + 1);
	if (!err) {
		pr_info("%s: license for content %*phN installed in slot %u\n",
			dev->disk->disk_name, MLIC_ID_SIZE, issued->content_id,
			index);
		err = mlic_license_load(dev);
	}
out_unlock:
	mutex_unlock(&dev->lock);
	if (copy)
		kvfree_sensitive(copy, copy_bytes);
out_free:
	kfree_sensitive(plain);
	return err;
}
