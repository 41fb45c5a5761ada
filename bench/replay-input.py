#!/usr/bin/env python3
"""Writes the backtest replay benchmark's input: 100 keys x 10,000 one-minute rows of a noisy sine, long format.

Usage: python3 bench/replay-input.py > /tmp/bt-big.csv   (see docs/benchmarks.md, "Backtest replay")
The replay's cost does not depend on the values; the seed only makes the file the same on every run.
"""
import math
import random
from datetime import datetime, timedelta, timezone

KEYS, ROWS = 100, 10_000
rnd = random.Random(7)
start = datetime(2020, 1, 1, tzinfo=timezone.utc)
print("key,timestamp,value")
for t in range(ROWS):
    ts = (start + timedelta(minutes=t)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for k in range(KEYS):
        v = 100 + k * 0.1 + 10 * math.sin(2 * math.pi * (t + k) / 60) + rnd.gauss(0, 1)
        print(f"k{k},{ts},{v:.4f}")
