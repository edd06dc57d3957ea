// SPDX-License-Identifier: GPL-2.0
/*
 * secure.c - the secure area: two copies of the license slots that only
 * the driver reads and writes, through the backing file and never through
 * the block device.
 *
 * Each copy carries a generation number and a checksum over all of it.
 * At attach the newest valid copy wins; a damaged or stale copy is
 * rewritten from it (unless the medium is read-only), so one copy can be
 * lost at any time without losing a license.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "mlic_private.h"

static const char * const mlic_copy_state_names[] = {
	[MLIC_COPY_OK]		= "ok",
	[MLIC_COPY_REPAIRED]	= "repaired",
	[MLIC_COPY_DAMAGED]	= "damaged",
};

/**
 * mlic_copy_state_name() - name of the state of one secure area copy
 * @state: enum mlic_copy_state
 *
 * Return: a static string.
 */
const char *mlic_copy_state_name(u8 state)
{
	if (state >= ARRAY_SIZE(mlic_copy_state_names))
		return "unknown";
	return mlic_copy_state_names[state];
}

/*
 * Fault injection for the crash-safety tests, through debugfs
 * (mlic/fail_secure_write): when set to N, the N-th write of a secure copy
 * from then on stops right after the copy's header and fails, as a crash
 * would leave it: the new header over the old slots, which no longer match
 * its checksum.  (Torn anywhere else, a copy whose later bytes did not
 * change would be whole, and rightly count as written.)
 */
atomic_t mlic_fail_secure_write = ATOMIC_INIT(0);

static bool mlic_secure_write_fault(void)
{
	int left = atomic_read(&mlic_fail_secure_write);

	return left > 0 && atomic_dec_return(&mlic_fail_secure_write) == 0;
}

static int mlic_secure_write_copy(struct mlic_device *dev, unsigned int which,
				  void *copy, u64 generation)
{
	loff_t pos = mlic_secure_copy_offset(&dev->geo, which);
	size_t len = dev->geo.copy_bytes;
	int err;

	mlic_secure_copy_seal(copy, &dev->geo, which, generation);
	if (mlic_secure_write_fault()) {
		pr_warn("%s: injected fault: secure area copy %c torn\n",
			dev->disk->disk_name, 'A' + which);
		mlic_backing_rw(dev->backing, copy, MLIC_SECURE_HEADER_BYTES,
				pos, true);
		vfs_fsync_range(dev->backing, pos, pos + len - 1, 1);
		return -EIO;
	}
	err = mlic_backing_rw(dev->backing, copy, len, pos, true);
	if (!err)
		err = vfs_fsync_range(dev->backing, pos, pos + len - 1, 1);
	return err;
}

/* Read and check copy @which; a copy that cannot be read is damaged. */
static int mlic_secure_read_copy(struct mlic_device *dev, unsigned int which,
				 void *copy, u64 *generation)
{
	loff_t pos = mlic_secure_copy_offset(&dev->geo, which);
	const char *why;
	int err;

	err = mlic_backing_rw(dev->backing, copy, dev->geo.copy_bytes, pos,
			      false);
	if (err)
		why = "read error";
	else
		err = mlic_secure_copy_check(copy, &dev->geo, which,
					     generation, &why);
	if (err)
		pr_warn("%s: secure area copy %c is damaged: %s (%d)\n",
			dev->disk->disk_name, 'A' + which, why, err);
	return err;
}

/* Do two valid copies of the same generation hold different slots? */
static bool mlic_secure_copies_differ(struct mlic_device *dev,
				      const void *a, const void *b)
{
	return memcmp((const u8 *)a + MLIC_SECURE_HEADER_BYTES,
		      (const u8 *)b + MLIC_SECURE_HEADER_BYTES,
		      dev->geo.copy_bytes - MLIC_SECURE_HEADER_BYTES);
}

/*
 * Rewrite copy @bad from copy @good, which carries generation @generation.
 * Return: the state copy @bad ends in.
 */
static u8 mlic_secure_repair(struct mlic_device *dev, unsigned int bad,
			     void *buf, const void *good, u64 generation)
{
	int err;

	if (dev->read_only) {
		pr_warn("%s: secure area copy %c not repaired: medium is read-only\n",
			dev->disk->disk_name, 'A' + bad);
		return MLIC_COPY_DAMAGED;
	}
	memcpy(buf, good, dev->geo.copy_bytes);
	err = mlic_secure_write_copy(dev, bad, buf, generation);
	if (err) {
		pr_warn("%s: secure area copy %c could not be repaired (%d)\n",
			dev->disk->disk_name, 'A' + bad, err);
		return MLIC_COPY_DAMAGED;
	}
	pr_notice("%s: secure area copy %c repaired from copy %c\n",
		  dev->disk->disk_name, 'A' + bad, 'A' + !bad);
	return MLIC_COPY_REPAIRED;
}

