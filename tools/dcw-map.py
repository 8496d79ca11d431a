#!/usr/bin/env python3
"""dcw-map.py - draw the map of Central Asia and Afghanistan as SVG.

    python3 tools/dcw-map.py OUTDIR [--dcw FILE] [--fonts DIR]

Writes OUTDIR/central-asia.en.svg and OUTDIR/central-asia.ru.svg from the
country borders of DCW-GMT (Debian's gmt-dcw, /usr/share/gmt-dcw/dcw-gmt.nc,
read with python3-netcdf4) and the Noto Sans fonts of fonts/ (read with
python3-fonttools). A tool for the brand, run by hand and by the test
tests/e2e/test_map.py, which remakes both files and compares them byte for
byte with assets/map/: change this file, run it, commit what it writes.

How the map is made:
- the borders of the countries near Central Asia, unpacked as GMT does
  (each coordinate a 16-bit step between the variable's min and max;
  65535 starts a new ring);
- projected with a Lambert conformal conic projection (standard parallels
  35N and 51N, central meridian 67E, on a sphere: an inset map);
- made to share their borders: a point within 0.002 degrees of a point of
  another country (the two digitisings of one border differ only by the
  16-bit rounding) becomes that point, so neighbours meet exactly;
- cut into chains between the points where the countries that share a
  border change, each chain simplified once (Douglas-Peucker, a fixed
  tolerance of 0.2 mm on the page), so both sides of a border stay the
  same line: no slivers and no gaps;
- cut to the frame; rings smaller than 1 mm2 left out;
- coordinates in tenths of a millimetre, whole numbers: the output is the
  same, byte for byte, on every run.

The SVG reader of carec-report draws paths, not <text>, so the labels are
the outlines of Noto Sans glyphs, one variant per language. No font kerning
is applied (the labels are short, in capitals or tracked). Each name is
placed at the point nearest to its place where it fits (inside its
country, or on the water, clear of the legend), set smaller only where it
must; a name that fits nowhere is said on stderr.
"""

import argparse
import bisect
import math
import os
import sys

try:
    import netCDF4
except ImportError:
    sys.exit("dcw-map.py: python3-netcdf4 is missing: run script/bootstrap")
try:
    from fontTools.pens.basePen import BasePen
    from fontTools.ttLib import TTFont
except ImportError:
    sys.exit("dcw-map.py: python3-fonttools is missing: run script/bootstrap")

DCW = "/usr/share/gmt-dcw/dcw-gmt.nc"
HERE = os.path.dirname(os.path.abspath(__file__))

# The page: the map is 120 mm wide and about as tall (half an A4 page; it
# scales down to a 99 mm panel), in units of 0.1 mm.
WIDTH = 1200
MARGIN = 25            # 2.5 mm around the focus countries
UNIT_MM = 0.1

# The projection.
LAT1, LAT2, LAT0, LON0 = 35.0, 51.0, 43.0, 67.0
# The countries read further than this outside the frame are left out.
NEAR = (38.0, 22.0, 97.0, 62.0)  # west, south, east, north

SNAP_DEG = 0.002
TOLERANCE = 2.0          # units: 0.2 mm
MIN_AREA = 100.0         # units squared: 1 mm2

# The colours: the theme's (reports/theme/carec.yaml) and tones of them.
GREEN = "#0a674a"        # primary
GOLD = "#d99a1e"         # accent
TEXT = "#1f2a2e"
MUTED = "#5f6b70"
# The five states: the brand green in three tones, so that no two
# neighbours share one; white reads on each at 4.9:1 or more.
STATE_FILLS = {
    "KZ": "#0a674a", "UZ": "#1d7f5a", "TM": "#07553d",
    "KG": "#07553d", "TJ": "#0a674a",
}
AFGHANISTAN = "#f3dca6"  # a pale tone of the gold
NEIGHBOUR = "#e3e6e4"
WATER = "#dceaf0"
BORDER = "#ffffff"
WATER_TEXT = "#3f6272"
NEIGHBOUR_TEXT = "#525e63"

