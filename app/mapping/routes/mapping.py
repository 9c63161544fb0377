"""The mapping of a case: choosing frameworks, recording per outcome, gaps and the summary."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.cases.models import Case
from app.frameworks.models import Framework
from app.frameworks.services import published_frameworks
from app.mapping import bp, services
from app.mapping.forms import ChooseFrameworkForm, unit_form
from app.mapping.models import Mapping
from app.mapping.plan import activity_description, add_training_to_plan
from app.mapping.routes.helpers import mapping_url, page, read_of, unit_of, whole
from app.mapping.vocab import GapStatus, Judgement, SelfAssessment, Source
from app.permissions import permission
from app.web import load, me, save, seen


def _choose_form(mappings) -> ChooseFrameworkForm:
    form = ChooseFrameworkForm()
    taken = {m.framework_id for m in mappings}
    form.framework.choices = [(0, _("Choose…"))] + [
        (f.id, str(f)) for f in published_frameworks() if f.id not in taken
    ]
    return form


@bp.get("/cases/<int:case_id>")
@permission("mapping.view")
def case(case_id: int):
    """The case's mappings, one per framework version, with their progress."""
    case = load(Case, case_id, "mapping.view")
    mappings = services.mappings_of(case)
    rows = [(m, services.mapping_progress(m)) for m in mappings]
    seen("mapping.case_viewed", case, **read_of(case))
    context = page(case, rows=rows, form=_choose_form(mappings))
    return render_template("mapping/case.html", **context)


@bp.post("/cases/<int:case_id>/frameworks")
@permission("mapping.edit")
def choose(case_id: int):
    """Map the case against a published framework version."""
    case = load(Case, case_id, "mapping.edit", visible="mapping.view")
    back = url_for("mapping.case", case_id=case.id)
    form = _choose_form(services.mappings_of(case))
    if not form.validate_on_submit() or form.framework.data == 0:
        flash(_("Choose a framework."), "error")
        return redirect(back)
    framework = load(Framework, form.framework.data, "framework.view")
    return save(
        lambda: services.start_mapping(case, framework, me()),
        _("The case is now mapped against %(framework)s.", framework=framework),
        mapping_url,
        back=back,
    )


@bp.get("/<int:mapping_id>")
@permission("mapping.view")
def show(mapping_id: int):
    """The mapping: each unit's outcomes with what was recorded, and the evidence."""
    mapping = load(Mapping, mapping_id, "mapping.view", options=whole())
    gaps = dict((unit.id, gap) for unit, gap in services.gap_analysis(mapping))
    progress = services.mapping_progress(mapping)
    context = page(mapping.case, mapping=mapping, gaps=gaps, progress=progress)
    seen("mapping.viewed", mapping, **read_of(mapping.case))
    return render_template("mapping/show.html", **context)


def _answers(form, unit) -> dict[int, dict]:
    answers = {}
    for outcome in unit.outcomes:
        sub = form[f"o{outcome.id}"]
        answers[outcome.id] = {
            "self_assessment": SelfAssessment(sub.self_assessment.data)
            if sub.self_assessment.data
            else None,
            "judgement": Judgement(sub.judgement.data) if sub.judgement.data else None,
            "sources": {Source(s) for s in sub.sources.data or []},
            "notes": sub.notes.data,
        }
    return answers


def _stored(mapping, unit) -> dict:
    data = {}
    for outcome in unit.outcomes:
        entry = mapping.entry_for(outcome.id)
        data[f"o{outcome.id}"] = {
            "self_assessment": entry.self_assessment.value
            if entry and entry.self_assessment
            else None,
            "judgement": entry.judgement.value if entry and entry.judgement else None,
            "sources": [s.value for s in entry.sources] if entry else [],
            "notes": entry.notes if entry else "",
        }
    return data


def _unit_form(mapping, unit):
    """The unit's form: as sent, or filled with what the mapping has recorded."""
    if request.method == "POST":
        return unit_form(unit.outcomes, formdata=request.form)
    return unit_form(unit.outcomes, data=_stored(mapping, unit))


@bp.route("/<int:mapping_id>/units/<int:unit_id>", methods=["GET", "POST"])
@permission("mapping.edit")
def unit(mapping_id: int, unit_id: int):
    """Record the mapping of one unit: every learning outcome on one page."""
    mapping = load(Mapping, mapping_id, "mapping.edit", visible="mapping.view")
    unit = unit_of(mapping, unit_id)
    form = _unit_form(mapping, unit)
    if form.validate_on_submit():
        return save(
            lambda: services.record_unit(mapping, unit, _answers(form, unit), me()),
            _("The mapping of %(code)s was saved.", code=unit.code),
            mapping_url(mapping, f"u{unit.id}"),
            back=mapping_url(mapping),
        )
    context = page(mapping.case, mapping=mapping, unit=unit, form=form)
    if request.method == "GET":
        seen("mapping.unit_viewed", mapping, **read_of(mapping.case))
    return render_template("mapping/unit.html", **context)


@bp.post("/<int:mapping_id>/deepen")
@permission("mapping.edit")
def deepen(mapping_id: int):
    """Finish the initial mapping and go on to the deepened one."""
    mapping = load(Mapping, mapping_id, "mapping.edit", visible="mapping.view")
    return save(
        lambda: services.deepen_mapping(mapping, me()),
        _("The deepened mapping has started."),
        mapping_url(mapping),
    )


@bp.get("/<int:mapping_id>/gaps")
@permission("mapping.view")
def gaps(mapping_id: int):
    """Gap analysis per unit: ready, partly or gap; what is missing; training to close it."""
    mapping = load(Mapping, mapping_id, "mapping.view", options=whole())
    rows = [
        (unit, gap, activity_description(unit, gap) if gap.suggestion else None)
        for unit, gap in services.gap_analysis(mapping)
    ]
    context = page(mapping.case, mapping=mapping, rows=rows, GapStatus=GapStatus)
    seen("mapping.gaps_viewed", mapping, **read_of(mapping.case))
    return render_template("mapping/gaps.html", **context)


@bp.post("/<int:mapping_id>/units/<int:unit_id>/plan")
@permission("mapping.edit")
def plan(mapping_id: int, unit_id: int):
    """Add the suggested complementary training for a unit to the development plan."""
    mapping = load(Mapping, mapping_id, "mapping.edit", visible="mapping.view")
    unit = unit_of(mapping, unit_id)
    gap = dict((u.id, g) for u, g in services.gap_analysis(mapping))[unit.id]
    return save(
        lambda: add_training_to_plan(mapping, unit, gap, me()),
        _("The training for %(code)s was added to the development plan.", code=unit.code),
        url_for("mapping.gaps", mapping_id=mapping.id),
    )


@bp.get("/<int:mapping_id>/summary")
@permission("mapping.view")
def summary(mapping_id: int):
    """A printable summary of the mapping, for a meeting with the participant."""
    mapping = load(Mapping, mapping_id, "mapping.view", options=whole())
    context = page(
        mapping.case,
        mapping=mapping,
        rows=services.gap_analysis(mapping),
        progress=services.mapping_progress(mapping),
        GapStatus=GapStatus,
    )
    seen("mapping.summary_viewed", mapping, **read_of(mapping.case))
    return render_template("mapping/summary.html", **context)
