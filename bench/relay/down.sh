#!/usr/bin/env bash
# down.sh - stops the relay up.sh started (SIGTERM by its PID, SIGKILL after 10 s) and removes its data dir.
set -uo pipefail
. "$(dirname "$0")/../stop-pid.sh"
: "${RELAY_BENCH_STATE:?set by run.sh}"
[ -e "$RELAY_BENCH_STATE/pid" ] || exit 0
pid=$(cat "$RELAY_BENCH_STATE/pid")
stop_pid "$pid" TERM 10
data=$(cat "$RELAY_BENCH_STATE/data-dir" 2>/dev/null || true)
case "$data" in /tmp/relayform-bench-data.*) rm -rf "$data" ;; esac
rm -f "$RELAY_BENCH_STATE/pid"
