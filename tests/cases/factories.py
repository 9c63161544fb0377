"""Factories for the cases area, importable by other areas' tests."""

from __future__ import annotations

import itertools
from datetime import date

from app.cases.models import Case, ConsentEvent, Participant, Transition
from app.cases.personal_numbers import with_check_digit
from app.cases.vocab import ConsentKind
from app.cases.workflow import Stage
from app.extensions import db

_serials = itertools.count(100)


def personal_number(born: date = date(1985, 4, 12), coordination: bool = False) -> str:
    """A fresh, valid 12-digit personal (or coordination) number."""
    day = born.day + (60 if coordination else 0)
    serial = next(_serials) % 1000
    return with_check_digit(f"{born:%Y%m}{day:02d}{serial:03d}")


def make_participant(municipality, **overrides) -> Participant:
    """A participant of `municipality`; any column can be overridden."""
    values = {
        "first_name": "Amina",
        "last_name": "Testsson",
        "personal_number": personal_number(),
        **overrides,
    }
    participant = Participant(municipality=municipality, **values)
    db.session.add(participant)
    db.session.flush()
    return participant


def make_case(coach, participant=None, *, stage: Stage = Stage.REFERRED, **overrides) -> Case:
    """A case assigned to `coach` in the coach's municipality, with its first transition."""
    municipality = overrides.pop("municipality", coach.municipality)
    participant = participant or make_participant(municipality)
    case = Case(
        participant=participant, municipality=municipality, coach=coach, stage=stage, **overrides
    )
    db.session.add(case)
    db.session.add(Transition(case=case, from_stage=None, to_stage=stage, actor=coach))
    db.session.flush()
    return case


def give_consent(participant, kind: ConsentKind, actor=None, given: bool = True) -> ConsentEvent:
    """Record a consent event as if the coach had."""
    event = ConsentEvent(
        participant=participant,
        kind=kind,
        is_given=given,
        effective_on=date(2026, 1, 15),
        recorded_by=actor,
    )
    db.session.add(event)
    db.session.flush()
    return event
