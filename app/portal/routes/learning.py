"""The participant's own self-assessment and evidence: what I can do, and what shows it. Only
the mappings of their own cases, and only the files they sent themselves."""

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _

from app import uploads
from app.cases.models import Case
from app.mapping import labels as mapping_labels
from app.mapping import queries as mapping_queries
from app.mapping import services as mapping
from app.mapping.forms import OwnAnswerForm, OwnEvidenceForm
from app.mapping.models import Evidence, Mapping
from app.mapping.vocab import CanDo
from app.permissions import permission
from app.portal import bp, queries
from app.web import load, me, save, seen


def _outcome_of(item: Mapping, outcome_id: int):
    """A learning outcome of the mapping's framework version, with its unit, or 404."""
    found = next(
        ((unit, o) for unit in item.framework.units for o in unit.outcomes if o.id == outcome_id),
        None,
    )
    if found is None:
        abort(404)
    return found


def _can_do_page(case: Case | None):
    if case is None:
        return render_template("portal/can_do.html", case=None)
    seen("portal.self_assessment_viewed", case, participant_id=case.participant_id)
    return render_template(
        "portal/can_do.html",
        case=case,
        mappings=mapping.mappings_of(case),
        labels=mapping_labels,
    )


@bp.get("/can-do")
@permission("portal.own")
def can_do_now():
    """What I can do, of the case my pages start at."""
    return _can_do_page(queries.current_case(me()))


@bp.get("/cases/<int:case_id>/can-do")
@permission("portal.own")
def can_do(case_id: int):
    """What I can do: every learning outcome of my mapping, and my own answer for each."""
    return _can_do_page(load(Case, case_id, "portal.own"))


def _answer_form(item: Mapping, outcome_id: int) -> OwnAnswerForm:
    row = item.own_answer(outcome_id)
    if request.method == "POST" or row is None:
        return OwnAnswerForm()
    return OwnAnswerForm(data={"answer": row.answer.value, "learned_where": row.learned_where})


def _save_answer(item: Mapping, outcome_id: int, form: OwnAnswerForm):
    return mapping.answer_outcome(
        item,
        outcome_id,
        me(),
        answer=CanDo(form.answer.data),
        learned_where=form.learned_where.data,
    )


@bp.route("/mappings/<int:mapping_id>/outcomes/<int:outcome_id>", methods=["GET", "POST"])
@permission("portal.own")
def answer(mapping_id: int, outcome_id: int):
    """Answer for one learning outcome: can I do it, and where did I learn it."""
    item = load(Mapping, mapping_id, "portal.own")
    unit, outcome = _outcome_of(item, outcome_id)
    form = _answer_form(item, outcome.id)
    back = url_for("portal.can_do", case_id=item.case_id, _anchor=f"o{outcome.id}")
    if form.validate_on_submit():
        saved = _("Your answer was saved.")
        if done := save(lambda: _save_answer(item, outcome.id, form), saved, back, form=form):
            return done
    if request.method == "GET":
        seen("portal.self_assessment_viewed", item, participant_id=item.case.participant_id)
    return render_template(
        "portal/can_do_answer.html", mapping=item, unit=unit, outcome=outcome, form=form, back=back
    )


def _evidence_page(case: Case | None):
    if case is None:
        return render_template("portal/evidence.html", case=None)
    seen("portal.evidence_viewed", case, participant_id=case.participant_id)
    return render_template(
        "portal/evidence.html",
        case=case,
        mappings=mapping.mappings_of(case),
        sent=mapping_queries.own_evidence(case, me()),
        labels=mapping_labels,
    )


@bp.get("/evidence")
@permission("portal.own")
def evidence_now():
    """My evidence, of the case my pages start at."""
    return _evidence_page(queries.current_case(me()))


@bp.get("/cases/<int:case_id>/evidence")
@permission("portal.own")
def evidence(case_id: int):
    """My evidence: the photos and documents I sent, and what my coach said about each."""
    return _evidence_page(load(Case, case_id, "portal.own"))


def _evidence_form(item: Mapping) -> OwnEvidenceForm:
    form = OwnEvidenceForm()
    form.outcomes.choices = [
        (o.id, f"{u.title}: {o.text}") for u in item.framework.units for o in u.outcomes
    ]
    return form


def _send(item: Mapping, form: OwnEvidenceForm) -> Evidence:
    """Store the file (checked as the coach's are) and send it; a refused file goes again."""
    stored = uploads.store(form.file.data)
    return mapping.submit_evidence(
        item,
        me(),
        stored=stored,
        title=form.title.data,
        text=form.text.data,
        outcome_ids=form.outcomes.data or [],
    )


@bp.route("/mappings/<int:mapping_id>/evidence/new", methods=["GET", "POST"])
@permission("portal.own")
def evidence_new(mapping_id: int):
    """Send a photo or a document that shows what I can do; my coach looks at it."""
    item = load(Mapping, mapping_id, "portal.own")
    form = _evidence_form(item)
    back = url_for("portal.evidence", case_id=item.case_id)
    if form.validate_on_submit():
        thanks = _("Thank you! Your coach will look at it.")
        if done := save(lambda: _send(item, form), thanks, back, form=form):
            return done
    return render_template("portal/evidence_new.html", mapping=item, form=form, back=back)


@bp.get("/evidence/<int:evidence_id>/file")
@permission("portal.own")
def evidence_file(evidence_id: int):
    """Download a file I sent (only my own)."""
    item = load(Evidence, evidence_id, "portal.own")
    if item.file_key is None:
        abort(404)
    seen("portal.evidence_downloaded", item, participant_id=item.case.participant_id)
    return uploads.send_stored(item.file_key, item.file_name, item.content_type)
