"""The words users see for the accessibility statement's codes."""

from flask_babel import lazy_gettext as _l

from app.main.vocab import Compliance

# The compliance status, as the administrator chooses it and as the statement says it.
COMPLIANCE = {
    Compliance.FULL: _l("Fully compliant"),
    Compliance.PARTIAL: _l("Partially compliant"),
    Compliance.NONE: _l("Not compliant"),
}
COMPLIANCE_SENTENCES = {
    Compliance.FULL: _l(
        "%(municipality)s considers that Validera fully complies with the Act on accessibility "
        "of digital public services."
    ),
    Compliance.PARTIAL: _l(
        "%(municipality)s considers that Validera partially complies with the Act on "
        "accessibility of digital public services, because of the shortcomings described below."
    ),
    Compliance.NONE: _l(
        "%(municipality)s considers that Validera does not comply with the Act on accessibility "
        "of digital public services, because of the shortcomings described below."
    ),
}
