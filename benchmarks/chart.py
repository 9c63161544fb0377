"""A horizontal bar chart of the p95 per page, as plain SVG."""

from __future__ import annotations

from html import escape

ROW, LABEL, WIDTH, SCALE_MAX_MIN = 26, 300, 900, 100.0


def svg_chart(floor, results) -> str:
    """p95 bars (and the target as a tick) for the floor and every measured page."""
    rows = [floor] + [r for r in results if r.p95_ms is not None]
    top = max([SCALE_MAX_MIN] + [r.p95_ms for r in rows] + [r.target_ms for r in results])
    plot = WIDTH - LABEL - 80
    height = ROW * len(rows) + 60

    def x(ms: float) -> float:
        return LABEL + plot * ms / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12" role="img">',
        "<title>Server time per page, p95 in milliseconds</title>",
        f'<text x="{LABEL}" y="16" font-weight="bold">p95 server time (ms); '
        "black tick: target</text>",
    ]
    for i, r in enumerate(rows):
        y = 30 + i * ROW
        name = "floor: bare view, one query" if r is floor else r.name
        ok = r is floor or r.meets_target is not False
        colour = "#1a7f37" if ok else "#b42318"
        parts += [
            f'<text x="{LABEL - 8}" y="{y + 14}" text-anchor="end">{escape(name)}</text>',
            f'<rect x="{LABEL}" y="{y + 3}" width="{max(1.0, x(r.p95_ms) - LABEL):.1f}" '
            f'height="{ROW - 8}" fill="{colour}"/>',
            f'<text x="{x(r.p95_ms) + 4:.1f}" y="{y + 14}">{r.p95_ms:g}</text>',
        ]
        if r is not floor:
            tx = x(r.target_ms)
            parts.append(
                f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{y + 1}" y2="{y + ROW - 3}" '
                'stroke="black" stroke-width="2"/>'
            )
    axis = 30 + len(rows) * ROW + 10
    for ms in (0, top / 4, top / 2, 3 * top / 4, top):
        parts.append(f'<text x="{x(ms):.1f}" y="{axis}" text-anchor="middle">{ms:.0f}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
