// SPDX-License-Identifier: GPL-2.0
/*
 * mlic_crypto_test.c - known answers for the licensing side's cryptography
 * (tools/lib/crypto.c, the kernel crypto API through libkcapi and AF_ALG),
 * and proof that the driver accepts what it makes and vice versa.
 *
 * The vectors: RFC 5869 test cases 1-3 (HKDF-SHA256); the AES-256 cases of
 * McGrew and Viega's GCM specification (13, 14, 16); and golden vectors of
 * mlic's own constructions, computed independently of this code (Python's
 * hmac and cryptography.io), for fixed inputs: system key 00..1f, medium
 * ID a0..af, content ID c0..cf, content key 80..9f, slot 3 with nonce
 * b0..bb, issued-license nonce d0..db, and a 5000-byte content
 * (byte i = 7i + 3) in 4096-byte chunks with file nonce e0..e7.
 *
 * The "kernel" tests need mlic loaded (they skip otherwise): the golden
 * slot record is put on a medium, the golden content decrypted through
 * MLIC_DECRYPT, the golden issued license installed, and the record the
 * driver sealed for it opened here again.  They load the system key
 * 00..1f and unload it at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mlic_test.h"
#include "kselftest_harness.h"

static void fill(u8 *buf, size_t len, u8 first)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = first + i;
}

static int unhex(const char *hex, u8 *out, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (sscanf(hex + 2 * i, "%2hhx", &out[i]) != 1)
			return -1;
	return strlen(hex) == 2 * len ? 0 : -1;
}

/* AF_ALG and the algorithms are there, or the test is skipped. */
#define NEED_AF_ALG(aead_ret)						\
	do {								\
		if ((aead_ret) == -EAFNOSUPPORT ||			\
		    (aead_ret) == -ENOENT)				\
			SKIP(return, "no AF_ALG gcm(aes)/hmac(sha256)");\
	} while (0)

/* --- HKDF-SHA256: RFC 5869, appendix A, test cases 1-3 ------------------ */

TEST(hkdf_rfc5869)
{
	static const struct {
		size_t ikm_len, salt_len, info_len, okm_len;
		u8 ikm_first, salt_first, info_first;
		bool ikm_0b;
		const char *okm;
	} tc[] = {
		{ 22, 13, 10, 42, 0, 0x00, 0xf0, true,
		  "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ec"
		  "c4c5bf34007208d5b887185865" },
		{ 80, 80, 80, 82, 0x00, 0x60, 0xb0, false,
		  "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19"
		  "afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b83677"
		  "93a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87" },
		{ 22, 0, 0, 42, 0, 0, 0, true,
		  "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c"
		  "738d2d9d201395faa4b61a96c8" },
	};
	u8 ikm[80], salt[80], info[80], okm[82], want[82];
	int ret;

	for (size_t i = 0; i < ARRAY_SIZE(tc); i++) {
		if (tc[i].ikm_0b)
			memset(ikm, 0x0b, tc[i].ikm_len);
		else
			fill(ikm, tc[i].ikm_len, tc[i].ikm_first);
		fill(salt, tc[i].salt_len, tc[i].salt_first);
		fill(info, tc[i].info_len, tc[i].info_first);
		ASSERT_EQ(0, unhex(tc[i].okm, want, tc[i].okm_len));
		ret = mlic_hkdf_sha256(ikm, tc[i].ikm_len, salt,
				       tc[i].salt_len, info, tc[i].info_len,
				       okm, tc[i].okm_len);
		NEED_AF_ALG(ret);
		ASSERT_EQ(0, ret) TH_LOG("test case %zu", i + 1);
		EXPECT_EQ(0, memcmp(okm, want, tc[i].okm_len))
			TH_LOG("test case %zu", i + 1);
	}
}

/* --- AES-256-GCM: McGrew & Viega, test cases 13, 14 and 16 -------------- */

