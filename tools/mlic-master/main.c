// SPDX-License-Identifier: GPL-2.0
/*
 * mlic-master - the licensing side of mlic: system keys, media with their
 * contents and licenses, encrypted contents, issued licenses.
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
			"[--medium-id HEX] [--slots N] [-J] IMAGE [CONTENT...]",
		.summary = "Create a medium image of SIZE bytes: an ext4 user "
			   "area holding NAME.mlc for each CONTENT (NAME: its "
			   "file's basename), and one license per content in "
			   "the secure area.",
		.help =
		"      --system-key FILE   the system key (32 bytes)\n"
		"      --keytab FILE       the key table: each content's key\n"
		"                          comes from it; a content not in it\n"
		"                          gets a new ID and key, added once\n"
		"                          the image is complete (created if\n"
		"                          missing; mode 0600)\n"
		"      --size SIZE         total image size; K, M, G, T\n"
		"                          suffixes (powers of 1024)\n"
		"      --medium-id HEX     the medium ID (32 hex digits;\n"
		"                          default: random)\n"
		"      --slots N           license slots (1 to 4096;\n"
		"                          default 64)\n"
		"  -J, --json              print the result as JSON\n",
		.run = cmd_create,
	},
	{
		.name = "encrypt",
		.args = "--keytab FILE CONTENT OUT.mlc",
		.summary = "Encrypt CONTENT with its key from the key table "
			   "(for delivery outside a medium); never overwrites.",
		.help =
		"      --keytab FILE       the key table; a content not in it\n"
		"                          gets a new ID and key, added once\n"
		"                          OUT.mlc is complete\n",
		.run = cmd_encrypt,
	},
	{
		.name = "issue",
		.args = "--system-key FILE --keytab FILE --medium-id HEX "
			"--content NAME -o LICENSE.mll",
		.summary = "Issue a license for one content bound to one "
			   "medium ID (for 'mlicctl install-license'); never "
			   "overwrites.",
		.help =
		"      --system-key FILE   the system key (32 bytes)\n"
		"      --keytab FILE       the key table\n"
		"      --medium-id HEX     the medium it installs on (32 hex\n"
		"                          digits, as 'mlicctl info' shows)\n"
		"      --content NAME      the content: its name or content ID\n"
		"  -o, --output FILE       the license file to write\n",
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
		.help =
		"  -o, --output FILE       the label to write (SVG or PNG)\n"
		"      --format FORMAT     svg or png (default: from the name\n"
		"                          of FILE)\n"
		"      --style STYLE       disc (120 mm, with the centre hole;\n"
		"                          the default) or card (85.6 x 54 mm)\n"
		"      --title TEXT        the title (default: mlic medium)\n"
		"      --dpi N             resolution of a PNG (72 to 1200;\n"
		"                          default 300)\n",
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
