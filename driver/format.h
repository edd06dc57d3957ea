/* SPDX-License-Identifier: GPL-2.0 */
/*
 * format.h - the rules of the mlic medium image format.
 *
 * format.c is built twice: into mlic.ko and into the tools' library, so the
 * driver that refuses a bad image and the mastering tool that writes a good
 * one run the very same checks.  It uses only the few kernel primitives that
 * tools/lib/kshim.h provides in user space.
 */
#ifndef _MLIC_FORMAT_H
#define _MLIC_FORMAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/crc32.h>
#include <asm/byteorder.h>
#else
#include "kshim.h"
#endif
#include <linux/mlic.h>

/**
 * struct mlic_geometry - a medium header, checked and in CPU byte order
 * @medium_id: the medium ID (first area)
 * @secure_offset: byte offset of secure copy A in the image
 * @copy_bytes: size of one secure copy; copy B follows copy A
 * @user_offset: byte offset of the user area in the image
 * @user_bytes: size of the user area, i.e. of /dev/mlicN
 * @slot_count: license slots per secure copy
 * @version: format version of the image
 */
struct mlic_geometry {
	u8 medium_id[MLIC_ID_SIZE];
	u64 secure_offset;
	u64 copy_bytes;
	u64 user_offset;
	u64 user_bytes;
	u32 slot_count;
	u32 version;
};

u32 mlic_crc32(const void *buf, size_t len, size_t skip);
u64 mlic_secure_copy_bytes(u32 slot_count);

int mlic_medium_header_check(const struct mlic_medium_header *hdr,
			     u64 image_bytes, struct mlic_geometry *geo,
			     const char **why);

int mlic_secure_copy_check(const void *copy, const struct mlic_geometry *geo,
			   unsigned int which, u64 *generation,
			   const char **why);
void mlic_secure_copy_seal(void *copy, const struct mlic_geometry *geo,
			   unsigned int which, u64 generation);
void mlic_secure_copy_init(void *copy, const struct mlic_geometry *geo,
			   unsigned int which, u64 generation);
u32 mlic_secure_slots_used(const void *copy, const struct mlic_geometry *geo);

/*
 * Key derivation labels (HKDF-SHA256 info strings).  The system key is the
 * input keying material; the salt is named in each comment.
 */
#define MLIC_HKDF_FINGERPRINT	"mlic/v1/system-key-fingerprint" /* none */
#define MLIC_HKDF_LICENSE_WRAP	"mlic/v1/license-wrap"	/* medium ID */
#define MLIC_HKDF_LICENSE_SEND	"mlic/v1/license-transport" /* medium ID */

#define MLIC_HKDF_BACKUP_MEDIUM	"mlic/v1/backup-medium"	/* medium ID */
#define MLIC_HKDF_BACKUP_APPARATUS "mlic/v1/backup-apparatus" /* apparatus ID */
#define MLIC_HKDF_BACKUP_DRIVE	"mlic/v1/backup-drive"	/* drive identity */
#define MLIC_HKDF_APPARATUS_ID	"mlic/v1/apparatus-id"	/* IKM: DMI UUID */

#define MLIC_LICENSE_AD_MAGIC	0x3143494c43494c4dULL	/* "MLICLIC1" */
#define MLIC_LICENSE_AD_BYTES	48
#define MLIC_CONTENT_AD_BYTES	(sizeof(struct mlic_content_header) + 8)
#define MLIC_CHUNK_OVERHEAD	MLIC_TAG_SIZE

int mlic_content_header_check(const struct mlic_content_header *hdr,
			      const char **why);
u64 mlic_content_chunks(const struct mlic_content_header *hdr);
u32 mlic_content_chunk_plain(const struct mlic_content_header *hdr, u64 i);
u64 mlic_content_file_bytes(const struct mlic_content_header *hdr);
void mlic_content_chunk_iv(const struct mlic_content_header *hdr, u64 i,
			   u8 iv[MLIC_NONCE_SIZE]);
void mlic_content_chunk_ad(const struct mlic_content_header *hdr, u64 i,
			   u8 *ad);

void mlic_license_ad(const u8 *medium_id, u32 slot, const u8 *content_id,
		     u8 ad[MLIC_LICENSE_AD_BYTES]);
int mlic_license_plain_check(const struct mlic_license_plain *plain);
int mlic_issued_check(const struct mlic_issued_license *lic,
		      const char **why);

bool mlic_slot_valid(const struct mlic_slot *slot);
int mlic_drive_id_check(const u8 *id, size_t size);
int mlic_backup_header_check(const struct mlic_backup_header *hdr,
			     const char **why);
unsigned int mlic_backup_layers(const struct mlic_backup_header *hdr);
u64 mlic_backup_bytes(const struct mlic_backup_header *hdr);

const char *mlic_license_state_name(u32 state);
const char *mlic_slot_state_name(u32 state);

/* The offset in the image of secure copy @which (0 = A, 1 = B). */
static inline u64 mlic_secure_copy_offset(const struct mlic_geometry *geo,
					  unsigned int which)
{
	return geo->secure_offset + (u64)which * geo->copy_bytes;
}

/* Slot @i of a secure copy held in memory. */
static inline const struct mlic_slot *mlic_secure_slot(const void *copy, u32 i)
{
	return (const struct mlic_slot *)((const u8 *)copy +
		MLIC_SECURE_HEADER_BYTES + (size_t)i * MLIC_SLOT_SIZE);
}

/* The same, for a copy being modified. */
static inline struct mlic_slot *mlic_secure_slot_mut(void *copy, u32 i)
{
	return (struct mlic_slot *)mlic_secure_slot(copy, i);
}

/* Fill in the checksum of a medium header (the tools write headers). */
static inline void mlic_medium_header_seal(struct mlic_medium_header *hdr)
{
	size_t at = offsetof(struct mlic_medium_header, checksum);

	hdr->checksum = cpu_to_le32(mlic_crc32(hdr, sizeof(*hdr), at));
}

#endif /* _MLIC_FORMAT_H */
