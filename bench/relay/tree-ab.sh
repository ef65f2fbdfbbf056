#!/usr/bin/env bash
# tree-ab.sh - the relay of this checkout (A) against the relay of another checkout (B_TREE), end to end with the shared
# peer harness through each tree's own bench/relay/run.sh (relay only, no peers): ROUNDS rounds alternating which goes
# first, each relay started fresh and warmed up by its tree's up.sh (the production build, rebuilt there when stale), all
# rows in one CSV; then the harness's report of both and the A/B ratio of each round's pair (bench/pair-ratios.py).
#
#   mkdir /tmp/relayform-main && git archive main | tar -x -C /tmp/relayform-main && cp -al node_modules /tmp/relayform-main/
#   B_TREE=/tmp/relayform-main ROUNDS=6 bench/relay/tree-ab.sh     # 1 KB at c=10 and c=50, N=2000, no latency probes
# Knobs: B_TREE (required: a checkout with node_modules), ROUNDS (4), A_LABEL (relayform-a), B_LABEL (relayform-b), the
# harness's N (2000), SIZES (1024), CONCS ("10 50"), LAT_N (0), WARMUP (200); RELAY_NODE_OPTIONS and RELAY_WORKERS as for
# up.sh; OUT_CSV (default ./bench-results/tree-ab-<UTC time>.csv). The sink gets a free port, so this can run while
# another benchmark holds 2526.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
: "${B_TREE:?set B_TREE to the other checkout (see the head of this script)}"
B_TREE=$(cd "$B_TREE" && pwd)
[ -x "$B_TREE/bench/relay/run.sh" ] || { echo "tree-ab.sh: $B_TREE/bench/relay/run.sh not found" >&2; exit 1; }
# The harness lives beside this checkout; run.sh would look for it beside B_TREE.
export PEERS=${PEERS:-$(cd "$HERE/../../.." && pwd)/shared/bench/peers}
ROUNDS=${ROUNDS:-4} A_LABEL=${A_LABEL:-relayform-a} B_LABEL=${B_LABEL:-relayform-b}
export OUT_CSV=${OUT_CSV:-$PWD/bench-results/tree-ab-$(date -u +%Y%m%dT%H%M).csv}
export SINK_PORT=${SINK_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
export RELAYS=custom DIRECT=0 REPS=1 LARGE_N=0 N=${N:-2000} SIZES=${SIZES:-1024} CONCS=${CONCS:-"10 50"} LAT_N=${LAT_N:-0} WARMUP=${WARMUP:-200}
A_TREE=$(cd "$HERE/../.." && pwd)
echo "tree-ab.sh: A $A_TREE ($(git -C "$A_TREE" rev-parse --short HEAD 2>/dev/null || echo '?')) as $A_LABEL, B $B_TREE as $B_LABEL; nproc $(nproc), node $(node -v)" >&2
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order=(A B); else order=(B A); fi
  for side in "${order[@]}"; do
    if [ "$side" = A ]; then tree=$A_TREE label=$A_LABEL; else tree=$B_TREE label=$B_LABEL; fi
    echo "tree-ab.sh: round $round/$ROUNDS $label ($(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    CUSTOM_LABEL=$label "$tree/bench/relay/run.sh" >/dev/null
  done
done
python3 "$PEERS/report.py" --csv "$OUT_CSV" --labels "$A_LABEL,$B_LABEL" --baseline "$B_LABEL" --md
python3 "$HERE/../pair-ratios.py" "$OUT_CSV" "$A_LABEL" "$B_LABEL"
echo "tree-ab.sh: rows in $OUT_CSV (done $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
