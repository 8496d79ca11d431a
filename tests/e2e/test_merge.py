"""carec-report merge (issue 21): a PDF for each row of a CSV, JSON Lines or
YAML data file; each row's fields as {{ data }}, its language, its output
path checked; bad rows said with their data file, row and column while the
others are written; --results, --skip-existing, --jobs and the shards."""
import filecmp
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Tmp, carec, env, eq, main, ok, pdftotext, test  # noqa: E402

TEMPLATE = """\
data:
  greeting: {en: Hello, ru: Здравствуйте}
  city: Almaty
document:
  languages: [en, ru]
  language: en
  title: {en: "Letter to {{ name }}", ru: "Письмо: {{ name }}"}
  page-numbering: none
content:
  - paragraph:
      en: "{{ greeting }}, {{ name }} of {{ city }}: {{ amount }} received."
      ru: "{{ greeting }}, {{ name }} из {{ city }}: получено {{ amount }}."
"""

SDE = env(SOURCE_DATE_EPOCH="1700000000")


def setup(d, data_name, data, template=TEMPLATE):
    with open(os.path.join(d, "t.yaml"), "w", encoding="utf-8") as f:
        f.write(template)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(d, data_name), mode,
              **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
        f.write(data)


def merge(d, data_name, *flags, out="out/{id}.pdf", **kw):
    kw.setdefault("env", SDE)
    kw.setdefault("cwd", d)
    return carec("merge", "t.yaml", "--data", data_name, "-o", out, *flags,
                 **kw)


def text_of(pdf):
    return " ".join(pdftotext(pdf).split())


