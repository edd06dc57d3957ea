// SPDX-License-Identifier: GPL-2.0
/*
 * mlic_backup_test.c - MLIC_BACKUP and MLIC_RESTORE at the ioctl level:
 * every field, every refusal, every binding, every region of a blob, and
 * crash safety through the fault injection point.  The media here hold no
 * licenses (that needs mlic-master); what is restored is then told apart
 * by the secure area's state and generation.  License round trips through
 * backups are in backup.sh.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mlic_test.h"
#include "kselftest_harness.h"

#define SLOTS		8
#define BLOB_MAX	(sizeof(struct mlic_backup_header) + \
			 SLOTS * MLIC_SLOT_SIZE + 2 * MLIC_TAG_SIZE)
#define FAULT_PATH	"/sys/kernel/debug/mlic/fail_secure_write"

static int load_key(int ctl, u8 fill)
{
	u8 key[MLIC_KEY_SIZE];
	struct mlic_key_load req = { };

	memset(key, fill, sizeof(key));
	req.key_id = syscall(SYS_add_key, "logon", "mlic:system", key,
			     sizeof(key), KEY_SPEC_PROCESS_KEYRING);
	if (req.key_id < 0)
		return -errno;
	return ioctl(ctl, MLIC_CTL_KEY_LOAD, &req) ? -errno : 0;
}

/* NUL padded; a claim too long for the field is cut (and then refused). */
static void set_drive_id(u8 *dst, const char *id)
{
	if (id)
		memcpy(dst, id, strnlen(id, MLIC_DRIVE_ID_SIZE));
}

static int backup(int dev, u32 flags, int drive_fd, const char *drive_id,
		  void *buf, u64 *bytes)
{
	struct mlic_backup req = {
		.flags = flags,
		.drive.drive_fd = drive_fd,
		.buf = (uintptr_t)buf,
		.buf_bytes = *bytes,
	};
	int err;

	set_drive_id(req.drive.drive_id, drive_id);
	err = ioctl(dev, MLIC_BACKUP, &req) ? -errno : 0;
	*bytes = req.buf_bytes;
	return err;
}

static int restore(int dev, int drive_fd, const char *drive_id,
		   const void *buf, u64 bytes)
{
	struct mlic_restore req = {
		.drive.drive_fd = drive_fd,
		.buf = (uintptr_t)buf,
		.buf_bytes = bytes,
	};

	set_drive_id(req.drive.drive_id, drive_id);
	return ioctl(dev, MLIC_RESTORE, &req) ? -errno : 0;
}

static int fault_after(int n)
{
	char s[16];
	int fd = open(FAULT_PATH, O_WRONLY | O_CLOEXEC);
	ssize_t w;

	if (fd < 0)
		return -errno;
	snprintf(s, sizeof(s), "%d", n);
	w = write(fd, s, strlen(s));
	close(fd);
	return w < 0 ? -errno : 0;
}

FIXTURE(medium) {
	char path[256];
	struct mlic_geometry geo;
	int img, ctl, dev;
	u32 index;
	u8 blob[BLOB_MAX];
	u64 bytes;
};

static void reattach(struct __test_metadata *_metadata,
		     FIXTURE_DATA(medium) *self, int flags)
{
	int fd;

	ioctl(self->dev, MLIC_DETACH, 0);
	fd = open(self->path, flags | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, mlic_test_attach(self->dev, fd, 0));
	close(fd);
}

/*
 * Overwrite both copies of the secure area in the image with junk, all of
 * them, so that a write torn half-way is told apart from a whole one.
 */
