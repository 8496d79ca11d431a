#!/usr/bin/env python3
"""Graphics end to end: SVG drawings, charts and QR codes stay vector,
bars are as tall as their values, QR codes read back, gradients ramp."""
import os
import subprocess

from common import (FIXTURES, ROOT, Tmp, build, dump, eq, main, ok,
                    pdftotext, run, test)


def ppm(pdf, page, dpi, out_prefix):
    """Render one page to a PPM and return (width, height, rgb bytes)."""
    run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page),
         "-singlefile", pdf, out_prefix], check=True)
    data = open(out_prefix + ".ppm", "rb").read()
    # P6 header: magic, width, height, maxval, each after white space.
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    eq(fields[0], b"P6", "PPM magic")
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:]


def pixel(img, x, y):
    w, _, px = img
    i = (y * w + x) * 3
    return px[i], px[i + 1], px[i + 2]


def near(c, want, tol=24):
    return all(abs(a - b) <= tol for a, b in zip(c, want))


@test
def bar_heights_are_proportional_in_pixels():
    dpi = 150
    with Tmp() as d:
        src = os.path.join(FIXTURES, "graphics-bars.yaml")
        pdf = os.path.join(d, "bars.pdf")
        build(src, pdf)
        lay = dump(src, os.path.join(d, "bars.json"))
        bars = [it for it in lay["pages"][0]["items"]
                if it["role"] == "chart-bar"]
        eq(len(bars), 4, "bars")
        values = [10, 20, 40, 25]
        # In the layout: heights exactly proportional, one baseline.
        k = bars[2]["h"] / 40
        for b, v in zip(bars, values):
            ok(abs(b["h"] - v * k) < 0.02, f"bar {v}: {b['h']} pt")
            ok(abs(b["y"] + b["h"] - (bars[0]["y"] + bars[0]["h"])) < 0.02,
               "bars share a baseline")
        img = ppm(pdf, 1, dpi, os.path.join(d, "bars"))
        green = (0x0b, 0x6e, 0x4f)
        heights = []
        for b in bars:
            x = int((b["x"] + b["w"] / 2) * dpi / 72)
            # Look a little beyond the bar's box (not at the title).
            top = int((b["y"] - 12) * dpi / 72)
            bottom = int((b["y"] + b["h"] + 12) * dpi / 72)
            ys = [y for y in range(top, bottom)
                  if near(pixel(img, x, y), green)]
            ok(ys, f"no bar colour in column {x}")
            ok(ys[-1] - ys[0] + 1 == len(ys), "the bar is one solid run")
            heights.append(len(ys))
        unit = heights[2] / 40
        for hpx, v in zip(heights, values):
            ok(abs(hpx - v * unit) <= 1,
               f"bar {v} is {hpx} px, want {v * unit:.1f} +- 1")
        ok(heights[2] > 200, f"the tallest bar is {heights[2]} px")
        text = pdftotext(pdf)
        ok("Illustrative data" in text, "the illustrative note is shown")


@test
def qr_codes_read_back_at_every_level():
    with Tmp() as d:
        pdf = os.path.join(d, "qr.pdf")
        build(os.path.join(FIXTURES, "graphics-qr.yaml"), pdf)
        for page, level in enumerate("LMQH", 1):
            png = os.path.join(d, f"qr{page}")
            run(["pdftoppm", "-r", "200", "-f", str(page), "-l", str(page),
                 "-singlefile", "-png", pdf, png], check=True)
            p = run(["zbarimg", "--raw", "-q", png + ".png"])
            eq(p.returncode, 0, f"zbarimg on level {level}")
            eq(p.stdout.decode(), f"https://carecnet.org/?level={level}\n",
               f"level {level} decodes")


@test
def graphics_are_vector_not_images():
    with Tmp() as d:
        pdf = os.path.join(d, "sample.pdf")
        build(os.path.join(ROOT, "tests", "graphics", "sample.yaml"), pdf)
        p = run(["pdfimages", "-list", pdf], check=True)
        lines = p.stdout.decode().strip().splitlines()
        eq(len(lines), 2, "pdfimages lists only its header")
        text = pdftotext(pdf)
        for want in ["Participants per workshop", "Budget by theme",
                     "Illustrative data", "carecnet.org"]:
            ok(want in text, f"{want!r} in the sample")
        q = run(["qpdf", "--check", pdf])
        eq(q.returncode, 0, "qpdf --check: " + q.stdout.decode()[-300:])


@test
def gradient_ramps_monotonically():
    dpi = 100
    with Tmp() as d:
        src = os.path.join(FIXTURES, "graphics-gradient.yaml")
        pdf = os.path.join(d, "g.pdf")
        build(src, pdf)
        lay = dump(src, os.path.join(d, "g.json"))
        band = [it for it in lay["pages"][0]["items"] if it["role"] == "svg"][0]
        img = ppm(pdf, 1, dpi, os.path.join(d, "g"))
        # Along the middle of the band, left of the glow (which sits over
        # the last 20%): red rises from green (0x0b) towards gold (0xd9).
        y = int((band["y"] + band["h"] * 0.25) * dpi / 72)
        x0 = int((band["x"] + band["w"] * 0.03) * dpi / 72)
        x1 = int((band["x"] + band["w"] * 0.75) * dpi / 72)
        reds = [pixel(img, x, y)[0] for x in range(x0, x1)]
        for a, b in zip(reds, reds[1:]):
            ok(b >= a - 2, f"red falls from {a} to {b}")
        ok(reds[0] < 0x30, f"starts green: {reds[0]}")
        ok(reds[-1] - reds[0] > 60, f"ramps: {reds[0]} .. {reds[-1]}")


@test
def svg_shapes_land_where_the_viewbox_says():
    with Tmp() as d:
        lay = dump(os.path.join(FIXTURES, "graphics-shapes.yaml"),
                   os.path.join(d, "s.json"))
        area = lay["area"]
        paths = [it for it in lay["pages"][0]["items"] if it["role"] == "svg"]
        eq(len(paths), 8, "eight painted shapes (the empty rect draws none)")
        s = 100 * 72 / 25.4 / 200  # 100 mm for 200 user units
        first = paths[0]
        ok(abs(first["x"] - (area["x"] + 10 * s)) < 0.02, f"x {first['x']}")
        ok(abs(first["w"] - 30 * s) < 0.02, f"w {first['w']}")
        ok(abs(first["h"] - 20 * s) < 0.02, f"h {first['h']}")
        eq(first.get("fill"), "#0b6e4f", "fill")
        eq(paths[1]["segments"], 10, "rounded rect: 4 lines, 4 arcs")
        eq(paths[3]["segments"], 6, "circle: move, 4 curves, close")


@test
def illustrative_note_follows_the_language():
    with Tmp() as d:
        pdf = os.path.join(d, "ru.pdf")
        build(os.path.join(FIXTURES, "graphics-ru.yaml"), pdf)
        text = pdftotext(pdf)
        ok("Иллюстративные данные" in text, text[-300:])


if __name__ == "__main__":
    main()
