"""Images end to end: each file embedded once, a soft mask for alpha, JPEG
passed through, boxes inside the margins, cover crops to its box, and the
colours on the rendered page where the layout says each quadrant is."""
import os
import shutil

from common import FIXTURES, Tmp, build, carec, dump, eq, main, ok, run, test

FIX = os.path.join(FIXTURES, "images.yaml")
MM = 72 / 25.4
RED, GREEN, BLUE, YELLOW, WHITE = ((255, 0, 0), (0, 255, 0), (0, 0, 255),
                                   (255, 255, 0), (255, 255, 255))


def pdfimages(pdf):
    out = run(["pdfimages", "-list", pdf], check=True).stdout.decode()
    rows = []
    for line in out.splitlines()[2:]:
        f = line.split()
        rows.append({"page": int(f[0]), "type": f[2], "width": int(f[3]),
                     "height": int(f[4]), "color": f[5], "enc": f[8],
                     "object": int(f[10])})
    return rows


def read_ppm(path):
    with open(path, "rb") as fh:
        data = fh.read()
    # P6 <w> <h> <max>\n<bytes>
    parts = data.split(maxsplit=4)
    eq(parts[0], b"P6", "ppm magic")
    w, h = int(parts[1]), int(parts[2])
    pix = parts[4]
    return w, h, pix


def pixel(img, x, y):
    w, h, pix = img
    x, y = int(round(x)), int(round(y))
    ok(0 <= x < w and 0 <= y < h, f"({x}, {y}) outside the page")
    i = (y * w + x) * 3
    return tuple(pix[i:i + 3])


def near(got, want, tol=40):
    return all(abs(a - b) <= tol for a, b in zip(got, want))


def render(tmp):
    pdf = os.path.join(tmp, "images.pdf")
    build(FIX, pdf)
    lay = dump(FIX, os.path.join(tmp, "l.json"))
    pages = []
    for n in (1, 2):
        base = os.path.join(tmp, f"p{n}")
        run(["pdftoppm", "-r", "72", "-f", str(n), "-l", str(n),
             "-singlefile", pdf, base], check=True)
        pages.append(read_ppm(base + ".ppm"))
    return pdf, lay, pages


def images_of(lay):
    return [(pg["number"], it) for pg in lay["pages"] for it in pg["items"]
            if it["kind"] == "image"]


@test
def each_file_embedded_once_with_one_smask():
    with Tmp() as d:
        pdf = os.path.join(d, "images.pdf")
        build(FIX, pdf)
        rows = pdfimages(pdf)
    images = [r for r in rows if r["type"] == "image"]
    smasks = [r for r in rows if r["type"] == "smask"]
    eq(len(images), 6, "image uses")
    quads = [r for r in images if (r["width"], r["height"]) == (600, 300)]
    eq(len(quads), 3, "uses of e2e-quadrants.png")
    eq(len({r["object"] for r in quads}), 1, "objects for one file")
    eq(len({r["object"] for r in images}), 4, "distinct image objects")
    eq(len(smasks), 1, "soft masks")
    eq((smasks[0]["width"], smasks[0]["height"], smasks[0]["color"]),
       (400, 400, "gray"), "the fade's mask")
    jpegs = [r for r in images if r["enc"] == "jpeg"]
    eq([(r["width"], r["height"]) for r in jpegs], [(480, 320)],
       "the clean JPEG passed through")
    # The EXIF-rotated JPEG is decoded: shown 96 x 64, not stored 64 x 96.
    ok(any((r["width"], r["height"], r["enc"]) == (96, 64, "image")
           for r in images), f"rotated image: {images}")


@test
def pdf_is_valid_and_at_least_1_4():
    with Tmp() as d:
        pdf = os.path.join(d, "images.pdf")
        build(FIX, pdf)
        with open(pdf, "rb") as fh:
            head = fh.read(8)
        ok(head >= b"%PDF-1.4", f"header {head!r}")
        p = run(["qpdf", "--check", pdf])
        eq(p.returncode, 0, "qpdf --check: " + p.stdout.decode()[-300:])


@test
def boxes_inside_the_margins():
    with Tmp() as d:
        lay = dump(FIX, os.path.join(d, "l.json"))
    a = lay["area"]
    imgs = images_of(lay)
    eq(len(imgs), 6, "image items")
    for _, it in imgs:
        ok(it["x"] >= a["x"] - 0.02 and it["x"] + it["w"] <= a["x"] + a["w"] + 0.02,
           f"outside the column: {it}")
        ok(it["y"] >= a["y"] - 0.02 and it["y"] + it["h"] <= a["y"] + a["h"] + 0.02,
           f"outside the text area: {it}")
    # Sizes: 100 mm wide keeps the 2:1 proportion; 40% of the column,
    # aligned left.
    first, second = imgs[0][1], imgs[1][1]
    ok(abs(first["w"] - 100 * MM) < 0.05 and abs(first["h"] - 50 * MM) < 0.05,
       f"100mm image: {first}")
    ok(abs(first["x"] + first["w"] / 2 - (a["x"] + a["w"] / 2)) < 0.05,
       "centred by default")
    ok(abs(second["w"] - 0.4 * a["w"]) < 0.05 and abs(second["x"] - a["x"]) < 0.02,
       f"40% left: {second}")
    # A caption sits right under its image, in the muted small style.
    with Tmp() as d:
        lay = dump(FIX, os.path.join(d, "l.json"))
    items = lay["pages"][0]["items"]
    i = next(k for k, it in enumerate(items) if it["kind"] == "image")
    cap = next(it for it in items[i:] if it.get("role") == "caption")
    ok(0 < cap["y"] - (first["y"] + first["h"]) < 12, f"caption gap: {cap}")
    eq(cap["text"], "Quadrants at 100 mm (illustrative pattern).", "caption")
    ok(cap["font"].endswith("Italic") and cap["size"] < 10, f"caption style {cap}")
    ok(abs(cap["x"] + cap["w"] / 2 - (a["x"] + a["w"] / 2)) < 0.05,
       "caption centred under a centred image")


