"""--threads: the second core (body paragraphs broken ahead, pages
compressed) changes how fast a report is built, never what comes out: the
same PDF, the same layout, the same diagnostics in the same order."""
import os
import re
import subprocess
import sys

from common import ROOT, Tmp, carec, eq, main, ok, test

DIAG = os.path.join(ROOT, "tests", "diag", "text-diagnostics-two-threads.yaml")


def bench_report(d, pages):
    """A deterministic report of about `pages` pages (bench/gen.py)."""
    path = os.path.join(d, "r.yaml")
    text = subprocess.run([sys.executable,
                           os.path.join(ROOT, "bench", "gen.py"),
                           "--pages", str(pages)],
                          capture_output=True, check=True).stdout
    with open(path, "wb") as f:
        f.write(text)
    # The report is outside the project folder: mark its own.
    open(os.path.join(d, ".carec-project"), "w").close()
    return path


@test
def one_or_two_threads_give_the_same_pdf():
    with Tmp() as d:
        report = bench_report(d, 40)
        outs = {}
        for t in ("1", "2", None):
            pdf = os.path.join(d, f"r{t}.pdf")
            js = os.path.join(d, f"r{t}.json")
            args = ["build", report, "-o", pdf, "--dump-layout", js]
            if t:
                args += ["--threads", t]
            p = carec(*args)
            eq(p.returncode, 0, p.stderr.decode())
            outs[t] = (open(pdf, "rb").read(), open(js, "rb").read())
        ok(len(outs["1"][0]) > 50000, "the report is too small to test")
        ok(outs["1"][0] == outs["2"][0], "--threads 1 and 2 differ (PDF)")
        ok(outs["1"][1] == outs["2"][1], "--threads 1 and 2 differ (layout)")
        ok(outs["2"] == outs[None], "--threads 2 is not the default")


@test
def diagnostics_are_the_same_on_two_threads():
    # Twelve paragraphs, four of which report something: on two threads
    # those are broken again by the layout, so the messages come out in
    # order, once each.
    got = {}
    for t in ("1", "2"):
        p = carec("check", DIAG, "--allow-missing-glyphs", "--threads", t)
        eq(p.returncode, 0, p.stderr.decode())
        got[t] = p.stderr.decode()
    eq(got["2"], got["1"], "diagnostics")
    lines = [int(m.group(1)) for m in
             re.finditer(r"\.yaml:(\d+):\d+: warning:", got["2"])]
    eq(lines, [11, 14, 19, 23], "warning lines, in order")


@test
def threads_takes_one_or_two():
    p = carec("check", DIAG, "--threads", "3")
    eq(p.returncode, 2, "exit code")
    ok("--threads takes 1 or 2, not '3'" in p.stderr.decode(),
       p.stderr.decode())
    p = carec("check", DIAG, "--threads")
    eq(p.returncode, 2, "exit code")


if __name__ == "__main__":
    main()
