"""Confinement that cannot fail open (util/paths.c): links out of the
project through folders whose real path is longer than PATH_MAX (where
realpath() fails), links to /etc/passwd and /proc/self/environ, and
dangling links out of the project, each as an include, a font, an image and
an SVG, with both `build` and `check`. Nothing of an outside file may reach
the messages or the PDF, and a link to a missing outside file must give the
very message a link to an existing one gives. The trees are made at run
time in a temporary folder (their paths are too long to commit)."""
import os

from common import Tmp, carec, eq, main, ok, pdftotext, test

# What the outside files hold, to look for in messages and PDFs.
SECRET = "SECRET-OUTSIDE-5b1e"
ENV_SECRET = "ENV-SECRET-91c2d7"

NAME = "n" * 200  # 25 of these make a real path of over 5000 bytes

OUTSIDE = "is outside the project folder"


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def deep(top, levels):
    """Make top/NAME/NAME/... levels deep, one folder at a time from the
    one before (the whole path is too long for mkdir); return the deepest
    folder, open."""
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(levels):
        os.mkdir(NAME, dir_fd=fd)
        nfd = os.open(NAME, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = nfd
    return fd


def put(dir_fd, name, text):
    fd = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=dir_fd)
    os.write(fd, text.encode())
    os.close(fd)


def chain(n):
    return "/".join([NAME] * n)


# Where each kind of path goes in a report, and where the error points.
# An include that fails stops the reading, so it has a report of its own;
# the font, the image and the SVG share one.
EXT = {"included file": "yaml", "font": "ttf", "image": "png",
       "SVG drawing": "svg"}
AT = {"included file": (4, 14), "font": (3, 33), "image": (5, 12),
      "SVG drawing": (6, 10)}


def reports(proj, name):
    """The two reports that name the path name.EXT of each kind (name
    may hold folders): [(report, [(kind, path)])]."""
    paths = {k: f"{name}.{e}" for k, e in EXT.items()}
    inc = os.path.join(proj, "inc.yaml")
    write(inc, "document:\n  title: Confined\ncontent:\n"
               f"  - include: {paths['included file']}\n")
    rest = os.path.join(proj, "rest.yaml")
    write(rest, "document:\n  title: Confined\n"
                f"theme: {{fonts: {{body: {{regular: {paths['font']}}}}}}}\n"
                f"content:\n  - image: {paths['image']}\n"
                f"  - svg: {paths['SVG drawing']}\n")
    return [(inc, [("included file", paths["included file"])]),
            (rest, [(k, paths[k]) for k in ("font", "image",
                                            "SVG drawing")])]


def report(proj, kind, path):
    """One report naming path as a kind; (report, line, col)."""
    body = {"included file": "content:\n  - include: {}\n",
            "image": "content:\n  - image: {}\n"}[kind]
    rep = os.path.join(proj, "report.yaml")
    write(rep, "document:\n  title: Confined\n" + body.format(path))
    return (rep, *{"included file": (4, 14), "image": (4, 12)}[kind])


def run_both(d, rep):
    """check, then build; return [(command, exit code, stderr)]. A build
    that fails leaves no PDF; one that would succeed is a failure here."""
    out = os.path.join(d, "out.pdf")
    e = dict(os.environ, NO_COLOR="1", LC_ALL="C.UTF-8",
             CAREC_TEST_SECRET=ENV_SECRET)
    res = []
    for cmd in (["check", rep], ["build", rep, "-o", out]):
        p = carec(*cmd, env=e, timeout=120)
        res.append((cmd[0], p.returncode, p.stderr.decode(errors="replace")))
        if os.path.exists(out):
            text = pdftotext(out)
            os.remove(out)
            ok(SECRET not in text and "root:" not in text
               and ENV_SECRET not in text, "outside text in the PDF")
    return res


def check_refused(rep, said, wants):
    """said: run_both's result; wants: [(line, col, message)], all the
    errors there must be."""
    for cmd, rc, err in said:
        eq(rc, 1, f"{cmd}: exit code: {err}")
        for line, col, message in wants:
            want = f"{rep}:{line}:{col}: error: {message}\n"
            ok(want in err, f"{cmd}: want {want!r}, got:\n{err}")
        n = len(wants)
        ok(f"carec-report: {n} error{'s' if n > 1 else ''}" in err, err)
        ok(SECRET not in err and "root:" not in err
           and ENV_SECRET not in err,
           f"{cmd}: outside text in the messages:\n{err}")


def expect_refused(d, rep, line, col, message):
    check_refused(rep, run_both(d, rep), [(line, col, message)])


def expect_all_outside(d, proj, name):
    """Each kind of path to name.EXT is refused as outside."""
    for rep, named in reports(proj, name):
        check_refused(rep, run_both(d, rep),
                      [(*AT[k], f"the {k} '{p}' {OUTSIDE}") for k, p in named])


