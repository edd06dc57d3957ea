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

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

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

size_t mlic_utf8_sequence(const unsigned char *s, size_t len);
int mlic_id_parse(const char *s, u8 id[MLIC_ID_SIZE]);
void mlic_id_hex(const u8 id[MLIC_ID_SIZE], char out[MLIC_ID_HEX_LEN + 1]);
void mlic_id_human(const u8 id[MLIC_ID_SIZE],
		   char out[MLIC_ID_HUMAN_LEN + 1]);
bool mlic_id_is_zero(const u8 id[MLIC_ID_SIZE]);
int mlic_size_parse(const char *s, u64 *bytes);
int mlic_u32_parse(const char *s, u32 min, u32 max, u32 *val);
int mlic_dev_parse(const char *name, u32 *index);
void mlic_dev_path(u32 index, char *buf, size_t size);

/* --- io.c: whole reads and writes, randomness, new files ---------------- */

int mlic_pread_full(int fd, void *buf, size_t len, u64 off);
int mlic_pwrite_full(int fd, const void *buf, size_t len, u64 off);
int mlic_write_full(int fd, const void *buf, size_t len);
int mlic_read_full(int fd, void *buf, size_t len, size_t *got);
int mlic_random(void *buf, size_t len);
int mlic_fd_size(int fd, u64 *bytes);
int mlic_fsync_parent(const char *path);
mode_t mlic_umask_mode(mode_t mode);
int mlic_path_printf(char *buf, size_t size, const char *fmt, ...)
	__printf(3, 4);
int mlic_read_text(const char *path, char *buf, size_t size);
int mlic_find_program(const char *name, char *path, size_t size);

/**
 * struct mlic_outfile - a file written under a temporary name in the
 * directory of its final name, which it takes only once it is complete
 * @path: the final name
 * @tmp: the temporary name (malloc()ed)
 * @fd: the temporary file, open for writing
 * @replace: whether an existing @path may be replaced
 */
struct mlic_outfile {
	const char *path;
	char *tmp;
	int fd;
	bool replace;
};

int mlic_outfile_open(struct mlic_outfile *o, const char *path, bool replace);
int mlic_outfile_commit(struct mlic_outfile *o, mode_t mode);
void mlic_outfile_abort(struct mlic_outfile *o);

/* --- key.c: key files -------------------------------------------------- */

int mlic_key_read(const char *path, u8 key[MLIC_KEY_SIZE], mode_t *mode,
		  const char **why);
int mlic_key_read_fd(int fd, u8 key[MLIC_KEY_SIZE], const char **why);
int mlic_key_write_new(const char *path, const u8 key[MLIC_KEY_SIZE],
		       mode_t mode);

/* --- keyring.c: handing the system key to the kernel -------------------- */

#define MLIC_SYSTEM_KEY_DESC	"mlic:system"

s32 mlic_logon_key_add(const char *desc, const u8 *payload, size_t len);
int mlic_logon_key_forget(s32 serial);

/* --- keytab.c: the key table of the licensing side --------------------- */

#define MLIC_KEYTAB_MAGIC	"mlic-keytab"
#define MLIC_KEYTAB_MAX_BYTES	(64U << 20)
#define MLIC_CONTENT_NAME_MAX	(MLIC_CONTENT_NAME_SIZE - 1)

/**
 * struct mlic_keytab_entry - one content of the key table
 * @content_id: its content ID, never all zero
 * @key: its AES-256 content key, never all zero
 * @name: its name (NUL-terminated; see mlic_content_name_check())
 */
struct mlic_keytab_entry {
	u8 content_id[MLIC_ID_SIZE];
	u8 key[MLIC_KEY_SIZE];
	char name[MLIC_CONTENT_NAME_SIZE];
};

/**
 * struct mlic_keytab - a key table in memory
 * @entries: the contents, in the order of the file, new ones last
 * @count: their number
 * @cap: room in @entries
 * @loaded: how many came from the file: the rest are new
 */
struct mlic_keytab {
	struct mlic_keytab_entry *entries;
	size_t count;
	size_t cap;
	size_t loaded;
};

/**
 * struct mlic_keytab_error - why a key table was refused
 * @line: the line at fault, or 0 for the file as a whole
 * @why: a one-line reason
 * @mode: the file's permission bits, when they are the reason
 */
