/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * mlic - protected recording media backed by a file or block device.
 *
 * This header is the whole user/kernel contract of the mlic driver: the
 * on-medium image format (shared with the mastering tools) and the ioctls
 * of /dev/mlic-control and /dev/mlicN.  See Documentation/ for the prose.
 *
 * ABI rules followed by every structure here: fixed-size fields only,
 * explicit padding, a flags word whose unknown bits are rejected with
 * EINVAL, reserved fields that must be zero.  Structures may grow at the
 * end; the kernel takes the size from _IOC_SIZE(cmd) and accepts a larger
 * structure only if the bytes it does not know are zero.
 */
#ifndef _UAPI_LINUX_MLIC_H
#define _UAPI_LINUX_MLIC_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Sizes of the identifiers shown to people (32 hex digits each). */
#define MLIC_ID_SIZE		16

/* ---------------------------------------------------------------------
 * On-medium image format, version 1 (all integers little endian).
 *
 *   0          4 KiB                                  user_offset
 *   +----------+-------------+-------------+---------+---------------...
 *   | first    | secure copy | secure copy |  (pad)  | user area
 *   | area     |      A      |      B      |         | (/dev/mlicN)
 *   +----------+-------------+-------------+---------+---------------...
 *
 * The first area holds struct mlic_medium_header at offset 0.  The driver
 * never writes it.  The secure area holds two copies of the license slots,
 * each a struct mlic_secure_header followed by slot_count slots; it is only
 * reachable through the driver's license ioctls.  The user area is the block
 * device.
 * ---------------------------------------------------------------------
 */
#define MLIC_MEDIUM_MAGIC	0x3144454d43494c4dULL	/* "MLICMED1" */
#define MLIC_SECURE_MAGIC	0x3143455343494c4dULL	/* "MLICSEC1" */
#define MLIC_FORMAT_VERSION	1

#define MLIC_FIRST_AREA_BYTES	4096	/* first area; secure area follows */
#define MLIC_AREA_ALIGN		4096	/* every area offset and size */
#define MLIC_SLOT_SIZE		128
#define MLIC_SLOTS_MIN		1
#define MLIC_SLOTS_MAX		4096
#define MLIC_SLOTS_DEFAULT	64

/* No medium flags are defined in version 1; any set bit is refused. */
#define MLIC_MEDIUM_FLAGS_ALL	0ULL

struct mlic_medium_header {
	__le64	magic;			/* MLIC_MEDIUM_MAGIC */
	__le32	version;		/* MLIC_FORMAT_VERSION */
	__le32	header_size;		/* sizeof(struct mlic_medium_header) */
	__le64	flags;			/* MLIC_MEDIUM_FLAGS_ALL */
	__u8	medium_id[MLIC_ID_SIZE];	/* unique, never all zero */
	__le64	secure_offset;		/* == MLIC_FIRST_AREA_BYTES */
	__le64	secure_bytes;		/* both copies */
	__le32	slot_count;		/* per copy */
	__le32	slot_size;		/* MLIC_SLOT_SIZE */
	__le64	user_offset;		/* >= secure_offset + secure_bytes */
	__le64	user_bytes;		/* size of /dev/mlicN */
	__le64	created;		/* seconds since the epoch, informative */
	__u8	reserved[160];		/* zero */
	__le32	reserved2;		/* zero */
	__le32	checksum;		/* CRC-32 of this struct, field zeroed */
};

/* One copy of the secure area: this header, then the slots, then zero pad. */
#define MLIC_SECURE_HEADER_BYTES	64

struct mlic_secure_header {
	__le64	magic;			/* MLIC_SECURE_MAGIC */
	__le32	version;		/* MLIC_FORMAT_VERSION */
	__le32	flags;			/* zero */
	__le64	generation;		/* bumped on every update */
	__u8	medium_id[MLIC_ID_SIZE];	/* as in the medium header */
	__le32	slot_count;		/* as in the medium header */
	__le32	slot_size;		/* as in the medium header */
	__le32	copy;			/* 0 for copy A, 1 for copy B */
	__le32	checksum;		/* CRC-32 over the whole copy */
	__u8	reserved[8];		/* zero */
};

