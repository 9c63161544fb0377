"""Confirming an upload: every row in one transaction or none, once, audited and told."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.cases.models import Participant, Referral
from app.cases.vocab import ReferralStatus
from app.extensions import db
from app.imports.models import Import
from app.imports.vocab import ImportState
from app.notifications.models import NotificationEvent
from app.reports.summaries.models import ReportReferral
from tests.cases.factories import make_participant
from tests.helpers import count_queries
from tests.imports.files import csv_bytes, number, referral_row, upload, xlsx_bytes


def _count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def _uploaded(client, rows, name="remisser.csv", content=None) -> Import:
    answer = upload(client, content or csv_bytes(rows), name)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return db.session.scalars(sa.select(Import).order_by(Import.id.desc())).first()


def _confirm(client, item: Import, **data):
    page = client.get(f"/imports/{item.id}").get_data(as_text=True)
    registered = page.split('name="registered" type="hidden" value="')[1].split('"')[0]
    return client.post(f"/imports/{item.id}/confirm", data={"registered": registered, **data})


@pytest.fixture
def coach(client, world):
    client.login(world["coach"])
    return world["coach"]


def test_a_good_csv_file_imports_every_row_into_the_inbox(client, coach, world):
    item = _uploaded(client, [referral_row(i) for i in range(3)])
    answer = _confirm(client, item)
    assert answer.status_code == 302
    assert "3 remisser importerades" in client.get(answer.location).get_data(as_text=True)
    referrals = db.session.scalars(
        sa.select(Referral).where(Referral.municipality_id == world.home.id)
    ).all()
    assert len(referrals) == 3
    assert {r.status for r in referrals} == {ReferralStatus.WAITING}
    assert {r.participant.last_name for r in referrals} == {"Import0", "Import1", "Import2"}
    inbox = client.get("/cases/referrals").get_data(as_text=True)
    assert "Import1" in inbox
    # audited as the referral form's are, and summarised for the statistics
    assert _count(AuditEvent, AuditEvent.action == "referral.registered") == 3
    assert _count(AuditEvent, AuditEvent.action == "participant.registered") == 3
    ids = [r.id for r in referrals]
    assert _count(ReportReferral, ReportReferral.referral_id.in_(ids)) == 3
    # coaches are told once for the whole file
    assert _count(NotificationEvent, NotificationEvent.detail == "imported") == 1
    assert db.session.get(Import, item.id).rows == []


def test_a_good_xlsx_file_imports(client, coach, world):
    item = _uploaded(client, None, "remisser.xlsx", xlsx_bytes([referral_row(7)]))
    assert _confirm(client, item).status_code == 302
    assert _count(Referral, Referral.municipality_id == world.home.id) == 1


def test_confirming_twice_imports_once(client, coach, world):
    item = _uploaded(client, [referral_row(1), referral_row(2)])
    _confirm(client, item)
    answer = client.post(f"/imports/{item.id}/confirm", data={"registered": "0"})
    assert answer.status_code == 302
    assert _count(Referral, Referral.municipality_id == world.home.id) == 2
    assert "redan importerad" in client.get(answer.location).get_data(as_text=True)


def test_the_confirmation_needs_its_csrf_token(client, coach):
    item = _uploaded(client, [referral_row(1)])
    answer = client.post(f"/imports/{item.id}/confirm", data={"registered": "0"}, csrf=False)
    assert answer.status_code == 400
    assert _count(Referral) == 0


def test_a_file_with_errors_imports_nothing(client, coach):
    item = _uploaded(client, [referral_row(1), referral_row(2, reason="")])
    answer = client.post(f"/imports/{item.id}/confirm", data={"registered": "0"})
    assert answer.status_code == 200
    assert "Inget importerades" in answer.get_data(as_text=True)
    assert _count(Referral) == 0 and _count(Participant) == 0
    assert db.session.get(Import, item.id).state is ImportState.PREVIEWED


def test_a_failure_in_the_middle_leaves_nothing(client, coach, monkeypatch):
    item = _uploaded(client, [referral_row(1), referral_row(2)])

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("app.imports.services.record_each", fail)
    client.application.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        answer = client.post(f"/imports/{item.id}/confirm", data={"registered": "0"})
    finally:
        client.application.config["PROPAGATE_EXCEPTIONS"] = None
    assert answer.status_code == 500
    assert _count(Referral) == 0 and _count(Participant) == 0
    assert db.session.get(Import, item.id).state is ImportState.PREVIEWED


def test_a_registered_number_is_shown_with_both_names_and_attached_when_confirmed(
    client, coach, world
):
    known = make_participant(
        world.home,
        personal_number=number(5).replace("-", ""),
        first_name="Leila",
        last_name="Karimi",
    )
    item = _uploaded(client, [referral_row(5, first_name="Test", last_name="Testsson")])
    page = client.get(f"/imports/{item.id}").get_data(as_text=True)
    assert "Leila Karimi" in page and "Test Testsson" in page
    shown = _count(
        AuditEvent, AuditEvent.action == "import.previewed", AuditEvent.participant_id == known.id
    )
    assert shown == 1
    refused = _confirm(client, item)
    assert refused.status_code == 200 and _count(Referral) == 0
    assert _confirm(client, item, attach="y").status_code == 302
    referral = db.session.scalars(sa.select(Referral)).one()
    assert referral.participant_id == known.id
    assert db.session.get(Participant, known.id).first_name == "Leila"


def test_a_number_registered_after_the_preview_stops_the_import(client, coach, world):
    item = _uploaded(client, [referral_row(6)])
    page = client.get(f"/imports/{item.id}").get_data(as_text=True)
    assert 'value="0"' in page
    make_participant(world.home, personal_number=number(6).replace("-", ""))
    answer = client.post(f"/imports/{item.id}/confirm", data={"registered": "0", "attach": "y"})
    assert "Något har ändrats" in answer.get_data(as_text=True)
    assert _count(Referral) == 0


def test_the_confirm_of_many_rows_runs_a_bounded_number_of_statements(client, coach):
    small = _uploaded(client, [referral_row(i) for i in range(5)])
    with count_queries() as few:
        _confirm(client, small)
    large = _uploaded(client, [referral_row(i) for i in range(100, 160)])
    with count_queries() as many:
        _confirm(client, large)
    assert _count(Referral) == 65
    assert len(many) <= len(few) + 6, (len(few), len(many))


def test_another_municipalitys_upload_is_404(client, coach, world):
    item = _uploaded(client, [referral_row(1)])
    client.login(world["other_coach"])
    assert client.get(f"/imports/{item.id}").status_code == 404
    assert client.post(f"/imports/{item.id}/confirm", data={}).status_code == 404
    assert _count(Referral) == 0


def test_a_coach_cannot_import_staff(client, coach):
    assert client.get("/imports/staff/new").status_code == 403
    assert client.get("/imports/staff/template?format=csv").status_code == 403


def test_formulas_stay_text_in_the_database(client, coach):
    item = _uploaded(client, [referral_row(1, last_name="=1+1", goal="@SUM(A1)")])
    _confirm(client, item)
    referral = db.session.scalars(sa.select(Referral)).one()
    assert referral.participant.last_name == "=1+1" and referral.goal == "@SUM(A1)"


def test_an_expired_upload_is_refused_and_removed_by_the_worker(client, coach):
    from datetime import timedelta

    from app.db import utcnow
    from app.imports.tasks import remove_expired_imports

    item = _uploaded(client, [referral_row(1)])
    item.expires_at = utcnow() - timedelta(minutes=1)
    db.session.flush()
    answer = client.post(f"/imports/{item.id}/confirm", data={"registered": "0"})
    assert "Uppladdningen har gått ut" in answer.get_data(as_text=True)
    assert _count(Referral) == 0
    remove_expired_imports()
    assert _count(Import) == 0


def test_the_inbox_links_the_import_and_the_administration_has_its_cards(client, coach, world):
    assert "/imports/referrals/new" in client.get("/cases/referrals").get_data(as_text=True)
    client.login(world["admin"])
    overview = client.get("/admin/").get_data(as_text=True)
    assert "/imports/referrals/new" in overview and "/imports/staff/new" in overview


def test_the_upload_and_the_preview_of_many_rows_run_a_bounded_number_of_statements(client, coach):
    counts = []
    for rows in ([referral_row(i) for i in range(5)], [referral_row(i) for i in range(200, 280)]):
        with count_queries() as upload_sent:
            item = _uploaded(client, rows)
        with count_queries() as preview_sent:
            assert client.get(f"/imports/{item.id}").status_code == 200
        counts.append((len(upload_sent), len(preview_sent)))
    (few_upload, few_preview), (many_upload, many_preview) = counts
    assert many_upload <= few_upload + 2 and many_preview <= few_preview + 2, counts


def test_a_number_registered_at_the_same_moment_stops_the_import_cleanly(
    client, coach, world, monkeypatch
):
    item = _uploaded(client, [referral_row(8), referral_row(9)])
    taken = number(9).replace("-", "")

    def registered_elsewhere(municipality_id, numbers):
        # someone registers the number after the lookup, before the insert
        person = Participant(
            municipality_id=municipality_id, personal_number=taken, first_name="S", last_name="T"
        )
        db.session.add(person)
        db.session.flush()
        return {}

    monkeypatch.setattr("app.imports.services.registered_participants", registered_elsewhere)
    answer = client.post(f"/imports/{item.id}/confirm", data={"registered": "0"})
    assert answer.status_code == 200
    assert "Något har ändrats" in answer.get_data(as_text=True)
    assert _count(Referral) == 0 and _count(Participant) == 0


def test_imported_people_are_checked_for_probable_duplicates_as_on_the_referral_form(
    client, coach, world
):
    """A row with the name and date of birth of someone registered under another number is
    flagged for the coach, as is a pair of such rows in the file; another municipality's
    namesake is never looked at. The typed name stays on every referral."""
    from app.cases.models import ProbableDuplicate

    known = make_participant(
        world.home, first_name="Anna", last_name="Import1", personal_number=_digits(number(901))
    )
    make_participant(
        world.other, first_name="Anna", last_name="Import2", personal_number=_digits(number(902))
    )
    rows = [referral_row(1), referral_row(2), referral_row(3, last_name="Twin")]
    rows.append(referral_row(4, last_name="Twin"))
    assert _confirm(client, _uploaded(client, rows)).status_code == 302
    flags = db.session.scalars(sa.select(ProbableDuplicate)).all()
    by_name = {(f.participant.last_name, f.candidate.last_name) for f in flags}
    assert by_name == {("Import1", "Import1"), ("Twin", "Twin")}
    assert {f.municipality_id for f in flags} == {world.home.id}
    assert known.id in {f.candidate_id for f in flags}
    assert all(f.referral_id for f in flags)
    referrals = db.session.scalars(
        sa.select(Referral).where(Referral.municipality_id == world.home.id)
    )
    assert {(r.typed_first_name, r.typed_last_name) for r in referrals} >= {("Anna", "Twin")}
    imported = db.session.scalars(sa.select(Participant).where(Participant.last_name == "Twin"))
    assert all(p.date_of_birth is not None for p in imported)
    assert _count(AuditEvent, AuditEvent.action == "participant.duplicate_flagged") == 2


def _digits(formatted_number: str) -> str:
    return formatted_number.replace("-", "")
