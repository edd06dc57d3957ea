// SPDX-License-Identifier: GPL-2.0
/*
 * keys.c - the system key: the one secret the drive shares with the
 * licensing side.
 *
 * Root hands it over as a kernel "logon" key, the key type dm-crypt and
 * fscrypt take keys from: userspace can add it and unlink it, but never read
 * it back.  The driver copies the 32 bytes into its own memory, derives
 * every other key from them with HKDF and a label per purpose, and shows
 * only a fingerprint.  Unloading wipes it and every key derived from it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/algapi.h>
#include <keys/user-type.h>
#include <linux/key.h>
#include <linux/rwsem.h>
#include <linux/string.h>

#include "mlic_private.h"

#define MLIC_KEY_DESC_PREFIX	"mlic:"

static DECLARE_RWSEM(mlic_syskey_sem);
static bool mlic_syskey_loaded;
static u8 mlic_syskey[MLIC_KEY_SIZE];
static u8 mlic_syskey_fpr[MLIC_ID_SIZE];

static int mlic_fingerprint(const u8 key[MLIC_KEY_SIZE],
			    u8 fpr[MLIC_ID_SIZE])
{
	return mlic_hkdf(key, MLIC_KEY_SIZE, NULL, 0,
			 MLIC_HKDF_FINGERPRINT, strlen(MLIC_HKDF_FINGERPRINT),
			 fpr, MLIC_ID_SIZE);
}

/* Copy the payload of logon key @key_id, found in the caller's keyrings. */
static int mlic_read_logon_key(s32 key_id, u8 out[MLIC_KEY_SIZE])
{
	const struct user_key_payload *payload;
	struct key *key;
	key_ref_t ref;
	int err = 0;

	ref = lookup_user_key(key_id, 0, KEY_NEED_SEARCH);
	if (IS_ERR(ref))
		return PTR_ERR(ref);
	key = key_ref_to_ptr(ref);

	down_read(&key->sem);
	if (key->type != &key_type_logon ||
	    strncmp(key->description, MLIC_KEY_DESC_PREFIX,
		    strlen(MLIC_KEY_DESC_PREFIX))) {
		err = -EKEYREJECTED;
	} else {
		payload = user_key_payload_locked(key);
		if (!payload)
			err = -EKEYREVOKED;
		else if (payload->datalen != MLIC_KEY_SIZE)
			err = -EINVAL;
		else
			memcpy(out, payload->data, MLIC_KEY_SIZE);
	}
	up_read(&key->sem);
	key_ref_put(ref);
	return err;
}

/**
 * mlic_syskey_load() - provision the system key
 * @key_id: serial of a logon key "mlic:..." with a 32-byte payload
 *
 * Loading the key that is loaded already changes nothing.  Every attached
 * medium then has its licenses verified and unwrapped.
 *
 * Return: 0, -EEXIST if another key is loaded, -EKEYREJECTED if the key is
 * not an mlic logon key, -EINVAL if it is not 32 bytes, or what the keyring
 * lookup says (-ENOKEY, -EKEYREVOKED, -EACCES...).
 */
int mlic_syskey_load(s32 key_id)
{
	u8 key[MLIC_KEY_SIZE], fpr[MLIC_ID_SIZE];
	bool changed = false;
	int err;

	err = mlic_read_logon_key(key_id, key);
	if (!err)
		err = mlic_fingerprint(key, fpr);
	if (err)
		goto out;

	down_write(&mlic_syskey_sem);
	if (!mlic_syskey_loaded) {
		memcpy(mlic_syskey, key, sizeof(key));
		memcpy(mlic_syskey_fpr, fpr, sizeof(fpr));
		mlic_syskey_loaded = true;
		changed = true;
	} else if (crypto_memneq(mlic_syskey, key, sizeof(key))) {
		err = -EEXIST;
	}
	up_write(&mlic_syskey_sem);

	if (changed) {
		pr_info("system key loaded, fingerprint %*phN\n",
			MLIC_ID_SIZE, fpr);
		mlic_devices_rekey();
	}
out:
	memzero_explicit(key, sizeof(key));
	return err;
}

/**
 * mlic_syskey_unload() - wipe the system key and every key derived from it
 *
 * Return: 0, or -ENOKEY if none is loaded.
 */
int mlic_syskey_unload(void)
{
	bool was_loaded;

	down_write(&mlic_syskey_sem);
	was_loaded = mlic_syskey_loaded;
	memzero_explicit(mlic_syskey, sizeof(mlic_syskey));
	memzero_explicit(mlic_syskey_fpr, sizeof(mlic_syskey_fpr));
	mlic_syskey_loaded = false;
	up_write(&mlic_syskey_sem);
	if (!was_loaded)
		return -ENOKEY;

	pr_info("system key unloaded\n");
	mlic_devices_rekey();
	return 0;
}

/**
 * mlic_syskey_status() - is a system key loaded, and its fingerprint
 * @status: receives MLIC_KEY_LOADED and the fingerprint
 */
void mlic_syskey_status(struct mlic_key_status *status)
{
	down_read(&mlic_syskey_sem);
	if (mlic_syskey_loaded) {
		status->flags |= MLIC_KEY_LOADED;
		memcpy(status->fingerprint, mlic_syskey_fpr, MLIC_ID_SIZE);
	}
	up_read(&mlic_syskey_sem);
}

/**
 * mlic_syskey_derive() - derive a key from the system key
 * @salt: the salt (a medium ID, an apparatus ID...)
 * @salt_len: its length
 * @label: one of the MLIC_HKDF_* labels, naming the key's only purpose
 * @out: receives the key
 * @out_len: its length
 *
 * Return: 0, -ENOKEY if no system key is loaded, or an HKDF error.
 */
int mlic_syskey_derive(const u8 *salt, size_t salt_len, const char *label,
		       u8 *out, size_t out_len)
{
	int err = -ENOKEY;

	down_read(&mlic_syskey_sem);
	if (mlic_syskey_loaded)
		err = mlic_hkdf(mlic_syskey, sizeof(mlic_syskey), salt,
				salt_len, label, strlen(label), out, out_len);
	up_read(&mlic_syskey_sem);
	return err;
}

/**
 * mlic_syskey_exit() - forget the system key at module unload
 */
void mlic_syskey_exit(void)
{
	down_write(&mlic_syskey_sem);
	memzero_explicit(mlic_syskey, sizeof(mlic_syskey));
	mlic_syskey_loaded = false;
	up_write(&mlic_syskey_sem);
}
