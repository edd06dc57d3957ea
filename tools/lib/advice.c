// SPDX-License-Identifier: GPL-2.0
/*
 * advice.c - what to tell people when an errno comes back, beyond
 * strerror(): the same errno means different things from the control
 * device, from a medium device or from a plain file.  Where strerror()
 * would mislead ("Bad message" for a forged license), a reason replaces
 * it; advice follows on a line of its own.
 */
#include "cli.h"

/* What to say for an errno from a context. */
struct advice {
	enum mlic_errctx ctx;
	int err;
	const char *text;
};

#define NEEDS_ROOT	"this needs root (CAP_SYS_ADMIN)"
#define NOT_LOADED	"the mlic module is not loaded; try 'modprobe mlic'"
#define TOO_OLD		"not an mlic device, or the mlic driver is too old " \
			"for this tool"
#define CONTROL_TOO_OLD	MLIC_CONTROL_PATH " is not the mlic control device, " \
			"or the mlic driver is too old for this tool"
#define LOAD_KEY	"root loads it with 'mlicctl key load FILE'"
#define SECURE_DAMAGED	"the secure area of the medium is damaged"
#define NEEDS_AF_ALG	"mlic-master runs its cryptography in the kernel: it " \
			"needs CONFIG_CRYPTO_USER_API_AEAD and " \
			"CONFIG_CRYPTO_USER_API_HASH (modules af_alg, " \
			"algif_aead, algif_hash) and gcm(aes), hmac(sha256) " \
			"(modules gcm, ghash_generic, aes_generic, " \
			"sha256_generic, hmac)"
#define NEEDS_KEYS	"the kernel needs CONFIG_KEYS"
#define SET_APPARATUS	"load mlic with the module parameter apparatus_id=" \
			"(32 hex digits), e.g. in /etc/modprobe.d/mlic.conf"
#define BIND_DRIVE_WHERE "write it to a disk that reports a serial or WWID " \
			"(virtio with a serial, SCSI, NVMe) or to a mounted " \
			"mlic medium"