@test
def cover_keeps_the_box_and_stretch_fills_it():
    with Tmp() as d:
        lay = dump(FIX, os.path.join(d, "l.json"))
    a = lay["area"]
    imgs = [it for _, it in images_of(lay)]
    cover, stretch = imgs[3], imgs[5]
    ok(abs(cover["w"] - 80 * MM) < 0.05 and abs(cover["h"] - 30 * MM) < 0.05,
       f"cover box: {cover}")
    ok(abs(cover["x"] + cover["w"] - (a["x"] + a["w"])) < 0.02, "aligned right")
    dr = cover["drawn"]
    # 480 x 320 scaled to the box's width, cropped top and bottom evenly.
    ok(abs(dr["w"] - 80 * MM) < 0.05 and abs(dr["h"] - 80 * MM * 320 / 480) < 0.05,
       f"cover drawn: {dr}")
    ok(abs((dr["y"] + dr["h"] / 2) - (cover["y"] + cover["h"] / 2)) < 0.02,
       "centred crop")
    eq(cover["px"], [480, 320], "cover pixels")
    ok(abs(stretch["w"] - 60 * MM) < 0.05 and abs(stretch["h"] - 20 * MM) < 0.05,
       f"stretch: {stretch}")
    eq((stretch["drawn"]["w"], stretch["drawn"]["h"]),
       (stretch["w"], stretch["h"]), "stretch draws the whole box")


@test
def pixels_where_the_layout_puts_them():
    with Tmp() as d:
        _, lay, pages = render(d)
    imgs = images_of(lay)

    def quads(page, it, want):
        x, y, w, h = it["x"], it["y"], it["w"], it["h"]
        spots = [(x + w / 4, y + h / 4), (x + 3 * w / 4, y + h / 4),
                 (x + w / 4, y + 3 * h / 4), (x + 3 * w / 4, y + 3 * h / 4)]
        for (sx, sy), c in zip(spots, want):
            got = pixel(pages[page - 1], sx, sy)
            ok(near(got, c), f"{it['role']} at ({sx:.0f}, {sy:.0f}): {got}, want {c}")

    quads(*imgs[0], (RED, GREEN, BLUE, YELLOW))
    quads(*imgs[1], (RED, GREEN, BLUE, YELLOW))
    quads(*imgs[5], (RED, GREEN, BLUE, YELLOW))
    # The fade: clear at the top (white page shows), opaque at the bottom.
    pg, fade = imgs[2]
    top = pixel(pages[pg - 1], fade["x"] + fade["w"] / 4, fade["y"] + 2)
    bottom = pixel(pages[pg - 1], fade["x"] + fade["w"] / 4,
                   fade["y"] + fade["h"] - 2)
    ok(near(top, WHITE, 25), f"fade top {top}")
    ok(near(bottom, BLUE, 25), f"fade bottom {bottom}")
    # Cover: the box shows red and blue on the left, green and yellow on
    # the right; just outside it the page is white where the uncropped
    # image would have been red.
    pg, cov = imgs[3]
    img = pages[pg - 1]
    x, y, w, h = cov["x"], cov["y"], cov["w"], cov["h"]
    ok(near(pixel(img, x + 8, y + 6), RED), "cover top-left")
    ok(near(pixel(img, x + w - 8, y + 6), GREEN), "cover top-right")
    ok(near(pixel(img, x + 8, y + h - 6), BLUE), "cover bottom-left")
    ok(near(pixel(img, x + w - 8, y + h - 6), YELLOW), "cover bottom-right")
    ok(near(pixel(img, x + 8, y - 4), WHITE, 10),
       f"above the crop: {pixel(img, x + 8, y - 4)}")
    # The EXIF-rotated JPEG: its red corner shows at the top right.
    pg, rot = imgs[4]
    img = pages[pg - 1]
    x, y, w, h = rot["x"], rot["y"], rot["w"], rot["h"]
    ok(near(pixel(img, x + w - 2, y + 2), RED, 60),
       f"rotated top-right {pixel(img, x + w - 2, y + 2)}")
    ok(near(pixel(img, x + 2, y + 2), BLUE, 60),
       f"rotated top-left {pixel(img, x + 2, y + 2)}")


@test
def a_bad_image_fails_the_build_without_a_pdf():
    with Tmp() as d:
        rep = os.path.join(d, "r.yaml")
        shutil.copy("tests/images/bad/truncated.png", os.path.join(d, "cut.png"))
        with open(rep, "w") as fh:
            fh.write("document:\n  title: T\ncontent:\n  - image: cut.png\n")
        out = os.path.join(d, "r.pdf")
        p = carec("build", rep, "-o", out)
        eq(p.returncode, 1, "exit code")
        ok(not os.path.exists(out), "no PDF written")
        err = p.stderr.decode()
        ok("r.yaml:4:12: error: image '" in err and "cut.png' is truncated" in err,
           err)


if __name__ == "__main__":
    main()
