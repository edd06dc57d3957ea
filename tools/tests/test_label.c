// SPDX-License-Identifier: GPL-2.0
/*
 * test_label - mlic-master label on the host: disc and card labels as SVG
 * and PNG, read back as documents (the PNG's size, resolution and text
 * chunks, the SVG's size and the grouped medium ID in its text), their QR
 * codes decoded by zbarimg (the SVG rendered by rsvg-convert first) and
 * compared with what the label promises to encode, and the refusals: an
 * existing FILE, every malformed image of the defect catalogue with the
 * format code's own reason, and misuse.
 *
 * The medium is the catalogue's valid image, whose ID and creation time
 * are fixed, so the expectations below are written out by hand.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "cli.h"
#include "defects.h"
#include "util.h"

/* The catalogue's medium, as the label must show and encode it. */
#define ID_HUMAN	"0011-2233-4455-6677-8899-aabb-ccdd-eeff"
#define QR_TEXT		"mlic:medium:00112233445566778899aabbccddeeff"
#define DESCRIPTION	"mlic medium ID " ID_HUMAN " (QR code: " QR_TEXT \
			"); 64 license slots, 8 MiB user area, created " \
			"2023-11-14"

#define RUN(r, ...) ASSERT_EQ(0, run_tool(r, "mlic-master", "label", \
					  __VA_ARGS__, NULL))

/* Programs from $PATH run through env(1), which says 127 if there is none. */
#define ENV		"/usr/bin/env"

static bool have_program(const char *name)
{
	char *argv[] = { ENV, (char *)name, "--version", NULL };
	struct run r;
	bool ok;

	if (run_argv(&r, NULL, argv))
		return false;
	ok = r.status == 0;
	run_free(&r);
	return ok;
}

static u32 get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/**
 * struct png - what the test reads from a PNG file
 * @width: from IHDR
 * @height: from IHDR
 * @ppm: pixels per metre from pHYs, 0 if there is none
 * @title: the text of the iTXt "Title" chunk (malloc()ed), or NULL
 * @description: the text of the tEXt "Description" chunk, or NULL
 * @chunks_ok: every chunk lies within the file and its CRC-32 matches
 */
struct png {
	u32 width;
	u32 height;
	u32 ppm;
	char *title;
	char *description;
	bool chunks_ok;
};

/* CRC-32 as PNG (and zlib) define it. */
static u32 png_crc(const u8 *p, size_t len)
{
	return ~crc32_le(~0U, p, len);
}

/* Parse the signature and walk the chunks up to IEND. */
static int png_read(const char *path, struct png *png)
{
	static const u8 sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a,
				   '\n' };
	size_t len, off = 8, n;
	void *buf;
	u8 *p;

	memset(png, 0, sizeof(*png));
	if (read_file(path, &buf, &len))
		return -1;
	p = buf;
	if (len < 33 || memcmp(p, sig, 8) || memcmp(p + 12, "IHDR", 4)) {
		free(buf);
		return -1;
	}
	png->width = get_be32(p + 16);
	png->height = get_be32(p + 20);
	png->chunks_ok = true;
	while (off + 12 <= len) {
		n = get_be32(p + off);
		if (n > len - off - 12 ||
		    png_crc(p + off + 4, n + 4) != get_be32(p + off + 8 + n)) {
			png->chunks_ok = false;
			break;
		}
		if (!memcmp(p + off + 4, "pHYs", 4) && n == 9 &&
		    p[off + 16] == 1)
			png->ppm = get_be32(p + off + 8);
		if (!memcmp(p + off + 4, "iTXt", 4) && n >= 9 &&
		    !memcmp(p + off + 8, "Title\0\0\0\0", 9))
			png->title = strndup((char *)p + off + 17, n - 9);
		if (!memcmp(p + off + 4, "tEXt", 4) && n >= 12 &&
		    !memcmp(p + off + 8, "Description", 12))
			png->description = strndup((char *)p + off + 20,
						   n - 12);
		if (!memcmp(p + off + 4, "IEND", 4))
			break;
		off += n + 12;
	}
	free(buf);
	return 0;
}

static void png_free(struct png *png)
{
	free(png->title);
	free(png->description);
}