static void wreck_secure_area(struct __test_metadata *_metadata,
			      FIXTURE_DATA(medium) *self)
{
	size_t len = self->geo.copy_bytes;
	u8 *junk = malloc(len);

	ASSERT_NE(NULL, junk);
	memset(junk, 0x6b, len);
	ioctl(self->dev, MLIC_DETACH, 0);
	for (unsigned int w = 0; w < 2; w++)
		ASSERT_EQ(0, mlic_pwrite_full(self->img, junk, len,
				mlic_secure_copy_offset(&self->geo, w)));
	free(junk);
	ASSERT_EQ(0, fsync(self->img));
	reattach(_metadata, self, O_RDWR);
}

static void info(struct __test_metadata *_metadata,
		 FIXTURE_DATA(medium) *self, struct mlic_info *i)
{
	ASSERT_EQ(0, ioctl(self->dev, MLIC_GET_INFO, i));
}

FIXTURE_SETUP(medium)
{
	snprintf(self->path, sizeof(self->path), "%s/backup-%d.img",
		 mlic_test_dir(), getpid());
	ASSERT_EQ(0, mlic_test_image(self->path, 12 << 20, SLOTS, &self->geo));
	self->img = open(self->path, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->img);
	self->ctl = open("/dev/mlic-control", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->ctl);
	ioctl(self->ctl, MLIC_CTL_KEY_UNLOAD, 0);
	ASSERT_EQ(0, load_key(self->ctl, 0x11));
	ASSERT_EQ(0, mlic_test_get_free(self->ctl, &self->index));
	self->dev = mlic_test_open_dev(self->index, O_RDWR);
	ASSERT_LE(0, self->dev);
	ASSERT_EQ(0, mlic_test_attach(self->dev, self->img, 0));
	self->bytes = sizeof(self->blob);
}

FIXTURE_TEARDOWN(medium)
{
	fault_after(0);
	ioctl(self->dev, MLIC_DETACH, 0);
	ioctl(self->ctl, MLIC_CTL_KEY_UNLOAD, 0);
	close(self->dev);
	close(self->ctl);
	close(self->img);
	unlink(self->path);
}

TEST_F(medium, unbound_backup_restores_a_wrecked_secure_area)
{
	struct mlic_backup_header *h = (void *)self->blob;
	struct mlic_info before, after;
	u64 need = 1;

	info(_metadata, self, &before);
	/* Too little room: EOVERFLOW and the size needed. */
	EXPECT_EQ(-EOVERFLOW, backup(self->dev, 0, -1, NULL, self->blob,
				     &need));
	EXPECT_EQ(sizeof(*h) + SLOTS * MLIC_SLOT_SIZE + MLIC_TAG_SIZE, need);
	ASSERT_EQ(0, backup(self->dev, 0, -1, NULL, self->blob, &self->bytes));
	EXPECT_EQ(need, self->bytes);
	EXPECT_EQ(MLIC_BACKUP_MAGIC, le64toh(h->magic));
	EXPECT_EQ(0, memcmp(h->medium_id, self->geo.medium_id, MLIC_ID_SIZE));
	EXPECT_EQ(0, h->flags);
	EXPECT_EQ(SLOTS, le32toh(h->slot_count));
	EXPECT_EQ(before.generation, le64toh(h->generation));

	wreck_secure_area(_metadata, self);
	info(_metadata, self, &after);
	EXPECT_EQ(MLIC_LICENSE_DAMAGED, after.license_state);

	ASSERT_EQ(0, restore(self->dev, -1, NULL, self->blob, self->bytes));
	info(_metadata, self, &after);
	EXPECT_EQ(MLIC_LICENSE_EMPTY, after.license_state);
	EXPECT_LT(before.generation, after.generation);
	/* Both copies were written: the next attach finds them good. */
	reattach(_metadata, self, O_RDWR);
	info(_metadata, self, &after);
	EXPECT_EQ(MLIC_LICENSE_EMPTY, after.license_state);
}

