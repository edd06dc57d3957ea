// SPDX-License-Identifier: GPL-2.0
/*
 * drive.c - the drive that holds a file, for backups bound to a drive: an
 * mlic medium is named by its medium ID, as the driver names it; any other
 * disk by the first identity it reports in sysfs that mlic accepts (a
 * virtio serial, a WWID, a serial).
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "libmlic.h"

/* Where a disk reports its identity, and how a backup names it. */
static const struct {
	const char *attr;
	const char *prefix;
} drive_id_sources[] = {
	{ "serial", "virtio:" },	/* virtio_blk: the disk's serial */
	{ "wwid", "wwid:" },		/* NVMe: the namespace's WWID */
	{ "device/wwid", "wwid:" },	/* SCSI: VPD page 0x83 */
	{ "device/serial", "serial:" },	/* NVMe controllers, MMC, ... */
};

/**
 * mlic_drive_id_make() - the identity a backup names a drive by
 * @prefix: the kind of identity, e.g. "virtio:"
 * @raw: what the drive reports, as read from sysfs
 * @id: receives the identity, NUL padded
 * @why: set to the reason when it cannot be used
 *
 * Leading and trailing white space is dropped and each run of white space
 * inside becomes one '_' (SCSI's t10 identifiers are padded with spaces).
 *
 * Return: 0; -ENODATA if nothing is left; -EINVAL if the result is not a
 * drive identity mlic accepts (printable ASCII, at most 63 bytes).
 */
int mlic_drive_id_make(const char *prefix, const char *raw,
		       char id[MLIC_DRIVE_ID_SIZE], const char **why)
{
	size_t len = strlen(prefix), room = MLIC_DRIVE_ID_SIZE - 1;
	bool space = false;
	const char *s;

	memset(id, 0, MLIC_DRIVE_ID_SIZE);
	while (isspace((unsigned char)*raw))
		raw++;
	if (!*raw)
		return -ENODATA;
	if (len >= room)
		goto too_long;
	memcpy(id, prefix, len);
	for (s = raw; *s; s++) {
		if (isspace((unsigned char)*s)) {
			space = true;
			continue;
		}
		if (*s <= ' ' || *s > '~') {
			*why = "it reports an identity with unprintable bytes";
			goto refuse;
		}
		if (len + space + 1 > room)
			goto too_long;
		if (space)
			id[len++] = '_';
		space = false;
		id[len++] = *s;
	}
	if (!mlic_drive_id_check((const u8 *)id, MLIC_DRIVE_ID_SIZE))
		return 0;
	*why = "it reports an identity mlic does not accept";
	goto refuse;
too_long:
	*why = "it reports an identity longer than 63 bytes";
refuse:
	memset(id, 0, MLIC_DRIVE_ID_SIZE);
	return -EINVAL;
}

/* The identity a disk reports in its sysfs directory @dir. */
static int disk_identity(const char *dir, struct mlic_drive_info *d)
{
	const char *why = NULL, *w = NULL;
	char path[PATH_MAX], raw[256];
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(drive_id_sources); i++) {
		if (mlic_path_printf(path, sizeof(path), "%s/%s", dir,
			      drive_id_sources[i].attr))
			return -ENAMETOOLONG;
		ret = mlic_read_text(path, raw, sizeof(raw));
		if (ret == -EOVERFLOW && !why)
			why = "it reports an identity longer than 63 bytes";
		if (ret)
			continue;	/* not reported, or not usable */
		ret = mlic_drive_id_make(drive_id_sources[i].prefix, raw, d->id,
					 &w);
		if (!ret)
			return 0;
		if (ret == -EINVAL && !why)
			why = w;
	}
	/* Something was reported, but nothing usable: say why. */
	d->why = why;
	return why ? -EINVAL : -ENODATA;
}

/* An mlic medium: the identity the driver gives it, from its medium ID. */
static int medium_identity(const char *dir, struct mlic_drive_info *d)
{
	char path[PATH_MAX], buf[64], hex[MLIC_ID_HEX_LEN + 1];
	u8 id[MLIC_ID_SIZE];
	int ret;

	ret = mlic_path_printf(path, sizeof(path), "%s/mlic/medium_id", dir);
	if (!ret)
		ret = mlic_read_text(path, buf, sizeof(buf));
	if (!ret)
		ret = mlic_id_parse(buf, id);
	if (ret)
		return ret;
	mlic_id_hex(id, hex);
	snprintf(d->id, sizeof(d->id), "mlic:%s", hex);
	return 0;
}