static const struct advice advice_table[] = {
	{ MLIC_ERR_CONTROL, ENOENT, NOT_LOADED },
	{ MLIC_ERR_CONTROL, ENODEV, NOT_LOADED },
	{ MLIC_ERR_CONTROL, ENXIO, NOT_LOADED },
	{ MLIC_ERR_CONTROL, EPERM, NEEDS_ROOT },
	{ MLIC_ERR_CONTROL, EACCES, NEEDS_ROOT },
	{ MLIC_ERR_CONTROL, ENOTTY, CONTROL_TOO_OLD },
	{ MLIC_ERR_CONTROL, ENOSPC,
	  "every mlic device number is taken; detach media you do not "
	  "use ('mlicctl list')" },
	{ MLIC_ERR_DEVICE, ENOENT,
	  "no such device; is the mlic module loaded? "
	  "'mlicctl list' shows the attached media" },
	{ MLIC_ERR_DEVICE, ENXIO, "no medium is attached to this device" },
	{ MLIC_ERR_DEVICE, ENODEV, "no medium is attached to this device" },
	{ MLIC_ERR_DEVICE, EPERM, NEEDS_ROOT },
	{ MLIC_ERR_DEVICE, EACCES, NEEDS_ROOT },
	{ MLIC_ERR_DEVICE, ENOTTY, TOO_OLD },
	{ MLIC_ERR_DEVICE, EBUSY, "the device is open or mounted" },
	{ MLIC_ERR_ATTACH, EPERM, NEEDS_ROOT },
	{ MLIC_ERR_ATTACH, EACCES, NEEDS_ROOT },
	{ MLIC_ERR_ATTACH, EROFS,
	  "the image cannot be written; attach it read-only with -r" },
	{ MLIC_ERR_ATTACH, EBUSY,
	  "the image is in use: is it attached already? "
	  "'mlicctl list' shows the attached media" },
	{ MLIC_ERR_ATTACH, EAGAIN,
	  "other processes kept taking the free devices; try again" },
	{ MLIC_ERR_ATTACH, ENOTTY, TOO_OLD },
	{ MLIC_ERR_FILE, EEXIST,
	  "refusing to overwrite it; remove it or choose another name" },
	{ MLIC_ERR_FILE, EROFS, "the file system is read-only" },
	{ MLIC_ERR_KEY, EEXIST,
	  "unload it first with 'mlicctl key unload'" },
	{ MLIC_ERR_KEY, EKEYREJECTED,
	  "the driver takes a 32-byte logon key named mlic:..." },
	{ MLIC_ERR_KEY, EPERM, NEEDS_ROOT },
	{ MLIC_ERR_KEY, EACCES, NEEDS_ROOT },
	{ MLIC_ERR_KEY, ENOTTY, CONTROL_TOO_OLD },
	{ MLIC_ERR_KEY, ENODEV, NEEDS_KEYS },
	{ MLIC_ERR_KEY, ENOSYS, NEEDS_KEYS },
	{ MLIC_ERR_KEY, EDQUOT,
	  "this user's key quota is used up (see /proc/key-users)" },
	{ MLIC_ERR_LICENSE, EXDEV,
	  "a license installs only on the medium it was issued for" },
	{ MLIC_ERR_LICENSE, EBADMSG,
	  "it is forged or damaged, or was issued under another system key" },
	{ MLIC_ERR_LICENSE, ENOSPC,
	  "every license slot of this medium is in use" },
	{ MLIC_ERR_LICENSE, ENOKEY, LOAD_KEY },
	{ MLIC_ERR_LICENSE, EUCLEAN, "restore a backup first" },
	{ MLIC_ERR_LICENSE, EROFS,
	  "detach it and attach it again without -r" },
	{ MLIC_ERR_LICENSE, EOPNOTSUPP,
	  "it may come from a newer mlic-master" },
	{ MLIC_ERR_LICENSE, EPERM, NEEDS_ROOT },
	{ MLIC_ERR_LICENSE, EACCES, NEEDS_ROOT },
	{ MLIC_ERR_LICENSE, ENXIO, "no medium is attached to this device" },
	{ MLIC_ERR_LICENSE, ENOTTY, TOO_OLD },
	{ MLIC_ERR_DECRYPT, ENOKEY, LOAD_KEY },
	{ MLIC_ERR_DECRYPT, EACCES,
	  "install one with 'mlicctl install-license DEV FILE.mll'" },
	{ MLIC_ERR_DECRYPT, EKEYREJECTED,
	  "restore a backup or reinstall the license" },
	{ MLIC_ERR_DECRYPT, EUCLEAN, "restore a backup" },
	{ MLIC_ERR_DECRYPT, EOPNOTSUPP,
	  "its rights do not include decryption, or this driver does not "
	  "know them" },
	{ MLIC_ERR_DECRYPT, ENXIO, "no medium is attached to this device" },
	{ MLIC_ERR_DECRYPT, ENOTTY, TOO_OLD },
	{ MLIC_ERR_DECRYPT, EINVAL,
	  "the driver and the tools may differ in version" },
	{ MLIC_ERR_BACKUP, EBADMSG,
	  "use another backup; this one was altered, or sealed under another "
	  "system key" },
	{ MLIC_ERR_BACKUP, EXDEV,
	  "a backup restores only on its own medium, and only on the "
	  "apparatus or from the drive it is bound to" },
	{ MLIC_ERR_BACKUP, EOPNOTSUPP, "use a newer mlic" },
	{ MLIC_ERR_BACKUP, ENODATA, SET_APPARATUS },
	{ MLIC_ERR_BACKUP, ENOKEY, LOAD_KEY },
	{ MLIC_ERR_BACKUP, EROFS, "detach it and attach it again without -r" },
	{ MLIC_ERR_BACKUP, EUCLEAN,
	  "there is nothing valid to back up; restore an older backup" },
	{ MLIC_ERR_BACKUP, ENOTBLK, BIND_DRIVE_WHERE },
	{ MLIC_ERR_BACKUP, EINVAL,
	  "the driver and the tools may differ in version" },
	{ MLIC_ERR_BACKUP, EPERM, NEEDS_ROOT },
	{ MLIC_ERR_BACKUP, EACCES, NEEDS_ROOT },
	{ MLIC_ERR_BACKUP, ENXIO, "no medium is attached to this device" },
	{ MLIC_ERR_BACKUP, ENOTTY, TOO_OLD },
	{ MLIC_ERR_CRYPTO, EAFNOSUPPORT, NEEDS_AF_ALG },
	{ MLIC_ERR_CRYPTO, EOPNOTSUPP, NEEDS_AF_ALG },
	{ MLIC_ERR_CRYPTO, ENOENT, NEEDS_AF_ALG },
	{ MLIC_ERR_CRYPTO, EPROTONOSUPPORT,
	  "libkcapi asks the kernel about algorithms over NETLINK_CRYPTO: "
	  "it needs CONFIG_CRYPTO_USER (module crypto_user)" },
};

