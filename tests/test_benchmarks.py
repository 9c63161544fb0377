"""The benchmark judges each page by its own targets: its ratio to the floor, its number of
statements and its time (benchmarks/measure.py; the targets per page in benchmarks/pages.py)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from benchmarks import pages
from benchmarks.measure import Page, Result, _judge, _result, table

pytestmark = pytest.mark.domain

FLOOR = Result("floor", "/bench-floor", 1.8, 2.0, 1, None, 100, None)


def _measured(page: Page, p95: float, queries: int | None = 5) -> Result:
    return _judge(_result(page, [p95] * 20, queries), FLOOR)


def test_a_table_page_holds_within_five_times_the_floor():
    page = Page("caseload", "coach", "/cases/", floor_ratio=pages.TABLE)
    assert _measured(page, 10.0).meets_target
    late = _measured(page, 10.2)
    assert (late.floor_ratio, late.within_floor, late.meets_target) == (5.1, False, False)
    assert late.under_target  # 10 ms is well under 100 ms: the ratio alone fails it


def test_a_home_page_may_take_eight_times_the_floor():
    page = Page("home", "coach", "/", floor_ratio=pages.HOME)
    assert _measured(page, 16.0).meets_target and not _measured(page, 16.4).meets_target


def test_the_case_page_must_also_keep_to_its_statements():
    page = Page(
        "case", "coach", "/cases/1", floor_ratio=pages.CASE, max_statements=pages.CASE_STATEMENTS
    )
    assert _measured(page, 19.0, queries=12).meets_target
    many = _measured(page, 19.0, queries=13)
    assert (many.within_floor, many.within_statements, many.meets_target) == (True, False, False)


def test_a_page_without_a_ratio_is_judged_by_its_time_alone():
    page = Page("rendering", None, "(in-process render)", target_ms=20, floor_ratio=None)
    quick, slow = _measured(page, 19.0, None), _measured(page, 21.0, None)
    assert (quick.within_floor, quick.meets_target) == (None, True)
    assert (slow.under_target, slow.meets_target) == (False, False)


def test_the_table_shows_each_pages_targets_and_whether_they_hold():
    case = Page("case", "coach", "/cases/1", floor_ratio=10, max_statements=12)
    rendering = Page("rendering", None, "(render)", target_ms=20, floor_ratio=None)
    text = table(FLOOR, [_measured(case, 19.0, 13), _measured(rendering, 19.0, None)])
    assert "| ≤ 10× floor, ≤ 12 statements, ≤ 100 ms | yes | **no** | yes | **no** |" in text
    assert "| ≤ 20 ms | – | – | yes | yes |" in text


def test_each_kind_of_page_has_the_ratio_the_issue_sets():
    assert (pages.TABLE, pages.HOME, pages.CASE, pages.CASE_STATEMENTS) == (5, 8, 10, 12)
    assert (pages.MATCHING, pages.MUNICIPALITY_DASHBOARD, pages.REGION_DASHBOARD) == (8, 10, 20)


def test_an_index_added_to_a_model_is_created_on_a_filled_database(tmp_path):
    import sqlalchemy as sa

    from benchmarks.__main__ import add_missing_indexes

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'filled.db'}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE cases (id INTEGER PRIMARY KEY, coach_id INTEGER)")
        conn.exec_driver_sql("CREATE INDEX cases_old ON cases (id)")
    metadata = sa.MetaData()
    sa.Table(
        "cases",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("coach_id", sa.Integer),
        sa.Index("cases_old", "id"),
        sa.Index("cases_new", "coach_id", "id"),
    )
    sa.Table("not_there", metadata, sa.Column("id", sa.Integer), sa.Index("nt", "id"))
    assert add_missing_indexes(engine, metadata) == ["cases_new"]
    assert add_missing_indexes(engine, metadata) == []
    names = {index["name"] for index in sa.inspect(engine).get_indexes("cases")}
    assert names == {"cases_old", "cases_new"}
    engine.dispose()


def _run(scale: float, p95: dict[str, float], floor: float = 1.4) -> dict:
    return {
        "machine": {
            "date": "2026-11-24 09:00 UTC",
            "rows": {"participants": int(100_000 * scale), "cases": 1, "journal_entries": 2},
            "database_bytes": int(scale * 1024**3),
            "generation": {"scale": scale, "seconds": 100 * scale},
        },
        "floor": {"p95_ms": floor},
        "pages": [{"name": n, "p95_ms": v, "queries": 7} for n, v in p95.items()],
    }


def test_the_scale_table_puts_the_runs_side_by_side_and_judges_the_growth():
    from benchmarks.scales import table

    text = table(
        [
            _run(0.1, {"caseload": 10.0, "matching": 10.0}),
            _run(1, {"caseload": 10.0, "matching": 10.0}),
            _run(10, {"caseload": 15.0, "matching": 15.1}),
        ]
    )
    assert "| p95 ms, scale 0.1 | p95 ms, scale 1 | p95 ms, scale 10 |" in text.replace(
        "| page ", ""
    )
    assert "| participants | 10,000 | 100,000 | 1,000,000 |" in text
    assert "| database size | 0.10 GiB | 1.00 GiB | 10.00 GiB |" in text
    assert "| generation | 10 s | 100 s | 1,000 s |" in text
    assert "| caseload | 10 | 10 | 15 | 7 | 1.50× | yes |" in text
    assert "| matching | 10 | 10 | 15.1 | 7 | 1.51× | **no** |" in text


def test_a_column_added_to_a_model_is_added_to_a_filled_database(tmp_path):
    from benchmarks.__main__ import add_missing_columns

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'bench.db'}")
    before, after = sa.MetaData(), sa.MetaData()
    sa.Table("things", before, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "things",
        after,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("status", sa.String(8), nullable=False, server_default="ok"),
    )
    before.create_all(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO things (id) VALUES (1)"))
    assert add_missing_columns(engine, after) == ["things.note", "things.status"]
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT note, status FROM things")).one() == (None, "ok")
    assert add_missing_columns(engine, after) == []
    strict = sa.MetaData()
    sa.Table(
        "things",
        strict,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
    )
    with pytest.raises(SystemExit, match="things.kind is new"):
        add_missing_columns(engine, strict)
