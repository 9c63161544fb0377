"""Complementary training after a unit not yet achieved, recorded in the development plan."""

from __future__ import annotations

from app.cases.services.cases import case_facts, transition_case
from app.cases.services.work import add_activity
from app.cases.workflow import Move, Stage, refusals


def training_refusals(case) -> list:
    """Why the case cannot move to complementary training now (the cases workflow decides)."""
    return refusals(case_facts(case), Move(to=Stage.TRAINING))


def plan_training(case, data: dict, actor, *, move_case: bool):
    """Add the training to the plan and, if asked and allowed, move the case to training."""
    activity = add_activity(case, data, actor)
    if move_case and case.stage is not Stage.TRAINING:
        transition_case(case, Move(to=Stage.TRAINING, reason=data["description"].strip()), actor)
    return activity
