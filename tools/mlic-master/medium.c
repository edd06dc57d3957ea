// SPDX-License-Identifier: GPL-2.0
/*
 * medium.c - mlic-master create: writing the image and proving it right.
 *
 * The image is created O_EXCL at its full size.  It gets its first area
 * and both secure copies, with one license per content in slots 0..n-1
 * (generation 1), then an ext4 user area from mke2fs holding the staged
 * NAME.mlc files, which debugfs hands to root.  Everything is read back:
 * the header and both copies through the driver's format code, every
 * license opened again with the medium's license-wrap key, the ext4
 * superblock, and the root directory of the user area, which must hold
 * exactly the contents, mode 0644, owned by root, of the right sizes.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "medium.h"

/**
 * medium_seal_licenses() - seal the license of every content for its slot
 * @verb: the verb, for messages
 * @cr: the medium, its layout and license-wrap transform ready
 *
 * Fills cr->slots: slot i licenses content i.
 *
 * Return: 0, or -errno after saying what is wrong.
 */
int medium_seal_licenses(const char *verb, struct create *cr)
{
	const struct mlic_keytab_entry *e;
	struct mlic_license_plain plain;
	u8 nonce[MLIC_NONCE_SIZE];
	size_t i;
	int ret = 0;

	cr->slots = calloc(cr->n, sizeof(*cr->slots));
	if (!cr->slots)
		return -ENOMEM;
	for (i = 0; i < cr->n && !ret; i++) {
		e = &cr->kt.entries[cr->c[i].entry];
		ret = mlic_random(nonce, sizeof(nonce));
		if (ret) {
			mlic_cli_errno(verb, "getrandom", ret, MLIC_ERR_FILE);
			break;
		}
		mlic_license_plain_init(&plain, e->key);
		ret = mlic_slot_seal(cr->lwk, cr->geo.medium_id, i,
				     e->content_id, &plain, nonce,
				     &cr->slots[i]);
		explicit_bzero(&plain, sizeof(plain));
		if (ret)
			crypto_failed(verb, cr->a.image, ret);
	}
	return ret;
}

/* The first area and both secure copies, with the licenses. */
static int write_metadata(const struct create *cr)
{
	int ret;

	if (ftruncate(cr->fd, cr->a.size))
		return -errno;
	ret = mlic_image_write_metadata(cr->fd, &cr->hdr, &cr->geo);
	if (!ret && cr->n)
		ret = mlic_image_write_licenses(cr->fd, &cr->geo, cr->slots,
						cr->n);
	return ret;
}

/* Does @slot hold the license of @e, sealed for this medium and place? */
static bool license_matches(const struct create *cr, u32 index,
			    const struct mlic_slot *slot,
			    const struct mlic_keytab_entry *e)
{
	struct mlic_license_plain plain, want;
	bool ok;

	mlic_license_plain_init(&want, e->key);
	ok = !memcmp(slot, &cr->slots[index], sizeof(*slot)) &&
	     !memcmp(slot->content_id, e->content_id, MLIC_ID_SIZE) &&
	     !mlic_slot_open(cr->lwk, cr->geo.medium_id, index, slot, &plain) &&
	     !memcmp(&plain, &want, sizeof(plain));
	explicit_bzero(&plain, sizeof(plain));
	explicit_bzero(&want, sizeof(want));
	return ok;
}

/* Both secure copies: generation 1, the licenses and nothing else. */
static int verify_secure(const struct create *cr, const char **why)
{
	const struct mlic_geometry *geo = &cr->geo;
	unsigned int which;
	void *copy;
	u64 gen;
	size_t i;
	int ret = 0;

	copy = malloc(geo->copy_bytes);
	if (!copy)
		return -ENOMEM;
	for (which = 0; which < 2 && !ret; which++) {
		ret = mlic_image_read_secure(cr->fd, geo, which, copy, &gen,
					     why);
		if (!ret && (gen != 1 ||
			     mlic_secure_slots_used(copy, geo) != cr->n)) {
			*why = "a secure copy read back holds other slots "
			       "than the ones written";
			ret = -EIO;
		}
		for (i = 0; !ret && i < cr->n; i++) {
			if (!license_matches(cr, i, mlic_secure_slot(copy, i),
					     &cr->kt.entries[cr->c[i].entry])) {
				*why = "a license read back does not open to "
				       "its content's key";
				ret = -EIO;
			}
		}
	}
	free(copy);
	return ret;
}

