"""The pages the benchmark measures, with the ids they need looked up in the dataset."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from benchmarks.measure import Page

COACH = "coach@example.org"
ASSESSOR = "assessor@example.org"
VERIFIER = "verifier@example.org"
EMPLOYER = "employer@example.org"
ADMIN = "admin@example.org"
REGIONAL = "regional@example.org"
SEARCH = "lindq"  # part of a common last name
PER_PAGE = 25

# Each kind of page has its ratio to the floor (issue "speed and scale"): a table page renders
# one table of a page's rows, a home page several panels, the case page a whole case.
TABLE = 5
HOME = 8
CASE = 10
CASE_STATEMENTS = 12
MATCHING = 8
MUNICIPALITY_DASHBOARD = 10
REGION_DASHBOARD = 20


def _one(sql: str, **params):
    from app.extensions import db

    value = db.session.execute(sa.text(sql), params).scalar()
    if value is None:
        raise RuntimeError(f"the dataset has nothing for: {sql}")
    return value


def _user(email: str) -> int:
    return _one("SELECT id FROM users WHERE email = :e", e=email)


def long_case() -> int:
    """The demo coach's open case with the longest journal."""
    return _one(
        "SELECT j.case_id FROM journal_entries j JOIN cases c ON c.id = j.case_id "
        "WHERE c.coach_id = :u AND c.stage <> 'closed' "
        "GROUP BY j.case_id ORDER BY count(*) DESC, j.case_id LIMIT 1",
        u=_user(COACH),
    )


def pages() -> list[Page]:
    """Every measured page (needs an app context)."""
    coach_id = _user(COACH)
    town = _one("SELECT municipality_id FROM users WHERE id = :u", u=coach_id)
    case_id = long_case()
    participant = _one("SELECT participant_id FROM cases WHERE id = :c", c=case_id)
    mapping = _one("SELECT min(id) FROM mappings WHERE case_id = :c", c=case_id)
    assessment = _one(
        "SELECT min(id) FROM assessments WHERE assessor_id = :u AND status <> 'planned'",
        u=_user(ASSESSOR),
    )
    open_cases = _one(
        "SELECT count(*) FROM cases WHERE municipality_id = :m AND stage <> 'closed'", m=town
    )
    deep = max(1, -(-open_cases // PER_PAGE))
    need = _one(
        "SELECT min(n.id) FROM competence_needs n JOIN users u ON u.employer_id = n.employer_id "
        "WHERE u.email = :e AND n.status = 'open'",
        e=EMPLOYER,
    )
    employer = _one("SELECT employer_id FROM users WHERE email = :e", e=EMPLOYER)
    certificate, code = _certificate(town)
    return [
        Page(
            "login (password check included)",
            None,
            "/login",
            method="POST",
            data={"email": COACH, "password": "validera-demo"},
            expect=302,
            floor_ratio=None,  # the password hash alone takes 30 ms, by design
        ),
        Page("home page, coach", COACH, "/", floor_ratio=HOME),
        Page("home page, assessor", ASSESSOR, "/", floor_ratio=HOME),
        Page("caseload, first page", COACH, "/cases/", floor_ratio=TABLE),
        Page("caseload, last page", COACH, f"/cases/?who=all&page={deep}", floor_ratio=TABLE),
        Page("caseload, name search", COACH, f"/cases/?who=all&q={SEARCH}", floor_ratio=TABLE),
        Page(
            "case page, long history",
            COACH,
            f"/cases/{case_id}",
            floor_ratio=CASE,
            max_statements=CASE_STATEMENTS,
        ),
        Page("journal, long history", COACH, f"/cases/{case_id}/journal", floor_ratio=TABLE),
        Page("mapping", COACH, f"/mapping/{mapping}", floor_ratio=TABLE),
        Page("assessments list, coach", COACH, "/assessments/", floor_ratio=TABLE),
        Page("assessments list, assessor", ASSESSOR, "/assessments/", floor_ratio=TABLE),
        Page("assessments of a case", COACH, f"/assessments/cases/{case_id}", floor_ratio=TABLE),
        Page("assessment (assessor)", ASSESSOR, f"/assessments/{assessment}", floor_ratio=TABLE),
        Page("verifier queue", VERIFIER, "/assessments/verification", floor_ratio=TABLE),
        Page(
            "employer's page with its needs", EMPLOYER, f"/employers/{employer}", floor_ratio=TABLE
        ),
        Page(
            "matching for a need",
            EMPLOYER,
            f"/employers/needs/{need}/candidates",
            150,
            floor_ratio=MATCHING,
        ),
        Page(
            "needs for a participant",
            COACH,
            f"/employers/participants/{participant}/needs",
            floor_ratio=TABLE,
        ),
        *_dashboards(),
        Page("certificate PDF download", COACH, f"/certificates/{certificate}/pdf", 50),
        Page("public verification page", None, f"/verify/{code}"),
    ]


def _dashboards() -> list[Page]:
    missing = None if _has_route("reports.index") else "app/reports has no dashboard yet"
    return [
        Page(
            "statistics dashboard, municipality",
            ADMIN,
            "/reports/",
            missing=missing,
            floor_ratio=MUNICIPALITY_DASHBOARD,
        ),
        Page(
            "statistics dashboard, region",
            REGIONAL,
            "/reports/",
            300,
            missing=missing,
            floor_ratio=REGION_DASHBOARD,
        ),
    ]


def _has_route(endpoint: str) -> bool:
    from flask import current_app

    return endpoint in current_app.view_functions


def _certificate(town: int) -> tuple[int, str]:
    from app.extensions import db

    row = db.session.execute(
        sa.text(
            "SELECT c.id, c.verification_code FROM certificates c "
            "WHERE c.municipality_id = :m AND c.revoked_at IS NULL AND EXISTS "
            "(SELECT 1 FROM certificate_documents d WHERE d.certificate_id = c.id) "
            "ORDER BY c.id LIMIT 1"
        ),
        {"m": town},
    ).first()
    if row is None:
        raise RuntimeError("no certificate with documents in the coach's municipality")
    return row[0], row[1]


def render_target(app: Flask) -> int:
    """The certificate whose PDF rendering is timed."""
    with app.app_context():
        town = _one("SELECT municipality_id FROM users WHERE email = :e", e=COACH)
        return _certificate(town)[0]
