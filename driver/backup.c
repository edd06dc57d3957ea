// SPDX-License-Identifier: GPL-2.0
/*
 * backup.c - backing up the licenses and restoring them (FIG. 7-15).
 *
 * A backup is the medium's slots, already sealed records, sealed again as
 * a whole with the medium's backup key (FIG. 7) and, when bound, with a
 * key of this apparatus (FIG. 11) or of the drive that holds the backup
 * (FIG. 14), in the order the caller chose; the header records the order
 * and names the medium and the binding in the clear.  Everything happens
 * here: no license ever leaves the kernel unsealed.
 *
 * A restore verifies everything before it writes anything: the medium, the
 * binding, every layer, every record; then it commits the secure area
 * crash-safely and the licenses are live at once (FIG. 9, 12, 15).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "mlic_private.h"

#define MLIC_BACKUP_MAX_BYTES	(sizeof(struct mlic_backup_header) + \
				 MLIC_SLOTS_MAX * MLIC_SLOT_SIZE + \
				 2 * MLIC_TAG_SIZE)

/*
 * The identity of the drive that holds the file open on @drive->drive_fd.
 * An mlic medium is named by the driver itself; any other drive by what
 * userspace read from sysfs for it (a serial or WWID).
 */
static int mlic_drive_identity(const struct mlic_drive *drive,
			       u8 id[MLIC_DRIVE_ID_SIZE])
{
	struct block_device *bdev;
	struct mlic_device *other;
	struct file *file;
	int err = 0;

	if (drive->reserved)
		return -EINVAL;
	file = fget(drive->drive_fd);
	if (!file)
		return -EBADF;
	memset(id, 0, MLIC_DRIVE_ID_SIZE);
	bdev = file_inode(file)->i_sb->s_bdev;
	if (!bdev) {
		err = -ENOTBLK;		/* not on a drive at all */
	} else if (mlic_is_mlic_disk(bdev->bd_disk)) {
		/*
		 * The file keeps that medium's file system, hence the medium,
		 * open: it stays bound and its ID stays put while we read it.
		 */
		other = bdev->bd_disk->private_data;
		snprintf((char *)id, MLIC_DRIVE_ID_SIZE, "mlic:%*phN",
			 MLIC_ID_SIZE, other->geo.medium_id);
		if (drive->drive_id[0] &&
		    memcmp(drive->drive_id, id, MLIC_DRIVE_ID_SIZE))
			err = -EINVAL;
	} else if (mlic_drive_id_check(drive->drive_id, MLIC_DRIVE_ID_SIZE)) {
		err = -EINVAL;
	} else {
		memcpy(id, drive->drive_id, MLIC_DRIVE_ID_SIZE);
	}
	fput(file);
	return err;
}

/* The key of each layer, in the order the layers are applied. */
static int mlic_backup_keys(const struct mlic_backup_header *hdr,
			    u8 keys[2][MLIC_KEY_SIZE])
{
	u32 flags = le32_to_cpu(hdr->flags);
	bool binding_first = flags & MLIC_BACKUP_APPARATUS_FIRST;
	u8 *medium = keys[binding_first];
	u8 *binding = keys[!binding_first];
	int err;

	err = mlic_syskey_derive(hdr->medium_id, MLIC_ID_SIZE,
				 MLIC_HKDF_BACKUP_MEDIUM, medium,
				 MLIC_KEY_SIZE);
	if (!err && (flags & MLIC_BACKUP_BIND_APPARATUS))
		err = mlic_syskey_derive(hdr->apparatus_id, MLIC_ID_SIZE,
					 MLIC_HKDF_BACKUP_APPARATUS, binding,
					 MLIC_KEY_SIZE);
	else if (!err && (flags & MLIC_BACKUP_BIND_DRIVE))
		err = mlic_syskey_derive(hdr->drive_id,
					 strnlen((const char *)hdr->drive_id,
						 MLIC_DRIVE_ID_SIZE),
					 MLIC_HKDF_BACKUP_DRIVE, binding,
					 MLIC_KEY_SIZE);
	return err;
}

