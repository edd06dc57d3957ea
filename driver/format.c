// SPDX-License-Identifier: GPL-2.0
/*
 * format.c - validation and sealing of the medium image format.
 *
 * Everything that decides whether bytes read from an image may be trusted
 * as a medium header or as a copy of the secure area lives here, and only
 * here.  The functions are pure: they look at buffers, never at files, so
 * the same code serves the driver, the tools and the host unit tests.
 */
#include "format.h"

#define MLIC_CHECKSUM_BYTES	4

static bool mlic_all_zero(const void *buf, size_t len)
{
	const u8 *p = buf;

	while (len--)
		if (*p++)
			return false;
	return true;
}

static bool mlic_aligned(u64 value)
{
	return (value & (MLIC_AREA_ALIGN - 1)) == 0;
}

/**
 * mlic_crc32() - CRC-32 (as zlib computes it) of a structure with a hole
 * @buf: the bytes to check
 * @len: their number
 * @skip: offset of a 4-byte checksum field that counts as zero
 *
 * Return: the CRC-32 of @buf with bytes @skip .. @skip + 3 taken as zero.
 */
u32 mlic_crc32(const void *buf, size_t len, size_t skip)
{
	static const u8 zero[MLIC_CHECKSUM_BYTES];
	const u8 *p = buf;
	u32 crc;

	crc = crc32_le(~0U, p, skip);
	crc = crc32_le(crc, zero, sizeof(zero));
	crc = crc32_le(crc, p + skip + MLIC_CHECKSUM_BYTES,
		       len - skip - MLIC_CHECKSUM_BYTES);
	return ~crc;
}

/**
 * mlic_secure_copy_bytes() - size of one copy of the secure area
 * @slot_count: number of license slots, already range-checked
 *
 * Return: the header plus the slots, rounded up to the area alignment.
 */
u64 mlic_secure_copy_bytes(u32 slot_count)
{
	u64 bytes = MLIC_SECURE_HEADER_BYTES + (u64)slot_count * MLIC_SLOT_SIZE;

	return (bytes + MLIC_AREA_ALIGN - 1) & ~(u64)(MLIC_AREA_ALIGN - 1);
}

/* Record why a check failed and return its errno. */
static int mlic_refuse(const char **why, int err, const char *reason)
{
	*why = reason;
	return err;
}

/**
 * mlic_medium_header_check() - validate the first area of an image
 * @hdr: the header as read from offset 0 of the image
 * @image_bytes: size of the image (file or block device)
 * @geo: filled in with the checked geometry on success
 * @why: set to a one-line reason on failure
 *
 * Every field is checked: magic, version, size, checksum, flags, reserved
 * bytes, the medium ID, the slot geometry, alignment, overlap of the areas
 * and that every area lies inside the image.
 *
 * Return: 0, or -EMEDIUMTYPE (not an mlic image), -EOPNOTSUPP (a version or
 * feature this code does not know), -EBADMSG (checksum mismatch) or -EINVAL
 * (inconsistent geometry).
 */
