"""Operations of the assessments area: they change state, flush and log; the route commits.

For other areas: `verified_achieved_decisions(case)` is what certificates may be issued for.
"""

from app.assessments.services.queries import verified_achieved_decisions

__all__ = ["verified_achieved_decisions"]
