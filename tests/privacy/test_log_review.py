"""Review of the access log: flags on constructed patterns, monthly reviews, CSV, append-only."""

from __future__ import annotations

import csv
import inspect
import io
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.audit import AuditEvent, record
from app.extensions import db
from app.privacy.logreview import flags_between, is_off_hours, month_bounds
from app.privacy.models import LogReview
from tests.cases.factories import make_case, make_participant

# A Tuesday in November: 10:00 in Stockholm is 09:00 UTC.
TUESDAY_10 = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)


def _read(user, participant_id: int, at: datetime, action: str = "participant.viewed"):
    line = record(action, participant_id=participant_id, user=user)
    line.at = at
    db.session.flush()
    return line


def _flags(world, kind: str) -> list:
    flags = flags_between(*month_bounds(TUESDAY_10.date()), world.home.id)
    return [f for f in flags if f.kind == kind]


def test_office_hours_are_stockholm_weekdays():
    assert not is_off_hours(TUESDAY_10)
    assert is_off_hours(datetime(2026, 11, 10, 17, 30, tzinfo=UTC))  # 18:30 in Stockholm
    assert is_off_hours(datetime(2026, 11, 14, 9, 0, tzinfo=UTC))  # a Saturday
    assert not is_off_hours(datetime(2026, 7, 7, 15, 30, tzinfo=UTC))  # 17:30 summer time


def test_public_holidays_and_the_great_eves_are_days_off():
    assert is_off_hours(datetime(2026, 12, 24, 9, 0, tzinfo=UTC))  # Christmas Eve, a Thursday
    assert is_off_hours(datetime(2026, 6, 19, 8, 0, tzinfo=UTC))  # Midsummer Eve, a Friday
    assert is_off_hours(datetime(2026, 5, 14, 8, 0, tzinfo=UTC))  # Ascension Day
    assert is_off_hours(datetime(2027, 1, 6, 9, 0, tzinfo=UTC))  # Epiphany, another year
    assert not is_off_hours(datetime(2026, 12, 23, 9, 0, tzinfo=UTC))  # an ordinary Wednesday
    assert not is_off_hours(datetime(2026, 5, 15, 8, 0, tzinfo=UTC))  # a squeeze day is worked


def test_office_hours_can_be_set(app):
    app.config["PRIVACY_OFFICE_HOURS"] = "8-17"
    try:
        assert is_off_hours(datetime(2026, 11, 10, 6, 30, tzinfo=UTC))  # 07:30 in Stockholm
    finally:
        del app.config["PRIVACY_OFFICE_HOURS"]
    assert not is_off_hours(datetime(2026, 11, 10, 6, 30, tzinfo=UTC))


def test_many_participants_in_a_short_time_are_flagged(world):
    people = [make_participant(world.home) for _n in range(21)]
    for n, person in enumerate(people[:20]):
        _read(world["coach"], person.id, TUESDAY_10 + timedelta(seconds=25 * n))
    for n, person in enumerate(people):  # the same number, spread over a day, is no flag
        _read(world["coach2"], person.id, TUESDAY_10 + timedelta(minutes=15 * n))
    [flag] = _flags(world, "bulk")
    assert flag.user_id == world["coach"].id and flag.count == 20
    assert set(flag.participant_ids) == {p.id for p in people[:20]}


def test_the_bulk_threshold_is_a_setting(app, world):
    people = [make_participant(world.home) for _n in range(3)]
    for n, person in enumerate(people):
        _read(world["coach"], person.id, TUESDAY_10 + timedelta(minutes=n))
    assert _flags(world, "bulk") == []
    app.config["PRIVACY_BULK_PARTICIPANTS"] = 3
    try:
        assert len(_flags(world, "bulk")) == 1
    finally:
        del app.config["PRIVACY_BULK_PARTICIPANTS"]


def test_a_protected_participant_opened_by_someone_not_assigned_is_flagged(world):
    person = make_participant(world.home, is_protected=True)
    make_case(world["coach"], person)
    other = make_participant(world.home)
    _read(world["coach"], person.id, TUESDAY_10)
    _read(world["coach2"], person.id, TUESDAY_10 + timedelta(minutes=1))
    _read(world["admin"], person.id, TUESDAY_10 + timedelta(minutes=2))
    _read(world["coach2"], other.id, TUESDAY_10 + timedelta(minutes=3))
    flagged = {(f.user_id, f.participant_ids) for f in _flags(world, "protected")}
    assert flagged == {(world["coach2"].id, (person.id,)), (world["admin"].id, (person.id,))}


def test_reading_outside_office_hours_is_flagged_once_per_user_and_day(world):
    person = make_participant(world.home)
    _read(world["coach"], person.id, TUESDAY_10)
    late = datetime(2026, 11, 10, 21, 15, tzinfo=UTC)  # 22:15 in Stockholm
    _read(world["coach2"], person.id, late)
    _read(world["coach2"], person.id, late + timedelta(minutes=5), action="case.viewed")
    [flag] = _flags(world, "off_hours")
    assert flag.user_id == world["coach2"].id and flag.count == 2


