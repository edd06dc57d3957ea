// SPDX-License-Identifier: GPL-2.0
/*
 * test_backup - what libmlic knows of license backups, on the host: the
 * default names and which backup is the newest, the default directory on
 * a mounted medium (fake sysfs and mountinfo), the identity of the drive
 * that holds a file (fake sysfs trees of virtio, SCSI, NVMe, MMC and mlic
 * disks and their partitions), reading and checking a backup file, and
 * the messages that say from its clear header why it does not belong
 * here.  The ioctls themselves are tested in the VM (selftests/).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "cli.h"
#include "util.h"

static const u8 id_1a2b[MLIC_ID_SIZE] = {
	0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f, 0x7a, 0x8b,
	0x9c, 0x0d, 0x1e, 0x2f, 0x3a, 0x4b, 0x5c, 0x6d,
};

static const u8 id_0011[MLIC_ID_SIZE] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
};

#define HEX_1A2B	"1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d"
#define HUMAN_1A2B	"1a2b-3c4d-5e6f-7a8b-9c0d-1e2f-3a4b-5c6d"
#define HUMAN_0011	"0011-2233-4455-6677-8899-aabb-ccdd-eeff"

/* 2025-01-02 03:04:05 UTC */
#define WHEN		1735787045

/* --- names --------------------------------------------------------------- */

TEST(default_names)
{
	char name[128], stamp[MLIC_BACKUP_STAMP_LEN + 1];
	unsigned int seq;

	ASSERT_EQ(0, mlic_backup_name(name, sizeof(name), id_1a2b, WHEN, 1));
	EXPECT_STREQ(HEX_1A2B "-20250102T030405Z.mlb", name);
	EXPECT_TRUE(mlic_backup_name_parse(name, id_1a2b, stamp, &seq));
	EXPECT_STREQ("20250102T030405Z", stamp);
	EXPECT_EQ(1, seq);
	EXPECT_FALSE(mlic_backup_name_parse(name, id_0011, stamp, &seq));

	ASSERT_EQ(0, mlic_backup_name(name, sizeof(name), id_1a2b, WHEN, 2));
	EXPECT_STREQ(HEX_1A2B "-20250102T030405Z-2.mlb", name);
	EXPECT_TRUE(mlic_backup_name_parse(name, id_1a2b, stamp, &seq));
	EXPECT_EQ(2, seq);
	ASSERT_EQ(0, mlic_backup_name(name, sizeof(name), id_1a2b, WHEN, 99));
	EXPECT_TRUE(mlic_backup_name_parse(name, id_1a2b, stamp, &seq));
	EXPECT_EQ(99, seq);

	EXPECT_EQ(-ENAMETOOLONG, mlic_backup_name(name, 40, id_1a2b, WHEN, 1));
}

TEST(other_names_are_not_backups)
{
	static const char *const names[] = {
		HEX_1A2B ".mlb",
		HEX_1A2B "-20250102T030405Z.mlb~",
		HEX_1A2B "-20250102T030405Z.MLB",
		HEX_1A2B "-20250102T030405Z",
		HEX_1A2B "-20250102-030405Z.mlb",
		HEX_1A2B "-2025010T2030405Z.mlb",
		HEX_1A2B "-20250102T030405.mlb",
		HEX_1A2B "-20250102T030405Z-1.mlb",
		HEX_1A2B "-20250102T030405Z-02.mlb",
		HEX_1A2B "-20250102T030405Z-100.mlb",
		HEX_1A2B "-20250102T030405Z-.mlb",
		HEX_1A2B "-20250102T030405Z-x.mlb",
		HEX_1A2B "20250102T030405Z.mlb",
		"1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D-20250102T030405Z.mlb",
		"x" HEX_1A2B "-20250102T030405Z.mlb",
		"licenses.mlb",
		"",
	};
	char stamp[MLIC_BACKUP_STAMP_LEN + 1];
	unsigned int seq;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		EXPECT_FALSE(mlic_backup_name_parse(names[i], id_1a2b, stamp,
						    &seq)) TH_LOG("case %zu", i);
}

FIXTURE(dir) {
	char *dir;
};

FIXTURE_SETUP(dir)
{
	self->dir = scratch_dir();
	ASSERT_NE(NULL, self->dir);
}

FIXTURE_TEARDOWN(dir)
{
	remove_tree(self->dir);
	free(self->dir);
}