/* Where strerror() would mislead, what to say instead. */
static const struct advice reason_table[] = {
	{ MLIC_ERR_KEY, EEXIST, "another system key is loaded" },
	{ MLIC_ERR_KEY, ENOKEY, "no system key is loaded" },
	{ MLIC_ERR_KEY, EKEYREJECTED, "the driver refused the key" },
	{ MLIC_ERR_KEY, ENODEV, "the kernel has no logon key type" },
	{ MLIC_ERR_KEY, ENOSYS, "the kernel has no key retention service" },
	{ MLIC_ERR_LICENSE, EXDEV, "the license was issued for another "
	  "medium" },
	{ MLIC_ERR_LICENSE, EBADMSG, "the license does not authenticate" },
	{ MLIC_ERR_LICENSE, ENOSPC, "no free license slot" },
	{ MLIC_ERR_LICENSE, ENOKEY, "no system key is loaded" },
	{ MLIC_ERR_LICENSE, EUCLEAN, SECURE_DAMAGED },
	{ MLIC_ERR_LICENSE, EROFS, "the medium is attached read-only" },
	{ MLIC_ERR_LICENSE, EOPNOTSUPP, "the license has rights or a format "
	  "this driver does not know" },
	{ MLIC_ERR_DECRYPT, ENOKEY, "no system key is loaded" },
	{ MLIC_ERR_DECRYPT, EACCES, "no license for this content on this "
	  "medium" },
	{ MLIC_ERR_DECRYPT, EKEYREJECTED, "the license for this content is "
	  "damaged" },
	{ MLIC_ERR_DECRYPT, EUCLEAN, SECURE_DAMAGED },
	{ MLIC_ERR_DECRYPT, EOPNOTSUPP, "the license does not allow "
	  "decrypting this content" },
	{ MLIC_ERR_DECRYPT, EBADMSG, "a chunk fails authentication" },
	{ MLIC_ERR_DECRYPT, EINVAL, "the driver refused the request" },
	{ MLIC_ERR_BACKUP, EBADMSG, "backup is damaged (authentication "
	  "failed)" },
	{ MLIC_ERR_BACKUP, EXDEV, "backup belongs to another medium, "
	  "apparatus or drive" },
	{ MLIC_ERR_BACKUP, EOPNOTSUPP, "unsupported backup version" },
	{ MLIC_ERR_BACKUP, ENODATA, "this drive has no apparatus ID" },
	{ MLIC_ERR_BACKUP, ENOKEY, "no system key is loaded" },
	{ MLIC_ERR_BACKUP, EROFS, "medium is read-only" },
	{ MLIC_ERR_BACKUP, EUCLEAN, "secure area damaged" },
	{ MLIC_ERR_BACKUP, ENOTBLK, "--bind-drive cannot bind to this file's "
	  "drive: its file system has no block device" },
	{ MLIC_ERR_BACKUP, EINVAL, "the driver refused the request" },
	{ MLIC_ERR_CRYPTO, EAFNOSUPPORT, "the kernel crypto user API "
	  "(AF_ALG) is missing" },
	{ MLIC_ERR_CRYPTO, EOPNOTSUPP, "the kernel crypto user API (AF_ALG) "
	  "is missing" },
	{ MLIC_ERR_CRYPTO, ENOENT, "the kernel lacks gcm(aes) or "
	  "hmac(sha256) for AF_ALG" },
	{ MLIC_ERR_CRYPTO, EPROTONOSUPPORT, "the kernel does not describe "
	  "its algorithms (no NETLINK_CRYPTO)" },
};

static const char *lookup(const struct advice *table, size_t n,
			  enum mlic_errctx ctx, int err)
{
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < n; i++)
		if (table[i].ctx == ctx && table[i].err == err)
			return table[i].text;
	return NULL;
}

/**
 * mlic_advice() - advice for an errno in a context
 * @ctx: where the error came from
 * @err: the errno, positive or negative
 *
 * Return: one line of advice, or NULL when strerror() says it all.
 */
const char *mlic_advice(enum mlic_errctx ctx, int err)
{
	return lookup(advice_table, ARRAY_SIZE(advice_table), ctx, err);
}

/**
 * mlic_reason() - what to say for an errno in a context, if not strerror()
 * @ctx: where the error came from
 * @err: the errno, positive or negative
 *
 * Return: a reason, or NULL when strerror() says it right.
 */
const char *mlic_reason(enum mlic_errctx ctx, int err)
{
	return lookup(reason_table, ARRAY_SIZE(reason_table), ctx, err);
}

/**
 * mlic_errno_is_format() - whether an errno is how the driver refuses an
 * image whose format it does not accept
 * @err: the errno, positive or negative
 *
 * Return: true for EINVAL, EBADMSG, EMEDIUMTYPE and EOPNOTSUPP, the errnos
 * of mlic_medium_header_check().
 */
bool mlic_errno_is_format(int err)
{
	if (err < 0)
		err = -err;
	return err == EINVAL || err == EBADMSG || err == EMEDIUMTYPE ||
	       err == EOPNOTSUPP;
}
