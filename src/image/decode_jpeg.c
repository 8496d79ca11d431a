/* decode_jpeg.c - JPEG through libjpeg(-turbo), from memory, with a
 * setjmp error manager and no messages printed. Every file is decoded
 * whole, even when its bytes are to be embedded as they are: that is how
 * a truncated or damaged JPEG is caught before it reaches the PDF. */
#include "image/image_internal.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

#include "util/limits.h"

typedef struct jerr {
	struct jpeg_error_mgr pub;
	jmp_buf jb;
} jerr;

/* State that must survive a longjmp: kept outside the function that
 * calls setjmp. */
typedef struct jpegctx {
	idecode *d;
	struct jpeg_decompress_struct ci;
	jerr err;
	struct jpeg_progress_mgr progress;
	int created;
	int error_code;      /* msg_code of the error, or -1 */
	char msg[JMSG_LENGTH_MAX];
	int eof;             /* the data ended before the image did */
	int damage;          /* a corrupt-data warning was seen */
	char damage_msg[JMSG_LENGTH_MAX];
	int too_many_scans;  /* 1: LIMIT_JPEG_SCANS, 2: ..._SCAN_PIXELS */
	unsigned char *tmp;  /* malloc'd: a row, or pixels to reorient */
} jpegctx;

static jpegctx *
ctx_of(j_common_ptr ci)
{
	/* ci is the first member's address... of the ctx's ci member. */
	return (jpegctx *)((char *)ci - offsetof(jpegctx, ci));
}

static void
on_error(j_common_ptr ci)
{
	jpegctx *c = ctx_of(ci);
	c->error_code = ci->err->msg_code;
	(*ci->err->format_message)(ci, c->msg);
	longjmp(c->err.jb, 1);
}

static void
on_message(j_common_ptr ci, int level)
{
	if (level >= 0)
		return; /* trace messages */
	jpegctx *c = ctx_of(ci);
	int code = ci->err->msg_code;
	ci->err->num_warnings++;
	switch (code) {
	case JWRN_JPEG_EOF:
		c->eof = 1;
		break;
	case JWRN_ADOBE_XFORM:
	case JWRN_JFIF_MAJOR:
	case JWRN_BOGUS_ICC:
		break; /* metadata only: the picture is fine */
	default:
		if (!c->damage) {
			c->damage = 1;
			(*ci->err->format_message)(ci, c->damage_msg);
		}
		break;
	}
}

static void
on_output(j_common_ptr ci)
{
	(void)ci; /* never print */
}

static void
on_progress(j_common_ptr ci)
{
	jpegctx *c = ctx_of(ci);
	long long pixels = (long long)c->ci.image_width * c->ci.image_height;
	if (c->ci.input_scan_number > LIMIT_JPEG_SCANS) {
		c->too_many_scans = 1;
		c->error_code = -1;
		longjmp(c->err.jb, 1);
	}
	if (c->ci.input_scan_number > 0 &&
	    c->ci.input_scan_number * pixels > LIMIT_JPEG_SCAN_PIXELS) {
		c->too_many_scans = 2;
		c->error_code = -1;
		longjmp(c->err.jb, 1);
	}
}

/* The EXIF orientation from the saved APP1 segments, 1 when none. */
static int
orientation(j_decompress_ptr ci)
{
	for (jpeg_saved_marker_ptr m = ci->marker_list; m; m = m->next) {
		if (m->marker != JPEG_APP0 + 1)
			continue;
		int o = image_exif_orientation(m->data, m->data_length);
		if (o)
			return o;
	}
	return 1;
}

/* Whether PDF's DCTDecode shows the file as libjpeg decodes it, so its
 * bytes can be embedded as they are. */
static int
passthrough_ok(const jpegctx *c, int o)
{
	const struct jpeg_decompress_struct *ci = &c->ci;
	if (!(c->d->flags & IMAGE_KEEP_JPEG) || o != 1 || c->damage ||
	    ci->arith_code || ci->data_precision != 8)
		return 0;
	switch (ci->num_components) {
	case 1:
		return ci->jpeg_color_space == JCS_GRAYSCALE;
	case 3:
		/* Viewers assume YCbCr without an Adobe marker saying RGB. */
		return ci->jpeg_color_space == JCS_YCbCr;
	case 4:
		/* libharu always writes the inverted /Decode of Adobe CMYK. */
		return ci->saw_Adobe_marker &&
		       (ci->jpeg_color_space == JCS_CMYK ||
		        ci->jpeg_color_space == JCS_YCCK);
	default:
		return 0;
	}
}

/* Run libjpeg; return 0 (d->status may still say why the file cannot be
 * used), or -1 after a libjpeg error. */
