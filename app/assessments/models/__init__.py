"""Models of the assessments area; certificates refer to `unit_decisions.id`."""

from app.assessments.models.assessments import (
    Assessment,
    AssessmentAdaptation,
    AssessmentAttachment,
    AssessmentUnit,
    CriterionResult,
    ExamItem,
)
from app.assessments.models.decisions import (
    AssessmentSettings,
    CreditRecommendation,
    ExternalReport,
    UnitDecision,
)

__all__ = [
    "Assessment",
    "AssessmentAdaptation",
    "AssessmentAttachment",
    "AssessmentSettings",
    "AssessmentUnit",
    "CreditRecommendation",
    "CriterionResult",
    "ExamItem",
    "ExternalReport",
    "UnitDecision",
]
