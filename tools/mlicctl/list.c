// SPDX-License-Identifier: GPL-2.0
/*
 * list.c - mlicctl list: one line (or JSON object) per attached medium,
 * through libsmartcols, with losetup --list's options and output rules:
 * -o/--output COLS (or +COLS to add to the default ones), --output-all,
 * -n/--noheadings, -r/--raw, -J/--json with typed values, --list-columns.
 *
 * Each column reads only the sysfs attribute it shows.  A value that the
 * driver does not publish is shown as missing (empty; null in JSON); one
 * that cannot be read or makes no sense is missing too, with a warning
 * that names the attribute, and the exit status is 1.  A row is never
 * dropped but for a device with no medium (or one that went away).
 * libsmartcols escapes what a name may hold (\x0a) outside JSON.
 */
#include <inttypes.h>
#include <libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <unistd.h>

#include "mlicctl.h"

/* How a column's value is read from its attribute and typed in JSON. */
enum col_kind {
	KIND_DEVICE,	/* /dev/mlicN: no attribute */
	KIND_ID,	/* an ID, 32 hex digits */
	KIND_TEXT,	/* a name, shown as it is */
	KIND_STATE,	/* a license state */
	KIND_COPIES,	/* the states of both secure copies */
	KIND_BOOL,	/* 0 or 1 */
	KIND_NUMBER,	/* a decimal number */
};

/**
 * struct column - one column of the listing
 * @name: its name, as -o takes it; lowercased, its JSON key
 * @attr: the attribute of /sys/block/mlicN/mlic/ it shows, or NULL
 * @kind: how its value is read and typed
 * @shown: among the default columns
 * @help: what it is, for --list-columns
 */
struct column {
	const char *name;
	const char *attr;
	enum col_kind kind;
	bool shown;
	const char *help;
};

static const struct column columns[] = {
	{ "DEVICE", NULL, KIND_DEVICE, true, "device node" },
	{ "MEDIUM_ID", "medium_id", KIND_ID, true, "medium ID" },
	{ "LICENSE_STATE", "license_state", KIND_STATE, true,
	  "licenses: ok, repaired, damaged or empty" },
	{ "READ_ONLY", "read_only", KIND_BOOL, true, "attached read-only" },
	{ "BACKING_FILE", "backing_file", KIND_TEXT, true,
	  "image file or block device" },
	{ "AUTOCLEAR", "autoclear", KIND_BOOL, false,
	  "detached on last close" },
	{ "DIRECT_IO", "direct_io", KIND_BOOL, false,
	  "image accessed with direct I/O" },
	{ "SLOTS", "slots", KIND_NUMBER, false, "license slots" },
	{ "SLOTS_USED", "slots_used", KIND_NUMBER, false,
	  "license slots in use" },
	{ "USER_AREA_OFFSET", "user_area_offset", KIND_NUMBER, false,
	  "user area offset in the image, bytes" },
	{ "USER_AREA_BYTES", "user_area_bytes", KIND_NUMBER, false,
	  "user area size, bytes" },
	{ "SECURE_AREA_OFFSET", "secure_area_offset", KIND_NUMBER, false,
	  "secure area offset in the image, bytes" },
	{ "SECURE_AREA_BYTES", "secure_area_bytes", KIND_NUMBER, false,
	  "secure area size (both copies), bytes" },
	{ "SECURE_COPIES", "secure_copies", KIND_COPIES, false,
	  "state of secure copies A and B" },
	{ "FORMAT_VERSION", "format_version", KIND_NUMBER, false,
	  "medium format version" },
	{ "GENERATION", "generation", KIND_NUMBER, false,
	  "generation of the secure copy in use" },
};

/**
 * struct listing - what list was asked for
 * @cols: the columns to show, as indexes into columns[]
 * @ncols: their number
 * @json: -J
 * @raw: -r
 * @noheadings: -n
 * @all: --output-all
 * @list_columns: --list-columns
 * @output: -o COLS, or NULL
 * @status: the exit status so far
 */
struct listing {
	size_t cols[ARRAY_SIZE(columns)];
	size_t ncols;
	bool json;
	bool raw;
	bool noheadings;
	bool all;
	bool list_columns;
	const char *output;
	int status;
};

static int take_option(const struct mlic_verb *verb, int c, char *arg,
		       void *ctx)
{
	struct listing *ls = ctx;

	(void)verb;
	switch (c) {
	case 'J':
		ls->json = true;
		break;
	case 'r':
		ls->raw = true;
		break;
	case 'n':
		ls->noheadings = true;
		break;
	case 'o':
		ls->output = arg;
		break;
	case OPT_OUTPUT_ALL:
		ls->all = true;
		break;
	case OPT_LIST_COLUMNS:
		ls->list_columns = true;
		break;
	}
	return -1;
}

