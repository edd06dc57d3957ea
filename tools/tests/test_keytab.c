// SPDX-License-Identifier: GPL-2.0
/*
 * test_keytab - the key table in libmlic: content names, parsing every
 * kind of damage with its line number, formatting, atomic replacement,
 * permissions, symbolic links, locking, lookups by name and by ID, and
 * that nothing of a refused table survives in memory.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "cli.h"
#include "util.h"

#define ID1	"0123456789abcdef0123456789abcdef"
#define KEY1	"00112233445566778899aabbccddeeff" \
		"00112233445566778899aabbccddeeff"
#define ID2	"fedcba9876543210fedcba9876543210"
#define KEY2	"ffeeddccbbaa99887766554433221100" \
		"ffeeddccbbaa99887766554433221100"
#define HEADER	"mlic-keytab 1\n"
#define LINE1	ID1 " " KEY1 " movie.mp4\n"
#define LINE2	ID2 " " KEY2 " My Film (2024).mkv\n"

TEST(content_names)
{
	static const char *const good[] = {
		"a", "movie.mp4", "My Film (2024).mkv", ".hidden", "caf\xc3\xa9",
		"\xe2\x82\xac 5", "\xf0\x9f\x8e\xac.mp4",
		"123456789012345678901234567890123456789012345678901234567890123",
	};
	static const char *const bad[] = {
		"", ".", "..", "a/b", "a\\b", "say \"hi\"", "tab\there",
		"new\nline", "del\x7f", " lead", "trail ", "\xc3", "\xc0\xaf",
		"\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff",
		"1234567890123456789012345678901234567890123456789012345678901234",
	};
	const char *why;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		EXPECT_EQ(0, mlic_content_name_check(good[i], &why))
			TH_LOG("'%s': %s", good[i], why);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-EINVAL, mlic_content_name_check(bad[i], &why))
			TH_LOG("bad %zu accepted", i);
		EXPECT_NE(NULL, why);
	}
	mlic_content_name_check("x/y", &why);
	EXPECT_NE(NULL, strstr(why, "'/'"));
	mlic_content_name_check(bad[ARRAY_SIZE(bad) - 1], &why);
	EXPECT_STREQ("the name is longer than 63 bytes", why);
	mlic_content_name_check("\xc3", &why);
	EXPECT_STREQ("the name is not valid UTF-8", why);
}

static int parse(struct mlic_keytab *kt, const char *text,
		 struct mlic_keytab_error *err)
{
	mlic_keytab_init(kt);
	return mlic_keytab_parse(kt, text, strlen(text), err);
}

TEST(parse_good)
{
	struct mlic_keytab_error err;
	const struct mlic_keytab_entry *e;
	struct mlic_keytab kt;

	ASSERT_EQ(0, parse(&kt, HEADER LINE1 LINE2, &err));
	ASSERT_EQ(2, kt.count);
	EXPECT_EQ(2, kt.loaded);
	EXPECT_EQ(0, err.line);
	e = &kt.entries[0];
	EXPECT_STREQ("movie.mp4", e->name);
	EXPECT_EQ(0x01, e->content_id[0]);
	EXPECT_EQ(0xef, e->content_id[15]);
	EXPECT_EQ(0x00, e->key[0]);
	EXPECT_EQ(0x11, e->key[1]);
	EXPECT_EQ(0xff, e->key[31]);
	EXPECT_STREQ("My Film (2024).mkv", kt.entries[1].name);
	EXPECT_EQ(0x00, kt.entries[1].key[31]);
	mlic_keytab_free(&kt);
	EXPECT_EQ(NULL, kt.entries);
	EXPECT_EQ(0, kt.count);

	/* A table of no contents is a table. */
	ASSERT_EQ(0, parse(&kt, HEADER, &err));
	EXPECT_EQ(0, kt.count);
	mlic_keytab_free(&kt);
}

