"""The report is read whole, once; its pages are drawn as the layout
finishes them (a report without a contents block), or from the finished
layout (one with contents blocks, laid out in memory until its page
numbers settle). Either way the PDF, the messages and the exit status must
be those of the whole layout drawn at the end (as with --dump-layout): for
contents laid out more than once, includes spliced into the content list,
anchors and aliases across blocks, keys after the content list, late
errors, warnings and --strict."""
import os

from common import Tmp, carec, eq, main, ok, test

HEAD = """document:
  title: Streaming
  language: en
theme:
  header: { right: "{chapter}" }
"""


def paragraphs(n, start=0):
    return "".join(
        f"  - paragraph: Paragraph {i} of the report, with some words to "
        f"break into lines across the measure of the page, and more.\n"
        for i in range(start, start + n))


def chapters(k, n):
    return "".join(f"  - heading: Chapter {c}\n" + paragraphs(n, c * 100)
                   for c in range(1, k + 1))


CASES = {
    "plain": HEAD + "content:\n" + chapters(3, 12),
    "contents": HEAD + "content:\n  - contents\n" + chapters(4, 25),
    "contents-late": HEAD + "content:\n" + paragraphs(30) +
    "  - contents\n" + chapters(3, 20),
    "contents-in-columns": HEAD + "content:\n" + paragraphs(3) +
    "  - columns:\n      - contents\n      - paragraph: Beside.\n" +
    chapters(3, 20),
    "flow-list": HEAD + "content: [ {heading: One}, {paragraph: Two},\n"
    "  {paragraph: Three} ]\n",
    "empty-list": HEAD + "content: []\n",
    "includes": HEAD + "content:\n  - include: part.yaml\n" + paragraphs(3) +
    "  - include: one.yaml\n  - include: part.yaml\n",
    "chapters": HEAD + "content:\n  - contents\n  - include: ch1.yaml\n"
    "  - include: ch2.yaml\n  - include: part.yaml\n"
    "  - include: ch1.yaml\n",
    "chapter-late-error": HEAD + "content:\n  - include: ch1.yaml\n"
    "  - include: bad.yaml\n",
    "chapter-empty": HEAD + "content:\n  - include: empty.yaml\n" +
    paragraphs(3),
    "chapter-anchors": HEAD + "content:\n  - include: said.yaml\n",
    "include-beside-keys": HEAD + "content:\n  - include: one.yaml\n"
    "    align: center\n  - include: ch1.yaml\n",
    # an anchor on an include item names what the include gives
    "include-anchored": HEAD + "content:\n  - &x {include: part.yaml}\n"
    "  - columns: *x\n",
    # an anchor inside an include item, its alias after a long chapter
    # (its nodes must stay when their arena is full)
    "include-anchor-inside": HEAD + "content:\n"
    "  - {include: &f short.yaml}\n  - paragraph: *f\n",
    # a file that warns, included twice: the warning is said once
    "include-warns-twice": HEAD + "content:\n  - include: tagged.yaml\n"
    "  - include: tagged.yaml\n",
    # more includes than LIMIT_INCLUDE_FILES (1024), of one file
    "include-often": HEAD + "content:\n" + "  - include: one.yaml\n" * 1100,
    "anchors": HEAD + "content:\n  - paragraph: &p A repeated text, once "
    "written.\n" + paragraphs(20) + "  - paragraph: *p\n"
    "  - quote: *p\n",
    "data": "data:\n  founded: 2001\n" + HEAD +
    "content:\n  - paragraph: Founded in {{ founded }}.\n" + paragraphs(5),
    "theme-after-content": "document:\n  title: Late theme\ncontent:\n" +
    paragraphs(8) + "theme:\n  colors: { primary: '#aa3300' }\n",
    "late-unknown-block": HEAD + "content:\n" + chapters(2, 30) +
    "  - paragraf: Misspelt at the end.\n",
    "late-syntax-error": HEAD + "content:\n" + chapters(2, 30) +
    "  - paragraph: \"never closed\n  - paragraph: next\n",
    "second-document": HEAD + "content:\n" + paragraphs(4) +
    "---\nanother: one\n",
    "duplicate-content": HEAD + "content:\n" + paragraphs(4) +
    "content:\n" + paragraphs(2),
    "translation-warning": "document:\n  title: Warnings\n  language: en\n"
    "content:\n" + paragraphs(4) +
    "  - paragraph: { en: In English only. }\n" + paragraphs(4),
    "missing-image": HEAD + "content:\n" + paragraphs(10) +
    "  - image: nowhere.png\n" + paragraphs(10),
}

def items(text):
    """Blocks written for a content list, as the items of a file's own
    list."""
    return text.replace("\n  - ", "\n- ").replace("\n    ", "\n  ").lstrip()


