"""Factories for the reports area: cases with a dated history, decisions, certificates."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from app.assessments.models import Assessment, AssessmentUnit, UnitDecision
from app.assessments.vocab import AssessmentKind, AssessmentStatus, DecisionOutcome, DecisionStatus
from app.cases.models import Case, Referral, Transition
from app.cases.vocab import ReferralSource, ReferralStatus
from app.certificates.models import Certificate
from app.certificates.vocab import RevocationReason
from app.employers.models import Placement, PlacementFollowUp
from app.employers.vocab import FollowUpPoint, PlacementForm
from app.extensions import db
from app.reports.models import FundingParticipation, FundingProject

_numbers = itertools.count(1)


def at(day: str, hour: int = 9) -> datetime:
    """A UTC moment on an ISO day."""
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=UTC).replace(
        hour=hour
    )


def referral(
    participant,
    municipality,
    on: str,
    *,
    source=ReferralSource.SOCIAL_SERVICES,
    status=ReferralStatus.ACCEPTED,
) -> Referral:
    """A referral received on `on`."""
    made = Referral(
        participant=participant,
        municipality=municipality,
        source=source,
        referred_on=date.fromisoformat(on),
        reason="Vill validera sina kunskaper.",
        status=status,
    )
    db.session.add(made)
    db.session.flush()
    return made


def history(
    coach,
    participant,
    steps,
    *,
    municipality=None,
    source=ReferralSource.SOCIAL_SERVICES,
    outcome=None,
    status_at_exit=None,
) -> Case:
    """A case whose stages were entered at the given (stage, ISO day) steps, with its referral."""
    municipality = municipality or participant.municipality
    first_day = steps[0][1]
    case = Case(
        participant=participant,
        municipality=municipality,
        coach=coach,
        stage=steps[-1][0],
        referral=referral(participant, municipality, first_day, source=source),
    )
    db.session.add(case)
    previous = None
    for stage, day in steps:
        db.session.add(
            Transition(case=case, from_stage=previous, to_stage=stage, actor=coach, at=at(day))
        )
        previous, case.stage_entered_at = stage, at(day)
    if outcome is not None:
        case.outcome, case.status_at_exit, case.closed_at = (
            outcome,
            status_at_exit,
            at(steps[-1][1]),
        )
    db.session.flush()
    return case


def assessment(case, framework, assessor, units, on: str) -> Assessment:
    """A decided practical assessment of `units` on day `on`."""
    made = Assessment(
        case=case,
        framework=framework,
        kind=AssessmentKind.PRACTICAL,
        place="Städcentralen",
        scheduled_on=date.fromisoformat(on),
        assessor=assessor,
        status=AssessmentStatus.DECIDED,
        units=[AssessmentUnit(unit=u) for u in units],
    )
    db.session.add(made)
    db.session.flush()
    return made


def decision(
    assessment_, unit, outcome, on: str, *, verified_on: str | None = None, supersedes=None
) -> UnitDecision:
    """A decision on `unit` at the assessment, verified on `verified_on` when given."""
    made = UnitDecision(
        case=assessment_.case,
        unit=unit,
        assessment=assessment_,
        outcome=DecisionOutcome(outcome),
        proposed_outcome=DecisionOutcome(outcome),
        status=DecisionStatus.VERIFIED if verified_on else DecisionStatus.CONFIRMED,
        assessor=assessment_.assessor,
        decided_at=at(on),
        verified_at=at(verified_on) if verified_on else None,
        supersedes=supersedes,
        reason="Rättelse" if supersedes else None,
    )
    db.session.add(made)
    db.session.flush()
    return made


def certificate(case, framework, on: str, *, revoked: bool = False) -> Certificate:
    """A certificate issued for the case on `on`."""
    n = next(_numbers)
    made = Certificate(
        number=f"T-{n:06d}",
        verification_code=f"code-{n}",
        short_code=f"T{n:011d}",
        municipality_id=case.municipality_id,
        case=case,
        participant=case.participant,
        framework_id=framework.id,
        issued_at=at(on),
        holder_name=case.participant.full_name,
        issuer_name="Hemkommun",
        framework_code=framework.code,
        framework_name=framework.name,
        framework_version=framework.version,
    )
    if revoked:
        made.revoked_at, made.revocation_reason = at(on, 15), RevocationReason.ISSUED_IN_ERROR
    db.session.add(made)
    db.session.flush()
    return made


def placement(case, employer, starts: str, six_months: str, *, still: bool | None) -> Placement:
    """An employment whose six-month follow-up is due on `six_months` (done unless None)."""
    made = Placement(
        participant=case.participant,
        case=case,
        employer=employer,
        form=PlacementForm.EMPLOYMENT,
        starts_on=date.fromisoformat(starts),
        hours_per_week=40,
        supervisor_name="Johan Berglund",
        follow_ups=[
            PlacementFollowUp(
                point=FollowUpPoint.MONTHS_6,
                due_on=date.fromisoformat(six_months),
                done_at=at(six_months) if still is not None else None,
                still_in_place=still,
            )
        ],
    )
    db.session.add(made)
    db.session.flush()
    return made


def project(
    code: str = "2024/00001",
    *,
    esf: bool = True,
    municipality=None,
    region=None,
    starts: str = "2025-01-01",
    ends: str | None = "2027-12-31",
) -> FundingProject:
    """A funding project of a municipality (or a region)."""
    made = FundingProject(
        name=f"Projekt {code}",
        code=code,
        is_esf=esf,
        municipality=municipality,
        region=region,
        starts_on=date.fromisoformat(starts),
        ends_on=date.fromisoformat(ends) if ends else None,
    )
    db.session.add(made)
    db.session.flush()
    return made


def participation(case, project_, starts: str, ends: str | None = None) -> FundingParticipation:
    """The case tagged with the project."""
    made = FundingParticipation(
        case=case,
        project=project_,
        starts_on=date.fromisoformat(starts),
        ends_on=date.fromisoformat(ends) if ends else None,
    )
    db.session.add(made)
    db.session.flush()
    return made
