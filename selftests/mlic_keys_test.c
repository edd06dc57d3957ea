// SPDX-License-Identifier: GPL-2.0
/*
 * mlic_keys_test.c - the system key ioctls, and every refusal of the
 * licensing ioctls that needs no sealed data: what the kernel does with
 * garbage, with a missing key, with the wrong medium, with a forged
 * license, without privilege.  (Round trips with real licenses are the
 * shell tests' job: they need mlic-master.)
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mlic_test.h"
#include "kselftest_harness.h"

/* HKDF-SHA256(IKM = 00 01 .. 1f, no salt, MLIC_HKDF_FINGERPRINT, 16). */
static const u8 kat_fingerprint[MLIC_ID_SIZE] = {
	0xfa, 0xc7, 0x0e, 0x74, 0xa7, 0x4d, 0x63, 0x24,
	0x72, 0x7e, 0xd5, 0x94, 0x64, 0x79, 0x1c, 0xe3,
};

static s32 add_key(const char *type, const char *desc, const void *payload,
		   size_t len)
{
	return syscall(SYS_add_key, type, desc, payload, len,
		       KEY_SPEC_PROCESS_KEYRING);
}

static int key_load(int ctl, s32 id)
{
	struct mlic_key_load req = { .key_id = id };

	return ioctl(ctl, MLIC_CTL_KEY_LOAD, &req) ? -errno : 0;
}

static int key_status(int ctl, struct mlic_key_status *st)
{
	memset(st, 0, sizeof(*st));
	return ioctl(ctl, MLIC_CTL_KEY_STATUS, st) ? -errno : 0;
}

/* Load 00 01 .. 1f (or @fill) through a logon key. */
static int load_test_key(int ctl, int fill)
{
	u8 key[MLIC_KEY_SIZE];
	s32 id;

	for (int i = 0; i < MLIC_KEY_SIZE; i++)
		key[i] = fill < 0 ? i : fill;
	id = add_key("logon", "mlic:system", key, sizeof(key));
	if (id < 0)
		return -errno;
	return key_load(ctl, id);
}

FIXTURE(keys) {
	int ctl;
};

FIXTURE_SETUP(keys)
{
	self->ctl = open("/dev/mlic-control", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->ctl);
	ioctl(self->ctl, MLIC_CTL_KEY_UNLOAD, 0);
}

FIXTURE_TEARDOWN(keys)
{
	ioctl(self->ctl, MLIC_CTL_KEY_UNLOAD, 0);
	close(self->ctl);
}

TEST_F(keys, load_status_unload)
{
	struct mlic_key_status st;

	ASSERT_EQ(0, key_status(self->ctl, &st));
	EXPECT_EQ(0, st.flags);
	for (size_t i = 0; i < sizeof(st.fingerprint); i++)
		EXPECT_EQ(0, st.fingerprint[i]);

	ASSERT_EQ(0, load_test_key(self->ctl, -1));
	ASSERT_EQ(0, key_status(self->ctl, &st));
	EXPECT_EQ(MLIC_KEY_LOADED, st.flags);
	/* The kernel's HKDF agrees with RFC 5869 as computed elsewhere. */
	EXPECT_EQ(0, memcmp(st.fingerprint, kat_fingerprint,
			    sizeof(kat_fingerprint)));

	/* The same key again changes nothing; another one is refused. */
	EXPECT_EQ(0, load_test_key(self->ctl, -1));
	EXPECT_EQ(-EEXIST, load_test_key(self->ctl, 0x42));

	EXPECT_EQ(0, ioctl(self->ctl, MLIC_CTL_KEY_UNLOAD, 0));
	ASSERT_EQ(0, key_status(self->ctl, &st));
	EXPECT_EQ(0, st.flags);
	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_CTL_KEY_UNLOAD, 0));
	EXPECT_EQ(ENOKEY, errno);
	EXPECT_EQ(0, load_test_key(self->ctl, 0x42));
}

