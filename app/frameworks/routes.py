"""Views of the frameworks area."""

from app.frameworks import bp  # noqa: F401
