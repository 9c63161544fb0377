"""Probable duplicates (merge or dismiss) and a reserve identity's personal number."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _

from app.cases import bp
from app.cases.forms import NumberForm, VersionedForm
from app.cases.models import Participant, ProbableDuplicate
from app.cases.services import duplicates as ops
from app.cases.services.identities import merge_identity, registered_with
from app.permissions import login_required, permission
from app.web import load, me, save, seen, seen_many


def _participant_url(participant_id: int) -> str:
    return url_for("cases.participant", participant_id=participant_id)


def _duplicate_url(item: ProbableDuplicate) -> str:
    return url_for("cases.duplicate", duplicate_id=item.id)


@bp.get("/duplicates/<int:duplicate_id>")
@permission("duplicate.decide")
def duplicate(duplicate_id: int):
    """A probable duplicate: both participants side by side, and the choice to merge them or
    say they are different people."""
    item = load(ProbableDuplicate, duplicate_id, "duplicate.decide")
    kept, merged = ops.kept_and_merged(item)
    seen_many("participant.duplicate_shown", item, [kept.id, merged.id])
    form = VersionedForm(formdata=None, version=item.version)
    return render_template("cases/duplicate.html", item=item, kept=kept, merged=merged, form=form)


@bp.post("/duplicates/<int:duplicate_id>/merge")
@permission("duplicate.decide")
def duplicate_merge(duplicate_id: int):
    """The same person: merge the two into one, the history whole."""
    item = load(ProbableDuplicate, duplicate_id, "duplicate.decide")
    version = VersionedForm().version.data
    return save(
        lambda: ops.merge_duplicate(item, version, me()),
        _("The two were merged into one participant."),
        lambda kept: _participant_url(kept.id),
        back=_duplicate_url(item),
    )


@bp.post("/duplicates/<int:duplicate_id>/dismiss")
@permission("duplicate.decide")
def duplicate_dismiss(duplicate_id: int):
    """Not the same person: the flag goes, and the pair is not asked about again."""
    item = load(ProbableDuplicate, duplicate_id, "duplicate.decide")
    version = VersionedForm().version.data
    return save(
        lambda: ops.dismiss_duplicate(item, version, me()),
        _("Marked as different people."),
        _participant_url(item.participant_id),
        back=_duplicate_url(item),
    )


@bp.route("/participants/<int:participant_id>/personal-number", methods=["GET", "POST"])
@login_required
def personal_number(participant_id: int):
    """Give a reserve identity the personal number the person got: type it, see whom it names
    (the confirmation step), then merge."""
    item = load(Participant, participant_id, "participant.edit", visible="participant.view")
    form = NumberForm(version=item.version)
    target, checked = None, False
    if form.validate_on_submit():
        number, checked = form.personal_number.parsed, True
        target = registered_with(number, item)
        shown = str(target.id) if target else "new"
        if form.confirmed.data == shown:
            done = save(
                lambda: _merge(item, form),
                _("The participant has the personal number."),
                lambda kept: _participant_url(kept.id),
                form=form,
            )
            if done:
                return done
            form.version.data = item.version  # refused: the page now shows what is stored
        form.confirmed.data = shown
    _log_shown(item, target)
    context = {"participant": item, "form": form, "target": target, "checked": checked}
    return render_template("cases/personal_number.html", **context)


def _log_shown(item: Participant, target: Participant | None) -> None:
    if request.method == "GET":
        seen("participant.viewed", item, participant_id=item.id)
    if target is not None:
        seen("participant.registered_shown", target, participant_id=target.id)


def _merge(item: Participant, form: NumberForm) -> Participant:
    number, version = form.personal_number.parsed, form.version.data
    return merge_identity(item, number, me(), version=version, into=form.confirmed.data)
