#!/usr/bin/env python3
"""pair-ratios.py CSV - built/sources ratios round by round from e2e-ab.sh's CSV (the n-th run of each label is a pair)."""
import csv, statistics, sys
from collections import defaultdict

rows = list(csv.DictReader(open(sys.argv[1])))
runs = defaultdict(list)  # label -> run ids in order
for row in rows:
    if row['run_id'] not in runs[row['label']]:
        runs[row['label']].append(row['run_id'])
def figure(run_id, kind, conc, column):
    for row in rows:
        if row['run_id'] == run_id and row['kind'] == kind and row['conc'] == conc and row[column]:
            value = float(row[column])
            return value / float(row['n']) * 1000 if column == 'relay_cpu_s' else value
    return None
cases = [('tput', '10', 'e2e_mps'), ('tput', '50', 'e2e_mps'), ('tput', '10', 'relay_cpu_s'), ('tput', '50', 'relay_cpu_s'),
         ('tput', '50', 'peak_rss_mb'), ('lat', '1', 'lat_e2e_p50_ms'), ('lat', '1', 'lat_e2e_p95_ms')]
pairs = list(zip(runs['relayform-built'], runs['relayform-sources']))
print(f'| case | built (median) | sources (median) | built/sources per pair | median [min-max] |')
print('|---|---|---|---|---|')
for kind, conc, column in cases:
    built = [figure(b, kind, conc, column) for b, _ in pairs]
    sources = [figure(s, kind, conc, column) for _, s in pairs]
    ratios = [b / s for b, s in zip(built, sources) if b is not None and s]
    name = f"{'1 KB c=' + conc if kind == 'tput' else 'latency 1 KB'} {column.replace('relay_cpu_s', 'relay CPU ms/msg')}"
    print(f"| {name} | {statistics.median(built):.2f} | {statistics.median(sources):.2f} | {' '.join(f'{r:.3f}' for r in ratios)} | "
          f"{statistics.median(ratios):.3f} [{min(ratios):.3f}-{max(ratios):.3f}] |")