TEST(aes256_gcm_vectors)
{
	static const struct {
		const char *key, *iv, *pt, *ad, *ct, *tag;
	} tc[] = {
		{ "", "", "", "", "", "530f8afbc74536b9a963b4f1c4cb738b" },
		{ "", "", "00000000000000000000000000000000", "",
		  "cea7403d4d606b6e074ec5d3baf39d18",
		  "d0d1c8a799996bf0265b98b5d48ab919" },
		{ "feffe9928665731c6d6a8f9467308308"
		  "feffe9928665731c6d6a8f9467308308",
		  "cafebabefacedbaddecaf888",
		  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a"
		  "318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba63"
		  "7b39",
		  "feedfacedeadbeeffeedfacedeadbeefabaddad2",
		  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd25"
		  "55d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9"
		  "f662",
		  "76fc6ece0f4e1768cddf8853bb2d551b" },
	};
	u8 key[32], iv[12], buf[160], want[160];
	struct mlic_aead *aead;
	size_t ad, len;
	int ret;

	for (size_t i = 0; i < ARRAY_SIZE(tc); i++) {
		memset(key, 0, sizeof(key));
		memset(iv, 0, sizeof(iv));
		ad = strlen(tc[i].ad) / 2;
		len = strlen(tc[i].pt) / 2;
		ASSERT_TRUE(!*tc[i].key || !unhex(tc[i].key, key, 32));
		ASSERT_TRUE(!*tc[i].iv || !unhex(tc[i].iv, iv, 12));
		ASSERT_EQ(0, unhex(tc[i].ad, buf, ad));
		ASSERT_EQ(0, unhex(tc[i].pt, buf + ad, len));
		ASSERT_EQ(0, unhex(tc[i].ad, want, ad));
		ASSERT_EQ(0, unhex(tc[i].ct, want + ad, len));
		ASSERT_EQ(0, unhex(tc[i].tag, want + ad + len, 16));
		ret = mlic_aead_new(&aead, key);
		NEED_AF_ALG(ret);
		ASSERT_EQ(0, ret);

		ASSERT_EQ(0, mlic_aead_crypt(aead, true, buf, ad, len, iv));
		EXPECT_EQ(0, memcmp(buf, want, ad + len + 16))
			TH_LOG("test case %zu", i);
		ASSERT_EQ(0, mlic_aead_crypt(aead, false, buf, ad, len + 16,
					     iv));
		EXPECT_EQ(0, unhex(tc[i].pt, want + ad, len));
		EXPECT_EQ(0, memcmp(buf, want, ad + len));

		/* A changed tag, or changed associated data, is refused. */
		ASSERT_EQ(0, mlic_aead_crypt(aead, true, buf, ad, len, iv));
		buf[ad + len + 15] ^= 1;
		EXPECT_EQ(-EBADMSG, mlic_aead_crypt(aead, false, buf, ad,
						    len + 16, iv));
		if (ad) {
			ASSERT_EQ(0, unhex(tc[i].pt, buf + ad, len));
			ASSERT_EQ(0, mlic_aead_crypt(aead, true, buf, ad, len,
						     iv));
			buf[0] ^= 0x80;
			EXPECT_EQ(-EBADMSG, mlic_aead_crypt(aead, false, buf,
							    ad, len + 16, iv));
		}
		mlic_aead_free(aead);
	}
}

/* --- mlic's keys and records: golden vectors ----------------------------- */

#define GOLDEN_SLOT	3

struct golden {
	u8 system_key[MLIC_KEY_SIZE];
	u8 medium_id[MLIC_ID_SIZE];
	u8 content_id[MLIC_ID_SIZE];
	u8 content_key[MLIC_KEY_SIZE];
	u8 slot_nonce[MLIC_NONCE_SIZE];
	u8 issued_nonce[MLIC_NONCE_SIZE];
	u8 file_nonce[8];
	struct mlic_license_plain plain;
};

