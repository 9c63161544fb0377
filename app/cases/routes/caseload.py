"""The caseload: a coach's cases with stage, time in stage and next follow-up."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import current_user

from app.cases import bp
from app.cases.queries import SORTS, caseload_ids, caseload_page
from app.cases.routes.helpers import PROTECTED
from app.cases.services import lookup
from app.cases.workflow import Stage
from app.db import today, utcnow
from app.permissions import permission
from app.vocab import Role
from app.web import page_number, seen_many

PER_PAGE = 25
STUCK_AFTER_DAYS = 60  # default for CASES_STUCK_AFTER_DAYS
QUIET_STAGES = {Stage.PAUSED, Stage.CLOSED}


def _printable(value: str, limit: int = 100) -> str:
    return "".join(c for c in value if c.isprintable())[:limit].strip()


def _filters() -> dict:
    """The caseload filters from the query string, each checked against what it may be."""
    args = request.args
    is_coach = current_user.has_role(Role.COACH)
    who = args.get("who", "mine" if is_coach else "all")
    stage = args.get("stage", "")
    sort = args.get("sort", "follow_up")
    return {
        "who": "mine" if who == "mine" and is_coach else "all",
        "stage": stage if stage in {s.value for s in Stage} else "",
        "q": _printable(args.get("q", "")),
        "sort": sort if sort in SORTS else "follow_up",
    }


def _row(row, stuck_after: int) -> dict:
    case = row.Case
    days = (utcnow() - case.stage_entered_at).days
    follow_up = case.next_follow_up_on
    return {
        "case": case,
        "name": case.participant.full_name if row.shows else str(PROTECTED),
        "coach": row.coach,
        "days": days,
        "follow_up": follow_up,
        "overdue": follow_up is not None and follow_up < today(),
        "stuck": case.stage not in QUIET_STAGES and days > stuck_after,
    }


def _page(filters: dict):
    """The page of the caseload asked for, in one statement (`caseload_page`)."""
    query = caseload_ids(
        current_user,
        mine=filters["who"] == "mine",
        stage=Stage(filters["stage"]) if filters["stage"] else None,
        q=filters["q"],
        sort=filters["sort"],
    )
    return caseload_page(current_user, query, filters["sort"], page_number(), PER_PAGE)


@bp.get("/")
@permission("case.list")
def index():
    """The caseload: my (or the municipality's) cases, filtered, searched, sorted, paginated."""
    filters = _filters()
    page = _page(filters)
    stuck_after = current_app.config.get("CASES_STUCK_AFTER_DAYS", STUCK_AFTER_DAYS)
    participants = [row.Case.participant_id for row in page.items]
    search = lookup.number_search(filters["q"]) if filters["q"] else None
    if search is not None:
        lookup.log_search(search, "caseload", participants)
    seen_many("case.caseload_viewed", None, participants)
    return render_template(
        "cases/caseload.html",
        page=page,
        rows=[_row(row, stuck_after) for row in page.items],
        filters=filters,
        stages=list(Stage),
        stuck_after=stuck_after,
    )
