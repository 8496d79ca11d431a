"""Path confinement cases that cannot be committed as golden files: FIFOs
(which would make a naive reader wait forever), a report reached through a
symbolic link to its folder, a link out of the project allowed again with
--allow-path, and a missing file outside the project (refused, so that the
diagnostics do not tell which files exist there). See util/paths.h."""
import os
import shutil

from common import ROOT, Tmp, carec, eq, main, ok, test

FONT = os.path.join(ROOT, "fonts", "NotoSans-Regular.ttf")


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def check(report, *flags):
    """Run check with a timeout: a FIFO opened for reading would block."""
    p = carec("check", report, *flags, timeout=120)
    return p.returncode, p.stderr.decode()


def expect_error(report, line, col, message):
    rc, err = check(report)
    eq(rc, 1, "exit code: " + err)
    want = f"{report}:{line}:{col}: error: {message}\n"
    ok(err.startswith(want), f"want {want!r}, got:\n{err}")
    ok(err.rstrip().endswith("carec-report: 1 error"), err)


@test
def fifo_include_image_svg_font():
    with Tmp() as d:
        for name in ("pipe.yaml", "pipe.png", "pipe.svg", "pipe.ttf"):
            os.mkfifo(os.path.join(d, name))
        cases = [
            ("content:\n  - include: pipe.yaml\n", 4, 14,
             "the included file 'pipe.yaml' is not a regular file"),
            ("content:\n  - image: pipe.png\n    alt: \"\"\n", 4, 12,
             "the image 'pipe.png' is not a regular file"),
            ("content:\n  - svg: pipe.svg\n    alt: \"\"\n", 4, 10,
             "the SVG drawing 'pipe.svg' is not a regular file"),
            ("theme: {fonts: {body: {regular: pipe.ttf}}}\n"
             "content:\n  - paragraph: Hello.\n", 3, 33,
             "the font 'pipe.ttf' is not a regular file"),
        ]
        for i, (body, line, col, msg) in enumerate(cases):
            rep = os.path.join(d, f"r{i}.yaml")
            write(rep, "document:\n  title: FIFO\n" + body)
            expect_error(rep, line, col, msg)


@test
def report_through_a_folder_link():
    with Tmp() as d:
        real = os.path.join(d, "real")
        os.mkdir(real)
        os.symlink(real, os.path.join(d, "link"))
        write(os.path.join(d, "secret.yaml"), "- paragraph: secret\n")
        write(os.path.join(real, "part.yaml"), "- paragraph: part\n")
        write(os.path.join(real, "report.yaml"),
              "document: {title: Linked}\ncontent:\n"
              "  - include: part.yaml\n")
        write(os.path.join(real, "escape.yaml"),
              "document: {title: Linked}\ncontent:\n"
              "  - include: ../secret.yaml\n")
        rc, err = check(os.path.join(d, "link", "report.yaml"))
        eq(rc, 0, "a report reached through a folder link: " + err)
        # The project is the link's target: '..' from it is outside.
        expect_error(os.path.join(d, "link", "escape.yaml"), 3, 14,
                     "the included file '../secret.yaml' is outside the "
                     "project folder")


@test
def font_link_out_of_the_project_and_allow_path():
    with Tmp() as d:
        proj = os.path.join(d, "proj")
        shared = os.path.join(d, "shared-fonts")
        os.mkdir(proj)
        os.mkdir(shared)
        shutil.copyfile(FONT, os.path.join(shared, "body.ttf"))
        os.symlink(os.path.join(shared, "body.ttf"),
                   os.path.join(proj, "body.ttf"))
        rep = os.path.join(proj, "report.yaml")
        write(rep, "document:\n  title: Fonts\n"
                   "theme: {fonts: {body: {regular: body.ttf}}}\n"
                   "content:\n  - paragraph: Hello.\n")
        expect_error(rep, 3, 33, "the font 'body.ttf' is outside the "
                                 "project folder")
        rc, err = check(rep, "--allow-path", shared)
        eq(rc, 0, "allowed with --allow-path: " + err)
        # Allowing the link's folder is not allowing its target.
        rc, err = check(rep, "--allow-path", proj)
        eq(rc, 1, "allowing the project folder again: " + err)


@test
def missing_file_outside_is_refused_not_missing():
    with Tmp() as d:
        proj = os.path.join(d, "proj")
        os.mkdir(proj)
        rep = os.path.join(proj, "report.yaml")
        write(os.path.join(d, "exists.yaml"), "- paragraph: x\n")
        for target in ("../exists.yaml", "../missing.yaml"):
            write(rep, "document: {title: Outside}\ncontent:\n"
                       f"  - include: {target}\n")
            expect_error(rep, 3, 14, f"the included file '{target}' is "
                                     "outside the project folder")


if __name__ == "__main__":
    main()
