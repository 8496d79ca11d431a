"""Shared helpers for the end-to-end tests: run the CLI, run the PDF tools,
collect results, and print the closing 'N passed, N failed' line."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "carec-report")
FIXTURES = os.path.join(ROOT, "tests", "e2e", "fixtures")

_tests = []


def test(fn):
    _tests.append(fn)
    return fn


def env(**extra):
    e = dict(os.environ, NO_COLOR="1", LC_ALL="C.UTF-8")
    e.pop("SOURCE_DATE_EPOCH", None)
    e.update(extra)
    return e


def run(args, check=False, **kw):
    kw.setdefault("env", env())
    p = subprocess.run(args, capture_output=True, **kw)
    if check and p.returncode != 0:
        raise AssertionError(f"{args} exited {p.returncode}: "
                             f"{p.stderr.decode(errors='replace')}")
    return p


def carec(*args, **kw):
    return run([EXE, *args], **kw)


class Tmp:
    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="carec-e2e-")
        return self.dir

    def __exit__(self, *a):
        shutil.rmtree(self.dir, ignore_errors=True)


def build(report, out, *flags, **kw):
    p = carec("build", report, "-o", out, *flags, **kw)
    if p.returncode != 0:
        raise AssertionError(f"build {report} failed ({p.returncode}):\n"
                             + p.stderr.decode(errors="replace"))
    return p


def dump(report, out_json, *flags):
    p = carec("check", report, "--dump-layout", out_json, *flags)
    if p.returncode != 0:
        raise AssertionError(p.stderr.decode(errors="replace"))
    with open(out_json, encoding="utf-8") as f:
        return json.load(f)


def pdftotext(pdf, *flags):
    p = run(["pdftotext", "-enc", "UTF-8", *flags, pdf, "-"], check=True)
    return p.stdout.decode("utf-8")


def eq(got, want, what=""):
    if got != want:
        raise AssertionError(f"{what}: got {got!r}, want {want!r}")


def ok(cond, what):
    if not cond:
        raise AssertionError(what)


def main():
    passed = failed = 0
    for fn in _tests:
        try:
            fn()
            passed += 1
            print(f"ok   {fn.__name__}")
        except Exception:
            failed += 1
            print(f"FAIL {fn.__name__}")
            traceback.print_exc(file=sys.stdout)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
