#!/usr/bin/env python3
"""Combines bench/results/*.json into bench/RESULTS.md and bench/plot.svg.

The inputs come from one process per language (criterion_ratios.py, python_verify.py,
node_verify.mjs, workerd_verify.mjs), so every ratio below compares figures measured side by
side. A language whose results file is missing is reported as not run; nothing here fails
because a figure is poor: benchmarks report, they do not gate.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchlib import BENCH, RESULTS, SIZES, fmt_us

SIZE_LABELS = [label for label, _ in SIZES]
DASH = "\u2013"  # an en dash, as in "1.2\u20131.4"
LANGUAGES = {
    "rust": "Rust (criterion)",
    "python": "Python",
    "node": "Node (native addon, and the wasm build under Node)",
    "workerd": "workerd (Cloudflare's runtime, through Miniflare)",
}
# The variant every other one of a language is divided by in its table.
BASELINES = {"rust": "floor", "python": "hmac", "node": "hmac", "workerd": "wasm-floor"}

Results = dict[str, dict[str, Any]]


def load() -> Results:
    out: Results = {}
    for name in LANGUAGES:
        path = RESULTS / f"{name}.json"
        if path.exists():
            out[name] = json.loads(path.read_text())
    return out


def median(results: Results, lang: str, variant: str, size: str) -> float | None:
    try:
        return float(results[lang]["verify"][variant][size]["median"])
    except KeyError:
        return None


def ratio(results: Results, lang: str, ours: str, theirs: str, size: str) -> float | None:
    a, b = median(results, lang, ours, size), median(results, lang, theirs, size)
    if a is None or b is None or b <= 0:
        return None
    return a / b


def cell(stats: dict[str, Any]) -> str:
    return f"{fmt_us(stats['median'])} ({fmt_us(stats['min'])}{DASH}{fmt_us(stats['max'])})"


# --- targets -------------------------------------------------------------------------------


@dataclass
class Target:
    """One goal of issue 6: a ratio (or a time) and its limit."""

    key: str
    area: str
    goal: str
    measure: Callable[[Results], tuple[float, str] | None]
    limit: float
    at_most: bool = True  # False: the figure must be at least the limit

    def evaluate(self, results: Results) -> tuple[str, str]:
        got = self.measure(results)
        if got is None:
            return "not measured", "—"
        value, shown = got
        met = value <= self.limit if self.at_most else value >= self.limit
        return ("met" if met else "**not met**"), shown


def _ratio_at(lang: str, ours: str, theirs: str, size: str) -> Callable[[Results], Any]:
    def measure(results: Results) -> tuple[float, str] | None:
        r = ratio(results, lang, ours, theirs, size)
        if r is None:
            return None
        a, b = median(results, lang, ours, size), median(results, lang, theirs, size)
        assert a is not None and b is not None
        return r, f"{r:.2f}x ({fmt_us(a)} vs {fmt_us(b)})"

    return measure


def _worst_ratio(lang: str, ours: str, theirs: str) -> Callable[[Results], Any]:
    def measure(results: Results) -> tuple[float, str] | None:
        found = [(ratio(results, lang, ours, theirs, s), s) for s in SIZE_LABELS]
        rs = [(r, s) for r, s in found if r is not None]
        if not rs:
            return None
        r, s = max(rs)
        every = ", ".join(f"{x:.2f}x" for x, _ in rs)
        return r, f"worst {r:.2f}x at {s} (by size: {every})"

    return measure


def _threads(results: Results) -> tuple[float, str] | None:
    try:
        by = results["python"]["threads"]["hookseal"]
        ref = results["python"]["threads"]["hmac"]
    except KeyError:
        return None
    r = by["2"]["median"] / by["1"]["median"]
    r4 = by["4"]["median"] / by["1"]["median"]
    rh = ref["2"]["median"] / ref["1"]["median"]
    return r, f"{r:.2f}x (4 threads {r4:.2f}x; hand-written hmac, 2 threads: {rh:.2f}x)"


def _import(lang: str, name: str) -> Callable[[Results], Any]:
    def measure(results: Results) -> tuple[float, str] | None:
        try:
            runs = results[lang]["imports"][name]
        except KeyError:
            return None
        ms = float(runs["median"])
        return ms, f"{ms:.1f} ms"

    return measure


TARGETS = [
    Target("core-1k", "core", "≤ 1.15x the floor at 1 KiB",
           _ratio_at("rust", "hookseal", "floor", "1 KiB"), 1.15),
    Target("core-1m", "core", "≤ 1.02x the floor at 1 MiB",
           _ratio_at("rust", "hookseal", "floor", "1 MiB"), 1.02),
    Target("py-hmac", "Python", "≤ 0.7x hand-written hmac at 1 KiB",
           _ratio_at("python", "hookseal", "hmac", "1 KiB"), 0.7),
    Target("py-std", "Python", "≤ 0.1x standardwebhooks at 1 KiB, verify only",
           _ratio_at("python", "hookseal", "standardwebhooks-noparse", "1 KiB"), 0.1),
    Target("py-std-parse", "Python", "≤ 0.1x standardwebhooks at 1 KiB, both parsing JSON",
           _ratio_at("python", "hookseal+parse", "standardwebhooks", "1 KiB"), 0.1),
    Target("py-floor", "Python", "≤ 1.1x the floor at 1 MiB",
           _ratio_at("python", "hookseal", "floor", "1 MiB"), 1.1),
    Target("py-threads", "Python", "2 threads ≥ 1.8x one thread at 1 MiB",
           _threads, 1.8, at_most=False),
    Target("node-hmac", "Node", "≤ 0.5x hand-written createHmac at 1 KiB",
           _ratio_at("node", "hookseal", "hmac", "1 KiB"), 0.5),
    Target("node-std", "Node", "≤ 0.1x standardwebhooks at 1 KiB, verify only",
           _ratio_at("node", "hookseal", "standardwebhooks-noparse", "1 KiB"), 0.1),
    Target("node-std-parse", "Node", "≤ 0.1x standardwebhooks at 1 KiB, both parsing JSON",
           _ratio_at("node", "hookseal+parse", "standardwebhooks", "1 KiB"), 0.1),
    Target("node-floor", "Node", "≤ 1.1x the floor at 1 MiB",
           _ratio_at("node", "hookseal", "floor", "1 MiB"), 1.1),
    Target("wasm-webcrypto-node", "wasm in Node", "≤ 0.2x Web Crypto at 1 KiB",
           _ratio_at("node", "wasm-hookseal", "webcrypto", "1 KiB"), 0.2),
    Target("wasm-floor-node", "wasm in Node", "≤ 1.2x a bare wasm HMAC, every size",
           _worst_ratio("node", "wasm-hookseal", "wasm-floor"), 1.2),
    Target("wasm-webcrypto-workerd", "wasm in workerd", "≤ 0.2x Web Crypto at 1 KiB",
           _ratio_at("workerd", "wasm-hookseal", "webcrypto", "1 KiB"), 0.2),
    Target("wasm-floor-workerd", "wasm in workerd", "≤ 1.2x a bare wasm HMAC, every size",
           _worst_ratio("workerd", "wasm-hookseal", "wasm-floor"), 1.2),
    Target("import-python", "cold import", "Python `import hookseal` ≤ 20 ms",
           _import("python", "hookseal"), 20.0),
    Target("import-node", "cold import", "Node `import('hookseal')` (native) ≤ 20 ms",
           _import("node", "hookseal"), 20.0),
    Target("import-wasm", "cold import", "Node `import('hookseal-wasm')` ≤ 20 ms",
           _import("node", "hookseal-wasm"), 20.0),
]  # fmt: skip

# Why a target is missed, from profiles of this code (see "Gaps"): shown only when missed.
GAPS_FILE = BENCH / "gaps.md"


# --- tables --------------------------------------------------------------------------------


def summary_rows(results: Results) -> list[tuple[str, str, str, str]]:
    """(language, hookseal variant, compared with, label of the comparison)."""
    rows = [
        ("rust", "hookseal", "floor", "Rust: bare keyed HMAC-SHA256"),
        ("python", "hookseal", "hmac", "Python: hand-written `hmac` + `compare_digest`"),
        ("python", "hookseal", "standardwebhooks-noparse", "Python: standardwebhooks (no parse)"),
        ("node", "hookseal", "hmac", "Node: hand-written `createHmac` + `timingSafeEqual`"),
        ("node", "hookseal", "standardwebhooks-noparse", "Node: standardwebhooks (no parse)"),
        ("node", "wasm-hookseal", "wasm-floor", "wasm in Node: bare wasm HMAC"),
        ("workerd", "wasm-hookseal", "wasm-floor", "wasm in workerd: bare wasm HMAC"),
        ("workerd", "wasm-hookseal", "webcrypto", "wasm in workerd: Web Crypto"),
    ]
    return [r for r in rows if r[0] in results]


def summary_table(results: Results) -> list[str]:
    lines = [
        "| hookseal beside | " + " | ".join(SIZE_LABELS) + " |",
        "|---|" + "---|" * len(SIZE_LABELS),
    ]
    for lang, ours, theirs, label in summary_rows(results):
        cells = []
        for size in SIZE_LABELS:
            a, b = median(results, lang, ours, size), median(results, lang, theirs, size)
            if a is None or b is None:
                cells.append("—")
            else:
                cells.append(f"{fmt_us(a)} vs {fmt_us(b)} (**{a / b:.2f}x**)")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def language_table(results: Results, lang: str) -> list[str]:
    data = results[lang]
    base = BASELINES[lang]
    lines = [
        f"Median per call, (min{DASH}max) of the repetitions, and the ratio to "
        f"*{data['labels'].get(base, base)}*.",
        "",
        "| variant | " + " | ".join(SIZE_LABELS) + " |",
        "|---|" + "---|" * len(SIZE_LABELS),
    ]
    for variant, label in data["labels"].items():
        cells = []
        for size in SIZE_LABELS:
            s = data["verify"].get(variant, {}).get(size)
            r = ratio(results, lang, variant, base, size)
            if s is None:
                cells.append("—")
            else:
                cells.append(cell(s) + ("" if r is None else f" {r:.2f}x"))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def threads_table(results: Results) -> list[str]:
    threads = results.get("python", {}).get("threads")
    if not threads:
        return []
    counts = list(next(iter(threads.values())).keys())
    lines = [
        f"Verifies per second of 1 MiB bodies, all threads together: median (min{DASH}max) of 5 "
        "rounds, and the speed-up over one thread.",
        "",
        "| variant | " + " | ".join(f"{n} thread{'s' if n != '1' else ''}" for n in counts) + " |",
        "|---|" + "---|" * len(counts),
    ]
    for variant, by in threads.items():
        one = by["1"]["median"]
        cells = [
            f"{by[n]['median']:.0f}/s ({by[n]['min']:.0f}{DASH}{by[n]['max']:.0f}) "
            f"{by[n]['median'] / one:.2f}x"
            for n in counts
        ]
        label = results["python"]["labels"].get(variant, variant)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def imports_table(results: Results) -> list[str]:
    lines = [f"| runtime | package | median | min{DASH}max |", "|---|---|---|---|"]
    for lang in ("python", "node"):
        for name, runs in results.get(lang, {}).get("imports", {}).items():
            lines.append(
                f"| {LANGUAGES[lang].split(' (')[0]} | {name} | {runs['median']:.1f} ms "
                f"| {runs['min']:.1f}{DASH}{runs['max']:.1f} ms |"
            )
    return lines


def machine_lines(results: Results) -> list[str]:
    lines = []
    for lang, data in results.items():
        m = data.get("machine", {})
        load = ", ".join(f"{x:.2f}" for x in m.get("load_average", []))
        lines.append(
            f"- {LANGUAGES[lang]}: {data.get('runtime', '')}, measured {data.get('date', '')}; "
            f"{m.get('cpu', '')}, {m.get('cores', '')} cores, {m.get('os', '')}, "
            f"load average at the end {load}"
        )
        versions = data.get("versions")
        if versions:
            lines.append("  (" + ", ".join(f"{k} {v}" for k, v in versions.items()) + ")")
    return lines


def gaps(results: Results, missed: list[Target]) -> list[str]:
    notes = GAPS_FILE.read_text() if GAPS_FILE.exists() else ""
    sections: dict[str, str] = {}
    key = ""
    for line in notes.splitlines():
        if line.startswith("### "):
            key = line[4:].split()[0]
            sections[key] = ""
        elif key:
            sections[key] += line + "\n"
    out = []
    for target in missed:
        _, shown = target.evaluate(results)
        out.append(f"### {target.area}: {target.goal} — {shown}")
        out.append("")
        out.append(sections.get(target.key, "No profile recorded for this target yet.\n").strip())
        out.append("")
    return out


def render(results: Results) -> str:
    date = max((d.get("date", "") for d in results.values()), default="")
    lines = [
        "# hookseal benchmarks",
        "",
        f"Generated by `make bench` (bench/report.py) on {date}. Each language runs in one "
        "process, its variants interleaved round by round, so the ratios hold even when the "
        "machine is busy; absolute times move with the load. Every variant verifies a valid "
        "delivery of the same JSON body, single-threaded, and reads the clock for its "
        "timestamp check. Times are the median of at least 5 repetitions (criterion: of its "
        f"samples) with the min{DASH}max. Criterion runs its two benchmarks one after the "
        "other rather than interleaved, so the Rust ratios are the most sensitive to load.",
        "",
        *machine_lines(results),
        "",
        "## Summary",
        "",
        *summary_table(results),
        "",
        "![hookseal's time per verify divided by the baseline's, by body size](plot.svg)",
        "",
        "## Targets",
        "",
        "| area | target | measured | status |",
        "|---|---|---|---|",
    ]
    missed = []
    for target in TARGETS:
        status, shown = target.evaluate(results)
        if status != "met" and status != "not measured":
            missed.append(target)
        lines.append(f"| {target.area} | {target.goal} | {shown} | {status} |")
    for lang in LANGUAGES:
        lines += ["", f"## {LANGUAGES[lang]}", ""]
        lines += language_table(results, lang) if lang in results else ["Not run."]
        if lang == "python" and lang in results:
            lines += ["", "### Threads (1 MiB bodies)", "", *threads_table(results)]
    lines += ["", "## Cold import", "", "A fresh process per run; process start excluded.", ""]
    lines += imports_table(results)
    size = results.get("node", {}).get("wasmSize")
    if size:
        lines += [
            "",
            "## wasm size",
            "",
            f"`make -C bindings-wasm size`, at run time: {size['text']}",
        ]
        if "moduleRaw" in size:
            lines[-1] += f" (the module is {size['moduleRaw']:,} B before gzip)."
    if missed:
        lines += ["", "## Gaps", "", "Targets not met in this run, and what the profiles say.", ""]
        lines += gaps(results, missed)
    return "\n".join(lines).rstrip() + "\n"


# --- plot ----------------------------------------------------------------------------------

COLOURS = ["#1f77b4", "#d62728", "#ff7f0e", "#2ca02c", "#17becf", "#9467bd", "#7f7f7f", "#8c564b"]


def plot(results: Results) -> str:
    """An SVG line chart: hookseal's time / the baseline's, per body size, log scale."""
    width, height, left, right, top, bottom = 900, 480, 70, 330, 40, 50
    series = []
    for lang, ours, theirs, label in summary_rows(results):
        points = [(i, ratio(results, lang, ours, theirs, s)) for i, s in enumerate(SIZE_LABELS)]
        series.append((label.replace("`", ""), [(i, r) for i, r in points if r]))
    values = [r for _, pts in series for _, r in pts] or [1.0]
    steps = [m * 10.0**k for k in range(-4, 5) for m in (1, 2, 5)]
    lo = max(v for v in steps if v <= min([*values, 0.5]))
    hi = min(v for v in steps if v >= max([*values, 2.0]))
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: float) -> float:
        return left + plot_w * (i + 0.5) / len(SIZE_LABELS)

    def y(v: float) -> float:
        return top + plot_h * (math.log10(hi) - math.log10(v)) / (math.log10(hi) - math.log10(lo))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="22" font-size="15">hookseal verify time ÷ baseline time '
        "(log scale; below 1 is faster)</text>",
    ]
    for v in (v for v in steps if lo <= v <= hi):
        decade = math.log10(v) == round(math.log10(v))
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            f'stroke="{"#999" if decade else "#ddd"}"/>'
        )
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:g}x</text>')
    out.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{y(1):.1f}" y2="{y(1):.1f}" '
        'stroke="black" stroke-dasharray="4 3"/>'
    )
    for i, label in enumerate(SIZE_LABELS):
        out.append(
            f'<text x="{x(i):.1f}" y="{top + plot_h + 20}" text-anchor="middle">{label}</text>'
        )
    out.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 10}" text-anchor="middle">body</text>'
    )
    for n, (label, pts) in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        coords = " ".join(f"{x(i):.1f},{y(r):.1f}" for i, r in pts)
        out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for i, r in pts:
            out.append(f'<circle cx="{x(i):.1f}" cy="{y(r):.1f}" r="3.5" fill="{colour}"/>')
        ly = top + 10 + n * 20
        lx = width - right + 15
        out.append(
            f'<line x1="{lx}" x2="{lx + 20}" y1="{ly}" y2="{ly}" stroke="{colour}" '
            'stroke-width="2"/>'
        )
        text = label.replace("&", "&amp;").replace("<", "&lt;")
        out.append(f'<text x="{lx + 26}" y="{ly + 4}">{text}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main() -> None:
    results = load()
    (BENCH / "RESULTS.md").write_text(render(results))
    (BENCH / "plot.svg").write_text(plot(results))
    print("\n".join(summary_table(results)))
    print(f"wrote {BENCH / 'RESULTS.md'} and {BENCH / 'plot.svg'} ({', '.join(results)})")


if __name__ == "__main__":
    main()
