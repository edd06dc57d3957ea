// SPDX-License-Identifier: GPL-2.0
/*
 * test_lib - libmlic below the tools: IDs, sizes and device names, the
 * JSON writer, errno advice, sysfs readers (on a fake tree), mount lookup,
 * key files and image files.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "cli.h"
#include "defects.h"
#include "util.h"

static const u8 id_1a2b[MLIC_ID_SIZE] = {
	0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f, 0x7a, 0x8b,
	0x9c, 0x0d, 0x1e, 0x2f, 0x3a, 0x4b, 0x5c, 0x6d,
};

/* --- IDs ------------------------------------------------------------------ */

TEST(id_parse_accepts)
{
	static const char *const good[] = {
		"1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d",
		"1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D",
		"1a2b-3c4d-5e6f-7a8b-9c0d-1e2f-3a4b-5c6d",
		"1a2b 3c4d 5e6f 7a8b 9c0d 1e2f 3a4b 5c6d",
		"  1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d  ",
		"1-a-2-b3c4d5e6f7a8b9c0d1e2f3a4b5c6d--",
	};
	u8 id[MLIC_ID_SIZE];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		memset(id, 0, sizeof(id));
		EXPECT_EQ(0, mlic_id_parse(good[i], id)) TH_LOG("%s", good[i]);
		EXPECT_EQ(0, memcmp(id, id_1a2b, sizeof(id)))
			TH_LOG("%s", good[i]);
	}
}

TEST(id_parse_refuses)
{
	static const char *const bad[] = {
		"",
		"----",
		"1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6",	/* 31 digits */
		"1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d0",	/* 33 digits */
		"1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6g",
		"0x1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d",
		"1a2b3c4d5e6f7a8b:9c0d1e2f3a4b5c6d",
		"1a2b3c4d5e6f7a8b\t9c0d1e2f3a4b5c6d",
		"1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d\n",
		"{1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d}",
	};
	u8 id[MLIC_ID_SIZE];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(id, 0x55, sizeof(id));
		EXPECT_EQ(-EINVAL, mlic_id_parse(bad[i], id))
			TH_LOG("'%s'", bad[i]);
		EXPECT_EQ(0x55, id[0]) TH_LOG("'%s' wrote the ID", bad[i]);
	}
}

TEST(id_zero)
{
	u8 id[MLIC_ID_SIZE];

	ASSERT_EQ(0, mlic_id_parse("0000-0000-0000-0000-0000-0000-0000-0000",
				   id));
	EXPECT_TRUE(mlic_id_is_zero(id));
	id[15] = 1;
	EXPECT_FALSE(mlic_id_is_zero(id));
	EXPECT_FALSE(mlic_id_is_zero(id_1a2b));
}

TEST(id_format)
{
	char hex[MLIC_ID_HEX_LEN + 1], human[MLIC_ID_HUMAN_LEN + 1];
	u8 back[MLIC_ID_SIZE], ff[MLIC_ID_SIZE];

	mlic_id_hex(id_1a2b, hex);
	EXPECT_STREQ("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d", hex);
	mlic_id_human(id_1a2b, human);
	EXPECT_STREQ("1a2b-3c4d-5e6f-7a8b-9c0d-1e2f-3a4b-5c6d", human);
	EXPECT_EQ(39, strlen(human));
	ASSERT_EQ(0, mlic_id_parse(human, back));
	EXPECT_EQ(0, memcmp(back, id_1a2b, sizeof(back)));

	memset(ff, 0xff, sizeof(ff));
	mlic_id_human(ff, human);
	EXPECT_STREQ("ffff-ffff-ffff-ffff-ffff-ffff-ffff-ffff", human);
}

/* --- sizes and counts ------------------------------------------------- */

TEST(size_parse_accepts)
{
	static const struct {
		const char *s;
		u64 bytes;
	} good[] = {
		{ "0", 0 },
		{ "1", 1 },
		{ "4096", 4096 },
		{ "1K", 1024 },
		{ "1k", 1024 },
		{ "64M", 64ULL << 20 },
		{ "64m", 64ULL << 20 },
		{ "3G", 3ULL << 30 },
		{ "2T", 2ULL << 40 },
		{ "007", 7 },
		{ "18446744073709551615", UINT64_MAX },
		{ "16777215T", 16777215ULL << 40 },
		{ "1KiB", 1024 },
		{ "64MiB", 64ULL << 20 },
		{ "3GiB", 3ULL << 30 },
		{ "2TiB", 2ULL << 40 },
		{ "5mib", 5ULL << 20 },
		{ "1.5G", 3ULL << 29 },
		{ "1.5GiB", 3ULL << 29 },
		{ "0.5M", 512 << 10 },
		{ "2.25K", 2304 },
		{ "1.1K", 1126 },		/* 1126.4: the fraction dropped */
		{ "1.000000000000000000001T", 1ULL << 40 },
		{ "15.99999999999999999999T", (16ULL << 40) - 1 },
	};
	size_t i;
	u64 v;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		v = 12345;
		EXPECT_EQ(0, mlic_size_parse(good[i].s, &v))
			TH_LOG("%s", good[i].s);
		EXPECT_EQ(good[i].bytes, v) TH_LOG("%s", good[i].s);
	}
}