int mlic_medium_header_check(const struct mlic_medium_header *hdr,
			     u64 image_bytes, struct mlic_geometry *geo,
			     const char **why)
{
	u64 secure_offset, secure_bytes, secure_end, user_offset, user_bytes;
	u64 user_end, copy_bytes;
	u32 slot_count, crc;

	if (image_bytes < MLIC_FIRST_AREA_BYTES)
		return mlic_refuse(why, -EMEDIUMTYPE,
				   "image is too small to hold a medium header");
	if (le64_to_cpu(hdr->magic) != MLIC_MEDIUM_MAGIC)
		return mlic_refuse(why, -EMEDIUMTYPE,
				   "no medium header magic: not an mlic medium image");
	if (le32_to_cpu(hdr->version) != MLIC_FORMAT_VERSION)
		return mlic_refuse(why, -EOPNOTSUPP,
				   "unsupported medium format version");
	if (le32_to_cpu(hdr->header_size) != sizeof(*hdr))
		return mlic_refuse(why, -EINVAL,
				   "medium header size does not match its version");
	crc = mlic_crc32(hdr, sizeof(*hdr),
			 offsetof(struct mlic_medium_header, checksum));
	if (le32_to_cpu(hdr->checksum) != crc)
		return mlic_refuse(why, -EBADMSG,
				   "medium header checksum mismatch (damaged first area)");
	if (le64_to_cpu(hdr->flags) & ~MLIC_MEDIUM_FLAGS_ALL)
		return mlic_refuse(why, -EOPNOTSUPP,
				   "medium header has unknown feature flags");
	if (!mlic_all_zero(hdr->reserved, sizeof(hdr->reserved)) ||
	    hdr->reserved2)
		return mlic_refuse(why, -EINVAL,
				   "medium header reserved bytes are not zero");
	if (mlic_all_zero(hdr->medium_id, sizeof(hdr->medium_id)))
		return mlic_refuse(why, -EINVAL,
				   "medium ID is all zero");

	slot_count = le32_to_cpu(hdr->slot_count);
	if (le32_to_cpu(hdr->slot_size) != MLIC_SLOT_SIZE)
		return mlic_refuse(why, -EINVAL,
				   "unsupported license slot size");
	if (slot_count < MLIC_SLOTS_MIN || slot_count > MLIC_SLOTS_MAX)
		return mlic_refuse(why, -EINVAL,
				   "license slot count out of range");

	secure_offset = le64_to_cpu(hdr->secure_offset);
	secure_bytes = le64_to_cpu(hdr->secure_bytes);
	copy_bytes = mlic_secure_copy_bytes(slot_count);
	if (secure_offset != MLIC_FIRST_AREA_BYTES)
		return mlic_refuse(why, -EINVAL,
				   "secure area does not follow the first area");
	if (secure_bytes != 2 * copy_bytes)
		return mlic_refuse(why, -EINVAL,
				   "secure area size does not match its slot count");
	secure_end = secure_offset + secure_bytes;

	user_offset = le64_to_cpu(hdr->user_offset);
	user_bytes = le64_to_cpu(hdr->user_bytes);
	if (!mlic_aligned(user_offset) || !mlic_aligned(user_bytes))
		return mlic_refuse(why, -EINVAL,
				   "user area is not aligned to 4096 bytes");
	if (user_offset < secure_end)
		return mlic_refuse(why, -EINVAL,
				   "user area overlaps the secure area");
	if (!user_bytes)
		return mlic_refuse(why, -EINVAL,
				   "user area is empty");
	if (check_add_overflow(user_offset, user_bytes, &user_end) ||
	    user_end > (u64)S64_MAX)
		return mlic_refuse(why, -EINVAL,
				   "user area size overflows");
	if (secure_end > image_bytes || user_end > image_bytes)
		return mlic_refuse(why, -EINVAL,
				   "image is truncated: an area ends past its end");

	memcpy(geo->medium_id, hdr->medium_id, sizeof(geo->medium_id));
	geo->secure_offset = secure_offset;
	geo->copy_bytes = copy_bytes;
	geo->user_offset = user_offset;
	geo->user_bytes = user_bytes;
	geo->slot_count = slot_count;
	geo->version = MLIC_FORMAT_VERSION;
	return 0;
}

/**
 * mlic_slot_valid() - is a slot well formed?
 * @slot: the slot
 *
 * Return: true for a free slot (all zero) and for a used slot whose clear
 * fields are zero; the sealed record itself is not looked at.
 */
bool mlic_slot_valid(const struct mlic_slot *slot)
{
	switch (le32_to_cpu(slot->state)) {
	case MLIC_SLOT_FREE:
		return mlic_all_zero(slot, sizeof(*slot));
	case MLIC_SLOT_USED:
		return !slot->flags && !slot->reserved &&
		       mlic_all_zero(slot->pad, sizeof(slot->pad));
	default:
		return false;
	}
}

/**
 * mlic_secure_copy_check() - validate one copy of the secure area
 * @copy: the copy, geo->copy_bytes long
 * @geo: geometry from mlic_medium_header_check()
 * @which: 0 for copy A, 1 for copy B
 * @generation: set to the copy's generation on success
 * @why: set to a one-line reason on failure
 *
 * Checks the structure only (magic, checksum, geometry, slot states); the
 * license records inside used slots are verified by the license code.
 *
 * Return: 0, or -EBADMSG if the copy is damaged in any way.
 */
