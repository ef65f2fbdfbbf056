#!/usr/bin/env bash
# node-b-up.sh A_STATE B_STATE HOST PORT - starts a second relay node on node A's PostgreSQL database (SMTP_RELAY_DATABASE_URL
# in the environment) with A's admin token and secret.key, its own data dir and API port: the production build
# (relay-service/bin/smtp-relay.mjs of RELAY_TREE, which A's bench/relay/up.sh rebuilt if stale), log level RELAY_LOG_LEVEL
# (warn), Node flags RELAY_NODE_OPTIONS. It needs no configuration of its own: the virtual servers are in the database.
# Waits until it accepts SMTP on HOST:PORT. NODE_NETNS runs it (and the wait) inside that network namespace.
# Writes pid, data-dir, api and relay.log to B_STATE; the caller stops it by that PID (nodes-down.sh, netns-run.sh).
set -euo pipefail
a=$1 b=$2 host=$3 port=$4
: "${RELAY_TREE:?}" "${SMTP_RELAY_DATABASE_URL:?}"
in_ns=(); [ -n "${NODE_NETNS:-}" ] && in_ns=(ip netns exec "$NODE_NETNS")
mkdir -p "$b"
data=$(mktemp -d /tmp/relayform-bench-data.XXXXXX)
echo "$data" > "$b/data-dir"
install -m 0600 "$(cat "$a/data-dir")/secret.key" "$data/secret.key"
api_port=$("${in_ns[@]}" python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
echo "http://127.0.0.1:$api_port" > "$b/api"
( cd "$RELAY_TREE" && SMTP_RELAY_ADMIN_TOKEN=$(cat "$a/token") SMTP_RELAY_LOG_LEVEL=${RELAY_LOG_LEVEL:-warn} \
    exec "${in_ns[@]}" node ${RELAY_NODE_OPTIONS:-} relay-service/bin/smtp-relay.mjs serve --data-dir "$data" --api-listen "127.0.0.1:$api_port" \
    >"$b/relay.log" 2>&1 ) &
echo $! > "$b/pid"
listening() { "${in_ns[@]}" python3 -c "import socket; socket.create_connection(('$host',$port),1).close()" 2>/dev/null; }
for _ in $(seq 1 600); do listening && break; kill -0 "$(cat "$b/pid")" 2>/dev/null || break; sleep 0.1; done
listening || { echo "node-b-up.sh: node B did not listen on $host:$port${NODE_NETNS:+ in $NODE_NETNS}" >&2; cat "$b/relay.log" >&2; exit 1; }
echo "node-b-up.sh: node B pid $(cat "$b/pid") smtp $host:$port${NODE_NETNS:+ (namespace $NODE_NETNS)} data $data" >&2
