// SPDX-License-Identifier: GPL-2.0
/*
 * license.c - mlicctl install-license: an issued license (*.mll, made by
 * mlic-master issue for one medium ID) into a free slot of both secure
 * copies.  The file's clear part is checked here with the format code;
 * the driver checks that it was issued for this medium and authenticates
 * it before anything is written, and says which slot it went to.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mlicctl.h"

/* A license piped in on stdin: exactly its bytes, then the end. */
static int read_stdin(const char *verb, struct mlic_issued_license *lic)
{
	u8 buf[sizeof(*lic) + 1];
	size_t got;
	int ret;

	ret = mlic_cli_stdio_ok(verb, STDIN_FILENO, "a license");
	if (ret)
		return ret;
	ret = mlic_read_full(STDIN_FILENO, buf, sizeof(buf), &got);
	if (ret) {
		mlic_cli_errno(verb, "stdin", ret, MLIC_ERR_FILE);
		return ret;
	}
	if (got != sizeof(*lic)) {
		mlic_cli_error(verb, "stdin", "not a license file (a license "
			       "file holds exactly %zu bytes)", sizeof(*lic));
		return -EINVAL;
	}
	memcpy(lic, buf, sizeof(*lic));
	return 0;
}

/* Read and check the license file ("-": stdin). */
static int read_license(const char *verb, const char *path,
			struct mlic_issued_license *lic)
{
	const char *why;
	struct stat st;
	int fd, ret;

	if (mlic_cli_is_stdio(path)) {
		ret = read_stdin(verb, lic);
		if (!ret && mlic_issued_check(lic, &why)) {
			mlic_cli_error(verb, "stdin", "%s", why);
			ret = -EINVAL;
		}
		return ret;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		ret = -errno;
		mlic_cli_errno(verb, path, ret, MLIC_ERR_FILE);
		return ret;
	}
	ret = fstat(fd, &st) ? -errno : 0;
	if (!ret && (!S_ISREG(st.st_mode) || st.st_size != sizeof(*lic))) {
		mlic_cli_error(verb, path, "not a license file (a license "
			       "file holds exactly %zu bytes)", sizeof(*lic));
		ret = -EINVAL;
	} else if (!ret) {
		ret = mlic_pread_full(fd, lic, sizeof(*lic), 0);
		if (ret)
			mlic_cli_errno(verb, path, ret, MLIC_ERR_FILE);
	} else {
		mlic_cli_errno(verb, path, ret, MLIC_ERR_FILE);
	}
	close(fd);
	if (!ret && mlic_issued_check(lic, &why)) {
		mlic_cli_error(verb, path, "%s", why);
		ret = -EINVAL;
	}
	return ret;
}

/* The license names another medium: say which, and which this is. */
static void explain_other_medium(const char *verb, const char *path,
				 int dev, const struct mlic_issued_license *lic)
{
	char want[MLIC_ID_HUMAN_LEN + 1], have[MLIC_ID_HUMAN_LEN + 1];
	struct mlic_info info;

	mlic_id_human(lic->medium_id, want);
	if (mlic_dev_get_info(dev, &info)) {
		mlic_cli_error(verb, path, "license was issued for medium %s, "
			       "not this one", want);
	} else {
		mlic_id_human(info.medium_id, have);
		mlic_cli_error(verb, path, "license was issued for medium %s, "
			       "this is medium %s", want, have);
	}
	mlic_cli_hint("%s", mlic_advice(MLIC_ERR_LICENSE, EXDEV));
}

/* Whether the driver refused the license itself, not the medium. */
static bool about_license(int err)
{
	return err == -EBADMSG || err == -EOPNOTSUPP || err == -EINVAL;
}

static int install(const char *verb, const char *dev_path, int dev,
		   const char *path, const struct mlic_issued_license *lic)
{
	char id[MLIC_ID_HUMAN_LEN + 1];
	u32 slot = 0;
	int ret;

	ret = mlic_dev_install_license(dev, lic, &slot);
	mlic_id_human(lic->content_id, id);
	if (!ret) {
		printf("installed the license for content %s in slot %u\n", id,
		       slot);
	} else if (ret == -EEXIST) {
		printf("the license for content %s is installed already, in "
		       "slot %u\n", id, slot);
		ret = 0;
	} else if (ret == -EXDEV) {
		explain_other_medium(verb, path, dev, lic);
	} else {
		mlic_cli_errno(verb, about_license(ret) ? path : dev_path, ret,
			       MLIC_ERR_LICENSE);
	}
	return ret;
}

int cmd_install_license(const struct mlic_verb *verb, int argc, char **argv)
{
	struct mlic_issued_license lic;
	char dev_path[32];
	int dev, ret;
	u32 index;

	ret = mlic_cli_only_help(verb, argc, argv);
	if (ret < 0 && argc - optind == 1)
		ret = mlic_cli_usage(verb, "no LICENSE.mll given");
	if (ret < 0)
		ret = mlic_cli_operands(verb, argc, 2, "DEV");
	if (ret < 0)
		ret = dev_name(verb, argv[optind], &index);
	if (ret >= 0)
		return ret;
	if (read_license(verb->name, argv[optind + 1], &lic))
		return MLIC_EXIT_FAIL;
	ret = open_dev(verb, argv[optind], &index, dev_path, sizeof(dev_path),
		       &dev);
	if (ret >= 0)
		return ret;
	ret = install(verb->name, dev_path, dev,
		      mlic_cli_is_stdio(argv[optind + 1]) ? "stdin" :
		      argv[optind + 1], &lic);
	close(dev);
	return ret ? MLIC_EXIT_FAIL : MLIC_EXIT_OK;
}