TEST_F(dir, newest_backup)
{
	char *path = NULL, *want;

	EXPECT_EQ(-ENOENT, mlic_backup_newest(self->dir, id_1a2b, &path));
	ASSERT_EQ(0, put_file(self->dir, "licenses.mlb", ""));
	ASSERT_EQ(0, put_file(self->dir, HEX_1A2B ".mlb", ""));
	EXPECT_EQ(-ENOENT, mlic_backup_newest(self->dir, id_1a2b, &path));

	ASSERT_EQ(0, put_file(self->dir, HEX_1A2B "-20240102T030405Z.mlb", ""));
	ASSERT_EQ(0, put_file(self->dir, HEX_1A2B "-20250102T030404Z-7.mlb",
			      ""));
	ASSERT_EQ(0, put_file(self->dir, HEX_1A2B "-20250102T030405Z.mlb", ""));
	ASSERT_EQ(0, put_file(self->dir, HEX_1A2B "-20250102T030405Z-10.mlb",
			      ""));
	ASSERT_EQ(0, put_file(self->dir, HEX_1A2B "-20250102T030405Z-9.mlb",
			      ""));
	/* Newer, but another medium's, or not a backup name, or a directory. */
	ASSERT_EQ(0, put_file(self->dir, "0011223344556677" "8899aabbccddeeff"
			      "-20990102T030405Z.mlb", ""));
	ASSERT_EQ(0, put_file(self->dir, HEX_1A2B "-20990102T030405Z.mlb.tmp",
			      ""));
	ASSERT_EQ(0, put_file(self->dir, HEX_1A2B "-20980102T030405Z.mlb/x",
			      ""));

	ASSERT_EQ(0, mlic_backup_newest(self->dir, id_1a2b, &path));
	want = path_join(self->dir, HEX_1A2B "-20250102T030405Z-10.mlb");
	EXPECT_STREQ(want, path);
	free(want);
	free(path);

	want = path_join(self->dir, "none");
	EXPECT_EQ(-ENOENT, mlic_backup_newest(want, id_1a2b, &path));
	EXPECT_EQ(NULL, path);
	free(want);
}

/* --- the default directory: a mounted medium ------------------------------ */

FIXTURE(mounted) {
	char *root;
	char *mountinfo;
};

FIXTURE_SETUP(mounted)
{
	self->root = scratch_dir();
	ASSERT_NE(NULL, self->root);
	ASSERT_EQ(0, put_file(self->root, "block/mlic2/dev", "254:32\n"));
	ASSERT_EQ(0, put_file(self->root, "block/mlic2/mlic2p1/dev",
			      "254:33\n"));
	ASSERT_EQ(0, put_file(self->root, "block/mlic3/dev", "254:48\n"));
	self->mountinfo = path_join(self->root, "mountinfo");
	mlic_sysfs_set_root(self->root);
	mlic_mounts_set_path(self->mountinfo);
}

FIXTURE_TEARDOWN(mounted)
{
	mlic_sysfs_set_root("/sys");
	mlic_mounts_set_path("/proc/self/mountinfo");
	remove_tree(self->root);
	free(self->root);
	free(self->mountinfo);
}

static void mounts(struct __test_metadata *_metadata, const char *path,
		   const char *lines)
{
	unlink(path);
	ASSERT_EQ(0, write_file(path, lines, strlen(lines), 0644));
}

#define ROOT_LINE "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"

TEST_F(mounted, default_dir)
{
	char dir[4096];

	mounts(_metadata, self->mountinfo, ROOT_LINE);
	EXPECT_EQ(0, mlic_backup_dir(2, dir, sizeof(dir)));

	/* The partition, at a mount point with a space in it. */
	mounts(_metadata, self->mountinfo, ROOT_LINE
	       "40 22 254:33 / /media/my\\040disk rw - ext4 /dev/mlic2p1 rw\n");
	EXPECT_EQ(1, mlic_backup_dir(2, dir, sizeof(dir)));
	EXPECT_STREQ("/media/my disk/mlic-backup", dir);
	EXPECT_EQ(0, mlic_backup_dir(3, dir, sizeof(dir)));

	/* A bind mount of a directory in it is passed over for the whole. */
	mounts(_metadata, self->mountinfo, ROOT_LINE
	       "41 22 254:48 /films /srv/films rw - ext4 /dev/mlic3 rw\n"
	       "42 22 254:48 / /mnt rw - ext4 /dev/mlic3 rw\n");
	EXPECT_EQ(1, mlic_backup_dir(3, dir, sizeof(dir)));
	EXPECT_STREQ("/mnt/mlic-backup", dir);
	/* ... unless there is nothing else. */
	mounts(_metadata, self->mountinfo, ROOT_LINE
	       "41 22 254:48 /films /srv/films rw - ext4 /dev/mlic3 rw\n");
	EXPECT_EQ(1, mlic_backup_dir(3, dir, sizeof(dir)));
	EXPECT_STREQ("/srv/films/mlic-backup", dir);

	/* Mounted on / itself. */
	mounts(_metadata, self->mountinfo,
	       "22 1 254:32 / / rw - ext4 /dev/mlic2 rw\n");
	EXPECT_EQ(1, mlic_backup_dir(2, dir, sizeof(dir)));
	EXPECT_STREQ("/mlic-backup", dir);

	/* No such medium. */
	EXPECT_EQ(-ENOENT, mlic_backup_dir(9, dir, sizeof(dir)));
	EXPECT_EQ(-ENAMETOOLONG, mlic_backup_dir(2, dir, 8));
}

