"""The administrators' list of undelivered mail, and sending one again."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.mail import bp, queries, services
from app.mail.models import OutgoingMail
from app.permissions import permission
from app.web import load, me, save


@bp.get("/failed")
@permission("mail.failed")
def failed():
    """Mail that could not be sent after every try, with the reason."""
    page = db.paginate(queries.failed_mails(current_user))
    return render_template("mail/failed.html", page=page)


@bp.post("/<int:mail_id>/send-again")
@permission("mail.failed")
def send_again(mail_id: int):
    """Send an undelivered message again."""
    item = load(OutgoingMail, mail_id, "mail.failed")
    return save(
        lambda: services.send_again(item, me()),
        _("The mail is on its way again."),
        url_for("mail.failed"),
    )
