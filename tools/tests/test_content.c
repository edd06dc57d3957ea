// SPDX-License-Identifier: GPL-2.0
/*
 * test_content - what the licensing verbs need from libmlic that runs
 * without AF_ALG: *.mlc headers and file sizes, where chunks lie and how
 * many go to one MLIC_DECRYPT, the medium a file lives on (on fake sysfs
 * trees), new files that appear only when complete, keys from pipes, the
 * progress line, and the advice for the new errors.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "cli.h"
#include "util.h"

static const u8 cid[MLIC_ID_SIZE] = {
	0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
	0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
};
static const u8 nonce[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

TEST(header_init)
{
	struct mlic_content_header hdr;
	const char *why;
	char long_name[100];

	mlic_content_header_init(&hdr, cid, 5000, 4096, nonce, "a.txt");
	EXPECT_EQ(0, mlic_content_header_check(&hdr, &why));
	EXPECT_EQ(MLIC_CONTENT_MAGIC, le64_to_cpu(hdr.magic));
	EXPECT_EQ(1, le32_to_cpu(hdr.version));
	EXPECT_EQ(5000, le64_to_cpu(hdr.plain_bytes));
	EXPECT_EQ(4096, le32_to_cpu(hdr.chunk_bytes));
	EXPECT_EQ(0, memcmp(hdr.content_id, cid, MLIC_ID_SIZE));
	EXPECT_EQ(0, memcmp(hdr.file_nonce, nonce, 8));
	EXPECT_STREQ("a.txt", (char *)hdr.name);
	EXPECT_EQ(0, hdr.name[5]);
	EXPECT_EQ(0, hdr.name[63]);
	/* A name too long for the header is cut, still terminated. */
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	mlic_content_header_init(&hdr, cid, 0, 65536, nonce, long_name);
	EXPECT_EQ(0, mlic_content_header_check(&hdr, &why));
	EXPECT_EQ(63, strlen((char *)hdr.name));
}

TEST(sizes_and_offsets)
{
	static const struct {
		u64 plain;
		u32 chunk;
		u64 bytes;
	} sizes[] = {
		{ 0, 65536, 128 + 16 },
		{ 1, 65536, 128 + 1 + 16 },
		{ 65536, 65536, 128 + 65536 + 16 },
		{ 65537, 65536, 128 + 65537 + 32 },
		{ 5000, 4096, 128 + 5000 + 32 },
		{ 3ULL << 30, 1 << 20, 128 + (3ULL << 30) + 3072 * 16 },
	};
	struct mlic_content_header hdr;

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		EXPECT_EQ(sizes[i].bytes,
			  mlic_content_encrypted_bytes(sizes[i].plain,
						       sizes[i].chunk))
			TH_LOG("case %zu", i);
	}
	mlic_content_header_init(&hdr, cid, 200001, 65536, nonce, "x");
	EXPECT_EQ(128, mlic_content_chunk_offset(&hdr, 0));
	EXPECT_EQ(128 + 65552, mlic_content_chunk_offset(&hdr, 1));
	EXPECT_EQ(128 + 3 * 65552, mlic_content_chunk_offset(&hdr, 3));
	/* About 4 MiB of plaintext a call, 1 to MLIC_DECRYPT_MAX chunks. */
	EXPECT_EQ(64, mlic_content_batch_chunks(&hdr));
	hdr.chunk_bytes = cpu_to_le32(4096);
	EXPECT_EQ(MLIC_DECRYPT_MAX, mlic_content_batch_chunks(&hdr));
	hdr.chunk_bytes = cpu_to_le32(1 << 20);
	EXPECT_EQ(4, mlic_content_batch_chunks(&hdr));
}

FIXTURE(files) {
	char *dir;
};

FIXTURE_SETUP(files)
{
	self->dir = scratch_dir();
	ASSERT_NE(NULL, self->dir);
}

FIXTURE_TEARDOWN(files)
{
	remove_tree(self->dir);
	free(self->dir);
}

