// SPDX-License-Identifier: GPL-2.0
/*
 * encrypt.c - mlic-master encrypt: one content into a *.mlc file, with its
 * key from the key table (a content not in it yet gets a new ID and key,
 * added once the file is complete).  encrypt_content() is also how create
 * encrypts the contents of a medium.
 *
 * The plaintext is read a chunk at a time into a buffer laid out as the
 * kernel crypto API wants it (associated data, plaintext, room for the
 * tag), encrypted there in place and written out; the buffer is wiped at
 * the end.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mlic-master.h"

#define CHUNK_BUF_BYTES	(MLIC_CONTENT_AD_BYTES + MLIC_CHUNK_DEFAULT + \
			 MLIC_TAG_SIZE)

/**
 * struct encryption - one content being encrypted
 * @verb: the verb, for messages
 * @src: the content's file, for messages
 * @dst: the output's name, for messages
 * @in: the content, open for reading
 * @out: the output, open for writing at its start
 * @hdr: the output's header
 * @aead: the content key's transform
 * @buf: where one chunk is encrypted
 */
struct encryption {
	const char *verb;
	const char *src;
	const char *dst;
	int in;
	int out;
	struct mlic_content_header hdr;
	struct mlic_aead *aead;
	u8 *buf;
};

/* Encrypt and write chunk @i. */
static int encrypt_chunk(struct encryption *x, u64 i)
{
	u32 len = mlic_content_chunk_plain(&x->hdr, i);
	u8 *text = x->buf + MLIC_CONTENT_AD_BYTES;
	u64 off = i * le32_to_cpu(x->hdr.chunk_bytes);
	int ret;

	ret = mlic_pread_full(x->in, text, len, off);
	if (ret == -ENODATA) {
		mlic_cli_error(x->verb, x->src, "it became shorter while it "
			       "was read");
		return ret;
	}
	if (ret) {
		mlic_cli_errno(x->verb, x->src, ret, MLIC_ERR_FILE);
		return ret;
	}
	ret = mlic_chunk_crypt(x->aead, true, &x->hdr, i, x->buf, len);
	if (ret) {
		crypto_failed(x->verb, x->src, ret);
		return ret;
	}
	ret = mlic_write_full(x->out, text, len + MLIC_TAG_SIZE);
	if (ret)
		mlic_cli_errno(x->verb, x->dst, ret, MLIC_ERR_FILE);
	return ret;
}

/* All the chunks, with a progress line on a terminal. */
static int encrypt_chunks(struct encryption *x)
{
	u64 i, chunks = mlic_content_chunks(&x->hdr), done = 0;
	struct mlic_progress prog;
	char label[MLIC_CONTENT_NAME_SIZE + 16];
	u8 extra;
	int ret = 0;

	snprintf(label, sizeof(label), "encrypting %s", x->hdr.name);
	mlic_progress_begin(&prog, label, le64_to_cpu(x->hdr.plain_bytes));
	for (i = 0; i < chunks && !ret; i++) {
		ret = encrypt_chunk(x, i);
		done += mlic_content_chunk_plain(&x->hdr, i);
		mlic_progress_update(&prog, done);
		if (!ret && mlic_interrupted) {
			mlic_cli_error(x->verb, x->src, "interrupted by signal "
				       "%d", (int)mlic_interrupted);
			ret = -EINTR;
		}
	}
	mlic_progress_end(&prog);
	if (!ret && mlic_pread_full(x->in, &extra, 1, done) != -ENODATA) {
		mlic_cli_error(x->verb, x->src, "it became longer while it "
			       "was read");
		ret = -EAGAIN;
	}
	return ret;
}

/**
 * encrypt_content() - encrypt a content into a *.mlc file
 * @verb: the verb, for messages
 * @src: the content's file, for messages
 * @in: the content, open for reading
 * @plain_bytes: its size
 * @e: its key table entry (content ID, key, name)
 * @dst: the output's name, for messages
 * @out: the output, empty and open for writing
 *
 * Return: 0, or -errno after saying what is wrong.
 */
int encrypt_content(const char *verb, const char *src, int in,
		    u64 plain_bytes, const struct mlic_keytab_entry *e,
		    const char *dst, int out)
{
	struct encryption x = {
		.verb = verb, .src = src, .dst = dst, .in = in, .out = out,
	};
	u8 nonce[8];
	int ret;

	ret = mlic_random(nonce, sizeof(nonce));
	if (ret) {
		mlic_cli_errno(verb, "getrandom", ret, MLIC_ERR_FILE);
		return ret;
	}
	mlic_content_header_init(&x.hdr, e->content_id, plain_bytes,
				 MLIC_CHUNK_DEFAULT, nonce, e->name);
	ret = mlic_aead_new(&x.aead, e->key);
	if (ret) {
		crypto_failed(verb, src, ret);
		return ret;
	}
	x.buf = malloc(CHUNK_BUF_BYTES);
	ret = x.buf ? mlic_write_full(out, &x.hdr, sizeof(x.hdr)) : -ENOMEM;
	if (ret)
		mlic_cli_errno(verb, dst, ret, MLIC_ERR_FILE);
	else
		ret = encrypt_chunks(&x);
	if (x.buf) {
		explicit_bzero(x.buf, CHUNK_BUF_BYTES);
		free(x.buf);
	}
	mlic_aead_free(x.aead);
	return ret;
}

/**
 * open_content() - open a content file and learn its size
 * @verb: the verb, for messages
 * @path: the file
 * @bytes: receives its size
 *
 * Return: the file descriptor, or -errno after saying what is wrong.
 */
