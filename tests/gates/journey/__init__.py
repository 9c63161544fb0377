"""The whole journey through the user interface, as the people would walk it.

`STEPS` lists the journey in order; each step is a function of the `Journey` (in `base`), which
holds one browser page per person and what earlier steps left for later ones (`journey.state`).
A step acts only through what a person sees: links, buttons and labels found by their text in
the run's language (`journey.t("Save")` is "Spara" in the Swedish run), and each person logs in
at the start of a step and out at its end. An area adds its part by appending its steps to
`STEPS`, after the steps it builds on.

- `arrival`: the first logins, the language, the administrators' set-up (the system
  administrator adds a municipality and its administrator, who adds a coach; each new person
  chooses a password with the welcome link in their mail), a referral accepted;
- `second_factor`: the new coach adds an authenticator app and signs in with its code, and at
  the end of the journey with a recovery code;
- `validation`: intake with consent, mapping with an uploaded file, a practical and a
  theoretical assessment, the decision, internal verification, the certificate and its public
  check;
- `matching`: the employer's need, the pseudonym the coach sees that employer knows the
  participant by, the pseudonymised candidate, the introduction the
  participant accepts, the placement, and the case closed;
- `notifications`: the coach told of a new referral in the header, the list and by mail; the
  assessor's mail about the planned assessments, with their calendar invitations;
- `portal`: the coach gives the demo participant a code in person; the participant signs in
  with it and sees their next meeting, their plan and the note the coach shared;
- `records`: the demo participant sees their certificate, downloads it and checks its link,
  and withdraws a consent (the coach is told);
- `learning`: the participant says what they can do and sends a photo; the coach, told of it,
  accepts it and refuses an earlier certificate with a reason the participant reads;
- `privacy`: the administrator reviews the month's access log and sets the retention rule.
- `reports`: an ESF project, the case tagged with it, the month's ESF list, the regional view.
"""

from __future__ import annotations

from tests.gates.journey.arrival import (
    a_person_switches_language,
    administrators_open_accounts_in_kramfors,
    coach_accepts_a_referral,
    everyone_logs_in_and_accepts_the_terms,
    system_admin_creates_a_municipality,
)
from tests.gates.journey.base import Journey, Step, catalogue
from tests.gates.journey.learning import (
    coach_accepts_the_photo_and_refuses_the_certificate,
    participant_says_what_they_can_do_and_sends_a_photo,
)
from tests.gates.journey.matching import (
    coach_finds_the_pseudonym_the_employer_knows,
    coach_records_a_placement_and_closes_the_case,
    coach_records_the_acceptance,
    coach_starts_matching,
    employer_describes_a_need,
    employer_finds_the_candidate_and_asks_for_an_introduction,
    employer_sees_the_name,
)
from tests.gates.journey.notifications import (
    admin_registers_a_referral_and_the_coach_is_told,
    the_assessor_has_the_planned_assessments_by_mail_with_invitations,
)
from tests.gates.journey.portal import (
    participant_signs_in_with_the_coachs_code_and_sees_their_plan,
)
from tests.gates.journey.privacy import admin_reviews_the_access_log_and_sets_the_retention_rule
from tests.gates.journey.records import (
    participant_sees_their_certificate,
    participant_withdraws_a_consent_and_the_coach_is_told,
)
from tests.gates.journey.reports import (
    admin_adds_an_esf_project_and_the_coach_tags_the_case,
    admin_makes_the_esf_list,
    regional_reader_sees_the_region_without_names,
)
from tests.gates.journey.second_factor import (
    a_person_enrols_a_second_factor_and_signs_in_with_it,
    the_person_signs_in_with_a_recovery_code,
)
from tests.gates.journey.validation import (
    anyone_checks_the_certificate,
    assessor_records_the_results_and_decides,
    coach_issues_the_certificate_and_downloads_it,
    coach_maps_the_case_with_evidence,
    coach_plans_a_practical_and_a_theoretical_assessment,
    coach_registers_the_participant_with_consent,
    verifier_verifies_the_decision,
)

__all__ = ["STEPS", "Journey", "Step", "catalogue"]

STEPS: list[Step] = [
    everyone_logs_in_and_accepts_the_terms,
    a_person_switches_language,
    participant_signs_in_with_the_coachs_code_and_sees_their_plan,
    participant_sees_their_certificate,
    participant_withdraws_a_consent_and_the_coach_is_told,
    participant_says_what_they_can_do_and_sends_a_photo,
    coach_accepts_the_photo_and_refuses_the_certificate,
    system_admin_creates_a_municipality,
    administrators_open_accounts_in_kramfors,
    a_person_enrols_a_second_factor_and_signs_in_with_it,
    coach_accepts_a_referral,
    admin_registers_a_referral_and_the_coach_is_told,
    coach_registers_the_participant_with_consent,
    coach_maps_the_case_with_evidence,
    coach_plans_a_practical_and_a_theoretical_assessment,
    the_assessor_has_the_planned_assessments_by_mail_with_invitations,
    assessor_records_the_results_and_decides,
    verifier_verifies_the_decision,
    coach_issues_the_certificate_and_downloads_it,
    anyone_checks_the_certificate,
    coach_starts_matching,
    employer_describes_a_need,
    coach_finds_the_pseudonym_the_employer_knows,
    employer_finds_the_candidate_and_asks_for_an_introduction,
    coach_records_the_acceptance,
    employer_sees_the_name,
    coach_records_a_placement_and_closes_the_case,
    admin_reviews_the_access_log_and_sets_the_retention_rule,
    admin_adds_an_esf_project_and_the_coach_tags_the_case,
    admin_makes_the_esf_list,
    regional_reader_sees_the_region_without_names,
    the_person_signs_in_with_a_recovery_code,
]