int mlic_secure_copy_check(const void *copy, const struct mlic_geometry *geo,
			   unsigned int which, u64 *generation,
			   const char **why)
{
	const struct mlic_secure_header *sh = copy;
	size_t slots_end;
	u32 i, crc;

	if (le64_to_cpu(sh->magic) != MLIC_SECURE_MAGIC)
		return mlic_refuse(why, -EBADMSG,
				   "no secure area magic");
	if (le32_to_cpu(sh->version) != geo->version)
		return mlic_refuse(why, -EBADMSG,
				   "secure area version differs from the medium's");
	crc = mlic_crc32(copy, geo->copy_bytes,
			 offsetof(struct mlic_secure_header, checksum));
	if (le32_to_cpu(sh->checksum) != crc)
		return mlic_refuse(why, -EBADMSG,
				   "secure area checksum mismatch");
	if (sh->flags || !mlic_all_zero(sh->reserved, sizeof(sh->reserved)))
		return mlic_refuse(why, -EBADMSG,
				   "secure area reserved fields are not zero");
	if (memcmp(sh->medium_id, geo->medium_id, MLIC_ID_SIZE))
		return mlic_refuse(why, -EBADMSG,
				   "secure area belongs to another medium");
	if (le32_to_cpu(sh->slot_count) != geo->slot_count ||
	    le32_to_cpu(sh->slot_size) != MLIC_SLOT_SIZE)
		return mlic_refuse(why, -EBADMSG,
				   "secure area geometry differs from the medium's");
	if (le32_to_cpu(sh->copy) != which)
		return mlic_refuse(why, -EBADMSG,
				   "secure area copy is in the wrong place");
	for (i = 0; i < geo->slot_count; i++)
		if (!mlic_slot_valid(mlic_secure_slot(copy, i)))
			return mlic_refuse(why, -EBADMSG,
					   "secure area has a malformed slot");
	slots_end = MLIC_SECURE_HEADER_BYTES +
		    (size_t)geo->slot_count * MLIC_SLOT_SIZE;
	if (!mlic_all_zero((const u8 *)copy + slots_end,
			   geo->copy_bytes - slots_end))
		return mlic_refuse(why, -EBADMSG,
				   "secure area padding is not zero");

	*generation = le64_to_cpu(sh->generation);
	return 0;
}

/**
 * mlic_secure_copy_seal() - stamp a secure copy for writing
 * @copy: the copy, geo->copy_bytes long, slots already in place
 * @geo: geometry of the medium
 * @which: 0 for copy A, 1 for copy B
 * @generation: the generation this copy will carry
 *
 * Writes the header fields that depend on where and when the copy is
 * written, then the checksum over the whole copy.
 */
void mlic_secure_copy_seal(void *copy, const struct mlic_geometry *geo,
			   unsigned int which, u64 generation)
{
	struct mlic_secure_header *sh = copy;

	sh->magic = cpu_to_le64(MLIC_SECURE_MAGIC);
	sh->version = cpu_to_le32(geo->version);
	sh->flags = 0;
	sh->generation = cpu_to_le64(generation);
	memcpy(sh->medium_id, geo->medium_id, MLIC_ID_SIZE);
	sh->slot_count = cpu_to_le32(geo->slot_count);
	sh->slot_size = cpu_to_le32(MLIC_SLOT_SIZE);
	sh->copy = cpu_to_le32(which);
	memset(sh->reserved, 0, sizeof(sh->reserved));
	sh->checksum = cpu_to_le32(mlic_crc32(copy, geo->copy_bytes,
					      offsetof(typeof(*sh), checksum)));
}

/**
 * mlic_secure_copy_init() - build an empty secure copy
 * @copy: buffer of geo->copy_bytes bytes
 * @geo: geometry of the medium
 * @which: 0 for copy A, 1 for copy B
 * @generation: the generation this copy will carry
 */
void mlic_secure_copy_init(void *copy, const struct mlic_geometry *geo,
			   unsigned int which, u64 generation)
{
	memset(copy, 0, geo->copy_bytes);
	mlic_secure_copy_seal(copy, geo, which, generation);
}

/**
 * mlic_secure_slots_used() - count the used slots of a checked copy
 * @copy: a copy that passed mlic_secure_copy_check()
 * @geo: geometry of the medium
 *
 * Return: the number of slots in state %MLIC_SLOT_USED.
 */
u32 mlic_secure_slots_used(const void *copy, const struct mlic_geometry *geo)
{
	u32 i, used = 0;

	for (i = 0; i < geo->slot_count; i++)
		if (le32_to_cpu(mlic_secure_slot(copy, i)->state) ==
		    MLIC_SLOT_USED)
			used++;
	return used;
}