static void golden_init(struct golden *g)
{
	fill(g->system_key, MLIC_KEY_SIZE, 0x00);
	fill(g->medium_id, MLIC_ID_SIZE, 0xa0);
	fill(g->content_id, MLIC_ID_SIZE, 0xc0);
	fill(g->content_key, MLIC_KEY_SIZE, 0x80);
	fill(g->slot_nonce, MLIC_NONCE_SIZE, 0xb0);
	fill(g->issued_nonce, MLIC_NONCE_SIZE, 0xd0);
	fill(g->file_nonce, 8, 0xe0);
	mlic_license_plain_init(&g->plain, g->content_key);
}

static const char golden_fpr[] = "fac70e74a74d6324727ed59464791ce3";
static const char golden_lwk[] =
	"9f1b4c258d496a3e98b8980119db6380b117e2d351a94bd931632b53c315e97e";
static const char golden_ltk[] =
	"70cee398d04879b5f2d991417c35d81dd6b523dafca88e4e08aa2655496fc892";
static const char golden_slot_sealed[] =
	"e84bc8fe2ddec65667b60489dee350669d354aa450d0fd2beb1d9f5fe7d6c0bd"
	"7baf9f154223c3e870bdd3519fa7af6ce5a358684fb29e1b6230c3692595cc5e";
static const char golden_issued_sealed[] =
	"fa724ca7928b9ff372320e7e916c29766cd45381febc820c6f51f7ef5007f00d"
	"56b4f2917cb9876f54558c7aabbc467a745507642e70b1cd8ef359eb775a59a8";

TEST(system_and_medium_keys)
{
	struct golden g;
	u8 out[32], want[32];
	int ret;

	golden_init(&g);
	ret = mlic_key_fingerprint(g.system_key, out);
	NEED_AF_ALG(ret);
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, unhex(golden_fpr, want, MLIC_ID_SIZE));
	EXPECT_EQ(0, memcmp(out, want, MLIC_ID_SIZE));
	ASSERT_EQ(0, mlic_medium_key(g.system_key, g.medium_id,
				     MLIC_HKDF_LICENSE_WRAP, out));
	ASSERT_EQ(0, unhex(golden_lwk, want, 32));
	EXPECT_EQ(0, memcmp(out, want, 32));
	ASSERT_EQ(0, mlic_medium_key(g.system_key, g.medium_id,
				     MLIC_HKDF_LICENSE_SEND, out));
	ASSERT_EQ(0, unhex(golden_ltk, want, 32));
	EXPECT_EQ(0, memcmp(out, want, 32));
	/* Another medium, another key. */
	g.medium_id[15] ^= 1;
	ASSERT_EQ(0, mlic_medium_key(g.system_key, g.medium_id,
				     MLIC_HKDF_LICENSE_SEND, out));
	EXPECT_NE(0, memcmp(out, want, 32));
}

/* The golden record of slot 3, as mlic-master create writes it. */
static int golden_slot(const struct golden *g, struct mlic_slot *slot)
{
	struct mlic_aead *lwk;
	int ret;

	ret = mlic_aead_new_medium(&lwk, g->system_key, g->medium_id,
				   MLIC_HKDF_LICENSE_WRAP);
	if (ret)
		return ret;
	ret = mlic_slot_seal(lwk, g->medium_id, GOLDEN_SLOT, g->content_id,
			     &g->plain, g->slot_nonce, slot);
	mlic_aead_free(lwk);
	return ret;
}

