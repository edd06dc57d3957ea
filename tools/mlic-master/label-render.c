// SPDX-License-Identifier: GPL-2.0
/*
 * label-render.c - drawing the label of mlic-master label.
 *
 * libqrencode makes the QR code; cairo draws.  One drawing routine works
 * in millimetres on either an SVG surface or an image surface that becomes
 * a PNG, so both show the same label.  Text is set in DejaVu
 * (fonts-dejavu-core), loaded from its files rather than matched by name,
 * so that every machine draws the same glyphs.  Both documents also carry
 * the ID as text: <title> and <desc> in the SVG, iTXt and tEXt chunks in
 * the PNG, which gets a pHYs chunk too so that it prints at its size.
 */
#include <cairo-ft.h>
#include <cairo-svg.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "label.h"

#ifndef MLIC_FONT_DIR
#define MLIC_FONT_DIR		"/usr/share/fonts/truetype/dejavu"
#endif

#define QR_QUIET		4	/* blank modules around the code */

/* The disc: a CD, DVD or BD; nothing is printed on the hub. */
#define DISC_R			60.0
#define DISC_HOLE_R		7.5
#define DISC_HUB_R		20.0
#define DISC_QR_MODULE		0.6	/* mm: 7 pixels at 300 dpi */
/* The card: ID-1, as bank cards. */
#define CARD_W			85.6
#define CARD_H			53.98
#define CARD_CORNER_R		3.18
#define CARD_QR_MODULE		0.68	/* mm: 8 pixels at 300 dpi */
#define CARD_BAND_H		12.5	/* the band with the title */

enum align { ALIGN_LEFT, ALIGN_CENTRE, ALIGN_RIGHT };

static const char *const font_files[NR_FONTS] = {
	[FONT_SANS] = "DejaVuSans.ttf",
	[FONT_BOLD] = "DejaVuSans-Bold.ttf",
	[FONT_MONO] = "DejaVuSansMono.ttf",
};

/* Colours, as sRGB. */
struct rgb {
	double r, g, b;
};

static const struct rgb INK = { 0.106, 0.137, 0.184 };	/* #1b2330 */
static const struct rgb MUTED = { 0.373, 0.416, 0.471 };	/* #5f6a78 */
static const struct rgb ACCENT = { 0.118, 0.353, 0.541 };	/* #1e5a8a */
static const struct rgb GUIDE = { 0.749, 0.776, 0.808 };	/* #bfc6ce */
static const struct rgb PAPER = { 1.0, 1.0, 1.0 };

/* --- what goes on the label --------------------------------------------- */

/* "63 MiB", "1.5 GiB": binary units, one decimal where it matters. */
static void format_size(char *buf, size_t size, u64 bytes)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = bytes / 1024.0;
	size_t u = 0;

	while (v >= 1024 && u + 1 < ARRAY_SIZE(units)) {
		v /= 1024;
		u++;
	}
	if (v >= 100 || v == floor(v))
		snprintf(buf, size, "%.0f %s", v, units[u]);
	else
		snprintf(buf, size, "%.1f %s", v, units[u]);
}


static void label_facts(struct label *l, const struct mlic_geometry *geo,
			u64 created)
{
	time_t t = (time_t)created;
	char size[16];
	struct tm tm;

	snprintf(l->slots, sizeof(l->slots), "%u license slot%s",
		 geo->slot_count, geo->slot_count == 1 ? "" : "s");
	format_size(size, sizeof(size), geo->user_bytes);
	snprintf(l->size, sizeof(l->size), "%s user area", size);
	l->created[0] = '\0';
	if (created && (u64)t == created && gmtime_r(&t, &tm))
		strftime(l->created, sizeof(l->created), "created %Y-%m-%d",
			 &tm);
}

