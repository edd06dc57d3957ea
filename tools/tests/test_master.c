// SPDX-License-Identifier: GPL-2.0
/*
 * test_master - mlic-master end to end on the host: keygen, then create
 * of blank media, checked with the format code, with e2fsprogs' own
 * e2fsck and debugfs on the user area, and with mke2fs replaced by fakes
 * that fail, so that a partial image is seen to be removed.  Media with
 * contents, encrypt and issue need AF_ALG, which the build host lacks:
 * here they are refused for every reason that comes before the kernel
 * crypto API, and then for the want of it, leaving nothing behind (the VM
 * runs them for real).
 */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "cli.h"
#include "defects.h"
#include "util.h"

/* An e2fsprogs program, from $PATH, /sbin or /usr/sbin. */
static char *e2fs_tool(const char *name)
{
	static const char *const dirs[] = { "/sbin", "/usr/sbin", "/bin",
					    "/usr/bin" };
	char *path;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		path = path_join(dirs[i], name);
		if (path && !access(path, X_OK))
			return path;
		free(path);
	}
	return NULL;
}

FIXTURE(master) {
	char *dir;
	char *key;
	char *img;
};

FIXTURE_SETUP(master)
{
	struct run r;

	self->dir = scratch_dir();
	ASSERT_NE(NULL, self->dir);
	self->key = path_join(self->dir, "system.key");
	self->img = path_join(self->dir, "medium.img");
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "keygen", self->key, NULL));
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_STREQ("", r.err);
	run_free(&r);
}

FIXTURE_TEARDOWN(master)
{
	remove_tree(self->dir);
	free(self->dir);
	free(self->key);
	free(self->img);
}

TEST_F(master, keygen_makes_a_private_random_key)
{
	char *second = path_join(self->dir, "second.key");
	void *a, *b;
	size_t alen, blen;
	struct stat st;
	struct run r;

	ASSERT_EQ(0, stat(self->key, &st));
	EXPECT_TRUE(S_ISREG(st.st_mode));
	EXPECT_EQ(0400, st.st_mode & 07777);
	EXPECT_EQ(32, st.st_size);

	ASSERT_EQ(0, run_tool(&r, "mlic-master", "keygen", second, NULL));
	EXPECT_EQ(0, r.status);
	run_free(&r);
	ASSERT_EQ(0, read_file(self->key, &a, &alen));
	ASSERT_EQ(0, read_file(second, &b, &blen));
	ASSERT_EQ(32, alen);
	ASSERT_EQ(32, blen);
	EXPECT_NE(0, memcmp(a, b, 32));
	free(b);

	/* Never overwrites, and says so. */
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "keygen", self->key, NULL));
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("", r.out);
	EXPECT_NE(NULL, strstr(r.err, "File exists"));
	EXPECT_NE(NULL, strstr(r.err, "mlic-master: keygen "));
	EXPECT_NE(NULL, strstr(r.err, "refusing to overwrite"));
	run_free(&r);
	ASSERT_EQ(0, read_file(self->key, &b, &blen));
	EXPECT_EQ(0, memcmp(a, b, 32));
	free(a);
	free(b);
	free(second);
}

