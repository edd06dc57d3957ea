// SPDX-License-Identifier: GPL-2.0
/*
 * bench_gcm.c - the anchors of bench.sh for AES-256-GCM through the kernel
 * crypto API: gcm(aes) over AF_ALG with libkcapi, one chunk per operation
 * with the associated data of a content chunk, as mlic-master encrypts and
 * as the drive decrypts, but with nothing else around it.
 *
 *   bench_gcm [-d] [-c CHUNK] [-j THREADS] [-t SECONDS]
 *	the same CHUNK bytes over and over for SECONDS, in THREADS threads
 *	each with its own transform (-d: decrypt and verify, else encrypt)
 *   bench_gcm -c CHUNK FILE...
 *	encrypt the files, read CHUNK bytes at a time, once: the bytes
 *	mlic-master create encrypts, without writing them anywhere
 *
 * Prints "bytes N", "seconds S" and "bytes_per_second B" (all threads
 * together); exit 1 with a message on stderr when the kernel refuses.
 */
#include <errno.h>
#include <fcntl.h>
#include <kcapi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/mlic.h>

/* What precedes a chunk as associated data: its header and index. */
#define AD_BYTES	(sizeof(struct mlic_content_header) + 8)
#define MAX_THREADS	64

struct job {
	size_t chunk;
	double seconds;
	int decrypt;
	char *const *files;
	int nfiles;
	unsigned long long bytes;
	double took;
	int err;
	const char *what;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int aead_open(struct kcapi_handle **h)
{
	unsigned char key[32];
	int ret;

	memset(key, 0x5a, sizeof(key));
	ret = kcapi_aead_init(h, "gcm(aes)", 0);
	if (ret)
		return ret;
	ret = kcapi_aead_setkey(*h, key, sizeof(key));
	if (!ret)
		ret = kcapi_aead_settaglen(*h, 16);
	if (ret) {
		kcapi_aead_destroy(*h);
		return ret;
	}
	kcapi_aead_setassoclen(*h, AD_BYTES);
	return 0;
}

/* One operation: @in holds AD, then text (and tag to decrypt). */
static int crypt_one(struct kcapi_handle *h, int decrypt, unsigned char *in,
		     size_t len, unsigned char *out, const unsigned char *iv)
{
	ssize_t ret;
	size_t want;

	if (decrypt) {
		want = AD_BYTES + len;
		ret = kcapi_aead_decrypt(h, in, AD_BYTES + len + 16, iv, out,
					 want, KCAPI_ACCESS_SENDMSG);
	} else {
		want = AD_BYTES + len + 16;
		ret = kcapi_aead_encrypt(h, in, AD_BYTES + len, iv, out, want,
					 KCAPI_ACCESS_SENDMSG);
	}
	if (ret < 0)
		return (int)ret;
	return (size_t)ret == want ? 0 : -EIO;
}

/* The same chunk again and again until the time is up. */
static int run_memory(struct job *j, struct kcapi_handle *h,
		      unsigned char *in, unsigned char *out,
		      const unsigned char *iv)
{
	double start, end;
	int ret = 0;

	memset(in, 0xa5, AD_BYTES + j->chunk + 16);
	if (j->decrypt) {
		/* a valid tag first, so that every decryption verifies */
		ret = crypt_one(h, 0, in, j->chunk, out, iv);
		if (ret)
			return ret;
		memcpy(in, out, AD_BYTES + j->chunk + 16);
	}
	start = now();
	end = start + j->seconds;
	do {
		ret = crypt_one(h, j->decrypt, in, j->chunk, out, iv);
		if (ret)
			return ret;
		j->bytes += j->chunk;
	} while (now() < end);
	j->took = now() - start;
	return 0;
}

/* Every file once, a chunk at a time, as read from the page cache. */
static int run_files(struct job *j, struct kcapi_handle *h,
		     unsigned char *in, unsigned char *out,
		     const unsigned char *iv)
{
	double start = now();
	int i, fd, ret = 0;
	ssize_t n;

	memset(in, 0, AD_BYTES);
	for (i = 0; i < j->nfiles && !ret; i++) {
		fd = open(j->files[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			j->what = j->files[i];
			return -errno;
		}
		while ((n = read(fd, in + AD_BYTES, j->chunk)) > 0) {
			ret = crypt_one(h, 0, in, n, out, iv);
			if (ret)
				break;
			j->bytes += n;
		}
		if (n < 0 && !ret) {
			j->what = j->files[i];
			ret = -errno;
		}
		close(fd);
	}
	j->took = now() - start;
	return ret;
}

static void *run(void *arg)
{
	unsigned char iv[12] = { 1 };
	struct job *j = arg;
	struct kcapi_handle *h;
	unsigned char *in, *out;
	size_t room = AD_BYTES + j->chunk + 16;

	j->what = "gcm(aes)";
	in = malloc(room);
	out = malloc(room);
	if (!in || !out) {
		j->err = -ENOMEM;
	} else {
		j->err = aead_open(&h);
		if (!j->err) {
			j->err = j->files ? run_files(j, h, in, out, iv) :
					    run_memory(j, h, in, out, iv);
			kcapi_aead_destroy(h);
		}
	}
	free(in);
	free(out);
	return NULL;
}

static int usage(void)
{
	fprintf(stderr, "usage: bench_gcm [-d] [-c CHUNK] [-j THREADS] "
		"[-t SECONDS]\n       bench_gcm [-c CHUNK] FILE...\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct job jobs[MAX_THREADS] = { 0 }, proto = {
		.chunk = 65536, .seconds = 2,
	};
	pthread_t tids[MAX_THREADS];
	unsigned long long bytes = 0;
	int c, i, threads = 1, err = 0;
	double took = 0;

	while ((c = getopt(argc, argv, "dc:j:t:")) != -1) {
		switch (c) {
		case 'd':
			proto.decrypt = 1;
			break;
		case 'c':
			proto.chunk = strtoul(optarg, NULL, 0);
			break;
		case 'j':
			threads = atoi(optarg);
			break;
		case 't':
			proto.seconds = atof(optarg);
			break;
		default:
			return usage();
		}
	}
	if (proto.chunk < 16 || proto.chunk > (16U << 20) || threads < 1 ||
	    threads > MAX_THREADS || proto.seconds <= 0)
		return usage();
	if (optind < argc) {
		if (proto.decrypt || threads != 1)
			return usage();
		proto.files = &argv[optind];
		proto.nfiles = argc - optind;
	}
	kcapi_set_verbosity(KCAPI_LOG_NONE);
	for (i = 0; i < threads; i++) {
		jobs[i] = proto;
		if (pthread_create(&tids[i], NULL, run, &jobs[i])) {
			threads = i;
			err = -EAGAIN;
			break;
		}
	}
	for (i = 0; i < threads; i++) {
		pthread_join(tids[i], NULL);
		if (jobs[i].err && !err) {
			err = jobs[i].err;
			fprintf(stderr, "bench_gcm: %s: %s\n", jobs[i].what,
				strerror(-err));
		}
		bytes += jobs[i].bytes;
		if (jobs[i].took > took)
			took = jobs[i].took;
	}
	if (err)
		return 1;
	printf("bytes %llu\nseconds %.6f\nbytes_per_second %.0f\n", bytes,
	       took, took > 0 ? bytes / took : 0);
	return 0;
}