static int load_fonts(const char *verb, struct label *l)
{
	char path[PATH_MAX];
	cairo_status_t st;
	FcPattern *pat;
	int i, ret;

	/* Newer fontconfig warns when it is used before it is set up. */
	if (!FcInit()) {
		mlic_cli_error(verb, "fontconfig", "cannot initialise it");
		return -EIO;
	}
	for (i = 0; i < NR_FONTS; i++) {
		snprintf(path, sizeof(path), "%s/%s", MLIC_FONT_DIR,
			 font_files[i]);
		if (access(path, R_OK)) {
			ret = -errno;
			mlic_cli_errno(verb, path, ret, MLIC_ERR_FILE);
			mlic_cli_hint("the label is set in DejaVu: install "
				      "fonts-dejavu-core");
			return ret;
		}
		pat = FcPatternCreate();
		if (!pat || !FcPatternAddString(pat, FC_FILE, (FcChar8 *)path) ||
		    !FcPatternAddInteger(pat, FC_INDEX, 0)) {
			if (pat)
				FcPatternDestroy(pat);
			mlic_cli_errno(verb, path, -ENOMEM, MLIC_ERR_FILE);
			return -ENOMEM;
		}
		l->fonts[i] = cairo_ft_font_face_create_for_pattern(pat);
		FcPatternDestroy(pat);
		st = cairo_font_face_status(l->fonts[i]);
		if (st) {
			mlic_cli_error(verb, path, "%s",
				       cairo_status_to_string(st));
			return -EIO;
		}
	}
	return 0;
}

/* Whether DejaVu Sans Bold lacks a glyph for a character of the title. */
static bool title_lacks_glyphs(const struct label *l)
{
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_glyph_t *glyphs = NULL;
	cairo_scaled_font_t *sf;
	bool lacks = false;
	cairo_matrix_t m;
	int n = 0, i;

	cairo_matrix_init_identity(&m);
	sf = cairo_scaled_font_create(l->fonts[FONT_BOLD], &m, &m, fo);
	if (!cairo_scaled_font_text_to_glyphs(sf, 0, 0, l->title, -1, &glyphs,
					      &n, NULL, NULL, NULL))
		for (i = 0; i < n; i++)
			lacks |= !glyphs[i].index;
	cairo_glyph_free(glyphs);
	cairo_scaled_font_destroy(sf);
	cairo_font_options_destroy(fo);
	return lacks;
}