def long_tree(d):
    """d/proj (the project) with proj/esc, a link to d/out-long/NAME x15/
    more, itself a link to the NAME x10 below it, which holds the outside
    files; and proj/long-in, a link the same way into proj/deep, to
    inside.yaml. Both links lead to real paths of over 5000 bytes, which
    realpath() cannot give."""
    proj = os.path.join(d, "proj")
    os.mkdir(proj)
    write(os.path.join(proj, ".carec-project"), "")
    os.mkdir(os.path.join(d, "out-long"))
    os.mkdir(os.path.join(proj, "deep"))
    out_fd = deep(os.path.join(d, "out-long"), 25)
    in_fd = deep(os.path.join(proj, "deep"), 25)
    for ext in EXT.values():
        put(out_fd, "secret." + ext, f"- paragraph: {SECRET}\n")
        os.symlink("/etc/passwd", "passwd." + ext, dir_fd=out_fd)
        os.symlink("/proc/self/environ", "environ." + ext, dir_fd=out_fd)
    put(in_fd, "inside.yaml", "- paragraph: Read from far down inside.\n")
    os.close(out_fd)
    os.close(in_fd)
    for top in (os.path.join(d, "out-long"), os.path.join(proj, "deep")):
        os.symlink(chain(10), os.path.join(top, chain(15), "more"))
    os.symlink(f"../out-long/{chain(15)}/more", os.path.join(proj, "esc"))
    os.symlink(f"deep/{chain(15)}/more", os.path.join(proj, "long-in"))
    return proj


@test
def long_real_path_out_of_the_project():
    with Tmp() as d:
        proj = long_tree(d)
        for name in ("secret", "passwd", "environ"):
            expect_all_outside(d, proj, f"esc/{name}")
        # As the row of tests/BAD-INPUTS.md gives it:
        rep, line, col = report(proj, "included file", "esc/passwd.yaml")
        expect_refused(d, rep, line, col,
                       "the included file 'esc/passwd.yaml' is outside the project folder")


@test
def long_real_path_inside_the_project_is_read():
    with Tmp() as d:
        proj = long_tree(d)
        rep, _, _ = report(proj, "included file", "long-in/inside.yaml")
        out = os.path.join(d, "in.pdf")
        p = carec("build", rep, "-o", out)
        eq(p.returncode, 0, p.stderr.decode(errors="replace"))
        ok("Read from far down inside." in pdftotext(out), "included text")


@test
def links_to_system_files():
    with Tmp() as d:
        proj = os.path.join(d, "proj")
        os.mkdir(proj)
        for target in ("/etc/passwd", "/proc/self/environ"):
            name = os.path.basename(target)
            for ext in EXT.values():
                os.symlink(target, os.path.join(proj, f"{name}.{ext}"))
            expect_all_outside(d, proj, name)
        # As the rows of tests/BAD-INPUTS.md give them:
        rep, line, col = report(proj, "included file", "passwd.yaml")
        expect_refused(d, rep, line, col,
                       "the included file 'passwd.yaml' is outside the project folder")
        write(rep, "document:\n  title: Confined\n"
                   "theme: {fonts: {body: {regular: environ.ttf}}}\n"
                   "content:\n  - paragraph: Hello.\n")
        expect_refused(d, rep, 3, 33,
                       "the font 'environ.ttf' is outside the project folder")


@test
def dangling_link_says_what_a_link_to_a_file_says():
    """A link to an outside file that exists and one to an outside file
    that does not give the same messages, byte for byte: the messages do
    not tell which files exist outside."""
    with Tmp() as d:
        proj = os.path.join(d, "proj")
        os.mkdir(proj)
        for ext in EXT.values():
            write(os.path.join(d, "there." + ext), f"- paragraph: {SECRET}\n")
        said = []
        for target in ("../there", "../none", os.path.join(d, "there"),
                       os.path.join(d, "none"), "../no-folder/none"):
            for ext in EXT.values():
                link = os.path.join(proj, "gone." + ext)
                if os.path.lexists(link):
                    os.remove(link)
                os.symlink(f"{target}.{ext}", link)
            said.append([run_both(d, rep) for rep, _ in
                         reports(proj, "gone")])
        for other in said[1:]:
            eq(other, said[0], "the messages differ")
        for (rep, named), res in zip(reports(proj, "gone"), said[0]):
            check_refused(rep, res, [(*AT[k], f"the {k} '{p}' {OUTSIDE}")
                                     for k, p in named])
            if named[0][0] == "font":  # as tests/BAD-INPUTS.md gives it
                ok("the image 'gone.png' is outside the project folder"
                   in res[0][2], res[0][2])


@test
def missing_file_inside_is_still_missing():
    with Tmp() as d:
        proj = os.path.join(d, "proj")
        os.mkdir(proj)
        rep, line, col = report(proj, "included file", "not-yet.yaml")
        for cmd, rc, err in run_both(d, rep):
            eq(rc, 1, err)
            ok("cannot read the included file" in err and
               "No such file or directory" in err, err)


@test
def missing_folder_then_out():
    """A missing folder cannot be a link: '..' after it is taken by its
    text, and a path that would so leave the project is refused as one
    that does."""
    with Tmp() as d:
        proj = os.path.join(d, "proj")
        os.mkdir(proj)
        write(os.path.join(d, "x.yaml"), f"- paragraph: {SECRET}\n")
        rep, line, col = report(proj, "included file", "no/../../x.yaml")
        expect_refused(d, rep, line, col,
                       "the included file 'no/../../x.yaml' is outside the project folder")


@test
def link_loop():
    with Tmp() as d:
        proj = os.path.join(d, "proj")
        os.mkdir(proj)
        os.symlink("loop-b.png", os.path.join(proj, "loop.png"))
        os.symlink("loop.png", os.path.join(proj, "loop-b.png"))
        rep, line, col = report(proj, "image", "loop.png")
        expect_refused(d, rep, line, col,
                       "the image 'loop.png' goes through more than 40 symbolic links (LIMIT_PATH_LINKS)")


if __name__ == "__main__":
    main()
