#!/usr/bin/env bash
# netns-run.sh - 1 relay node against 2 relay nodes sharing one PostgreSQL database, each on its own test host: network
# namespaces joined by veth pairs to a bridge (netns-up.sh; PostgreSQL, node A and node B each in its own namespace, the
# load generator and the sink in the root namespace). ROUNDS rounds, the two modes alternating which goes first; in each
# mode a fresh database, the nodes started fresh, then every case of CASES by netns-case.py (WARMUP, then N messages
# spread evenly over the nodes' listeners by one smtp-source per node), all rows into one CSV, a table at the end.
#
#   ROUNDS=2 N=2000 WARMUP=200 bench/multi-node/netns-run.sh
#   ROUNDS=1 N=200 WARMUP=50 CASES="1024:10" bench/multi-node/netns-run.sh          # smoke (about 3 minutes)
# Knobs: ROUNDS (2), MODES ("1 2": node counts), CASES ("1024:10 1024:50 102400:10", SIZE:CONC), N (2000), WARMUP (200),
# RELAY_WARMUP (600, up.sh's warm-up of node A), RELAY_LOG_LEVEL, RELAY_NODE_OPTIONS (e.g. --cpu-prof --cpu-prof-dir=DIR),
# PG_DELAY_MS (netns-up.sh: netem delay on PostgreSQL's namespace; needs the kernel's sch_netem), NETNS_PREFIX and
# NETNS_SUBNET (netns-names.sh). Output: OUT_CSV (default ./bench-results/netns-<UTC time>.csv).
# PostgreSQL runs as postgres-up.sh starts it (defaults: fsync and synchronous_commit on) with pg_stat_statements loaded.
# Needs root, iproute2, PostgreSQL's initdb/pg_ctl and psql, smtp-source/smtp-sink (Debian postfix), Node 20.
# Everything it starts is stopped by its PID on every exit path, the namespaces and the bridge removed.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export RELAY_TREE=${RELAY_TREE:-$(cd "$HERE/../.." && pwd)}
. "$HERE/netns-names.sh"
. "$HERE/../stop-pid.sh"
[ "$(id -u)" = 0 ] || { echo "netns-run.sh: needs root (ip netns)" >&2; exit 1; }
ROUNDS=${ROUNDS:-2} MODES=${MODES:-"1 2"} CASES=${CASES:-"1024:10 1024:50 102400:10"} N=${N:-2000} WARMUP=${WARMUP:-200}
export OUT_CSV=${OUT_CSV:-$PWD/bench-results/netns-$(date -u +%Y%m%dT%H%M%SZ).csv}
mkdir -p "$(dirname "$OUT_CSV")"
export MN_STATE=$(mktemp -d /tmp/relayform-mn.XXXXXX)
port=2600 # the relay's SMTP port; every node has its own namespace, so it is free there
sink_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

