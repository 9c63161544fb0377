"""Factories for frameworks, for this area's tests and for other areas' (import them)."""

from __future__ import annotations

import itertools

from app.extensions import db
from app.frameworks.models import AssessmentCriterion, Framework, LearningOutcome, Unit
from app.frameworks.vocab import FrameworkStatus, Level

_codes = itertools.count(1)


def make_framework(
    status: FrameworkStatus | str = FrameworkStatus.PUBLISHED,
    *,
    units: int = 2,
    outcomes: int = 2,
    criteria: int = 2,
    **overrides,
) -> Framework:
    """A framework version with `units` units of `outcomes` outcomes of `criteria` criteria."""
    n = next(_codes)
    framework = Framework(
        code=overrides.pop("code", f"testram-{n}"),
        version=overrides.pop("version", 1),
        name=overrides.pop("name", f"Testram {n}"),
        description=overrides.pop("description", "En ram för tester."),
        ssyk_code=overrides.pop("ssyk_code", "9111"),
        owner=overrides.pop("owner", "Testkommunen"),
        status=FrameworkStatus(status),
        units=[make_unit(u, outcomes, criteria) for u in range(units)],
        **overrides,
    )
    db.session.add(framework)
    db.session.flush()
    return framework


def make_unit(position: int, outcomes: int = 2, criteria: int = 2, **overrides) -> Unit:
    """A unit (not added to a session) with numbered outcomes and criteria."""
    levels = list(Level)
    return Unit(
        position=position,
        code=overrides.pop("code", f"U-{position + 1}"),
        title=overrides.pop("title", f"Enhet {position + 1}"),
        level=overrides.pop("level", levels[position % len(levels)]),
        credits=overrides.pop("credits", position + 1),
        outcomes=[
            LearningOutcome(
                position=o,
                text=f"mål {o + 1} i enhet {position + 1}",
                criteria=[
                    AssessmentCriterion(position=c, text=f"kriterium {o + 1}.{c + 1}")
                    for c in range(criteria)
                ],
            )
            for o in range(outcomes)
        ],
        **overrides,
    )