TEST(size_parse_refuses)
{
	static const struct {
		const char *s;
		int err;
	} bad[] = {
		{ "", -EINVAL },
		{ "M", -EINVAL },
		{ "-1", -EINVAL },
		{ "+1", -EINVAL },
		{ " 1", -EINVAL },
		{ "1 ", -EINVAL },
		{ "1.5", -EINVAL },
		{ "1.", -EINVAL },
		{ ".5M", -EINVAL },
		{ "1.M", -EINVAL },
		{ "1.5.5M", -EINVAL },
		{ "1,5M", -EINVAL },
		{ "1KB", -EINVAL },
		{ "1Ki", -EINVAL },
		{ "1KiBB", -EINVAL },
		{ "1iB", -EINVAL },
		{ "1P", -EINVAL },
		{ "1b", -EINVAL },
		{ "0x10", -EINVAL },
		{ "1MM", -EINVAL },
		{ "18446744073709551616", -ERANGE },
		{ "99999999999999999999999", -ERANGE },
		{ "16777216T", -ERANGE },
		{ "17179869184G", -ERANGE },
		{ "18014398509481984K", -ERANGE },
		{ "16777216.0T", -ERANGE },
	};
	size_t i;
	u64 v;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		v = 12345;
		EXPECT_EQ(bad[i].err, mlic_size_parse(bad[i].s, &v))
			TH_LOG("'%s'", bad[i].s);
		EXPECT_EQ(12345, v) TH_LOG("'%s' wrote a value", bad[i].s);
	}
}

TEST(u32_parse)
{
	u32 v = 0;

	EXPECT_EQ(0, mlic_u32_parse("1", 1, 4096, &v));
	EXPECT_EQ(1, v);
	EXPECT_EQ(0, mlic_u32_parse("4096", 1, 4096, &v));
	EXPECT_EQ(4096, v);
	EXPECT_EQ(-ERANGE, mlic_u32_parse("0", 1, 4096, &v));
	EXPECT_EQ(-ERANGE, mlic_u32_parse("4097", 1, 4096, &v));
	EXPECT_EQ(-ERANGE, mlic_u32_parse("4294967296", 0, UINT32_MAX, &v));
	EXPECT_EQ(-EINVAL, mlic_u32_parse("", 0, 10, &v));
	EXPECT_EQ(-EINVAL, mlic_u32_parse("5x", 0, 10, &v));
	EXPECT_EQ(-EINVAL, mlic_u32_parse("-1", 0, 10, &v));
	EXPECT_EQ(4096, v);
}

/* --- device names ------------------------------------------------------ */

TEST(dev_parse)
{
	u32 index = 99;
	char path[32];

	EXPECT_EQ(0, mlic_dev_parse("mlic0", &index));
	EXPECT_EQ(0, index);
	EXPECT_EQ(0, mlic_dev_parse("/dev/mlic17", &index));
	EXPECT_EQ(17, index);
	EXPECT_EQ(0, mlic_dev_parse("mlic4294967294", &index));
	EXPECT_EQ(4294967294U, index);
	index = 99;
	EXPECT_EQ(-EINVAL, mlic_dev_parse("mlic4294967295", &index));
	EXPECT_EQ(-EINVAL, mlic_dev_parse("mlic", &index));
	EXPECT_EQ(-EINVAL, mlic_dev_parse("mlic01", &index));
	EXPECT_EQ(-EINVAL, mlic_dev_parse("mlic0p1", &index));
	EXPECT_EQ(-EINVAL, mlic_dev_parse("mlic-control", &index));
	EXPECT_EQ(-EINVAL, mlic_dev_parse("/dev/mlic-control", &index));
	EXPECT_EQ(-EINVAL, mlic_dev_parse("loop0", &index));
	EXPECT_EQ(-EINVAL, mlic_dev_parse("/dev/loop0", &index));
	EXPECT_EQ(-EINVAL, mlic_dev_parse("/tmp/mlic0", &index));
	EXPECT_EQ(-EINVAL, mlic_dev_parse("", &index));
	EXPECT_EQ(99, index);

	mlic_dev_path(3, path, sizeof(path));
	EXPECT_STREQ("/dev/mlic3", path);
}

/* --- JSON ----------------------------------------------------------------- */

/* Run @fn on a JSON writer over memory; its output and finish status. */
static char *json_to_string(void (*fn)(struct mlic_json *j), int *status)
{
	struct mlic_json j;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	mlic_json_init(&j, f);
	fn(&j);
	*status = mlic_json_finish(&j);
	fclose(f);
	return buf;
}

