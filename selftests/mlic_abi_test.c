// SPDX-License-Identifier: GPL-2.0
/*
 * mlic_abi_test.c - every ioctl of mlic, every field, every errno, and every
 * block layer route that could reach the first or the secure area.
 *
 * Runs as root in the test VM with mlic loaded.  Images live in
 * $MLIC_SCRATCH (a real file system, so direct I/O is exercised) or /tmp.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/blkpg.h>
#include <linux/fs.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mlic_test.h"
#include "kselftest_harness.h"

#define IMAGE_BYTES	(24ULL << 20)
#define SLOTS		8

/* The same command with another size field. */
#define RESIZE(cmd, size) \
	(((cmd) & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT)) | \
	 ((size) << _IOC_SIZESHIFT))

/* Bytes of the image outside the user area, to prove nothing touched it. */
static void *read_protected(int img, const struct mlic_geometry *geo)
{
	size_t len = geo->user_offset;
	void *buf = malloc(len);

	if (buf && mlic_pread_full(img, buf, len, 0)) {
		free(buf);
		return NULL;
	}
	return buf;
}

FIXTURE(medium) {
	char path[256];
	struct mlic_geometry geo;
	void *protected;
	int img;
	int ctl;
	u32 index;
	int dev;
	bool attached;
};

FIXTURE_SETUP(medium)
{
	snprintf(self->path, sizeof(self->path), "%s/abi-%d.img",
		 mlic_test_dir(), getpid());
	ASSERT_EQ(0, mlic_test_image(self->path, IMAGE_BYTES, SLOTS, &self->geo));
	self->img = open(self->path, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->img);
	self->protected = read_protected(self->img, &self->geo);
	ASSERT_NE(NULL, self->protected);
	self->ctl = open("/dev/mlic-control", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->ctl) TH_LOG("is mlic loaded? %s", strerror(errno));
	ASSERT_EQ(0, mlic_test_get_free(self->ctl, &self->index));
	self->dev = mlic_test_open_dev(self->index, O_RDWR);
	ASSERT_LE(0, self->dev);
	ASSERT_EQ(0, mlic_test_attach(self->dev, self->img, 0));
	self->attached = true;
}

FIXTURE_TEARDOWN(medium)
{
	void *now;

	if (self->attached)
		EXPECT_EQ(0, ioctl(self->dev, MLIC_DETACH, 0));
	/* Whatever the test did, the first and the secure area are intact. */
	now = read_protected(self->img, &self->geo);
	EXPECT_NE(NULL, now);
	if (now)
		EXPECT_EQ(0, memcmp(now, self->protected, self->geo.user_offset));
	free(now);
	free(self->protected);
	close(self->dev);
	close(self->ctl);
	close(self->img);
	unlink(self->path);
}

/* --- /dev/mlic-control --------------------------------------------- */

TEST_F(medium, control_unknown_commands)
{
	struct mlic_ctl_device req = { .index = MLIC_INDEX_ANY };

	EXPECT_EQ(-1, ioctl(self->ctl, _IOWR(MLIC_IOCTL_MAGIC, 0x0f,
					     struct mlic_ctl_device), &req));
	EXPECT_EQ(ENOTTY, errno);
	/* A device command on the control device is not a control command. */
	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_GET_INFO, &req));
	EXPECT_EQ(ENOTTY, errno);
	/* Same number, wrong direction. */
	EXPECT_EQ(-1, ioctl(self->ctl, _IOR(MLIC_IOCTL_MAGIC, 0x02,
					    struct mlic_ctl_device), &req));
	EXPECT_EQ(ENOTTY, errno);
	/* A structure smaller than the defined one. */
	EXPECT_EQ(-1, ioctl(self->ctl, RESIZE(MLIC_CTL_GET_FREE, 4), &req));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(medium, control_rejects_garbage_fields)
{
	struct mlic_ctl_device req = { .index = MLIC_INDEX_ANY, .flags = 1 };

	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_CTL_GET_FREE, &req));
	EXPECT_EQ(EINVAL, errno);
	req.flags = 0x80000000;
	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_CTL_ADD, &req));
	EXPECT_EQ(EINVAL, errno);
	req.flags = 0;
	req.reserved[1] = 1;
	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_CTL_GET_FREE, &req));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_CTL_GET_FREE, NULL));
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(medium, control_larger_structures)
{
	struct {
		struct mlic_ctl_device req;
		__u64 future[2];
	} big = { .req.index = MLIC_INDEX_ANY };
	unsigned int cmd = RESIZE(MLIC_CTL_GET_FREE, sizeof(big));

	/* A newer caller's zero tail is accepted... */
	ASSERT_EQ(0, ioctl(self->ctl, cmd, &big));
	EXPECT_NE(MLIC_INDEX_ANY, big.req.index);
	EXPECT_EQ(0, big.future[0]);
	/* ...a non-zero one is not. */
	big.req.index = MLIC_INDEX_ANY;
	big.future[1] = 7;
	EXPECT_EQ(-1, ioctl(self->ctl, cmd, &big));
	EXPECT_EQ(E2BIG, errno);
}

