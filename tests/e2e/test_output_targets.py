"""What -o and --dump-layout write to, told by what the path is on disk
(util/outfile.h), never by its text: a regular file is replaced atomically,
a symbolic link is followed (the link stays), a FIFO, a character device
or a socket is written in place and never replaced, a folder or a disk is
an error (exit 3), and a file the report reads (the report itself, an
include, the theme, a font, an image, an SVG drawing) is a usage error
(exit 2) that touches nothing. A report named x.pdf is not its own default
output; an output name of 255 bytes can be written; a failed dump leaves
no file."""
import os
import resource
import shutil
import socket
import stat
import subprocess
import threading

from common import EXE, FIXTURES, ROOT, Tmp, carec, env, eq, main, ok, test

REPORT = """document:
  title: Targets
theme:
  include: theme.yaml
content:
  - paragraph: The first paragraph.
  - include: part.yaml
  - image: pic.png
    width: 20mm
  - svg: draw.svg
    width: 30mm
""" + "".join(f"  - paragraph: Paragraph {i} of a few pages, long enough to "
              f"make the PDF larger than its font ({i * 7919}).\n"
              for i in range(300))
# What the project's report reads, besides itself.
READS = ["theme.yaml", "part.yaml", "pic.png", "draw.svg", "body.ttf"]


