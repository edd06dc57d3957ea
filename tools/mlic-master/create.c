// SPDX-License-Identifier: GPL-2.0
/*
 * create.c - mlic-master create: a new medium image.
 *
 * The image is created O_EXCL at its full size, gets its first area and
 * two empty secure copies, then an ext4 file system in the user area from
 * mke2fs.  Everything is read back and checked with the driver's format
 * code before the image is synced and reported.  Whatever fails, and an
 * interrupt, removes the partial image: a medium exists complete or not at
 * all.
 *
 * Contents and their licenses come with the licensing code; until then
 * only blank media are made, and the key table is not touched.
 */
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mlic-master.h"

enum {
	OPT_SYSTEM_KEY = 256,
	OPT_KEYTAB,
	OPT_SIZE,
	OPT_MEDIUM_ID,
	OPT_SLOTS,
};

struct create_args {
	const char *system_key;
	const char *keytab;
	const char *size_arg;
	const char *image;
	u64 size;
	u32 slots;
	u8 medium_id[MLIC_ID_SIZE];
	bool have_id;
	bool json;
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

/*
 * Catch the signals that would kill us half-way, so that the partial
 * image can be removed.  Handlers (unlike SIG_IGN) are reset by exec, so
 * mke2fs still dies of them.
 */
static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = on_signal };
	size_t i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* Take one option of create; -1 when taken, else the exit status. */