/* Add the column @name (of @len bytes) to the listing. */
static int add_column(const struct mlic_verb *verb, struct listing *ls,
		      const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(columns); i++) {
		if (strlen(columns[i].name) == len &&
		    !strncasecmp(columns[i].name, name, len))
			break;
	}
	if (i == ARRAY_SIZE(columns))
		return mlic_cli_usage(verb, "unknown column '%.*s' (see "
				      "'mlicctl list --list-columns')",
				      (int)len, name);
	if (ls->ncols == ARRAY_SIZE(columns))
		return mlic_cli_usage(verb, "too many columns");
	ls->cols[ls->ncols++] = i;
	return -1;
}

/* The columns: the default ones, all, or -o's list ("+LIST" adds). */
static int choose_columns(const struct mlic_verb *verb, struct listing *ls)
{
	const char *s = ls->output;
	size_t i, len;
	int ret;

	for (i = 0; i < ARRAY_SIZE(columns); i++)
		if (ls->all || (columns[i].shown && (!s || *s == '+')))
			ls->cols[ls->ncols++] = i;
	if (!s || ls->all)
		return -1;
	if (*s == '+')
		s++;
	for (;;) {
		len = strcspn(s, ",");
		if (!len)
			return mlic_cli_usage(verb, "empty column name in '%s'",
					      ls->output);
		ret = add_column(verb, ls, s, len);
		if (ret >= 0)
			return ret;
		if (!s[len])
			return -1;
		s += len + 1;
	}
}

static int parse_args(const struct mlic_verb *verb, int argc, char **argv,
		      struct listing *ls)
{
	int ret;

	ret = mlic_cli_options(verb, argc, argv, take_option, ls);
	if (ret < 0)
		ret = mlic_cli_operands(verb, argc, 0, NULL);
	if (ret < 0 && ls->all && ls->output)
		ret = mlic_cli_usage(verb, "--output-all and -o exclude each "
				     "other");
	if (ret < 0 && !ls->list_columns)
		ret = choose_columns(verb, ls);
	return ret;
}

/* A table with the output rules asked for. */
static struct libscols_table *new_table(const struct listing *ls,
					const char *name)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		return NULL;
	scols_table_set_name(tb, name);
	scols_table_enable_json(tb, ls->json);
	scols_table_enable_raw(tb, ls->raw);
	scols_table_enable_noheadings(tb, ls->noheadings);
	return tb;
}

static int json_type(enum col_kind kind)
{
	if (kind == KIND_BOOL)
		return SCOLS_JSON_BOOLEAN_OPTIONAL;	/* missing: null */
	if (kind == KIND_NUMBER)
		return SCOLS_JSON_NUMBER;
	return SCOLS_JSON_STRING;
}

/* --list-columns: the columns, with their type and what they show. */
static int list_columns(const struct listing *ls)
{
	static const char *const types[] = {
		[KIND_DEVICE] = "string", [KIND_ID] = "string",
		[KIND_TEXT] = "string", [KIND_STATE] = "string",
		[KIND_COPIES] = "string", [KIND_BOOL] = "boolean",
		[KIND_NUMBER] = "number",
	};
	struct libscols_table *tb = new_table(ls, "columns");
	struct libscols_line *ln;
	int ret = -ENOMEM;
	size_t i;

	if (tb && scols_table_new_column(tb, "NAME", 0, 0) &&
	    scols_table_new_column(tb, "TYPE", 0, 0) &&
	    scols_table_new_column(tb, "DESCRIPTION", 0, 0))
		ret = 0;
	for (i = 0; !ret && i < ARRAY_SIZE(columns); i++) {
		ln = scols_table_new_line(tb, NULL);
		if (!ln || scols_line_set_data(ln, 0, columns[i].name) ||
		    scols_line_set_data(ln, 1, types[columns[i].kind]) ||
		    scols_line_set_data(ln, 2, columns[i].help))
			ret = -ENOMEM;
	}
	if (!ret)
		ret = scols_print_table(tb);
	scols_unref_table(tb);
	return ret ? MLIC_EXIT_FAIL : MLIC_EXIT_OK;
}

