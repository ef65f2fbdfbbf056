#!/usr/bin/env bash
# latency-ab.sh - single-message latency of the relay of BASE_REF against the relay of this checkout, interleaved, with
# Postfix in every run as the fixed reference: ROUNDS rounds, each one run.sh (the peer harness, latency case only,
# RELAYS="postfix custom") per side, the side that goes first and the order of Postfix and the relay alternating.
# The figure is each run's relay/Postfix ratio of e2e p50 and p95: on a machine others load, a round's absolute times say
# more about the machine than about the relay.
#
#   ROUNDS=4 bench/relay/latency-ab.sh                       # main against this checkout, 1 KB, 200 probes per run
#   TRACE_DIR=/tmp/lat-traces ROUNDS=4 bench/relay/latency-ab.sh   # and a step trace per relay run (step-report.py)
# Knobs: BASE_REF (main; exported with git archive to a temp dir, this checkout's node_modules linked in), ROUNDS (4),
# LAT_N (200), SIZES (1024), TRACE_DIR (none), PEERS (harness dir), OUT_DIR (default ./bench-results/latency-ab-<UTC time>:
# one CSV per run, load.txt, and the summary printed at the end, summary.md). Needs what run.sh needs, 2525-2527 free.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
export PEERS=${PEERS:-$(cd "$REPO/.." && pwd)/shared/bench/peers}
BASE_REF=${BASE_REF:-main} ROUNDS=${ROUNDS:-4}
OUT_DIR=${OUT_DIR:-$PWD/bench-results/latency-ab-$(date -u +%Y%m%dT%H%M)}
mkdir -p "$OUT_DIR"
[ -n "${TRACE_DIR:-}" ] && mkdir -p "$TRACE_DIR"
base_sha=$(git -C "$REPO" rev-parse --short "$BASE_REF")
branch_sha=$(git -C "$REPO" rev-parse --short HEAD)
[ -z "$(git -C "$REPO" status --porcelain -- relay-service schema)" ] || branch_sha+=+changes
base_tree=$(mktemp -d /tmp/relayform-latency-ab.XXXXXX)
trap 'rm -rf "$base_tree"' EXIT
git -C "$REPO" archive "$base_sha" | tar -x -C "$base_tree"
ln -s "$REPO/node_modules" "$base_tree/node_modules"
echo "latency-ab.sh: base $BASE_REF ($base_sha) from $base_tree against this checkout ($branch_sha); results in $OUT_DIR" >&2
export SIZES=${SIZES:-1024} LAT_N=${LAT_N:-200} CONCS="" N=1 LARGE_N=0 WARMUP=0 REPS=1 DIRECT=0
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then sides=(base branch); else sides=(branch base); fi
  for side in "${sides[@]}"; do
    tree=$REPO; [ "$side" = base ] && tree=$base_tree
    # Within a run Postfix goes first in rounds 1, 2, 5, 6, ... and second in the others, so both orders meet both sides.
    relays="postfix custom"; [ $(((round - 1) / 2 % 2)) -eq 1 ] && relays="custom postfix"
    trace=(); [ -n "${TRACE_DIR:-}" ] && trace=(SMTP_RELAY_STEP_TRACE="$TRACE_DIR/steps-$side-r$round.jsonl")
    csv=$OUT_DIR/r$round-$side.csv
    echo "r$round $side start $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT_DIR/load.txt"
    echo "latency-ab.sh: round $round/$ROUNDS $side, RELAYS='$relays' ($(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    env "${trace[@]}" RELAYS="$relays" CUSTOM_LABEL="relayform-$side" OUT_CSV="$csv" "$tree/bench/relay/run.sh" >/dev/null
    echo "r$round $side end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT_DIR/load.txt"
  done
done
python3 - "$OUT_DIR" "$ROUNDS" "$base_sha" "$branch_sha" <<'EOF' | tee "$OUT_DIR/summary.md"
import csv, statistics, sys
out, rounds, base, branch = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
load = {}
for line in open(f"{out}/load.txt"):
    r, side, when, _, _, l1, l5, l15 = line.split()
    load.setdefault((r, side), []).append(l1)
print(f"base {base}, branch {branch}; e2e p50 / p95 ms (accept p50 / p95), ratio relay/Postfix of the same run (< 1: the relay is faster)\n")
print("| round | side | load (1 min) start-end | Postfix e2e | relay e2e | relay/Postfix p50 | p95 | Postfix accept | relay accept |")
print("|---|---|---|---|---|---|---|---|---|")
ratios = {"base": [], "branch": []}
for n in range(1, rounds + 1):
    for side in ("base", "branch"):
        rows = {row["label"].split("-")[0]: row for row in csv.DictReader(open(f"{out}/r{n}-{side}.csv")) if row["kind"] == "lat"}
        p, r = rows.get("postfix"), rows.get("relayform")
        if not p or not r or not p["lat_e2e_p50_ms"] or not r["lat_e2e_p50_ms"]:
            print(f"| {n} | {side} | {'-'.join(load[(f'r{n}', side)])} | no figure: {'Postfix' if not p or not p['lat_e2e_p50_ms'] else 'the relay'} failed (r{n}-{side}.csv) | | | | | |")
            continue
        f = lambda row, k: float(row[k])
        q50, q95 = f(r, "lat_e2e_p50_ms") / f(p, "lat_e2e_p50_ms"), f(r, "lat_e2e_p95_ms") / f(p, "lat_e2e_p95_ms")
        ratios[side].append((q50, q95))
        ok = "" if r["status"] == p["status"] == "ok" and r["delivered"] == p["delivered"] else f" ({p['status']}/{r['status']})"
        print(f"| {n} | {side} | {'-'.join(load[(f'r{n}', side)])} | {p['lat_e2e_p50_ms']} / {p['lat_e2e_p95_ms']} | {r['lat_e2e_p50_ms']} / {r['lat_e2e_p95_ms']}{ok} | "
              f"{q50:.2f} | {q95:.2f} | {p['lat_acc_p50_ms']} / {p['lat_acc_p95_ms']} | {r['lat_acc_p50_ms']} / {r['lat_acc_p95_ms']} |")
print()
for side, rs in ratios.items():
    p50, p95 = [x for x, _ in rs], [y for _, y in rs]
    both = sum(x <= 1 and y <= 1 for x, y in rs)
    print(f"{side}: relay/Postfix p50 median {statistics.median(p50):.2f} [{min(p50):.2f}-{max(p50):.2f}], "
          f"p95 median {statistics.median(p95):.2f} [{min(p95):.2f}-{max(p95):.2f}]; p50 and p95 both at or below Postfix in {both} of {len(rs)} runs")
EOF
