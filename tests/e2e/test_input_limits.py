"""Bounds on the work of reading a report (issue 14, item 4, the input
side): hostile inputs of at most 10 MB, with every file they name, that
once took minutes or gigabytes are refused with their own limit's message
(util/limits.h), or built, within 10 s of CPU and 1 GB. Each input is
generated here (they are megabytes); each case prints its CPU time, wall
time and peak memory. The child runs with a 3 GB address-space cap and a
60 s CPU cap, so that the code before the bounds fails here instead of
exhausting the machine (not when the CLI is built with the sanitizers,
which reserve more address space and run slower: there only the messages
are checked)."""
import os
import shutil
import struct
import zlib

import common
from common import Tmp, eq, main, ok, test


HEAD = "document: {title: Bounds}\n"


def measured(name, report, *args):
    """Build report; print and bound its CPU time and peak RSS, the child
    capped at 3 GB and 60 s of CPU (common.measured). Return (exit code,
    stderr)."""
    out = os.path.join(os.path.dirname(report), "out.pdf")
    return common.measured(name, ["build", report, "-o", out, *args],
                           capped=True)


def first_error(err):
    return next((ln for ln in err.splitlines() if ": error: " in ln), "")


def refused(name, report, where, message):
    rc, err = measured(name, report)
    eq(rc, 1, f"{name}: exit code: {err[:300]}")
    eq(first_error(err), f"{report}{where}: error: {message}",
       f"{name}: first error")
    ok(err.rstrip().endswith("no PDF written"), err[-200:])


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


PARA = ("lorem ipsum dolor " * 230)[:4000]


@test
def file_over_the_size_limit():
    """20 MB of one quoted scalar: refused from the file's size, unread."""
    with Tmp() as d:
        rep = write(os.path.join(d, "big.yaml"),
                    HEAD + 'k: "' + "x" * (20 << 20) + '"\n')
        refused("20 MB file", rep, "",
                "the file is too large (LIMIT_FILE_BYTES is 10485760)")


@test
def aliases_of_a_long_text():
    """A 4000-byte text aliased 2000 times: 2000 values (under
    LIMIT_ALIAS_NODES) but 8 MB of text; the 1049th passes 4 MB."""
    with Tmp() as d:
        rep = write(os.path.join(d, "alias.yaml"),
                    HEAD + f"content:\n  - paragraph: &p \"{PARA}\"\n"
                    + "  - paragraph: *p\n" * 2000)
        refused("aliased text", rep, ":1052:16",
                "aliases copy too much text (LIMIT_ALIAS_BYTES is 4194304)")


@test
def aliases_of_a_block():
    """A paragraph block aliased 2000 times: 4009 bytes each ('paragraph'
    and its text); the 1047th passes 4 MB."""
    with Tmp() as d:
        rep = write(os.path.join(d, "block.yaml"),
                    HEAD + f"content:\n  - &p {{paragraph: \"{PARA}\"}}\n"
                    + "  - *p\n" * 2000)
        refused("aliased block", rep, ":1050:5",
                "aliases copy too much text (LIMIT_ALIAS_BYTES is 4194304)")


BIG = ("word " * 2000)[:10000]


@test
def font_file_over_the_size_limit():
    """A 100 MB font file (sparse): fonts are read whole, so one over
    LIMIT_FONT_BYTES is refused from its size, unread."""
    with Tmp() as d:
        open(os.path.join(d, ".carec-project"), "w").close()
        with open(os.path.join(d, "huge.ttf"), "wb") as f:
            f.truncate(100 << 20)
        rep = write(os.path.join(d, "font.yaml"),
                    HEAD + "theme:\n  fonts:\n    body:\n"
                    "      regular: huge.ttf\n"
                    "content:\n  - paragraph: Hello.\n")
        refused("100 MB font", rep, ":5:16",
                f"the font '{os.path.join(d, 'huge.ttf')}' is larger than "
                "64 MB (LIMIT_FONT_BYTES)")


