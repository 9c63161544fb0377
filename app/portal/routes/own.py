"""The participant's own pages: my page and my plan, of their own cases only."""

from flask import render_template

from app.assessments.labels import ADAPTATIONS
from app.cases import labels as case_labels
from app.cases.models import Case, JournalEntry
from app.permissions import permission
from app.portal import bp, labels, queries
from app.portal.journey import STEPS, place_of
from app.web import load, me, seen


def _my_page(case: Case | None):
    """My page for `case` (none: the participant has no case yet)."""
    if case is None:
        return render_template("portal/index.html", case=None, person=queries.my_participant(me()))
    seen("portal.page_viewed", case, participant_id=case.participant_id)
    return render_template(
        "portal/index.html",
        case=case,
        person=case.participant,
        cases=queries.my_cases(me()),
        place=place_of(case.stage, case.paused_from),
        steps=STEPS,
        meetings=queries.upcoming(case, ADAPTATIONS),
        adaptations=queries.agreed_adaptations(case),
        to_do=queries.to_do(case),
        labels=labels,
        case_labels=case_labels,
    )


@bp.get("/")
@permission("portal.own")
def index():
    """My page: where I am, my next meeting, my coach and what I am asked to do."""
    return _my_page(queries.current_case(me()))


@bp.get("/cases/<int:case_id>")
@permission("portal.own")
def case(case_id: int):
    """My page for one of my cases (a participant with several)."""
    return _my_page(load(Case, case_id, "portal.own"))


def _plan_page(case: Case | None):
    if case is None:
        return render_template("portal/plan.html", case=None)
    seen("portal.plan_viewed", case, participant_id=case.participant_id)
    return render_template(
        "portal/plan.html",
        case=case,
        goals=queries.goals(case),
        activities=queries.activities(case),
        follow_ups=queries.follow_ups(case),
        notes=queries.shared_notes(case),
        case_labels=case_labels,
    )


@bp.get("/plan")
@permission("portal.own")
def plan_now():
    """My plan, of the case my pages start at."""
    return _plan_page(queries.current_case(me()))


@bp.get("/cases/<int:case_id>/plan")
@permission("portal.own")
def plan(case_id: int):
    """My plan: goals, activities, follow-ups and the notes my coach shares with me."""
    return _plan_page(load(Case, case_id, "portal.own"))


@bp.get("/notes/<int:entry_id>")
@permission("portal.own")
def note(entry_id: int):
    """One note my coach shared with me."""
    entry = load(JournalEntry, entry_id, "portal.own")
    seen("portal.note_viewed", entry, participant_id=entry.case.participant_id)
    return render_template("portal/note.html", entry=entry, case_labels=case_labels)