STATES = ["KZ", "UZ", "TM", "KG", "TJ"]
NEIGHBOURS = ["RU", "CN", "MN", "IR", "PK", "IN", "AZ", "GE", "AM", "TR",
              "NP"]
# Painting order: the neighbours, Afghanistan, then the states; KG last, as
# its rings with the enclaves of UZ and TJ are holes in it (even-odd).
ORDER = NEIGHBOURS + ["AF", "KZ", "TM", "UZ", "TJ", "KG"]

ALMATY = (76.93, 43.26)
TRACK = 0.06             # the tracking of the capitals, in ems  # the head office (lon, lat)

LABELS = {
    # code: (lon, lat, en, ru) of the label's centre
    "KZ": (67.5, 48.2, "KAZAKHSTAN", "КАЗАХСТАН"),
    "UZ": (63.3, 41.75, "UZBEKISTAN", "УЗБЕКИСТАН"),
    "TM": (59.0, 39.1, "TURKMENISTAN", "ТУРКМЕНИСТАН"),
    "KG": (74.6, 41.55, "KYRGYZSTAN", "КЫРГЫЗСТАН"),
    "TJ": (71.45, 38.4, "TAJIKISTAN", "ТАДЖИКИСТАН"),
    "AF": (65.6, 33.6, "AFGHANISTAN", "АФГАНИСТАН"),
}
NEIGHBOUR_LABELS = [
    (60.0, 54.6, "RUSSIA", "РОССИЯ"),
    (82.5, 39.5, "CHINA", "КИТАЙ"),
    (54.6, 35.2, "IRAN", "ИРАН"),
    (70.5, 30.2, "PAKISTAN", "ПАКИСТАН"),
]
WATER_LABELS = [
    (50.9, 42.0, ("Caspian", "Sea"), ("Каспийское", "море")),
    (59.72, 45.05, ("Aral", "Sea"), ("Аральское", "море")),
]

# The legend: a row per sign, of one or two lines.
LEGEND = {
    "en": [["The five Central Asian states"],
           ["CAREC’s country office", "network in the five states"],
           ["Afghanistan, in CAREC’s", "regional mandate"],
           ["Almaty: CAREC’s head office"]],
    "ru": [["Пять государств", "Центральной Азии"],
           ["Сеть страновых офисов", "РЭЦЦА в пяти государствах"],
           ["Афганистан, в региональном", "мандате РЭЦЦА"],
           ["Алматы: штаб-квартира РЭЦЦА"]],
}
HEAD_OFFICE = {"en": "ALMATY", "ru": "АЛМАТЫ"}


# ---- the data ----

def read_rings(ds, code):
    """The rings of one country as lists of (lon, lat), as GMT unpacks
    them."""
    vx = ds.variables[code + "_lon"]
    vy = ds.variables[code + "_lat"]
    xs = vx[:].tolist()
    ys = vy[:].tolist()
    x0, xs_ = float(vx.getncattr("min")), float(vx.getncattr("scale"))
    y0, ys_ = float(vy.getncattr("min")), float(vy.getncattr("scale"))
    rings, cur = [], None
    for x, y in zip(xs, ys):
        if x == 65535:
            cur = []
            rings.append(cur)
        elif cur is not None:
            cur.append((x / xs_ + x0, y / ys_ + y0))
    return [r for r in rings if len(r) >= 3]


# ---- the projection ----

def lcc():
    p1, p2, p0 = map(math.radians, (LAT1, LAT2, LAT0))
    t = lambda p: math.tan(math.pi / 4 + p / 2)
    n = math.log(math.cos(p1) / math.cos(p2)) / math.log(t(p2) / t(p1))
    f = math.cos(p1) * t(p1) ** n / n
    r0 = f / t(p0) ** n

    def proj(lon, lat):
        r = f / t(math.radians(lat)) ** n
        a = n * math.radians(lon - LON0)
        return r * math.sin(a), r0 - r * math.cos(a)
    return proj


