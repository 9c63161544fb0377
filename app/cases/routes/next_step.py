"""The case page's next step: the moves the workflow offers, why the others are not possible
yet, and for each such reason a link to the page where it is put right."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for
from flask_login import current_user

from app.cases import labels, workflow
from app.cases.services import cases as ops
from app.cases.workflow import Move, Refusal
from app.db import today
from app.permissions import can


@dataclass(frozen=True)
class Fix:
    """Where a refusal is put right: the page (`endpoint` with the case's `values`), the action
    the person needs there, checked on `target(case)`, and the place on the page."""

    endpoint: str
    action: str
    values: Callable[[Any], dict]
    target: Callable[[Any], Any] = lambda case: case
    anchor: str | None = None


def _of_case(case) -> dict:
    return {"case_id": case.id}


_CONSENTS = Fix(
    "cases.participant",
    "participant.edit",
    lambda case: {"participant_id": case.participant_id},
    target=lambda case: case.participant,
    anchor="consents",
)

FIXES: dict[Refusal, Fix] = {
    Refusal.NO_REGISTRATION_CONSENT: _CONSENTS,
    Refusal.NO_EMPLOYER_CONSENT: _CONSENTS,
    Refusal.NO_MUNICIPALITY_CONSENT: _CONSENTS,
    Refusal.NO_FRAMEWORK: Fix("mapping.case", "mapping.edit", _of_case),
    Refusal.NO_UNITS_READY: Fix("mapping.case", "mapping.edit", _of_case),
    Refusal.NO_VERIFIED_UNITS: Fix("assessments.case_overview", "assessment.case", _of_case),
    Refusal.NO_CERTIFICATE: Fix("certificates.case_certificates", "certificate.case", _of_case),
}


def fix_link(code, case) -> dict | None:
    """The link to where refusal `code` is put right, for the current user: its words and
    address; None when there is no such page, or the user may not act there."""
    fix = FIXES.get(code)
    if fix is None or fix.endpoint not in current_app.view_functions:
        return None
    if not can(current_user, fix.action, fix.target(case)):
        return None
    url = url_for(fix.endpoint, **fix.values(case), _anchor=fix.anchor)
    return {"text": labels.FIXES[code], "url": url}


def moves(case) -> list[dict]:
    """The next stages with, for each, why it is refused (empty when allowed), each reason's
    link to where it is put right, and whether what has happened points to it."""
    facts = ops.case_facts(case)
    suggested = workflow.suggested_stage(facts)
    return [
        {
            "stage": stage,
            "refusals": refused,
            "fixes": {code: fix_link(code, case) for code in refused},
            "suggested": stage is suggested,
        }
        for stage in workflow.next_stages(facts)
        for refused in [workflow.refusals(facts, Move(stage, today=today()))]
    ]
