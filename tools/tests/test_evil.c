// SPDX-License-Identifier: GPL-2.0
/*
 * test_evil - the corpus of gen-evil-images, read back from the files
 * through the library's image checks: every image is refused with the
 * errno and reason its manifest line names, the good one is accepted, the
 * secure-area images have exactly the damaged copies their manifest says,
 * and the corpus is reproducible byte for byte.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "kselftest_harness.h"

#include "cli.h"
#include "defects.h"
#include "util.h"

/* One manifest line: NAME WORD REST-OF-LINE. */
struct entry {
	char name[128];
	char word[64];
	char reason[256];
};

/* Read the entries of a manifest; returns their number or -1. */
static int read_manifest(const char *path, struct entry *e, int max)
{
	char line[512];
	int n = 0, used;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (n == max || sscanf(line, "%127s %63s %n", e[n].name,
				       e[n].word, &used) != 2) {
			n = -1;
			break;
		}
		snprintf(e[n].reason, sizeof(e[n].reason), "%s", line + used);
		n++;
	}
	fclose(f);
	return n;
}

static char *image_path(const char *dir, const char *name)
{
	char *path;

	return asprintf(&path, "%s/%s.img", dir, name) < 0 ? NULL : path;
}

static char *run_generator(const char *dir, const char *sub)
{
	char *out = path_join(dir, sub);
	char *argv[] = { tool_path("tests/gen-evil-images"), out, NULL };
	struct run r;

	if (!out || !argv[0] || run_argv(&r, NULL, argv) || r.status) {
		free(out);
		out = NULL;
	}
	run_free(&r);
	free(argv[0]);
	return out;
}

FIXTURE(corpus) {
	char *dir;
	char *out;
};

FIXTURE_SETUP(corpus)
{
	self->dir = scratch_dir();
	ASSERT_NE(NULL, self->dir);
	self->out = run_generator(self->dir, "corpus");
	ASSERT_NE(NULL, self->out);
}

FIXTURE_TEARDOWN(corpus)
{
	remove_tree(self->dir);
	free(self->dir);
	free(self->out);
}

TEST_F(corpus, header_manifest_holds)
{
	static struct entry e[256];
	struct mlic_geometry geo;
	char *manifest, *img;
	const char *why;
	int n, i, ret;
	bool good = false;

	manifest = path_join(self->out, "manifest");
	n = read_manifest(manifest, e, 256);
	free(manifest);
	ASSERT_EQ(mlic_ndefects + 1, n);
	for (i = 0; i < n; i++) {
		img = image_path(self->out, e[i].name);
		ASSERT_NE(NULL, img);
		why = NULL;
		ret = mlic_image_check_path(img, &geo, &why);
		free(img);
		if (!strcmp(e[i].word, "0")) {
			EXPECT_EQ(0, ret) TH_LOG("%s: %s", e[i].name, why);
			good = true;
			continue;
		}
		ASSERT_GT(0, ret) TH_LOG("%s accepted", e[i].name);
		EXPECT_STREQ(e[i].word, strerrorname_np(-ret))
			TH_LOG("%s", e[i].name);
		ASSERT_NE(NULL, why) TH_LOG("%s: no reason", e[i].name);
		EXPECT_STREQ(e[i].reason, why) TH_LOG("%s", e[i].name);
	}
	EXPECT_TRUE(good);
}

TEST_F(corpus, truncated_files)
{
	static const struct {
		const char *name;
		off_t size;
	} sizes[] = {
		{ "zero_length", 0 },
		{ "short_file", 100 },
		{ "one_byte_short", 4095 },
		{ "first_area_only", 4096 },
		{ "truncated_secure", 8192 },
		{ "truncated_user", (9 << 20) - 4096 },
		{ "good", 9 << 20 },
	};
	struct stat st;
	char *img;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		img = image_path(self->out, sizes[i].name);
		ASSERT_NE(NULL, img);
		ASSERT_EQ(0, stat(img, &st)) TH_LOG("%s", sizes[i].name);
		EXPECT_EQ(sizes[i].size, st.st_size) TH_LOG("%s", img);
		free(img);
	}
}