TEST(slot_record_golden)
{
	struct mlic_license_plain back;
	struct mlic_slot slot, moved;
	struct mlic_aead *lwk;
	struct golden g;
	u8 want[64];
	int ret;

	golden_init(&g);
	ret = golden_slot(&g, &slot);
	NEED_AF_ALG(ret);
	ASSERT_EQ(0, ret);
	EXPECT_EQ(MLIC_SLOT_USED, le32_to_cpu(slot.state));
	EXPECT_EQ(0, slot.flags);
	EXPECT_EQ(0, slot.reserved);
	EXPECT_EQ(0, memcmp(slot.content_id, g.content_id, MLIC_ID_SIZE));
	EXPECT_EQ(0, memcmp(slot.nonce, g.slot_nonce, MLIC_NONCE_SIZE));
	ASSERT_EQ(0, unhex(golden_slot_sealed, want, sizeof(want)));
	EXPECT_EQ(0, memcmp(slot.sealed, want, sizeof(want)));
	for (size_t i = 0; i < sizeof(slot.pad); i++)
		EXPECT_EQ(0, slot.pad[i]);

	ASSERT_EQ(0, mlic_aead_new_medium(&lwk, g.system_key, g.medium_id,
					  MLIC_HKDF_LICENSE_WRAP));
	ASSERT_EQ(0, mlic_slot_open(lwk, g.medium_id, GOLDEN_SLOT, &slot,
				    &back));
	EXPECT_EQ(0, memcmp(&back, &g.plain, sizeof(back)));
	EXPECT_EQ(0, mlic_license_plain_check(&back));
	/* Bound to its slot, its medium and its content. */
	EXPECT_EQ(-EBADMSG, mlic_slot_open(lwk, g.medium_id, GOLDEN_SLOT + 1,
					   &slot, &back));
	g.medium_id[0] ^= 1;
	EXPECT_EQ(-EBADMSG, mlic_slot_open(lwk, g.medium_id, GOLDEN_SLOT,
					   &slot, &back));
	g.medium_id[0] ^= 1;
	moved = slot;
	moved.content_id[7] ^= 1;
	EXPECT_EQ(-EBADMSG, mlic_slot_open(lwk, g.medium_id, GOLDEN_SLOT,
					   &moved, &back));
	moved = slot;
	moved.sealed[0] ^= 1;
	EXPECT_EQ(-EBADMSG, mlic_slot_open(lwk, g.medium_id, GOLDEN_SLOT,
					   &moved, &back));
	mlic_aead_free(lwk);
}

/* The golden issued license, as mlic-master issue writes it. */
static int golden_issued(const struct golden *g,
			 struct mlic_issued_license *lic)
{
	struct mlic_aead *ltk;
	int ret;

	ret = mlic_aead_new_medium(&ltk, g->system_key, g->medium_id,
				   MLIC_HKDF_LICENSE_SEND);
	if (ret)
		return ret;
	ret = mlic_issued_seal(ltk, g->medium_id, g->content_id, &g->plain,
			       g->issued_nonce, lic);
	mlic_aead_free(ltk);
	return ret;
}

TEST(issued_license_golden)
{
	struct mlic_license_plain back;
	struct mlic_issued_license lic, bad;
	struct mlic_aead *ltk;
	struct golden g;
	const char *why;
	u8 want[64];
	int ret;

	golden_init(&g);
	ret = golden_issued(&g, &lic);
	NEED_AF_ALG(ret);
	ASSERT_EQ(0, ret);
	ASSERT_EQ(128, sizeof(lic));
	EXPECT_EQ(MLIC_ISSUED_MAGIC, le64_to_cpu(lic.magic));
	EXPECT_EQ(1, le32_to_cpu(lic.version));
	EXPECT_EQ(0, lic.flags);
	EXPECT_EQ(0, lic.reserved);
	EXPECT_EQ(0, memcmp(lic.medium_id, g.medium_id, MLIC_ID_SIZE));
	EXPECT_EQ(0, memcmp(lic.content_id, g.content_id, MLIC_ID_SIZE));
	EXPECT_EQ(0, memcmp(lic.nonce, g.issued_nonce, MLIC_NONCE_SIZE));
	ASSERT_EQ(0, unhex(golden_issued_sealed, want, sizeof(want)));
	EXPECT_EQ(0, memcmp(lic.sealed, want, sizeof(want)));
	EXPECT_EQ(0, mlic_issued_check(&lic, &why));

	ASSERT_EQ(0, mlic_aead_new_medium(&ltk, g.system_key, g.medium_id,
					  MLIC_HKDF_LICENSE_SEND));
	ASSERT_EQ(0, mlic_issued_open(ltk, &lic, &back));
	EXPECT_EQ(0, memcmp(&back, &g.plain, sizeof(back)));
	/* Every byte of it is authenticated. */
	for (size_t i = 0; i < sizeof(lic); i++) {
		if (i >= offsetof(struct mlic_issued_license, nonce) &&
		    i < offsetof(struct mlic_issued_license, nonce) +
			MLIC_NONCE_SIZE)
			continue;	/* the nonce changes the key stream */
		bad = lic;
		((u8 *)&bad)[i] ^= 0x01;
		EXPECT_EQ(-EBADMSG, mlic_issued_open(ltk, &bad, &back))
			TH_LOG("byte %zu", i);
	}
	mlic_aead_free(ltk);
}