static int
run(jpegctx *c)
{
	idecode *d = c->d;
	image *out = d->out;
	struct jpeg_decompress_struct *ci = &c->ci;
	if (setjmp(c->err.jb))
		return -1;
	jpeg_create_decompress(ci);
	c->created = 1;
	ci->progress = &c->progress;
	jpeg_mem_src(ci, d->data, (unsigned long)d->len);
	jpeg_save_markers(ci, JPEG_APP0 + 1, 0xFFFF);
	jpeg_read_header(ci, TRUE);

	if (ioversize(d, ci->image_width, ci->image_height)) {
		d->status = IMAGE_ERR_TOO_LARGE;
		return 0;
	}
	int comps = ci->num_components;
	if (comps != 1 && comps != 3 && comps != 4) {
		d->status = IMAGE_ERR_UNSUPPORTED;
		snprintf(d->detail, sizeof(d->detail),
		         "%d colour components (only grey, RGB and CMYK are "
		         "supported)",
		         comps);
		return 0;
	}
	ci->out_color_space = comps == 1 ? JCS_GRAYSCALE
	                      : comps == 3 ? JCS_RGB
	                                   : JCS_CMYK;
	const int o = orientation(ci);
	jpeg_start_decompress(ci);
	if (ci->output_components != comps || ci->output_width != ci->image_width ||
	    ci->output_height != ci->image_height) {
		d->status = IMAGE_ERR_UNSUPPORTED;
		snprintf(d->detail, sizeof(d->detail), "an unusual colour layout");
		return 0;
	}

	const size_t w = ci->output_width, h = ci->output_height;
	const size_t stride = w * (size_t)comps;
	/* Whether the bytes may be kept is known only after the decode:
	 * damaged data shows up on the way. Decode into a scratch buffer
	 * unless the pixels are surely what is kept, as they are. */
	int keep = passthrough_ok(c, o);
	unsigned char *pixels;
	if (keep || o != 1)
		pixels = c->tmp = xmalloc(stride * h);
	else
		pixels = arena_alloc(d->mem, stride * h);
	while (ci->output_scanline < ci->output_height) {
		JSAMPROW row = pixels + ci->output_scanline * stride;
		if (jpeg_read_scanlines(ci, &row, 1) != 1)
			break;
	}
	/* A mem source never suspends; a short read is an ended file. */
	if (ci->output_scanline < ci->output_height)
		c->eof = 1;
	else
		jpeg_finish_decompress(ci);
	if (c->eof) {
		d->status = IMAGE_ERR_TRUNCATED;
		return 0;
	}

	const int adobe_cmyk = comps == 4 && ci->saw_Adobe_marker;
	out->width = (int)w;
	out->height = (int)h;
	out->components = comps;
	out->orientation = o;
	if (keep && !c->damage) {
		out->jpeg = d->data; /* copied into the arena by image_load */
		out->jpeg_len = d->len;
		out->jpeg_inverted = adobe_cmyk;
		return 0;
	}
	if (adobe_cmyk) /* Adobe writes 255 for no ink: make 0 no ink */
		for (size_t i = 0; i < stride * h; i++)
			pixels[i] = (unsigned char)(255 - pixels[i]);
	if (o != 1) {
		pixels = ireorient(d->mem, pixels, &out->width, &out->height,
		                   comps, o);
	} else if (pixels == c->tmp) {
		pixels = arena_alloc(d->mem, stride * h);
		memcpy(pixels, c->tmp, stride * h);
	}
	out->pixels = pixels;
	if (c->damage)
		snprintf(d->warning, sizeof(d->warning), "%s", c->damage_msg);
	return 0;
}

static void
classify(jpegctx *c)
{
	idecode *d = c->d;
	if (c->too_many_scans == 1) {
		d->status = IMAGE_ERR_UNSUPPORTED;
		snprintf(d->detail, sizeof(d->detail),
		         "a progressive JPEG with more than %d scans "
		         "(LIMIT_JPEG_SCANS)", LIMIT_JPEG_SCANS);
		return;
	}
	if (c->too_many_scans == 2) {
		d->status = IMAGE_ERR_UNSUPPORTED;
		snprintf(d->detail, sizeof(d->detail),
		         "a progressive JPEG whose scans read more than %lld "
		         "million pixels in all (LIMIT_JPEG_SCAN_PIXELS)",
		         LIMIT_JPEG_SCAN_PIXELS / 1000000);
		return;
	}
	switch (c->error_code) {
	case JERR_IMAGE_TOO_BIG:
		d->status = IMAGE_ERR_TOO_LARGE;
		d->declared_w = c->ci.image_width;
		d->declared_h = c->ci.image_height;
		return;
	case JERR_BAD_PRECISION:
		d->status = IMAGE_ERR_UNSUPPORTED;
		snprintf(d->detail, sizeof(d->detail),
		         "%d bits per component (only 8 are supported)",
		         c->ci.data_precision);
		return;
	case JERR_ARITH_NOTIMPL:
	case JERR_NOT_COMPILED:
	case JERR_SOF_UNSUPPORTED:
		d->status = IMAGE_ERR_UNSUPPORTED;
		snprintf(d->detail, sizeof(d->detail), "%s", c->msg);
		return;
	case JERR_NO_IMAGE:
	case JERR_INPUT_EMPTY:
	case JERR_INPUT_EOF:
		if (c->damage) {
			d->status = IMAGE_ERR_DAMAGED;
			snprintf(d->detail, sizeof(d->detail), "%s", c->damage_msg);
		} else if (c->error_code == JERR_NO_IMAGE && !c->eof) {
			d->status = IMAGE_ERR_EMPTY;
		} else {
			d->status = IMAGE_ERR_TRUNCATED;
		}
		return;
	default:
		if (c->eof && !c->damage) {
			d->status = IMAGE_ERR_TRUNCATED;
			return;
		}
		d->status = IMAGE_ERR_DAMAGED;
		snprintf(d->detail, sizeof(d->detail), "%s", c->msg);
		return;
	}
}

image_status
idecode_jpeg(idecode *d)
{
	jpegctx *c = xcalloc(1, sizeof(*c));
	c->d = d;
	c->error_code = -1;
	d->status = IMAGE_OK;
	c->ci.err = jpeg_std_error(&c->err.pub);
	c->err.pub.error_exit = on_error;
	c->err.pub.emit_message = on_message;
	c->err.pub.output_message = on_output;
	c->progress.progress_monitor = on_progress;
	if (run(c) != 0)
		classify(c);
	if (c->created)
		jpeg_destroy_decompress(&c->ci);
	free(c->tmp);
	image_status st = d->status;
	free(c);
	return st;
}
