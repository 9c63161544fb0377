"""Retention (gallring): the dry run, the anonymisation, and what must survive it."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.cases.models import Case, Participant
from app.cases.vocab import Gender
from app.cases.workflow import Stage
from app.certificates.models import Certificate
from app.db import today
from app.extensions import db
from app.privacy.anonymise import KEPT_TEXT
from app.privacy.retention import add_years, due_participants
from tests.cases.factories import make_case, make_participant
from tests.privacy.factories import age, close, fill_case, old_closed_case

# What may still hold the name: the certificate's verification record, as issued.
ALLOWED = {("certificates", "holder_name")}


def _everything() -> dict[str, list]:
    """Every row of every table, in a stable order."""
    result = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(sa.select(table)).all()
        result[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return result


def _text_hits(needles: list[str]) -> set[tuple[str, str]]:
    """(table, column) pairs where any text column of any table holds one of the needles."""
    # A name as a word of its own: random tokens (verification codes, keys, signed credentials)
    # may hold the same letters by chance, inside a longer run of letters and digits.
    words = re.compile(
        "|".join(rf"(?<![a-z0-9]){re.escape(n)}(?![a-z0-9])" for n in needles), re.IGNORECASE
    )
    hits = set()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, sa.String | sa.Text | sa.JSON)]
        for row in db.session.execute(sa.select(*columns)) if columns else ():
            for column, value in zip(columns, row, strict=True):
                if value is not None and words.search(str(value)):
                    hits.add((table.name, column.name))
    return hits


def _file_hits(folder, needles: list[str]) -> list:
    if not folder.exists():
        return []
    return [
        path
        for path in folder.rglob("*")
        if path.is_file() and any(n.encode() in path.read_bytes() for n in needles)
    ]


def _figures(app, home) -> dict:
    """The dashboard's figures when the reports area provides them, else the kept fields."""
    try:
        from app.reports.queries import dashboard
        from app.reports.scope import Filters, Scope
    except ImportError:
        return _own_figures()
    with app.test_request_context():
        return _dashboard_figures(dashboard(Scope((home.id,)), Filters(date(2000, 1, 1), today())))


def _dashboard_figures(tables) -> dict:
    figures = {}
    for key, table in tables.items():
        for row in table.rows:
            values = dict(row.values)
            if key == "certificates":  # the certificate no longer says who it belongs to
                values = {k: v for k, v in values.items() if k == "total"}
            figures[(key, tuple(map(str, row.labels)))] = values
    return figures


def _own_figures() -> dict:
    p, c = Participant, Case
    kept = [p.gender, p.birth_year, p.education, p.status_at_entry, p.foreign_background]
    kept += [p.has_disability, c.stage, c.outcome, c.status_at_exit, c.closed_at]
    query = sa.select(*kept, sa.func.count()).join(c, c.participant_id == p.id).group_by(*kept)
    return {tuple(map(str, row[:-1])): row[-1] for row in db.session.execute(query)}


@pytest.fixture
def old(world, framework):
    """An old closed case with a record in every table, and a certificate."""
    participant, case, made = old_closed_case(world, framework)
    return {
        "participant": participant,
        "case": case,
        "number": participant.personal_number,
        **made,
    }


def test_add_years_and_the_due_date():
    assert add_years(date(2020, 2, 29), 5) == date(2025, 2, 28)
    assert add_years(date(2019, 6, 30), 5) == date(2024, 6, 30)


def test_only_closed_cases_past_the_period_are_due(world, framework, old):
    recent = make_case(world["coach"], make_participant(world.home), stage=Stage.CLOSED)
    still_open = make_case(world["coach"], make_participant(world.home), stage=Stage.TRAINING)
    age(still_open.participant_id, 8 * 366)
    due = due_participants(today())
    assert [d.participant_id for d in due] == [old["participant"].id]
    [item] = due
    assert item.years == 5 and item.case_ids == (old["case"].id,)
    assert item.complete_by == date(item.due_on.year + 1, 12, 31)
    assert recent.participant_id not in [d.participant_id for d in due]


def test_a_longer_rule_keeps_the_case(admin_client, world, old):
    response = admin_client.post("/admin/privacy/retention", data={"years": "10"})
    assert response.status_code == 302
    assert due_participants(today()) == []
    refused = admin_client.post("/admin/privacy/retention", data={"years": "0"})
    assert refused.status_code == 200 and 'aria-invalid="true"' in refused.get_data(as_text=True)


