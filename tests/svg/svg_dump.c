/* svg_dump.c - print the shapes parsed from an SVG file, and the
 * diagnostics, for the golden tests in tests/svg/ (run_svg.py). */
#include <math.h>
#include <stdio.h>

#include "svg/svg.h"
#include "util/diag.h"

/* Numbers rounded to 0.01, "-0" written as "0". */
static void
num(double v)
{
	double r = round(v * 100) / 100;
	if (r == 0)
		r = 0;
	printf("%g", r);
}

static void
paint(const char *what, const svg_paint *p)
{
	printf("  %s: ", what);
	switch (p->kind) {
	case SVG_PAINT_NONE:
		printf("none\n");
		return;
	case SVG_PAINT_COLOR:
		printf("#%06x", (unsigned)p->color);
		break;
	case SVG_PAINT_GRADIENT: {
		const svg_gradient *g = p->gradient;
		printf("%s (", g->radial ? "radial" : "linear");
		num(g->x1);
		printf(" ");
		num(g->y1);
		printf(") -> (");
		num(g->x2);
		printf(" ");
		num(g->y2);
		printf(")");
		if (g->radial) {
			printf(" r ");
			num(g->r);
		}
		for (size_t i = 0; i < g->nstops; i++) {
			printf(" [");
			num(g->stops[i].offset);
			printf(" #%06x ", (unsigned)g->stops[i].color);
			num(g->stops[i].opacity);
			printf("]");
		}
		break;
	}
	}
	printf(" opacity ");
	num(p->opacity);
	printf("\n");
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: svg_dump FILE.svg\n");
		return 2;
	}
	diag_list dl;
	diag_init(&dl);
	svg_image *img;
	src_pos at = {NULL, 0, 0};
	int rc = svg_parse_file(&img, NULL, argv[1], at, &dl);
	diag_print_all(&dl, stdout, 0);
	if (rc == 0) {
		printf("size ");
		num(img->width);
		printf(" x ");
		num(img->height);
		if (img->has_viewbox) {
			printf(" viewBox ");
			num(img->vb_x);
			printf(" ");
			num(img->vb_y);
			printf(" ");
			num(img->vb_w);
			printf(" ");
			num(img->vb_h);
		}
		printf(" align %d %d none %d slice %d\n", img->align_x,
		       img->align_y, img->align_none, img->slice);
		for (size_t i = 0; i < img->nshapes; i++) {
			const svg_shape *s = &img->shapes[i];
			printf("%s %d:%d box ", s->element, s->line, s->col);
			num(s->bx);
			printf(" ");
			num(s->by);
			printf(" ");
			num(s->bw);
			printf(" ");
			num(s->bh);
			printf("%s\n", s->even_odd ? " evenodd" : "");
			paint("fill", &s->fill);
			paint("stroke", &s->stroke);
			if (s->stroke.kind != SVG_PAINT_NONE) {
				printf("  width ");
				num(s->stroke_width);
				printf(" cap %d join %d miter ", s->cap, s->join);
				num(s->miter_limit);
				if (s->ndash) {
					printf(" dash");
					for (size_t k = 0; k < s->ndash; k++) {
						printf(" ");
						num(s->dash[k]);
					}
					printf(" offset ");
					num(s->dash_offset);
				}
				printf("\n");
			}
			for (size_t k = 0; k < s->nsegs; k++) {
				const svg_seg *g = &s->segs[k];
				static const char ops[] = "MLCZ";
				printf("  %c", ops[g->op]);
				int np = g->op == SVG_CURVE ? 3 : g->op == SVG_CLOSE ? 0 : 1;
				for (int j = 0; j < np; j++) {
					printf(" ");
					num(g->x[j]);
					printf(",");
					num(g->y[j]);
				}
				printf("\n");
			}
		}
		svg_free(img);
	}
	diag_free(&dl);
	return 0;
}
