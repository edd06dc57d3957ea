// SPDX-License-Identifier: GPL-2.0
/*
 * test_format - the format rules of driver/format.c, through libmlic: a
 * good header and good secure copies are accepted, every defect of
 * defects.h is refused with its errno and reason, and the CRC is the one
 * zlib computes.
 */
#include <stdlib.h>

#include "kselftest_harness.h"

#include "cli.h"
#include "defects.h"

TEST(crc32_known_answer)
{
	static const char check[] = "123456789";

	/* The standard check value of CRC-32 (zlib, PNG, Ethernet). */
	EXPECT_EQ(0xcbf43926U, ~crc32_le(~0U, check, 9));
	EXPECT_EQ(0U, ~crc32_le(~0U, check, 0));
}

TEST(crc32_skips_checksum_field)
{
	u8 a[16] = { 1, 2, 3, 4, 5, 6, 7, 8 }, b[16];

	memcpy(b, a, sizeof(b));
	b[4] = 0xff;	/* inside the skipped field: no effect */
	EXPECT_EQ(mlic_crc32(a, sizeof(a), 4), mlic_crc32(b, sizeof(b), 4));
	b[8] = 0xff;	/* outside: changes the sum */
	EXPECT_NE(mlic_crc32(a, sizeof(a), 4), mlic_crc32(b, sizeof(b), 4));
}

TEST(structure_sizes)
{
	EXPECT_EQ(256, sizeof(struct mlic_medium_header));
	EXPECT_EQ(MLIC_SECURE_HEADER_BYTES, sizeof(struct mlic_secure_header));
	EXPECT_EQ(MLIC_SLOT_SIZE, sizeof(struct mlic_slot));
}

TEST(secure_copy_bytes)
{
	EXPECT_EQ(4096, mlic_secure_copy_bytes(1));
	EXPECT_EQ(4096, mlic_secure_copy_bytes(31));	/* 64 + 31 * 128 */
	EXPECT_EQ(8192, mlic_secure_copy_bytes(32));
	EXPECT_EQ(12288, mlic_secure_copy_bytes(64));
	EXPECT_EQ(528384, mlic_secure_copy_bytes(4096));
}

TEST(good_header_accepted)
{
	struct mlic_geometry geo;
	const char *why = NULL;
	struct evil e;

	ASSERT_EQ(0, evil_base(&e));
	ASSERT_EQ(0, mlic_medium_header_check(&e.hdr, e.file_bytes, &geo,
					      &why));
	EXPECT_NULL(why);
	EXPECT_EQ(0, memcmp(geo.medium_id, evil_medium_id, MLIC_ID_SIZE));
	EXPECT_EQ(4096, geo.secure_offset);
	EXPECT_EQ(12288, geo.copy_bytes);
	EXPECT_EQ(1 << 20, geo.user_offset);
	EXPECT_EQ(8 << 20, geo.user_bytes);
	EXPECT_EQ(64, geo.slot_count);
	EXPECT_EQ(1, geo.version);
	/* A larger image than the areas need is fine too. */
	EXPECT_EQ(0, mlic_medium_header_check(&e.hdr, e.file_bytes + 12345,
					      &geo, &why));
}

TEST(layout_rules)
{
	struct mlic_medium_header hdr;
	struct mlic_geometry geo;
	const char *why;
	u8 id[MLIC_ID_SIZE] = { 1 }, zero[MLIC_ID_SIZE] = { 0 };

	/* 4096 slots: 2 x 516 KiB secure copies, user area at 2 MiB. */
	ASSERT_EQ(0, mlic_image_layout(64ULL << 20, 4096, id, 0, &hdr, &geo,
				       &why));
	EXPECT_EQ(2 << 20, geo.user_offset);
	EXPECT_EQ(62 << 20, geo.user_bytes);
	/* The rest is rounded down to 4 KiB. */
	ASSERT_EQ(0, mlic_image_layout((16ULL << 20) + 4095, 1, id, 0, &hdr,
				       &geo, &why));
	EXPECT_EQ(1 << 20, geo.user_offset);
	EXPECT_EQ(15 << 20, geo.user_bytes);
	/* Exactly the smallest user area, and one byte less. */
	EXPECT_EQ(9 << 20, mlic_image_min_bytes(64));
	EXPECT_EQ(0, mlic_image_layout(9 << 20, 64, id, 0, &hdr, &geo, &why));
	EXPECT_EQ(-ENOSPC, mlic_image_layout((9 << 20) - 1, 64, id, 0, &hdr,
					     &geo, &why));
	EXPECT_EQ(-EINVAL, mlic_image_layout(64 << 20, 0, id, 0, &hdr, &geo,
					     &why));
	EXPECT_EQ(-EINVAL, mlic_image_layout(64 << 20, 4097, id, 0, &hdr,
					     &geo, &why));
	EXPECT_EQ(-EINVAL, mlic_image_layout(64 << 20, 64, zero, 0, &hdr,
					     &geo, &why));
	EXPECT_EQ(-EFBIG, mlic_image_layout(1ULL << 63, 64, id, 0, &hdr,
					    &geo, &why));
}

/* One test case per defect of the medium header or image size. */
enum {
#define X(n, e, r) D_##n,
	MLIC_HEADER_DEFECTS(X)
#undef X
};

FIXTURE(header) {
	struct evil e;
};

FIXTURE_VARIANT(header) {
	unsigned int defect;
};

#define X(n, e, r) FIXTURE_VARIANT_ADD(header, n) { .defect = D_##n };
MLIC_HEADER_DEFECTS(X)
#undef X

FIXTURE_SETUP(header)
{
	ASSERT_EQ(0, evil_make(&self->e, &mlic_defects[variant->defect]));
}

FIXTURE_TEARDOWN(header)
{
}

