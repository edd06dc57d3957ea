// SPDX-License-Identifier: GPL-2.0
/*
 * label.c - mlic-master label: a printable label that shows the medium ID
 * on the medium itself, for people to read: a disc label (120 mm, with the
 * centre hole) or an ID-1 card (85.6 x 54 mm) with the ID grouped as
 * people read it and as a QR code, a title, and small print from the
 * medium header.  This file is the verb: its options, the medium read,
 * the label written; label-render.c draws it.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <strings.h>
#include <unistd.h>

#include "label.h"

const char *const label_format_names[] = {
	[FORMAT_SVG] = "svg",
	[FORMAT_PNG] = "png",
};

const char *const label_style_names[] = {
	[STYLE_DISC] = "disc",
	[STYLE_CARD] = "card",
};

/* --- options ------------------------------------------------------------ */

/* @arg as the index of one of @names, or a usage error listing @choices. */
static int take_choice(const struct mlic_verb *verb, const char *what,
		       const char *arg, const char *const *names, size_t n,
		       const char *choices, int *val)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (names[i] && !strcmp(arg, names[i])) {
			*val = i;
			return -1;
		}
	}
	return mlic_cli_usage(verb, "unknown %s '%s' (%s)", what, arg,
			      choices);
}

/* The format that the name of @path implies, or FORMAT_NONE. */
static enum label_format format_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (!dot || strchr(dot, '/'))
		return FORMAT_NONE;
	if (!strcasecmp(dot, ".svg"))
		return FORMAT_SVG;
	if (!strcasecmp(dot, ".png"))
		return FORMAT_PNG;
	return FORMAT_NONE;
}

/* Whether @s is UTF-8 without control characters. */
static bool title_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s), n;

	while (left) {
		if (*p < 0x20 || *p == 0x7f)
			return false;
		n = mlic_utf8_sequence(p, left);
		if (!n)
			return false;
		/* C1 controls, U+0080 to U+009F */
		if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0)
			return false;
		p += n;
		left -= n;
	}
	return true;
}

static int take_option(const struct mlic_verb *verb, int c, char *arg,
		       void *ctx)
{
	struct label_args *a = ctx;
	int ret, i = 0;

	switch (c) {
	case 'o':
		a->out = arg;
		break;
	case OPT_FORMAT:
		ret = take_choice(verb, "format", arg, label_format_names,
				  ARRAY_SIZE(label_format_names), "svg or png", &i);
		a->format = i;
		return ret;
	case OPT_STYLE:
		ret = take_choice(verb, "style", arg, label_style_names,
				  ARRAY_SIZE(label_style_names), "disc or card", &i);
		a->style = i;
		return ret;
	case OPT_TITLE:
		if (strlen(arg) > LABEL_TITLE_MAX)
			return mlic_cli_usage(verb, "the title is longer than "
					      "%d bytes", LABEL_TITLE_MAX);
		if (!title_ok(arg))
			return mlic_cli_usage(verb, "the title must be UTF-8 "
					      "text without control "
					      "characters");
		a->title = arg;
		break;
	case OPT_DPI:
		if (mlic_u32_parse(arg, LABEL_DPI_MIN, LABEL_DPI_MAX, &a->dpi))
			return mlic_cli_usage(verb, "invalid resolution '%s' "
					      "(%d to %d dots per inch)", arg,
					      LABEL_DPI_MIN, LABEL_DPI_MAX);
		a->have_dpi = true;
		break;
	}
	return -1;
}

static int parse_args(const struct mlic_verb *verb, int argc, char **argv,
		      struct label_args *a)
{
	int ret;

	ret = mlic_cli_options(verb, argc, argv, take_option, a);
	if (ret >= 0)
		return ret;
	ret = mlic_cli_operands(verb, argc, 1, "IMAGE");
	if (ret >= 0)
		return ret;
	a->image = argv[optind];
	if (!a->out)
		return mlic_cli_usage(verb, "-o FILE is required");
	if (a->format == FORMAT_NONE && mlic_cli_is_stdio(a->out))
		return mlic_cli_usage(verb, "-o - (stdout) needs --format");
	if (mlic_cli_is_stdio(a->image))
		return mlic_cli_no_stdio(verb, "IMAGE", "its header is read "
					 "where it lies");
	if (a->format == FORMAT_NONE)
		a->format = format_of(a->out);
	if (a->format == FORMAT_NONE)
		return mlic_cli_usage(verb, "cannot tell the format from the "
				      "name '%s'; name it .svg or .png, or "
				      "give --format", a->out);
	if (a->have_dpi && a->format != FORMAT_PNG)
		return mlic_cli_usage(verb, "--dpi applies to PNG only");
	return -1;
}

/*
 * Read the medium header with the format code's checks; the geometry it
 * gives leaves out the informative creation time, read here from the very
 * header that passed.
 */