/* --- drive identities, on fake sysfs trees ------------------------------ */

FIXTURE(drives) {
	char *root;
};

/* A disk in @dir (under devices/) as block device MAJ:MIN. */
static void disk(struct __test_metadata *_metadata, const char *root,
		 const char *dir, unsigned int maj, unsigned int min)
{
	char rel[64], target[256];

	snprintf(rel, sizeof(rel), "dev/block/%u:%u", maj, min);
	snprintf(target, sizeof(target), "../../devices/%s", dir);
	ASSERT_EQ(0, put_link(root, rel, target));
	snprintf(target, sizeof(target), "devices/%s/dev", dir);
	snprintf(rel, sizeof(rel), "%u:%u\n", maj, min);
	ASSERT_EQ(0, put_file(root, target, rel));
}

/* A partition @name of the disk in @dir, as block device MAJ:MIN. */
static void partition(struct __test_metadata *_metadata, const char *root,
		      const char *dir, const char *name, unsigned int maj,
		      unsigned int min)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	disk(_metadata, root, path, maj, min);
	snprintf(path, sizeof(path), "devices/%s/%s/partition", dir, name);
	ASSERT_EQ(0, put_file(root, path, "1\n"));
}

#define VDB	"pci0000:00/0000:00:05.0/virtio2/block/vdb"
#define VDC	"pci0000:00/0000:00:06.0/virtio3/block/vdc"
#define SDA	"pci0000:00/0000:00:07.0/host0/target0:0:0/0:0:0:0/block/sda"
#define SDB	"pci0000:00/0000:00:07.0/host0/target0:0:1/0:0:1:0/block/sdb"
#define NVME0	"pci0000:00/0000:00:08.0/nvme/nvme0/nvme0n1"
#define NVME1	"pci0000:00/0000:00:09.0/nvme/nvme1/nvme1n1"
#define MMC	"platform/mmc0/mmc_host/mmc0/mmc0:0001/block/mmcblk0"
#define LOOP	"virtual/block/loop0"
#define MLIC2	"virtual/block/mlic2"

FIXTURE_SETUP(drives)
{
	char *r, long_wwid[200];

	self->root = r = scratch_dir();
	ASSERT_NE(NULL, r);
	disk(_metadata, r, VDB, 253, 16);
	partition(_metadata, r, VDB, "vdb1", 253, 17);
	ASSERT_EQ(0, put_file(r, "devices/" VDB "/serial", "MLIC-SECOND-0001"));
	disk(_metadata, r, VDC, 253, 32);
	ASSERT_EQ(0, put_file(r, "devices/" VDC "/serial", "\n"));

	disk(_metadata, r, SDA, 8, 0);
	partition(_metadata, r, SDA, "sda2", 8, 2);
	ASSERT_EQ(0, put_file(r, "devices/" SDA "/device/wwid",
			      "t10.ATA     QEMU HARDDISK                 "
			      "          QM00001     \n"));
	disk(_metadata, r, SDB, 8, 16);
	ASSERT_EQ(0, put_file(r, "devices/" SDB "/device/wwid",
			      "naa.6001\x01" "405\n"));

	disk(_metadata, r, NVME0, 259, 0);
	ASSERT_EQ(0, put_file(r, "devices/" NVME0 "/wwid",
			      "eui.0025388b71b2c3d4\n"));
	ASSERT_EQ(0, put_file(r, "devices/" NVME0 "/device/serial",
			      "S3EVNX0K000001\n"));
	/* The long form of an NVMe WWID does not fit: its serial does. */
	disk(_metadata, r, NVME1, 259, 1);
	memset(long_wwid, 'a', sizeof(long_wwid) - 2);
	memcpy(long_wwid, "nvme.8086-", 10);
	long_wwid[sizeof(long_wwid) - 2] = '\n';
	long_wwid[sizeof(long_wwid) - 1] = '\0';
	ASSERT_EQ(0, put_file(r, "devices/" NVME1 "/wwid", long_wwid));
	ASSERT_EQ(0, put_file(r, "devices/" NVME1 "/device/serial",
			      "   S3EVNX0K123456     \n"));

	disk(_metadata, r, MMC, 179, 0);
	ASSERT_EQ(0, put_file(r, "devices/" MMC "/device/serial",
			      "0x1234abcd\n"));
	disk(_metadata, r, LOOP, 7, 0);

	disk(_metadata, r, MLIC2, 254, 32);
	partition(_metadata, r, MLIC2, "mlic2p1", 254, 33);
	ASSERT_EQ(0, put_file(r, "devices/" MLIC2 "/mlic/medium_id",
			      HEX_1A2B "\n"));
	mlic_sysfs_set_root(r);
}

