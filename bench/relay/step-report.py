#!/usr/bin/env python3
# step-report.py - per-step latency of the relay's latency probes from a step trace (SMTP_RELAY_STEP_TRACE, see up.sh).
#
#   python3 bench/relay/step-report.py TRACE.jsonl[.gz] [PROBES]     # PROBES: messages per relay run that are probes (200)
#
# A trace file gets, per relay process, the warm-up messages of up.sh, then the harness's probes, then the closing
# event-loop delay line (written at stop). For each process this takes the last PROBES messages before that line and
# prints, per step, the median and p95 of the time since the previous step and of the time since the connect (ms),
# and the event-loop delay of the lines written during the probes.
import gzip
import json
import statistics
import sys


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] if s else float("nan")


def runs(path):
    """Yields (messages, delay lines) per relay process: split at the closing delay line (the same count as the one before)."""
    messages, delays, last_count = [], [], None
    for line in (gzip.open(path, 'rt') if path.endswith('.gz') else open(path)):
        row = json.loads(line)
        if "steps" in row:
            messages.append(row)
            continue
        d = row["event_loop_delay_ms"]
        closing = row["messages"] == last_count or row["messages"] % 50 != 0
        delays.append((row["messages"], d))
        last_count = row["messages"]
        if closing:
            yield messages, delays
            messages, delays, last_count = [], [], None


def main():
    path = sys.argv[1]
    probes = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    for n, (messages, delays) in enumerate(runs(path), 1):
        sample = messages[-probes:]
        first = len(messages) - len(sample)
        order = list(sample[0]["steps"].keys())
        print(f"run {n}: {len(sample)} probes (of {len(messages)} traced messages)")
        print(f"  {'step':<18} {'since prev p50':>14} {'p95':>8} {'since connect p50':>18} {'p95':>8}")
        prev = None
        for step in order:
            at = [m["steps"][step] for m in sample if step in m["steps"]]
            if prev is None:
                gap = [0.0]
            else:
                gap = [m["steps"][step] - m["steps"][prev] for m in sample if step in m["steps"] and prev in m["steps"]]
            print(f"  {step:<18} {statistics.median(gap):>14.3f} {pct(gap, 95):>8.3f} {statistics.median(at):>18.3f} {pct(at, 95):>8.3f}")
            prev = step
        during = [d for count, d in delays if count > first]
        for d in during:
            print(f"  event-loop delay: p50 {d['p50']} p95 {d['p95']} p99 {d['p99']} max {d['max']} ms ({d['count']} samples)")


if __name__ == "__main__":
    main()
