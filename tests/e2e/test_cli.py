"""The command line: exit codes, all errors in one run, and safe writes
(a failed build never leaves a partial file nor replaces a good one)."""
import os
import re
import stat

from common import FIXTURES, Tmp, build, carec, eq, main, ok, test

ABOUT = os.path.join("reports", "about.yaml")
THREE = os.path.join(FIXTURES, "three-mistakes.yaml")


@test
def check_reports_all_three_mistakes():
    p = carec("check", THREE)
    eq(p.returncode, 1, "exit code")
    err = p.stderr.decode()
    heads = re.findall(r"^(\S+):(\d+):(\d+): error: (.*)$", err, re.M)
    eq([(int(l), int(c)) for _, l, c, _ in heads], [(4, 3), (7, 5), (8, 13)],
       "positions")
    ok("did you mean 'language'?" in err, err)
    ok("did you mean 'paragraph'?" in err, err)
    ok("has no unit" in err, err)
    ok(err.rstrip().endswith("3 errors"), err)


@test
def failed_build_writes_nothing_and_keeps_the_old_pdf():
    with Tmp() as d:
        out = os.path.join(d, "r.pdf")
        p = carec("build", THREE, "-o", out)
        eq(p.returncode, 1, "exit code")
        ok(not os.path.exists(out), "a PDF was written for a bad report")
        ok("no PDF written" in p.stderr.decode(), p.stderr.decode())
        build(ABOUT, out, "--lang", "en")
        good = open(out, "rb").read()
        carec("build", THREE, "-o", out)
        ok(open(out, "rb").read() == good, "the good PDF was changed")
        eq(sorted(os.listdir(d)), ["r.pdf"], "temporary files left behind")


@test
def unwritable_folder_is_an_io_error():
    if os.geteuid() == 0:
        # root writes anywhere; use a folder that does not exist instead.
        with Tmp() as d:
            out = os.path.join(d, "missing", "r.pdf")
            p = carec("build", ABOUT, "--lang", "en", "-o", out)
            eq(p.returncode, 3, "exit code")
            ok("missing" in p.stderr.decode(), p.stderr.decode())
        return
    with Tmp() as d:
        os.chmod(d, stat.S_IRUSR | stat.S_IXUSR)
        p = carec("build", ABOUT, "--lang", "en", "-o", os.path.join(d, "r.pdf"))
        os.chmod(d, stat.S_IRWXU)
        eq(p.returncode, 3, "exit code")


@test
def exit_codes():
    eq(carec("--version").returncode, 0, "--version")
    ok(carec("--version").stdout.startswith(b"carec-report "), "version text")
    eq(carec("--help").returncode, 0, "--help")
    eq(carec().returncode, 2, "no arguments")
    eq(carec("frobnicate", ABOUT).returncode, 2, "unknown command")
    eq(carec("build", ABOUT, "--bogus").returncode, 2, "unknown option")
    eq(carec("build", ABOUT, "--lang", "English").returncode, 2, "bad --lang")
    p = carec("check", "no/such/report.yaml")
    eq(p.returncode, 3, "missing input")
    ok("no/such/report.yaml" in p.stderr.decode(), p.stderr.decode())
    eq(carec("check", ABOUT).returncode, 0, "check of a good report")


@test
def allow_path_opens_a_folder():
    rep = os.path.join("tests", "diag", "path-font-absolute.yaml")
    eq(carec("check", rep).returncode, 1, "refused by default")
    p = carec("check", rep, "--allow-path", "/usr/share/fonts/truetype/dejavu")
    eq(p.returncode, 0, "allowed: " + p.stderr.decode())
    eq(carec("check", rep, "--allow-path", "/no/such/dir").returncode, 2,
       "a missing --allow-path folder is a usage error")


@test
def output_to_stdout():
    p = carec("build", ABOUT, "--lang", "en", "-o", "-")
    eq(p.returncode, 0, "exit code")
    ok(p.stdout.startswith(b"%PDF-") and b"%%EOF" in p.stdout[-32:],
       "stdout is not a PDF")


if __name__ == "__main__":
    main()
