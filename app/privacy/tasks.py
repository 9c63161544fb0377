"""The data-protection area's jobs: the daily retention run (gallring) at RETENTION_HOUR, and a
run of one municipality that its administrator starts from the retention page."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from app.cases.models import Participant
from app.db import today
from app.extensions import db
from app.privacy.anonymise import anonymise
from app.privacy.retention import Due, due_participants
from app.queue import daily_at, job, periodic

# Who the log names for the anonymisations of the retention run.
RETENTION_ACTOR = SimpleNamespace(id=None, email="flask retention")


def anonymise_due(
    each: Callable[[Due], None] = lambda due: None,
    municipality_id: int | None = None,
    actor=RETENTION_ACTOR,
) -> int:
    """Anonymise every participant due today (of one municipality, if given), each in a commit
    of its own (a run stopped half way is finished by the next: who is done is no longer due);
    how many there were. The command, the nightly job and the administrator's button all run
    this.

    Runs of several workers at once each take the participant's row before anonymising it, and
    pass over one another run has anonymised meanwhile."""
    due = due_participants(today(), municipality_id)
    for item in due:
        each(item)
        person = db.session.get(
            Participant, item.participant_id, with_for_update=True, populate_existing=True
        )
        if person is not None and not person.is_anonymised:
            anonymise(person, reason="retention", actor=actor)
        db.session.commit()  # and the files go (app/uploads.py)
    return len(due)


@periodic(daily_at("RETENTION_HOUR"), retries=3, retry_delay=600)
def run_retention() -> None:
    """The daily retention run: what `flask --app app retention` does."""
    anonymise_due()


@job(retries=3, retry_delay=600)
def run_retention_of(municipality_id: int, user_id: int) -> None:
    """The retention run of one municipality, started by its administrator (who the log names
    for its anonymisations). Run twice, the second finds nobody due."""
    from app.auth.models import User

    anonymise_due(municipality_id=municipality_id, actor=db.session.get(User, user_id))
