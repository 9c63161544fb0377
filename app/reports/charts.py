"""Bar charts drawn on the server as SVG geometry, from a table's figures.

Plain Python: the template draws the bars this module places. A figure the regional view hides
("<5") gets no bar, only its label, so the chart never shows more than the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.reports.tables import Table

WIDTH = 640
LABEL_WIDTH = 230
BAR_HEIGHT = 22
GAP = 8
TOP = 10


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the figure as the table shows it
    x: int
    y: int
    width: int
    text_x: int
    text_y: int


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    width: int
    height: int
    label_width: int
    bars: list[Bar]


def bar_chart(table: Table, column_key: str, summary: str) -> Chart:
    """Horizontal bars, one per data row of `table`, for the figures in `column_key`."""
    column = next(c for c in table.columns if c.key == column_key)
    rows = table.data_rows()
    shown = [table.value(row, column) for row in rows]
    numbers = [v for v in shown if isinstance(v, (int, float))]
    largest = max(numbers, default=0) or 1
    room = WIDTH - LABEL_WIDTH - 60
    bars = []
    for n, (row, value) in enumerate(zip(rows, shown, strict=True)):
        y = TOP + n * (BAR_HEIGHT + GAP)
        length = int(room * value / largest) if isinstance(value, (int, float)) else 0
        bars.append(
            Bar(
                label=" ".join(str(label) for label in row.labels if str(label)),
                text=table.cell(row, column),
                x=LABEL_WIDTH,
                y=y,
                width=length,
                text_x=LABEL_WIDTH + length + 6,
                text_y=y + BAR_HEIGHT - 6,
            )
        )
    height = TOP * 2 + len(rows) * (BAR_HEIGHT + GAP)
    return Chart(table.key, str(table.title), summary, WIDTH, height, LABEL_WIDTH, bars)


def summarise(table: Table, column_key: str, template: str) -> str:
    """One sentence on the chart: the largest figure and the total, in the user's words.

    `template` takes %(largest)s, %(value)s and %(total)s.
    """
    column = next(c for c in table.columns if c.key == column_key)
    rows = table.data_rows()
    numbers = [(table.value(row, column), row) for row in rows]
    numbers = [(v, row) for v, row in numbers if isinstance(v, (int, float))]
    total_row = next((row for row in table.rows if row.is_total), None)
    total = table.cell(total_row, column) if total_row is not None else ""
    if not numbers:
        return template % {"largest": "–", "value": "–", "total": total}
    value, row = max(numbers, key=lambda item: item[0])
    label = " ".join(str(label) for label in row.labels if str(label))
    return template % {"largest": label, "value": table.cell(row, column), "total": total}
