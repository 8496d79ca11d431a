"""Each file a report names is opened once per run (issue 15): the report
and its includes, the theme, the fonts, the images and the SVG drawings,
however many layout passes its contents blocks take and however often an
image is shown. Counted with strace (openat calls that succeed); without
strace on the machine the test says so and checks nothing."""
import collections
import os
import re
import shutil

from common import ROOT, Tmp, env, eq, main, ok, run, test, EXE

ASSETS = os.path.join(ROOT, "tests", "images")


def opens(args, cwd=None):
    """The files the CLI opened with args, by base name: {name: count}.
    (LeakSanitizer cannot run under strace: leaks are checked by the
    other tests.)"""
    asan = ":".join(o for o in (os.environ.get("ASAN_OPTIONS"),
                                "detect_leaks=0") if o)
    counts = collections.Counter()
    with Tmp() as d:
        # One trace file per thread (-ff): the worker thread opens files
        # too, and calls of two threads in one trace are cut in halves
        # ("<unfinished ...>", "<... openat resumed>").
        prefix = os.path.join(d, "trace")
        p = run(["strace", "-ff", "-o", prefix, "-e", "trace=openat",
                 os.path.abspath(EXE), *args], cwd=cwd,
                env=env(ASAN_OPTIONS=asan))
        for name in os.listdir(d):
            with open(os.path.join(d, name), errors="replace") as f:
                for line in f:
                    m = re.search(r'openat\([^,]*, "([^"]+)", ([^)]*)\) '
                                  r'= \d', line)
                    if m and "O_DIRECTORY" not in m.group(2):
                        counts[os.path.basename(m.group(1))] += 1
    return p, counts


def have_strace():
    if shutil.which("strace"):
        return True
    print("     strace is not installed: nothing checked")
    return False


@test
def the_anniversary_report_opens_each_file_once():
    if not have_strace():
        return
    with Tmp() as d:
        p, counts = opens(["build", "reports/anniversary-15.yaml", "-o",
                           os.path.join(d, "a.pdf"), "--lang", "en"],
                          cwd=ROOT)
        eq(p.returncode, 0, p.stderr.decode()[-500:])
        named = {n: c for n, c in counts.items()
                 if n.endswith((".yaml", ".ttf", ".svg", ".png", ".jpg"))}
        print("     opened:", dict(sorted(named.items())))
        eq(named.get("carec.yaml"), 1, "the theme")
        eq(named.get("anniversary-15.yaml"), 1, "the report")
        ok(len(named) >= 10, f"too few files seen: {named}")
        for name, c in named.items():
            eq(c, 1, f"{name} opened {c} times")


@test
def contents_and_an_image_shown_twice_open_each_file_once():
    """A contents block (three layout passes), an image shown twice and
    an SVG drawing shown twice."""
    if not have_strace():
        return
    with Tmp() as d:
        open(os.path.join(d, ".carec-project"), "w").close()
        shutil.copy(os.path.join(ASSETS, "e2e-small.png"),
                    os.path.join(d, "pic.png"))
        shutil.copy(os.path.join(ROOT, "assets", "carec-logo.svg"),
                    os.path.join(d, "logo.svg"))
        with open(os.path.join(d, "part.yaml"), "w") as f:
            f.write("- heading: Included\n- paragraph: From a file.\n")
        with open(os.path.join(d, "r.yaml"), "w") as f:
            f.write("document: {title: Once, language: en}\n"
                    "content:\n  - contents\n  - heading: One\n"
                    "  - paragraph: Some words.\n  - image: pic.png\n"
                    "  - svg: logo.svg\n  - include: part.yaml\n"
                    "  - heading: Two\n  - image: pic.png\n"
                    "  - svg: logo.svg\n")
        p, counts = opens(["build", "r.yaml", "-o", "r.pdf"], cwd=d)
        eq(p.returncode, 0, p.stderr.decode()[-500:])
        for name in ("r.yaml", "part.yaml", "pic.png", "logo.svg",
                     "NotoSans-Regular.ttf"):
            eq(counts.get(name), 1, f"{name} opened {counts.get(name)} "
               "times")


if __name__ == "__main__":
    main()
