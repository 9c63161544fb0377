"""Views of the certificates area."""

from app.certificates import bp  # noqa: F401
