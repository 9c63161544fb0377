"""Summonses (kallelser): a letter calling the participant to a meeting or an assessment,
mailed to the participant or printed by the coach; each one is kept on the case and logged."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from app.audit import record
from app.cases import summons_letter
from app.cases.facts import fact
from app.cases.models import Case, Summons
from app.cases.vocab import SummonsDelivery, SummonsPurpose, SummonsRefusal
from app.extensions import db
from app.mail import message, send_on_commit
from app.refusals import Refused

LANGUAGES = ("sv", "en")


def letter_language(participant) -> str:
    """English when the participant prefers it, otherwise Swedish."""
    preferred = (participant.preferred_language or "").strip().lower()
    return "en" if preferred in {"en", "english", "engelska"} else "sv"


def local_time(day: date, at: time) -> datetime:
    """The moment a date and a time mean in the municipality's time zone."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))


def draft(case: Case, data: dict, actor) -> Summons:
    """A summons not yet stored: what the preview shows and what is then mailed or printed.
    The planned assessment it names (`data["assessment"]`, an id) must be one of the case's,
    and the summons one to an assessment."""
    purpose = SummonsPurpose(data["purpose"])
    return Summons(
        case=case,
        purpose=purpose,
        assessment=_assessment(case, data.get("assessment"), purpose),
        starts_at=local_time(data["day"], data["time"]),
        place=data["place"].strip(),
        bring=_text(data.get("bring")),
        contact_name=data["contact_name"].strip(),
        contact_phone=_text(data.get("contact_phone")),
        contact_email=_text(data.get("contact_email")),
        note=_text(data.get("note")),
        language=data["language"] if data.get("language") in LANGUAGES else "sv",
        sent_by=actor,
    )


def mail_summons(case: Case, data: dict, actor) -> Summons:
    """Mail the summons to the participant: never under protected identity, never without an
    address. The mail goes once the transaction commits."""
    participant = case.participant
    if participant.is_anonymised:
        raise Refused(SummonsRefusal.ANONYMISED)
    if participant.is_protected:
        raise Refused(SummonsRefusal.PROTECTED_IDENTITY, field="delivery")
    if not participant.email:
        raise Refused(SummonsRefusal.NO_EMAIL, field="delivery")
    summons = _stored(case, data, actor, SummonsDelivery.MAIL)
    letter = summons_letter.compose(summons, for_mail=True)
    text, html = summons_letter.mail_parts(letter, participant.email, case.municipality)
    send_on_commit(
        message(participant.email, letter.subject, text, html),
        summons.language,
        municipality=case.municipality,
    )
    return summons


def print_summons(case: Case, data: dict, actor) -> tuple[Summons, bytes]:
    """The summons as a PDF to print and hand over (allowed under protected identity, which
    leaves the address out)."""
    if case.participant.is_anonymised:
        raise Refused(SummonsRefusal.ANONYMISED)
    summons = _stored(case, data, actor, SummonsDelivery.PRINTED)
    return summons, summons_letter.pdf(summons_letter.compose(summons, with_address=True))


def summonses_of(case: Case) -> list[Summons]:
    """The case's summonses, newest first."""
    query = sa.select(Summons).where(Summons.case_id == case.id).order_by(Summons.id.desc())
    return list(db.session.scalars(query.options(joinedload(Summons.sent_by))))


def _stored(case: Case, data: dict, actor, delivery: SummonsDelivery) -> Summons:
    summons = draft(case, data, actor)
    summons.delivery = delivery
    db.session.add(summons)
    db.session.flush()
    record(
        f"case.summons_{delivery.value}",
        summons,
        participant_id=case.participant_id,
        details={"case": case.id, "purpose": summons.purpose.value},
        user=actor,
    )
    return summons


def _assessment(case: Case, assessment_id, purpose: SummonsPurpose):
    """The planned assessment of the case with this id (None for none)."""
    if not assessment_id:
        return None
    planned = {item.id: item for item in fact(case, "planned_assessments")}
    if assessment_id not in planned:
        raise Refused(SummonsRefusal.ASSESSMENT_NOT_PLANNED, field="assessment")
    if purpose is not SummonsPurpose.ASSESSMENT:
        raise Refused(SummonsRefusal.MEETING_NAMES_ASSESSMENT, field="assessment")
    return planned[assessment_id]


def _text(value) -> str | None:
    return (value or "").strip() or None
