"""The imports' housekeeping: uploads never confirmed are removed once they expire."""

from __future__ import annotations

from flask import current_app

from app.extensions import db
from app.queue import crontab, periodic


@periodic(crontab(minute="35"), on_start=True)
def remove_expired_imports() -> None:
    """Remove the uploads left unconfirmed past their expiry (they hold personal numbers)."""
    from app.imports.services import remove_expired

    removed = remove_expired()
    db.session.commit()
    current_app.logger.info("%s expired uploads removed", removed)
