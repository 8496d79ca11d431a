"""CAREC's pictograms (assets/pictograms/, issue 19): one style (a 48-unit
grid, 3-unit round lines, the brand green and one gold detail, only what
carec-report draws), listed in their README, and drawn by carec-report in
both colours as tagged Figures with their alternative text."""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfstruct  # noqa: E402
from common import (ROOT, Tmp, build, dump, eq, main, ok, run,  # noqa: E402
                    test)

DIR = os.path.join(ROOT, "assets", "pictograms")
SAMPLE = os.path.join(ROOT, "tests", "samples", "illustrations.yaml")
NS = "{http://www.w3.org/2000/svg}"
GREEN, GOLD = "#0a674a", "#d99a1e"
SIZE_PT = 16 / 25.4 * 72  # the sample draws them 16 mm wide


def pictograms():
    files = sorted(glob.glob(os.path.join(DIR, "*.svg")))
    ok(6 <= len(files) <= 8, f"{len(files)} pictograms")
    return files


@test
def one_style_for_all():
    with open(os.path.join(DIR, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    for path in pictograms():
        name = os.path.basename(path)
        ok(f"`{name}`" in readme, f"{name} is not in the README")
        root = ET.parse(path).getroot()
        eq(root.tag, NS + "svg", name)
        eq(root.get("viewBox"), "0 0 48 48", f"{name}: the grid")
        colours = set()
        for el in root.iter():
            tag = el.tag[len(NS):]
            if el is root:
                continue
            ok(tag in ("path", "circle"), f"{name}: <{tag}>")
            fill, stroke = el.get("fill"), el.get("stroke")
            ok(fill in ("none", "#ffffff", GREEN, GOLD), f"{name}: {fill}")
            colours.add(fill)
            if stroke:
                ok(stroke in (GREEN, GOLD), f"{name}: stroke {stroke}")
                colours.add(stroke)
                ok(el.get("stroke-width") in ("3", "2"),
                   f"{name}: a line {el.get('stroke-width')} wide")
                eq(el.get("stroke-linejoin"), "round", f"{name}: joins")
        ok(GREEN in colours and GOLD in colours,
           f"{name}: green and gold, not {colours}")


def ppm(path):
    """Width, height and the RGB bytes of a binary PPM."""
    with open(path, "rb") as f:
        data = f.read()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    ok(m, "a PPM")
    return int(m.group(1)), int(m.group(2)), data[m.end():]


@test
def drawn_in_both_colours_as_tagged_figures():
    names = [os.path.basename(p)[:-4] for p in pictograms()]
    with Tmp() as d:
        for lang, word in (("en", "Pictogram: "), ("ru", "Пиктограмма: ")):
            pdf = os.path.join(d, f"s.{lang}.pdf")
            build(SAMPLE, pdf, "--lang", lang, "--strict")
            run(["qpdf", "--check", pdf], check=True)
            t = pdfstruct.read(pdf)
            eq(pdfstruct.problems(t), [], f"{lang}: tagging")
            alts = [pdfstruct.pdf_text(e.alt or "") for e in t.elems()
                    if e.role == "Figure"]
            eq(len([a for a in alts if a.startswith(word)]), len(names),
               f"{lang}: pictogram figures in {alts}")

        # Each fills most of its grid, and shows green and gold.
        lay = dump(SAMPLE, os.path.join(d, "l.json"), "--lang", "en")
        with open(SAMPLE, encoding="utf-8") as f:
            lines = f.read().split("\n")
        page = lay["pages"][-1]
        run(["pdftoppm", "-r", "150", "-f", str(page["number"]), "-l",
             str(page["number"]), os.path.join(d, "s.en.pdf"),
             os.path.join(d, "p")], check=True)
        (img,) = glob.glob(os.path.join(d, "p*.ppm"))
        w, h, px = ppm(img)
        k = 150 / 72
        for name in names:
            (line,) = [i + 1 for i, s in enumerate(lines)
                       if s.strip() == f"- svg: ../../assets/pictograms/"
                                       f"{name}.svg"]
            its = [i for i in page["items"]
                   if i["role"] == "svg" and i["line"] == line]
            ok(its, f"{name}: not drawn")
            x0 = min(i["x"] for i in its)
            y0 = min(i["y"] for i in its)
            x1 = max(i["x"] + i["w"] for i in its)
            y1 = max(i["y"] + i["h"] for i in its)
            span = max(x1 - x0, y1 - y0) / SIZE_PT * 48
            ok(32 <= span <= 45, f"{name}: spans {span:.1f} of 48 units")
            green = gold = 0
            for y in range(int(y0 * k) - 3, int(y1 * k) + 4):
                for x in range(int(x0 * k) - 3, int(x1 * k) + 4):
                    o = 3 * (y * w + x)
                    r, g, b = px[o], px[o + 1], px[o + 2]
                    if abs(r - 10) + abs(g - 103) + abs(b - 74) < 40:
                        green += 1
                    elif abs(r - 217) + abs(g - 154) + abs(b - 30) < 40:
                        gold += 1
            ok(green > 150 and gold > 40,
               f"{name}: {green} green and {gold} gold pixels")


if __name__ == "__main__":
    main()