struct mlic_keytab_error {
	unsigned int line;
	const char *why;
	mode_t mode;
};

int mlic_content_name_check(const char *name, const char **why);
void mlic_keytab_init(struct mlic_keytab *kt);
void mlic_keytab_free(struct mlic_keytab *kt);
int mlic_keytab_parse(struct mlic_keytab *kt, const char *buf, size_t len,
		      struct mlic_keytab_error *err);
int mlic_keytab_format(const struct mlic_keytab *kt, char **buf, size_t *len);
int mlic_keytab_read(struct mlic_keytab *kt, const char *path,
		     struct mlic_keytab_error *err);
int mlic_keytab_write(const struct mlic_keytab *kt, const char *path);
int mlic_keytab_lock(const char *path, bool exclusive, bool wait, int *fd);
const struct mlic_keytab_entry *
mlic_keytab_find(const struct mlic_keytab *kt, const char *name);
const struct mlic_keytab_entry *
mlic_keytab_find_id(const struct mlic_keytab *kt, const u8 id[MLIC_ID_SIZE]);
const struct mlic_keytab_entry *
mlic_keytab_lookup(const struct mlic_keytab *kt, const char *name_or_id);
int mlic_keytab_append(struct mlic_keytab *kt,
		       const struct mlic_keytab_entry *e, const char **why);
int mlic_keytab_add_new(struct mlic_keytab *kt, const char *name,
			const struct mlic_keytab_entry **added);

/* --- content.c: encrypted contents (*.mlc) as files --------------------- */

#define MLIC_DECRYPT_BATCH_BYTES	(4U << 20)	/* plaintext per call */

void mlic_content_header_init(struct mlic_content_header *hdr,
			      const u8 content_id[MLIC_ID_SIZE],
			      u64 plain_bytes, u32 chunk_bytes,
			      const u8 file_nonce[8], const char *name);
u64 mlic_content_encrypted_bytes(u64 plain_bytes, u32 chunk_bytes);
u64 mlic_content_chunk_offset(const struct mlic_content_header *hdr, u64 i);
u32 mlic_content_batch_chunks(const struct mlic_content_header *hdr);
int mlic_content_read_header(int fd, struct mlic_content_header *hdr,
			     u64 *file_bytes, const char **why);

/* --- crypto.c: the licensing side's cryptography, through libkcapi ------
 *
 * Only mlic-master and the crypto selftest use these; a program that does
 * not call them does not link libkcapi's code.
 */

struct mlic_aead;

int mlic_hkdf_sha256(const u8 *ikm, size_t ikm_len, const u8 *salt,
		     size_t salt_len, const void *info, size_t info_len,
		     u8 *okm, size_t okm_len);
int mlic_key_fingerprint(const u8 system_key[MLIC_KEY_SIZE],
			 u8 fpr[MLIC_ID_SIZE]);
int mlic_medium_key(const u8 system_key[MLIC_KEY_SIZE],
		    const u8 medium_id[MLIC_ID_SIZE], const char *label,
		    u8 key[MLIC_KEY_SIZE]);
int mlic_aead_new(struct mlic_aead **aead, const u8 key[MLIC_KEY_SIZE]);
int mlic_aead_new_medium(struct mlic_aead **aead,
			 const u8 system_key[MLIC_KEY_SIZE],
			 const u8 medium_id[MLIC_ID_SIZE], const char *label);
void mlic_aead_free(struct mlic_aead *aead);
int mlic_aead_crypt(struct mlic_aead *aead, bool encrypt, u8 *buf,
		    size_t ad_len, size_t len, const u8 iv[MLIC_NONCE_SIZE]);
void mlic_license_plain_init(struct mlic_license_plain *plain,
			     const u8 key[MLIC_KEY_SIZE]);
int mlic_slot_seal(struct mlic_aead *lwk, const u8 medium_id[MLIC_ID_SIZE],
		   u32 index, const u8 content_id[MLIC_ID_SIZE],
		   const struct mlic_license_plain *plain,
		   const u8 nonce[MLIC_NONCE_SIZE], struct mlic_slot *slot);
int mlic_slot_open(struct mlic_aead *lwk, const u8 medium_id[MLIC_ID_SIZE],
		   u32 index, const struct mlic_slot *slot,
		   struct mlic_license_plain *plain);