/* Every kind of damage: refused with its line and reason, table empty. */
TEST(parse_refuses)
{
	static const struct {
		const char *text;
		int err;
		unsigned int line;
		const char *why;
	} cases[] = {
		{ "", -EMEDIUMTYPE, 0, "not an mlic key table" },
		{ "mlic-keytab 1", -EINVAL, 1, "truncated" },
		{ "mlic-keytab 1 \n", -EOPNOTSUPP, 0, "version" },
		{ "# mlic-keytab 1\n", -EMEDIUMTYPE, 0, "not an mlic" },
		{ "MLIC-KEYTAB 1\n", -EMEDIUMTYPE, 0, "not an mlic" },
		{ "mlic-keytab 2\n" LINE1, -EOPNOTSUPP, 0, "version" },
		{ "mlic-keytab 10\n", -EOPNOTSUPP, 0, "version" },
		{ HEADER LINE1 ID2 " " KEY2 " x", -EINVAL, 3, "truncated" },
		{ HEADER "\n", -EINVAL, 2, "not \"CONTENT-ID KEY NAME\"" },
		{ HEADER "# comment\n", -EINVAL, 2, "CONTENT-ID KEY NAME" },
		{ HEADER ID1 "  " KEY1 " a\n", -EINVAL, 2, "CONTENT-ID KEY" },
		{ HEADER ID1 "\t" KEY1 " a\n", -EINVAL, 2, "CONTENT-ID KEY" },
		{ HEADER "0123456789ABCDEF0123456789abcdef " KEY1 " a\n",
		  -EINVAL, 2, "content ID is not 32 lowercase" },
		{ HEADER "0123456789abcdef0123456789abcdeg " KEY1 " a\n",
		  -EINVAL, 2, "content ID is not 32 lowercase" },
		{ HEADER ID1 " " KEY1 "0 a\n", -EINVAL, 2, "CONTENT-ID KEY" },
		{ HEADER ID1 " 0" KEY1 " a\n", -EINVAL, 2, "CONTENT-ID KEY" },
		{ HEADER ID1 " x0112233445566778899aabbccddeeff"
		  "00112233445566778899aabbccddeeff a\n", -EINVAL, 2,
		  "key is not 64 lowercase" },
		{ HEADER ID1 " " KEY1 " \n", -EINVAL, 2, "name is empty" },
		{ HEADER ID1 " " KEY1 "\n", -EINVAL, 2, "CONTENT-ID KEY" },
		{ HEADER ID1 " " KEY1 " a/b\n", -EINVAL, 2, "'/'" },
		{ HEADER ID1 " " KEY1 " a\r\n", -EINVAL, 2, "control" },
		{ HEADER ID1 " " KEY1 " trailing \n", -EINVAL, 2, "space" },
		{ HEADER ID1 " " KEY1 " 1234567890123456789012345678901234567"
		  "890123456789012345678901234\n", -EINVAL, 2, "longer than 63" },
		{ HEADER "00000000000000000000000000000000 " KEY1 " a\n",
		  -EINVAL, 2, "content ID is all zero" },
		{ HEADER ID1 " 0000000000000000000000000000000000000000000000"
		  "000000000000000000 a\n", -EINVAL, 2, "key is all zero" },
		{ HEADER LINE1 ID1 " " KEY2 " other\n", -EINVAL, 3,
		  "content ID is in the table already" },
		{ HEADER LINE1 ID2 " " KEY2 " movie.mp4\n", -EINVAL, 3,
		  "name is in the table already" },
		{ HEADER LINE1 LINE2 "garbage\n", -EINVAL, 4,
		  "CONTENT-ID KEY NAME" },
	};
	struct mlic_keytab_error err;
	struct mlic_keytab kt;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		EXPECT_EQ(cases[i].err, parse(&kt, cases[i].text, &err))
			TH_LOG("case %zu", i);
		EXPECT_EQ(cases[i].line, err.line) TH_LOG("case %zu", i);
		EXPECT_NE(NULL, err.why);
		if (err.why)
			EXPECT_NE(NULL, strstr(err.why, cases[i].why))
				TH_LOG("case %zu: %s", i, err.why);
		EXPECT_EQ(0, kt.count) TH_LOG("case %zu", i);
		EXPECT_EQ(NULL, kt.entries) TH_LOG("case %zu", i);
	}
}

TEST(parse_nul_byte)
{
	static const char text[] = HEADER ID1 " " KEY1 " a\0b\n";
	struct mlic_keytab_error err;
	struct mlic_keytab kt;

	mlic_keytab_init(&kt);
	EXPECT_EQ(-EINVAL, mlic_keytab_parse(&kt, text, sizeof(text) - 1,
					     &err));
	EXPECT_EQ(2, err.line);
	EXPECT_STREQ("the line holds a NUL byte", err.why);
}