TEST_F(header, refused)
{
	const struct mlic_defect *d = &mlic_defects[variant->defect];
	struct mlic_geometry geo;
	const char *why = NULL;

	EXPECT_EQ(-d->err, mlic_medium_header_check(&self->e.hdr,
						    self->e.file_bytes,
						    &geo, &why));
	ASSERT_NE(NULL, why);
	EXPECT_STREQ(d->reason, why);
}

/* Every defect really is a change: the untouched header passes. */
TEST(defect_table_is_sane)
{
	struct evil base, e;
	size_t i, j;

	ASSERT_EQ(0, evil_base(&base));
	ASSERT_GE(mlic_ndefects, 40);
	for (i = 0; i < mlic_ndefects; i++) {
		ASSERT_EQ(0, evil_make(&e, &mlic_defects[i]));
		EXPECT_TRUE(memcmp(&e.hdr, &base.hdr, sizeof(e.hdr)) ||
			    e.file_bytes != base.file_bytes)
			TH_LOG("%s changes nothing", mlic_defects[i].name);
		for (j = 0; j < i; j++)
			EXPECT_STRNE(mlic_defects[i].name,
				     mlic_defects[j].name);
	}
}

/* --- secure copies ------------------------------------------------------ */

FIXTURE(secure) {
	struct evil e;
	void *copy;
};

FIXTURE_SETUP(secure)
{
	ASSERT_EQ(0, evil_base(&self->e));
	self->copy = malloc(self->e.geo.copy_bytes);
	ASSERT_NE(NULL, self->copy);
}

FIXTURE_TEARDOWN(secure)
{
	free(self->copy);
}

TEST_F(secure, empty_copies_accepted)
{
	const struct mlic_geometry *geo = &self->e.geo;
	const char *why = NULL;
	unsigned int which;
	u64 gen = 0;

	for (which = 0; which < 2; which++) {
		mlic_secure_copy_init(self->copy, geo, which, 7);
		EXPECT_EQ(0, mlic_secure_copy_check(self->copy, geo, which,
						    &gen, &why));
		EXPECT_EQ(7, gen);
		EXPECT_EQ(0, mlic_secure_slots_used(self->copy, geo));
	}
}

TEST_F(secure, used_slot_accepted_and_counted)
{
	const struct mlic_geometry *geo = &self->e.geo;
	struct mlic_slot *slot;
	const char *why = NULL;
	u64 gen;

	mlic_secure_copy_init(self->copy, geo, 1, 3);
	slot = mlic_secure_slot_mut(self->copy, 5);
	slot->state = cpu_to_le32(MLIC_SLOT_USED);
	memset(slot->content_id, 0xab, sizeof(slot->content_id));
	memset(slot->nonce, 0xcd, sizeof(slot->nonce));
	memset(slot->sealed, 0xef, sizeof(slot->sealed));
	mlic_secure_copy_seal(self->copy, geo, 1, 4);
	EXPECT_EQ(0, mlic_secure_copy_check(self->copy, geo, 1, &gen, &why));
	EXPECT_EQ(4, gen);
	EXPECT_EQ(1, mlic_secure_slots_used(self->copy, geo));
}

TEST_F(secure, copy_a_is_not_copy_b)
{
	const char *why = NULL;
	u64 gen;

	mlic_secure_copy_init(self->copy, &self->e.geo, 0, 1);
	EXPECT_EQ(-EBADMSG, mlic_secure_copy_check(self->copy, &self->e.geo,
						   1, &gen, &why));
	EXPECT_STREQ(RS_PLACE, why);
}

/* A copy of another medium's geometry does not fit this one. */
TEST_F(secure, other_slot_count_refused)
{
	struct mlic_geometry other = self->e.geo;
	const char *why = NULL;
	u64 gen;

	other.slot_count = 65;	/* same copy size: 64 + 65 * 128 < 12 KiB */
	mlic_secure_copy_init(self->copy, &other, 0, 1);
	EXPECT_EQ(-EBADMSG, mlic_secure_copy_check(self->copy, &self->e.geo,
						   0, &gen, &why));
	EXPECT_STREQ(RS_GEOMETRY, why);
}

/* One test case per defect of a secure copy, in copy A and in copy B. */
enum {
#define X(n, r) S_##n,
	MLIC_SECURE_DEFECTS(X)
#undef X
};

FIXTURE(secure_defect) {
	struct evil e;
	void *copy;
};

FIXTURE_VARIANT(secure_defect) {
	unsigned int defect;
};

#define X(n, r) FIXTURE_VARIANT_ADD(secure_defect, n) { .defect = S_##n };
MLIC_SECURE_DEFECTS(X)
#undef X

FIXTURE_SETUP(secure_defect)
{
	ASSERT_EQ(0, evil_base(&self->e));
	self->copy = malloc(self->e.geo.copy_bytes);
	ASSERT_NE(NULL, self->copy);
}

FIXTURE_TEARDOWN(secure_defect)
{
	free(self->copy);
}

TEST_F(secure_defect, refused)
{
	const struct mlic_secure_defect *d =
		&mlic_secure_defects[variant->defect];
	const struct mlic_geometry *geo = &self->e.geo;
	unsigned int which;
	const char *why;
	u64 gen;

	for (which = 0; which < 2; which++) {
		evil_secure_copy(self->copy, geo, which);
		ASSERT_EQ(0, mlic_secure_copy_check(self->copy, geo, which,
						    &gen, &why));
		d->apply(self->copy, geo, which);
		why = NULL;
		EXPECT_EQ(-EBADMSG, mlic_secure_copy_check(self->copy, geo,
							   which, &gen, &why));
		ASSERT_NE(NULL, why);
		EXPECT_STREQ(d->reason, why);
	}
}

TEST_HARNESS_MAIN
