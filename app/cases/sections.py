"""The sections of a case's pages: which section of the case layout each page belongs to.

One list for the case header's section navigation (`templates/cases/_case_header.html` marks
the current section) and for the main menu, where every page of a case belongs to "Cases"
(`nav_item(..., claims=CASE_PAGES)`). Plain Python: endpoints are names, not imports.
"""

from __future__ import annotations

# endpoint -> the section of the case it belongs to
SECTION_OF: dict[str, str] = {
    "cases.case": "case",
    "cases.details": "case",
    "cases.close": "case",
    "cases.pause": "case",
    "cases.reassign": "case",
    "cases.transfer": "case",
    "cases.summons": "case",
    # Recording a placement moves the case to placed, a step of the overview's next steps.
    "employers.placement_new": "case",
    "cases.journal": "journal",
    "cases.plan": "plan",
    "cases.adaptations": "adaptations",
    "mapping.case": "mapping",
    "mapping.show": "mapping",
    "mapping.gaps": "mapping",
    "mapping.summary": "mapping",
    "mapping.unit": "mapping",
    "mapping.evidence_new": "mapping",
    "assessments.case_overview": "assessments",
    "assessments.plan": "assessments",
    "assessments.training": "assessments",
    "assessments.sign": "assessments",
    "certificates.case_certificates": "certificates",
    "reports.case_funding": "funding",
}

CASE_PAGES: tuple[str, ...] = tuple(SECTION_OF)

# The pages of a referral or an incoming transfer, reached from the referrals' inbox.
REFERRAL_PAGES: tuple[str, ...] = (
    "cases.referral",
    "cases.referral_new",
    "cases.referral_edit",
    "cases.duplicate",
    "cases.incoming",
)


def section_of(endpoint: str | None) -> str | None:
    """The case section the endpoint's page belongs to, or None."""
    return SECTION_OF.get(endpoint or "")
