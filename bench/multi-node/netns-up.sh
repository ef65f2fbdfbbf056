#!/usr/bin/env bash
# netns-up.sh - the test hosts of the netns benchmark: three network namespaces (netns-names.sh: PostgreSQL, relay node A,
# relay node B), each joined by a veth pair to a bridge in the root namespace, which keeps the load generator and the
# sink; one private /24 (10.213.77.0/24 by default), `lo` up in each namespace. Removes leftovers of a killed run first
# (netns-down.sh). PG_DELAY_MS (unset = none) adds a netem delay to everything PostgreSQL's namespace sends, i.e. that
# much more round-trip time between a relay node and PostgreSQL. Needs root and iproute2.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/netns-names.sh"
"$HERE/netns-down.sh"
if ip -4 route show | grep -q "^$NETNS_SUBNET\."; then
    echo "netns-up.sh: $NETNS_SUBNET.0/24 is already routed in the root namespace; set NETNS_SUBNET" >&2; exit 1
fi
ip link add "$NETNS_BRIDGE" type bridge
ip addr add "$IP_ROOT/24" dev "$NETNS_BRIDGE"
ip link set "$NETNS_BRIDGE" up
for entry in $NETNS_ALL; do
    ns=${entry%%:*} addr=${entry#*:}
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    # host side ${ns}-h on the bridge, namespace side renamed eth0 inside.
    ip link add "$ns-h" type veth peer name "$ns-n"
    ip link set "$ns-n" netns "$ns"
    ip -n "$ns" link set "$ns-n" name eth0
    ip -n "$ns" addr add "$addr/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip link set "$ns-h" master "$NETNS_BRIDGE"
    ip link set "$ns-h" up
done
if [ -n "${PG_DELAY_MS:-}" ]; then
    ip netns exec "$NS_PG" tc qdisc add dev eth0 root netem delay "${PG_DELAY_MS}ms"
fi
echo "netns-up.sh: $NS_PG $IP_PG, $NS_A $IP_A, $NS_B $IP_B on bridge $NETNS_BRIDGE ($IP_ROOT/24)${PG_DELAY_MS:+, netem delay ${PG_DELAY_MS} ms from $NS_PG}" >&2
