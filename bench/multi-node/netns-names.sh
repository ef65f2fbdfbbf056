# netns-names.sh - sourced by netns-up.sh, netns-down.sh and netns-run.sh: the names and addresses of the benchmark's
# network namespaces. NETNS_PREFIX (rfb) and NETNS_SUBNET (the first three octets, 10.213.77) move them.
NETNS_PREFIX=${NETNS_PREFIX:-rfb}
NETNS_SUBNET=${NETNS_SUBNET:-10.213.77}
NETNS_BRIDGE=${NETNS_PREFIX}br0
NS_PG=$NETNS_PREFIX-pg NS_A=$NETNS_PREFIX-a NS_B=$NETNS_PREFIX-b
# The root namespace (load generator, sink, samplers) is .1 on the bridge; PostgreSQL .2, node A .3, node B .4.
IP_ROOT=$NETNS_SUBNET.1 IP_PG=$NETNS_SUBNET.2 IP_A=$NETNS_SUBNET.3 IP_B=$NETNS_SUBNET.4
NETNS_ALL="$NS_PG:$IP_PG $NS_A:$IP_A $NS_B:$IP_B"
