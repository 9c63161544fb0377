"""The data-protection area's job: the daily retention run (gallring) at RETENTION_HOUR."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from app.cases.models import Participant
from app.db import today
from app.extensions import db
from app.privacy.anonymise import anonymise
from app.privacy.retention import Due, due_participants
from app.queue import daily_at, periodic

# Who the log names for the anonymisations of the retention run.
RETENTION_ACTOR = SimpleNamespace(id=None, email="flask retention")


def anonymise_due(each: Callable[[Due], None] = lambda due: None) -> int:
    """Anonymise every participant due today, each in a commit of its own (a run stopped half
    way is finished by the next: who is done is no longer due); how many there were.

    Runs of several workers at once each take the participant's row before anonymising it, and
    pass over one another run has anonymised meanwhile."""
    due = due_participants(today())
    for item in due:
        each(item)
        person = db.session.get(
            Participant, item.participant_id, with_for_update=True, populate_existing=True
        )
        if person is not None and not person.is_anonymised:
            anonymise(person, reason="retention", actor=RETENTION_ACTOR)
        db.session.commit()  # and the files go (app/uploads.py)
    return len(due)


@periodic(daily_at("RETENTION_HOUR"), retries=3, retry_delay=600)
def run_retention() -> None:
    """The daily retention run: what `flask --app app retention` does."""
    anonymise_due()
