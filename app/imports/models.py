"""An uploaded file kept between its preview and its confirmation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import enum_column, utcnow
from app.extensions import db
from app.imports.vocab import ImportKind, ImportState
from app.organisations.models import Municipality


class Import(db.Model):
    """A file read and shown to its uploader, waiting for them to confirm it (then imported,
    once). Its rows are kept only until then: confirming empties them (what they held is in
    the referrals or accounts now), and an upload left unconfirmed is removed at `expires_at`.
    """

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ImportKind] = mapped_column(enum_column(ImportKind, "import_kind"))
    state: Mapped[ImportState] = mapped_column(
        enum_column(ImportState, "import_state"), default=ImportState.PREVIEWED
    )
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    file_name: Mapped[str] = mapped_column(sa.String(200))
    # [{"n": row number, "raw": {column: text}, "clean": {...} or None when the row has errors}]
    rows: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    row_count: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)  # rows with at least one error
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    imported_at: Mapped[datetime | None]
    imported_count: Mapped[int] = mapped_column(default=0)
    new_participant_count: Mapped[int] = mapped_column(default=0)

    owner = relationship("User")
    municipality: Mapped[Municipality] = relationship()

    @property
    def is_imported(self) -> bool:
        return self.state is ImportState.IMPORTED