/*
 * Seal (@encrypt) or open the layers of the backup in @blob, in place:
 * layer i seals the slots and the tags of the layers before it.
 */
static int mlic_backup_layers_run(struct mlic_backup_header *blob,
				  bool encrypt)
{
	unsigned int layers = mlic_backup_layers(blob), n, i;
	size_t slots = (size_t)le32_to_cpu(blob->slot_count) * MLIC_SLOT_SIZE;
	u8 keys[2][MLIC_KEY_SIZE], iv[MLIC_NONCE_SIZE];
	int err;

	err = mlic_backup_keys(blob, keys);
	for (n = 0; !err && n < layers; n++) {
		i = encrypt ? n : layers - 1 - n;
		memcpy(iv, blob->nonce[i], MLIC_NONCE_SIZE);
		err = mlic_aead_seal_key(keys[i], encrypt, blob, sizeof(*blob),
					 slots + (i + !encrypt) * MLIC_TAG_SIZE,
					 iv);
	}
	memzero_explicit(keys, sizeof(keys));
	return err;
}

static int mlic_backup_check_request(const struct mlic_backup *req)
{
	u32 bind = req->flags & (MLIC_BACKUP_BIND_APPARATUS |
				 MLIC_BACKUP_BIND_DRIVE);

	if ((req->flags & ~MLIC_BACKUP_FLAGS_ALL) || req->licenses ||
	    req->reserved[0] || req->reserved[1] || req->drive.reserved)
		return -EINVAL;
	if (bind == (MLIC_BACKUP_BIND_APPARATUS | MLIC_BACKUP_BIND_DRIVE) ||
	    (!bind && (req->flags & MLIC_BACKUP_APPARATUS_FIRST)))
		return -EINVAL;
	if (!(bind & MLIC_BACKUP_BIND_DRIVE) &&
	    memchr_inv(req->drive.drive_id, 0, MLIC_DRIVE_ID_SIZE))
		return -EINVAL;
	return 0;
}

/* Fill in the header and the slots of a backup; dev->lock held. */
static u32 mlic_backup_fill(struct mlic_device *dev,
			    struct mlic_backup_header *blob)
{
	u8 *slots = (u8 *)(blob + 1);
	u32 i, count = 0;

	blob->magic = cpu_to_le64(MLIC_BACKUP_MAGIC);
	blob->version = cpu_to_le32(MLIC_FORMAT_VERSION);
	memcpy(blob->medium_id, dev->geo.medium_id, MLIC_ID_SIZE);
	blob->created = cpu_to_le64(ktime_get_real_seconds());
	blob->generation = cpu_to_le64(dev->generation);
	blob->slot_count = cpu_to_le32(dev->geo.slot_count);
	get_random_bytes(blob->nonce, sizeof(blob->nonce));

	/* Only licenses that authenticate: a damaged record stays behind. */
	down_read(&dev->keys_sem);
	for (i = 0; i < dev->nr_licenses; i++) {
		const struct mlic_license *lic = &dev->licenses[i];

		if (lic->state != MLIC_SLOT_STATE_OK &&
		    lic->state != MLIC_SLOT_STATE_UNSUPPORTED)
			continue;
		memcpy(slots + (size_t)lic->slot * MLIC_SLOT_SIZE,
		       mlic_secure_slot(dev->secure, lic->slot),
		       MLIC_SLOT_SIZE);
		count++;
	}
	up_read(&dev->keys_sem);
	blob->licenses = cpu_to_le32(count);
	return count;
}