FIXTURE_TEARDOWN(drives)
{
	mlic_sysfs_set_root("/sys");
	remove_tree(self->root);
	free(self->root);
}

static const struct {
	unsigned int maj, min;
	int ret;
	enum mlic_drive_kind kind;
	const char *name, *disk, *id, *said;
} drive_cases[] = {
	{ 253, 16, 0, MLIC_DRIVE_DISK, "vdb", "vdb",
	  "virtio:MLIC-SECOND-0001",
	  "virtio:MLIC-SECOND-0001 (disk vdb)" },
	{ 253, 17, 0, MLIC_DRIVE_DISK, "vdb1", "vdb",
	  "virtio:MLIC-SECOND-0001",
	  "virtio:MLIC-SECOND-0001 (disk vdb)" },
	{ 253, 32, -ENODATA, MLIC_DRIVE_DISK, "vdc", "vdc", "",
	  "disk vdc, which reports no serial or WWID" },
	{ 8, 0, 0, MLIC_DRIVE_DISK, "sda", "sda",
	  "wwid:t10.ATA_QEMU_HARDDISK_QM00001",
	  "wwid:t10.ATA_QEMU_HARDDISK_QM00001 (disk sda)" },
	{ 8, 2, 0, MLIC_DRIVE_DISK, "sda2", "sda",
	  "wwid:t10.ATA_QEMU_HARDDISK_QM00001",
	  "wwid:t10.ATA_QEMU_HARDDISK_QM00001 (disk sda)" },
	{ 8, 16, -EINVAL, MLIC_DRIVE_DISK, "sdb", "sdb", "",
	  "disk sdb, whose identity cannot be used: it reports an "
	  "identity with unprintable bytes" },
	{ 259, 0, 0, MLIC_DRIVE_DISK, "nvme0n1", "nvme0n1",
	  "wwid:eui.0025388b71b2c3d4",
	  "wwid:eui.0025388b71b2c3d4 (disk nvme0n1)" },
	{ 259, 1, 0, MLIC_DRIVE_DISK, "nvme1n1", "nvme1n1",
	  "serial:S3EVNX0K123456", "serial:S3EVNX0K123456 (disk nvme1n1)" },
	{ 179, 0, 0, MLIC_DRIVE_DISK, "mmcblk0", "mmcblk0",
	  "serial:0x1234abcd", "serial:0x1234abcd (disk mmcblk0)" },
	{ 7, 0, -ENODATA, MLIC_DRIVE_DISK, "loop0", "loop0", "",
	  "disk loop0, which reports no serial or WWID" },
	{ 254, 32, 0, MLIC_DRIVE_MEDIUM, "mlic2", "mlic2", "mlic:" HEX_1A2B,
	  "mlic:" HEX_1A2B " (medium /dev/mlic2)" },
	{ 254, 33, 0, MLIC_DRIVE_MEDIUM, "mlic2p1", "mlic2", "mlic:" HEX_1A2B,
	  "mlic:" HEX_1A2B " (medium /dev/mlic2)" },
	/* Not in sysfs, and anonymous: tmpfs, NFS, overlayfs, btrfs... */
	{ 9, 9, -ENOTBLK, MLIC_DRIVE_NONE, "", "", "",
	  "no drive: its file system has no block device" },
	{ 0, 45, -ENOTBLK, MLIC_DRIVE_NONE, "", "", "",
	  "no drive: its file system has no block device" },
};