TEST_F(keys, only_mlic_logon_keys_of_32_bytes)
{
	u8 key[MLIC_KEY_SIZE] = { 1 };
	s32 id;

	id = add_key("user", "mlic:system", key, sizeof(key));
	ASSERT_LE(0, id);
	EXPECT_EQ(-EKEYREJECTED, key_load(self->ctl, id));
	id = add_key("logon", "other:system", key, sizeof(key));
	ASSERT_LE(0, id);
	EXPECT_EQ(-EKEYREJECTED, key_load(self->ctl, id));
	id = add_key("logon", "mlic:short", key, 16);
	ASSERT_LE(0, id);
	EXPECT_EQ(-EINVAL, key_load(self->ctl, id));
	id = add_key("logon", "mlic:revoked", key, sizeof(key));
	ASSERT_LE(0, id);
	ASSERT_EQ(0, syscall(SYS_keyctl, KEYCTL_REVOKE, id));
	EXPECT_EQ(-EKEYREVOKED, key_load(self->ctl, id));
	EXPECT_EQ(-ENOKEY, key_load(self->ctl, 0x7ffffff0));
}

TEST_F(keys, garbage_fields)
{
	struct mlic_key_load load = { .key_id = 1, .flags = 1 };
	struct mlic_key_status st = { .reserved = 1 };

	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_CTL_KEY_LOAD, &load));
	EXPECT_EQ(EINVAL, errno);
	load.flags = 0;
	load.reserved[2] = 1;
	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_CTL_KEY_LOAD, &load));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_CTL_KEY_STATUS, &st));
	EXPECT_EQ(EINVAL, errno);
	memset(&st, 0, sizeof(st));
	st.fingerprint[3] = 1;
	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_CTL_KEY_STATUS, &st));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_CTL_KEY_UNLOAD, 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->ctl, MLIC_CTL_KEY_LOAD, NULL));
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(keys, root_only)
{
	pid_t pid = fork();
	int status;

	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct mlic_key_status st = { };

		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(10);
		if (load_test_key(self->ctl, -1) != -EPERM)
			_exit(11);
		if (ioctl(self->ctl, MLIC_CTL_KEY_UNLOAD, 0) != -1 ||
		    errno != EPERM)
			_exit(12);
		if (ioctl(self->ctl, MLIC_CTL_KEY_STATUS, &st) != -1 ||
		    errno != EPERM)
			_exit(13);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* --- a medium: the licensing ioctls' refusals ----------------------- */

FIXTURE(medium) {
	char path[256];
	struct mlic_geometry geo;
	int img, ctl, dev;
	u32 index;
};

FIXTURE_SETUP(medium)
{
	snprintf(self->path, sizeof(self->path), "%s/keys-%d.img",
		 mlic_test_dir(), getpid());
	ASSERT_EQ(0, mlic_test_image(self->path, 16 << 20, 4, &self->geo));
	self->img = open(self->path, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->img);
	self->ctl = open("/dev/mlic-control", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->ctl);
	ioctl(self->ctl, MLIC_CTL_KEY_UNLOAD, 0);
	ASSERT_EQ(0, mlic_test_get_free(self->ctl, &self->index));
	self->dev = mlic_test_open_dev(self->index, O_RDWR);
	ASSERT_LE(0, self->dev);
	ASSERT_EQ(0, mlic_test_attach(self->dev, self->img, 0));
}

FIXTURE_TEARDOWN(medium)
{
	ioctl(self->dev, MLIC_DETACH, 0);
	ioctl(self->ctl, MLIC_CTL_KEY_UNLOAD, 0);
	close(self->dev);
	close(self->ctl);
	close(self->img);
	unlink(self->path);
}

static void content_header(struct mlic_content_header *h, u64 plain)
{
	memset(h, 0, sizeof(*h));
	h->magic = htole64(MLIC_CONTENT_MAGIC);
	h->version = htole32(MLIC_FORMAT_VERSION);
	h->content_id[0] = 0xc0;
	h->plain_bytes = htole64(plain);
	h->chunk_bytes = htole32(MLIC_CHUNK_MIN);
}

/* A request for chunk 0 of a 10000-byte content (chunks of 4096). */
static void decrypt_req(struct mlic_decrypt *d, void *in, void *out)
{
	memset(d, 0, sizeof(*d));
	content_header(&d->header, 10000);
	d->nr_chunks = 1;
	d->in = (uintptr_t)in;
	d->in_bytes = MLIC_CHUNK_MIN + MLIC_TAG_SIZE;
	d->out = (uintptr_t)out;
	d->out_bytes = MLIC_CHUNK_MIN;
}

static int decrypt(int dev, struct mlic_decrypt *d)
{
	return ioctl(dev, MLIC_DECRYPT, d) ? -errno : 0;
}

TEST_F(medium, decrypt_refusals)
{
	static u8 in[2 * (MLIC_CHUNK_MIN + MLIC_TAG_SIZE) + 2000];
	static u8 out[3 * MLIC_CHUNK_MIN];
	struct mlic_decrypt d;

	/* Malformed requests, whatever the keys. */
	decrypt_req(&d, in, out);
	d.flags = 1;
	EXPECT_EQ(-EINVAL, decrypt(self->dev, &d));
	decrypt_req(&d, in, out);
	d.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, decrypt(self->dev, &d));
	decrypt_req(&d, in, out);
	d.header.magic = 0;
	EXPECT_EQ(-EINVAL, decrypt(self->dev, &d));
	decrypt_req(&d, in, out);
	d.header.version = htole32(2);
	EXPECT_EQ(-EOPNOTSUPP, decrypt(self->dev, &d));
	decrypt_req(&d, in, out);
	d.header.chunk_bytes = htole32(5000);
	EXPECT_EQ(-EINVAL, decrypt(self->dev, &d));
	decrypt_req(&d, in, out);
	d.nr_chunks = 0;
	EXPECT_EQ(-EINVAL, decrypt(self->dev, &d));
	decrypt_req(&d, in, out);
	d.nr_chunks = MLIC_DECRYPT_MAX + 1;
	EXPECT_EQ(-EINVAL, decrypt(self->dev, &d));
	decrypt_req(&d, in, out);
	d.first_chunk = 3;		/* 10000 bytes: chunks 0..2 */
	EXPECT_EQ(-EINVAL, decrypt(self->dev, &d));
	decrypt_req(&d, in, out);
	d.first_chunk = 2;
	d.nr_chunks = 2;
	EXPECT_EQ(-EINVAL, decrypt(self->dev, &d));
	decrypt_req(&d, in, out);
	d.in_bytes -= 1;
	EXPECT_EQ(-EINVAL, decrypt(self->dev, &d));

	/* Output room: too little is EOVERFLOW with the room needed. */
	decrypt_req(&d, in, out);
	d.nr_chunks = 3;
	d.in_bytes = 10000 + 3 * MLIC_TAG_SIZE;
	d.out_bytes = 9999;
	EXPECT_EQ(-EOVERFLOW, decrypt(self->dev, &d));
	EXPECT_EQ(10000, d.out_bytes);

	/* Well formed, but no system key, then no license. */
	decrypt_req(&d, in, out);
	EXPECT_EQ(-ENOKEY, decrypt(self->dev, &d));
	ASSERT_EQ(0, load_test_key(self->ctl, -1));
	EXPECT_EQ(-EACCES, decrypt(self->dev, &d));
	d.in = 16;
	EXPECT_EQ(-EACCES, decrypt(self->dev, &d));
}

