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
}
