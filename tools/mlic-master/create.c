// SPDX-License-Identifier: GPL-2.0
/*
 * create.c - mlic-master create: a new medium image, blank or with
 * contents.
 *
 * Everything that can be refused is refused before the image is created:
 * the options, the contents (names, duplicates, more than the slots), the
 * system key, the key table, whether the encrypted contents fit the user
 * area (a probe in the staging directory says), and the kernel crypto API.
 * Then each content is encrypted
 * with its key from the key table (a new content gets a new ID and key)
 * into a private staging directory, and the image is made (medium.c):
 * created O_EXCL at its full size, its first area, both secure copies with
 * one license per content in slots 0..n-1, an ext4 user area holding
 * NAME.mlc for each content, all read back and checked.  Only then is the
 * key table updated, atomically.  Whatever fails, and an interrupt,
 * removes the partial image and the staging directory, and leaves the key
 * table as it was: a medium exists complete or not at all.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "medium.h"

/* Take one option of create; -1 when taken, else the exit status. */
static int take_option(const struct mlic_verb *verb, int c, char *arg,
		       void *ctx)
{
	struct create_args *a = ctx;
	switch (c) {
	case OPT_SYSTEM_KEY:
		a->system_key = arg;
		break;
	case OPT_KEYTAB:
		return take_keytab(verb, arg, &a->keytab);
	case OPT_SIZE:
		a->size_arg = arg;
		if (mlic_size_parse(arg, &a->size))
			return mlic_cli_usage(verb, "invalid size '%s' (bytes, "
					      "or e.g. 64M, 1.5GiB)", arg);
		break;
	case OPT_MEDIUM_ID:
		a->have_id = true;
		return take_medium_id(verb, arg, a->medium_id);
	case OPT_SLOTS:
		if (mlic_u32_parse(arg, MLIC_SLOTS_MIN, MLIC_SLOTS_MAX,
				   &a->slots))
			return mlic_cli_usage(verb, "invalid slot count '%s' "
					      "(%u to %u)", arg, MLIC_SLOTS_MIN,
					      MLIC_SLOTS_MAX);
		break;
	case 'J':
		a->json = true;
		break;
	}
	return -1;
}

/* The options and operands after them; -1 when all is well. */
static int check_args(const struct mlic_verb *verb, int argc, char **argv,
		      struct create_args *a)
{
	const char *argv_image = optind < argc ? argv[optind] : NULL;
	int i;
	u64 min;

	if (!a->system_key)
		return mlic_cli_usage(verb, "--system-key is required");
	if (!a->keytab)
		return mlic_cli_usage(verb, "--keytab is required");
	if (!a->size_arg)
		return mlic_cli_usage(verb, "--size is required");
	if (argc - optind < 1)
		return mlic_cli_usage(verb, "no IMAGE given");
	if (mlic_cli_is_stdio(argv_image))
		return mlic_cli_no_stdio(verb, "IMAGE", "it is created in "
					 "place, at its full size");
	for (i = optind + 1; i < argc; i++)
		if (mlic_cli_is_stdio(argv[i]))
			return mlic_cli_no_stdio(verb, "a CONTENT", "its name "
						 "and size are needed first");
	if ((u64)(argc - optind - 1) > a->slots)
		return mlic_cli_usage(verb, "%d contents need as many license "
				      "slots; the medium has %u (--slots)",
				      argc - optind - 1, a->slots);
	if (a->size > (u64)S64_MAX)
		return mlic_cli_usage(verb, "size '%s' is too large",
				      a->size_arg);
	min = mlic_image_min_bytes(a->slots);
	if (a->size < min)
		return mlic_cli_usage(verb, "size '%s' is too small: with %u "
				      "slots a medium needs at least %" PRIu64
				      " bytes", a->size_arg, a->slots, min);
	return -1;
}

static int parse_args(const struct mlic_verb *verb, int argc, char **argv,
		      struct create_args *a)
{
	int ret;

	a->slots = MLIC_SLOTS_DEFAULT;
	ret = mlic_cli_options(verb, argc, argv, take_option, a);
	if (ret >= 0)
		return ret;
	ret = check_args(verb, argc, argv, a);
	if (ret >= 0)
		return ret;
	a->image = argv[optind];
	a->contents = (const char *const *)&argv[optind + 1];
	a->ncontents = argc - optind - 1;
	return -1;
}

/*
 * Name the contents and open them.  A bad name or file fails (exit 1);
 * two contents of one name are a usage error (exit 2).
 */
