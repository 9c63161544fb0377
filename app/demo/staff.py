"""Demo own staff in validation: Härnösand's home-care manager has referred one of her care
assistants towards undersköterska, with the employee's consent that she follows the progress;
the referral is accepted and two units are achieved and verified."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.auth.models import User
from app.cases.models import Transition
from app.cases.personal_numbers import parse
from app.cases.services.referrals import accept_referral
from app.cases.workflow import Stage
from app.db import today, utcnow
from app.demo import mapping as demo_mapping
from app.demo.assessments import _verified
from app.demo.cases import _number
from app.demo.frameworks import published
from app.extensions import db
from app.staff.models import StaffReferral
from app.staff.services import refer_own_staff

MANAGER = "manager@example.org"
EMPLOYEE = {"first_name": "Maja", "last_name": "Eriksson", "phone": "070-482 19 33", "email": None}
NUMBER = "19790614248"  # eleven digits; the check digit is added
FRAMEWORK = "vard-och-omsorgsarbete"
GOAL = "Undersköterska (vård- och omsorgsarbete)"
REASON = (
    "Maja har arbetat som vårdbiträde i hemtjänsten Härnösand centrum i tolv år och vill "
    "bli undersköterska. Vi vill att hennes kunnande blir erkänt."
)


def _walk(case, coach) -> None:
    """From referred to assessment, as the coach moved it over the last weeks."""
    for n, stage in enumerate((Stage.INTAKE, Stage.MAPPING, Stage.ASSESSMENT)):
        at = utcnow() - timedelta(days=40 - 12 * n)
        db.session.add(
            Transition(case=case, from_stage=case.stage, to_stage=stage, actor=coach, at=at)
        )
        case.stage, case.stage_entered_at = stage, at


def load() -> int:
    """Refer, accept and assess the demo employee once; creates no accounts."""
    users = {u.email: u for u in db.session.scalars(sa.select(User))}
    framework = published(FRAMEWORK)
    if MANAGER not in users or framework is None:
        return 0
    manager = users[MANAGER]
    if db.session.scalar(sa.select(StaffReferral.id).where(StaffReferral.manager_id == manager.id)):
        return 0
    number = parse(_number(NUMBER), today())
    data = {"goal": GOAL, "reason": REASON, "referrer_contact": "0611-34 82 10"}
    link = refer_own_staff(manager, number, EMPLOYEE, data)
    coach = users["coach@example.org"]
    case = accept_referral(link.referral, coach)
    _walk(case, coach)
    db.session.flush()
    demo_mapping.load()  # mapped against the care framework, with evidence, as the others are
    units = list(framework.units)
    _verified(case, units[:2], users["assessor@example.org"], users["verifier@example.org"], -14)
    return 0