/* A *.mlc-shaped file: the header, then @body bytes of anything. */
static int fake_mlc(const char *path, const struct mlic_content_header *hdr,
		    size_t body)
{
	size_t len = sizeof(*hdr) + body;
	u8 *buf = calloc(1, len);
	int ret;

	if (!buf)
		return -1;
	memcpy(buf, hdr, sizeof(*hdr));
	ret = write_file(path, buf, len, 0644);
	free(buf);
	return ret;
}

static int read_header(const char *path, struct mlic_content_header *hdr,
		       u64 *size, const char **why)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -errno;
	ret = mlic_content_read_header(fd, hdr, size, why);
	close(fd);
	return ret;
}

TEST_F(files, read_header_checks_sizes)
{
	struct mlic_content_header hdr, back;
	char *path = path_join(self->dir, "a.mlc");
	const char *why;
	u64 size;

	mlic_content_header_init(&hdr, cid, 5000, 4096, nonce, "a");
	ASSERT_EQ(0, fake_mlc(path, &hdr, 5000 + 32));
	EXPECT_EQ(0, read_header(path, &back, &size, &why));
	EXPECT_EQ(0, memcmp(&hdr, &back, sizeof(hdr)));
	EXPECT_EQ(5160, size);
	ASSERT_EQ(0, truncate(path, 5159));
	EXPECT_EQ(-ENODATA, read_header(path, &back, &size, &why));
	EXPECT_EQ(5159, size);
	EXPECT_NE(NULL, strstr(why, "truncated"));
	ASSERT_EQ(0, truncate(path, 5161));
	EXPECT_EQ(-EFBIG, read_header(path, &back, &size, &why));
	EXPECT_NE(NULL, strstr(why, "trailing bytes"));
	/* Shorter than a header, but it starts like one: truncated. */
	ASSERT_EQ(0, truncate(path, 100));
	EXPECT_EQ(-ENODATA, read_header(path, &back, &size, &why));
	ASSERT_EQ(0, truncate(path, 0));
	EXPECT_EQ(-EMEDIUMTYPE, read_header(path, &back, &size, &why));
	EXPECT_NE(NULL, strstr(why, "not an mlic content file"));
	EXPECT_EQ(-EINVAL, read_header(self->dir, &back, &size, &why));
	EXPECT_STREQ("not a regular file", why);
	free(path);
}

TEST_F(files, read_header_checks_fields)
{
	struct mlic_content_header hdr, back;
	char *path = path_join(self->dir, "b.mlc");
	const char *why;
	u64 size;

	mlic_content_header_init(&hdr, cid, 10, 65536, nonce, "b");
	hdr.version = cpu_to_le32(2);
	ASSERT_EQ(0, fake_mlc(path, &hdr, 26));
	EXPECT_EQ(-EOPNOTSUPP, read_header(path, &back, &size, &why));
	EXPECT_NE(NULL, strstr(why, "version"));
	unlink(path);
	hdr.version = cpu_to_le32(1);
	hdr.chunk_bytes = cpu_to_le32(65535);
	ASSERT_EQ(0, fake_mlc(path, &hdr, 26));
	EXPECT_EQ(-EINVAL, read_header(path, &back, &size, &why));
	EXPECT_NE(NULL, strstr(why, "power of two"));
	free(path);
}