int label_init(const char *verb, struct label *l,
		      const struct label_args *a,
		      const struct mlic_geometry *geo, u64 created)
{
	char hex[MLIC_ID_HEX_LEN + 1];
	int ret;

	memset(l, 0, sizeof(*l));
	l->style = a->style;
	l->title = a->title ? a->title : LABEL_TITLE_DEFAULT;
	l->raster = a->format == FORMAT_PNG;
	mlic_id_human(geo->medium_id, l->id);
	mlic_id_hex(geo->medium_id, hex);
	snprintf(l->payload, sizeof(l->payload), "%s%s", LABEL_URI_PREFIX,
		 hex);
	label_facts(l, geo, created);

	/* Level Q (25% may be lost): the payload still fits version 4. */
	l->qr = QRcode_encodeString(l->payload, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
	if (!l->qr) {
		ret = -errno;
		mlic_cli_error(verb, a->out, "cannot make the QR code: %s",
			       strerror(-ret));
		return ret;
	}
	ret = load_fonts(verb, l);
	if (!ret && title_lacks_glyphs(l))
		mlic_cli_warn(verb, a->out, "DejaVu Sans has no glyphs for "
			      "some characters of the title: they show as "
			      "boxes");
	return ret;
}

void label_free(struct label *l)
{
	int i;

	for (i = 0; i < NR_FONTS; i++)
		if (l->fonts[i])
			cairo_font_face_destroy(l->fonts[i]);
	if (l->qr)
		QRcode_free(l->qr);
}

/* --- drawing, in millimetres -------------------------------------------- */

static void set_colour(cairo_t *cr, const struct rgb *c)
{
	cairo_set_source_rgb(cr, c->r, c->g, c->b);
}

static void set_font(cairo_t *cr, const struct label *l, enum label_font f,
		     double size)
{
	cairo_set_font_face(cr, l->fonts[f]);
	cairo_set_font_size(cr, size);
}

static double text_width(cairo_t *cr, const char *s)
{
	cairo_text_extents_t ext;

	cairo_text_extents(cr, s, &ext);
	return ext.x_advance;
}

/* Set @s on the baseline @y, starting, centred or ending at @x. */
static void show_text(cairo_t *cr, const char *s, double x, double y,
		      enum align align)
{
	cairo_move_to(cr, x - text_width(cr, s) * align / 2, y);
	cairo_show_text(cr, s);
}

/* Copy the character at @s (valid UTF-8) to @ch; return its length. */
static size_t next_char(const char *s, char ch[5])
{
	size_t n = mlic_utf8_sequence((const unsigned char *)s, strlen(s));

	n = n ? n : 1;
	memcpy(ch, s, n);
	ch[n] = '\0';
	return n;
}

/* Width of @s set with @track mm added between characters. */
static double spaced_width(cairo_t *cr, const char *s, double track)
{
	double w = 0;
	char ch[5];

	while (*s) {
		s += next_char(s, ch);
		w += text_width(cr, ch) + (*s ? track : 0);
	}
	return w;
}

/* Set @s with @track mm between characters, as show_text() does. */
static void show_spaced(cairo_t *cr, const char *s, double x, double y,
			double track, enum align align)
{
	char ch[5];

	x -= spaced_width(cr, s, track) * align / 2;
	while (*s) {
		s += next_char(s, ch);
		cairo_move_to(cr, x, y);
		cairo_show_text(cr, ch);
		x += text_width(cr, ch) + track;
	}
}

/*
 * Set @s centred along the bottom of the circle of radius @r about the
 * origin, upright: the baseline on the circle, each character turned to
 * follow it, tops towards the centre.
 */
static void show_on_arc(cairo_t *cr, const char *s, double r, double track)
{
	double pos = -spaced_width(cr, s, track) / 2, w, a;
	char ch[5];

	while (*s) {
		s += next_char(s, ch);
		w = text_width(cr, ch);
		a = M_PI / 2 - (pos + w / 2) / r;
		cairo_save(cr);
		cairo_translate(cr, r * cos(a), r * sin(a));
		cairo_rotate(cr, a - M_PI / 2);
		cairo_move_to(cr, -w / 2, 0);
		cairo_show_text(cr, ch);
		cairo_restore(cr);
		pos += w + track;
	}
}

/* Width of the first @len bytes of @s. */
static double prefix_width(cairo_t *cr, const char *s, size_t len)
{
	char buf[LABEL_TITLE_MAX + 1];

	memcpy(buf, s, len);
	buf[len] = '\0';
	return text_width(cr, buf);
}

/*
 * Set the first @len bytes of @s on one line no wider than @width: as
 * they are if they fit, else cut short with an ellipsis, by whole words
 * while there are two or more, then by characters.
 */
static void show_fitted(cairo_t *cr, const char *s, size_t len, double x,
			double y, double width, enum align align)
{
	char buf[LABEL_TITLE_MAX + sizeof("\u2026")], *space;

	memcpy(buf, s, len);
	buf[len] = '\0';
	while (len && text_width(cr, buf) > width) {
		space = memrchr(buf, ' ', len);
		if (space && space > buf && space[-1] != ' ') {
			len = space - buf;
		} else {
			do
				len--;
			while (len && ((unsigned char)buf[len] & 0xc0) == 0x80);
		}
		while (len && buf[len - 1] == ' ')
			len--;
		strcpy(buf + len, "\u2026");
	}
	show_text(cr, buf, x, y, align);
}

/* The font size, at most @size and at least @min, that makes @w fit. */
static double fit_size(double size, double min, double w, double width)
{
	return w > width ? fmax(min, size * width / w) : size;
}

/* Size the font for @title: @size, or smaller down to @min to fit @width. */
static void size_title(cairo_t *cr, const char *title, double size,
		       double min, double width)
{
	cairo_set_font_size(cr, size);
	cairo_set_font_size(cr, fit_size(size, min, text_width(cr, title),
					 width));
}

/*
 * The title of the disc, in the current font: on one line if it fits at
 * 80% of its size or more, else on two, broken at the space that lets
 * them be largest, the top line narrower as the disc is there.  If even
 * then they do not fit at the smallest size, the top line takes all the
 * words it can and the bottom line is cut short.
 */
static void show_disc_title(cairo_t *cr, const char *title)
{
	const double size = 7, min = 4.2, width = 66, top = 56, bottom = 70;
	size_t len = strlen(title), brk = 0, fill = 0, i;
	double over, best = INFINITY;

	/* Measured at @min: how far each break overfills its lines. */
	cairo_set_font_size(cr, min);
	for (i = 1; i < len; i++) {
		if (title[i] != ' ' || title[i - 1] == ' ')
			continue;
		over = fmax(prefix_width(cr, title, i) / top,
			    text_width(cr, title + i + strspn(title + i, " ")) /
			    bottom);
		if (over < best) {
			best = over;
			brk = i;
		}
		if (prefix_width(cr, title, i) <= top)
			fill = i;
	}
	cairo_set_font_size(cr, size);
	if (!brk || text_width(cr, title) * 0.8 <= width) {
		size_title(cr, title, size, min, width);
		show_fitted(cr, title, len, 0, -40, width, ALIGN_CENTRE);
		return;
	}
	/* A hair smaller than the exact fit, which rounding could spoil. */
	cairo_set_font_size(cr, fmax(min, fmin(0.8 * size,
					       0.995 * min / best)));
	if (best > 1 && fill)
		brk = fill;
	show_fitted(cr, title, brk, 0, -43.2, top, ALIGN_CENTRE);
	i = brk + strspn(title + brk, " ");
	show_fitted(cr, title + i, len - i, 0, -37, bottom, ALIGN_CENTRE);
}

/* Snap the user-space point (@x, @y) to the nearest device pixel corner. */
static void snap_to_pixel(cairo_t *cr, double *x, double *y)
{
	cairo_user_to_device(cr, x, y);
	*x = round(*x);
	*y = round(*y);
	cairo_device_to_user(cr, x, y);
}

/*
 * Draw the QR code centred on (@cx, @cy), each module @module mm wide, on
 * a blank square that gives it its quiet zone of %QR_QUIET modules all
 * round.  On pixels the modules are whole pixels on the pixel grid, so
 * that the code prints sharp: @module is rounded to the nearest pixel.
 */
static void draw_qr(cairo_t *cr, const struct label *l, double cx,
		    double cy, double module)
{
	const QRcode *qr = l->qr;
	int n = qr->width, r, c, run;
	double m = module, px = 1, unused = 0, x, y, q;

	if (l->raster) {
		cairo_device_to_user_distance(cr, &px, &unused);
		m = fmax(px, round(m / px) * px);
	}
	x = cx - m * n / 2;
	y = cy - m * n / 2;
	if (l->raster)
		snap_to_pixel(cr, &x, &y);

	q = QR_QUIET * m;
	set_colour(cr, &PAPER);
	cairo_rectangle(cr, x - q, y - q, m * n + 2 * q, m * n + 2 * q);
	cairo_fill(cr);

	/* One rectangle per run of dark modules in a row, filled at once. */
	for (r = 0; r < n; r++) {
		for (c = 0; c < n; c += run) {
			run = 0;
			while (c + run < n && (qr->data[r * n + c + run] & 1))
				run++;
			if (run)
				cairo_rectangle(cr, x + c * m, y + r * m,
						run * m, m);
			else
				run = 1;
		}
	}
	set_colour(cr, &INK);
	cairo_fill(cr);
}

/* A hairline where the label is cut, along the current path. */
static void stroke_guide(cairo_t *cr)
{
	set_colour(cr, &GUIDE);
	cairo_set_line_width(cr, 0.2);
	cairo_stroke(cr);
}

/* The small print, one line each, from the baseline @y down. */
static void show_facts(cairo_t *cr, const struct label *l, double x,
		       double y, double leading, enum align align)
{
	const char *lines[] = { l->slots, l->size, l->created };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		if (!lines[i][0])
			continue;
		show_text(cr, lines[i], x, y, align);
		y += leading;
	}
}

