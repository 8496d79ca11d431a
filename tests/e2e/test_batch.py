"""Languages declared in the report (document: languages), many reports
per call (--out-dir), the starter report (new) and the bash completion
(issue 20): check and build take every declared language, one process
writes DIR/NAME.LANG.pdf for every report, a failing report does not stop
the others, and what would be ambiguous is a usage error."""
import os
import re
import shutil

from common import (COMPLETION, EXE, ROOT, Tmp, carec, complete, env, eq,
                    main, ok, pdftotext, report_languages, run, test)

REPORTS = os.path.join(ROOT, "reports")
SEED_YEARS = {"1998", "2001", "2009", "2016", "2020"}

BILINGUAL = """document:
  title: {en: Two languages, ru: Два языка}
  languages: [en, ru]
content:
  - paragraph: {en: Hello from the first., ru: Привет от первого.}
"""


def write(d, name, text):
    path = os.path.join(d, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def carec_at(cwd, *args):
    """The CLI run in the folder cwd."""
    return run([os.path.abspath(EXE), *args], cwd=cwd)


def text(pdf):
    return " ".join(pdftotext(pdf).split())


def project(d):
    open(os.path.join(d, ".carec-project"), "w").close()
    return d


# ---- languages declared in the report ----

@test
def check_takes_every_declared_language():
    with Tmp() as d:
        r = write(project(d), "r.yaml", BILINGUAL.replace(
            "ru: Привет от первого.}", "ru: Привет.}\n"
            "  - paragraph: {en: Only English here.}"))
        p = carec("check", r)
        eq(p.returncode, 0, p.stderr.decode())
        err = p.stderr.decode()
        # The ru pass finds the missing translation without --lang.
        ok("no 'ru' translation here" in err, err)
        eq(err.count("warning:"), 1, err)
        p = carec("check", r, "--strict")
        eq(p.returncode, 1, "exit code with --strict")
        ok(p.stderr.decode().rstrip().endswith("1 error, in ru"),
           p.stderr.decode())
        # --lang picks one: the English pass alone has nothing to say.
        p = carec("check", r, "--lang", "en", "--strict")
        eq((p.returncode, p.stderr.decode()), (0, ""), "check --lang en")


@test
def a_missing_translation_is_said_for_each_language_a_theme_error_once():
    with Tmp() as d:
        r = write(project(d), "r.yaml", """document:
  title: {en: A, ru: Б, kk: В}
  languages: [en, ru, kk]
theme:
  colours: {primary: "#12345"}
content:
  - paragraph: {en: Only English here.}
""")
        p = carec("check", r)
        err = p.stderr.decode()
        eq(p.returncode, 1, err)
        eq(err.count("is not a colour"), 1, err)
        ok("no 'ru' translation" in err and "no 'kk' translation" in err, err)
        ok(err.rstrip().endswith("r.yaml: 1 error, in en, ru, kk"), err)


@test
def build_writes_each_declared_language_next_to_the_report():
    with Tmp() as d:
        r = write(project(d), "two.yaml", BILINGUAL)
        p = carec("build", r)
        eq(p.returncode, 0, p.stderr.decode())
        eq(sorted(f for f in os.listdir(d) if f.endswith(".pdf")),
           ["two.en.pdf", "two.ru.pdf"], "PDFs written")
        ok("Hello from the first." in text(os.path.join(d, "two.en.pdf")),
           "English PDF")
        ok("Привет от первого." in text(os.path.join(d, "two.ru.pdf")),
           "Russian PDF")
        # --lang picks one: the report's name with .pdf, as before.
        p = carec("build", r, "--lang", "ru")
        eq(p.returncode, 0, p.stderr.decode())
        ok("Привет от первого." in text(os.path.join(d, "two.pdf")), "ru")


@test
def a_language_that_fails_in_the_layout_leaves_the_others_written():
    """The last language fails after its model is built (the tree is
    gone by then): the closing line still names it."""
    with Tmp() as d:
        r = write(project(d), "g.yaml", BILINGUAL.replace(
            "Привет от первого.", "Привет \U000F0041."))
        p = carec("build", r)
        err = p.stderr.decode(errors="replace")
        eq(p.returncode, 1, err)
        ok("g.yaml: 1 error; no PDF written for ru" in err, err)
        eq(sorted(f for f in os.listdir(d) if f.endswith(".pdf")),
           ["g.en.pdf"], "the English PDF is written")


@test
def the_first_declared_language_is_the_documents_own():
    with Tmp() as d:
        r = write(project(d), "ru.yaml", """document:
  title: {ru: Отчёт}
  languages: [ru, en]
content:
  - paragraph: {ru: Только по-русски.}
""")
        p = carec("check", r, "--lang", "ru", "--strict")
        eq((p.returncode, p.stderr.decode()), (0, ""), "ru has every text")
        # en falls back to ru, the document's language, with a warning.
        p = carec("check", r, "--lang", "en")
        ok("the 'ru' text is shown" in p.stderr.decode(), p.stderr.decode())


@test
def a_language_the_report_does_not_declare_is_a_warning():
    with Tmp() as d:
        r = write(project(d), "r.yaml", BILINGUAL)
        p = carec("check", r, "--lang", "kk")
        err = p.stderr.decode()
        ok("the report is shown in 'kk', which is not one of its languages "
           "(en, ru)" in err, err)


@test
def o_with_several_languages_is_a_usage_error():
    with Tmp() as d:
        r = write(project(d), "r.yaml", BILINGUAL)
        out = os.path.join(d, "out.pdf")
        p = carec("build", r, "-o", out)
        eq(p.returncode, 2, p.stderr.decode())
        ok("-o names one file, but" in p.stderr.decode() and
           "is written in en and ru; pick one language with --lang"
           in p.stderr.decode(), p.stderr.decode())
        ok(not os.path.exists(out), "nothing written")
        p = carec("check", r, "--dump-layout", os.path.join(d, "l.json"))
        eq(p.returncode, 2, p.stderr.decode())
        ok("--dump-layout names one file" in p.stderr.decode(),
           p.stderr.decode())
        p = carec("build", r, "-o", out, "--lang", "ru")
        eq(p.returncode, 0, p.stderr.decode())


# ---- many reports per call ----

def single_builds(d):
    """Every report of reports/ built one language per call: {name: bytes}."""
    out = {}
    for f in sorted(os.listdir(REPORTS)):
        if not f.endswith(".yaml"):
            continue
        for lang in report_languages(os.path.join(REPORTS, f)):
            pdf = os.path.join(d, "one.pdf")
            p = carec("build", os.path.join(REPORTS, f), "--lang", lang,
                      "-o", pdf)
            eq(p.returncode, 0, p.stderr.decode())
            out[f"{f[:-5]}.{lang}.pdf"] = open(pdf, "rb").read()
    return out


@test
def out_dir_writes_every_report_and_language_as_one_call_would_each():
    with Tmp() as d:
        want = single_builds(d)
        dest = os.path.join(d, "made", "here")  # made, parents too
        reports = sorted(os.path.join(REPORTS, f) for f in os.listdir(REPORTS)
                         if f.endswith(".yaml"))
        p = carec("build", "--strict", *reports, "--out-dir", dest)
        eq((p.returncode, p.stderr.decode()), (0, ""), "batch build")
        eq(sorted(os.listdir(dest)), sorted(want), "files written")
        for name, data in want.items():
            ok(open(os.path.join(dest, name), "rb").read() == data,
               f"{name} differs from its own build")


@test
def a_failing_report_does_not_stop_the_others():
    with Tmp() as d:
        project(d)
        a = write(d, "a.yaml", BILINGUAL)
        bad = write(d, "bad.yaml", "document: {title: Bad}\ncontent:\n"
                    "  - paragrph: Hello.\n")
        c = write(d, "c.yaml", "document: {title: C}\ncontent:\n"
                  "  - paragraph: Third.\n")
        out = os.path.join(d, "out")
        p = carec("build", a, bad, c, "--out-dir", out)
        err = p.stderr.decode()
        eq(p.returncode, 1, err)
        eq(sorted(os.listdir(out)), ["a.en.pdf", "a.ru.pdf", "c.en.pdf"],
           "PDFs written")
        ok("unknown block type 'paragrph'" in err, err)
        ok(f"carec-report: {bad}: 1 error; no PDF written" in err, err)
        # The worst exit code: a report that cannot be read (3) beats a
        # report with errors (1).
        p = carec("check", bad, os.path.join(d, "missing.yaml"), c)
        eq(p.returncode, 3, p.stderr.decode())
        p = carec("check", a, c)
        eq((p.returncode, p.stderr.decode()), (0, ""), "two good reports")


@test
def ambiguous_outputs_are_usage_errors():
    with Tmp() as d:
        project(d)
        a = write(d, "a.yaml", BILINGUAL)
        sub = os.path.join(d, "sub")
        os.mkdir(sub)
        a2 = write(sub, "a.yaml", BILINGUAL)
        c = write(d, "c.yaml", "document: {title: C}\ncontent: [paragraph: C]\n")
        cases = [
            (["build", a, c, "-o", os.path.join(d, "x.pdf")],
             "-o names one PDF, but two reports are given; write them with "
             "--out-dir DIR"),
            (["build", a, "-o", "x.pdf", "--out-dir", d],
             "give one of them"),
            (["check", a, "--out-dir", d], "check writes nothing"),
            (["build", a, a2, "--out-dir", os.path.join(d, "o")],
             "two reports named"),
            (["check", a, c, "--dump-layout", os.path.join(d, "l.json")],
             "--dump-layout names one file"),
            (["build", a, "--dir", d], "--dir is for new"),
        ]
        for args, msg in cases:
            p = carec(*args)
            eq(p.returncode, 2, f"{args}: {p.stderr.decode()}")
            ok(msg in p.stderr.decode(), f"{args}: {p.stderr.decode()}")
        ok(not os.path.exists(os.path.join(d, "o")), "no folder made")
        # An out-dir that is a file is said at once.
        f = write(d, "file", "")
        p = carec("build", a, "--out-dir", f)
        eq(p.returncode, 3, p.stderr.decode())
        ok("cannot make the folder" in p.stderr.decode(), p.stderr.decode())


@test
def fonts_and_patterns_are_read_once_for_all_reports():
    if not shutil.which("strace"):
        print("     strace is not installed: nothing checked")
        return
    with Tmp() as d:
        reports = sorted(os.path.join(REPORTS, f) for f in os.listdir(REPORTS)
                         if f.endswith(".yaml"))
        asan = ":".join(o for o in (os.environ.get("ASAN_OPTIONS"),
                                    "detect_leaks=0") if o)
        # One trace file per thread (-ff): lines of two threads are
        # never cut in two ("<unfinished ...>").
        trace = os.path.join(d, "trace")
        os.mkdir(trace)
        out = os.path.join(d, "out")
        p = run(["strace", "-f", "-ff", "-o", os.path.join(trace, "t"),
                 "-e", "trace=openat", os.path.abspath(EXE),
                 "build", *reports, "--out-dir", out],
                env=env(ASAN_OPTIONS=asan))
        eq(p.returncode, 0, p.stderr.decode()[-500:])
        opened = []
        for t in os.listdir(trace):
            with open(os.path.join(trace, t), errors="replace") as f:
                opened += re.findall(r'openat\([^,]*, "([^"]+)", [^)]*\) = \d',
                                     f.read())
        names = [os.path.basename(o) for o in opened]
        eq(len(os.listdir(out)), 8, "PDFs written (4 reports, en and ru)")
        for n in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "en.dic",
                  "ru.dic"):
            eq(names.count(n), 1, f"{n} opened")