/* The golden content: header, then two chunks of 4096 and 904 bytes. */
#define GOLDEN_PLAIN	5000
#define GOLDEN_CHUNK	4096

static void golden_plaintext(u8 *pt)
{
	for (size_t i = 0; i < GOLDEN_PLAIN; i++)
		pt[i] = i * 7 + 3;
}

/* Encrypt the golden content into @file (its size in *@len). */
static int golden_content(const struct golden *g, u8 *file, size_t *len)
{
	struct mlic_content_header *hdr = (void *)file;
	u8 pt[GOLDEN_PLAIN], buf[MLIC_CONTENT_AD_BYTES + GOLDEN_CHUNK + 16];
	struct mlic_aead *aead;
	size_t at = sizeof(*hdr);
	u32 n;
	int ret;

	golden_plaintext(pt);
	mlic_content_header_init(hdr, g->content_id, GOLDEN_PLAIN,
				 GOLDEN_CHUNK, g->file_nonce, "golden.txt");
	ret = mlic_aead_new(&aead, g->content_key);
	if (ret)
		return ret;
	for (u64 i = 0; !ret && i < mlic_content_chunks(hdr); i++) {
		n = mlic_content_chunk_plain(hdr, i);
		memcpy(buf + MLIC_CONTENT_AD_BYTES, pt + i * GOLDEN_CHUNK, n);
		ret = mlic_chunk_crypt(aead, true, hdr, i, buf, n);
		memcpy(file + at, buf + MLIC_CONTENT_AD_BYTES, n + 16);
		at += n + 16;
	}
	mlic_aead_free(aead);
	*len = at;
	return ret;
}

TEST(content_golden)
{
	static const struct {
		size_t at;
		const char *hex;
	} want[] = {
		{ 128, "3a88543a52c7e79fc984470dee2769e4" },
		{ 128 + 4096, "546a08d47ce2fda5ad04ad2d1fc66220" },
		{ 128 + 4112, "653435d89ca7f7f38832553a2be5ca1d" },
		{ 128 + 4112 + 904, "3e8b2ff9b8d654f7a7ef6fc971a2e199" },
	};
	u8 file[5200], part[16], pt[GOLDEN_PLAIN];
	u8 buf[MLIC_CONTENT_AD_BYTES + GOLDEN_CHUNK + 16];
	struct mlic_content_header *hdr = (void *)file;
	struct mlic_aead *aead;
	struct golden g;
	const char *why;
	size_t len;
	u32 n;
	int ret;

	golden_init(&g);
	ret = golden_content(&g, file, &len);
	NEED_AF_ALG(ret);
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, mlic_content_header_check(hdr, &why));
	EXPECT_EQ(5160, len);
	EXPECT_EQ(len, mlic_content_file_bytes(hdr));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		ASSERT_EQ(0, unhex(want[i].hex, part, 16));
		EXPECT_EQ(0, memcmp(file + want[i].at, part, 16))
			TH_LOG("bytes at %zu", want[i].at);
	}
	/* It decrypts back; a chunk read as another one does not. */
	golden_plaintext(pt);
	ASSERT_EQ(0, mlic_aead_new(&aead, g.content_key));
	for (u64 i = 0; i < 2; i++) {
		n = mlic_content_chunk_plain(hdr, i);
		memcpy(buf + MLIC_CONTENT_AD_BYTES,
		       file + mlic_content_chunk_offset(hdr, i), n + 16);
		ASSERT_EQ(0, mlic_chunk_crypt(aead, false, hdr, i, buf,
					      n + 16));
		EXPECT_EQ(0, memcmp(buf + MLIC_CONTENT_AD_BYTES,
				    pt + i * GOLDEN_CHUNK, n));
	}
	memcpy(buf + MLIC_CONTENT_AD_BYTES, file + 128, GOLDEN_CHUNK + 16);
	EXPECT_EQ(-EBADMSG, mlic_chunk_crypt(aead, false, hdr, 1, buf,
					     GOLDEN_CHUNK + 16));
	mlic_aead_free(aead);
}