TEST_F(drives, identities)
{
	struct mlic_drive_info d;
	char said[256];
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(drive_cases); i++) {
		ret = mlic_drive_identify(makedev(drive_cases[i].maj,
						  drive_cases[i].min), &d);
		EXPECT_EQ(drive_cases[i].ret, ret) TH_LOG("case %zu", i);
		EXPECT_EQ(drive_cases[i].kind, d.kind) TH_LOG("case %zu", i);
		EXPECT_STREQ(drive_cases[i].name, d.name);
		EXPECT_STREQ(drive_cases[i].disk, d.disk);
		EXPECT_STREQ(drive_cases[i].id, d.id);
		if (drive_cases[i].kind == MLIC_DRIVE_MEDIUM)
			EXPECT_EQ(2, d.index);
		mlic_drive_describe(&d, ret, said, sizeof(said));
		EXPECT_STREQ(drive_cases[i].said, said);
	}
}

/* A medium whose medium_id cannot be read is no identity at all. */
TEST_F(drives, medium_without_id)
{
	struct mlic_drive_info d;
	char *path = path_join(self->root, "devices/" MLIC2 "/mlic/medium_id");

	ASSERT_EQ(0, unlink(path));
	EXPECT_EQ(-ENOENT, mlic_drive_identify(makedev(254, 33), &d));
	ASSERT_EQ(0, write_file(path, "xyz\n", 4, 0644));
	EXPECT_EQ(-EINVAL, mlic_drive_identify(makedev(254, 33), &d));
	EXPECT_EQ(MLIC_DRIVE_MEDIUM, d.kind);
	free(path);
}

/* What holds a real file here: at least something, never a crash. */
TEST(drive_of_real_files)
{
	struct mlic_drive_info d;
	int fd, ret;

	fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-ENOTBLK, mlic_drive_of_fd(fd, &d));
	EXPECT_EQ(MLIC_DRIVE_NONE, d.kind);
	close(fd);
	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ret = mlic_drive_of_fd(fd, &d);
	EXPECT_TRUE(ret == 0 || ret == -ENOTBLK || ret == -ENODATA ||
		    ret == -EINVAL) TH_LOG("%d", ret);
	if (!ret)
		EXPECT_EQ(0, mlic_drive_id_check((const u8 *)d.id,
						 sizeof(d.id)));
	close(fd);
	EXPECT_EQ(-EBADF, mlic_drive_of_fd(-1, &d));
}

TEST(drive_id_make)
{
	static const struct {
		const char *prefix, *raw;
		int ret;
		const char *id;
	} cases[] = {
		{ "virtio:", "MLIC-SECOND-0001", 0, "virtio:MLIC-SECOND-0001" },
		{ "virtio:", " \tA  B\tC \n", 0, "virtio:A_B_C" },
		{ "virtio:", "", -ENODATA, "" },
		{ "virtio:", " \n", -ENODATA, "" },
		{ "serial:", "a\x7f", -EINVAL, "" },
		{ "serial:", "caf\xc3\xa9", -EINVAL, "" },
		/* 63 bytes in all fit; 64 do not. */
		{ "wwid:", "0123456789012345678901234567890123456789"
			   "012345678901234567", 0,
		  "wwid:0123456789012345678901234567890123456789"
		  "012345678901234567" },
		{ "wwid:", "0123456789012345678901234567890123456789"
			   "0123456789012345678", -EINVAL, "" },
		{ "wwid:", "0123456789012345678901234567890123456789"
			   "012345678901234567   ", 0,
		  "wwid:0123456789012345678901234567890123456789"
		  "012345678901234567" },
		{ "wwid:", "0123456789012345678901234567890123456789"
			   "01234567890123456 7", -EINVAL, "" },
	};
	char id[MLIC_DRIVE_ID_SIZE];
	const char *why;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		why = NULL;
		EXPECT_EQ(cases[i].ret, mlic_drive_id_make(cases[i].prefix,
							   cases[i].raw, id,
							   &why))
			TH_LOG("case %zu", i);
		EXPECT_STREQ(cases[i].id, id) TH_LOG("case %zu", i);
		EXPECT_EQ(cases[i].ret == -EINVAL, why != NULL);
		if (!cases[i].ret) {
			EXPECT_EQ(0, mlic_drive_id_check((const u8 *)id,
							 sizeof(id)));
		} else if (cases[i].ret == -EINVAL && i < 6) {
			EXPECT_STREQ("it reports an identity with unprintable "
				     "bytes", why);
		} else if (cases[i].ret == -EINVAL) {
			EXPECT_STREQ("it reports an identity longer than 63 "
				     "bytes", why);
		}
	}
}

/* --- backup files -------------------------------------------------------- */

#define SLOTS	4