class Page:
    """Projected coordinates to page units (y down): the focus countries
    (the five states and Afghanistan) fill the width, with MARGIN units
    around them; the height follows."""

    def __init__(self, proj, focus):
        xy = [proj(lon, lat) for lon, lat in focus]
        x0, x1 = min(p[0] for p in xy), max(p[0] for p in xy)
        y0, y1 = min(p[1] for p in xy), max(p[1] for p in xy)
        self.proj = proj
        self.k = (WIDTH - 2 * MARGIN) / (x1 - x0)
        self.x0, self.y1 = x0, y1
        self.height = int(math.ceil(((y1 - y0) * self.k + 2 * MARGIN) / 10)) * 10

    def __call__(self, lon, lat):
        x, y = self.proj(lon, lat)
        return (MARGIN + (x - self.x0) * self.k,
                MARGIN + (self.y1 - y) * self.k)


# ---- shared borders ----

class Snap:
    """Points of all countries, a point within SNAP_DEG of an earlier one
    becoming that one. Ids are given in reading order: deterministic."""

    def __init__(self):
        self.cells = {}
        self.pts = []

    def id(self, lon, lat):
        cx, cy = int(math.floor(lon / SNAP_DEG)), int(math.floor(lat / SNAP_DEG))
        best, bd = None, SNAP_DEG * SNAP_DEG
        for i in (cx - 1, cx, cx + 1):
            for j in (cy - 1, cy, cy + 1):
                for k in self.cells.get((i, j), ()):
                    px, py = self.pts[k]
                    d = (px - lon) ** 2 + (py - lat) ** 2
                    if d < bd:
                        best, bd = k, d
        if best is not None:
            return best
        k = len(self.pts)
        self.pts.append((lon, lat))
        self.cells.setdefault((cx, cy), []).append(k)
        return k


def douglas_peucker(pts, tol):
    """Indices of pts to keep (first and last always)."""
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        ax, ay = pts[a]
        bx, by = pts[b]
        dx, dy = bx - ax, by - ay
        ll = dx * dx + dy * dy
        worst, wi = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            if ll == 0:
                d = (px - ax) ** 2 + (py - ay) ** 2
            else:
                c = ((px - ax) * dy - (py - ay) * dx)
                d = c * c / ll
            if d > worst:
                worst, wi = d, i
        if wi >= 0 and worst > tol * tol:
            keep[wi] = True
            stack.append((a, wi))
            stack.append((wi, b))
    return keep


def simplify(rings_by_country, page):
    """rings_by_country: {code: [ring of point ids]}. Return {code: [ring of
    (x, y) page points]}, every chain shared by two countries simplified
    once."""
    xy = page.xy
    users = {}
    for code, rings in rings_by_country.items():
        for ri, ring in enumerate(rings):
            for k in ring:
                u = users.setdefault(k, [])
                if (code, ri) not in u:
                    u.append((code, ri))
    key = {k: tuple(sorted(u)) for k, u in users.items()}
    node = set()
    for rings in rings_by_country.values():
        for ring in rings:
            n = len(ring)
            for i, k in enumerate(ring):
                if len(key[k]) >= 3 or key[k] != key[ring[i - 1]] or \
                        key[k] != key[ring[(i + 1) % n]]:
                    node.add(k)
    done = {}
    out = {}
    for code, rings in rings_by_country.items():
        res = []
        for ring in rings:
            nodes = [i for i, k in enumerate(ring) if k in node]
            if not nodes:
                # A ring nobody else touches, or one shared whole: start at
                # its smallest id and at the point farthest from it.
                s = min(range(len(ring)), key=lambda i: ring[i])
                sx, sy = xy[ring[s]]
                f = max(range(len(ring)), key=lambda i: (
                    (xy[ring[i]][0] - sx) ** 2 + (xy[ring[i]][1] - sy) ** 2,
                    -ring[i]))
                nodes = sorted({s, f})
            kept = []
            m = len(nodes)
            for j in range(m):
                a = nodes[j]
                b = nodes[(j + 1) % m]
                chain = ring[a:b + 1] if b > a else ring[a:] + ring[:b + 1]
                t = tuple(chain)
                r = t[::-1]
                norm, rev = (t, False) if t <= r else (r, True)
                if norm not in done:
                    pts = [xy[k] for k in norm]
                    keep = douglas_peucker(pts, TOLERANCE)
                    done[norm] = [k for k, c in zip(norm, keep) if c]
                got = done[norm][::-1] if rev else done[norm]
                kept.extend(got[:-1])
            res.append([xy[k] for k in kept])
        out[code] = res
    return out


