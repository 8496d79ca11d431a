"""merge --shard on a real Slurm cluster (issue 21): a single-node cluster
on 127.0.0.1 (munged, slurmctld, slurmd, all under a temporary folder, on
free ports), a job array of four tasks each writing its shard of a few
hundred rows, and the union of the shards compared byte for byte with an
unsharded run. Every daemon started here is stopped by its pid, also when
the test fails. A daemon that cannot start fails the test with its log."""
import filecmp
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import EXE, env, eq, main, ok, test  # noqa: E402

ROWS = 240
TASKS = 4

TEMPLATE = """\
document:
  languages: [en, ru]
  language: en
  title: {en: "Letter to {{ name }}", ru: "Письмо: {{ name }}"}
  page-numbering: none
content:
  - paragraph:
      en: "Dear {{ name }}, thank you for {{ amount }} in {{ year }}."
      ru: "Уважаемый(ая) {{ name }}, спасибо за {{ amount }} в {{ year }} году."
"""

JOB = """\
#!/bin/sh
echo "task $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT (job \
$SLURM_ARRAY_JOB_ID, node $SLURMD_NODENAME): merge --shard \
$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT"
"$CAREC_EXE" merge t.yaml --data d.csv --output 'shards/{id}.pdf' \
  --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" --jobs 1 \
  --results "results-$SLURM_ARRAY_TASK_ID.jsonl"
rc=$?
echo "task $SLURM_ARRAY_TASK_ID: exit $rc, \
$(grep -c '"status": "written"' results-$SLURM_ARRAY_TASK_ID.jsonl) PDFs written"
exit $rc
"""


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def tool(name):
    for d in ("/usr/sbin", "/usr/bin", "/sbin", "/bin"):
        if os.path.exists(os.path.join(d, name)):
            return os.path.join(d, name)
    return shutil.which(name)


