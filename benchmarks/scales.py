"""The same pages measured at several scales, side by side (`python -m benchmarks scales`)."""

from __future__ import annotations

import json
from pathlib import Path

# No page's p95 at the largest scale may exceed this many times its p95 at the one before.
GROWTH_LIMIT = 1.5


def _label(info: dict) -> str:
    generation = info.get("generation") or {}
    return f"scale {generation['scale']:g}" if "scale" in generation else info["date"]


def table(results: list[dict]) -> str:
    """Markdown: the dataset of each run, then every page's p95 and statements per run, and the
    growth from the second-largest run to the largest."""
    labels = [_label(r["machine"]) for r in results]
    lines = ["| | " + " | ".join(labels) + " |", "|---|" + "---:|" * len(results)]
    for name in ("participants", "cases", "journal_entries"):
        counts = [f"{r['machine']['rows'][name]:,}" for r in results]
        lines.append(f"| {name.replace('_', ' ')} | " + " | ".join(counts) + " |")
    sizes = [r["machine"].get("database_bytes") for r in results]
    lines.append(
        "| database size | "
        + " | ".join(f"{s / 1024**3:.2f} GiB" if s else "–" for s in sizes)
        + " |"
    )
    made = [(r["machine"].get("generation") or {}).get("seconds") for r in results]
    lines.append("| generation | " + " | ".join(f"{s:,.0f} s" if s else "–" for s in made) + " |")
    floors = [r["floor"]["p95_ms"] for r in results]
    lines.append("| floor p95 ms | " + " | ".join(f"{f:g}" for f in floors) + " |")
    lines += [
        "",
        "| page | "
        + " | ".join(f"p95 ms, {label}" for label in labels)
        + " | statements | "
        + f"{labels[-1]} ÷ {labels[-2]} | ≤ {GROWTH_LIMIT}× |",
        "|---|" + "---:|" * len(results) + "---:|---:|:-:|",
    ]
    by_name = [{p["name"]: p for p in r["pages"]} for r in results]
    for name in by_name[-1]:
        row = [pages.get(name) for pages in by_name]
        p95 = [page["p95_ms"] if page else None for page in row]
        statements = sorted({page["queries"] for page in row if page and page["queries"]})
        cells = [f"{v:g}" if v is not None else "–" for v in p95]
        cells.append("–".join(str(s) for s in statements) or "–")
        if p95[-1] and p95[-2]:
            growth = p95[-1] / p95[-2]
            cells += [f"{growth:.2f}×", "yes" if growth <= GROWTH_LIMIT else "**no**"]
        else:
            cells += ["–", "–"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def write(paths: list[str], output: str) -> str:
    """Read the results files (smallest scale first) and write the table to `output`."""
    results = [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]
    text = table(results)
    Path(output).write_text(text, encoding="utf-8")
    return text