/**
 * mlic_content_header_check() - validate the header of an encrypted content
 * @hdr: the first bytes of a *.mlc file
 * @why: set to a one-line reason on failure
 *
 * Return: 0, or -EMEDIUMTYPE (not a content file), -EOPNOTSUPP (unknown
 * version or flags) or -EINVAL (inconsistent fields).
 */
int mlic_content_header_check(const struct mlic_content_header *hdr,
			      const char **why)
{
	u32 chunk = le32_to_cpu(hdr->chunk_bytes);
	u64 plain = le64_to_cpu(hdr->plain_bytes);

	if (le64_to_cpu(hdr->magic) != MLIC_CONTENT_MAGIC)
		return mlic_refuse(why, -EMEDIUMTYPE,
				   "not an mlic content file (no magic)");
	if (le32_to_cpu(hdr->version) != MLIC_FORMAT_VERSION)
		return mlic_refuse(why, -EOPNOTSUPP,
				   "unsupported content format version");
	if (hdr->flags)
		return mlic_refuse(why, -EOPNOTSUPP,
				   "content header has unknown flags");
	if (hdr->reserved || !mlic_all_zero(hdr->reserved2,
					    sizeof(hdr->reserved2)))
		return mlic_refuse(why, -EINVAL,
				   "content header reserved bytes are not zero");
	if (chunk < MLIC_CHUNK_MIN || chunk > MLIC_CHUNK_MAX ||
	    (chunk & (chunk - 1)))
		return mlic_refuse(why, -EINVAL,
				   "content chunk size is not a power of two in range");
	/* Chunk numbers must fit the 32 bits of the nonce. */
	if (plain / chunk >= 0xffffffffULL)
		return mlic_refuse(why, -EINVAL, "content is too large");
	if (hdr->name[MLIC_CONTENT_NAME_SIZE - 1])
		return mlic_refuse(why, -EINVAL,
				   "content name is not terminated");
	return 0;
}

/**
 * mlic_content_chunks() - number of chunks of a checked content
 * @hdr: a header that passed mlic_content_header_check()
 *
 * Return: at least 1: an empty content still has one (empty) chunk.
 */
u64 mlic_content_chunks(const struct mlic_content_header *hdr)
{
	u64 plain = le64_to_cpu(hdr->plain_bytes);
	u32 chunk = le32_to_cpu(hdr->chunk_bytes);

	return plain ? (plain - 1) / chunk + 1 : 1;
}

/**
 * mlic_content_chunk_plain() - plaintext bytes in chunk @i
 * @hdr: a checked header
 * @i: chunk number, below mlic_content_chunks()
 *
 * Return: chunk_bytes for every chunk but the last, what is left for it.
 */
u32 mlic_content_chunk_plain(const struct mlic_content_header *hdr, u64 i)
{
	u64 plain = le64_to_cpu(hdr->plain_bytes);
	u32 chunk = le32_to_cpu(hdr->chunk_bytes);

	if (i + 1 < mlic_content_chunks(hdr))
		return chunk;
	return plain - i * chunk;
}

/**
 * mlic_content_file_bytes() - size of the whole *.mlc file
 * @hdr: a checked header
 *
 * Return: header, every chunk's ciphertext and every tag.
 */
u64 mlic_content_file_bytes(const struct mlic_content_header *hdr)
{
	return sizeof(*hdr) + le64_to_cpu(hdr->plain_bytes) +
	       mlic_content_chunks(hdr) * MLIC_CHUNK_OVERHEAD;
}

/**
 * mlic_content_chunk_iv() - the GCM nonce of chunk @i
 * @hdr: a checked header
 * @i: chunk number
 * @iv: receives file_nonce followed by @i as le32
 */
void mlic_content_chunk_iv(const struct mlic_content_header *hdr, u64 i,
			   u8 iv[MLIC_NONCE_SIZE])
{
	__le32 n = cpu_to_le32((u32)i);

	memcpy(iv, hdr->file_nonce, sizeof(hdr->file_nonce));
	memcpy(iv + sizeof(hdr->file_nonce), &n, sizeof(n));
}

/**
 * mlic_content_chunk_ad() - the associated data of chunk @i
 * @hdr: a checked header
 * @i: chunk number
 * @ad: receives MLIC_CONTENT_AD_BYTES: the header, then @i as le64
 */
void mlic_content_chunk_ad(const struct mlic_content_header *hdr, u64 i,
			   u8 *ad)
{
	__le64 n = cpu_to_le64(i);

	memcpy(ad, hdr, sizeof(*hdr));
	memcpy(ad + sizeof(*hdr), &n, sizeof(n));
}