/* Whether @dir holds exactly the @n files of @names (hidden ones too). */
static bool dir_holds(const char *dir, const char *const *names, size_t n)
{
	size_t found = 0, i;
	struct dirent *de;
	bool known;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return false;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		known = false;
		for (i = 0; i < n; i++)
			known |= !strcmp(de->d_name, names[i]);
		if (!known) {
			closedir(d);
			return false;
		}
		found++;
	}
	closedir(d);
	return found == n;
}

FIXTURE(label) {
	char *dir;
	char *img;
};

FIXTURE_SETUP(label)
{
	struct evil e;

	self->dir = scratch_dir();
	ASSERT_NE(NULL, self->dir);
	self->img = path_join(self->dir, "medium.img");
	ASSERT_EQ(0, evil_base(&e));
	ASSERT_EQ(0, evil_write(self->img, &e, NULL, NULL));
	ASSERT_EQ(0, chdir(self->dir));
}

FIXTURE_TEARDOWN(label)
{
	remove_tree(self->dir);
	free(self->dir);
	free(self->img);
}

static const struct {
	const char *style;
	const char *png;
	const char *svg;
	u32 width;		/* pixels at 300 dpi */
	u32 height;
	const char *svg_size;
} styles[] = {
	{ "disc", "disc.png", "disc.svg", 1417, 1417,
	  "width=\"120mm\" height=\"120mm\"" },
	{ "card", "card.png", "card.svg", 1011, 638,
	  "width=\"85.6mm\" height=\"53.98mm\"" },
};

/* Draw both styles in both formats into the current directory. */
static void draw_all(struct __test_metadata *_metadata, const char *img)
{
	char want[256];
	struct run r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(styles); i++) {
		RUN(&r, img, "-o", styles[i].png, "--style", styles[i].style);
		ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
		EXPECT_STREQ("", r.err);
		snprintf(want, sizeof(want), "%s: %s label of medium %s, PNG "
			 "%ux%u at 300 dpi\n", styles[i].png, styles[i].style,
			 ID_HUMAN, styles[i].width, styles[i].height);
		EXPECT_STREQ(want, r.out);
		run_free(&r);

		RUN(&r, img, "-o", styles[i].svg, "--style", styles[i].style);
		ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
		EXPECT_STREQ("", r.err);
		run_free(&r);
	}
}

TEST_F(label, png_documents)
{
	mode_t mask = umask(0);
	struct png png;
	struct stat st;
	size_t i;

	umask(mask);
	draw_all(_metadata, self->img);
	for (i = 0; i < ARRAY_SIZE(styles); i++) {
		ASSERT_EQ(0, png_read(styles[i].png, &png))
			TH_LOG("%s", styles[i].png);
		EXPECT_TRUE(png.chunks_ok) TH_LOG("%s", styles[i].png);
		EXPECT_EQ(styles[i].width, png.width);
		EXPECT_EQ(styles[i].height, png.height);
		EXPECT_EQ(11811, png.ppm);	/* 300 dpi */
		ASSERT_NE(NULL, png.title);
		EXPECT_STREQ("mlic medium", png.title);
		ASSERT_NE(NULL, png.description);
		EXPECT_STREQ(DESCRIPTION, png.description);
		png_free(&png);
		/* An ordinary file: 0666 less the umask. */
		ASSERT_EQ(0, stat(styles[i].png, &st));
		EXPECT_EQ(0666 & ~mask, st.st_mode & 07777);
	}
}

TEST_F(label, svg_documents)
{
	static const char desc[] = "<desc>" DESCRIPTION "</desc>";
	size_t i, len;
	char *svg;

	draw_all(_metadata, self->img);
	for (i = 0; i < ARRAY_SIZE(styles); i++) {
		ASSERT_EQ(0, read_file(styles[i].svg, (void **)&svg, &len));
		EXPECT_EQ(0, strncmp(svg, "<?xml", 5));
		EXPECT_NE(NULL, strstr(svg, styles[i].svg_size))
			TH_LOG("%s", styles[i].svg);
		EXPECT_NE(NULL, strstr(svg, "<title>mlic medium</title>"));
		EXPECT_NE(NULL, strstr(svg, desc));
		EXPECT_NE(NULL, strstr(svg, ID_HUMAN));
		EXPECT_NE(NULL, strstr(svg, "</svg>"));
		free(svg);
	}
}

