// SPDX-License-Identifier: GPL-2.0
/*
 * show.c - mlicctl info: everything about one medium, from MLIC_GET_INFO
 * and sysfs, its licenses in a table through libsmartcols (list.c lists
 * what is attached).
 */
#include <fcntl.h>
#include <inttypes.h>
#include <libsmartcols.h>
#include <stdlib.h>
#include <unistd.h>

#include "mlicctl.h"

/* The members of info -J that describe the medium. */
static void json_medium(struct mlic_json *j, const struct mlic_status *st)
{
	char dev_path[32];

	mlic_dev_path(st->index, dev_path, sizeof(dev_path));
	mlic_json_kv_string(j, "device", dev_path);
	mlic_json_kv_string(j, "backing_file",
			    st->backing_file[0] ? st->backing_file : NULL);
	mlic_json_kv_bool(j, "read_only", st->read_only);
	mlic_json_kv_id(j, "medium_id", st->medium_id);
	mlic_json_kv_string(j, "license_state",
			    mlic_license_state_name(st->license_state));
	mlic_json_kv_u64(j, "user_area_offset", st->user_offset);
	mlic_json_kv_u64(j, "user_area_bytes", st->user_bytes);
	mlic_json_kv_u64(j, "secure_area_offset", st->secure_offset);
	mlic_json_kv_u64(j, "secure_area_bytes", st->secure_bytes);
	mlic_json_kv_u64(j, "slots", st->slot_count);
	mlic_json_kv_u64(j, "slots_used", st->slots_used);
	mlic_json_kv_bool(j, "autoclear", st->autoclear);
	mlic_json_kv_bool(j, "direct_io", st->direct_io);
	mlic_json_kv_u64(j, "format_version", st->format_version);
	mlic_json_kv_u64(j, "generation", st->generation);
	if (st->secure_copies[0][0]) {
		mlic_json_key(j, "secure_copies");
		mlic_json_array_begin(j);
		mlic_json_string(j, st->secure_copies[0]);
		mlic_json_string(j, st->secure_copies[1]);
		mlic_json_array_end(j);
	}
}

static const char *yes_no(bool v)
{
	return v ? "yes" : "no";
}

/**
 * struct licenses - the licenses of a medium, from MLIC_GET_LICENSES
 * @e: the entries, in slot order
 * @n: their number
 */
struct licenses {
	struct mlic_license_entry *e;
	u32 n;
};

/* The names of the rights in @rights, e.g. "decrypt", or "-". */
static void rights_text(u32 rights, char *buf, size_t size)
{
	u32 unknown = rights & ~MLIC_RIGHTS_ALL;

	if (!rights)
		snprintf(buf, size, "-");
	else if (!unknown)
		snprintf(buf, size, "decrypt");
	else
		snprintf(buf, size, "%s0x%x",
			 rights & MLIC_RIGHT_DECRYPT ? "decrypt," : "",
			 unknown);
}

/* The license table of info, through libsmartcols, into @f. */
static int license_table(FILE *f, const struct licenses *l)
{
	static const char *const names[] = {
		"SLOT", "CONTENT-ID", "STATE", "RIGHTS"
	};
	char id[MLIC_ID_HUMAN_LEN + 1], rights[32], slot[16];
	struct libscols_table *tb = scols_new_table();
	struct libscols_line *ln;
	int ret = tb ? 0 : -ENOMEM;
	u32 i, c;

	for (c = 0; !ret && c < ARRAY_SIZE(names); c++)
		if (!scols_table_new_column(tb, names[c], 0,
					    c ? 0 : SCOLS_FL_RIGHT))
			ret = -ENOMEM;
	for (i = 0; !ret && i < l->n; i++) {
		snprintf(slot, sizeof(slot), "%" PRIu32, l->e[i].slot);
		mlic_id_human(l->e[i].content_id, id);
		rights_text(l->e[i].rights, rights, sizeof(rights));
		ln = scols_table_new_line(tb, NULL);
		if (!ln || scols_line_set_data(ln, 0, slot) ||
		    scols_line_set_data(ln, 1, id) ||
		    scols_line_set_data(ln, 2,
					mlic_slot_state_name(l->e[i].state)) ||
		    scols_line_set_data(ln, 3, rights))
			ret = -ENOMEM;
	}
	if (!ret)
		ret = scols_table_set_stream(tb, f) ?: scols_print_table(tb);
	scols_unref_table(tb);
	return ret;
}

/* "licenses:" and the table, indented by two blanks. */
static int licenses_text(const struct licenses *l)
{
	char *buf = NULL, *line, *save;
	size_t len = 0;
	FILE *f;
	int ret;

	if (!l->n) {
		printf("licenses:        none\n");
		return 0;
	}
	f = open_memstream(&buf, &len);
	if (!f)
		return -ENOMEM;
	ret = license_table(f, l);
	if (fclose(f) && !ret)
		ret = -ENOMEM;
	printf("licenses:\n");
	for (line = strtok_r(buf, "\n", &save); !ret && line;
	     line = strtok_r(NULL, "\n", &save))
		printf("  %s\n", line);
	free(buf);
	return ret;
}

