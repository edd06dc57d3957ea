// SPDX-License-Identifier: GPL-2.0
/*
 * mlic-master - the licensing side of mlic: system keys and media.
 *
 * main.c holds only the table of verbs; each verb parses its own options.
 */
#include "mlic-master.h"

static const struct mlic_verb verbs[] = {
	{
		.name = "keygen",
		.args = "FILE",
		.summary = "Write a new 32-byte system key to FILE (mode "
			   "0400); never overwrites.",
		.run = cmd_keygen,
	},
	{
		.name = "create",
		.args = "--system-key FILE --keytab FILE --size SIZE "
			"[--medium-id HEX] [--slots N] [-J] IMAGE",
		.summary = "Create a blank medium image of SIZE bytes with an "
			   "empty ext4 user area.",
		.help =
		"      --system-key FILE   the system key (32 bytes)\n"
		"      --keytab FILE       the key table (not used by blank\n"
		"                          media yet)\n"
		"      --size SIZE         total image size; K, M, G, T\n"
		"                          suffixes (powers of 1024)\n"
		"      --medium-id HEX     the medium ID (32 hex digits;\n"
		"                          default: random)\n"
		"      --slots N           license slots (1 to 4096;\n"
		"                          default 64)\n"
		"  -J, --json              print the result as JSON\n",
		.run = cmd_create,
	},
};

static const struct mlic_tool mlic_master = {
	.name = "mlic-master",
	.summary = "Make system keys and mlic medium images.",
	.verbs = verbs,
	.nverbs = ARRAY_SIZE(verbs),
};

int main(int argc, char **argv)
{
	return mlic_cli_main(&mlic_master, argc, argv);
}