int open_content(const char *verb, const char *path, u64 *bytes)
{
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		fd = -errno;
		mlic_cli_errno(verb, path, fd, MLIC_ERR_FILE);
		return fd;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		mlic_cli_error(verb, path, "not a regular file");
		close(fd);
		return -EINVAL;
	}
	*bytes = st.st_size;
	return fd;
}

struct encrypt_args {
	const char *keytab;
	const char *content;
	const char *out;
};

/* --keytab, the only option. */
static int take_option(const struct mlic_verb *verb, int c, char *arg,
		       void *ctx)
{
	(void)c;
	return take_keytab(verb, arg, &((struct encrypt_args *)ctx)->keytab);
}

static int parse_args(const struct mlic_verb *verb, int argc, char **argv,
		      struct encrypt_args *a)
{
	int ret;

	ret = mlic_cli_options(verb, argc, argv, take_option, a);
	if (ret >= 0)
		return ret;
	if (!a->keytab)
		return mlic_cli_usage(verb, "--keytab is required");
	if (argc - optind == 1)
		return mlic_cli_usage(verb, "no OUT.mlc given");
	ret = mlic_cli_operands(verb, argc, 2, "CONTENT");
	if (ret >= 0)
		return ret;
	if (mlic_cli_is_stdio(argv[optind]))
		return mlic_cli_no_stdio(verb, "CONTENT", "its name and size "
					 "go into the header first");
	a->content = argv[optind];
	a->out = argv[optind + 1];
	return -1;
}

static void report(FILE *f, const struct encrypt_args *a,
		   const struct mlic_keytab_entry *e, bool is_new, u64 bytes)
{
	char id[MLIC_ID_HUMAN_LEN + 1];

	mlic_id_human(e->content_id, id);
	fprintf(f, "content:     %s\n", mlic_cli_safe(e->name));
	fprintf(f, "content ID:  %s\n", id);
	fprintf(f, "key:         %s\n", is_new ? "new, added to the key table" :
		"from the key table");
	fprintf(f, "output:      %s, %" PRIu64 " bytes\n",
		mlic_cli_is_stdio(a->out) ? "stdout" : mlic_cli_safe(a->out),
		mlic_content_encrypted_bytes(bytes, MLIC_CHUNK_DEFAULT));
}

/*
 * OUT.mlc is "-": to stdout, which cannot be taken back, so the key table
 * is saved first; the report goes to stderr.
 */
static int encrypt_to_stdout(const char *verb, const struct encrypt_args *a,
			     int in, u64 bytes, struct mlic_keytab *kt,
			     const struct mlic_keytab_entry *e, bool is_new)
{
	int ret;

	ret = mlic_cli_stdio_ok(verb, STDOUT_FILENO, "an encrypted content");
	if (!ret)
		ret = keytab_save(verb, a->keytab, kt);
	if (!ret)
		ret = encrypt_content(verb, a->content, in, bytes, e, "stdout",
				      STDOUT_FILENO);
	if (!ret)
		report(stderr, a, e, is_new, bytes);
	return ret;
}

/* Encrypt into @a->out and add the content to the table if it is new. */
static int encrypt_to(const char *verb, const struct encrypt_args *a,
		      const char *name, int in, u64 bytes,
		      struct mlic_keytab *kt)
{
	const struct mlic_keytab_entry *e;
	struct mlic_outfile o;
	bool is_new;
	int ret;

	ret = content_entry(verb, kt, name, &e);
	if (ret)
		return ret;
	is_new = kt->count > kt->loaded;
	if (mlic_cli_is_stdio(a->out))
		return encrypt_to_stdout(verb, a, in, bytes, kt, e, is_new);
	ret = mlic_outfile_open(&o, a->out, false);
	if (ret) {
		mlic_cli_errno(verb, a->out, ret, MLIC_ERR_FILE);
		return ret;
	}
	ret = encrypt_content(verb, a->content, in, bytes, e, a->out, o.fd);
	if (ret) {
		mlic_outfile_abort(&o);
		return ret;
	}
	ret = mlic_outfile_commit(&o, mlic_umask_mode(0666));
	if (ret) {
		mlic_cli_errno(verb, a->out, ret, MLIC_ERR_FILE);
		return ret;
	}
	/* Without its key in the table, the output could never be used. */
	ret = keytab_save(verb, a->keytab, kt);
	if (ret) {
		unlink(a->out);
		return ret;
	}
	report(stdout, a, e, is_new, bytes);
	return 0;
}

int cmd_encrypt(const struct mlic_verb *verb, int argc, char **argv)
{
	struct encrypt_args a = { 0 };
	char name[MLIC_CONTENT_NAME_SIZE];
	struct mlic_keytab kt;
	int in, lock, ret;
	u64 bytes;

	ret = parse_args(verb, argc, argv, &a);
	if (ret >= 0)
		return ret;
	if (content_name(verb->name, a.content, name))
		return MLIC_EXIT_FAIL;
	in = open_content(verb->name, a.content, &bytes);
	if (in < 0)
		return MLIC_EXIT_FAIL;
	mlic_cli_catch_signals();
	ret = keytab_open(verb->name, a.keytab, true, &kt, &lock);
	if (!ret) {
		ret = encrypt_to(verb->name, &a, name, in, bytes, &kt);
		keytab_close(&kt, lock);
	}
	close(in);
	return ret ? MLIC_EXIT_FAIL : MLIC_EXIT_OK;
}