/* format(parse(text)) == text, and the added entries go last. */
TEST(format_round_trip)
{
	static const char text[] = HEADER LINE1 LINE2;
	const struct mlic_keytab_entry *e, *again;
	struct mlic_keytab_error err;
	struct mlic_keytab kt, back;
	char *buf;
	size_t len;

	ASSERT_EQ(0, parse(&kt, text, &err));
	ASSERT_EQ(0, mlic_keytab_format(&kt, &buf, &len));
	ASSERT_EQ(strlen(text), len);
	EXPECT_EQ(0, memcmp(text, buf, len));
	free(buf);

	ASSERT_EQ(0, mlic_keytab_add_new(&kt, "new one", &e));
	EXPECT_EQ(3, kt.count);
	EXPECT_EQ(2, kt.loaded);
	EXPECT_STREQ("new one", e->name);
	EXPECT_FALSE(mlic_id_is_zero(e->content_id));
	EXPECT_EQ(-EINVAL, mlic_keytab_add_new(&kt, "new one", &again));
	EXPECT_EQ(-EINVAL, mlic_keytab_add_new(&kt, "a/b", &again));
	EXPECT_EQ(3, kt.count);
	ASSERT_EQ(0, mlic_keytab_format(&kt, &buf, &len));
	EXPECT_EQ(0, memcmp(text, buf, strlen(text)));
	EXPECT_EQ('\n', buf[len - 1]);
	mlic_keytab_init(&back);
	ASSERT_EQ(0, mlic_keytab_parse(&back, buf, len, &err));
	ASSERT_EQ(3, back.count);
	EXPECT_EQ(0, memcmp(&back.entries[2], &kt.entries[2],
			    sizeof(back.entries[2])));
	free(buf);
	mlic_keytab_free(&back);
	mlic_keytab_free(&kt);
}

/* New contents get distinct random IDs and keys. */
TEST(add_new_random)
{
	struct mlic_keytab kt;
	const struct mlic_keytab_entry *e;
	char name[16];
	size_t i, j;

	mlic_keytab_init(&kt);
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "c%zu", i);
		ASSERT_EQ(0, mlic_keytab_add_new(&kt, name, &e));
	}
	for (i = 0; i < kt.count; i++) {
		for (j = 0; j < i; j++) {
			EXPECT_NE(0, memcmp(kt.entries[i].content_id,
					    kt.entries[j].content_id,
					    MLIC_ID_SIZE));
			EXPECT_NE(0, memcmp(kt.entries[i].key,
					    kt.entries[j].key, MLIC_KEY_SIZE));
		}
	}
	EXPECT_EQ(0, kt.loaded);
	mlic_keytab_free(&kt);
}

TEST(lookups)
{
	struct mlic_keytab_error err;
	struct mlic_keytab kt;
	u8 id[MLIC_ID_SIZE];

	ASSERT_EQ(0, parse(&kt, HEADER LINE1 LINE2, &err));
	EXPECT_EQ(&kt.entries[1], mlic_keytab_find(&kt, "My Film (2024).mkv"));
	EXPECT_EQ(NULL, mlic_keytab_find(&kt, "movie"));
	ASSERT_EQ(0, mlic_id_parse(ID2, id));
	EXPECT_EQ(&kt.entries[1], mlic_keytab_find_id(&kt, id));
	EXPECT_EQ(&kt.entries[0], mlic_keytab_lookup(&kt, "movie.mp4"));
	EXPECT_EQ(&kt.entries[0], mlic_keytab_lookup(&kt, ID1));
	EXPECT_EQ(&kt.entries[1],
		  mlic_keytab_lookup(&kt, "FEDC-BA98-7654-3210-FEDC-BA98-"
				     "7654-3210"));
	EXPECT_EQ(NULL, mlic_keytab_lookup(&kt, "nothing"));
	EXPECT_EQ(NULL, mlic_keytab_lookup(&kt, "11111111111111111111111111"
					   "111111"));
	mlic_keytab_free(&kt);
}