static void json_nested(struct mlic_json *j)
{
	mlic_json_object_begin(j);
	mlic_json_kv_string(j, "s", "x");
	mlic_json_kv_u64(j, "n", 18446744073709551615ULL);
	mlic_json_key(j, "neg");
	mlic_json_s64(j, -9223372036854775807LL - 1);
	mlic_json_kv_bool(j, "t", true);
	mlic_json_kv_bool(j, "f", false);
	mlic_json_kv_string(j, "nothing", NULL);
	mlic_json_kv_id(j, "id", id_1a2b);
	mlic_json_kv_id(j, "no_id", NULL);
	mlic_json_key(j, "empty");
	mlic_json_array_begin(j);
	mlic_json_array_end(j);
	mlic_json_key(j, "obj");
	mlic_json_object_begin(j);
	mlic_json_object_end(j);
	mlic_json_key(j, "list");
	mlic_json_array_begin(j);
	mlic_json_u64(j, 1);
	mlic_json_object_begin(j);
	mlic_json_kv_u64(j, "a", 2);
	mlic_json_object_end(j);
	mlic_json_null(j);
	mlic_json_array_end(j);
	mlic_json_object_end(j);
}

TEST(json_nesting)
{
	static const char want[] =
		"{\n"
		"  \"s\": \"x\",\n"
		"  \"n\": 18446744073709551615,\n"
		"  \"neg\": -9223372036854775808,\n"
		"  \"t\": true,\n"
		"  \"f\": false,\n"
		"  \"nothing\": null,\n"
		"  \"id\": \"1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d\",\n"
		"  \"no_id\": null,\n"
		"  \"empty\": [],\n"
		"  \"obj\": {},\n"
		"  \"list\": [\n"
		"    1,\n"
		"    {\n"
		"      \"a\": 2\n"
		"    },\n"
		"    null\n"
		"  ]\n"
		"}\n";
	int status = -1;
	char *out = json_to_string(json_nested, &status);

	ASSERT_NE(NULL, out);
	EXPECT_EQ(0, status);
	EXPECT_STREQ(want, out);
	free(out);
}

static const char *json_input;

static void json_one_string(struct mlic_json *j)
{
	mlic_json_string(j, json_input);
}

TEST(json_escaping)
{
	static const struct {
		const char *in;
		const char *out;
	} cases[] = {
		{ "", "\"\"\n" },
		{ "plain /path/to a.img", "\"plain /path/to a.img\"\n" },
		{ "q\"b\\s", "\"q\\\"b\\\\s\"\n" },
		{ "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"\n" },
		{ "\x01\x1f", "\"\\u0001\\u001f\"\n" },
		{ "\x7f", "\"\x7f\"\n" },
		/* Valid UTF-8 stays as it is: é, €, U+1F600. */
		{ "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
		  "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"\n" },
		/* Invalid bytes become U+FFFD, one each. */
		{ "a\xffz", "\"a\\ufffdz\"\n" },
		{ "\xc3", "\"\\ufffd\"\n" },			/* truncated */
		{ "\xc0\xaf", "\"\\ufffd\\ufffd\"\n" },		/* overlong */
		/* A surrogate. */
		{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"\n" },
		{ "\xf4\x90\x80\x80",
		  "\"\\ufffd\\ufffd\\ufffd\\ufffd\"\n" },	/* > U+10FFFF */
	};
	size_t i;
	int status;
	char *out;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		json_input = cases[i].in;
		out = json_to_string(json_one_string, &status);
		ASSERT_NE(NULL, out);
		EXPECT_EQ(0, status);
		EXPECT_STREQ(cases[i].out, out) TH_LOG("case %zu", i);
		free(out);
	}
}

static void json_key_escaped(struct mlic_json *j)
{
	mlic_json_object_begin(j);
	mlic_json_kv_u64(j, "a\"b", 1);
	mlic_json_object_end(j);
}

static void json_value_without_key(struct mlic_json *j)
{
	mlic_json_object_begin(j);
	mlic_json_u64(j, 1);
	mlic_json_object_end(j);
}

static void json_key_in_array(struct mlic_json *j)
{
	mlic_json_array_begin(j);
	mlic_json_key(j, "k");
	mlic_json_array_end(j);
}

static void json_two_keys(struct mlic_json *j)
{
	mlic_json_object_begin(j);
	mlic_json_key(j, "a");
	mlic_json_key(j, "b");
	mlic_json_object_end(j);
}

static void json_unclosed(struct mlic_json *j)
{
	mlic_json_object_begin(j);
	mlic_json_array_begin(j);
	mlic_json_array_end(j);
}

static void json_wrong_end(struct mlic_json *j)
{
	mlic_json_object_begin(j);
	mlic_json_array_end(j);
}

static void json_two_values(struct mlic_json *j)
{
	mlic_json_u64(j, 1);
	mlic_json_u64(j, 2);
}

static void json_nothing(struct mlic_json *j)
{
	(void)j;
}

static void json_too_deep(struct mlic_json *j)
{
	int i;

	for (i = 0; i < MLIC_JSON_MAX_DEPTH; i++)
		mlic_json_array_begin(j);
	for (i = 0; i < MLIC_JSON_MAX_DEPTH; i++)
		mlic_json_array_end(j);
}

TEST(json_misuse_refused)
{
	static void (*const bad[])(struct mlic_json *) = {
		json_value_without_key, json_key_in_array, json_two_keys,
		json_unclosed, json_wrong_end, json_two_values, json_nothing,
		json_too_deep,
	};
	size_t i;
	int status;
	char *out;

	out = json_to_string(json_key_escaped, &status);
	ASSERT_NE(NULL, out);
	EXPECT_EQ(0, status);
	EXPECT_STREQ("{\n  \"a\\\"b\": 1\n}\n", out);
	free(out);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		out = json_to_string(bad[i], &status);
		EXPECT_EQ(-EINVAL, status) TH_LOG("misuse %zu", i);
		free(out);
	}
}