/* Check an image made by mlic-master create with the library and e2fsprogs. */
static void check_blank_medium(struct __test_metadata *_metadata,
			       const char *img, u64 size, u32 slots,
			       const u8 *want_id, struct mlic_geometry *geo)
{
	char *e2fsck = e2fs_tool("e2fsck"), *debugfs = e2fs_tool("debugfs");
	char spec[4200], want[64];
	unsigned int which;
	const char *why;
	struct stat st;
	struct run r;
	void *copy;
	u64 gen;
	int fd;

	ASSERT_EQ(0, stat(img, &st));
	EXPECT_EQ(size, (u64)st.st_size);
	fd = open(img, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, mlic_image_read_header(fd, geo, &why));
	EXPECT_EQ(slots, geo->slot_count);
	EXPECT_EQ(0, geo->user_offset % (1 << 20));
	EXPECT_EQ(size - geo->user_offset, geo->user_bytes);
	EXPECT_FALSE(mlic_id_is_zero(geo->medium_id));
	if (want_id)
		EXPECT_EQ(0, memcmp(want_id, geo->medium_id, MLIC_ID_SIZE));
	copy = malloc(geo->copy_bytes);
	ASSERT_NE(NULL, copy);
	for (which = 0; which < 2; which++) {
		EXPECT_EQ(0, mlic_image_read_secure(fd, geo, which, copy, &gen,
						    &why));
		EXPECT_EQ(1, gen);
		EXPECT_EQ(0, mlic_secure_slots_used(copy, geo));
	}
	free(copy);
	close(fd);

	if (!e2fsck || !debugfs)
		SKIP(return, "e2fsck or debugfs not installed");
	/* e2fsprogs opens "FILE?offset=N" at that offset. */
	snprintf(spec, sizeof(spec), "%s?offset=%" PRIu64, img,
		 geo->user_offset);
	{
		char *argv[] = { e2fsck, "-fn", spec, NULL };

		ASSERT_EQ(0, run_argv(&r, NULL, argv));
		EXPECT_EQ(0, r.status) TH_LOG("e2fsck: %s%s", r.out, r.err);
		run_free(&r);
	}
	{
		/*
		 * The superblock as dumpe2fs -h would list it; dumpe2fs 1.47.4
		 * takes a name with '=' for a blkid tag and cannot open it.
		 */
		char *argv[] = { debugfs, "-R", "stats", spec, NULL };

		ASSERT_EQ(0, run_argv(&r, NULL, argv));
		EXPECT_EQ(0, r.status);
		EXPECT_NE(NULL, strstr(r.out, "Filesystem magic number:  "
				       "0xEF53"));
		snprintf(want, sizeof(want), "Block count:              %"
			 PRIu64 "\n", geo->user_bytes / 4096);
		EXPECT_NE(NULL, strstr(r.out, want)) TH_LOG("%s", r.out);
		EXPECT_NE(NULL, strstr(r.out, "Block size:               "
				       "4096\n"));
		run_free(&r);
	}
	free(e2fsck);
	free(debugfs);
}

TEST_F(master, create_blank_medium)
{
	char id[MLIC_ID_HUMAN_LEN + 1], line[128];
	struct mlic_geometry geo;
	struct run r;

	ASSERT_EQ(0, run_tool(&r, "mlic-master", "create", "--system-key",
			      self->key, "--keytab", "keytab", "--size", "64M",
			      self->img, NULL));
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_STREQ("", r.err);
	check_blank_medium(_metadata, self->img, 64 << 20, 64, NULL, &geo);
	EXPECT_EQ(4096, geo.secure_offset);
	EXPECT_EQ(12288, geo.copy_bytes);
	EXPECT_EQ(1 << 20, geo.user_offset);
	EXPECT_EQ(63 << 20, geo.user_bytes);
	/* The report names the medium ID as people read it. */
	mlic_id_human(geo.medium_id, id);
	snprintf(line, sizeof(line), "medium ID:    %s\n", id);
	EXPECT_NE(NULL, strstr(r.out, line)) TH_LOG("%s", r.out);
	EXPECT_NE(NULL, strstr(r.out, "user area:    offset 1048576, "
			       "66060288 bytes, ext4\n"));
	/* The key table is not touched by a blank medium. */
	EXPECT_NE(0, access("keytab", F_OK));
	run_free(&r);
}

TEST_F(master, create_with_id_slots_and_json)
{
	static const u8 want[MLIC_ID_SIZE] = {
		0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f, 0x7a, 0x8b,
		0x9c, 0x0d, 0x1e, 0x2f, 0x3a, 0x4b, 0x5c, 0x6d,
	};
	struct mlic_geometry geo;
	struct run r;

	ASSERT_EQ(0, run_tool(&r, "mlic-master", "create", "-J",
			      "--system-key", self->key, "--keytab", "kt",
			      "--size", "40M", "--slots", "4096",
			      "--medium-id",
			      "1A2B 3C4D-5E6F-7A8B-9C0D-1E2F-3A4B-5C6D",
			      self->img, NULL));
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	check_blank_medium(_metadata, self->img, 40 << 20, 4096, want, &geo);
	EXPECT_EQ(2 << 20, geo.user_offset);
	EXPECT_EQ(38 << 20, geo.user_bytes);
	EXPECT_NE(NULL, strstr(r.out, "\"medium_id\": "
			       "\"1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d\",\n"));
	EXPECT_NE(NULL, strstr(r.out, "\"slots\": 4096,\n"));
	EXPECT_NE(NULL, strstr(r.out, "\"user_area_offset\": 2097152,\n"));
	EXPECT_NE(NULL, strstr(r.out, "\"user_area_bytes\": 39845888,\n"));
	EXPECT_NE(NULL, strstr(r.out, "\"secure_area_bytes\": 1056768,\n"));
	EXPECT_EQ('{', r.out[0]);
	EXPECT_STREQ("}\n", r.out + strlen(r.out) - 2);
	run_free(&r);
}