TEST_F(medium, control_add_and_remove)
{
	struct mlic_ctl_device req = { .index = self->index };
	u32 index = 0;
	int fd;

	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_CTL_ADD, &req));
	EXPECT_EQ(EEXIST, errno);
	req.index = MLIC_INDEX_LIMIT;
	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_CTL_ADD, &req));
	EXPECT_EQ(EINVAL, errno);

	/* Bound: cannot be removed. */
	req.index = self->index;
	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_CTL_REMOVE, &req));
	EXPECT_EQ(EBUSY, errno);

	req.index = MLIC_INDEX_ANY;
	ASSERT_EQ(0, ioctl(self->ctl, MLIC_CTL_ADD, &req));
	index = req.index;
	EXPECT_NE(self->index, index);

	/* Open: cannot be removed either. */
	fd = mlic_test_open_dev(index, O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_CTL_REMOVE, &req));
	EXPECT_EQ(EBUSY, errno);
	close(fd);

	EXPECT_EQ(0, ioctl(self->ctl, MLIC_CTL_REMOVE, &req));
	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_CTL_REMOVE, &req));
	EXPECT_EQ(ENODEV, errno);
	req.index = MLIC_INDEX_ANY;
	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_CTL_REMOVE, &req));
	EXPECT_EQ(ENODEV, errno);
}

/* --- MLIC_ATTACH --------------------------------------------------- */

TEST_F(medium, attach_refuses_bad_arguments)
{
	struct mlic_attach req = { .fd = self->img };
	int other, fd, pipefd[2];
	u32 index = 0;

	ASSERT_EQ(0, mlic_test_get_free(self->ctl, &index));
	other = mlic_test_open_dev(index, O_RDWR);
	ASSERT_LE(0, other);

	req.flags = 0x4;
	EXPECT_EQ(-1, ioctl(other, MLIC_ATTACH, &req));
	EXPECT_EQ(EINVAL, errno);
	req.flags = 0;
	req.reserved[3] = 1;
	EXPECT_EQ(-1, ioctl(other, MLIC_ATTACH, &req));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-EBADF, mlic_test_attach(other, -1, 0));
	EXPECT_EQ(-EBADF, mlic_test_attach(other, 999, 0));

	fd = open(mlic_test_dir(), O_RDONLY | O_DIRECTORY);
	EXPECT_EQ(-EINVAL, mlic_test_attach(other, fd, 0));
	close(fd);
	ASSERT_EQ(0, pipe(pipefd));
	EXPECT_EQ(-EINVAL, mlic_test_attach(other, pipefd[0], 0));
	close(pipefd[0]);
	close(pipefd[1]);
	fd = open(self->path, O_RDWR | O_APPEND);
	EXPECT_EQ(-EINVAL, mlic_test_attach(other, fd, 0));
	close(fd);
	fd = open(self->path, O_RDWR | O_DIRECT);
	if (fd >= 0) {
		EXPECT_EQ(-EINVAL, mlic_test_attach(other, fd, 0));
		close(fd);
	}
	fd = open(self->path, O_WRONLY);
	EXPECT_EQ(-EBADF, mlic_test_attach(other, fd, 0));
	close(fd);
	/* An mlic device cannot hold a medium. */
	EXPECT_EQ(-EINVAL, mlic_test_attach(other, self->dev, 0));
	/* A bound device cannot be bound again... */
	EXPECT_EQ(-EBUSY, mlic_test_attach(self->dev, self->img, 0));
	/* ...nor an attached image attached again, by any name. */
	EXPECT_EQ(-EBUSY, mlic_test_attach(other, self->img, 0));
	fd = open(self->path, O_RDONLY);
	EXPECT_EQ(-EBUSY, mlic_test_attach(other, fd, MLIC_ATTACH_READ_ONLY));
	close(fd);
	EXPECT_EQ(-1, ioctl(other, MLIC_GET_INFO, &req));
	EXPECT_EQ(ENXIO, errno);
	close(other);
}