/* --- the driver accepts what the tools make, and vice versa -------------- */

FIXTURE(kernel) {
	char path[256];
	struct mlic_geometry geo;
	struct golden g;
	int ctl;
	int img;
	int dev;
	bool attached;
	bool skip;
};

/* A medium with the golden medium ID, the golden slot record if @slot. */
static int golden_medium(FIXTURE_DATA(kernel) *self, bool slot)
{
	struct mlic_medium_header hdr;
	struct mlic_slot slots[GOLDEN_SLOT + 1] = { 0 };
	const char *why;
	int ret;

	ret = mlic_image_layout(16 << 20, 8, self->g.medium_id, 0, &hdr,
				&self->geo, &why);
	if (ret)
		return ret;
	self->img = open(self->path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
			 0600);
	if (self->img < 0)
		return -errno;
	if (ftruncate(self->img, 16 << 20))
		return -errno;
	ret = mlic_image_write_metadata(self->img, &hdr, &self->geo);
	if (!ret && slot)
		ret = golden_slot(&self->g, &slots[GOLDEN_SLOT]) ?:
		      mlic_image_write_licenses(self->img, &self->geo, slots,
						GOLDEN_SLOT + 1);
	return ret;
}

/* Attach the medium and load the golden system key. */
static int golden_attach(FIXTURE_DATA(kernel) *self)
{
	u32 index = 0;
	s32 key;
	int ret;

	ret = mlic_test_get_free(self->ctl, &index);
	if (ret)
		return ret;
	self->dev = mlic_test_open_dev(index, O_RDWR);
	if (self->dev < 0)
		return -errno;
	ret = mlic_test_attach(self->dev, self->img, 0);
	if (ret)
		return ret;
	self->attached = true;
	key = mlic_logon_key_add(MLIC_SYSTEM_KEY_DESC, self->g.system_key,
				 MLIC_KEY_SIZE);
	if (key < 0)
		return key;
	ret = mlic_ctl_key_load(self->ctl, key);
	mlic_logon_key_forget(key);
	return ret;
}

FIXTURE_SETUP(kernel)
{
	u8 probe[16];

	golden_init(&self->g);
	self->img = self->dev = self->ctl = -1;
	/* The harness runs the test after a SKIP here: it checks skip. */
	self->skip = true;
	if (mlic_hkdf_sha256(probe, 1, NULL, 0, NULL, 0, probe, 16))
		SKIP(return, "no AF_ALG hmac(sha256)");
	self->ctl = open("/dev/mlic-control", O_RDWR | O_CLOEXEC);
	if (self->ctl < 0)
		SKIP(return, "mlic is not loaded");
	self->skip = false;
	mlic_ctl_key_unload(self->ctl);
	snprintf(self->path, sizeof(self->path), "%s/crypto-%d.img",
		 mlic_test_dir(), getpid());
}

FIXTURE_TEARDOWN(kernel)
{
	if (self->attached)
		EXPECT_EQ(0, ioctl(self->dev, MLIC_DETACH, 0));
	if (self->dev >= 0)
		close(self->dev);
	if (self->img >= 0) {
		close(self->img);
		unlink(self->path);
	}
	if (self->ctl >= 0) {
		mlic_ctl_key_unload(self->ctl);
		close(self->ctl);
	}
}

