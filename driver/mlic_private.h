/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mlic_private.h - what the files of the mlic driver share.
 *
 * Locking, outermost first:
 *   mlic_devices_mutex  the device table and each device's @visible flag
 *   disk->open_mutex    taken by the block layer around open and release
 *   mlic_device.lock    state, configuration and the secure area
 * The I/O path takes none of them: it runs only while the device is bound,
 * and unbinding freezes the queue before it changes anything I/O uses.
 */
#ifndef _MLIC_PRIVATE_H
#define _MLIC_PRIVATE_H

#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/workqueue.h>
#include <linux/mlic.h>

#include "format.h"

#define MLIC_NAME		"mlic"
#define MLIC_PART_SHIFT		4	/* 15 partitions per medium */
#define MLIC_QUEUE_DEPTH	128
#define MLIC_INLINE_BVECS	16
#define MLIC_MAX_SECTORS	2560	/* 1280 KiB per request, as loop */

/* How a block device was opened, as the driver's handlers see it. */
#define MLIC_MODE_READ		0x1
#define MLIC_MODE_WRITE		0x2

struct crypto_aead;

/*
 * Device states.  UNBOUND -> BOUND on attach; BOUND -> RUNDOWN -> UNBOUND
 * on detach (or on last close with autoclear); UNBOUND -> DELETING when
 * the device is removed.  Only BOUND devices do I/O or license work.
 */
enum mlic_state {
	MLIC_UNBOUND,
	MLIC_BOUND,
	MLIC_RUNDOWN,
	MLIC_DELETING,
};

/* What the license table of a device holds (mlic_device.keys_status). */
enum mlic_keys_status {
	MLIC_KEYS_NONE,		/* nothing attached */
	MLIC_KEYS_DAMAGED,	/* no valid secure area copy */
	MLIC_KEYS_LOCKED,	/* no system key: nothing unwrapped */
	MLIC_KEYS_READY,	/* every record verified (or marked bad) */
};

/**
 * struct mlic_license - one used slot, as the driver knows it
 * @slot: the slot
 * @state: MLIC_SLOT_STATE_*
 * @rights: MLIC_RIGHT_* of a verified license
 * @content_id: the content it licenses
 * @key: the unwrapped content key, in state MLIC_SLOT_STATE_OK
 * @tfm: the data path transform keyed with @key, made on first decrypt
 */
struct mlic_license {
	u32 slot;
	u32 state;
	u32 rights;
	u8 content_id[MLIC_ID_SIZE];
	u8 key[MLIC_KEY_SIZE];
	struct crypto_aead *tfm;
};

/* What happened to one copy of the secure area at attach. */
enum mlic_copy_state {
	MLIC_COPY_OK,
	MLIC_COPY_REPAIRED,	/* was damaged or stale, rewritten */
	MLIC_COPY_DAMAGED,	/* is damaged, could not be rewritten */
};

/**
 * struct mlic_device - one /dev/mlicN
 * @index: N
 * @visible: listed in the device table (under mlic_devices_mutex)
 * @disk: the gendisk; its capacity is the user area
 * @tag_set: blk-mq tag set, one hardware queue
 * @lock: serialises attach, detach, removal and secure area access
 * @state: enum mlic_state; written under @lock, read by the I/O path
 * @wq: runs requests against the backing file; exists while bound
 * @backing: the image, as handed in by the attaching process
 * @bound_node: in the list of attached images (device.c)
 * @geo: the checked geometry of the image
 * @user_sectors: size of the user area in 512-byte sectors
 * @dio_align: alignment for direct I/O to @backing, 0 if not possible
 * @read_only: no write reaches the image, not even a repair
 * @autoclear: detach when the last opener closes
 * @secure: the secure area copy in use, geo.copy_bytes long
 * @generation: generation of @secure
 * @slots_used: used license slots in @secure
 * @license_state: MLIC_LICENSE_* of the medium
 * @copy_state: enum mlic_copy_state of copies A and B
 * @keys_sem: with @lock, protects @keys_status, @licenses and
 *	      @nr_licenses: they change only with both held, so either one
 *	      is enough to read them; decryption takes only @keys_sem, for
 *	      reading, so decryptions run in parallel
 * @keys_status: enum mlic_keys_status
 * @licenses: the license table, one entry per used slot
 * @nr_licenses: entries in @licenses
 */
struct mlic_device {
	unsigned int index;
	bool visible;
	struct gendisk *disk;
	struct blk_mq_tag_set tag_set;

	struct mutex lock;		/* see the locking rules above */
	enum mlic_state state;
	struct workqueue_struct *wq;

