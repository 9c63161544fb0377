"""Views of the assessments area."""

from app.assessments import bp  # noqa: F401