FILES = {
    "ch1.yaml": items("\n  - heading: First chapter\n" + paragraphs(25, 100)),
    # a chapter that includes a section of its own
    "ch2.yaml": items("\n  - heading: Second chapter\n" + paragraphs(10, 200)
                      + "  - include: sec.yaml\n" + paragraphs(10, 300)),
    "sec.yaml": items("\n  - heading: A section\n    level: 2\n" +
                      paragraphs(8, 400)),
    "bad.yaml": items("\n" + paragraphs(30, 600) +
                      "  - paragraph: \"never closed\n  - paragraph: b\n"),
    "empty.yaml": "[]\n",
    "short.yaml": "".join(f"- paragraph: Short {i}.\n" for i in range(600)),
    "tagged.yaml": "- !note {paragraph: Tagged.}\n- paragraph: Plain.\n",
    "said.yaml": "- paragraph: &t Said once, and again.\n" +
    items("\n" + paragraphs(12, 700)) + "- quote: *t\n",
    "part.yaml": "- heading: Included chapter\n" +
    paragraphs(6, 500).replace("  - paragraph", "- paragraph"),
    "one.yaml": "paragraph: One included block.\n",
}


def run_both(d, name, *flags, command="build"):
    """The CLI's way and the whole-layout way: (exit, stderr, pdf bytes)
    of each."""
    report = os.path.join(d, name + ".yaml")
    out = []
    for extra in ([], ["--dump-layout", os.path.join(d, "l.json")]):
        pdf = os.path.join(d, name + ".pdf")
        if os.path.exists(pdf):
            os.remove(pdf)
        args = [command, report, *flags, *extra]
        if command == "build":
            args += ["-o", pdf]
        p = carec(*args)
        data = open(pdf, "rb").read() if os.path.exists(pdf) else None
        out.append((p.returncode, p.stderr.decode(), data))
    return out


def project(d):
    open(os.path.join(d, ".carec-project"), "w").close()
    for name, text in FILES.items():
        with open(os.path.join(d, name), "w", encoding="utf-8") as f:
            f.write(text)
    for name, text in CASES.items():
        with open(os.path.join(d, name + ".yaml"), "w",
                  encoding="utf-8") as f:
            f.write(text)


@test
def drawn_as_made_or_at_the_end_every_case_gives_the_same_pdf_and_messages():
    with Tmp() as d:
        project(d)
        for name in CASES:
            for flags in ([], ["--strict"], ["--lang", "ru"]):
                (ea, sa, pa), (eb, sb, pb) = run_both(d, name, *flags)
                what = f"{name} {' '.join(flags)}"
                eq(ea, eb, f"{what}: exit status")
                eq(sa, sb, f"{what}: messages")
                ok(pa == pb, f"{what}: the PDFs differ")
            (ea, sa, _), (eb, sb, _) = run_both(d, name, command="check")
            eq((ea, sa), (eb, sb), f"{name}: check")


@test
def cases_mean_what_they_say():
    """The cases above cover what they are named for: some pass, some
    fail, some warn; a failure leaves no PDF."""
    with Tmp() as d:
        project(d)
        want = {"chapters": 0, "chapter-late-error": 1,
                "chapter-empty": 0, "chapter-anchors": 0,
                "include-beside-keys": 0, "include-often": 0,
                "include-anchored": 0, "include-anchor-inside": 0,
                "include-warns-twice": 0,
                "plain": 0, "contents": 0, "contents-late": 0,
                "contents-in-columns": 0, "includes": 0, "anchors": 0,
                "theme-after-content": 0, "empty-list": 0, "flow-list": 0,
                "data": 0, "translation-warning": 0,
                "late-unknown-block": 1, "late-syntax-error": 1,
                "second-document": 1, "duplicate-content": 1,
                "missing-image": 1}
        for name, code in want.items():
            (e, s, pdf), _ = run_both(d, name)
            eq(e, code, f"{name}: exit status ({s})")
            ok((pdf is None) == (code != 0),
               f"{name}: a PDF is written exactly when it succeeds")
        (e, s, _), _ = run_both(d, "translation-warning", "--lang", "ru")
        ok(e == 0 and "warning" in s, "translation-warning: no warning")
        (e, s, _), _ = run_both(d, "translation-warning", "--lang", "ru",
                                "--strict")
        eq(e, 1, "translation-warning --strict: exit status")
        (_, s, _), _ = run_both(d, "late-unknown-block")
        ok("paragraf" in s and ":" in s, "the late error names the block")


@test
def a_report_from_a_pipe_is_read_once_and_whole():
    """A report from a pipe gives what the same report from a file
    gives."""
    with Tmp() as d:
        project(d)
        for name in ("contents", "theme-after-content",
                     "late-unknown-block"):
            path = os.path.join(d, name + ".yaml")
            data = open(path, "rb").read()
            a, b = os.path.join(d, "a.pdf"), os.path.join(d, "b.pdf")
            for f in (a, b):
                if os.path.exists(f):
                    os.remove(f)
            pf = carec("build", path, "-o", a)
            pp = carec("build", "/dev/stdin", "-o", b, input=data,
                       timeout=120)
            eq(pp.returncode, pf.returncode, f"{name} from a pipe: exit "
               f"status ({pp.stderr.decode()})")
            if pf.returncode == 0:
                ok(open(a, "rb").read() == open(b, "rb").read(),
                   f"{name}: the PDF from a pipe differs")
            else:
                ok(not os.path.exists(b), f"{name}: a PDF from a pipe")
                ok("paragraf" in pp.stderr.decode(),
                   f"{name}: the error is not the report's own")


if __name__ == "__main__":
    main()