/* Checks one entry of the user area's root directory. */
static int check_dirent(const struct ext4_dirent *d, void *arg)
{
	struct create *cr = arg;
	size_t i;

	if (!strcmp(d->name, "lost+found"))
		return 0;
	for (i = 0; i < cr->n; i++) {
		if (strcmp(d->name, cr->c[i].file))
			continue;
		if (d->mode != (S_IFREG | 0644) || d->uid || d->gid ||
		    d->size != mlic_content_encrypted_bytes(
				cr->c[i].plain_bytes, MLIC_CHUNK_DEFAULT))
			return -EPERM;
		cr->c[i].listed = true;
		return 0;
	}
	return -EEXIST;
}

/* The user area holds the contents, as they should be, and no more. */
static int verify_user_area(struct create *cr, const char **why)
{
	char *out = stage_path(&cr->st, "listing");
	size_t i;
	int ret;

	if (!out)
		return -ENOMEM;
	ret = mkfs_list_root(cr->debugfs, cr->a.image, cr->geo.user_offset,
			     out, check_dirent, cr);
	free(out);
	for (i = 0; !ret && i < cr->n; i++)
		if (!cr->c[i].listed)
			ret = -ENOENT;
	if (ret == -EPERM)
		*why = "a content in the user area is not root's, mode 0644, "
		       "of its size";
	else if (ret == -EEXIST)
		*why = "the user area holds a file that is not a content";
	else if (ret == -ENOENT)
		*why = "a content is missing from the user area";
	else if (ret == -ECHILD)
		*why = "debugfs cannot list the user area";
	return ret;
}

/* Read back everything and check it. */
static int verify_image(struct create *cr, const char **why)
{
	struct mlic_geometry geo;
	int ret;

	ret = mlic_image_read_header(cr->fd, &geo, why);
	if (ret)
		return ret;
	if (memcmp(&geo, &cr->geo, sizeof(geo))) {
		*why = "the medium header read back differs from the one "
		       "written";
		return -EIO;
	}
	ret = verify_secure(cr, why) ?:
	      mkfs_verify(cr->fd, geo.user_offset, geo.user_bytes, why);
	if (!ret && cr->n)
		ret = verify_user_area(cr, why);
	return ret;
}

/**
 * struct staging - mke2fs copying the staged contents into the image
 * @prog: the progress line
 * @fd: the image, whose allocated blocks tell how far it is
 * @before: what the image had allocated before
 */
struct staging {
	struct mlic_progress prog;
	int fd;
	u64 before;
};

static u64 allocated(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : (u64)st.st_blocks * 512;
}

static void staging_tick(void *arg)
{
	struct staging *s = arg;
	u64 now = allocated(s->fd);

	mlic_progress_update(&s->prog, now > s->before ? now - s->before : 0);
}

/* The ext4 user area, with the contents handed to root. */
static int make_user_area(const char *verb, struct create *cr)
{
	struct staging s = { .fd = cr->fd, .before = allocated(cr->fd) };
	const char **names;
	u64 total = 0;
	char *cmds;
	size_t i;
	int ret;

	for (i = 0; i < cr->n; i++)
		total += mlic_content_encrypted_bytes(cr->c[i].plain_bytes,
						      MLIC_CHUNK_DEFAULT);
	mlic_progress_begin(&s.prog, "writing the user area", total);
	ret = mkfs_run(cr->mke2fs, cr->a.image, cr->geo.user_offset,
		       cr->geo.user_bytes, cr->n ? cr->st.user : NULL,
		       cr->n ? staging_tick : NULL, &s);
	mlic_progress_end(&s.prog);
	if (ret == -ECHILD)
		mlic_cli_error(verb, cr->a.image, "%s failed to make the ext4 "
			       "user area", cr->mke2fs);
	if (ret || !cr->n || mlic_interrupted)
		return ret;
	names = calloc(cr->n, sizeof(*names));
	cmds = stage_path(&cr->st, "debugfs.cmds");
	ret = names && cmds ? 0 : -ENOMEM;
	for (i = 0; !ret && i < cr->n; i++)
		names[i] = cr->c[i].file;
	if (!ret)
		ret = mkfs_give_to_root(cr->debugfs, cr->a.image,
					cr->geo.user_offset, cmds, names,
					cr->n);
	if (ret == -ECHILD)
		mlic_cli_error(verb, cr->a.image, "%s failed to hand the "
			       "contents to root", cr->debugfs);
	free(names);
	free(cmds);
	return ret;
}

