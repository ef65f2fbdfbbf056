#!/usr/bin/env bash
# postgres-up.sh - starts a throw-away PostgreSQL server for the multi-node benchmark: initdb + pg_ctl in a temp
# dir (/tmp/relayform-bench-pg.*), listening only on 127.0.0.1 on a free port, socket dir inside the temp dir.
# As root it runs the server as the system user postgres (initdb refuses root), as test/support/postgres.ts does.
# Settings are PostgreSQL's defaults (fsync on, synchronous_commit on) except max_connections.
# Writes pg-url, pg-pid and pg-root to $MN_STATE; postgres-down.sh stops it by that PID and removes the dir.
# Knobs (netns-run.sh sets them): PG_NETNS (start the server inside that network namespace), PG_LISTEN (its address,
# default 127.0.0.1), PG_HBA_CIDR (also trust connections from that subnet), PG_OPTS (more -c settings).
set -euo pipefail
: "${MN_STATE:?set by run.sh}"
bin=$(dirname "$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
[ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] || { echo "postgres-up.sh: initdb/pg_ctl not found (apt-get install postgresql)" >&2; exit 1; }
root=$(mktemp -d /tmp/relayform-bench-pg.XXXXXX)
echo "$root" > "$MN_STATE/pg-root"
mkdir "$root/sockets"
as=()
if [ "$(id -u)" = 0 ]; then chown -R postgres: "$root"; as=(runuser -u postgres --); fi
"${as[@]}" "$bin/initdb" -D "$root/data" -U postgres -A trust -E UTF8 >"$root/initdb.log" 2>&1 \
  || { cat "$root/initdb.log" >&2; exit 1; }
listen=${PG_LISTEN:-127.0.0.1}
in_ns=(); [ -n "${PG_NETNS:-}" ] && in_ns=(ip netns exec "$PG_NETNS")
[ -n "${PG_HBA_CIDR:-}" ] && echo "host all all $PG_HBA_CIDR trust" >> "$root/data/pg_hba.conf"
port=$("${in_ns[@]}" python3 -c "import socket; s=socket.socket(); s.bind(('$listen',0)); print(s.getsockname()[1])")
"${in_ns[@]}" "${as[@]}" "$bin/pg_ctl" start -D "$root/data" -l "$root/server.log" -w -t 30 \
  -o "-p $port -k $root/sockets -c listen_addresses=$listen -c max_connections=200 ${PG_OPTS:-}" >/dev/null \
  || { cat "$root/server.log" >&2; exit 1; }
head -1 "$root/data/postmaster.pid" > "$MN_STATE/pg-pid"
echo "postgres://postgres@$listen:$port/postgres" > "$MN_STATE/pg-url"
echo "postgres-up.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') pid $(cat "$MN_STATE/pg-pid") on $listen:$port${PG_NETNS:+ (namespace $PG_NETNS)}, dir $root" >&2
