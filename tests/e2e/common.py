"""Shared helpers for the end-to-end tests: run the CLI, run the PDF tools,
collect results, and print the closing 'N passed, N failed' line."""
import collections
import glob
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
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


def report_languages(path):
    """The languages a report declares (document: languages: [en, ru]),
    or [None] when it declares none."""
    with open(path, encoding="utf-8") as f:
        m = re.search(r"^\s+languages:\s*\[([^\]]*)\]", f.read(), re.M)
    return [c.strip() for c in m.group(1).split(",")] if m else [None]


def pdftotext(pdf, *flags):
    p = run(["pdftotext", "-enc", "UTF-8", *flags, pdf, "-"], check=True)
    return p.stdout.decode("utf-8")


def eq(got, want, what=""):
    if got != want:
        raise AssertionError(f"{what}: got {got!r}, want {want!r}")


def ok(cond, what):
    if not cond:
        raise AssertionError(what)


COMPLETION = os.path.join(ROOT, "completion", "carec-report.bash")


def complete(words, cwd):
    """What the bash completion offers for the command line words (the
    last one being completed)."""
    script = (f"source {COMPLETION!r}\n"
              "complete -p carec-report\n"
              "COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1))\n"
              "_carec_report\n"
              "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    p = subprocess.run(["bash", "-c", script, "bash", *words], cwd=cwd,
                       capture_output=True, text=True)
    eq(p.returncode, 0, p.stderr)
    lines = p.stdout.splitlines()
    ok(lines and "_carec_report" in lines[0] and "carec-report" in lines[0],
       f"complete -p: {lines[:1]}")
    return sorted(x for x in lines[1:] if x)

# Bounds of issue 14 on any input of up to 10 MB, release build: CPU time
# (user + system) and peak memory. Under AddressSanitizer both grow many
# times, so they are checked there only where a caller asks.
CPU_BOUND_S = 10.0
RSS_BOUND_KB = 1 << 20


def _sanitized():
    """Whether the CLI is built with AddressSanitizer (its runtime's names
    are in the executable)."""
    try:
        with open(EXE, "rb") as f:
            return b"__asan_init" in f.read()
    except OSError:
        return False


SANITIZED = _sanitized()


def _caps():
    # A regression fails the test rather than taking the machine.
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    resource.setrlimit(resource.RLIMIT_CPU, (60, 60))


def measured(name, args, cwd=None, capped=False, bound_sanitized=False):
    """Run the CLI with args (in cwd); print its wall time, CPU time, peak
    memory and the size of its messages, and check CPU time and memory
    against the bounds (not under AddressSanitizer unless bound_sanitized).
    capped: limit the child to 3 GB and 60 s of CPU (not under ASan).
    Return (exit code, stderr text)."""
    with tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        p = subprocess.Popen([os.path.abspath(EXE), *args], cwd=cwd,
                             stdout=subprocess.DEVNULL, stderr=err,
                             env=env(),
                             preexec_fn=_caps if capped and not SANITIZED
                             else None)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        rc = os.waitstatus_to_exitcode(status)
        err.seek(0)
        raw = err.read()
    cpu = ru.ru_utime + ru.ru_stime
    print(f"     {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, "
          f"{ru.ru_maxrss / 1024:.0f} MB peak, exit {rc}, {len(raw)} bytes "
          "of messages")
    if bound_sanitized or not SANITIZED:
        ok(cpu < CPU_BOUND_S, f"{name}: {cpu:.1f} s of CPU time")
        ok(ru.ru_maxrss < RSS_BOUND_KB,
           f"{name}: peak {ru.ru_maxrss / 1024:.0f} MB")
    return rc, raw.decode("utf-8", "replace")



def block_types():
    """The block type names of src/model/blocks.def, in its order: tests
    take their lists of blocks from there, so that a new block type is
    checked without being added to them by hand."""
    with open(os.path.join(ROOT, "src", "model", "blocks.def"),
              encoding="utf-8") as f:
        names = re.findall(r'^BLOCK\(\w+, "([a-z-]+)"', f.read(), re.M)
    ok(len(names) >= 20, f"blocks.def: {names}")
    return names


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


def read_pgm(path):
    """(width, height, grey bytes) of a binary PGM from pdftoppm."""
    data = open(path, "rb").read()
    magic, dims, depth, px = data.split(b"\n", 3)
    assert magic == b"P5", magic
    w, h = map(int, dims.split())
    return w, h, px


def empty_bands(pdf):
    """For each page but the last, the tallest run of rows of the page's
    background colour (within 10 levels), as a fraction of its height:
    the measure of the designers' pdf-rules fill, at 24 dpi (issue 19:
no page but the last over 30 %)."""
    with Tmp() as d:
        run(["pdftoppm", "-gray", "-r", "24", pdf, os.path.join(d, "p")],
            check=True)
        files = sorted(glob.glob(os.path.join(d, "p-*.pgm")))
        bands = []
        for f in files[:-1]:
            w, h, px = read_pgm(f)
            bg = collections.Counter(px).most_common(1)[0][0]
            best = cur = 0
            for y in range(h):
                row = px[y * w:(y + 1) * w]
                if all(abs(v - bg) < 10 for v in row):
                    cur += 1
                    best = max(best, cur)
                else:
                    cur = 0
            bands.append(best / h)
    return bands
