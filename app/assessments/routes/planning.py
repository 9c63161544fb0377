"""Planning assessments: lists, a case's assessments, the plan form, moving, cancelling."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _

from app import uploads
from app.assessments import bp, queries
from app.assessments.forms import CancelForm, MoveForm, PlanForm
from app.assessments.models import Assessment
from app.assessments.routes.helpers import assessment_url
from app.assessments.services import planning, recording
from app.assessments.services.evidence import assessment_evidence, evidence_file
from app.assessments.services.overview import unit_standings
from app.assessments.vocab import AssessmentStatus, DecisionStatus
from app.cases.models import Case
from app.cases.queries import caseload_ids, cases_in_order, with_header
from app.extensions import counted_page, db
from app.frameworks.labels import LEVEL_LABELS
from app.frameworks.services import unit_groups
from app.mapping.labels import GAP_STATUSES
from app.mapping.services import unit_statuses
from app.permissions import permission
from app.vocab import Role
from app.web import load, me, page_number, save, seen, seen_many

PER_PAGE = 25
STATUSES_ASSIGNED = (AssessmentStatus.PLANNED, AssessmentStatus.RECORDED, AssessmentStatus.DECIDED)
STATUSES_TO_ACT_ON = (DecisionStatus.RETURNED, DecisionStatus.CONFIRMED)


def _paged(query, name: str):
    return db.paginate(query, page=page_number(name), per_page=PER_PAGE, error_out=False)


def _paged_ids(ids, name: str):
    # A page of ids and their count in one statement (`counted_page`): the count over all the
    # ids costs what the count alone would; lists of whole rows count apart, so that only a
    # page's rows are joined with what they show.
    return counted_page(ids, page=page_number(name), per_page=PER_PAGE)


@bp.get("/")
@permission("assessment.list")
def index():
    """An assessor's assigned assessments and decisions to act on; a coach's planned
    assessments in the municipality and cases.

    Each list is paged on its own (`mine`, `decisions`, `planned`, `cases`): a municipality
    plans thousands of assessments over the years.
    """
    lists = _lists(me())
    _log_shown(lists)
    return render_template("assessments/index.html", **lists)


def _lists(user) -> dict:
    """The pages of the lists the user's roles show (None for the others)."""
    lists = dict.fromkeys(("mine", "decisions", "planned", "cases"))
    if user.has_role(Role.ASSESSOR):
        mine = _paged_ids(queries.assessor_assessment_ids(user.id, STATUSES_ASSIGNED), "mine")
        mine.items = queries.assessments_in_order(mine.items)  # the page holds ids
        to_act_on = queries.assessor_decisions_query(user.id, STATUSES_TO_ACT_ON)
        lists |= {"mine": mine, "decisions": _paged(to_act_on, "decisions")}
    if user.has_role(Role.COACH):
        planned = queries.municipality_assessments(user.municipality_id)
        cases = _paged_ids(caseload_ids(user, mine=True), "cases")
        cases.items = cases_in_order(cases.items)  # the page holds ids; the list names cases
        lists |= {"planned": _paged(planned, "planned"), "cases": cases}
    return lists


def _log_shown(lists: dict) -> None:
    """The lists name participants: a line for each participant this page showed."""
    rows = {name: page.items if page is not None else [] for name, page in lists.items()}
    cases = [row.case for name in ("mine", "decisions", "planned") for row in rows[name]]
    cases += rows["cases"]
    if cases:
        seen_many("assessment.list_viewed", None, [case.participant_id for case in cases])


@bp.get("/cases/<int:case_id>")
@permission("assessment.case")
def case_overview(case_id: int):
    """A case's assessments, every attempt, and where each unit stands."""
    case = load(Case, case_id, "assessment.case", options=with_header())
    seen("assessment.case_viewed", case, participant_id=case.participant_id)
    return _case_page(case)


def _case_page(case):
    return render_template(
        "assessments/case.html",
        case=case,
        assessments=queries.case_assessments(case.id),
        standings=unit_standings(case),
        history=queries.decision_history(case.id),
        recommendations=queries.case_recommendations(case.id),
    )