/* Slot states (struct mlic_slot.state). */
#define MLIC_SLOT_FREE		0
#define MLIC_SLOT_USED		0x5343494c	/* "LICS" */

/*
 * A license record.  content_id and the header fields are authenticated as
 * associated data together with the medium ID, the slot number and the
 * format version; sealed[] is the AES-256-GCM ciphertext of the content key
 * and its rights, followed by the tag.  See Documentation/ for the exact
 * construction.
 */
#define MLIC_NONCE_SIZE		12
#define MLIC_TAG_SIZE		16
#define MLIC_KEY_SIZE		32
#define MLIC_LICENSE_PLAIN	48	/* key + rights, sealed */

struct mlic_slot {
	__le32	state;			/* MLIC_SLOT_FREE or MLIC_SLOT_USED */
	__le32	flags;			/* zero */
	__u8	content_id[MLIC_ID_SIZE];
	__u8	nonce[MLIC_NONCE_SIZE];
	__le32	reserved;		/* zero */
	__u8	sealed[MLIC_LICENSE_PLAIN + MLIC_TAG_SIZE];
	__u8	pad[24];		/* zero */
};

/* Rights of a license (struct mlic_license_plain.rights). */
#define MLIC_RIGHT_DECRYPT	0x00000001U	/* contents may be decrypted */
#define MLIC_RIGHTS_ALL		MLIC_RIGHT_DECRYPT

/*
 * What a license seals: the content key and its rights.  Never stored or
 * passed in the clear; only the driver and the licensing side see it.
 */
struct mlic_license_plain {
	__u8	key[MLIC_KEY_SIZE];	/* the content's AES-256 key */
	__le32	rights;			/* MLIC_RIGHT_*, unknown bits refused */
	__le32	reserved;		/* zero */
	__u8	reserved2[8];		/* zero */
};

/*
 * An issued license (*.mll): one content's license sealed for one medium,
 * for delivery outside the medium.  The first 64 bytes are authenticated as
 * associated data; sealed[] is struct mlic_license_plain encrypted with the
 * medium's license-transport key, then the tag.
 */
#define MLIC_ISSUED_MAGIC	0x3153534943494c4dULL	/* "MLICISS1" */
#define MLIC_ISSUED_AD_BYTES	64

struct mlic_issued_license {
	__le64	magic;			/* MLIC_ISSUED_MAGIC */
	__le32	version;		/* MLIC_FORMAT_VERSION */
	__le32	flags;			/* zero */
	__u8	medium_id[MLIC_ID_SIZE];	/* the only medium it installs on */
	__u8	content_id[MLIC_ID_SIZE];
	__u8	nonce[MLIC_NONCE_SIZE];
	__le32	reserved;		/* zero */
	__u8	sealed[MLIC_LICENSE_PLAIN + MLIC_TAG_SIZE];
};

/*
 * Encrypted content (*.mlc): this header, then the chunks.  Chunk i holds
 * min(chunk_bytes, what is left) bytes of AES-256-GCM ciphertext and its
 * tag; there is always at least one chunk, so even an empty content is
 * authenticated.  Each chunk's nonce is file_nonce followed by i (le32);
 * its associated data is this whole header followed by i (le64), so a
 * changed header, a reordered, altered or missing chunk all fail.
 */
#define MLIC_CONTENT_MAGIC	0x31544e4343494c4dULL	/* "MLICCNT1" */
#define MLIC_CONTENT_NAME_SIZE	64
#define MLIC_CHUNK_MIN		4096
#define MLIC_CHUNK_MAX		0x100000
#define MLIC_CHUNK_DEFAULT	65536

struct mlic_content_header {
	__le64	magic;			/* MLIC_CONTENT_MAGIC */
	__le32	version;		/* MLIC_FORMAT_VERSION */
	__le32	flags;			/* zero */
	__u8	content_id[MLIC_ID_SIZE];
	__le64	plain_bytes;		/* size of the plaintext */
	__le32	chunk_bytes;		/* power of two, MIN..MAX */
	__le32	reserved;		/* zero */
	__u8	file_nonce[8];		/* random, per encryption */
	__u8	reserved2[8];		/* zero */
	__u8	name[MLIC_CONTENT_NAME_SIZE];	/* UTF-8, NUL padded, shown */
};

