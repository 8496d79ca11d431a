"""The block pages of docs/blocks/: every block type of src/model/blocks.def
has its page (docs/blocks/TYPE.md) and a row in the block tables of
docs/writing-reports.md and README.md, every YAML example of the pages
builds, without a message, and the links between the documents lead to
files that exist, so that the pages cannot fall behind the code.

How an example (a ```yaml block of a page) is built:
- It is a report in the reports/ folder of a project folder made for the
  test, which holds copies of the repository's assets/, fonts/,
  reports/theme/ and reports/content/: its paths are written as a report
  in reports/ writes them (theme/carec.yaml, ../assets/carec-logo.svg).
- An example that starts with '  - ' is a part of a content list, and is
  put under 'content:'.
- A report needs a 'document:' and a 'content:'; an example without one
  gets a title, or a paragraph, so that a page can show only what it is
  about (a theme's colours).
- An example that starts with a comment naming a theme file
  ('# reports/theme/carec.yaml') stands for that file: it is written beside
  it, and a report with '- logo' that includes it is built.
- The photos an image block names are the reader's own: one the project
  lacks is a copy of a test image (tests/images/) of the same kind, and
  the warning that this small stand-in is shown at too few dpi is not
  counted.
- A file named by an absolute path (a font installed on the computer) is
  allowed with --allow-path, as the page says; an example naming one this
  computer lacks is skipped, and said so.
YAML that is wrong on purpose (in 'Common mistakes') is written in a plain
``` block, which is not built.
"""
import os
import re
import shutil

from common import (ROOT, Tmp, block_types, carec, eq, main, ok, test)

DOCS = os.path.join(ROOT, "docs", "blocks")
STAND_IN = {".jpg": "e2e-photo.jpg", ".jpeg": "e2e-photo.jpg",
            ".png": "e2e-small.png"}


def pages():
    return sorted(f for f in os.listdir(DOCS) if f.endswith(".md"))


def examples():
    """(page, line, text) of every ```yaml block of docs/blocks/*.md."""
    out = []
    for page in pages():
        text = open(os.path.join(DOCS, page), encoding="utf-8").read()
        for m in re.finditer(r"^```yaml\n(.*?)^```\s*$", text, re.S | re.M):
            line = text.count("\n", 0, m.start()) + 1
            out.append((page, line, m.group(1)))
    return out


def project(d):
    """A project folder in d with the repository's data; its reports/."""
    open(os.path.join(d, ".carec-project"), "w").close()
    for sub in ["assets", "fonts", os.path.join("reports", "theme"),
                os.path.join("reports", "content")]:
        shutil.copytree(os.path.join(ROOT, sub), os.path.join(d, sub))
    return os.path.join(d, "reports")


def complete(yaml):
    """The report an example stands for (see the module's comment)."""
    if yaml.startswith("  -"):
        yaml = "content:\n" + yaml
    if not re.search(r"^document:", yaml, re.M):
        yaml = "document:\n  title: An example of the docs\n" + yaml
    if not re.search(r"^content:", yaml, re.M):
        yaml += "\ncontent:\n  - paragraph: The text of the example.\n"
    return yaml


def messages(err):
    """The messages of stderr, each with its source lines and notes."""
    out = []
    for line in err.splitlines(True):
        if out and not re.match(r"\S+:\d+:\d+: (error|warning|note): ", line):
            out[-1] += line
        else:
            out.append(line)
    return out


@test
def every_block_has_a_page():
    eq([b for b in block_types()
        if not os.path.exists(os.path.join(DOCS, b + ".md"))], [],
       "block types with no page docs/blocks/TYPE.md")


@test
def every_block_is_in_the_tables():
    for doc in ["README.md", os.path.join("docs", "writing-reports.md")]:
        text = open(os.path.join(ROOT, doc), encoding="utf-8").read()
        first = set()
        for row in re.findall(r"^\| ([^|\n]*)\|", text, re.M):
            first.update(re.findall(r"`([a-z-]+)`", row))
        eq([b for b in block_types() if b not in first], [],
           f"block types with no row in the block table of {doc}")


@test
def every_link_leads_to_a_file():
    docs = [os.path.join(ROOT, "README.md")]
    for folder in [os.path.join(ROOT, "docs"), DOCS]:
        docs += [os.path.join(folder, f) for f in sorted(os.listdir(folder))
                 if f.endswith(".md")]
    broken = []
    seen = 0
    for doc in docs:
        text = open(doc, encoding="utf-8").read()
        for target in re.findall(r"\]\(([^)\s#]+)(?:#[^)]*)?\)", text):
            if re.match(r"[a-z]+:", target):
                continue  # https:, mailto:
            seen += 1
            if not os.path.exists(os.path.join(os.path.dirname(doc), target)):
                broken.append(f"{os.path.relpath(doc, ROOT)}: {target}")
    ok(seen >= 40, f"only {seen} links between the documents")
    eq(broken, [], "links to files that do not exist")


@test
def every_example_builds():
    found = examples()
    ok(len(found) >= len(block_types()), f"only {len(found)} examples")
    failed = []
    with Tmp() as d:
        reports = project(d)
        for i, (page, line, yaml) in enumerate(found):
            where = f"docs/blocks/{page}:{line}"
            name = os.path.join(reports, f"example-{i}.yaml")
            if re.match(r"# reports/theme/[\w.-]+\.yaml\n", yaml):
                # Beside the theme it stands for, which the next examples
                # still include as it is.
                theme = f"example-{i}.yaml"
                with open(os.path.join(reports, "theme", theme), "w",
                          encoding="utf-8") as f:
                    f.write(yaml)
                yaml = f"theme:\n  include: theme/{theme}\ncontent:\n  - logo\n"
            yaml = complete(yaml)
            stand_ins = []
            for p in re.findall(r"^\s*-?\s*image:\s*(\S+)", yaml, re.M):
                path = os.path.normpath(os.path.join(reports, p))
                ext = os.path.splitext(p)[1].lower()
                if not os.path.exists(path) and ext in STAND_IN:
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    shutil.copy(os.path.join(ROOT, "tests", "images",
                                             STAND_IN[ext]), path)
                    stand_ins.append(path)
            absolute = re.findall(r"^[\s-]*[\w-]+:\s+(/[^\s#]+)", yaml, re.M)
            absent = [p for p in absolute if not os.path.exists(p)]
            args = []
            for folder in sorted({os.path.dirname(p) for p in absolute}):
                args += ["--allow-path", folder]
            if absent:
                print(f"     {where}: skipped, this computer has no {absent}")
                continue
            with open(name, "w", encoding="utf-8") as f:
                f.write(yaml)
            p = carec("build", name, "-o", os.path.join(d, f"ex{i}.pdf"),
                      *args)
            err = "".join(m for m in messages(p.stderr.decode("utf-8",
                                                                "replace"))
                          if not ("dpi" in m and
                                  any(s in m for s in stand_ins)))
            if p.returncode != 0 or err:
                err = err.replace(reports + os.sep, "")
                failed.append(f"{where}: exit {p.returncode}\n{err}")
            else:
                print(f"     {where}: built")
    eq(failed, [], "examples that do not build cleanly")


if __name__ == "__main__":
    main()
