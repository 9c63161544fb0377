"""The words users see for the shared vocabulary of `app/vocab.py`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.vocab import Role

ROLE_LABELS = {
    Role.ADMIN: _l("Municipality administrator"),
    Role.SYSTEM_ADMIN: _l("System administrator"),
    Role.COACH: _l("Coach"),
    Role.ASSESSOR: _l("Assessor"),
    Role.INTERNAL_VERIFIER: _l("Internal verifier"),
    Role.EXTERNAL_VERIFIER: _l("External quality assurer"),
    Role.EMPLOYER: _l("Employer"),
    Role.REGIONAL: _l("Regional reader"),
    Role.MANAGER: _l("Manager"),
    Role.PARTICIPANT: _l("Participant"),
}

# Refusals any area may raise (`app.refusals.Refused`); each area words its own in its labels.py.
REFUSALS = {
    "edit_conflict": _l(
        "Someone else saved this after you opened the page, so your change was not saved. "
        "The page now shows the saved version: check it and make your change again."
    ),
    "upload_empty": _l("The file is empty."),
    "upload_too_large": _l("The file is larger than 10 MB."),
    "upload_type": _l("Only PDF, JPEG and PNG files can be uploaded."),
    "upload_mismatch": _l(
        "The file's content does not match its name: check that it is the right file."
    ),
}