/*
 * A license backup (*.mlb): this header, then the medium's slots (all of
 * them, free ones zero), sealed once or twice with AES-256-GCM.  The first
 * layer uses the key named first by the order, the second the other; each
 * layer's associated data is this whole header and adds a tag.  Unbound
 * backups have one layer, under the medium's backup key.  The medium ID
 * and the binding are in the clear for diagnostics and authenticated.
 */
#define MLIC_BACKUP_MAGIC	0x314b414243494c4dULL	/* "MLICBAK1" */
#define MLIC_DRIVE_ID_SIZE	64

/* struct mlic_backup_header.flags, and the request flags of MLIC_BACKUP */
#define MLIC_BACKUP_BIND_APPARATUS	0x00000001U	/* FIG. 10-12 */
#define MLIC_BACKUP_BIND_DRIVE		0x00000002U	/* FIG. 13-15 */
#define MLIC_BACKUP_APPARATUS_FIRST	0x00000004U	/* binding key inside */
#define MLIC_BACKUP_FLAGS_ALL		0x00000007U

struct mlic_backup_header {
	__le64	magic;			/* MLIC_BACKUP_MAGIC */
	__le32	version;		/* MLIC_FORMAT_VERSION */
	__le32	flags;			/* MLIC_BACKUP_* */
	__u8	medium_id[MLIC_ID_SIZE];	/* the only medium it restores to */
	__u8	apparatus_id[MLIC_ID_SIZE];	/* with BIND_APPARATUS, else 0 */
	__u8	drive_id[MLIC_DRIVE_ID_SIZE];	/* with BIND_DRIVE: NUL padded */
	__le64	created;		/* seconds since the epoch */
	__le64	generation;		/* of the secure area backed up */
	__le32	slot_count;		/* slots that follow */
	__le32	licenses;		/* used slots among them */
	__u8	nonce[2][MLIC_NONCE_SIZE];	/* first layer, second layer */
	__u8	reserved[96];		/* zero */
};

/* ---------------------------------------------------------------------
 * ioctls.  Magic 0xBE is not used by the block layer or any in-tree driver.
 * ---------------------------------------------------------------------
 */
#define MLIC_IOCTL_MAGIC	0xBE

#define MLIC_CONTROL_NAME	"mlic-control"
#define MLIC_INDEX_ANY		0xffffffffU
#define MLIC_INDEX_LIMIT	65536	/* device indexes are below this */

/* /dev/mlic-control: add, remove and find devices (CAP_SYS_ADMIN). */
struct mlic_ctl_device {
	__u32	index;			/* in: index or MLIC_INDEX_ANY; out */
	__u32	flags;			/* zero */
	__u64	reserved[2];		/* zero */
};

#define MLIC_CTL_ADD		_IOWR(MLIC_IOCTL_MAGIC, 0x00, struct mlic_ctl_device)
#define MLIC_CTL_REMOVE		_IOW(MLIC_IOCTL_MAGIC, 0x01, struct mlic_ctl_device)
#define MLIC_CTL_GET_FREE	_IOWR(MLIC_IOCTL_MAGIC, 0x02, struct mlic_ctl_device)

/*
 * The system key (CAP_SYS_ADMIN).  It is handed over as a kernel "logon"
 * key (32 bytes, description "mlic:..."), found in the caller's keyrings by
 * key_id; the driver copies it and never gives it back.  Userspace may
 * unlink the logon key afterwards.
 */
#define MLIC_KEY_LOADED		0x00000001U

struct mlic_key_load {
	__s32	key_id;			/* serial of the logon key */
	__u32	flags;			/* zero */
	__u64	reserved[3];		/* zero */
};

struct mlic_key_status {
	__u32	flags;			/* out: MLIC_KEY_LOADED */
	__u32	reserved;		/* zero */
	__u8	fingerprint[MLIC_ID_SIZE];	/* out: non-secret */
	__u64	reserved2[2];		/* zero */
};

/*
 * This drive's apparatus ID: the apparatus_id module parameter, else one
 * derived from the DMI system UUID, else none (flags without
 * MLIC_APPARATUS_KNOWN).  Any caller.
 */
