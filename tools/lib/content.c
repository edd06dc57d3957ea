// SPDX-License-Identifier: GPL-2.0
/*
 * content.c - encrypted contents (*.mlc) as files: a new header, where a
 * chunk lies in the file, how many chunks one MLIC_DECRYPT call takes, and
 * reading and checking the header of a file before anything is decrypted.
 * The rules themselves (sizes, nonces, associated data) are format.c's.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "libmlic.h"

/**
 * mlic_content_header_init() - the header of a content about to be
 * encrypted
 * @hdr: filled in
 * @content_id: its content ID
 * @plain_bytes: size of the plaintext
 * @chunk_bytes: chunk size, a power of two in MLIC_CHUNK_MIN..MAX
 * @file_nonce: 8 random bytes, new for every encryption
 * @name: its name, at most 63 bytes (longer names are cut)
 */
void mlic_content_header_init(struct mlic_content_header *hdr,
			      const u8 content_id[MLIC_ID_SIZE],
			      u64 plain_bytes, u32 chunk_bytes,
			      const u8 file_nonce[8], const char *name)
{
	size_t len = strnlen(name, MLIC_CONTENT_NAME_MAX);

	memset(hdr, 0, sizeof(*hdr));
	hdr->magic = cpu_to_le64(MLIC_CONTENT_MAGIC);
	hdr->version = cpu_to_le32(MLIC_FORMAT_VERSION);
	memcpy(hdr->content_id, content_id, MLIC_ID_SIZE);
	hdr->plain_bytes = cpu_to_le64(plain_bytes);
	hdr->chunk_bytes = cpu_to_le32(chunk_bytes);
	memcpy(hdr->file_nonce, file_nonce, sizeof(hdr->file_nonce));
	memcpy(hdr->name, name, len);
}

/**
 * mlic_content_encrypted_bytes() - size of the *.mlc file of a plaintext
 * @plain_bytes: size of the plaintext
 * @chunk_bytes: chunk size, a power of two in MLIC_CHUNK_MIN..MAX
 *
 * Return: header, ciphertext and one tag per chunk (at least one chunk).
 */
u64 mlic_content_encrypted_bytes(u64 plain_bytes, u32 chunk_bytes)
{
	struct mlic_content_header hdr = {
		.plain_bytes = cpu_to_le64(plain_bytes),
		.chunk_bytes = cpu_to_le32(chunk_bytes),
	};

	return mlic_content_file_bytes(&hdr);
}

/**
 * mlic_content_chunk_offset() - where chunk @i starts in the *.mlc file
 * @hdr: a checked header
 * @i: chunk number
 *
 * Return: the byte offset of its ciphertext (its tag follows it).
 */
u64 mlic_content_chunk_offset(const struct mlic_content_header *hdr, u64 i)
{
	return sizeof(*hdr) +
	       i * ((u64)le32_to_cpu(hdr->chunk_bytes) + MLIC_TAG_SIZE);
}

/**
 * mlic_content_batch_chunks() - chunks to pass to one MLIC_DECRYPT call
 * @hdr: a checked header
 *
 * Return: as many chunks as make %MLIC_DECRYPT_BATCH_BYTES of plaintext,
 * at least one, at most %MLIC_DECRYPT_MAX.
 */
u32 mlic_content_batch_chunks(const struct mlic_content_header *hdr)
{
	u32 n = MLIC_DECRYPT_BATCH_BYTES / le32_to_cpu(hdr->chunk_bytes);

	if (!n)
		n = 1;
	return n > MLIC_DECRYPT_MAX ? MLIC_DECRYPT_MAX : n;
}

/**
 * mlic_content_read_header() - read and check the header of a *.mlc file
 * @fd: the file, open for reading
 * @hdr: receives the header
 * @file_bytes: receives the size of the file
 * @why: set to a one-line reason on failure (NULL if reading failed)
 *
 * Return: 0; the errors of mlic_content_header_check() (-EMEDIUMTYPE,
 * -EOPNOTSUPP, -EINVAL); -ENODATA if the file is shorter than its header
 * says (truncated), -EFBIG if it is longer (trailing bytes); or the error
 * of reading.
 */
int mlic_content_read_header(int fd, struct mlic_content_header *hdr,
			     u64 *file_bytes, const char **why)
{
	struct stat st;
	int ret;

	*why = NULL;
	if (fstat(fd, &st))
		return -errno;
	*file_bytes = st.st_size;
	if (!S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		return -EINVAL;
	}
	memset(hdr, 0, sizeof(*hdr));
	ret = mlic_pread_full(fd, hdr, sizeof(*hdr), 0);
	if (ret && ret != -ENODATA)
		return ret;
	ret = mlic_content_header_check(hdr, why);
	if (ret)
		return ret;
	if (*file_bytes < mlic_content_file_bytes(hdr)) {
		*why = "truncated: the file ends before its last chunk";
		return -ENODATA;
	}
	if (*file_bytes > mlic_content_file_bytes(hdr)) {
		*why = "trailing bytes after the last chunk";
		return -EFBIG;
	}
	return 0;
}