FIXTURE(file) {
	char *dir;
	char *path;
};

FIXTURE_SETUP(file)
{
	self->dir = scratch_dir();
	ASSERT_NE(NULL, self->dir);
	self->path = path_join(self->dir, "keytab");
}

FIXTURE_TEARDOWN(file)
{
	remove_tree(self->dir);
	free(self->dir);
	free(self->path);
}

/* Entries of the directory but "." and "..". */
static size_t dir_entries(const char *dir)
{
	struct run r;
	char *argv[] = { "/bin/ls", "-A", (char *)dir, NULL };
	size_t n;

	if (run_argv(&r, NULL, argv))
		return 99;
	n = count_lines(r.out);
	run_free(&r);
	return n;
}

TEST_F(file, write_then_read)
{
	struct mlic_keytab_error err;
	struct mlic_keytab kt, back;
	struct stat st;
	void *data;
	size_t len;

	ASSERT_EQ(0, parse(&kt, HEADER LINE1 LINE2, &err));
	ASSERT_EQ(0, mlic_keytab_write(&kt, self->path));
	ASSERT_EQ(0, lstat(self->path, &st));
	EXPECT_TRUE(S_ISREG(st.st_mode));
	EXPECT_EQ(0600, st.st_mode & 07777);
	ASSERT_EQ(0, read_file(self->path, &data, &len));
	EXPECT_EQ(strlen(HEADER LINE1 LINE2), len);
	EXPECT_EQ(0, memcmp(HEADER LINE1 LINE2, data, len));
	free(data);
	/* No temporary file left beside it. */
	EXPECT_EQ(1, dir_entries(self->dir));

	mlic_keytab_init(&back);
	ASSERT_EQ(0, mlic_keytab_read(&back, self->path, &err));
	ASSERT_EQ(2, back.count);
	EXPECT_EQ(0, memcmp(back.entries, kt.entries,
			    2 * sizeof(*kt.entries)));
	mlic_keytab_free(&back);
	mlic_keytab_free(&kt);

	mlic_keytab_init(&kt);
	EXPECT_EQ(-ENOENT, mlic_keytab_read(&kt, "/nonexistent/kt", &err));
}

/* Replacing a table makes a new file: the old one is never written. */
TEST_F(file, replaced_atomically)
{
	const struct mlic_keytab_entry *e;
	struct mlic_keytab_error err;
	struct mlic_keytab kt;
	struct stat before, after;
	char *old = path_join(self->dir, "old-table");
	void *data;
	size_t len;

	ASSERT_EQ(0, write_file(self->path, HEADER LINE1,
				strlen(HEADER LINE1), 0600));
	ASSERT_EQ(0, link(self->path, old));
	ASSERT_EQ(0, stat(self->path, &before));
	mlic_keytab_init(&kt);
	ASSERT_EQ(0, mlic_keytab_read(&kt, self->path, &err));
	ASSERT_EQ(0, mlic_keytab_add_new(&kt, "second", &e));
	ASSERT_EQ(0, mlic_keytab_write(&kt, self->path));
	ASSERT_EQ(0, stat(self->path, &after));
	EXPECT_NE(before.st_ino, after.st_ino);
	/* The old inode still holds the old table, whole. */
	ASSERT_EQ(0, read_file(old, &data, &len));
	EXPECT_EQ(strlen(HEADER LINE1), len);
	EXPECT_EQ(0, memcmp(HEADER LINE1, data, len));
	free(data);
	ASSERT_EQ(0, read_file(self->path, &data, &len));
	EXPECT_EQ(0, memcmp(HEADER LINE1, data, strlen(HEADER LINE1)));
	EXPECT_NE(NULL, strstr((char *)data + strlen(HEADER LINE1),
			       " second\n"));
	free(data);
	EXPECT_EQ(2, dir_entries(self->dir));
	mlic_keytab_free(&kt);
	free(old);
}