#define MLIC_APPARATUS_KNOWN	0x00000001U	/* @id is valid */
#define MLIC_APPARATUS_FROM_DMI	0x00000002U	/* derived, not configured */

struct mlic_apparatus {
	__u32	flags;			/* out: MLIC_APPARATUS_* */
	__u32	reserved;		/* zero */
	__u8	id[MLIC_ID_SIZE];	/* out */
	__u64	reserved2[2];		/* zero */
};

#define MLIC_CTL_KEY_LOAD	_IOW(MLIC_IOCTL_MAGIC, 0x03, struct mlic_key_load)
/* Wipe the system key and every key derived from it; the argument is 0. */
#define MLIC_CTL_KEY_UNLOAD	_IO(MLIC_IOCTL_MAGIC, 0x04)
#define MLIC_CTL_KEY_STATUS	_IOWR(MLIC_IOCTL_MAGIC, 0x05, struct mlic_key_status)
#define MLIC_CTL_APPARATUS	_IOWR(MLIC_IOCTL_MAGIC, 0x06, struct mlic_apparatus)

/* /dev/mlicN: attach a medium image (CAP_SYS_ADMIN). */
#define MLIC_ATTACH_READ_ONLY	0x00000001U	/* also forced by an O_RDONLY fd */
#define MLIC_ATTACH_AUTOCLEAR	0x00000002U	/* detach on last close */
#define MLIC_ATTACH_FLAGS_ALL	(MLIC_ATTACH_READ_ONLY | MLIC_ATTACH_AUTOCLEAR)

struct mlic_attach {
	__s32	fd;			/* image: regular file or block device */
	__u32	flags;			/* MLIC_ATTACH_* */
	__u64	reserved[4];		/* zero */
};

#define MLIC_ATTACH		_IOW(MLIC_IOCTL_MAGIC, 0x10, struct mlic_attach)
/* Detach: the argument must be 0.  EBUSY while anyone else has it open. */
#define MLIC_DETACH		_IO(MLIC_IOCTL_MAGIC, 0x11)

/* License states, for the whole medium and for one slot. */
#define MLIC_LICENSE_NONE	0	/* not attached */
#define MLIC_LICENSE_EMPTY	1	/* secure area valid, no licenses */
#define MLIC_LICENSE_OK		2	/* valid, at least one license */
#define MLIC_LICENSE_REPAIRED	3	/* one copy was bad and was repaired */
#define MLIC_LICENSE_DAMAGED	4	/* no usable copy: restore a backup */

#define MLIC_INFO_READ_ONLY	0x00000001U
#define MLIC_INFO_AUTOCLEAR	0x00000002U
#define MLIC_INFO_DIRECT_IO	0x00000004U

/* Everything about one attached medium (any opener). */
struct mlic_info {
	__u32	index;			/* N of /dev/mlicN */
	__u32	flags;			/* MLIC_INFO_* */
	__u8	medium_id[MLIC_ID_SIZE];
	__u64	backing_dev;		/* st_dev of the image */
	__u64	backing_ino;		/* st_ino of the image */
	__u64	user_offset;		/* bytes within the image */
	__u64	user_bytes;
	__u64	secure_offset;
	__u64	secure_bytes;
	__u32	slot_count;
	__u32	slots_used;
	__u32	license_state;		/* MLIC_LICENSE_* */
	__u32	format_version;
	__u64	generation;		/* of the secure area in use */
	__u64	reserved[6];		/* zero */
};

#define MLIC_GET_INFO		_IOR(MLIC_IOCTL_MAGIC, 0x12, struct mlic_info)

/* State of one license (struct mlic_license_entry.state). */
#define MLIC_SLOT_STATE_OK		1	/* verified; decrypts */
#define MLIC_SLOT_STATE_LOCKED		2	/* no system key loaded */
#define MLIC_SLOT_STATE_DAMAGED		3	/* fails authentication */
#define MLIC_SLOT_STATE_UNSUPPORTED	4	/* rights this driver lacks */

struct mlic_license_entry {
	__u32	slot;
	__u32	state;			/* MLIC_SLOT_STATE_* */
	__u8	content_id[MLIC_ID_SIZE];
	__u32	rights;			/* MLIC_RIGHT_*, when verified */
	__u32	reserved;		/* zero */
};

