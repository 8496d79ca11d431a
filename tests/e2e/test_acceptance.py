#!/usr/bin/env python3
"""Nothing is accepted in silence: a setting written in another accepted
form takes effect (the US spelling 'colors'), and what used to fail or be
ignored now shows in the PDF."""
import os

from common import (ROOT, Tmp, build, carec, dump, eq, main, ok, pdftotext,
                    test)

DEJAVU_DIR = "/usr/share/fonts/truetype/dejavu"

THEME = """\
colours:
  text: "#123456"
  primary: "#0b6e4f"
"""

REPORT = """\
document:
  title: Colours
theme:
  include: theme/brand.yaml
{override}content:
  - heading: A heading in the primary colour
  - paragraph: Body text in the text colour.
"""


def project(d, override):
    os.makedirs(os.path.join(d, "theme"), exist_ok=True)
    with open(os.path.join(d, "theme", "brand.yaml"), "w") as f:
        f.write(THEME)
    path = os.path.join(d, "r.yaml")
    with open(path, "w") as f:
        f.write(REPORT.format(override=override))
    return path


def colour_of(layout, role):
    for page in layout["pages"]:
        for item in page["items"]:
            if item.get("role") == role and "color" in item:
                return item["color"]
    raise AssertionError(f"no {role} text in the layout")


@test
def us_spelling_overrides_an_included_theme():
    # The shared theme says 'colours'; the report changes one colour with
    # 'colors'. It was ignored (the PDF byte for byte the same).
    with Tmp() as d:
        plain = project(d, "")
        build(plain, os.path.join(d, "plain.pdf"))
        us = project(d, '  colors:\n    primary: "#ff0000"\n')
        build(us, os.path.join(d, "us.pdf"))
        a = open(os.path.join(d, "plain.pdf"), "rb").read()
        b = open(os.path.join(d, "us.pdf"), "rb").read()
        ok(a != b, "the 'colors:' override changed nothing in the PDF")
        lay = dump(us, os.path.join(d, "us.json"))
        eq(colour_of(lay, "heading"), "#ff0000", "heading colour")
        # Merged key by key with the theme's 'colours', not instead of it.
        eq(colour_of(lay, "paragraph"), "#123456", "text colour kept")


@test
def us_spelling_of_nested_colour_keys():
    with Tmp() as d:
        r = project(d, '  watermark: {text: DRAFT, color: "#ff0000"}\n'
                       '  cover: {title-color: "#00ff00"}\n')
        lay = dump(r, os.path.join(d, "w.json"))
        eq(colour_of(lay, "watermark"), "#ff0000", "watermark colour")


@test
def both_spellings_in_one_mapping_is_an_error():
    with Tmp() as d:
        r = project(d, '  colours: {primary: "#ff0000"}\n'
                       '  colors: {primary: "#00ff00"}\n')
        p = carec("check", r)
        eq(p.returncode, 1, "exit code")
        ok(b"'colours' and 'colors' are the same key" in p.stderr,
           p.stderr.decode())


CHART = """\
document:
  title: Negative values
{theme}content:
  - chart: bar
    categories: [2021, 2022, 2023]
    series:
      - {{name: Change, values: [-12.5, 3, 8]}}
    value-labels: true
  - chart: line
    categories: [Q1, Q2]
    series:
      - {{name: Balance, values: [-1500, 250]}}
    value-labels: true
"""


def chart_report(d, theme=""):
    path = os.path.join(d, "chart.yaml")
    with open(path, "w") as f:
        f.write(CHART.format(theme=theme))
    return path


@test
def negative_chart_values_build_with_a_hyphen_minus():
    # The bundled Noto Sans has no U+2212: every negative value failed
    # with "no font has the character".
    with Tmp() as d:
        out = os.path.join(d, "c.pdf")
        p = build(chart_report(d), out)
        eq(p.stderr.decode(), "", "messages")
        text = pdftotext(out)
        ok("\u2212" not in text, "a U+2212 the font lacks")
        for label in ("-12.5", "-10", "-1500"):
            ok(label in text, f"{label!r} not in {text!r}")


