"""The coach's part of My pages (giving and ending access, a code to hand over) and the
administrator's setting of how participants sign in."""

from flask import redirect, render_template, url_for
from flask_babel import gettext as _

from app.cases.models import Participant
from app.permissions import permission
from app.portal import bp, queries, records, services
from app.portal.forms import SettingsForm
from app.portal.vocab import Refusal
from app.refusals import Refused
from app.web import commit, load, me, save, show_refused


def _participant_page(participant: Participant) -> str:
    return url_for("cases.participant", participant_id=participant.id) + "#my-pages"


@bp.post("/participants/<int:participant_id>/access")
@permission("portal.give_access")
def give_access(participant_id: int):
    """Give the participant access to My pages ("Ge tillgång till Mina sidor")."""
    item = load(Participant, participant_id, "portal.give_access", visible="participant.view")
    return save(
        lambda: services.give_access(item, me()),
        _("The participant now has access to My pages."),
        _participant_page(item),
    )


@bp.post("/participants/<int:participant_id>/access/end")
@permission("portal.give_access")
def end_access(participant_id: int):
    """End the participant's access to My pages: their sessions and codes end at once."""
    item = load(Participant, participant_id, "portal.give_access", visible="participant.view")
    return save(
        lambda: services.end_access(item, me()),
        _("The participant's access to My pages has ended."),
        _participant_page(item),
    )


@bp.post("/participants/<int:participant_id>/code")
@permission("portal.give_access")
def hand_over(participant_id: int):
    """A one-time code to read out to the participant in person (shown once, never stored)."""
    item = load(Participant, participant_id, "portal.give_access", visible="participant.view")
    if not services.has_access(item):
        show_refused(Refused(Refusal.NO_ACCESS))
        return redirect(_participant_page(item))
    code = commit(lambda: services.hand_over_code(item, me()))
    minutes = int(services.CODE_VALID_FOR.total_seconds() // 60)
    return render_template("portal/handed_over.html", participant=item, code=code, minutes=minutes)


@bp.route("/settings", methods=["GET", "POST"])
@permission("portal.settings")
def settings():
    """How the municipality's participants may sign in besides e-ID."""
    town = me().municipality_id
    shown = {"mail_codes": queries.mail_codes_on(town), "reader_names": records.shows_names(town)}
    form = SettingsForm(data=shown)
    if form.validate_on_submit():

        def change():
            services.save_settings(town, form.mail_codes.data, me())
            records.save_log_policy(town, form.reader_names.data, me())

        done = save(
            change,
            _("The settings were saved."),
            url_for("portal.settings"),
            form=form,
        )
        if done:
            return done
    return render_template("portal/settings.html", form=form)