/* An odd size: the user area is the rest, rounded down to 4 KiB. */
TEST_F(master, create_odd_size)
{
	struct mlic_geometry geo;
	struct run r;

	ASSERT_EQ(0, run_tool(&r, "mlic-master", "create", "--system-key",
			      self->key, "--keytab", "kt", "--size",
			      "10485761", self->img, NULL));
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	ASSERT_EQ(0, mlic_image_check_path(self->img, &geo,
					   &(const char *){ NULL }));
	EXPECT_EQ(9 << 20, geo.user_bytes);
}

TEST_F(master, create_never_overwrites)
{
	static const char precious[] = "precious data";
	void *data;
	size_t len;
	struct run r;

	ASSERT_EQ(0, write_file(self->img, precious, sizeof(precious), 0644));
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "create", "--system-key",
			      self->key, "--keytab", "kt", "--size", "64M",
			      self->img, NULL));
	EXPECT_EQ(1, r.status);
	EXPECT_NE(NULL, strstr(r.err, "File exists"));
	run_free(&r);
	ASSERT_EQ(0, read_file(self->img, &data, &len));
	EXPECT_EQ(sizeof(precious), len);
	EXPECT_EQ(0, memcmp(data, precious, len));
	free(data);
}

TEST_F(master, create_checks_the_system_key)
{
	char *short_key = path_join(self->dir, "short.key");
	char *open_key = path_join(self->dir, "open.key");
	u8 bytes[32] = { 1 };
	char want[256];
	struct run r;

	ASSERT_EQ(0, write_file(short_key, bytes, 31, 0400));
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "create", "--system-key",
			      short_key, "--keytab", "kt", "--size", "64M",
			      self->img, NULL));
	EXPECT_EQ(1, r.status);
	snprintf(want, sizeof(want), "mlic-master: create %s: a key file "
		 "holds exactly 32 bytes\n", short_key);
	EXPECT_STREQ(want, r.err);
	EXPECT_NE(0, access(self->img, F_OK));
	run_free(&r);

	ASSERT_EQ(0, run_tool(&r, "mlic-master", "create", "--system-key",
			      "/nonexistent/key", "--keytab", "kt", "--size",
			      "64M", self->img, NULL));
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("mlic-master: create /nonexistent/key: No such file or "
		     "directory\n", r.err);
	EXPECT_NE(0, access(self->img, F_OK));
	run_free(&r);

	/* Readable by others: a warning, and the medium is made anyway. */
	ASSERT_EQ(0, write_file(open_key, bytes, 32, 0644));
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "create", "--system-key",
			      open_key, "--keytab", "kt", "--size", "64M",
			      self->img, NULL));
	EXPECT_EQ(0, r.status);
	snprintf(want, sizeof(want), "mlic-master: create %s: warning: the "
		 "system key is accessible to group or others (mode 0644); "
		 "chmod 0400 it\n", open_key);
	EXPECT_STREQ(want, r.err);
	run_free(&r);
	free(short_key);
	free(open_key);
}

/*
 * Replace mke2fs by a script in a directory put first in $PATH, run
 * create, and expect it to fail saying @says and to leave no image.
 */
