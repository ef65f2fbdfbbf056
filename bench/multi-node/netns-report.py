#!/usr/bin/env python3
"""netns-report.py CSV - Markdown tables from netns-run.sh's rows: per case and node count the medians over the rounds
(min-max of e2e msg/s), CPU and PostgreSQL figures per message, what the relay database's backends were doing; then the
2-node/1-node ratio of e2e msg/s round by round (the n-th row of each mode for a case is a pair)."""
import csv
import statistics
import sys
from collections import defaultdict

rows = [r for r in csv.DictReader(open(sys.argv[1]))]
by = defaultdict(list)
for r in rows:
    by[(int(r["size"]), int(r["conc"]), int(r["nodes"]))].append(r)


def med(rs, key):
    vals = [float(r[key]) for r in rs if r.get(key) not in (None, "")]
    return statistics.median(vals) if vals else None


def fmt(v, digits=2):
    return "-" if v is None else f"{v:.{digits}f}"


print("| case | nodes | rounds ok | e2e msg/s [min-max] | relay CPU ms/msg (per node) | postgres CPU ms/msg | statements/msg |"
      " commits/msg | WAL fsyncs/msg | machine busy | PG backends per sample (state wait) | lock waits/sample | load |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for (size, conc, nodes), rs in sorted(by.items()):
    ok = [r for r in rs if r["status"] == "ok"]
    e2e = [float(r["e2e_mps"]) for r in ok]
    each = " + ".join(fmt(statistics.median(float(r["relay_cpu_ms_per_msg_each"].split()[i]) for r in ok)) for i in range(nodes)) if ok else "-"
    # the backends' states averaged over the rounds' samples, the three most frequent
    waits = defaultdict(list)
    for r in ok:
        for item in r["pg_backends_by_wait"].split():
            k, v = item.rsplit("=", 1)
            waits[k].append(float(v))
    top = sorted(((sum(v) / len(ok), k) for k, v in waits.items()), reverse=True)[:4]
    print(f"| {size // 1024} KB c={conc} | {nodes} | {len(ok)}/{len(rs)} | "
          f"{fmt(statistics.median(e2e), 0) if e2e else '-'} [{fmt(min(e2e), 0) if e2e else '-'}-{fmt(max(e2e), 0) if e2e else '-'}] | "
          f"{fmt(med(ok, 'relay_cpu_ms_per_msg'))} ({each}) | {fmt(med(ok, 'pg_cpu_ms_per_msg'))} | {fmt(med(ok, 'statements_per_msg'))} | "
          f"{fmt(med(ok, 'commits_per_msg'))} | {fmt(med(ok, 'wal_sync_per_msg'))} | {fmt(med(ok, 'machine_busy_pct'), 0)}% | "
          f"{' '.join(f'{k} {v:.2f}' for v, k in top)} | {fmt(med(ok, 'pg_lock_waits_per_sample'), 3)} | "
          f"{min(r['loadavg'] for r in rs)}-{max(r['loadavg'] for r in rs)} |")
print()
print("| case | 2 nodes / 1 node e2e per round | median |")
print("|---|---|---|")
for size, conc in sorted({(s, c) for s, c, _ in by}):
    one, two = by.get((size, conc, 1), []), by.get((size, conc, 2), [])
    ratios = [float(b["e2e_mps"]) / float(a["e2e_mps"]) for a, b in zip(one, two)
              if a["status"] == "ok" and b["status"] == "ok" and float(a["e2e_mps"])]
    print(f"| {size // 1024} KB c={conc} | {' '.join(f'{x:.3f}' for x in ratios)} | {fmt(statistics.median(ratios), 3) if ratios else '-'} |")
