"""A manager refers one of their own staff: a referral in the municipality's inbox, the
employee's consent to be followed, and the link between manager and referral."""

from __future__ import annotations

from app.audit import record
from app.cases.personal_numbers import PersonalNumber
from app.cases.services.participants import record_consent
from app.cases.services.referrals import refer
from app.cases.vocab import ConsentKind, ReferralSource
from app.db import today
from app.extensions import db
from app.staff.models import StaffReferral


def refer_own_staff(manager, number: PersonalNumber, person: dict, data: dict) -> StaffReferral:
    """Refer the manager's employee to the inbox of the manager's municipality as own staff,
    record the employee's consent that the manager follows the progress, and link the two."""
    referral = refer(
        number,
        manager.municipality,
        person,
        {
            "source": ReferralSource.OWN_STAFF,
            "referring_officer": manager.name,
            "referrer_contact": data.get("referrer_contact") or manager.email,
            "referred_on": today(),
            "reason": data["reason"],
            "goal": data["goal"],
        },
        manager,
    )
    participant = referral.participant
    consent = record_consent(
        participant,
        ConsentKind.MANAGER,
        given=True,
        effective_on=today(),
        note=None,
        actor=manager,
    )
    link = StaffReferral(
        referral=referral,
        consent=consent,
        manager=manager,
        employee_name=f"{person['first_name'].strip()} {person['last_name'].strip()}",
    )
    db.session.add(link)
    db.session.flush()
    record("staff.referred", link, participant_id=participant.id, user=manager)
    return link
