"""The benchmark's report generator and what the speed work changed in the
output: every page's content stream is deflated as soon as the page is
drawn (pdf_deflate.c) and must stay a valid, deterministic PDF whose TJ
arrays are written exactly as before."""
import os
import re
import subprocess
import sys
import zlib

from common import ROOT, Tmp, build, main, ok, eq, pdftotext, run, test

GEN = os.path.join(ROOT, "bench", "gen.py")


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
        # One sealed stream per page: the page dictionary writes the
        # filter itself, as a name, not libharu's [ /FlateDecode ].
        eq(len(streams), pages, "sealed content streams")
        body = b"".join(streams)
        ok(b"] TJ\n" in body and b" Tm\n" in body, "no text in the pages")
        # Justified lines stretch their spaces (negative numbers) and
        # kerning pulls pairs together (positive ones).
        nums = [int(n) for n in re.findall(rb">(-?\d+)<", body)]
        ok(any(n < 0 for n in nums) and any(n > 0 for n in nums),
           "TJ arrays without both kinds of adjustment")
        # A TJ array holds strings of four hex digits and whole numbers.
        for arr in re.findall(rb"\[([^\]]*)\] TJ", body)[:200]:
            ok(re.fullmatch(rb"(<(?:[0-9A-F]{4})+>|-?\d+)+", arr),
               f"odd TJ array {arr[:60]!r}")
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
