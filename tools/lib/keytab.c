// SPDX-License-Identifier: GPL-2.0
/*
 * keytab.c - the key table of the licensing side: each content's ID, its
 * AES-256 key and its name (one key encrypts and decrypts, so one table
 * serves both).
 *
 * The format is text, documented in Documentation/keytab.rst: the line
 * "mlic-keytab 1", then one line "CONTENT-ID KEY NAME" per content.  It is
 * parsed strictly: a table that is not exactly right is refused with its
 * line number and never rewritten, so a damaged table is noticed before a
 * key in it is lost.  It is replaced atomically (temporary file, fsync,
 * rename, fsync of the directory) and only ever mode 0600.  Every buffer
 * that held keys is wiped before it is freed.
 */
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libmlic.h"

#define KEYTAB_HEADER		MLIC_KEYTAB_MAGIC " 1\n"
#define KEY_HEX_LEN		(2 * MLIC_KEY_SIZE)
/* "ID KEY NAME\n" */
#define KEYTAB_LINE_MAX		(MLIC_ID_HEX_LEN + 1 + KEY_HEX_LEN + 1 + \
				 MLIC_CONTENT_NAME_MAX + 1)

static bool all_zero(const u8 *p, size_t len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

/**
 * mlic_content_name_check() - whether a content may have this name
 * @name: the name: a file's basename, shown to people, NAME.mlc on media
 * @why: set to the reason on failure
 *
 * A name is 1 to 63 bytes of UTF-8 (it must fit, NUL-terminated, in
 * struct mlic_content_header), not "." or "..", without control
 * characters, '/', '\\' or '"', and without a space at either end.
 *
 * Return: 0 or -EINVAL.
 */
int mlic_content_name_check(const char *name, const char **why)
{
	const u8 *s = (const u8 *)name;
	size_t len = strlen(name), i, n;

	*why = NULL;
	if (!len)
		*why = "the name is empty";
	else if (len > MLIC_CONTENT_NAME_MAX)
		*why = "the name is longer than 63 bytes";
	else if (!strcmp(name, ".") || !strcmp(name, ".."))
		*why = "the name is . or ..";
	else if (s[0] == ' ' || s[len - 1] == ' ')
		*why = "the name begins or ends with a space";
	for (i = 0; !*why && i < len; i += n) {
		n = mlic_utf8_sequence(s + i, len - i);
		if (!n)
			*why = "the name is not valid UTF-8";
		else if (s[i] < 0x20 || s[i] == 0x7f || s[i] == '/' ||
			 s[i] == '\\' || s[i] == '"')
			*why = "the name holds a control character, '/', '\\' "
			       "or '\"'";
	}
	return *why ? -EINVAL : 0;
}

/**
 * mlic_keytab_init() - an empty key table
 * @kt: the table
 */
void mlic_keytab_init(struct mlic_keytab *kt)
{
	memset(kt, 0, sizeof(*kt));
}

/**
 * mlic_keytab_free() - wipe and free a key table
 * @kt: the table; empty afterwards
 */
void mlic_keytab_free(struct mlic_keytab *kt)
{
	if (kt->entries) {
		explicit_bzero(kt->entries, kt->cap * sizeof(*kt->entries));
		free(kt->entries);
	}
	mlic_keytab_init(kt);
}

/* Make room for one more entry, wiping the old array if it moves. */
static int keytab_grow(struct mlic_keytab *kt)
{
	struct mlic_keytab_entry *grown;
	size_t cap;

	if (kt->count < kt->cap)
		return 0;
	cap = kt->cap ? 2 * kt->cap : 16;
	grown = calloc(cap, sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	if (kt->entries) {
		memcpy(grown, kt->entries, kt->count * sizeof(*grown));
		explicit_bzero(kt->entries, kt->cap * sizeof(*grown));
		free(kt->entries);
	}
	kt->entries = grown;
	kt->cap = cap;
	return 0;
}

/**
 * mlic_keytab_find() - the entry of a content by name
 * @kt: the table
 * @name: the name
 *
 * Return: the entry, or NULL.
 */
const struct mlic_keytab_entry *
mlic_keytab_find(const struct mlic_keytab *kt, const char *name)
{
	size_t i;

	for (i = 0; i < kt->count; i++)
		if (!strcmp(kt->entries[i].name, name))
			return &kt->entries[i];
	return NULL;
}

/**
 * mlic_keytab_find_id() - the entry of a content by content ID
 * @kt: the table
 * @id: the content ID
 *
 * Return: the entry, or NULL.
 */
const struct mlic_keytab_entry *
mlic_keytab_find_id(const struct mlic_keytab *kt, const u8 id[MLIC_ID_SIZE])
{
	size_t i;

	for (i = 0; i < kt->count; i++)
		if (!memcmp(kt->entries[i].content_id, id, MLIC_ID_SIZE))
			return &kt->entries[i];
	return NULL;
}

/**
 * mlic_keytab_lookup() - the entry named by what a person typed
 * @kt: the table
 * @name_or_id: a content ID (32 hex digits, dashes and spaces ignored) or
 *	a name; an ID is tried first
 *
 * Return: the entry, or NULL.
 */
const struct mlic_keytab_entry *
mlic_keytab_lookup(const struct mlic_keytab *kt, const char *name_or_id)
{
	const struct mlic_keytab_entry *e = NULL;
	u8 id[MLIC_ID_SIZE];

	if (!mlic_id_parse(name_or_id, id))
		e = mlic_keytab_find_id(kt, id);
	return e ? e : mlic_keytab_find(kt, name_or_id);
}

/**
 * mlic_keytab_append() - add an entry, checking that it may be added
 * @kt: the table
 * @e: the entry (copied)
 * @why: set to the reason for -EINVAL
 *
 * Return: 0, -EINVAL for a bad name, an all-zero ID or key, or an ID or a
 * name the table holds already, or -ENOMEM.
 */
int mlic_keytab_append(struct mlic_keytab *kt,
		       const struct mlic_keytab_entry *e, const char **why)
{
	int ret;

	*why = NULL;
	if (!memchr(e->name, '\0', sizeof(e->name)))
		*why = "the name is longer than 63 bytes";
	else if (mlic_content_name_check(e->name, why))
		;
	else if (all_zero(e->content_id, MLIC_ID_SIZE))
		*why = "the content ID is all zero";
	else if (all_zero(e->key, MLIC_KEY_SIZE))
		*why = "the key is all zero";
	else if (mlic_keytab_find_id(kt, e->content_id))
		*why = "the content ID is in the table already";
	else if (mlic_keytab_find(kt, e->name))
		*why = "the name is in the table already";
	if (*why)
		return -EINVAL;
	ret = keytab_grow(kt);
	if (ret)
		return ret;
	kt->entries[kt->count++] = *e;
	return 0;
}

/**
 * mlic_keytab_add_new() - add a content with a new random ID and key
 * @kt: the table
 * @name: its name, not in the table yet
 * @added: receives the new entry (valid until the table changes)
 *
 * Return: 0, -EINVAL (see mlic_keytab_append()), or the getrandom() error.
 */
int mlic_keytab_add_new(struct mlic_keytab *kt, const char *name,
			const struct mlic_keytab_entry **added)
{
	struct mlic_keytab_entry e = { 0 };
	const char *why;
	int ret;

	if (strlen(name) >= sizeof(e.name))
		return -EINVAL;
	strcpy(e.name, name);
	do {
		ret = mlic_random(e.content_id, MLIC_ID_SIZE) ?:
		      mlic_random(e.key, MLIC_KEY_SIZE);
	} while (!ret && (all_zero(e.content_id, MLIC_ID_SIZE) ||
			  all_zero(e.key, MLIC_KEY_SIZE) ||
			  mlic_keytab_find_id(kt, e.content_id)));
	if (!ret)
		ret = mlic_keytab_append(kt, &e, &why);
	explicit_bzero(&e, sizeof(e));
	if (!ret)
		*added = &kt->entries[kt->count - 1];
	return ret;
}

/* Exactly @len lowercase hex digits at @s, into @out. */
static bool parse_hex(const char *s, size_t len, u8 *out)
{
	size_t i;
	int v;

	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			v = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			v = s[i] - 'a' + 10;
		else
			return false;
		if (i % 2)
			out[i / 2] |= v;
		else
			out[i / 2] = v << 4;
	}
	return true;
}

/* One entry line, without its newline, into @e. */
static const char *parse_line(const char *s, size_t len,
			      struct mlic_keytab_entry *e)
{
	const char *name = s + MLIC_ID_HEX_LEN + 1 + KEY_HEX_LEN + 1;

	if (len < (size_t)(name - s) || s[MLIC_ID_HEX_LEN] != ' ' ||
	    s[MLIC_ID_HEX_LEN + 1 + KEY_HEX_LEN] != ' ')
		return "not \"CONTENT-ID KEY NAME\"";
	if (!parse_hex(s, MLIC_ID_HEX_LEN, e->content_id))
		return "the content ID is not 32 lowercase hex digits";
	if (!parse_hex(s + MLIC_ID_HEX_LEN + 1, KEY_HEX_LEN, e->key))
		return "the key is not 64 lowercase hex digits";
	len -= name - s;
	if (len > MLIC_CONTENT_NAME_MAX)
		return "the name is longer than 63 bytes";
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	if (memchr(e->name, '\0', len))
		return "the line holds a NUL byte";
	return NULL;
}

/* The header line; -EMEDIUMTYPE or -EOPNOTSUPP if it is not ours. */
static int parse_header(const char *buf, size_t len,
			struct mlic_keytab_error *err)
{
	size_t magic = strlen(MLIC_KEYTAB_MAGIC);
	size_t header = strlen(KEYTAB_HEADER);

	if (len >= header && !memcmp(buf, KEYTAB_HEADER, header))
		return 0;
	if (len == header - 1 && !memcmp(buf, KEYTAB_HEADER, len)) {
		err->line = 1;
		err->why = "the last line has no newline: the table is "
			   "truncated";
		return -EINVAL;
	}
	if (len > magic && !memcmp(buf, MLIC_KEYTAB_MAGIC, magic) &&
	    buf[magic] == ' ') {
		err->why = "unsupported key table version (this mlic-master "
			   "reads version 1)";
		return -EOPNOTSUPP;
	}
	err->why = "not an mlic key table (the first line is not \""
		   MLIC_KEYTAB_MAGIC " 1\")";
	return -EMEDIUMTYPE;
}

/**
 * mlic_keytab_parse() - read a key table from its text
 * @kt: an empty table, filled in; emptied again on failure
 * @buf: the text
 * @len: its length
 * @err: set to the line and reason on failure
 *
 * Return: 0, -EMEDIUMTYPE (not a key table), -EOPNOTSUPP (another
 * version), -EINVAL (a malformed line), or -ENOMEM.
 */
int mlic_keytab_parse(struct mlic_keytab *kt, const char *buf, size_t len,
		      struct mlic_keytab_error *err)
{
	struct mlic_keytab_entry e;
	const char *p, *end = buf + len, *nl;
	int ret;

	memset(err, 0, sizeof(*err));
	ret = parse_header(buf, len, err);
	if (ret)
		return ret;
	err->line = 1;
	for (p = buf + strlen(KEYTAB_HEADER); p < end && !ret; p = nl + 1) {
		err->line++;
		nl = memchr(p, '\n', end - p);
		if (!nl) {
			err->why = "the last line has no newline: the table "
				   "is truncated";
			ret = -EINVAL;
			break;
		}
		memset(&e, 0, sizeof(e));
		err->why = parse_line(p, nl - p, &e);
		if (err->why)
			ret = -EINVAL;
		else
			ret = mlic_keytab_append(kt, &e, &err->why);
	}
	explicit_bzero(&e, sizeof(e));
	if (ret) {
		mlic_keytab_free(kt);
		return ret;
	}
	err->line = 0;
	kt->loaded = kt->count;
	return 0;
}

static void put_hex(char *out, const u8 *bytes, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 0xf];
	}
}

