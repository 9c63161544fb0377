"""The API's vocabulary: the scopes a client may hold (plain Python)."""

from __future__ import annotations

import enum


class Scope(enum.StrEnum):
    """What a client may do; each API operation declares the one it needs."""

    REFERRALS_WRITE = "referrals:write"
    CASES_READ = "cases:read"
    CERTIFICATES_READ = "certificates:read"
    STATISTICS_READ = "statistics:read"
    FRAMEWORKS_READ = "frameworks:read"
    FRAMEWORKS_WRITE = "frameworks:write"
    WEBHOOKS_WRITE = "webhooks:write"


class Refusal(enum.StrEnum):
    """Why the API's services say no."""

    NO_SCOPE = "no_scope"
    UNKNOWN_MUNICIPALITY = "unknown_municipality"