/* A table that cannot be replaced: an error, and no temporary left. */
TEST_F(file, failed_write_leaves_nothing)
{
	struct mlic_keytab_error err;
	struct mlic_keytab kt;
	char *inside = path_join(self->path, "f");

	/* rename() cannot put a file over a non-empty directory. */
	ASSERT_EQ(0, mkdir(self->path, 0700));
	ASSERT_EQ(0, write_file(inside, "x", 1, 0600));
	ASSERT_EQ(0, parse(&kt, HEADER LINE1, &err));
	EXPECT_GT(0, mlic_keytab_write(&kt, self->path));
	EXPECT_EQ(1, dir_entries(self->dir));
	EXPECT_EQ(1, dir_entries(self->path));
	mlic_keytab_free(&kt);
	EXPECT_EQ(-ENOENT, mlic_keytab_write(&kt, "/nonexistent/dir/kt"));
	free(inside);
}

TEST_F(file, refuses_open_permissions)
{
	static const mode_t modes[] = { 0640, 0604, 0660, 0644, 0700, 0610 };
	struct mlic_keytab_error err;
	struct mlic_keytab kt;
	size_t i;

	ASSERT_EQ(0, write_file(self->path, HEADER LINE1,
				strlen(HEADER LINE1), 0600));
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		ASSERT_EQ(0, chmod(self->path, modes[i]));
		mlic_keytab_init(&kt);
		if (modes[i] & 077) {
			EXPECT_EQ(-EPERM, mlic_keytab_read(&kt, self->path,
							   &err));
			EXPECT_EQ(modes[i], err.mode);
			EXPECT_EQ(0, kt.count);
		} else {
			EXPECT_EQ(0, mlic_keytab_read(&kt, self->path, &err));
			EXPECT_EQ(1, kt.count);
		}
		mlic_keytab_free(&kt);
	}
}

TEST_F(file, refuses_links_and_directories)
{
	struct mlic_keytab_error err;
	struct mlic_keytab kt;
	char *real = path_join(self->dir, "real");

	ASSERT_EQ(0, write_file(real, HEADER LINE1, strlen(HEADER LINE1),
				0600));
	ASSERT_EQ(0, symlink("real", self->path));
	mlic_keytab_init(&kt);
	EXPECT_EQ(-ELOOP, mlic_keytab_read(&kt, self->path, &err));
	EXPECT_NE(NULL, strstr(err.why, "symbolic link"));
	EXPECT_EQ(-EINVAL, mlic_keytab_read(&kt, self->dir, &err));
	EXPECT_STREQ("not a regular file", err.why);
	free(real);
}

/* A damaged file: its line number, and the file left alone. */
TEST_F(file, damaged_file_reported)
{
	static const char text[] = HEADER LINE1 "damage\n" LINE2;
	struct mlic_keytab_error err;
	struct mlic_keytab kt;

	ASSERT_EQ(0, write_file(self->path, text, strlen(text), 0600));
	mlic_keytab_init(&kt);
	EXPECT_EQ(-EINVAL, mlic_keytab_read(&kt, self->path, &err));
	EXPECT_EQ(3, err.line);
	EXPECT_EQ(0, kt.count);
}

/* Writers exclude each other and readers; readers share. */
TEST_F(file, locking)
{
	int a, b, c, status;
	pid_t pid;

	ASSERT_EQ(0, mlic_keytab_lock(self->path, true, false, &a));
	/* flock() locks belong to the open file: another open conflicts. */
	EXPECT_EQ(-EWOULDBLOCK, mlic_keytab_lock(self->path, true, false,
						 &b));
	EXPECT_EQ(-EWOULDBLOCK, mlic_keytab_lock(self->path, false, false,
						 &b));
	close(a);
	ASSERT_EQ(0, mlic_keytab_lock(self->path, false, false, &a));
	ASSERT_EQ(0, mlic_keytab_lock(self->path, false, false, &b));
	EXPECT_EQ(-EWOULDBLOCK, mlic_keytab_lock(self->path, true, false,
						 &c));
	close(b);
	/* A waiting writer gets the lock once the reader is gone. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(a);	/* the parent's shared lock, inherited */
		_exit(mlic_keytab_lock(self->path, true, true, &c) ? 1 : 0);
	}
	usleep(100000);
	EXPECT_EQ(0, waitpid(pid, &status, WNOHANG));
	close(a);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	EXPECT_EQ(-ENOENT, mlic_keytab_lock("/nonexistent/dir/kt", true, true,
					    &a));
}

TEST_HARNESS_MAIN