TEST_F(medium, backup_refuses_garbage)
{
	u64 n;

	n = self->bytes;
	EXPECT_EQ(-EINVAL, backup(self->dev, 0x8, -1, NULL, self->blob, &n));
	n = self->bytes;
	EXPECT_EQ(-EINVAL, backup(self->dev, MLIC_BACKUP_BIND_APPARATUS |
				  MLIC_BACKUP_BIND_DRIVE, -1, NULL,
				  self->blob, &n));
	n = self->bytes;
	EXPECT_EQ(-EINVAL, backup(self->dev, MLIC_BACKUP_APPARATUS_FIRST, -1,
				  NULL, self->blob, &n));
	n = self->bytes;
	EXPECT_EQ(-EINVAL, backup(self->dev, 0, -1, "stray", self->blob, &n));
	n = self->bytes;
	EXPECT_EQ(-EBADF, backup(self->dev, MLIC_BACKUP_BIND_DRIVE, -1, "x",
				 self->blob, &n));

	struct mlic_backup req = { .buf = (uintptr_t)self->blob,
				   .buf_bytes = self->bytes };

	req.reserved[0] = 1;
	EXPECT_EQ(-1, ioctl(self->dev, MLIC_BACKUP, &req));
	EXPECT_EQ(EINVAL, errno);
	req.reserved[0] = 0;
	req.licenses = 3;
	EXPECT_EQ(-1, ioctl(self->dev, MLIC_BACKUP, &req));
	EXPECT_EQ(EINVAL, errno);
	req.licenses = 0;
	req.buf = 8;
	EXPECT_EQ(-1, ioctl(self->dev, MLIC_BACKUP, &req));
	EXPECT_EQ(EFAULT, errno);

	ASSERT_EQ(0, ioctl(self->ctl, MLIC_CTL_KEY_UNLOAD, 0));
	n = self->bytes;
	EXPECT_EQ(-ENOKEY, backup(self->dev, 0, -1, NULL, self->blob, &n));
}

TEST_F(medium, restore_refuses_and_changes_nothing)
{
	struct mlic_backup_header *h = (void *)self->blob;
	struct mlic_info before, after;
	u8 copy[BLOB_MAX];
	int ro;

	ASSERT_EQ(0, backup(self->dev, 0, -1, NULL, self->blob, &self->bytes));
	info(_metadata, self, &before);

	/* Truncated, padded, empty. */
	EXPECT_EQ(-EINVAL, restore(self->dev, -1, NULL, self->blob,
				   self->bytes - 1));
	EXPECT_EQ(-EINVAL, restore(self->dev, -1, NULL, self->blob,
				   self->bytes + 1));
	EXPECT_EQ(-EINVAL, restore(self->dev, -1, NULL, self->blob, 0));
	EXPECT_EQ(-EINVAL, restore(self->dev, -1, NULL, self->blob, 1 << 30));

	/* Another version, flags, medium. */
	memcpy(copy, self->blob, self->bytes);
	((struct mlic_backup_header *)copy)->version = htole32(2);
	EXPECT_EQ(-EOPNOTSUPP, restore(self->dev, -1, NULL, copy, self->bytes));
	memcpy(copy, self->blob, self->bytes);
	((struct mlic_backup_header *)copy)->magic ^= 1;
	EXPECT_EQ(-EINVAL, restore(self->dev, -1, NULL, copy, self->bytes));
	memcpy(copy, self->blob, self->bytes);
	((struct mlic_backup_header *)copy)->medium_id[7] ^= 0x40;
	EXPECT_EQ(-EXDEV, restore(self->dev, -1, NULL, copy, self->bytes));

	/* A flipped bit anywhere that is authenticated: EBADMSG. */
	for (size_t at = offsetof(struct mlic_backup_header, created);
	     at < self->bytes; at += 7) {
		int err;

		if (at >= offsetof(struct mlic_backup_header, reserved) &&
		    at < sizeof(*h))
			continue;	/* reserved bytes: EINVAL, below */
		if (at >= offsetof(struct mlic_backup_header, slot_count) &&
		    at < offsetof(struct mlic_backup_header, nonce))
			continue;	/* geometry: EINVAL, below */
		memcpy(copy, self->blob, self->bytes);
		copy[at] ^= 0x01;
		err = restore(self->dev, -1, NULL, copy, self->bytes);
		EXPECT_EQ(-EBADMSG, err) TH_LOG("bit flip at byte %zu", at);
	}
	memcpy(copy, self->blob, self->bytes);
	((struct mlic_backup_header *)copy)->reserved[5] = 1;
	EXPECT_EQ(-EINVAL, restore(self->dev, -1, NULL, copy, self->bytes));
	memcpy(copy, self->blob, self->bytes);
	((struct mlic_backup_header *)copy)->licenses = htole32(SLOTS + 1);
	EXPECT_EQ(-EINVAL, restore(self->dev, -1, NULL, copy, self->bytes));

	/* Another system key: the layers do not open. */
	ASSERT_EQ(0, ioctl(self->ctl, MLIC_CTL_KEY_UNLOAD, 0));
	EXPECT_EQ(-ENOKEY, restore(self->dev, -1, NULL, self->blob,
				   self->bytes));
	ASSERT_EQ(0, load_key(self->ctl, 0x22));
	EXPECT_EQ(-EBADMSG, restore(self->dev, -1, NULL, self->blob,
				    self->bytes));
	ASSERT_EQ(0, ioctl(self->ctl, MLIC_CTL_KEY_UNLOAD, 0));
	ASSERT_EQ(0, load_key(self->ctl, 0x11));

	info(_metadata, self, &after);
	EXPECT_EQ(before.generation, after.generation);

	/* Read-only media refuse. */
	ASSERT_EQ(0, ioctl(self->dev, MLIC_DETACH, 0));
	ro = open(self->path, O_RDONLY);
	ASSERT_LE(0, ro);
	ASSERT_EQ(0, mlic_test_attach(self->dev, ro, 0));
	close(ro);
	EXPECT_EQ(-EROFS, restore(self->dev, -1, NULL, self->blob,
				  self->bytes));
}