/**
 * mlic_license_ad() - the associated data of the license record in a slot
 * @medium_id: the medium the record belongs to
 * @slot: the slot it sits in
 * @content_id: the content it licenses
 * @ad: receives MLIC_LICENSE_AD_BYTES
 *
 * Binding the medium, the slot and the format version means a record
 * copied to another medium, moved to another slot or read by another
 * format version fails to authenticate.
 */
void mlic_license_ad(const u8 *medium_id, u32 slot, const u8 *content_id,
		     u8 ad[MLIC_LICENSE_AD_BYTES])
{
	__le64 magic = cpu_to_le64(MLIC_LICENSE_AD_MAGIC);
	__le32 version = cpu_to_le32(MLIC_FORMAT_VERSION);
	__le32 where = cpu_to_le32(slot);

	memcpy(ad, &magic, 8);
	memcpy(ad + 8, &version, 4);
	memcpy(ad + 12, &where, 4);
	memcpy(ad + 16, medium_id, MLIC_ID_SIZE);
	memcpy(ad + 16 + MLIC_ID_SIZE, content_id, MLIC_ID_SIZE);
}

/**
 * mlic_license_plain_check() - check a license after it authenticated
 * @plain: the opened license
 *
 * Return: 0, -EOPNOTSUPP for rights this code does not know, -EINVAL for
 * non-zero reserved bytes.
 */
int mlic_license_plain_check(const struct mlic_license_plain *plain)
{
	if (le32_to_cpu(plain->rights) & ~MLIC_RIGHTS_ALL)
		return -EOPNOTSUPP;
	if (plain->reserved ||
	    !mlic_all_zero(plain->reserved2, sizeof(plain->reserved2)))
		return -EINVAL;
	return 0;
}

/**
 * mlic_issued_check() - validate the clear part of an issued license
 * @lic: the contents of a *.mll file
 * @why: set to a one-line reason on failure
 *
 * Return: 0, -EMEDIUMTYPE (not an issued license), -EOPNOTSUPP (unknown
 * version or flags) or -EINVAL (reserved bytes set).
 */
int mlic_issued_check(const struct mlic_issued_license *lic,
		      const char **why)
{
	if (le64_to_cpu(lic->magic) != MLIC_ISSUED_MAGIC)
		return mlic_refuse(why, -EMEDIUMTYPE,
				   "not an mlic license file (no magic)");
	if (le32_to_cpu(lic->version) != MLIC_FORMAT_VERSION)
		return mlic_refuse(why, -EOPNOTSUPP,
				   "unsupported license format version");
	if (lic->flags)
		return mlic_refuse(why, -EOPNOTSUPP,
				   "license has unknown flags");
	if (lic->reserved)
		return mlic_refuse(why, -EINVAL,
				   "license reserved bytes are not zero");
	return 0;
}

/**
 * mlic_drive_id_check() - is a drive identity well formed?
 * @id: NUL padded identity, as in struct mlic_backup_header.drive_id
 * @size: its room
 *
 * Return: 0 for printable ASCII without spaces, NUL terminated and padded;
 * -EINVAL otherwise (an empty identity included).
 */
int mlic_drive_id_check(const u8 *id, size_t size)
{
	size_t len;

	for (len = 0; len < size && id[len]; len++)
		if (id[len] <= ' ' || id[len] > '~')
			return -EINVAL;
	if (!len || len == size || !mlic_all_zero(id + len, size - len))
		return -EINVAL;
	return 0;
}

/**
 * mlic_backup_header_check() - validate the clear header of a backup
 * @hdr: the first bytes of a *.mlb file
 * @why: set to a one-line reason on failure
 *
 * Return: 0, or -EMEDIUMTYPE (not a backup), -EOPNOTSUPP (unknown version
 * or flags) or -EINVAL (inconsistent fields).
 */
