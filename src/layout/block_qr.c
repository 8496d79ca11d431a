/* block_qr.c - a QR code as vector squares: the dark modules of each row
 * merged into runs, one rectangle per run, all in one path over a white
 * square that keeps the 4-module quiet zone light on any background. */
#include <string.h>

#include "layout/lgraphics.h"
#include "qr/qr.h"

/* The quiet zone, in modules (ISO/IEC 18004 asks for 4). */
#define QUIET 4

void
layout_block_qr(lflow *f, const model_block *b, double x, double w)
{
	const model_qr *m = &b->u.qr;
	static const char names[] = "LMQH";
	qr_code qr;
	if (qr_encode(&qr, m->data, m->len, (qr_level)m->level) != 0) {
		size_t cap = qr_capacity((qr_level)m->level);
		if (m->len > cap) {
			diag_error(f->diags, DIAG_VALUE, m->data_pos,
			           "the text is %zu bytes long, but a QR code at "
			           "level %c holds at most %zu", m->len,
			           names[m->level], cap);
			diag_note(f->diags, "shorten the text (a short link), or "
			                    "use a lower level such as L");
		} else {
			diag_error(f->diags, DIAG_INTERNAL, m->data_pos,
			           "the QR code could not be encoded");
		}
		f->failed = 1;
		return;
	}
	double size = m->size;
	if (size > w)
		size = w;
	double mod = size / (qr.size + 2 * QUIET);
	double x0 = x + (w - size) / 2;
	lspace(f, f->th->paragraph_space);
	lslice *s = lslice_new(f, size);
	lsink k = lsink_slice(s);
	lgfx_fill_rect(f, k, x0, 0, size, size, 0xFFFFFF, "qr-quiet-zone",
	               b->pos);
	lgfx_path p;
	memset(&p, 0, sizeof(p));
	for (int r = 0; r < qr.size; r++) {
		const unsigned char *row = qr.modules + (size_t)r * qr.size;
		for (int c = 0; c < qr.size;) {
			if (!row[c]) {
				c++;
				continue;
			}
			int e = c;
			while (e < qr.size && row[e])
				e++;
			lgfx_rect(&p, x0 + (QUIET + c) * mod, (QUIET + r) * mod,
			          (e - c) * mod, mod);
			c = e;
		}
	}
	layout_item *it = lgfx_emit(f, k, &p, "qr", m->data_pos);
	if (it) {
		it->u.path->fill.kind = 1;
		it->u.path->fill.color = 0x000000;
		it->u.path->fill.opacity = 1;
	}
	qr_free(&qr);
	if (m->caption.nruns) {
		s->keep_with_next = 1;
		lgfx_caption(f, &m->caption, NULL, x, w, b->pos);
	}
	lspace(f, f->th->paragraph_space);
}
