"""The words users see for the API's scopes and refusals."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.api.vocab import Refusal, Scope

SCOPE_LABELS = {
    Scope.REFERRALS_WRITE: _l("Send referrals and read their decisions"),
    Scope.CASES_READ: _l("Read cases: stage, dates and outcome"),
    Scope.CERTIFICATES_READ: _l("Read participants' certificates"),
    Scope.STATISTICS_READ: _l("Read statistics (small numbers hidden)"),
    Scope.FRAMEWORKS_READ: _l("Read frameworks"),
    Scope.FRAMEWORKS_WRITE: _l("Import frameworks as drafts"),
    Scope.WEBHOOKS_WRITE: _l("Register and remove its own webhooks"),
}

REFUSALS = {
    Refusal.NO_SCOPE: _l("Choose at least one scope."),
    Refusal.UNKNOWN_MUNICIPALITY: _l("There is no municipality with code %(code)s."),
}
