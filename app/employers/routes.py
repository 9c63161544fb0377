"""Views of the employers area."""

from app.employers import bp  # noqa: F401
