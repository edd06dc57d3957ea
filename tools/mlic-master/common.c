// SPDX-License-Identifier: GPL-2.0
/*
 * common.c - what the verbs of mlic-master share: reading the system key,
 * opening the key table under its lock and saying what is wrong with it,
 * naming contents, and reporting errors of the kernel crypto API.
 */
#include <libgen.h>
#include <stdlib.h>
#include <unistd.h>

#include "mlic-master.h"

/**
 * take_medium_id() - the argument of --medium-id
 * @verb: the verb, for messages
 * @arg: 32 hex digits, dashes and spaces ignored
 * @id: receives the medium ID
 *
 * Return: -1 if it is one, else 2 after saying why not.
 */
int take_medium_id(const struct mlic_verb *verb, const char *arg,
		   u8 id[MLIC_ID_SIZE])
{
	if (mlic_id_parse(arg, id))
		return mlic_cli_usage(verb, "invalid medium ID '%s' (32 hex "
				      "digits)", arg);
	if (mlic_id_is_zero(id))
		return mlic_cli_usage(verb, "the medium ID must not be all "
				      "zero");
	return -1;
}

/**
 * read_system_key() - read the system key file, warn if others can read it
 * @verb: the verb, for messages
 * @path: the key file, or "-" for stdin
 * @key: receives the key; the caller wipes it
 *
 * Return: 0, or -errno after saying what is wrong.
 */
int read_system_key(const char *verb, const char *path,
		    u8 key[MLIC_KEY_SIZE])
{
	const char *why;
	mode_t mode = 0;
	int ret;

	if (mlic_cli_is_stdio(path)) {
		ret = mlic_cli_stdio_ok(verb, STDIN_FILENO, "a system key");
		path = "stdin";
		if (!ret)
			ret = mlic_key_read_fd(STDIN_FILENO, key, &why);
	} else {
		ret = mlic_key_read(path, key, &mode, &why);
	}
	if (ret == -ENOTTY)
		return ret;
	if (ret && why) {
		mlic_cli_error(verb, path, "%s", why);
		return ret;
	}
	if (ret) {
		mlic_cli_errno(verb, path, ret, MLIC_ERR_FILE);
		return ret;
	}
	if (mode & 077)
		mlic_cli_warn(verb, path, "the system key is accessible to "
			      "group or others (mode %04o); chmod 0400 it",
			      (unsigned int)mode);
	return 0;
}

/* Take the key table's lock, saying so when another run holds it. */
static int lock_keytab(const char *verb, const char *path, bool exclusive,
		       int *lock)
{
	int ret;

	ret = mlic_keytab_lock(path, exclusive, false, lock);
	if (ret == -EWOULDBLOCK) {
		mlic_cli_warn(verb, path, "another mlic-master is using the "
			      "key table; waiting for it");
		ret = mlic_keytab_lock(path, exclusive, true, lock);
	}
	if (ret)
		mlic_cli_errno(verb, path, ret, MLIC_ERR_FILE);
	return ret;
}

/* Say why the key table cannot be used. */
static void keytab_refused(const char *verb, const char *path, int err,
			   const struct mlic_keytab_error *e)
{
	if (err == -EPERM) {
		mlic_cli_error(verb, path, "%s (mode %04o)", e->why,
			       (unsigned int)e->mode);
		mlic_cli_hint("it holds every content key: chmod 0600 it");
		return;
	}
	if (!e->why) {
		mlic_cli_errno(verb, path, err, MLIC_ERR_FILE);
		return;
	}
	if (e->line)
		mlic_cli_error(verb, path, "line %u: %s", e->line, e->why);
	else
		mlic_cli_error(verb, path, "%s", e->why);
	if (e->line || err == -EMEDIUMTYPE || err == -EOPNOTSUPP)
		mlic_cli_hint("a key table that cannot be read is never "
			      "rewritten; fix it or restore a copy");
}

/**
 * take_keytab() - the argument of --keytab, never "-"
 * @verb: the verb, for messages
 * @arg: the argument
 * @path: receives it
 *
 * Return: -1 if it names a file, else 2 after saying why not.
 */
