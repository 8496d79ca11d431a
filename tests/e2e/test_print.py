#!/usr/bin/env python3
"""The PDF for the print shop (--print): page boxes with the bleed, colour
that reaches the trim run into the bleed, crop and fold marks and the slug
outside it, the same picture inside the trim as the screen PDF, clean in
qpdf, poppler, mutool and Ghostscript, and the booklet's page count."""
import atexit
import os
import re
import shutil
import tempfile
import time

from common import ROOT, build, dump, env, eq, main, ok, run, test

MM = 72 / 25.4
BLEED = 3 * MM          # the default, and the least a print shop takes
MARK_OFFSET = 3 * MM    # crop marks start here from the trim (>= bleed)
MARK_LEN = 5 * MM
EPOCH = 1765000000      # 2025-12-06 05:46:40 UTC

REPORTS = ["about", "anniversary-15", "brochure", "factsheet"]
LANGS = ["en", "ru"]

_dir = tempfile.mkdtemp(prefix="carec-e2e-print-")
atexit.register(shutil.rmtree, _dir, True)
_built = {}


def pdfs(report, lang):
    """(screen PDF, print PDF, layout dump) of a report, built once."""
    key = (report, lang)
    if key not in _built:
        src = os.path.join(ROOT, "reports", report + ".yaml")
        screen = os.path.join(_dir, f"{report}.{lang}.pdf")
        printed = os.path.join(_dir, "print", f"{report}.{lang}.pdf")
        os.makedirs(os.path.dirname(printed), exist_ok=True)
        build(src, screen, "--lang", lang)
        build(src, printed, "--lang", lang, "--print",
              env=env(SOURCE_DATE_EPOCH=str(EPOCH)))
        layout = dump(src, os.path.join(_dir, f"{report}.{lang}.json"),
                      "--lang", lang)
        _built[key] = (screen, printed, layout)
    return _built[key]


def boxes(pdf):
    """Each page's boxes, from pdfinfo -box: [{name: (x0, y0, x1, y1)}]."""
    info = run(["pdfinfo", pdf], check=True).stdout.decode()
    n = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    out = run(["pdfinfo", "-box", "-f", "1", "-l", str(n), pdf],
              check=True).stdout.decode()
    pages = [{} for _ in range(n)]
    for m in re.finditer(r"^Page\s+(\d+)\s+(\w+Box):\s+(\S+)\s+(\S+)\s+(\S+)"
                         r"\s+(\S+)", out, re.M):
        pages[int(m.group(1)) - 1][m.group(2)] = tuple(
            float(m.group(k)) for k in range(3, 7))
    return pages


def read_ppm(path):
    """(width, height, rgb bytes) of a binary PPM (comments allowed)."""
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            while data[pos:pos + 1] not in (b"\n", b""):
                pos += 1
            continue
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    eq(fields[0], b"P6", "PPM magic")
    return int(fields[1]), int(fields[2]), data[pos + 1:]


def pixel(img, x, y):
    w, h, px = img
    x, y = int(x), int(y)
    ok(0 <= x < w and 0 <= y < h, f"pixel ({x}, {y}) off the image")
    i = (y * w + x) * 3
    return tuple(px[i:i + 3])


def darkest(img, x, y, r=2):
    """The darkest channel value within r pixels of (x, y)."""
    return min(min(pixel(img, x + dx, y + dy))
               for dx in range(-r, r + 1) for dy in range(-r, r + 1))


def gs_pages(pdf, dpi, prefix, *flags):
    """Every page through Ghostscript as PPMs; their paths."""
    p = run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
             "-sDEVICE=ppmraw", f"-r{dpi}", *flags,
             f"-sOutputFile={prefix}-%d.ppm", pdf])
    ok(p.returncode == 0, f"gs failed on {pdf}: {p.stderr.decode()}")
    ok(b"rror" not in p.stdout + p.stderr,
       f"gs complains about {pdf}: {(p.stdout + p.stderr).decode()}")
    out, i = [], 1
    while os.path.exists(f"{prefix}-{i}.ppm"):
        out.append(f"{prefix}-{i}.ppm")
        i += 1
    return out


def poppler_page(pdf, page, dpi, prefix):
    run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page),
         "-singlefile", pdf, prefix], check=True)
    return read_ppm(prefix + ".ppm")


