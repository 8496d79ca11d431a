"""The typesetting rules of issue 16, on every report of reports/ in every
language it declares, read from the PDF as a reader sees it: the text
lines of each page as `mutool draw -F text` gives them (it keeps the
hyphens at line ends, which pdftotext joins back).

- at most two hyphenated lines in a row;
- no paragraph ends with the tail of a hyphenated word;
- no line of Russian ends with a one-letter word.

No page or column ends with a hyphenated line, and widows and orphans:
test_pages.py, on the layout dump (where a page's body ends is known
there; the PDF's text puts the running heads after it)."""
import glob
import os
import re
import subprocess

from common import ROOT, Tmp, build, main, ok, test

# A letter, then a hyphen (or soft hyphen, or U+2010) at the line's end.
HYPHEN_END = re.compile(r"[^\W\d_][-\u00ad\u2010]$")
ONE_LETTER_END = re.compile(r"(^|\s)[вксуоиаяВКСУОИАЯ]$")


def languages(report):
    """The languages a report declares (document: languages)."""
    with open(report, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^\s*languages:\s*\[([^\]]*)\]", text, re.M)
    if m:
        return [x.strip() for x in m.group(1).split(",") if x.strip()]
    m = re.search(r"^# *languages: *(.*)$", text, re.M)
    return m.group(1).split() if m else [None]


def pages_lines(pdf):
    """Each page's text lines, in order."""
    out = subprocess.run(["mutool", "draw", "-q", "-F", "text", "-o", "-",
                          pdf], capture_output=True, text=True,
                         check=True).stdout
    pages = [[]]
    for line in out.split("\n"):
        if "\f" in line:
            pages.append([])
            line = line.replace("\f", "")
        line = line.rstrip()
        if line:
            pages[-1].append(line)
    return [p for p in pages if p]


def rendered():
    """(name, lang, pages' lines) of every report."""
    with Tmp() as d:
        for report in sorted(glob.glob(os.path.join(ROOT, "reports",
                                                    "*.yaml"))):
            name = os.path.basename(report)[:-5]
            for lang in languages(report):
                pdf = os.path.join(d, f"{name}.{lang}.pdf")
                build(report, pdf, *(["--lang", lang] if lang else []))
                yield name, lang, pages_lines(pdf)


ALL = list(rendered())


@test
def the_reports_are_all_here():
    names = {(n, l) for n, l, _ in ALL}
    for want in (("anniversary-15", "ru"), ("brochure", "ru"),
                 ("factsheet", "en"), ("about", "en")):
        ok(want in names, f"{want} was not rendered: {sorted(names)}")


@test
def at_most_two_hyphenated_lines_in_a_row():
    total = 0
    for name, lang, pages in ALL:
        run, worst = 0, []
        for lines in pages:
            for line in lines:
                if HYPHEN_END.search(line):
                    run += 1
                    total += 1
                    worst.append(line[-30:])
                    ok(run <= 2, f"{name}.{lang}: three hyphenated lines "
                       f"in a row: {worst[-3:]}")
                else:
                    run = 0
    # The rule is about runs, not about hyphenation: there are hyphens.
    ok(total > 20, f"only {total} hyphenated lines in all the reports")


@test
def no_paragraph_ends_with_a_fragment():
    for name, lang, pages in ALL:
        lines = [line for p in pages for line in p]
        for a, b in zip(lines, lines[1:]):
            frag = (HYPHEN_END.search(a) and len(b.split()) == 1 and
                    re.match(r"[^\W\d_]", b) and b[0].islower() and
                    re.search(r"[.;!?:]$", b))
            ok(not frag, f"{name}.{lang}: a paragraph ends in a fragment: "
               f"{a[-20:]!r} / {b!r}")


@test
def no_russian_line_ends_with_a_one_letter_word():
    seen = 0
    for name, lang, pages in ALL:
        if lang != "ru":
            continue
        for lines in pages:
            for line in lines:
                seen += 1
                ok(not ONE_LETTER_END.search(line),
                   f"{name}.ru: a line ends with a one-letter word: "
                   f"{line[-40:]!r}")
    ok(seen > 300, f"only {seen} Russian lines read")


main()