int mlic_issued_seal(struct mlic_aead *ltk, const u8 medium_id[MLIC_ID_SIZE],
		     const u8 content_id[MLIC_ID_SIZE],
		     const struct mlic_license_plain *plain,
		     const u8 nonce[MLIC_NONCE_SIZE],
		     struct mlic_issued_license *lic);
int mlic_issued_open(struct mlic_aead *ltk,
		     const struct mlic_issued_license *lic,
		     struct mlic_license_plain *plain);
int mlic_chunk_crypt(struct mlic_aead *content_key, bool encrypt,
		     const struct mlic_content_header *hdr, u64 i, u8 *buf,
		     u32 len);

/* --- ioctl.c: /dev/mlic-control and /dev/mlicN ------------------------- */

int mlic_ctl_open(void);
int mlic_ctl_add(int ctl, u32 want, u32 *index);
int mlic_ctl_remove(int ctl, u32 index);
int mlic_ctl_get_free(int ctl, u32 *index);
int mlic_dev_open(u32 index, int flags);
int mlic_dev_attach(int dev, int image_fd, u32 flags);
int mlic_dev_detach(int dev);
int mlic_dev_get_info(int dev, struct mlic_info *info);
int mlic_ctl_key_load(int ctl, s32 key_id);
int mlic_ctl_key_unload(int ctl);
int mlic_ctl_key_status(int ctl, struct mlic_key_status *st);
int mlic_dev_get_licenses(int dev, struct mlic_license_entry **entries,
			  u32 *count);
int mlic_dev_install_license(int dev, const struct mlic_issued_license *lic,
			     u32 *slot);
int mlic_dev_decrypt(int dev, const struct mlic_content_header *hdr,
		     u64 first, u32 nr, const void *in, u64 in_bytes,
		     void *out, u64 *out_bytes);
int mlic_dev_backup(int dev, u32 flags, const struct mlic_drive *drive,
		    struct mlic_backup_header **blob, size_t *bytes,
		    u32 *licenses);
int mlic_dev_restore(int dev, const struct mlic_drive *drive,
		     const void *blob, size_t bytes, u32 *licenses);
int mlic_apparatus_query(struct mlic_apparatus *app);

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
const char *mlic_sysfs_root(void);
int mlic_sysfs_devno_dir(dev_t devno, char **real);
int mlic_sysfs_read(u32 index, const char *attr, char *buf, size_t size);
int mlic_sysfs_read_u64(u32 index, const char *attr, u64 *val);
int mlic_sysfs_status(u32 index, struct mlic_status *st);
int mlic_sysfs_list(u32 **indexes, size_t *count);
bool mlic_sysfs_exists(u32 index);
int mlic_sysfs_dev_numbers(u32 index, dev_t **devs, size_t *count);
int mlic_sysfs_holders(u32 index, char *buf, size_t size);
int mlic_sysfs_secure_copies(u32 index, struct mlic_status *st);
bool mlic_fd_is_mlic_dev(int fd);
int mlic_sysfs_devno_index(dev_t devno, u32 *index, char *name,
			   size_t size);
int mlic_apparatus_id(u8 id[MLIC_ID_SIZE]);
int mlic_license_state_parse(const char *s, u32 *state);
void mlic_status_from_info(struct mlic_status *st,
			   const struct mlic_info *info);

/* --- drive.c: the drive that holds a file, for bound backups ----------- */

/* What holds a file system, for backups bound to a drive. */
enum mlic_drive_kind {
	MLIC_DRIVE_NONE,	/* no block device (tmpfs, NFS, ...) */
	MLIC_DRIVE_DISK,	/* a disk, named by what it reports */
	MLIC_DRIVE_MEDIUM,	/* an mlic medium, named by the driver */
};

/**
 * struct mlic_drive_info - the drive that holds a file system
 * @kind: what it is
 * @name: the kernel's name of the file system's block device ("vdb1")
 * @disk: the kernel's name of its whole disk ("vdb", "mlic1")
 * @index: for %MLIC_DRIVE_MEDIUM, N of /dev/mlicN
 * @id: the identity a backup bound to it names ("virtio:SERIAL",
 *	"wwid:WWID", "serial:SERIAL", "mlic:MEDIUMID"), NUL padded
 * @why: when the disk reports an identity that cannot be used, why
 */