/* Decode the one QR code in @png with zbarimg: exactly QR_TEXT. */
static void expect_qr(struct __test_metadata *_metadata, const char *png)
{
	char *argv[] = { ENV, "zbarimg", "--quiet", "--raw", "-Sdisable",
			 "-Sqrcode.enable", (char *)png, NULL };
	struct run r;

	ASSERT_EQ(0, run_argv(&r, NULL, argv));
	EXPECT_EQ(0, r.status) TH_LOG("%s: %s", png, r.err);
	EXPECT_STREQ(QR_TEXT "\n", r.out) TH_LOG("%s", png);
	run_free(&r);
}

TEST_F(label, png_qr_codes_decode)
{
	size_t i;

	if (!have_program("zbarimg"))
		SKIP(return, "zbarimg not installed (zbar-tools): the QR "
		     "codes cannot be decoded");
	draw_all(_metadata, self->img);
	for (i = 0; i < ARRAY_SIZE(styles); i++)
		expect_qr(_metadata, styles[i].png);
}

TEST_F(label, svg_qr_codes_decode)
{
	char out[64];
	struct png png;
	struct run r;
	size_t i;

	if (!have_program("zbarimg") || !have_program("rsvg-convert"))
		SKIP(return, "zbarimg (zbar-tools) or rsvg-convert "
		     "(librsvg2-bin) not installed: the SVG QR codes cannot "
		     "be decoded");
	draw_all(_metadata, self->img);
	for (i = 0; i < ARRAY_SIZE(styles); i++) {
		char *argv[] = { ENV, "rsvg-convert", "--dpi-x", "300",
				 "--dpi-y", "300", "-o", out,
				 (char *)styles[i].svg, NULL };

		snprintf(out, sizeof(out), "rendered-%s.png", styles[i].style);
		ASSERT_EQ(0, run_argv(&r, NULL, argv));
		ASSERT_EQ(0, r.status) TH_LOG("%s: %s", styles[i].svg, r.err);
		run_free(&r);
		/* librsvg renders the SVG at its size in millimetres. */
		ASSERT_EQ(0, png_read(out, &png));
		EXPECT_GE(1, abs((int)png.width - (int)styles[i].width));
		EXPECT_GE(1, abs((int)png.height - (int)styles[i].height));
		png_free(&png);
		expect_qr(_metadata, out);
	}
}

TEST_F(label, title_and_resolution)
{
	static const char escaped[] =
		"<title>Caf\u00e9 &amp; &lt;friends&gt;</title>";
	struct png png;
	struct run r;
	char *svg;
	size_t len;

	RUN(&r, self->img, "-o", "big.png", "--dpi", "600", "--title",
	    "Caf\u00e9 & <friends>");
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_STREQ("big.png: disc label of medium " ID_HUMAN ", PNG "
		     "2835x2835 at 600 dpi\n", r.out);
	run_free(&r);
	ASSERT_EQ(0, png_read("big.png", &png));
	EXPECT_TRUE(png.chunks_ok);
	EXPECT_EQ(2835, png.width);
	EXPECT_EQ(2835, png.height);
	EXPECT_EQ(23622, png.ppm);
	ASSERT_NE(NULL, png.title);
	EXPECT_STREQ("Caf\u00e9 & <friends>", png.title);
	png_free(&png);

	/* --format wins over the name; the title is escaped in the SVG. */
	RUN(&r, self->img, "-o", "card.label", "--format", "svg", "--style",
	    "card", "--title", "Caf\u00e9 & <friends>");
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	ASSERT_EQ(0, read_file("card.label", (void **)&svg, &len));
	ASSERT_GT(len, 5);
	EXPECT_EQ(0, memcmp(svg, "<?xml", 5));
	EXPECT_NE(NULL, memmem(svg, len, escaped, sizeof(escaped) - 1));
	free(svg);

	/* A title DejaVu cannot set is drawn, with a warning. */
	RUN(&r, self->img, "-o", "cjk.png", "--title", "\u6620\u753b");
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.err, "mlic-master: label cjk.png: warning: "
			       "DejaVu Sans has no glyphs"));
	run_free(&r);
}

