"""Views of the privacy area."""

from app.privacy import bp  # noqa: F401
