#!/usr/bin/env bash
# postgres-down.sh - stops the server postgres-up.sh started, by its PID (SIGINT = fast shutdown, SIGKILL after
# 15 s), and removes its temp dir.
set -uo pipefail
: "${MN_STATE:?set by run.sh}"
if [ -e "$MN_STATE/pg-pid" ]; then
    pid=$(cat "$MN_STATE/pg-pid")
    if kill -0 "$pid" 2>/dev/null; then
        kill -INT "$pid"
        for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$MN_STATE/pg-pid" "$MN_STATE/pg-url"
fi
root=$(cat "$MN_STATE/pg-root" 2>/dev/null || true)
case "$root" in /tmp/relayform-bench-pg.*) rm -rf "$root" ;; esac
rm -f "$MN_STATE/pg-root"