nodes_down() {
    if [ -e "$MN_STATE/node-b/pid" ]; then
        stop_pid "$(cat "$MN_STATE/node-b/pid")" TERM 10
        data=$(cat "$MN_STATE/node-b/data-dir" 2>/dev/null || true)
        case "$data" in /tmp/relayform-bench-data.*) rm -rf "$data" ;; esac
        rm -rf "$MN_STATE/node-b"
    fi
    RELAY_BENCH_STATE=$MN_STATE/node-a "$RELAY_TREE/bench/relay/down.sh"
    if [ -e "$MN_STATE/pg-db" ]; then
        psql -q "$(cat "$MN_STATE/pg-url")" -c "DROP DATABASE IF EXISTS $(cat "$MN_STATE/pg-db") WITH (FORCE)" || true
        rm -f "$MN_STATE/pg-db"
    fi
}
cleanup() {
    nodes_down >/dev/null 2>&1
    "$HERE/postgres-down.sh"
    "$HERE/netns-down.sh"
    rm -rf "$MN_STATE"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$HERE/netns-up.sh"
PG_NETNS=$NS_PG PG_LISTEN=$IP_PG PG_HBA_CIDR=$NETNS_SUBNET.0/24 PG_OPTS="-c shared_preload_libraries=pg_stat_statements" \
    "$HERE/postgres-up.sh"
pg_url=$(cat "$MN_STATE/pg-url")
psql -q "$pg_url" -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements'
echo "netns-run.sh: nproc $(nproc), $(lscpu | sed -n 's/^Model name: *//p'), node $(node -v), PostgreSQL $(psql -Atq "$pg_url" -c 'SHOW server_version'); ROUNDS=$ROUNDS MODES='$MODES' CASES='$CASES' N=$N WARMUP=$WARMUP; rows in $OUT_CSV ($(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2

# Starts MODE nodes on a fresh database: node A by bench/relay/up.sh inside its namespace (the production build, one
# virtual server on 0.0.0.0:$port relaying for the subnet to the sink in the root namespace), node B by node-b-up.sh.
nodes_up() {
    local mode=$1 db
    db=relay_netns_$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
    psql -q "$pg_url" -c "CREATE DATABASE $db"
    echo "$db" > "$MN_STATE/pg-db"
    export SMTP_RELAY_DATABASE_URL=${pg_url%/postgres}/$db
    mkdir -p "$MN_STATE/node-a"
    RELAY_BENCH_STATE=$MN_STATE/node-a CUSTOM_PORT=$port SINK_HOST=$IP_ROOT SINK_PORT=$sink_port RELAY_CIDR=$NETNS_SUBNET.0/24 \
        SMTP_RELAY_SMTP_BIND_ADDRESS=0.0.0.0 ip netns exec "$NS_A" "$RELAY_TREE/bench/relay/up.sh"
    pids=$(cat "$MN_STATE/node-a/pid") targets=$IP_A:$port
    if [ "$mode" = 2 ]; then
        SMTP_RELAY_SMTP_BIND_ADDRESS=0.0.0.0 NODE_NETNS=$NS_B "$HERE/node-b-up.sh" "$MN_STATE/node-a" "$MN_STATE/node-b" 127.0.0.1 "$port"
        pids+=,$(cat "$MN_STATE/node-b/pid") targets+=,$IP_B:$port
    fi
}

for round in $(seq 1 "$ROUNDS"); do
    read -r -a order <<< "$MODES"
    if [ $((round % 2)) -eq 0 ]; then reversed=(); for ((i=${#order[@]}-1; i>=0; i--)); do reversed+=("${order[i]}"); done; order=("${reversed[@]}"); fi
    for mode in "${order[@]}"; do
        echo "netns-run.sh: round $round/$ROUNDS, $mode node(s) ($(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
        nodes_up "$mode"
        for case in $CASES; do
            python3 "$HERE/netns-case.py" --label "pg-netns-${mode}node" --round "$round" --size "${case%%:*}" --conc "${case#*:}" \
                --n "$N" --warmup "$WARMUP" --targets "$targets" --sink "$IP_ROOT:$sink_port" --node-pids "$pids" \
                --pg-pid "$(cat "$MN_STATE/pg-pid")" --pg-url "$pg_url" --db "$(cat "$MN_STATE/pg-db")" --csv "$OUT_CSV" \
                | python3 -c 'import json,sys; r=json.load(sys.stdin); print("  ", r["label"], r["size"], "c=%s" % r["conc"], r["status"], "e2e", r["e2e_mps"], "msg/s, relay", r["relay_cpu_ms_per_msg"], "pg", r["pg_cpu_ms_per_msg"], "ms/msg", file=sys.stderr)' \
                || echo "netns-run.sh: case $case failed" >&2
        done
        nodes_down
    done
done
echo "netns-run.sh: done ($(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
python3 "$HERE/netns-report.py" "$OUT_CSV"
