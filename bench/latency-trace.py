#!/usr/bin/env python3
"""What the slowest forecasts of EndToEndKafkaBench's latency phase waited for: GC pauses or checkpoints.

    java -Xlog:gc:file=gc-job.log:time -DlatencyTrace=trace.csv -Dlog4j2.configurationFile=<config with
        org.apache.flink.runtime.checkpoint.CheckpointCoordinator at INFO, UTC ISO times> \
        -cp bench/target/benchmarks.jar dev.streamcast.bench.EndToEndKafkaBench 10000 100000 15 --latency-mode \
        > run.out
    python3 bench/latency-trace.py trace.csv gc-job.log [run.out]

trace.csv has, per observation of the latency phase, its append time and its forecast's (both set by the broker).
gc-job.log is the job's JVM's unified GC log with wall-clock times (-Xlog:gc:file=...:time): each "Pause" line ends
at its time stamp and lasted its duration. run.out, if given, holds the CheckpointCoordinator's "Triggering
checkpoint" and "Completed checkpoint" lines: a checkpoint is in progress between the two. A forecast "overlaps" a
pause or checkpoint when that interval intersects its time in flight [observation appended, forecast appended].
Prints p50/p99/max, and for all forecasts, those at or above p99, and those below p50: the share that overlapped a
GC pause (of the job's JVM), a checkpoint, either, or neither.
"""
import csv
import datetime
import re
import sys


def ms(stamp):
    return int(datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() * 1000)


def gc_pauses(path):
    out = []
    for line in open(path):
        m = re.match(r"\[(\S+?)\].*Pause.* ([0-9.]+)ms$", line.strip())
        if m:
            end = ms(m.group(1))
            out.append((end - float(m.group(2)), end))
    return out


def checkpoints(path):
    start, out = {}, []
    for line in open(path, errors="replace"):
        m = re.match(r"(\S+) .*(Triggering|Completed) checkpoint (\d+)", line)
        if m:
            t = ms(m.group(1) + "+00:00")
            if m.group(2) == "Triggering":
                start[m.group(3)] = t
            elif m.group(3) in start:
                out.append((start.pop(m.group(3)), t))
    return out


def overlaps(a, b, spans):
    return any(s <= b and e >= a for s, e in spans)


def main(trace, gclog, runout=None):
    rows = [(int(r[0]), int(r[1])) for r in list(csv.reader(open(trace)))[1:]]
    pauses = gc_pauses(gclog)
    ckpts = checkpoints(runout) if runout else []
    lat = sorted(f - o for o, f in rows)
    p50, p99 = lat[len(lat) // 2], lat[int(len(lat) * 0.99)]
    t0, t1 = min(o for o, _ in rows), max(f for _, f in rows)
    inside = [(s, e) for s, e in pauses if e >= t0 and s <= t1]
    print(f"{len(rows)} forecasts: p50 {p50} ms, p99 {p99} ms, max {lat[-1]} ms")
    print(f"GC pauses of the job's JVM in the phase: {len(inside)}, "
          f"{sum(e - s for s, e in inside):.0f} ms in all, longest {max((e - s for s, e in inside), default=0):.0f} ms;"
          f" checkpoints in the phase: {sum(1 for s, e in ckpts if e >= t0 and s <= t1)}")
    print("| forecasts | n | overlap a GC pause | overlap a checkpoint | either | neither |")
    print("|---|---|---|---|---|---|")
    for name, sel in (("all", lambda l: True), (f">= p99 ({p99} ms)", lambda l: l >= p99),
                      (f"< p50 ({p50} ms)", lambda l: l < p50)):
        rs = [(o, f) for o, f in rows if sel(f - o)]
        g = [overlaps(o, f, pauses) for o, f in rs]
        c = [overlaps(o, f, ckpts) for o, f in rs]
        n = len(rs)
        pct = lambda k: f"{100 * k / n:.0f}%" if n else "-"
        print(f"| {name} | {n:,} | {pct(sum(g))} | {pct(sum(c))} | {pct(sum(a or b for a, b in zip(g, c)))} "
              f"| {pct(sum(not (a or b) for a, b in zip(g, c)))} |")


if __name__ == "__main__":
    main(*sys.argv[1:4])