TEST_F(medium, attach_refuses_an_empty_file)
{
	char path[300];
	u32 index = 0;
	int dev, fd;

	snprintf(path, sizeof(path), "%s.empty", self->path);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, mlic_test_get_free(self->ctl, &index));
	dev = mlic_test_open_dev(index, O_RDWR);
	ASSERT_LE(0, dev);
	EXPECT_EQ(-EMEDIUMTYPE, mlic_test_attach(dev, fd, 0));
	close(dev);
	close(fd);
	unlink(path);
}

/* --- MLIC_DETACH and MLIC_GET_INFO ---------------------------------- */

TEST_F(medium, detach_rules)
{
	int second;

	EXPECT_EQ(-1, ioctl(self->dev, MLIC_DETACH, 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->dev, RESIZE(MLIC_DETACH, 8), 0));
	EXPECT_EQ(ENOTTY, errno);

	second = mlic_test_open_dev(self->index, O_RDONLY);
	ASSERT_LE(0, second);
	EXPECT_EQ(-1, ioctl(self->dev, MLIC_DETACH, 0));
	EXPECT_EQ(EBUSY, errno);
	close(second);

	ASSERT_EQ(0, ioctl(self->dev, MLIC_DETACH, 0));
	self->attached = false;
	EXPECT_EQ(-1, ioctl(self->dev, MLIC_DETACH, 0));
	EXPECT_EQ(ENXIO, errno);
	EXPECT_EQ(0, ioctl(self->dev, BLKGETSIZE64, &(u64){ 1 }));
}

TEST_F(medium, info_matches_the_image)
{
	struct mlic_info info;
	struct stat st;
	u64 size;

	memset(&info, 0xa5, sizeof(info));
	ASSERT_EQ(0, ioctl(self->dev, MLIC_GET_INFO, &info));
	ASSERT_EQ(0, fstat(self->img, &st));
	EXPECT_EQ(self->index, info.index);
	EXPECT_EQ(0, info.flags & (MLIC_INFO_READ_ONLY | MLIC_INFO_AUTOCLEAR));
	EXPECT_EQ(0, memcmp(info.medium_id, self->geo.medium_id,
			    MLIC_ID_SIZE));
	EXPECT_EQ(st.st_dev, info.backing_dev);
	EXPECT_EQ(st.st_ino, info.backing_ino);
	EXPECT_EQ(self->geo.user_offset, info.user_offset);
	EXPECT_EQ(self->geo.user_bytes, info.user_bytes);
	EXPECT_EQ(MLIC_FIRST_AREA_BYTES, info.secure_offset);
	EXPECT_EQ(2 * self->geo.copy_bytes, info.secure_bytes);
	EXPECT_EQ(SLOTS, info.slot_count);
	EXPECT_EQ(0, info.slots_used);
	EXPECT_EQ(MLIC_LICENSE_EMPTY, info.license_state);
	EXPECT_EQ(1, info.format_version);
	EXPECT_EQ(1, info.generation);
	for (size_t i = 0; i < ARRAY_SIZE(info.reserved); i++)
		EXPECT_EQ(0, info.reserved[i]);

	ASSERT_EQ(0, ioctl(self->dev, BLKGETSIZE64, &size));
	EXPECT_EQ(self->geo.user_bytes, size);
}

TEST_F(medium, info_clears_a_larger_structure)
{
	struct {
		struct mlic_info info;
		__u64 future[4];
	} big;

	memset(&big, 0xa5, sizeof(big));
	ASSERT_EQ(0, ioctl(self->dev, RESIZE(MLIC_GET_INFO, sizeof(big)),
			   &big));
	EXPECT_EQ(self->geo.user_bytes, big.info.user_bytes);
	for (int i = 0; i < 4; i++)
		EXPECT_EQ(0, big.future[i]);
}

/* --- the block device stays inside the user area -------------------- */