# ---- cutting to the frame ----

def clip(ring, x0, y0, x1, y1):
    """Sutherland-Hodgman: the ring cut to the rectangle."""
    def cut(pts, inside, cross):
        res = []
        for i, p in enumerate(pts):
            q = pts[i - 1]
            if inside(p):
                if not inside(q):
                    res.append(cross(q, p))
                res.append(p)
            elif inside(q):
                res.append(cross(q, p))
        return res

    def at_x(x):
        return lambda q, p: (x, q[1] + (p[1] - q[1]) * (x - q[0]) / (p[0] - q[0]))

    def at_y(y):
        return lambda q, p: (q[0] + (p[0] - q[0]) * (y - q[1]) / (p[1] - q[1]), y)
    pts = ring
    for inside, cross in ((lambda p: p[0] >= x0, at_x(x0)),
                          (lambda p: p[0] <= x1, at_x(x1)),
                          (lambda p: p[1] >= y0, at_y(y0)),
                          (lambda p: p[1] <= y1, at_y(y1))):
        if not pts:
            break
        pts = cut(pts, inside, cross)
    return pts


def area(pts):
    return abs(sum(pts[i - 1][0] * p[1] - p[0] * pts[i - 1][1]
                   for i, p in enumerate(pts))) / 2


def path_data(rings):
    """Rings of page points as path data: whole units, relative moves."""
    out = []
    for ring in rings:
        pts = [(int(round(x)), int(round(y))) for x, y in ring]
        clean = []
        for p in pts:
            if not clean or p != clean[-1]:
                clean.append(p)
        while len(clean) > 1 and clean[0] == clean[-1]:
            clean.pop()
        if len(clean) < 3:
            continue
        x, y = clean[0]
        s = ["M%d %d" % (x, y)]
        px, py = x, y
        rel = []
        for x, y in clean[1:]:
            rel.append("%d %d" % (x - px, y - py))
            px, py = x, y
        s.append("l" + " ".join(rel) + "z")
        out.append("".join(s))
    return "".join(out).replace(" -", "-")


# ---- text as outlines ----

class OutlinePen(BasePen):
    """Glyph outlines as path data, relative, in tenths of a unit (whole
    tenths, counted from the rounded last point: nothing drifts)."""

    def __init__(self, glyphset, tx, ty, s, at):
        super().__init__(glyphset)
        self.tx, self.ty, self.s = tx, ty, s
        self.at = at  # [x, y] in tenths: where the last command ended
        self.d = []

    def _rel(self, p):
        x = int(round((self.tx + p[0] * self.s) * 10))
        y = int(round((self.ty - p[1] * self.s) * 10))
        return x, y

    def _emit(self, cmd, pts):
        parts = []
        ox, oy = self.at
        for x, y in pts:
            parts.append("%s %s" % (tenths(x - ox), tenths(y - oy)))
        self.at[0], self.at[1] = pts[-1]
        self.d.append(cmd + " ".join(parts))

    def _moveTo(self, p):
        self._emit("m", [self._rel(p)])

    def _lineTo(self, p):
        self._emit("l", [self._rel(p)])

    def _qCurveToOne(self, p1, p2):
        # Relative control points count from the command's start point.
        a = self._rel(p1)
        b = self._rel(p2)
        ox, oy = self.at
        self.d.append("q%s %s %s %s" % (tenths(a[0] - ox), tenths(a[1] - oy),
                                        tenths(b[0] - ox), tenths(b[1] - oy)))
        self.at[0], self.at[1] = b

    def _curveToOne(self, p1, p2, p3):
        a, b, c = self._rel(p1), self._rel(p2), self._rel(p3)
        ox, oy = self.at
        self.d.append("c" + " ".join("%s %s" % (tenths(p[0] - ox),
                                                tenths(p[1] - oy))
                                     for p in (a, b, c)))
        self.at[0], self.at[1] = c

    def _closePath(self):
        # z returns to the subpath's start; the next m counts from there.
        self.d.append("z")
        self.at[0], self.at[1] = self.start

    def moveTo(self, p):
        super().moveTo(p)
        self.start = self._rel(p)