/**
 * mlic_secure_load() - read the secure area of a medium being attached
 * @dev: the device, with @backing, @geo and @read_only set, lock held
 *
 * Chooses the newest valid copy, repairs the other one if it is damaged,
 * stale or different, and sets @secure, @generation, @slots_used and
 * @copy_state; mlic_license_load() then sets @license_state.  A medium
 * whose copies are both damaged still attaches: its user area is readable
 * and a backup can be restored.
 *
 * Return: 0 or -ENOMEM.
 */
int mlic_secure_load(struct mlic_device *dev)
{
	size_t len = dev->geo.copy_bytes;
	void *copy[2];
	u64 gen[2] = { };
	bool ok[2];
	unsigned int good, other, i;

	copy[0] = kvmalloc(len, GFP_KERNEL);
	copy[1] = kvmalloc(len, GFP_KERNEL);
	if (!copy[0] || !copy[1]) {
		kvfree(copy[0]);
		kvfree(copy[1]);
		return -ENOMEM;
	}
	for (i = 0; i < 2; i++)
		ok[i] = !mlic_secure_read_copy(dev, i, copy[i], &gen[i]);

	if (!ok[0] && !ok[1]) {
		pr_err("%s: both secure area copies are damaged; restore the licenses from a backup\n",
		       dev->disk->disk_name);
		dev->copy_state[0] = MLIC_COPY_DAMAGED;
		dev->copy_state[1] = MLIC_COPY_DAMAGED;
		kvfree_sensitive(copy[0], len);
		kvfree_sensitive(copy[1], len);
		return 0;
	}

	good = ok[0] && ok[1] ? gen[1] > gen[0] : !ok[0];
	other = !good;
	dev->copy_state[good] = MLIC_COPY_OK;
	dev->copy_state[other] = MLIC_COPY_OK;
	if (!ok[other] || gen[other] != gen[good] ||
	    mlic_secure_copies_differ(dev, copy[good], copy[other]))
		dev->copy_state[other] = mlic_secure_repair(dev, other,
							    copy[other],
							    copy[good],
							    gen[good]);
	kvfree_sensitive(copy[other], len);

	dev->secure = copy[good];
	dev->generation = gen[good];
	dev->slots_used = mlic_secure_slots_used(dev->secure, &dev->geo);
	return 0;
}

/**
 * mlic_secure_commit() - write a new secure area, crash-safely
 * @dev: the device, lock held, writable
 * @copy: the new contents (header fields are set here); on success the
 *	  device takes it and @copy receives the old buffer (or NULL) to free
 * @generation: the generation both copies get, above any they had
 *
 * Both copies get @generation.  The copy that may be lost is
 * written first and flushed, then the other: at every instant one copy
 * holds the old or the new licenses, and the next attach repairs the
 * other.  If the second write fails the new licenses are committed all
 * the same (one copy holds them) and the other copy is marked damaged.
 *
 * Return: 0, or the error of the first write (nothing changed then).
 */
int mlic_secure_commit(struct mlic_device *dev, void **copy, u64 generation)
{
	unsigned int first, second;
	void *old;
	int err;

	/* Never overwrite the only good copy first. */
	first = dev->copy_state[1] == MLIC_COPY_DAMAGED &&
		dev->copy_state[0] != MLIC_COPY_DAMAGED;
	second = !first;

	err = mlic_secure_write_copy(dev, first, *copy, generation);
	if (err) {
		pr_err("%s: writing secure area copy %c failed (%d); licenses unchanged\n",
		       dev->disk->disk_name, 'A' + first, err);
		dev->copy_state[first] = MLIC_COPY_DAMAGED;
		return err;
	}
	dev->copy_state[first] = MLIC_COPY_OK;
	err = mlic_secure_write_copy(dev, second, *copy, generation);
	if (err)
		pr_err("%s: writing secure area copy %c failed (%d); it will be repaired from copy %c\n",
		       dev->disk->disk_name, 'A' + second, err, 'A' + first);
	dev->copy_state[second] = err ? MLIC_COPY_DAMAGED : MLIC_COPY_OK;

	old = dev->secure;
	dev->secure = *copy;
	*copy = old;
	dev->generation = generation;
	dev->slots_used = mlic_secure_slots_used(dev->secure, &dev->geo);
	return 0;
}

/**
 * mlic_secure_unload() - forget the secure area of a medium being detached
 * @dev: the device, lock held
 */
void mlic_secure_unload(struct mlic_device *dev)
{
	if (dev->secure)
		kvfree_sensitive(dev->secure, dev->geo.copy_bytes);
	dev->secure = NULL;
	dev->generation = 0;
	dev->slots_used = 0;
	dev->license_state = MLIC_LICENSE_NONE;
	dev->copy_state[0] = MLIC_COPY_OK;
	dev->copy_state[1] = MLIC_COPY_OK;
}