/**
 * mlic_backup() - MLIC_BACKUP
 * @dev: the device
 * @req: the request; @buf_bytes and @licenses are set
 *
 * Return: 0; -EINVAL (bad request), -ENXIO (not attached), -EUCLEAN (no
 * valid secure area), -ENOKEY (no system key), -ENODATA (bound to the
 * apparatus, which has no ID), -ENOTBLK (bound to a drive, but the file
 * is not on one), -EBADF, -EOVERFLOW (@buf_bytes too small; set to the size
 * needed), -EFAULT.
 */
int mlic_backup(struct mlic_device *dev, struct mlic_backup *req)
{
	struct mlic_backup_header *blob, sizing = { };
	struct mlic_apparatus app;
	u8 drive[MLIC_DRIVE_ID_SIZE];
	size_t bytes = 0;
	u32 count = 0;
	int err;

	err = mlic_backup_check_request(req);
	if (err)
		return err;
	if (req->flags & MLIC_BACKUP_BIND_DRIVE) {
		err = mlic_drive_identity(&req->drive, drive);
		if (err)
			return err;
	}
	if (req->flags & MLIC_BACKUP_BIND_APPARATUS) {
		err = mlic_apparatus_get(&app);
		if (err)
			return err;
	}

	err = mutex_lock_killable(&dev->lock);
	if (err)
		return err;
	if (dev->state != MLIC_BOUND)
		err = -ENXIO;
	else if (!dev->secure)
		err = -EUCLEAN;
	else if (dev->keys_status != MLIC_KEYS_READY)
		err = -ENOKEY;
	if (err)
		goto out_unlock;

	sizing.flags = cpu_to_le32(req->flags);
	sizing.slot_count = cpu_to_le32(dev->geo.slot_count);
	bytes = mlic_backup_bytes(&sizing);
	if (req->buf_bytes < bytes) {
		err = -EOVERFLOW;
		goto out_unlock;
	}
	err = -ENOMEM;
	blob = kvzalloc(bytes, GFP_KERNEL);
	if (!blob)
		goto out_unlock;
	blob->flags = cpu_to_le32(req->flags);
	if (req->flags & MLIC_BACKUP_BIND_APPARATUS)
		memcpy(blob->apparatus_id, app.id, MLIC_ID_SIZE);
	if (req->flags & MLIC_BACKUP_BIND_DRIVE)
		memcpy(blob->drive_id, drive, MLIC_DRIVE_ID_SIZE);
	count = mlic_backup_fill(dev, blob);
	err = mlic_backup_layers_run(blob, true);
	mutex_unlock(&dev->lock);

	if (!err && copy_to_user(u64_to_user_ptr(req->buf), blob, bytes))
		err = -EFAULT;
	kvfree_sensitive(blob, bytes);
	if (!err)
		req->licenses = count;
	req->buf_bytes = bytes;
	return err;

out_unlock:
	mutex_unlock(&dev->lock);
	if (err == -EOVERFLOW)
		req->buf_bytes = bytes;
	return err;
}

/* Does the clear header send the backup to this medium and binding? */
static int mlic_restore_check_binding(struct mlic_device *dev,
				      const struct mlic_backup_header *hdr,
				      const struct mlic_restore *req)
{
	u32 flags = le32_to_cpu(hdr->flags);
	u8 drive[MLIC_DRIVE_ID_SIZE];
	struct mlic_apparatus app;
	int err;

	/* Another medium, or this ID mastered again with other slots. */
	if (memcmp(hdr->medium_id, dev->geo.medium_id, MLIC_ID_SIZE) ||
	    le32_to_cpu(hdr->slot_count) != dev->geo.slot_count)
		return -EXDEV;
	if (flags & MLIC_BACKUP_BIND_APPARATUS) {
		err = mlic_apparatus_get(&app);
		if (err)
			return err;
		if (memcmp(hdr->apparatus_id, app.id, MLIC_ID_SIZE))
			return -EXDEV;
	}
	if (flags & MLIC_BACKUP_BIND_DRIVE) {
		err = mlic_drive_identity(&req->drive, drive);
		if (err)
			return err;
		if (memcmp(hdr->drive_id, drive, MLIC_DRIVE_ID_SIZE))
			return -EXDEV;
	}
	return 0;
}

