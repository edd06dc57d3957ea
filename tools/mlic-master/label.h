/* SPDX-License-Identifier: GPL-2.0 */
/*
 * label.h - mlic-master label: what the verb (label.c) asks for and what
 * the renderer (label-render.c) draws from it.
 */
#ifndef _MLIC_MASTER_LABEL_H
#define _MLIC_MASTER_LABEL_H

#include <cairo.h>
#include <qrencode.h>

#include "mlic-master.h"

#define LABEL_URI_PREFIX	"mlic:medium:"	/* then 32 hex digits */
#define LABEL_TITLE_DEFAULT	"mlic medium"
#define LABEL_TITLE_MAX		200		/* bytes */
#define LABEL_DPI_DEFAULT	300
#define LABEL_DPI_MIN		72
#define LABEL_DPI_MAX		1200
#define MM_PER_INCH		25.4

enum label_format { FORMAT_NONE, FORMAT_SVG, FORMAT_PNG };
enum label_style { STYLE_DISC, STYLE_CARD };
enum label_font { FONT_SANS, FONT_BOLD, FONT_MONO, NR_FONTS };

extern const char *const label_format_names[];
extern const char *const label_style_names[];

struct label_args {
	const char *image;
	const char *out;
	const char *title;
	enum label_format format;
	enum label_style style;
	u32 dpi;
	bool have_dpi;
};

/**
 * struct label - what a label shows, and what it is drawn with
 * @style: disc or card
 * @title: the title (valid UTF-8, no control characters)
 * @id: the medium ID, grouped as people read it
 * @payload: what the QR code holds: %LABEL_URI_PREFIX and 32 hex digits
 * @slots: small print: the number of license slots
 * @size: small print: the size of the user area
 * @created: small print: the creation date, or "" if the header has none
 * @qr: the QR code of @payload
 * @fonts: DejaVu Sans, Sans Bold and Sans Mono
 * @raster: drawn on pixels, where the QR code keeps to the pixel grid
 */
struct label {
	enum label_style style;
	const char *title;
	char id[MLIC_ID_HUMAN_LEN + 1];
	char payload[sizeof(LABEL_URI_PREFIX) + MLIC_ID_HEX_LEN];
	char slots[32];
	char size[32];
	char created[32];
	QRcode *qr;
	cairo_font_face_t *fonts[NR_FONTS];
	bool raster;
};

/* A document as cairo writes it, in memory. */
struct membuf {
	unsigned char *data;
	size_t len;
	size_t cap;
};

int label_init(const char *verb, struct label *l, const struct label_args *a,
	       const struct mlic_geometry *geo, u64 created);
void label_free(struct label *l);
int label_render(const char *verb, const struct label_args *a,
		 const struct label *l, struct membuf *doc,
		 struct membuf *meta, size_t *at);
void label_page_size(enum label_style style, double *w, double *h);
void label_page_pixels(enum label_style style, u32 dpi, int *w, int *h);

#endif /* _MLIC_MASTER_LABEL_H */
