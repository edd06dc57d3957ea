/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mlicctl.h - the verbs of mlicctl, the user side of mlic, and the
 * helpers they share (common.c).
 */
#ifndef _MLICCTL_H
#define _MLICCTL_H

#include "cli.h"

/* The values of the options that have only a long name. */
enum {
	OPT_BIND_APPARATUS = MLIC_OPT_LONG,
	OPT_BIND_DRIVE,
	OPT_ORDER,
	OPT_OUTPUT_ALL,
	OPT_LIST_COLUMNS,
};

extern const struct mlic_tool mlicctl_tool;

int cmd_attach(const struct mlic_verb *verb, int argc, char **argv);
int cmd_detach(const struct mlic_verb *verb, int argc, char **argv);
int cmd_list(const struct mlic_verb *verb, int argc, char **argv);
int cmd_info(const struct mlic_verb *verb, int argc, char **argv);
int cmd_key_load(const struct mlic_verb *verb, int argc, char **argv);
int cmd_key_unload(const struct mlic_verb *verb, int argc, char **argv);
int cmd_key_status(const struct mlic_verb *verb, int argc, char **argv);
int cmd_install_license(const struct mlic_verb *verb, int argc, char **argv);
int cmd_decrypt(const struct mlic_verb *verb, int argc, char **argv);
int cmd_backup(const struct mlic_verb *verb, int argc, char **argv);
int cmd_restore(const struct mlic_verb *verb, int argc, char **argv);
int cmd_apparatus_id(const struct mlic_verb *verb, int argc, char **argv);

int json_opts(const struct mlic_verb *verb, int argc, char **argv,
	      bool *json);
int dev_name(const struct mlic_verb *verb, const char *name, u32 *index);
int open_dev(const struct mlic_verb *verb, const char *name, u32 *index,
	     char *path, size_t size, int *fd);
int open_dev_operand(const struct mlic_verb *verb, int argc, char **argv,
		     u32 *index, char *path, size_t size, int *fd);

/**
 * struct medium - a medium device opened for a verb
 * @index: N of /dev/mlicN
 * @path: "/dev/mlicN"
 * @fd: the device, open read-only
 * @info: what MLIC_GET_INFO said
 * @id: its medium ID, for people
 */
struct medium {
	u32 index;
	char path[32];
	int fd;
	struct mlic_info info;
	char id[MLIC_ID_HUMAN_LEN + 1];
};

int open_medium(const struct mlic_verb *verb, const char *name,
		struct medium *m);
int backup_dir(const char *verb, const struct medium *m, char *dir,
	       size_t size, const char *hint);
void drive_request(struct mlic_drive *req, int fd,
		   const struct mlic_drive_info *d);
void describe_backup(FILE *f, const char *indent, const char *path,
		     const struct mlic_backup_header *hdr);

#endif /* _MLICCTL_H */