def results(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


CSV = ('id,name,amount,language\n'
       'a1,"Green Fund, Ltd.",100,en\n'
       'a2,"The ""Steppe"" Trust",200,ru\n'
       'a3,"Two\nLines",300,\n'
       'a4,Plain,400,en\n')


@test
def csv_quoted_fields_commas_quotes_and_line_breaks():
    with Tmp() as d:
        setup(d, "d.csv", CSV)
        p = merge(d, "d.csv", "--results", "r.jsonl")
        eq(p.returncode, 0, p.stderr.decode())
        out = os.path.join(d, "out")
        eq(sorted(os.listdir(out)), ["a1.pdf", "a2.pdf", "a3.pdf", "a4.pdf"],
           "outputs")
        ok("Hello, Green Fund, Ltd. of Almaty: 100 received." in
           text_of(os.path.join(out, "a1.pdf")), "a1: comma in a field")
        t2 = text_of(os.path.join(out, "a2.pdf"))
        ok("Здравствуйте" in t2 and "«Steppe»" in t2 and "200" in t2,
           f"a2: doubled quotes, Russian: {t2!r}")
        ok("Two Lines" in text_of(os.path.join(out, "a3.pdf")),
           "a3: a line break in a quoted field")
        r = results(os.path.join(d, "r.jsonl"))
        # The row after the two-line field starts on line 6 of the file.
        eq([(x["row"], x["line"]) for x in r], [(1, 2), (2, 3), (3, 4),
                                                (4, 6)], "rows and lines")


@test
def csv_utf8_bom_and_crlf():
    with Tmp() as d:
        setup(d, "d.csv", b"\xef\xbb\xbfid,name,amount\r\nb1,Ann,5\r\n"
              b"b2,Bob,6\r\n")
        p = merge(d, "d.csv")
        eq(p.returncode, 0, p.stderr.decode())
        ok("Hello, Bob of Almaty: 6 received." in
           text_of(os.path.join(d, "out", "b2.pdf")), "b2 text")


@test
def jsonl_rows_numbers_blank_lines_and_null():
    with Tmp() as d:
        setup(d, "d.jsonl",
              '{"id": "j1", "name": "Ann", "amount": 1500}\n'
              '\n'
              '{"id": "j2", "name": "Борис", "amount": 2.5, '
              '"language": "ru", "city": null}\n')
        p = merge(d, "d.jsonl", "--results", "r.jsonl")
        eq(p.returncode, 0, p.stderr.decode())
        ok("Hello, Ann of Almaty: 1500 received." in
           text_of(os.path.join(d, "out", "j1.pdf")), "j1")
        t = text_of(os.path.join(d, "out", "j2.pdf"))
        ok("Здравствуйте, Борис из Almaty: получено 2.5." in t, t)
        eq([x["line"] for x in results(os.path.join(d, "r.jsonl"))], [1, 3],
           "lines")


@test
def yaml_rows_with_a_language_map():
    with Tmp() as d:
        setup(d, "d.yaml",
              "- {id: y1, name: {en: Bob, ru: Боб}, amount: 7, language: ru}\n"
              "- {id: y2, name: Eve, amount: 8, city: Bishkek}\n")
        p = merge(d, "d.yaml")
        eq(p.returncode, 0, p.stderr.decode())
        ok("Здравствуйте, Боб из Almaty: получено 7." in
           text_of(os.path.join(d, "out", "y1.pdf")), "y1")
        ok("Hello, Eve of Bishkek: 8 received." in
           text_of(os.path.join(d, "out", "y2.pdf")), "y2: data overridden")


@test
def lang_field_and_lang_default():
    with Tmp() as d:
        setup(d, "d.csv", "id,name,amount,lng\nl1,A,1,ru\nl2,B,2,\n")
        p = merge(d, "d.csv", "--lang-field", "lng", "--lang", "ru")
        eq(p.returncode, 0, p.stderr.decode())
        for n in ("l1", "l2"):
            ok("Здравствуйте" in text_of(os.path.join(d, "out", n + ".pdf")),
               n)
        p = merge(d, "d.csv", "--lang-field", "lang")
        eq(p.returncode, 2, "an unknown --lang-field")
        ok("--lang-field 'lang' is not a field of 'd.csv'" in
           p.stderr.decode(), p.stderr.decode())
        setup(d, "d.csv", "id,name,amount,language\nl3,A,1,fr\nl4,B,2,en\n")
        p = merge(d, "d.csv")
        eq(p.returncode, 1, "an unknown language")
        err = p.stderr.decode()
        ok("d.csv:2:8: error: 'fr' is not a language carec-report knows"
           in err, err)
        ok(os.path.exists(os.path.join(d, "out", "l4.pdf")), "l4 written")


@test
def output_values_that_leave_the_folder_are_refused():
    with Tmp() as d:
        setup(d, "d.jsonl",
              '{"id": "../up", "name": "A", "amount": 1}\n'
              '{"id": "..", "name": "B", "amount": 1}\n'
              '{"id": ".hidden", "name": "C", "amount": 1}\n'
              '{"id": "", "name": "D", "amount": 1}\n'
              '{"id": "a/b", "name": "E", "amount": 1}\n'
              '{"id": "nul\\u0000x", "name": "F", "amount": 1}\n'
              '{"name": "G", "amount": 1}\n'
              '{"id": "good", "name": "H", "amount": 1}\n')
        p = merge(d, "d.jsonl", "--results", "r.jsonl")
        err = p.stderr.decode()
        eq(p.returncode, 1, err)
        eq(sorted(os.listdir(os.path.join(d, "out"))), ["good.pdf"],
           "only the good row")
        eq(os.listdir(d).count("up.pdf"), 0, "nothing above out/")
        ok(err.count("which --output names, holds a '/'") == 2, err)
        ok(err.count("which --output names, starts with a '.'") == 2, err)
        ok("which --output names, is empty" in err, err)
        ok("which --output names, has none" in err, err)
        ok("d.jsonl:6:2: error: the value of 'id' holds a NUL character" in
           err, err)
        ok("each row's PDF is written inside 'out'" in err, err)
        st = [x["status"] for x in results(os.path.join(d, "r.jsonl"))]
        eq(st, ["failed"] * 7 + ["written"], "statuses")


@test
def csv_nul_and_bad_utf8_are_row_errors():
    with Tmp() as d:
        setup(d, "d.csv", b"id,name,amount\nn1,A\x00B,1\nn2,\xe9t\xe9,2\n"
              b"n3,ok,3\n")
        p = merge(d, "d.csv")
        err = p.stderr.decode()
        eq(p.returncode, 1, err)
        ok("d.csv:2:4: error: the value of 'name' holds a NUL character"
           in err, err)
        ok("d.csv:3:4: error: the value of 'name' is not valid UTF-8 "
           "(byte 0xE9)" in err, err)
        eq(os.listdir(os.path.join(d, "out")), ["n3.pdf"], "n3 only")


@test
def colliding_outputs_fail_the_later_row():
    with Tmp() as d:
        setup(d, "d.csv", "id,name,amount\nc1,A,1\nc2,B,2\nc1,C,3\n")
        p = merge(d, "d.csv")
        err = p.stderr.decode()
        eq(p.returncode, 1, err)
        ok("d.csv:4:1: error: this row's PDF would be 'out/c1.pdf', as "
           "row 1's (line 2) is" in err, err)
        ok("Hello, A of" in text_of(os.path.join(d, "out", "c1.pdf")),
           "the first row keeps its PDF")
        # The same in any shard: row 3 is in shard 0 of 2 with row 1 out.
        p = merge(d, "d.csv", "--shard", "0/2", out="o2/{id}.pdf")
        eq(p.returncode, 1, "shard 0/2")
        ok("as row 1's (line 2) is" in p.stderr.decode(), "collision "
           "found outside the shard")


@test
def bad_rows_are_said_and_the_others_written():
    with Tmp() as d:
        setup(d, "d.csv", "id,name,amount\nr1,A,1\nr2,B\nr3,C,3,4\n"
              "r4,D \u2603 E,5\nr5,F,6\n")
        p = merge(d, "d.csv", "--jobs", "2")
        err = p.stderr.decode()
        eq(p.returncode, 1, err)
        ok("d.csv:3:1: error: this row has 2 fields, but the header names "
           "3: 'amount' and after it have none" in err, err)
        ok("carec-report: row 2 of d.csv (line 3): 1 error; no PDF "
           "written" in err, err)
        ok("d.csv:4:8: error: this row has more fields than the header "
           "names (3)" in err, err)
        ok("d.csv:5:4: note: '\u2603' is in this row's 'name'" in err, err)
        ok("row 4 of d.csv (line 5): " in err and
           "'out/r4.pdf' not written" in err, err)
        ok("carec-report: 5 rows: 2 written, 0 skipped, 3 failed" in err,
           err)
        eq(sorted(os.listdir(os.path.join(d, "out"))), ["r1.pdf", "r5.pdf"],
           "written")


@test
def jsonl_bad_lines():
    with Tmp() as d:
        setup(d, "d.jsonl", '{"id": "b1", "name": \n[1]\n'
              '{"id": "b3", "name": {"a": 1}}\n'
              '{"id": "b4", "name": [1]}\n'
              '{"id": "b5", "name": "E", "amount": true}\n')
        p = merge(d, "d.jsonl")
        err = p.stderr.decode()
        eq(p.returncode, 1, err)
        ok("d.jsonl:1:22: error: this line is not JSON: " in err, err)
        ok("d.jsonl:2:1: error: this line is not a JSON object" in err, err)
        ok("d.jsonl:3:14: error: the value of 'name' is an object" in err,
           err)
        ok("d.jsonl:4:14: error: the value of 'name' is a list" in err, err)
        ok("Hello, E of Almaty: true received." in
           text_of(os.path.join(d, "out", "b5.pdf")), "b5")
        setup(d, "d.yaml", "- [a, b]\n- {id: y2, name: [a]}\n"
              "- {id: y3, name: C, amount: 1}\n")
        p = merge(d, "d.yaml")
        err = p.stderr.decode()
        eq(p.returncode, 1, err)
        ok("d.yaml:1:3: error: expected a row of names and values, got a "
           "list" in err, err)
        ok("d.yaml:2:18: error: expected a number or a text for 'name', "
           "got a list" in err, err)
        ok(os.path.exists(os.path.join(d, "out", "y3.pdf")), "y3")


@test
def a_missing_field_names_the_row():
    with Tmp() as d:
        setup(d, "d.jsonl", '{"id": "m1", "name": "A", "amount": 1}\n'
              '{"id": "m2", "name": "B"}\n')
        p = merge(d, "d.jsonl")
        err = p.stderr.decode()
        eq(p.returncode, 1, err)
        ok("t.yaml:11:57: error: unknown name 'amount'" in err, err)
        ok("note: row 2 of d.jsonl (line 2) has no field 'amount': add it "
           "to the data file, or give it a value for every row under "
           "'data:'" in err, err)


@test
def results_and_skip_existing():
    with Tmp() as d:
        setup(d, "d.csv", "id,name,amount\ns1,A,1\ns2,B,2\ns3,C\n")
        p = merge(d, "d.csv", "--results", "r1.jsonl")
        eq(p.returncode, 1, p.stderr.decode())
        r = results(os.path.join(d, "r1.jsonl"))
        size = os.path.getsize(os.path.join(d, "out", "s1.pdf"))
        eq(r[0], {"row": 1, "line": 2, "status": "written",
                  "output": "out/s1.pdf", "bytes": size, "errors": 0}, "s1")
        eq(r[2], {"row": 3, "line": 4, "status": "failed", "output": None,
                  "bytes": 0, "errors": 1}, "s3")
        # Resume: s1 and s2 stay as they are; the fixed s3 is written.
        s1 = os.path.join(d, "out", "s1.pdf")
        with open(s1, "wb") as f:
            f.write(b"kept")
        setup(d, "d.csv", "id,name,amount\ns1,A,1\ns2,B,2\ns3,C,3\n")
        p = merge(d, "d.csv", "--skip-existing", "--results", "r2.jsonl")
        eq(p.returncode, 0, p.stderr.decode())
        with open(s1, "rb") as f:
            eq(f.read(), b"kept", "a skipped PDF is not touched")
        eq([(x["status"], x["bytes"]) for x in
            results(os.path.join(d, "r2.jsonl"))][:2],
           [("skipped", 4), ("skipped", r[1]["bytes"])], "skipped")
        eq(results(os.path.join(d, "r2.jsonl"))[2]["status"], "written",
           "s3")


ROWS = "id,name,amount,language\n" + "".join(
    f"k{i:02d},Donor {i},{i * 10},{'ru' if i % 3 == 0 else 'en'}\n"
    for i in range(23))


def same_tree(a, b):
    names = sorted(os.listdir(a))
    eq(names, sorted(os.listdir(b)), "the same files")
    _, mism, errs = filecmp.cmpfiles(a, b, names, shallow=False)
    eq((mism, errs), ([], []), "byte for byte")


@test
def shards_are_disjoint_cover_and_byte_identical():
    with Tmp() as d:
        setup(d, "d.csv", ROWS)
        eq(merge(d, "d.csv", "--jobs", "1", out="all/{id}.pdf").returncode,
           0, "unsharded")
        seen = []
        for i in range(4):
            p = merge(d, "d.csv", "--shard", f"{i}/4", "--jobs", "2",
                      "--results", f"r{i}.jsonl", out=f"s{i}/{{id}}.pdf")
            eq(p.returncode, 0, p.stderr.decode())
            rows = [x["row"] - 1 for x in results(os.path.join(d,
                                                              f"r{i}.jsonl"))]
            eq(rows, list(range(i, 23, 4)), f"shard {i}'s rows")
            seen += sorted(os.listdir(os.path.join(d, f"s{i}")))
        eq(sorted(seen), sorted(os.listdir(os.path.join(d, "all"))),
           "the shards cover every row once")
        os.makedirs(os.path.join(d, "union"))
        for i in range(4):
            for n in os.listdir(os.path.join(d, f"s{i}")):
                os.rename(os.path.join(d, f"s{i}", n),
                          os.path.join(d, "union", n))
        same_tree(os.path.join(d, "all"), os.path.join(d, "union"))


@test
def shards_from_slurm_and_kubernetes():
    with Tmp() as d:
        setup(d, "d.csv", ROWS)

        def rows_of(extra_env, *flags):
            name = f"r{len(os.listdir(d))}.jsonl"
            p = merge(d, "d.csv", "--results", name, *flags,
                      env=env(SOURCE_DATE_EPOCH="1700000000", **extra_env),
                      out="o/{id}.pdf")
            eq(p.returncode, 0, p.stderr.decode())
            return [x["row"] - 1 for x in results(os.path.join(d, name))]

        eq(rows_of({"SLURM_ARRAY_TASK_ID": "2",
                    "SLURM_ARRAY_TASK_COUNT": "5"}), list(range(2, 23, 5)),
           "SLURM_ARRAY_TASK_COUNT")
        # --array=1-3: task 1 is the first shard of three.
        eq(rows_of({"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "1",
                    "SLURM_ARRAY_TASK_MAX": "3"}), list(range(0, 23, 3)),
           "SLURM_ARRAY_TASK_MIN/MAX")
        eq(rows_of({"JOB_COMPLETION_INDEX": "3"}, "--shard-count", "4"),
           list(range(3, 23, 4)), "JOB_COMPLETION_INDEX")
        # --shard wins over the environment.
        eq(rows_of({"SLURM_ARRAY_TASK_ID": "2",
                    "SLURM_ARRAY_TASK_COUNT": "5"}, "--shard", "0/11"),
           [0, 11, 22], "--shard over Slurm")
        for extra, flags, want in [
                ({"SLURM_ARRAY_TASK_ID": "2"}, (),
                 "SLURM_ARRAY_TASK_COUNT (or _MIN and _MAX) do not say"),
                ({"SLURM_ARRAY_TASK_ID": "7",
                  "SLURM_ARRAY_TASK_COUNT": "4"}, (),
                 "SLURM_ARRAY_TASK_ID is '7'"),
                ({"JOB_COMPLETION_INDEX": "1"}, (),
                 "give the Job's completions with --shard-count N"),
                ({"JOB_COMPLETION_INDEX": "4"}, ("--shard-count", "4"),
                 "not a number from 0 to 3"),
                ({}, ("--shard-count", "4"),
                 "--shard-count is for a Kubernetes Indexed Job"),
                ({}, ("--shard", "4/4"), "--shard takes I/N"),
                ({}, ("--shard", "1"), "--shard takes I/N"),
                ({}, ("--shard", "x/2"), "--shard takes I/N")]:
            p = merge(d, "d.csv", *flags, env=env(**extra), out="x/{id}.pdf")
            eq(p.returncode, 2, f"{extra} {flags}")
            ok(want in p.stderr.decode(), p.stderr.decode())
        ok(not os.path.exists(os.path.join(d, "x")), "nothing written")


@test
def jobs_give_the_same_pdfs():
    with Tmp() as d:
        setup(d, "d.csv", ROWS)
        eq(merge(d, "d.csv", "--jobs", "1", out="j1/{id}.pdf").returncode,
           0, "jobs 1")
        eq(merge(d, "d.csv", "--jobs", "3", out="j3/{id}.pdf").returncode,
           0, "jobs 3")
        same_tree(os.path.join(d, "j1"), os.path.join(d, "j3"))


@test
def usage_errors():
    with Tmp() as d:
        setup(d, "d.csv", "id,name,amount,first name\nu1,A,1,x\n")
        cases = [
            (["merge", "t.yaml", "-o", "o/{id}.pdf"], "merge needs the rows"),
            (["merge", "t.yaml", "--data", "d.csv"],
             "merge needs where each row's PDF goes"),
            (["merge", "t.yaml", "t.yaml", "--data", "d.csv", "-o", "{id}"],
             "merge takes one template"),
            (["merge", "t.yaml", "--data", "d.txt", "-o", "o/{id}.pdf"],
             "merge reads .csv, .jsonl and .yaml data files"),
            (["merge", "t.yaml", "--data", "d.csv", "-o", "o/{id}.pdf",
              "--threads", "1"], "--threads"),
            (["merge", "t.yaml", "--data", "d.csv", "-o", "o/{id}.pdf",
              "--shard", "0/2", "--shard-count", "2"],
             "--shard-count is for a Kubernetes Indexed Job, without"),
            (["merge", "t.yaml", "--data", "d.csv", "-o", "o/{id}.pdf",
              "--jobs", "0"], "--jobs takes a number of processes"),
            (["build", "t.yaml", "--data", "d.csv"], "are for merge"),
            (["merge", "t.yaml", "--data", "d.csv", "-o", "o/x.pdf"],
             "names one file for every row"),
            (["merge", "t.yaml", "--data", "d.csv", "-o", "o/{idd}.pdf"],
             "--output names the field '{idd}', which no row of 'd.csv' "
             "has; the fields are id, name, amount, first name"),
            (["merge", "t.yaml", "--data", "d.csv", "-o", "o/{id.pdf"],
             "a field is written {name}"),
            (["merge", "t.yaml", "--data", "d.csv", "-o", "o/}{id}.pdf"],
             "has a '}' with no '{' before it"),
        ]
        for args, want in cases:
            p = carec(*args, cwd=d)
            eq(p.returncode, 2, f"{args}: {p.stderr.decode()}")
            ok(want in p.stderr.decode(), f"{args}: {p.stderr.decode()}")
        # A column that cannot be a data name: a warning, said once.
        setup(d, "d.csv", "id,name,amount,first name\nu1,A,1,x\nu2,B,2,y\n")
        p = merge(d, "d.csv")
        err = p.stderr.decode()
        eq(p.returncode, 0, err)
        eq(err.count("warning: the field 'first name' cannot be used as "
                     "{{ first name }}"), 1, err)


@test
def data_file_errors():
    with Tmp() as d:
        for name, data, code, want in [
                ("e.csv", 'id,name\n"x,1\n', 1,
                 "e.csv:3:1: error: a quoted field is not closed"),
                ("q.csv", 'id,name\nx,a"b\n', 1,
                 "q.csv:2:4: error: this quote (\") is in the middle of a "
                 "field"),
                ("h.csv", "id,id\nx,y\n", 1,
                 "h.csv:1:4: error: the column 'id' is named twice"),
                ("z.csv", "", 1, "the data file is empty"),
                ("no.csv", None, 3, "cannot read the data file 'no.csv'"),
                ("l.yaml", "id: 1\n", 1,
                 "l.yaml:1:1: error: expected a list of rows, got a "
                 "mapping"),
                ("s.yaml", "- {id: [\n", 1, "s.yaml:"),
                ("dir.csv", "DIR", 3, "it is a folder")]:
            if data == "DIR":
                os.mkdir(os.path.join(d, name))
            elif data is not None:
                setup(d, name, data)
            else:
                setup(d, "unused.csv", "")
            p = merge(d, name)
            eq(p.returncode, code, f"{name}: {p.stderr.decode()}")
            ok(want in p.stderr.decode(), f"{name}: {p.stderr.decode()}")
            ok(not os.path.exists(os.path.join(d, "out")), "nothing written")


@test
def a_pdf_never_replaces_the_template():
    with Tmp() as d:
        setup(d, "d.csv", "id,name,amount\nt,A,1\nu,B,2\n")
        with open(os.path.join(d, "t.yaml"), "rb") as f:
            before = f.read()
        p = merge(d, "d.csv", out="{id}.yaml")
        err = p.stderr.decode()
        eq(p.returncode, 3, err)
        ok("'t.yaml' is a file the template reads" in err, err)
        with open(os.path.join(d, "t.yaml"), "rb") as f:
            eq(f.read(), before, "the template is kept")
        ok(os.path.exists(os.path.join(d, "u.yaml")), "the other row")


def start_many(d, n, jobs):
    import subprocess
    from common import EXE
    setup(d, "d.csv", "id,name,amount\n" + "".join(
        f"p{i:03d},Donor {i},{i}\n" for i in range(n)))
    return subprocess.Popen([EXE, "merge", "t.yaml", "--data", "d.csv",
                             "-o", "out/{id}.pdf", "--jobs", str(jobs),
                             "--results", "r.jsonl"], cwd=d, env=SDE,
                            stderr=subprocess.PIPE)


def wait_for_pdfs(d, k, p):
    import time
    out = os.path.join(d, "out")
    for _ in range(3000):  # 150 s: slow under the sanitizers
        if p.poll() is not None:
            break
        if os.path.isdir(out) and len([n for n in os.listdir(out)
                                       if n.endswith(".pdf")]) >= k:
            return True
        time.sleep(0.05)
    return False


def complete_pdfs(d):
    """The PDFs in out/, each whole; no temporary file left (waiting a
    little for the workers, which stop on their own)."""
    import time
    out = os.path.join(d, "out")
    for _ in range(100):
        left = [n for n in os.listdir(out) if not n.endswith(".pdf")]
        if not left:
            break
        time.sleep(0.05)
    eq(left, [], "temporary files left")
    names = sorted(os.listdir(out))
    for n in names:
        with open(os.path.join(out, n), "rb") as f:
            data = f.read()
        ok(data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"),
           f"{n} is a whole PDF")
    return names


@test
def sigterm_stops_every_worker_and_leaves_whole_pdfs():
    import signal
    with Tmp() as d:
        p = start_many(d, 300, 2)
        ok(wait_for_pdfs(d, 3, p), "no PDF written")
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=120)
        eq(p.returncode, 128 + signal.SIGTERM, err.decode())
        ok("merge stopped by a signal" in err.decode(), err.decode())
        names = complete_pdfs(d)
        ok(3 <= len(names) < 300, f"{len(names)} PDFs")
        ok(not os.path.exists(os.path.join(d, "r.jsonl")), "no results")