static int collect_contents(const struct mlic_verb *verb, struct create *cr)
{
	const struct create_args *a = &cr->a;
	size_t i, j;

	cr->c = calloc(a->ncontents ? a->ncontents : 1, sizeof(*cr->c));
	if (!cr->c)
		return MLIC_EXIT_FAIL;
	for (i = 0; i < a->ncontents; i++)
		cr->c[i].in = -1;
	cr->n = a->ncontents;
	for (i = 0; i < cr->n; i++) {
		cr->c[i].path = a->contents[i];
		if (content_name(verb->name, a->contents[i], cr->c[i].name))
			return MLIC_EXIT_FAIL;
		snprintf(cr->c[i].file, sizeof(cr->c[i].file), "%s.mlc",
			 cr->c[i].name);
		for (j = 0; j < i; j++)
			if (!strcmp(cr->c[i].name, cr->c[j].name))
				return mlic_cli_usage(verb, "two contents are "
						      "named '%s'",
						      cr->c[i].name);
	}
	for (i = 0; i < cr->n; i++) {
		cr->c[i].in = open_content(verb->name, cr->c[i].path,
					   &cr->c[i].plain_bytes);
		if (cr->c[i].in < 0)
			return MLIC_EXIT_FAIL;
	}
	return -1;
}

/* The key table entry of every content, new ones added in memory. */
static int resolve_keys(const char *verb, struct create *cr)
{
	const struct mlic_keytab_entry *e;
	size_t i, before;
	int ret;

	ret = keytab_open(verb, cr->a.keytab, true, &cr->kt, &cr->lock);
	for (i = 0; !ret && i < cr->n; i++) {
		before = cr->kt.count;
		ret = content_entry(verb, &cr->kt, cr->c[i].name, &e);
		if (!ret) {
			cr->c[i].entry = e - cr->kt.entries;
			cr->c[i].is_new = cr->kt.count > before;
		}
	}
	return ret;
}

static int random_medium_id(u8 id[MLIC_ID_SIZE])
{
	int ret;

	do {
		ret = mlic_random(id, MLIC_ID_SIZE);
	} while (!ret && mlic_id_is_zero(id));
	return ret;
}

/* Everything that needs no writing: tools, layout, the key table. */
static int prepare(const char *verb, struct create *cr)
{
	const struct create_args *a = &cr->a;
	const char *why;
	int ret;

	if (mlic_find_program("mke2fs", cr->mke2fs, sizeof(cr->mke2fs)) ||
	    (cr->n && mlic_find_program("debugfs", cr->debugfs,
				   sizeof(cr->debugfs)))) {
		mlic_cli_error(verb, a->image, "%s not found in PATH, /sbin "
			       "or /usr/sbin", cr->n ? "mke2fs or debugfs" :
			       "mke2fs");
		mlic_cli_hint("install e2fsprogs");
		return -ENOENT;
	}
	if (!a->have_id) {
		ret = random_medium_id(cr->a.medium_id);
		if (ret) {
			mlic_cli_errno(verb, "getrandom", ret, MLIC_ERR_FILE);
			return ret;
		}
	}
	ret = mlic_image_layout(a->size, a->slots, a->medium_id,
				(u64)time(NULL), &cr->hdr, &cr->geo, &why);
	if (ret) {
		mlic_cli_error(verb, a->image, "%s", why);
		return ret;
	}
	return cr->n ? resolve_keys(verb, cr) : 0;
}

/* The licenses, sealed with the medium's license-wrap key. */
static int seal_licenses(const char *verb, struct create *cr)
{
	int ret;

	ret = mlic_aead_new_medium(&cr->lwk, cr->system_key,
				   cr->a.medium_id, MLIC_HKDF_LICENSE_WRAP);
	if (ret) {
		crypto_failed(verb, cr->a.image, ret);
		return ret;
	}
	return medium_seal_licenses(verb, cr);
}

/*
 * Once the contents are known to fit, seal their licenses and encrypt
 * them into the stage.
 */
static int stage_contents(const char *verb, struct create *cr)
{
	int ret;

	if (!cr->n)
		return 0;
	ret = stage_create(verb, cr->a.image, &cr->st) ?:
	      stage_check_fit(verb, cr->a.image, &cr->st, cr->mke2fs,
			      cr->geo.user_bytes, cr->c, cr->n) ?:
	      seal_licenses(verb, cr) ?:
	      stage_encrypt(verb, &cr->st, cr->c, cr->n, &cr->kt);
	if (!ret && mlic_interrupted) {
		mlic_cli_error(verb, cr->a.image, "interrupted by signal %d",
			       (int)mlic_interrupted);
		ret = -EINTR;
	}
	return ret;
}