static void create_with_fake_mke2fs(struct __test_metadata *_metadata,
				    FIXTURE_DATA(master) *self,
				    const char *script, const char *says)
{
	char *bin = path_join(self->dir, "bin"), *fake, *path_env;
	char *argv[] = {
		tool_path("mlic-master"), "create", "--system-key", self->key,
		"--keytab", "kt", "--size", "64M", self->img, NULL
	};
	struct run r;

	ASSERT_EQ(0, mkdir(bin, 0755));
	fake = path_join(bin, "mke2fs");
	ASSERT_EQ(0, write_file(fake, script, strlen(script), 0755));
	ASSERT_LT(0, asprintf(&path_env, "%s:/usr/bin:/bin", bin));
	ASSERT_EQ(0, run_argv(&r, path_env, argv));
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("", r.out);
	EXPECT_NE(NULL, strstr(r.err, says)) TH_LOG("%s", r.err);
	EXPECT_NE(0, access(self->img, F_OK)) TH_LOG("partial image left");
	run_free(&r);
	free(argv[0]);
	free(path_env);
	free(fake);
	free(bin);
}

TEST_F(master, failed_mke2fs_removes_the_image)
{
	create_with_fake_mke2fs(_metadata, self, "#!/bin/sh\nexit 1\n",
				"failed to make the ext4 user area");
}

TEST_F(master, missing_filesystem_removes_the_image)
{
	create_with_fake_mke2fs(_metadata, self, "#!/bin/sh\nexit 0\n",
				"check after writing: no ext4 superblock in "
				"the user area");
}

/* Something wrote over the first area: the read-back check must see it. */
TEST_F(master, damaged_header_removes_the_image)
{
	char *mke2fs = e2fs_tool("mke2fs"), script[512];

	if (!mke2fs)
		SKIP(return, "mke2fs not installed");
	snprintf(script, sizeof(script),
		 "#!/bin/sh\nimg=\n"
		 "for a; do [ -f \"$a\" ] && img=$a; done\n"
		 "%s \"$@\" || exit\n"
		 "printf garbage | dd of=\"$img\" conv=notrunc status=none\n",
		 mke2fs);
	create_with_fake_mke2fs(_metadata, self, script,
				"check after writing: no medium header magic");
	free(mke2fs);
}

TEST_F(master, interrupt_removes_the_image)
{
	create_with_fake_mke2fs(_metadata, self,
				"#!/bin/sh\nkill -INT $PPID\nexit 1\n",
				"interrupted by signal 2");
}

/* --- media with contents, encrypt, issue: refusals ---------------------- */

static bool have_af_alg(void)
{
	int fd = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* The names in @dir, sorted, one a line. */
static char *listing(const char *dir)
{
	char *argv[] = { "/bin/ls", "-A", (char *)dir, NULL };
	struct run r;

	if (run_argv(&r, NULL, argv))
		return NULL;
	free(r.err);
	return r.out;
}

/* A file of @size bytes (sparse). */
static int sparse_file(const char *path, off_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0 || ftruncate(fd, size))
		return -1;
	return close(fd);
}

#define KT_TEXT	"mlic-keytab 1\n" \
	"0123456789abcdef0123456789abcdef " \
	"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff " \
	"movie.mp4\n"

/* Run create with one content; expect exit 1 saying @says, nothing new. */
static void create_refused(struct __test_metadata *_metadata,
			   FIXTURE_DATA(master) *self, const char *keytab,
			   const char *size, const char *content,
			   const char *says)
{
	char *before = listing(self->dir), *after;
	struct run r;

	ASSERT_EQ(0, run_tool(&r, "mlic-master", "create", "--system-key",
			      self->key, "--keytab", keytab, "--size", size,
			      self->img, content, NULL));
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("", r.out);
	EXPECT_NE(NULL, strstr(r.err, says)) TH_LOG("%s", r.err);
	run_free(&r);
	/* No image, no staging directory, the key table as it was. */
	after = listing(self->dir);
	EXPECT_STREQ(before, after);
	free(before);
	free(after);
}

TEST_F(master, create_refuses_bad_contents)
{
	char *dir_content = path_join(self->dir, "sub");
	char *quoted = path_join(self->dir, "say \"hi\".mp4");
	char *kt = path_join(self->dir, "kt");

	ASSERT_EQ(0, mkdir(dir_content, 0755));
	ASSERT_EQ(0, sparse_file(quoted, 10));
	create_refused(_metadata, self, kt, "64M", "/nonexistent/a.mp4",
		       "/nonexistent/a.mp4: No such file or directory\n");
	create_refused(_metadata, self, kt, "64M", dir_content,
		       "sub: not a regular file\n");
	create_refused(_metadata, self, kt, "64M", quoted,
		       "cannot be a content's name: the name holds a control "
		       "character, '/', '\\' or '\"'\n");
	free(dir_content);
	free(quoted);
	free(kt);
}