@test
def aliases_refused_before_any_layout():
    """gen_amplify.py's alias shape: a 30 KB report of 1000 aliases of a
    10 KB paragraph. The 423rd alias passes LIMIT_ALIAS_BYTES; the whole
    report is read and checked before anything is laid out, so that the
    422 paragraphs before it are never broken into lines (the pipeline
    that read the report block by block laid them out first)."""
    with Tmp() as d:
        big = " ".join(["amplify"] * (10000 // 8))
        rep = write(os.path.join(d, "fanout.yaml"),
                    "document: {title: Amplified}\ncontent:\n"
                    f"  - paragraph: &big \"{big}\"\n"
                    + "  - paragraph: *big\n" * 1000)
        refused("alias fan-out", rep, ":423:16",
                "aliases copy too much text (LIMIT_ALIAS_BYTES is 4194304)")


@test
def data_reference_in_one_text():
    """A 10000-byte value referenced 12000 times in one paragraph (a 100 KB
    report, 120 MB of text): refused at the 105th reference, which makes
    the text longer than 1 MB."""
    with Tmp() as d:
        rep = write(os.path.join(d, "data.yaml"),
                    HEAD + f"data:\n  big: \"{BIG}\"\ncontent:\n"
                    + "  - paragraph: \"" + "{{big}}" * 12000 + "\"\n")
        col = 17 + 104 * 7
        refused("data in one text", rep, f":5:{col}",
                "with its data references filled in, this text is longer "
                "than 1048576 bytes (LIMIT_DATA_TEXT_BYTES)")


@test
def data_references_in_all():
    """Five paragraphs of 100 references to a 10000-byte value: each under
    1 MB, together 5 MB; the 420th reference passes 4 MB."""
    with Tmp() as d:
        rep = write(os.path.join(d, "data.yaml"),
                    HEAD + f"data:\n  big: \"{BIG}\"\ncontent:\n"
                    + ("  - paragraph: \"" + "{{big}}" * 100 + "\"\n") * 5)
        col = 17 + 19 * 7
        refused("data in all", rep, f":9:{col}",
                "the data references of the report add more than 4194304 "
                "bytes of text in all (LIMIT_DATA_ADDED_BYTES)")


@test
def many_keys_beside_an_include():
    """A theme file of 150000 keys, included with 150000 other keys beside
    the include (4 MB in all): each key beside it was looked for among all
    the keys so far, 3e10 comparisons (minutes); the merge halves a sorted
    index now. The keys are no theme's, so each is an error: the merge must
    have kept every one of them, in the order written."""
    n = 150000
    with Tmp() as d:
        write(os.path.join(d, "big-theme.yaml"),
              "".join(f"a{i}: 1\n" for i in range(n)))
        rep = write(os.path.join(d, "keys.yaml"),
                    HEAD + "theme:\n  include: big-theme.yaml\n" +
                    "".join(f"  b{i}: 1\n" for i in range(n)) +
                    "content:\n  - paragraph: x\n")
        rc, err = measured("150000 keys beside an include", rep)
        eq(rc, 1, f"exit code: {err[:300]}")
        ok(f"{2 * n} errors" in err, err[-300:])
        eq(first_error(err),
           f"{rep}:4:3: error: unknown key 'b0' in the theme",
           "first error")


@test
def one_file_included_many_times():
    """A 1 MB file included 3000 times (3 GB of text from a 75 KB report):
    the 34th include passes 32 MB."""
    with Tmp() as d:
        item = f"- paragraph: \"{PARA[:1000]}\"\n"
        write(os.path.join(d, "part.yaml"), item * 1000)
        rep = write(os.path.join(d, "inc.yaml"),
                    HEAD + "content:\n" + "  - include: part.yaml\n" * 3000)
        refused("3000 includes", rep, ":36:14",
                "the included files are too large in total "
                "(LIMIT_INCLUDE_BYTES is 33554432)")


def rgb_png(path, w, h):
    c = zlib.compressobj(6)
    row = b"\0" + bytes([200, 100, 50]) * w
    data = b"".join(c.compress(row) for _ in range(h)) + c.flush()

    def chunk(t, b):
        return (struct.pack(">I", len(b)) + t + b
                + struct.pack(">I", zlib.crc32(t + b) & 0xFFFFFFFF))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n"
                + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", data) + chunk(b"IEND", b""))


@test
def large_images_in_all():
    """Ten RGB PNGs of 40 megapixels (120 MB each decoded, each under
    LIMIT_IMAGE_PIXELS): the third passes 256 MB, and no image after it
    is decoded."""
    with Tmp() as d:
        rgb_png(os.path.join(d, "p0.png"), 6320, 6320)
        for i in range(1, 10):
            shutil.copy(os.path.join(d, "p0.png"),
                        os.path.join(d, f"p{i}.png"))
        rep = write(os.path.join(d, "images.yaml"),
                    HEAD + "content:\n"
                    + "".join(f"  - image: p{i}.png\n" for i in range(10)))
        p2 = os.path.join(d, "p2.png")
        refused("ten 40 MP images", rep, ":5:12",
                f"with '{p2}' the document's images take more than 256 MB "
                "once decoded (LIMIT_DOC_IMAGE_BYTES)")


@test
def bad_image_used_again_is_said_once():
    """A damaged image used ten times is read and reported once."""
    with Tmp() as d:
        with open(os.path.join(d, "cut.png"), "wb") as f:
            f.write(b"\x89PNG\r\n")
        rep = write(os.path.join(d, "cut.yaml"),
                    HEAD + "content:\n" + "  - image: cut.png\n" * 10)
        rc, err = measured("bad image x10", rep)
        eq(rc, 1, "exit code")
        eq(err.count(": error: "), 1, "errors: " + err[:600])
        cut = os.path.join(d, "cut.png")
        ok(first_error(err).startswith(f"{rep}:3:12: error: image "
                                       f"'{cut}' is truncated"), err[:300])


@test
def svg_of_many_elements():
    """110000 empty elements in one SVG (under LIMIT_SVG_BYTES): refused
    at the 100001st."""
    with Tmp() as d:
        write(os.path.join(d, "many.svg"),
              '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n'
              + "<foo/>\n" * 110000 + "</svg>\n")
        rep = write(os.path.join(d, "svg.yaml"),
                    HEAD + "content:\n  - svg: many.svg\n")
        rc, err = measured("110000 SVG elements", rep)
        eq(rc, 1, "exit code")
        eq(first_error(err),
           os.path.join(d, "many.svg") + ":100001:1: error: the SVG file has "
           "more than 100000 elements (LIMIT_SVG_ELEMENTS)", "first error")


@test
def inline_markup_storm():
    """150000 bold words in one paragraph (900 KB, 300000 runs): placing
    each run went back to the start of the text, 50 s; now it is built."""
    with Tmp() as d:
        rep = write(os.path.join(d, "bold.yaml"),
                    HEAD + "content:\n  - paragraph: \""
                    + "**a** " * 150000 + "\"\n")
        rc, err = measured("markup storm", rep)
        eq(rc, 0, "exit code: " + err[:300])



@test
def markup_storm_over_two_lines():
    """The same on a value the loader maps line by line (a quoted text
    over two lines of 360 KB): each run's column was counted from the
    start of its line, 1e10 characters; now from the run before."""
    run = "**b *i [l](#x)*** "
    with Tmp() as d:
        rep = write(os.path.join(d, "lines.yaml"),
                    HEAD + "content:\n  - heading: X\n    id: x\n"
                    "  - paragraph: \"" + run * 20000 + "\n    "
                    + run * 20000 + "\"\n")
        rc, err = measured("markup storm over two lines", rep)
        eq(rc, 0, "exit code: " + err[:300])

if __name__ == "__main__":
    main()