/* A backup of medium 1a2b... bound to apparatus 0011... or @drive_id. */
static u8 *make_blob(u32 flags, const char *drive_id, size_t *bytes)
{
	return backup_blob(id_1a2b, SLOTS, flags,
			   flags & MLIC_BACKUP_BIND_APPARATUS ? id_0011 : NULL,
			   drive_id, WHEN, bytes);
}

/* Load @len bytes of @blob from a file; the errno and @want. */
static int load(const char *dir, const void *blob, size_t len, u64 *want,
		const char **why)
{
	struct mlic_backup_header *got = NULL;
	char *path = path_join(dir, "b.mlb");
	size_t bytes = 0;
	int fd, ret;

	unlink(path);
	if (write_file(path, blob, len, 0400))
		return -EIO;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return -EIO;
	*want = 0;
	ret = mlic_backup_load(fd, &got, &bytes, want, why);
	close(fd);
	if (bytes != len)
		ret = -EPROTO;
	if (!ret && memcmp(got, blob, len))
		ret = -EPROTO;
	free(got);
	return ret;
}

TEST_F(dir, load_checks_the_file)
{
	size_t bytes;
	u8 *blob = make_blob(0, NULL, &bytes), *big;
	struct mlic_backup_header *h = (void *)blob;
	const char *why;
	u64 want;
	int fd;

	ASSERT_NE(NULL, blob);
	ASSERT_EQ(784, bytes);
	EXPECT_EQ(0, load(self->dir, blob, bytes, &want, &why));
	EXPECT_EQ(-ENODATA, load(self->dir, blob, bytes - 1, &want, &why));
	EXPECT_EQ(784, want);
	EXPECT_EQ(-ENODATA, load(self->dir, blob, 100, &want, &why));
	EXPECT_EQ(256, want);
	big = calloc(1, bytes + 16);
	ASSERT_NE(NULL, big);
	memcpy(big, blob, bytes);
	EXPECT_EQ(-EFBIG, load(self->dir, big, bytes + 1, &want, &why));
	EXPECT_EQ(784, want);
	free(big);

	EXPECT_EQ(-EMEDIUMTYPE, load(self->dir, blob, 0, &want, &why));
	EXPECT_STREQ("not an mlic license backup (no magic)", why);
	EXPECT_EQ(-EMEDIUMTYPE, load(self->dir, "MLICBAK", 7, &want, &why));
	h->version = cpu_to_le32(2);
	EXPECT_EQ(-EOPNOTSUPP, load(self->dir, blob, bytes, &want, &why));
	EXPECT_STREQ("unsupported backup version", why);
	h->version = cpu_to_le32(1);
	h->flags = cpu_to_le32(8);
	EXPECT_EQ(-EOPNOTSUPP, load(self->dir, blob, bytes, &want, &why));
	EXPECT_STREQ("backup has unknown flags", why);
	h->flags = cpu_to_le32(MLIC_BACKUP_APPARATUS_FIRST);
	EXPECT_EQ(-EINVAL, load(self->dir, blob, bytes, &want, &why));
	EXPECT_STREQ("backup binding flags are inconsistent", why);
	h->flags = 0;
	h->magic = 0;
	EXPECT_EQ(-EMEDIUMTYPE, load(self->dir, blob, bytes, &want, &why));

	/* A directory is no backup. */
	fd = open(self->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-EINVAL, mlic_backup_load(fd, &h, &bytes, &want, &why));
	EXPECT_EQ(NULL, why);
	close(fd);
	free(blob);
}

/* --- what the clear header says ------------------------------------------ */

static const struct mlic_drive_info vdb = {
	.kind = MLIC_DRIVE_DISK, .name = "vdb1", .disk = "vdb",
	.id = "virtio:MLIC-SECOND-0001",
};
static const struct mlic_drive_info vdc = {
	.kind = MLIC_DRIVE_DISK, .name = "vdc", .disk = "vdc",
	.id = "virtio:MLIC-SECOND-0002",
};
static const struct mlic_drive_info loop = {
	.kind = MLIC_DRIVE_DISK, .name = "loop0", .disk = "loop0",
};
static const struct mlic_drive_info medium2 = {
	.kind = MLIC_DRIVE_MEDIUM, .name = "mlic2p1", .disk = "mlic2",
	.index = 2, .id = "mlic:" HEX_1A2B,
};

struct diagnosis {
	u32 flags;
	const char *bound_to;		/* drive_id of the backup */
	struct mlic_backup_target t;
	int ret;
	const char *msg;
};

/* medium, slots, apparatus (NULL: none), known, drive, its error */
#define T(m, s, a, k, d, e)	{ m, s, a, k, d, e }

