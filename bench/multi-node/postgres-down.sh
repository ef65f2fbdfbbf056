#!/usr/bin/env bash
# postgres-down.sh - stops the server postgres-up.sh started, by its PID (SIGINT = fast shutdown, SIGKILL after
# 15 s), and removes its temp dir.
set -uo pipefail
. "$(dirname "$0")/../stop-pid.sh"
: "${MN_STATE:?set by run.sh}"
if [ -e "$MN_STATE/pg-pid" ]; then
    pid=$(cat "$MN_STATE/pg-pid")
    stop_pid "$pid" INT 15 # SIGINT = fast shutdown
    rm -f "$MN_STATE/pg-pid" "$MN_STATE/pg-url"
fi
root=$(cat "$MN_STATE/pg-root" 2>/dev/null || true)
case "$root" in /tmp/relayform-bench-pg.*) rm -rf "$root" ;; esac
rm -f "$MN_STATE/pg-root"
