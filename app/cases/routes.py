"""Views of the cases area."""

from app.cases import bp  # noqa: F401
