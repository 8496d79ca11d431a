"""End-to-end checks of the PDFs: structure, fonts, text, bookmarks, links,
reproducibility, and that other renderers accept them."""
import os
import re

from common import (FIXTURES, ROOT, Tmp, build, env, eq, main, ok, pdftotext,
                    run, test)

ABOUT = os.path.join("reports", "about.yaml")
MULTI = os.path.join(FIXTURES, "multilingual.yaml")


@test
def qpdf_check_is_clean():
    with Tmp() as d:
        for rep, flags in ((ABOUT, ["--lang", "en"]),
                           (ABOUT, ["--lang", "ru"]), (MULTI, [])):
            out = os.path.join(d, "o.pdf")
            build(rep, out, *flags)
            p = run(["qpdf", "--check", out])
            text = p.stdout.decode()
            eq(p.returncode, 0, f"qpdf --check exit for {rep}: {text}")
            ok("No syntax or stream encoding errors found" in text, text)
            ok("WARNING" not in text + p.stderr.decode(), text)


@test
def fonts_embedded_subset_unicode():
    with Tmp() as d:
        out = os.path.join(d, "o.pdf")
        build(MULTI, out)
        p = run(["pdffonts", out], check=True)
        eq(p.stderr.decode(), "", "pdffonts stderr (poppler warnings)")
        rows = p.stdout.decode().splitlines()[2:]
        ok(len(rows) >= 2, f"expected regular and bold fonts: {rows}")
        for row in rows:
            # name type encoding emb sub uni object ID
            cols = row.split()
            name, emb, sub, uni = cols[0], cols[-5], cols[-4], cols[-3]
            ok(re.match(r"^[A-Z]{6}\+", name), f"subset tag missing: {row}")
            eq((emb, sub, uni), ("yes", "yes", "yes"), row)


@test
def text_extracts_in_reading_order():
    with Tmp() as d:
        out = os.path.join(d, "o.pdf")
        build(MULTI, out)
        text = " ".join(pdftotext(out).split())
        want = ["Multilingual fixture", "Chapter 1", "Section 1.1",
                "Paragraph 1.1a. CAREC was established in 2001",
                "Абзац 1.1б. РЭЦЦА был создан в 2001 году",
                "Абзац 1.1в. Орталық Азия елдерінің",
                "Chapter 4", "The end marker ZZEND"]
        pos = -1
        for w in want:
            i = text.find(w, pos + 1)
            ok(i > pos, f"{w!r} not found after position {pos}")
            pos = i


@test
def about_report_text():
    with Tmp() as d:
        out = os.path.join(d, "about.pdf")
        build(ABOUT, out, "--lang", "en")
        text = " ".join(pdftotext(out).split())
        for w in ["About CAREC", "Regional Environmental Centre for Central Asia",
                  "Mission", "History", "Қазақстан", "Oʻzbekiston",
                  "Тоҷикистон", "EC IFAS"]:
            ok(w in text, f"{w!r} missing from the About PDF")
        build(ABOUT, out, "--lang", "ru")
        text = " ".join(pdftotext(out).split())
        for w in ["О РЭЦЦА", "Региональный экологический центр Центральной",
                  "Миссия", "История", "Қазақстан", "ИК МФСА"]:
            ok(w in text, f"{w!r} missing from the Russian About PDF")


@test
def bookmarks_and_metadata():
    with Tmp() as d:
        out = os.path.join(d, "o.pdf")
        build(MULTI, out)
        p = run(["mutool", "show", out, "outline"], check=True)
        outline = p.stdout.decode()
        for t in ["Chapter 1", "Section 1.1", "Chapter 4", "Section 4.2"]:
            ok(t in outline, f"bookmark {t!r} missing:\n{outline}")
        # Sections are nested under chapters (indented deeper).
        lines = outline.splitlines()
        ch = next(l for l in lines if "Chapter 1" in l)
        sec = next(l for l in lines if "Section 1.1" in l)
        # mutool prints one tab per level before the quoted title.
        depth = lambda l: l.split('"')[0].count("\t")
        ok(depth(sec) == depth(ch) + 1, f"section not nested:\n{outline}")
        info = run(["pdfinfo", out], check=True).stdout.decode()
        ok(re.search(r"Title:\s+Multilingual fixture", info), info)
        ok(re.search(r"Author:\s+carec-report tests", info), info)
        trailer = run(["qpdf", "--show-object=trailer", out]).stdout.decode()
        raw = run(["qpdf", "--qdf", "--object-streams=disable", out, "-"]).stdout
        ok(b"/Lang (en)" in raw, "no /Lang in the catalog")


@test
def links_work():
    with Tmp() as d:
        out = os.path.join(d, "about.pdf")
        build(ABOUT, out, "--lang", "en")
        raw = run(["qpdf", "--qdf", "--object-streams=disable", out, "-"]).stdout
        ok(b"/URI (https://carececo.org)" in raw, "URI link missing")
        ok(b"carecnet" not in raw, "a link to carecnet.org, not CAREC's site")
        ok(raw.count(b"/Subtype /Link") >= 3, "expected 3 link annotations")
        ok(b"/Dest" in raw or b"/GoTo" in raw, "internal link missing")


@test
def two_builds_are_identical():
    with Tmp() as d:
        a, b = os.path.join(d, "a.pdf"), os.path.join(d, "b.pdf")
        build(MULTI, a)
        build(MULTI, b)
        ok(open(a, "rb").read() == open(b, "rb").read(), "builds differ")
        raw = open(a, "rb").read()
        ok(b"/CreationDate" not in raw, "a date without SOURCE_DATE_EPOCH")
        build(MULTI, b, env=env(SOURCE_DATE_EPOCH="1480550400"))
        raw = run(["pdfinfo", b], check=True).stdout.decode()
        ok("2016" in raw and "CreationDate" in raw, raw)


@test
def other_renderers_accept_it():
    with Tmp() as d:
        out = os.path.join(d, "o.pdf")
        build(ABOUT, out, "--lang", "en")
        p = run(["mutool", "draw", "-q", "-o", os.path.join(d, "m%d.png"),
                 "-r", "30", out])
        eq(p.returncode, 0, "mutool draw")
        ok(b"error" not in p.stderr.lower(), p.stderr.decode())
        p = run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
                 "-sDEVICE=png16m", "-r30",
                 "-sOutputFile=" + os.path.join(d, "g%d.png"), out])
        eq(p.returncode, 0, "ghostscript")
        ok(b"rror" not in p.stdout + p.stderr, (p.stdout + p.stderr).decode())
        p = run(["pdftoppm", "-r", "30", "-png", out, os.path.join(d, "p")])
        eq(p.returncode, 0, "pdftoppm")
        eq(p.stderr.decode(), "", "pdftoppm warnings")


if __name__ == "__main__":
    main()