def test_a_dry_run_changes_nothing(app, old, upload_folder):
    db.session.commit()
    before = _everything()
    files = sorted((p, p.read_bytes()) for p in upload_folder.rglob("*") if p.is_file())
    assert len(files) == 2
    result = app.test_cli_runner().invoke(args=["retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"would anonymise participant {old['participant'].id}" in result.output
    assert "1 participant(s) would be anonymised." in result.output
    db.session.expire_all()
    assert _everything() == before
    assert sorted((p, p.read_bytes()) for p in upload_folder.rglob("*") if p.is_file()) == files


def test_anonymisation_removes_every_personal_trace_and_keeps_what_must_survive(
    app, client, world, upload_folder, old
):
    participant, case = old["participant"], old["case"]
    certificate = old["certificate"]
    number = old["number"]
    needles = ["Zelda", "Quist", number, number[2:], f"{number[:8]}-{number[8:]}"]
    db.session.commit()
    figures = _figures(app, world.home)
    assert any(any(v for v in values.values()) for values in figures.values())
    assert _file_hits(upload_folder, needles)  # the files are there before

    result = app.test_cli_runner().invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    assert "1 participant(s) anonymised." in result.output
    db.session.expire_all()

    assert _text_hits(needles) <= ALLOWED
    assert _file_hits(upload_folder, needles) == []
    assert not any((upload_folder / key[:2] / key).exists() for key in old["files"])
    kept = db.session.get(Participant, participant.id)
    assert kept.is_anonymised and kept.personal_number is None
    assert kept.gender is Gender.NOT_STATED and kept.birth_year == 1985
    assert db.session.get(Case, case.id).stage is Stage.CLOSED
    assert _figures(app, world.home) == figures
    line = db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.action == "privacy.anonymised", AuditEvent.participant_id == participant.id
        )
    )
    assert line.details["reason"] == "retention" and line.actor == "flask retention"

    kept_certificate = db.session.get(Certificate, certificate.id)
    assert kept_certificate.participant_id is None and kept_certificate.case_id is None
    page = client.get(f"/verify/{certificate.verification_code}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Zelda Quist-Ångström" in text and "verdict-valid" in text


def test_anonymised_participants_render_everywhere(app, client, world, old):
    participant, case = old["participant"], old["case"]
    db.session.commit()
    app.test_cli_runner().invoke(args=["retention"])
    pages = [
        f"/cases/{case.id}",
        f"/cases/{case.id}/journal",
        f"/cases/{case.id}/plan",
        f"/cases/{case.id}/adaptations",
        f"/cases/participants/{participant.id}",
        "/cases/?who=all&stage=closed",
        f"/mapping/cases/{case.id}",
        f"/assessments/cases/{case.id}",
        f"/certificates/case/{case.id}",
        f"/certificates/participant/{participant.id}",
        "/certificates",
        "/employers/introductions",
        "/",
    ]
    for user in (world["coach"], world["admin"]):
        client.login(user)
        for url in pages:
            response = client.get(url)
            assert response.status_code in (200, 403), (user.email, url, response.status_code)
            if url != "/certificates":  # the register lists certificates by holder's name
                assert "Zelda" not in response.get_data(as_text=True), url
        found = client.get("/cases/?who=all&q=Zelda").get_data(as_text=True)
        assert f'href="/cases/{case.id}"' not in found
        client.logout()
    client.login(world["admin"])
    page = client.get(f"/admin/privacy/participants/{participant.id}")
    assert page.status_code == 200
    assert "Anonymiserad deltagare" in page.get_data(as_text=True)
    assert client.get("/admin/privacy/retention").status_code == 200
    if "reports.index" in app.view_functions:
        assert client.get("/reports/").status_code == 200
    # What was removed may not be typed back in.
    assert client.get(f"/cases/participants/{participant.id}/edit").status_code == 403
    refused = client.post(
        f"/cases/participants/{participant.id}/edit", data={"first_name": "Zelda"}
    )
    assert refused.status_code == 403


def test_erasure_is_refused_while_a_case_is_open(admin_client, world, framework):
    participant = make_participant(world.home, first_name="Olle", last_name="Öppen")
    case = make_case(world["coach"], participant, stage=Stage.TRAINING)
    page = admin_client.get(f"/admin/privacy/participants/{participant.id}")
    assert "Avsluta ärendet först" in page.get_data(as_text=True)
    assert f"/participants/{participant.id}/erase" not in page.get_data(as_text=True)
    refused = admin_client.post(
        f"/admin/privacy/participants/{participant.id}/erase",
        data={"reason": "Begäran per brev den 3 mars.", "confirm": "y"},
    )
    assert refused.status_code == 302
    assert "Avsluta ärendet först" in admin_client.get(refused.location).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Participant, participant.id).personal_number is not None
    assert case.stage is Stage.TRAINING


