#!/usr/bin/env python3
"""netns-case.py - one throughput case of netns-run.sh: WARMUP then N messages of SIZE bytes at CONC sessions in all, spread
evenly over the relay nodes' listeners (one smtp-source per node, CONC/nodes sessions and N/nodes messages each), end to
end into a fresh smtp-sink; appends one CSV row and prints it as JSON.

Measured like the shared peer harness (../shared/bench/peers/bench_case.py): e2e time from the start of the smtp-sources
until the sink counted N, accept time until the smtp-sources exited, the queue empty (PostgreSQL's queue_messages) before
and after. Over the measured window only (after the warm-up drained), from /proc and PostgreSQL: CPU ticks of each node's
process tree, of the PostgreSQL server (postmaster and backends) and of the whole machine; the relay database's commits
(pg_stat_database), statements executed (pg_stat_statements: one extended-protocol execution is one round trip; BEGIN and
COMMIT count too), WAL fsyncs (pg_stat_wal); and every SAMPLE_MS a sample of the relay database's backends from
pg_stat_activity (state, wait_event_type:wait_event) and of its lock requests not granted (pg_locks), all through one
long-lived psql session in the postgres database.

  netns-case.py --label L --size 1024 --conc 10 --n 2000 --warmup 200 --targets 10.213.77.3:2600,10.213.77.4:2600 \\
      --sink 10.213.77.1:PORT --node-pids 123,456 --pg-pid 789 --pg-url postgres://... --db relay_x --csv OUT.csv
"""
import argparse
import csv
import importlib.util
import json
import os
import queue
import signal
import socket
import subprocess
import threading
import time
from collections import Counter

CLK = os.sysconf("SC_CLK_TCK")


