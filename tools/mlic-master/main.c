// SPDX-License-Identifier: GPL-2.0
/*
 * mlic-master - the licensing side of mlic: system keys, media with their
 * contents and licenses, encrypted contents, issued licenses.
 *
 * main.c holds the one table of the tool: its verbs and their options.
 * Parsing, --help and (through --help) the completion and the manual
 * page's checks all read it.
 */
#include "mlic-master.h"

#define SYSTEM_KEY_OPT \
	{ "system-key", OPT_SYSTEM_KEY, "FILE", "the system key (32 bytes)" }

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
			"[--medium-id HEX] [--slots N] [-J] IMAGE [CONTENT...]",
		.summary = "Create a medium image of SIZE bytes: an ext4 user "
			   "area holding NAME.mlc for each CONTENT (NAME: its "
			   "file's basename), and one license per content in "
			   "the secure area.",
		.opts = (const struct mlic_opt[]){
			SYSTEM_KEY_OPT,
			{ "keytab", OPT_KEYTAB, "FILE", "the key table: each "
			  "content's key comes from it; a content not in it "
			  "gets a new ID and key, added once the image is "
			  "complete (created if missing; mode 0600)" },
			{ "size", OPT_SIZE, "SIZE", "total image size: bytes, "
			  "or with a K, M, G or T suffix (also KiB, MiB, ...; "
			  "powers of 1024) and maybe a fraction, as 1.5G" },
			{ "medium-id", OPT_MEDIUM_ID, "HEX", "the medium ID "
			  "(32 hex digits; default: random)" },
			{ "slots", OPT_SLOTS, "N", "license slots (1 to 4096; "
			  "default 64)" },
			{ "json", 'J', NULL, "print the result as JSON" },
			{ NULL },
		},
		.run = cmd_create,
	},
	{
		.name = "encrypt",
		.args = "--keytab FILE CONTENT OUT.mlc",
		.summary = "Encrypt CONTENT with its key from the key table "
			   "(for delivery outside a medium); never overwrites.",
		.opts = (const struct mlic_opt[]){
			{ "keytab", OPT_KEYTAB, "FILE", "the key table; a "
			  "content not in it gets a new ID and key, added once "
			  "OUT.mlc is complete" },
			{ NULL },
		},
		.run = cmd_encrypt,
	},
	{
		.name = "issue",
		.args = "--system-key FILE --keytab FILE --medium-id HEX "
			"--content NAME -o LICENSE.mll",
		.summary = "Issue a license for one content bound to one "
			   "medium ID (for 'mlicctl install-license'); never "
			   "overwrites.",
		.opts = (const struct mlic_opt[]){
			SYSTEM_KEY_OPT,
			{ "keytab", OPT_KEYTAB, "FILE", "the key table" },
			{ "medium-id", OPT_MEDIUM_ID, "HEX", "the medium it "
			  "installs on (32 hex digits, as 'mlicctl info' "
			  "shows)" },
			{ "content", OPT_CONTENT, "NAME", "the content: its "
			  "name or content ID" },
			{ "output", 'o', "FILE", "the license file to write" },
			{ NULL },
		},
		.run = cmd_issue,
	},
	{
		.name = "label",
		.args = "IMAGE -o FILE [--format svg|png] [--style disc|card] "
			"[--title TEXT] [--dpi N]",
		.summary = "Draw a printable label of the medium in IMAGE: its "
			   "medium ID, grouped and as a QR code, with a title "
			   "and small print, for a disc or a card; never "
			   "overwrites.",
		.opts = (const struct mlic_opt[]){
			{ "output", 'o', "FILE", "the label to write (SVG or "
			  "PNG)" },
			{ "format", OPT_FORMAT, "FORMAT", "svg or png (default: "
			  "from the name of FILE)" },
			{ "style", OPT_STYLE, "STYLE", "disc (120 mm, with the "
			  "centre hole; the default) or card (85.6 x 54 mm)" },
			{ "title", OPT_TITLE, "TEXT", "the title (default: mlic "
			  "medium)" },
			{ "dpi", OPT_DPI, "N", "resolution of a PNG (72 to "
			  "1200; default 300)" },
			{ NULL },
		},
		.run = cmd_label,
	},
};

static const struct mlic_tool mlic_master = {
	.name = "mlic-master",
	.summary = "The licensing side of mlic: system keys, media with "
		   "contents, encrypted contents, issued licenses.",
	.verbs = verbs,
	.nverbs = ARRAY_SIZE(verbs),
};

int main(int argc, char **argv)
{
	return mlic_cli_main(&mlic_master, argc, argv);
}