TEST_F(label, refuses_to_overwrite)
{
	static const char *const left[] = { "medium.img", "taken.png",
					    "taken.svg" };
	const char *names[] = { "taken.png", "taken.svg" };
	void *buf;
	size_t len, i;
	struct run r;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		ASSERT_EQ(0, write_file(names[i], "mine\n", 5, 0644));
		RUN(&r, self->img, "-o", names[i]);
		EXPECT_EQ(1, r.status);
		EXPECT_STREQ("", r.out);
		EXPECT_NE(NULL, strstr(r.err, "mlic-master: label "));
		EXPECT_NE(NULL, strstr(r.err, names[i]));
		EXPECT_NE(NULL, strstr(r.err, "File exists"));
		EXPECT_NE(NULL, strstr(r.err, "refusing to overwrite"));
		run_free(&r);
		ASSERT_EQ(0, read_file(names[i], &buf, &len));
		EXPECT_EQ(5, len);
		EXPECT_EQ(0, memcmp(buf, "mine\n", 5));
		free(buf);
	}
	/* No temporary file is left behind. */
	EXPECT_TRUE(dir_holds(".", left, ARRAY_SIZE(left)));
}

TEST_F(label, refuses_malformed_images)
{
	static const char *const left[] = { "medium.img", "bad.img" };
	char want[256];
	struct evil e;
	struct run r;
	size_t i;

	for (i = 0; i < mlic_ndefects; i++) {
		ASSERT_EQ(0, evil_make(&e, &mlic_defects[i]));
		ASSERT_EQ(0, evil_write("bad.img", &e, NULL, NULL));
		RUN(&r, "bad.img", "-o", "bad.svg");
		EXPECT_EQ(1, r.status) TH_LOG("%s", mlic_defects[i].name);
		EXPECT_STREQ("", r.out);
		snprintf(want, sizeof(want), "mlic-master: label bad.img: %s\n",
			 mlic_defects[i].reason);
		EXPECT_STREQ(want, r.err) TH_LOG("%s", mlic_defects[i].name);
		run_free(&r);
	}
	EXPECT_TRUE(dir_holds(".", left, ARRAY_SIZE(left)));

	RUN(&r, "missing.img", "-o", "x.png");
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("mlic-master: label missing.img: No such file or "
		     "directory\n", r.err);
	run_free(&r);
	RUN(&r, ".", "-o", "x.png");
	EXPECT_EQ(1, r.status);
	EXPECT_NE(NULL, strstr(r.err, "mlic-master: label .: "));
	run_free(&r);
	EXPECT_NE(0, access("x.png", F_OK));
}

TEST_F(label, misuse)
{
	static const struct {
		const char *args[6];
		const char *says;
	} cases[] = {
		{ { "-o", "x.jpg" }, "cannot tell the format from the name "
		  "'x.jpg'" },
		{ { "-o", "x" }, "cannot tell the format" },
		{ { "-o", "x.png", "--format", "gif" },
		  "unknown format 'gif' (svg or png)" },
		{ { "-o", "x.png", "--style", "round" },
		  "unknown style 'round' (disc or card)" },
		{ { "-o", "x.png", "--dpi", "71" }, "invalid resolution '71'" },
		{ { "-o", "x.png", "--dpi", "1201" }, "invalid resolution" },
		{ { "-o", "x.svg", "--dpi", "300" },
		  "--dpi applies to PNG only" },
		{ { "-o", "x.png", "--title", "a\tb" },
		  "the title must be UTF-8 text" },
		{ { "-o", "x.png", "--title", "\xc3\x28" },
		  "the title must be UTF-8 text" },
		{ { "--style", "card" }, "-o FILE is required" },
		{ { "-o", "x.png", "--bogus" }, "unrecognized option '--bogus'" },
		{ { "-o" }, "option '-o' needs an argument" },
	};
	char *argv[12];
	struct run r;
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		argv[0] = tool_path("mlic-master");
		argv[1] = "label";
		argv[2] = self->img;
		for (n = 0; cases[i].args[n]; n++)
			argv[3 + n] = (char *)cases[i].args[n];
		argv[3 + n] = NULL;
		ASSERT_EQ(0, run_argv(&r, NULL, argv));
		free(argv[0]);
		EXPECT_EQ(2, r.status) TH_LOG("case %zu", i);
		EXPECT_STREQ("", r.out);
		EXPECT_NE(NULL, strstr(r.err, cases[i].says))
			TH_LOG("case %zu: %s", i, r.err);
		EXPECT_NE(NULL, strstr(r.err, "Usage: mlic-master label "))
			TH_LOG("case %zu", i);
		run_free(&r);
	}
	RUN(&r, "-o", "x.png");
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "no IMAGE given"));
	run_free(&r);
	RUN(&r, self->img, self->img, "-o", "x.png");
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "too many arguments"));
	run_free(&r);
	EXPECT_NE(0, access("x.png", F_OK));
	EXPECT_NE(0, access("x.svg", F_OK));
}

