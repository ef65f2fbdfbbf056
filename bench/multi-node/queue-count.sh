#!/usr/bin/env bash
# queue-count.sh - the harness's CUSTOM_QUEUE_CMD: prints node A's smtp_queue_messages sum (bench/relay's
# queue-count.sh; on PostgreSQL it counts the whole shared queue) and, as a side effect, appends one CPU sample
# (cpu-sample.py) to $MN_SAMPLES, so that cpu-report.py can split each case's CPU between the relay and PostgreSQL.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
: "${MN_STATE:?set by run.sh}" "${RELAY_TREE:?set by run.sh}"
q=$(RELAY_BENCH_STATE=$MN_STATE/node-a "$RELAY_TREE/bench/relay/queue-count.sh")
[ -n "${MN_SAMPLES:-}" ] && python3 "$HERE/cpu-sample.py" "$q" >> "$MN_SAMPLES" 2>/dev/null
echo "$q"
