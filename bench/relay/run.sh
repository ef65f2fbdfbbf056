#!/usr/bin/env bash
# run.sh - the relay end to end against Postfix and Haraka in one run of the shared peer harness
# (../shared/bench/peers/bench-all.sh, used as it is). The relay is the harness's "custom" relay: up.sh
# starts it (temp data dir, free ports, log level warn) and configures it through its API; down.sh stops it
# by its PID; queue-count.sh is its QUEUE_CMD.
#
#   bench/relay/run.sh                                    # RELAYS="postfix haraka custom", harness defaults
#   N=300 LAT_N=20 LARGE_N=0 WARMUP=50 REPS=1 RELAYS=custom bench/relay/run.sh   # smoke
#
# Knobs passed through to the harness: N LARGE_N LAT_N WARMUP REPS SIZES CONCS SRC_OPTS OUT_CSV DIRECT.
# Own knobs: PEERS (harness dir), RELAY_LOG_LEVEL (warn), RELAY_WORKERS (0 = one process), RELAY_NODE_OPTIONS (e.g. --cpu-prof --cpu-prof-dir=DIR);
# SINK_PORT (2526) moves the sink for a relay-only run (RELAYS=custom DIRECT=0) while 2526 is taken.
# Results: OUT_CSV, default ./bench-results/raw.csv under the current folder (never the harness's results/).
# The harness's closing summary lists only 'direct' and the RELAYS names; report.sh prints the table with the relayform label.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PEERS=${PEERS:-$(cd "$HERE/../../.." && pwd)/shared/bench/peers}
[ -x "$PEERS/bench-all.sh" ] || { echo "run.sh: peer harness not found at $PEERS (set PEERS)" >&2; exit 1; }
export RELAY_BENCH_STATE=${RELAY_BENCH_STATE:-$(mktemp -d /tmp/relayform-bench.XXXXXX)}
case "$RELAY_BENCH_STATE" in /tmp/relayform-bench.*) own_state=1 ;; *) own_state=0 ;; esac
export CUSTOM_PORT=${CUSTOM_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
export CUSTOM_LABEL=${CUSTOM_LABEL:-relayform}
export CUSTOM_UP="'$HERE/up.sh'" CUSTOM_DOWN="'$HERE/down.sh'" CUSTOM_QUEUE_CMD="'$HERE/queue-count.sh'"
export RELAYS=${RELAYS:-"postfix haraka custom"}
# Always our own CSV: the harness's results/ is read-only for us (its -w test passes for root, so say where).
export OUT_CSV=${OUT_CSV:-$PWD/bench-results/raw.csv}
mkdir -p "$(dirname "$OUT_CSV")"
trap '"$HERE/down.sh"; [ "$own_state" = 1 ] && rm -rf "$RELAY_BENCH_STATE"' EXIT
echo "run.sh: RELAYS='$RELAYS' REPS=${REPS:-2} N=${N:-5000} LARGE_N=${LARGE_N:-20000} LAT_N=${LAT_N:-200} WARMUP=${WARMUP:-500} relay port $CUSTOM_PORT state $RELAY_BENCH_STATE ($(date -u +%FT%TZ), load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
"$PEERS/bench-all.sh"
# bench-all's own summary names only direct + RELAYS; this one shows the relay under its label next to the peers.
python3 "$PEERS/report.py" --csv "$OUT_CSV" --labels "direct,postfix,haraka,$CUSTOM_LABEL" --baseline postfix --md
