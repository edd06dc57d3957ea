// SPDX-License-Identifier: GPL-2.0
/*
 * mlicctl - the user side of mlic: media, the system key, licenses,
 * decryption, and backups of the licenses.  Its verbs are in verbs.c.
 */
#include "mlicctl.h"

int main(int argc, char **argv)
{
	return mlic_cli_main(&mlicctl_tool, argc, argv);
}
