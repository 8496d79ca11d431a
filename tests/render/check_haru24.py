#!/usr/bin/env python3
"""src/render/ against libharu 2.4's headers, as far as a machine with 2.3
installed can check: the installed headers are copied to a temporary
folder and edited where 2.4's differ in what src/render/pdf_haru.c lists
(hpdf_version.h computes HPDF_VERSION_TEXT and HPDF_VERSION_ID from its
three parts, as 2.4.x does; HPDF_FAILD_TO_ALLOC_MEM is
HPDF_FAILED_TO_ALLOC_MEM, as from 2.4.5; a page has a /Shading dictionary
field before its graphics state, as in 2.4), and every file of src/render/
is compiled, syntax only, with the build's warnings as errors. The same
files against the headers as installed are the build itself.

Usage: check_haru24.py CC LIBHARU_INCLUDE_DIR [compiler flags...]"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
cc, inc, flags = sys.argv[1], sys.argv[2], sys.argv[3:]
failed = 0


def fail(msg):
    global failed
    failed += 1
    print(msg)


with tempfile.TemporaryDirectory() as tmp:
    for h in glob.glob(os.path.join(inc, "hpdf*.h")):
        shutil.copy(h, tmp)

    def edit(name, pattern, repl):
        path = os.path.join(tmp, name)
        text = open(path, encoding="latin-1").read()
        new, n = re.subn(pattern, repl, text, flags=re.M)
        if n == 0:
            fail(f"{name}: nothing matches {pattern!r} (not libharu 2.3's header?)")
        open(path, "w", encoding="latin-1").write(new)

    open(os.path.join(tmp, "hpdf_version.h"), "w").write(
        "#define HPDF_MAJOR_VERSION 2\n"
        "#define HPDF_MINOR_VERSION 4\n"
        "#define HPDF_BUGFIX_VERSION 6\n"
        '#define HPDF_EXTRA_VERSION ""\n'
        "#define HPDF_VQ(x) #x\n"
        "#define HPDF_VX(x) HPDF_VQ(x)\n"
        "#define HPDF_VERSION_TEXT (HPDF_VX(HPDF_MAJOR_VERSION) \".\" "
        "HPDF_VX(HPDF_MINOR_VERSION) \".\" HPDF_VX(HPDF_BUGFIX_VERSION))\n"
        "#define HPDF_VERSION_ID ((HPDF_MAJOR_VERSION) * 10000 + "
        "(HPDF_MINOR_VERSION) * 100 + (HPDF_BUGFIX_VERSION))\n")
    edit("hpdf_error.h", r"\bHPDF_FAILD_TO_ALLOC_MEM\b", "HPDF_FAILED_TO_ALLOC_MEM")
    edit("hpdf_pages.h", r"^(\s*HPDF_Dict\s+ext_gstates;)", r"\1\n    HPDF_Dict shadings;")

    # The edited headers are the ones seen: 2.4.6, and the new error name.
    probe = os.path.join(tmp, "probe.c")
    open(probe, "w").write(
        "#include <hpdf.h>\n"
        "#include \"render/pdf_haru.h\"\n"
        "#if HPDF_VERSION_ID != 20406\n#error not the edited headers\n#endif\n"
        "#ifdef HPDF_FAILD_TO_ALLOC_MEM\n#error the old name is still there\n#endif\n"
        "int probe(void);\nint probe(void) { return HARU_NO_MEMORY; }\n")
    sources = [probe] + sorted(glob.glob(os.path.join(ROOT, "src", "render", "*.c")))
    for src in sources:
        cmd = [cc, "-fsyntax-only", "-isystem", tmp, "-I", os.path.join(ROOT, "src")]
        cmd += flags + [src]
        p = subprocess.run(cmd, capture_output=True, text=True)
        name = os.path.relpath(src, ROOT) if src != probe else "probe.c"
        if p.returncode != 0:
            fail(f"{name} does not compile against 2.4-style headers:\n{p.stderr}")
        else:
            print(f"{name}: ok")

print(f"{len(sources)} files compiled against 2.4-style headers")
print("1 passed, 0 failed" if not failed else "0 passed, 1 failed")
sys.exit(1 if failed else 0)
