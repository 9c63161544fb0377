"""No hidden figure of the regional view can be worked out from the views a regional reader can
fetch: the region's table and each municipality's (`?municipality=`), for every table.

The test reads the tables as the reader does (CSV files) and writes down every sum those files
show: a row's total of its genders and of its age groups, the total row of each column, and the
region's cell as the sum of the municipalities' cells. Then it solves: a hidden cell ("<5" or
"–") whose value follows from the visible ones by any combination of those sums is a leak.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from fractions import Fraction

import pytest

from app.cases.vocab import Answer, Education, Gender, LabourMarketStatus, Outcome
from app.cases.workflow import Stage as S
from app.db import today
from app.extensions import db
from app.organisations.models import Municipality
from app.reports import labels
from app.reports.queries import one_table
from app.reports.scope import Filters, Scope, default_period
from app.reports.tables import AGE_GROUPS, GENDERS, TOTAL
from tests.cases.factories import make_participant, personal_number
from tests.reports import factories as f

HIDDEN = {"<5", "–"}
GENDER_CYCLE = [Gender.WOMAN, Gender.MAN, Gender.WOMAN, Gender.MAN, Gender.NON_BINARY]
EDUCATION_CYCLE = [Education.ISCED_0_2, Education.ISCED_3_4, Education.ISCED_5_8]


def _day(days_ago: int) -> str:
    return (today() - timedelta(days=days_ago)).isoformat()


def _people(world, municipality, coach, *, disabled: int, others: int, closed: int) -> None:
    """`disabled` people with a disability and `others` without, in the municipality; the first
    `closed` of them closed as employed."""
    for n in range(disabled + others):
        born = today().year - 20 - 7 * n % 45
        person = make_participant(
            municipality,
            personal_number=personal_number(today().replace(year=born, month=3, day=3)),
            gender=GENDER_CYCLE[n % len(GENDER_CYCLE)],
            education=EDUCATION_CYCLE[n % len(EDUCATION_CYCLE)],
            status_at_entry=LabourMarketStatus.INCOME_SUPPORT,
            foreign_background=Answer.YES if n % 2 else Answer.NO,
            has_disability=Answer.YES if n < disabled else Answer.NO,
        )
        steps = [(S.REFERRED, _day(60 + n)), (S.INTAKE, _day(50 + n))]
        if n < closed:
            steps.append((S.CLOSED, _day(20)))
            f.history(
                coach,
                person,
                steps,
                outcome=Outcome.EMPLOYED,
                status_at_exit=LabourMarketStatus.EMPLOYED,
            )
        else:
            f.history(coach, person, steps)


@pytest.fixture
def region(world):
    """Three municipalities of one region; the home municipality has few people with a
    disability (a "<5" of its own), its neighbours enough to show theirs."""
    third = Municipality(name="Tredjekommun", code="9004", region=world.region)
    db.session.add(third)
    db.session.flush()
    _people(world, world.home, world["coach"], disabled=2, others=7, closed=3)
    _people(world, world.other, world["other_coach"], disabled=6, others=6, closed=6)
    _people(world, third, None, disabled=5, others=5, closed=5)
    db.session.flush()
    return [world.home.id, world.other.id, third.id]


def _lines(client, key: str, municipality: int | None) -> list[list[str]]:
    """The table's lines (header first) from the CSV the reader downloads."""
    query = f"?municipality={municipality}" if municipality else ""
    response = client.get(f"/reports/tables/{key}.csv{query}")
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    last_blank = max(n for n, line in enumerate(lines) if not line)
    return lines[last_blank + 1 :]