static int read_medium(const char *verb, const char *path,
		       struct mlic_geometry *geo, u64 *created)
{
	struct mlic_medium_header hdr;
	const char *why;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		mlic_cli_errno(verb, path, ret, MLIC_ERR_FILE);
		return ret;
	}
	ret = mlic_image_read_header(fd, geo, &why);
	if (!ret)
		ret = mlic_pread_full(fd, &hdr, sizeof(hdr), 0);
	close(fd);
	if (ret && why)
		mlic_cli_error(verb, path, "%s", why);
	else if (ret)
		mlic_cli_errno(verb, path, ret, MLIC_ERR_FILE);
	else
		*created = le64_to_cpu(hdr.created);
	return ret;
}

/* Write @doc with @meta inserted at @at to the new file @o. */
static int write_label(struct mlic_outfile *o, const struct membuf *doc,
		       const struct membuf *meta, size_t at)
{
	int ret;

	ret = mlic_write_full(o->fd, doc->data, at);
	if (!ret)
		ret = mlic_write_full(o->fd, meta->data, meta->len);
	if (!ret)
		ret = mlic_write_full(o->fd, doc->data + at, doc->len - at);
	if (ret) {
		mlic_outfile_abort(o);
		return ret;
	}
	return mlic_outfile_commit(o, mlic_umask_mode(0666));
}

/* -o -: the label on stdout, a PNG never on a terminal. */
static int label_to_stdout(const char *verb, const struct label_args *a,
			   const struct label *l)
{
	struct membuf doc = { 0 }, meta = { 0 };
	size_t at = 0;
	int ret;

	ret = a->format == FORMAT_PNG ?
	      mlic_cli_stdio_ok(verb, STDOUT_FILENO, "a PNG") : 0;
	if (!ret)
		ret = label_render(verb, a, l, &doc, &meta, &at);
	if (!ret) {
		ret = mlic_write_full(STDOUT_FILENO, doc.data, at) ?:
		      mlic_write_full(STDOUT_FILENO, meta.data, meta.len) ?:
		      mlic_write_full(STDOUT_FILENO, doc.data + at,
				      doc.len - at);
		if (ret)
			mlic_cli_errno(verb, "stdout", ret, MLIC_ERR_FILE);
	}
	free(doc.data);
	free(meta.data);
	return ret;
}

static int make_label(const char *verb, const struct label_args *a,
		      const struct label *l)
{
	struct membuf doc = { 0 }, meta = { 0 };
	struct mlic_outfile o;
	size_t at = 0;
	int ret;

	if (mlic_cli_is_stdio(a->out))
		return label_to_stdout(verb, a, l);
	ret = mlic_outfile_open(&o, a->out, false);
	if (ret) {
		mlic_cli_errno(verb, a->out, ret, MLIC_ERR_FILE);
		return ret;
	}
	ret = label_render(verb, a, l, &doc, &meta, &at);
	if (ret) {
		mlic_outfile_abort(&o);
	} else {
		ret = write_label(&o, &doc, &meta, at);
		if (ret)
			mlic_cli_errno(verb, a->out, ret, MLIC_ERR_FILE);
	}
	free(doc.data);
	free(meta.data);
	return ret;
}

int cmd_label(const struct mlic_verb *verb, int argc, char **argv)
{
	struct label_args a = { .style = STYLE_DISC, .dpi = LABEL_DPI_DEFAULT };
	struct mlic_geometry geo;
	struct label l = { 0 };
	const char *name;
	u64 created = 0;
	int wpx, hpx, ret;
	FILE *f;
	double w, h;

	ret = parse_args(verb, argc, argv, &a);
	if (ret >= 0)
		return ret;
	ret = read_medium(verb->name, a.image, &geo, &created);
	if (!ret)
		ret = label_init(verb->name, &l, &a, &geo, created);
	if (!ret)
		ret = make_label(verb->name, &a, &l);
	/* With the label on stdout, what it is goes to stderr. */
	f = mlic_cli_is_stdio(a.out) ? stderr : stdout;
	name = mlic_cli_is_stdio(a.out) ? "stdout" : mlic_cli_safe(a.out);
	if (!ret && a.format == FORMAT_PNG) {
		label_page_pixels(a.style, a.dpi, &wpx, &hpx);
		fprintf(f, "%s: %s label of medium %s, PNG %dx%d at %u dpi\n",
			name, label_style_names[a.style], l.id, wpx, hpx,
			a.dpi);
	} else if (!ret) {
		label_page_size(a.style, &w, &h);
		fprintf(f, "%s: %s label of medium %s, SVG %gx%g mm\n", name,
			label_style_names[a.style], l.id, w, h);
	}
	label_free(&l);
	return ret ? MLIC_EXIT_FAIL : MLIC_EXIT_OK;
}
