#!/usr/bin/env bash
# nodes-down.sh - the harness's CUSTOM_DOWN: logs how many connections each DNAT rule sent where, removes the
# rules, stops node B and node A (bench/relay/down.sh) by PID, removes their data dirs and drops the database.
set -uo pipefail
. "$(dirname "$0")/../stop-pid.sh"
: "${MN_STATE:?set by run.sh}" "${CUSTOM_PORT:?set by run.sh}" "${RELAY_TREE:?set by run.sh}"
tag="relayform-mn-$CUSTOM_PORT"
if iptables -t nat -S OUTPUT 2>/dev/null | grep -q -- "$tag"; then
    iptables -t nat -L OUTPUT -v -n -x | awk -v tag="$tag" -v mode="$(cat "$MN_STATE/mode" 2>/dev/null)" \
      '$0 ~ tag { for (i = 1; i <= NF; i++) if ($i ~ /^to:/) print mode, "connections", $1, $i }' >> "$MN_STATE/dnat.log"
    iptables -t nat -S OUTPUT | grep -- "$tag" | sed 's/^-A //' | while read -r rule; do
        eval "iptables -t nat -D $rule"
    done
fi
b=$MN_STATE/node-b
if [ -e "$b/pid" ]; then
    pid=$(cat "$b/pid")
    stop_pid "$pid" TERM 10
    rm -f "$b/pid"
    data=$(cat "$b/data-dir" 2>/dev/null || true)
    case "$data" in /tmp/relayform-bench-data.*) rm -rf "$data" ;; esac
fi
RELAY_BENCH_STATE=$MN_STATE/node-a "$RELAY_TREE/bench/relay/down.sh"
if [ -e "$MN_STATE/pg-db" ]; then
    psql -q "$(cat "$MN_STATE/pg-url")" -c "DROP DATABASE IF EXISTS $(cat "$MN_STATE/pg-db") WITH (FORCE)"
    rm -f "$MN_STATE/pg-db"
fi
rm -f "$MN_STATE/node-pids"