/*
 * The disc: the title and the ID above the hub, the QR code below it, the
 * small print along the rim beneath.  Origin at the centre.
 */
static void draw_disc(cairo_t *cr, const struct label *l)
{
	char facts[sizeof(l->slots) + sizeof(l->size) + sizeof(l->created) +
		   16];

	cairo_translate(cr, DISC_R, DISC_R);

	cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
	cairo_arc(cr, 0, 0, DISC_R, 0, 2 * M_PI);
	cairo_new_sub_path(cr);
	cairo_arc(cr, 0, 0, DISC_HOLE_R, 0, 2 * M_PI);
	set_colour(cr, &PAPER);
	cairo_fill_preserve(cr);
	stroke_guide(cr);

	/* A ring near the rim and one around the hub, in the accent colour. */
	set_colour(cr, &ACCENT);
	cairo_set_line_width(cr, 1.0);
	cairo_arc(cr, 0, 0, DISC_R - 3.5, 0, 2 * M_PI);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.35);
	cairo_arc(cr, 0, 0, DISC_HUB_R, 0, 2 * M_PI);
	cairo_stroke(cr);

	set_colour(cr, &INK);
	set_font(cr, l, FONT_BOLD, 7);
	show_disc_title(cr, l->title);

	set_colour(cr, &MUTED);
	set_font(cr, l, FONT_SANS, 2.3);
	show_spaced(cr, "MEDIUM ID", 0, -31.5, 0.45, ALIGN_CENTRE);
	set_colour(cr, &INK);
	set_font(cr, l, FONT_MONO, 3.8);
	show_text(cr, l->id, 0, -26.5, ALIGN_CENTRE);

	draw_qr(cr, l, 0, 34, DISC_QR_MODULE);

	snprintf(facts, sizeof(facts), "%s  \u00b7  %s%s%s", l->slots,
		 l->size, l->created[0] ? "  \u00b7  " : "", l->created);
	set_colour(cr, &MUTED);
	set_font(cr, l, FONT_SANS, 2.4);
	show_on_arc(cr, facts, 52.5, 0.12);
}

