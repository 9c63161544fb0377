"""Views of the reports area."""

from app.reports.routes import dashboard, exports, funding, projects  # noqa: F401