static void report_json(const struct create *cr)
{
	const struct mlic_geometry *geo = &cr->geo;
	const struct create_args *a = &cr->a;
	struct mlic_json j;
	size_t i;

	mlic_json_init(&j, stdout);
	mlic_json_object_begin(&j);
	mlic_json_kv_string(&j, "image", a->image);
	mlic_json_kv_id(&j, "medium_id", geo->medium_id);
	mlic_json_kv_u64(&j, "image_bytes", a->size);
	mlic_json_kv_u64(&j, "format_version", geo->version);
	mlic_json_kv_u64(&j, "slots", geo->slot_count);
	mlic_json_kv_u64(&j, "secure_area_offset", geo->secure_offset);
	mlic_json_kv_u64(&j, "secure_area_bytes", 2 * geo->copy_bytes);
	mlic_json_kv_u64(&j, "user_area_offset", geo->user_offset);
	mlic_json_kv_u64(&j, "user_area_bytes", geo->user_bytes);
	mlic_json_kv_string(&j, "filesystem", "ext4");
	mlic_json_key(&j, "contents");
	mlic_json_array_begin(&j);
	for (i = 0; i < cr->n; i++) {
		mlic_json_object_begin(&j);
		mlic_json_kv_string(&j, "name", cr->c[i].name);
		mlic_json_kv_string(&j, "file", cr->c[i].file);
		mlic_json_kv_id(&j, "content_id",
				cr->kt.entries[cr->c[i].entry].content_id);
		mlic_json_kv_u64(&j, "slot", i);
		mlic_json_kv_u64(&j, "plain_bytes", cr->c[i].plain_bytes);
		mlic_json_kv_bool(&j, "new_key", cr->c[i].is_new);
		mlic_json_object_end(&j);
	}
	mlic_json_array_end(&j);
	mlic_json_object_end(&j);
	mlic_json_finish(&j);
}

static void report(const struct create *cr)
{
	const struct mlic_geometry *geo = &cr->geo;
	char id[MLIC_ID_HUMAN_LEN + 1];
	size_t i;

	if (cr->a.json) {
		report_json(cr);
		return;
	}
	mlic_id_human(geo->medium_id, id);
	printf("medium ID:    %s\n", id);
	printf("image:        %s, %" PRIu64 " bytes\n",
	       mlic_cli_safe(cr->a.image),
	       cr->a.size);
	printf("secure area:  offset %" PRIu64 ", 2 copies of %" PRIu64
	       " bytes, %" PRIu32 " license slots\n", geo->secure_offset,
	       geo->copy_bytes, geo->slot_count);
	printf("user area:    offset %" PRIu64 ", %" PRIu64 " bytes, ext4\n",
	       geo->user_offset, geo->user_bytes);
	if (!cr->n)
		return;
	printf("contents:     %zu, licensed in slots 0-%zu\n", cr->n,
	       cr->n - 1);
	for (i = 0; i < cr->n; i++) {
		mlic_id_human(cr->kt.entries[cr->c[i].entry].content_id, id);
		printf("  slot %-4zu %s  %s%s\n", i, id,
		       mlic_cli_safe(cr->c[i].file),
		       cr->c[i].is_new ? "  (new key)" : "");
	}
}

static void create_free(struct create *cr)
{
	size_t i;

	for (i = 0; cr->c && i < cr->n; i++)
		if (cr->c[i].in >= 0)
			close(cr->c[i].in);
	free(cr->c);
	free(cr->slots);
	stage_remove(&cr->st);
	mlic_aead_free(cr->lwk);
	keytab_close(&cr->kt, cr->lock);
	explicit_bzero(cr->system_key, sizeof(cr->system_key));
}

/* Stage, build, then commit the key table; undo the image if that fails. */
static int create(const char *verb, struct create *cr)
{
	int ret;

	ret = prepare(verb, cr);
	if (ret)
		return ret;
	mlic_cli_catch_signals();
	ret = stage_contents(verb, cr);
	if (ret)
		return ret;
	ret = medium_build(verb, cr);
	if (ret)
		return ret;
	ret = keytab_save(verb, cr->a.keytab, &cr->kt);
	if (ret) {
		medium_remove(verb, cr);
		return ret;
	}
	medium_close(verb, cr);
	return 0;
}

int cmd_create(const struct mlic_verb *verb, int argc, char **argv)
{
	struct create cr = { .fd = -1, .lock = -1 };
	int ret;

	mlic_keytab_init(&cr.kt);
	ret = parse_args(verb, argc, argv, &cr.a);
	if (ret < 0 && medium_check_new(verb->name, cr.a.image))
		ret = MLIC_EXIT_FAIL;
	if (ret < 0)
		ret = collect_contents(verb, &cr);
	if (ret < 0) {
		ret = MLIC_EXIT_FAIL;
		if (!read_system_key(verb->name, cr.a.system_key,
				     cr.system_key) &&
		    !create(verb->name, &cr)) {
			report(&cr);
			ret = MLIC_EXIT_OK;
		}
	}
	create_free(&cr);
	return ret;
}
