"""Tagged PDF (issue 18): every PDF has a structure tree over marked
content that holds every mark a page makes, in the order a reader reads;
decoration, running heads and page numbers are artifacts; links are Link
elements; words split by an inserted hyphen read whole.

The tree is read back with tests/e2e/pdfstruct.py (qpdf --json)."""
import glob
import os
import re
import shutil
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfstruct  # noqa: E402
from common import (ROOT, Tmp, build, carec, dump, main,  # noqa: E402
                    report_languages, run, test)

REPORTS = sorted(glob.glob(os.path.join(ROOT, "reports", "*.yaml")))
SAMPLE = os.path.join(ROOT, "tests", "samples", "every-block.yaml")


def pdfs(d, *flags):
    """Every report of reports/ in each language it declares, and the
    every-block sample, built into d: [(name, path)]."""
    out = []
    for r in REPORTS + [SAMPLE]:
        name = os.path.basename(r)[:-5]
        for lang in report_languages(r):
            pdf = os.path.join(d, f"{name}.{lang}.pdf")
            build(r, pdf, *(["--lang", lang] if lang else []), *flags)
            out.append((f"{name}.{lang}", pdf))
    return out


@test
def every_pdf_is_tagged():
    with Tmp() as d:
        for name, pdf in pdfs(d):
            t = pdfstruct.read(pdf)
            p = pdfstruct.problems(t)
            assert not p, f"{name}: {p[:10]}"
            roles = {e.role for e in t.elems()}
            assert {"Document", "P", "H1"} <= roles, f"{name}: {roles}"
            info = run(["pdfinfo", pdf], check=True).stdout.decode()
            assert re.search(r"Tagged:\s+yes", info), name


@test
def the_sample_has_every_role():
    # The every-block sample shows each kind of block: each gets its role.
    with Tmp() as d:
        pdf = os.path.join(d, "s.pdf")
        build(SAMPLE, pdf)
        t = pdfstruct.read(pdf)
        roles = {e.role for e in t.elems()}
        want = {"Document", "Sect", "H1", "P", "L", "LI", "Lbl",
                "LBody", "Table", "THead", "TBody", "TR", "TH", "TD",
                "TOC", "TOCI", "BlockQuote", "Caption", "Figure", "Link",
                "Callout"}
        assert want <= roles, f"missing {want - roles}"
        rm = t.struct_root["/RoleMap"]
        assert rm.get("/Callout") == "/Div", rm


@test
def print_pdf_is_tagged_too():
    with Tmp() as d:
        pdf = os.path.join(d, "p.pdf")
        build(os.path.join(ROOT, "reports", "brochure.yaml"), pdf,
              "--lang", "en", "--print")
        t = pdfstruct.read(pdf)
        assert not pdfstruct.problems(t), pdfstruct.problems(t)[:5]


@test
def running_heads_and_numbers_are_artifacts():
    # What the layout dump calls a header, footer or page number is drawn
    # as an artifact, and never reaches the structure's text.
    report = os.path.join(ROOT, "reports", "anniversary-15.yaml")
    with Tmp() as d:
        pdf = os.path.join(d, "a.pdf")
        build(report, pdf, "--lang", "en")
        lay = dump(report, os.path.join(d, "a.json"), "--lang", "en")
        t = pdfstruct.read(pdf)
        seen = 0
        for i, page in enumerate(lay["pages"]):
            texts = [(it.get("role"), it["text"]) for it in page["items"]
                     if it.get("text")]
            chrome = [s for r, s in texts if r in ("header", "footer")]
            pg = t.pages[i]
            arts = "".join(pg.artifact_text)
            content = "".join(pg.mcid_text.values())
            for s in chrome:
                seen += 1
                assert s in arts, f"page {i + 1}: {s!r} not an artifact"
                # Only as often as the page's own text has it (a heading
                # set on two lines counts as its words joined).
                own = " ".join(x for r, x in texts
                               if r not in ("header", "footer")).count(s)
                assert content.count(s) <= own, \
                    f"page {i + 1}: {s!r} is content"
        assert seen >= 10, seen


