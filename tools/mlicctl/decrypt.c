// SPDX-License-Identifier: GPL-2.0
/*
 * decrypt.c - mlicctl decrypt: a content (*.mlc) through the kernel, whose
 * key never leaves it.
 *
 * The header is checked with the format code and the file's size against
 * it before anything is decrypted.  Without DEV, the medium is the one the
 * file lives on (its st_dev, through /sys/dev/block).  The chunks go to
 * MLIC_DECRYPT in batches of about 4 MiB; the driver hands back only
 * plaintext whose tag verified.  When a batch fails to authenticate it is
 * decrypted again chunk by chunk, to name the first bad chunk.  With -o the
 * plaintext goes to a temporary file that takes OUT's name only once all
 * of it verified, so a failed decrypt leaves nothing; else to stdout.
 * Decrypting needs read access to the medium, not root.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mlicctl.h"

/**
 * struct decryption - one content being decrypted
 * @verb: the verb, for messages
 * @file: the content's file
 * @dev_path: the medium's device
 * @out_name: where the plaintext goes, for messages
 * @in: @file, open for reading
 * @dev: @dev_path, open for reading
 * @out: where the plaintext goes
 * @hdr: the content's header
 * @chunks: its number of chunks
 * @batch: chunks per MLIC_DECRYPT call
 * @in_buf: room for @batch chunks as stored
 * @out_buf: room for their plaintext (wiped at the end)
 * @out_room: its size
 */
struct decryption {
	const char *verb;
	const char *file;
	char dev_path[32];
	const char *out_name;
	int in;
	int dev;
	int out;
	struct mlic_content_header hdr;
	u64 chunks;
	u32 batch;
	u8 *in_buf;
	u8 *out_buf;
	size_t out_room;
};

/* Read and check the header; the file's size must match it. */
static int check_file(struct decryption *x)
{
	const char *why;
	u64 size;
	int ret;

	ret = mlic_content_read_header(x->in, &x->hdr, &size, &why);
	if (ret == -ENODATA || ret == -EFBIG) {
		mlic_cli_error(x->verb, x->file, "%s: %" PRIu64 " bytes where "
			       "the header says %" PRIu64, ret == -ENODATA ?
			       "truncated" : "trailing bytes", size,
			       mlic_content_file_bytes(&x->hdr));
	} else if (ret && why) {
		mlic_cli_error(x->verb, x->file, "%s", why);
		if (ret == -EOPNOTSUPP)
			mlic_cli_hint("it may come from a newer mlic-master");
	} else if (ret) {
		mlic_cli_errno(x->verb, x->file, ret, MLIC_ERR_FILE);
	}
	return ret;
}

/* No DEV given: the medium that holds the file. */
static int find_device(struct decryption *x, u32 *index)
{
	char name[64] = "";
	struct stat st;
	int ret;

	if (fstat(x->in, &st))
		return -errno;
	ret = mlic_sysfs_devno_index(st.st_dev, index, name, sizeof(name));
	if (ret == -ENODEV)
		mlic_cli_error(x->verb, x->file, "not on an mlic medium (it "
			       "is on %s)", name);
	else if (ret == -ENOENT)
		mlic_cli_error(x->verb, x->file, "not on an mlic medium (its "
			       "file system has no block device)");
	else if (ret)
		mlic_cli_errno(x->verb, x->file, ret, MLIC_ERR_FILE);
	if (ret == -ENODEV || ret == -ENOENT)
		mlic_cli_hint("name the medium: mlicctl decrypt DEV %s",
			      x->file);
	return ret;
}

static int open_device(const struct mlic_verb *verb, struct decryption *x,
		       const char *dev)
{
	u32 index;
	int ret;

	if (dev)
		return open_dev(verb, dev, &index, x->dev_path,
				sizeof(x->dev_path), &x->dev);
	if (find_device(x, &index))
		return MLIC_EXIT_FAIL;
	mlic_dev_path(index, x->dev_path, sizeof(x->dev_path));
	x->dev = mlic_dev_open(index, O_RDONLY);
	if (x->dev < 0) {
		ret = x->dev;
		mlic_cli_errno(x->verb, x->dev_path, ret, MLIC_ERR_DEVICE);
		if (ret == -EACCES)
			mlic_cli_hint("decrypting needs read access to the "
				      "medium's device");
		return MLIC_EXIT_FAIL;
	}
	return -1;
}

/* Plaintext and stored bytes of chunks @first .. @first + @nr - 1. */
static void span(const struct decryption *x, u64 first, u32 nr,
		 u64 *in_bytes, u64 *out_bytes)
{
	u32 chunk = le32_to_cpu(x->hdr.chunk_bytes);

	*out_bytes = (u64)(nr - 1) * chunk +
		     mlic_content_chunk_plain(&x->hdr, first + nr - 1);
	*in_bytes = *out_bytes + (u64)nr * MLIC_TAG_SIZE;
}

