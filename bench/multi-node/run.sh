#!/usr/bin/env bash
# run.sh - end-to-end throughput of the relay on 1 node SQLite, 1 node PostgreSQL and 2 nodes sharing one
# PostgreSQL database, in one session of the shared peer harness (../shared/bench/peers/bench-all.sh, used as
# it is: the relay is its "custom" relay, one bench-all run per mode, all rows into one CSV).
#
#   bench/multi-node/run.sh                                   # harness defaults (long)
#   N=2000 LAT_N=50 LARGE_N=0 WARMUP=200 REPS=1 PEER_RELAYS=postfix bench/multi-node/run.sh   # RESULTS.md
#
# Needs root (iptables DNAT on loopback; `apt-get install -y iptables`), PostgreSQL's initdb/pg_ctl, and the
# harness's needs (smtp-source/smtp-sink). Nothing may listen on 127.0.0.1:2525-2527.
# Own knobs: MODES ("sqlite pg1 pg2"; MODE@REF runs that mode with the relay of commit REF, labelled
# relayform-MODE-REF, e.g. "pg1@HEAD~1 pg1" for before/after in one session), PEER_RELAYS (harness relays run before the first mode, e.g. postfix),
# RELAY_TREE (the checkout whose relay and bench/relay/up.sh run; default this one), RELAY_REF (a commit: run
# the relay of that commit, exported to a temp dir with this checkout's node_modules, instead of the working
# tree others may be editing), PEERS (harness dir),
# RELAY_LOG_LEVEL, RELAY_NODE_OPTIONS. Harness knobs pass through: N LARGE_N LAT_N WARMUP REPS SIZES CONCS
# SRC_OPTS DIRECT (measured with the first mode only). Output: OUT_CSV (default ./bench-results/<UTC time>.csv),
# the CPU samples next to it (.samples.jsonl), and the DNAT connection counts (.dnat.txt).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
export RELAY_TREE=${RELAY_TREE:-$REPO}
PEERS=${PEERS:-$(cd "$HERE/../../.." && pwd)/shared/bench/peers}
[ -x "$PEERS/bench-all.sh" ] || { echo "run.sh: peer harness not found at $PEERS (set PEERS)" >&2; exit 1; }
[ "$(id -u)" = 0 ] && command -v iptables >/dev/null || { echo "run.sh: needs root and iptables (apt-get install -y iptables)" >&2; exit 1; }
MODES=${MODES:-"sqlite pg1 pg2"}
# Another harness run (an smtp-sink, or the ports taken): wait for it, at most 15 minutes, before each mode.
wait_for_harness() {
    for _ in $(seq 1 180); do
        if ! pgrep -x smtp-sink >/dev/null && python3 -c 'import socket,sys
sys.exit(any(socket.socket().connect_ex(("127.0.0.1", p)) == 0 for p in (2525, 2526, 2527)))'; then return 0; fi
        echo "run.sh: another harness run is using the sink ports; waiting ($(date -u +%T))" >&2
        sleep 5
    done
    echo "run.sh: the harness ports stayed busy for 15 minutes" >&2
    return 1
}
wait_for_harness

export MN_STATE=$(mktemp -d /tmp/relayform-mn.XXXXXX)
export OUT_CSV=${OUT_CSV:-$PWD/bench-results/$(date -u +%Y%m%dT%H%M%SZ).csv}
export MN_SAMPLES=${OUT_CSV%.csv}.samples.jsonl
mkdir -p "$(dirname "$OUT_CSV")"
export CUSTOM_PORT=${CUSTOM_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
export CUSTOM_UP="'$HERE/nodes-up.sh'" CUSTOM_DOWN="'$HERE/nodes-down.sh'" CUSTOM_QUEUE_CMD="'$HERE/queue-count.sh'"
cleanup() {
    "$HERE/nodes-down.sh" >/dev/null 2>&1
    "$HERE/postgres-down.sh"
    [ -e "$MN_STATE/dnat.log" ] && cp "$MN_STATE/dnat.log" "${OUT_CSV%.csv}.dnat.txt"
    rm -rf "$MN_STATE"
}
trap cleanup EXIT
# The relay of commit $1 in a temp dir under MN_STATE (with this checkout's node_modules); prints the dir.
export_tree() {
    local sha dir
    sha=$(git -C "$REPO" rev-parse --short "$1")
    dir=$MN_STATE/tree-$sha
    if [ ! -d "$dir" ]; then
        mkdir "$dir"
        git -C "$REPO" archive "$sha" | tar -x -C "$dir"
        ln -s "$REPO/node_modules" "$dir/node_modules"
        echo "run.sh: relay of $sha ($1) from $dir" >&2
    fi
    echo "$dir"
}
[ -n "${RELAY_REF:-}" ] && RELAY_TREE=$(export_tree "$RELAY_REF")
default_tree=$RELAY_TREE
case " $MODES " in *" pg"*) "$HERE/postgres-up.sh" ;; esac

labels=direct
for relay in ${PEER_RELAYS:-}; do labels+=,$relay; done
first=1
for mode in $MODES; do
    export MN_MODE=${mode%@*} CUSTOM_LABEL=relayform-${mode%@*} RELAY_TREE=$default_tree
    if [ "$mode" != "$MN_MODE" ]; then
        RELAY_TREE=$(export_tree "${mode#*@}")
        CUSTOM_LABEL+=-$(git -C "$REPO" rev-parse --short "${mode#*@}")
    fi
    labels+=,$CUSTOM_LABEL
    relays=custom direct=0
    [ "$first" = 1 ] && { relays="${PEER_RELAYS:-} custom"; direct=${DIRECT:-1}; }
    wait_for_harness
    echo "run.sh: mode $mode RELAYS='$relays' REPS=${REPS:-2} N=${N:-5000} LAT_N=${LAT_N:-200} WARMUP=${WARMUP:-500} port $CUSTOM_PORT ($(date -u +%FT%TZ), load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    RELAYS="$relays" DIRECT=$direct "$PEERS/bench-all.sh"
    first=0
done
echo "run.sh: done ($(date -u +%FT%TZ), load: $(cut -d' ' -f1-3 /proc/loadavg)); rows in $OUT_CSV" >&2
python3 "$PEERS/report.py" --csv "$OUT_CSV" --labels "$labels" --baseline relayform-sqlite --md
python3 "$HERE/cpu-report.py" --csv "$OUT_CSV" --samples "$MN_SAMPLES" --md
cat "$MN_STATE/dnat.log" 2>/dev/null || true
