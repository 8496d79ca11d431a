/* svg_value.c - SVG attribute values: numbers, lengths, transforms,
 * colours. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "svg/svg_internal.h"

const svg_mat svg_identity = {1, 0, 0, 1, 0, 0};

svg_mat
svg_mul(svg_mat m, svg_mat n)
{
	svg_mat r;
	r.a = m.a * n.a + m.c * n.b;
	r.b = m.b * n.a + m.d * n.b;
	r.c = m.a * n.c + m.c * n.d;
	r.d = m.b * n.c + m.d * n.d;
	r.e = m.a * n.e + m.c * n.f + m.e;
	r.f = m.b * n.e + m.d * n.f + m.f;
	return r;
}

void
svg_apply(const svg_mat *m, double *x, double *y)
{
	double px = *x, py = *y;
	*x = m->a * px + m->c * py + m->e;
	*y = m->b * px + m->d * py + m->f;
}

static const char *
skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

const char *
svg_skip_sep(const char *s)
{
	s = skip_ws(s);
	if (*s == ',')
		s = skip_ws(s + 1);
	return s;
}

int
svg_number(const char **s, double *out)
{
	/* SVG numbers: sign, digits, point, exponent; no hex, inf or nan,
	 * which strtod would take. "1.5.5" is two numbers. */
	const char *p = *s;
	const char *start = p;
	if (*p == '+' || *p == '-')
		p++;
	int digits = 0;
	while (isdigit((unsigned char)*p)) {
		p++;
		digits++;
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			p++;
			digits++;
		}
	}
	if (!digits)
		return -1;
	if ((*p == 'e' || *p == 'E') &&
	    (isdigit((unsigned char)p[1]) ||
	     ((p[1] == '+' || p[1] == '-') && isdigit((unsigned char)p[2])))) {
		p += 2;
		while (isdigit((unsigned char)*p))
			p++;
	}
	char tmp[64];
	size_t n = (size_t)(p - start);
	if (n >= sizeof(tmp))
		return -1;
	memcpy(tmp, start, n);
	tmp[n] = '\0';
	double v = strtod(tmp, NULL);
	if (!isfinite(v) || fabs(v) > 1e9)
		return -1;
	*out = v;
	*s = p;
	return 0;
}

int
svg_length(const char *s, double pct_of, double *out)
{
	static const struct {
		const char *unit;
		double px;
	} units[] = {{"px", 1}, {"pt", 96.0 / 72}, {"pc", 16}, {"mm", 96 / 25.4},
	             {"cm", 96 / 2.54}, {"in", 96}, {"em", 16}, {"ex", 8}};
	double v;
	s = skip_ws(s);
	if (svg_number(&s, &v) != 0)
		return -1;
	if (*s == '%') {
		*out = v / 100 * pct_of;
		s++;
	} else {
		double k = 1;
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (strncmp(s, units[i].unit, 2) == 0) {
				k = units[i].px;
				s += 2;
				break;
			}
		*out = v * k;
	}
	s = skip_ws(s);
	return *s ? -1 : 0;
}

/* Up to max numbers inside "( ... )"; return how many, or -1. */
static int
args(const char **s, double *v, int max)
{
	const char *p = skip_ws(*s);
	if (*p != '(')
		return -1;
	p = skip_ws(p + 1);
	int n = 0;
	while (*p && *p != ')') {
		if (n == max || svg_number(&p, &v[n]) != 0)
			return -1;
		n++;
		p = svg_skip_sep(p);
	}
	if (*p != ')')
		return -1;
	*s = p + 1;
	return n;
}