@test
def a_worker_that_dies_fails_its_rows_not_the_others():
    import signal
    with Tmp() as d:
        p = start_many(d, 150, 2)
        ok(wait_for_pdfs(d, 3, p), "no PDF written")
        with open(f"/proc/{p.pid}/task/{p.pid}/children") as f:
            kids = [int(x) for x in f.read().split()]
        eq(len(kids), 2, "two workers")
        os.kill(kids[0], signal.SIGKILL)
        _, err = p.communicate(timeout=900)
        err = err.decode()
        eq(p.returncode, 3, err)
        ok("its worker process stopped before it was written" in err, err)
        r = results(os.path.join(d, "r.jsonl"))
        eq(len(r), 150, "every row in the results")
        written = [x for x in r if x["status"] == "written"]
        ok(written and len(written) < 150, f"{len(written)} written")
        names = complete_pdfs(d)
        ok(set(x["output"][4:] for x in written) <= set(names),
           "each row said written is there")


@test
def a_mistake_of_the_template_is_said_once():
    with Tmp() as d:
        setup(d, "d.csv", "id,name,amount\nw1,A,1\nw2,B,2\nw3,C,3\n",
              template=TEMPLATE + "  - paragrph: \"{{ name }}\"\n")
        p = merge(d, "d.csv", "--jobs", "2")
        err = p.stderr.decode()
        eq(p.returncode, 1, err)
        eq(err.count("error: unknown block type 'paragrph'"), 1, err)
        for i in (1, 2, 3):
            ok(f"row {i} of d.csv (line {i + 1}): 1 error; 'out/w{i}.pdf' "
               "not written" in err, err)


