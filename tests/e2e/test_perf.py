"""The benchmark's report generator and what the speed work changed in the
output: every page's content stream is deflated as soon as the page is
drawn (pdf_deflate.c) and must stay a valid, deterministic PDF whose TJ
arrays hold literal strings of two bytes a glyph and whole numbers."""
import json
import os
import re
import subprocess
import sys
import zlib

from common import ROOT, Tmp, build, main, ok, eq, pdftotext, run, test

GEN = os.path.join(ROOT, "bench", "gen.py")
# A literal string as the backend writes glyphs: bytes, with a backslash
# before (, ), \ and for LF and CR (n, r), so never a raw parenthesis.
LITERAL = rb"\((?:[^\\()\r\n]|\\[\s\S])*\)"


def generate(pages, path):
    p = subprocess.run([sys.executable, GEN, "--pages", str(pages)],
                       capture_output=True, check=True)
    with open(path, "wb") as f:
        f.write(p.stdout)
    return p.stdout


def content_streams(pdf):
    """The decoded content streams of the pages, in file order."""
    data = open(pdf, "rb").read()
    out = []
    for m in re.finditer(rb"<<\n/Length \d+ 0 R\n/Filter /FlateDecode\n>>\n"
                         rb"stream\r\n", data):
        end = data.index(b"\nendstream", m.end())
        out.append(zlib.decompress(data[m.end():end]))
    return out


@test
def generator_is_deterministic_and_has_tables():
    with Tmp() as d:
        a = generate(5, os.path.join(d, "a.yaml"))
        b = generate(5, os.path.join(d, "b.yaml"))
        eq(a, b, "two runs of bench/gen.py --pages 5")
        text = a.decode("utf-8")
        ok("  - table:" in text, "no table in the generated report")
        ok("{text: Total, colspan: 2}" in text, "no spanning cell")
        ok("Illustrative figures (filler)" in text, "no table caption")


@test
def pages_are_deflated_when_drawn():
    with Tmp() as d:
        report = os.path.join(d, "r.yaml")
        generate(5, report)
        pdf = os.path.join(d, "r.pdf")
        build(report, pdf)
        q = run(["qpdf", "--check", pdf])
        eq(q.returncode, 0, "qpdf --check exit code")
        pages = int(re.search(r"Pages:\s+(\d+)",
                              run(["pdfinfo", pdf], check=True)
                              .stdout.decode()).group(1))
        ok(pages >= 4, f"only {pages} pages")
        streams = content_streams(pdf)
        # One sealed content stream per page, whose dictionary writes
        # the filter itself, as a name, not libharu's [ /FlateDecode ]:
        # the running heads drawn at the end join the body's stream.
        info = json.loads(run(["qpdf", "--json", "--json-key=pages", pdf],
                              check=True).stdout)
        per_page = [len(p["contents"]) for p in info["pages"]]
        eq(per_page, [1] * pages, "content streams per page")
        eq(len(streams), pages, "sealed content streams")
        body = b"".join(streams)
        ok(b"] TJ\n" in body and b" Tm\n" in body, "no text in the pages")
        found = re.findall(rb"(Tm\n)?\[((?:" + LITERAL + rb"|-?\d+)*)\] TJ\n",
                           body)
        eq(len(found), body.count(b" TJ\n"),
           "TJ arrays of literal strings and whole numbers")
        nums, glyphs = [], 0
        for tm, arr in found:
            items = re.findall(rb"\((" + LITERAL[2:-2] + rb")\)|(-?\d+)", arr)
            for i, (lit, num) in enumerate(items):
                if num:
                    nums.append(int(num))
                    # An array that goes on where the one before left
                    # the pen (no Tm: a word's part in a Span of its
                    # own) may start by moving it.
                    ok((0 < i or not tm) and i < len(items) - 1 and
                       (i == 0 or not items[i - 1][1]) and
                       not items[i + 1][1],
                       f"a number not between two strings: {arr[:60]!r}")
                    continue
                # Two bytes a glyph; only (, ), \, LF and CR escaped.
                ok(set(re.findall(rb"\\(.)", lit, re.S)) <=
                   {b"(", b")", b"\\", b"n", b"r"},
                   f"an odd escape in {lit[:40]!r}")
                n = len(re.sub(rb"\\(.)", rb"\1", lit, flags=re.S))
                ok(n > 0 and n % 2 == 0, f"a string of {n} bytes: {lit!r}")
                glyphs += n // 2
        ok(glyphs > 1000, f"only {glyphs} glyphs")
        # Justified lines stretch their spaces (negative numbers) and
        # kerning pulls pairs together (positive ones).
        ok(any(n < 0 for n in nums) and any(n > 0 for n in nums),
           "TJ arrays without both kinds of adjustment")
        text = pdftotext(pdf)
        ok("Table 1. Illustrative figures (filler)" in text, "no caption")
        ok("Section 1" in text, "no heading")


@test
def same_bytes_every_time():
    with Tmp() as d:
        report = os.path.join(d, "r.yaml")
        generate(5, report)
        a, b = os.path.join(d, "a.pdf"), os.path.join(d, "b.pdf")
        build(report, a)
        build(report, b)
        ok(open(a, "rb").read() == open(b, "rb").read(),
           "two builds of the benchmark report differ")


if __name__ == "__main__":
    main()