TEST_F(medium, writes_land_in_the_user_area)
{
	u64 end = self->geo.user_bytes;
	char buf[4096], back[4096];

	memset(buf, 0x5a, sizeof(buf));
	ASSERT_EQ(sizeof(buf), pwrite(self->dev, buf, sizeof(buf), 0));
	memset(buf, 0xc3, sizeof(buf));
	ASSERT_EQ(sizeof(buf), pwrite(self->dev, buf, sizeof(buf),
				      end - sizeof(buf)));
	ASSERT_EQ(0, fsync(self->dev));

	ASSERT_EQ(0, mlic_pread_full(self->img, back, sizeof(back),
				     self->geo.user_offset));
	memset(buf, 0x5a, sizeof(buf));
	EXPECT_EQ(0, memcmp(buf, back, sizeof(buf)));
	ASSERT_EQ(0, mlic_pread_full(self->img, back, sizeof(back),
				     self->geo.user_offset + end -
				     sizeof(back)));
	memset(buf, 0xc3, sizeof(buf));
	EXPECT_EQ(0, memcmp(buf, back, sizeof(buf)));
}

TEST_F(medium, nothing_past_the_end)
{
	u64 end = self->geo.user_bytes;
	char buf[4096] = { 1 };
	u64 range[2];
	int fd;

	EXPECT_EQ(-1, pwrite(self->dev, buf, sizeof(buf), end));
	EXPECT_EQ(ENOSPC, errno);
	EXPECT_EQ(0, pread(self->dev, buf, sizeof(buf), end));

	range[0] = end - 4096;
	range[1] = 8192;
	EXPECT_EQ(-1, ioctl(self->dev, BLKDISCARD, range));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->dev, BLKZEROOUT, range));
	EXPECT_EQ(EINVAL, errno);
	range[0] = (u64)-4096;
	range[1] = 4096;
	EXPECT_EQ(-1, ioctl(self->dev, BLKZEROOUT, range));
	EXPECT_EQ(EINVAL, errno);
	range[0] = 0;
	range[1] = 4096;
	EXPECT_EQ(-1, ioctl(self->dev, BLKSECDISCARD, range));
	EXPECT_EQ(EOPNOTSUPP, errno);

	fd = mlic_test_open_dev(self->index, O_RDWR | O_DIRECT);
	ASSERT_LE(0, fd);
	void *aligned;

	ASSERT_EQ(0, posix_memalign(&aligned, 4096, 8192));
	EXPECT_EQ(-1, pwrite(fd, aligned, 8192, end));
	EXPECT_EQ(4096, pwrite(fd, aligned, 8192, end - 4096));
	EXPECT_EQ(0, pread(fd, aligned, 4096, end));
	free(aligned);
	close(fd);
}

TEST_F(medium, discard_and_zeroout_stay_inside)
{
	char buf[8192], back[8192];
	u64 range[2] = { 0, sizeof(buf) };

	memset(buf, 0x77, sizeof(buf));
	ASSERT_EQ(sizeof(buf), pwrite(self->dev, buf, sizeof(buf), 0));
	ASSERT_EQ(0, fsync(self->dev));
	ASSERT_EQ(0, ioctl(self->dev, BLKZEROOUT, range));
	ASSERT_EQ(0, fsync(self->dev));
	ASSERT_EQ(0, mlic_pread_full(self->img, back, sizeof(back),
				     self->geo.user_offset));
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(0, memcmp(buf, back, sizeof(buf)));

	memset(buf, 0x66, sizeof(buf));
	ASSERT_EQ(sizeof(buf), pwrite(self->dev, buf, sizeof(buf), 0));
	ASSERT_EQ(0, fsync(self->dev));
	if (ioctl(self->dev, BLKDISCARD, range) == 0) {
		ASSERT_EQ(0, mlic_pread_full(self->img, back, sizeof(back),
					     self->geo.user_offset));
		memset(buf, 0, sizeof(buf));
		EXPECT_EQ(0, memcmp(buf, back, sizeof(buf)));
	} else {
		EXPECT_EQ(EOPNOTSUPP, errno);
	}
}

TEST_F(medium, direct_io_round_trip)
{
	void *w, *r;
	int fd;

	fd = mlic_test_open_dev(self->index, O_RDWR | O_DIRECT);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, posix_memalign(&w, 4096, 1 << 20));
	ASSERT_EQ(0, posix_memalign(&r, 4096, 1 << 20));
	ASSERT_EQ(0, mlic_random(w, 1 << 20));
	/* Aligned, and only sector-aligned: both must work. */
	ASSERT_EQ(1 << 20, pwrite(fd, w, 1 << 20, 1 << 20));
	ASSERT_EQ(512, pwrite(fd, (char *)w + 512, 512, 3 * 512));
	ASSERT_EQ(0, fsync(fd));
	ASSERT_EQ(1 << 20, pread(fd, r, 1 << 20, 1 << 20));
	EXPECT_EQ(0, memcmp(w, r, 1 << 20));
	ASSERT_EQ(0, mlic_pread_full(self->img, r, 1 << 20,
				     self->geo.user_offset + (1 << 20)));
	EXPECT_EQ(0, memcmp(w, r, 1 << 20));
	ASSERT_EQ(512, pread(fd, r, 512, 3 * 512));
	EXPECT_EQ(0, memcmp((char *)w + 512, r, 512));
	free(w);
	free(r);
	close(fd);
}