@test
def negative_chart_values_take_the_fonts_minus_sign():
    # A font stack that has U+2212 (DejaVu Sans as a fallback) sets it.
    if not os.path.exists(os.path.join(DEJAVU_DIR, "DejaVuSans.ttf")):
        raise AssertionError("DejaVu Sans (fonts-dejavu-core) is missing")
    fonts = os.path.join(ROOT, "fonts")
    theme = f"""\
theme:
  fonts:
    body:
      - regular: {fonts}/NotoSans-Regular.ttf
        bold: {fonts}/NotoSans-Bold.ttf
      - regular: {DEJAVU_DIR}/DejaVuSans.ttf
        bold: {DEJAVU_DIR}/DejaVuSans-Bold.ttf
"""
    with Tmp() as d:
        out = os.path.join(d, "c.pdf")
        build(chart_report(d, theme), out, "--allow-path", DEJAVU_DIR,
              "--allow-path", fonts)
        text = pdftotext(out)
        ok("\u221212.5" in text, f"no '\u221212.5' in {text!r}")
        ok("-12.5" not in text, "a hyphen-minus where the font has U+2212")


DATA_MINUS = """\
document:
  title: Balance
data:
  income: 3
  spent: 5
content:
  - paragraph: "The balance is {{ income - spent }} units."
"""


@test
def a_negative_data_value_builds_with_a_hyphen_minus():
    # Data writes a negative result with U+2212, which the bundled Noto
    # Sans lacks: it failed with "no font has the character".
    with Tmp() as d:
        path = os.path.join(d, "data.yaml")
        with open(path, "w") as f:
            f.write(DATA_MINUS)
        out = os.path.join(d, "d.pdf")
        p = build(path, out)
        eq(p.stderr.decode(), "", "messages")
        text = pdftotext(out)
        ok("The balance is -2 units." in " ".join(text.split()),
           f"no hyphen-minus in {text!r}")


def gradient_svg(path, n):
    rects = "".join(f'<rect x="{i % 50 * 2}" y="{i // 50 * 2}" width="2" '
                    f'height="2" fill="url(#g)"/>\n' for i in range(n))
    with open(path, "w") as f:
        f.write('<svg xmlns="http://www.w3.org/2000/svg" '
                'viewBox="0 0 100 100">\n<defs><linearGradient id="g">'
                '<stop offset="0" stop-color="#0b6e4f"/><stop offset="1" '
                'stop-color="#d99a1e"/></linearGradient></defs>\n'
                + rects + "</svg>\n")


@test
def a_page_holds_exactly_4095_gradients():
    # libharu names a page's shadings in one dictionary of at most 4095
    # entries; the 4096th failed the PDF with "libharu error 0x1007".
    with Tmp() as d:
        gradient_svg(os.path.join(d, "full.svg"), 1000)
        for last, want in ((95, 0), (96, 1)):
            gradient_svg(os.path.join(d, "last.svg"), last)
            r = os.path.join(d, "g.yaml")
            with open(r, "w") as f:
                f.write("document: {title: Gradients}\ncontent:\n"
                        + "  - {svg: full.svg, width: 10mm}\n" * 4
                        + "  - {svg: last.svg, width: 10mm}\n")
            out = os.path.join(d, f"g{last}.pdf")
            p = carec("build", r, "-o", out)
            err = p.stderr.decode()
            eq(p.returncode, want, f"4000 + {last} gradients: {err}")
            ok("libharu" not in err, err)
            if want:
                ok("(LIMIT_PAGE_GRADIENTS)" in err and "g.yaml:7:5" in err,
                   err)
                ok(not os.path.exists(out), "a PDF after the error")
            else:
                ok(os.path.getsize(out) > 0, "no PDF")


if __name__ == "__main__":
    main()