TEST(json_write_error)
{
	struct mlic_json j;
	FILE *f = fopen("/dev/full", "w");

	if (!f)
		SKIP(return, "no /dev/full");
	setvbuf(f, NULL, _IONBF, 0);
	mlic_json_init(&j, f);
	mlic_json_object_begin(&j);
	mlic_json_kv_string(&j, "k", "v");
	mlic_json_object_end(&j);
	EXPECT_EQ(-EIO, mlic_json_finish(&j));
	fclose(f);
}

/* --- advice ------------------------------------------------------------- */

TEST(advice)
{
	EXPECT_NE(NULL, strstr(mlic_advice(MLIC_ERR_CONTROL, ENOENT),
			       "modprobe mlic"));
	EXPECT_NE(NULL, strstr(mlic_advice(MLIC_ERR_CONTROL, -ENOENT),
			       "modprobe mlic"));
	EXPECT_NE(NULL, strstr(mlic_advice(MLIC_ERR_DEVICE, EPERM),
			       "CAP_SYS_ADMIN"));
	EXPECT_NE(NULL, strstr(mlic_advice(MLIC_ERR_CONTROL, EACCES),
			       "root"));
	EXPECT_NE(NULL, strstr(mlic_advice(MLIC_ERR_DEVICE, ENOTTY),
			       "too old"));
	EXPECT_NE(NULL, strstr(mlic_advice(MLIC_ERR_DEVICE, ENXIO),
			       "no medium is attached"));
	EXPECT_NE(NULL, strstr(mlic_advice(MLIC_ERR_FILE, EEXIST),
			       "overwrite"));
	/* A missing file is a missing file, not a missing module. */
	EXPECT_NULL(mlic_advice(MLIC_ERR_FILE, ENOENT));
	EXPECT_NULL(mlic_advice(MLIC_ERR_DEVICE, EIO));

	EXPECT_TRUE(mlic_errno_is_format(-EINVAL));
	EXPECT_TRUE(mlic_errno_is_format(EBADMSG));
	EXPECT_TRUE(mlic_errno_is_format(-EMEDIUMTYPE));
	EXPECT_TRUE(mlic_errno_is_format(-EOPNOTSUPP));
	EXPECT_FALSE(mlic_errno_is_format(-EBUSY));
	EXPECT_FALSE(mlic_errno_is_format(-EIO));
}

/* --- sysfs, on a fake tree ------------------------------------------------ */

FIXTURE(sysfs) {
	char *root;
};

FIXTURE_SETUP(sysfs)
{
	static const char *const attrs[][2] = {
		{ "medium_id", "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d\n" },
		{ "backing_file", "/srv/media/a b.img\n" },
		{ "read_only", "1\n" },
		{ "license_state", "repaired\n" },
		{ "user_area_offset", "1048576\n" },
		{ "user_area_bytes", "66060288\n" },
		{ "secure_area_offset", "4096\n" },
		{ "secure_area_bytes", "24576\n" },
		{ "slots", "64\n" },
		{ "slots_used", "2\n" },
		{ "autoclear", "0\n" },
		{ "direct_io", "1\n" },
		{ "format_version", "1\n" },
		{ "generation", "42\n" },
		{ "secure_copies", "repaired ok\n" },
	};
	char rel[128];
	size_t i;

	self->root = scratch_dir();
	ASSERT_NE(NULL, self->root);
	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		snprintf(rel, sizeof(rel), "block/mlic2/mlic/%s", attrs[i][0]);
		put_file(self->root, rel, attrs[i][1]);
	}
	put_file(self->root, "block/mlic2/dev", "254:32\n");
	put_file(self->root, "block/mlic2/mlic2p1/dev", "254:33\n");
	put_file(self->root, "block/mlic2/mlic2p2/dev", "259:7\n");
	put_file(self->root, "block/mlic2/holders/dm-3", "");
	put_file(self->root, "block/mlic10/dev", "254:160\n");
	put_file(self->root, "block/mlic0/dev", "254:0\n");
	put_file(self->root, "block/loop0/dev", "7:0\n");
	put_file(self->root, "module/mlic/parameters/apparatus_id", "\n");
	mlic_sysfs_set_root(self->root);
}

