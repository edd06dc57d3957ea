// SPDX-License-Identifier: GPL-2.0
/*
 * verbs.c - the one table of mlicctl: its verbs, their commands and
 * their options.  Parsing, --help and (through --help) the completion and
 * the manual page's checks all read it.
 */
#include "mlicctl.h"

#define JSON_OPT	{ "json", 'J', NULL, "print JSON" }

static const struct mlic_opt json_only[] = { JSON_OPT, { NULL } };

static const struct mlic_verb key_commands[] = {
	{
		.name = "key load",
		.args = "FILE",
		.summary = "Provision the system key: read exactly 32 bytes "
			   "from FILE ('-': stdin) and hand them to the driver "
			   "as a logon key, invalidated right after.",
		.run = cmd_key_load,
	},
	{
		.name = "key unload",
		.args = "",
		.summary = "Wipe the system key and every key derived from it.",
		.run = cmd_key_unload,
	},
	{
		.name = "key status",
		.args = "[-J]",
		.summary = "Show whether a system key is loaded, and its "
			   "fingerprint.",
		.opts = json_only,
		.run = cmd_key_status,
	},
};

static const struct mlic_verb verbs[] = {
	{
		.name = "attach",
		.args = "[-r] IMAGE",
		.summary = "Attach a medium image (file or block device) and "
			   "print its device.",
		.opts = (const struct mlic_opt[]){
			{ "read-only", 'r', NULL, "attach read-only" },
			{ NULL },
		},
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
		.args = "[-J] [-o COLS] [-n] [-r] [--output-all] "
			"[--list-columns]",
		.summary = "List the attached media, one line (or JSON object) "
			   "each, as losetup --list does.",
		.opts = (const struct mlic_opt[]){
			JSON_OPT,
			{ "output", 'o', "COLS", "the columns to show, "
			  "separated by commas; +COLS adds them to the "
			  "default ones" },
			{ "output-all", OPT_OUTPUT_ALL, NULL, "show every "
			  "column" },
			{ "noheadings", 'n', NULL, "print no headings" },
			{ "raw", 'r', NULL, "use the raw output format" },
			{ "list-columns", OPT_LIST_COLUMNS, NULL, "list the "
			  "columns, their types and what they show" },
			{ NULL },
		},
		.run = cmd_list,
	},
	{
		.name = "info",
		.args = "[-J] DEV",
		.summary = "Show everything about the medium of DEV, its "
			   "licenses included.",
		.opts = json_only,
		.run = cmd_info,
	},
	{
		.name = "key",
		.args = "load FILE | unload | status [-J]",
		.summary = "Provision the system key in the kernel (from FILE, "
			   "or stdin for '-'), wipe it, or show its "
			   "fingerprint.",
		.subs = key_commands,
		.nsubs = ARRAY_SIZE(key_commands),
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
		.opts = (const struct mlic_opt[]){
			{ "output", 'o', "OUT", "write the plaintext to OUT, "
			  "which appears only once all of it has verified "
			  "(never overwritten); default: stdout" },
			{ NULL },
		},
		.run = cmd_decrypt,
	},
	{
		.name = "backup",
		.args = "DEV [-o FILE] [--bind-apparatus | --bind-drive] "
			"[--order medium-first|apparatus-first]",
		.summary = "Back up the licenses of the medium of DEV into a "
			   "file that only this medium can restore, and only "
			   "on this apparatus or from this drive if bound.",
		.opts = (const struct mlic_opt[]){
			{ "output", 'o', "FILE", "write the backup to FILE, "
			  "which must not exist; default: a new file in "
			  "mlic-backup/ on the medium's own user area, which "
			  "must be mounted" },
			{ "bind-apparatus", OPT_BIND_APPARATUS, NULL, "also "
			  "seal it to this drive's apparatus ID (see "
			  "apparatus-id)" },
			{ "bind-drive", OPT_BIND_DRIVE, NULL, "also seal it to "
			  "the drive that holds FILE: a disk that reports a "
			  "serial or WWID, or a mounted mlic medium" },
			{ "order", OPT_ORDER, "ORDER", "with a binding, the "
			  "key that seals first: medium-first (default) or "
			  "apparatus-first (the binding's)" },
			{ NULL },
		},
		.run = cmd_backup,
	},
	{
		.name = "restore",
		.args = "[-q|--batch] DEV [FILE]",
		.summary = "Restore the licenses of a backup into the secure "
			   "area of the medium of DEV; default FILE: the "
			   "newest backup of the medium on its own user area.",
		.opts = (const struct mlic_opt[]){
			{ "batch", 'q', NULL, "do not ask for confirmation "
			  "(not asked either when stdin is no terminal)" },
			{ NULL },
		},
		.run = cmd_restore,
	},
	{
		.name = "apparatus-id",
		.args = "[-J]",
		.summary = "Show this drive's apparatus ID, the one backups "
			   "are bound to with --bind-apparatus, and its "
			   "source.",
		.opts = json_only,
		.run = cmd_apparatus_id,
	},
};

const struct mlic_tool mlicctl_tool = {
	.name = "mlicctl",
	.summary = "Attach, inspect and detach mlic media; provision the "
		   "system key, install licenses, decrypt contents; back up "
		   "and restore licenses.",
	.verbs = verbs,
	.nverbs = ARRAY_SIZE(verbs),
};
