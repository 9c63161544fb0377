"""What a manager may read about the staff they referred: the referral's status, the case's
stage, the units achieved and the certificate; never journals, background or anything else."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.assessments.models import UnitDecision
from app.assessments.queries import not_superseded
from app.assessments.vocab import DecisionOutcome, DecisionStatus
from app.cases.models import Case, Participant, Referral
from app.cases.vocab import ReferralStatus
from app.cases.workflow import Stage
from app.certificates.models import Certificate
from app.extensions import db
from app.frameworks.models import Unit
from app.staff.access import follows
from app.staff.models import StaffReferral


@dataclass
class Progress:
    """One employee as their manager sees them."""

    link_id: int
    participant_id: int
    name: str
    referred_on: date
    status: ReferralStatus
    stage: Stage | None = None
    units: list[str] = field(default_factory=list)
    certificate_on: datetime | None = None


def _links(manager) -> list[StaffReferral]:
    query = (
        sa.select(StaffReferral)
        .join(StaffReferral.referral)
        .where(StaffReferral.manager_id == manager.id)
        .options(
            selectinload(StaffReferral.referral)
            .selectinload(Referral.participant)
            .selectinload(Participant.consents),
            selectinload(StaffReferral.referral).selectinload(Referral.case),
        )
        .order_by(Referral.referred_on.desc(), StaffReferral.id.desc())
    )
    return [link for link in db.session.scalars(query) if follows(manager, link)]


def own_case(link: StaffReferral) -> Case | None:
    """The case the manager's referral opened, while it stays in the referral's municipality
    (a case transferred elsewhere is that municipality's alone)."""
    case = link.referral.case
    if case is None or case.municipality_id != link.referral.municipality_id:
        return None
    return case


def _achieved_units(case_ids: list[int]) -> dict[int, list[str]]:
    """The titles of each case's units with a verified "achieved" decision, in unit order."""
    query = (
        sa.select(UnitDecision.case_id, Unit.title)
        .join(Unit, Unit.id == UnitDecision.unit_id)
        .where(
            UnitDecision.case_id.in_(case_ids),
            UnitDecision.status == DecisionStatus.VERIFIED,
            UnitDecision.outcome == DecisionOutcome.ACHIEVED,
            not_superseded(),
        )
        .order_by(UnitDecision.case_id, Unit.position, UnitDecision.id)
    )
    units: dict[int, list[str]] = {}
    for case_id, title in db.session.execute(query):
        units.setdefault(case_id, []).append(title)
    return units


def _certificates(case_ids: list[int]) -> dict[int, datetime]:
    """When each case's latest certificate still valid was issued."""
    query = (
        sa.select(Certificate.case_id, sa.func.max(Certificate.issued_at))
        .where(Certificate.case_id.in_(case_ids), Certificate.revoked_at.is_(None))
        .group_by(Certificate.case_id)
    )
    return dict(db.session.execute(query).all())


def progress_of(links: list[StaffReferral]) -> list[Progress]:
    """The progress of each linked employee (three statements whatever their number)."""
    cases = {link.id: own_case(link) for link in links}
    case_ids = [case.id for case in cases.values() if case is not None]
    units, certificates = _achieved_units(case_ids), _certificates(case_ids)
    rows = []
    for link in links:
        case = cases[link.id]
        row = Progress(
            link.id,
            link.referral.participant_id,
            link.employee_name,
            link.referral.referred_on,
            link.referral.status,
        )
        if case is not None:
            row.stage = case.stage
            row.units = units.get(case.id, [])
            row.certificate_on = certificates.get(case.id)
        rows.append(row)
    return rows


def my_staff(manager) -> list[Progress]:
    """The employees the manager referred whose consent stands, newest referral first."""
    return progress_of(_links(manager))
