#!/usr/bin/env bash
# workers-ab.sh - the relay with its data plane in worker processes (--workers auto: one per CPU) against one process
# (--workers 0), end to end with the shared peer harness through bench/relay/run.sh (relay only, no peers): ROUNDS
# rounds, alternating which goes first, each relay started fresh (RELAY_WORKERS in up.sh) and warmed up, all rows in one
# CSV; then the harness's report of both and the auto/0 ratio of each round's pair (bench/pair-ratios.py).
#
#   ROUNDS=4 bench/cores/workers-ab.sh            # 1 KB and 100 KB at c=10 and c=50, N=2000, 50 latency probes per size
# Knobs: ROUNDS (4), A_WORKERS (auto) and B_WORKERS (0), the harness's N (2000), SIZES ("1024 102400"), CONCS ("10 50"),
# LAT_N (50), WARMUP (200); RELAY_NODE_OPTIONS as for up.sh (e.g. --cpu-prof --cpu-prof-dir=DIR: each worker writes
# its own profile); OUT_CSV (default ./bench-results/workers-<UTC time>.csv). The sink gets a free port, so this can
# run while another benchmark holds 2526.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PEERS=${PEERS:-$(cd "$HERE/../../.." && pwd)/shared/bench/peers}
ROUNDS=${ROUNDS:-4}
A_WORKERS=${A_WORKERS:-auto} B_WORKERS=${B_WORKERS:-0}
export OUT_CSV=${OUT_CSV:-$PWD/bench-results/workers-$(date -u +%Y%m%dT%H%M).csv}
export SINK_PORT=${SINK_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
export RELAYS=custom DIRECT=0 REPS=1 LARGE_N=0 N=${N:-2000} SIZES=${SIZES:-"1024 102400"} CONCS=${CONCS:-"10 50"} LAT_N=${LAT_N:-50} WARMUP=${WARMUP:-200}
echo "workers-ab.sh: nproc $(nproc), $(lscpu | sed -n 's/^Model name: *//p'), node $(node -v); --workers auto = os.availableParallelism() = $(node -p 'require("os").availableParallelism()')" >&2
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order=("$A_WORKERS" "$B_WORKERS"); else order=("$B_WORKERS" "$A_WORKERS"); fi
  for workers in "${order[@]}"; do
    label=relayform-$([ "$workers" = auto ] && echo auto || echo "w$workers")
    echo "workers-ab.sh: round $round/$ROUNDS --workers $workers ($(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    RELAY_WORKERS=$workers CUSTOM_LABEL=$label "$HERE/../relay/run.sh" >/dev/null
  done
done
a=relayform-$([ "$A_WORKERS" = auto ] && echo auto || echo "w$A_WORKERS") b=relayform-$([ "$B_WORKERS" = auto ] && echo auto || echo "w$B_WORKERS")
python3 "$PEERS/report.py" --csv "$OUT_CSV" --labels "$a,$b" --baseline "$b" --md
python3 "$HERE/../pair-ratios.py" "$OUT_CSV" "$a" "$b"
echo "workers-ab.sh: rows in $OUT_CSV (done $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
