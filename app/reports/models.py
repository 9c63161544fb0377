"""Funding projects, the cases taking part in them, and export jobs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, enum_column, utcnow
from app.extensions import db
from app.organisations.models import Municipality, Region
from app.reports.vocab import ExportFormat, ExportKind, ExportStatus


class FundingProject(TimestampMixin, db.Model):
    """A project that funds participants (e.g. by the European Social Fund), run by a
    municipality or by a region's cooperating municipalities."""

    __tablename__ = "funding_projects"
    __table_args__ = (
        sa.CheckConstraint("(municipality_id IS NULL) <> (region_id IS NULL)", name="one_owner"),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)  # the project's identity
    is_esf: Mapped[bool] = mapped_column(default=False)
    municipality_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("municipalities.id"), index=True
    )
    region_id: Mapped[int | None] = mapped_column(sa.ForeignKey("regions.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]

    municipality: Mapped[Municipality | None] = relationship()
    region: Mapped[Region | None] = relationship()

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def owner_name(self) -> str:
        """The municipality or region that runs the project."""
        return (self.municipality or self.region).name

    def covers(self, day: date) -> bool:
        """True when `day` lies within the project's period."""
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class FundingParticipation(db.Model):
    """A case taking part in a funding project, from a start date to an end date."""

    __tablename__ = "funding_participations"
    __table_args__ = (
        sa.UniqueConstraint("project_id", "case_id", name="uq_funding_participations_case"),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("funding_projects.id"), index=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[FundingProject] = relationship()
    case = relationship("Case")
    created_by = relationship("User")


class ReportExport(db.Model):
    """An export job: asked for by a user, filled by a background worker, then downloaded.

    The state lives here, not in a process, so any process may serve the status page, and a
    worker gives again a job whose run died (`jobs.claim`): each run of the job is numbered
    (`attempts`) and shows it is alive by writing its progress (`heartbeat_at`).
    """

    __tablename__ = "report_exports"
    __table_args__ = (sa.CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ExportKind] = mapped_column(enum_column(ExportKind, "kind"))
    file_format: Mapped[ExportFormat] = mapped_column(enum_column(ExportFormat, "file_format"))
    status: Mapped[ExportStatus] = mapped_column(
        enum_column(ExportStatus, "status"), default=ExportStatus.QUEUED, index=True
    )
    progress: Mapped[int] = mapped_column(default=0)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    parameters: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)  # runs begun: the current run's number
    heartbeat_at: Mapped[datetime | None]  # the current run's last progress
    file_name: Mapped[str | None] = mapped_column(sa.String(200))
    content: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    error: Mapped[str | None] = mapped_column(sa.String(500))

    user = relationship("User")

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)