FIXTURE_TEARDOWN(sysfs)
{
	mlic_sysfs_set_root("/sys");
	remove_tree(self->root);
	free(self->root);
}

TEST_F(sysfs, list_sorted_media_only)
{
	size_t count = 0;
	u32 *idx = NULL;

	ASSERT_EQ(0, mlic_sysfs_list(&idx, &count));
	ASSERT_EQ(3, count);
	EXPECT_EQ(0, idx[0]);
	EXPECT_EQ(2, idx[1]);
	EXPECT_EQ(10, idx[2]);
	free(idx);
}

TEST_F(sysfs, status)
{
	struct mlic_status st;

	ASSERT_EQ(0, mlic_sysfs_status(2, &st));
	EXPECT_EQ(2, st.index);
	EXPECT_EQ(0, memcmp(st.medium_id, id_1a2b, MLIC_ID_SIZE));
	EXPECT_STREQ("/srv/media/a b.img", st.backing_file);
	EXPECT_TRUE(st.read_only);
	EXPECT_FALSE(st.autoclear);
	EXPECT_TRUE(st.direct_io);
	EXPECT_EQ(MLIC_LICENSE_REPAIRED, st.license_state);
	EXPECT_EQ(1048576, st.user_offset);
	EXPECT_EQ(66060288, st.user_bytes);
	EXPECT_EQ(4096, st.secure_offset);
	EXPECT_EQ(24576, st.secure_bytes);
	EXPECT_EQ(64, st.slot_count);
	EXPECT_EQ(2, st.slots_used);
	EXPECT_EQ(1, st.format_version);
	EXPECT_EQ(42, st.generation);
	EXPECT_STREQ("repaired", st.secure_copies[0]);
	EXPECT_STREQ("ok", st.secure_copies[1]);
	/* No attributes at all: a device of another driver version. */
	EXPECT_EQ(-ENOENT, mlic_sysfs_status(10, &st));
	EXPECT_TRUE(mlic_sysfs_exists(10));
	/* No device at all: it went away. */
	EXPECT_EQ(-ENOENT, mlic_sysfs_status(11, &st));
	EXPECT_FALSE(mlic_sysfs_exists(11));
}

TEST_F(sysfs, bad_values_refused)
{
	struct mlic_status st;
	char *path;
	u64 v;

	path = path_join(self->root, "block/mlic2/mlic/read_only");
	ASSERT_EQ(0, unlink(path));
	put_file(self->root, "block/mlic2/mlic/read_only", "2\n");
	EXPECT_EQ(-EINVAL, mlic_sysfs_status(2, &st));
	ASSERT_EQ(0, unlink(path));
	put_file(self->root, "block/mlic2/mlic/read_only", "yes\n");
	EXPECT_EQ(-EINVAL, mlic_sysfs_read_u64(2, "read_only", &v));
	free(path);

	path = path_join(self->root, "block/mlic2/mlic/license_state");
	ASSERT_EQ(0, unlink(path));
	put_file(self->root, "block/mlic2/mlic/license_state", "fine\n");
	EXPECT_EQ(-EINVAL, mlic_sysfs_status(2, &st));
	free(path);

	path = path_join(self->root, "block/mlic2/mlic/secure_copies");
	ASSERT_EQ(0, unlink(path));
	put_file(self->root, "block/mlic2/mlic/secure_copies", "ok\n");
	EXPECT_EQ(-EINVAL, mlic_sysfs_secure_copies(2, &st));
	ASSERT_EQ(0, unlink(path));
	put_file(self->root, "block/mlic2/mlic/secure_copies", "ok ok ok\n");
	EXPECT_EQ(-EINVAL, mlic_sysfs_secure_copies(2, &st));
	ASSERT_EQ(0, unlink(path));
	put_file(self->root, "block/mlic2/mlic/secure_copies", "ok fine\n");
	EXPECT_EQ(-EINVAL, mlic_sysfs_secure_copies(2, &st));
	free(path);
}

TEST_F(sysfs, read_overflow)
{
	char small[8];

	EXPECT_EQ(-EOVERFLOW, mlic_sysfs_read(2, "medium_id", small,
					      sizeof(small)));
	EXPECT_EQ(0, mlic_sysfs_read(2, "slots", small, sizeof(small)));
	EXPECT_STREQ("64", small);
}

TEST_F(sysfs, dev_numbers_and_holders)
{
	char holders[64];
	size_t count = 0, i;
	dev_t *devs = NULL;
	bool p1 = false, p2 = false;

	ASSERT_EQ(0, mlic_sysfs_dev_numbers(2, &devs, &count));
	ASSERT_EQ(3, count);
	EXPECT_EQ(makedev(254, 32), devs[0]);
	for (i = 1; i < count; i++) {
		p1 |= devs[i] == makedev(254, 33);
		p2 |= devs[i] == makedev(259, 7);
	}
	EXPECT_TRUE(p1);
	EXPECT_TRUE(p2);
	free(devs);
	EXPECT_EQ(-ENOENT, mlic_sysfs_dev_numbers(5, &devs, &count));

	EXPECT_EQ(1, mlic_sysfs_holders(2, holders, sizeof(holders)));
	EXPECT_STREQ("dm-3", holders);
	EXPECT_EQ(-ENOENT, mlic_sysfs_holders(0, holders, sizeof(holders)));
}