def _plan_form(case: Case) -> PlanForm:
    form = PlanForm()
    units = planning.assessable_units(case)
    several = len({u.framework_id for u in units}) > 1
    form.units.choices = [(u.id, f"{u.framework}: {u}" if several else str(u)) for u in units]
    form.assessor.choices = [("", _("Choose an assessor"))] + [
        (str(u.id), f"{u.name} ({u.municipality.name})") for u in planning.eligible_assessors(case)
    ]
    return form


def _plan_page(case, form):
    seen("assessment.case_viewed", case, participant_id=case.participant_id)
    return render_template(
        "assessments/plan.html",
        case=case,
        form=form,
        unit_groups=unit_groups(planning.assessable_units(case)),
        mapped=unit_statuses(case),
        gap_words=GAP_STATUSES,
        level_labels=LEVEL_LABELS,
        adaptations=planning.assessment_adaptations(case),
        frameworks=planning.candidate_frameworks(case),
    )


@bp.route("/cases/<int:case_id>/new", methods=["GET", "POST"])
@permission("assessment.plan")
def plan(case_id: int):
    """Plan an assessment of the case."""
    case = load(Case, case_id, "assessment.plan", visible="assessment.case")
    form = _plan_form(case)
    done = form.validate_on_submit() and save(
        lambda: planning.plan_assessment(case, form.data_for_service(), me()),
        _("The assessment was planned."),
        assessment_url,
        form=form,
    )
    return done or _plan_page(case, form)


@bp.get("/<int:assessment_id>")
@permission("assessment.view")
def show(assessment_id: int):
    """An assessment: units and criteria, adaptations, evidence, results and decisions."""
    assessment = load(
        Assessment, assessment_id, "assessment.view", options=queries.whole_assessment()
    )
    seen("assessment.viewed", assessment, participant_id=assessment.case.participant_id)
    return _assessment_page(assessment)


def _assessment_page(assessment):
    return render_template(
        "assessments/show.html",
        assessment=assessment,
        adaptations=planning.assessment_adaptations(assessment.case),
        decisions={
            d.unit_id: d
            for d in queries.current_decisions(assessment.case_id)
            if d.assessment_id == assessment.id
        },
        locked=recording.is_locked(assessment),
        evidence=assessment_evidence(assessment),
        cancel_form=CancelForm(),
    )


@bp.route("/<int:assessment_id>/move", methods=["GET", "POST"])
@permission("assessment.cancel")
def move(assessment_id: int):
    """Move a planned assessment to another day or place."""
    assessment = load(Assessment, assessment_id, "assessment.cancel", visible="assessment.view")
    form = MoveForm()
    if request.method == "GET":
        form.scheduled_on.data, form.place.data = assessment.scheduled_on, assessment.place
        form.sequence.data = assessment.calendar_sequence
    done = form.validate_on_submit() and save(
        lambda: planning.move_assessment(assessment, _move_data(form), me()),
        _("The assessment was moved; the assessor is told."),
        assessment_url(assessment),
        form=form,
    )
    return done or render_template("assessments/move.html", assessment=assessment, form=form)


def _move_data(form: MoveForm) -> dict:
    return {
        "scheduled_on": form.scheduled_on.data,
        "place": form.place.data,
        "sequence": form.sequence.data,
    }


@bp.post("/<int:assessment_id>/cancel")
@permission("assessment.cancel")
def cancel(assessment_id: int):
    """Cancel a planned assessment that has no results."""
    assessment = load(Assessment, assessment_id, "assessment.cancel", visible="assessment.view")
    form, to = CancelForm(), assessment_url(assessment)
    if not form.validate_on_submit():
        for error in form.reason.errors:
            flash(error, "error")
        return redirect(to)
    return save(
        lambda: planning.cancel_assessment(assessment, form.reason.data, me()),
        _("The assessment was cancelled."),
        to,
    )


@bp.get("/<int:assessment_id>/evidence/<int:evidence_id>/file")
@permission("assessment.view")
def evidence_download(assessment_id: int, evidence_id: int):
    """Download a file of the mapping's evidence for the units being assessed."""
    assessment = load(Assessment, assessment_id, "assessment.view")
    evidence = evidence_file(assessment, evidence_id)
    if evidence is None:
        abort(404)
    details = {"assessment": assessment.id}
    participant_id = assessment.case.participant_id
    seen("assessment.evidence_downloaded", evidence, participant_id=participant_id, details=details)
    return uploads.send_stored(evidence.file_key, evidence.file_name, evidence.content_type)