int take_keytab(const struct mlic_verb *verb, const char *arg,
		const char **path)
{
	if (mlic_cli_is_stdio(arg))
		return mlic_cli_no_stdio(verb, "--keytab", "the key table is "
					 "locked and replaced in place");
	*path = arg;
	return -1;
}

/**
 * keytab_open() - lock and read the key table
 * @verb: the verb, for messages
 * @path: the table
 * @exclusive: the verb may add contents (else it only reads)
 * @kt: receives the table (empty if there is none and @exclusive)
 * @lock: receives the lock; keytab_close() releases both
 *
 * A missing table is an empty one for a verb that may add contents, and
 * an error for one that only reads.
 *
 * Return: 0, or -errno after saying what is wrong.
 */
int keytab_open(const char *verb, const char *path, bool exclusive,
		struct mlic_keytab *kt, int *lock)
{
	struct mlic_keytab_error e;
	int ret;

	mlic_keytab_init(kt);
	ret = lock_keytab(verb, path, exclusive, lock);
	if (ret)
		return ret;
	ret = mlic_keytab_read(kt, path, &e);
	if (ret == -ENOENT && exclusive)
		return 0;
	if (ret) {
		keytab_refused(verb, path, ret, &e);
		close(*lock);
		*lock = -1;
	}
	return ret;
}

/**
 * keytab_close() - wipe the table in memory and release its lock
 * @kt: the table
 * @lock: the lock from keytab_open(), or -1
 */
void keytab_close(struct mlic_keytab *kt, int lock)
{
	mlic_keytab_free(kt);
	if (lock >= 0)
		close(lock);
}

/**
 * keytab_save() - write the table back if contents were added
 * @verb: the verb, for messages
 * @path: the table
 * @kt: the table
 *
 * Return: 0, or -errno after saying what is wrong.
 */
int keytab_save(const char *verb, const char *path,
		const struct mlic_keytab *kt)
{
	int ret;

	if (kt->count == kt->loaded)
		return 0;
	ret = mlic_keytab_write(kt, path);
	if (ret)
		mlic_cli_errno(verb, path, ret, MLIC_ERR_FILE);
	return ret;
}

/**
 * content_entry() - the key table entry of a content, new if need be
 * @verb: the verb, for messages
 * @kt: the table
 * @name: the content's name
 * @e: receives the entry (valid until the table changes)
 *
 * Return: 0, or -errno after saying what is wrong.
 */
int content_entry(const char *verb, struct mlic_keytab *kt, const char *name,
		  const struct mlic_keytab_entry **e)
{
	int ret;

	*e = mlic_keytab_find(kt, name);
	if (*e)
		return 0;
	ret = mlic_keytab_add_new(kt, name, e);
	if (ret)
		mlic_cli_errno(verb, name, ret, MLIC_ERR_FILE);
	return ret;
}

/**
 * content_name() - the name of a content: the basename of its file
 * @verb: the verb, for messages
 * @path: the content's file
 * @name: receives the name
 *
 * Return: 0, or -EINVAL after saying why the name cannot be a content's.
 */
int content_name(const char *verb, const char *path,
		 char name[MLIC_CONTENT_NAME_SIZE])
{
	const char *base = strrchr(path, '/'), *why;

	base = base ? base + 1 : path;
	if (mlic_content_name_check(base, &why)) {
		mlic_cli_error(verb, path, "cannot be a content's name: %s",
			       why);
		return -EINVAL;
	}
	strcpy(name, base);
	return 0;
}

/**
 * crypto_failed() - report an error of the kernel crypto API
 * @verb: the verb
 * @object: what it was working on
 * @err: the negative errno
 */
void crypto_failed(const char *verb, const char *object, int err)
{
	if (mlic_reason(MLIC_ERR_CRYPTO, err))
		object = "AF_ALG";
	mlic_cli_errno(verb, object, err, MLIC_ERR_CRYPTO);
}