TEST(help)
{
	static const char usage[] = "Usage: mlic-master label IMAGE -o FILE "
		"[--format svg|png] [--style disc|card]\n"
		"                         [--title TEXT]";
	struct run r;

	ASSERT_EQ(0, run_tool(&r, "mlic-master", "label", "--help", NULL));
	EXPECT_EQ(0, r.status);
	EXPECT_STREQ("", r.err);
	EXPECT_EQ(0, strncmp(r.out, usage, sizeof(usage) - 1))
		TH_LOG("%s", r.out);
	EXPECT_NE(NULL, strstr(r.out, "--dpi N"));
	run_free(&r);
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "--help", NULL));
	EXPECT_NE(NULL, strstr(r.out, "  label IMAGE -o FILE"));
	run_free(&r);
}

/*
 * A medium made by mlic-master create gets the label of its own ID (the
 * QR code is decoded where zbarimg is installed; the tests above say when
 * it is not).
 */
TEST(label_of_a_created_medium)
{
	char *dir = scratch_dir();
	struct run r;

	ASSERT_NE(NULL, dir);
	ASSERT_EQ(0, chdir(dir));
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "keygen", "system.key",
			      NULL));
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "create", "--system-key",
			      "system.key", "--keytab", "keytab", "--size",
			      "16M", "--slots", "8", "--medium-id",
			      "1A2B3C4D-5E6F7A8B-9C0D1E2F-3A4B5C6D",
			      "medium.img", NULL));
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	ASSERT_EQ(0, run_tool(&r, "mlic-master", "label", "medium.img", "-o",
			      "card.png", "--style", "card", NULL));
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_STREQ("card.png: card label of medium "
		     "1a2b-3c4d-5e6f-7a8b-9c0d-1e2f-3a4b-5c6d, PNG 1011x638 "
		     "at 300 dpi\n", r.out);
	run_free(&r);
	if (have_program("zbarimg")) {
		char *argv[] = { ENV, "zbarimg", "--quiet", "--raw",
				 "card.png", NULL };

		ASSERT_EQ(0, run_argv(&r, NULL, argv));
		EXPECT_STREQ("mlic:medium:1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d\n",
			     r.out);
		run_free(&r);
	}
	remove_tree(dir);
	free(dir);
}

/* The drawing libraries are mlic-master's alone. */
TEST(mlicctl_links_no_drawing_library)
{
	static const char *const libs[] = { "libcairo.so", "libqrencode.so" };
	char *ctl = tool_path("mlicctl"), *master = tool_path("mlic-master");
	size_t clen, mlen, i;
	void *c, *m;

	ASSERT_EQ(0, read_file(ctl, &c, &clen));
	ASSERT_EQ(0, read_file(master, &m, &mlen));
	for (i = 0; i < ARRAY_SIZE(libs); i++) {
		EXPECT_EQ(NULL, memmem(c, clen, libs[i], strlen(libs[i])))
			TH_LOG("mlicctl needs %s", libs[i]);
		EXPECT_NE(NULL, memmem(m, mlen, libs[i], strlen(libs[i])))
			TH_LOG("mlic-master does not need %s", libs[i]);
	}
	free(c);
	free(m);
	free(ctl);
	free(master);
}

TEST_HARNESS_MAIN