class Cluster:
    """The daemons, each started here and stopped by its pid."""

    def __init__(self, d):
        self.d = d
        self.procs = []  # (name, Popen, log path)
        self.env = env(SLURM_CONF=os.path.join(d, "slurm.conf"))

    def start(self, name, args):
        log = os.path.join(self.d, name + ".out")
        with open(log, "wb") as f:
            p = subprocess.Popen(args, stdout=f, stderr=subprocess.STDOUT,
                                 env=self.env, cwd=self.d,
                                 start_new_session=True)
        self.procs.append((name, p, log))
        return p

    def logs(self):
        parts = []
        for name, p, log in self.procs:
            parts.append(f"--- {name} (pid {p.pid}, exit {p.poll()}):")
            for extra in (log, os.path.join(self.d, name + ".log")):
                if os.path.exists(extra):
                    with open(extra, errors="replace") as f:
                        parts.append("".join(f.readlines()[-25:]))
        return "\n".join(parts)

    def check_running(self, what):
        for name, p, _ in self.procs:
            if p.poll() is not None:
                raise AssertionError(f"{name} stopped while {what} "
                                     f"(exit {p.returncode}):\n"
                                     + self.logs())

    def wait_for(self, cond, what, timeout=60):
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            self.check_running(what)
            if cond():
                return
            time.sleep(0.3)
        raise AssertionError(f"timed out {what}:\n" + self.logs())

    def stop(self):
        # Last started first: slurmd, slurmctld, munged; by pid only.
        for name, p, _ in reversed(self.procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        self.procs = []

    def run(self, *args, **kw):
        return subprocess.run(list(args), capture_output=True, text=True,
                              env=self.env, cwd=self.d, **kw)


def write_conf(d, host, ctld_port, slurmd_port):
    conf = f"""\
ClusterName=carec-test
SlurmctldHost={host}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort={ctld_port}
SlurmdPort={slurmd_port}
AuthType=auth/munge
AuthInfo=socket={d}/munge.sock
CredType=cred/munge
StateSaveLocation={d}/state
SlurmdSpoolDir={d}/spool
SlurmctldPidFile={d}/slurmctld.pid
SlurmdPidFile={d}/slurmd.pid
SlurmctldLogFile={d}/slurmctld.log
SlurmdLogFile={d}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
NodeName=carec1 NodeAddr=127.0.0.1 NodeHostname={host} CPUs=2 State=UNKNOWN
PartitionName=merge Nodes=carec1 Default=YES MaxTime=INFINITE State=UP
"""
    with open(os.path.join(d, "slurm.conf"), "w") as f:
        f.write(conf)


@test
def slurm_job_array_shards_equal_the_whole_run():
    missing = [t for t in ("munged", "slurmctld", "slurmd", "sbatch",
                           "squeue", "sinfo") if not tool(t)]
    ok(not missing, f"Slurm is not installed ({', '.join(missing)} "
       "missing): script/bootstrap installs slurm-wlm and munge")
    ok(os.geteuid() == 0, "the single-node cluster runs its daemons as "
       "root (SlurmUser=root); run this test as root")
    d = tempfile.mkdtemp(prefix="carec-slurm-")
    os.chmod(d, 0o755)  # munged wants the socket's folder searchable
    cluster = Cluster(d)
    try:
        for sub in ("state", "spool"):
            os.mkdir(os.path.join(d, sub))
        key = os.path.join(d, "munge.key")
        with open(key, "wb") as f:
            f.write(os.urandom(1024))
        os.chmod(key, 0o400)
        host = socket.gethostname().split(".")[0]
        ctld_port = free_port()
        slurmd_port = free_port()
        while slurmd_port == ctld_port:
            slurmd_port = free_port()
        write_conf(d, host, ctld_port, slurmd_port)

        sock = os.path.join(d, "munge.sock")
        cluster.start("munged", [
            tool("munged"), "-F", "-f", f"--key-file={key}",
            f"--socket={sock}", f"--pid-file={d}/munged.pid",
            f"--log-file={d}/munged.log", f"--seed-file={d}/munged.seed"])
        cluster.wait_for(lambda: os.path.exists(sock), "starting munged")
        cluster.start("slurmctld", [tool("slurmctld"), "-D", "-f",
                                    os.path.join(d, "slurm.conf")])
        cluster.start("slurmd", [tool("slurmd"), "-D", "-N", "carec1",
                                 "-f", os.path.join(d, "slurm.conf")])

        def idle():
            p = cluster.run(tool("sinfo"), "-h", "-o", "%T")
            return p.returncode == 0 and p.stdout.strip() == "idle"
        cluster.wait_for(idle, "waiting for the node to be idle")
        print("     " + cluster.run(tool("sinfo")).stdout.replace(
            "\n", "\n     ").rstrip())

        # The rows, and the whole run on this machine.
        with open(os.path.join(d, "t.yaml"), "w", encoding="utf-8") as f:
            f.write(TEMPLATE)
        with open(os.path.join(d, "d.csv"), "w", encoding="utf-8") as f:
            f.write("id,name,amount,year,language\n")
            for i in range(ROWS):
                f.write(f"donor-{i:03d},\"Donor {i}, Ltd.\",{100 + i} EUR,"
                        f"{2020 + i % 5},{'ru' if i % 4 == 1 else 'en'}\n")
        sde = {"SOURCE_DATE_EPOCH": "1700000000"}
        p = subprocess.run([EXE, "merge", "t.yaml", "--data", "d.csv",
                            "--output", "whole/{id}.pdf"], cwd=d,
                           capture_output=True, env=env(**sde))
        eq(p.returncode, 0, p.stderr.decode())

        job = os.path.join(d, "job.sh")
        with open(job, "w") as f:
            f.write(JOB)
        os.chmod(job, 0o755)
        cluster.env.update(sde, CAREC_EXE=os.path.abspath(EXE))
        p = cluster.run(tool("sbatch"), "--parsable", f"--array=0-{TASKS - 1}",
                        "--job-name=carec-merge", "-D", d,
                        "-o", os.path.join(d, "task-%a.out"), job)
        eq(p.returncode, 0, f"sbatch: {p.stderr}\n" + cluster.logs())
        jobid = p.stdout.strip().split(";")[0]
        print(f"     sbatch --array=0-{TASKS - 1}: job {jobid}")
        shown = []

        def finished():
            q = cluster.run(tool("squeue"), "-h", "-j", jobid,
                            "-o", "%i %T %N")
            if q.stdout.strip() and not shown:
                shown.append(q.stdout)
                print("     squeue: " + q.stdout.strip().replace(
                    "\n", "\n     squeue: "))
            return q.returncode == 0 and not q.stdout.strip()
        cluster.wait_for(finished, "waiting for the job array", timeout=600)

        for i in range(TASKS):
            out = os.path.join(d, f"task-{i}.out")
            ok(os.path.exists(out), f"task {i} left no log:\n"
               + cluster.logs())
            with open(out) as f:
                log = f.read()
            for line in log.splitlines():
                print(f"     {line}")
            ok(f"task {i}: exit 0," in log, f"task {i}: {log}")
            with open(os.path.join(d, f"results-{i}.jsonl")) as f:
                rows = [json.loads(x)["row"] - 1 for x in f]
            eq(rows, list(range(i, ROWS, TASKS)), f"task {i}'s rows")

        whole = sorted(os.listdir(os.path.join(d, "whole")))
        shards = sorted(os.listdir(os.path.join(d, "shards")))
        eq(len(whole), ROWS, "the whole run's PDFs")
        eq(shards, whole, "the shards' PDFs are the whole run's")
        _, mism, errs = filecmp.cmpfiles(os.path.join(d, "whole"),
                                         os.path.join(d, "shards"), whole,
                                         shallow=False)
        eq((mism, errs), ([], []), "byte for byte")
        print(f"     {ROWS} PDFs of {TASKS} tasks equal the unsharded run "
              "byte for byte")
    finally:
        cluster.stop()
        shutil.rmtree(d, ignore_errors=True)


main()