@test
def boxes_with_the_bleed_on_every_page_of_every_report():
    for r in REPORTS:
        for lang in LANGS:
            screen, printed, _ = pdfs(r, lang)
            sb, pb = boxes(screen), boxes(printed)
            eq(len(pb), len(sb), f"{r}.{lang} pages")
            for i, (s, p) in enumerate(zip(sb, pb)):
                where = f"{r}.{lang} page {i + 1}"
                for k in ("TrimBox", "BleedBox", "MediaBox"):
                    ok(k in p, f"{where}: no {k}")
                trim, bleed, media = p["TrimBox"], p["BleedBox"], p["MediaBox"]
                # The finished size is the screen page, where it was.
                for a, b in zip(trim, s["MediaBox"]):
                    ok(abs(a - b) < 0.01, f"{where}: TrimBox {trim} is not "
                       f"the screen page {s['MediaBox']}")
                # At least 3 mm of bleed on every side.
                out = (trim[0] - bleed[0], trim[1] - bleed[1],
                       bleed[2] - trim[2], bleed[3] - trim[3])
                ok(min(out) >= BLEED - 0.01,
                   f"{where}: bleed {out} pt, want >= {BLEED:.2f}")
                # The sheet holds the bleed and room for the marks.
                ok(media[0] <= bleed[0] - MARK_LEN and
                   media[1] <= bleed[1] - MARK_LEN and
                   media[2] >= bleed[2] + MARK_LEN and
                   media[3] >= bleed[3] + MARK_LEN,
                   f"{where}: MediaBox {media} leaves no room for marks")
                # No CropBox of its own: it is the MediaBox (PDF/X).
                eq(p.get("CropBox"), media, f"{where}: CropBox")
                # The screen PDF has none of it.
                eq(s["TrimBox"], s["MediaBox"], f"{where}: screen TrimBox")


@test
def clean_in_qpdf_mutool_poppler_and_ghostscript():
    for r in REPORTS:
        for lang in LANGS:
            _, printed, _ = pdfs(r, lang)
            p = run(["qpdf", "--check", printed])
            ok(p.returncode == 0 and b"WARNING" not in p.stdout + p.stderr,
               f"qpdf --check {r}.{lang}: {p.stdout.decode()}"
               f"{p.stderr.decode()}")
            prefix = os.path.join(_dir, f"mu-{r}-{lang}")
            p = run(["mutool", "draw", "-q", "-r", "20", "-o",
                     prefix + "-%d.png", printed])
            ok(p.returncode == 0 and b"error" not in p.stderr,
               f"mutool draw {r}.{lang}: {p.stderr.decode()}")
            p = run(["pdftoppm", "-r", "20", "-png", printed,
                     os.path.join(_dir, f"pp-{r}-{lang}")])
            ok(p.returncode == 0 and not p.stderr,
               f"pdftoppm {r}.{lang}: {p.stderr.decode()}")


@test
def inside_the_trim_the_print_pdf_shows_what_the_screen_pdf_shows():
    for r in REPORTS:
        for lang in LANGS:
            screen, printed, _ = pdfs(r, lang)
            a = gs_pages(screen, 40, os.path.join(_dir, f"s-{r}-{lang}"))
            b = gs_pages(printed, 40, os.path.join(_dir, f"t-{r}-{lang}"),
                         "-dUseTrimBox")
            eq(len(b), len(a), f"{r}.{lang} pages")
            for i, (fa, fb) in enumerate(zip(a, b)):
                ia, ib = read_ppm(fa), read_ppm(fb)
                eq(ib[:2], ia[:2], f"{r}.{lang} page {i + 1} size")
                pa, pb = ia[2], ib[2]
                # The print PDF paints in CMYK, which Ghostscript turns
                # back into RGB through the output intent: colours move a
                # little, shapes do not. A pixel differs when its
                # lightness does by more than a colour conversion moves
                # it (text or a fill where the other has paper).
                def light(px, k):
                    return 0.3 * px[k] + 0.59 * px[k + 1] + 0.11 * px[k + 2]
                differ = sum(1 for k in range(0, len(pa), 3)
                             if abs(light(pa, k) - light(pb, k)) > 60)
                ok(differ * 1000 <= ia[0] * ia[1],
                   f"{r}.{lang} page {i + 1}: {differ} pixels inside the "
                   "trim differ from the screen PDF")


def media_px(printed, page, dpi):
    """The page's MediaBox origin and its render: pt -> pixel mappers."""
    b = boxes(printed)[page - 1]
    mx0, _, _, my1 = b["MediaBox"]
    s = dpi / 72.0
    img = poppler_page(printed, page, dpi,
                       os.path.join(_dir, f"m-{os.path.basename(printed)}"
                                    f"-{page}"))
    # PDF points (y up, from the trim's lower left) to image pixels.
    return img, (lambda x: (x - mx0) * s), (lambda y: (my1 - y) * s)


