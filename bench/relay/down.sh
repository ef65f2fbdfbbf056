#!/usr/bin/env bash
# down.sh - stops the relay up.sh started (SIGTERM by its PID, SIGKILL after 10 s) and removes its data dir.
set -uo pipefail
: "${RELAY_BENCH_STATE:?set by run.sh}"
[ -e "$RELAY_BENCH_STATE/pid" ] || exit 0
pid=$(cat "$RELAY_BENCH_STATE/pid")
if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
fi
data=$(cat "$RELAY_BENCH_STATE/data-dir" 2>/dev/null || true)
case "$data" in /tmp/relayform-bench-data.*) rm -rf "$data" ;; esac
rm -f "$RELAY_BENCH_STATE/pid"