TEST_F(sysfs, apparatus_id)
{
	u8 id[MLIC_ID_SIZE];
	char *path;

	EXPECT_EQ(-ENODATA, mlic_apparatus_id(id));	/* empty: none */
	path = path_join(self->root, "module/mlic/parameters/apparatus_id");
	ASSERT_EQ(0, unlink(path));
	put_file(self->root, "module/mlic/parameters/apparatus_id",
		 "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D\n");
	EXPECT_EQ(0, mlic_apparatus_id(id));
	EXPECT_EQ(0, memcmp(id, id_1a2b, MLIC_ID_SIZE));
	ASSERT_EQ(0, unlink(path));
	put_file(self->root, "module/mlic/parameters/apparatus_id", "xyz\n");
	EXPECT_EQ(-EINVAL, mlic_apparatus_id(id));
	ASSERT_EQ(0, unlink(path));
	EXPECT_EQ(-ENOENT, mlic_apparatus_id(id));	/* not loaded */
	free(path);
}

TEST_F(sysfs, fd_is_mlic_dev)
{
	static const struct {
		const char *link;
		unsigned int minor;
		bool mlic;
	} nodes[] = {
		{ "../../block/mlic2", 32, true },
		{ "../../block/mlic2/mlic2p1", 33, true },
		{ "../../block/loop0", 34, false },
		{ "../../block/mlicfoo", 35, false },
	};
	char *dir, *path = NULL, name[32];
	size_t i;
	int fd;

	dir = path_join(self->root, "dev");
	ASSERT_EQ(0, mkdir(dir, 0755));
	free(dir);
	dir = path_join(self->root, "dev/block");
	ASSERT_EQ(0, mkdir(dir, 0755));
	free(dir);
	for (i = 0; i < ARRAY_SIZE(nodes); i++) {
		snprintf(name, sizeof(name), "dev/block/254:%u",
			 nodes[i].minor);
		path = path_join(self->root, name);
		ASSERT_EQ(0, symlink(nodes[i].link, path));
		free(path);
		/* A block device node of that number (O_PATH: no driver). */
		snprintf(name, sizeof(name), "node%zu", i);
		path = path_join(self->root, name);
		if (mknod(path, S_IFBLK | 0600, makedev(254, nodes[i].minor)))
			SKIP(goto out, "cannot mknod: %s", strerror(errno));
		fd = open(path, O_PATH | O_CLOEXEC);
		ASSERT_LE(0, fd);
		EXPECT_EQ(nodes[i].mlic, mlic_fd_is_mlic_dev(fd))
			TH_LOG("%s", nodes[i].link);
		close(fd);
		free(path);
	}
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_FALSE(mlic_fd_is_mlic_dev(fd));
	close(fd);
	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_FALSE(mlic_fd_is_mlic_dev(fd));
	close(fd);
	return;
out:
	free(path);
}

TEST(license_state_names)
{
	static const char *const names[] = {
		"none", "empty", "ok", "repaired", "damaged",
	};
	u32 i, state;

	for (i = 0; i < 5; i++) {
		EXPECT_STREQ(names[i], mlic_license_state_name(i));
		EXPECT_EQ(0, mlic_license_state_parse(names[i], &state));
		EXPECT_EQ(i, state);
	}
	EXPECT_STREQ("unknown", mlic_license_state_name(5));
	EXPECT_EQ(-EINVAL, mlic_license_state_parse("OK", &state));
	EXPECT_EQ(-EINVAL, mlic_license_state_parse("", &state));
}

TEST(status_from_info)
{
	struct mlic_status st = { .backing_file = "/x.img" };
	struct mlic_info info = {
		.index = 4,
		.flags = MLIC_INFO_READ_ONLY | MLIC_INFO_DIRECT_IO,
		.user_offset = 1, .user_bytes = 2, .secure_offset = 3,
		.secure_bytes = 4, .slot_count = 5, .slots_used = 6,
		.license_state = MLIC_LICENSE_DAMAGED, .format_version = 1,
		.generation = 9,
	};

	memcpy(info.medium_id, id_1a2b, MLIC_ID_SIZE);
	mlic_status_from_info(&st, &info);
	EXPECT_EQ(4, st.index);
	EXPECT_TRUE(st.read_only);
	EXPECT_FALSE(st.autoclear);
	EXPECT_TRUE(st.direct_io);
	EXPECT_EQ(0, memcmp(st.medium_id, id_1a2b, MLIC_ID_SIZE));
	EXPECT_EQ(1, st.user_offset);
	EXPECT_EQ(2, st.user_bytes);
	EXPECT_EQ(3, st.secure_offset);
	EXPECT_EQ(4, st.secure_bytes);
	EXPECT_EQ(5, st.slot_count);
	EXPECT_EQ(6, st.slots_used);
	EXPECT_EQ(MLIC_LICENSE_DAMAGED, st.license_state);
	EXPECT_EQ(9, st.generation);
	EXPECT_STREQ("/x.img", st.backing_file);
}

