#!/usr/bin/env python3
"""Prints criterion's medians of `cargo bench --bench list` as markdown tables with ratios.

Run from the repository root after the benches: `python3 benches/report.py`.
"""

import json
import pathlib
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
METHODS = ["scan", "naive_first", "naive_deep", "evaluate_first", "evaluate_deep",
           "index_first", "index_deep"]


def median(group, function, n):
    path = ROOT / group / function / str(n) / "new" / "estimates.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())["median"]["point_estimate"]  # ns


def fmt(ns):
    if ns is None:
        return "-"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def ratio(a, b, digits=2):
    return "-" if a is None or b is None else f"{a / b:.{digits}f}"


def rate(n, ns):
    return "-" if ns is None else f"{n / ns * 1e9:.3g}"


def main():
    groups = sorted(p.name for p in ROOT.iterdir() if p.is_dir() and p.name != "report")
    sizes = sorted({int(s.name) for g in groups for f in (ROOT / g).iterdir() if f.is_dir()
                    for s in f.iterdir() if s.name.isdigit()})
    kinds = [g for g in groups if (ROOT / g / "scan").exists()]
    for n in sizes:
        print(f"\n#### {n} jobs (criterion medians; jobs/s = set size / time)\n")
        print("| kind | " + " | ".join(METHODS) + " | eval/scan first | eval/scan deep "
              "| naive/eval first | naive/eval deep | naive/index first | naive/index deep "
              "| evaluate jobs/s | index jobs/s |")
        print("|" + " --- |" * (len(METHODS) + 9))
        for k in kinds:
            m = {f: median(k, f, n) for f in METHODS}
            print(f"| {k} | " + " | ".join(fmt(m[f]) for f in METHODS) + " | "
                  + " | ".join([
                      ratio(m["evaluate_first"], m["scan"]),
                      ratio(m["evaluate_deep"], m["scan"]),
                      ratio(m["naive_first"], m["evaluate_first"], 1),
                      ratio(m["naive_deep"], m["evaluate_deep"], 1),
                      ratio(m["naive_first"], m["index_first"], 0),
                      ratio(m["naive_deep"], m["index_deep"], 0),
                      rate(n, m["evaluate_first"]),
                      rate(n, m["index_deep"]),
                  ]) + " |")
    walks = [g for g in groups if g.startswith("walk_")]
    if walks:
        print("\n#### Full walks at maxResults 100 (through tokens)\n")
        print("| walk | jobs | index | index jobs walked/s | evaluate | naive |")
        print("| --- | --- | --- | --- | --- | --- |")
        for g in walks:
            for n in sizes:
                idx = median(g, "index", n)
                bench = ROOT / g / "index" / str(n) / "new" / "benchmark.json"
                walked = None
                if bench.exists():
                    tp = json.loads(bench.read_text()).get("throughput") or {}
                    walked = tp.get("Elements")
                print(f"| {g} | {n} | {fmt(idx)} | "
                      f"{rate(walked, idx) if walked else '-'} ({walked} walked) | "
                      f"{fmt(median(g, 'evaluate', n))} | {fmt(median(g, 'naive', n))} |")
    for g in ("token", "response"):
        if (ROOT / g).exists():
            print(f"\n#### {g}\n")
            print("| bench | median |")
            print("| --- | --- |")
            for f in sorted(p.name for p in (ROOT / g).iterdir() if p.is_dir()):
                est = ROOT / g / f / "new" / "estimates.json"
                if est.exists():
                    ns = json.loads(est.read_text())["median"]["point_estimate"]
                    print(f"| {f} | {fmt(ns)} |")


if __name__ == "__main__":
    main()
