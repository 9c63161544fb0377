"""The auth area's views: signing in and out, terms, language and password (login.py)."""
