// SPDX-License-Identifier: GPL-2.0
/*
 * gen-evil-images - write the corpus of malformed medium images.
 *
 * Usage: gen-evil-images OUTDIR
 *
 * Writes into OUTDIR (created if missing):
 *
 *   NAME.img        one image per defect of defects.h, and good.img
 *   manifest        "NAME EXPECTED_ERRNO REASON" per image: the errno
 *                   (symbolic, 0 for good) with which the medium header
 *                   check refuses it, i.e. with which MLIC_ATTACH must
 *                   fail, and the reason format.c gives
 *   secure-NAME.img images with a valid header and damaged secure copies
 *   secure-manifest "NAME LICENSE_STATE REASON": the license state the
 *                   driver should report after attaching it read-write
 *                   (one bad copy: repaired; both: damaged), and the
 *                   reason format.c gives for the bad copy
 *
 * Lines starting with '#' are comments.  Images are sparse (9 MiB each at
 * most) and byte-for-byte reproducible.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "defects.h"

static const char *errno_name(int err)
{
	return err ? strerrorname_np(err) : "0";
}

static int fail(const char *what, const char *path, int err)
{
	fprintf(stderr, "gen-evil-images: %s %s: %s\n", what, path,
		strerror(err < 0 ? -err : err));
	return 1;
}

static FILE *open_manifest(const char *dir, const char *name,
			   const char *columns, char *path, size_t size)
{
	FILE *f;

	snprintf(path, size, "%s/%s", dir, name);
	f = fopen(path, "we");
	if (f)
		fprintf(f, "# %s\n# written by gen-evil-images\n", columns);
	return f;
}

static int write_header_corpus(const char *dir)
{
	char path[4096], manifest[4096];
	struct evil e;
	size_t i;
	FILE *f;
	int ret;

	f = open_manifest(dir, "manifest", "name expected_errno reason",
			  manifest, sizeof(manifest));
	if (!f)
		return fail("create", manifest, errno);

	ret = evil_base(&e);
	snprintf(path, sizeof(path), "%s/good.img", dir);
	if (!ret)
		ret = evil_write(path, &e, NULL, NULL);
	if (ret) {
		fclose(f);
		return fail("write", path, ret);
	}
	fprintf(f, "good 0 -\n");

	for (i = 0; i < mlic_ndefects; i++) {
		const struct mlic_defect *d = &mlic_defects[i];

		snprintf(path, sizeof(path), "%s/%s.img", dir, d->name);
		ret = evil_make(&e, d);
		if (!ret)
			ret = evil_write(path, &e, NULL, NULL);
		if (ret) {
			fclose(f);
			return fail("write", path, ret);
		}
		fprintf(f, "%s %s %s\n", d->name, errno_name(d->err),
			d->reason);
	}
	if (fclose(f))
		return fail("write", manifest, errno);
	return 0;
}

/* One secure-*.img: copy A and/or B spoiled by @d. */
static int write_secure_image(const char *dir, FILE *f, const char *prefix,
			      const struct mlic_secure_defect *d, bool bad_a,
			      bool bad_b)
{
	void *copies[2] = { NULL, NULL };
	bool bad[2] = { bad_a, bad_b };
	char path[4096];
	unsigned int which;
	struct evil e;
	int ret;

	ret = evil_base(&e);
	for (which = 0; which < 2 && !ret; which++) {
		copies[which] = malloc(e.geo.copy_bytes);
		if (!copies[which]) {
			ret = -ENOMEM;
			break;
		}
		evil_secure_copy(copies[which], &e.geo, which);
		if (bad[which])
			d->apply(copies[which], &e.geo, which);
	}
	snprintf(path, sizeof(path), "%s/secure-%s-%s.img", dir, prefix,
		 d->name);
	if (!ret)
		ret = evil_write(path, &e, copies[0], copies[1]);
	free(copies[0]);
	free(copies[1]);
	if (ret)
		return fail("write", path, ret);
	fprintf(f, "secure-%s-%s %s %s\n", prefix, d->name,
		bad_a && bad_b ? "damaged" : "repaired", d->reason);
	return 0;
}

static int write_secure_corpus(const char *dir)
{
	char manifest[4096];
	size_t i;
	FILE *f;
	int ret = 0;

	f = open_manifest(dir, "secure-manifest",
			  "name expected_license_state reason", manifest,
			  sizeof(manifest));
	if (!f)
		return fail("create", manifest, errno);
	for (i = 0; i < mlic_nsecure_defects && !ret; i++) {
		const struct mlic_secure_defect *d = &mlic_secure_defects[i];

		ret = write_secure_image(dir, f, "a", d, true, false);
		if (!ret)
			ret = write_secure_image(dir, f, "b", d, false, true);
		if (!ret)
			ret = write_secure_image(dir, f, "both", d, true,
						 true);
	}
	if (fclose(f) && !ret)
		return fail("write", manifest, errno);
	return ret;
}

int main(int argc, char **argv)
{
	struct stat st;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "Usage: gen-evil-images OUTDIR\n");
		return 2;
	}
	if (mkdir(argv[1], 0755) && errno != EEXIST)
		return fail("mkdir", argv[1], errno);
	if (stat(argv[1], &st) || !S_ISDIR(st.st_mode))
		return fail("use", argv[1], ENOTDIR);
	if (write_header_corpus(argv[1]) || write_secure_corpus(argv[1]))
		return 1;
	return 0;
}
