"""The data-subject access export: every kind of record and every file, and it is logged."""

import io
import json
import re
import zipfile

import sqlalchemy as sa

from app import uploads
from app.audit import AuditEvent, record
from app.auth.models import User
from app.cases.models import Case, Participant
from app.certificates.models import CertificateDocument
from app.extensions import db
from app.privacy.anonymise import BLANK, DELETE, KEPT_TEXT
from app.privacy.coverage import personal_tables
from tests.assessments.factories import verified_unit
from tests.cases.factories import make_case, make_participant
from tests.privacy.factories import fill_case


def _referring_tables() -> set[str]:
    """Tables whose foreign keys lead to participants or cases, found by walking the schema."""
    found = {"participants", "cases"}
    while True:
        more = {
            table.name
            for table in db.metadata.tables.values()
            for fk in table.foreign_keys
            if fk.column.table.name in found
        }
        if more <= found:
            return found
        found |= more


def _text_columns(table: sa.Table) -> set[str]:
    return {
        c.name
        for c in table.columns
        if isinstance(c.type, sa.String | sa.Text | sa.JSON | sa.LargeBinary)
        and not isinstance(c.type, sa.Enum)
    }


def _unzip(response) -> tuple[zipfile.ZipFile, dict]:
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    return archive, json.loads(archive.read("data.json"))


def test_every_table_about_participants_is_exported():
    """A new table referring to participants or cases fails here until it is covered."""
    assert {t.name for t in personal_tables(db.metadata)} == _referring_tables()
    assert "audit_events" not in _referring_tables()  # the log is never anonymised


def test_every_text_of_every_table_about_participants_has_a_decided_fate():
    """Each text column is emptied, its rows removed, or kept for a stated reason."""
    for table in personal_tables(db.metadata):
        if table.name in DELETE:
            continue
        decided = set(BLANK.get(table.name, {})) | set(KEPT_TEXT.get(table.name, {}))
        assert _text_columns(table) - decided == set(), table.name


def _demo_participant(app) -> Participant:
    app.test_cli_runner().invoke(args=["demo-data"])
    return db.session.scalar(sa.select(Participant).where(Participant.last_name == "Petrović"))


def test_the_export_of_a_demo_participant_has_every_kind_of_record_and_every_file(
    app, client, world, framework
):
    person = _demo_participant(app)
    demo = {
        u.email.split("@")[0]: u
        for u in db.session.scalars(sa.select(User).where(User.email.like("%@example.org")))
    }
    admin, coach = demo["admin"], demo["coach"]
    world.users.update(coach=coach, assessor=demo["assessor"], verifier=demo["verifier"])
    extra = make_case(coach, person, municipality=person.municipality)
    made = fill_case(extra, world, framework, "Dragan Petrović")
    # A unit verified after the certificate: the case is ready for another one.
    verified_unit(extra, world["assessor"], world["verifier"], framework.units[1])
    record("case.viewed", extra, participant_id=person.id, user=coach)
    db.session.commit()

    client.login(admin.email, password="validera-demo")
    response = client.post(f"/admin/privacy/participants/{person.id}/export")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    archive, data = _unzip(response)

    assert set(data["tables"]) == _referring_tables()
    empty = [name for name, rows in data["tables"].items() if not rows]
    assert empty == []
    assert data["tables"]["participants"][0]["personal_number"] == person.personal_number
    for key in made["files"]:
        [row] = [
            r
            for name in ("mapping_evidence", "assessment_attachments")
            for r in data["tables"][name]
            if r["file_key"] == key
        ]
        assert (
            archive.read(row["file_in_export"]) == (uploads.folder() / key[:2] / key).read_bytes()
        )
    documents = db.session.scalars(
        sa.select(CertificateDocument).where(
            CertificateDocument.certificate_id == made["certificate"].id
        )
    ).all()
    assert documents
    pdfs = {archive.read(name) for name in data["files"] if name.endswith(".pdf")}
    assert {d.content for d in documents} <= pdfs
    assert any(line["action"] == "case.viewed" for line in data["access_log"])
    summary = archive.read("summary.html").decode()
    assert "Dragan Petrović" in summary and "Möte med Dragan Petrović" in summary
    _assert_readable(summary, data)
    for topic in ("Mina ärenden", "Min plan", "Kompetenskartläggning", "Bedömningar", "Intyg"):
        assert f"<h2>{topic}</h2>" in summary, topic
    assert "<h2>Samtycken</h2>" in summary and "<h2>Vem som har läst mina uppgifter</h2>" in summary
    assert "Visade ett ärende" in summary  # the access log by its words
    # the same extract with its summary in English, as the participant may choose
    english = client.post(
        f"/admin/privacy/participants/{person.id}/export", data={"language": "en"}
    )
    summary_en = zipfile.ZipFile(io.BytesIO(english.data)).read("summary.html").decode()
    assert '<html lang="en">' in summary_en and "<h2>My cases</h2>" in summary_en
    assert "Viewed a case" in summary_en
    _assert_readable(summary_en, data)

    logged = db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.action == "privacy.exported", AuditEvent.participant_id == person.id
        )
    )
    assert logged is not None and logged.actor == "admin@example.org"