int
svg_transform(const char *s, svg_mat *out)
{
	static const double deg = 3.14159265358979323846 / 180;
	svg_mat m = svg_identity;
	*out = m;
	s = skip_ws(s);
	while (*s) {
		double v[6];
		svg_mat t = svg_identity;
		int n;
		if (strncmp(s, "matrix", 6) == 0) {
			s += 6;
			if ((n = args(&s, v, 6)) != 6)
				return -1;
			t = (svg_mat){v[0], v[1], v[2], v[3], v[4], v[5]};
		} else if (strncmp(s, "translate", 9) == 0) {
			s += 9;
			if ((n = args(&s, v, 2)) < 1)
				return -1;
			t.e = v[0];
			t.f = n == 2 ? v[1] : 0;
		} else if (strncmp(s, "scale", 5) == 0) {
			s += 5;
			if ((n = args(&s, v, 2)) < 1)
				return -1;
			t.a = v[0];
			t.d = n == 2 ? v[1] : v[0];
		} else if (strncmp(s, "rotate", 6) == 0) {
			s += 6;
			n = args(&s, v, 3);
			if (n != 1 && n != 3)
				return -1;
			double c = cos(v[0] * deg), sn = sin(v[0] * deg);
			t = (svg_mat){c, sn, -sn, c, 0, 0};
			if (n == 3) {
				svg_mat to = {1, 0, 0, 1, v[1], v[2]};
				svg_mat back = {1, 0, 0, 1, -v[1], -v[2]};
				t = svg_mul(to, svg_mul(t, back));
			}
		} else if (strncmp(s, "skewX", 5) == 0) {
			s += 5;
			if (args(&s, v, 1) != 1)
				return -1;
			t.c = tan(v[0] * deg);
		} else if (strncmp(s, "skewY", 5) == 0) {
			s += 5;
			if (args(&s, v, 1) != 1)
				return -1;
			t.b = tan(v[0] * deg);
		} else {
			return -1;
		}
		m = svg_mul(m, t);
		s = svg_skip_sep(s);
	}
	*out = m;
	return 0;
}

static const struct {
	const char *name;
	uint32_t rgb;
} named[] = {
	{"black", 0x000000}, {"silver", 0xc0c0c0}, {"gray", 0x808080},
	{"grey", 0x808080}, {"white", 0xffffff}, {"maroon", 0x800000},
	{"red", 0xff0000}, {"purple", 0x800080}, {"fuchsia", 0xff00ff},
	{"magenta", 0xff00ff}, {"green", 0x008000}, {"lime", 0x00ff00},
	{"olive", 0x808000}, {"yellow", 0xffff00}, {"navy", 0x000080},
	{"blue", 0x0000ff}, {"teal", 0x008080}, {"aqua", 0x00ffff},
	{"cyan", 0x00ffff}, {"orange", 0xffa500}, {"brown", 0xa52a2a},
	{"pink", 0xffc0cb}, {"gold", 0xffd700}, {"darkgreen", 0x006400},
	{"darkgray", 0xa9a9a9}, {"darkgrey", 0xa9a9a9},
	{"lightgray", 0xd3d3d3}, {"lightgrey", 0xd3d3d3},
	{"dimgray", 0x696969}, {"dimgrey", 0x696969},
	{"whitesmoke", 0xf5f5f5}, {"forestgreen", 0x228b22},
	{"steelblue", 0x4682b4}, {"skyblue", 0x87ceeb},
	{"darkblue", 0x00008b}, {"darkred", 0x8b0000},
};

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
svg_color(const char *s, uint32_t *out, double *alpha)
{
	*alpha = 1;
	s = skip_ws(s);
	size_t len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (s[0] == '#') {
		int h[6];
		if (len != 4 && len != 7)
			return -1;
		for (size_t i = 1; i < len; i++)
			if ((h[i - 1] = hexval((unsigned char)s[i])) < 0)
				return -1;
		if (len == 4)
			*out = (uint32_t)(h[0] * 17) << 16 |
			       (uint32_t)(h[1] * 17) << 8 | (uint32_t)(h[2] * 17);
		else
			*out = (uint32_t)(h[0] << 4 | h[1]) << 16 |
			       (uint32_t)(h[2] << 4 | h[3]) << 8 |
			       (uint32_t)(h[4] << 4 | h[5]);
		return 0;
	}
	int rgba = strncmp(s, "rgba(", 5) == 0;
	if (rgba || strncmp(s, "rgb(", 4) == 0) {
		const char *p = skip_ws(s + (rgba ? 5 : 4));
		double c[4];
		int n = rgba ? 4 : 3;
		for (int i = 0; i < n; i++) {
			if (svg_number(&p, &c[i]) != 0)
				return -1;
			if (*p == '%') {
				c[i] = c[i] * (i == 3 ? 0.01 : 2.55);
				p++;
			}
			p = i + 1 < n ? svg_skip_sep(p) : skip_ws(p);
		}
		if (*p != ')')
			return -1;
		uint32_t rgb = 0;
		for (int i = 0; i < 3; i++) {
			double v = c[i] < 0 ? 0 : c[i] > 255 ? 255 : c[i];
			rgb = rgb << 8 | (uint32_t)lround(v);
		}
		*out = rgb;
		if (rgba)
			*alpha = c[3] < 0 ? 0 : c[3] > 1 ? 1 : c[3];
		return 0;
	}
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strlen(named[i].name) == len &&
		    strncasecmp(s, named[i].name, len) == 0) {
			*out = named[i].rgb;
			return 0;
		}
	return -1;
}
