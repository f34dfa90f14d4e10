"""Reconciling data: the report of `idkb import` (what was, or with --dry-run would be,
imported) as text, and the likely duplicates of `idkb dupes` as a grid and flat rows."""

from __future__ import annotations

from typing import Any

from idkb.render.sections import Fields, Grid, Section, clean

Row = dict[str, Any]
SHOWN = 50  # names listed per group on a terminal; --json lists every one


def _names(title: str, items: list[Row], line: Any) -> list[str]:
    if not items:
        return []
    out = ["", f"{title} ({len(items):,}):"]
    out += [f"  {line(i)}" for i in items[:SHOWN]]
    if len(items) > SHOWN:
        out.append(f"  ... and {len(items) - SHOWN:,} more (--json lists them all)")
    return out


def _rows(n: int) -> str:
    return f"{n:,} row{'s' if n != 1 else ''}"


def _new(i: Row) -> str:
    near = f"; nearest existing: {clean(i['nearest'])}" if i["nearest"] else ""
    return f"{clean(i['name'])} ({i['kind']}, new id {i['id']}, {_rows(i['rows'])}{near})"


def text(report: Row) -> str:
    verb = "imported" if report["written"] else "would import"
    lines = [f"{report['table']}: {_rows(report['rows'])}; {verb} {report['records']:,} "
             f"records into dataset {report['dataset']!r}"]
    if report["empty_rows"]:
        rows = ", ".join(map(str, report["empty_rows"][:20]))
        lines.append(f"{len(report['empty_rows']):,} empty rows, skipped: {rows}")
    lines += _names("matched in the database", report["matched"],
                    lambda i: f"{clean(i['name'])} -> {i['id']} ({i['kind']}, {_rows(i['rows'])})")
    lines += _names("new entities", report["new"], _new)
    lines += _names("rows that make no new record", [{"t": n} for n in report["notes"]],
                    lambda i: clean(i["t"]))
    lines += _names("rows that cannot be used", [{"t": n} for n in report["problems"]],
                    lambda i: clean(i["t"]))
    return "\n".join(lines) + "\n"


def dupes_view(pairs: list[Row]) -> list[Section]:
    if not pairs:
        return [Fields("No likely duplicates at this score (lower --min-score to see more)",
                       [])]
    grid = Grid(f"Likely duplicates ({len(pairs)})", ["score", "kind", "a", "b", "why"])
    for p in pairs:
        grid.rows.append([f"{p['score']:.0f}", p["kind"],
                          f"{clean(p['a']['name'])} ({p['a']['id']})",
                          f"{clean(p['b']['name'])} ({p['b']['id']})", ", ".join(p["why"])])
    if pairs:
        grid.note = "to merge pairs: idkb dupes --records > merge.jsonl, check it, idkb load it"
    return [grid]


DUPES_COLUMNS = ("score", "kind", "a", "a_name", "b", "b_name", "why")


def flat_dupes(pairs: list[Row]) -> list[Row]:
    return [{"score": p["score"], "kind": p["kind"], "a": p["a"]["id"], "a_name": p["a"]["name"],
             "b": p["b"]["id"], "b_name": p["b"]["name"], "why": "; ".join(p["why"])}
            for p in pairs]
