#!/usr/bin/env bash
# up.sh - starts the relay for the peer benchmark: a child process on a temp data dir with a free API port,
# one virtual server on 127.0.0.1:$CUSTOM_PORT that relays for 127.0.0.0/8 and forwards everything to
# the smart host 127.0.0.1:$SINK_PORT. State (pid, API url, token, data dir) goes to $RELAY_BENCH_STATE.
# Called by run.sh as CUSTOM_UP; stop with down.sh. For a relay on a test host of its own (bench/multi-node/netns-run.sh
# runs this inside a network namespace): SINK_HOST moves the smart host (127.0.0.1), RELAY_CIDR the clients it relays
# for (127.0.0.0/8); the warm-up stays on the loopback.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
: "${RELAY_BENCH_STATE:?set by run.sh}" "${CUSTOM_PORT:?set by run.sh}"
SINK_PORT=${SINK_PORT:-2526} SINK_HOST=${SINK_HOST:-127.0.0.1} RELAY_CIDR=${RELAY_CIDR:-127.0.0.0/8}
# Where this script itself reaches the listeners (the wait below, the warm-up): SMTP_RELAY_SMTP_BIND_ADDRESS moves them
# (bench/multi-node binds 127.0.0.2 and 127.0.0.3, or 0.0.0.0 in a namespace).
smtp_addr=${SMTP_RELAY_SMTP_BIND_ADDRESS:-127.0.0.1}; [ "$smtp_addr" = 0.0.0.0 ] && smtp_addr=127.0.0.1
[ -e "$RELAY_BENCH_STATE/pid" ] && "$HERE/down.sh"
mkdir -p "$RELAY_BENCH_STATE"
data=$(mktemp -d /tmp/relayform-bench-data.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
api_port=$(free_port)
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "$data" > "$RELAY_BENCH_STATE/data-dir"
echo "$token" > "$RELAY_BENCH_STATE/token"
echo "http://127.0.0.1:$api_port" > "$RELAY_BENCH_STATE/api"
# RELAY_NODE_OPTIONS e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the relay process.
# RELAY_WORKERS: data-plane worker processes (SMTP_RELAY_WORKERS; 0 = all in one process).
# RELAY_CODE: built (default: relay-service/dist/ through bin/smtp-relay.mjs, what npm start runs; rebuilt first if a
# source changed) or sources (the TypeScript through tsx, as npm run dev).
case "${RELAY_CODE:-built}" in
  built) node "$REPO/relay-service/scripts/build.mjs" --if-stale; entry=(relay-service/bin/smtp-relay.mjs) ;;
  sources) entry=(--import tsx relay-service/src/cli.ts) ;;
  *) echo "up.sh: RELAY_CODE must be built or sources, got '$RELAY_CODE'" >&2; exit 1 ;;
esac
( cd "$REPO" && SMTP_RELAY_ADMIN_TOKEN=$token SMTP_RELAY_LOG_LEVEL=${RELAY_LOG_LEVEL:-warn} SMTP_RELAY_WORKERS=${RELAY_WORKERS:-0} \
    exec node ${RELAY_NODE_OPTIONS:-} "${entry[@]}" serve --data-dir "$data" --api-listen "127.0.0.1:$api_port" \
    >"$RELAY_BENCH_STATE/relay.log" 2>&1 ) &
echo $! > "$RELAY_BENCH_STATE/pid"
api() { curl -sf -H "Authorization: Bearer $token" -H 'content-type: application/json' "$@"; }
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$api_port/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$api_port/healthz" >/dev/null || { echo "up.sh: relay API did not come up" >&2; cat "$RELAY_BENCH_STATE/relay.log" >&2; exit 1; }
# Creates a virtual server NAME on PORT (127.0.0.1 unless SMTP_RELAY_SMTP_BIND_ADDRESS says otherwise) that relays for
# CIDR to the smart host SINK_HOST:SINK, waits until it answers on $smtp_addr:PORT and prints its id.
relay_server() {
  local name=$1 port=$2 sink_host=$3 sink=$4 cidr=$5 vs id
  vs=$(api -X POST "http://127.0.0.1:$api_port/v1/virtual-servers" -d "{\"name\":\"$name\",\"port\":$port,\"fqdn\":\"relay.bench.local\",
    \"limits\":{\"max_connections\":1000},
    \"delivery\":{\"smart_host\":\"$sink_host\",\"smart_host_port\":$sink,\"outbound_security\":{\"authentication\":\"anonymous\",\"tls\":false}}}")
  id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$vs")
  api -X POST "http://127.0.0.1:$api_port/v1/virtual-servers/$id/relay-rules" -d "{\"cidr\":\"$cidr\"}" >/dev/null
  for _ in $(seq 1 100); do python3 -c "import socket; socket.create_connection(('$smtp_addr',$port),1).close()" 2>/dev/null && break; sleep 0.1; done
  echo "$id"
}
relay_server bench "$CUSTOM_PORT" "$SINK_HOST" "$SINK_PORT" "$RELAY_CIDR" >/dev/null

# Warm-up (RELAY_WARMUP messages, default 600; 0 = none): a relay in service has run its code paths many times, a
# fresh Node process has not compiled them yet. The messages go through a throw-away virtual server to a
# throw-away sink, both removed before the harness measures anything; the harness's own sink port is not used.
warmup=${RELAY_WARMUP:-600}
if [ "$warmup" -gt 0 ]; then
  . "$HERE/../stop-pid.sh"
  warm_sink_port=$(free_port); warm_port=$(free_port)
  sink_out=$(mktemp /tmp/relayform-warmup-sink.XXXXXX)
  as_user=(); [ "$(id -u)" = 0 ] && as_user=(-u nobody)
  smtp-sink -c -4 -m 1000 "${as_user[@]}" "127.0.0.1:$warm_sink_port" 1024 >"$sink_out" 2>&1 &
  warm_sink=$!
  warm_id=$(relay_server warmup "$warm_port" 127.0.0.1 "$warm_sink_port" 127.0.0.0/8)
  source_args=(-M bench.local -f sender@bench.local -t rcpt@example.com -N "$smtp_addr:$warm_port")
  smtp-source -s 1 -m $((warmup / 6)) -l 1024 "${source_args[@]}"
  smtp-source -s 10 -m $((warmup * 2 / 3)) -l 1024 "${source_args[@]}"
  smtp-source -s 10 -m $((warmup / 6)) -l 102400 "${source_args[@]}"
  sent=$((warmup / 6 + warmup * 2 / 3 + warmup / 6))
  for _ in $(seq 1 600); do
    got=$(grep -o 'mesg=[0-9]*' "$sink_out" | tail -1 | cut -d= -f2)
    [ "${got:-0}" -ge "$sent" ] && break; sleep 0.05
  done
  api -X DELETE "http://127.0.0.1:$api_port/v1/virtual-servers/$warm_id" >/dev/null
  stop_pid "$warm_sink" TERM 5
  rm -f "$sink_out"
  echo "up.sh: warm-up: $sent messages through a throw-away virtual server, ${got:-0} delivered to its sink" >&2
fi
echo "up.sh: relay pid $(cat "$RELAY_BENCH_STATE/pid") api http://127.0.0.1:$api_port smtp ${SMTP_RELAY_SMTP_BIND_ADDRESS:-127.0.0.1}:$CUSTOM_PORT -> $SINK_HOST:$SINK_PORT data $data" >&2