TEST_F(files, outfile_appears_complete)
{
	char *path = path_join(self->dir, "out");
	char *ls[] = { "/bin/ls", "-A", self->dir, NULL };
	struct mlic_outfile o;
	struct run r;
	struct stat st;
	void *data;
	size_t len;

	ASSERT_EQ(0, mlic_outfile_open(&o, path, false));
	EXPECT_NE(0, access(path, F_OK));
	ASSERT_EQ(0, mlic_write_full(o.fd, "data", 4));
	EXPECT_NE(0, access(path, F_OK));
	ASSERT_EQ(0, mlic_outfile_commit(&o, 0640));
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(0640, st.st_mode & 07777);
	ASSERT_EQ(0, read_file(path, &data, &len));
	EXPECT_EQ(4, len);
	free(data);
	EXPECT_EQ(NULL, o.tmp);

	/* Never over an existing file, not even one that appears late. */
	EXPECT_EQ(-EEXIST, mlic_outfile_open(&o, path, false));
	ASSERT_EQ(0, unlink(path));
	ASSERT_EQ(0, mlic_outfile_open(&o, path, false));
	ASSERT_EQ(0, write_file(path, "late", 4, 0600));
	EXPECT_EQ(-EEXIST, mlic_outfile_commit(&o, 0644));
	ASSERT_EQ(0, read_file(path, &data, &len));
	EXPECT_EQ(0, memcmp(data, "late", 4));
	free(data);
	/* ... unless asked to replace it. */
	ASSERT_EQ(0, mlic_outfile_open(&o, path, true));
	ASSERT_EQ(0, mlic_write_full(o.fd, "new!", 4));
	ASSERT_EQ(0, mlic_outfile_commit(&o, 0600));
	ASSERT_EQ(0, read_file(path, &data, &len));
	EXPECT_EQ(0, memcmp(data, "new!", 4));
	free(data);
	/* An aborted file leaves nothing. */
	ASSERT_EQ(0, unlink(path));
	ASSERT_EQ(0, mlic_outfile_open(&o, path, false));
	mlic_outfile_abort(&o);
	mlic_outfile_abort(&o);
	ASSERT_EQ(0, run_argv(&r, NULL, ls));
	EXPECT_STREQ("", r.out);
	run_free(&r);
	EXPECT_EQ(-ENOENT, mlic_outfile_open(&o, "/nonexistent/dir/f", false));
	free(path);
}

TEST(key_from_pipe)
{
	static const size_t sizes[] = { 0, 31, 32, 33, 100 };
	u8 key[MLIC_KEY_SIZE], src[100];
	const char *why;
	int p[2];

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = i + 1;
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		ASSERT_EQ(0, pipe(p));
		ASSERT_EQ(sizes[i], write(p[1], src, sizes[i]));
		close(p[1]);
		memset(key, 0xaa, sizeof(key));
		if (sizes[i] == 32) {
			EXPECT_EQ(0, mlic_key_read_fd(p[0], key, &why));
			EXPECT_EQ(0, memcmp(key, src, 32));
		} else {
			EXPECT_EQ(-EINVAL, mlic_key_read_fd(p[0], key, &why))
				TH_LOG("%zu bytes", sizes[i]);
			EXPECT_STREQ("a key file holds exactly 32 bytes", why);
			/* Nothing of a refused key stays. */
			for (size_t j = 0; j < sizeof(key); j++)
				EXPECT_EQ(0, key[j]);
		}
		close(p[0]);
	}
}

/* --- the medium a file lives on, on a fake /sys/dev/block --------------- */

FIXTURE(devno) {
	char *root;
};

