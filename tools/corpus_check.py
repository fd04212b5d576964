"""Runs `seguimiento check` over folders of workbooks from elsewhere (public test corpora such as
Apache POI's test-data/spreadsheet or calamine's tests/) and counts what it reads.

    python3 tools/corpus_check.py target/release/seguimiento DIR [DIR...] [--reference FILE]

Every workbook (.xls .xlsx .xlsm .xlsb .ods) under each DIR is copied into a scratch inputs
folder (status/<DIR name>/...), the binary checks it (readers in worker processes), and the
script prints, per DIR: files, files read (no unreadable-file or limit-exceeded finding), files
declared unreadable with the first words of why, and whether every account adds up. The run
itself must end with status 0 or 1: no file may end it.

--reference FILE names a file of lines "<status> <path>" (0 when another reader reads the file,
as produced by hand with that reader), and the script lists the files that reader reads and
seguimiento does not. Nothing here is run by the build or the tests.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

EXTENSIONS = (".xls", ".xlsx", ".xlsm", ".xlsb", ".ods")


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    binary, rest = argv[1], argv[2:]
    reference = None
    if "--reference" in rest:
        i = rest.index("--reference")
        reference = rest[i + 1]
        rest = rest[:i] + rest[i + 2:]
    work = tempfile.mkdtemp(prefix="corpus_")
    inputs = os.path.join(work, "inputs")
    os.makedirs(os.path.join(inputs, "plan"))
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
    shutil.copy(os.path.join(root, "inputs", "plan", "plan.toml"), os.path.join(inputs, "plan"))
    with open(os.path.join(inputs, "seguimiento.toml"), "w") as f:
        f.write("as_of = 2024-06-30\n")
    origin = {}
    for d in rest:
        name = os.path.basename(os.path.normpath(d))
        for base, _, files in os.walk(d):
            for fn in sorted(files):
                if not fn.lower().endswith(EXTENSIONS):
                    continue
                src = os.path.join(base, fn)
                rel = os.path.join("status", name, os.path.relpath(src, d))
                os.makedirs(os.path.dirname(os.path.join(inputs, rel)), exist_ok=True)
                shutil.copy(src, os.path.join(inputs, rel))
                origin[rel.replace(os.sep, "/")] = (name, src)
    run = subprocess.run([binary, "--inputs", inputs, "check", "--format", "json"],
                         capture_output=True)
    print(f"run ended with status {run.returncode} (0 or 1: it finished)")
    doc = json.loads(run.stdout)
    refused = {}
    for f in doc["findings"]:
        if f["code"] in ("unreadable-file", "limit-exceeded") and f["file"] in origin:
            refused.setdefault(f["file"], f["messages"]["en"])
    adds_up = all(a["rows"] == a["accepted"] + a["rejected"] + a["blank"] for a in doc["inputs"])
    for d in rest:
        name = os.path.basename(os.path.normpath(d))
        files = [r for r, (n, _) in origin.items() if n == name]
        bad = [r for r in files if r in refused]
        print(f"{name}: {len(files)} workbooks, {len(files) - len(bad)} read, {len(bad)} unreadable")
    print("every account adds up:", adds_up)
    if reference:
        reads = set()
        with open(reference) as f:
            for line in f:
                status, path = line.rstrip("\n").split(" ", 1)
                if status == "0":
                    reads.add(os.path.abspath(path))
        missed = [r for r, (_, src) in origin.items()
                  if os.path.abspath(src) in reads and r in refused]
        print(f"read by the reference reader, not by seguimiento: {len(missed)}")
        for r in missed:
            print("  ", r, "-", refused[r][:120])
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