/* Build the image in cr->fd, created empty for us; say what went wrong. */
static int write_image(const char *verb, struct create *cr)
{
	const char *why = NULL;
	int ret;

	ret = write_metadata(cr);
	if (ret)
		goto io_error;
	if (mlic_interrupted)
		goto stopped;
	ret = make_user_area(verb, cr);
	if (mlic_interrupted)
		goto stopped;
	if (ret == -ECHILD)
		return ret;
	if (ret)
		goto io_error;
	ret = verify_image(cr, &why);
	if (ret && why) {
		mlic_cli_error(verb, cr->a.image, "check after writing: %s",
			       why);
		return ret;
	}
	if (ret)
		goto io_error;
	if (fsync(cr->fd)) {
		ret = -errno;
		goto io_error;
	}
	return 0;

io_error:
	mlic_cli_errno(verb, cr->a.image, ret, MLIC_ERR_FILE);
	return ret;
stopped:
	mlic_cli_error(verb, cr->a.image, "interrupted by signal %d",
		       (int)mlic_interrupted);
	return -EINTR;
}

/* IMAGE exists: say what it is, and what to do instead. */
static void explain_exists(const char *verb, const char *path)
{
	struct stat st;

	if (lstat(path, &st) || S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) {
		mlic_cli_errno(verb, path, -EEXIST, MLIC_ERR_FILE);
		return;
	}
	if (S_ISBLK(st.st_mode)) {
		mlic_cli_error(verb, path, "a block device: create makes a new "
			       "image file, and never writes over a device");
		mlic_cli_hint("create the image as a file, then copy it onto "
			      "the device: dd if=IMAGE of=%s bs=1M "
			      "conv=fsync", mlic_cli_safe(path));
		return;
	}
	mlic_cli_error(verb, path, "exists and is not a file; create makes a "
		       "new image file");
	mlic_cli_hint("choose the name of a new file");
}

/**
 * medium_check_new() - refuse an IMAGE that exists, before any work
 * @verb: the verb, for messages
 * @path: the image to be created
 *
 * medium_build() creates it O_EXCL all the same; this says early, and
 * with the right advice for a block device.
 *
 * Return: 0, or -EEXIST after saying what it is.
 */
int medium_check_new(const char *verb, const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		return 0;
	explain_exists(verb, path);
	return -EEXIST;
}

/**
 * medium_build() - create the image and everything in it
 * @verb: the verb, for messages
 * @cr: the medium, prepared and its contents staged
 *
 * Return: 0 with cr->fd open and synced, or -errno after saying what went
 * wrong, with no image left behind.
 */
int medium_build(const char *verb, struct create *cr)
{
	int ret;

	cr->fd = open(cr->a.image, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC |
		      O_NOCTTY, 0666);
	if (cr->fd < 0) {
		ret = -errno;
		if (ret == -EEXIST)
			explain_exists(verb, cr->a.image);
		else
			mlic_cli_errno(verb, cr->a.image, ret, MLIC_ERR_FILE);
		return ret;
	}
	ret = write_image(verb, cr);
	if (ret)
		medium_remove(verb, cr);
	return ret;
}

/**
 * medium_remove() - remove the image, if its name still names our file
 * @verb: the verb, for messages
 * @cr: the medium; cr->fd is closed
 */
void medium_remove(const char *verb, struct create *cr)
{
	const char *path = cr->a.image;
	struct stat ours, now;

	if (fstat(cr->fd, &ours) || lstat(path, &now) ||
	    ours.st_dev != now.st_dev || ours.st_ino != now.st_ino) {
		mlic_cli_warn(verb, path, "not removing the partial image: "
			      "it was moved or replaced");
	} else if (unlink(path)) {
		mlic_cli_warn(verb, path, "cannot remove the partial image: %s",
			      strerror(errno));
	} else {
		mlic_fsync_parent(path);
	}
	close(cr->fd);
	cr->fd = -1;
}

/**
 * medium_close() - the image is complete: close it, sync its directory
 * @verb: the verb, for messages
 * @cr: the medium; cr->fd is closed
 */
void medium_close(const char *verb, struct create *cr)
{
	int ret;

	close(cr->fd);	/* synced already: nothing to lose here */
	cr->fd = -1;
	ret = mlic_fsync_parent(cr->a.image);
	if (ret)
		mlic_cli_warn(verb, cr->a.image, "cannot sync its directory: "
			      "%s", strerror(-ret));
}