/* Decrypt the golden content through the driver; expect @want. */
static int kernel_decrypt(FIXTURE_DATA(kernel) *self, u8 *out)
{
	u8 file[5200];
	size_t len;
	u64 out_bytes = GOLDEN_PLAIN;
	int ret;

	ret = golden_content(&self->g, file, &len);
	if (ret)
		return ret;
	return mlic_dev_decrypt(self->dev, (void *)file, 0, 2, file + 128,
				len - 128, out, &out_bytes) ?:
	       (out_bytes == GOLDEN_PLAIN ? 0 : -EIO);
}

TEST_F(kernel, accepts_golden_slot_and_content)
{
	struct mlic_license_entry *e;
	u8 out[GOLDEN_PLAIN], pt[GOLDEN_PLAIN];
	u32 n;

	if (self->skip)
		return;
	ASSERT_EQ(0, golden_medium(self, true));
	ASSERT_EQ(0, golden_attach(self));
	ASSERT_EQ(0, mlic_dev_get_licenses(self->dev, &e, &n));
	ASSERT_EQ(1, n);
	EXPECT_EQ(GOLDEN_SLOT, e[0].slot);
	EXPECT_EQ(MLIC_SLOT_STATE_OK, e[0].state);
	EXPECT_EQ(MLIC_RIGHT_DECRYPT, e[0].rights);
	EXPECT_EQ(0, memcmp(e[0].content_id, self->g.content_id,
			    MLIC_ID_SIZE));
	free(e);
	ASSERT_EQ(0, kernel_decrypt(self, out));
	golden_plaintext(pt);
	EXPECT_EQ(0, memcmp(out, pt, GOLDEN_PLAIN));
}

TEST_F(kernel, installs_golden_license_and_seals_what_we_open)
{
	struct mlic_issued_license lic;
	struct mlic_license_plain back;
	struct mlic_aead *lwk;
	u8 out[GOLDEN_PLAIN], pt[GOLDEN_PLAIN], *copy;
	const char *why;
	u64 gen;
	u32 slot = 99;

	if (self->skip)
		return;
	ASSERT_EQ(0, golden_medium(self, false));
	ASSERT_EQ(0, golden_attach(self));
	EXPECT_EQ(-EACCES, kernel_decrypt(self, out));
	ASSERT_EQ(0, golden_issued(&self->g, &lic));
	ASSERT_EQ(0, mlic_dev_install_license(self->dev, &lic, &slot));
	EXPECT_EQ(0, slot);
	EXPECT_EQ(-EEXIST, mlic_dev_install_license(self->dev, &lic, &slot));
	EXPECT_EQ(0, slot);
	ASSERT_EQ(0, kernel_decrypt(self, out));
	golden_plaintext(pt);
	EXPECT_EQ(0, memcmp(out, pt, GOLDEN_PLAIN));

	/* The record the driver sealed, in both copies, opens here. */
	copy = malloc(self->geo.copy_bytes);
	ASSERT_NE(NULL, copy);
	ASSERT_EQ(0, mlic_aead_new_medium(&lwk, self->g.system_key,
					  self->g.medium_id,
					  MLIC_HKDF_LICENSE_WRAP));
	for (unsigned int which = 0; which < 2; which++) {
		ASSERT_EQ(0, mlic_image_read_secure(self->img, &self->geo,
						    which, copy, &gen, &why));
		EXPECT_LT(1, gen);
		memset(&back, 0, sizeof(back));
		EXPECT_EQ(0, mlic_slot_open(lwk, self->g.medium_id, 0,
					    mlic_secure_slot(copy, 0), &back));
		EXPECT_EQ(0, memcmp(&back, &self->g.plain, sizeof(back)));
	}
	mlic_aead_free(lwk);
	free(copy);
}

TEST_HARNESS_MAIN