# ---- new ----

@test
def new_writes_a_bilingual_starter_that_builds_as_it_is():
    with Tmp() as d:
        where = os.path.join(d, "somewhere")  # no .carec-project
        os.mkdir(where)
        p = carec("new", "donor-update", "--dir", where)
        eq(p.returncode, 0, p.stderr.decode())
        r = os.path.join(where, "donor-update.yaml")
        ok(os.path.exists(r), "donor-update.yaml written")
        src = open(r, encoding="utf-8").read()
        ok(re.search(r"^theme: carec\b", src, re.M), "the installed theme")
        ok(re.search(r"^  languages: \[en, ru\]", src, re.M), "languages")
        for block in ("- contents", "- heading:", "- paragraph:",
                      "- figures:", "- callout:", "cover: true"):
            ok(block in src, f"the starter has {block}")
        comments = [ln for ln in src.splitlines() if ln.lstrip().startswith("#")]
        ok(len(comments) >= 15, "comments that guide the writer")
        # The live preview is one command away, told in the comments and
        # on the terminal.
        ok(any("carec-report serve" in c for c in comments),
           "the comments tell how to preview")
        ok(b"carec-report serve " + where.encode() in p.stdout,
           p.stdout.decode())
        p = carec("check", r, "--strict")
        eq((p.returncode, p.stderr.decode()), (0, ""), "check --strict")
        p = carec_at(where, "build", r)
        eq(p.returncode, 0, p.stderr.decode())
        en = text(os.path.join(where, "donor-update.en.pdf"))
        ru = text(os.path.join(where, "donor-update.ru.pdf"))
        for phrase in ("About CAREC", "Contents", "Who we are", "Where we work",
                       "the year CAREC was established"):
            ok(phrase in en, f"en has {phrase!r}")
        for phrase in ("О РЭЦЦА", "Содержание", "Кто мы", "Где мы работаем"):
            ok(phrase in ru, f"ru has {phrase!r}")
        years = set(re.findall(r"(?<!\d)\d{4}(?!\d)", en + " " + ru + src))
        ok(years <= SEED_YEARS, f"years not in CAREC's description: {years}")


