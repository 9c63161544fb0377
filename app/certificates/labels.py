"""The words users see for the certificates area's codes: refusals, credential checks, revocation
reasons and levels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.certificates.vocab import Refusal, RevocationReason
from app.frameworks.labels import LEVEL_LABELS

REFUSALS = {
    Refusal.NOTHING_TO_CERTIFY: _l(
        "There is nothing to certify: the case has no verified, achieved units that are not "
        "already on a valid certificate."
    ),
    Refusal.REPLACES_NOT_REVOKED: _l("Only a revoked certificate of this case can be corrected."),
    Refusal.ALREADY_REPLACED: _l("That revoked certificate has already been corrected."),
    Refusal.ALREADY_REVOKED: _l("The certificate is already revoked."),
    Refusal.NOTE_REQUIRED: _l("Explain why the certificate is revoked."),
    Refusal.LOGO_NOT_IMAGE: _l("The logo must be a PNG or JPEG image that can be opened."),
    Refusal.LOGO_TOO_LARGE: _l(
        "The logo is too large: at most %(kilobytes)s kB and %(pixels)s pixels on a side."
    ),
}

CREDENTIAL_PROBLEMS = {
    "empty": _l("Paste a credential or choose the file you downloaded."),
    "not_jwt": _l(
        "This is not a signed credential: it should be one long line of three parts separated "
        "by dots, as in the downloaded .jwt file."
    ),
    "unsupported": _l("The credential is signed in a way this service does not issue."),
    "unknown_issuer": _l("The credential was not signed by an issuer known to this service."),
    "bad_signature": _l(
        "The signature does not match: the credential has been changed after it was issued, "
        "or it was not issued here. Do not trust its content."
    ),
    "not_credential": _l("The signed content is not a credential."),
    "issuer_mismatch": _l("The credential names another issuer than the one that signed it."),
    "unknown_certificate": _l("The credential refers to a certificate this service does not know."),
}

REASON_LABELS = {
    RevocationReason.ISSUED_IN_ERROR: _l("Issued in error"),
    RevocationReason.WRONG_DETAILS: _l("Wrong personal details"),
    RevocationReason.DECISION_CHANGED: _l("An assessment decision was corrected"),
    RevocationReason.MISCONDUCT: _l("Irregularity in the assessment"),
    RevocationReason.OTHER: _l("Other reason"),
}


def level_label(level: str) -> str:
    """A unit's level in words (`Nivå 2`), or the stored value if the level is unknown."""
    label = next((text for key, text in LEVEL_LABELS.items() if key == level), None)
    return str(label) if label is not None else level
