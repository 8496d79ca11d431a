#!/usr/bin/env python3
"""Nothing is accepted in silence: a setting written in another accepted
form takes effect (the US spelling 'colors'), and what used to fail or be
ignored now shows in the PDF."""
import os

from common import Tmp, build, carec, dump, eq, main, ok, test

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


if __name__ == "__main__":
    main()
