"""Views of the reports area (`app.reports.init_app` loads them)."""