def test_lists_that_showed_the_participant_are_in_their_access_log(admin_client, world):
    person = make_participant(world.home)
    make_case(world["coach"], person)
    record("case.caseload_viewed", details={"participants": [person.id]}, user=world["coach2"])
    record("case.caseload_viewed", details={"participants": [person.id + 1]}, user=world["coach2"])
    db.session.commit()
    _archive, data = _unzip(admin_client.post(f"/admin/privacy/participants/{person.id}/export"))
    assert [line["actor"] for line in data["access_log"]] == ["coach2@test.example"]


def test_another_municipality_or_role_cannot_export(client, world):
    person = make_participant(world.other)
    client.login(world["admin"])
    assert client.post(f"/admin/privacy/participants/{person.id}/export").status_code == 404
    assert client.get(f"/admin/privacy/participants/{person.id}").status_code == 404
    client.logout()
    client.login(world["coach"])
    own = make_participant(world.home)
    assert client.post(f"/admin/privacy/participants/{own.id}/export").status_code == 403
    assert (
        db.session.scalar(
            sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.action == "privacy.exported")
        )
        == 0
    )


def test_the_participant_page_counts_what_is_stored_and_logs_the_read(admin_client, world):
    person = make_participant(world.home, first_name="Greta", last_name="Garbo")
    case = make_case(world["coach"], person)
    page = admin_client.get(f"/admin/privacy/participants/{person.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Greta Garbo" in text and f"#{case.id}" in text
    assert db.session.scalar(
        sa.select(AuditEvent.id).where(
            AuditEvent.action == "privacy.participant_viewed",
            AuditEvent.participant_id == person.id,
        )
    )


def test_find_by_personal_number(admin_client, world):
    person = make_participant(world.home)
    found = admin_client.post(
        "/admin/privacy/participants/find", data={"personal_number": person.personal_number}
    )
    assert found.status_code == 302 and found.location.endswith(f"/participants/{person.id}")
    other = make_participant(world.other)
    missing = admin_client.post(
        "/admin/privacy/participants/find", data={"personal_number": other.personal_number}
    )
    assert missing.status_code == 200
    assert "No participant of your municipality" in missing.get_data(as_text=True) or (
        "Ingen deltagare" in missing.get_data(as_text=True)
    )
    bad = admin_client.post("/admin/privacy/participants/find", data={"personal_number": "x"})
    assert bad.status_code == 200 and 'aria-invalid="true"' in bad.get_data(as_text=True)
    assert Case  # the module's models are imported for the foreign keys above


SNAKE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _enum_values(data: dict) -> set[str]:
    """The coded values data.json holds in the tables' enum columns."""
    values = set()
    for table in personal_tables(db.metadata):
        coded = [c.name for c in table.c if isinstance(c.type, sa.Enum)]
        for row in data["tables"].get(table.name, []):
            values |= {row[name] for name in coded if row.get(name)}
    return values


def _assert_readable(summary: str, data: dict) -> None:
    """No column or table names, no raw timestamps, no coded values: only words and dates."""
    text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", summary, flags=re.S)
    assert not SNAKE.findall(text), sorted(set(SNAKE.findall(text)))[:20]
    assert not ISO_TIME.findall(text), ISO_TIME.findall(text)[:5]
    shown_values = set(re.findall(r"<dd>([^<]*)</dd>", summary))
    coded = _enum_values(data)
    assert len(coded) > 10  # the demo participant has many coded values
    assert not (coded & shown_values), sorted(coded & shown_values)
    for internal in ("report_stays", "report_cases", "participant_units"):
        assert internal not in summary
    # data.json keeps the full machine-readable record, internal summaries included
    assert data["tables"]["report_cases"] and "transition_id" in data["tables"]["report_stays"][0]