int mlic_backup_header_check(const struct mlic_backup_header *hdr,
			     const char **why)
{
	u32 flags = le32_to_cpu(hdr->flags);
	u32 binding = flags & (MLIC_BACKUP_BIND_APPARATUS |
			       MLIC_BACKUP_BIND_DRIVE);
	u32 slots = le32_to_cpu(hdr->slot_count);

	if (le64_to_cpu(hdr->magic) != MLIC_BACKUP_MAGIC)
		return mlic_refuse(why, -EMEDIUMTYPE,
				   "not an mlic license backup (no magic)");
	if (le32_to_cpu(hdr->version) != MLIC_FORMAT_VERSION)
		return mlic_refuse(why, -EOPNOTSUPP,
				   "unsupported backup version");
	if (flags & ~MLIC_BACKUP_FLAGS_ALL)
		return mlic_refuse(why, -EOPNOTSUPP,
				   "backup has unknown flags");
	if (binding == (MLIC_BACKUP_BIND_APPARATUS | MLIC_BACKUP_BIND_DRIVE) ||
	    (!binding && (flags & MLIC_BACKUP_APPARATUS_FIRST)))
		return mlic_refuse(why, -EINVAL,
				   "backup binding flags are inconsistent");
	if (mlic_all_zero(hdr->medium_id, MLIC_ID_SIZE))
		return mlic_refuse(why, -EINVAL, "backup names no medium");
	if (mlic_all_zero(hdr->apparatus_id, MLIC_ID_SIZE) ==
	    !!(binding & MLIC_BACKUP_BIND_APPARATUS))
		return mlic_refuse(why, -EINVAL,
				   "backup apparatus ID does not match its binding");
	if (binding & MLIC_BACKUP_BIND_DRIVE ?
	    mlic_drive_id_check(hdr->drive_id, sizeof(hdr->drive_id)) :
	    !mlic_all_zero(hdr->drive_id, sizeof(hdr->drive_id)))
		return mlic_refuse(why, -EINVAL,
				   "backup drive identity does not match its binding");
	if (slots < MLIC_SLOTS_MIN || slots > MLIC_SLOTS_MAX ||
	    le32_to_cpu(hdr->licenses) > slots)
		return mlic_refuse(why, -EINVAL,
				   "backup slot count out of range");
	if (!mlic_all_zero(hdr->reserved, sizeof(hdr->reserved)))
		return mlic_refuse(why, -EINVAL,
				   "backup reserved bytes are not zero");
	return 0;
}

/**
 * mlic_backup_layers() - how many times a backup's slots are sealed
 * @hdr: a checked header
 *
 * Return: 1 for an unbound backup, 2 for one bound to an apparatus or drive.
 */
unsigned int mlic_backup_layers(const struct mlic_backup_header *hdr)
{
	u32 flags = le32_to_cpu(hdr->flags);

	return flags & (MLIC_BACKUP_BIND_APPARATUS | MLIC_BACKUP_BIND_DRIVE) ?
	       2 : 1;
}

/**
 * mlic_backup_bytes() - size of a whole backup
 * @hdr: a checked header
 *
 * Return: the header, the slots and one tag per layer.
 */
u64 mlic_backup_bytes(const struct mlic_backup_header *hdr)
{
	return sizeof(*hdr) +
	       (u64)le32_to_cpu(hdr->slot_count) * MLIC_SLOT_SIZE +
	       mlic_backup_layers(hdr) * MLIC_TAG_SIZE;
}

static const char * const mlic_license_state_names[] = {
	[MLIC_LICENSE_NONE]	= "none",
	[MLIC_LICENSE_EMPTY]	= "empty",
	[MLIC_LICENSE_OK]	= "ok",
	[MLIC_LICENSE_REPAIRED]	= "repaired",
	[MLIC_LICENSE_DAMAGED]	= "damaged",
};

static const char * const mlic_slot_state_names[] = {
	[MLIC_SLOT_STATE_OK]		= "ok",
	[MLIC_SLOT_STATE_LOCKED]	= "locked",
	[MLIC_SLOT_STATE_DAMAGED]	= "damaged",
	[MLIC_SLOT_STATE_UNSUPPORTED]	= "unsupported",
};

/**
 * mlic_license_state_name() - name of a medium's license state
 * @state: MLIC_LICENSE_*
 *
 * The names sysfs shows and the tools print and parse.
 *
 * Return: a static string, "unknown" for a value out of range.
 */
const char *mlic_license_state_name(u32 state)
{
	if (state >= ARRAY_SIZE(mlic_license_state_names))
		return "unknown";
	return mlic_license_state_names[state];
}

/**
 * mlic_slot_state_name() - name of the state of one license
 * @state: MLIC_SLOT_STATE_*
 *
 * Return: a static string, "unknown" for a value out of range.
 */
const char *mlic_slot_state_name(u32 state)
{
	if (state >= ARRAY_SIZE(mlic_slot_state_names) ||
	    !mlic_slot_state_names[state])
		return "unknown";
	return mlic_slot_state_names[state];
}