/* Whether the encrypted contents fit is known before anything is made. */
TEST_F(master, create_refuses_contents_that_do_not_fit)
{
	char *big = path_join(self->dir, "big.mp4");
	char *kt = path_join(self->dir, "kt");

	ASSERT_EQ(0, sparse_file(big, 20 << 20));
	create_refused(_metadata, self, kt, "16M", big,
		       ": the contents do not fit the user area: they need "
		       "20.0 MiB, it has ");
	free(big);
	free(kt);
}

TEST_F(master, create_refuses_a_damaged_key_table)
{
	static const char damaged[] = KT_TEXT "0123 garbage\n";
	char *content = path_join(self->dir, "movie.mp4");
	char *kt = path_join(self->dir, "kt");
	char want[512];
	void *data;
	size_t len;

	ASSERT_EQ(0, sparse_file(content, 1000));
	ASSERT_EQ(0, write_file(kt, damaged, strlen(damaged), 0600));
	snprintf(want, sizeof(want), "mlic-master: create %s: line 3: not "
		 "\"CONTENT-ID KEY NAME\"\nmlic-master: hint: a key table "
		 "that cannot be read is never rewritten; fix it or restore a "
		 "copy\n", kt);
	create_refused(_metadata, self, kt, "64M", content, want);
	ASSERT_EQ(0, read_file(kt, &data, &len));
	EXPECT_EQ(strlen(damaged), len);
	free(data);

	/* A table others may read is refused too. */
	ASSERT_EQ(0, unlink(kt));
	ASSERT_EQ(0, write_file(kt, KT_TEXT, strlen(KT_TEXT), 0640));
	snprintf(want, sizeof(want), "mlic-master: create %s: group or "
		 "others may access the key table (mode 0640)\nmlic-master: "
		 "hint: it holds every content key: chmod 0600 it\n", kt);
	create_refused(_metadata, self, kt, "64M", content, want);
	free(content);
	free(kt);
}

/* Without AF_ALG: said plainly, and nothing made, the table untouched. */
TEST_F(master, create_without_af_alg_leaves_nothing)
{
	char *content = path_join(self->dir, "movie.mp4");
	char *kt = path_join(self->dir, "kt");
	void *data;
	size_t len;

	if (have_af_alg())
		SKIP(return, "this host has AF_ALG (the VM tests create)");
	ASSERT_EQ(0, sparse_file(content, 100000));
	create_refused(_metadata, self, kt, "64M", content,
		       "mlic-master: create AF_ALG: the kernel crypto user API "
		       "(AF_ALG) is missing\nmlic-master: hint: mlic-master "
		       "runs its cryptography in the kernel: it needs "
		       "CONFIG_CRYPTO_USER_API_AEAD and "
		       "CONFIG_CRYPTO_USER_API_HASH (modules af_alg, "
		       "algif_aead, algif_hash)");
	EXPECT_NE(0, access(kt, F_OK));
	/* A table that exists is left as it was. */
	ASSERT_EQ(0, write_file(kt, KT_TEXT, strlen(KT_TEXT), 0600));
	create_refused(_metadata, self, kt, "64M", content, "(AF_ALG)");
	ASSERT_EQ(0, read_file(kt, &data, &len));
	EXPECT_EQ(strlen(KT_TEXT), len);
	free(data);
	free(content);
	free(kt);
}

TEST_F(master, encrypt_refusals)
{
	char *content = path_join(self->dir, "movie.mp4");
	char *out = path_join(self->dir, "movie.mlc");
	char *kt = path_join(self->dir, "kt");
	char *before, *after;
	struct run r;

	ASSERT_EQ(0, sparse_file(content, 1000));
	ASSERT_EQ(0, write_file(out, "x", 1, 0644));
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "encrypt", "--keytab", kt,
			      content, out, NULL));
	EXPECT_EQ(1, r.status);
	EXPECT_NE(NULL, strstr(r.err, "movie.mlc: File exists\n"));
	EXPECT_NE(NULL, strstr(r.err, "hint: refusing to overwrite"));
	EXPECT_NE(0, access(kt, F_OK));
	run_free(&r);
	ASSERT_EQ(0, unlink(out));

	if (have_af_alg())
		SKIP(return, "this host has AF_ALG (the VM tests encrypt)");
	before = listing(self->dir);
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "encrypt", "--keytab", kt,
			      content, out, NULL));
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("", r.out);
	EXPECT_TRUE(!strncmp(r.err, "mlic-master: encrypt AF_ALG: the kernel "
			     "crypto user API (AF_ALG) is missing\n", 70))
		TH_LOG("%s", r.err);
	run_free(&r);
	after = listing(self->dir);
	EXPECT_STREQ(before, after);
	free(before);
	free(after);
	free(content);
	free(out);
	free(kt);
}

