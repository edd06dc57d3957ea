// SPDX-License-Identifier: GPL-2.0
/*
 * mlicctl - the user side of mlic: media, the system key, licenses,
 * decryption, and backups of the licenses.
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
		.summary = "Show everything about the medium of DEV, its "
			   "licenses included.",
		.help = "  -J, --json              print JSON\n",
		.run = cmd_info,
	},
	{
		.name = "key",
		.args = "load FILE | unload | status [-J]",
		.summary = "Provision the system key in the kernel (from FILE, "
			   "or stdin for '-'), wipe it, or show its "
			   "fingerprint.",
.commands =
		"  load FILE               read exactly 32 bytes from FILE\n"
		"                          ('-': stdin) and hand them to the\n"
		"                          driver as a logon key, invalidated\n"
		"                          right after\n"
		"  unload                  wipe the system key and every key\n"
		"                          derived from it\n"
		"  status [-J]             whether a key is loaded, and its\n"
		"                          fingerprint\n",
		.run = cmd_key,
	},
	{
		.name = "install-license",
		.args = "DEV LICENSE.mll",
		.summary = "Install a license issued for the medium of DEV "
			   "into a free slot of its secure area.",
		.run = cmd_install_license,
	},
	{
		.name = "decrypt",
		.args = "[-o OUT] [DEV] FILE.mlc",
		.summary = "Decrypt a content through the kernel; DEV may be "
			   "left out when FILE lives on an mlic medium.",
		.help =
		"  -o, --output OUT        write the plaintext to OUT, which\n"
		"                          appears only once all of it has\n"
		"                          verified (never overwritten);\n"
		"                          default: stdout\n",
		.run = cmd_decrypt,
	},
	{
		.name = "backup",
		.args = "DEV [-o FILE] [--bind-apparatus | --bind-drive] "
			"[--order medium-first|apparatus-first]",
		.summary = "Back up the licenses of the medium of DEV into a "
			   "file that only this medium can restore, and only "
			   "on this apparatus or from this drive if bound.",
		.help =
		"  -o, --output FILE       write the backup to FILE, which\n"
		"                          must not exist; default: a new\n"
		"                          file in mlic-backup/ on the\n"
		"                          medium's own user area, which\n"
		"                          must be mounted\n"
		"      --bind-apparatus    also seal it to this drive's\n"
		"                          apparatus ID (see apparatus-id)\n"
		"      --bind-drive        also seal it to the drive that\n"
		"                          holds FILE: a disk that reports\n"
		"                          a serial or WWID, or a mounted\n"
		"                          mlic medium\n"
		"      --order ORDER       with a binding, the key that seals\n"
		"                          first: medium-first (default) or\n"
		"                          apparatus-first (the binding's)\n",
		.run = cmd_backup,
	},
	{
		.name = "restore",
		.args = "[--batch] DEV [FILE]",
		.summary = "Restore the licenses of a backup into the secure "
			   "area of the medium of DEV; default FILE: the "
			   "newest backup of the medium on its own user area.",
		.help =
		"      --batch             do not ask for confirmation (not\n"
		"                          asked either when stdin is no\n"
		"                          terminal)\n",
		.run = cmd_restore,
	},
	{
		.name = "apparatus-id",
		.args = "[-J]",
		.summary = "Show this drive's apparatus ID, the one backups "
			   "are bound to with --bind-apparatus, and its "
			   "source.",
		.help = "  -J, --json              print JSON\n",
		.run = cmd_apparatus_id,
	},
};

static const struct mlic_tool mlicctl = {
	.name = "mlicctl",
	.summary = "Attach, inspect and detach mlic media; provision the "
		   "system key, install licenses, decrypt contents; back up "
		   "and restore licenses.",
	.verbs = verbs,
	.nverbs = ARRAY_SIZE(verbs),
};

int main(int argc, char **argv)
{
	return mlic_cli_main(&mlicctl, argc, argv);
}
