#!/usr/bin/env python3
"""Golden drawing dumps: run svg_dump on tests/svg/CASE.svg and compare its
output (diagnostics, then every parsed shape) with CASE.expected.

    run_svg.py SVG_DUMP tests/svg/CASE.svg [--update]

--update rewrites CASE.expected from the current output (review the diff!).
"""
import difflib
import subprocess
import sys


def main():
    exe, case = sys.argv[1], sys.argv[2]
    update = "--update" in sys.argv[3:]
    expected = case[: -len(".svg")] + ".expected"
    p = subprocess.run([exe, case], capture_output=True)
    got = p.stdout.decode("utf-8", "replace")
    if p.returncode != 0 or p.stderr:
        print(f"svg_dump exited {p.returncode}: {p.stderr[:500]!r}")
        print("0 passed, 1 failed")
        return 1
    if update:
        with open(expected, "w", encoding="utf-8") as f:
            f.write(got)
        print(f"updated {expected}")
        return 0
    want = open(expected, encoding="utf-8").read()
    if got != want:
        sys.stdout.writelines(difflib.unified_diff(
            want.splitlines(True), got.splitlines(True), expected, "svg_dump"))
        print("0 passed, 1 failed")
        return 1
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
