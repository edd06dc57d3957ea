// SPDX-License-Identifier: GPL-2.0
/*
 * mlicctl - attach, inspect and detach mlic media.
 *
 * main.c holds only the table of verbs; each verb parses its own options.
 */
#include "mlicctl.h"

static const struct mlic_verb verbs[] = {
	{
		.name = "attach",
		.args = "[-r] IMAGE",
		.summary = "Attach a medium image (file or block device) and "
			   "print its device.",
		.help = "  -r, --read-only         attach read-only\n",
		.run = cmd_attach,
	},
	{
		.name = "detach",
		.args = "DEV",
		.summary = "Detach the medium of DEV (/dev/mlicN or mlicN).",
		.run = cmd_detach,
	},
	{
		.name = "list",
		.args = "[-J]",
		.summary = "List the attached media.",
		.help = "  -J, --json              print JSON\n",
		.run = cmd_list,
	},
	{
		.name = "info",
		.args = "[-J] DEV",
		.summary = "Show everything about the medium of DEV.",
		.help = "  -J, --json              print JSON\n",
		.run = cmd_info,
	},
};

static const struct mlic_tool mlicctl = {
	.name = "mlicctl",
	.summary = "Attach, inspect and detach mlic media.",
	.verbs = verbs,
	.nverbs = ARRAY_SIZE(verbs),
};

int main(int argc, char **argv)
{
	return mlic_cli_main(&mlicctl, argc, argv);
}
