"""The municipality administrator's page: the name and the logo its certificates show."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.certificates import appearance as service
from app.certificates import bp
from app.certificates.forms import AppearanceForm
from app.certificates.routes.helpers import logo_url
from app.permissions import permission
from app.web import me, save

READ_LIMIT = service.MAX_BYTES + 1  # one byte more tells a file that is too large


@bp.route("/certificates/appearance", methods=["GET", "POST"])
@permission("certificate.appearance")
def appearance():
    """Set the name certificates print for the municipality, and its logo."""
    municipality = current_user.municipality
    form = AppearanceForm(obj=municipality)
    if form.validate_on_submit():
        done = save(
            lambda: service.save_appearance(
                municipality,
                me(),
                form.display_name.data,
                _uploaded(form),
                form.remove_logo.data,
            ),
            _("The certificates' appearance is saved. New certificates show it."),
            url_for("certificates.appearance"),
            form=form,
        )
        if done:
            return done
    return render_template(
        "certificates/appearance.html",
        form=form,
        municipality=municipality,
        logo_url=logo_url(municipality),
    )


def _uploaded(form: AppearanceForm) -> bytes | None:
    """The chosen file's bytes (checked by the service), or None when none was chosen.

    Called inside `save`, so a file that is too large is refused at the field."""
    upload = request.files.get(form.logo.name)
    if upload is None or not upload.filename:
        return None
    data = upload.read(READ_LIMIT)
    if len(data) >= READ_LIMIT:
        raise service.too_large()
    return data
