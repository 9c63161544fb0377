"""Factories for the employers area, importable by other areas' tests."""

from __future__ import annotations

from app.cases.vocab import ConsentKind
from app.cases.workflow import Stage
from app.employers.matching import Evidence
from app.employers.models import CandidateProfile, CompetenceNeed, NeedUnit
from app.employers.vocab import NeedForm
from app.extensions import db
from app.mapping.vocab import Judgement
from tests.assessments.factories import verified_unit
from tests.cases.factories import give_consent, make_case, make_participant
from tests.certificates.factories import issue_for
from tests.mapping.factories import make_mapping


def make_need(employer, required=(), desired=(), **overrides) -> CompetenceNeed:
    """An open need of `employer` asking for `required` and `desired` units."""
    need = CompetenceNeed(
        employer=employer,
        title=overrides.pop("title", "Lagerarbetare"),
        municipality=overrides.pop("municipality", employer.municipality),
        form=overrides.pop("form", NeedForm.PERMANENT),
        positions=overrides.pop("positions", 1),
        units=[NeedUnit(unit_id=u.id, is_required=True) for u in required]
        + [NeedUnit(unit_id=u.id, is_required=False) for u in desired],
        **overrides,
    )
    db.session.add(need)
    db.session.flush()
    return need


def show_evidence(case, evidence: dict, *, coach, assessor, verifier) -> None:
    """Give the case's participant the evidence named per unit, through the other areas."""
    ready = [u for u, e in evidence.items() if e is Evidence.READY]
    if ready:
        make_mapping(
            case,
            ready[0].framework,
            judgements={o.id: Judgement.READY for u in ready for o in u.outcomes},
        )
    for unit, strength in evidence.items():
        if strength in (Evidence.VERIFIED, Evidence.CERTIFIED):
            verified_unit(case, assessor, verifier, unit)
    certified = [u for u, e in evidence.items() if e is Evidence.CERTIFIED]
    if certified:
        issue_for(case, coach, units=certified, render=_placeholder_pdf)


def make_candidate(
    coach,
    *,
    municipality=None,
    evidence: dict | None = None,
    assessor=None,
    verifier=None,
    consent: bool = True,
    stage: Stage = Stage.MATCHING,
    profile: dict | None = None,
    **participant,
):
    """A participant with a case in `stage`, consent to employers, and the given evidence."""
    person = make_participant(municipality or coach.municipality, **participant)
    case = make_case(coach, person, stage=Stage.MATCHING)
    if evidence:
        show_evidence(case, evidence, coach=coach, assessor=assessor, verifier=verifier)
    if consent:
        give_consent(person, ConsentKind.EMPLOYERS, coach)
    if profile is not None:
        db.session.add(CandidateProfile(participant_id=person.id, **profile))
    case.stage = stage
    db.session.flush()
    return person, case


def _placeholder_pdf(statement) -> bytes:
    """Certificates issued here need no real PDF: these tests are about who sees them."""
    return b"%PDF-1.4\n% employers test\n"


def card_url(employer, participant, need=None) -> str:
    """The address of a candidate's card as `employer`'s links name it (a token, not the id)."""
    from flask import current_app

    from app.employers.pseudonyms import candidate_token

    token = candidate_token(current_app.config["SECRET_KEY"], employer.id, participant.id)
    return f"/employers/candidates/{token}" + (f"?need={need.id}" if need else "")