TEST_F(medium, decrypt_needs_read_access)
{
	struct mlic_decrypt d;
	u8 in[MLIC_CHUNK_MIN + MLIC_TAG_SIZE], out[MLIC_CHUNK_MIN];
	int wo = mlic_test_open_dev(self->index, O_WRONLY);

	ASSERT_LE(0, wo);
	decrypt_req(&d, in, out);
	EXPECT_EQ(-EBADF, decrypt(wo, &d));
	close(wo);
}

TEST_F(medium, licenses_of_an_empty_medium)
{
	struct mlic_license_entry e[4];
	struct mlic_licenses req = { .count = 4, .entries = (uintptr_t)e };

	ASSERT_EQ(0, ioctl(self->dev, MLIC_GET_LICENSES, &req));
	EXPECT_EQ(0, req.count);
	req.flags = 1;
	EXPECT_EQ(-1, ioctl(self->dev, MLIC_GET_LICENSES, &req));
	EXPECT_EQ(EINVAL, errno);
}

static int install(int dev, struct mlic_install_license *req)
{
	return ioctl(dev, MLIC_INSTALL_LICENSE, req) ? -errno : 0;
}

static void forged_license(struct mlic_install_license *req, const u8 *id)
{
	memset(req, 0, sizeof(*req));
	req->license.magic = htole64(MLIC_ISSUED_MAGIC);
	req->license.version = htole32(MLIC_FORMAT_VERSION);
	memcpy(req->license.medium_id, id, MLIC_ID_SIZE);
	memset(req->license.content_id, 0xcc, MLIC_ID_SIZE);
	memset(req->license.sealed, 0x5a, sizeof(req->license.sealed));
}