static void make_dirs(const char *root, const char *rel)
{
	char *path = path_join(root, rel), *p;

	for (p = strchr(path + strlen(root) + 1, '/'); p;
	     p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	mkdir(path, 0755);
	free(path);
}

FIXTURE_SETUP(devno)
{
	static const char *const links[][2] = {
		{ "dev/block/259:0", "../../devices/virtual/block/mlic0" },
		{ "dev/block/259:1",
		  "../../devices/virtual/block/mlic0/mlic0p1" },
		{ "dev/block/259:16", "../../devices/virtual/block/mlic12" },
		{ "dev/block/8:1", "../../devices/pci0000:00/block/sda/sda1" },
		{ "dev/block/7:0", "../../devices/virtual/block/loop0" },
		{ "dev/block/254:3", "../../devices/virtual/block/mlicx" },
	};
	char *path;

	self->root = scratch_dir();
	ASSERT_NE(NULL, self->root);
	make_dirs(self->root, "dev/block");
	make_dirs(self->root, "devices/virtual/block/mlic0/mlic0p1");
	make_dirs(self->root, "devices/virtual/block/mlic12");
	make_dirs(self->root, "devices/virtual/block/loop0");
	make_dirs(self->root, "devices/virtual/block/mlicx");
	make_dirs(self->root, "devices/pci0000:00/block/sda/sda1");
	for (size_t i = 0; i < ARRAY_SIZE(links); i++) {
		path = path_join(self->root, links[i][0]);
		ASSERT_EQ(0, symlink(links[i][1], path));
		free(path);
	}
	mlic_sysfs_set_root(self->root);
}

FIXTURE_TEARDOWN(devno)
{
	mlic_sysfs_set_root("/sys");
	remove_tree(self->root);
	free(self->root);
}

TEST_F(devno, finds_the_medium)
{
	char name[64];
	u32 index = 99;

	EXPECT_EQ(0, mlic_sysfs_devno_index(makedev(259, 0), &index, name,
					    sizeof(name)));
	EXPECT_EQ(0, index);
	EXPECT_STREQ("mlic0", name);
	/* A partition belongs to its medium. */
	index = 99;
	EXPECT_EQ(0, mlic_sysfs_devno_index(makedev(259, 1), &index, name,
					    sizeof(name)));
	EXPECT_EQ(0, index);
	EXPECT_STREQ("mlic0p1", name);
	EXPECT_EQ(0, mlic_sysfs_devno_index(makedev(259, 16), &index, NULL,
					    0));
	EXPECT_EQ(12, index);
}

TEST_F(devno, refuses_other_devices)
{
	char name[64];
	u32 index = 99;

	EXPECT_EQ(-ENODEV, mlic_sysfs_devno_index(makedev(8, 1), &index, name,
						  sizeof(name)));
	EXPECT_STREQ("sda1", name);
	EXPECT_EQ(-ENODEV, mlic_sysfs_devno_index(makedev(7, 0), &index, name,
						  sizeof(name)));
	EXPECT_STREQ("loop0", name);
	EXPECT_EQ(-ENODEV, mlic_sysfs_devno_index(makedev(254, 3), &index,
						  NULL, 0));
	/* tmpfs, overlayfs, btrfs: no block device of that number. */
	EXPECT_EQ(-ENOENT, mlic_sysfs_devno_index(makedev(0, 42), &index,
						  NULL, 0));
	EXPECT_EQ(99, index);
}

/* --- the progress line ------------------------------------------------- */

TEST(progress_format)
{
	char buf[256];

	mlic_progress_format(buf, sizeof(buf), "encrypting a.mp4", 0,
			     100 << 20, 1000000000ULL, 80);
	EXPECT_STREQ("encrypting a.mp4:   0%  --.- MiB/s  ETA --:--", buf);
	mlic_progress_format(buf, sizeof(buf), "encrypting a.mp4", 42 << 20,
			     100 << 20, 2000000000ULL, 80);
	EXPECT_STREQ("encrypting a.mp4:  42%  21.0 MiB/s  ETA 0:03", buf);
	mlic_progress_format(buf, sizeof(buf), "x", 100 << 20, 100 << 20,
			     500000000ULL, 80);
	EXPECT_STREQ("x: 100%  200.0 MiB/s  ETA 0:00", buf);
	/* An empty input: done, no rate of nothing. */
	mlic_progress_format(buf, sizeof(buf), "x", 0, 0, 0, 80);
	EXPECT_STREQ("x: 100%  --.- MiB/s  ETA 0:00", buf);
	/* Hours. */
	mlic_progress_format(buf, sizeof(buf), "x", 1 << 20, 7201ULL << 20,
			     1000000000ULL, 80);
	EXPECT_STREQ("x:   0%  1.0 MiB/s  ETA 2:00:00", buf);
}

/* A long label gives way, whole characters, so the line fits. */
TEST(progress_width)
{
	static const char name[] = "decrypting "
		"\xc3\xa9t\xc3\xa9-une-tr\xc3\xa8s-longue-histoire-"
		"de-films-et-de-licences-sur-un-support-prot\xc3\xa9g\xc3\xa9"
		".mp4";
	char buf[512];
	size_t cols, i;

	mlic_progress_format(buf, sizeof(buf), name, 1 << 20, 2 << 20,
			     1000000000ULL, 60);
	for (cols = 0, i = 0; buf[i]; i++)
		cols += ((unsigned char)buf[i] & 0xc0) != 0x80;
	EXPECT_EQ(59, cols) TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf, "...:  50%  1.0 MiB/s  ETA 0:01"));
	EXPECT_EQ(0, strncmp(buf, "decrypting \xc3\xa9t\xc3\xa9", 15));
	/* A terminal too narrow for the numbers: the label goes. */
	mlic_progress_format(buf, sizeof(buf), name, 1 << 20, 2 << 20,
			     1000000000ULL, 20);
	EXPECT_STREQ("...:  50%  1.0 MiB/s  ETA 0:01", buf);
}

