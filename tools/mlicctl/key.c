// SPDX-License-Identifier: GPL-2.0
/*
 * key.c - mlicctl key load|unload|status: the system key in the kernel.
 *
 * load reads exactly 32 bytes from a file or stdin (never the command
 * line), adds them to the process keyring as the logon key "mlic:system",
 * hands its serial to MLIC_CTL_KEY_LOAD, and invalidates the logon key at
 * once: the driver keeps its own copy and never gives it back.  The bytes
 * are wiped on every path.  status shows whether a key is loaded and its
 * non-secret fingerprint.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mlicctl.h"

/* Open the control device, saying why not. */
static int open_control(const char *verb)
{
	int ctl = mlic_ctl_open();

	if (ctl < 0)
		mlic_cli_errno(verb, MLIC_CONTROL_PATH, ctl, MLIC_ERR_CONTROL);
	return ctl;
}

/* Read the key from @path ("-": stdin), warning if others can read it. */
static int read_key(const char *verb, const char *path,
		    u8 key[MLIC_KEY_SIZE])
{
	const char *why;
	mode_t mode = 0;
	int ret;

	if (strcmp(path, "-")) {
		ret = mlic_key_read(path, key, &mode, &why);
	} else if (isatty(STDIN_FILENO)) {
		mlic_cli_error(verb, "stdin", "will not read a key from a "
			       "terminal");
		mlic_cli_hint("give the key file, or pipe it in");
		return -EINVAL;
	} else {
		path = "stdin";
		ret = mlic_key_read_fd(STDIN_FILENO, key, &why);
	}
	if (ret && why)
		mlic_cli_error(verb, path, "%s", why);
	else if (ret)
		mlic_cli_errno(verb, path, ret, MLIC_ERR_FILE);
	else if (mode & 077)
		mlic_cli_warn(verb, path, "the system key is accessible to "
			      "group or others (mode %04o); chmod 0400 it",
			      (unsigned int)mode);
	return ret;
}

/* Say which key is loaded when another one is refused. */
static void explain_exists(const char *verb, int ctl)
{
	char fpr[MLIC_ID_HUMAN_LEN + 1];
	struct mlic_key_status st;

	if (mlic_ctl_key_status(ctl, &st) || !(st.flags & MLIC_KEY_LOADED)) {
		mlic_cli_errno(verb, NULL, -EEXIST, MLIC_ERR_KEY);
		return;
	}
	mlic_id_human(st.fingerprint, fpr);
	mlic_cli_error(verb, NULL, "another system key is loaded "
		       "(fingerprint %s)", fpr);
	mlic_cli_hint("%s", mlic_advice(MLIC_ERR_KEY, EEXIST));
}

/* Hand the key to the driver through a logon key that lives briefly. */
static int load_key(const char *verb, int ctl, const u8 key[MLIC_KEY_SIZE])
{
	s32 serial;
	int ret, err;

	serial = mlic_logon_key_add(MLIC_SYSTEM_KEY_DESC, key, MLIC_KEY_SIZE);
	if (serial < 0) {
		mlic_cli_errno(verb, "add_key", serial, MLIC_ERR_KEY);
		return serial;
	}
	ret = mlic_ctl_key_load(ctl, serial);
	err = mlic_logon_key_forget(serial);
	if (err)
		mlic_cli_warn(verb, NULL, "cannot invalidate the logon key "
			      "%d: %s", serial, strerror(-err));
	if (ret == -EEXIST)
		explain_exists(verb, ctl);
	else if (ret == -ENOKEY || ret == -EKEYREVOKED)
		mlic_cli_error(verb, NULL, "the driver cannot find the logon "
			       "key %d in this process's keyrings", serial);
	else if (ret)
		mlic_cli_errno(verb, MLIC_CONTROL_PATH, ret, MLIC_ERR_KEY);
	return ret;
}

int cmd_key_load(const struct mlic_verb *verb, int argc, char **argv)
{
	u8 key[MLIC_KEY_SIZE];
	int ctl, ret;

	ret = mlic_cli_only_help(verb, argc, argv);
	if (ret < 0)
		ret = mlic_cli_operands(verb, argc, 1, "FILE");
	if (ret >= 0)
		return ret;
	ret = read_key(verb->name, argv[optind], key);
	if (!ret) {
		ctl = open_control(verb->name);
		ret = ctl < 0 ? ctl : load_key(verb->name, ctl, key);
		if (ctl >= 0)
			close(ctl);
	}
	explicit_bzero(key, sizeof(key));
	return ret ? MLIC_EXIT_FAIL : MLIC_EXIT_OK;
}

int cmd_key_unload(const struct mlic_verb *verb, int argc, char **argv)
{
	int ctl, ret;

	ret = mlic_cli_only_help(verb, argc, argv);
	if (ret < 0)
		ret = mlic_cli_operands(verb, argc, 0, NULL);
	if (ret >= 0)
		return ret;
	ctl = open_control(verb->name);
	if (ctl < 0)
		return MLIC_EXIT_FAIL;
	ret = mlic_ctl_key_unload(ctl);
	close(ctl);
	if (ret) {
		mlic_cli_errno(verb->name, NULL, ret, MLIC_ERR_KEY);
		return MLIC_EXIT_FAIL;
	}
	return MLIC_EXIT_OK;
}

static int print_status(const struct mlic_key_status *st, bool json)
{
	char fpr[MLIC_ID_HUMAN_LEN + 1];
	bool loaded = st->flags & MLIC_KEY_LOADED;
	struct mlic_json j;

	if (json) {
		mlic_json_init(&j, stdout);
		mlic_json_object_begin(&j);
		mlic_json_kv_bool(&j, "loaded", loaded);
		mlic_json_kv_id(&j, "fingerprint",
				loaded ? st->fingerprint : NULL);
		mlic_json_object_end(&j);
		return mlic_json_finish(&j) ? MLIC_EXIT_FAIL : MLIC_EXIT_OK;
	}
	printf("loaded:       %s\n", loaded ? "yes" : "no");
	if (loaded) {
		mlic_id_human(st->fingerprint, fpr);
		printf("fingerprint:  %s\n", fpr);
	}
	return MLIC_EXIT_OK;
}

int cmd_key_status(const struct mlic_verb *verb, int argc, char **argv)
{
	struct mlic_key_status st;
	int ctl, ret;
	bool json;

	ret = json_opts(verb, argc, argv, &json);
	if (ret < 0)
		ret = mlic_cli_operands(verb, argc, 0, NULL);
	if (ret >= 0)
		return ret;
	ctl = open_control(verb->name);
	if (ctl < 0)
		return MLIC_EXIT_FAIL;
	ret = mlic_ctl_key_status(ctl, &st);
	close(ctl);
	if (ret) {
		mlic_cli_errno(verb->name, MLIC_CONTROL_PATH, ret,
			       MLIC_ERR_KEY);
		return MLIC_EXIT_FAIL;
	}
	return print_status(&st, json);
}
