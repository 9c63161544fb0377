"""Mail: messages are stored with the transaction that sends them and sent by the job queue.

    text, html = render_mail("auth/mail/welcome", user.email, subject=subject, **context)
    send_on_commit(message(user.email, subject, text, html))   # in a service

Every mail extends one layout (`templates/mail/layout.*`) with the footer of the municipality it
is sent for, and comes from that municipality's sender name (`senders.py`); a message may carry
an invitation to a calendar event (`message(..., calendar=ics)`, `backend.py`).

`send_on_commit` writes the message to `outgoing_mails` in the current transaction; once it
commits, the job `tasks.send_mail` sends it over SMTP from the worker, trying again with longer
waits while the server is down (`app/mail/tasks.py`). A message that could not be sent after the
last try is listed for the administrators at `/admin/mail/failed`, where it can be sent again.
Where mail goes (MAIL_SERVER, or files without one) is set by `backend.configure`.
"""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.areas import load
from app.mail import access, labels, tasks
from app.mail.backend import configure, mail, message
from app.mail.senders import render_mail
from app.mail.services import send_on_commit
from app.permissions import rule
from app.queue import declare
from app.vocab import Role
from app.web import refusal_words

__all__ = ["bp", "configure", "init_app", "mail", "message", "render_mail", "send_on_commit"]

bp = Blueprint("mail", __name__, url_prefix="/admin/mail")


def init_app(app: Flask) -> None:
    """Choose where mail goes; register the area's rule, administration card, jobs and views."""
    from app.main.home import admin_link

    configure(app)
    rule(app, "mail.failed", Role.SYSTEM_ADMIN, Role.ADMIN, scope=access.sees_mail)
    admin_link(
        app,
        "mail.failed",
        _l("Undelivered mail"),
        _l("Mail that could not be sent, with the reason, to be sent again."),
    )
    declare(app, tasks.send_mail, tasks.revive_mails, tasks.prune_sent_mails)
    load(__name__, "routes")
    refusal_words(app, labels.REFUSALS)
    app.register_blueprint(bp)