/* --- mounts --------------------------------------------------------------- */

TEST(find_mount)
{
	char where[4096];
	struct stat st;
	dev_t devs[2];

	/* /proc is mounted on /proc: its st_dev appears in mountinfo. */
	ASSERT_EQ(0, stat("/proc", &st));
	devs[0] = makedev(4095, 1048575);	/* nothing has this */
	devs[1] = st.st_dev;
	EXPECT_EQ(0, mlic_find_mount(devs, 1, where, sizeof(where)));
	ASSERT_EQ(1, mlic_find_mount(devs, 2, where, sizeof(where)));
	EXPECT_STREQ("/proc", where);
}

/* --- key files ------------------------------------------------------------ */

FIXTURE(keys) {
	char *dir;
};

FIXTURE_SETUP(keys)
{
	self->dir = scratch_dir();
	ASSERT_NE(NULL, self->dir);
}

FIXTURE_TEARDOWN(keys)
{
	remove_tree(self->dir);
	free(self->dir);
}

TEST_F(keys, write_then_read)
{
	u8 key[MLIC_KEY_SIZE], back[MLIC_KEY_SIZE], other[MLIC_KEY_SIZE];
	char *path = path_join(self->dir, "k");
	const char *why;
	struct stat st;
	mode_t mode;

	ASSERT_EQ(0, mlic_random(key, sizeof(key)));
	ASSERT_EQ(0, mlic_key_write_new(path, key, 0400));
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(0400, st.st_mode & 07777);
	EXPECT_EQ(MLIC_KEY_SIZE, st.st_size);
	ASSERT_EQ(0, mlic_key_read(path, back, &mode, &why));
	EXPECT_EQ(0400, mode);
	EXPECT_EQ(0, memcmp(key, back, sizeof(key)));

	/* Never overwritten. */
	memset(other, 0x11, sizeof(other));
	EXPECT_EQ(-EEXIST, mlic_key_write_new(path, other, 0400));
	ASSERT_EQ(0, mlic_key_read(path, back, &mode, &why));
	EXPECT_EQ(0, memcmp(key, back, sizeof(key)));
	free(path);
}

TEST_F(keys, no_overwrite_through_symlink)
{
	char *target = path_join(self->dir, "target");
	char *link = path_join(self->dir, "link");
	u8 key[MLIC_KEY_SIZE] = { 1 };

	ASSERT_EQ(0, symlink(target, link));	/* dangling */
	EXPECT_EQ(-EEXIST, mlic_key_write_new(link, key, 0400));
	EXPECT_NE(0, access(target, F_OK));
	free(target);
	free(link);
}

TEST_F(keys, wrong_size_refused)
{
	static const size_t sizes[] = { 0, 31, 33, 64 };
	u8 data[64], key[MLIC_KEY_SIZE];
	const char *why;
	char name[16], *path;
	mode_t mode;
	size_t i;

	memset(data, 0x42, sizeof(data));
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		snprintf(name, sizeof(name), "k%zu", sizes[i]);
		path = path_join(self->dir, name);
		ASSERT_EQ(0, write_file(path, data, sizes[i], 0600));
		memset(key, 0x77, sizeof(key));
		why = NULL;
		EXPECT_EQ(-EINVAL, mlic_key_read(path, key, &mode, &why));
		EXPECT_STREQ("a key file holds exactly 32 bytes", why);
		EXPECT_EQ(0, key[0]) TH_LOG("key not wiped on failure");
		free(path);
	}
	why = NULL;
	EXPECT_EQ(-EINVAL, mlic_key_read(self->dir, key, &mode, &why));
	EXPECT_STREQ("not a regular file", why);
	path = path_join(self->dir, "missing");
	EXPECT_EQ(-ENOENT, mlic_key_read(path, key, &mode, &why));
	free(path);
}

TEST_F(keys, group_readable_mode_reported)
{
	char *path = path_join(self->dir, "k");
	u8 key[MLIC_KEY_SIZE] = { 0 };
	const char *why;
	mode_t mode;

	ASSERT_EQ(0, write_file(path, key, sizeof(key), 0640));
	ASSERT_EQ(0, mlic_key_read(path, key, &mode, &why));
	EXPECT_EQ(0640, mode);
	free(path);
}

/* --- image files ---------------------------------------------------------- */

