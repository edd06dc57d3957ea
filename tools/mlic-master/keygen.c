// SPDX-License-Identifier: GPL-2.0
/*
 * keygen.c - mlic-master keygen: a new system key from getrandom(), in a
 * file created O_EXCL with mode 0400, or on stdout for "-" (never a
 * terminal).
 */

#include <unistd.h>

#include "mlic-master.h"

int cmd_keygen(const struct mlic_verb *verb, int argc, char **argv)
{
	u8 key[MLIC_KEY_SIZE];
	const char *path;
	int ret;

	ret = mlic_cli_only_help(verb, argc, argv);
	if (ret < 0)
		ret = mlic_cli_operands(verb, argc, 1, "FILE");
	if (ret >= 0)
		return ret;
	path = argv[optind];

	/* "-": to stdout, for a pipe or a file the caller made. */
	if (mlic_cli_is_stdio(path)) {
		if (mlic_cli_stdio_ok(verb->name, STDOUT_FILENO,
				      "a system key"))
			return MLIC_EXIT_FAIL;
		path = "stdout";
	}
	ret = mlic_random(key, sizeof(key));
	if (!ret && !strcmp(path, "stdout"))
		ret = mlic_write_full(STDOUT_FILENO, key, sizeof(key));
	else if (!ret)
		ret = mlic_key_write_new(path, key, 0400);
	explicit_bzero(key, sizeof(key));
	if (ret) {
		mlic_cli_errno(verb->name, path, ret, MLIC_ERR_FILE);
		return MLIC_EXIT_FAIL;
	}
	return MLIC_EXIT_OK;
}
