// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - module entry points of mlic, protected recording media.
 *
 * A medium image holds a medium ID (first area), license records (secure
 * area) and user data (user area).  mlic exposes the user area as
 * /dev/mlicN and keeps the rest out of reach of every block I/O path.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/debugfs.h>
#include <linux/module.h>

#include "mlic_private.h"

/* Test hooks (fault injection); nothing here is needed to use mlic. */
static struct dentry *mlic_debugfs;

static int __init mlic_init(void)
{
	int err;

	BUILD_BUG_ON(sizeof(struct mlic_medium_header) != 256);
	BUILD_BUG_ON(sizeof(struct mlic_secure_header) !=
		     MLIC_SECURE_HEADER_BYTES);
	BUILD_BUG_ON(sizeof(struct mlic_slot) != MLIC_SLOT_SIZE);
	BUILD_BUG_ON(sizeof(struct mlic_backup_header) != 256);
	BUILD_BUG_ON(MLIC_INDEX_LIMIT > 1U << (MINORBITS - MLIC_PART_SHIFT));

	err = mlic_hkdf_selftest();
	if (err) {
		pr_err("key derivation self-test failed (%d); not loading\n",
		       err);
		return err;
	}

	mlic_apparatus_init();

	mlic_major = register_blkdev(0, MLIC_NAME);
	if (mlic_major < 0)
		return mlic_major;

	err = mlic_control_init();
	if (err) {
		unregister_blkdev(mlic_major, MLIC_NAME);
		return err;
	}
	mlic_debugfs = debugfs_create_dir(MLIC_NAME, NULL);
	debugfs_create_atomic_t("fail_secure_write", 0600, mlic_debugfs,
				&mlic_fail_secure_write);
	pr_info("protected recording media driver loaded\n");
	return 0;
}

static void __exit mlic_exit(void)
{
	debugfs_remove(mlic_debugfs);
	mlic_control_exit();
	unregister_blkdev(mlic_major, MLIC_NAME);
	mlic_syskey_exit();
}

module_init(mlic_init);
module_exit(mlic_exit);

MODULE_DESCRIPTION("mlic: protected recording media with a hidden secure area");
MODULE_AUTHOR("The mlic developers");
MODULE_LICENSE("GPL");
