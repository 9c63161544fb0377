"""Export jobs: a row in the database that a worker of the job queue fills, step by step.

The service adds the job and asks for `tasks.make_export` once the route's transaction commits.
The worker takes the job (`claim`): a queued one, or a running one whose run has shown no progress
for JOBS_STALE_AFTER (its worker died). Each run gets the next number (`attempts`), starts afresh
(no progress, no file) and writes its progress, its file and its end only while that number is
still the row's: a run given up for dead that comes back changes nothing, a job that is done is
not made again, and a job ends with one file, stored in the row. A job begun `MAX_RUNS` times
without an end is marked failed ("interrupted"): it is taken to be what stops its worker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale

from app.db import utcnow
from app.extensions import db
from app.notifications import Kind, notify
from app.outage import is_outage
from app.queue import Interrupted
from app.reports.models import ReportExport
from app.reports.vocab import ExportFormat, ExportKind, ExportStatus

MAX_RUNS = 3
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


def stale_before():
    """A run whose last progress is older than this has died with its worker."""
    return utcnow() - current_app.config["JOBS_STALE_AFTER"]


def _quiet():
    """The condition of a running job whose run has shown no progress for a while (it died)."""
    return sa.and_(
        ReportExport.status == ExportStatus.RUNNING,
        sa.or_(ReportExport.heartbeat_at.is_(None), ReportExport.heartbeat_at < stale_before()),
    )


def run_died():
    """The condition of a job whose run died (or that no worker took) and is to be given again."""
    never_taken = sa.and_(
        ReportExport.status == ExportStatus.QUEUED, ReportExport.created_at < stale_before()
    )
    return sa.or_(_quiet(), never_taken)


def claim(job_id: int, resume: int | None = None) -> int | None:
    """Take the job for a new run (queued, or its run died): the run's number, or None when
    the job is done, failed, or taken by a run that is alive. With `resume`, the run of that
    number, cut off by a database outage, starts afresh under the same number."""
    now = utcnow()
    fresh = sa.and_(
        ReportExport.attempts < MAX_RUNS,
        sa.or_(ReportExport.status == ExportStatus.QUEUED, _quiet()),
    )
    again = (  # the cut-off run takes the row again under its own number
        sa.and_(ReportExport.status == ExportStatus.RUNNING, ReportExport.attempts == resume)
        if resume
        else sa.false()
    )
    taken = db.session.execute(
        sa.update(ReportExport)
        .where(ReportExport.id == job_id, sa.or_(fresh, again))
        .values(
            status=ExportStatus.RUNNING,
            attempts=sa.case((again, ReportExport.attempts), else_=ReportExport.attempts + 1),
            started_at=now,
            heartbeat_at=now,
            progress=0,
            file_name=None,
            content=None,
            error=None,
        )
        .execution_options(synchronize_session=False)
    )
    run = None
    if taken.rowcount == 1:
        run = db.session.scalar(sa.select(ReportExport.attempts).where(ReportExport.id == job_id))
    db.session.commit()
    return run


def _still_mine(job_id: int, run: int, **values: Any) -> bool:
    """Write `values` and a sign of life, if run `run` is still the job's (the caller commits)."""
    written = db.session.execute(
        sa.update(ReportExport)
        .where(
            ReportExport.id == job_id,
            ReportExport.attempts == run,
            ReportExport.status == ExportStatus.RUNNING,
        )
        .values(heartbeat_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    return written.rowcount == 1


def run_export(job_id: int, resume: int | None = None) -> None:
    """Take the job and do its work, committing the progress after every step. A database
    outage in the middle leaves the job to the queue, which runs it again as run `resume`."""
    run = claim(job_id, resume)
    if run is None:
        return
    from app.reports.work import WORK  # the work builds on this module (`set_file`)

    job = db.session.get(ReportExport, job_id)
    db.session.refresh(job)
    try:
        with force_locale(job.parameters.get("locale", "sv")):
            for progress in WORK[job.kind](job):
                if not _still_mine(job_id, run, progress=max(0, min(99, int(progress)))):
                    db.session.rollback()  # another run has the job now
                    return
                db.session.commit()
        done = {"file_name": job.file_name, "content": job.content, "finished_at": utcnow()}
        if _still_mine(job_id, run, status=ExportStatus.DONE, progress=100, **done):
            notify(Kind.EXPORT_READY, job)  # the job acts for the one who asked: they are told
            db.session.commit()
        else:
            db.session.rollback()
    except Exception as exc:
        if is_outage(exc):  # not the job's fault: it runs again when the database is back
            raise Interrupted(job_id, run) from exc
        db.session.rollback()
        current_app.logger.exception("export %s failed", job_id)
        error = {"finished_at": utcnow(), "error": type(exc).__name__[:500]}
        if _still_mine(job_id, run, status=ExportStatus.FAILED, **error):
            db.session.commit()


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
