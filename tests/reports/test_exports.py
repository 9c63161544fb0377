"""Export jobs (progress, download, who may see them) and the monthly ESF participant list."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.audit import AuditEvent
from app.db import utcnow
from app.extensions import db
from app.reports import jobs, tasks, work
from app.reports.models import ReportExport
from app.reports.vocab import ExportFormat, ExportKind, ExportStatus
from app.reports.work import dashboard_workbook
from tests.reports import factories as f

PERIOD = "date_from=2026-01-01&date_to=2026-06-30"


def english(client):
    client.post("/language", data={"language": "en", "next": "/"})


def _job(world, user_key="coach") -> ReportExport:
    parameters = {
        "scope": {"municipality_ids": [world.home.id], "regional": False},
        "filters": {"date_from": "2026-01-01", "date_to": "2026-06-30"},
        "described": [["Period", "2026-01-01 – 2026-06-30"]],
        "locale": "en",
    }
    return jobs.create_export(ExportKind.DASHBOARD, ExportFormat.XLSX, world[user_key], parameters)


def test_exporting_every_table_makes_a_workbook_with_the_filters(client, world, dataset):
    client.login(world["coach"])
    english(client)
    response = client.post(f"/reports/exports?{PERIOD}&source=social_services")
    assert response.status_code == 302
    status = client.get(response.location)
    html = status.get_data(as_text=True)
    assert "Ready" in html and 'value="100"' in html
    link = re.search(r'href="(/reports/exports/\d+/file)"', html).group(1)
    download = client.get(link)
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(download.get_data()))
    assert len(book.sheetnames) == 17
    sheet = book["Outcomes at closing"]
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert ["Referral source", "Social services"] in rows
    assert ["Period", "2026-01-01 – 2026-06-30"] in rows
    assert next(r for r in rows if r and r[0] == "Employed")[1:6] == [1, 0, 0, 0, 1]


def test_a_queued_job_shows_its_progress_without_script(client, world, dataset):
    job = _job(world)
    db.session.commit()
    client.login(world["coach"])
    english(client)
    html = client.get(f"/reports/exports/{job.id}").get_data(as_text=True)
    assert "Waiting to start" in html
    assert '<progress id="export-progress" max="100" value="0"' in html
    assert 'role="status"' in html
    assert f'href="/reports/exports/{job.id}"' in html  # the refresh link works without script
    assert "export-progress.js" in html
    state = client.get(f"/reports/exports/{job.id}/progress").get_json()
    assert state == {"status": "queued", "progress": 0, "finished": False}
    assert client.get(f"/reports/exports/{job.id}/file").status_code == 404


def test_the_work_reports_its_progress_step_by_step(app, world, dataset):
    job = _job(world)
    with app.test_request_context():
        steps = list(dashboard_workbook(job))
    assert steps == sorted(steps) and len(steps) >= 9
    assert 0 < steps[0] < steps[-2] < steps[-1] == 99
    assert job.file_name.endswith(".xlsx") and job.content.startswith(b"PK")


def test_the_worker_commits_its_progress_and_only_one_run_takes_a_job(app, world, dataset):
    job = _job(world)
    db.session.commit()
    assert jobs.claim(job.id) == 1
    assert jobs.claim(job.id) is None  # another worker asking finds it taken by a live run
    db.session.refresh(job)
    assert (job.status, job.attempts) == (ExportStatus.RUNNING, 1)
    job.status, job.attempts = ExportStatus.QUEUED, 0
    db.session.commit()
    seen = []
    original = work.WORK[ExportKind.DASHBOARD]

    def watched(running):
        for progress in original(running):
            seen.append(
                db.session.scalar(
                    sa.select(ReportExport.progress).where(ReportExport.id == running.id)
                )
            )
            yield progress

    work.WORK[ExportKind.DASHBOARD] = watched
    try:
        with app.test_request_context():
            jobs.run_export(job.id)
    finally:
        work.WORK[ExportKind.DASHBOARD] = original
    assert seen[0] == 0 and seen == sorted(seen) and seen[-1] > 50
    db.session.refresh(job)
    assert (job.status, job.progress) == (ExportStatus.DONE, 100)


def _died(job: ReportExport, progress: int = 40, runs: int = 1) -> None:
    """The job as a worker killed half way left it: running, quiet for longer than allowed."""
    job.status, job.progress, job.attempts = ExportStatus.RUNNING, progress, runs
    job.started_at = job.heartbeat_at = utcnow() - timedelta(minutes=6)
    job.file_name, job.content = "half.xlsx", b"half"
    db.session.commit()


def test_a_job_whose_run_died_is_made_again_afresh_and_ends_with_one_file(app, world, dataset):
    dead, alive = _job(world), _job(world)
    _died(dead)
    alive.status, alive.attempts, alive.heartbeat_at = ExportStatus.RUNNING, 1, utcnow()
    db.session.commit()
    with app.test_request_context():
        tasks.revive_exports()  # the worker's periodic job (and its first, at its start)
    db.session.refresh(dead)
    assert (dead.status, dead.progress, dead.attempts) == (ExportStatus.DONE, 100, 2)
    assert dead.file_name.startswith("validera-statistik-") and dead.content.startswith(b"PK")
    finished = dead.finished_at
    tasks.make_export(dead.id)  # the job delivered once more: it is done, nothing is made again
    db.session.refresh(dead)
    assert (dead.attempts, dead.finished_at) == (2, finished)
    db.session.refresh(alive)
    assert (alive.status, alive.attempts) == (ExportStatus.RUNNING, 1)  # its run is alive


def test_a_run_given_up_for_dead_changes_nothing_when_it_comes_back(app, world, dataset):
    job = _job(world)
    db.session.commit()
    first = jobs.claim(job.id)
    job.heartbeat_at = utcnow() - timedelta(minutes=6)
    db.session.commit()
    second = jobs.claim(job.id)
    assert (first, second) == (1, 2)
    assert jobs._still_mine(job.id, first, progress=80) is False
    assert jobs._still_mine(job.id, second, progress=10) is True
    db.session.commit()
    db.session.refresh(job)
    assert job.progress == 10


def test_a_job_that_never_gets_through_is_marked_interrupted(client, world, dataset):
    job = _job(world)
    _died(job, runs=jobs.MAX_RUNS)
    tasks.revive_exports()
    db.session.refresh(job)
    assert (job.status, job.error) == (ExportStatus.FAILED, "interrupted")
    client.login(world["coach"])
    english(client)
    assert "could not be made" in client.get(f"/reports/exports/{job.id}").get_data(as_text=True)


def test_a_queued_job_that_never_reached_the_queue_is_given_to_it(app, world, dataset):
    job = _job(world)  # queued, but its transaction's commit never put it on the queue
    job.created_at = utcnow() - timedelta(minutes=6)
    db.session.commit()
    tasks.revive_exports()
    db.session.refresh(job)
    assert (job.status, job.attempts) == (ExportStatus.DONE, 1)


def test_a_failed_job_says_so(client, world, dataset):
    job = _job(world)
    job.parameters = {**job.parameters, "filters": {"date_from": "not a date"}}
    db.session.commit()
    with client.application.test_request_context():
        jobs.run_export(job.id)
    db.session.refresh(job)
    assert job.status is ExportStatus.FAILED
    client.login(world["coach"])
    english(client)
    assert "could not be made" in client.get(f"/reports/exports/{job.id}").get_data(as_text=True)


def test_only_the_person_who_asked_sees_an_export(client, world, dataset):
    job = _job(world)
    db.session.commit()
    for key, status in (("coach2", 404), ("regional", 404), ("employer", 403), ("assessor", 403)):
        client.login(world[key])
        assert client.get(f"/reports/exports/{job.id}").status_code == status, key
        assert client.get(f"/reports/exports/{job.id}/file").status_code == status, key
        assert client.get(f"/reports/exports/{job.id}/progress").status_code == status, key
        client.logout()
    client.login(world["coach"])
    assert client.get("/reports/exports/999999").status_code == 404
    assert client.get("/reports/exports/99999999999").status_code == 404


def test_old_export_files_are_emptied(client, world, dataset):
    old = _job(world)
    old.status, old.finished_at, old.content = ExportStatus.DONE, utcnow() - timedelta(days=8), b"x"
    db.session.flush()
    _job(world)
    db.session.commit()
    db.session.refresh(old)
    assert old.content is None
    client.login(world["coach"])
    english(client)
    assert "kept for seven days" in client.get(f"/reports/exports/{old.id}").get_data(as_text=True)
    assert client.get(f"/reports/exports/{old.id}/file").status_code == 404


# -- the ESF participant list -------------------------------------------------------------


@pytest.fixture
def esf(world, dataset):
    """c1, c2 and c3 in an ESF project of the region; c4 in a local project; a neighbour too."""
    regional = f.project("2024/00123", region=world.region)
    local = f.project("HEM-1", esf=False, municipality=world.home)
    cases = dataset.cases
    f.participation(cases["c1"], regional, "2026-01-10", "2026-03-01")
    f.participation(cases["c2"], regional, "2026-02-01")
    f.participation(cases["c3"], regional, "2026-03-01", "2026-04-01")
    f.participation(cases["c4"], local, "2026-04-01")
    f.participation(cases["o0"], regional, "2026-03-10")
    return regional


def _esf_rows(client, month: str, **extra) -> list[list[str]]:
    response = client.post("/reports/esf", data={"month": month, "file_format": "csv", **extra})
    assert response.status_code == 302, response.get_data(as_text=True)
    html = client.get(response.location).get_data(as_text=True)
    link = re.search(r'href="(/reports/exports/\d+/file)"', html).group(1)
    text = client.get(link).get_data().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_esf_list_holds_the_months_esf_participants_protected_ones_flagged(
    client, world, dataset, esf
):
    client.login(world["admin"])
    english(client)
    rows = _esf_rows(client, "2026-03")
    people = dataset.people
    assert rows[0] == ["Personal number", "Start date in the project", "End date in the project",
                       "Project identity", "Protected identity", "Reserve identity",
                       "Date of birth", "Gender"]  # fmt: skip
    assert [row[:5] for row in rows[1:]] == [
        [people["p1"].personal_number, "2026-01-10", "2026-03-01", "2024/00123", "No"],
        [people["p2"].personal_number, "2026-02-01", "", "2024/00123", "No"],
        [people["p3"].personal_number, "2026-03-01", "2026-04-01", "2024/00123", "Yes"],
    ]  # not c4 (local project), not the neighbour's case, not outside the month
    born = people["p1"].date_of_birth.isoformat()
    assert rows[1][5:7] == ["No", born] and rows[1][7] in {"Woman", "Man", "Non-binary"}
    assert [r[0] for r in _esf_rows(client, "2026-05")[1:]] == [people["p2"].personal_number]
    assert _esf_rows(client, "2025-12")[1:] == []


def test_making_the_esf_list_is_written_to_the_audit_log(client, world, dataset, esf):
    client.login(world["admin"])
    _esf_rows(client, "2026-03", project=str(esf.id))
    actions = db.session.execute(
        sa.select(AuditEvent.action, AuditEvent.participant_id).where(
            AuditEvent.action.like("reports.esf%")
        )
    ).all()
    assert ("reports.esf_requested", None) in actions
    assert ("reports.esf_exported", None) in actions
    listed = {pid for action, pid in actions if action == "reports.esf_listed"}
    assert listed == {dataset.people[k].id for k in ("p1", "p2", "p3")}
    assert ("reports.esf_downloaded", None) in actions


def test_the_esf_list_as_xlsx(client, world, dataset, esf):
    client.login(world["admin"])
    response = client.post("/reports/esf", data={"month": "2026-02", "file_format": "xlsx"})
    html = client.get(response.location).get_data(as_text=True)
    link = re.search(r'href="(/reports/exports/\d+/file)"', html).group(1)
    sheet = load_workbook(io.BytesIO(client.get(link).get_data())).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert numbers == [dataset.people["p1"].personal_number, dataset.people["p2"].personal_number]


@pytest.mark.parametrize("role", ["coach", "regional", "employer", "assessor"])
def test_only_administrators_make_the_esf_list(client, world, role):
    client.login(world[role])
    assert client.get("/reports/esf").status_code == 403
    assert client.post("/reports/esf", data={"month": "2026-03"}).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportExport)) == 0


def test_a_bad_month_is_refused_and_nothing_is_made(client, world, dataset, esf):
    client.login(world["admin"])
    english(client)
    for month in ("", "2026-13", "1899-01", "march"):
        page = client.post("/reports/esf", data={"month": month, "file_format": "csv"})
        assert page.status_code == 200
        assert 'class="error-summary"' in page.get_data(as_text=True)
    page = client.post("/reports/esf", data={"month": "2026-03", "file_format": "pdf"})
    assert page.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportExport)) == 0


def test_an_export_with_bad_filters_does_not_start(client, world, dataset):
    client.login(world["coach"])
    response = client.post("/reports/exports?date_from=2026-06-01&date_to=2026-01-01")
    assert response.status_code == 302 and response.location.startswith("/reports/?")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportExport)) == 0


def test_the_esf_list_of_another_municipality_holds_only_its_own_cases(
    client, world, dataset, esf, make_user
):
    from app.vocab import Role

    client.login(make_user(Role.ADMIN, municipality=world.other))
    rows = _esf_rows(client, "2026-03")
    assert len(rows) == 2 and rows[1][3] == "2024/00123"
    assert rows[1][0] not in {p.personal_number for p in dataset.people.values()}