TEST_F(keys, image_metadata_round_trip)
{
	char *path = path_join(self->dir, "img");
	struct mlic_geometry geo, back;
	struct mlic_medium_header hdr;
	unsigned int which;
	const char *why;
	void *copy;
	u64 gen;
	int fd;

	ASSERT_EQ(0, mlic_image_layout(16 << 20, 100, id_1a2b, 1, &hdr, &geo,
				       &why));
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, 16 << 20));
	ASSERT_EQ(0, mlic_image_write_metadata(fd, &hdr, &geo));
	ASSERT_EQ(0, mlic_image_read_header(fd, &back, &why));
	EXPECT_EQ(0, memcmp(&geo, &back, sizeof(geo)));
	copy = malloc(geo.copy_bytes);
	ASSERT_NE(NULL, copy);
	for (which = 0; which < 2; which++) {
		gen = 0;
		EXPECT_EQ(0, mlic_image_read_secure(fd, &geo, which, copy,
						    &gen, &why));
		EXPECT_EQ(1, gen);
	}
	/* Shrunk behind our back: the header check sees it. */
	ASSERT_EQ(0, ftruncate(fd, (16 << 20) - 4096));
	EXPECT_EQ(-EINVAL, mlic_image_read_header(fd, &back, &why));
	EXPECT_STREQ(R_TRUNC, why);
	free(copy);
	close(fd);

	EXPECT_EQ(-EINVAL, mlic_image_check_path(path, &back, &why));
	EXPECT_EQ(-ENOENT, mlic_image_check_path("/nonexistent/x", &back,
						 &why));
	EXPECT_NULL(why);
	/* A directory is neither a file nor a block device. */
	EXPECT_EQ(-EINVAL, mlic_image_check_path(self->dir, &back, &why));
	EXPECT_NULL(why);
	free(path);
}

/* --- waiting for udev ---------------------------------------------------- */

FIXTURE(udev) {
	char *dir;
	char *control;
	char *log;
};

FIXTURE_SETUP(udev)
{
	char path[4096];

	self->dir = scratch_dir();
	ASSERT_NE(NULL, self->dir);
	self->control = path_join(self->dir, "control");
	self->log = path_join(self->dir, "log");
	mlic_udev_set_control(self->control);
	snprintf(path, sizeof(path), "%s:/usr/bin:/bin", self->dir);
	ASSERT_EQ(0, setenv("PATH", path, 1));
}

FIXTURE_TEARDOWN(udev)
{
	mlic_udev_set_control("/run/udev/control");
	remove_tree(self->dir);
	free(self->dir);
	free(self->control);
	free(self->log);
}

/* A udevadm in the fixture's PATH that runs the shell command @body. */
static void fake_udevadm(const char *dir, const char *body)
{
	char *path = path_join(dir, "udevadm"), script[512];

	snprintf(script, sizeof(script), "#!/bin/sh\n%s\n", body);
	unlink(path);
	write_file(path, script, strlen(script), 0755);
	free(path);
}

TEST_F(udev, no_udev_no_wait)
{
	fake_udevadm(self->dir, "sleep 30");
	EXPECT_FALSE(mlic_udev_running());
	EXPECT_EQ(-ENOENT, mlic_udev_settle("/nonexistent", 10));
}

TEST_F(udev, settles_until_the_link)
{
	char *link = path_join(self->dir, "link"), body[512];
	void *data;
	size_t len;

	ASSERT_EQ(0, write_file(self->control, "", 0, 0600));
	EXPECT_TRUE(mlic_udev_running());
	snprintf(body, sizeof(body), "echo \"$@\" >%s; touch %s", self->log,
		 link);
	fake_udevadm(self->dir, body);
	EXPECT_EQ(0, mlic_udev_settle(link, 3));
	ASSERT_EQ(0, read_file(self->log, &data, &len));
	snprintf(body, sizeof(body), "settle --timeout=3 --exit-if-exists=%s\n",
		 link);
	EXPECT_EQ(strlen(body), len);
	EXPECT_EQ(0, memcmp(data, body, len));
	free(data);
	free(link);
}

TEST_F(udev, never_waits_past_the_timeout)
{
	struct timespec a, b;

	ASSERT_EQ(0, write_file(self->control, "", 0, 0600));
	fake_udevadm(self->dir, "sleep 30");
	clock_gettime(CLOCK_MONOTONIC, &a);
	EXPECT_EQ(-ETIMEDOUT, mlic_udev_settle(NULL, 1));
	clock_gettime(CLOCK_MONOTONIC, &b);
	EXPECT_GE(4, b.tv_sec - a.tv_sec);
	fake_udevadm(self->dir, "exit 1");
	EXPECT_EQ(-ECHILD, mlic_udev_settle(NULL, 1));
	ASSERT_EQ(0, unlink(path_join(self->dir, "udevadm")));
	ASSERT_EQ(0, setenv("PATH", "/nonexistent", 1));
	if (!access("/sbin/udevadm", X_OK) || !access("/usr/sbin/udevadm", X_OK))
		return;	/* the fallback directories have one */
	EXPECT_EQ(-ENOEXEC, mlic_udev_settle(NULL, 1));
}

TEST_HARNESS_MAIN