/* A partition beyond the end of the disk still cannot leave the user area. */
TEST_F(medium, partition_past_the_end_is_contained)
{
	u64 size = self->geo.user_bytes;
	struct blkpg_partition part = {
		.start = size - (1 << 20),
		.length = 16 << 20,	/* far beyond the end */
		.pno = 1,
	};
	struct blkpg_ioctl_arg arg = {
		.op = BLKPG_ADD_PARTITION,
		.datalen = sizeof(part),
		.data = &part,
	};
	char path[64], buf[4096];
	int fd;

	if (ioctl(self->dev, BLKPG, &arg)) {
		/* Kernels that check the capacity refuse it outright. */
		EXPECT_EQ(EINVAL, errno);
		return;
	}
	snprintf(path, sizeof(path), "/dev/mlic%up1", self->index);
	fd = open(path, O_RDWR | O_DIRECT);
	ASSERT_LE(0, fd) TH_LOG("%s: %s", path, strerror(errno));
	void *aligned;

	ASSERT_EQ(0, posix_memalign(&aligned, 4096, sizeof(buf)));
	memset(aligned, 0xee, sizeof(buf));
	/* Inside the disk: fine.  Past its end: the driver refuses. */
	EXPECT_EQ(sizeof(buf), pwrite(fd, aligned, sizeof(buf), 0));
	EXPECT_EQ(-1, pwrite(fd, aligned, sizeof(buf), 2 << 20));
	EXPECT_EQ(EIO, errno);
	EXPECT_EQ(-1, pread(fd, aligned, sizeof(buf), 4 << 20));
	EXPECT_EQ(EIO, errno);
	free(aligned);
	close(fd);
	arg.op = BLKPG_DEL_PARTITION;
	EXPECT_EQ(0, ioctl(self->dev, BLKPG, &arg));
}

/* --- read-only media ------------------------------------------------ */

TEST_F(medium, read_only_fd_forces_read_only)
{
	struct mlic_info info;
	char buf[4096] = { 9 };
	int ro, w;

	ASSERT_EQ(0, ioctl(self->dev, MLIC_DETACH, 0));
	self->attached = false;
	ro = open(self->path, O_RDONLY);
	ASSERT_LE(0, ro);
	ASSERT_EQ(0, mlic_test_attach(self->dev, ro, 0));
	close(ro);
	self->attached = true;
	ASSERT_EQ(0, ioctl(self->dev, MLIC_GET_INFO, &info));
	EXPECT_EQ(MLIC_INFO_READ_ONLY, info.flags & MLIC_INFO_READ_ONLY);

	w = mlic_test_open_dev(self->index, O_RDWR);
	if (w >= 0) {
		EXPECT_EQ(-1, pwrite(w, buf, sizeof(buf), 0));
		close(w);
	}
	/*
	 * Root clearing the partition's read-only flag changes nothing: the
	 * disk stays read-only (EPERM), and the driver would refuse (EIO).
	 */
	EXPECT_EQ(0, ioctl(self->dev, BLKROSET, &(int){ 0 }));
	w = mlic_test_open_dev(self->index, O_RDWR | O_DIRECT);
	ASSERT_LE(0, w);
	void *aligned;

	ASSERT_EQ(0, posix_memalign(&aligned, 4096, sizeof(buf)));
	memset(aligned, 0x11, sizeof(buf));
	EXPECT_EQ(-1, pwrite(w, aligned, sizeof(buf), 0));
	EXPECT_TRUE(errno == EPERM || errno == EIO) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, mlic_pread_full(self->img, aligned, sizeof(buf),
				     self->geo.user_offset));
	EXPECT_EQ(0, ((char *)aligned)[0]);
	free(aligned);
	close(w);
}

