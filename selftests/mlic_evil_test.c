// SPDX-License-Identifier: GPL-2.0
/*
 * mlic_evil_test.c - the corpus of malformed images, against the kernel.
 *
 * gen-evil-images writes one image per defect of the first area, with the
 * errno format.c refuses it with, and images whose secure area copies are
 * damaged, with the license state the driver must end in.  Every refused
 * image must fail MLIC_ATTACH with exactly that errno and leave the device
 * unbound and the image untouched; every damaged secure area must attach
 * and be repaired (or, read-only, left alone).  The VM harness fails the
 * run on any oops or warning the corpus provokes.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mlic_test.h"
#include "kselftest_harness.h"

#define MAX_IMAGES	256

struct entry {
	char name[64];
	char want[32];		/* errno name, or license state */
};

static int errno_by_name(const char *name)
{
	if (!strcmp(name, "0"))
		return 0;
	for (int e = 1; e < 200; e++) {
		const char *n = strerrorname_np(e);

		if (n && !strcmp(n, name))
			return e;
	}
	return -1;
}

static int read_manifest(const char *path, struct entry *e, int max)
{
	char line[512];
	FILE *f = fopen(path, "re");
	int n = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f) && n < max) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%63s %31s", e[n].name, e[n].want) == 2)
			n++;
	}
	fclose(f);
	return n;
}

/* Digest of a whole file, to prove an attach attempt changed nothing. */
static u32 file_crc(const char *path)
{
	static char buf[1 << 16];
	u32 crc = ~0U;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		crc = crc32_le(crc, buf, n);
	close(fd);
	return ~crc;
}

static int sysfs_attr(u32 index, const char *attr, char *buf, size_t size)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/block/mlic%u/mlic/%s", index, attr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

FIXTURE(corpus) {
	char dir[256];
	int ctl, dev;
	u32 index;
};

FIXTURE_SETUP(corpus)
{
	char cmd[600];

	snprintf(self->dir, sizeof(self->dir), "%s/evil-%d", mlic_test_dir(),
		 getpid());
	snprintf(cmd, sizeof(cmd), "gen-evil-images %s >/dev/null",
		 self->dir);
	ASSERT_EQ(0, system(cmd)) TH_LOG("gen-evil-images failed");
	self->ctl = open("/dev/mlic-control", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->ctl);
	ASSERT_EQ(0, mlic_test_get_free(self->ctl, &self->index));
	self->dev = mlic_test_open_dev(self->index, O_RDWR);
	ASSERT_LE(0, self->dev);
}

FIXTURE_TEARDOWN(corpus)
{
	char cmd[600];

	ioctl(self->dev, MLIC_DETACH, 0);
	close(self->dev);
	close(self->ctl);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
	system(cmd);
}

TEST_F(corpus, every_malformed_header_is_refused_with_its_errno)
{
	struct entry e[MAX_IMAGES];
	char path[1024], manifest[512];
	struct mlic_info info;
	int n, tested = 0;

	snprintf(manifest, sizeof(manifest), "%s/manifest", self->dir);
	n = read_manifest(manifest, e, MAX_IMAGES);
	ASSERT_LT(20, n) TH_LOG("manifest: %d entries", n);

	for (int i = 0; i < n; i++) {
		int want = errno_by_name(e[i].want), img, got;
		u32 before;

		ASSERT_LE(0, want) TH_LOG("%s: unknown errno %s", e[i].name,
					  e[i].want);
		snprintf(path, sizeof(path), "%s/%.63s.img", self->dir, e[i].name);
		before = file_crc(path);
		img = open(path, O_RDWR | O_CLOEXEC);
		ASSERT_LE(0, img) TH_LOG("%s", path);
		got = mlic_test_attach(self->dev, img, 0);
		close(img);
		EXPECT_EQ(-want, got) TH_LOG("%s: attach gave %s, want %s",
					     e[i].name, strerrorname_np(-got),
					     e[i].want);
		if (!got) {
			EXPECT_EQ(0, ioctl(self->dev, MLIC_DETACH, 0));
		} else {
			/* Refused: unbound, and the image as it was. */
			EXPECT_EQ(-1, ioctl(self->dev, MLIC_GET_INFO, &info));
			EXPECT_EQ(ENXIO, errno);
			EXPECT_EQ(before, file_crc(path)) TH_LOG("%s changed",
								 e[i].name);
		}
		tested++;
	}
	EXPECT_EQ(n, tested);
}

TEST_F(corpus, damaged_secure_areas_are_repaired_or_reported)
{
	struct entry e[MAX_IMAGES];
	char path[1024], manifest[512], state[64], copies[64];
	int n;

	snprintf(manifest, sizeof(manifest), "%s/secure-manifest", self->dir);
	n = read_manifest(manifest, e, MAX_IMAGES);
	ASSERT_LT(10, n) TH_LOG("secure manifest: %d entries", n);

	for (int i = 0; i < n; i++) {
		bool one_bad = !strcmp(e[i].want, "repaired");
		int img;

		snprintf(path, sizeof(path), "%s/%.63s.img", self->dir, e[i].name);

		/* Read-only first: nothing may be rewritten. */
		img = open(path, O_RDONLY | O_CLOEXEC);
		ASSERT_LE(0, img);
		ASSERT_EQ(0, mlic_test_attach(self->dev, img, 0))
			TH_LOG("%s read-only", e[i].name);
		close(img);
		ASSERT_EQ(0, sysfs_attr(self->index, "secure_copies", copies,
					sizeof(copies)));
		EXPECT_NE(NULL, strstr(copies, "damaged")) TH_LOG("%s: %s",
								  e[i].name, copies);
		EXPECT_EQ(NULL, strstr(copies, "repaired"));
		ASSERT_EQ(0, ioctl(self->dev, MLIC_DETACH, 0));

		/* Read-write: one bad copy is repaired, two are reported. */
		img = open(path, O_RDWR | O_CLOEXEC);
		ASSERT_LE(0, img);
		ASSERT_EQ(0, mlic_test_attach(self->dev, img, 0));
		close(img);
		ASSERT_EQ(0, sysfs_attr(self->index, "license_state", state,
					sizeof(state)));
		EXPECT_STREQ(e[i].want, state) TH_LOG("%s", e[i].name);
		ASSERT_EQ(0, ioctl(self->dev, MLIC_DETACH, 0));

		/* After a repair the next attach finds both copies good. */
		if (one_bad) {
			img = open(path, O_RDWR | O_CLOEXEC);
			ASSERT_LE(0, img);
			ASSERT_EQ(0, mlic_test_attach(self->dev, img, 0));
			close(img);
			ASSERT_EQ(0, sysfs_attr(self->index, "secure_copies",
						copies, sizeof(copies)));
			EXPECT_STREQ("ok ok", copies) TH_LOG("%s", e[i].name);
			ASSERT_EQ(0, sysfs_attr(self->index, "license_state",
						state, sizeof(state)));
			EXPECT_STREQ("empty", state) TH_LOG("%s", e[i].name);
			ASSERT_EQ(0, ioctl(self->dev, MLIC_DETACH, 0));
		}
	}
}

TEST_HARNESS_MAIN
