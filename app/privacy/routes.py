"""Views of the data-protection area."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta

import sqlalchemy as sa
from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin.forms import AuditFilterForm
from app.admin.services import audit_query
from app.cases.access import shows_identity
from app.cases.models import Case, Participant
from app.cases.services.lookup import find_participant
from app.db import today
from app.extensions import db
from app.permissions import can, permission
from app.privacy import bp, labels, services
from app.privacy.anonymise import erasure_overview
from app.privacy.coverage import rows_of
from app.privacy.export import TABLE_LABELS
from app.privacy.forms import (
    MONTH,
    EraseForm,
    ExportForm,
    FindParticipantForm,
    RetentionForm,
    ReviewForm,
)
from app.privacy.logreview import flags_between, month_bounds
from app.privacy.models import LogReview
from app.privacy.retention import due_participants, keeping_reason
from app.privacy.summary import shown
from app.web import commit, load, me, save, seen, seen_many

CSV_COLUMNS = ("at", "actor", "action", "object_type", "object_id", "participant_id", "ip")


def _previous(month: date) -> date:
    return (month.replace(day=1) - timedelta(days=1)).replace(day=1)


def _following(month: date) -> date | None:
    following = (month.replace(day=1) + timedelta(days=32)).replace(day=1)
    return following if following <= today() else None


def _months(count: int = 12) -> list[date]:
    months = [today().replace(day=1)]
    while len(months) < count:
        months.append(_previous(months[-1]))
    return months


def _index_page(find: FindParticipantForm | None = None):
    rule = services.retention_rule(current_user.municipality_id)
    reviews = {
        r.month: r
        for r in db.session.scalars(
            sa.select(LogReview).where(
                LogReview.municipality_id == current_user.municipality_id,
                LogReview.month >= _months()[-1],
            )
        )
    }
    return render_template(
        "privacy/index.html",
        find=find or FindParticipantForm(),
        rule=rule,
        months=_months(),
        reviews=reviews,
    )


@bp.get("/")
@permission("privacy.log")
def index():
    """The data-protection overview: reviews of the log, retention, a participant's data."""
    return _index_page()


@bp.post("/participants/find")
@permission("privacy.participant")
def find():
    """Find a participant by personal number and open their data-protection page."""
    form = FindParticipantForm()
    if form.validate_on_submit():
        # The search's line in the access log is kept whether it finds someone or not.
        number, municipality_id = form.personal_number.parsed, current_user.municipality_id
        found = commit(lambda: find_participant(number, municipality_id, "privacy"))
        if found is not None and can(current_user, "privacy.participant", found):
            return redirect(url_for("privacy.participant", participant_id=found.id))
        form.personal_number.errors.append(
            _("No participant of your municipality has this number.")
        )
    return _index_page(find=form)


def _participant_page(participant: Participant, export_form: ExportForm | None = None):
    rows = rows_of(db.session, db.metadata, participant.id)
    counts = [
        (TABLE_LABELS.get(name, name), len(items))
        for name, items in rows.items()
        if items and shown(name)
    ]
    cases = db.session.scalars(
        sa.select(Case).where(Case.participant_id == participant.id).order_by(Case.id)
    ).all()
    refusal = keeping_reason(participant)
    return render_template(
        "privacy/participant.html",
        participant=participant,
        shows_name=shows_identity(current_user, participant),
        cases=cases,
        counts=counts,
        refusal=labels.REFUSALS.get(refusal) if refusal else None,
        export_form=export_form or ExportForm(),
    )


@bp.get("/participants/<int:participant_id>")
@permission("privacy.participant")
def participant(participant_id: int):
    """What is stored about a participant, the export, and erasure on request."""
    person = load(Participant, participant_id, "privacy.participant")
    seen("privacy.participant_viewed", person, participant_id=person.id)
    return _participant_page(person)


@bp.post("/participants/<int:participant_id>/export")
@permission("privacy.participant")
def export(participant_id: int):
    """Download everything stored about the participant as a ZIP (logged)."""
    person = load(Participant, participant_id, "privacy.participant")
    form = ExportForm()
    if not form.validate_on_submit():
        return _participant_page(person, export_form=form)
    language = form.language.data
    made = commit(lambda: services.export_participant(person, me(), language))
    response = Response(made.content, mimetype="application/zip")
    name = f"registerutdrag-{person.id}-{today().isoformat()}.zip"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _erase_page(participant: Participant, form: EraseForm):
    """The confirmation page of an erasure: what goes, what stays, the reason and the tick."""
    refusal = keeping_reason(participant)
    return render_template(
        "privacy/erase.html",
        participant=participant,
        shows_name=shows_identity(current_user, participant),
        form=form,
        tables=TABLE_LABELS,
        **erasure_overview(rows_of(db.session, db.metadata, participant.id)),
        refusal=labels.REFUSALS.get(refusal) if refusal else None,
    )


