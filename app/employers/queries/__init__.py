"""The employers area's reads: who is a candidate, matching in the database, and the lists its
pages show (`organisations.py`: employers, their needs and contacts; `introductions.py`).

Who employers may see is `candidate_condition()`. Matching reads it, with each participant's
strongest evidence per unit, from `participant_units`, which the same transaction as every
write recomputes from this condition and `best_evidence` (`app/employers/summaries.py`): a
withdrawn consent, a closed case or a protected identity without the participant's explicit
agreement removes the candidate at once. Matching aggregates evidence with GROUP BY in the
database and returns one page with its total in one statement, so the number of queries and
the rows loaded do not grow with the number of candidates.

The matching statements are built once per shape, with bound parameters for everything a
request changes: building and hashing statements of this size cost more than running them.
"""

from app.employers.queries.candidates import (
    CANDIDATE_STAGES,
    candidate_condition,
    candidates_among,
    is_candidate,
    level_rank,
    municipality_candidates,
)
from app.employers.queries.introductions import (
    inbox_of,
    introductions_between,
    introductions_for,
    introductions_of,
    requests_of,
    valid_certificates,
)
from app.employers.queries.needs import (
    needs_by_id,
    needs_for_participant,
    needs_for_participant_page,
    needs_for_participant_query,
    participant_evidence_for_needs,
    shown_with_need,
    shown_with_participant,
)
from app.employers.queries.organisations import (
    contacts_with,
    employers_near,
    employers_near_query,
    municipality_choices,
    needs_of,
    open_need_counts,
    open_needs,
    open_needs_of_employers,
    people_of,
    placements_at,
)
from app.employers.queries.ranking import (
    Filters,
    evidence_for_need,
    need_match_page,
    need_match_query,
    need_matches,
)

__all__ = [
    "CANDIDATE_STAGES",
    "Filters",
    "candidate_condition",
    "candidates_among",
    "contacts_with",
    "employers_near",
    "employers_near_query",
    "evidence_for_need",
    "inbox_of",
    "introductions_between",
    "introductions_for",
    "introductions_of",
    "is_candidate",
    "level_rank",
    "municipality_candidates",
    "municipality_choices",
    "need_match_page",
    "need_matches",
    "need_match_query",
    "needs_by_id",
    "needs_for_participant",
    "needs_for_participant_page",
    "needs_for_participant_query",
    "needs_of",
    "open_need_counts",
    "open_needs",
    "open_needs_of_employers",
    "participant_evidence_for_needs",
    "shown_with_need",
    "shown_with_participant",
    "people_of",
    "placements_at",
    "requests_of",
    "valid_certificates",
]