def test_erasure_on_request_is_logged_with_its_reason(
    admin_client, world, framework, upload_folder
):
    participant = make_participant(world.home, first_name="Ylva", last_name="Yngvesson")
    case = make_case(world["coach"], participant, stage=Stage.VERIFICATION)
    made = fill_case(case, world, framework, "Ylva Yngvesson")
    close(case)
    db.session.commit()
    empty = admin_client.post(f"/admin/privacy/participants/{participant.id}/erase", data={})
    assert empty.status_code == 200 and 'aria-invalid="true"' in empty.get_data(as_text=True)
    # the participant's page only links to a confirmation page; showing it erases nothing
    page = admin_client.get(f"/admin/privacy/participants/{participant.id}").get_data(as_text=True)
    assert f'href="/admin/privacy/participants/{participant.id}/erase"' in page
    confirm = admin_client.get(f"/admin/privacy/participants/{participant.id}/erase")
    text = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "Ylva Yngvesson" in text
    assert "Det här raderas" in text and "Det här sparas" in text
    assert "Dagbok: " in text and "Ärenden: 1" in text
    assert "kan inte ångras" in text
    assert (
        admin_client.head(f"/admin/privacy/participants/{participant.id}/erase").status_code == 200
    )
    db.session.expire_all()
    assert not db.session.get(Participant, participant.id).is_anonymised
    # the reason alone is not enough: the erasure must be confirmed
    unconfirmed = admin_client.post(
        f"/admin/privacy/participants/{participant.id}/erase",
        data={"reason": "Begäran per brev den 3 mars."},
    )
    assert unconfirmed.status_code == 200
    assert "Kryssa i rutan" in unconfirmed.get_data(as_text=True)
    db.session.expire_all()
    assert not db.session.get(Participant, participant.id).is_anonymised
    response = admin_client.post(
        f"/admin/privacy/participants/{participant.id}/erase",
        data={"reason": "Begäran per brev den 3 mars.", "confirm": "y"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Participant, participant.id).is_anonymised
    assert _text_hits(["Ylva", "Yngvesson"]) <= ALLOWED
    assert not any((upload_folder / key[:2] / key).exists() for key in made["files"])
    line = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "privacy.anonymised"))
    assert line.details["reason"] == "request"
    assert line.details["note"] == "Begäran per brev den 3 mars."
    assert line.actor == world["admin"].email
    export = admin_client.post(f"/admin/privacy/participants/{participant.id}/export")
    assert export.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(export.data))
    assert all(b"Yngvesson" not in archive.read(name) for name in archive.namelist())
    again = admin_client.post(
        f"/admin/privacy/participants/{participant.id}/erase",
        data={"reason": "Begäran per brev den 3 mars.", "confirm": "y"},
    )
    assert again.status_code == 302


def test_kept_text_is_only_the_certificate_record():
    assert set(KEPT_TEXT) <= {
        "certificates",
        "certificate_units",
        "certificate_documents",
        "exam_items",
        "report_cases",
    }
    # the statistics keep one word of their own: "reserve" or "number", never the number
    assert set(KEPT_TEXT["report_cases"]) == {"identity"}


def test_the_demo_holds_a_case_due_for_retention_and_loads_once(app):
    from app.demo import privacy as demo

    app.test_cli_runner().invoke(args=["demo-data"])
    due = due_participants(today())
    [bengt] = [d for d in due if d.last_entry == date(2019, 6, 14)]
    result = app.test_cli_runner().invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    assert demo.load() == 0
    assert bengt.participant_id not in [d.participant_id for d in due_participants(today())]
    count = db.session.scalar(sa.select(sa.func.count(Participant.id)))
    app.test_cli_runner().invoke(args=["demo-data"])
    assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == count


def test_the_workers_daily_job_anonymises_as_the_command_does_and_once(app, old, upload_folder):
    from app.audit import AuditEvent
    from app.privacy.tasks import run_retention

    db.session.commit()
    participant = old["participant"]
    run_retention()  # what the worker runs at RETENTION_HOUR (tests/test_queue.py: when)
    db.session.expire_all()
    assert participant.is_anonymised and participant.personal_number != old["number"]
    lines = sa.select(sa.func.count()).where(AuditEvent.action == "privacy.anonymised")
    logged = db.session.scalar(lines)
    run_retention()  # delivered again: nobody is due any more
    assert db.session.scalar(lines) == logged


def test_the_retention_page_speaks_plainly_and_runs_the_job_from_a_button(
    admin_client, world, old, upload_folder
):
    db.session.commit()
    participant = old["participant"]
    page = admin_client.get("/admin/privacy/retention").get_data(as_text=True)
    assert "flask" not in page and "--dry-run" not in page
    assert participant.full_name in page and f"#{old['case'].id}" not in page
    assert f'href="/admin/privacy/participants/{participant.id}/erase"' in page  # each row
    assert 'action="/admin/privacy/retention/run"' in page
    # the button queues the same run as the command (the job runs at once in the tests)
    response = admin_client.post("/admin/privacy/retention/run")
    assert response.status_code == 302
    db.session.expire_all()
    assert participant.is_anonymised
    started = sa.select(AuditEvent).where(AuditEvent.action == "privacy.retention_started")
    assert db.session.scalar(started).details == {"due": 1}
    done = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "privacy.anonymised"))
    assert done.details["reason"] == "retention" and done.actor == world["admin"].email
    after = admin_client.get("/admin/privacy/retention").get_data(as_text=True)
    assert "Ingen deltagare" in after and 'action="/admin/privacy/retention/run"' not in after


def test_the_retention_run_of_a_municipality_leaves_the_others(world, framework, old):
    from app.privacy.tasks import anonymise_due

    db.session.commit()
    assert anonymise_due(municipality_id=world.other.id) == 0
    db.session.expire_all()
    assert not old["participant"].is_anonymised
