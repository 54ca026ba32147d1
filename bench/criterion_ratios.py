#!/usr/bin/env python3
"""Print hookseal's verify time beside the bare keyed-HMAC floor, from criterion's output.

Reads target/criterion/verify/<bench>/<size>/new/estimates.json, written by
`cargo bench -p hookseal --bench verify`, and prints the medians and their ratio.
"""

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion" / "verify"
SIZES = ["256 B", "1 KiB", "16 KiB", "1 MiB"]


def median_ns(bench, size):
    path = ROOT / bench / size / "new" / "estimates.json"
    return json.loads(path.read_text())["median"]["point_estimate"]


def fmt(ns):
    return f"{ns / 1000:.2f} µs" if ns >= 1000 else f"{ns:.0f} ns"


def main():
    if not ROOT.exists():
        sys.exit(f"no criterion output under {ROOT}: run cargo bench first")
    print("| body | hookseal standard verify | bare keyed HMAC-SHA256 | ratio |")
    print("|---|---|---|---|")
    for size in SIZES:
        ours = median_ns("hookseal-standard", size)
        floor = median_ns("bare-hmac", size)
        print(f"| {size} | {fmt(ours)} | {fmt(floor)} | {ours / floor:.3f}x |")


if __name__ == "__main__":
    main()
