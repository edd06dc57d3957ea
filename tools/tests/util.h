/* SPDX-License-Identifier: GPL-2.0 */
/*
 * util.h - helpers of the host unit tests: running the tools and
 * capturing what they print, scratch directories, small files.
 */
#ifndef _MLIC_TEST_UTIL_H
#define _MLIC_TEST_UTIL_H

#include <stddef.h>

/**
 * struct run - the outcome of running a program
 * @status: its exit status, or 128 + signal if it was killed
 * @out: what it printed on stdout (NUL-terminated, malloc()ed)
 * @err: what it printed on stderr (likewise)
 */
struct run {
	int status;
	char *out;
	char *err;
};

char *tool_path(const char *name);
int run_argv(struct run *r, const char *path_env, char *const argv[]);
int run_to_fd(char *const argv[], int out);
int run_tool(struct run *r, const char *tool, ...);
int run_tool_in(struct run *r, const char *in, const char *tool, ...);
void run_free(struct run *r);

char *scratch_dir(void);
void remove_tree(const char *dir);
char *path_join(const char *dir, const char *name);
int write_file(const char *path, const void *buf, size_t len, int mode);
int put_file(const char *root, const char *rel, const char *val);
int put_link(const char *root, const char *rel, const char *target);
int read_file(const char *path, void **buf, size_t *len);
size_t count_lines(const char *s);

#include <stdint.h>

void *backup_blob(const uint8_t *id, uint32_t slots, uint32_t flags,
		  const uint8_t *apparatus, const char *drive_id,
		  uint64_t when, size_t *bytes);

#endif /* _MLIC_TEST_UTIL_H */