/* The rounded rectangle of the card, as the current path. */
static void card_path(cairo_t *cr)
{
	double r = CARD_CORNER_R;

	cairo_new_sub_path(cr);
	cairo_arc(cr, CARD_W - r, r, r, -M_PI / 2, 0);
	cairo_arc(cr, CARD_W - r, CARD_H - r, r, 0, M_PI / 2);
	cairo_arc(cr, r, CARD_H - r, r, M_PI / 2, M_PI);
	cairo_arc(cr, r, r, r, M_PI, 3 * M_PI / 2);
	cairo_close_path(cr);
}

/*
 * The card: the title on a band across the top, the ID in two lines of
 * four groups on the left, the QR code on the right, the small print at
 * the bottom left.
 */
static void draw_card(cairo_t *cr, const struct label *l)
{
	char half[MLIC_ID_HUMAN_LEN / 2 + 1];
	size_t h = MLIC_ID_HUMAN_LEN / 2;	/* up to the middle dash */
	cairo_text_extents_t cap;

	card_path(cr);
	set_colour(cr, &PAPER);
	cairo_fill_preserve(cr);
	cairo_save(cr);
	cairo_clip_preserve(cr);
	cairo_new_path(cr);
	cairo_rectangle(cr, 0, 0, CARD_W, CARD_BAND_H);
	set_colour(cr, &ACCENT);
	cairo_fill(cr);
	cairo_restore(cr);
	stroke_guide(cr);

	draw_qr(cr, l, CARD_W - 5 - CARD_QR_MODULE * l->qr->width / 2, 33.25,
		CARD_QR_MODULE);

	/* The title's capitals centred on the band, however small it is. */
	set_colour(cr, &PAPER);
	set_font(cr, l, FONT_BOLD, 5.2);
	size_title(cr, l->title, 5.2, 3.2, CARD_W - 10);
	cairo_text_extents(cr, "H", &cap);
	show_fitted(cr, l->title, strlen(l->title), 5,
		    (CARD_BAND_H - cap.y_bearing) / 2, CARD_W - 10, ALIGN_LEFT);

	set_colour(cr, &MUTED);
	set_font(cr, l, FONT_SANS, 2.2);
	show_spaced(cr, "MEDIUM ID", 5, 20.5, 0.4, ALIGN_LEFT);
	set_colour(cr, &INK);
	set_font(cr, l, FONT_MONO, 4.2);
	memcpy(half, l->id, h);
	half[h] = '\0';
	show_text(cr, half, 5, 27, ALIGN_LEFT);
	show_text(cr, l->id + h + 1, 5, 33, ALIGN_LEFT);

	set_colour(cr, &MUTED);
	set_font(cr, l, FONT_SANS, 2.4);
	show_facts(cr, l, 5, 41.5, 3.4, ALIGN_LEFT);
}