static int info_text(const struct mlic_status *st, const u8 *apparatus_id,
		     const struct licenses *l)
{
	char dev_path[32], id[MLIC_ID_HUMAN_LEN + 1];

	mlic_dev_path(st->index, dev_path, sizeof(dev_path));
	mlic_id_human(st->medium_id, id);
	printf("device:          %s\n", dev_path);
	printf("backing file:    %s\n",
	       st->backing_file[0] ? mlic_cli_safe(st->backing_file) :
	       "(unknown)");
	printf("read-only:       %s\n", yes_no(st->read_only));
	printf("medium ID:       %s\n", id);
	if (apparatus_id) {
		mlic_id_human(apparatus_id, id);
		printf("apparatus ID:    %s\n", id);
	} else {
		printf("apparatus ID:    (none)\n");
	}
	printf("license state:   %s\n",
	       mlic_license_state_name(st->license_state));
	printf("license slots:   %" PRIu32 " used of %" PRIu32 "\n",
	       st->slots_used, st->slot_count);
	printf("secure area:     offset %" PRIu64 ", %" PRIu64
	       " bytes (2 copies), generation %" PRIu64 "\n",
	       st->secure_offset, st->secure_bytes, st->generation);
	if (st->secure_copies[0][0])
		printf("secure copies:   A %s, B %s\n", st->secure_copies[0],
		       st->secure_copies[1]);
	printf("user area:       offset %" PRIu64 ", %" PRIu64 " bytes\n",
	       st->user_offset, st->user_bytes);
	printf("format version:  %" PRIu32 "\n", st->format_version);
	printf("autoclear:       %s\n", yes_no(st->autoclear));
	printf("direct I/O:      %s\n", yes_no(st->direct_io));
	return licenses_text(l);
}

static void licenses_json(struct mlic_json *j, const struct licenses *l)
{
	u32 i;

	mlic_json_key(j, "licenses");
	mlic_json_array_begin(j);
	for (i = 0; i < l->n; i++) {
		mlic_json_object_begin(j);
		mlic_json_kv_u64(j, "slot", l->e[i].slot);
		mlic_json_kv_id(j, "content_id", l->e[i].content_id);
		mlic_json_kv_string(j, "state",
				    mlic_slot_state_name(l->e[i].state));
		mlic_json_key(j, "rights");
		mlic_json_array_begin(j);
		if (l->e[i].rights & MLIC_RIGHT_DECRYPT)
			mlic_json_string(j, "decrypt");
		mlic_json_array_end(j);
		mlic_json_object_end(j);
	}
	mlic_json_array_end(j);
}

static int info_json(const struct mlic_status *st, const u8 *apparatus_id,
		     const struct licenses *l)
{
	struct mlic_json j;

	mlic_json_init(&j, stdout);
	mlic_json_object_begin(&j);
	json_medium(&j, st);
	mlic_json_kv_id(&j, "apparatus_id", apparatus_id);
	licenses_json(&j, l);
	mlic_json_object_end(&j);
	return mlic_json_finish(&j) ? MLIC_EXIT_FAIL : MLIC_EXIT_OK;
}

/* What the driver says about the medium: MLIC_GET_INFO and its licenses. */
static int query_device(const struct mlic_verb *verb, int dev,
			const char *dev_path, struct mlic_status *st,
			struct licenses *l)
{
	struct mlic_info info;
	int ret;

	ret = mlic_dev_get_info(dev, &info);
	if (!ret)
		ret = mlic_dev_get_licenses(dev, &l->e, &l->n);
	if (ret) {
		mlic_cli_errno(verb->name, dev_path, ret, MLIC_ERR_DEVICE);
		return ret;
	}
	mlic_status_from_info(st, &info);
	return 0;
}

/* What sysfs adds: the backing file, the state of the secure copies. */
static void query_sysfs(const struct mlic_verb *verb, u32 index,
			const char *dev_path, struct mlic_status *st)
{
	int ret;

	ret = mlic_sysfs_read(index, "backing_file", st->backing_file,
			      sizeof(st->backing_file));
	if (ret) {
		st->backing_file[0] = '\0';
		mlic_cli_warn(verb->name, dev_path, "cannot read backing_file "
			      "from sysfs: %s", strerror(-ret));
	}
	ret = mlic_sysfs_secure_copies(index, st);
	if (ret)
		mlic_cli_warn(verb->name, dev_path, "cannot read secure_copies "
			      "from sysfs: %s", strerror(-ret));
}

int cmd_info(const struct mlic_verb *verb, int argc, char **argv)
{
	u8 apparatus[MLIC_ID_SIZE], *apparatus_id = NULL;
	struct mlic_status st = { 0 };
	struct licenses l = { 0 };
	char dev_path[32];
	int dev, ret;
	bool json;
	u32 index;

	ret = json_opts(verb, argc, argv, &json);
	if (ret < 0)
		ret = open_dev_operand(verb, argc, argv, &index, dev_path,
				       sizeof(dev_path), &dev);
	if (ret >= 0)
		return ret;
	ret = query_device(verb, dev, dev_path, &st, &l);
	close(dev);
	if (ret)
		return MLIC_EXIT_FAIL;
	query_sysfs(verb, index, dev_path, &st);
	ret = mlic_apparatus_id(apparatus);
	if (!ret)
		apparatus_id = apparatus;
	else if (ret != -ENODATA)
		mlic_cli_warn(verb->name, dev_path, "cannot read the "
			      "apparatus_id module parameter: %s",
			      strerror(-ret));

	if (json)
		ret = info_json(&st, apparatus_id, &l);
	else
		ret = info_text(&st, apparatus_id, &l);
	free(l.e);
	return ret ? MLIC_EXIT_FAIL : MLIC_EXIT_OK;
}
