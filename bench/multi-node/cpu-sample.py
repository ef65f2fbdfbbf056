#!/usr/bin/env python3
"""cpu-sample.py QUEUE - one JSON line: the time, the harness case that asked (from the bench_case.py process
above us: label, kind, size, conc, n, its pid), cumulative CPU ticks of the relay nodes (each node's process tree)
and of the PostgreSQL server (postmaster + backends, reaped children included), PostgreSQL's commit and WAL
counters, and the whole machine's busy and total CPU ticks (/proc/stat). Called by queue-count.sh each time the harness polls the queue; cpu-report.py turns it into a table.

Its /proc readers (read, tree, ticks, machine_ticks) are imported by netns-case.py too."""
import json
import os
import subprocess
import sys
import time


def read(path):
    try:
        with open(path) as fh:
            return fh.read()
    except OSError:
        return ""


def stat(pid):
    s = read(f"/proc/{pid}/stat")
    return s.rsplit(")", 1)[1].split() if s else None


def tree(root):
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        for tid in os.listdir(f"/proc/{pid}/task") if os.path.isdir(f"/proc/{pid}/task") else []:
            todo.extend(int(x) for x in read(f"/proc/{pid}/task/{tid}/children").split())
    return out


def ticks(root):
    """utime + stime of the tree, plus what its reaped children used (cutime + cstime)."""
    total = 0
    for pid in tree(root):
        f = stat(pid)
        if f:
            total += int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])
    return total


def harness_case():
    pid = os.getppid()
    for _ in range(6):
        args = read(f"/proc/{pid}/cmdline").split("\0")
        if any(a.endswith("bench_case.py") for a in args):
            opt = {args[i][2:]: args[i + 1] for i in range(len(args) - 1) if args[i].startswith("--")}
            return {"case_pid": pid, **{k: opt.get(k) for k in ("label", "run-id", "kind", "size", "conc", "n")}}
        f = stat(pid)
        if not f:
            break
        pid = int(f[1])
    return {}


def pg_counters(state):
    url = read(f"{state}/pg-url").strip()
    if not url or not read(f"{state}/pg-db").strip():
        return {}
    sql = ("SELECT (SELECT sum(xact_commit) FROM pg_stat_database), wal_records, wal_write, wal_sync, "
           "pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') FROM pg_stat_wal")
    r = subprocess.run(["psql", "-Atq", "-F", " ", url, "-c", sql], capture_output=True, text=True, timeout=10)
    v = r.stdout.split()
    return dict(zip(("xact_commit", "wal_records", "wal_write", "wal_sync", "wal_bytes"), map(float, v))) if len(v) == 5 else {}


def machine_ticks():
    """(busy, total) jiffies of all CPUs: busy = everything but idle and iowait."""
    f = [int(x) for x in read("/proc/stat").split("\n", 1)[0].split()[1:]]
    return f[0] + f[1] + f[2] + f[5] + f[6] + f[7], sum(f[:8])


def main():
    state = os.environ["MN_STATE"]
    pids = [int(p) for p in read(f"{state}/node-pids").split()]
    pg_pid = read(f"{state}/pg-pid").strip()
    sample = {"t": time.time(), "mode": read(f"{state}/mode").strip(), "queue": sys.argv[1] if len(sys.argv) > 1 else "",
              **harness_case(), "relay_ticks": [ticks(p) for p in pids],
              "pg_ticks": ticks(int(pg_pid)) if pg_pid else 0, **pg_counters(state), "machine_ticks": machine_ticks(),
              "loadavg": read("/proc/loadavg").split()[0]}
    print(json.dumps(sample), flush=True)


if __name__ == "__main__":
    main()