@test
def folders_results_and_verbose():
    with Tmp() as d:
        setup(d, "d.csv", "id,name,amount\nf1,A,1\n")
        open(os.path.join(d, "file"), "w").close()
        p = merge(d, "d.csv", out="file/{id}.pdf")
        err = p.stderr.decode()
        eq(p.returncode, 3, err)
        ok("cannot make the folder of 'file/f1.pdf': Not a directory" in err,
           err)
        os.mkdir(os.path.join(d, "res"))
        p = merge(d, "d.csv", "-v", "--results", "res",
                  out="deep/er/{id}.pdf")
        err = p.stderr.decode()
        eq(p.returncode, 3, err)
        ok("carec-report: wrote deep/er/f1.pdf (1 page)" in err, err)
        ok("carec-report: 1 row: 1 written, 0 skipped, 0 failed" in err, err)
        ok("'res'" in err and "it is a folder" in err, err)
        # Too large a data file is refused before a byte is read.
        with open(os.path.join(d, "big.csv"), "wb") as f:
            f.truncate(65 * 1024 * 1024)
        p = merge(d, "big.csv")
        eq(p.returncode, 3, p.stderr.decode())
        ok("cannot read the data file 'big.csv': it is larger than 64 MB"
           in p.stderr.decode(), p.stderr.decode())