static const struct diagnosis diagnoses[] = {
	/* Unbound: only the medium and its slots matter. */
	{ 0, NULL, T(id_1a2b, SLOTS, NULL, true, &loop, -ENODATA), 0, "" },
	{ 0, NULL, T(id_0011, SLOTS, NULL, false, NULL, 0), -EXDEV,
	  "backup belongs to medium " HUMAN_1A2B ", this is medium "
	  HUMAN_0011 },
	{ 0, NULL, T(id_1a2b, 8, NULL, false, NULL, 0), -EINVAL,
	  "backup holds 4 license slots, this medium has 8" },
	/* The medium comes first, whatever the binding. */
	{ MLIC_BACKUP_BIND_APPARATUS, NULL,
	  T(id_0011, SLOTS, NULL, true, NULL, 0), -EXDEV, "backup belongs to medium " HUMAN_1A2B ", this is medium "
	  HUMAN_0011 },
	/* Bound to apparatus 0011...: this one, another, none, unknown. */
	{ MLIC_BACKUP_BIND_APPARATUS, NULL,
	  T(id_1a2b, SLOTS, id_0011, true, NULL, 0), 0, "" },
	{ MLIC_BACKUP_BIND_APPARATUS | MLIC_BACKUP_APPARATUS_FIRST, NULL,
	  T(id_1a2b, SLOTS, id_1a2b, true, NULL, 0), -EXDEV,
	  "backup is bound to apparatus " HUMAN_0011 ", this drive is "
	  HUMAN_1A2B },
	{ MLIC_BACKUP_BIND_APPARATUS, NULL,
	  T(id_1a2b, SLOTS, NULL, true, NULL, 0), -ENODATA, "backup is bound to apparatus " HUMAN_0011 ", this drive "
	  "has none" },
	{ MLIC_BACKUP_BIND_APPARATUS, NULL,
	  T(id_1a2b, SLOTS, NULL, false, NULL, 0), 0, "" },
	/* Bound to a drive: this one, another, none, one without identity. */
	{ MLIC_BACKUP_BIND_DRIVE, "virtio:MLIC-SECOND-0001",
	  T(id_1a2b, SLOTS, NULL, false, &vdb, 0), 0, "" },
	{ MLIC_BACKUP_BIND_DRIVE, "virtio:MLIC-SECOND-0001",
	  T(id_1a2b, SLOTS, NULL, false, &vdc, 0), -EXDEV,
	  "backup is bound to another drive: it names "
	  "virtio:MLIC-SECOND-0001, this file is on virtio:MLIC-SECOND-0002 "
	  "(disk vdc)" },
	{ MLIC_BACKUP_BIND_DRIVE | MLIC_BACKUP_APPARATUS_FIRST,
	  "virtio:MLIC-SECOND-0001",
	  T(id_1a2b, SLOTS, NULL, false, &medium2, 0), -EXDEV,
	  "backup is bound to another drive: it names "
	  "virtio:MLIC-SECOND-0001, this file is on mlic:" HEX_1A2B
	  " (medium /dev/mlic2)" },
	{ MLIC_BACKUP_BIND_DRIVE, "mlic:" HEX_1A2B,
	  T(id_1a2b, SLOTS, NULL, false, &medium2, 0), 0, "" },
	{ MLIC_BACKUP_BIND_DRIVE, "virtio:MLIC-SECOND-0001",
	  T(id_1a2b, SLOTS, NULL, false, &loop, -ENOTBLK), -EXDEV,
	  "backup is bound to another drive: it names "
	  "virtio:MLIC-SECOND-0001, this file is on no drive: its file "
	  "system has no block device" },
	{ MLIC_BACKUP_BIND_DRIVE, "virtio:MLIC-SECOND-0001",
	  T(id_1a2b, SLOTS, NULL, false, &loop, -ENODATA), -EXDEV,
	  "backup is bound to another drive: it names "
	  "virtio:MLIC-SECOND-0001, this file is on disk loop0, which "
	  "reports no serial or WWID" },
	/* A drive that could not be looked at, or none given: the driver's. */
	{ MLIC_BACKUP_BIND_DRIVE, "virtio:MLIC-SECOND-0001",
	  T(id_1a2b, SLOTS, NULL, false, &loop, -EACCES), 0, "" },
	{ MLIC_BACKUP_BIND_DRIVE, "virtio:MLIC-SECOND-0001",
	  T(id_1a2b, SLOTS, NULL, false, NULL, 0), 0, "" },
};

