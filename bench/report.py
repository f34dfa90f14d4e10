"""The benchmark's results as Markdown, next to the targets of the performance issue."""

from __future__ import annotations

from typing import Any

LOAD_TARGET_S, LOAD_TARGET_MB = 60.0, 200.0
SCALE_TARGET = 1.5  # read commands on the largest database, against the seed database
SUGGEST_TARGET_MS = 150.0
EXPORT_TARGET = 100_000  # events per second to JSONL
# Everything after this line in the report is written by hand and kept when it is regenerated.
NOTES = "<!-- notes: kept as they are by make bench -->"


def _ms(value: float) -> str:
    return f"{value:,.0f} ms"


def _verdict(ok: bool, by: str = "") -> str:
    return "met" if ok else f"**missed**{' by ' + by if by else ''}"


def startup(data: dict[str, Any]) -> list[str]:
    cases, targets = data["cases"], data["targets"]
    lines = ["| command | idkb | sqlite-utils | ratio (wall) | ratio (CPU) | target | |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for label, target in targets.items():
        ours, peer = cases[label], cases[f"sqlite-utils: {label}"]
        ratio, cpu_ratio = ours["wall"] / peer["wall"], ours["cpu"] / peer["cpu"]
        verdict = _verdict(ratio <= target, f"{ratio / target - 1:.0%}") if target else ""
        lines.append(f"| `idkb {label}` | {_ms(ours['wall'])} | {_ms(peer['wall'])} | "
                     f"{ratio:.2f}× | {cpu_ratio:.2f}× | ≤ {target}× | {verdict} |")
    for label in ("person --format json, full typer app", "python -c pass"):
        if label in cases:
            lines.append(f"| {label} | {_ms(cases[label]['wall'])} | | | | | for scale |")
    return lines


def _cell(entry: dict[str, Any] | None) -> str:
    if entry is None:
        return ""
    if "missing" in entry:
        return "n/a"
    mark = "" if entry["code"] in (0, 1) else f" (exit {entry['code']})"
    return _ms(entry["wall"]) + mark


def scale(results: dict[str, Any]) -> list[str]:
    sizes = [k for k in ("1k", "10k", "100k", "1m") if f"scale-{k}" in results]
    runs = {k: results[f"scale-{k}"] for k in sizes}
    head = ["| | seed only |", *[f" {k} events |" for k in sizes]]
    lines = ["".join(head), "|---|---:|" + "---:|" * len(sizes)]
    lines.append("| load (whole process) | |" + "".join(
        f" {_load(runs[k])} |" for k in sizes))
    lines.append("| database size | |" + "".join(
        f" {runs[k].get('db_mb', 0):,.0f} MB |" for k in sizes))
    seed = results.get("seed", {}).get("queries", {})
    labels = list(next(iter(runs.values())).get("queries", {}) or seed)
    for label in labels:
        cells = "".join(f" {_cell(runs[k].get('queries', {}).get(label))} |" for k in sizes)
        lines.append(f"| {label} | {_cell(seed.get(label))} |{cells}")
    exports = list(next(iter(runs.values())).get("exports", {}))
    for label in exports:
        cells = "".join(f" {_export(runs[k]['exports'][label])} |" for k in sizes)
        lines.append(f"| {label} | |{cells}")
    return lines


def _load(run: dict[str, Any]) -> str:
    entry = run["load"]
    if "missing" in entry:
        return "n/a"
    return f"{entry['wall']:,.1f} s, {entry['rss_mb']:,.0f} MB peak"  # a single run: seconds


def _export(entry: dict[str, Any]) -> str:
    if "missing" in entry:
        return "n/a"
    rate = f"{entry['records_per_s']:,.0f} records/s" if "records_per_s" in entry else \
        f"{entry['events_per_s']:,.0f} ev/s"
    return f"{entry['wall'] / 1000:,.1f} s, {entry['rss_mb']:,.0f} MB, {rate}"


def targets(results: dict[str, Any]) -> list[str]:
    """The scale targets, each met or missed, from the largest size measured."""
    sizes = [k for k in ("1m", "100k", "10k", "1k") if f"scale-{k}" in results]
    if not sizes:
        return []
    big, label = results[f"scale-{sizes[0]}"], sizes[0]
    seed = results.get("seed", {}).get("queries", {})
    lines = ["| target | measured | |", "|---|---|---|"]
    load = big.get("load", {})
    if "wall" in load:
        secs, mb = load["wall"], load["rss_mb"]
        lines.append(f"| load {label} events ≤ {LOAD_TARGET_S:.0f} s, ≤ {LOAD_TARGET_MB:.0f} MB "
                     f"| {secs:,.1f} s, {mb:,.0f} MB | "
                     f"{_verdict(secs <= LOAD_TARGET_S and mb <= LOAD_TARGET_MB)} |")
    for name, entry in big.get("queries", {}).items():
        base = entry.get("seed") or seed.get(name)  # the seed run alternated with it, if any
        if "wall" not in entry or not base or "wall" not in base or name.startswith("stats"):
            continue
        ratio = entry["wall"] / base["wall"]
        lines.append(f"| `{name}` at {label} ≤ {SCALE_TARGET}× seed | {ratio:.2f}× | "
                     f"{_verdict(ratio <= SCALE_TARGET, f'{ratio / SCALE_TARGET - 1:.0%}')} |")
    jsonl = big.get("exports", {}).get("export --format jsonl", {})
    if "events_per_s" in jsonl:
        rate = jsonl.get("records_per_s", jsonl["events_per_s"])
        lines.append(f"| export JSONL ≥ {EXPORT_TARGET:,} events/s | {rate:,.0f} records/s, "
                     f"{jsonl['rss_mb']:,.0f} MB | {_verdict(rate >= EXPORT_TARGET)} |")
    miss = results.get("scale-100k", {}).get("queries", {}).get("missed name, suggestions")
    if miss and "wall" in miss:
        lines.append(f"| missed name at 100k entities ≤ {SUGGEST_TARGET_MS:.0f} ms | "
                     f"{_ms(miss['wall'])} | {_verdict(miss['wall'] <= SUGGEST_TARGET_MS)} |")
    return lines


def render(results: dict[str, Any]) -> str:
    lines = ["# Benchmarks", "",
             "Produced by `make bench` (bench/run.py); raw results are in bench-out/. Whole "
             "processes, medians; ratios compare runs alternated in the same run, so they "
             "hold on a busy machine where absolute times do not.", ""]
    if "startup" in results:
        m = results["startup"]["machine"]
        lines += ["## Start-up against sqlite-utils", "",
                  f"{m['date']}, Python {m['python']}, {m['system']}, {m['cpus']} CPUs, "
                  f"load average {m['load_average']:.1f}.", "", *startup(results["startup"]),
                  ""]
    if any(k.startswith("scale-") for k in results):
        lines += ["## Scale", "", *scale(results), "", "## Scale targets", "",
                  *targets(results), ""]
    if "reconcile" in results:
        from bench import reconcile

        lines += ["## Importing and reconciling", "", *reconcile.lines(results["reconcile"]), ""]
    if "plans" in results:
        lines += ["## Query plans", "", *results["plans"]["lines"], ""]
    return "\n".join(lines)
