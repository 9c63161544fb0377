"""Helpers of the assessments area's route tests."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.db import today
from app.extensions import db


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def plan_form(unit, who, **overrides) -> dict:
    return {
        "units": [str(unit.id)],
        "kind": "practical",
        "place": "Städcentralen, Härnösand",
        "scheduled_on": (today() + timedelta(days=7)).isoformat(),
        "assessor": str(who.id),
        **overrides,
    }


def results_form(unit, value="met", **extra) -> dict:
    data = {f"criterion-{c.id}": value for c in unit.criteria}
    return {**data, **extra}
