"""Output safety beyond tests/e2e/test_cli.py: a full disk, a read-only
folder, an output path that is a folder, and standard output (a full one,
and a failed build that must write nothing there). In every failure the
exit code is 3, the message names the folder, no partial or temporary file
is left, and an existing good PDF keeps its bytes.

The disk-full and read-only cases mount a tiny tmpfs; they need root and a
system that allows mounting, and say why when they are skipped."""
import contextlib
import os
import stat
import subprocess

from common import EXE, FIXTURES, Tmp, build, carec, env, eq, main, ok, test

ABOUT = os.path.join("reports", "about.yaml")
THREE = os.path.join(FIXTURES, "three-mistakes.yaml")


def skip(why):
    print(f"skip: {why}")


@contextlib.contextmanager
def tiny_disk(parent, size="64k"):
    """A tmpfs of `size` mounted in parent/disk; yields its path, or None
    (having printed why) when it cannot be mounted."""
    if os.geteuid() != 0:
        skip("not root: cannot mount a tmpfs")
        yield None
        return
    d = os.path.join(parent, "disk")
    os.mkdir(d)
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}",
                        "tmpfs", d], capture_output=True)
    if p.returncode != 0:
        skip("mount failed: " + p.stderr.decode(errors="replace").strip())
        yield None
        return
    try:
        yield d
    finally:
        subprocess.run(["umount", d], capture_output=True)


def fill(path):
    """Write to path until the disk is full."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)


def read(path):
    with open(path, "rb") as f:
        return f.read()


@test
def disk_full_keeps_the_old_pdf():
    with Tmp() as t, tiny_disk(t, "128k") as d:
        if d is None:
            return
        out = os.path.join(d, "r.pdf")
        build(ABOUT, out, "--lang", "en")                  # fits: about 35 KB of 128 KB
        good = read(out)
        fill(os.path.join(d, "filler"))
        p = carec("build", ABOUT, "--lang", "en", "-o", out)
        err = p.stderr.decode()
        eq(p.returncode, 3, "exit code: " + err)
        ok(f"cannot write '{out}': the disk holding folder '{d}' is full"
           in err, err)
        ok("was left unchanged" in err, err)
        ok(err.rstrip().endswith("1 error; no PDF written"), err)
        eq(read(out), good, "the good PDF")
        eq(sorted(os.listdir(d)), ["filler", "r.pdf"],
           "partial or temporary files")
        # Space again (for the old and the new PDF at once, as the new one
        # is written beside the old): the same command works.
        os.unlink(os.path.join(d, "filler"))
        build(ABOUT, out, "--lang", "en")


@test
def disk_full_without_an_old_pdf_leaves_nothing():
    with Tmp() as t, tiny_disk(t, "16k") as d:
        if d is None:
            return
        out = os.path.join(d, "new.pdf")
        p = carec("build", ABOUT, "--lang", "en", "-o", out)
        eq(p.returncode, 3, "exit code: " + p.stderr.decode())
        ok("is full" in p.stderr.decode(), p.stderr.decode())
        eq(os.listdir(d), [], "partial or temporary files")


@test
def read_only_folder_keeps_the_old_pdf():
    with Tmp() as t, tiny_disk(t) as d:
        if d is not None:
            out = os.path.join(d, "r.pdf")
            build(ABOUT, out, "--lang", "en")
            good = read(out)
            r = subprocess.run(["mount", "-o", "remount,ro", d],
                               capture_output=True)
            if r.returncode != 0:
                skip("read-only remount failed: " + r.stderr.decode())
                return
            p = carec("build", ABOUT, "--lang", "en", "-o", out)
            subprocess.run(["mount", "-o", "remount,rw", d])
            err = p.stderr.decode()
            eq(p.returncode, 3, "exit code: " + err)
            ok(f"cannot write '{out}': folder '{d}' is on a read-only file "
               "system" in err, err)
            eq(read(out), good, "the good PDF")
            eq(os.listdir(d), ["r.pdf"], "temporary files")
            return
    # Not root (or no mount): a folder without write permission. Root
    # ignores permissions, so there is nothing to test then.
    if os.geteuid() == 0:
        skip("root without mount: permissions do not stop root")
        return
    with Tmp() as d:
        out = os.path.join(d, "r.pdf")
        build(ABOUT, out, "--lang", "en")
        good = read(out)
        os.chmod(d, stat.S_IRUSR | stat.S_IXUSR)
        try:
            p = carec("build", ABOUT, "--lang", "en", "-o", out)
        finally:
            os.chmod(d, stat.S_IRWXU)
        err = p.stderr.decode()
        eq(p.returncode, 3, "exit code: " + err)
        ok(f"no permission to create a file in folder '{d}'" in err, err)
        eq(read(out), good, "the good PDF")
        eq(os.listdir(d), ["r.pdf"], "temporary files")


@test
def output_that_is_a_folder():
    with Tmp() as d:
        sub = os.path.join(d, "pdfs")
        os.mkdir(sub)
        for out in (sub, sub + "/"):
            p = carec("build", ABOUT, "--lang", "en", "-o", out)
            err = p.stderr.decode()
            eq(p.returncode, 3, f"exit code for {out}: " + err)
            ok(f"cannot write '{out}': it is a folder" in err, err)
            ok("report.pdf" in err, "the note gives an example: " + err)
            eq(os.listdir(sub), [], "files written into the folder")
            eq(sorted(os.listdir(d)), ["pdfs"], "temporary files")


@test
def stdout_gets_the_same_bytes_as_a_file():
    with Tmp() as d:
        out = os.path.join(d, "r.pdf")
        build(ABOUT, out, "--lang", "en")
        p = carec("build", ABOUT, "--lang", "en", "-o", "-")
        eq(p.returncode, 0, "exit code")
        eq(p.stdout, read(out), "the PDF on standard output")
        eq(p.stderr, b"", "standard error")
        eq(os.listdir(d), ["r.pdf"], "-o - wrote a file")


@test
def failed_build_to_stdout_writes_nothing_there():
    p = carec("build", THREE, "-o", "-")
    eq(p.returncode, 1, "exit code")
    eq(p.stdout, b"", "standard output of a failed build")
    ok("3 errors; no PDF written" in p.stderr.decode(), p.stderr.decode())


@test
def full_stdout_is_an_io_error():
    if not os.path.exists("/dev/full"):
        skip("no /dev/full")
        return
    with open("/dev/full", "wb") as full:
        p = subprocess.run([EXE, "build", ABOUT, "--lang", "en", "-o", "-"], stdout=full,
                           stderr=subprocess.PIPE, env=env())
    err = p.stderr.decode()
    eq(p.returncode, 3, "exit code: " + err)
    ok("cannot write the PDF to standard output: No space left on device"
       in err, err)


if __name__ == "__main__":
    main()
