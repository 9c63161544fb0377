"""A large, valid Validera dataset written straight into the application's tables.

At scale 1.0: 10 municipalities in two regions, 100 000 participants with one case each spread
over every stage, about 1 000 000 journal entries, 300 000 mapping records, 200 000 assessment
results, 50 000 certificates, 5 000 employers and 20 000 competence needs. Personal numbers
carry correct check digits, every foreign key points at a row written here or by the demo
loaders, and the frameworks are the demo frameworks. The demo accounts stay usable: part of
Härnösand's cases belong to the demo coach and are assessed by the demo assessor.

Rows are built in Python from a seeded random generator and written with COPY (PostgreSQL) or
executemany (SQLite), so 100 000 cases take minutes. Only a sample of certificates gets its
rendered PDF documents (rendering is what the benchmark measures, not what loading needs).
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from stdnum import luhn

from app.organisations.models import default_display_name
from benchmarks import names
from benchmarks.bulk import BulkWriter, Progress

# Stage shares of the cases (percent); closed and paused cases reached some earlier stage first.
STAGE_SHARES = {
    "referred": 4,
    "intake": 6,
    "mapping": 10,
    "assessment": 10,
    "training": 5,
    "verification": 6,
    "certified": 12,
    "matching": 12,
    "placed": 8,
    "paused": 5,
    "closed": 22,
}
JOURNEY = [
    "referred",
    "intake",
    "mapping",
    "assessment",
    "training",
    "verification",
    "certified",
    "matching",
    "placed",
]
RANK = {stage: i for i, stage in enumerate(JOURNEY)}
FULL = {
    "participants": 100_000,
    "journal_entries": 1_000_000,
    "mapping_outcomes": 300_000,
    "criterion_results": 200_000,
    "certificates": 50_000,
    "employers": 5_000,
    "competence_needs": 20_000,
}
COACHES, ASSESSORS, VERIFIERS = 20, 5, 2
EMPLOYER_ACCOUNTS = 200
LONG_HISTORY = 2_000  # journal entries of the one case the benchmark opens
PDF_SAMPLE = 100  # certificates that get their rendered documents
PASSWORD = "validera-demo"  # noqa: S105 - the documented demo password

MORE_MUNICIPALITIES = [
    ("Västernorrland", "Ånge", "2260"),
    ("Västernorrland", "Kramfors", "2282"),
    ("Västernorrland", "Sollefteå", "2283"),
    ("Västernorrland", "Örnsköldsvik", "2284"),
    ("Jämtland Härjedalen", "Östersund", "2380"),
    ("Jämtland Härjedalen", "Krokom", "2309"),
    ("Jämtland Härjedalen", "Åre", "2321"),
]


@dataclass
class Frame:
    """A demo framework as the generator needs it."""

    id: int
    code: str
    name: str
    version: int
    ssyk: str | None
    units: list[dict] = field(default_factory=list)


@dataclass
class CaseRow:
    """What later tables need to know of a generated case."""

    id: int
    participant_id: int
    town: int  # municipality id
    coach_id: int
    stage: str
    reached: str
    started: datetime
    frame: Frame
    units: list[dict] = field(default_factory=list)  # units assessed
    assessor_id: int = 0
    journal: int = 0


class Generator:
    """Builds and writes the dataset; `run()` does everything in one transaction."""

    def __init__(self, connection: sa.Connection, metadata: sa.MetaData, scale: float, seed=11):
        self.conn = connection
        self.writer = BulkWriter(connection, metadata)
        self.scale = scale
        self.rng = random.Random(seed)
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.target = {k: max(1, round(v * scale)) for k, v in FULL.items()}

    # -- helpers -------------------------------------------------------------------------------
    def _next_id(self, table: str) -> int:
        query = sa.select(sa.func.max(sa.column("id"))).select_from(sa.table(table))
        return (self.conn.execute(query).scalar() or 0) + 1

    def _ago(self, days_min: float, days_max: float) -> datetime:
        return self.now - timedelta(days=self.rng.uniform(days_min, days_max))

    def _scalar_map(self, sql: str) -> dict:
        return dict(self.conn.execute(sa.text(sql)).all())

    # -- reference data ------------------------------------------------------------------------
    def load_reference(self) -> None:
        """Municipalities (adding the missing ones), demo users and frameworks."""
        self._municipalities()
        self.frames = self._frames()
        self.demo = self._scalar_map("SELECT email, id FROM users")
        self.home = self.muni_ids["2280"]

    def _municipalities(self) -> None:
        regions = self._scalar_map("SELECT name, id FROM regions")
        for region, _, _ in MORE_MUNICIPALITIES:
            if region not in regions:
                rid = self._next_id("regions")
                self.writer.write("regions", ["id", "name"], [(rid, region)])
                regions[region] = rid
        have = self._scalar_map("SELECT code, id FROM municipalities")
        rows = []
        next_id = self._next_id("municipalities")
        for region, name, code in MORE_MUNICIPALITIES:
            if code not in have:
                rows.append(
                    (next_id, name, code, regions[region], self.now, self.now,
                     default_display_name(name))
                )  # fmt: skip
                have[code] = next_id
                next_id += 1
        cols = ["id", "name", "code", "region_id", "created_at", "updated_at", "display_name"]
        self.writer.write("municipalities", cols, rows)
        self.muni_ids = have
        self.muni_names = {
            mid: name
            for mid, name in self.conn.execute(sa.text("SELECT id, name FROM municipalities"))
        }

    def _frames(self) -> list[Frame]:
        frames = [
            Frame(*row)
            for row in self.conn.execute(
                sa.text(
                    "SELECT id, code, name, version, ssyk_code FROM frameworks "
                    "WHERE status = 'published' ORDER BY code"
                )
            )
        ]
        for frame in frames:
            units = self.conn.execute(
                sa.text(
                    "SELECT id, code, title, level, credits FROM framework_units "
                    "WHERE framework_id = :f ORDER BY position, id"
                ),
                {"f": frame.id},
            ).all()
            for uid, code, title, level, credits in units:
                outcomes = self.conn.execute(
                    sa.text(
                        "SELECT id, text FROM learning_outcomes WHERE unit_id = :u "
                        "ORDER BY position, id"
                    ),
                    {"u": uid},
                ).all()
                criteria = [
                    cid
                    for (cid,) in self.conn.execute(
                        sa.text(
                            "SELECT c.id FROM assessment_criteria c JOIN learning_outcomes o "
                            "ON o.id = c.outcome_id WHERE o.unit_id = :u "
                            "ORDER BY o.position, c.position, c.id"
                        ),
                        {"u": uid},
                    )
                ]
                frame.units.append(
                    {
                        "id": uid,
                        "code": code,
                        "title": title,
                        "level": level,
                        "credits": credits,
                        "outcomes": outcomes,
                        "criteria": criteria,
                    }
                )
        if not frames:
            raise RuntimeError("no published framework: load the demo data first")
        return frames

    # -- accounts ------------------------------------------------------------------------------
    def users(self, password_hash: str) -> None:
        """Coaches, assessors and verifiers per municipality; employer accounts later."""
        self.coaches: dict[int, list[int]] = {}
        self.assessors: dict[int, list[int]] = {}
        self.verifiers: dict[int, list[int]] = {}
        self.user_names: dict[int, str] = {}
        self.password_hash = password_hash
        self._uid = self._next_id("users")
        rows, roles = [], []
        for code, mid in sorted(self.muni_ids.items()):
            for kind, count, role_set in (
                ("coach", COACHES, ["coach"]),
                ("assessor", ASSESSORS, ["assessor"]),
                ("verifier", VERIFIERS, ["assessor", "internal_verifier"]),
            ):
                for n in range(1, count + 1):
                    email = f"{kind}{n}.{code}@bench.example.org"
                    uid = self.demo.get(email)  # a second run adds data, not accounts
                    if uid is None:
                        uid = self._user_row(rows, email, mid=mid)
                        roles += [(uid, r) for r in role_set]
                    {"coach": self.coaches, "assessor": self.assessors, "verifier": self.verifiers}[
                        kind
                    ].setdefault(mid, []).append(uid)
        # The demo accounts of Härnösand take part in its caseload and assessments.
        for email, pool in (
            ("coach@example.org", self.coaches),
            ("coach2@example.org", self.coaches),
            ("assessor@example.org", self.assessors),
            ("verifier@example.org", self.verifiers),
        ):
            if email in self.demo:
                pool[self.home].insert(0, self.demo[email])
        for email, uid in self.demo.items():
            self.user_names.setdefault(uid, email)
        self._write_users(rows, roles)

    def _user_row(self, rows: list, email: str, *, mid=None, employer=None) -> int:
        uid = self._uid
        self._uid += 1
        name = f"{self.rng.choice(names.FIRST)} {self.rng.choice(names.LAST)}"
        self.user_names[uid] = name
        rows.append(
            (
                uid,
                email,
                name,
                self.password_hash,
                True,
                "sv",
                self.now,
                mid,
                employer,
                self.now,
                self.now,
            )
        )
        return uid

    def _write_users(self, rows: list, roles: list) -> None:
        cols = [
            "id",
            "email",
            "name",
            "password_hash",
            "is_active",
            "locale",
            "terms_accepted_at",
            "municipality_id",
            "employer_id",
            "created_at",
            "updated_at",
        ]
        self.writer.write("users", cols, rows)
        self.writer.write("user_roles", ["user_id", "role"], roles)

    # -- participants and cases ----------------------------------------------------------------
    def _personal_numbers(self, n: int):
        taken = set(
            self.conn.execute(sa.text("SELECT personal_number FROM participants")).scalars()
        )
        start, span = date(1960, 1, 1), (date(2005, 12, 31) - date(1960, 1, 1)).days
        while n:
            born = start + timedelta(days=self.rng.randrange(span))
            serial = self.rng.randrange(1000)
            nine = born.strftime("%y%m%d") + f"{serial:03d}"
            number = born.strftime("%Y") + nine[2:] + luhn.calc_check_digit(nine)
            if number in taken:
                continue
            taken.add(number)
            n -= 1
            yield number, born, serial

    def _stages(self, n: int) -> list[str]:
        stages = [s for s, share in STAGE_SHARES.items() for _ in range(share)]
        return [stages[i * len(stages) // n] for i in range(n)]

    def _reached(self, stage: str) -> str:
        if stage == "paused":
            return self.rng.choice(JOURNEY[1:8])
        if stage == "closed":
            return self.rng.choices(JOURNEY, weights=[1, 1, 1, 1, 1, 1, 4, 4, 8])[0]
        return stage

    def participants_and_cases(self) -> None:
        """Participants, their referral, case, coach assignment, transitions and consents."""
        n = self.target["participants"]
        stages = self._stages(n)
        self.rng.shuffle(stages)
        towns = sorted(self.muni_ids.values())
        pid0, cid0, rid0 = (self._next_id(t) for t in ("participants", "cases", "referrals"))
        self.cases: list[CaseRow] = []
        people = []
        for i, (number, born, serial) in enumerate(self._personal_numbers(n)):
            town = towns[i % len(towns)]
            stage = stages[i]
            reached = self._reached(stage)
            started = self._ago(30 + 90 * RANK[reached], 60 + 200 * RANK[reached])
            frame = self.frames[i % len(self.frames)]
            coach = self.rng.choice(self.coaches[town])
            self.cases.append(
                CaseRow(cid0 + i, pid0 + i, town, coach, stage, reached, started, frame)
            )
            people.append((pid0 + i, town, number, born, serial, started))
        self._cap_certified()
        self.long_case = self._long_history_case()
        i = self.long_case.id - cid0
        people[i] = (people[i][0], self.home, *people[i][2:])
        self._write_participants(people)
        self._write_referrals_and_cases(rid0)
        self._write_history()

    def _cap_certified(self) -> None:
        """Exactly the target number of cases reach `certified`; extra closed or paused ones
        stopped at verification instead."""
        eligible = [c for c in self.cases if RANK[c.reached] >= RANK["certified"]]
        extra = len(eligible) - self.target["certificates"]
        for case in eligible:
            if extra <= 0:
                break
            if case.stage in ("closed", "paused"):
                case.reached = "verification"
                extra -= 1

    def _write_participants(self, people: list) -> None:
        rng = self.rng
        rows = []
        for pid, town, number, born, serial, started in people:
            is_man = serial % 2 == 1  # the ninth digit is odd for men
            gender = rng.choices(
                ["man" if is_man else "woman", "non_binary", "not_stated"], weights=[95, 1, 4]
            )[0]
            first = rng.choice(names.FIRST_MEN if is_man else names.FIRST_WOMEN)
            last = rng.choice(names.LAST)
            city = self.muni_names[town]
            rows.append(
                (
                    pid,
                    town,
                    number,
                    False,
                    first,
                    last,
                    f"{rng.choice(names.STREETS)} {rng.randint(1, 80)}",
                    f"{rng.randint(800, 899)} {rng.randint(10, 99)}",
                    city,
                    f"070-{rng.randint(1000000, 9999999)}",
                    f"{first}.{last}{pid}@example.net".lower(),
                    rng.choice(names.LANGUAGES),
                    rng.random() < 0.2,
                    rng.choice(names.LANGUAGES),
                    gender,
                    rng.choice(["isced_0_2", "isced_3_4", "isced_5_8"]),
                    rng.choice(
                        ["income_support", "registered_pes", "long_term_unemployed", "inactive"]
                    ),
                    rng.choice(["yes", "no", "not_stated"]),
                    rng.choice(["yes", "no", "not_stated"]),
                    rng.choice(["yes", "no", "no", "not_stated"]),
                    rng.random() < 0.4,
                    rng.random() < 0.005,
                    born.year,
                    1,
                    started,
                    started,
                )
            )
        cols = [
            "id",
            "municipality_id",
            "personal_number",
            "is_coordination_number",
            "first_name",
            "last_name",
            "address",
            "postal_code",
            "city",
            "phone",
            "email",
            "preferred_language",
            "needs_interpreter",
            "languages",
            "gender",
            "education",
            "status_at_entry",
            "foreign_background",
            "third_country_national",
            "has_disability",
            "has_driving_licence",
            "is_protected",
            "birth_year",
            "version",
            "created_at",
            "updated_at",
        ]
        self.writer.write("participants", cols, rows)

    def _write_referrals_and_cases(self, rid0: int) -> None:
        rng = self.rng
        referrals, cases = [], []
        for i, c in enumerate(self.cases):
            rid = rid0 + i
            decided = c.started
            referrals.append(
                (
                    rid,
                    c.town,
                    c.participant_id,
                    rng.choice(["social_services", "public_employment_service", "self_referral"]),
                    rng.choice(names.OFFICERS),
                    (c.started - timedelta(days=rng.randint(3, 20))).date(),
                    rng.choice(names.REASONS),
                    "accepted",
                    c.coach_id,
                    decided,
                    c.coach_id,
                    1,
                    decided,
                    decided,
                )
            )
            entered = self._ago(1, max(2, (self.now - c.started).days))
            closed = c.stage == "closed"
            cases.append(
                (
                    c.id,
                    c.participant_id,
                    c.town,
                    c.coach_id,
                    rid,
                    c.stage,
                    entered,
                    c.reached if c.stage == "paused" else None,
                    rng.choice(names.PAUSES) if c.stage == "paused" else None,
                    (entered + timedelta(days=60)).date() if c.stage == "paused" else None,
                    self._outcome(c) if closed else None,
                    rng.choice(["employed", "studies", "registered_pes"]) if closed else None,
                    entered if closed else None,
                    rng.choice(names.GOALS),
                    rng.choice(names.BACKGROUNDS),
                    1,
                    c.started,
                    entered,
                )
            )
        ref_cols = [
            "id",
            "municipality_id",
            "participant_id",
            "source",
            "referring_officer",
            "referred_on",
            "reason",
            "status",
            "decided_by_id",
            "decided_at",
            "created_by_id",
            "version",
            "created_at",
            "updated_at",
        ]
        self.writer.write("referrals", ref_cols, referrals)
        case_cols = [
            "id",
            "participant_id",
            "municipality_id",
            "coach_id",
            "referral_id",
            "stage",
            "stage_entered_at",
            "paused_from",
            "pause_reason",
            "planned_return",
            "outcome",
            "status_at_exit",
            "closed_at",
            "goal",
            "background",
            "version",
            "created_at",
            "updated_at",
        ]
        self.writer.write("cases", case_cols, cases)

    def _outcome(self, c: CaseRow) -> str:
        if c.reached == "placed":
            return "employed"
        return self.rng.choice(["employed", "studies", "other_support", "moved", "dropped_out"])

    def _path(self, c: CaseRow) -> list[str]:
        path = JOURNEY[: RANK[c.reached] + 1]
        if c.reached in ("certified", "matching", "placed") and self.rng.random() < 0.5:
            path = [s for s in path if s != "training"]  # many pass every unit the first time
        if c.stage in ("paused", "closed"):
            path = path + [c.stage]
        return path

    def _write_history(self) -> None:
        transitions, assignments, consents = [], [], []
        tid, aid, eid = (
            self._next_id(t) for t in ("case_transitions", "case_assignments", "consent_events")
        )
        for c in self.cases:
            path = self._path(c)
            step = max((self.now - c.started) / (len(path) + 1), timedelta(hours=1))
            previous = None
            for n, stage in enumerate(path):
                transitions.append((tid, c.id, previous, stage, c.coach_id, c.started + step * n))
                tid += 1
                previous = stage
            assignments.append((aid, c.id, None, c.coach_id, c.coach_id, c.started))
            aid += 1
            day = c.started.date()
            consents.append(
                (eid, c.participant_id, "registration", True, day, c.coach_id, c.started)
            )
            eid += 1
            if RANK[c.reached] >= RANK["certified"] and c.stage != "closed":
                when = c.started + step * (len(path) - 1)
                consents.append(
                    (eid, c.participant_id, "employers", True, when.date(), c.coach_id, when)
                )
                eid += 1
        self.writer.write(
            "case_transitions",
            ["id", "case_id", "from_stage", "to_stage", "actor_id", "at"],
            transitions,
        )
        self.writer.write(
            "case_assignments",
            ["id", "case_id", "from_coach_id", "to_coach_id", "actor_id", "at"],
            assignments,
        )
        cols = [
            "id",
            "participant_id",
            "kind",
            "is_given",
            "effective_on",
            "recorded_by_id",
            "recorded_at",
        ]
        self.writer.write("consent_events", cols, consents)

    # -- a coach's work ------------------------------------------------------------------------
    def journal_and_follow_ups(self) -> None:
        """Journal entries in proportion to how far each case came; one case with a long history."""
        target = self.target["journal_entries"]
        long_case = self.long_case
        long_case.journal = min(LONG_HISTORY, target // 2)
        weights = [RANK[c.reached] + 1 for c in self.cases]
        rest = target - long_case.journal
        total_weight = sum(
            w for c, w in zip(self.cases, weights, strict=True) if c is not long_case
        )
        for c, w in zip(self.cases, weights, strict=True):
            if c is not long_case:
                c.journal = int(rest * w / total_weight)
        short = rest - sum(c.journal for c in self.cases if c is not long_case)
        for c in self.rng.sample([c for c in self.cases if c is not long_case], short):
            c.journal += 1
        self.writer.write(
            "journal_entries",
            ["id", "case_id", "kind", "occurred_on", "text", "author_id", "created_at"],
            self._journal_rows(self._next_id("journal_entries")),
        )
        self._follow_ups()

    def _long_history_case(self) -> CaseRow:
        """The case the benchmark opens: in matching, in Härnösand, the demo coach's."""
        case = next(
            (c for c in self.cases if c.stage == "matching" and c.town == self.home),
            next(c for c in self.cases if c.stage == "matching"),
        )
        case.town = self.home
        case.coach_id = self.demo.get("coach@example.org", case.coach_id)
        return case

    def _journal_rows(self, jid: int):
        """Rows made while COPY runs: nothing here may use the connection."""
        rng = self.rng
        kinds = ["meeting", "phone_call", "workplace_visit", "workplace_supervision", "note"]
        for c in self.cases:
            span = max(1, (self.now - c.started).days)
            for _ in range(c.journal):
                at = c.started + timedelta(days=rng.randrange(span), minutes=rng.randrange(600))
                yield (
                    jid,
                    c.id,
                    rng.choice(kinds),
                    at.date(),
                    rng.choice(names.JOURNAL),
                    c.coach_id,
                    at,
                )
                jid += 1

    def _follow_ups(self) -> None:
        rows = []
        fid = self._next_id("follow_ups")
        for c in self.cases:
            if c.stage == "closed":
                continue
            due = (self.now + timedelta(days=self.rng.randint(-20, 40))).date()
            rows.append((fid, c.id, due, self.rng.choice(names.FOLLOW_UPS), None, None, c.started))
            fid += 1
            done = c.started + timedelta(days=14)
            rows.append(
                (fid, c.id, done.date(), "Uppföljning av inskrivning", done, c.coach_id, c.started)
            )
            fid += 1
        cols = ["id", "case_id", "due_on", "purpose", "done_at", "done_by_id", "created_at"]
        self.writer.write("follow_ups", cols, rows)

    # -- mapping and assessment ----------------------------------------------------------------
    def _choose_units(self, c: CaseRow, budget: float) -> None:
        units = c.frame.units
        start = c.id % len(units)
        chosen, criteria = [], 0
        for k in range(len(units)):
            unit = units[(start + k) % len(units)]
            chosen.append(unit)
            criteria += len(unit["criteria"])
            if criteria >= budget:
                break
        c.units = chosen

    def mapping_and_assessments(self) -> None:
        """Mappings with entries per outcome, assessments with results, unit decisions."""
        assessed = [c for c in self.cases if RANK[c.reached] >= RANK["assessment"]]
        recorded = [c for c in assessed if not (c.stage == "assessment" and c.id % 2)]
        per_case = self.target["criterion_results"] / max(1, len(recorded))
        for c in assessed:
            self._choose_units(c, self.rng.uniform(0.5, 1.5) * per_case)
            pool = self.assessors[c.town]
            # Half of Härnösand's assessments fall to the demo assessor.
            mine = c.town == self.home and (c.id % 2 or c is self.long_case)
            c.assessor_id = pool[0] if mine else self.rng.choice(pool)
        self._mappings()
        self._assessments(assessed, {c.id for c in recorded})
        self._decisions(assessed)

    def _mappings(self) -> None:
        mapped = [c for c in self.cases if RANK[c.reached] >= RANK["mapping"]]
        budget = self.target["mapping_outcomes"] / max(1, len(mapped))
        mid = self._next_id("mappings")
        eid = self._next_id("mapping_outcomes")
        maps, entries = [], []
        self.mapping_of: dict[int, int] = {}
        for c in mapped:
            at = c.started + timedelta(days=20)
            deep = RANK[c.reached] > RANK["mapping"]
            maps.append(
                (mid, c.id, c.frame.id, "deepened" if deep else "initial",
                 at + timedelta(days=10) if deep else None, c.coach_id, at, at)
            )  # fmt: skip
            self.mapping_of[c.id] = mid
            ready = {o for u in c.units for o, _ in u["outcomes"]}
            others = [o for u in c.frame.units for o, _ in u["outcomes"] if o not in ready]
            want = max(len(ready), round(self.rng.uniform(0.5, 1.5) * budget))
            for outcome in list(ready) + others[: max(0, want - len(ready))]:
                judgement = (
                    "ready"
                    if outcome in ready
                    else self.rng.choice(["no_evidence", "some_evidence"])
                )
                entries.append(
                    (eid, mid, outcome, self.rng.choice(["with_support", "on_my_own", "can_teach"]),
                     judgement, self.rng.choice(names.MAPPING_NOTES), "initial", c.coach_id, at, at)
                )  # fmt: skip
                eid += 1
            mid += 1
        cols = ["id", "case_id", "framework_id", "depth", "deepened_at", "created_by_id"]
        self.writer.write("mappings", cols + ["created_at", "updated_at"], maps)
        cols = [
            "id",
            "mapping_id",
            "outcome_id",
            "self_assessment",
            "judgement",
            "notes",
            "recorded_in",
            "updated_by_id",
            "created_at",
            "updated_at",
        ]
        self.writer.write("mapping_outcomes", cols, entries)

    def _assessment_status(self, c: CaseRow, recorded: bool) -> str:
        if c.stage == "assessment" or (c.stage == "paused" and c.reached == "assessment"):
            return "recorded" if recorded else "planned"
        return "decided"

    def _assessments(self, assessed: list[CaseRow], recorded: set[int]) -> None:
        aid = self._next_id("assessments")
        uid = self._next_id("assessment_units")
        rid = self._next_id("criterion_results")
        assessments, units, results = [], [], []
        self.assessment_of: dict[int, int] = {}
        for c in assessed:
            status = self._assessment_status(c, c.id in recorded)
            on = (c.started + timedelta(days=45)).date()
            at = c.started + timedelta(days=45)
            assessments.append(
                (aid, c.id, c.frame.id, "practical", self.rng.choice(names.PLACES), on,
                 c.assessor_id, c.coach_id, status, c.started + timedelta(days=30),
                 at if status != "planned" else None, at if status == "decided" else None)
            )  # fmt: skip
            self.assessment_of[c.id] = aid
            failed = c.stage == "training" or c.reached == "training"
            for n, unit in enumerate(c.units):
                units.append((uid, aid, unit["id"]))
                uid += 1
                if status == "planned":
                    continue
                for k, criterion in enumerate(unit["criteria"]):
                    result = "not_met" if failed and n == 0 and k == 0 else "met"
                    results.append((rid, aid, criterion, result, c.assessor_id, at))
                    rid += 1
            aid += 1
        cols = ["id", "case_id", "framework_id", "kind", "place", "scheduled_on", "assessor_id"]
        cols += ["planned_by_id", "status", "created_at", "recorded_at", "decided_at"]
        self.writer.write("assessments", cols, assessments)
        self.writer.write("assessment_units", ["id", "assessment_id", "unit_id"], units)
        cols = ["id", "assessment_id", "criterion_id", "result", "recorded_by_id", "recorded_at"]
        self.writer.write("criterion_results", cols, results)

    def _decisions(self, assessed: list[CaseRow]) -> None:
        did = self._next_id("unit_decisions")
        rec = self._next_id("credit_recommendations")
        decisions, recommendations = [], []
        self.decisions_of: dict[int, list[tuple[int, dict, datetime]]] = {}
        for c in assessed:
            if RANK[c.reached] < RANK["training"]:
                continue
            at = c.started + timedelta(days=50)
            failed = c.reached == "training"
            verified = RANK[c.reached] >= RANK["certified"]
            waiting = c.reached == "verification"
            recommendation = None
            if verified or waiting:
                recommendation = rec
                recommendations.append((rec, c.id, c.assessor_id, at))
                rec += 1
            verifier = self.rng.choice(self.verifiers[c.town]) if verified else None
            for n, unit in enumerate(c.units):
                outcome = "not_yet_achieved" if failed and n == 0 else "achieved"
                status = (
                    "verified" if verified else "awaiting_verification" if waiting else "confirmed"
                )
                v_at = at + timedelta(days=7) if verified else None
                decisions.append(
                    (did, c.id, unit["id"], self.assessment_of[c.id], outcome, outcome,
                     "Samtliga kriterier uppfyllda vid observation." if outcome == "achieved"
                     else "Ett kriterium är ännu inte uppfyllt.",
                     status, False, c.assessor_id, at, recommendation,
                     at if recommendation else None, verifier, v_at)
                )  # fmt: skip
                if verified:
                    self.decisions_of.setdefault(c.id, []).append((did, unit, v_at, verifier))
                did += 1
        cols = ["id", "case_id", "assessor_id", "signed_at"]
        self.writer.write("credit_recommendations", cols, recommendations)
        cols = ["id", "case_id", "unit_id", "assessment_id", "outcome", "proposed_outcome"]
        cols += ["justification", "status", "verified_by_sampling", "assessor_id", "decided_at"]
        cols += ["recommendation_id", "submitted_at", "verifier_id", "verified_at"]
        self.writer.write("unit_decisions", cols, decisions)

    # -- certificates --------------------------------------------------------------------------
    def certificates(self) -> list[int]:
        """A certificate of the verified units of every case that reached `certified`."""
        people = {
            pid: (first, last, number, gender)
            for pid, first, last, number, gender in self.conn.execute(
                sa.text(
                    "SELECT id, first_name, last_name, personal_number, gender FROM participants"
                )
            )
        }
        serials = self._scalar_map("SELECT year, last_number FROM certificate_sequences")
        cid, uid = self._next_id("certificates"), self._next_id("certificate_units")
        certs, units, ids = [], [], []
        for c in self.cases:
            decided = self.decisions_of.get(c.id)
            if not decided:
                continue
            issued = max(v_at for _, _, v_at, _ in decided) + timedelta(days=2)
            serials[issued.year] = serials.get(issued.year, 0) + 1
            first, last, number, gender = people[c.participant_id]
            born = date(int(number[:4]), int(number[4:6]), int(number[6:8]))
            certs.append(
                (cid, f"VAL-{issued.year}-{serials[issued.year]:06d}", secrets.token_urlsafe(24),
                 c.town, c.id, c.participant_id, c.frame.id, issued, c.coach_id,
                 f"{first} {last}", born, gender, self.muni_names[c.town], c.frame.code,
                 c.frame.name, c.frame.version, c.frame.ssyk, f"B{cid:011d}")
            )  # fmt: skip
            for position, (did, unit, v_at, verifier) in enumerate(decided):
                units.append(
                    (uid, cid, position, did, unit["id"], unit["code"], unit["title"],
                     unit["level"], unit["credits"], [t for _, t in unit["outcomes"]],
                     self.user_names[c.assessor_id], self.user_names[verifier], v_at.date())
                )  # fmt: skip
                uid += 1
            ids.insert(0, cid) if c is self.long_case else ids.append(cid)
            cid += 1
        cols = ["id", "number", "verification_code", "municipality_id", "case_id"]
        cols += ["participant_id", "framework_id", "issued_at", "issued_by_id", "holder_name"]
        cols += ["birth_date", "holder_gender", "issuer_name", "framework_code", "framework_name"]
        cols += ["framework_version", "ssyk_code", "short_code"]
        self.writer.write("certificates", cols, certs)
        cols = ["id", "certificate_id", "position", "decision_id", "unit_id", "code", "title"]
        cols += ["level", "credits", "outcomes", "assessor_name", "verifier_name", "verified_on"]
        self.writer.write("certificate_units", cols, units)
        self.conn.execute(sa.text("DELETE FROM certificate_sequences"))
        self.writer.write("certificate_sequences", ["year", "last_number"], sorted(serials.items()))
        return ids

    # -- employers -----------------------------------------------------------------------------
    def employers(self) -> None:
        """Employers with accounts, competence needs with units, candidates' profiles."""
        taken = set(self.conn.execute(sa.text("SELECT org_number FROM employers")).scalars())
        eid = self._next_id("employers")
        towns = sorted(self.muni_ids.values())
        rows, self.firms = [], []
        while len(rows) < self.target["employers"]:
            nine = f"55{self.rng.randrange(10**7):07d}"
            number = nine + luhn.calc_check_digit(nine)
            if number in taken:
                continue
            taken.add(number)
            town = towns[len(rows) % len(towns)]
            name = f"{self.rng.choice(names.FIRMS)} i {self.muni_names[town]} AB"
            rows.append((eid, name, number, town, True, self.now, self.now))
            self.firms.append((eid, town))
            eid += 1
        cols = ["id", "name", "org_number", "municipality_id", "is_active"]
        self.writer.write("employers", cols + ["created_at", "updated_at"], rows)
        accounts, roles = [], []
        for n, (firm, _) in enumerate(self.firms[:EMPLOYER_ACCOUNTS], start=1):
            email = f"employer{n}@bench.example.org"
            if email not in self.demo:
                roles.append((self._user_row(accounts, email, employer=firm), "employer"))
        self._write_users(accounts, roles)
        self._needs()
        self._profiles()

    def _needs(self) -> None:
        demo_firm = self.conn.execute(
            sa.text("SELECT id, municipality_id FROM employers WHERE org_number = '5560360793'")
        ).first()
        firms = list(self.firms)
        if demo_firm:
            firms = [tuple(demo_firm)] * 10 + firms
        nid = self._next_id("competence_needs")
        needs, need_units = [], []
        for n in range(self.target["competence_needs"]):
            firm, town = firms[n % len(firms)]
            frame = self.frames[n % len(self.frames)]
            at = self._ago(1, 400)
            status = self.rng.choices(["open", "filled", "closed"], weights=[70, 15, 15])[0]
            needs.append(
                (nid, firm, f"{frame.name}: {self.rng.choice(names.NEED_TITLES)}", frame.ssyk,
                 town, self.rng.randint(1, 5), "permanent" if n % 3 else "fixed_term",
                 "Dagtid, vardagar", status, at, at)
            )  # fmt: skip
            start = n % len(frame.units)
            picks = [frame.units[(start + k) % len(frame.units)] for k in range(3)]
            for k, unit in enumerate(picks):
                need_units.append((nid, unit["id"], k < 2))
            nid += 1
        cols = ["id", "employer_id", "title", "ssyk_code", "municipality_id", "positions", "form"]
        cols += ["working_hours", "status", "created_at", "updated_at"]
        self.writer.write("competence_needs", cols, needs)
        self.writer.write(
            "competence_need_units", ["need_id", "unit_id", "is_required"], need_units
        )

    def _profiles(self) -> None:
        pid = self._next_id("candidate_profiles")
        rows = []
        for c in self.cases:
            if c.stage in ("matching", "placed"):
                rows.append(
                    (pid, c.participant_id, None, "either", c.frame.name, c.coach_id, self.now)
                )
                pid += 1
        cols = ["id", "participant_id", "available_from", "working_time", "desired_occupations"]
        self.writer.write("candidate_profiles", cols + ["updated_by_id", "updated_at"], rows)

    # -- all of it -----------------------------------------------------------------------------
    def run(self, password_hash: str) -> dict[str, int]:
        """Write everything; returns rows per table."""
        self.load_reference()
        self.users(password_hash)
        self.participants_and_cases()
        self.journal_and_follow_ups()
        self.mapping_and_assessments()
        self.certificate_ids = self.certificates()
        self.employers()
        self.writer.reset_sequences()
        return dict(self.writer.counts)


def render_sample_documents(certificate_ids: list[int], limit: int = PDF_SAMPLE) -> int:
    """Render and store the PDF documents of a sample of certificates (needs an app context)."""
    import hashlib

    from app.certificates import pdf
    from app.certificates.models import Certificate, CertificateDocument
    from app.certificates.services import verify_url
    from app.certificates.wording import LANGUAGES, statement
    from app.extensions import db

    progress = Progress("certificate_documents", limit * len(LANGUAGES))
    step = max(1, len(certificate_ids) // limit)
    # The first is the long-history case's certificate, which the benchmark downloads.
    for cid in certificate_ids[::step][:limit]:
        certificate = db.session.get(Certificate, cid)
        for language in LANGUAGES:
            content = pdf.render(statement(certificate, language, verify_url(certificate)))
            sha = hashlib.sha256(content).hexdigest()
            certificate.documents.append(
                CertificateDocument(language=language, content=content, sha256=sha)
            )
            progress.step(1)
    db.session.flush()
    progress.finish()
    return progress.done