TEST_F(master, issue_refusals)
{
	char *kt = path_join(self->dir, "kt");
	char *out = path_join(self->dir, "l.mll");
	char want[512];
	struct run r;

	ASSERT_EQ(0, run_tool(&r, "mlic-master", "issue", "--system-key",
			      self->key, "--keytab", kt, "--medium-id",
			      "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d", "--content",
			      "movie.mp4", "-o", out, NULL));
	EXPECT_EQ(1, r.status);
	snprintf(want, sizeof(want), "mlic-master: issue %s: No such file or "
		 "directory\n", kt);
	EXPECT_STREQ(want, r.err);
	run_free(&r);

	ASSERT_EQ(0, write_file(kt, KT_TEXT, strlen(KT_TEXT), 0600));
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "issue", "--system-key",
			      self->key, "--keytab", kt, "--medium-id",
			      "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d", "--content",
			      "other.mp4", "-o", out, NULL));
	EXPECT_EQ(1, r.status);
	snprintf(want, sizeof(want), "mlic-master: issue %s: no content "
		 "'other.mp4' in the key table\n", kt);
	EXPECT_STREQ(want, r.err);
	run_free(&r);

	if (have_af_alg())
		SKIP(return, "this host has AF_ALG (the VM tests issue)");
	/* By name or by content ID, the content is found: then AF_ALG. */
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "issue", "--system-key",
			      self->key, "--keytab", kt, "--medium-id",
			      "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d", "--content",
			      "0123-4567-89AB-CDEF-0123-4567-89ab-cdef", "-o",
			      out, NULL));
	EXPECT_EQ(1, r.status);
	EXPECT_NE(NULL, strstr(r.err, "(AF_ALG) is missing")) TH_LOG("%s",
								     r.err);
	run_free(&r);
	EXPECT_NE(0, access(out, F_OK));
	free(kt);
	free(out);
}

/* Run mlic-master with the arguments that follow, stdout into @path. */
static int run_into(const char *path, ...)
{
	char *argv[16] = { tool_path("mlic-master") };
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600), n = 1,
	    ret;
	va_list ap;

	va_start(ap, path);
	while (n < 15 && (argv[n] = va_arg(ap, char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	ret = fd < 0 || !argv[0] ? -1 : run_to_fd(argv, fd);
	if (fd >= 0)
		close(fd);
	free(argv[0]);
	return ret;
}

/*
 * "-" is stdin or stdout where a stream makes sense, and refused plainly
 * elsewhere; no file named "-" is ever made.
 */
TEST_F(master, dash_means_stdin_or_stdout)
{
	char *out = path_join(self->dir, "out"), *kt = path_join(self->dir, "kt"),
	     *film = path_join(self->dir, "film.mp4"),
	     *svg = path_join(self->dir, "l.svg");
	const char *id = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d";
	void *data;
	size_t len;
	struct run r;

	ASSERT_EQ(0, chdir(self->dir));
	/* keygen -: the key on stdout */
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "keygen", "-", NULL));
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_STREQ("", r.err);
	run_free(&r);
	/* (captured in a file: its size, as stdout's strings end at NULs) */
	ASSERT_EQ(0, write_file(film, "a film", 6, 0644));
	/* --system-key -: the key from stdin; a blank medium */
	ASSERT_EQ(0, run_tool_in(&r, self->key, "mlic-master", "create",
				 "--system-key", "-", "--keytab", kt, "--size",
				 "16MiB", "--medium-id", id, self->img, NULL));
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	if (!have_af_alg()) {
		TH_LOG("no AF_ALG here: encrypt and issue to stdout are left to "
		       "the VM tests");
		goto label;
	}
	/* encrypt CONTENT -: the content on stdout, the report on stderr */
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "encrypt", "--keytab", kt,
			      film, "-", NULL));
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_TRUE(!strncmp(r.err, "content:     film.mp4\n", 22))
		TH_LOG("%s", r.err);
	run_free(&r);
	/* issue -o -: the license on stdout */
	ASSERT_EQ(0, run_tool_in(&r, self->key, "mlic-master", "issue",
				 "--system-key", "-", "--keytab", kt,
				 "--medium-id", id, "--content", "film.mp4",
				 "-o", "-", NULL));
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_NE(NULL, strstr(r.err, "stdout: license for film.mp4"));
	run_free(&r);
