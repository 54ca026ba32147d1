#!/usr/bin/env python3
"""hookseal's Rust verify beside the bare keyed-HMAC floor, from criterion's output.

Reads target/criterion/verify/<bench>/<size>/new/sample.json, written by
`cargo bench -p hookseal --bench verify` (core/benches/verify.rs: `standard` verify and a
bare HMAC-SHA256 keyed once, state cloned per call, of the same signed content). Each of
criterion's samples is one repetition; the time per call is its median, with the min-max over
the samples. Prints the ratios and writes bench/results/rust.json for bench/report.py.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

from benchlib import SIZES, Stats, fmt_us, stats, write_results

ROOT = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion" / "verify"
BENCHES = {"hookseal": "hookseal-standard", "floor": "bare-hmac"}
LABELS = {
    "hookseal": "hookseal `Webhook::verify_at` (`standard`)",
    "floor": "floor: bare HMAC-SHA256 keyed once, state cloned per call",
}


def per_call_us(bench: str, size: str) -> Stats:
    """Microseconds per call of each criterion sample of `bench` at `size`."""
    sample = json.loads((ROOT / bench / size / "new" / "sample.json").read_text())
    return stats([t / n / 1000 for t, n in zip(sample["times"], sample["iters"])])


def rustc() -> str:
    try:
        done = subprocess.run(["rustc", "--version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "rustc"
    return done.stdout.strip()


def main() -> None:
    if not ROOT.exists():
        sys.exit(f"no criterion output under {ROOT}: run cargo bench first")
    verify: dict[str, dict[str, Stats]] = {name: {} for name in BENCHES}
    print("| body | hookseal standard verify | bare keyed HMAC-SHA256 | ratio |")
    print("|---|---|---|---|")
    for size, _ in SIZES:
        for name, bench in BENCHES.items():
            verify[name][size] = per_call_us(bench, size)
        ours, floor = verify["hookseal"][size]["median"], verify["floor"][size]["median"]
        print(f"| {size} | {fmt_us(ours)} | {fmt_us(floor)} | {ours / floor:.3f}x |")
    path = write_results(
        "rust",
        {"language": "rust", "runtime": rustc(), "labels": LABELS, "verify": verify},
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