/* Whether @s names a license state, or two secure copies' states. */
static bool value_ok(enum col_kind kind, const char *s)
{
	char a[16], b[16], end;
	u8 id[MLIC_ID_SIZE];
	u32 state;
	u64 v;

	switch (kind) {
	case KIND_ID:
		return strlen(s) == MLIC_ID_HEX_LEN && !mlic_id_parse(s, id);
	case KIND_STATE:
		return !mlic_license_state_parse(s, &state);
	case KIND_COPIES:
		return sscanf(s, "%15s %15s %c", a, b, &end) == 2;
	case KIND_BOOL:
		return !strcmp(s, "0") || !strcmp(s, "1");
	case KIND_NUMBER:
		return *s >= '0' && *s <= '9' &&
		       sscanf(s, "%" SCNu64 "%c", &v, &end) == 1;
	default:
		return true;
	}
}

/*
 * The value of column @c for medium @index into @buf; "" when missing.
 * Return: 0, -ENXIO if the medium went away, or another -errno after a
 * warning (the value is then missing).
 */
static int column_value(const struct mlic_verb *verb, u32 index,
			const struct column *c, char *buf, size_t size)
{
	char dev_path[32];
	int ret;

	buf[0] = '\0';
	if (c->kind == KIND_DEVICE) {
		mlic_dev_path(index, buf, size);
		return 0;
	}
	ret = mlic_sysfs_read(index, c->attr, buf, size);
	if (!ret && !value_ok(c->kind, buf))
		ret = -EINVAL;
	if (!ret && c->kind == KIND_COPIES)
		buf[strcspn(buf, " ")] = ',';
	if (ret)
		buf[0] = '\0';
	/* Not published by this driver: missing, and nothing to say. */
	if (!ret || ret == -ENOENT || ret == -ENXIO)
		return ret == -ENXIO ? ret : 0;
	mlic_dev_path(index, dev_path, sizeof(dev_path));
	mlic_cli_warn(verb->name, dev_path, "cannot read %s from sysfs: %s",
		      c->attr, ret == -EINVAL ? "not a valid value" :
		      strerror(-ret));
	return ret;
}

/* One row for medium @index, if it has one attached. */
static int add_row(const struct mlic_verb *verb, struct listing *ls,
		   struct libscols_table *tb, u32 index)
{
	struct libscols_line *ln = NULL;
	char buf[4096];
	size_t i;
	int ret;

	/* Nothing attached, or the device went away meanwhile. */
	ret = mlic_sysfs_read(index, "medium_id", buf, sizeof(buf));
	if (ret == -ENXIO || (ret == -ENOENT && !mlic_sysfs_exists(index)))
		return 0;
	ln = scols_table_new_line(tb, NULL);
	if (!ln)
		return -ENOMEM;
	for (i = 0; i < ls->ncols; i++) {
		ret = column_value(verb, index, &columns[ls->cols[i]], buf,
				   sizeof(buf));
		if (ret && ret != -ENXIO)
			ls->status = MLIC_EXIT_FAIL;
		if (buf[0] && scols_line_set_data(ln, i, buf))
			return -ENOMEM;
	}
	return 0;
}

static int print_media(const struct mlic_verb *verb, struct listing *ls)
{
	struct libscols_table *tb = new_table(ls, "media");
	struct libscols_column *cl;
	const struct column *c;
	size_t i, count = 0;
	u32 *indexes = NULL;
	int ret = tb ? 0 : -ENOMEM;

	for (i = 0; !ret && i < ls->ncols; i++) {
		c = &columns[ls->cols[i]];
		cl = scols_table_new_column(tb, c->name, 0,
					    c->kind == KIND_NUMBER ||
					    c->kind == KIND_BOOL ?
					    SCOLS_FL_RIGHT : 0);
		if (!cl || scols_column_set_json_type(cl, json_type(c->kind)))
			ret = -ENOMEM;
	}
	if (!ret) {
		ret = mlic_sysfs_list(&indexes, &count);
		if (ret) {
			mlic_cli_errno(verb->name, "/sys/block", ret,
				       MLIC_ERR_FILE);
			scols_unref_table(tb);
			return MLIC_EXIT_FAIL;
		}
	}
	for (i = 0; !ret && i < count; i++)
		ret = add_row(verb, ls, tb, indexes[i]);
	free(indexes);
	if (!ret && (ls->json || scols_table_get_nlines(tb)))
		ret = scols_print_table(tb);
	scols_unref_table(tb);
	if (ret) {
		mlic_cli_errno(verb->name, NULL, ret < 0 ? ret : -EIO,
			       MLIC_ERR_FILE);
		return MLIC_EXIT_FAIL;
	}
	return ls->status;
}

int cmd_list(const struct mlic_verb *verb, int argc, char **argv)
{
	struct listing ls = { .status = MLIC_EXIT_OK };
	int ret;

	ret = parse_args(verb, argc, argv, &ls);
	if (ret >= 0)
		return ret;
	if (ls.list_columns)
		return list_columns(&ls);
	return print_media(verb, &ls);
}