/**
 * mlic_keytab_format() - the text of a key table
 * @kt: the table
 * @buf: receives the text (malloc()ed; the caller wipes and frees it)
 * @len: receives its length
 *
 * Return: 0 or -ENOMEM.
 */
int mlic_keytab_format(const struct mlic_keytab *kt, char **buf, size_t *len)
{
	size_t i, n, room = strlen(KEYTAB_HEADER) + kt->count * KEYTAB_LINE_MAX;
	const struct mlic_keytab_entry *e;
	char *p;

	p = malloc(room);
	if (!p)
		return -ENOMEM;
	*buf = p;
	memcpy(p, KEYTAB_HEADER, strlen(KEYTAB_HEADER));
	p += strlen(KEYTAB_HEADER);
	for (i = 0; i < kt->count; i++) {
		e = &kt->entries[i];
		put_hex(p, e->content_id, MLIC_ID_SIZE);
		p += MLIC_ID_HEX_LEN;
		*p++ = ' ';
		put_hex(p, e->key, MLIC_KEY_SIZE);
		p += KEY_HEX_LEN;
		*p++ = ' ';
		n = strlen(e->name);
		memcpy(p, e->name, n);
		p += n;
		*p++ = '\n';
	}
	*len = p - *buf;
	return 0;
}

