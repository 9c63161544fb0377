"""Demo municipalities, employers and accounts."""

from __future__ import annotations

import sqlalchemy as sa

from app.auth.models import User
from app.auth.services import create_user
from app.demo import DEMO_PASSWORD
from app.extensions import db
from app.organisations.models import Employer, Municipality, Region
from app.vocab import Role

REGION = "Västernorrland"
MUNICIPALITIES = [
    ("Härnösand", "2280", "Härnösands kommun"),
    ("Timrå", "2262", "Timrå kommun"),
    ("Sundsvall", "2281", "Sundsvalls kommun"),
]
EMPLOYERS = [
    ("Städ & Service i Härnösand AB", "5560360793", "2280"),
    ("Timrå Lager och Logistik AB", "5565948857", "2262"),
]
R = Role
USERS = [
    ("admin@example.org", "Anna Administratör", {R.ADMIN}, "m:2280"),
    ("system@example.org", "Sven Systemförvaltare", {R.SYSTEM_ADMIN}, None),
    ("coach@example.org", "Karin Lindqvist", {R.COACH}, "m:2280"),
    ("coach2@example.org", "Mehmet Yilmaz", {R.COACH}, "m:2280"),
    ("coach@other.example.org", "Sara Nordin", {R.COACH}, "m:2262"),
    ("assessor@example.org", "Per Sjöberg", {R.ASSESSOR}, "m:2280"),
    ("verifier@example.org", "Lena Åström", {R.ASSESSOR, R.INTERNAL_VERIFIER}, "m:2280"),
    ("employer@example.org", "Johan Berglund", {R.EMPLOYER}, "e:5560360793"),
    ("employer@other.example.org", "Fatima Hassan", {R.EMPLOYER}, "e:5565948857"),
    ("regional@example.org", "Erik Holm", {R.REGIONAL}, "m:2281"),
    ("ek@example.org", "Birgitta Ek", {R.EXTERNAL_VERIFIER}, "m:2281"),
    ("manager@example.org", "Ingrid Forsberg", {R.MANAGER}, "m:2280"),
]


def _get_or_add(model, defaults: dict, **key):
    obj = db.session.scalar(sa.select(model).filter_by(**key))
    if obj is None:
        obj = model(**key, **defaults)
        db.session.add(obj)
        db.session.flush()
    return obj


def load() -> int:
    """Add the region, municipalities, employers and demo accounts that are missing."""
    region = _get_or_add(Region, {}, name=REGION)
    towns = {
        code: _get_or_add(
            Municipality, {"name": name, "region": region, "display_name": shown}, code=code
        )
        for name, code, shown in MUNICIPALITIES
    }
    firms = {
        number: _get_or_add(
            Employer, {"name": name, "municipality": towns[home]}, org_number=number
        )
        for name, number, home in EMPLOYERS
    }
    created = 0
    for email, name, roles, org in USERS:
        if db.session.scalar(sa.select(User.id).where(User.email == email)):
            continue
        where = {}  # the system administrator belongs to no organisation
        if org is not None:
            kind, key = org.split(":")
            where = {"municipality": towns[key]} if kind == "m" else {"employer": firms[key]}
        create_user(email=email, name=name, password=DEMO_PASSWORD, roles=roles, **where)
        created += 1
    return created
