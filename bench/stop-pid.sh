#!/usr/bin/env bash
# stop-pid.sh - sourced by the benchmark scripts: stop_pid PID [SIGNAL] [SECONDS] sends SIGNAL (TERM) to PID, waits
# up to SECONDS (10) for it to exit, then sends SIGKILL. Nothing happens when PID is not running.
stop_pid() {
    local pid=$1 signal=${2:-TERM} seconds=${3:-10}
    kill -0 "$pid" 2>/dev/null || return 0
    kill -"$signal" "$pid"
    for _ in $(seq 1 $((seconds * 10))); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    return 0
}