static int take_option(const struct mlic_verb *verb, int c, char *arg,
		       struct create_args *a)
{
	switch (c) {
	case OPT_SYSTEM_KEY:
		a->system_key = arg;
		break;
	case OPT_KEYTAB:
		a->keytab = arg;
		break;
	case OPT_SIZE:
		a->size_arg = arg;
		if (mlic_size_parse(arg, &a->size))
			return mlic_cli_usage(verb, "invalid size '%s' (a "
					      "number with an optional K, M, "
					      "G or T)", arg);
		break;
	case OPT_MEDIUM_ID:
		if (mlic_id_parse(arg, a->medium_id))
			return mlic_cli_usage(verb, "invalid medium ID '%s' "
					      "(32 hex digits)", arg);
		if (mlic_id_is_zero(a->medium_id))
			return mlic_cli_usage(verb, "the medium ID must not be "
					      "all zero");
		a->have_id = true;
		break;
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

static int parse_args(const struct mlic_verb *verb, int argc, char **argv,
		      struct create_args *a)
{
	static const struct option opts[] = {
		{ "system-key", required_argument, NULL, OPT_SYSTEM_KEY },
		{ "keytab", required_argument, NULL, OPT_KEYTAB },
		{ "size", required_argument, NULL, OPT_SIZE },
		{ "medium-id", required_argument, NULL, OPT_MEDIUM_ID },
		{ "slots", required_argument, NULL, OPT_SLOTS },
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	u64 min;
	int c, ret;

	a->slots = MLIC_SLOTS_DEFAULT;
	while ((c = getopt_long(argc, argv, ":Jh", opts, NULL)) != -1) {
		if (c == 'h')
			return mlic_cli_help(verb);
		if (c == '?' || c == ':')
			return mlic_cli_bad_option(verb, argv, c);
		ret = take_option(verb, c, optarg, a);
		if (ret >= 0)
			return ret;
	}
	if (!a->system_key)
		return mlic_cli_usage(verb, "--system-key is required");
	if (!a->keytab)
		return mlic_cli_usage(verb, "--keytab is required");
	if (!a->size_arg)
		return mlic_cli_usage(verb, "--size is required");
	if (argc - optind > 1)
		return mlic_cli_usage(verb, "contents are not supported yet: "
				      "only blank media can be created");
	ret = mlic_cli_operands(verb, argc, 1, "IMAGE");
	if (ret >= 0)
		return ret;
	a->image = argv[optind];
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

/*
 * Check the system key file.  A blank medium holds no licenses, so the key
 * is only checked here, then wiped.
 */
static int check_system_key(const char *verb, const char *path)
{
	u8 key[MLIC_KEY_SIZE];
	const char *why;
	mode_t mode;
	int ret;

	ret = mlic_key_read(path, key, &mode, &why);
	explicit_bzero(key, sizeof(key));
	if (ret && why) {
		mlic_cli_error(verb, path, "%s", why);
		return ret;
	}
	if (ret) {
		mlic_cli_errno(verb, path, ret, MLIC_ERR_FILE);
		return ret;
	}
	if (mode & 077)
		mlic_cli_warn(verb, path, "the system key is accessible to "
			      "group or others (mode %04o); chmod 0400 it",
			      (unsigned int)mode);
	return 0;
}

static int random_medium_id(u8 id[MLIC_ID_SIZE])
{
	int ret;

	do {
		ret = mlic_random(id, MLIC_ID_SIZE);
	} while (!ret && mlic_id_is_zero(id));
	return ret;
}

/* Read back everything and check it with the format code. */
static int verify_image(int fd, const struct mlic_geometry *want,
			const char **why)
{
	struct mlic_geometry geo;
	unsigned int which;
	void *copy;
	u64 gen;
	int ret;

	ret = mlic_image_read_header(fd, &geo, why);
	if (ret)
		return ret;
	if (memcmp(&geo, want, sizeof(geo))) {
		*why = "the medium header read back differs from the one "
		       "written";
		return -EIO;
	}
	copy = malloc(geo.copy_bytes);
	if (!copy)
		return -ENOMEM;
	for (which = 0; which < 2 && !ret; which++) {
		ret = mlic_image_read_secure(fd, &geo, which, copy, &gen, why);
		if (!ret && (gen != 1 || mlic_secure_slots_used(copy, &geo))) {
			*why = "a secure copy read back is not empty";
			ret = -EIO;
		}
	}
	free(copy);
	if (ret)
		return ret;
	return mkfs_verify(fd, geo.user_offset, geo.user_bytes, why);
}

/* Build the image in @fd, created empty for us; say what went wrong. */
static int build_image(const char *verb, const struct create_args *a,
		       int fd, const char *mke2fs, struct mlic_geometry *geo)
{
	struct mlic_medium_header hdr;
	const char *why = NULL;
	int ret;

	ret = mlic_image_layout(a->size, a->slots, a->medium_id,
				(u64)time(NULL), &hdr, geo, &why);
	if (ret) {
		mlic_cli_error(verb, a->image, "%s", why);
		return ret;
	}
	if (ftruncate(fd, a->size)) {
		ret = -errno;
		goto io_error;
	}
	ret = mlic_image_write_metadata(fd, &hdr, geo);
	if (ret)
		goto io_error;
	if (interrupted)
		goto stopped;
	ret = mkfs_run(mke2fs, a->image, geo->user_offset, geo->user_bytes);
	if (interrupted)
		goto stopped;
	if (ret == -ECHILD) {
		mlic_cli_error(verb, a->image, "%s failed to make the ext4 "
			       "user area", mke2fs);
		return ret;
	}
	if (ret)
		goto io_error;
	ret = verify_image(fd, geo, &why);
	if (ret && why) {
		mlic_cli_error(verb, a->image, "check after writing: %s", why);
		return ret;
	}
	if (ret)
		goto io_error;
	if (fsync(fd)) {
		ret = -errno;
		goto io_error;
	}
	return 0;

io_error:
	mlic_cli_errno(verb, a->image, ret, MLIC_ERR_FILE);
	return ret;
stopped:
	mlic_cli_error(verb, a->image, "interrupted by signal %d",
		       (int)interrupted);
	return -EINTR;
}

/* Remove the partial image, if @path still names the file we created. */
static void remove_image(const char *verb, const char *path, int fd)
{
	struct stat ours, now;

	if (fstat(fd, &ours) || lstat(path, &now) ||
	    ours.st_dev != now.st_dev || ours.st_ino != now.st_ino) {
		mlic_cli_warn(verb, path, "not removing the partial image: "
			      "it was moved or replaced");
		return;
	}
	if (unlink(path)) {
		mlic_cli_warn(verb, path, "cannot remove the partial image: %s",
			      strerror(errno));
		return;
	}
	mlic_fsync_parent(path);
}

static void report(const struct create_args *a,
		   const struct mlic_geometry *geo)
{
	char id[MLIC_ID_HUMAN_LEN + 1];
	struct mlic_json j;

	if (a->json) {
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
		mlic_json_object_end(&j);
		mlic_json_finish(&j);
		return;
	}
	mlic_id_human(geo->medium_id, id);
	printf("medium ID:    %s\n", id);
	printf("image:        %s, %" PRIu64 " bytes\n", a->image, a->size);
	printf("secure area:  offset %" PRIu64 ", 2 copies of %" PRIu64
	       " bytes, %" PRIu32 " license slots\n", geo->secure_offset,
	       geo->copy_bytes, geo->slot_count);
	printf("user area:    offset %" PRIu64 ", %" PRIu64 " bytes, ext4\n",
	       geo->user_offset, geo->user_bytes);
}

int cmd_create(const struct mlic_verb *verb, int argc, char **argv)
{
	struct create_args a = { 0 };
	struct mlic_geometry geo;
	char mke2fs[PATH_MAX];
	int fd, ret;

	ret = parse_args(verb, argc, argv, &a);
	if (ret >= 0)
		return ret;
	if (check_system_key(verb->name, a.system_key))
		return MLIC_EXIT_FAIL;
	if (mkfs_find(mke2fs, sizeof(mke2fs))) {
		mlic_cli_error(verb->name, a.image, "mke2fs not found in PATH, "
			       "/sbin or /usr/sbin");
		mlic_cli_hint("install e2fsprogs");
		return MLIC_EXIT_FAIL;
	}
	if (!a.have_id) {
		ret = random_medium_id(a.medium_id);
		if (ret) {
			mlic_cli_errno(verb->name, "getrandom", ret,
				       MLIC_ERR_FILE);
			return MLIC_EXIT_FAIL;
		}
	}

	catch_signals();
	fd = open(a.image, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY,
		  0666);
	if (fd < 0) {
		mlic_cli_errno(verb->name, a.image, -errno, MLIC_ERR_FILE);
		return MLIC_EXIT_FAIL;
	}
	ret = build_image(verb->name, &a, fd, mke2fs, &geo);
	if (ret) {
		remove_image(verb->name, a.image, fd);
		close(fd);
		return MLIC_EXIT_FAIL;
	}
	close(fd);	/* synced already: nothing to lose here */
	ret = mlic_fsync_parent(a.image);
	if (ret)
		mlic_cli_warn(verb->name, a.image, "cannot sync its directory: "
			      "%s", strerror(-ret));
	report(&a, &geo);
	return MLIC_EXIT_OK;
}
