// SPDX-License-Identifier: GPL-2.0
/*
 * apparatus.c - mlicctl apparatus-id: this drive's apparatus ID,
 * the one a backup made with --bind-apparatus is bound to.  Like every
 * query, it succeeds when it could ask, whatever the answer: a drive
 * without an ID prints "none" (null in JSON) and exits 0.
 *
 * The ID in effect is in /sys/module/mlic/parameters/apparatus_id, which
 * anyone may read (empty: none); MLIC_CTL_APPARATUS says besides whether
 * it was configured or derived from the DMI system UUID, when the control
 * device may be opened.
 */
#include <unistd.h>

#include "mlicctl.h"

#define NO_APPARATUS_HINT "load mlic with the module parameter " \
	"apparatus_id=(32 hex digits), e.g. in /etc/modprobe.d/mlic.conf; " \
	"without it the driver derives one from the DMI system UUID, where " \
	"the firmware gives one"

/**
 * struct apparatus - what is known of this drive's apparatus ID
 * @id: the ID
 * @known: the drive has one
 * @source: "parameter" or "dmi", or NULL when not known
 */
struct apparatus {
	u8 id[MLIC_ID_SIZE];
	bool known;
	const char *source;
};

static int query(const char *verb, struct apparatus *a)
{
	struct mlic_apparatus app;
	int ret;

	ret = mlic_apparatus_id(a->id);
	if (ret == -ENOENT) {
		mlic_cli_error(verb, NULL, "the mlic module is not loaded");
		mlic_cli_hint("try 'modprobe mlic'");
		return ret;
	}
	if (ret && ret != -ENODATA) {
		mlic_cli_errno(verb, "/sys/module/mlic/parameters/apparatus_id",
			       ret, MLIC_ERR_FILE);
		return ret;
	}
	a->known = !ret;
	/* The driver's own answer, with its source, where it may be asked. */
	if (!mlic_apparatus_query(&app)) {
		a->known = app.flags & MLIC_APPARATUS_KNOWN;
		memcpy(a->id, app.id, MLIC_ID_SIZE);
		if (a->known)
			a->source = app.flags & MLIC_APPARATUS_FROM_DMI ?
				    "dmi" : "parameter";
	}
	return 0;
}

static void print_text(const struct apparatus *a)
{
	char id[MLIC_ID_HUMAN_LEN + 1];
	const char *source = "unknown (" MLIC_CONTROL_PATH " cannot be opened)";

	if (!a->known) {
		printf("apparatus ID:  none\n");
		return;
	}
	mlic_id_human(a->id, id);
	if (a->source && !strcmp(a->source, "dmi"))
		source = "derived from the DMI system UUID";
	else if (a->source)
		source = "the apparatus_id module parameter";
	printf("apparatus ID:  %s\n", id);
	printf("source:        %s\n", source);
}

static int print_json(const struct apparatus *a)
{
	struct mlic_json j;

	mlic_json_init(&j, stdout);
	mlic_json_object_begin(&j);
	mlic_json_kv_id(&j, "apparatus_id", a->known ? a->id : NULL);
	mlic_json_kv_string(&j, "source", a->known ? a->source : NULL);
	mlic_json_object_end(&j);
	return mlic_json_finish(&j);
}

int cmd_apparatus_id(const struct mlic_verb *verb, int argc, char **argv)
{
	struct apparatus a = { 0 };
	bool json;
	int ret;

	ret = json_opts(verb, argc, argv, &json);
	if (ret < 0)
		ret = mlic_cli_operands(verb, argc, 0, NULL);
	if (ret >= 0)
		return ret;
	if (query(verb->name, &a))
		return MLIC_EXIT_FAIL;
	/* No ID is an answer, not a failure: the same with -J or without. */
	if (json && print_json(&a))
		return MLIC_EXIT_FAIL;
	if (!json)
		print_text(&a);
	if (!a.known && !json)
		mlic_cli_hint("backups cannot be bound to this apparatus; %s",
			      NO_APPARATUS_HINT);
	return MLIC_EXIT_OK;
}