TEST(diagnose)
{
	struct mlic_backup_header *h;
	const char *why;
	size_t i, bytes;
	char msg[512];

	for (i = 0; i < ARRAY_SIZE(diagnoses); i++) {
		const struct diagnosis *c = &diagnoses[i];

		h = (void *)make_blob(c->flags, c->bound_to, &bytes);
		ASSERT_NE(NULL, h);
		ASSERT_EQ(0, mlic_backup_header_check(h, &why))
			TH_LOG("case %zu: %s", i, why);
		msg[0] = '\0';
		EXPECT_EQ(c->ret, mlic_backup_diagnose(h, &c->t, msg,
						       sizeof(msg)))
			TH_LOG("case %zu", i);
		EXPECT_STREQ(c->msg, msg) TH_LOG("case %zu", i);
		free(h);
	}
}

TEST(binding_and_time)
{
	static const struct {
		u32 flags;
		const char *drive, *said;
	} cases[] = {
		{ 0, NULL, "none (this medium only)" },
		{ MLIC_BACKUP_BIND_APPARATUS, NULL,
		  "apparatus " HUMAN_0011 " (medium-first)" },
		{ MLIC_BACKUP_BIND_APPARATUS | MLIC_BACKUP_APPARATUS_FIRST, NULL,
		  "apparatus " HUMAN_0011 " (apparatus-first)" },
		{ MLIC_BACKUP_BIND_DRIVE, "wwid:eui.1",
		  "drive wwid:eui.1 (medium-first)" },
		{ MLIC_BACKUP_BIND_DRIVE | MLIC_BACKUP_APPARATUS_FIRST,
		  "mlic:" HEX_1A2B, "drive mlic:" HEX_1A2B " (apparatus-first)" },
	};
	struct mlic_backup_header *h;
	size_t i, bytes;
	char buf[160];

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		h = (void *)make_blob(cases[i].flags, cases[i].drive, &bytes);
		ASSERT_NE(NULL, h);
		mlic_backup_binding(h, buf, sizeof(buf));
		EXPECT_STREQ(cases[i].said, buf);
		free(h);
	}
	mlic_backup_time(WHEN, buf, sizeof(buf));
	EXPECT_STREQ("2025-01-02 03:04:05 UTC", buf);
	mlic_backup_time(UINT64_MAX, buf, sizeof(buf));
	EXPECT_STREQ("18446744073709551615 seconds after the epoch", buf);
}

/* --- the question before a restore, and the messages after one ------------ */

TEST(answers)
{
	static const char *const yes[] = {
		"y", "Y", "yes", "YES", "Yes\n", "  y \n", "yes\r\n",
	};
	static const char *const no[] = {
		"", "\n", "n", "no", "ye", "yess", "yes please", "y y", "sure",
		"1", "oui",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(yes); i++)
		EXPECT_TRUE(mlic_cli_answer_yes(yes[i])) TH_LOG("yes %zu", i);
	for (i = 0; i < ARRAY_SIZE(no); i++)
		EXPECT_FALSE(mlic_cli_answer_yes(no[i])) TH_LOG("no %zu", i);
}

/* The words of Documentation/backup.rst, "Errors and what to do". */
TEST(backup_errors)
{
	static const struct {
		int err;
		const char *reason, *advice;
	} cases[] = {
		{ EBADMSG, "backup is damaged (authentication failed)",
		  "use another backup" },
		{ EOPNOTSUPP, "unsupported backup version", "use a newer mlic" },
		{ ENODATA, "this drive has no apparatus ID",
		  "load mlic with the module parameter apparatus_id=" },
		{ ENOKEY, "no system key is loaded", "mlicctl key load" },
		{ EROFS, "medium is read-only", "attach it again without -r" },
		{ EUCLEAN, "secure area damaged", "restore an older backup" },
		{ EXDEV, "backup belongs to another medium, apparatus or drive",
		  "only on its own medium" },
		{ ENOTBLK, "--bind-drive cannot bind", "serial or WWID" },
		{ EPERM, NULL, "this needs root" },
	};
	const char *s;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		s = mlic_reason(MLIC_ERR_BACKUP, -cases[i].err);
		if (cases[i].reason) {
			ASSERT_NE(NULL, s) TH_LOG("case %zu", i);
			EXPECT_TRUE(!strncmp(s, cases[i].reason,
					     strlen(cases[i].reason)))
				TH_LOG("%s", s);
		} else {
			EXPECT_EQ(NULL, s);
		}
		s = mlic_advice(MLIC_ERR_BACKUP, cases[i].err);
		ASSERT_NE(NULL, s) TH_LOG("case %zu", i);
		EXPECT_NE(NULL, strstr(s, cases[i].advice)) TH_LOG("%s", s);
	}
}

TEST_HARNESS_MAIN