TEST_F(corpus, secure_manifest_holds)
{
	static struct entry e[256];
	struct mlic_geometry geo;
	char *manifest, *img;
	const char *why, *bad_why;
	unsigned int which, bad;
	void *copy;
	int n, i, fd;
	u64 gen;

	manifest = path_join(self->out, "secure-manifest");
	n = read_manifest(manifest, e, 256);
	free(manifest);
	ASSERT_EQ(3 * mlic_nsecure_defects, n);
	for (i = 0; i < n; i++) {
		img = image_path(self->out, e[i].name);
		ASSERT_NE(NULL, img);
		fd = open(img, O_RDONLY);
		free(img);
		ASSERT_LE(0, fd) TH_LOG("%s", e[i].name);
		ASSERT_EQ(0, mlic_image_read_header(fd, &geo, &why));
		copy = malloc(geo.copy_bytes);
		ASSERT_NE(NULL, copy);
		bad = 0;
		bad_why = NULL;
		for (which = 0; which < 2; which++) {
			if (mlic_image_read_secure(fd, &geo, which, copy, &gen,
						   &why) == -EBADMSG) {
				bad++;
				bad_why = why;
			}
		}
		free(copy);
		close(fd);
		if (!strcmp(e[i].word, "damaged")) {
			EXPECT_EQ(2, bad) TH_LOG("%s", e[i].name);
		} else {
			EXPECT_STREQ("repaired", e[i].word);
			EXPECT_EQ(1, bad) TH_LOG("%s", e[i].name);
		}
		ASSERT_NE(NULL, bad_why) TH_LOG("%s", e[i].name);
		EXPECT_STREQ(e[i].reason, bad_why) TH_LOG("%s", e[i].name);
	}
}

/* Every image in the directory is named by a manifest. */
TEST_F(corpus, nothing_unlisted)
{
	static struct entry e[512];
	char *manifest, name[256];
	struct dirent *de;
	int n, m, i, images = 0;
	bool found;
	DIR *dir;

	manifest = path_join(self->out, "manifest");
	n = read_manifest(manifest, e, 512);
	free(manifest);
	ASSERT_LT(0, n);
	manifest = path_join(self->out, "secure-manifest");
	m = read_manifest(manifest, e + n, 512 - n);
	free(manifest);
	ASSERT_LT(0, m);
	dir = opendir(self->out);
	ASSERT_NE(NULL, dir);
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "manifest") ||
		    !strcmp(de->d_name, "secure-manifest"))
			continue;
		images++;
		snprintf(name, sizeof(name), "%s", de->d_name);
		ASSERT_NE(NULL, strstr(name, ".img")) TH_LOG("%s", name);
		*strstr(name, ".img") = '\0';
		found = false;
		for (i = 0; i < n + m; i++)
			found |= !strcmp(e[i].name, name);
		EXPECT_TRUE(found) TH_LOG("%s is not in a manifest", name);
	}
	closedir(dir);
	EXPECT_EQ(n + m, images);
}

TEST_F(corpus, reproducible)
{
	char *again = run_generator(self->dir, "again"), *a, *b;
	struct dirent *de;
	void *x, *y;
	size_t xl, yl;
	int files = 0;
	DIR *dir;

	ASSERT_NE(NULL, again);
	dir = opendir(self->out);
	ASSERT_NE(NULL, dir);
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		a = path_join(self->out, de->d_name);
		b = path_join(again, de->d_name);
		ASSERT_EQ(0, read_file(a, &x, &xl));
		ASSERT_EQ(0, read_file(b, &y, &yl)) TH_LOG("%s", b);
		EXPECT_EQ(xl, yl) TH_LOG("%s", de->d_name);
		EXPECT_EQ(0, memcmp(x, y, xl < yl ? xl : yl))
			TH_LOG("%s differs", de->d_name);
		free(x);
		free(y);
		free(a);
		free(b);
		files++;
	}
	closedir(dir);
	EXPECT_LT(40, files);
	free(again);
}

TEST(generator_usage)
{
	char *argv[] = { tool_path("tests/gen-evil-images"), NULL };
	struct run r;

	ASSERT_EQ(0, run_argv(&r, NULL, argv));
	EXPECT_EQ(2, r.status);
	EXPECT_STREQ("Usage: gen-evil-images OUTDIR\n", r.err);
	run_free(&r);
	free(argv[0]);
}

TEST_HARNESS_MAIN