/* The size of the label's page, in millimetres. */
void label_page_size(enum label_style style, double *w, double *h)
{
	if (style == STYLE_CARD) {
		*w = CARD_W;
		*h = CARD_H;
	} else {
		*w = 2 * DISC_R;
		*h = 2 * DISC_R;
	}
}

/* The size of the label's PNG at @dpi, in pixels. */
void label_page_pixels(enum label_style style, u32 dpi, int *w, int *h)
{
	double wmm, hmm;

	label_page_size(style, &wmm, &hmm);
	*w = lround(wmm * dpi / MM_PER_INCH);
	*h = lround(hmm * dpi / MM_PER_INCH);
}

/* Draw the label on @surface, whose units are @scale per millimetre. */
static cairo_status_t draw_label(cairo_surface_t *surface,
				 const struct label *l, double scale)
{
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_t *cr = cairo_create(surface);
	cairo_status_t st;

	/* The same glyph shapes and advances on pixels as in vectors. */
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_set_font_options(cr, fo);
	cairo_font_options_destroy(fo);

	/* Curves true to a hundredth of a pixel, or of a millimetre. */
	cairo_set_tolerance(cr, 0.01);
	cairo_scale(cr, scale, scale);
	if (l->style == STYLE_CARD)
		draw_card(cr, l);
	else
		draw_disc(cr, l);
	st = cairo_status(cr);
	cairo_destroy(cr);
	return st;
}

/* --- documents ---------------------------------------------------------- */

static int membuf_add(struct membuf *b, const void *data, size_t len)
{
	size_t cap = b->cap ? b->cap : 65536;
	unsigned char *p;

	if (len <= b->cap - b->len) {
		memcpy(b->data + b->len, data, len);
		b->len += len;
		return 0;
	}
	while (cap - b->len < len)
		cap *= 2;
	p = realloc(b->data, cap);
	if (!p)
		return -ENOMEM;
	b->data = p;
	b->cap = cap;
	return membuf_add(b, data, len);
}

static cairo_status_t membuf_write(void *closure, const unsigned char *data,
				   unsigned int len)
{
	return membuf_add(closure, data, len) ? CAIRO_STATUS_NO_MEMORY :
						CAIRO_STATUS_SUCCESS;
}

/* What the label says, as one line of ASCII text for the metadata. */
static void label_description(const struct label *l, char *buf,
			      size_t size)
{
	snprintf(buf, size, "mlic medium ID %s (QR code: %s); %s, %s%s%s",
		 l->id, l->payload, l->slots, l->size,
		 l->created[0] ? ", " : "", l->created);
}

static int add_escaped(struct membuf *b, const char *s)
{
	int ret = 0;

	for (; *s && !ret; s++) {
		if (*s == '&')
			ret = membuf_add(b, "&amp;", 5);
		else if (*s == '<')
			ret = membuf_add(b, "&lt;", 4);
		else if (*s == '>')
			ret = membuf_add(b, "&gt;", 4);
		else
			ret = membuf_add(b, s, 1);
	}
	return ret;
}

/* <title> and <desc>, for just after the <svg> start tag. */
static int svg_metadata(const struct label *l, struct membuf *meta)
{
	char desc[256];
	int ret;

	label_description(l, desc, sizeof(desc));
	ret = membuf_add(meta, "\n<title>", 8);
	if (!ret)
		ret = add_escaped(meta, l->title);
	if (!ret)
		ret = membuf_add(meta, "</title>\n<desc>", 15);
	if (!ret)
		ret = add_escaped(meta, desc);
	if (!ret)
		ret = membuf_add(meta, "</desc>", 7);
	return ret;
}

/* Where the metadata goes: just after the '>' of the <svg> start tag. */
static int svg_insert_at(const struct membuf *doc, size_t *at)
{
	const unsigned char *p = memmem(doc->data, doc->len, "<svg", 4);

	if (p)
		p = memchr(p, '>', doc->len - (p - doc->data));
	if (!p)
		return -EPROTO;
	*at = p + 1 - doc->data;
	return 0;
}