/* Read the whole of @fd (a regular file of @size bytes) into *@buf. */
static int slurp(int fd, size_t size, char **buf)
{
	size_t got;
	int ret;

	*buf = malloc(size + 1);
	if (!*buf)
		return -ENOMEM;
	ret = mlic_read_full(fd, *buf, size + 1, &got);
	if (!ret && got != size)
		ret = -EAGAIN;	/* it changed size under us */
	if (ret) {
		explicit_bzero(*buf, size + 1);
		free(*buf);
		*buf = NULL;
	}
	return ret;
}

/**
 * mlic_keytab_read() - read a key table file
 * @kt: an empty table, filled in
 * @path: the file
 * @err: set to the reason on failure
 *
 * The file must be a regular file (not a symbolic link: it is replaced on
 * update) that neither group nor others may access.
 *
 * Return: 0, -ENOENT if there is no table, -EPERM if group or others may
 * access it (@err->mode says how), -EFBIG if it is absurdly large, the
 * errors of mlic_keytab_parse(), or the error of open or read (-ELOOP: a
 * symbolic link).
 */
int mlic_keytab_read(struct mlic_keytab *kt, const char *path,
		     struct mlic_keytab_error *err)
{
	struct stat st;
	char *buf;
	int fd, ret;

	memset(err, 0, sizeof(*err));
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ELOOP)
			err->why = "it is a symbolic link; name the table "
				   "itself, it is replaced when it changes";
		return -errno;
	}
	ret = fstat(fd, &st) ? -errno : 0;
	if (!ret && !S_ISREG(st.st_mode)) {
		err->why = "not a regular file";
		ret = -EINVAL;
	} else if (!ret && (st.st_mode & 077)) {
		err->why = "group or others may access the key table";
		err->mode = st.st_mode & 07777;
		ret = -EPERM;
	} else if (!ret && st.st_size > MLIC_KEYTAB_MAX_BYTES) {
		err->why = "the file is too large to be a key table";
		ret = -EFBIG;
	}
	if (!ret)
		ret = slurp(fd, st.st_size, &buf);
	close(fd);
	if (ret)
		return ret;
	ret = mlic_keytab_parse(kt, buf, st.st_size, err);
	explicit_bzero(buf, st.st_size + 1);
	free(buf);
	return ret;
}

