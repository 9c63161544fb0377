"""What the employers area tells other areas: employers' access to certificates."""

from __future__ import annotations

from app.certificates.access import employer_certificate_access
from app.employers.queries import is_candidate
from app.employers.services.introductions import has_accepted_introduction


@employer_certificate_access
def introduced(user, certificate) -> bool:
    """An employer may download a certificate of a candidate who accepted its introduction,
    while the candidate still shares their profile with employers."""
    return has_accepted_introduction(user.employer_id, certificate.participant_id) and (
        is_candidate(certificate.participant_id)
    )
