"""Matching's precomputed tables: what each participant shows per unit, and open needs' units.

Both exist for speed only. The live definitions stay in `app.employers.evidence.best_evidence`
(evidence) and `app.employers.queries.candidate_condition` (who employers may see); these rows
are recomputed from them in the same flush as every write that changes them
(`app.employers.summaries`), so reading them gives the same answer as the live queries.
Without them, matching one need aggregated every source of evidence of every participant in
matching (over a second per page on 100 000 cases), and the needs for one participant grouped
every unit of every open need.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class ParticipantUnit(db.Model):
    """The strongest evidence a participant shows for one unit (see `matching.Evidence`),
    with whether employers may see the participant and where they live.

    `is_candidate` and `municipality_id` repeat, on each of the participant's rows, what
    `candidate_condition()` and `participants.municipality_id` say, so that matching a need
    reads one index and no other table per candidate.
    """

    __tablename__ = "participant_units"
    __table_args__ = (
        # Matching a need: the candidates' rows for the need's units, index only.
        sa.Index(
            "ix_participant_units_candidates",
            "unit_id",
            "participant_id",
            postgresql_include=["strength", "municipality_id"],
            postgresql_where=sa.text("is_candidate"),
            sqlite_where=sa.text("is_candidate"),
        ),
    )

    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("framework_units.id", ondelete="CASCADE"), primary_key=True
    )
    strength: Mapped[int] = mapped_column(sa.SmallInteger)
    is_candidate: Mapped[bool]
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"))


class OpenNeedUnit(db.Model):
    """A unit an open need asks for, with what ranking the need for a participant uses.

    `min_level_rank` is the position of the need's lowest accepted level (None: any), and
    `required_total` how many units the need requires, so that the needs fitting a
    participant are found and ranked from the participant's few units alone.
    """

    __tablename__ = "open_need_units"
    __table_args__ = (
        # The open needs asking for a unit, index only.
        sa.Index(
            "ix_open_need_units_unit_id",
            "unit_id",
            postgresql_include=[
                "need_id",
                "is_required",
                "min_level_rank",
                "required_total",
                "municipality_id",
            ],
        ),
    )

    need_id: Mapped[int] = mapped_column(
        sa.ForeignKey("competence_needs.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("framework_units.id", ondelete="CASCADE"), primary_key=True
    )
    is_required: Mapped[bool]
    min_level_rank: Mapped[int | None] = mapped_column(sa.SmallInteger)
    required_total: Mapped[int] = mapped_column(sa.SmallInteger)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"))