static void put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* Append a PNG chunk: length, type, data, CRC-32 of type and data. */
static int png_chunk(struct membuf *b, const char *type, const void *d1,
		     size_t len1, const void *d2, size_t len2)
{
	u8 head[8], tail[4];
	u32 crc;
	int ret;

	put_be32(head, len1 + len2);
	memcpy(head + 4, type, 4);
	crc = crc32_le(~0U, type, 4);
	crc = crc32_le(crc, d1, len1);
	crc = crc32_le(crc, d2, len2);
	put_be32(tail, ~crc);
	ret = membuf_add(b, head, sizeof(head));
	if (!ret)
		ret = membuf_add(b, d1, len1);
	if (!ret)
		ret = membuf_add(b, d2, len2);
	if (!ret)
		ret = membuf_add(b, tail, sizeof(tail));
	return ret;
}

/*
 * pHYs (the resolution, so that it prints at its size), iTXt "Title"
 * (UTF-8) and tEXt "Description", for just after IHDR.
 */
static int png_metadata(const struct label *l, u32 dpi, struct membuf *meta)
{
	static const char title_key[] = "Title\0\0\0\0";	/* 9 bytes */
	static const char desc_key[] = "Description";	/* and its NUL */
	u32 ppm = lround(dpi / (MM_PER_INCH / 1000));
	char desc[256];
	u8 phys[9];
	int ret;

	put_be32(phys, ppm);
	put_be32(phys + 4, ppm);
	phys[8] = 1;	/* per metre */
	label_description(l, desc, sizeof(desc));
	ret = png_chunk(meta, "pHYs", phys, sizeof(phys), NULL, 0);
	if (!ret)
		ret = png_chunk(meta, "iTXt", title_key, sizeof(title_key) - 1,
				l->title, strlen(l->title));
	if (!ret)
		ret = png_chunk(meta, "tEXt", desc_key, sizeof(desc_key),
				desc, strlen(desc));
	return ret;
}

/* Where the chunks go: after the signature and IHDR. */
static int png_insert_at(const struct membuf *doc, size_t *at)
{
	static const u8 start[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR";

	if (doc->len < 33 || memcmp(doc->data, start, sizeof(start) - 1))
		return -EPROTO;
	*at = 33;
	return 0;
}

/* Render the label into @doc and its metadata into @meta, to go at @at. */
int label_render(const char *verb, const struct label_args *a,
		  const struct label *l, struct membuf *doc,
		  struct membuf *meta, size_t *at)
{
	cairo_surface_t *s;
	cairo_status_t st;
	double w, h, scale;
	int wpx, hpx, ret;

	if (a->format == FORMAT_SVG) {
		/* Its width and height, and so user units, in millimetres. */
		scale = 1;
		label_page_size(l->style, &w, &h);
		s = cairo_svg_surface_create_for_stream(membuf_write, doc, w, h);
		cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_MM);
	} else {
		scale = a->dpi / MM_PER_INCH;
		label_page_pixels(l->style, a->dpi, &wpx, &hpx);
		s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, wpx, hpx);
	}
	st = draw_label(s, l, scale);
	if (!st && a->format == FORMAT_PNG)
		st = cairo_surface_write_to_png_stream(s, membuf_write, doc);
	cairo_surface_finish(s);	/* an SVG surface writes out now */
	if (!st)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st) {
		mlic_cli_error(verb, a->out, "cannot draw the label: %s",
			       cairo_status_to_string(st));
		return st == CAIRO_STATUS_NO_MEMORY ? -ENOMEM : -EIO;
	}

	if (a->format == FORMAT_SVG) {
		ret = svg_insert_at(doc, at);
		if (!ret)
			ret = svg_metadata(l, meta);
	} else {
		ret = png_insert_at(doc, at);
		if (!ret)
			ret = png_metadata(l, a->dpi, meta);
	}
	if (ret == -EPROTO)
		mlic_cli_error(verb, a->out, "cairo wrote an unexpected %s "
			       "document", label_format_names[a->format]);
	else if (ret)
		mlic_cli_errno(verb, a->out, ret, MLIC_ERR_FILE);
	return ret;
}
