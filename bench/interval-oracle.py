#!/usr/bin/env python3
"""The best prediction bands in hindsight, for the model and naive of a backtest: is a Winkler gap the band or the forecast?

Usage: python3 bench/interval-oracle.py OUT [OUT ...]   (OUT: a backtest --out directory; docs/accuracy.md,
"Prediction intervals (issue 13)")

Reads OUT/forecasts.csv (the scored rows: actual, the model's forecast, naive's) and OUT/summary.json (per key the
MASE scale, as naive MAE / naive MASE, and the run's interval scores). For each key, level 1 - a and method, the
residuals r = actual - forecast of the key's scored rows get the two bands that minimise the mean Winkler score
with hindsight:
  constant  [f - q-, f + q+]          q+ = the Winkler-best constant over the rows: an order statistic of r at about
                                        1 - a/2 (q- likewise of -r); the score is convex and piecewise linear in q,
                                        so the best is the order statistic with the least score
  scaled    [f - s q-, f + s q+]      s = the running mean absolute residual as ConformalBands keeps it (exact mean
                                        of the first 100, then weight 1/100; no outlier clip), q on z = r / s, over
                                        the rows after the first 10 (its warm-up)
No band of these forms chosen online can do better on these rows than its hindsight best; if the model's hindsight
best is worse than naive's, the forecast is what loses, not the calibrator. Winkler divided by the key's MASE scale;
overall = mean over keys, as summary.json's "intervals".
"""
import csv
import json
import math
import sys

WINDOW, WARMUP = 100, 10


def best_side(v, a):
    """The least mean of q + (2/a)(v - q)+ over q, with q an order statistic of v near its 1 - a/2 quantile."""
    s = sorted(v)
    n = len(s)
    k0 = min(n - 1, max(0, math.ceil((1 - a / 2) * n) - 1))
    best = None
    for k in range(max(0, k0 - 3), min(n, k0 + 4)):
        q = s[k]
        score = q + 2 / a * sum(x - q for x in s[k + 1:] if x > q) / n
        best = score if best is None or score < best else best
    return best


def hindsight(r, a):
    """Mean Winkler score of the best constant band [f - q-, f + q+]: the two sides add."""
    return best_side(r, a) + best_side([-x for x in r], a)


def scaled_hindsight(r, a):
    """The best [f - s q-, f + s q+] with s the running mean |r| before each row; score in units of r."""
    s, n, rows = 0.0, 0, []
    for x in r:
        if n >= WARMUP and s > 0:
            rows.append((x / s, s))
        n = min(n + 1, WINDOW)
        s += (abs(x) - s) / n

    def side(sign):
        z = sorted(sign * zz for zz, _ in rows)
        k0 = min(len(z) - 1, max(0, math.ceil((1 - a / 2) * len(z)) - 1))
        best = None
        for k in range(max(0, k0 - 3), min(len(z), k0 + 4)):
            q = z[k]
            score = sum(sc * q + 2 / a * max(0.0, sign * zz * sc - q * sc) for zz, sc in rows) / len(rows)
            best = score if best is None or score < best else best
        return best

    return side(1) + side(-1)


def main(out):
    summary = json.load(open(f"{out}/summary.json"))
    keys = summary["keys"]
    residuals = {}
    with open(f"{out}/forecasts.csv") as f:
        for row in csv.DictReader(f):
            y, fm, fn = float(row["actual"]), float(row["forecast"]), float(row["naive"])
            if math.isnan(fm) or math.isnan(fn):
                continue
            residuals.setdefault(row["key"], ([], []))
            residuals[row["key"]][0].append(y - fm)
            residuals[row["key"]][1].append(y - fn)
    levels = [iv["level"] for iv in summary["overall"].get("intervals", [])] or [0.8, 0.95]
    print(out)
    for level in levels:
        a = 1 - level
        sums = [0.0] * 4
        counted = 0
        for key, (rm, rn) in residuals.items():
            naive = keys[key]["naive"]
            scale = naive["mae"] / naive["mase"] if naive.get("mase") else float("nan")
            if not scale > 0 or len(rm) <= WARMUP:
                continue
            got = [hindsight(rm, a), hindsight(rn, a), scaled_hindsight(rm, a), scaled_hindsight(rn, a)]
            for i, g in enumerate(got):
                sums[i] += g / scale
            counted += 1
        run = next((iv for iv in summary["overall"].get("intervals", []) if iv["level"] == level), None)
        ran = f"run's bands {run['model']['winkler']:.5f} / {run['naive']['winkler']:.5f}; " if run else ""
        m = [x / counted for x in sums] if counted else [float("nan")] * 4
        print(f"  {level}: {ran}hindsight constant {m[0]:.5f} / {m[1]:.5f}; hindsight scaled {m[2]:.5f} / "
              f"{m[3]:.5f}  (model / naive, {counted} keys)")


if __name__ == "__main__":
    for d in sys.argv[1:]:
        main(d)