def test_the_review_page_shows_the_flags_and_a_month_is_marked_reviewed(client, world):
    person = make_participant(world.home, is_protected=True)
    _read(world["coach2"], person.id, TUESDAY_10)
    client.login(world["admin"])
    page = client.get("/admin/privacy/review?month=2026-11").get_data(as_text=True)
    assert "coach2@test.example" in page
    refused = client.post("/admin/privacy/review", data={"month": "2026-11", "comment": ""})
    assert refused.status_code == 200 and 'aria-invalid="true"' in refused.get_data(as_text=True)
    done = client.post(
        "/admin/privacy/review",
        data={"month": "2026-11", "comment": "Coach2 vikarierade för Coach."},
    )
    assert done.status_code == 302
    review = db.session.scalar(sa.select(LogReview))
    assert review.month.isoformat() == "2026-11-01" and review.flags == 1
    assert review.reviewed_by_id == world["admin"].id and review.reviewed_at is not None
    again = client.post("/admin/privacy/review", data={"month": "2026-11", "comment": "Igen."})
    assert again.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(LogReview.id))) == 1
    hostile = client.post("/admin/privacy/review", data={"month": "<x>", "comment": "x"})
    assert hostile.status_code == 200
    assert client.get("/admin/privacy/review?month=<script>").status_code == 200


def test_a_month_not_yet_begun_or_already_reviewed_is_refused_at_the_comment(client, world):
    client.login(world["admin"])
    early = client.post("/admin/privacy/review", data={"month": "2026-12", "comment": "Tidigt."})
    assert early.status_code == 200
    assert "En månad kan markeras som granskad först när den har börjat." in early.get_data(True)
    assert db.session.scalar(sa.select(sa.func.count(LogReview.id))) == 0
    done = client.post("/admin/privacy/review", data={"month": "2026-11", "comment": "Sett."})
    assert done.status_code == 302
    again = client.post("/admin/privacy/review", data={"month": "2026-11", "comment": "Igen."})
    assert again.status_code == 200  # the page shows the review made; the form is gone
    assert db.session.scalar(sa.select(LogReview.comment)) == "Sett."


def test_the_log_is_searched_by_participant_and_exported_as_csv(client, world):
    person = make_participant(world.home)
    _read(world["coach"], person.id, TUESDAY_10)
    _read(world["coach2"], person.id + 1000, TUESDAY_10)
    record("=1+1", user=world["coach"], details={"x": "=cmd()"})
    db.session.commit()
    client.login(world["admin"])
    page = client.get(f"/admin/audit?participant={person.id}").get_data(as_text=True)
    assert "coach@test.example" in page and "coach2@test.example" not in page
    response = client.get(f"/admin/privacy/log.csv?participant={person.id}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["at", "actor", "action"]
    # the coach's read, and the administrator's of the name the log page showed
    assert [(r[1], r[2]) for r in rows[1:]] == [
        ("admin@test.example", "privacy.log_viewed"),
        ("coach@test.example", "participant.viewed"),
    ]
    everything = client.get("/admin/privacy/log.csv?user=coach@test").get_data(as_text=True)
    cells = [cell for row in csv.reader(io.StringIO(everything)) for cell in row]
    assert "'=1+1" in cells and not any(cell.startswith("=") for cell in cells)
    assert '{"x": "=cmd()"}' in cells  # details as JSON
    assert (
        db.session.scalar(
            sa.select(sa.func.count(AuditEvent.id)).where(
                AuditEvent.action == "privacy.log_exported"
            )
        )
        == 2
    )


def test_only_admins_review_the_log(client, world):
    client.login(world["coach"])
    for url in (
        "/admin/privacy/",
        "/admin/privacy/log",
        "/admin/privacy/log.csv",
        "/admin/privacy/review",
    ):
        assert client.get(url).status_code == 403, url


def test_no_route_changes_or_removes_a_line_of_the_log(app):
    """The log's pages only read; no view anywhere names a way to change a line."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("admin.audit", "privacy.log", "privacy.log_csv"):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule
    for endpoint, view in app.view_functions.items():
        source = inspect.getsource(inspect.getmodule(view))
        for change in ("update(AuditEvent", "delete(AuditEvent", "audit_events"):
            assert change not in source, (endpoint, change)


def _statements(action) -> int:
    statements = []

    def count(*_args):
        statements.append(1)

    engine = db.session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_the_flags_take_the_same_few_queries_however_long_the_log(world):
    def flags():
        return flags_between(*month_bounds(TUESDAY_10.date()), world.home.id)

    person = make_participant(world.home, is_protected=True)
    _read(world["coach2"], person.id, TUESDAY_10)
    few = _statements(flags)
    for n in range(30):
        other = make_participant(world.home, is_protected=n % 2 == 0)
        _read(world["coach2" if n % 3 else "admin"], other.id, TUESDAY_10 + timedelta(hours=n))
    assert _statements(flags) == few <= 4
