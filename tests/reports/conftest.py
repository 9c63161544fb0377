"""A fixed dataset whose every figure the tests know (period 2026-01-01 – 2026-06-30).

Home municipality (Hemkommun), coached by `coach` (c2 by `coach2`):

- c1: a woman born 1990, ISCED 3–4, income support, foreign background; referred 01-10,
  intake 01-20, mapping 02-09, closed 03-01 as employed (exit: employed);
- c2: a woman born 2000, ISCED 5–8, registered at the PES, disability; referred 02-01,
  intake 02-05, mapping 03-07;
- c3: a man born 1970, ISCED 0–2, long-term unemployed, foreign background, protected identity;
  referred 03-01, intake 03-03, closed 04-01 as dropped out (exit: income support);
- c4: non-binary, born 2010, nothing else recorded; referred 04-01;
- c5: gender not stated, no birth year, ISCED 0–2, income support; referred 05-01, intake 05-09.

Plus a rejected referral (woman, 02-15), five women of the neighbouring municipality referred in
March (cases in intake), and one case outside the region that nothing may count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from app.cases.vocab import (
    Answer,
    Education,
    Gender,
    LabourMarketStatus,
    Outcome,
    ReferralSource,
    ReferralStatus,
)
from app.cases.workflow import Stage as S
from app.reports.scope import Filters, Scope
from tests.cases.factories import make_participant, personal_number
from tests.frameworks.factories import make_framework
from tests.reports import factories as f

PERIOD = Filters(date(2026, 1, 1), date(2026, 6, 30))


@dataclass
class Dataset:
    cases: dict
    people: dict
    framework: object
    units: list
    home: Scope
    region: Scope


def _person(world, municipality=None, *, gender, born, **fields):
    participant = make_participant(
        municipality or world.home,
        first_name=fields.pop("first_name", "Testa"),
        last_name=fields.pop("last_name", "Personsson"),
        personal_number=personal_number(date(born or 1985, 3, 3)),
        gender=gender,
        **fields,
    )
    if born is None:
        participant.birth_year = None
    return participant


@pytest.fixture
def dataset(world) -> Dataset:
    coach, coach2 = world["coach"], world["coach2"]
    people = {
        "p1": _person(
            world,
            gender=Gender.WOMAN,
            born=1990,
            education=Education.ISCED_3_4,
            status_at_entry=LabourMarketStatus.INCOME_SUPPORT,
            foreign_background=Answer.YES,
            has_disability=Answer.NO,
            first_name="Amina",
            last_name="Hassan",
        ),
        "p2": _person(
            world,
            gender=Gender.WOMAN,
            born=2000,
            education=Education.ISCED_5_8,
            status_at_entry=LabourMarketStatus.REGISTERED_PES,
            foreign_background=Answer.NO,
            has_disability=Answer.YES,
        ),
        "p3": _person(
            world,
            gender=Gender.MAN,
            born=1970,
            education=Education.ISCED_0_2,
            status_at_entry=LabourMarketStatus.LONG_TERM_UNEMPLOYED,
            foreign_background=Answer.YES,
            has_disability=Answer.NO,
            is_protected=True,
        ),
        "p4": _person(world, gender=Gender.NON_BINARY, born=2010),
        "p5": _person(
            world,
            gender=Gender.NOT_STATED,
            born=None,
            education=Education.ISCED_0_2,
            status_at_entry=LabourMarketStatus.INCOME_SUPPORT,
        ),
        "p6": _person(world, gender=Gender.WOMAN, born=1985),
    }
    cases = {
        "c1": f.history(
            coach,
            people["p1"],
            [
                (S.REFERRED, "2026-01-10"),
                (S.INTAKE, "2026-01-20"),
                (S.MAPPING, "2026-02-09"),
                (S.CLOSED, "2026-03-01"),
            ],
            outcome=Outcome.EMPLOYED,
            status_at_exit=LabourMarketStatus.EMPLOYED,
        ),
        "c2": f.history(
            coach2,
            people["p2"],
            [(S.REFERRED, "2026-02-01"), (S.INTAKE, "2026-02-05"), (S.MAPPING, "2026-03-07")],
            source=ReferralSource.PUBLIC_EMPLOYMENT_SERVICE,
        ),
        "c3": f.history(
            coach,
            people["p3"],
            [(S.REFERRED, "2026-03-01"), (S.INTAKE, "2026-03-03"), (S.CLOSED, "2026-04-01")],
            outcome=Outcome.DROPPED_OUT,
            status_at_exit=LabourMarketStatus.INCOME_SUPPORT,
        ),
        "c4": f.history(
            coach, people["p4"], [(S.REFERRED, "2026-04-01")], source=ReferralSource.SELF_REFERRAL
        ),
        "c5": f.history(
            coach, people["p5"], [(S.REFERRED, "2026-05-01"), (S.INTAKE, "2026-05-09")]
        ),
    }
    f.referral(people["p6"], world.home, "2026-02-15", status=ReferralStatus.REJECTED)
    for n in range(5):
        neighbour = _person(world, world.other, gender=Gender.WOMAN, born=1980 + n)
        cases[f"o{n}"] = f.history(
            world["other_coach"], neighbour, [(S.REFERRED, "2026-03-10"), (S.INTAKE, "2026-03-12")]
        )
    far = _person(world, world.outside, gender=Gender.MAN, born=1980)
    cases["far"] = f.history(
        None, far, [(S.REFERRED, "2026-03-10"), (S.CLOSED, "2026-03-20")], outcome=Outcome.MOVED
    )

    framework = make_framework(units=2, name="Lokalvård")
    u1, u2 = framework.units
    assessor = world["assessor"]
    a1 = f.assessment(cases["c1"], framework, assessor, [u1, u2], "2026-02-10")
    f.decision(a1, u1, "achieved", "2026-02-10", verified_on="2026-02-20")
    f.decision(a1, u2, "not_yet_achieved", "2026-02-10", verified_on="2026-02-20")
    a2 = f.assessment(cases["c1"], framework, assessor, [u2], "2026-02-25")
    f.decision(a2, u2, "achieved", "2026-02-25", verified_on="2026-02-28")
    a3 = f.assessment(cases["c2"], framework, assessor, [u1], "2026-03-10")
    f.decision(a3, u1, "not_yet_achieved", "2026-03-10")
    a4 = f.assessment(cases["c3"], framework, assessor, [u1, u2], "2026-03-15")
    f.decision(a4, u1, "achieved", "2026-03-15", verified_on="2026-03-20")
    wrong = f.decision(a4, u2, "not_yet_achieved", "2026-03-15")
    f.decision(a4, u2, "achieved", "2026-03-16", verified_on="2026-03-20", supersedes=wrong)

    f.certificate(cases["c1"], framework, "2026-03-05")
    f.certificate(cases["c3"], framework, "2026-03-25")
    f.certificate(cases["c2"], framework, "2026-03-26", revoked=True)
    f.placement(cases["c1"], world.employer, "2025-11-01", "2026-05-01", still=True)
    f.placement(cases["c3"], world.employer, "2025-12-01", "2026-06-01", still=None)

    region = Scope(tuple(sorted((world.home.id, world.other.id))), regional=True)
    return Dataset(cases, people, framework, [u1, u2], Scope((world.home.id,)), region)
