"""A build stopped by a signal leaves nothing behind (util/tmpfiles.h):
SIGINT, SIGTERM, SIGHUP and SIGPIPE at any moment, the final write
included, remove the temporary files (beside the PDF and in TMPDIR), keep
the old PDF's bytes and exit 128 + the signal's number. A SIGKILL cannot be
caught: its leftover has a name of a fixed pattern, and the next build of
the same output removes it once its writer is gone. (Nothing is mapped any
more, so a file cut short while in use cannot end a run with SIGBUS.)

The signals are sent at points spread over a build of a long generated
report; to hit the final write for sure, the build is frozen (SIGSTOP) as
soon as its temporary file appears, signalled, and let go (SIGCONT). No
timing is asserted: a build that ends before a signal comes must simply
have written the whole new PDF."""
import os
import re
import signal
import subprocess
import sys
import time

from common import EXE, ROOT, Tmp, carec, env, eq, main, ok, test

PAGES = 200
TMP_NAME = re.compile(r"^\.out\.pdf\.carec-tmp-(\d+)-[A-Za-z0-9]{6}$")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def same(got, want, what):
    """eq for PDFs, without printing megabytes when they differ."""
    ok(got == want, f"{what}: {len(got)} bytes, not the {len(want)} wanted")


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def generate(path, pages):
    with open(path, "wb") as f:
        f.write(subprocess.run(
            [sys.executable, os.path.join(ROOT, "bench", "gen.py"),
             "--pages", str(pages)], capture_output=True, check=True).stdout)


_made = {}


def made():
    """The long report, and the PDFs of it and of a short one, made once
    for every test (in a folder removed at the end): a build of the long
    report is most of each test's time, the more so under the sanitizers."""
    if not _made:
        tmp = Tmp()
        d = tmp.__enter__()
        _made["tmp"] = tmp
        write(os.path.join(d, ".carec-project"), b"")
        big, small = os.path.join(d, "big.yaml"), os.path.join(d, "small.yaml")
        generate(big, PAGES)
        generate(small, 2)
        out = os.path.join(d, "out.pdf")
        t = time.monotonic()
        p = carec("build", big, "-o", out)
        _made["duration"] = time.monotonic() - t
        eq(p.returncode, 0, p.stderr.decode())
        _made["new"] = read(out)
        ok(len(_made["new"]) > 500000, "the long report's PDF is too small")
        p = carec("build", small, "-o", out)
        eq(p.returncode, 0, p.stderr.decode())
        _made["old"] = read(out)
        ok(_made["old"] != _made["new"], "the two PDFs differ")
        _made["big"] = read(big)
        # Timed again, warm: the first build also read the fonts from disk.
        t = time.monotonic()
        p = carec("build", big, "-o", out)
        _made["duration"] = min(_made["duration"], time.monotonic() - t)
        eq(p.returncode, 0, p.stderr.decode())
    return _made


class Setup:
    """A project in d with the long report (big.yaml), and out.pdf holding
    the short one's PDF (the "old PDF")."""

    def __init__(self, d):
        m = made()
        self.d = d
        write(os.path.join(d, ".carec-project"), b"")
        self.tmpdir = os.path.join(d, "tmp")
        os.mkdir(self.tmpdir)
        self.env = env(TMPDIR=self.tmpdir)
        self.big = os.path.join(d, "big.yaml")
        write(self.big, m["big"])
        self.out = os.path.join(d, "out.pdf")
        self.duration, self.new, self.old = m["duration"], m["new"], m["old"]
        write(self.out, self.old)

    def build(self, report):
        p = carec("build", report, "-o", self.out, env=self.env)
        eq(p.returncode, 0, p.stderr.decode())

    def start(self):
        """Start a build, and return once it catches the signals (before
        that, as it starts, a signal kills it with nothing to remove)."""
        p = subprocess.Popen([EXE, "build", self.big, "-o", self.out],
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env=self.env)
        want = 1 << (signal.SIGTERM - 1)
        while p.poll() is None:
            try:
                with open(f"/proc/{p.pid}/status") as f:
                    caught = [int(l.split()[1], 16) for l in f
                              if l.startswith("SigCgt:")]
            except OSError:
                break
            if caught and caught[0] & want:
                break
            time.sleep(0.0005)
        return p

    def temporaries(self):
        return [n for n in os.listdir(self.d) if ".carec-tmp-" in n]

    def wait_for_temporary(self, p):
        """Poll until the build's temporary PDF appears (its final write
        has begun) and freeze the build then: True, or False when the
        build ended first."""
        while p.poll() is None:
            if self.temporaries():
                os.kill(p.pid, signal.SIGSTOP)
                if self.temporaries():
                    return True
                os.kill(p.pid, signal.SIGCONT)
            time.sleep(0.0005)
        return False

    def outcome(self, p, sig, what):
        """Check what a build sent sig left: 'stopped' (128 + sig, the old
        PDF) or 'finished' (0, the new PDF, made the old one again)."""
        err = p.communicate(timeout=300)[1].decode()
        eq(self.temporaries(), [], f"{what}: temporary files left")
        eq(os.listdir(self.tmpdir), [], f"{what}: files left in TMPDIR")
        if p.returncode == 0:
            same(read(self.out), self.new, f"{what}: a finished build's PDF")
            write(self.out, self.old)
            return "finished"
        eq(p.returncode, 128 + sig, f"{what}: exit code: " + err)
        name = signal.Signals(sig).name
        ok(f"carec-report: stopped by {name}; no output file was replaced"
           in err, f"{what}: " + err)
        same(read(self.out), self.old, f"{what}: the old PDF")
        return "stopped"