@test
def crop_marks_at_the_corners_outside_the_bleed():
    for r in REPORTS:
        _, printed, layout = pdfs(r, "en")
        pg = layout["pages"][0]
        w, h = pg["width"], pg["height"]
        img, px, py = media_px(printed, 1, 144)
        mid = MARK_OFFSET + MARK_LEN / 2
        for cx, sx in ((0, -1), (w, 1)):
            for cy, sy in ((0, -1), (h, 1)):
                where = f"{r} corner ({cx:.0f}, {cy:.0f})"
                # In line with the trim edges, outside the bleed.
                ok(darkest(img, px(cx + sx * mid), py(cy)) < 160,
                   f"{where}: no horizontal crop mark")
                ok(darkest(img, px(cx), py(cy + sy * mid)) < 160,
                   f"{where}: no vertical crop mark")
                # Nothing between the marks' ends and the corner of the
                # bleed: the marks stay clear of it.
                ok(darkest(img, px(cx + sx * (BLEED + MARK_OFFSET) / 2 +
                                   sx * MARK_LEN),
                           py(cy + sy * (BLEED + MARK_OFFSET) / 2 +
                              sy * MARK_LEN), 1) > 240,
                   f"{where}: something drawn off the marks")
    # The content's own beyond-the-edge drawing (the anniversary cover's
    # rings) is cut at the bleed.
    _, printed, layout = pdfs("anniversary-15", "en")
    pg = layout["pages"][0]
    img, px, py = media_px(printed, 1, 72)
    w, h = pg["width"], pg["height"]
    ok(min(pixel(img, px(w + BLEED + 2 * MM), py(h - 40))) > 240,
       "the cover's rings run past the bleed")


@test
def fold_marks_where_the_layout_folds_the_leaflet():
    for lang in LANGS:
        _, printed, layout = pdfs("brochure", lang)
        for n, pg in enumerate(layout["pages"], 1):
            folds = pg.get("folds", [])
            eq(len(folds), 2, f"brochure.{lang} page {n} folds")
            h = pg["height"]
            img, px, py = media_px(printed, n, 144)
            mid = MARK_OFFSET + MARK_LEN / 2
            for x in folds:
                for y in (h + mid, -mid):
                    ok(darkest(img, px(x), py(y)) < 200,
                       f"brochure.{lang} page {n}: no fold mark at x={x}")
            # Only there: halfway between the folds, nothing.
            x = (folds[0] + folds[1]) / 2
            ok(darkest(img, px(x), py(h + mid)) > 240,
               f"brochure.{lang} page {n}: a mark off the folds")
    # A page without panels has no fold marks.
    _, printed, layout = pdfs("factsheet", "en")
    eq(layout["pages"][0].get("folds"), None, "factsheet folds")
    img, px, py = media_px(printed, 1, 144)
    w, h = layout["pages"][0]["width"], layout["pages"][0]["height"]
    for x in (w / 3, w / 2, 2 * w / 3):
        ok(darkest(img, px(x), py(h + MARK_OFFSET + MARK_LEN / 2)) > 240,
           f"factsheet: a mark at x={x:.0f}")


@test
def colour_at_the_trim_runs_into_the_bleed():
    for lang in LANGS:
        screen, printed, layout = pdfs("brochure", lang)
        pg = layout["pages"][0]
        fills = [it for it in pg["items"] if it.get("role") == "panel-fill"]
        ok(fills, "the brochure's cover panel has a fill")
        f = fills[-1]
        w, h = pg["width"], pg["height"]
        ok(abs(f["x"] + f["w"] - w) < 0.01, "the fill reaches the right edge")
        img, px, py = media_px(printed, 1, 72)
        inside = pixel(img, px(w - 2 * MM), py(h / 2))
        for x, y, what in ((w + 1.5 * MM, h / 2, "right"),
                           (f["x"] + f["w"] / 2, h + 1.5 * MM, "top"),
                           (f["x"] + f["w"] / 2, -1.5 * MM, "bottom"),
                           (w + 1.5 * MM, h + 1.5 * MM, "corner")):
            got = pixel(img, px(x), py(y))
            ok(max(abs(a - b) for a, b in zip(got, inside)) <= 8,
               f"brochure.{lang}: the bleed at the {what} is {got}, "
               f"not the panel's {inside}")
        # Past the bleed it stops.
        got = pixel(img, px(w + BLEED + 2 * MM), py(h / 2))
        ok(min(got) > 240, f"brochure.{lang}: colour past the bleed {got}")


@test
def marks_in_registration_colour():
    _, printed, _ = pdfs("factsheet", "en")
    qdf = os.path.join(_dir, "factsheet.qdf")
    run(["qpdf", "--qdf", "--object-streams=disable", printed, qdf],
        check=True)
    data = open(qdf, "rb").read()
    ok(re.search(rb"/Separation\s*/All\s*/DeviceCMYK", data),
       "no /Separation /All colour space")
    ok(b"/Reg CS 1 SCN" in data, "the marks are not in it")


