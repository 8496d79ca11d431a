"""Pages go into the PDF as the layout makes them (the CLI's default);
with --dump-layout the whole layout is kept and drawn at the end. Both
must give the same bytes: for every report in reports/ (covers, contents
laid out twice, roman front matter, links back and forth, columns,
panels, charts, images) and for a long generated report, in one thread
and two."""
import glob
import os
import subprocess
import sys

from common import ROOT, Tmp, carec, env, eq, main, ok, report_languages, test


def generated(d, pages):
    """A report of about `pages` pages from bench/gen.py in project d."""
    report = os.path.join(d, "r.yaml")
    with open(report, "wb") as f:
        f.write(subprocess.run(
            [sys.executable, os.path.join(ROOT, "bench", "gen.py"),
             "--pages", str(pages)], capture_output=True, check=True).stdout)
    open(os.path.join(d, ".carec-project"), "w").close()
    return report


def built(*args):
    p = carec("build", *args)
    eq(p.returncode, 0, p.stderr.decode())
    return p


@test
def streamed_reports_are_the_whole_layouts():
    reports = sorted(glob.glob(os.path.join(ROOT, "reports", "*.yaml")))
    ok(len(reports) >= 4, "reports/ has fewer than 4 reports")
    with Tmp() as d:
        for r in reports:
            name = os.path.basename(r)
            for lang in report_languages(r):
                extra = ["--lang", lang] if lang else []
                a, b = os.path.join(d, "a.pdf"), os.path.join(d, "b.pdf")
                built(r, "-o", a, *extra)
                built(r, "-o", b, "--dump-layout", os.path.join(d, "l.json"),
                      *extra)
                ok(open(a, "rb").read() == open(b, "rb").read(),
                   f"{name} ({lang}): the streamed PDF differs from the "
                   "whole layout's")


@test
def long_report_streams_the_same_on_one_or_two_threads():
    with Tmp() as d:
        report = generated(d, 60)
        outs = []
        for args in (["--threads", "1"], ["--threads", "2"],
                     ["--dump-layout", os.path.join(d, "l.json")]):
            pdf = os.path.join(d, "out.pdf")
            built(report, "-o", pdf, *args)
            outs.append(open(pdf, "rb").read())
        ok(len(outs[0]) > 100000, "the report is too small to test")
        ok(outs[0] == outs[1], "one and two threads differ")
        ok(outs[0] == outs[2], "streamed and whole layout differ")


@test
def temporary_files_are_not_left_behind():
    """The compressed pages wait for the end in an unnamed temporary file
    in TMPDIR (and the fonts are subset through files there): none is
    left, whether the build succeeds or fails."""
    with Tmp() as d:
        report = generated(d, 40)
        tmp = os.path.join(d, "tmp")
        os.mkdir(tmp)
        p = carec("build", report, "-o", os.path.join(d, "a.pdf"),
                  env=env(TMPDIR=tmp))
        eq(p.returncode, 0, p.stderr.decode())
        eq(os.listdir(tmp), [], "files left in TMPDIR")
        # A build that fails late: the output folder is not there.
        p = carec("build", report, "-o", os.path.join(d, "no", "a.pdf"),
                  env=env(TMPDIR=tmp))
        ok(p.returncode != 0, "a build into a missing folder failed")
        eq(os.listdir(tmp), [], "files left in TMPDIR after a failure")


if __name__ == "__main__":
    main()
