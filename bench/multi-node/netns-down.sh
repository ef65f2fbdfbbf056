#!/usr/bin/env bash
# netns-down.sh - removes what netns-up.sh made, also after a killed run: stops every process still inside one of the
# namespaces by its PID (`ip netns pids`: SIGTERM, SIGKILL after 10 s; only processes in our own namespaces), deletes
# the namespaces (their veth ends go with them) and the bridge. Does nothing when none exists.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/netns-names.sh"
. "$HERE/../stop-pid.sh"
for entry in $NETNS_ALL; do
    ns=${entry%%:*}
    [ -e "/run/netns/$ns" ] || continue
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
        echo "netns-down.sh: stopping pid $pid left in $ns ($(tr '\0' ' ' < /proc/$pid/cmdline 2>/dev/null | cut -c1-80))" >&2
        stop_pid "$pid" TERM 10
    done
    ip netns del "$ns"
done
for entry in $NETNS_ALL; do ip link del "${entry%%:*}-h" 2>/dev/null; done
ip link show "$NETNS_BRIDGE" >/dev/null 2>&1 && ip link del "$NETNS_BRIDGE"
exit 0