@test
def the_example_letters_merge():
    from common import ROOT
    with Tmp() as d:
        p = carec("merge", os.path.join(ROOT, "examples", "letters",
                                        "letter.yaml"),
                  "--data", os.path.join(ROOT, "examples", "letters",
                                         "donors.csv"),
                  "-o", os.path.join(d, "{id}.pdf"), "--strict", env=SDE)
        eq(p.returncode, 0, p.stderr.decode())
        eq(sorted(os.listdir(d)), ["a01.pdf", "a02.pdf", "a03.pdf",
                                   "a04.pdf"], "one letter a donor")
        for n in os.listdir(d):
            info = pdftotext(os.path.join(d, n))
            ok(info.count("\f") == 2, f"{n}: two pages")
        ok("Уважаемый(ая) Азамат Исаев" in text_of(os.path.join(d,
                                                                "a02.pdf")),
           "a02 in Russian")
        ok("Green Steppe Fund, Ltd." in text_of(os.path.join(d, "a03.pdf")),
           "a03's quoted name")
        # The donors are invented: every page says so, in its language.
        for n, word in (("a01.pdf", "SAMPLE"), ("a02.pdf", "ОБРАЗЕЦ")):
            # (set diagonally: -raw gives a letter a line)
            pages = pdftotext(os.path.join(d, n), "-raw").split("\f")
            ok(all(word in pg.replace("\n", "") for pg in pages
                   if pg.strip()), f"{n}: '{word}' on every page")


@test
def template_errors_stop_before_any_row():
    with Tmp() as d:
        setup(d, "d.csv", "id,name,amount\nv1,A,1\n",
              template="document: {title: [x\n")
        p = merge(d, "d.csv")
        eq(p.returncode, 1, p.stderr.decode())
        ok("t.yaml:1:" in p.stderr.decode(), p.stderr.decode())
        ok(not os.path.exists(os.path.join(d, "out")), "nothing written")


main()
