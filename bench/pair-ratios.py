#!/usr/bin/env python3
"""pair-ratios.py CSV [A B] - A/B ratios round by round from an interleaved run of the peer harness (the n-th run of
label A and the n-th run of label B are a pair; default A relayform-built, B relayform-sources as e2e-ab.sh writes them;
bench/cores/workers-ab.sh writes relayform-auto and relayform-w0). One line per case the CSV holds (size, concurrency)
for e2e msg/s, relay CPU ms/msg (the harness's relay_cpu_s / N, as its report.py: the case's warm-up messages are in the
CPU too, the same for both sides) and peak RSS, and for the latency probes p50/p95."""
import csv, statistics, sys
from collections import defaultdict

path = sys.argv[1]
a_label, b_label = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else ('relayform-built', 'relayform-sources')
rows = list(csv.DictReader(open(path)))
runs = defaultdict(list)  # label -> run ids in order
for row in rows:
    if row['run_id'] not in runs[row['label']]:
        runs[row['label']].append(row['run_id'])


def figure(run_id, kind, size, conc, column):
    for row in rows:
        if row['run_id'] == run_id and row['kind'] == kind and row['size'] == size and row['conc'] == conc and row[column]:
            value = float(row[column])
            return value / float(row['n']) * 1000 if column == 'relay_cpu_s' else value
    return None


shapes = sorted({(r['kind'], r['size'], r['conc']) for r in rows if r['label'] in (a_label, b_label)},
                key=lambda s: (s[0] != 'lat', int(s[1]), int(s[2])))
columns = {'tput': ('e2e_mps', 'relay_cpu_s', 'peak_rss_mb'), 'lat': ('lat_e2e_p50_ms', 'lat_e2e_p95_ms')}
names = {'e2e_mps': 'e2e msg/s', 'relay_cpu_s': 'relay CPU ms/msg', 'peak_rss_mb': 'peak RSS MB',
         'lat_e2e_p50_ms': 'e2e p50 ms', 'lat_e2e_p95_ms': 'e2e p95 ms'}
pairs = list(zip(runs[a_label], runs[b_label]))
print(f'{len(pairs)} pairs of {a_label} (A) and {b_label} (B) from {path}\n')
print('| case | A (median) | B (median) | A/B per pair | median [min-max] |')
print('|---|---|---|---|---|')
for kind, size, conc in shapes:
    for column in columns[kind]:
        a = [figure(x, kind, size, conc, column) for x, _ in pairs]
        b = [figure(y, kind, size, conc, column) for _, y in pairs]
        ratios = [x / y for x, y in zip(a, b) if x is not None and y]
        if not ratios:
            continue
        shape = f"{int(size) // 1024} KB " + (f"c={conc}" if kind == 'tput' else 'single message')
        print(f"| {shape} {names[column]} | {statistics.median(v for v in a if v is not None):.2f} | "
              f"{statistics.median(v for v in b if v is not None):.2f} | {' '.join(f'{r:.3f}' for r in ratios)} | "
              f"{statistics.median(ratios):.3f} [{min(ratios):.3f}-{max(ratios):.3f}] |")