	struct file *backing;
	struct list_head bound_node;
	struct mlic_geometry geo;
	sector_t user_sectors;
	unsigned int dio_align;
	bool read_only;
	bool autoclear;

	void *secure;
	u64 generation;
	u32 slots_used;
	u32 license_state;
	u8 copy_state[2];

	struct rw_semaphore keys_sem;
	u32 keys_status;
	struct mlic_license *licenses;
	u32 nr_licenses;
};

/* control.c */
int mlic_control_init(void);
void mlic_control_exit(void);
void mlic_devices_rekey(void);

/* apparatus.c */
int mlic_apparatus_init(void);
int mlic_apparatus_get(struct mlic_apparatus *info);

/* backup.c */
int mlic_backup(struct mlic_device *dev, struct mlic_backup *req);
int mlic_restore(struct mlic_device *dev, struct mlic_restore *req);

/* content.c */
int mlic_decrypt(struct mlic_device *dev, struct mlic_decrypt *req);

/* hkdf.c */
int mlic_hkdf(const u8 *ikm, size_t ikm_len, const u8 *salt, size_t salt_len,
	      const u8 *info, size_t info_len, u8 *okm, size_t okm_len);
int mlic_hkdf_selftest(void);

/* keys.c */
int mlic_syskey_load(s32 key_id);
int mlic_syskey_unload(void);
void mlic_syskey_status(struct mlic_key_status *status);
int mlic_syskey_derive(const u8 *salt, size_t salt_len, const char *label,
		       u8 *out, size_t out_len);
void mlic_syskey_exit(void);

/* aead.c */
struct sg_table;
int mlic_sg_init(struct sg_table *sgt, void *buf, size_t len);
struct crypto_aead *mlic_aead_alloc(const u8 *key);
int mlic_aead_seal(struct crypto_aead *tfm, bool encrypt, void *buf,
		   unsigned int ad_len, unsigned int len, u8 *iv);
int mlic_aead_seal_key(const u8 *key, bool encrypt, void *buf,
		       unsigned int ad_len, unsigned int len, u8 *iv);

/* license.c */
int mlic_license_load(struct mlic_device *dev);
int mlic_license_verify(struct mlic_device *dev, const void *copy);
void mlic_license_unload(struct mlic_device *dev);
int mlic_license_list(struct mlic_device *dev, struct mlic_licenses *req);
int mlic_license_install(struct mlic_device *dev,
			 struct mlic_install_license *req);

/* device.c */
extern int mlic_major;
struct mlic_device *mlic_device_create(unsigned int index);
void mlic_device_destroy(struct mlic_device *dev);
int mlic_attach(struct mlic_device *dev, bool writable,
		const struct mlic_attach *req);
int mlic_detach(struct mlic_device *dev);
bool mlic_is_mlic_disk(const struct gendisk *disk);
void mlic_unbind(struct mlic_device *dev, bool in_release);
int mlic_open(struct gendisk *disk);
void mlic_release(struct gendisk *disk);

/* ioctl.c */
#define MLIC_IOC_ADMIN		0x1	/* needs CAP_SYS_ADMIN */
#define MLIC_IOC_READ		0x2	/* needs the device open for reading */

/**
 * struct mlic_ioctl - one command of a device
 * @cmd: the command, as the uapi header defines it
 * @needs: MLIC_IOC_*
 * @fn: runs it on the kernel copy of the argument (NULL without one)
 */
struct mlic_ioctl {
	unsigned int cmd;
	unsigned int needs;
	int (*fn)(void *priv, unsigned int mode, void *arg);
};

long mlic_ioctl_dispatch(const struct mlic_ioctl *table, size_t n,
			 void *priv, unsigned int mode, unsigned int cmd,
			 unsigned long arg);
int mlic_ioctl(struct block_device *bdev, unsigned int mode, unsigned int cmd,
	       unsigned long arg);

/* io.c */
int mlic_io_alloc_tags(struct mlic_device *dev);
int mlic_io_start(struct mlic_device *dev);
void mlic_io_stop(struct mlic_device *dev);
int mlic_backing_rw(struct file *file, void *buf, size_t len, loff_t pos,
		    bool write);

/* secure.c */
extern atomic_t mlic_fail_secure_write;
int mlic_secure_load(struct mlic_device *dev);
int mlic_secure_commit(struct mlic_device *dev, void **copy, u64 generation);
void mlic_secure_unload(struct mlic_device *dev);
const char *mlic_copy_state_name(u8 state);

/* sysfs.c */
extern const struct attribute_group *mlic_disk_groups[];

#endif /* _MLIC_PRIVATE_H */