TEST_F(medium, root_only)
{
	pid_t pid;
	int status;

	ASSERT_EQ(0, backup(self->dev, 0, -1, NULL, self->blob, &self->bytes));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		u64 n = sizeof(self->blob);

		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(10);
		if (backup(self->dev, 0, -1, NULL, self->blob, &n) != -EPERM)
			_exit(11);
		if (restore(self->dev, -1, NULL, self->blob,
			    self->bytes) != -EPERM)
			_exit(12);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_F(medium, apparatus_binding_both_orders)
{
	struct mlic_apparatus app = { };
	u32 orders[] = { 0, MLIC_BACKUP_APPARATUS_FIRST };
	struct mlic_backup_header *h = (void *)self->blob;

	ASSERT_EQ(0, ioctl(self->ctl, MLIC_CTL_APPARATUS, &app));
	if (!(app.flags & MLIC_APPARATUS_KNOWN)) {
		u64 n = self->bytes;

		EXPECT_EQ(-ENODATA, backup(self->dev,
					   MLIC_BACKUP_BIND_APPARATUS, -1,
					   NULL, self->blob, &n));
		SKIP(return, "this drive has no apparatus ID");
	}
	for (int o = 0; o < 2; o++) {
		u8 copy[BLOB_MAX];

		self->bytes = sizeof(self->blob);
		ASSERT_EQ(0, backup(self->dev, MLIC_BACKUP_BIND_APPARATUS |
				    orders[o], -1, NULL, self->blob,
				    &self->bytes));
		EXPECT_EQ(0, memcmp(h->apparatus_id, app.id, MLIC_ID_SIZE));
		EXPECT_EQ(sizeof(*h) + SLOTS * MLIC_SLOT_SIZE +
			  2 * MLIC_TAG_SIZE, self->bytes);
		/* Another apparatus: refused from the clear header. */
		memcpy(copy, self->blob, self->bytes);
		((struct mlic_backup_header *)copy)->apparatus_id[0] ^= 1;
		EXPECT_EQ(-EXDEV, restore(self->dev, -1, NULL, copy,
					  self->bytes));
		/* The order is authenticated: flipping it fails. */
		memcpy(copy, self->blob, self->bytes);
		((struct mlic_backup_header *)copy)->flags ^=
			htole32(MLIC_BACKUP_APPARATUS_FIRST);
		EXPECT_EQ(-EBADMSG, restore(self->dev, -1, NULL, copy,
					    self->bytes));
		wreck_secure_area(_metadata, self);
		EXPECT_EQ(0, restore(self->dev, -1, NULL, self->blob,
				     self->bytes)) TH_LOG("order %d", o);
	}
}

TEST_F(medium, drive_binding)
{
	const char *second = getenv("MLIC_SECOND");
	char path[300], other[300];
	u8 copy[BLOB_MAX];
	int fd, tmp;

	if (!second)
		SKIP(return, "no second drive (MLIC_SECOND)");
	snprintf(path, sizeof(path), "%s/backup-%d.mlb", second, getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0400);
	ASSERT_LE(0, fd);

	ASSERT_EQ(0, backup(self->dev, MLIC_BACKUP_BIND_DRIVE, fd,
			    "virtio:MLIC-SECOND-0001", self->blob,
			    &self->bytes));
	EXPECT_STREQ("virtio:MLIC-SECOND-0001",
		     (char *)((struct mlic_backup_header *)self->blob)->drive_id);
	/* Restored from where it lies: fine; elsewhere: another drive. */
	wreck_secure_area(_metadata, self);
	EXPECT_EQ(-EXDEV, restore(self->dev, fd, "virtio:MLIC-SCRATCH-0001",
				  self->blob, self->bytes));
	EXPECT_EQ(0, restore(self->dev, fd, "virtio:MLIC-SECOND-0001",
			     self->blob, self->bytes));

	/* Malformed identities and drives that are none. */
	self->bytes = sizeof(self->blob);
	EXPECT_EQ(-EINVAL, backup(self->dev, MLIC_BACKUP_BIND_DRIVE, fd,
				  "has space", self->blob, &self->bytes));
	self->bytes = sizeof(self->blob);
	EXPECT_EQ(-EINVAL, backup(self->dev, MLIC_BACKUP_BIND_DRIVE, fd, "",
				  self->blob, &self->bytes));
	snprintf(other, sizeof(other), "/tmp/backup-%d.mlb", getpid());
	tmp = open(other, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0400);
	ASSERT_LE(0, tmp);
	self->bytes = sizeof(self->blob);
	EXPECT_EQ(-ENOTBLK, backup(self->dev, MLIC_BACKUP_BIND_DRIVE, tmp,
				   "virtio:X", self->blob, &self->bytes));
	close(tmp);
	unlink(other);

	/* The drive ID is authenticated too. */
	self->bytes = sizeof(self->blob);
	ASSERT_EQ(0, backup(self->dev, MLIC_BACKUP_BIND_DRIVE, fd,
			    "virtio:MLIC-SECOND-0001", self->blob,
			    &self->bytes));
	memcpy(copy, self->blob, self->bytes);
	memcpy(((struct mlic_backup_header *)copy)->drive_id, "virtio:MLIC-SECOND-0002", 23);
	EXPECT_EQ(-EBADMSG, restore(self->dev, fd, "virtio:MLIC-SECOND-0002",
				    copy, self->bytes));
	close(fd);
	unlink(path);
}

/* A second medium as the drive: the kernel names it by its medium ID. */
TEST_F(medium, second_medium_as_the_drive)
{
	char path[300], mnt[300], file[400], cmd[800], want[64];
	struct mlic_geometry geo;
	u32 index = 0;
	int dev2, img2, fd;

	snprintf(path, sizeof(path), "%s/second-%d.img", mlic_test_dir(),
		 getpid());
	snprintf(mnt, sizeof(mnt), "%s/second-%d.mnt", mlic_test_dir(),
		 getpid());
	ASSERT_EQ(0, mlic_test_image(path, 24 << 20, SLOTS, &geo));
	img2 = open(path, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, img2);
	ASSERT_EQ(0, mlic_test_get_free(self->ctl, &index));
	dev2 = mlic_test_open_dev(index, O_RDWR);
	ASSERT_LE(0, dev2);
	ASSERT_EQ(0, mlic_test_attach(dev2, img2, 0));
	snprintf(cmd, sizeof(cmd), "mkfs.ext4 -q /dev/mlic%u && mkdir -p %s",
		 index, mnt);
	ASSERT_EQ(0, system(cmd));
	snprintf(cmd, sizeof(cmd), "/dev/mlic%u", index);
	ASSERT_EQ(0, mount(cmd, mnt, "ext4", 0, NULL));
	snprintf(file, sizeof(file), "%s/licenses.mlb", mnt);
	fd = open(file, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0400);
	ASSERT_LE(0, fd);

	/* No identity given: the driver takes the medium's. */
	ASSERT_EQ(0, backup(self->dev, MLIC_BACKUP_BIND_DRIVE |
			    MLIC_BACKUP_APPARATUS_FIRST, fd, NULL,
			    self->blob, &self->bytes));
	snprintf(want, sizeof(want), "mlic:");
	for (int i = 0; i < MLIC_ID_SIZE; i++)
		snprintf(want + 5 + 2 * i, 3, "%02x", geo.medium_id[i]);
	EXPECT_STREQ(want,
		     (char *)((struct mlic_backup_header *)self->blob)->drive_id);
	/* A claim that disagrees with the medium is refused. */
	EXPECT_EQ(-EINVAL, restore(self->dev, fd, "mlic:0000", self->blob,
				   self->bytes));
	wreck_secure_area(_metadata, self);
	EXPECT_EQ(0, restore(self->dev, fd, NULL, self->blob, self->bytes));

	close(fd);
	EXPECT_EQ(0, umount(mnt));
	EXPECT_EQ(0, ioctl(dev2, MLIC_DETACH, 0));
	close(dev2);
	close(img2);
	unlink(path);
	rmdir(mnt);
}

/*
 * A crash at either write of a restore leaves the old or the new secure
 * area: with both copies wrecked first, "old" is damaged and "new" is a
 * valid empty secure area.
 */
TEST_F(medium, restore_survives_a_crash_at_each_write)
{
	struct mlic_info i;

	if (access(FAULT_PATH, W_OK))
		SKIP(return, "no fault injection (debugfs)");
	ASSERT_EQ(0, backup(self->dev, 0, -1, NULL, self->blob, &self->bytes));

	/* Torn first write: nothing committed, still damaged. */
	wreck_secure_area(_metadata, self);
	ASSERT_EQ(0, fault_after(1));
	EXPECT_EQ(-EIO, restore(self->dev, -1, NULL, self->blob, self->bytes));
	reattach(_metadata, self, O_RDWR);
	info(_metadata, self, &i);
	EXPECT_EQ(MLIC_LICENSE_DAMAGED, i.license_state);

	/* Torn second write: committed in copy A, B repaired at attach. */
	ASSERT_EQ(0, fault_after(2));
	EXPECT_EQ(0, restore(self->dev, -1, NULL, self->blob, self->bytes));
	reattach(_metadata, self, O_RDWR);
	info(_metadata, self, &i);
	EXPECT_EQ(MLIC_LICENSE_REPAIRED, i.license_state);
	reattach(_metadata, self, O_RDWR);
	info(_metadata, self, &i);
	EXPECT_EQ(MLIC_LICENSE_EMPTY, i.license_state);
}

TEST_HARNESS_MAIN
