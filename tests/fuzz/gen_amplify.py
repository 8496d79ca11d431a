#!/usr/bin/env python3
"""Write reports of the shapes that make a small input cost much more than
its size (issue 14, item 4): aliases of a large anchor, data references
repeated, one file included many times, a report on one long line, long
titles, chapters and watermarks repeated on every page, storms of
combining marks and of links, huge list numbers, many duplicate keys.

    tests/fuzz/gen_amplify.py OUT_DIR [--scale N] [--max-bytes B]

Each shape is one file, amplify-SHAPE.yaml. At --scale 1 the files are a
few KB: the seeds committed to the fuzz corpora (the fuzzer grows them).
Larger scales multiply the repeated parts, for script/fuzz --big, whose
inputs may be up to 1 MB; no file is written larger than --max-bytes.

The reports name one.yaml and ch.yaml, the files of the fuzzers' project
folder (fuzz_common.c)."""
import argparse
import json
import os


def text(n, word="amplify"):
    """About n bytes of words."""
    return " ".join([word] * max(1, n // (len(word) + 1)))


def head(title="Amplified", extra=""):
    return f"document: {{title: {json.dumps(title)}}}\n{extra}content:\n"


def shapes(k, m):
    """Each shape's text, for a repeated part of about k bytes used m
    times."""
    big = text(k)
    yield "alias-fanout", (
        head() + f"  - paragraph: &big {json.dumps(big)}\n"
        + "  - paragraph: *big\n" * m)
    yield "alias-blocks", (
        head() + "  - &blk {paragraph: " + json.dumps(big) + "}\n"
        + "  - *blk\n" * m)
    yield "alias-nested", (
        "data:\n  a: &a [" + ", ".join([json.dumps(text(k // 8))] * 8)
        + "]\n  b: &b [" + ", ".join(["*a"] * 8) + "]\n"
        + "  c: &c [" + ", ".join(["*b"] * 8) + "]\n"
        + "  d: [" + ", ".join(["*c"] * max(1, m // 8)) + "]\n"
        + head() + "  - paragraph: nested aliases\n")
    # Lists of lists of aliases: 10 to the power `depth` paragraphs of
    # k bytes from a file of about k bytes.
    depth = 4
    nest = (head() + f"  - paragraph: &big {json.dumps(big)}\n"
            "  - list: &l1 [" + ", ".join(["*big"] * 10) + "]\n")
    for d in range(2, depth + 1):
        nest += (f"  - list: &l{d} ["
                 + ", ".join([f"{{item: x, list: *l{d - 1}}}"] * 10) + "]\n")
    yield "alias-nested-lists", nest
    yield "data-refs", (
        f"data:\n  big: {json.dumps(big)}\n" + head()
        + "  - paragraph: \"" + "{{ big }}" * m + "\"\n")
    yield "data-refs-title", (
        f"data:\n  big: {json.dumps(big)}\n"
        + head("{{ big }}" * max(1, m // 10))
        + "  - paragraph: title of references\n")
    yield "include-many", head() + "  - include: one.yaml\n" * m
    yield "include-many-lists", head() + "  - include: ch.yaml\n" * m
    flow = {"document": {"title": "One line"},
            "content": [{"paragraph": f"Text *{i}* [w](https://carecnet.org"
                                      f"/{i}) **b**"} for i in range(m)]}
    yield "flow-one-line", json.dumps(flow, separators=(",", ":")) + "\n"
    yield "flow-list-one-line", (
        head() + "  - list: [" + ", ".join(f"item {i}" for i in range(m))
        + "]\n")
    yield "long-title-headers", (
        head(big, "theme:\n  header: {left: \"{title}\", center: "
                  "\"{title}\", right: \"{title}\"}\n  footer: {left: "
                  "\"{title}\", right: \"{page}\"}\n")
        + "  - paragraph: page\n  - page-break\n" * max(1, m // 4))
    yield "long-chapter-headers", (
        head("Chapters", "theme:\n  header: {right: \"{chapter}\"}\n")
        + f"  - heading: {json.dumps(big)}\n"
        + "  - paragraph: page\n  - page-break\n" * max(1, m // 4))
    yield "long-watermark", (
        head("Watermark", f"theme:\n  watermark: {json.dumps(big)}\n")
        + "  - paragraph: page\n  - page-break\n" * max(1, m // 4))
    yield "combining-storm", (
        head() + "  - paragraph: \"a" + "\u0301" * (k * 2) + "\"\n")
    yield "markup-storm", (
        head() + "  - paragraph: \"" + "**b *i [l](#x)*** " * m + "\"\n")
    yield "links-many", (
        head() + "  - paragraph: \""
        + " ".join(f"[l{i}](https://carecnet.org/{i})" for i in range(m))
        + "\"\n")
    yield "roman-huge-start", (
        head() + "  - list: [" + ", ".join(["x"] * m) + "]\n"
        "    numbers: I\n    start: 99999\n")
    yield "contents-many-headings", (
        head() + "  - contents\n"
        + "".join(f"  - heading: Heading {i}\n  - paragraph: x\n"
                  for i in range(m)))
    yield "long-quoted-scalar", head() + f"  - paragraph: \"{big * 4}\"\n"
    yield "duplicate-keys", (
        "document:\n" + "  title: Twice\n" * m + "content:\n"
        "  - paragraph: x\n")
    yield "table-wide", (
        head() + "  - table:\n"
        + "".join("      - [" + ", ".join(["c"] * 20) + "]\n"
                  for _ in range(max(1, m // 4))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--max-bytes", type=int, default=1 << 20)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for name, body in shapes(1000 * a.scale, 100 * a.scale):
        data = body.encode("utf-8")[:a.max_bytes]
        with open(os.path.join(a.out, f"amplify-{name}.yaml"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
