"""Export jobs: a row in the database that a background worker fills, step by step.

The route adds the job and commits; `launch` then starts a worker thread (or, while testing,
runs the job at once). The worker claims the job with a conditional UPDATE, so that of several
processes only one runs it, writes its progress after every step and stores the file in the row.
A queued job that no worker took within `STALE_AFTER` is started again by whichever process
shows its status page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app
from flask_babel import force_locale

from app.db import utcnow
from app.extensions import db
from app.reports.models import ReportExport
from app.reports.vocab import ExportFormat, ExportKind, ExportStatus

STALE_AFTER = timedelta(seconds=30)
HUNG_AFTER = timedelta(minutes=10)
KEEP_FILES = timedelta(days=7)  # finished files (ESF lists hold personal numbers) are then emptied

# A job's work (`app.reports.work.WORK`, by kind): yields its progress (0–100) between steps
# and stores the file with `set_file`.
Work = Callable[[ReportExport], Iterator[int]]


def create_export(
    kind: ExportKind, file_format: ExportFormat, user, parameters: dict
) -> ReportExport:
    """A queued job for `user` (flushed, not committed); files of old jobs are emptied."""
    db.session.execute(
        sa.update(ReportExport)
        .where(ReportExport.finished_at < utcnow() - KEEP_FILES, ReportExport.content.is_not(None))
        .values(content=None)
        .execution_options(synchronize_session=False)
    )
    job = ReportExport(
        kind=kind, file_format=file_format, user_id=user.id, parameters=parameters, progress=0
    )
    db.session.add(job)
    db.session.flush()
    return job


def launch(job_id: int) -> None:
    """Start the job's worker after the route committed: a thread, or at once while testing."""
    app = current_app._get_current_object()
    if app.config.get("REPORT_EXPORTS_IN_BACKGROUND", not app.testing):
        threading.Thread(target=_run_in_thread, args=(app, job_id), daemon=True).start()
    else:
        run_export(job_id)


def _run_in_thread(app: Flask, job_id: int) -> None:
    with app.app_context():
        try:
            run_export(job_id)
        finally:
            db.session.remove()


def claim(job_id: int) -> bool:
    """Take a queued job for this worker; False when another worker has it."""
    taken = db.session.execute(
        sa.update(ReportExport)
        .where(ReportExport.id == job_id, ReportExport.status == ExportStatus.QUEUED)
        .values(status=ExportStatus.RUNNING, started_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return taken.rowcount == 1


def run_export(job_id: int) -> None:
    """Claim the job and do its work, committing the progress after every step."""
    if not claim(job_id):
        return
    from app.reports.work import WORK  # the work builds on this module (`set_file`)

    job = db.session.get(ReportExport, job_id)
    db.session.refresh(job)
    try:
        with force_locale(job.parameters.get("locale", "sv")):
            steps = WORK[job.kind](job)
            for progress in steps:
                job.progress = max(0, min(99, int(progress)))
                db.session.commit()
        job.status, job.progress, job.finished_at = ExportStatus.DONE, 100, utcnow()
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        current_app.logger.exception("export %s failed", job_id)
        job = db.session.get(ReportExport, job_id)
        job.status, job.finished_at = ExportStatus.FAILED, utcnow()
        job.error = type(exc).__name__[:500]
        db.session.commit()


def revive(job: ReportExport) -> bool:
    """Start again a job whose worker never came or died; True when it was restarted."""
    now = utcnow()
    if job.status is ExportStatus.QUEUED and now - job.created_at > STALE_AFTER:
        launch(job.id)
        return True
    if job.status is ExportStatus.RUNNING and job.started_at and now - job.started_at > HUNG_AFTER:
        job.status, job.finished_at, job.error = ExportStatus.FAILED, now, "interrupted"
        db.session.commit()
    return False


def set_file(job: ReportExport, name: str, content: bytes) -> None:
    """Store the finished file in the job's row."""
    job.file_name, job.content = name, content


def progress_state(job: ReportExport) -> dict[str, Any]:
    """What the status page's script reads."""
    return {
        "status": job.status.value,
        "progress": job.progress,
        "finished": job.is_finished,
    }