def write(path, data):
    with open(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def project(d):
    """A project in d whose report.yaml reads every kind of file: an
    include in the theme and one in the content, a font, an image and an
    SVG drawing. Returns the report's path."""
    write(os.path.join(d, ".carec-project"), "")
    write(os.path.join(d, "report.yaml"), REPORT)
    write(os.path.join(d, "theme.yaml"),
          "fonts:\n  body:\n    regular: body.ttf\n")
    write(os.path.join(d, "part.yaml"), "- paragraph: An included one.\n")
    shutil.copy(os.path.join(ROOT, "fonts", "NotoSans-Regular.ttf"),
                os.path.join(d, "body.ttf"))
    shutil.copy(os.path.join(FIXTURES, "nav-logo.png"),
                os.path.join(d, "pic.png"))
    shutil.copy(os.path.join(FIXTURES, "nav-logo.svg"),
                os.path.join(d, "draw.svg"))
    return os.path.join(d, "report.yaml")


def snapshot(d):
    """Every entry of d (recursively) with its kind and bytes."""
    out = {}
    for base, dirs, files in os.walk(d):
        for name in dirs + files:
            p = os.path.join(base, name)
            st = os.lstat(p)
            if stat.S_ISREG(st.st_mode):
                out[p] = read(p)
            elif stat.S_ISLNK(st.st_mode):
                out[p] = "link to " + os.readlink(p)
            else:
                out[p] = stat.S_IFMT(st.st_mode)
    return out


def built(report, *args, **kw):
    p = carec("build", report, *args, **kw)
    eq(p.returncode, 0, "exit code: " + p.stderr.decode())
    return p


def reference(report, d):
    """The PDF the report gives, written to a file."""
    out = os.path.join(d, "reference.pdf")
    built(report, "-o", out)
    data = read(out)
    os.unlink(out)
    ok(data.startswith(b"%PDF-"), "the reference is a PDF")
    return data


def no_temporaries(d):
    left = [n for n in os.listdir(d) if ".carec-tmp-" in n]
    eq(left, [], f"temporary files in {d}")


@test
def regular_file_is_replaced_and_keeps_its_mode():
    with Tmp() as d:
        report = project(d)
        want = reference(report, d)
        out = os.path.join(d, "out.pdf")
        write(out, "an old PDF")
        os.chmod(out, 0o640)
        ino = os.stat(out).st_ino
        built(report, "-o", out)
        eq(read(out), want, "the PDF")
        eq(stat.S_IMODE(os.stat(out).st_mode), 0o640, "mode")
        ok(os.stat(out).st_ino != ino, "replaced by a new file (rename)")
        no_temporaries(d)


@test
def symlink_is_followed_and_stays():
    with Tmp() as d:
        report = project(d)
        want = reference(report, d)
        sub = os.path.join(d, "pdfs")
        os.mkdir(sub)
        real = os.path.join(sub, "real.pdf")
        write(real, "old")
        # A chain: link.pdf -> pdfs/middle.pdf -> real.pdf (relative to
        # pdfs/, the folder of the second link).
        os.symlink("real.pdf", os.path.join(sub, "middle.pdf"))
        link = os.path.join(d, "link.pdf")
        os.symlink("pdfs/middle.pdf", link)
        built(report, "-o", link)
        eq(os.readlink(link), "pdfs/middle.pdf", "the first link")
        eq(os.readlink(os.path.join(sub, "middle.pdf")), "real.pdf",
           "the second link")
        eq(read(real), want, "the file the links lead to")
        # A link to a file that does not exist yet: created there.
        dangling = os.path.join(d, "dangling.pdf")
        os.symlink("pdfs/new.pdf", dangling)
        built(report, "-o", dangling)
        ok(os.path.islink(dangling), "the dangling link stays a link")
        eq(read(os.path.join(sub, "new.pdf")), want, "the new target")
        # The layout dump follows links the same way.
        js = os.path.join(d, "dump.json")
        os.symlink("pdfs/dump.json", js)
        p = carec("check", report, "--dump-layout", js)
        eq(p.returncode, 0, p.stderr.decode())
        ok(os.path.islink(js), "the dump's link stays a link")
        ok(read(os.path.join(sub, "dump.json")).startswith(b"{"), "a dump")
        no_temporaries(d)
        no_temporaries(sub)


def reader(path, into):
    """Read path (a FIFO or a socket's connection) to its end, on a
    thread."""
    def run():
        with open(path, "rb") as f:
            into.append(f.read())
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


@test
def fifo_is_written_in_place():
    with Tmp() as d:
        report = project(d)
        want = reference(report, d)
        fifo = os.path.join(d, "out.pdf")
        os.mkfifo(fifo)
        got = []
        t = reader(fifo, got)
        built(report, "-o", fifo, timeout=120)
        t.join(60)
        eq(got, [want], "what the FIFO's reader got")
        ok(stat.S_ISFIFO(os.lstat(fifo).st_mode), "still a FIFO")
        # The dump, too.
        got = []
        t = reader(fifo, got)
        p = carec("check", report, "--dump-layout", fifo, timeout=120)
        eq(p.returncode, 0, p.stderr.decode())
        t.join(60)
        ok(got and got[0].startswith(b"{"), "the dump through the FIFO")
        ok(stat.S_ISFIFO(os.lstat(fifo).st_mode), "still a FIFO")
        no_temporaries(d)


@test
def socket_is_written_in_place():
    with Tmp() as d:
        report = project(d)
        want = reference(report, d)
        path = os.path.join(d, "out.sock")
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        srv.bind(path)
        srv.listen(1)
        got = []

        def serve():
            conn, _ = srv.accept()
            chunks = []
            while True:
                b = conn.recv(65536)
                if not b:
                    break
                chunks.append(b)
            conn.close()
            got.append(b"".join(chunks))
        t = threading.Thread(target=serve, daemon=True)
        t.start()
        built(report, "-o", path, timeout=120)
        t.join(60)
        srv.close()
        eq(got, [want], "what the socket's server got")
        ok(stat.S_ISSOCK(os.lstat(path).st_mode), "still a socket")
        no_temporaries(d)


def devices(d):
    """A null and a full character device: as root, nodes of their own in
    d (so that a build that replaces the node, as the old code did, cannot
    break the machine's /dev/null), else the system's, which a user cannot
    replace."""
    if os.geteuid() != 0:
        return "/dev/null", "/dev/full"
    null, full = os.path.join(d, "null"), os.path.join(d, "full")
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    return null, full


@test
def character_devices_are_written_in_place():
    with Tmp() as d:
        report = project(d)
        null, full = devices(d)
        before = os.stat(null)
        built(report, "-o", null)
        after = os.stat(null)
        ok(stat.S_ISCHR(after.st_mode), "the null device is still a device")
        eq((after.st_ino, after.st_rdev), (before.st_ino, before.st_rdev),
           "the null device's node")
        # As root, the old code renamed a PDF over /dev/full (exit 0).
        before = os.stat(full)
        p = carec("build", report, "-o", full)
        err = p.stderr.decode()
        eq(p.returncode, 3, "exit code: " + err)
        ok(f"cannot write the PDF to '{full}': No space left on device"
           in err, err)
        after = os.stat(full)
        ok(stat.S_ISCHR(after.st_mode), "the full device is still a device")
        eq((after.st_ino, after.st_rdev), (before.st_ino, before.st_rdev),
           "the full device's node")
        # A symbolic link to a device (as /dev/stdout is) is followed to it.
        link = os.path.join(d, "null.pdf")
        os.symlink(null, link)
        built(report, "-o", link)
        eq(os.readlink(link), null, "the link to the null device")
        ok(stat.S_ISCHR(os.stat(null).st_mode), "still a device")


@test
def standard_output_by_its_link():
    """-o /dev/stdout: a link to /proc/self/fd/1, which leads to whatever
    standard output is. A link of its own here (as root, a build that
    replaced the link, as the old code did, must not break /dev/stdout)."""
    with Tmp() as d:
        report = project(d)
        want = reference(report, d)
        link = os.path.join(d, "stdout.pdf")
        os.symlink("/proc/self/fd/1", link)
        # A pipe: written in place.
        p = carec("build", report, "-o", link)
        eq(p.returncode, 0, p.stderr.decode())
        eq(p.stdout, want, "the PDF on standard output")
        eq(os.readlink(link), "/proc/self/fd/1", "the link")
        # A regular file: the file is replaced, the link stays.
        out = os.path.join(d, "redirected.pdf")
        with open(out, "wb") as f:
            p = subprocess.run([EXE, "build", report, "-o", link], stdout=f,
                               stderr=subprocess.PIPE, env=env())
        eq(p.returncode, 0, p.stderr.decode())
        eq(read(out), want, "the file standard output went to")
        eq(os.readlink(link), "/proc/self/fd/1", "the link")
        no_temporaries(d)


@test
def folders_and_disks_are_refused():
    with Tmp() as d:
        report = project(d)
        sub = os.path.join(d, "pdfs")
        os.mkdir(sub)
        os.symlink("pdfs", os.path.join(d, "to-pdfs"))
        before = snapshot(d)
        for args in (["build", report, "-o", sub],
                     ["build", report, "-o", os.path.join(d, "to-pdfs")],
                     ["check", report, "--dump-layout", sub]):
            p = carec(*args)
            err = p.stderr.decode()
            eq(p.returncode, 3, f"exit code of {args}: " + err)
            ok("': it is a folder" in err, err)
        ok("layout.json" in err, "the dump's note names a JSON file: " + err)
        eq(snapshot(d), before, "the project after")
        if os.geteuid() != 0:
            print("skip: not root: cannot make a block device node (and a "
                  "user cannot write to or replace the system's)")
            return
        # A node of its own, of a device number in the range for local
        # use (240): nothing is behind it, should anything try to write.
        disk = os.path.join(d, "disk")
        os.mknod(disk, stat.S_IFBLK | 0o600, os.makedev(240, 0))
        st = os.stat(disk)
        p = carec("build", report, "-o", disk)
        err = p.stderr.decode()
        eq(p.returncode, 3, "exit code: " + err)
        ok(f"cannot write '{disk}': it is a disk (a block device)" in err, err)
        after = os.lstat(disk)
        ok(stat.S_ISBLK(after.st_mode), "still a block device")
        eq(after.st_ino, st.st_ino, "the disk's node")


@test
def files_the_report_reads_are_never_outputs():
    with Tmp() as d:
        report = project(d)
        old = os.path.join(d, "report.pdf")
        write(old, "the last good PDF")
        # Hard and symbolic links to the report are the report.
        os.link(report, os.path.join(d, "hard.yaml"))
        os.symlink("report.yaml", os.path.join(d, "soft.yaml"))
        before = snapshot(d)
        cases = [(name, "-o", "names a file the report reads")
                 for name in READS]
        cases += [("report.yaml", "-o", "names the report itself"),
                  ("hard.yaml", "-o", "names the report itself"),
                  ("soft.yaml", "-o", "names the report itself"),
                  ("report.yaml", "--dump-layout", "names the report itself"),
                  ("part.yaml", "--dump-layout",
                   "names a file the report reads"),
                  ("body.ttf", "--dump-layout",
                   "names a file the report reads")]
        for name, opt, msg in cases:
            target = os.path.join(d, name)
            for cmd in (["build"], ["check"]) if opt != "-o" else (["build"],):
                p = carec(*cmd, report, opt, target)
                err = p.stderr.decode()
                eq(p.returncode, 2, f"{cmd} {opt} {name}: exit code: " + err)
                ok(f"carec-report: {opt} '{target}' {msg}; choose another "
                   "name for the" in err, err)
                ok("(nothing was written)" in err, err)
                eq(snapshot(d), before, f"the project after {opt} {name}")
        # The PDF and the dump in one file.
        same = os.path.join(d, "same.out")
        p = carec("build", report, "-o", same, "--dump-layout", same)
        eq(p.returncode, 2, p.stderr.decode())
        ok("are the same file; give them different names"
           in p.stderr.decode(), p.stderr.decode())
        eq(snapshot(d), before, "the project after -o = --dump-layout")


@test
def report_named_pdf_is_not_its_own_output():
    with Tmp() as d:
        report = project(d)
        named = os.path.join(d, "x.pdf")
        shutil.copy(report, named)
        text = read(named)
        p = carec("build", named, "-v")
        eq(p.returncode, 0, p.stderr.decode())
        eq(read(named), text, "the report named x.pdf")
        ok(read(named + ".pdf").startswith(b"%PDF-"), "x.pdf.pdf")
        ok(f"wrote {named}.pdf" in p.stderr.decode(), p.stderr.decode())
        # Named as its own default output through a link: the same.
        link = os.path.join(d, "y.yaml")
        os.symlink("y.pdf", link)
        os.rename(named, os.path.join(d, "y.pdf"))
        p = carec("build", link)
        eq(p.returncode, 0, p.stderr.decode())
        eq(read(os.path.join(d, "y.pdf")), text, "the report behind y.yaml")
        ok(os.path.exists(link + ".pdf"), "y.yaml.pdf")


@test
def names_of_255_bytes_are_written():
    with Tmp() as d:
        report = project(d)
        want = reference(report, d)
        # 251 + ".pdf"; and a name of two-byte letters, whose temporary
        # name must be shortened between letters, not inside one.
        for name in ("n" * 251 + ".pdf", "n" + "д" * 125 + ".pdf"):
            eq(len(name.encode()), 255, "the name's length")
            out = os.path.join(d, name)
            built(report, "-o", out)
            eq(read(out), want, "the PDF")
            write(out, "old")
            built(report, "-o", out)        # and replaced
            eq(read(out), want, "the PDF replaced")
            p = carec("check", report, "--dump-layout",
                      os.path.join(d, name[:-4] + ".jsn"))
            eq(p.returncode, 0, p.stderr.decode())
        no_temporaries(d)


def limited(nbytes):
    """preexec_fn: a file size limit (ulimit -f) of nbytes."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE,
                                      (nbytes, nbytes))


@test
def failed_dump_leaves_nothing():
    with Tmp() as d:
        report = project(d)
        js = os.path.join(d, "layout.json")
        pdf = os.path.join(d, "out.pdf")
        p = carec("check", report, "--dump-layout", js)
        eq(p.returncode, 0, p.stderr.decode())
        ok(os.path.getsize(js) > 4096, "the dump is larger than the limit")
        os.unlink(js)
        # A dump that cannot be written whole: no file (there was a 0-byte
        # one), and with build no PDF either.
        for args in (["check", report, "--dump-layout", js],
                     ["build", report, "-o", pdf, "--dump-layout", js]):
            p = carec(*args, preexec_fn=limited(4096))
            err = p.stderr.decode()
            eq(p.returncode, 3, f"{args}: exit code: " + err)
            ok(f"cannot write '{js}': the file size limit was reached"
               in err, err)
            eq(sorted(n for n in os.listdir(d) if n.endswith((".json",
                                                              ".pdf"))),
               [], "files left")
            no_temporaries(d)
        # An old dump keeps its bytes.
        write(js, "an old dump")
        p = carec("check", report, "--dump-layout", js,
                  preexec_fn=limited(4096))
        eq(p.returncode, 3, p.stderr.decode())
        eq(read(js), b"an old dump", "the old dump")
        # In place (a device), a failed dump is an error too.
        full = devices(d)[1]
        p = carec("check", report, "--dump-layout", full)
        eq(p.returncode, 3, p.stderr.decode())
        ok(f"cannot write the layout dump to '{full}': No space left on "
           "device" in p.stderr.decode(), p.stderr.decode())
        ok(stat.S_ISCHR(os.stat(full).st_mode), "still a device")
        no_temporaries(d)


@test
def file_size_limit_is_a_message_not_a_kill():
    """ulimit -f: SIGXFSZ used to kill the build (exit 153) with no
    message and a partial temporary file left."""
    with Tmp() as d:
        report = project(d)
        # 4 KB short of the PDF, and more than the temporary file of its
        # font subset (about 10 KB): the PDF is what hits the limit.
        size = len(reference(report, d))
        ok(size > 20000, f"the PDF is too small to test ({size} bytes)")
        out = os.path.join(d, "out.pdf")
        write(out, "the last good PDF")
        p = subprocess.run([EXE, "build", report, "-o", out],
                           capture_output=True, env=env(),
                           preexec_fn=limited(size - 4096))
        err = p.stderr.decode()
        eq(p.returncode, 3, "exit code: " + err)
        ok(f"cannot write '{out}': the file size limit was reached (File too "
           "large)" in err, err)
        ok("ulimit -f" in err, "the note says where the limit comes from")
        eq(read(out), b"the last good PDF", "the old PDF")
        no_temporaries(d)


if __name__ == "__main__":
    main()
