#!/usr/bin/env bash
# e2e-ab.sh - the relay built (relay-service/dist/) against the TypeScript sources through tsx, end to end with the shared
# peer harness through bench/relay/run.sh (relay only, no peers): ROUNDS rounds, alternating which goes first, each
# relay started fresh (RELAY_CODE=built|sources in up.sh), all rows in one CSV; prints the harness's report of both.
#
#   ROUNDS=4 bench/production-build/e2e-ab.sh                         # 1 KB at c=10 and c=50, N=2000, 50 latency probes
# Knobs: ROUNDS (4), the harness's N (2000), SIZES (1024), CONCS ("10 50"), LAT_N (50), WARMUP (200); OUT_CSV
# (default ./bench-results/production-build-<UTC time>.csv); RELAY_WORKERS as for up.sh. The sink gets a free port,
# so this can run while another benchmark holds 2526.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PEERS=${PEERS:-$(cd "$HERE/../../.." && pwd)/shared/bench/peers}
ROUNDS=${ROUNDS:-4}
export OUT_CSV=${OUT_CSV:-$PWD/bench-results/production-build-$(date -u +%Y%m%dT%H%M).csv}
export SINK_PORT=${SINK_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
export RELAYS=custom DIRECT=0 REPS=1 LARGE_N=0 N=${N:-2000} SIZES=${SIZES:-1024} CONCS=${CONCS:-"10 50"} LAT_N=${LAT_N:-50} WARMUP=${WARMUP:-200}
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order=(built sources); else order=(sources built); fi
  for code in "${order[@]}"; do
    echo "e2e-ab.sh: round $round/$ROUNDS $code ($(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    RELAY_CODE=$code CUSTOM_LABEL=relayform-$code "$HERE/../relay/run.sh" >/dev/null
  done
done
python3 "$PEERS/report.py" --csv "$OUT_CSV" --labels relayform-built,relayform-sources --baseline relayform-sources --md
echo "e2e-ab.sh: rows in $OUT_CSV" >&2
