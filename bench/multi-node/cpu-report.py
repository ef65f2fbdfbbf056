#!/usr/bin/env python3
"""cpu-report.py --csv RAW.csv --samples SAMPLES.jsonl [--md]

Where each case's time went: the CPU the relay nodes and the PostgreSQL server used per message, from the samples
queue-count.sh took whenever the harness polled the queue. A case's measured window is the longest gap between
two consecutive polls of one bench_case.py process (for a throughput case: after the warm-up drained until after
the measured N were delivered; for a latency probe: the whole probe). The per-mode block line divides the whole
block's counters by every message sent in it (warm-ups included), which is where PostgreSQL's commit and WAL
counters are exact (they reach pg_stat_* up to a second late, so per case they are only indicative)."""
import argparse
import csv
import json
import os
from collections import defaultdict

CLK = os.sysconf("SC_CLK_TCK")


def ms(ticks, n):
    return f"{1000.0 * ticks / CLK / n:.2f}" if n else "-"


def per(a, b, key, n):
    return f"{(b[key] - a[key]) / n:.2f}" if key in a and key in b and n else "-"


def busy(a, b):
    """Share of all CPUs' time that was busy (anyone's processes) between two samples."""
    if "machine_ticks" not in a or "machine_ticks" not in b:
        return "-"
    (b0, t0), (b1, t1) = a["machine_ticks"], b["machine_ticks"]
    return f"{100.0 * (b1 - b0) / (t1 - t0):.0f}%" if t1 > t0 else "-"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--md", action="store_true")
    a = ap.parse_args()
    rows = {(r["run_id"], r["kind"], r["size"], r["conc"]): r for r in csv.DictReader(open(a.csv))}
    cases, blocks = defaultdict(list), defaultdict(list)
    for line in open(a.samples):
        s = json.loads(line)
        if s.get("case_pid"):
            cases[(s["run-id"], s["case_pid"])].append(s)
        blocks[s["run-id"] or s["mode"]].append(s)
    head = ["label", "case", "size", "conc", "e2e msg/s", "status", "queue after", "relay CPU ms/msg (per node)",
            "postgres CPU ms/msg", "relay+pg ms/msg", "WAL fsyncs/msg*", "commits/msg*", "machine CPU busy"]
    out = []
    for (run_id, _), ss in cases.items():
        ss.sort(key=lambda s: s["t"])
        if len(ss) < 2:
            continue
        i = max(range(len(ss) - 1), key=lambda k: ss[k + 1]["t"] - ss[k]["t"])
        s0, s1 = ss[i], ss[i + 1]
        kind, size, conc, n = s0["kind"], s0["size"], s0["conc"] if s0["kind"] == "tput" else "1", int(s0["n"])
        r = rows.get((run_id, kind, size, conc), {})
        per_node = [b - a_ for a_, b in zip(s0["relay_ticks"], s1["relay_ticks"])]
        pg = s1["pg_ticks"] - s0["pg_ticks"]
        out.append([s0["label"], kind, f"{int(size) // 1024}KB", conc if kind == "tput" else "lat",
                    r.get("e2e_mps", "-") if kind == "tput" else f"p50 {r.get('lat_e2e_p50_ms', '-')} ms",
                    r.get("status", "-"), r.get("queue_after", "-"),
                    f"{ms(sum(per_node), n)} ({' + '.join(ms(t, n) for t in per_node)})" if len(per_node) > 1 else ms(sum(per_node), n),
                    ms(pg, n) if s0.get("pg_ticks") else "-", ms(sum(per_node) + pg, n),
                    per(s0, s1, "wal_sync", n), per(s0, s1, "xact_commit", n), busy(s0, s1)])
    table(head, out, a.md)
    print()
    head = ["label", "messages (warm-ups incl.)", "relay CPU ms/msg", "postgres CPU ms/msg", "WAL fsyncs/msg",
            "commits/msg", "WAL KB/msg", "load avg (1 min) at polls"]
    out = []
    for run_id, ss in blocks.items():
        ss.sort(key=lambda s: s["t"])
        label = ss[0].get("label") or ss[0]["mode"]
        n = sum(int(r["n"]) + int(r["warmup"] or 0) for r in rows.values() if r["run_id"] == run_id)
        s0, s1 = ss[0], ss[-1]
        relay = sum(b - a_ for a_, b in zip(s0["relay_ticks"], s1["relay_ticks"]))
        loads = [float(s["loadavg"]) for s in ss]
        wal_kb = f"{(s1['wal_bytes'] - s0['wal_bytes']) / 1024 / n:.2f}" if "wal_bytes" in s0 and n else "-"
        out.append([label, n, ms(relay, n), ms(s1["pg_ticks"] - s0["pg_ticks"], n) if s0.get("pg_ticks") else "-",
                    per(s0, s1, "wal_sync", n), per(s0, s1, "xact_commit", n), wal_kb,
                    f"{min(loads):.1f}-{max(loads):.1f}"])
    table(head, out, a.md)


def table(head, rows, md):
    if md:
        print("| " + " | ".join(head) + " |")
        print("|" + "|".join("---" for _ in head) + "|")
        for r in rows:
            print("| " + " | ".join(str(c) for c in r) + " |")
    else:
        print("\t".join(head))
        for r in rows:
            print("\t".join(str(c) for c in r))


if __name__ == "__main__":
    main()
