/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mlicctl.h - the verbs of mlicctl, the user side of mlic, and the
 * helpers they share.
 */
#ifndef _MLICCTL_H
#define _MLICCTL_H

#include "libmlic.h"

int cmd_attach(const struct mlic_verb *verb, int argc, char **argv);
int cmd_detach(const struct mlic_verb *verb, int argc, char **argv);
int cmd_list(const struct mlic_verb *verb, int argc, char **argv);
int cmd_info(const struct mlic_verb *verb, int argc, char **argv);
int cmd_key(const struct mlic_verb *verb, int argc, char **argv);
int cmd_install_license(const struct mlic_verb *verb, int argc, char **argv);
int cmd_decrypt(const struct mlic_verb *verb, int argc, char **argv);

int json_opts(const struct mlic_verb *verb, int argc, char **argv,
	      bool *json);
int open_dev(const struct mlic_verb *verb, const char *name, u32 *index,
	     char *path, size_t size, int *fd);
int open_dev_operand(const struct mlic_verb *verb, int argc, char **argv,
		     u32 *index, char *path, size_t size, int *fd);

#endif /* _MLICCTL_H */