@bp.route("/participants/<int:participant_id>/erase", methods=["GET", "POST"])
@permission("privacy.participant")
def erase(participant_id: int):
    """Erase (anonymise) a participant on request, after a page that says what goes and what
    stays and a confirmation; unless the law requires keeping the data."""
    person = load(Participant, participant_id, "privacy.participant")
    form = EraseForm()
    if request.method != "POST":  # GET or HEAD: only the page, never the erasure
        seen("privacy.participant_viewed", person, participant_id=person.id)
        return _erase_page(person, form)
    # Data the law keeps is refused whatever the form says: the page showed why and offered
    # no form, and a stale page still gets the reason.
    if keeping_reason(person) is None and not form.validate_on_submit():
        return _erase_page(person, form)
    page = url_for("privacy.participant", participant_id=participant_id)
    return save(
        lambda: services.erase_participant(person, form.reason.data, me()),
        _("The participant's data was erased. Statistics and certificates remain."),
        page,
    )


@bp.route("/retention", methods=["GET", "POST"])
@permission("privacy.retention")
def retention():
    """The municipality's retention rule, and the participants now due for anonymisation."""
    municipality_id = current_user.municipality_id
    if municipality_id is None:
        abort(404)
    rule = services.retention_rule(municipality_id)
    form = RetentionForm(obj=rule)
    if form.validate_on_submit():
        return save(
            lambda: services.save_retention_rule(municipality_id, form.years.data, me()),
            _("The retention rule was saved."),
            url_for("privacy.retention"),
        )
    due = due_participants(today(), municipality_id)
    people = db.session.scalars(
        sa.select(Participant).where(Participant.id.in_([d.participant_id for d in due]))
    )
    names = {p.id: p.full_name for p in people if shows_identity(current_user, p)}
    if names:
        seen_many("privacy.retention_viewed", None, list(names))
    return render_template(
        "privacy/retention.html", form=form, rule=rule, due=due, today=today(), names=names
    )


@bp.post("/retention/run")
@permission("privacy.retention")
def retention_run():
    """Start the retention run of the administrator's municipality now, on the job queue."""
    municipality_id = current_user.municipality_id
    if municipality_id is None:
        abort(404)
    return save(
        lambda: services.start_retention_run(municipality_id, me()),
        _(
            "The retention run has started. The participants who are due are anonymised in "
            "a moment; reload the page to see the list."
        ),
        url_for("privacy.retention"),
    )


def _month(value: str | None) -> date:
    if value and re.match(MONTH, value):
        return date(int(value[:4]), int(value[5:7]), 1)
    return today().replace(day=1)


@bp.route("/review", methods=["GET", "POST"])
@permission("privacy.log")
def review():
    """A month of the access log: flags for unusual reading, and marking the month reviewed."""
    form = ReviewForm()
    month = _month(form.month.data if request.method == "POST" else request.args.get("month"))
    flags = flags_between(*month_bounds(month), current_user.municipality_id)
    if form.validate_on_submit():
        done = save(
            lambda: services.mark_month_reviewed(month, form.comment.data, len(flags), me()),
            _("The month was marked as reviewed."),
            url_for("privacy.review", month=month.strftime("%Y-%m")),
            form=form,
        )
        if done:
            return done
    return _review_page(form, month, flags)


def _review_page(form: ReviewForm, month: date, flags: list):
    """The review page of a month: its flags, whether it was reviewed, the form to mark it."""
    form.month.data = month.strftime("%Y-%m")
    done = services.log_review(current_user.municipality_id, month)
    return render_template(
        "privacy/review.html",
        form=form,
        month=month,
        flags=flags,
        kinds=labels.FLAG_KINDS,
        done=done,
        previous=_previous(month),
        following=_following(month),
        last_day=(month + timedelta(days=32)).replace(day=1) - timedelta(days=1),
    )


def _log_form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    return form if form.validate() else AuditFilterForm(formdata=None)


@bp.get("/log")
@permission("privacy.log")
def log():
    """The access log is the audit log's page now: the old address leads there."""
    return redirect(url_for("admin.audit", **request.args), code=301)


@bp.get("/log.csv")
@permission("privacy.log")
def log_csv():
    """The filtered access log as CSV (the export itself is logged)."""
    lines = db.session.scalars(audit_query(_log_form(), current_user)).all()
    content = _csv(lines)
    seen("privacy.log_exported", details={"filters": dict(request.args), "lines": len(lines)})
    response = Response(content, mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="loggbok.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _csv(lines) -> str:
    """The log's lines as CSV, with their details as JSON."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*CSV_COLUMNS, "details"])
    for line in lines:
        values = [getattr(line, c) for c in CSV_COLUMNS]
        values[0] = line.at.isoformat()
        details = json.dumps(line.details, ensure_ascii=False) if line.details else ""
        writer.writerow([_cell(v) for v in values] + [_cell(details)])
    return out.getvalue()


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
