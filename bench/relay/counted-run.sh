# counted-run.sh - sourced by the benches that count what the relay does for N messages (bench/cores/fsync-count.sh,
# bench/relay/syscall-count.sh): the relay of RELAY_TREE started warm by its up.sh and a fresh smtp-sink, on free
# ports; the EXIT trap stops the caller's tracer (tracer_pid, stopped with tracer_stop, e.g. "INT 5"), the sink and
# the relay by their PIDs. wait_for_sink N waits (at most 300 s) until the sink has N messages and sets `got`.
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../stop-pid.sh"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export RELAY_BENCH_STATE=$(mktemp -d /tmp/relayform-bench.XXXXXX) CUSTOM_PORT=$(free_port) SINK_PORT=$(free_port)
sink_out=$RELAY_BENCH_STATE/sink.out sink_pid= tracer_pid= tracer_stop="INT 5" got=
counted_run_cleanup() {
    # shellcheck disable=SC2086 # tracer_stop is "SIGNAL SECONDS"
    [ -n "$tracer_pid" ] && stop_pid "$tracer_pid" $tracer_stop
    [ -n "$sink_pid" ] && stop_pid "$sink_pid" TERM 5
    "$RELAY_TREE/bench/relay/down.sh"
    rm -rf "$RELAY_BENCH_STATE"
}
trap counted_run_cleanup EXIT
trap 'exit 130' INT TERM
"$RELAY_TREE/bench/relay/up.sh" 2>/dev/null
as_user=(); [ "$(id -u)" = 0 ] && as_user=(-u nobody)
smtp-sink -c -4 -m 1000 "${as_user[@]}" "127.0.0.1:$SINK_PORT" 1024 >"$sink_out" 2>&1 &
sink_pid=$!
wait_for_sink() {
    for _ in $(seq 1 6000); do
        got=$(grep -o 'mesg=[0-9]*' "$sink_out" | tail -1 | cut -d= -f2)
        [ "${got:-0}" -ge "$1" ] && return 0; sleep 0.05
    done
}