def _equations(table, views: dict) -> tuple[list[dict], dict]:
    """Every sum the views show, as {cell: coefficient} = 0, and the cells' values (None when
    hidden); a cell is (view, row labels, column key)."""
    width = len(table.row_headers)
    keys = [c.key for c in table.columns]
    additive = [c.key for c in table.columns if c.kind in ("count", "sum")]
    values, equations, rows_of = {}, [], {}
    for view, lines in views.items():
        rows_of[view] = []
        for line in lines[1:]:
            label = tuple(line[:width])
            rows_of[view].append(label)
            for key, text in zip(keys, line[width:], strict=True):
                if key in additive:
                    values[(view, label, key)] = None if text in HIDDEN else int(text or 0)
        for label in rows_of[view]:  # a row's total of its genders and of its age groups
            for parts in (GENDERS, AGE_GROUPS):
                if TOTAL in additive and all(p in additive for p in parts):
                    equation = {(view, label, p): 1 for p in parts}
                    equations.append({**equation, (view, label, TOTAL): -1})
        total = [label for label in rows_of[view] if label[0] == "Total"]
        data = [label for label in rows_of[view] if label[0] != "Total"]
        for key in additive if total else []:  # the total row of each column
            equation = {(view, label, key): 1 for label in data}
            equations.append({**equation, (view, total[0], key): -1})
    for label in rows_of[None]:  # the region's cell: the sum of the municipalities'
        for key in additive:
            equation = {(view, label, key): 1 for view in views if view and label in rows_of[view]}
            equations.append({**equation, (None, label, key): -1})
    return equations, values


def _derivable(equations: list[dict], values: dict) -> set:
    """The hidden cells whose value the equations fix, whatever the other hidden cells are:
    those alone in their row of the reduced echelon form of the equations' hidden part."""
    pivots: dict = {}  # pivot cell -> its row, {cell: coefficient}, the pivot's being 1
    for equation in equations:
        row = {cell: Fraction(c) for cell, c in equation.items() if values[cell] is None}
        for cell in [cell for cell in row if cell in pivots]:
            factor = row.pop(cell)
            for other, c in pivots[cell].items():
                if other != cell:
                    row[other] = row.get(other, 0) - factor * c
        row = {cell: c for cell, c in row.items() if c}
        if not row:
            continue
        pivot = min(row, key=repr)
        row = {cell: c / row[pivot] for cell, c in row.items()}
        for other_row in pivots.values():
            factor = other_row.pop(pivot, 0)
            if factor:
                for cell, c in row.items():
                    if cell != pivot:
                        other_row[cell] = other_row.get(cell, 0) - factor * c
                for cell in [cell for cell, c in other_row.items() if not c]:
                    del other_row[cell]
        pivots[pivot] = row
    return {cell for cell, row in pivots.items() if set(row) == {cell}}


def _structure(app, scope: Scope, key: str):
    """The table's columns (which add up) and row headers, as the reader knows them."""
    with app.test_request_context():
        return one_table(scope, Filters(*default_period(today())), key)


def test_a_hidden_cell_of_a_municipality_cannot_be_worked_out_from_the_region(
    app, client, world, region
):
    client.login(world["regional"])
    client.post("/language", data={"language": "en", "next": "/"})
    scope = Scope(tuple(sorted(region)), regional=True)
    hidden_anywhere = 0
    for key in labels.TABLES:
        table = _structure(app, scope, key)
        views = {m: _lines(client, key, m) for m in [None, *region]}
        equations, values = _equations(table, views)
        hidden_anywhere += sum(1 for v in values.values() if v is None)
        assert not _derivable(equations, values), key
    # the case the test is about: the home municipality's few people with a disability
    disability = _lines(client, "disability", world.home.id)
    yes = next(line for line in disability if line[0] == "Yes")
    assert yes[1 + len(GENDERS)] == "<5"  # the total after the genders
    assert hidden_anywhere > 0


def test_the_solver_finds_a_cell_given_away_by_differences():
    cells = [("a", (), "x"), ("b", (), "x"), ("c", (), "x"), ("r", (), "x")]
    region_is_sum = [{cells[0]: 1, cells[1]: 1, cells[2]: 1, cells[3]: -1}]
    one_hidden = {cells[0]: None, cells[1]: 6, cells[2]: 5, cells[3]: 13}
    assert _derivable(region_is_sum, one_hidden) == {cells[0]}
    two_hidden = {**one_hidden, cells[2]: None}
    assert _derivable(region_is_sum, two_hidden) == set()
    # two sums that together fix one cell: a + b = 3 and b = 1 (b's own sum)
    chained = [{cells[0]: 1, cells[1]: 1, cells[3]: -1}, {cells[1]: 1, cells[2]: -1}]
    values = {cells[0]: None, cells[1]: None, cells[2]: 1, cells[3]: 3}
    assert _derivable(chained, values) == {cells[0], cells[1]}
