// SPDX-License-Identifier: GPL-2.0
/*
 * apparatus.c - this drive's apparatus-specific number (FIG. 10-12).
 *
 * A backup may be bound to the apparatus that made it.  The apparatus ID is
 * the apparatus_id module parameter (32 hex digits; "none" for none), or,
 * when that is not given, one derived from the machine's DMI system UUID
 * where the firmware provides a real one.  The UUID itself is readable by
 * root only, so what mlic shows is an HKDF of it, not the UUID.
 *
 * /sys/module/mlic/parameters/apparatus_id shows the ID in effect, and is
 * empty when there is none.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/dmi.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "mlic_private.h"
#include "compat.h"

static u8 mlic_apparatus_id[MLIC_ID_SIZE];
static u32 mlic_apparatus_flags;	/* MLIC_APPARATUS_* */
static bool mlic_apparatus_set;		/* given as a parameter */

/* 32 hex digits; dashes and spaces are ignored, as the tools do. */
static int mlic_parse_id(const char *s, u8 id[MLIC_ID_SIZE])
{
	unsigned int n = 0;
	int hi = -1, v;

	for (; *s && *s != '\n'; s++) {
		if (*s == '-' || *s == ' ')
			continue;
		v = hex_to_bin(*s);
		if (v < 0 || n == MLIC_ID_SIZE)
			return -EINVAL;
		if (hi < 0) {
			hi = v;
		} else {
			id[n++] = hi << 4 | v;
			hi = -1;
		}
	}
	return n == MLIC_ID_SIZE && hi < 0 ? 0 : -EINVAL;
}

static int mlic_apparatus_param_set(const char *val,
				    const struct kernel_param *kp)
{
	u8 id[MLIC_ID_SIZE];

	if (sysfs_streq(val, "none") || sysfs_streq(val, "")) {
		memset(mlic_apparatus_id, 0, sizeof(mlic_apparatus_id));
		mlic_apparatus_flags = 0;
	} else if (!mlic_parse_id(val, id) && memchr_inv(id, 0, sizeof(id))) {
		memcpy(mlic_apparatus_id, id, sizeof(id));
		mlic_apparatus_flags = MLIC_APPARATUS_KNOWN;
	} else {
		pr_err("apparatus_id must be 32 hex digits, not all zero, or \"none\"\n");
		return -EINVAL;
	}
	mlic_apparatus_set = true;
	return 0;
}

static int mlic_apparatus_param_get(char *buf, const struct kernel_param *kp)
{
	if (!(mlic_apparatus_flags & MLIC_APPARATUS_KNOWN))
		return sysfs_emit(buf, "\n");
	return sysfs_emit(buf, "%*phN\n", MLIC_ID_SIZE, mlic_apparatus_id);
}

static const struct kernel_param_ops mlic_apparatus_param_ops = {
	.set = mlic_apparatus_param_set,
	.get = mlic_apparatus_param_get,
};

module_param_cb(apparatus_id, &mlic_apparatus_param_ops, NULL, 0444);
MODULE_PARM_DESC(apparatus_id,
		 "This drive's apparatus ID, 32 hex digits, or \"none\" (default: derived from the DMI system UUID)");

/* The DMI system UUID, if the firmware gives one that means something. */
static int mlic_dmi_uuid(u8 uuid[MLIC_ID_SIZE])
{
	const char *s = dmi_get_system_info(DMI_PRODUCT_UUID);
	u8 ff[MLIC_ID_SIZE];

	if (!s || mlic_parse_id(s, uuid))
		return -ENODATA;
	memset(ff, 0xff, sizeof(ff));
	if (!memchr_inv(uuid, 0, MLIC_ID_SIZE) ||
	    !memcmp(uuid, ff, sizeof(ff)))
		return -ENODATA;
	return 0;
}

/**
 * mlic_apparatus_init() - settle the apparatus ID at module load
 *
 * Return: 0; a failure to derive only leaves the drive without an ID.
 */
int mlic_apparatus_init(void)
{
	u8 uuid[MLIC_ID_SIZE];

	if (mlic_apparatus_set || mlic_dmi_uuid(uuid))
		goto out;
	if (!mlic_hkdf(uuid, sizeof(uuid), NULL, 0, MLIC_HKDF_APPARATUS_ID,
		       strlen(MLIC_HKDF_APPARATUS_ID), mlic_apparatus_id,
		       sizeof(mlic_apparatus_id)))
		mlic_apparatus_flags = MLIC_APPARATUS_KNOWN |
				       MLIC_APPARATUS_FROM_DMI;
	memzero_explicit(uuid, sizeof(uuid));
out:
	if (mlic_apparatus_flags & MLIC_APPARATUS_KNOWN)
		pr_info("apparatus ID %*phN (%s)\n", MLIC_ID_SIZE,
			mlic_apparatus_id,
			mlic_apparatus_flags & MLIC_APPARATUS_FROM_DMI ?
			"from the DMI system UUID" : "configured");
	else
		pr_info("no apparatus ID: backups cannot be bound to this drive\n");
	return 0;
}

/**
 * mlic_apparatus_get() - this drive's apparatus ID
 * @info: receives the flags and the ID
 *
 * Return: 0, or -ENODATA if the drive has none.
 */
int mlic_apparatus_get(struct mlic_apparatus *info)
{
	info->flags = mlic_apparatus_flags;
	memcpy(info->id, mlic_apparatus_id, MLIC_ID_SIZE);
	return mlic_apparatus_flags & MLIC_APPARATUS_KNOWN ? 0 : -ENODATA;
}