struct mlic_drive_info {
	enum mlic_drive_kind kind;
	char name[64];
	char disk[64];
	u32 index;
	char id[MLIC_DRIVE_ID_SIZE];
	const char *why;
};

int mlic_drive_id_make(const char *prefix, const char *raw,
		       char id[MLIC_DRIVE_ID_SIZE], const char **why);
int mlic_drive_identify(dev_t devno, struct mlic_drive_info *d);
int mlic_drive_of_fd(int fd, struct mlic_drive_info *d);
void mlic_drive_describe(const struct mlic_drive_info *d, int err, char *buf,
			 size_t size);

/* --- udev.c: waiting for udev's links --------------------------------- */

void mlic_udev_set_control(const char *path);
bool mlic_udev_running(void);
int mlic_udev_settle(const char *link, unsigned int timeout_s);

/* --- mounts.c: where a device is mounted ------------------------------- */

void mlic_mounts_set_path(const char *path);
int mlic_find_mount(const dev_t *devs, size_t count, char *where,
		    size_t size);
int mlic_medium_mount(u32 index, char *where, size_t size);

/* --- backup.c: license backups (*.mlb) as files ------------------------- */

#define MLIC_BACKUP_DIR		"mlic-backup"	/* on the medium itself */
#define MLIC_BACKUP_MAX_BYTES	(sizeof(struct mlic_backup_header) + \
				 MLIC_SLOTS_MAX * MLIC_SLOT_SIZE + \
				 2 * MLIC_TAG_SIZE)
#define MLIC_BACKUP_STAMP_LEN	16		/* YYYYmmddTHHMMSSZ */
#define MLIC_BACKUP_SEQ_MAX	99		/* backups a second */

/**
 * struct mlic_backup_target - what a backup is to be restored to
 * @medium_id: the medium's ID
 * @slot_count: its number of license slots
 * @apparatus_id: this drive's apparatus ID, or NULL if it has none
 * @apparatus_known: whether it could be found out at all
 * @drive: the drive that holds the backup file
 * @drive_err: what mlic_drive_identify() said about it
 */
struct mlic_backup_target {
	const u8 *medium_id;
	u32 slot_count;
	const u8 *apparatus_id;
	bool apparatus_known;
	const struct mlic_drive_info *drive;
	int drive_err;
};

int mlic_backup_name(char *buf, size_t size, const u8 id[MLIC_ID_SIZE],
		     time_t when, unsigned int seq);
bool mlic_backup_name_parse(const char *name, const u8 id[MLIC_ID_SIZE],
			    char stamp[MLIC_BACKUP_STAMP_LEN + 1],
			    unsigned int *seq);
int mlic_backup_newest(const char *dir, const u8 id[MLIC_ID_SIZE],
		       char **path);
int mlic_backup_dir(u32 index, char *dir, size_t size);
int mlic_backup_load_stream(int fd, struct mlic_backup_header **blob,
			    size_t *bytes, u64 *want, const char **why);
int mlic_backup_load(int fd, struct mlic_backup_header **blob, size_t *bytes,
		     u64 *want, const char **why);
int mlic_backup_diagnose(const struct mlic_backup_header *hdr,
			 const struct mlic_backup_target *t, char *msg,
			 size_t size);
void mlic_backup_binding(const struct mlic_backup_header *hdr, char *buf,
			 size_t size);
void mlic_backup_time(u64 created, char *buf, size_t size);

/* --- image.c: laying out, writing and checking images ------------------ */

u64 mlic_image_min_bytes(u32 slots);
int mlic_image_layout(u64 image_bytes, u32 slots, const u8 id[MLIC_ID_SIZE],
		      u64 created, struct mlic_medium_header *hdr,
		      struct mlic_geometry *geo, const char **why);
int mlic_image_write_metadata(int fd, const struct mlic_medium_header *hdr,
			      const struct mlic_geometry *geo);
int mlic_image_write_licenses(int fd, const struct mlic_geometry *geo,
			      const struct mlic_slot *slots, u32 n);
int mlic_image_read_header(int fd, struct mlic_geometry *geo,
			   const char **why);
int mlic_image_check_path(const char *path, struct mlic_geometry *geo,
			  const char **why);
int mlic_image_read_secure(int fd, const struct mlic_geometry *geo,
			   unsigned int which, void *copy, u64 *generation,
			   const char **why);

#endif /* _LIBMLIC_H */
