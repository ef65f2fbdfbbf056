#!/usr/bin/env bash
# nodes-up.sh - the harness's CUSTOM_UP: starts the relay for one MN_MODE behind 127.0.0.1:$CUSTOM_PORT.
#   sqlite  one node, SQLite files in its data dir
#   pg1     one node on a fresh database of the PostgreSQL server postgres-up.sh started
#   pg2     two nodes on one fresh database (same admin token and secret.key, own data dir and node-id each)
# Node A is started by bench/relay/up.sh of RELAY_TREE (the same start as the SQLite benchmark: the production build,
# log level warn, one virtual server relaying 127.0.0.0/8 to the sink on 2526); node B by node-b-up.sh (the same
# build, A's token and secret.key).
# Nodes bind 127.0.0.2 (A) and 127.0.0.3 (B) via SMTP_RELAY_SMTP_BIND_ADDRESS; an iptables DNAT rule in the
# nat OUTPUT chain sends connections to 127.0.0.1:$CUSTOM_PORT to A, and with two nodes every second one to B
# (`-m statistic --mode nth`: in the kernel, no proxy process). Every mode goes through the same DNAT path.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
: "${MN_STATE:?set by run.sh}" "${MN_MODE:?set by run.sh}" "${CUSTOM_PORT:?set by run.sh}" "${RELAY_TREE:?set by run.sh}"
port=$CUSTOM_PORT
export RELAY_BENCH_STATE=$MN_STATE/node-a
mkdir -p "$RELAY_BENCH_STATE"
"$HERE/nodes-down.sh" 2>/dev/null || true
echo "$MN_MODE" > "$MN_STATE/mode"
iptables -t nat -A OUTPUT -p tcp -d 127.0.0.1 --dport "$port" -m comment --comment "relayform-mn-$port" \
  -j DNAT --to-destination "127.0.0.2:$port"
unset SMTP_RELAY_DATABASE_URL
if [ "$MN_MODE" != sqlite ]; then
    db=relay_bench_${MN_MODE}_$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
    psql -q "$(cat "$MN_STATE/pg-url")" -c "CREATE DATABASE $db"
    echo "$db" > "$MN_STATE/pg-db"
    export SMTP_RELAY_DATABASE_URL=$(sed "s|/postgres\$|/$db|" "$MN_STATE/pg-url")
fi
SMTP_RELAY_SMTP_BIND_ADDRESS=127.0.0.2 "$RELAY_TREE/bench/relay/up.sh"
cat "$RELAY_BENCH_STATE/pid" > "$MN_STATE/node-pids"
if [ "$MN_MODE" = pg2 ]; then
    b=$MN_STATE/node-b
    SMTP_RELAY_SMTP_BIND_ADDRESS=127.0.0.3 "$HERE/node-b-up.sh" "$RELAY_BENCH_STATE" "$b" 127.0.0.3 "$port"
    cat "$b/pid" >> "$MN_STATE/node-pids"
    iptables -t nat -I OUTPUT 1 -p tcp -d 127.0.0.1 --dport "$port" -m statistic --mode nth --every 2 --packet 0 \
      -m comment --comment "relayform-mn-$port" -j DNAT --to-destination "127.0.0.3:$port"
fi
echo "nodes-up.sh: mode $MN_MODE, nodes $(tr '\n' ' ' < "$MN_STATE/node-pids")behind 127.0.0.1:$port" >&2
