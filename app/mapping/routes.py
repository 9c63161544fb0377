"""Views of the mapping area."""

from app.mapping import bp  # noqa: F401