def headings(blocks, lang):
    out = []
    for b in blocks or []:
        if isinstance(b, dict) and "heading" in b:
            h = b["heading"]
            out.append(h.get(lang) if isinstance(h, dict) else h)
    return out


@test
def trifold_reads_cover_inside_then_flap_and_back():
    # The panels are written in folding order: flap, back, cover on the
    # outside; three panels inside. A reader starts at the cover.
    report = os.path.join(ROOT, "reports", "brochure.yaml")
    with open(report, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    panels = next(b["panels"] for b in doc["content"] if "panels" in b)
    assert len(panels) == 6
    for lang in ("en", "ru"):
        want = []
        for k in (2, 3, 4, 5, 0, 1):
            want += [re.sub(r"\s+", " ", h).strip()
                     for h in headings(panels[k].get("content"), lang)]
        with Tmp() as d:
            pdf = os.path.join(d, "b.pdf")
            build(report, pdf, "--lang", lang)
            t = pdfstruct.read(pdf)
            got = [re.sub(r"\s+", " ", t.text(e)).strip()
                   for e in t.elems() if e.role in ("H1", "H2", "H3")]
            assert got == want, f"{lang}: {got} != {want}"
            # The first panel read is the cover's, with the title.
            first = next(e for e in t.root.kids
                         if isinstance(e, pdfstruct.Elem))
            assert any(k.role == "H1" for k in first.kids
                       if isinstance(k, pdfstruct.Elem)), first.kids


@test
def list_labels_come_before_their_items():
    with Tmp() as d:
        pdf = os.path.join(d, "a.pdf")
        build(os.path.join(ROOT, "reports", "about.yaml"), pdf, "--lang", "en")
        t = pdfstruct.read(pdf)
        items = [e for e in t.elems() if e.role == "LI"]
        assert len(items) >= 7
        for li in items:
            lbl, body = [k for k in li.kids if isinstance(k, pdfstruct.Elem)]
            assert (lbl.role, body.role) == ("Lbl", "LBody")
            assert t.text(lbl).strip() == "\u2022", t.text(lbl)
        first = t.text(items[0])
        assert first.startswith("\u2022 Kazakhstan"), first


@test
def a_line_hyphenated_at_both_ends_reads_whole():
    # A line that starts with the rest of a word from the line before
    # and ends in a hyphen of its own: both words read whole, once.
    src = """document:
  title: Hyphens
  language: ru
theme:
  page: {size: A5, margins: {left: 40mm, right: 40mm, top: 15mm, bottom: 15mm}}
  footer:
content:
  - paragraph: >
      Региональный экологический центр содействует правительствам
      государств в решении экологических проблем, международного
      природоохранного сотрудничества и устойчивого развития,
      поддерживая неправительственные организации и международные
      агентства в институциональном укреплении.
"""
    with Tmp() as d:
        path = os.path.join(d, "h.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(src)
        pdf = os.path.join(d, "h.pdf")
        build(path, pdf)
        drawn = run(["mutool", "draw", "-F", "text", pdf],
                    check=True).stdout.decode()
        lines = [ln.strip() for ln in drawn.splitlines() if ln.strip()]
        tree = pdfstruct.read(pdf).text()
    both = [k for k in range(1, len(lines))
            if lines[k].endswith("-") and lines[k - 1].endswith("-")]
    assert both, f"no line hyphenated at both ends: {lines}"
    for k in both:
        head = re.search(r"(\w+)-$", lines[k - 1]).group(1)
        tail = re.match(r"(\w+)", lines[k]).group(1)
        nxt = re.search(r"(\w+)-$", lines[k]).group(1)
        rest = re.match(r"(\w+)", lines[k + 1]).group(1)
        for word in (head + tail, nxt + rest):
            assert word in tree, f"{word} not whole in {tree!r}"
    assert not re.search(r"\w-\w", tree), f"a hyphen in {tree!r}"


@test
def hyphenated_words_read_whole():
    # mutool keeps each line as drawn (with the hyphen); pdftotext and
    # the structure get the word whole, once.
    for report, lang in (("about", "en"), ("anniversary-15", "ru")):
        src = os.path.join(ROOT, "reports", report + ".yaml")
        written = open(src, encoding="utf-8").read()
        for inc in glob.glob(os.path.join(ROOT, "reports", "content", "*")):
            written += open(inc, encoding="utf-8").read()
        with Tmp() as d:
            pdf = os.path.join(d, "h.pdf")
            build(os.path.join(ROOT, "reports", report + ".yaml"), pdf,
                  "--lang", lang)
            drawn = run(["mutool", "draw", "-F", "text", pdf],
                        check=True).stdout.decode()
            # The drawn lines, without the blank lines mutool puts
            # between lines set with open leading.
            lines = [ln.rstrip() for ln in drawn.splitlines() if ln.strip()]
            text = run(["pdftotext", "-enc", "UTF-8", pdf, "-"],
                       check=True).stdout.decode()
            t = pdfstruct.read(pdf)
            tree = t.text()
            split = 0
            for k, ln in enumerate(lines[:-1]):
                m = re.search(r"(\w+)-$", ln)
                nxt = re.match(r"\s*(\w+)", lines[k + 1])
                if not m or not nxt or re.search(r"\w-\w+-$", ln):
                    continue
                word = m.group(1) + nxt.group(1)
                if re.search(re.escape(f"{m.group(1)}-{nxt.group(1)}"),
                             written):
                    continue  # a hyphen of the text itself
                split += 1
                assert word in text, f"{report}.{lang}: {word} not whole"
                assert f"{m.group(1)}-" not in tree.replace(
                    f"{m.group(1)}-{nxt.group(1)}", ""), \
                    f"{report}.{lang}: {m.group(1)}- in the structure"
                assert word in tree, f"{report}.{lang}: {word} not in tree"
            assert split >= 2, f"{report}.{lang}: {split} split words"


@test
def words_broken_at_their_own_hyphen_read_whole():
    # A narrow column breaks "non-governmental" after its hyphen: the
    # reader space a line end gets is not given there, so the structure
    # (what a screen reader reads) has the word whole.
    with Tmp() as d:
        src = os.path.join(d, "h.yaml")
        with open(src, "w", encoding="utf-8") as f:
            f.write("document:\n  title: Hyphens\n  language: en\n"
                    "content:\n  - columns:\n      - paragraph: >\n"
                    + "          State bodies and non-governmental and "
                    "intergovernmental partners. " * 12 + "\n"
                    "    count: 3\n    gap: 30mm\n")
        pdf = os.path.join(d, "h.pdf")
        build(src, pdf)
        drawn = run(["mutool", "draw", "-F", "text", pdf],
                    check=True).stdout.decode()
        assert re.search(r"non-\s*$", drawn, re.M), "no line ends in 'non-'"
        tree = pdfstruct.read(pdf).text()
        assert "non- " not in tree and "non-governmental" in tree, tree


@test
def repeated_table_header_is_an_artifact():
    rows = "\n".join(f"      - [Row {i}, '{i * 7}']" for i in range(1, 90))
    yml = f"""document:
  title: A long table
  language: en
content:
  - table:
      - [Name, Value]
{rows}
"""
    with Tmp() as d:
        src = os.path.join(d, "t.yaml")
        with open(src, "w", encoding="utf-8") as f:
            f.write(yml)
        pdf = os.path.join(d, "t.pdf")
        build(src, pdf)
        t = pdfstruct.read(pdf)
        assert len(t.pages) >= 2
        assert not pdfstruct.problems(t), pdfstruct.problems(t)[:5]
        ths = [e for e in t.elems() if e.role == "TH"]
        assert [t.text(e).strip() for e in ths] == ["Name", "Value"]
        for e in ths:
            assert e.attrs.get("/Scope") == "/Column", e.attrs
        # On the second page the header is drawn again, as an artifact.
        assert "Name" in "".join(t.pages[1].artifact_text)
        assert "Name" not in "".join(t.pages[1].mcid_text.values())
        tds = [e for e in t.elems() if e.role == "TD"]
        assert len(tds) == 2 * 89


@test
def links_are_link_elements():
    with Tmp() as d:
        pdf = os.path.join(d, "b.pdf")
        build(os.path.join(ROOT, "reports", "brochure.yaml"), pdf,
              "--lang", "en")
        t = pdfstruct.read(pdf)
        links = [e for e in t.elems() if e.role == "Link"]
        assert links
        for e in links:
            kinds = [k[0] for k in e.kids if not isinstance(k, pdfstruct.Elem)]
            assert "mcid" in kinds and "objr" in kinds, (e, e.kids)
        assert "carececo.org" in "".join(t.text(e) for e in links)


@test
def structure_follows_the_text():
    # The text of the tree is the document's text, in order.
    with Tmp() as d:
        pdf = os.path.join(d, "a.pdf")
        build(os.path.join(ROOT, "reports", "about.yaml"), pdf, "--lang", "en")
        t = pdfstruct.read(pdf)
        tree = re.sub(r"\s+", " ", t.text())
        a = tree.index("The Regional Environmental Centre for Central Asia "
                       "(CAREC) is an independent, non-political and "
                       "not-for-profit international organisation.")
        b = tree.index("Mission")
        c = tree.index("as a professional and reliable partner")
        assert a < b < c
        print("\n".join(pdfstruct.outline(t)[:12]))


@test
def text_in_another_language_says_so():
    # The founders' own names in about (an English report) are Spans with
    # their language; the catalogue has the document's.
    with Tmp() as d:
        pdf = os.path.join(d, "a.pdf")
        build(os.path.join(ROOT, "reports", "about.yaml"), pdf, "--lang", "en")
        t = pdfstruct.read(pdf)
        assert pdfstruct.pdf_text(t.catalog["/Lang"]) == "en"
        spans = {pdfstruct.pdf_text(e.lang): t.text(e).strip()
                 for e in t.elems() if e.role == "Span" and e.lang}
        assert spans == {"kk": "Қазақстан", "ky": "Кыргызстан",
                         "tg": "Тоҷикистон", "tk": "Türkmenistan",
                         "uz": "Oʻzbekiston"}, spans


@test
def a_missing_translation_is_marked_in_its_language():
    yml = """document:
  title: {en: Fallback, ru: Запасной}
  languages: [en, ru]
content:
  - paragraph: {en: Only in English here., ru: Только по-русски.}
  - paragraph: {en: This one has no Russian.}
"""
    with Tmp() as d:
        src = os.path.join(d, "f.yaml")
        with open(src, "w", encoding="utf-8") as f:
            f.write(yml)
        pdf = os.path.join(d, "f.pdf")
        build(src, pdf, "--lang", "ru")
        t = pdfstruct.read(pdf)
        assert pdfstruct.pdf_text(t.catalog["/Lang"]) == "ru"
        spans = [(pdfstruct.pdf_text(e.lang), t.text(e).strip())
                 for e in t.elems() if e.lang]
        assert spans == [("en", "This one has no Russian.")], spans


@test
def figures_say_what_they_show():
    with Tmp() as d:
        pdf = os.path.join(d, "s.pdf")
        build(SAMPLE, pdf)
        t = pdfstruct.read(pdf)
        alts = [pdfstruct.pdf_text(e.alt) for e in t.elems()
                if e.role == "Figure"]
        assert "A rectangle in four quarters, red, green, blue and " \
               "yellow" in alts, alts
        assert "QR code: https://carecnet.org" in alts, alts
        chart = [a for a in alts if a.startswith("Bar chart:")]
        assert chart and "Illustrative data." in chart[0], alts
        # A caption is read after its figure, not hidden by its alt.
        caps = [e for e in t.elems() if e.role == "Caption"]
        assert caps and all(c.parent.role != "Figure" for c in caps)


@test
def decorative_image_is_an_artifact():
    yml = """document:
  title: Decoration
  language: en
content:
  - paragraph: A paragraph.
  - image: e2e-quadrants.png
    alt: ""
    width: 40mm
"""
    with Tmp() as d:
        shutil.copy(os.path.join(ROOT, "tests", "images", "e2e-quadrants.png"),
                    d)
        src = os.path.join(d, "i.yaml")
        with open(src, "w", encoding="utf-8") as f:
            f.write(yml)
        pdf = os.path.join(d, "i.pdf")
        build(src, pdf, "--strict")
        t = pdfstruct.read(pdf)
        assert not pdfstruct.problems(t), pdfstruct.problems(t)
        assert not [e for e in t.elems() if e.role == "Figure"]
        data = b"".join(t.stream_data(c) for c in
                        [t.get(t.page_refs[0])["/Contents"]])
        i = data.index(b" Do")
        assert data.rfind(b"/Artifact BMC", 0, i) > data.rfind(b"BDC", 0, i)


@test
def contents_is_a_chapter_of_its_own():
    # Its title is a heading read first, in a section that holds only
    # the contents; each line a TOCI whose Link reads title and page.
    with Tmp() as d:
        pdf = os.path.join(d, "a.pdf")
        build(os.path.join(ROOT, "reports", "anniversary-15.yaml"), pdf,
              "--lang", "en")
        t = pdfstruct.read(pdf)
        toc = next(e for e in t.elems() if e.role == "TOC")
        kids = [k for k in toc.parent.kids if isinstance(k, pdfstruct.Elem)]
        assert toc.parent.role == "Sect", toc.parent
        # The contents' heading and list, then (inside the booklet's
        # cover) the imprint's paragraphs: no other chapter's heading.
        roles = [k.role for k in kids]
        assert roles[:2] == ["H1", "TOC"], kids
        assert all(r == "P" for r in roles[2:]), kids
        assert t.text(kids[0]).strip() == "Contents"
        lines = [t.text(e).strip() for e in toc.kids
                 if isinstance(e, pdfstruct.Elem)]
        assert lines[0] == "Foreword 3", lines
        assert all(re.match(r".+ \S+$", ln) for ln in lines), lines


@test
def an_element_of_many_kids_lists_them_in_groups():
    # libharu writes no array of more than 8191 entries: the Document's
    # 8200 paragraphs are listed in NonStruct groups, each paragraph's
    # /P being its group, and the tree is as valid as any.
    paras = "".join(f"  - paragraph: Paragraph number {i}.\n"
                    for i in range(8200))
    with Tmp() as d:
        src = os.path.join(d, "m.yaml")
        with open(src, "w", encoding="utf-8") as f:
            f.write("document:\n  title: Many\n  language: en\n"
                    "content:\n" + paras)
        pdf = os.path.join(d, "m.pdf")
        build(src, pdf)
        t = pdfstruct.read(pdf)
        assert not pdfstruct.problems(t), pdfstruct.problems(t)[:3]
        kids = [k for k in t.root.kids if isinstance(k, pdfstruct.Elem)]
        assert [k.role for k in kids] == ["NonStruct", "NonStruct"], kids
        assert sum(1 for e in t.elems() if e.role == "P") == 8200
        # Its 9 000 objects are found through a cross-reference stream
        # whose rows go through the PNG Up predictor: under half a byte
        # a row deflated (more than two without the predictor).
        with open(pdf, "rb") as f:
            data = f.read()
        xref = data[data.rindex(b"/Type /XRef"):]
        size = int(re.search(rb"/Size (\d+)", xref).group(1))
        length = int(re.search(rb"/Length (\d+)", xref).group(1))
        assert b"/Predictor 12" in xref[:xref.index(b"stream")]
        assert size > 8200 and length < size / 2, (size, length)


if __name__ == "__main__":
    main()
