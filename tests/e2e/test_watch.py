"""carec-report watch (issue 20): it builds, then builds again when the
report or any file it reads changes (an include, the theme, an image, an
SVG drawing, a file it named that was missing), however the editor saves;
a burst of writes is one build; a broken edit prints its diagnostics with
file:line:col and keeps the last good PDF; SIGTERM and Ctrl-C end it with
exit 0. Every watcher started is stopped by its id."""
import os
import shutil
import signal
import time

from common import ROOT, Tmp, carec, eq, main, ok, pdftotext, test
from live import Live, read, save_by_rename, write

BUILT = r"^carec-report: \S+ built "
BROKEN = r"^carec-report: \S+ \S+ has errors; the last good PDF stays"

REPORT = """document:
  title: Watched
theme:
  include: look.yaml
content:
  - heading: First heading
  - include: part.yaml
  - image: photo.png
    width: 20mm
  - svg: drawing.svg
    width: 20mm
"""

LOOK = """colours: {primary: "#0b6e4f"}
"""

PART = """- paragraph: The included paragraph, first version.
"""

SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
<rect width="10" height="10" fill="#0b6e4f"/></svg>
"""


def project(d):
    """A report of several files in d; its path."""
    write(os.path.join(d, "look.yaml"), LOOK)
    write(os.path.join(d, "part.yaml"), PART)
    write(os.path.join(d, "drawing.svg"), SVG)
    shutil.copy(os.path.join(ROOT, "tests", "images", "e2e-small.png"),
                os.path.join(d, "photo.png"))
    path = os.path.join(d, "report.yaml")
    write(path, REPORT)
    return path


@test
def an_edit_of_the_report_rebuilds_its_pdf():
    with Tmp() as d:
        report = project(d)
        pdf = os.path.join(d, "report.pdf")
        with Live("watch", report) as w:
            w.wait(BUILT)
            ok("First heading" in pdftotext(pdf), "the first build")
            write(report, read(report).replace("First heading",
                                               "Second heading"))
            w.wait(BUILT, 2)
            ok("Second heading" in pdftotext(pdf), pdftotext(pdf))
            eq(w.stop(), 0, "SIGTERM: exit")


@test
def every_file_it_reads_is_watched():
    """The include, the theme's file, the image and the SVG: a change of
    each, saved in place or by a rename, is one more build."""
    with Tmp() as d:
        report = project(d)
        pdf = os.path.join(d, "report.pdf")
        with Live("watch", report) as w:
            w.wait(BUILT)
            builds = 1
            save_by_rename(os.path.join(d, "part.yaml"), PART.replace(
                "first version", "second version"))
            builds += 1
            w.wait(BUILT, builds)
            ok("second version" in pdftotext(pdf), "the include's new text")
            for name in ("look.yaml", "drawing.svg", "photo.png"):
                path = os.path.join(d, name)
                with open(path, "rb") as f:
                    data = f.read()
                with open(path, "wb") as f:
                    f.write(data)
                builds += 1
                w.wait(BUILT, builds)
                ok(name in w.err, f"says that {name} changed:\n{w.err}")
            # A file it does not read changes nothing.
            write(os.path.join(d, "notes.txt"), "not read")
            write(os.path.join(d, "other.yaml"), "a: 1\n")
            time.sleep(1)
            eq(w.count(BUILT), builds, "builds after unrelated files")
            eq(w.stop(signal.SIGINT), 0, "Ctrl-C: exit")
            ok("stopped watching (Ctrl-C)" in w.err, w.err)


@test
def a_file_named_but_missing_is_built_once_it_is_there():
    with Tmp() as d:
        report = project(d)
        os.remove(os.path.join(d, "part.yaml"))
        pdf = os.path.join(d, "report.pdf")
        with Live("watch", report) as w:
            w.wait(BROKEN)
            ok("report.yaml:7:14: error" in w.err, w.err)
            ok(not os.path.exists(pdf), "no PDF of a broken report")
            write(os.path.join(d, "part.yaml"), PART)
            w.wait(BUILT)
            ok("first version" in pdftotext(pdf), "built")
            eq(w.stop(), 0, "exit")


@test
def a_broken_edit_prints_its_place_and_keeps_the_last_good_pdf():
    with Tmp() as d:
        report = project(d)
        pdf = os.path.join(d, "report.pdf")
        with Live("watch", report) as w:
            w.wait(BUILT)
            with open(pdf, "rb") as f:
                good = f.read()
            write(report, read(report).replace("  - heading:",
                                               "  - headng:"))
            w.wait(BROKEN)
            ok("report.yaml:6:5: error: unknown block type 'headng'"
               in w.err, w.err)
            ok("did you mean 'heading'?" in w.err, w.err)
            with open(pdf, "rb") as f:
                eq(f.read() == good, True, "the last good PDF is kept")
            # Fixed again: built again.
            write(report, REPORT.replace("First heading", "Fixed"))
            w.wait(BUILT, 2)
            ok("Fixed" in pdftotext(pdf), "the fixed report")
            eq(w.stop(), 0, "exit")


@test
def a_burst_of_writes_is_one_build():
    """An editor that writes a file in several steps (here: ten writes as
    fast as they go, then a save by rename) starts one build, after the
    last of them, which it shows."""
    with Tmp() as d:
        report = project(d)
        pdf = os.path.join(d, "report.pdf")
        with Live("watch", report) as w:
            w.wait(BUILT)
            text = read(report)
            for i in range(10):
                write(report, text.replace("First heading", f"Step {i}"))
            save_by_rename(report, text.replace("First heading", "Last"))
            w.wait(BUILT, 2)
            time.sleep(1)  # time for any second build to show
            eq(w.count(BUILT), 2, "builds: the first and one for the burst")
            eq(w.count(r"^carec-report: .* changed$"), 1, w.err)
            ok("Last" in pdftotext(pdf), "the burst's last text")
            eq(w.stop(), 0, "exit")


@test
def the_outputs_and_languages_of_build_apply():
    with Tmp() as d:
        r = carec("new", "starter", "--dir", d)
        eq(r.returncode, 0, r.stderr.decode())
        out = os.path.join(d, "pdfs")
        with Live("watch", os.path.join(d, "starter.yaml"), "--out-dir",
                  out, "--lang", "ru") as w:
            w.wait(BUILT)
            eq(sorted(os.listdir(out)), ["starter.ru.pdf"], "--out-dir")
            ok("(ru)" in w.err, w.err)
            eq(w.stop(), 0, "exit")


@test
def usage_errors():
    with Tmp() as d:
        a, b = os.path.join(d, "a.yaml"), os.path.join(d, "b.yaml")
        write(a, "document: {title: A}\ncontent: []\n")
        write(b, "document: {title: B}\ncontent: []\n")
        p = carec("watch", a, b)
        eq(p.returncode, 2, "two reports")
        ok(b"watch takes one report" in p.stderr, p.stderr)
        p = carec("watch")
        eq(p.returncode, 2, "no report")
        p = carec("build", a, "--port", "8000")
        eq(p.returncode, 2, "--port for build")
        ok(b"--port and --host are for serve" in p.stderr, p.stderr)
        # Two languages into one -o: said once, and watch ends.
        r = carec("new", "two", "--dir", d)
        eq(r.returncode, 0, r.stderr.decode())
        p = carec("watch", os.path.join(d, "two.yaml"), "-o",
                  os.path.join(d, "x.pdf"), timeout=60)
        eq(p.returncode, 2, p.stderr.decode())
        ok(b"pick one language with --lang" in p.stderr, p.stderr)


if __name__ == "__main__":
    main()
