/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmlic.h - the library behind mlicctl and mlic-master.
 *
 * Conventions: functions return 0 or a negative errno (as the kernel does)
 * and never print; the tools decide what to say.  Where a check can name a
 * precise reason, it is handed back through a "why" pointer to a static
 * string, so that the tools can print the very reason the format code gave.
 */
#ifndef _LIBMLIC_H
#define _LIBMLIC_H

#include <stdarg.h>
#include <stdio.h>
#include <sys/types.h>

#include "format.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif
#ifndef __printf
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#endif

#define MLIC_ID_HEX_LEN		(2 * MLIC_ID_SIZE)	/* 32 digits */
#define MLIC_ID_HUMAN_LEN	(MLIC_ID_HEX_LEN + MLIC_ID_SIZE / 2 - 1)

#define MLIC_CONTROL_PATH	"/dev/" MLIC_CONTROL_NAME

/* Layout rules of mlic-master (the format allows more than this). */
#define MLIC_USER_ALIGN		(1ULL << 20)	/* user area offset */
#define MLIC_USER_MIN_BYTES	(8ULL << 20)	/* smallest user area */

/* --- parse.c: identifiers, sizes, device names ------------------------ */

int mlic_id_parse(const char *s, u8 id[MLIC_ID_SIZE]);
void mlic_id_hex(const u8 id[MLIC_ID_SIZE], char out[MLIC_ID_HEX_LEN + 1]);
void mlic_id_human(const u8 id[MLIC_ID_SIZE],
		   char out[MLIC_ID_HUMAN_LEN + 1]);
bool mlic_id_is_zero(const u8 id[MLIC_ID_SIZE]);
int mlic_size_parse(const char *s, u64 *bytes);
int mlic_u32_parse(const char *s, u32 min, u32 max, u32 *val);
int mlic_dev_parse(const char *name, u32 *index);
void mlic_dev_path(u32 index, char *buf, size_t size);

/* --- json.c: a small streaming JSON writer ----------------------------- */

#define MLIC_JSON_MAX_DEPTH	16

/**
 * struct mlic_json - state of one JSON document being written
 * @f: where it goes
 * @depth: number of open objects and arrays
 * @count: per level, how many members were written so far
 * @is_object: per level, whether it is an object (members need keys)
 * @have_key: a key was written and waits for its value
 * @err: first error (-EINVAL for misuse, -EIO for a failed write), or 0
 */
struct mlic_json {
	FILE *f;
	unsigned int depth;
	unsigned int count[MLIC_JSON_MAX_DEPTH];
	bool is_object[MLIC_JSON_MAX_DEPTH];
	bool have_key;
	int err;
};

void mlic_json_init(struct mlic_json *j, FILE *f);
int mlic_json_finish(struct mlic_json *j);
void mlic_json_object_begin(struct mlic_json *j);
void mlic_json_object_end(struct mlic_json *j);
void mlic_json_array_begin(struct mlic_json *j);
void mlic_json_array_end(struct mlic_json *j);
void mlic_json_key(struct mlic_json *j, const char *key);
void mlic_json_string(struct mlic_json *j, const char *s);
void mlic_json_u64(struct mlic_json *j, u64 v);
void mlic_json_s64(struct mlic_json *j, s64 v);
void mlic_json_bool(struct mlic_json *j, bool v);
void mlic_json_null(struct mlic_json *j);
void mlic_json_kv_string(struct mlic_json *j, const char *key, const char *s);
void mlic_json_kv_u64(struct mlic_json *j, const char *key, u64 v);
void mlic_json_kv_bool(struct mlic_json *j, const char *key, bool v);
void mlic_json_kv_id(struct mlic_json *j, const char *key,
		     const u8 id[MLIC_ID_SIZE]);

/* --- io.c: whole reads and writes, randomness -------------------------- */

int mlic_pread_full(int fd, void *buf, size_t len, u64 off);
int mlic_pwrite_full(int fd, const void *buf, size_t len, u64 off);
int mlic_write_full(int fd, const void *buf, size_t len);
int mlic_random(void *buf, size_t len);
int mlic_fd_size(int fd, u64 *bytes);
int mlic_fsync_parent(const char *path);

/* --- key.c: key files -------------------------------------------------- */

int mlic_key_read(const char *path, u8 key[MLIC_KEY_SIZE], mode_t *mode,
		  const char **why);
int mlic_key_write_new(const char *path, const u8 key[MLIC_KEY_SIZE],
		       mode_t mode);

/* --- ioctl.c: /dev/mlic-control and /dev/mlicN ------------------------- */

int mlic_ctl_open(void);
int mlic_ctl_add(int ctl, u32 want, u32 *index);
int mlic_ctl_remove(int ctl, u32 index);
int mlic_ctl_get_free(int ctl, u32 *index);
int mlic_dev_open(u32 index, int flags);
int mlic_dev_attach(int dev, int image_fd, u32 flags);
int mlic_dev_detach(int dev);
int mlic_dev_get_info(int dev, struct mlic_info *info);

/* --- sysfs.c: /sys/block/mlicN/mlic/ ----------------------------------- */