/**
 * mlic_keytab_write() - replace a key table file atomically
 * @kt: the table
 * @path: the file (created if missing)
 *
 * The text goes to a temporary file in the same directory, mode 0600,
 * which is synced and renamed over @path; the directory is synced.  A
 * crash leaves the old table or the new one, never a mix.
 *
 * Return: 0 or -errno.
 */
int mlic_keytab_write(const struct mlic_keytab *kt, const char *path)
{
	struct mlic_outfile o;
	size_t len = 0;
	char *buf;
	int ret;

	ret = mlic_keytab_format(kt, &buf, &len);
	if (ret)
		return ret;
	ret = mlic_outfile_open(&o, path, true);
	if (!ret) {
		ret = mlic_write_full(o.fd, buf, len);
		if (ret)
			mlic_outfile_abort(&o);
		else
			ret = mlic_outfile_commit(&o, 0600);
	}
	explicit_bzero(buf, len);
	free(buf);
	return ret;
}

/**
 * mlic_keytab_lock() - keep other mlic-master runs off a key table
 * @path: the table
 * @exclusive: to change it (else to read it)
 * @wait: wait for the lock rather than fail with -EWOULDBLOCK
 * @fd: receives the descriptor that holds the lock; close it to unlock
 *
 * The lock is flock() on the table's directory, since the table file
 * itself is replaced on every update.
 *
 * Return: 0, -EWOULDBLOCK when not waiting and the lock is held, or -errno.
 */
int mlic_keytab_lock(const char *path, bool exclusive, bool wait, int *fd)
{
	char *copy = strdup(path);
	int op = (exclusive ? LOCK_EX : LOCK_SH) | (wait ? 0 : LOCK_NB);
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	*fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (*fd < 0)
		return -errno;
	while (flock(*fd, op)) {
		if (errno == EINTR)
			continue;
		ret = -errno;
		close(*fd);
		*fd = -1;
		break;
	}
	return ret;
}