/* No license here for the content: name the content and the medium. */
static void explain_no_license(const struct decryption *x)
{
	char cid[MLIC_ID_HUMAN_LEN + 1], mid[MLIC_ID_HUMAN_LEN + 1];
	struct mlic_info info;

	mlic_id_human(x->hdr.content_id, cid);
	if (mlic_dev_get_info(x->dev, &info)) {
		mlic_cli_error(x->verb, x->file, "no license for content %s "
			       "on %s", cid, x->dev_path);
	} else {
		mlic_id_human(info.medium_id, mid);
		mlic_cli_error(x->verb, x->file, "no license for content %s "
			       "on medium %s", cid, mid);
	}
	mlic_cli_hint("%s", mlic_advice(MLIC_ERR_DECRYPT, EACCES));
}

/* Report a refused MLIC_DECRYPT (but -EBADMSG, see retry_chunks()). */
static void decrypt_failed(const struct decryption *x, int err)
{
	bool about_file = err == -EKEYREJECTED || err == -EOPNOTSUPP ||
			  err == -EINVAL;

	if (err == -EACCES)
		explain_no_license(x);
	else
		mlic_cli_errno(x->verb, about_file ? x->file : x->dev_path, err,
			       MLIC_ERR_DECRYPT);
}

static int write_out(const struct decryption *x, u64 bytes)
{
	int ret = mlic_write_full(x->out, x->out_buf, bytes);

	if (ret)
		mlic_cli_errno(x->verb, x->out_name, ret, MLIC_ERR_FILE);
	return ret;
}

/*
 * A batch failed to authenticate: decrypt it chunk by chunk, writing what
 * verifies, to find the first chunk that does not.
 */
static int retry_chunks(const struct decryption *x, u64 first, u32 nr)
{
	u32 chunk = le32_to_cpu(x->hdr.chunk_bytes), i;
	u64 in_bytes, out_bytes;
	int ret = 0;

	for (i = 0; i < nr && !ret; i++) {
		span(x, first + i, 1, &in_bytes, &out_bytes);
		ret = mlic_dev_decrypt(x->dev, &x->hdr, first + i, 1,
				       x->in_buf + (size_t)i *
				       (chunk + MLIC_TAG_SIZE), in_bytes,
				       x->out_buf, &out_bytes);
		if (!ret)
			ret = write_out(x, out_bytes);
		else if (ret == -EBADMSG)
			mlic_cli_error(x->verb, x->file, "chunk %" PRIu64 " fails "
				       "authentication: altered, reordered or "
				       "not this content", first + i);
		else
			decrypt_failed(x, ret);
	}
	if (!ret) {
		mlic_cli_error(x->verb, x->file, "chunks %" PRIu64 "-%" PRIu64
			       " failed to authenticate together, not one "
			       "by one", first, first + nr - 1);
		ret = -EBADMSG;
	}
	return ret;
}

/* Decrypt chunks @first .. @first + @nr - 1 and write their plaintext. */
static int decrypt_batch(const struct decryption *x, u64 first, u32 nr)
{
	u64 in_bytes, out_bytes;
	int ret;

	span(x, first, nr, &in_bytes, &out_bytes);
	ret = mlic_pread_full(x->in, x->in_buf, in_bytes,
			      mlic_content_chunk_offset(&x->hdr, first));
	if (ret) {
		if (ret == -ENODATA)
			mlic_cli_error(x->verb, x->file, "truncated while it "
				       "was read");
		else
			mlic_cli_errno(x->verb, x->file, ret, MLIC_ERR_FILE);
		return ret;
	}
	out_bytes = x->out_room;
	ret = mlic_dev_decrypt(x->dev, &x->hdr, first, nr, x->in_buf,
			       in_bytes, x->out_buf, &out_bytes);
	if (ret == -EBADMSG)
		return retry_chunks(x, first, nr);
	if (ret) {
		decrypt_failed(x, ret);
		return ret;
	}
	return write_out(x, out_bytes);
}

