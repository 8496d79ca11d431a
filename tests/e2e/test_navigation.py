"""Navigation and page templates: the contents' page numbers are the
pages the headings landed on, its entries link there, page labels (Cover,
i, ii, 1...) are in the PDF, covers have no running heads, the watermark
is on every page beneath the content, and --watermark works."""
import json
import os
import re

from common import (FIXTURES, Tmp, build, dump, eq, main, ok, pdftotext,
                    run, test)

NAV = os.path.join(FIXTURES, "navigation.yaml")
ABOUT = os.path.join("reports", "about.yaml")
MARGINAL = {"header", "footer", "header-rule"}
BENEATH = {"page-background", "page-band", "cover-background",
           "cover-pattern", "cover-band", "cover-accent"}


def roman(n):
    out = ""
    for v, s in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"),
                 (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"),
                 (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out += s
            n -= v
    return out


def label(lay, page):
    """The label of 1-based page, from the dump's label ranges."""
    cur = None
    for r in lay["labels"]:
        if r["page"] <= page:
            cur = r
    if cur is None:
        return str(page)
    n = cur["start"] + page - cur["page"]
    num = {"decimal": str(n), "roman": roman(n),
           "upper-roman": roman(n).upper(), "none": ""}[cur["style"]]
    return (cur["prefix"] or "") + num


def load(report, *flags):
    with Tmp() as d:
        return dump(report, os.path.join(d, "l.json"), *flags)


def contents_rows(lay):
    """(page, title, label, dest) per contents entry, in order."""
    rows = []
    for pg in lay["pages"]:
        items = pg["items"]
        for i, it in enumerate(items):
            if it["role"] != "contents-link":
                continue
            # The entry's text and number are the items of its line.
            line = [x for x in items if x["kind"] == "text" and
                    x["role"] in ("contents-entry", "contents-page") and
                    abs(x["y"] - it["y"]) < 3]
            title = " ".join(x["text"] for x in line
                             if x["role"] == "contents-entry")
            num = [x["text"] for x in line if x["role"] == "contents-page"]
            rows.append((pg["number"], title, num[0] if num else "",
                         it["dest"]))
    return rows


@test
def contents_numbers_are_the_heading_pages():
    lay = load(NAV)
    rows = contents_rows(lay)
    heads = [o for o in lay["outlines"] if o["level"] <= 2]
    eq(len(rows), len(heads), "one entry per heading of level 1-2")
    for (_, title, num, dest), o in zip(rows, heads):
        eq(title, o["title"], "entry order")
        d = lay["dests"][dest]
        eq(d["page"], o["page"], f"entry {title!r} links to its heading")
        eq(num, label(lay, d["page"]), f"number of {title!r}")
    # The numbers are real: the body starts at 1 and runs on.
    nums = [r[2] for r in rows]
    ok("i" in nums and "1" in nums and nums[-1] not in ("", "1"), nums)


@test
def contents_links_in_the_pdf_go_to_the_headings():
    lay = load(NAV)
    rows = contents_rows(lay)
    toc_page = rows[0][0]
    with Tmp() as d:
        out = os.path.join(d, "n.pdf")
        build(NAV, out)
        pages = run(["mutool", "show", out, "pages"], check=True)
        objs = {m.group(2): int(m.group(1)) for m in re.finditer(
            r"page (\d+) = (\d+) 0 R", pages.stdout.decode())}
        annots = []
        i = 1
        while True:
            p = run(["mutool", "show", out,
                     f"pages/{toc_page}/Annots/{i}"], check=True)
            text = p.stdout.decode()
            if "/Rect" not in text:
                break
            top = float(re.search(r"/Rect \[ \S+ \S+ \S+ (\S+) \]",
                                  text).group(1))
            dest = re.search(r"/Dest (\d+) 0 R", text).group(1)
            arr = run(["mutool", "show", out, dest], check=True)
            target = re.search(r"\[ (\d+) 0 R /XYZ",
                               arr.stdout.decode()).group(1)
            annots.append((-top, objs[target]))
            i += 1
        annots.sort()
        eq(len(annots), len(rows), "one link per contents line")
        for (_, page), (_, title, num, dest) in zip(annots, rows):
            eq(page, lay["dests"][dest]["page"], f"link of {title!r}")
            eq(label(lay, page), num, f"label of {title!r}'s page")


@test
def the_covers_page_labels_are_in_the_editions_language():
    # A viewer's page box shows "Обложка" in a Russian edition; a label
    # that is not ASCII is written in UTF-16 (FEFF...), as titles are.
    src = """document:
  title: РЭЦЦА
  language: ru
  cover: true
  back-cover: true
content:
  - paragraph: Текст.
"""
    with Tmp() as d:
        path = os.path.join(d, "r.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(src)
        lay = dump(path, os.path.join(d, "l.json"))
        eq([r["prefix"] for r in lay["labels"]],
           ["Обложка", None, "Задняя обложка"], "the labels")
        out = os.path.join(d, "r.pdf")
        build(path, out)
        nums = run(["mutool", "show", out, "trailer/Root/PageLabels"],
                   check=True).stdout.decode()
        got = [bytes.fromhex(h[4:]).decode("utf-16-be")
               for h in re.findall(r"/P <(FEFF[0-9A-F]+)>", nums)]
        eq(got, ["Обложка", "Задняя обложка"], f"PageLabels {nums}")


@test
def page_labels_in_the_pdf():
    lay = load(NAV)
    n = len(lay["pages"])
    eq([(r["page"], r["style"], r["prefix"]) for r in lay["labels"]],
       [(1, "none", "Cover"), (2, "roman", None), (4, "decimal", None),
        (n, "none", "Back cover")], "label ranges")
    with Tmp() as d:
        out = os.path.join(d, "n.pdf")
        build(NAV, out)
        p = run(["mutool", "show", out, "trailer/Root/PageLabels"],
                check=True)
        nums = re.sub(r"\s+", " ", p.stdout.decode())
        ok(re.search(r"/Nums \[ 0 << /P \(Cover\) >> 1 << /S /r >> "
                     r"3 << /S /D >> %d << /P \(Back cover\) >> \]" % (n - 1),
                     nums), nums)
        # Footers show the labels; {pages} is the last number of the range.
        body = [pg for pg in lay["pages"] if label(lay, pg["number"])
                .isdigit()]
        last = label(lay, body[-1]["number"])
        feet = [[it["text"] for it in pg["items"] if it["role"] == "footer"]
                for pg in lay["pages"]]
        eq(feet[1:3], [["i"], ["ii"]], "front matter footers")
        eq(feet[0] + feet[-1], [], "no footers on covers")
        ok(f"Page 1 of {last}" in pdftotext(out, "-f", "4", "-l", "4"),
           "body footer")
        ok(f"Page {last} of {last}" in pdftotext(out, "-f", str(n - 1),
                                                  "-l", str(n - 1)),
           "last body page")


@test
def page_labels_in_the_editions_language():
    # A Russian edition's viewer shows «Обложка», not "Cover"; a Kazakh
    # one «Мұқаба».
    for lang, cover, back in (("ru", "Обложка", "Задняя обложка"),
                              ("kk", "Мұқаба", "Артқы мұқаба")):
        lay = load(NAV, "--lang", lang)
        got = [r["prefix"] for r in lay["labels"] if r["style"] == "none"]
        eq(got, [cover, back], f"{lang}: the covers' labels")
    with Tmp() as d:
        out = os.path.join(d, "n.pdf")
        build(NAV, out, "--lang", "ru")
        # UTF-16 with its byte order mark, as a PDF text string must be:
        # raw UTF-8 bytes would read as PDFDocEncoding mojibake.
        p = run(["qpdf", "--json", "--json-key=pagelabels", out],
                check=True)
        labels = [e["label"].get("/P") for e in
                  json.loads(p.stdout.decode())["pagelabels"]]
        eq([x for x in labels if x], ["u:Обложка", "u:Задняя обложка"],
           "the labels in the PDF")


@test
def covers_have_no_running_heads():
    lay = load(NAV)
    pages = lay["pages"]
    for pg in (pages[0], pages[-1]):
        roles = {it["role"] for it in pg["items"]}
        ok(not roles & MARGINAL, f"page {pg['number']} has {roles & MARGINAL}")
        ok("cover-background" in roles, "full-bleed background")
        bg = [it for it in pg["items"] if it["role"] == "cover-background"][0]
        eq((bg["x"], bg["y"], bg["w"], bg["h"]),
           (0, 0, pg["width"], pg["height"]), "background covers the page")
    front = {it["role"]: it for it in pages[0]["items"]}
    eq(front["cover-title"]["text"], "CAREC at Fifteen", "cover title")
    ok("cover-subtitle" in front and "cover-edition" in front
       and "cover-date" in front, "subtitle, edition and date")
    ok(any(it["kind"] == "image" for it in pages[0]["items"]), "cover logo")
    back = pages[-1]["items"]
    ok(any(it["kind"] == "link" and it["uri"] == "https://carecnet.org"
           for it in back), "the web address is a link on the back cover")
    # The first page after the cover has a footer but no header.
    roles = {it["role"] for it in pages[1]["items"]}
    ok("footer" in roles and "header" not in roles, roles)
    ok("header" in {it["role"] for it in pages[2]["items"]}, "header on p3")


@test
def watermark_on_every_page_beneath_the_content():
    lay = load(NAV)
    for pg in lay["pages"]:
        items = pg["items"]
        marks = [i for i, it in enumerate(items) if it["role"] == "watermark"]
        eq(len(marks), 1, f"watermark on page {pg['number']}")
        it = items[marks[0]]
        eq(it["text"], "DRAFT", "watermark text")
        ok(40 < it["angle"] < 60 and it["opacity"] < 0.5, it)
        before = {x["role"] for x in items[:marks[0]]}
        ok(before <= BENEATH, f"p{pg['number']}: drawn after {before}")
        ok(any(x["kind"] == "text" for x in items[marks[0] + 1:]),
           "content after the watermark")
    with Tmp() as d:
        out = os.path.join(d, "n.pdf")
        build(NAV, out)
        # Text order: the watermark first, then the page's own words in
        # reading order.
        txt = pdftotext(out, "-raw", "-f", "4", "-l", "4")
        flat = "".join(txt.split())
        ok(flat.find("DRAFT") >= 0, txt[:200])
        ok(flat.find("DRAFT") < flat.find("Ourmission"), "drawn first")
        ok("Our mission" in txt, "heading text intact")
        gs = run(["mutool", "show", out, "pages/4/Resources/ExtGState"],
                 check=True).stdout.decode()
        obj = re.search(r"(\d+) 0 R", gs).group(1)
        ok("/ca .1" in run(["mutool", "show", out, obj],
                           check=True).stdout.decode(), "alpha 0.1")


@test
def watermark_from_the_command_line():
    lay = load(ABOUT, "--watermark", "CONFIDENTIAL", "--lang", "en")
    for pg in lay["pages"]:
        marks = [it for it in pg["items"] if it["role"] == "watermark"]
        eq([m["text"] for m in marks], ["CONFIDENTIAL"], "every page")
        eq(pg["items"][0]["role"], "watermark", "first drawn")
    eq(load(ABOUT, "--lang", "en")["labels"], [],
       "plain 1, 2, 3 needs no labels")


@test
def contents_in_a_plain_numbered_document():
    # The contents' own length moves every heading; the numbers are still
    # the pages the headings are on, and the title is the one given.
    lay = load(os.path.join(FIXTURES, "nav-decimal.yaml"))
    eq(lay["labels"], [], "no labels needed")
    rows = contents_rows(lay)
    eq(len(rows), len(lay["outlines"]), "depth 3 lists every heading")
    for (_, title, num, dest), o in zip(rows, lay["outlines"]):
        eq(title, o["title"], "entry")
        eq(num, str(lay["dests"][dest]["page"]), f"number of {title!r}")
    ok(int(rows[-1][2]) > 2, "headings beyond page 2")
    title = [it["text"] for it in lay["pages"][0]["items"]
             if it["role"] == "contents-title"]
    eq(title, ["In this report"], "contents title")


if __name__ == "__main__":
    main()
