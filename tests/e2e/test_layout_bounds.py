"""Bounds on the work of layout (issue 14, item 4): hostile inputs of a
few hundred KB to 9 MB that took from seconds to minutes, or hundreds of
MB, are built or refused with a message, and each run's time and peak
memory are printed. The reports are generated here (some are MBs). The
bounds checked are generous (10 s of CPU time, so that a busy machine
does not fail them, and 1 GB, on the release build) and the old code
failed them; under a sanitizer they are printed, not checked."""
import os
import re

import common
from common import Tmp, dump, eq, main, ok, pdftotext, run, test

BODY = ("  - paragraph: Lorem ipsum dolor sit amet, consectetur adipiscing "
        "elit, sed do eiusmod tempor incididunt ut labore et dolore magna "
        "aliqua.\n")


def measured(name, *args):
    """Run the CLI with args; return (exit code, stderr text), after
    printing its time and peak memory and checking them against the
    bounds (common.measured)."""
    return common.measured(name, args)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def words(prefix, n):
    return " ".join(f"{prefix}{i}" for i in range(n))


def pages(pdf):
    info = run(["pdfinfo", pdf], check=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def built_clean(d, name, yaml):
    """Build yaml (as r.yaml in d), within the bounds, with exit 0 and no
    message; return the PDF's path and its number of pages."""
    rep, pdf = os.path.join(d, "r.yaml"), os.path.join(d, "r.pdf")
    write(rep, yaml)
    rc, err = measured(name, "build", rep, "-o", pdf)
    eq(rc, 0, "exit code: " + err[:300])
    eq(err, "", "messages")
    return pdf, pages(pdf)


def last_page(pdf, n):
    return pdftotext(pdf, "-f", str(n), "-l", str(n))


def first_line(pdf, page):
    return pdftotext(pdf, "-f", str(page), "-l", str(page)).split("\n")[0]


@test
def long_title_in_every_running_head():
    # A title of 4096 letters with no space (the most LIMIT_META_BYTES
    # allows) in the default header ({title} on the left) of 300 pages:
    # each page broke the whole title into lines, a letter apart, to keep
    # the first. 60000 letters took 40 s; now they are refused at once.
    with Tmp() as d:
        rep, pdf = os.path.join(d, "r.yaml"), os.path.join(d, "r.pdf")
        write(rep, f'document: {{title: "{"x" * 60000}"}}\n'
                   "content:\n" + BODY * 4000)
        rc, err = measured("title of 60000 letters", "build", rep, "-o", pdf)
        eq(rc, 1, "exit code: " + err[:500])
        ok("r.yaml:1:19: error: the document's title is longer than 4096 "
           "bytes (LIMIT_META_BYTES)" in err, err[:500])
        write(rep, f'document: {{title: "{"x" * 4096}"}}\n'
                   "content:\n" + BODY * 4000)
        rc, err = measured("title of 4096 letters", "build", rep, "-o", pdf)
        eq(rc, 0, "exit code: " + err[:500])
        ok("warning: the header text '{title}' is too long for its line "
           "on page 2; it is cut short and ends in '\u2026'" in err, err[:500])
        eq(err.count("too long for its line"), 1, "said once: " + err[:500])
        # The title block's own warning quotes the word's start only.
        ok(f"the word '{'x' * 60}\u2026' is wider than the line" in err,
           err[:500])
        head = first_line(pdf, 2)
        ok(re.fullmatch("x{50,}\u2026", head), f"page 2's running head: "
           f"{head!r}")
        eq(first_line(pdf, 200), head, "page 200's running head")
        # Words are cut at a space.
        write(rep, f'document: {{title: "{words("word", 500)}"}}\n'
                   "content:\n" + BODY * 400)
        rc, err = measured("title of 500 words", "build", rep, "-o", pdf)
        eq(rc, 0, "exit code: " + err[:500])
        head = first_line(pdf, 2)
        ok(re.fullmatch(r"word0 word1 word2 (word\d+ )*word\d+\u2026", head),
           f"page 2's running head: {head!r}")


@test
def long_literal_header_and_chapter():
    # A header text of 60000 letters written in the theme, and a chapter
    # heading as long in the footer's {chapter}: cut, and said at the
    # header's and the footer's place.
    with Tmp() as d:
        rep, pdf = os.path.join(d, "r.yaml"), os.path.join(d, "r.pdf")
        write(rep, "document: {title: T}\ntheme:\n"
                   f'  header: {{left: "{"h" * 60000}"}}\n'
                   '  footer: {left: "{chapter}"}\ncontent:\n'
                   f'  - heading: "{"c" * 60000}"\n' + BODY * 4000)
        rc, err = measured("header and chapter of 60000 letters", "build",
                           rep, "-o", pdf)
        eq(rc, 0, "exit code: " + err[:500])
        ok(re.search(r"r\.yaml:3:11: warning: the header text 'h{40}\u2026' "
                     r"is too long for its line", err), err[:600])
        ok("r.yaml:4:11: warning: the footer text '{chapter}' is too long "
           "for its line on page 1" in err, err[:600])
        head = first_line(pdf, 30)
        ok(re.fullmatch("h{50,}\u2026", head), head)
        foot = pdftotext(pdf, "-f", "30", "-l", "30").rstrip().split("\n")[-1]
        ok(re.fullmatch("c{50,}\u2026", foot), foot)


@test
def watermark_too_long():
    with Tmp() as d:
        rep, pdf = os.path.join(d, "r.yaml"), os.path.join(d, "r.pdf")
        write(rep, "document: {title: T}\ntheme:\n"
                   f'  watermark: "{words("w", 6000)}"\n'
                   "content:\n" + BODY * 4000)
        rc, err = measured("watermark of 6000 words", "build", rep, "-o", pdf)
        eq(rc, 1, "exit code: " + err[:500])
        ok(err.startswith(f"{rep}:3:14: error: the watermark is 34889 "
                          "characters long; a watermark has at most 200\n"),
           err[:300])
        ok(not os.path.exists(pdf), "a PDF was written")
        rc, err = measured("--watermark of 201 characters", "build", rep,
                           "-o", pdf, "--watermark", "x" * 201)
        eq(rc, 1, "exit code: " + err[:500])
        ok(err.startswith("carec-report: error: the --watermark text is 201 "
                          "characters long; a watermark has at most 200\n"),
           err[:300])
        # 200 characters are set once and copied onto every page.
        mark = "DRAFT " * 33 + "DR"
        write(rep, "document: {title: T}\ncontent:\n" + BODY * 4000)
        rc, err = measured("--watermark of 200 characters", "build", rep,
                           "-o", pdf, "--watermark", mark)
        eq(rc, 0, "exit code: " + err[:500])
        lay = dump(rep, os.path.join(d, "r.json"), "--watermark", mark)
        ok(len(lay["pages"]) > 100, "pages")
        for page in (lay["pages"][1], lay["pages"][-1]):
            marks = [i["text"] for i in page["items"]
                     if i.get("role") == "watermark"]
            eq(marks, [mark], f"page {page['number']}'s watermark")


@test
def combining_mark_storm():
    # A letter and 300000 accents: shaping placed each mark against the
    # ones before it (minutes). The 31st is an error at its column.
    with Tmp() as d:
        rep, pdf = os.path.join(d, "r.yaml"), os.path.join(d, "r.pdf")
        write(rep, "document: {title: T}\ncontent:\n"
                   '  - paragraph: "a' + "\u0301" * 300000 + '"\n')
        rc, err = measured("a letter and 300000 accents", "build", rep,
                           "-o", pdf)
        eq(rc, 1, "exit code: " + err[:300])
        ok(err.startswith(f"{rep}:3:48: error: more than 30 combining marks "
                          "(accents) follow one character here\n"), err[:300])
        # Thirty are fine.
        write(rep, "document: {title: T}\ncontent:\n"
                   '  - paragraph: "Zalgo a' + "\u0301" * 30 + ' text"\n')
        rc, err = measured("a letter and 30 accents", "build", rep, "-o", pdf)
        eq(rc, 0, "exit code: " + err[:300])


@test
def table_at_the_cell_limit():
    # 100000 cells (the limit), each with a word too wide for its
    # column: one warning per column for the first such cell, and one
    # that counts the others, instead of 90000.
    with Tmp() as d:
        rep, pdf = os.path.join(d, "r.yaml"), os.path.join(d, "r.pdf")
        rows = "".join("      - [" + ", ".join(f"c{r}x{c}" for c in range(10))
                       + "]\n" for r in range(10000))
        write(rep, "document: {title: T}\ncontent:\n  - table:\n" + rows)
        rc, err = measured("table of 100000 cells", "build", rep, "-o", pdf)
        eq(rc, 0, "exit code: " + err[:300])
        ok(f"{rep}:3:5: warning: 9000 cells of column 1 have a word wider "
           "than the column, broken between characters (the first on line "
           "1004 is shown)\n" in err, err[:500])
        eq(err.count("warning:"), 20, "warnings")
        ok("c9999x9" in pdftotext(pdf, "-l", "1000000").replace("\n", ""),
           "the last cell is missing")


@test
def timeline_of_100000_events():
    # One block of 200000 slices over 10000 pages (9 MB of YAML): each
    # page read every slice still waiting (the glyph sweep).
    with Tmp() as d:
        ev = "".join(f"      - year: {1000 + i // 100}\n"
                     f"        title: Event {i}\n"
                     f"        text: Something happened, number {i}.\n"
                     for i in range(100000))
        pdf, n = built_clean(d, "timeline of 100000 events",
                             "document: {title: T}\ncontent:\n"
                             "  - timeline:\n" + ev)
        ok(n > 1000, f"{n} pages")
        ok("Something happened, number 99999." in last_page(pdf, n),
           "the last event")


@test
def headings_in_a_row():
    # 100000 section headings in a row are one keep chain: pagination read
    # all of it again after every block.
    with Tmp() as d:
        hs = "".join(f"  - heading: Section {i}\n    level: 2\n"
                     for i in range(100000))
        pdf, n = built_clean(d, "100000 headings in a row",
                             "document: {title: T}\ncontent:\n" + hs)
        ok("Section 99999" in last_page(pdf, n), "the last heading")


@test
def contents_over_many_headings():
    # 20000 headings listed: built, every entry with its page.
    with Tmp() as d:
        hs = "".join(f"  - heading: Section {i}\n    level: 2\n"
                     for i in range(20000))
        pdf, n = built_clean(d, "contents over 20000 headings",
                             "document: {title: T}\ncontent:\n"
                             "  - contents\n" + hs)
        ok("Section 19999" in last_page(pdf, n), "the last heading")
        toc = pdftotext(pdf, "-l", str(n // 2)).replace("\n", " ")
        ok(re.search(r"Section 19999 \.[. ]*\d+", toc), "its contents entry")
        # 100000 listed would be as many links (540 MB): a limit, said at
        # the contents block.
        hs = "".join(f"  - heading: Section {i}\n    level: 2\n"
                     for i in range(100000))
        rep = os.path.join(d, "r.yaml")
        write(rep, "document: {title: T}\ncontent:\n  - contents\n" + hs)
        rc, err = measured("contents over 100000 headings", "build", rep,
                           "-o", pdf)
        eq(rc, 1, "exit code: " + err[:300])
        ok(err.startswith(f"{rep}:3:5: error: the document has more than "
                          "50000 links\n"), err[:300])


@test
def too_many_links():
    with Tmp() as d:
        rep, pdf = os.path.join(d, "r.yaml"), os.path.join(d, "r.pdf")
        ln = "".join("  - paragraph: '" + " ".join(
            f"[l{i}_{j}](https://example.org/{i}/{j})" for j in range(50))
            + "'\n" for i in range(1001))
        write(rep, "document: {title: T}\ncontent:\n" + ln)
        rc, err = measured("50050 links", "build", rep, "-o", pdf)
        eq(rc, 1, "exit code: " + err[:300])
        # Link 50001 is the first of paragraph 1001, on line 1003.
        ok(err.startswith(f"{rep}:1003:18: error: the document has more "
                          "than 50000 links\n"), err[:300])
        ok(not os.path.exists(pdf), "a PDF was written")


if __name__ == "__main__":
    main()
