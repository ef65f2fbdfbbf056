#!/usr/bin/env bash
# syscall-count.sh - the relay's system calls per message: starts the relay with the up.sh of TREE (default this checkout;
# the production build, warmed up), attaches `strace -c -f` to every thread of it, sends N messages of SIZE bytes at CONC
# sessions with smtp-source (one connection per message, as the peer harness; SOURCE=pipelined: a pipelining client) into a
# fresh smtp-sink, detaches once the sink has them all and prints each system call made 0.01 times a message or more, per
# message, and the total.
#
#   bench/relay/syscall-count.sh                                    # N=2000 SIZE=1024 CONC=50, this checkout
#   TREE=/tmp/relayform-main bench/relay/syscall-count.sh           # another checkout (see tree-ab.sh)
#   SOURCE=pipelined CONC=10 bench/relay/syscall-count.sh          # a pipelining client on kept connections (pipelined-source.mjs)
# strace stops the relay at every system call, so read the counts, not the times (and nothing else of such a run).
# Every process it starts (relay, sink, strace) is stopped by its PID on every exit path.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TREE=$(cd "${TREE:-$HERE/../..}" && pwd)
N=${N:-2000} SIZE=${SIZE:-1024} CONC=${CONC:-50} SOURCE=${SOURCE:-smtp-source}
RELAY_TREE=$TREE
. "$HERE/counted-run.sh"
strace_out=$RELAY_BENCH_STATE/strace.out tracer_stop="INT 10"
relay=$(cat "$RELAY_BENCH_STATE/pid")
# -f with -p attaches to every thread of the process (event loop, libuv pool, V8's) and to any it starts.
strace -c -f -S calls -o "$strace_out" -p "$relay" 2>/dev/null &
tracer_pid=$!
sleep 1
case "$SOURCE" in
  smtp-source) smtp-source -s "$CONC" -m "$N" -l "$SIZE" -M bench.local -f sender@bench.local -t rcpt@example.com -N "127.0.0.1:$CUSTOM_PORT" ;;
  pipelined) node "$HERE/pipelined-source.mjs" "127.0.0.1:$CUSTOM_PORT" "$N" "$SIZE" "$CONC" >/dev/null ;;
  *) echo "syscall-count.sh: SOURCE must be smtp-source or pipelined, got '$SOURCE'" >&2; exit 1 ;;
esac
wait_for_sink "$N"
stop_pid "$tracer_pid" INT 10; tracer_pid=
echo "syscall-count.sh: tree $TREE ($(git -C "$TREE" rev-parse --short HEAD 2>/dev/null || echo '?')) source=$SOURCE size=$SIZE conc=$CONC n=$N delivered=${got:-0} load=$(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$strace_out" "$N" <<'EOF'
import sys
path, n = sys.argv[1], int(sys.argv[2])
rows = []
for line in open(path):
    parts = line.split()
    # % time, seconds, usecs/call, calls, [errors,] syscall
    if len(parts) >= 5 and parts[0][0].isdigit() and parts[-1] != 'total':
        errors = int(parts[4]) if len(parts) == 6 else 0
        rows.append((parts[-1], int(parts[3]), errors))
total = sum(calls for _, calls, _ in rows)
print('| system call | per message | of which failed |')
print('|---|---|---|')
for name, calls, errors in sorted(rows, key=lambda r: -r[1]):
    if calls / n >= 0.01:
        print(f'| {name} | {calls / n:.2f} | {errors / n:.2f} |')
print(f'| all | {total / n:.2f} | {sum(e for _, _, e in rows) / n:.2f} |')
EOF