/* At most five redraws a second, the first after one interval. */
TEST(progress_rate)
{
	struct mlic_progress p = { .start = 1000000000ULL };
	const u64 ms = 1000000ULL;
	unsigned int drawn = 0;
	u64 t;

	EXPECT_FALSE(mlic_progress_due(&p, p.start + 199 * ms));
	for (t = p.start; t <= p.start + 2000 * ms; t += 10 * ms)
		drawn += mlic_progress_due(&p, t);
	EXPECT_EQ(10, drawn);
	/* Silent where stderr is not a terminal (here: a file). */
	mlic_progress_begin(&p, "x", 10);
	EXPECT_FALSE(p.enabled);
}

/* --- advice for the new errors ------------------------------------------ */

TEST(advice_for_licensing)
{
	EXPECT_NE(NULL, strstr(mlic_reason(MLIC_ERR_CRYPTO, -EAFNOSUPPORT),
			       "AF_ALG"));
	EXPECT_NE(NULL, strstr(mlic_advice(MLIC_ERR_CRYPTO, EAFNOSUPPORT),
			       "CONFIG_CRYPTO_USER_API_AEAD"));
	EXPECT_NE(NULL, strstr(mlic_advice(MLIC_ERR_CRYPTO, EAFNOSUPPORT),
			       "algif_aead"));
	EXPECT_NE(NULL, strstr(mlic_advice(MLIC_ERR_CRYPTO, ENOENT), "gcm"));
	EXPECT_NE(NULL, strstr(mlic_advice(MLIC_ERR_CRYPTO, EPROTONOSUPPORT),
			       "crypto_user"));
	EXPECT_NE(NULL, strstr(mlic_reason(MLIC_ERR_LICENSE, EBADMSG),
			       "does not authenticate"));
	EXPECT_NE(NULL, strstr(mlic_advice(MLIC_ERR_LICENSE, EBADMSG),
			       "another system key"));
	EXPECT_NE(NULL, strstr(mlic_advice(MLIC_ERR_LICENSE, EUCLEAN),
			       "restore a backup"));
	EXPECT_NE(NULL, strstr(mlic_reason(MLIC_ERR_DECRYPT, EKEYREJECTED),
			       "damaged"));
	EXPECT_NE(NULL, strstr(mlic_advice(MLIC_ERR_DECRYPT, ENOKEY),
			       "mlicctl key load"));
	EXPECT_NE(NULL, strstr(mlic_advice(MLIC_ERR_KEY, EEXIST),
			       "mlicctl key unload"));
	/* strerror() where it says it right. */
	EXPECT_NULL(mlic_reason(MLIC_ERR_FILE, ENOENT));
	EXPECT_NULL(mlic_reason(MLIC_ERR_DEVICE, EBADMSG));
}

TEST_HARNESS_MAIN
