#!/usr/bin/env python3
# step-report.py - per-step latency of the relay's latency probes from a step trace (SMTP_RELAY_STEP_TRACE, see up.sh).
#
#   python3 bench/relay/step-report.py TRACE.jsonl[.gz] [PROBES]     # PROBES: messages per relay run that are probes (200)
#
# A trace file gets, per relay process, the warm-up messages of up.sh, then the harness's probes, then the closing
# event-loop delay line (written at stop). For each process this takes the last PROBES messages before that line and
# prints, per step, the median and p95 of the time since the previous step and of the time since the connect (ms),
# and the event-loop delay of the lines written during the probes.
#
# Traces that also carry each message's connect time (`at`) and the GC pause and WAL fsync lines (`event`) get a
# second part: the tail. The slowest tenth of the probes (by the relay's 250 after DATA, then by the next hop's 250)
# against the middle fifth (40th-60th percentile), step by step (mean ms since the previous step), and what else
# happened in those messages' time: GC pauses, the message's own fsync, another fsync still running when it
# committed, the previous message's outcome still being recorded when it connected.
import gzip
import json
import statistics
import sys


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] if s else float("nan")


def runs(path):
    """Yields (messages, delay lines, events) per relay process: split at the closing delay line (the same count as the one before)."""
    messages, delays, events, last_count = [], [], [], None
    for line in (gzip.open(path, 'rt') if path.endswith('.gz') else open(path)):
        row = json.loads(line)
        if "steps" in row:
            messages.append(row)
            continue
        if "event" in row:
            events.append(row)
            continue
        d = row["event_loop_delay_ms"]
        closing = row["messages"] == last_count or row["messages"] % 50 != 0
        delays.append((row["messages"], d))
        last_count = row["messages"]
        if closing:
            yield messages, delays, events
            messages, delays, events, last_count = [], [], [], None


def step_table(sample):
    order = list(sample[0]["steps"].keys())
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


def overlap(a0, a1, b0, b1):
    return max(0.0, min(a1, b1) - max(a0, b0))


def context(message, previous, events):
    """What happened during one message (ms): GC paused it, its own fsync, a fsync running at its commit, the previous outcome."""
    start, steps = message["at"], message["steps"]
    end = start + steps.get("data_replied", steps["delivered"])
    gc = sum(overlap(start, end, e["at"], e["at"] + e["ms"]) for e in events if e["event"] == "gc")
    committed = start + steps.get("queue_committed", 0)
    synced = start + steps.get("queue_synced", 0)
    own = [e for e in events if e["event"] == "fsync" and committed <= e["at"] <= synced]
    running = [e for e in events if e["event"] == "fsync" and e["at"] < committed < e["at"] + e["ms"]]
    prev_end = previous["at"] + previous["steps"]["delivered"] if previous else None
    return {
        "gc_ms": gc,
        "own_fsync_ms": sum(e["ms"] for e in own),
        "own_fsync_inline": any(e.get("inline") for e in own),
        "fsync_running_at_commit": bool(running),
        "previous_outcome_after_connect_ms": max(0.0, prev_end - start) if prev_end is not None else 0.0,
    }


def tail_table(sample, everything, events, key, label):
    by_id = {id(m): i for i, m in enumerate(everything)}
    ranked = sorted((m for m in sample if key in m["steps"]), key=lambda m: m["steps"][key])
    n = len(ranked)
    tail = ranked[n - max(1, n // 10):]
    middle = ranked[int(n * 0.4):int(n * 0.6)]
    order = list(sample[0]["steps"].keys())
    mean = lambda xs: statistics.mean(xs) if xs else float("nan")
    print(f"  tail by {label}: slowest {len(tail)} (from {tail[0]['steps'][key]:.3f} ms) against the middle {len(middle)} "
          f"({middle[0]['steps'][key]:.3f}-{middle[-1]['steps'][key]:.3f} ms), mean ms since the previous step")
    print(f"  {'step':<18} {'middle':>8} {'tail':>8} {'tail-middle':>12}")
    prev = None
    for step in order[1:]:
        prev = prev or order[0]
        gaps = [[m["steps"][step] - m["steps"][prev] for m in group if step in m["steps"] and prev in m["steps"]] for group in (middle, tail)]
        print(f"  {step:<18} {mean(gaps[0]):>8.3f} {mean(gaps[1]):>8.3f} {mean(gaps[1]) - mean(gaps[0]):>12.3f}")
        prev = step
    rows = [[context(m, everything[by_id[id(m)] - 1] if by_id[id(m)] > 0 else None, events) for m in group] for group in (middle, tail)]
    for name in ("gc_ms", "own_fsync_ms", "previous_outcome_after_connect_ms"):
        print(f"  {name:<34} mean {mean([r[name] for r in rows[0]]):>7.3f} {mean([r[name] for r in rows[1]]):>7.3f}   "
              f"share > 0: {sum(r[name] > 0 for r in rows[0])}/{len(rows[0])} {sum(r[name] > 0 for r in rows[1])}/{len(rows[1])}")
    for name in ("own_fsync_inline", "fsync_running_at_commit"):
        print(f"  {name:<34} share: middle {sum(r[name] for r in rows[0])}/{len(rows[0])}, tail {sum(r[name] for r in rows[1])}/{len(rows[1])}")


def main():
    path = sys.argv[1]
    probes = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    for n, (messages, delays, events) in enumerate(runs(path), 1):
        sample = messages[-probes:]
        first = len(messages) - len(sample)
        print(f"run {n}: {len(sample)} probes (of {len(messages)} traced messages)")
        step_table(sample)
        during = [d for count, d in delays if count > first]
        for d in during:
            print(f"  event-loop delay: p50 {d['p50']} p95 {d['p95']} p99 {d['p99']} max {d['max']} ms ({d['count']} samples)")
        if "at" not in sample[0]:
            continue
        window = (sample[0]["at"], sample[-1]["at"] + sample[-1]["steps"]["delivered"])
        inside = [e for e in events if window[0] <= e["at"] <= window[1]]
        for kind in sorted({(e["event"], e.get("kind", e.get("inline"))) for e in inside}, key=str):
            ms = [e["ms"] for e in inside if (e["event"], e.get("kind", e.get("inline"))) == kind]
            label = f"{kind[0]} {'inline' if kind[1] is True else 'thread pool' if kind[1] is False else kind[1]}"
            print(f"  during the probes: {label:<20} {len(ms):>4} times, p50 {statistics.median(ms):.3f} p95 {pct(ms, 95):.3f} max {max(ms):.3f} ms")
        tail_table(sample, messages, inside, "data_replied", "the 250 after DATA")
        tail_table(sample, messages, inside, "outbound_replied", "the next hop's 250")


if __name__ == "__main__":
    main()