label:
	/* label -o -: an SVG on stdout, with --format */
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "label", self->img, "-o", "-",
			      "--format", "svg", NULL));
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_NE(NULL, strstr(r.out, "<svg")) TH_LOG("%.200s", r.out);
	EXPECT_TRUE(!strncmp(r.err, "stdout: disc label of medium 1a2b-", 34))
		TH_LOG("%s", r.err);
	run_free(&r);
	EXPECT_NE(0, access("-", F_OK));

	/* The same outputs, captured whole in files. */
	EXPECT_EQ(0, run_into(out, "keygen", "-", NULL));
	ASSERT_EQ(0, read_file(out, &data, &len));
	EXPECT_EQ(32, len);
	free(data);
	EXPECT_EQ(0, run_into(svg, "label", self->img, "-o", "-", "--format",
			      "svg", NULL));

	/* Where a stream makes no sense: a usage error, nothing made. */
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "create", "--system-key",
			      self->key, "--keytab", "-", "--size", "16M",
			      "m2.img", NULL));
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(!strncmp(r.err, "mlic-master: create: --keytab cannot be "
			     "'-' (standard input or output): the key table "
			     "is locked and replaced in place\n", 113))
		TH_LOG("%s", r.err);
	run_free(&r);
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "create", "--system-key",
			      self->key, "--keytab", kt, "--size", "16M", "-",
			      NULL));
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "IMAGE cannot be '-'"));
	run_free(&r);
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "create", "--system-key",
			      self->key, "--keytab", kt, "--size", "16M",
			      "m2.img", "-", NULL));
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "a CONTENT cannot be '-'"));
	run_free(&r);
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "encrypt", "--keytab", kt, "-",
			      "x.mlc", NULL));
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "CONTENT cannot be '-'"));
	run_free(&r);
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "label", "-", "-o", "x.svg",
			      NULL));
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "IMAGE cannot be '-'"));
	run_free(&r);
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "label", self->img, "-o", "-",
			      NULL));
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "-o - (stdout) needs --format"));
	run_free(&r);
	EXPECT_NE(0, access("-", F_OK));
	EXPECT_NE(0, access("m2.img", F_OK));
	EXPECT_NE(0, access("x.svg", F_OK));
	free(out);
	free(kt);
	free(film);
	free(svg);
}

/*
 * An existing IMAGE is refused before any work; a block device with the
 * advice to create a file and copy it, never "remove it".
 */
TEST_F(master, create_refuses_a_block_device)
{
	char *dev = path_join(self->dir, "loop9"), *kt = path_join(self->dir,
								   "kt");
	struct run r;

	if (geteuid())
		SKIP(return, "making a block device node needs root");
	ASSERT_EQ(0, mknod(dev, S_IFBLK | 0600, makedev(7, 200)));
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "create", "--system-key",
			      self->key, "--keytab", kt, "--size", "16M", dev,
			      NULL));
	EXPECT_EQ(1, r.status);
	EXPECT_NE(NULL, strstr(r.err, ": a block device: create makes a new "
			       "image file, and never writes over a device\n"))
		TH_LOG("%s", r.err);
	EXPECT_NE(NULL, strstr(r.err, "hint: create the image as a file, then "
			       "copy it onto the device: dd if=IMAGE of="))
		TH_LOG("%s", r.err);
	EXPECT_EQ(NULL, strstr(r.err, "remove it"));
	EXPECT_NE(0, access(kt, F_OK));
	run_free(&r);
	free(dev);
	free(kt);
}

TEST_HARNESS_MAIN