def load_cpu_sample():
    """cpu-sample.py beside this file, as a module (its name is not an identifier): the /proc readers both use."""
    spec = importlib.util.spec_from_file_location("cpu_sample", os.path.join(os.path.dirname(os.path.abspath(__file__)), "cpu-sample.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cpu_sample = load_cpu_sample()
read, ticks, machine_ticks = cpu_sample.read, cpu_sample.ticks, cpu_sample.machine_ticks


class Psql:
    """One psql session: query() sends a statement and reads its rows (fields split on '|') up to a marker line. psql runs
    line-buffered (stdbuf) so that each answer arrives at once; a thread reads its output into a queue."""

    def __init__(self, url):
        self.proc = subprocess.Popen(["stdbuf", "-oL", "psql", "-X", "-A", "-t", "-q", "-F", "|", url], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.lines = queue.Queue()
        self.lock = threading.Lock()
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.proc.stdout], daemon=True).start()

    def query(self, sql):
        with self.lock:
            self.proc.stdin.write(sql.rstrip().rstrip(";") + ";\n\\echo __end__\n")
            self.proc.stdin.flush()
            rows = []
            while True:
                try:
                    line = self.lines.get(timeout=30)
                except queue.Empty:
                    raise RuntimeError(f"psql did not answer: {sql}") from None
                if line.strip() == "__end__":
                    return rows
                if line.strip():
                    rows.append(line.rstrip("\n").split("|"))

    def close(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


class Sink:
    """A fresh `smtp-sink -c` on HOST:PORT; count() reads the last mesg= counter it printed (as the harness does)."""

    def __init__(self, host, port, path):
        self.path = path
        self.out = open(path, "wb")
        cmd = ["smtp-sink", "-c", "-4", "-m", "1000"] + (["-u", "nobody"] if os.geteuid() == 0 else []) + [f"{host}:{port}", "1024"]
        self.proc = subprocess.Popen(cmd, stdout=self.out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        for _ in range(200):
            try:
                socket.create_connection((host, port), 0.5).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            self.stop()
            raise SystemExit(f"smtp-sink did not listen on {host}:{port}")
        time.sleep(0.1)

    def count(self):
        data = read(self.path)[-200:]
        found = [int(x.split("=")[1]) for x in data.replace("\n", " ").split() if x.startswith("mesg=") and x[5:].isdigit()]
        return found[-1] if found else 0

    def wait_count(self, target, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.count() >= target:
                return time.perf_counter()
            time.sleep(0.01)
        return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.out.close()


def send(targets, conc, n, size, timeout):
    """One smtp-source per target, conc and n split evenly; returns (seconds, [return codes])."""
    procs = []
    t0 = time.perf_counter()
    for i, target in enumerate(targets):
        c = conc // len(targets) + (1 if i < conc % len(targets) else 0)
        m = n // len(targets) + (1 if i < n % len(targets) else 0)
        procs.append(subprocess.Popen(["smtp-source", "-s", str(c), "-m", str(m), "-l", str(size), "-M", "bench.local",
                                       "-f", "sender@bench.local", "-t", "rcpt@example.com", "-N", target],
                                      stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT))
    codes = []
    for p in procs:
        try:
            codes.append(p.wait(timeout))
        except subprocess.TimeoutExpired:
            p.kill()  # by its PID
            codes.append(p.wait(10))
    return time.perf_counter() - t0, codes


def main():
    ap = argparse.ArgumentParser()
    for name in ("label", "targets", "sink", "node-pids", "pg-url", "db", "csv"):
        ap.add_argument(f"--{name}", required=True)
    ap.add_argument("--pg-pid", type=int, required=True)
    ap.add_argument("--round", default="")
    for name, default in (("size", 1024), ("conc", 10), ("n", 2000), ("warmup", 200), ("sample-ms", 100), ("timeout", 300)):
        ap.add_argument(f"--{name}", type=int, default=default)
    a = ap.parse_args()
    targets = a.targets.split(",")
    node_pids = [int(p) for p in a.node_pids.split(",")]
    sink_host, sink_port = a.sink.rsplit(":", 1)
    pg = Psql(a.pg_url)
    db_oid = pg.query(f"SELECT oid FROM pg_database WHERE datname = '{a.db}'")[0][0]
    # The queue count needs a session in the relay database; it asks only outside the measured window.
    relay_db = Psql(a.pg_url.rsplit("/", 1)[0] + "/" + a.db)
    own_pid = relay_db.query("SELECT pg_backend_pid()")[0][0]

    def queue():
        return int(relay_db.query("SELECT count(*) FROM queue_messages")[0][0])

    def wait_queue_empty(seconds):
        deadline = time.monotonic() + seconds
        q = queue()
        while q and time.monotonic() < deadline:
            time.sleep(0.2)
            q = queue()
        return q

    def counters():
        r = pg.query(f"""SELECT (SELECT xact_commit FROM pg_stat_database WHERE datid = {db_oid}),
            (SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE dbid = {db_oid}), wal_sync, wal_write,
            pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') FROM pg_stat_wal""")[0]
        return dict(zip(("commits", "statements", "wal_sync", "wal_write", "wal_bytes"), map(float, r)),
                    nodes=[ticks(p) for p in node_pids], pg=ticks(a.pg_pid), machine=machine_ticks(), t=time.perf_counter())

    row = {"ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "label": a.label, "round": a.round, "nodes": len(targets),
           "size": a.size, "conc": a.conc, "n": a.n, "warmup": a.warmup, "status": "ok"}
    workdir = f"/tmp/relayform-netns-case.{os.getpid()}"
    os.makedirs(workdir, exist_ok=True)
    sink = Sink(sink_host, int(sink_port), f"{workdir}/sink.out")
    activity, lock_waits, samples = Counter(), Counter(), [0]
    stop = threading.Event()

    def sampler():
        while not stop.wait(a.sample_ms / 1000):
            rows = pg.query(f"""SELECT state, coalesce(wait_event_type, '-') || ':' || coalesce(wait_event, '-') FROM pg_stat_activity
                WHERE datid = {db_oid} AND backend_type = 'client backend' AND pid <> {own_pid}""")
            for state, wait in rows:
                activity[f"{state} {wait}"] += 1
            for (mode,) in pg.query(f"SELECT locktype || ' ' || mode FROM pg_locks WHERE NOT granted AND database = {db_oid}"):
                lock_waits[mode] += 1
            samples[0] += 1

    try:
        row["queue_before"] = wait_queue_empty(60)
        if a.warmup:
            send(targets, a.conc, a.warmup, a.size, a.timeout)
            if sink.wait_count(a.warmup, 120) is None:
                row["status"] = f"WARN:warm-up-{sink.count()}/{a.warmup}"
            wait_queue_empty(60)
            time.sleep(0.5)
        pre = sink.count()
        c0 = counters()
        thread = threading.Thread(target=sampler, daemon=True)
        thread.start()
        accept_s, codes = send(targets, a.conc, a.n, a.size, a.timeout)
        t_e2e = sink.wait_count(pre + a.n, a.timeout)
        stop.set()
        thread.join(10)
        c1 = counters()
        delivered = sink.count() - pre
        e2e_s = (t_e2e or time.perf_counter()) - c0["t"]
        if any(codes):
            row["status"] = f"ERR:smtp-source-rc-{codes}"
        elif t_e2e is None:
            row["status"] = f"ERR:e2e-timeout({delivered}/{a.n})"
        row.update(accept_mps=round(a.n / accept_s, 1), e2e_mps=round(delivered / e2e_s, 1), e2e_s=round(e2e_s, 3), delivered=delivered)
        ms = lambda t: round(1000.0 * t / CLK / a.n, 3)
        node_ticks = [y - x for x, y in zip(c0["nodes"], c1["nodes"])]
        row["relay_cpu_ms_per_msg"] = ms(sum(node_ticks))
        row["relay_cpu_ms_per_msg_each"] = " ".join(str(ms(t)) for t in node_ticks)
        row["pg_cpu_ms_per_msg"] = ms(c1["pg"] - c0["pg"])
        for key in ("commits", "statements", "wal_sync", "wal_write"):
            row[f"{key}_per_msg"] = round((c1[key] - c0[key]) / a.n, 2)
        row["wal_kb_per_msg"] = round((c1["wal_bytes"] - c0["wal_bytes"]) / 1024 / a.n, 2)
        (b0, t0), (b1, t1) = c0["machine"], c1["machine"]
        row["machine_busy_pct"] = round(100.0 * (b1 - b0) / (t1 - t0)) if t1 > t0 else ""
        row["loadavg"] = read("/proc/loadavg").split()[0]
        n = max(samples[0], 1)
        # Backends of the relay database per sample, by what they were doing: 'active' ones waiting on a lock or on I/O are
        # the contention; 'idle Client:ClientRead' is a pooled connection waiting for the relay.
        row["pg_samples"] = samples[0]
        row["pg_backends_by_wait"] = " ".join(f"{k.replace(' ', '/')}={v / n:.2f}" for k, v in activity.most_common())
        row["pg_lock_waits_per_sample"] = round(sum(lock_waits.values()) / n, 3)
        row["pg_lock_waits_by_mode"] = " ".join(f"{k.replace(' ', '/')}={v}" for k, v in lock_waits.most_common())
        time.sleep(0.5)
        row["extra_after"] = sink.count() - pre - delivered
        row["queue_after"] = wait_queue_empty(15)
    finally:
        stop.set()
        sink.stop()
        pg.close()
        relay_db.close()
        for f in os.listdir(workdir):
            os.unlink(f"{workdir}/{f}")
        os.rmdir(workdir)
    new = not os.path.exists(a.csv) or os.path.getsize(a.csv) == 0
    with open(a.csv, "a", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(row))
        if new:
            w.writeheader()
        w.writerow(row)
    print(json.dumps(row))


if __name__ == "__main__":
    main()
