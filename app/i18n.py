"""The interface language: the user's choice, else the session's, else Swedish."""

from flask import current_app, request, session
from flask_login import current_user


def select_locale() -> str:
    """Locale for this request."""
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale") or request.args.get("lang")
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]