/* Turn the opened slots of @blob into a secure copy, checking each. */
static int mlic_restore_copy(struct mlic_device *dev,
			     const struct mlic_backup_header *blob, void *copy)
{
	const u8 *slots = (const u8 *)(blob + 1);
	u32 i, used = 0;

	for (i = 0; i < dev->geo.slot_count; i++) {
		struct mlic_slot *slot = mlic_secure_slot_mut(copy, i);

		memcpy(slot, slots + (size_t)i * MLIC_SLOT_SIZE, sizeof(*slot));
		if (!mlic_slot_valid(slot))
			return -EBADMSG;
		used += le32_to_cpu(slot->state) == MLIC_SLOT_USED;
	}
	return used == le32_to_cpu(blob->licenses) ? 0 : -EBADMSG;
}

/**
 * mlic_restore() - MLIC_RESTORE
 * @dev: the device
 * @req: the request; @licenses is set
 *
 * Return: 0; -EINVAL (bad request, not a backup), -EOPNOTSUPP (unknown
 * backup version), -ENXIO, -EROFS, -EXDEV (another medium's backup, one
 * made for another slot count, or bound to another apparatus or drive),
 * -ENODATA (bound to an apparatus and this drive has no ID), -ENOKEY,
 * -EBADMSG (the backup does not authenticate, or holds a record that does
 * not), -EFAULT.  On any error the secure area is untouched.
 */
int mlic_restore(struct mlic_device *dev, struct mlic_restore *req)
{
	struct mlic_backup_header *blob;
	size_t bytes = req->buf_bytes, copy_bytes = 0;
	void *copy = NULL;
	const char *why;
	u64 generation;
	int err;

	if (req->flags || req->licenses || req->reserved[0] ||
	    req->reserved[1] || bytes < sizeof(*blob) ||
	    bytes > MLIC_BACKUP_MAX_BYTES)
		return -EINVAL;
	blob = kvmalloc(bytes, GFP_KERNEL);
	if (!blob)
		return -ENOMEM;
	if (copy_from_user(blob, u64_to_user_ptr(req->buf), bytes)) {
		err = -EFAULT;
		goto out_free;
	}
	err = mlic_backup_header_check(blob, &why);
	if (err == -EMEDIUMTYPE)
		err = -EINVAL;
	if (!err && bytes != mlic_backup_bytes(blob))
		err = -EINVAL;
	if (err)
		goto out_free;

	err = mutex_lock_killable(&dev->lock);
	if (err)
		goto out_free;
	if (dev->state != MLIC_BOUND)
		err = -ENXIO;
	else if (dev->read_only)
		err = -EROFS;
	else
		err = mlic_restore_check_binding(dev, blob, req);
	if (!err)
		err = mlic_backup_layers_run(blob, false);
	if (err)
		goto out_unlock;

	err = -ENOMEM;
	copy_bytes = dev->geo.copy_bytes;
	copy = kvzalloc(copy_bytes, GFP_KERNEL);
	if (!copy)
		goto out_unlock;
	err = mlic_restore_copy(dev, blob, copy) ?:
	      mlic_license_verify(dev, copy);
	if (err)
		goto out_unlock;

	/* Newer than whatever either copy held, damaged or not. */
	generation = max(dev->generation, le64_to_cpu(blob->generation)) + 1;
	err = mlic_secure_commit(dev, &copy, generation);
	if (!err) {
		req->licenses = le32_to_cpu(blob->licenses);
		pr_info("%s: %u licenses restored from a backup\n",
			dev->disk->disk_name, req->licenses);
		err = mlic_license_load(dev);
	}
out_unlock:
	mutex_unlock(&dev->lock);
	if (copy)
		kvfree_sensitive(copy, copy_bytes);
out_free:
	kvfree_sensitive(blob, bytes);
	return err;
}