@test
def signals_at_points_through_a_build():
    with Tmp() as d:
        s = Setup(d)
        print(f"a build of {PAGES} pages takes {s.duration:.2f} s")
        # Spread over the build's first half: a loaded machine may run
        # it faster or slower than timed; the final write has a test of
        # its own.
        points = [(signal.SIGINT, 0.05), (signal.SIGTERM, 0.15),
                  (signal.SIGHUP, 0.25), (signal.SIGPIPE, 0.35),
                  (signal.SIGINT, 0.45), (signal.SIGTERM, 0.55)]
        outcomes = []
        for sig, at in points:
            p = s.start()
            time.sleep(at * s.duration)
            if p.poll() is None:
                p.send_signal(sig)
            outcomes.append(s.outcome(p, sig, f"{sig.name} at {at:.0%}"))
        print("outcomes:", outcomes)
        ok(outcomes.count("stopped") >= 3,
           f"most builds were stopped, not finished: {outcomes}")


@test
def signals_during_the_final_write():
    with Tmp() as d:
        s = Setup(d)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP,
                    signal.SIGPIPE):
            caught = False
            for attempt in range(10):
                p = s.start()
                if not s.wait_for_temporary(p):
                    s.outcome(p, sig, f"{sig.name}: not caught")
                    continue
                p.send_signal(sig)
                os.kill(p.pid, signal.SIGCONT)
                if s.outcome(p, sig, f"{sig.name} in the final write") == \
                        "stopped":
                    caught = True
                    break
            ok(caught, f"{sig.name}: no build was stopped in its final write")


@test
def sigpipe_from_a_reader_that_exits():
    """-o -, read by a program that exits at once: the write gets SIGPIPE
    (it killed the build silently, exit -13)."""
    with Tmp() as d:
        s = Setup(d)
        p = subprocess.Popen([EXE, "build", s.big, "-o", "-"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=s.env)
        p.stdout.close()
        err = p.communicate(timeout=300)[1].decode()
        eq(p.returncode, 128 + signal.SIGPIPE, "exit code: " + err)
        ok("stopped by SIGPIPE" in err, err)
        eq(os.listdir(s.tmpdir), [], "files left in TMPDIR")


@test
def leftover_of_a_killed_build_is_removed_by_the_next():
    with Tmp() as d:
        s = Setup(d)
        # A SIGKILL in the final write leaves the temporary file.
        for attempt in range(10):
            p = s.start()
            if s.wait_for_temporary(p):
                break
            p.communicate()
            write(s.out, s.old)
        else:
            raise AssertionError("no build was caught in its final write")
        p.kill()
        p.communicate()
        eq(p.returncode, -signal.SIGKILL, "killed")
        left = s.temporaries()
        eq(len(left), 1, f"the killed build's leftover: {left}")
        m = TMP_NAME.match(left[0])
        ok(m is not None, f"the leftover's name: {left[0]}")
        eq(int(m.group(1)), p.pid, "the pid in the leftover's name")
        same(read(s.out), s.old, "the old PDF")
        leftover = os.path.join(d, left[0])
        # Others the next build must leave alone: a leftover as fresh as a
        # live writer's file, one of a live writer (this test), one of
        # another output, and a link of the pattern (not a regular file).
        gone = p.pid
        fresh = os.path.join(d, f".out.pdf.carec-tmp-{gone}-Fresh1")
        live = os.path.join(d, f".out.pdf.carec-tmp-{os.getpid()}-Live01")
        other = os.path.join(d, f".other.pdf.carec-tmp-{gone}-Other1")
        link = os.path.join(d, f".out.pdf.carec-tmp-{gone}-Link01")
        for f in (fresh, live, other):
            write(f, b"partial")
        os.symlink("out.pdf", link)
        old = time.time() - 120
        for f in (leftover, live, other):
            os.utime(f, (old, old))
        os.utime(link, (old, old), follow_symlinks=False)
        s.build(s.big)
        ok(not os.path.exists(leftover), "the killed build's leftover stays")
        for f in (fresh, live, other, link):
            ok(os.path.lexists(f), f"{os.path.basename(f)} was removed")
        same(read(s.out), s.new, "the next build's PDF")


if __name__ == "__main__":
    try:
        main()
    finally:
        if _made:
            _made["tmp"].__exit__()