def tenths(v):
    """A whole number of tenths as a short decimal: 12 -> 1.2, -5 -> -.5."""
    sign = "-" if v < 0 else ""
    v = abs(v)
    if v % 10 == 0:
        return sign + str(v // 10)
    if v < 10:
        return sign + "." + str(v)
    return sign + str(v // 10) + "." + str(v % 10)


def num(v):
    s = "%.1f" % v
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


class Font:
    def __init__(self, path):
        self.tt = TTFont(path)
        self.cmap = self.tt.getBestCmap()
        self.gs = self.tt.getGlyphSet()
        self.upm = self.tt["head"].unitsPerEm
        self.hmtx = self.tt["hmtx"]

    def width(self, text, size, track=0.0):
        s = size / self.upm
        w = sum(self.hmtx[self.cmap[ord(c)]][0] * s for c in text)
        return w + track * size * (len(text) - 1)

    def outline(self, text, size, x, y, anchor="middle", track=0.0):
        """Path data of text set at size with its baseline at y."""
        s = size / self.upm
        w = self.width(text, size, track)
        if anchor == "middle":
            x -= w / 2
        elif anchor == "end":
            x -= w
        d = []
        at = [0, 0]
        for c in text:
            g = self.cmap[ord(c)]
            pen = OutlinePen(self.gs, x, y, s, at)
            self.gs[g].draw(pen)
            d.extend(pen.d)
            x += self.hmtx[g][0] * s + track * size
        # The first move is relative to the origin: the same as absolute.
        return "".join(d).replace(" -", "-")


def pt(v):
    """Points to units."""
    return v * 25.4 / 72 / UNIT_MM


def mm(v):
    """Millimetres to units."""
    return v / UNIT_MM


# ---- the drawing ----

def star(cx, cy, r):
    pts = []
    for i in range(10):
        a = math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.42
        pts.append((cx + rr * math.cos(a), cy - rr * math.sin(a)))
    return "M" + " ".join("%s %s" % (num(x), num(y)) for x, y in pts) + "Z"


def circle(cx, cy, r):
    return ("M%s %sa%s %s 0 1 0 %s 0a%s %s 0 1 0 %s 0Z" %
            (num(cx - r), num(cy), num(r), num(r), num(2 * r), num(r),
             num(r), num(-2 * r)))


def office_marker(cx, cy):
    """A country office: a white disc with a gold centre."""
    return [
        '<path d="%s" fill="%s" stroke="%s" stroke-width="%s"/>' %
        (circle(cx, cy, mm(1.0)), "#ffffff", GREEN, num(pt(0.7))),
        '<path d="%s" fill="%s"/>' % (circle(cx, cy, mm(0.5)), GOLD),
    ]


def swatch(x, y, fill, edge=None):
    s = '<path d="M%s %sh36v24h-36Z" fill="%s"' % (num(x), num(y - 12), fill)
    if edge:
        s += ' stroke="%s" stroke-width="%s"' % (edge, num(pt(0.4)))
    return s + "/>"


class Mask:
    """Where a country is, for placing labels: per row of ROW units, the
    x where its rings cross the row's middle (even-odd)."""
    ROW = 2.0

    def __init__(self, rings):
        self.rows = {}
        for r in rings:
            for i, (ax, ay) in enumerate(r):
                bx, by = r[i - 1]
                lo, hi = min(ay, by), max(ay, by)
                for k in range(int(math.ceil(lo / self.ROW - 0.5)),
                               int(math.ceil(hi / self.ROW - 0.5))):
                    y = (k + 0.5) * self.ROW
                    x = ax + (bx - ax) * (y - ay) / (by - ay)
                    self.rows.setdefault(k, []).append(x)
        for xs in self.rows.values():
            xs.sort()

    def __contains__(self, p):
        xs = self.rows.get(int(math.floor(p[1] / self.ROW)))
        return bool(xs) and bisect.bisect_left(xs, p[0]) % 2 == 1


def fits(land, where, x0, y0, x1, y1):
    """Whether the box lies inside the countries `where` (a list of codes;
    None: on the water), tested every 0.5 mm along its edges."""
    pts = [(x0, y0), (x1, y1), (x0, y1), (x1, y0), (x0, (y0 + y1) / 2),
           (x1, (y0 + y1) / 2)]
    nx = max(2, int((x1 - x0) / mm(0.5)) + 1)
    for i in range(1, nx):
        x = x0 + (x1 - x0) * i / nx
        pts += [(x, y0), (x, y1)]
    for x, y in pts:
        if where is None:
            if any((x, y) in m for m in land.values()):
                return False
        elif not any((x, y) in land[c] for c in where):
            return False
    return True


def draw(lang, shapes, page, fonts, land):
    bold, regular, italic = fonts
    L = 0 if lang == "en" else 1
    W, H = WIDTH, page.height
    out = []
    add = out.append
    title = {"en": "Central Asia and Afghanistan",
             "ru": "Центральная Азия и Афганистан"}[lang]
    add('<svg xmlns="http://www.w3.org/2000/svg" width="%gmm" height="%gmm" '
        'viewBox="0 0 %d %d">' % (W * UNIT_MM, H * UNIT_MM, W, H))
    add('<!-- %s. Made by tools/dcw-map.py from DCW-GMT (Debian gmt-dcw, '
        'LGPL-3+, from the public-domain Digital Chart of the World); see '
        'README.md beside this file. Do not edit: remake it. -->' % title)
    add('<rect width="%d" height="%d" fill="%s"/>' % (W, H, WATER))
    sw = num(pt(0.4))
    for code in ORDER:
        if not shapes.get(code):
            continue
        if code in STATE_FILLS:
            fill = STATE_FILLS[code]
        elif code == "AF":
            fill = AFGHANISTAN
        else:
            fill = NEIGHBOUR
        add('<path d="%s" fill="%s" fill-rule="evenodd" stroke="%s" '
            'stroke-width="%s" stroke-linejoin="round"/>' %
            (shapes[code], fill, BORDER, sw))

    avoid = []  # boxes no label may touch: the legend

    def text(font, t, size, x, y, colour, anchor="middle", track=0.0,
             halo=False):
        """t centred on y (its capitals are); halo: on a white outline."""
        d = font.outline(t, size, x, y + size * 0.36, anchor, track)
        if halo:
            add('<path d="%s" fill="#ffffff" stroke="#ffffff" '
                'stroke-width="%s" stroke-linejoin="round"/>' %
                (d, num(pt(1.6))))
        add('<path d="%s" fill="%s"/>' % (d, colour))

    def placed(got, t, lon, lat):
        if got:
            return got
        print("dcw-map.py: %s: the label '%s' fits nowhere near %s, %s" %
              (lang, t, lon, lat), file=sys.stderr)
        return page(lon, lat) + (sizes[0][0], sizes[0][1], -1)

    def place(lines, font, sizes, lon, lat, code, marker=False):
        """Where the centre of a label goes: the point nearest to (lon,
        lat), on a grid of 0.05 degrees up to 1.5 degrees away, where the
        label (lines of text 1.17 sizes apart) lies on the water (code None) or
        in country `code`; a state's name may run on into the other
        states (white reads on all their greens), but its centre and
        its marker (marker: True) stay in its own: the marker before the
        name, or after it where only that fits. Each of sizes, (size,
        tracking), is tried in turn: a long name is set smaller where it
        must. Return x, y, size, tracking, side (-1 the marker before,
        1 after), or None when the label fits nowhere."""
        own = None if code is None else [code]
        wide = list(STATE_FILLS) if code in STATE_FILLS else own
        steps = sorted(((i * i + j * j, i, j) for i in range(-30, 31)
                        for j in range(-30, 31)))
        for size, track in sizes:
            w = max(font.width(t, size, track) for t in lines)
            h = size * 0.72 / 2 + (len(lines) - 1) * size * 1.17 / 2 + \
                mm(0.3)
            m = size * 1.55 if marker else 0
            for side in ((-1, 1) if marker else (-1,)):
                for _, i, j in steps:
                    x, y = page(lon + i * 0.05, lat + j * 0.05)
                    x0 = x - w / 2 - mm(0.3)
                    x1 = x + w / 2 + mm(0.3)
                    if side < 0:
                        near, far = (x0 - m, x), (x0, x1)
                    else:
                        near, far = (x, x1 + m), (x0, x1)
                    lo, hi = min(near[0], far[0]), max(near[1], far[1])
                    if any(lo < ax1 and hi > ax0 and y - h < ay1 and
                           y + h > ay0 for ax0, ay0, ax1, ay1 in avoid):
                        continue
                    if fits(land, own, near[0], y - h, near[1], y + h) and \
                            fits(land, wide, far[0], y - h, far[1], y + h):
                        return x, y, size, track, side
        return None

    # The legend, in the lower left corner (over Iran).
    rows = LEGEND[lang]
    fs, line, gap, pad = pt(6.5), pt(7.8), mm(1.2), mm(2)
    heights = [line * len(r) for r in rows]
    bh = sum(heights) + gap * (len(rows) - 1) + 2 * pad
    bw = max(regular.width(t, fs) for r in rows for t in r) + mm(5) + 2 * pad
    bx, by = mm(2), H - mm(2) - bh
    add('<rect x="%s" y="%s" width="%s" height="%s" fill="#ffffff"/>' %
        (num(bx), num(by), num(bw), num(bh)))
    avoid.append((bx, by, bx + bw + mm(1.5), by + bh))
    y = by + pad
    for i, r in enumerate(rows):
        cy = y + line / 2      # the sign sits beside the first line
        sx = bx + pad
        if i == 0:
            add(swatch(sx, cy, STATE_FILLS["KZ"]))
        elif i == 1:
            out.extend(office_marker(sx + mm(1.8), cy))
        elif i == 2:
            add(swatch(sx, cy, AFGHANISTAN, "#c9b17a"))
        else:
            add('<path d="%s" fill="%s" stroke="%s" stroke-width="%s" '
                'stroke-linejoin="round"/>' % (star(sx + mm(1.8), cy, mm(1.5)), GOLD,
                                               GREEN, num(pt(0.4))))
        for k, t in enumerate(r):
            text(regular, t, fs, sx + mm(5), cy + k * line, TEXT,
                 anchor="start")
        y += heights[i] + gap

    # The neighbours and the seas.
    for lon, lat, en, ru in NEIGHBOUR_LABELS:
        x, y = page(lon, lat)
        text(regular, (en, ru)[L], pt(6.5), x, y, NEIGHBOUR_TEXT, track=0.14)
    for lon, lat, en, ru in WATER_LABELS:
        lines = (en, ru)[L]
        got = place(lines, italic, ((pt(6), 0), (pt(5.5), 0)), lon, lat,
                    None)
        halo = got is None   # too small a sea: the name with a white halo
        x, y, size = got[:3] if got else page(lon, lat) + (pt(5.5),)
        for i, line in enumerate(lines):
            text(italic, line, size, x, y + (i - (len(lines) - 1) / 2) *
                 size * 1.17, WATER_TEXT, halo=halo)

    # The states, each with the marker of its country office before its
    # name (it marks the state, not a city).
    sizes = ((pt(6.5), TRACK), (pt(6), TRACK / 2), (pt(5.5), 0))
    for code, (lon, lat, en, ru) in LABELS.items():
        t = (en, ru)[L]
        if code in STATE_FILLS:
            x, y, size, track, side = placed(
                place([t], bold, sizes, lon, lat, code, True), t, lon, lat)
            w = bold.width(t, size, track)
            out.extend(office_marker(x + side * (w / 2 + size * 0.7), y))
            text(bold, t, size, x, y, "#ffffff", track=track)
        else:
            x, y, size, track, _ = placed(
                place([t], bold, sizes, lon, lat, code), t, lon, lat)
            text(bold, t, size, x, y, TEXT, track=track)

    # The head office.
    hx, hy = page(*ALMATY)
    add('<path d="%s" fill="%s" stroke="%s" stroke-width="%s" '
        'stroke-linejoin="round"/>' % (star(hx, hy, mm(2)), GOLD, "#ffffff",
                                       num(pt(0.9))))
    text(bold, HEAD_OFFICE[lang], pt(7), hx - mm(2.6), hy - mm(0.8), "#ffffff",
         anchor="end", track=0.08)

    add('<rect x="1" y="1" width="%d" height="%d" fill="none" stroke="%s" '
        'stroke-width="%s"/>' % (W - 2, H - 2, MUTED, num(pt(0.6))))
    add("</svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--dcw", default=DCW)
    ap.add_argument("--fonts", default=os.path.join(HERE, "..", "fonts"))
    a = ap.parse_args()

    ds = netCDF4.Dataset(a.dcw)
    ds.set_auto_maskandscale(False)
    snap = Snap()
    w, s, e, n = NEAR
    rings_by_country = {}
    focus = []
    for code in ORDER:
        rings = []
        for ring in read_rings(ds, code):
            lons = [p[0] for p in ring]
            lats = [p[1] for p in ring]
            if max(lons) < w or min(lons) > e or max(lats) < s or \
                    min(lats) > n:
                continue
            if code in STATE_FILLS or code == "AF":
                focus.extend(ring)
            ids = []
            for lon, lat in ring:
                k = snap.id(lon, lat)
                if not ids or ids[-1] != k:
                    ids.append(k)
            while len(ids) > 1 and ids[0] == ids[-1]:
                ids.pop()
            if len(ids) >= 3:
                rings.append(ids)
        rings_by_country[code] = rings
    ds.close()
    page = Page(lcc(), focus)
    page.xy = [page(lon, lat) for lon, lat in snap.pts]
    simple = simplify(rings_by_country, page)
    shapes = {}
    land = {}
    for code in ORDER:
        kept = []
        for ring in simple[code]:
            c = clip(ring, 0, 0, WIDTH, page.height)
            if len(c) >= 3 and area(c) >= MIN_AREA:
                kept.append(c)
        shapes[code] = path_data(kept)
        land[code] = Mask(kept)

    fdir = a.fonts
    fonts = (Font(os.path.join(fdir, "NotoSans-Bold.ttf")),
             Font(os.path.join(fdir, "NotoSans-Regular.ttf")),
             Font(os.path.join(fdir, "NotoSans-Italic.ttf")))
    os.makedirs(a.outdir, exist_ok=True)
    for lang in ("en", "ru"):
        path = os.path.join(a.outdir, "central-asia.%s.svg" % lang)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(draw(lang, shapes, page, fonts, land))


if __name__ == "__main__":
    main()