static int decrypt_all(struct decryption *x)
{
	u32 chunk = le32_to_cpu(x->hdr.chunk_bytes);
	u64 first, nr, plain = le64_to_cpu(x->hdr.plain_bytes), done;
	char label[MLIC_CONTENT_NAME_SIZE * 4 + 16];
	char name[MLIC_CONTENT_NAME_SIZE + 1] = "";
	struct mlic_progress prog;
	int ret = 0;

	/* A progress line on stderr, unless the plaintext goes there too. */
	memcpy(name, x->hdr.name, MLIC_CONTENT_NAME_SIZE);
	snprintf(label, sizeof(label), "decrypting %s", mlic_cli_safe(name));
	mlic_progress_begin(&prog, label, plain);
	if (x->out == STDOUT_FILENO && isatty(STDOUT_FILENO))
		prog.enabled = false;

	x->chunks = mlic_content_chunks(&x->hdr);
	x->batch = mlic_content_batch_chunks(&x->hdr);
	x->out_room = (size_t)x->batch * chunk;
	x->in_buf = malloc((size_t)x->batch * (chunk + MLIC_TAG_SIZE));
	x->out_buf = malloc(x->out_room);
	if (!x->in_buf || !x->out_buf) {
		mlic_cli_errno(x->verb, x->file, -ENOMEM, MLIC_ERR_FILE);
		ret = -ENOMEM;
	}
	for (first = 0; !ret && first < x->chunks; first += nr) {
		nr = x->chunks - first < x->batch ? x->chunks - first :
						    x->batch;
		ret = decrypt_batch(x, first, nr);
		done = (first + nr) * chunk;
		mlic_progress_update(&prog, done < plain ? done : plain);
		if (!ret && mlic_interrupted) {
			mlic_cli_error(x->verb, x->file, "interrupted by signal "
				       "%d", (int)mlic_interrupted);
			ret = -EINTR;
		}
	}
	mlic_progress_end(&prog);
	if (x->out_buf)
		explicit_bzero(x->out_buf, x->out_room);
	free(x->out_buf);
	free(x->in_buf);
	return ret;
}

/* Decrypt into OUT (all or nothing) or to stdout. */
static int decrypt_to(struct decryption *x, const char *out)
{
	struct mlic_outfile o;
	int ret;

	if (!out) {
		x->out = STDOUT_FILENO;
		x->out_name = "stdout";
		return decrypt_all(x);
	}
	ret = mlic_outfile_open(&o, out, false);
	if (ret) {
		mlic_cli_errno(x->verb, out, ret, MLIC_ERR_FILE);
		return ret;
	}
	mlic_cli_catch_signals();
	x->out = o.fd;
	x->out_name = out;
	ret = decrypt_all(x);
	if (ret) {
		mlic_outfile_abort(&o);
		return ret;
	}
	ret = mlic_outfile_commit(&o, mlic_umask_mode(0666));
	if (ret)
		mlic_cli_errno(x->verb, out, ret, MLIC_ERR_FILE);
	return ret;
}

/* OUT must not exist (checked again, atomically, when it is made). */
static int check_output(const struct decryption *x, const char *out)
{
	struct stat st;

	if (!out || lstat(out, &st))
		return 0;
	mlic_cli_errno(x->verb, out, -EEXIST, MLIC_ERR_FILE);
	return -EEXIST;
}

/* -o, the only option. */
static int take_option(const struct mlic_verb *verb, int c, char *arg,
		       void *ctx)
{
	(void)verb;
	(void)c;
	*(const char **)ctx = arg;
	return -1;
}

static int parse_args(const struct mlic_verb *verb, int argc, char **argv,
		      const char **dev, const char **file, const char **out)
{
	int ret;

	ret = mlic_cli_options(verb, argc, argv, take_option, out);
	if (ret >= 0)
		return ret;
	if (argc - optind > 2)
		return mlic_cli_usage(verb, "too many arguments");
	if (argc - optind < 1)
		return mlic_cli_usage(verb, "no FILE.mlc given");
	*dev = argc - optind == 2 ? argv[optind] : NULL;
	*file = argv[argc - 1];
	if (mlic_cli_is_stdio(*file))
		return mlic_cli_no_stdio(verb, "FILE.mlc", "it is read chunk "
					 "by chunk, and its medium is the one "
					 "that holds it");
	if (mlic_cli_is_stdio(*out))
		*out = NULL;	/* stdout, as without -o */
	return -1;
}

int cmd_decrypt(const struct mlic_verb *verb, int argc, char **argv)
{
	struct decryption x = { .verb = verb->name, .dev = -1 };
	const char *dev = NULL, *out = NULL;
	int ret;

	ret = parse_args(verb, argc, argv, &dev, &x.file, &out);
	if (ret >= 0)
		return ret;
	x.in = open(x.file, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (x.in < 0) {
		mlic_cli_errno(x.verb, x.file, -errno, MLIC_ERR_FILE);
		return MLIC_EXIT_FAIL;
	}
	ret = check_file(&x) || check_output(&x, out) ? MLIC_EXIT_FAIL :
	      open_device(verb, &x, dev);
	if (ret < 0)
		ret = decrypt_to(&x, out) ? MLIC_EXIT_FAIL : MLIC_EXIT_OK;
	if (x.dev >= 0)
		close(x.dev);
	close(x.in);
	return ret;
}