TEST_F(medium, install_refusals)
{
	struct mlic_install_license req;
	struct mlic_licenses list = { .count = 0 };
	u8 other[MLIC_ID_SIZE];
	int ro;

	forged_license(&req, self->geo.medium_id);
	req.flags = 1;
	EXPECT_EQ(-EINVAL, install(self->dev, &req));
	forged_license(&req, self->geo.medium_id);
	req.slot = 3;
	EXPECT_EQ(-EINVAL, install(self->dev, &req));
	forged_license(&req, self->geo.medium_id);
	req.license.magic = 0;
	EXPECT_EQ(-EINVAL, install(self->dev, &req));
	forged_license(&req, self->geo.medium_id);
	req.license.version = htole32(9);
	EXPECT_EQ(-EOPNOTSUPP, install(self->dev, &req));
	forged_license(&req, self->geo.medium_id);
	req.license.reserved = 1;
	EXPECT_EQ(-EINVAL, install(self->dev, &req));

	/* Another medium's license is refused before any key is needed. */
	memcpy(other, self->geo.medium_id, sizeof(other));
	other[15] ^= 1;
	forged_license(&req, other);
	EXPECT_EQ(-EXDEV, install(self->dev, &req));

	forged_license(&req, self->geo.medium_id);
	EXPECT_EQ(-ENOKEY, install(self->dev, &req));
	ASSERT_EQ(0, load_test_key(self->ctl, -1));
	/* Forged: it does not authenticate under this medium's key. */
	EXPECT_EQ(-EBADMSG, install(self->dev, &req));

	/* Nothing was written. */
	ASSERT_EQ(0, ioctl(self->dev, MLIC_GET_LICENSES, &list));
	EXPECT_EQ(0, list.count);

	/* A read-only medium refuses before looking at the license. */
	ASSERT_EQ(0, ioctl(self->dev, MLIC_DETACH, 0));
	ro = open(self->path, O_RDONLY);
	ASSERT_LE(0, ro);
	ASSERT_EQ(0, mlic_test_attach(self->dev, ro, 0));
	close(ro);
	EXPECT_EQ(-EROFS, install(self->dev, &req));
}

TEST_F(medium, install_is_root_only)
{
	pid_t pid = fork();
	int status;

	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct mlic_install_license req;

		forged_license(&req, self->geo.medium_id);
		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(10);
		_exit(install(self->dev, &req) == -EPERM ? 0 : 11);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