/*
 * The licenses of the medium (any opener).  @entries points to room for
 * @count entries; the driver fills them, sets @count to the number of used
 * slots and fails with EOVERFLOW (count set) if the room is too small.
 */
struct mlic_licenses {
	__u32	flags;			/* zero */
	__u32	count;			/* in: room; out: used slots */
	__u64	entries;		/* struct mlic_license_entry[count] */
	__u64	reserved[2];		/* zero */
};

/* Install an issued license into a free slot (CAP_SYS_ADMIN). */
struct mlic_install_license {
	__u32	flags;			/* zero */
	__u32	slot;			/* out: where it went */
	struct mlic_issued_license license;
	__u64	reserved[2];		/* zero */
};

/*
 * Decrypt whole chunks of a content licensed on this medium (any opener
 * with read access).  @in holds chunks first_chunk .. first_chunk +
 * nr_chunks - 1 as they are stored (ciphertext and tag each); the driver
 * verifies every tag and writes the plaintext to @out only once its chunk
 * verified.  EBADMSG if a chunk fails, ENOKEY without the system key,
 * EACCES without a license for the content on this medium.
 */
struct mlic_decrypt {
	__u32	flags;			/* zero */
	__u32	nr_chunks;		/* chunks in @in, 1..MLIC_DECRYPT_MAX */
	__u64	first_chunk;
	__u64	in;			/* user pointer */
	__u64	in_bytes;		/* exactly the size of those chunks */
	__u64	out;			/* user pointer */
	__u64	out_bytes;		/* in: room; out: plaintext written */
	struct mlic_content_header header;	/* the content's header */
	__u64	reserved[2];		/* zero */
};

#define MLIC_DECRYPT_MAX	1024	/* chunks per call */

/*
 * The drive a backup is bound to (MLIC_BACKUP_BIND_DRIVE): @drive_fd is open
 * on the backup file (or its directory).  When it lies on an mlic medium
 * the driver names that drive itself ("mlic:" and its medium ID) and
 * @drive_id must be empty or the same; otherwise @drive_id is the identity
 * userspace read for the disk holding it (a serial or WWID), NUL padded.
 */
struct mlic_drive {
	__s32	drive_fd;		/* -1 when not bound to a drive */
	__u32	reserved;		/* zero */
	__u8	drive_id[MLIC_DRIVE_ID_SIZE];
};

/*
 * Back up the licenses (CAP_SYS_ADMIN): the driver seals the slots into
 * a struct mlic_backup_header and its payload at @buf.  EOVERFLOW with
 * @buf_bytes set when @buf is too small.
 */
struct mlic_backup {
	__u32	flags;			/* MLIC_BACKUP_* */
	__u32	licenses;		/* out: licenses backed up */
	struct mlic_drive drive;
	__u64	buf;			/* user pointer */
	__u64	buf_bytes;		/* in: room; out: size of the backup */
	__u64	reserved[2];		/* zero */
};

/*
 * Restore licenses from a backup (CAP_SYS_ADMIN): every layer and every
 * record is verified before the secure area is written, crash-safely.
 */
struct mlic_restore {
	__u32	flags;			/* zero */
	__u32	licenses;		/* out: licenses restored */
	struct mlic_drive drive;	/* where the backup lies */
	__u64	buf;			/* user pointer to the backup */
	__u64	buf_bytes;		/* its size */
	__u64	reserved[2];		/* zero */
};

#define MLIC_GET_LICENSES	_IOWR(MLIC_IOCTL_MAGIC, 0x13, struct mlic_licenses)
#define MLIC_INSTALL_LICENSE	_IOWR(MLIC_IOCTL_MAGIC, 0x14, struct mlic_install_license)
#define MLIC_DECRYPT		_IOWR(MLIC_IOCTL_MAGIC, 0x15, struct mlic_decrypt)
#define MLIC_BACKUP		_IOWR(MLIC_IOCTL_MAGIC, 0x16, struct mlic_backup)
#define MLIC_RESTORE		_IOWR(MLIC_IOCTL_MAGIC, 0x17, struct mlic_restore)

#endif /* _UAPI_LINUX_MLIC_H */
