"""An installed carec-report (issue 15): `cmake --install` of the build
folder into a temporary prefix, moved elsewhere whole, runs a report in an
empty folder outside the repository that says `theme: carec`, with its fonts
and logo from the installed data folder and nothing from the source tree;
the man page renders and names every option of the usage text, and the
usage text every option of the man page; without a data folder the program
says where it looked."""
import json
import os
import re
import shutil
import subprocess
import tempfile

from common import EXE, ROOT, Tmp, eq, main, ok, pdftotext, run, test

BUILD = os.path.dirname(os.path.abspath(EXE))
MAN_SRC = os.path.join(ROOT, "docs", "carec-report.1.in")

REPORT = """\
document:
  title: Annual meeting
  cover: true
theme: carec
content:
  - heading: Agenda
  - paragraph: The partners meet in Almaty.
  - logo
"""


def clean_env(**extra):
    """The environment of a user: no CAREC_DATA_DIR, C.UTF-8."""
    e = dict(os.environ, NO_COLOR="1", LC_ALL="C.UTF-8")
    for k in ("CAREC_DATA_DIR", "CAREC_HYPHEN_DIR", "SOURCE_DATE_EPOCH"):
        e.pop(k, None)
    e.update(extra)
    return e


def without_repo(args):
    """args run with the repository (and so the build folder) hidden
    behind an empty folder, where a mount namespace can be made (root with
    unshare): proof that nothing is read from the source tree. Elsewhere
    args as they are."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return args
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        return args
    return ["unshare", "-m", "sh", "-c",
            'mount -t tmpfs none "$0" && exec "$@"', ROOT, *args]


_prefix = []


def installed():
    """The install, made once: cmake --install into a temporary prefix,
    then moved to another folder (relocated). Its path."""
    if _prefix:
        return _prefix[0]
    top = tempfile.mkdtemp(prefix="carec-install-")
    first = os.path.join(top, "first")
    p = run(["cmake", "--install", BUILD, "--prefix", first])
    ok(p.returncode == 0, "cmake --install failed:\n"
       + p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace"))
    moved = os.path.join(top, "moved", "elsewhere")
    os.makedirs(os.path.dirname(moved))
    os.rename(first, moved)
    _prefix.append(moved)
    return moved


def files_under(d):
    out = []
    for dirpath, _, names in os.walk(d):
        for n in names:
            out.append(os.path.relpath(os.path.join(dirpath, n), d))
    return sorted(out)


def man_text(page):
    """The page as man-db renders it, plain ASCII, on one long line per
    paragraph so that no option is broken across lines."""
    p = run(["man", "-l", page],
            env=clean_env(LC_ALL="C", MANWIDTH="1000", MAN_KEEP_FORMATTING=""))
    ok(p.returncode == 0, "man -l failed: " + p.stderr.decode(errors="replace"))
    text = p.stdout.decode("ascii", "replace")
    return re.sub(r".\x08", "", text)  # any overstrike left


OPTION = re.compile(r"(?<![\w-])(--?[a-z][a-z-]*)")


def usage_options():
    p = run([EXE, "--help"], check=True)
    return set(OPTION.findall(p.stdout.decode()))


@test
def install_lays_out_the_prefix():
    prefix = installed()
    eq(os.listdir(os.path.join(prefix, "bin")), ["carec-report"],
       "programs installed (no test tools)")
    files = files_under(os.path.join(prefix, "share"))
    for f in ("man/man1/carec-report.1",
              "carec-report/fonts/NotoSans-Regular.ttf",
              "carec-report/fonts/NotoSans-Bold.ttf",
              "carec-report/fonts/NotoSans-Italic.ttf",
              "carec-report/fonts/NotoSans-BoldItalic.ttf",
              "carec-report/fonts/OFL.txt",
              "carec-report/fonts/README.md",
              "carec-report/themes/carec.yaml",
              "carec-report/themes/carec-logo.svg",
              "carec-report/colour/FOGRA39L-carec.icc",
              "carec-report/colour/sRGB.icc",
              "carec-report/colour/README.md"):
        ok(f in files, f"{f} not installed; installed: {files}")
    theme = open(os.path.join(prefix, "share", "carec-report", "themes",
                              "carec.yaml"), encoding="utf-8").read()
    ok("../../" not in theme, "the installed theme names files by ../../")
    p = run([os.path.join(prefix, "bin", "carec-report"), "--version"],
            check=True)
    ok(re.fullmatch(r"carec-report \d+\.\d+\.\d+\n", p.stdout.decode()),
       p.stdout.decode())


@test
def relocated_install_builds_a_report_with_theme_carec():
    prefix = installed()
    exe = os.path.join(prefix, "bin", "carec-report")
    with Tmp() as d:
        with open(os.path.join(d, "r.yaml"), "w", encoding="utf-8") as f:
            f.write(REPORT)
        ok(not os.path.realpath(d).startswith(os.path.realpath(ROOT) + os.sep),
           "the report's folder is inside the repository")
        p = subprocess.run(without_repo([exe, "build", "r.yaml"]), cwd=d,
                           capture_output=True, env=clean_env())
        ok(p.returncode == 0, "build failed:\n"
           + p.stderr.decode(errors="replace"))
        # The print PDF embeds the installed colour profile.
        p = subprocess.run(without_repo([exe, "build", "r.yaml", "--print",
                                         "-o", "print.pdf"]), cwd=d,
                           capture_output=True, env=clean_env())
        ok(p.returncode == 0, "build --print failed:\n"
           + p.stderr.decode(errors="replace"))
        pdf = os.path.join(d, "r.pdf")
        text = pdftotext(pdf)
        for want in ("Annual meeting", "Agenda",
                     "The partners meet in Almaty."):
            ok(want in text, f"{want!r} not in the PDF's text: {text!r}")
        fonts = run(["pdffonts", pdf], check=True).stdout.decode()
        rows = [l.split() for l in fonts.splitlines()[2:]]
        noto = [r for r in rows if "NotoSans-Regular" in r[0]]
        ok(noto and noto[0][-5] == "yes",
           f"Noto Sans Regular is not embedded:\n{fonts}")
        ok(any("NotoSans-Bold" in r[0] for r in rows), fonts)
        # The logo: on the cover (from the theme's 'logo') and where the
        # '- logo' block is, drawn as paths.
        p = subprocess.run([exe, "check", "r.yaml", "--dump-layout", "d.json"],
                           cwd=d, capture_output=True, env=clean_env())
        eq(p.returncode, 0, "check exit code")
        with open(os.path.join(d, "d.json"), encoding="utf-8") as f:
            pages = json.load(f)["pages"]
        cover = [i for i in pages[0]["items"] if i["kind"] == "path"]
        ok(len(cover) >= 5, f"no logo on the cover: {len(cover)} paths")
        block = [i for i in pages[1]["items"]
                 if i["kind"] == "path" and i.get("line") == 8]
        ok(len(block) >= 5, f"the logo block drew {len(block)} paths")
        # And the PDF has it: ink where the block's logo is, on page 2.
        x0 = min(i["x"] for i in block)
        y0 = min(i["y"] for i in block)
        x1 = max(i["x"] + i["w"] for i in block)
        y1 = max(i["y"] + i["h"] for i in block)
        out = os.path.join(d, "logo")
        run(["pdftoppm", "-f", "2", "-l", "2", "-r", "72", "-gray",
             "-x", str(int(x0)), "-y", str(int(y0)),
             "-W", str(int(x1 - x0) + 1), "-H", str(int(y1 - y0) + 1),
             "-singlefile", pdf, out], check=True)
        ok(os.path.exists(out + ".pgm"), "pdftoppm wrote no image")
        data = open(out + ".pgm", "rb").read()
        pixels = data[data.rfind(b"\n255\n") + 5:] if b"\n255\n" in data \
            else data[-1000:]
        dark = sum(1 for b in pixels if b < 160)
        ok(dark > len(pixels) // 10,
           f"the logo's box is blank: {dark} of {len(pixels)} pixels inked")


@test
def theme_base_carec_changes_a_few_settings():
    prefix = installed()
    exe = os.path.join(prefix, "bin", "carec-report")
    with Tmp() as d:
        with open(os.path.join(d, "r.yaml"), "w", encoding="utf-8") as f:
            f.write("document: {title: Leaflet}\n"
                    "theme:\n"
                    "  base: carec\n"
                    "  page: {orientation: landscape}\n"
                    "  colours: {primary: '#aa0000'}\n"
                    "content:\n"
                    "  - heading: Agenda\n")
        p = subprocess.run([exe, "check", "r.yaml", "--dump-layout", "d.json"],
                           cwd=d, capture_output=True, env=clean_env())
        eq(p.returncode, 0, p.stderr.decode(errors="replace"))
        with open(os.path.join(d, "d.json"), encoding="utf-8") as f:
            page = json.load(f)["pages"][0]
        eq((page["width"], page["height"]), (841.89, 595.28),
           "A4 landscape: the size from carec, the orientation from here")
        heading = [i for i in page["items"] if i.get("role") == "heading"][0]
        eq(heading["color"], "#aa0000", "the primary colour changed")
        eq(heading["font"], "NotoSans-Bold", "the fonts of carec")
        # A wrong name in the map form: said at the name.
        with open(os.path.join(d, "r.yaml"), "w", encoding="utf-8") as f:
            f.write("document: {title: Leaflet}\n"
                    "theme:\n"
                    "  base: brand\n"
                    "content: [{paragraph: Text.}]\n")
        p = subprocess.run([exe, "check", "r.yaml"], cwd=d,
                           capture_output=True, env=clean_env())
        eq(p.returncode, 1, "exit code")
        err = p.stderr.decode()
        ok("r.yaml:3:9: error: there is no installed theme 'brand'; the "
           "installed themes are 'carec'" in err, err)


@test
def data_folder_is_allowed_and_nothing_beside_it():
    prefix = installed()
    exe = os.path.join(prefix, "bin", "carec-report")
    share = os.path.join(prefix, "share")
    with open(os.path.join(share, "other.yaml"), "w") as f:
        f.write("page: {orientation: landscape}\n")
    try:
        with Tmp() as d:
            with open(os.path.join(d, "r.yaml"), "w") as f:
                f.write("document: {title: T}\n"
                        "theme:\n"
                        f"  include: {share}/other.yaml\n"
                        "content: [{paragraph: Text.}]\n")
            p = subprocess.run([exe, "check", "r.yaml"], cwd=d,
                               capture_output=True, env=clean_env())
            eq(p.returncode, 1, "exit code")
            ok("is an absolute path" in p.stderr.decode(),
               p.stderr.decode())
            with open(os.path.join(d, "r.yaml"), "w") as f:
                f.write("document: {title: T}\n"
                        "theme:\n"
                        f"  include: {share}/carec-report/themes/carec.yaml\n"
                        "content: [{paragraph: Text.}]\n")
            p = subprocess.run([exe, "check", "r.yaml"], cwd=d,
                               capture_output=True, env=clean_env())
            eq(p.returncode, 0, p.stderr.decode())
    finally:
        os.remove(os.path.join(share, "other.yaml"))


@test
def without_a_data_folder_it_says_where_it_looked():
    with Tmp() as d:
        lone = os.path.join(d, "bin", "carec-report")
        os.makedirs(os.path.dirname(lone))
        shutil.copy(EXE, lone)
        with open(os.path.join(d, "r.yaml"), "w") as f:
            f.write(REPORT)
        p = subprocess.run([lone, "build", "r.yaml"], cwd=d,
                           capture_output=True, env=clean_env())
        eq(p.returncode, 3, "exit code")
        err = p.stderr.decode()
        ok("cannot find its data folder" in err, err)
        ok(os.path.join(d, "bin") + "/../share/carec-report" in err, err)
        ok(os.path.join(d, "bin") + "/share/carec-report" in err, err)
        ok("$CAREC_DATA_DIR (not set)" in err, err)
        ok(not os.path.exists(os.path.join(d, "r.pdf")), "a PDF was written")
        p = subprocess.run([lone, "build", "r.yaml"], cwd=d,
                           capture_output=True,
                           env=clean_env(CAREC_DATA_DIR=os.path.join(d, "no")))
        eq(p.returncode, 3, "exit code")
        ok(os.path.join(d, "no") + " (from $CAREC_DATA_DIR, which is not a "
           "folder)" in p.stderr.decode(), p.stderr.decode())
        # --help and --version need no data.
        eq(subprocess.run([lone, "--version"], capture_output=True,
                          env=clean_env()).returncode, 0, "--version")


@test
def man_page_renders_and_matches_the_usage_text():
    prefix = installed()
    page = os.path.join(prefix, "share", "man", "man1", "carec-report.1")
    text = man_text(page)
    ok(re.search(r"^NAME\n\s+carec-report --? compile YAML reports into "
                 r"branded PDF documents$", text, re.M), text[:400])
    version = run([EXE, "--version"], check=True).stdout.decode().split()[1]
    ok(f"carec-report {version}" in text, "the version is not in the page")
    # Every option of the usage text is in the man page ...
    man_opts = set(OPTION.findall(text))
    missing = sorted(usage_options() - man_opts)
    ok(not missing, f"options of --help missing from the man page: {missing}")
    # ... and every option the man page lists is in the usage text.
    src = open(MAN_SRC, encoding="utf-8").read()
    listed = set()
    for line in src.splitlines():
        if line.startswith(".It Fl") or line.startswith(".Op Fl"):
            for m in re.findall(r"Fl (\\?-?[a-z][a-z-]*)", line):
                listed.add("-" + m.replace("\\", ""))
    ok(len(listed) >= 10, f"options found in the man page: {listed}")
    extra = sorted(listed - usage_options())
    ok(not extra, f"options in the man page but not in --help: {extra}")


@test
def man_page_lints_clean():
    ok(shutil.which("mandoc"), "mandoc is missing: run script/bootstrap")
    p = run(["mandoc", "-T", "lint", "-W", "warning", MAN_SRC])
    eq(p.stdout.decode() + p.stderr.decode(), "", "mandoc -T lint")


if __name__ == "__main__":
    try:
        main()
    finally:
        for d in _prefix:
            shutil.rmtree(os.path.dirname(os.path.dirname(d)),
                          ignore_errors=True)
