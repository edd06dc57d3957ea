// SPDX-License-Identifier: GPL-2.0
/*
 * issue.c - mlic-master issue: a license for one content bound to one
 * medium ID, for delivery outside the medium (a license bought later):
 * the content key from the key table, sealed under the license-transport
 * key that only the system key and that medium ID yield.  The driver of
 * that medium alone can open it (mlicctl install-license).
 */
#include <unistd.h>

#include "mlic-master.h"

struct issue_args {
	const char *system_key;
	const char *keytab;
	const char *content;
	const char *out;
	u8 medium_id[MLIC_ID_SIZE];
	bool have_id;
};

static int take_option(const struct mlic_verb *verb, int c, char *arg,
		       void *ctx)
{
	struct issue_args *a = ctx;
	switch (c) {
	case OPT_SYSTEM_KEY:
		a->system_key = arg;
		break;
	case OPT_KEYTAB:
		return take_keytab(verb, arg, &a->keytab);
	case OPT_CONTENT:
		a->content = arg;
		break;
	case 'o':
		a->out = arg;
		break;
	case OPT_MEDIUM_ID:
		a->have_id = true;
		return take_medium_id(verb, arg, a->medium_id);
	}
	return -1;
}

static int parse_args(const struct mlic_verb *verb, int argc, char **argv,
		      struct issue_args *a)
{
	int ret;

	ret = mlic_cli_options(verb, argc, argv, take_option, a);
	if (ret >= 0)
		return ret;
	if (!a->system_key)
		return mlic_cli_usage(verb, "--system-key is required");
	if (!a->keytab)
		return mlic_cli_usage(verb, "--keytab is required");
	if (!a->have_id)
		return mlic_cli_usage(verb, "--medium-id is required");
	if (!a->content)
		return mlic_cli_usage(verb, "--content is required");
	if (!a->out)
		return mlic_cli_usage(verb, "-o LICENSE.mll is required");
	if (mlic_cli_is_stdio(a->out) &&
	    mlic_cli_stdio_ok(verb->name, STDOUT_FILENO, "a license"))
		return MLIC_EXIT_FAIL;
	ret = mlic_cli_operands(verb, argc, 0, NULL);
	return ret >= 0 ? ret : -1;
}

/* Seal the license of @e for the medium. */
static int seal(const char *verb, const struct issue_args *a,
		const u8 system_key[MLIC_KEY_SIZE],
		const struct mlic_keytab_entry *e,
		struct mlic_issued_license *lic)
{
	struct mlic_license_plain plain;
	u8 nonce[MLIC_NONCE_SIZE];
	struct mlic_aead *ltk;
	int ret;

	ret = mlic_random(nonce, sizeof(nonce));
	if (ret) {
		mlic_cli_errno(verb, "getrandom", ret, MLIC_ERR_FILE);
		return ret;
	}
	ret = mlic_aead_new_medium(&ltk, system_key, a->medium_id,
				   MLIC_HKDF_LICENSE_SEND);
	if (ret) {
		crypto_failed(verb, a->out, ret);
		return ret;
	}
	mlic_license_plain_init(&plain, e->key);
	ret = mlic_issued_seal(ltk, a->medium_id, e->content_id, &plain,
			       nonce, lic);
	explicit_bzero(&plain, sizeof(plain));
	mlic_aead_free(ltk);
	if (ret)
		crypto_failed(verb, a->out, ret);
	return ret;
}

static int write_license(const char *verb, const char *path,
			 const struct mlic_issued_license *lic)
{
	struct mlic_outfile o;
	int ret;

	if (mlic_cli_is_stdio(path)) {
		ret = mlic_write_full(STDOUT_FILENO, lic, sizeof(*lic));
		if (ret)
			mlic_cli_errno(verb, "stdout", ret, MLIC_ERR_FILE);
		return ret;
	}
	ret = mlic_outfile_open(&o, path, false);
	if (!ret) {
		ret = mlic_write_full(o.fd, lic, sizeof(*lic));
		if (ret)
			mlic_outfile_abort(&o);
		else
			ret = mlic_outfile_commit(&o, mlic_umask_mode(0666));
	}
	if (ret)
		mlic_cli_errno(verb, path, ret, MLIC_ERR_FILE);
	return ret;
}

static int issue(const char *verb, const struct issue_args *a,
		 const u8 system_key[MLIC_KEY_SIZE])
{
	char cid[MLIC_ID_HUMAN_LEN + 1], mid[MLIC_ID_HUMAN_LEN + 1];
	const struct mlic_keytab_entry *e;
	struct mlic_issued_license lic;
	struct mlic_keytab kt;
	int lock, ret;

	ret = keytab_open(verb, a->keytab, false, &kt, &lock);
	if (ret)
		return ret;
	e = mlic_keytab_lookup(&kt, a->content);
	if (!e) {
		mlic_cli_error(verb, a->keytab, "no content '%s' in the key "
			       "table", a->content);
		ret = -ENOENT;
	}
	if (!ret)
		ret = seal(verb, a, system_key, e, &lic);
	if (!ret)
		ret = write_license(verb, a->out, &lic);
	if (!ret) {
		mlic_id_human(e->content_id, cid);
		mlic_id_human(a->medium_id, mid);
		/* With the license on stdout, what it is goes to stderr. */
		fprintf(mlic_cli_is_stdio(a->out) ? stderr : stdout,
			"%s: license for %s (content ID %s) on medium %s\n",
			mlic_cli_is_stdio(a->out) ? "stdout" :
			mlic_cli_safe(a->out), mlic_cli_safe(e->name), cid, mid);
	}
	keytab_close(&kt, lock);
	return ret;
}

int cmd_issue(const struct mlic_verb *verb, int argc, char **argv)
{
	struct issue_args a = { 0 };
	u8 key[MLIC_KEY_SIZE];
	int ret;

	ret = parse_args(verb, argc, argv, &a);
	if (ret >= 0)
		return ret;
	ret = read_system_key(verb->name, a.system_key, key);
	if (!ret)
		ret = issue(verb->name, &a, key);
	explicit_bzero(key, sizeof(key));
	return ret ? MLIC_EXIT_FAIL : MLIC_EXIT_OK;
}
