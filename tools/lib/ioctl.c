// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl.c - thin wrappers around the ioctls of /dev/mlic-control and
 * /dev/mlicN, as uapi/linux/mlic.h defines them.  Reserved fields are
 * always zero; errors come back as negative errnos.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "libmlic.h"

static int do_ioctl(int fd, unsigned long cmd, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, cmd, arg);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : ret;
}

/**
 * mlic_ctl_open() - open the control device
 *
 * Return: a file descriptor, or -errno (-ENOENT: the module is not loaded).
 */
int mlic_ctl_open(void)
{
	int fd = open(MLIC_CONTROL_PATH, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static int ctl_call(int ctl, unsigned long cmd, u32 want, u32 *index)
{
	struct mlic_ctl_device cd = { .index = want };
	int ret;

	ret = do_ioctl(ctl, cmd, &cd);
	if (ret < 0)
		return ret;
	if (index)
		*index = cd.index;
	return 0;
}

/**
 * mlic_ctl_add() - create a medium device
 * @ctl: the control device
 * @want: the index wanted, or MLIC_INDEX_ANY
 * @index: the index created
 *
 * Return: 0 or -errno (-EEXIST: @want exists already).
 */
int mlic_ctl_add(int ctl, u32 want, u32 *index)
{
	return ctl_call(ctl, MLIC_CTL_ADD, want, index);
}

/**
 * mlic_ctl_remove() - remove an unbound medium device
 * @ctl: the control device
 * @index: its index
 *
 * Return: 0 or -errno (-EBUSY: it is bound or open).
 */
int mlic_ctl_remove(int ctl, u32 index)
{
	return ctl_call(ctl, MLIC_CTL_REMOVE, index, NULL);
}

/**
 * mlic_ctl_get_free() - find or create an unbound medium device
 * @ctl: the control device
 * @index: its index
 *
 * The device is not reserved: another process may attach it first, which
 * MLIC_ATTACH reports with -EBUSY.
 *
 * Return: 0 or -errno.
 */
int mlic_ctl_get_free(int ctl, u32 *index)
{
	return ctl_call(ctl, MLIC_CTL_GET_FREE, MLIC_INDEX_ANY, index);
}

/**
 * mlic_dev_open() - open /dev/mlicN
 * @index: N
 * @flags: open flags (O_CLOEXEC is added)
 *
 * Return: a file descriptor or -errno.
 */
int mlic_dev_open(u32 index, int flags)
{
	char path[32];
	int fd;

	mlic_dev_path(index, path, sizeof(path));
	fd = open(path, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/**
 * mlic_dev_attach() - attach an image to an unbound medium device
 * @dev: the medium device
 * @image_fd: the image, open read-write or (read-only media) read-only
 * @flags: MLIC_ATTACH_*
 *
 * Return: 0 or -errno: -EBUSY if the device is bound already, and for an
 * image the driver refuses the errno of mlic_medium_header_check().
 */
int mlic_dev_attach(int dev, int image_fd, u32 flags)
{
	struct mlic_attach at = { .fd = image_fd, .flags = flags };

	return do_ioctl(dev, MLIC_ATTACH, &at);
}

/**
 * mlic_dev_detach() - detach the medium of a device
 * @dev: the medium device
 *
 * Return: 0 or -errno (-EBUSY: open by someone else or mounted, -ENXIO:
 * nothing attached).
 */
int mlic_dev_detach(int dev)
{
	int ret;

	do {
		ret = ioctl(dev, MLIC_DETACH, 0UL);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : 0;
}

/**
 * mlic_dev_get_info() - everything the driver knows about a medium
 * @dev: the medium device
 * @info: filled in
 *
 * Return: 0 or -errno (-ENXIO: nothing attached).
 */
int mlic_dev_get_info(int dev, struct mlic_info *info)
{
	memset(info, 0, sizeof(*info));
	return do_ioctl(dev, MLIC_GET_INFO, info);
}

/**
 * mlic_ctl_key_load() - provision the system key from a logon key
 * @ctl: the control device
 * @key_id: serial of the logon key "mlic:..." holding the 32 bytes
 *
 * Return: 0 (also when this very key is loaded already) or -errno:
 * -EEXIST another key is loaded, -EKEYREJECTED not an mlic logon key,
 * -EINVAL not 32 bytes, -ENOKEY and friends from the keyring lookup.
 */
int mlic_ctl_key_load(int ctl, s32 key_id)
{
	struct mlic_key_load req = { .key_id = key_id };

	return do_ioctl(ctl, MLIC_CTL_KEY_LOAD, &req);
}

/**
 * mlic_ctl_key_unload() - wipe the system key and every key from it
 * @ctl: the control device
 *
 * Return: 0 or -errno (-ENOKEY: none was loaded).
 */
int mlic_ctl_key_unload(int ctl)
{
	int ret;

	do {
		ret = ioctl(ctl, MLIC_CTL_KEY_UNLOAD, 0UL);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : 0;
}

/**
 * mlic_ctl_key_status() - whether a system key is loaded, its fingerprint
 * @ctl: the control device
 * @st: filled in
 *
 * Return: 0 or -errno.
 */
int mlic_ctl_key_status(int ctl, struct mlic_key_status *st)
{
	memset(st, 0, sizeof(*st));
	return do_ioctl(ctl, MLIC_CTL_KEY_STATUS, st);
}

/* Ask for the licenses with room for @room entries. */
static int get_licenses(int dev, u32 room, struct mlic_license_entry **out,
			u32 *count)
{
	struct mlic_licenses req = { .count = room };
	struct mlic_license_entry *e = NULL;
	int ret;

	if (room) {
		e = calloc(room, sizeof(*e));
		if (!e)
			return -ENOMEM;
	}
	req.entries = (uintptr_t)e;
	ret = do_ioctl(dev, MLIC_GET_LICENSES, &req);
	*count = req.count;
	if (ret) {
		free(e);
		return ret;
	}
	*out = e;
	return 0;
}

/**
 * mlic_dev_get_licenses() - the licenses of a medium
 * @dev: the medium device
 * @entries: receives a malloc()ed array (NULL when there are none)
 * @count: receives their number
 *
 * Asks again with more room while licenses are being added (EOVERFLOW).
 *
 * Return: 0 or -errno (-ENXIO: nothing attached).
 */
int mlic_dev_get_licenses(int dev, struct mlic_license_entry **entries,
			  u32 *count)
{
	unsigned int tries;
	u32 room = 0;
	int ret;

	*entries = NULL;
	for (tries = 0; tries < 8; tries++) {
		ret = get_licenses(dev, room, entries, count);
		if (ret != -EOVERFLOW)
			return ret;
		room = *count;
	}
	return ret;
}

/**
 * mlic_dev_install_license() - install an issued license
 * @dev: the medium device
 * @lic: the license, as read from its file
 * @slot: receives the slot it went to, or holds already (-EEXIST)
 *
 * Return: 0 or -errno; see MLIC_INSTALL_LICENSE.
 */
int mlic_dev_install_license(int dev, const struct mlic_issued_license *lic,
			     u32 *slot)
{
	struct mlic_install_license req = { .license = *lic };
	int ret;

	ret = do_ioctl(dev, MLIC_INSTALL_LICENSE, &req);
	*slot = req.slot;
	return ret;
}

/**
 * mlic_dev_decrypt() - decrypt whole chunks of a content
 * @dev: the medium device, open for reading
 * @hdr: the content's checked header
 * @first: the first chunk
 * @nr: the number of chunks, 1..MLIC_DECRYPT_MAX
 * @in: the chunks as stored (ciphertext and tag each)
 * @in_bytes: their size
 * @out: room for their plaintext
 * @out_bytes: in: the room; out: the plaintext written
 *
 * Return: 0 or -errno; see MLIC_DECRYPT.
 */
int mlic_dev_decrypt(int dev, const struct mlic_content_header *hdr,
		     u64 first, u32 nr, const void *in, u64 in_bytes,
		     void *out, u64 *out_bytes)
{
	struct mlic_decrypt req = {
		.nr_chunks = nr,
		.first_chunk = first,
		.in = (uintptr_t)in,
		.in_bytes = in_bytes,
		.out = (uintptr_t)out,
		.out_bytes = *out_bytes,
		.header = *hdr,
	};
	int ret;

	ret = do_ioctl(dev, MLIC_DECRYPT, &req);
	if (!ret)
		*out_bytes = req.out_bytes;
	return ret;
}

/**
 * mlic_dev_backup() - have the driver seal the licenses into a backup
 * @dev: the medium device
 * @flags: MLIC_BACKUP_*
 * @drive: the drive it is bound to (MLIC_BACKUP_BIND_DRIVE), or NULL
 * @blob: receives the backup (malloc()ed), only on success
 * @bytes: receives its size
 * @licenses: receives the number of licenses in it
 *
 * Asks for the size first, and again while it grows (EOVERFLOW).
 *
 * Return: 0 or -errno; see MLIC_BACKUP.
 */
int mlic_dev_backup(int dev, u32 flags, const struct mlic_drive *drive,
		    struct mlic_backup_header **blob, size_t *bytes,
		    u32 *licenses)
{
	struct mlic_backup req;
	unsigned int tries;
	void *buf = NULL;
	u64 room = 0;
	int ret = -EOVERFLOW;

	for (tries = 0; tries < 4 && ret == -EOVERFLOW; tries++) {
		memset(&req, 0, sizeof(req));
		req.flags = flags;
		req.drive.drive_fd = -1;
		if (drive)
			req.drive = *drive;
		req.buf = (uintptr_t)buf;
		req.buf_bytes = room;
		ret = do_ioctl(dev, MLIC_BACKUP, &req);
		if (ret != -EOVERFLOW)
			break;
		if (req.buf_bytes <= room || req.buf_bytes > SIZE_MAX)
			return -EPROTO;	/* it should have fit */
		free(buf);
		room = req.buf_bytes;
		buf = malloc(room);
		if (!buf)
			return -ENOMEM;
	}
	if (ret) {
		free(buf);
		return ret;
	}
	*blob = buf;
	*bytes = req.buf_bytes;
	*licenses = req.licenses;
	return 0;
}

/**
 * mlic_dev_restore() - have the driver verify a backup and restore it
 * @dev: the medium device
 * @drive: where the backup lies (MLIC_BACKUP_BIND_DRIVE), or NULL
 * @blob: the backup, as read from its file
 * @bytes: its size
 * @licenses: receives the number of licenses restored
 *
 * Return: 0 or -errno; see MLIC_RESTORE.  On error the secure area is as
 * it was.
 */
int mlic_dev_restore(int dev, const struct mlic_drive *drive,
		     const void *blob, size_t bytes, u32 *licenses)
{
	struct mlic_restore req = {
		.drive.drive_fd = -1,
		.buf = (uintptr_t)blob,
		.buf_bytes = bytes,
	};
	int ret;

	if (drive)
		req.drive = *drive;
	ret = do_ioctl(dev, MLIC_RESTORE, &req);
	if (!ret)
		*licenses = req.licenses;
	return ret;
}

/**
 * mlic_apparatus_query() - this drive's apparatus ID and where it comes from
 * @app: filled in (MLIC_APPARATUS_KNOWN clear: the drive has none)
 *
 * Opens /dev/mlic-control read-only: anyone who may open it may ask.
 *
 * Return: 0 or -errno (-ENOENT: the module is not loaded, -EACCES: the
 * control device may not be opened).
 */
int mlic_apparatus_query(struct mlic_apparatus *app)
{
	int fd, ret;

	memset(app, 0, sizeof(*app));
	fd = open(MLIC_CONTROL_PATH, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = do_ioctl(fd, MLIC_CTL_APPARATUS, app);
	close(fd);
	return ret;
}
