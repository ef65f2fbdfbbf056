#!/usr/bin/env bash
# fsync-count.sh - how many WAL fsyncs the relay's SQLite queue makes per message, with --workers WORKERS (0 = one
# process, auto = one worker per CPU): starts the relay with bench/relay/up.sh (the production build, warmed up), attaches
# `perf stat` to every thread of its processes (primary and workers; the libuv pool threads that run the fsyncs exist by
# then), sends N messages of SIZE bytes at CONC sessions with smtp-source into a fresh smtp-sink, and stops counting once
# the sink has them all. Prints one line: fsync and fdatasync calls, per message, the relay's CPU per message and e2e msg/s.
#
#   bench/cores/fsync-count.sh 0 && bench/cores/fsync-count.sh auto          # N=2000 SIZE=1024 CONC=50
# Needs root or perf_event_paranoid <= 1 with tracefs (syscalls:sys_enter_* tracepoints), perf, smtp-source/smtp-sink.
# Every process it starts (relay, sink, perf) is stopped by its PID on every exit path.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
workers=${1:?usage: fsync-count.sh WORKERS}
N=${N:-2000} SIZE=${SIZE:-1024} CONC=${CONC:-50}
export RELAY_WORKERS=$workers
RELAY_TREE=$(cd "$HERE/../.." && pwd)
. "$RELAY_TREE/bench/relay/counted-run.sh"
perf_out=$RELAY_BENCH_STATE/perf.out
# The relay's process tree: the primary and, with workers, its children.
root=$(cat "$RELAY_BENCH_STATE/pid")
pids=$root
for child in $(cat /proc/"$root"/task/*/children 2>/dev/null); do pids+=,$child; done
cpu() { python3 - "$pids" <<'EOF'
import sys
t = 0
for pid in sys.argv[1].split(","):
    try:
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        t += int(f[11]) + int(f[12])
    except OSError:
        pass
print(t)
EOF
}
perf stat -x, -e syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync -p "$pids" -o "$perf_out" &
tracer_pid=$!
sleep 1
cpu0=$(cpu) t0=$(date +%s.%N)
smtp-source -s "$CONC" -m "$N" -l "$SIZE" -M bench.local -f sender@bench.local -t rcpt@example.com -N "127.0.0.1:$CUSTOM_PORT"
wait_for_sink "$N"
t1=$(date +%s.%N) cpu1=$(cpu)
stop_pid "$tracer_pid" INT 5; tracer_pid=
fsync=$(awk -F, '/sys_enter_fsync/ { print $1 }' "$perf_out") fdatasync=$(awk -F, '/sys_enter_fdatasync/ { print $1 }' "$perf_out")
python3 -c "
n, fs, fds = $N, int('${fsync:-0}'), int('${fdatasync:-0}')
cpu_ms = ($cpu1 - $cpu0) * 1000 / $(getconf CLK_TCK) / n
print(f'workers=$workers processes=$(echo "$pids" | tr , ' ' | wc -w) size=$SIZE conc=$CONC n={n} delivered=${got:-0} fsync={fs} fdatasync={fds} '
      f'syncs/msg={(fs + fds) / n:.3f} relay_cpu_ms/msg={cpu_ms:.2f} e2e_msg/s={n / ($t1 - $t0):.0f} load=$(cut -d' ' -f1 /proc/loadavg)')"