@test
def new_never_replaces_a_file_and_wants_a_plain_name():
    with Tmp() as d:
        p = carec_at(d, "new", "x")
        eq(p.returncode, 0, p.stderr.decode())
        path = os.path.join(d, "x.yaml")
        with open(path, "w") as f:
            f.write("mine\n")
        p = carec_at(d, "new", "x.yaml")
        eq(p.returncode, 2, p.stderr.decode())
        ok("exists already" in p.stderr.decode(), p.stderr.decode())
        eq(open(path).read(), "mine\n", "the file was kept")
        for bad in ("a/b", ".hidden", ""):
            p = carec_at(d, "new", bad)
            eq(p.returncode, 2, f"{bad!r}: {p.stderr.decode()}")
        p = carec("new", "y", "--dir", os.path.join(d, "missing"))
        eq(p.returncode, 3, p.stderr.decode())
        p = carec_at(d, "new", "y", "--lang", "ru")
        eq(p.returncode, 2, p.stderr.decode())
        p = carec_at(d, "new")
        eq(p.returncode, 2, p.stderr.decode())
        ok("new needs the report's NAME" in p.stderr.decode(), "no name")


# ---- bash completion ----

@test
def bash_completes_commands_options_languages_and_reports():
    with Tmp() as d:
        for f in ("a.yaml", "b.yaml", "notes.txt", "old.pdf"):
            open(os.path.join(d, f), "w").close()
        os.mkdir(os.path.join(d, "reports"))
        eq(complete(["carec-report", ""], d),
           ["--help", "--version", "build", "check", "merge", "new",
            "serve", "watch"], "commands")
        eq(complete(["carec-report", "ch"], d), ["check"], "check")
        eq(complete(["carec-report", "build", ""], d),
           ["a.yaml", "b.yaml", "reports"], "reports and folders")
        eq(complete(["carec-report", "check", "a.yaml", "--lang", ""], d),
           ["en", "kk", "ky", "ru", "tg", "tk", "uz"], "languages")
        eq(complete(["carec-report", "build", "--lang", "r"], d), ["ru"], "ru")
        got = complete(["carec-report", "build", "a.yaml", "--o"], d)
        ok("--out-dir" in got and "--output" in got, got)
        eq(complete(["carec-report", "build", "--out-dir", ""], d),
           ["reports"], "folders only")
        eq(complete(["carec-report", "new", "--"], d), ["--dir", "--help"],
           "new's options")
        ok("--out-dir" not in complete(["carec-report", "check", "--"], d),
           "check writes nothing")
        for f in ("rows.csv", "rows.jsonl", "rows.txt"):
            open(os.path.join(d, f), "w").close()
        eq(complete(["carec-report", "merge", "a.yaml", "--data", ""], d),
           ["a.yaml", "b.yaml", "reports", "rows.csv", "rows.jsonl"],
           "merge's data files (a YAML list too)")
        got = complete(["carec-report", "merge", "a.yaml", "--sh"], d)
        eq(got, ["--shard", "--shard-count"], "merge's shard options")


@test
def cmake_installs_the_completion():
    with Tmp() as d:
        p = run(["cmake", "--install", os.path.dirname(os.path.abspath(EXE)),
                 "--prefix", d])
        eq(p.returncode, 0, p.stderr.decode())
        path = os.path.join(d, "share", "bash-completion", "completions",
                            "carec-report")
        ok(os.path.isfile(path), "installed completion")
        eq(open(path).read(), open(COMPLETION).read(), "its content")


if __name__ == "__main__":
    main()
