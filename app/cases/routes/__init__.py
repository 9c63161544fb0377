"""Views of the cases area, one module per part of a coach's work."""

from app.cases import hooks  # noqa: F401 - registers the home panels
from app.cases.routes import (  # noqa: F401 - each module attaches its views to the bp
    case,
    caseload,
    participants,
    referrals,
    transfers,
    work,
)
