"""The reports area's jobs: make an export, and give again the exports whose run died."""

from __future__ import annotations

import sqlalchemy as sa

from app.db import utcnow
from app.extensions import db
from app.queue import enqueue, every_minute, job, periodic
from app.reports import jobs
from app.reports.models import ReportExport
from app.reports.vocab import ExportStatus


@job()
def make_export(export_id: int, resume: int | None = None) -> None:
    """Make the export's file (`jobs.run_export`): nothing when it is done or being made
    (by another run than `resume`, one a database outage cut off)."""
    jobs.run_export(export_id, resume)


@periodic(every_minute(), on_start=True)
def revive_exports() -> None:
    """Give again the exports whose run died with its worker (or that no worker took); one
    begun `jobs.MAX_RUNS` times is marked failed as interrupted."""
    db.session.execute(
        sa.update(ReportExport)
        .where(jobs.run_died(), ReportExport.attempts >= jobs.MAX_RUNS)
        .values(status=ExportStatus.FAILED, finished_at=utcnow(), error="interrupted")
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    for export_id in db.session.scalars(sa.select(ReportExport.id).where(jobs.run_died())).all():
        enqueue(make_export, export_id)