/**
 * struct mlic_status - what sysfs says about one attached medium
 * @index: N of /dev/mlicN
 * @medium_id: the medium ID
 * @backing_file: path of the image, as the kernel names it
 * @read_only: attached read-only
 * @autoclear: detached on last close
 * @direct_io: the backing file is accessed with direct I/O
 * @license_state: one of MLIC_LICENSE_*
 * @user_offset: byte offset of the user area in the image
 * @user_bytes: size of the user area
 * @secure_offset: byte offset of the secure area in the image
 * @secure_bytes: size of the secure area (both copies)
 * @slot_count: license slots per secure copy
 * @slots_used: used license slots
 * @format_version: format version of the image
 * @generation: generation of the secure copy in use
 * @secure_copies: state of copy A and copy B ("ok", "repaired",
 *	"damaged"), or empty strings where the driver does not say
 */
struct mlic_status {
	u32 index;
	u8 medium_id[MLIC_ID_SIZE];
	char backing_file[4096];
	bool read_only;
	bool autoclear;
	bool direct_io;
	u32 license_state;
	u64 user_offset;
	u64 user_bytes;
	u64 secure_offset;
	u64 secure_bytes;
	u32 slot_count;
	u32 slots_used;
	u32 format_version;
	u64 generation;
	char secure_copies[2][16];
};

void mlic_sysfs_set_root(const char *root);
int mlic_sysfs_read(u32 index, const char *attr, char *buf, size_t size);
int mlic_sysfs_read_u64(u32 index, const char *attr, u64 *val);
int mlic_sysfs_status(u32 index, struct mlic_status *st);
int mlic_sysfs_list(u32 **indexes, size_t *count);
bool mlic_sysfs_exists(u32 index);
int mlic_sysfs_dev_numbers(u32 index, dev_t **devs, size_t *count);
int mlic_sysfs_holders(u32 index, char *buf, size_t size);
int mlic_sysfs_secure_copies(u32 index, struct mlic_status *st);
bool mlic_fd_is_mlic_dev(int fd);
int mlic_apparatus_id(u8 id[MLIC_ID_SIZE]);
const char *mlic_license_state_name(u32 state);
int mlic_license_state_parse(const char *s, u32 *state);
void mlic_status_from_info(struct mlic_status *st,
			   const struct mlic_info *info);

/* --- mounts.c: where a device is mounted ------------------------------- */

int mlic_find_mount(const dev_t *devs, size_t count, char *where,
		    size_t size);

/* --- image.c: laying out, writing and checking images ------------------ */

u64 mlic_image_min_bytes(u32 slots);
int mlic_image_layout(u64 image_bytes, u32 slots, const u8 id[MLIC_ID_SIZE],
		      u64 created, struct mlic_medium_header *hdr,
		      struct mlic_geometry *geo, const char **why);
int mlic_image_write_metadata(int fd, const struct mlic_medium_header *hdr,
			      const struct mlic_geometry *geo);
int mlic_image_read_header(int fd, struct mlic_geometry *geo,
			   const char **why);
int mlic_image_check_path(const char *path, struct mlic_geometry *geo,
			  const char **why);
int mlic_image_read_secure(int fd, const struct mlic_geometry *geo,
			   unsigned int which, void *copy, u64 *generation,
			   const char **why);

/* --- advice.c: what to tell people about an errno ---------------------- */

/* What an errno came from, to choose the advice. */
enum mlic_errctx {
	MLIC_ERR_CONTROL,	/* opening or using /dev/mlic-control */
	MLIC_ERR_DEVICE,	/* opening or using /dev/mlicN */
	MLIC_ERR_ATTACH,	/* MLIC_ATTACH refused the image */
	MLIC_ERR_FILE,		/* an ordinary file */
};

const char *mlic_advice(enum mlic_errctx ctx, int err);
bool mlic_errno_is_format(int err);

/* --- cli.c: the command-line conventions shared by the tools ----------- */

/**
 * struct mlic_verb - one verb of a tool
 * @name: the verb
 * @args: its synopsis after the verb, e.g. "[-r] IMAGE"
 * @summary: one line for the tool's --help
 * @help: option descriptions for VERB --help, or NULL
 * @run: runs the verb on argv[0] = verb name; returns the exit status
 */
struct mlic_verb {
	const char *name;
	const char *args;
	const char *summary;
	const char *help;
	int (*run)(const struct mlic_verb *verb, int argc, char **argv);
};

/**
 * struct mlic_tool - a tool made of verbs
 * @name: program name used in messages
 * @summary: what the tool is for, one line
 * @verbs: its verbs
 * @nverbs: their number
 */
struct mlic_tool {
	const char *name;
	const char *summary;
	const struct mlic_verb *verbs;
	size_t nverbs;
};

#define MLIC_EXIT_OK		0
#define MLIC_EXIT_FAIL		1
#define MLIC_EXIT_USAGE		2

extern const char *mlic_prog;

int mlic_cli_main(const struct mlic_tool *tool, int argc, char **argv);
int mlic_cli_help(const struct mlic_verb *verb);
int mlic_cli_only_help(const struct mlic_verb *verb, int argc, char **argv);
int mlic_cli_operands(const struct mlic_verb *verb, int argc, int want,
		      const char *name);
int mlic_cli_bad_option(const struct mlic_verb *verb, char **argv, int c);
int mlic_cli_usage(const struct mlic_verb *verb, const char *fmt, ...)
	__printf(2, 3);
void mlic_cli_error(const char *verb, const char *object, const char *fmt,
		    ...) __printf(3, 4);
void mlic_cli_errno(const char *verb, const char *object, int err,
		    enum mlic_errctx ctx);
void mlic_cli_hint(const char *fmt, ...) __printf(1, 2);
void mlic_cli_warn(const char *verb, const char *object, const char *fmt,
		   ...) __printf(3, 4);
int mlic_cli_close_stdout(const char *verb);

#endif /* _LIBMLIC_H */