@test
def the_slug_names_the_file_page_and_date():
    _, printed, _ = pdfs("brochure", "en")
    text = run(["pdftotext", "-layout", printed, "-"],
               check=True).stdout.decode()
    date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(EPOCH))
    for n in (1, 2):
        ok(re.search(r"brochure\.en\.pdf\s+" + re.escape(date) +
                     rf"\s+page {n} of 2", text),
           f"no slug for page {n} in:\n{text[-600:]}")
    # Without SOURCE_DATE_EPOCH no date, and the same bytes each time.
    src = os.path.join(ROOT, "reports", "brochure.yaml")
    a, b = os.path.join(_dir, "a", "x.pdf"), os.path.join(_dir, "b", "x.pdf")
    for p in (a, b):
        os.makedirs(os.path.dirname(p), exist_ok=True)
        build(src, p, "--print", "--lang", "en")
    eq(open(a, "rb").read(), open(b, "rb").read(), "two print builds")
    text = run(["pdftotext", "-layout", a, "-"], check=True).stdout.decode()
    ok(re.search(r"x\.pdf\s+page 1 of 2", text) and "UTC" not in text,
       f"the slug without a date: {text[-300:]}")


BOOKLET = """document:
  title: A booklet
theme:
  print: {booklet: %s}
content:
%s"""


def booklet(pages, flag="true"):
    body = "  - page-break\n".join(["  - paragraph: Text.\n"] * pages)
    path = os.path.join(_dir, f"booklet-{pages}-{flag}.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(BOOKLET % (flag, body))
    return path


@test
def booklet_warns_when_its_pages_are_not_in_fours():
    src = booklet(3)
    out = os.path.join(_dir, "booklet.pdf")
    err = build(src, out, "--print").stderr.decode()
    ok("the booklet has 3 pages, which is not a multiple of 4" in err and
       f"{os.path.basename(src)}:4:20: warning:" in err and
       "make it 4 pages (add 1" in err, f"no booklet warning:\n{err}")
    # Not for the screen PDF, nor for 4 or 8 pages, nor when not a booklet.
    eq(build(src, out).stderr.decode(), "", "screen build messages")
    for src in (booklet(4), booklet(8), booklet(3, "false")):
        err = build(src, out, "--print").stderr.decode()
        ok("booklet" not in err, f"{src}: {err}")
    src = booklet(6)
    err = build(src, out, "--print").stderr.decode()
    ok("the booklet has 6 pages" in err and "make it 8 pages (add 2" in err
       and "or 4 (cut 2)" in err, err)
    # The anniversary report is one.
    a = os.path.join(ROOT, "reports", "anniversary-15.yaml")
    err = build(a, out, "--print", "--lang", "en").stderr.decode()
    n = int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo", out]).stdout.decode())
            .group(1))
    ok(("the booklet has" in err) == (n % 4 != 0),
       f"anniversary report of {n} pages: {err}")


@test
def the_theme_sets_the_bleed_marks_and_slug():
    path = os.path.join(_dir, "settings.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("document:\n  title: Settings\ntheme:\n  page: {size: A5}\n"
                "  print: {bleed: 5mm, marks: false, slug: false}\n"
                "content:\n  - paragraph: Text.\n")
    out = os.path.join(_dir, "settings.pdf")
    build(path, out, "--print")
    b = boxes(out)[0]
    eq(b["TrimBox"], (0.0, 0.0, 419.53, 595.28), "A5 trim")
    for k, v in zip(range(4), (-14.17, -14.17, 433.7, 609.45)):
        ok(abs(b["BleedBox"][k] - v) < 0.01, f"5 mm bleed: {b['BleedBox']}")
    # No marks nor slug: the sheet is the bleed, and nothing is drawn
    # in the registration colour.
    eq(b["MediaBox"], b["BleedBox"], "MediaBox without marks")
    text = run(["pdftotext", out, "-"], check=True).stdout.decode()
    ok("page 1 of" not in text, "a slug that was turned off")


@test
def the_screen_pdf_has_no_print_geometry():
    for r in REPORTS:
        screen, _, layout = pdfs(r, "en")
        data = open(screen, "rb").read()
        ok(b"/TrimBox" not in data and b"/BleedBox" not in data,
           f"{r}: boxes in the screen PDF")
        b = boxes(screen)[0]
        eq(b["MediaBox"][:2], (0.0, 0.0), f"{r}: screen MediaBox origin")
        text = run(["pdftotext", screen, "-"], check=True).stdout.decode()
        ok("page 1 of" not in text, f"{r}: a slug on screen")


if __name__ == "__main__":
    main()
