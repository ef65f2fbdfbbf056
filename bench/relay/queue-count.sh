#!/usr/bin/env bash
# queue-count.sh - prints the relay's queued-message count (fresh + deferred, claimed ones included) from
# the smtp_queue_messages gauge on /metrics; the harness's QUEUE_CMD. Prints -1 when the relay does not answer.
set -uo pipefail
: "${RELAY_BENCH_STATE:?set by run.sh}"
curl -sf -m 5 "$(cat "$RELAY_BENCH_STATE/api")/metrics" \
  | awk '/^smtp_queue_messages\{/ { n += $2; seen = 1 } END { print seen ? n : -1 }'