/**
 * mlic_drive_identify() - the drive that holds a file system, and the
 * identity a backup bound to it names it by
 * @devno: the file system's device (st_dev of a file on it)
 * @d: filled in: the kind of drive, its names and its identity
 *
 * Follows /sys/dev/block/MAJ:MIN; a partition stands for its whole disk.
 * An mlic medium (or a partition of one) is named "mlic:" and its medium
 * ID, as the driver names it; any other disk by the first identity it
 * reports that mlic accepts: its virtio serial, its WWID (NVMe, SCSI) or
 * its serial (see mlic_drive_id_make()).
 *
 * Return: 0 with @d->id set; -ENOTBLK if the file system has no block
 * device (tmpfs, network file systems); -ENODATA if the disk reports no
 * identity; -EINVAL if none it reports is usable (@d->why says why); or
 * another -errno.
 */
int mlic_drive_identify(dev_t devno, struct mlic_drive_info *d)
{
	char path[PATH_MAX], *dir, *base;
	int ret;

	memset(d, 0, sizeof(*d));
	if (!major(devno))
		return -ENOTBLK;	/* anonymous: no block device */
	ret = mlic_sysfs_devno_dir(devno, &dir);
	if (ret)
		return ret == -ENOENT ? -ENOTBLK : ret;
	d->kind = MLIC_DRIVE_DISK;
	snprintf(d->name, sizeof(d->name), "%s", strrchr(dir, '/') + 1);
	ret = mlic_path_printf(path, sizeof(path), "%s/partition", dir);
	if (!ret && !access(path, F_OK))
		*strrchr(dir, '/') = '\0';	/* a partition: its disk */
	base = strrchr(dir, '/') + 1;
	snprintf(d->disk, sizeof(d->disk), "%s", base);
	if (!ret && !mlic_dev_parse(base, &d->index)) {
		d->kind = MLIC_DRIVE_MEDIUM;
		ret = medium_identity(dir, d);
	} else if (!ret) {
		ret = disk_identity(dir, d);
	}
	free(dir);
	return ret;
}

/**
 * mlic_drive_of_fd() - the drive that holds an open file
 * @fd: the file (or a directory)
 * @d: filled in as by mlic_drive_identify()
 *
 * Return: as mlic_drive_identify(), or the error of fstat().
 */
int mlic_drive_of_fd(int fd, struct mlic_drive_info *d)
{
	struct stat st;

	memset(d, 0, sizeof(*d));
	if (fstat(fd, &st))
		return -errno;
	return mlic_drive_identify(st.st_dev, d);
}

/**
 * mlic_drive_describe() - a drive for people, as a file's drive
 * @d: from mlic_drive_identify()
 * @err: what mlic_drive_identify() returned
 * @buf: receives e.g. "virtio:MLIC-SECOND-0001 (disk vdb)"
 * @size: its size
 */
void mlic_drive_describe(const struct mlic_drive_info *d, int err, char *buf,
			 size_t size)
{
	char dev_path[32];

	if (!err && d->kind == MLIC_DRIVE_MEDIUM) {
		mlic_dev_path(d->index, dev_path, sizeof(dev_path));
		snprintf(buf, size, "%s (medium %s)", d->id, dev_path);
	} else if (!err) {
		snprintf(buf, size, "%s (disk %s)", d->id, d->disk);
	} else if (err == -ENOTBLK) {
		snprintf(buf, size, "no drive: its file system has no block "
			 "device");
	} else if (err == -ENODATA) {
		snprintf(buf, size, "disk %s, which reports no serial or "
			 "WWID", d->disk);
	} else if (err == -EINVAL && d->why) {
		snprintf(buf, size, "disk %s, whose identity cannot be used: "
			 "%s", d->disk, d->why);
	} else {
		snprintf(buf, size, "a drive that cannot be identified (%s)",
			 strerror(-err));
	}
}
