"""The employers area's SQL: who is a candidate, and matching in the database.

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
    is_candidate,
    level_rank,
)
from app.employers.queries.needs import (
    needs_for_participant_page,
    needs_for_participant_query,
    participant_evidence_for_needs,
)
from app.employers.queries.ranking import (
    Filters,
    evidence_for_need,
    need_match_page,
    need_match_query,
)

__all__ = [
    "CANDIDATE_STAGES",
    "Filters",
    "candidate_condition",
    "evidence_for_need",
    "is_candidate",
    "level_rank",
    "need_match_page",
    "need_match_query",
    "needs_for_participant_page",
    "needs_for_participant_query",
    "participant_evidence_for_needs",
]