TEST_F(medium, read_only_flag)
{
	struct mlic_info info;

	ASSERT_EQ(0, ioctl(self->dev, MLIC_DETACH, 0));
	self->attached = false;
	ASSERT_EQ(0, mlic_test_attach(self->dev, self->img, MLIC_ATTACH_READ_ONLY));
	self->attached = true;
	ASSERT_EQ(0, ioctl(self->dev, MLIC_GET_INFO, &info));
	EXPECT_EQ(MLIC_INFO_READ_ONLY, info.flags & MLIC_INFO_READ_ONLY);
	EXPECT_EQ(0, ioctl(self->dev, BLKROGET, &(int){ 0 }));
}

/* --- autoclear and privileges ---------------------------------------- */

TEST_F(medium, autoclear_detaches_on_last_close)
{
	struct mlic_info info;

	ASSERT_EQ(0, ioctl(self->dev, MLIC_DETACH, 0));
	ASSERT_EQ(0, mlic_test_attach(self->dev, self->img, MLIC_ATTACH_AUTOCLEAR));
	ASSERT_EQ(0, ioctl(self->dev, MLIC_GET_INFO, &info));
	EXPECT_EQ(MLIC_INFO_AUTOCLEAR, info.flags & MLIC_INFO_AUTOCLEAR);
	close(self->dev);
	self->dev = mlic_test_open_dev(self->index, O_RDONLY);
	ASSERT_LE(0, self->dev);
	EXPECT_EQ(-1, ioctl(self->dev, MLIC_GET_INFO, &info));
	EXPECT_EQ(ENXIO, errno);
	self->attached = false;
}

TEST_F(medium, unprivileged_callers_are_refused)
{
	pid_t pid = fork();
	int status;

	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct mlic_ctl_device req = { .index = MLIC_INDEX_ANY };
		struct mlic_info info;

		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(10);
		if (ioctl(self->ctl, MLIC_CTL_GET_FREE, &req) != -1 ||
		    errno != EPERM)
			_exit(11);
		if (ioctl(self->dev, MLIC_DETACH, 0) != -1 || errno != EPERM)
			_exit(12);
		if (mlic_test_attach(self->dev, self->img, 0) != -EPERM)
			_exit(13);
		/* Reading the medium's description needs no privilege. */
		if (ioctl(self->dev, MLIC_GET_INFO, &info))
			_exit(14);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* --- concurrency ------------------------------------------------------ */

#define WORKERS		6
#define ROUNDS		15

/* One worker: attach its own image on whatever device is free, detach. */
static int churn(const char *path)
{
	int ctl = open("/dev/mlic-control", O_RDWR | O_CLOEXEC);
	int img = open(path, O_RDWR | O_CLOEXEC);

	if (ctl < 0 || img < 0)
		return 1;
	for (int round = 0; round < ROUNDS; round++) {
		int dev = -1, err = -EBUSY;
		u32 index = 0;

		/*
		 * The free device may be taken (EBUSY), or even attached and
		 * detached again (ENXIO while it runs down), before we get to
		 * it: ask again, as mlicctl does.
		 */
		for (int tries = 0; err == -EBUSY && tries < 100; tries++) {
			if (dev >= 0)
				close(dev);
			if (mlic_test_get_free(ctl, &index))
				return 2;
			dev = mlic_test_open_dev(index, O_RDWR);
			if (dev < 0 && errno != ENXIO)
				return 3;
			err = dev < 0 ? -EBUSY : mlic_test_attach(dev, img, 0);
		}
		if (err)
			return 4;
		/* A worker that lost the race for this device may hold it. */
		for (int tries = 0; ; tries++) {
			if (!ioctl(dev, MLIC_DETACH, 0))
				break;
			if (errno != EBUSY || tries == 1000)
				return 5;
			usleep(1000);
		}
		close(dev);
	}
	close(img);
	close(ctl);
	return 0;
}

TEST_F(medium, concurrent_attach_detach)
{
	char paths[WORKERS][300];
	pid_t pids[WORKERS];
	struct mlic_geometry geo;

	for (int i = 0; i < WORKERS; i++) {
		snprintf(paths[i], sizeof(paths[i]), "%s.%d", self->path, i);
		ASSERT_EQ(0, mlic_test_image(paths[i], 11 << 20, SLOTS, &geo));
	}
	for (int i = 0; i < WORKERS; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0)
			_exit(churn(paths[i]));
	}
	for (int i = 0; i < WORKERS; i++) {
		int status;

		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status));
		EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("worker %d", i);
		unlink(paths[i]);
	}
}

TEST_HARNESS_MAIN
