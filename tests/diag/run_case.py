#!/usr/bin/env python3
"""Golden diagnostics: run `carec-report check CASE.yaml` from the repo root
and compare its stderr with CASE.expected, byte for byte, and its exit code
with CASE.exit (1 when that file is absent).

    run_case.py CAREC_REPORT tests/diag/CASE.yaml [--json] [--update]

--update rewrites CASE.expected from the current output (review the diff!).
--json runs with --diagnostics-format json and compares with
CASE.expected.json instead.

In CASE.expected, @BLOCK_TYPES@ stands for the names of the block types of
src/model/blocks.def, in its order, separated by ", ": a case that lists
them all needs no change when a block type is added.
"""
import difflib
import os
import re
import subprocess
import sys

BLOCK_TYPES = "@BLOCK_TYPES@"


def block_types():
    """The block type names of src/model/blocks.def, in order."""
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "src", "model", "blocks.def")
    with open(path, encoding="utf-8") as f:
        names = re.findall(r'^BLOCK\(\w+, "([a-z-]+)"', f.read(), re.M)
    if not names:
        raise SystemExit(f"no BLOCK(...) lines in {path}")
    return ", ".join(names)


def main():
    exe, case = sys.argv[1], sys.argv[2]
    update = "--update" in sys.argv[3:]
    as_json = "--json" in sys.argv[3:]
    base = case[: -len(".yaml")]
    expected = base + (".expected.json" if as_json else ".expected")
    env = dict(os.environ, NO_COLOR="1", LC_ALL="C.UTF-8")
    env.pop("SOURCE_DATE_EPOCH", None)
    args = [exe, "check", case]
    flags_file = base + ".flags"
    if os.path.exists(flags_file):
        args += open(flags_file).read().split()
    if as_json:
        args += ["--diagnostics-format", "json"]
    p = subprocess.run(args, capture_output=True, env=env)
    got = p.stderr.decode("utf-8", "replace")
    want_exit = 1
    if os.path.exists(base + ".exit"):
        want_exit = int(open(base + ".exit").read().strip())
    types = block_types()
    if update:
        with open(expected, "w", encoding="utf-8") as f:
            f.write(got.replace(types, BLOCK_TYPES))
        print(f"updated {expected}")
        return 0
    want = open(expected, encoding="utf-8").read()
    want = want.replace(BLOCK_TYPES, types)
    ok = True
    if got != want:
        ok = False
        sys.stdout.writelines(difflib.unified_diff(
            want.splitlines(True), got.splitlines(True),
            expected, "stderr"))
    if p.returncode != want_exit:
        ok = False
        print(f"exit code {p.returncode}, want {want_exit}")
    if p.stdout:
        ok = False
        print("check printed to stdout:", p.stdout[:200])
    print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
