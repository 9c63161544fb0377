"""Gate: every answer that shows a participant has written an audit line naming them.

Every GET route is asked as each role, for every object the access table lets that role see
(the access matrix's requests, tests/gates/matrix.py), over the demo data. What counts as
showing someone is said in tests/gates/shown.py; the line must name the participant
(`participant_id`) and be written by that request. A new route or role is covered as soon as it
is in the access table.
"""

from __future__ import annotations

import pytest

from tests.gates.access_table import TABLE
from tests.gates.demo import ROLES
from tests.gates.matrix import one_by_one, probes
from tests.gates.shown import People, last_audit_id, unaudited


def unlogged_reads(app, client, demo, role: str, table=TABLE, endpoints=None) -> list[str]:
    """Each answer to `role` that shows someone no audit line of its request names."""
    people = People.of_database()
    pages = [
        p for p in probes(app, demo, role, table, endpoints) if p.method == "GET" and p.want == 200
    ]
    problems = []
    for probe in one_by_one(client, pages):
        last_id = last_audit_id()
        response = client.get(probe.url)
        missing = unaudited(response, people, last_id)
        response.close()
        if missing:
            shown = ", ".join(
                f"{mark!r} (participant {sorted(ids)})" for mark, ids in missing.items()
            )
            problems.append(f"GET {probe.url} ({probe.endpoint}) shows {shown}")
    return problems


def test_the_demo_data_shows_people_to_the_gate(app, act_as, demo):
    """The gate looks for what the pages really show (guards the gate itself)."""
    client = act_as("coach")
    last_id = last_audit_id()
    found = People.of_database().in_text(client.get("/cases/?who=all").get_data(as_text=True))
    assert len(found) >= 5, "the caseload shows no demo participant the gate can recognise"
    assert last_id < last_audit_id()


@pytest.mark.parametrize("role", ROLES)
def test_every_read_of_a_participant_is_logged(app, act_as, demo, role):
    problems = unlogged_reads(app, act_as(role), demo, role)
    assert not problems, (
        f"As {role}, {len(problems)} answers show a participant without an audit line naming "
        "them (record/record_many in app/audit.py):\n" + "\n".join(problems)
    )
