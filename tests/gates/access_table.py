"""Who may use each route: the one table the access matrix checks the application against.

Every endpoint of `app.url_map` has an entry; a route missing here fails the access matrix.
For each method the route allows, an entry says what each role gets, as anonymous (`ANON`),
and as each role's demo account (see `demo.ROLE_ACCOUNTS`). `ALL` is every role not named.

An expected value is an HTTP status, `LOGIN` (a redirect to the login page), or a pair
`(own, other)` when the answer depends on the object: the first for an object of the user's
own municipality or employer, the second for one of another (Timrå or its employer).
POSTs are sent with a valid CSRF token and no other fields, so a form route answers 200
(the form again, with its errors) and an action answers with its redirect.

A route whose URL takes values (`<int:case_id>`) names how to find them in the demo data with
`args=lambda demo, scope: {...}` (see `demo.Demo`); `scope` is "own" or "other".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.gates.demo import ANON, Demo

ALL = "*"
LOGIN = "login"  # 302 to the login page
PARTICIPANT = "participant"

Expect = dict[str, Any]
ArgsBuilder = Callable[[Demo, str], dict[str, Any]]


def expect(default: Any, anonymous: Any = LOGIN, **roles: Any) -> Expect:
    """What each role gets: `default` unless named; anonymous users are sent to log in. A
    participant's account reaches no page of the staff (403) unless named; a page open to
    anyone (one that does not send the anonymous to log in) answers them as it answers staff."""
    participant = default if anonymous != LOGIN else 403
    return {ANON: anonymous, ALL: default, PARTICIPANT: participant, **roles}


@dataclass(frozen=True)
class Route:
    """The expected answers for one endpoint, per method."""

    GET: Expect | None = None
    POST: Expect | None = None
    DELETE: Expect | None = None
    args: ArgsBuilder | None = None
    # An endpoint served by several URL rules may answer differently on one of them.
    by_rule: dict[str, Route] | None = None
    # Why no object of another municipality or employer is probed (the demo data has none).
    no_other: str | None = None
    # Why no existing object is probed at all, only an id that does not exist (the demo data
    # has none); the statuses then say which roles pass the role check.
    no_object: str | None = None

    def for_rule(self, rule: str) -> Route:
        return (self.by_rule or {}).get(rule, self)

    def methods(self) -> set[str]:
        return {m for m in ("GET", "POST", "DELETE") if getattr(self, m) is not None}


NO_OTHER_DUPLICATE = (
    "the demo data's one probable duplicate is Härnösand's; tests/cases/test_identities.py "
    "asks for another municipality's (404)"
)
PUBLIC = expect(200, anonymous=200)
LOGGED_IN = expect(200)
ADMIN_ONLY = expect(403, admin=200)  # the municipality administrator
ADMIN_ACTION = expect(403, admin=302)
SYSTEM_ONLY = expect(403, system_admin=200)  # the system administrator
SYSTEM_ACTION = expect(403, system_admin=302)
ADMINS = expect(403, admin=200, system_admin=200)  # either administrator
BEARER_ONLY = expect(401, anonymous=401)  # an API route asked with a session, or none
CALENDAR_OWNERS = expect(403, coach=200, assessor=200, internal_verifier=200)


def _user(demo: Demo, scope: str) -> dict[str, Any]:
    return {"user_id": demo.user("coach", scope).id}


def _reset_link(demo: Demo, scope: str) -> dict[str, Any]:
    """A fresh password-reset link for a coach of the scope's municipality."""
    from app.auth.password_reset import issue_link

    return {"token": issue_link(demo.user("coach", scope))}


def _notification(demo: Demo, scope: str) -> dict[str, Any]:
    """A notification of a coach of the scope's municipality whom no role of the matrix plays
    (made the first time: the demo data has none)."""
    import sqlalchemy as sa

    from app.db import utcnow
    from app.extensions import db
    from app.notifications.models import Notification, NotificationEvent
    from app.notifications.vocab import Delivery, Kind

    coach = demo.user("coach", scope)
    found = db.session.scalar(sa.select(Notification.id).where(Notification.user_id == coach.id))
    if found is None:
        event = NotificationEvent(kind=Kind.CASE_ASSIGNED, target_id=0, done_at=utcnow())
        db.session.add(event)
        db.session.flush()
        row = Notification(
            user_id=coach.id,
            event_id=event.id,
            kind=Kind.CASE_ASSIGNED,
            reference="#0",
            link="/cases/",
            delivery=Delivery.IN_APP,
        )
        db.session.add(row)
        db.session.flush()
        found = row.id
    return {"notification_id": found}


_calendar_tokens: dict[str, str] = {}  # token hash: token, of the feeds made below


def _calendar_token(demo: Demo, scope: str) -> dict[str, Any]:
    """The calendar-feed token of a coach of the scope's municipality, made when the coach's
    feed is off or was made elsewhere (only its hash is stored; renewing would stop the URL
    built before)."""
    from app.calendar.services import feed_of, renew_feed

    coach = demo.user("coach", scope)
    feed = feed_of(coach)
    if feed is None or feed.token_hash not in _calendar_tokens:
        token = renew_feed(coach)
        _calendar_tokens[feed_of(coach).token_hash] = token
        return {"token": token}
    return {"token": _calendar_tokens[feed.token_hash]}


def _provider(demo: Demo, scope: str) -> dict[str, Any]:
    """A login of the scope's municipality, switched off (so that no login page offers it), made
    when missing."""
    import sqlalchemy as sa

    from app.auth.provider_models import IdentityProvider
    from app.auth.vocab import MatchOn, ProviderKind
    from app.extensions import db

    town = demo.municipality(scope)
    query = sa.select(IdentityProvider.id).where(IdentityProvider.municipality_id == town.id)
    found = db.session.scalar(query.limit(1))
    if found is None:
        provider = IdentityProvider(
            municipality_id=town.id,
            kind=ProviderKind.OIDC,
            name=f"{town.name} e-legitimation",
            enabled=False,
            match_on=MatchOn.EMAIL,
            discovery_url="https://login.example.org",
            client_id="validera",
            client_secret_ref="env:VALIDERA_TEST_SECRET",
        )
        db.session.add(provider)
        db.session.flush()
        found = provider.id
    return {"provider_id": found}


def _municipality(demo: Demo, scope: str) -> dict[str, Any]:
    return {"municipality_id": demo.municipality(scope).id}


def _employer(demo: Demo, scope: str) -> dict[str, Any]:
    return {"employer_id": demo.employer(scope).id}


def _framework(demo: Demo, scope: str) -> dict[str, Any]:
    return {"framework_id": demo.framework(scope).id}


def _portal_case(demo: Demo, scope: str) -> dict[str, Any]:
    return {"case_id": demo.portal_case(scope).id}


def _portal_note(demo: Demo, scope: str) -> dict[str, Any]:
    """The note the demo coach shared with the demo participant; "other": a note of another
    participant's case, shared with them (made so the first time)."""
    import sqlalchemy as sa

    from app.cases.models import JournalEntry
    from app.extensions import db

    case = demo.portal_case(scope)
    entry = db.session.scalar(
        sa.select(JournalEntry)
        .where(JournalEntry.case_id == case.id)
        .order_by(JournalEntry.is_shared.desc(), JournalEntry.id)
        .limit(1)
    )
    entry.is_shared = True
    db.session.flush()
    return {"entry_id": entry.id}


def _portal_mapping_of(demo: Demo, scope: str):
    """ "own": the mapping of the demo participant's case; "other": the mapping of another
    participant's case of the same municipality, which the participant may not learn exists."""
    import sqlalchemy as sa

    from app.cases.models import Case
    from app.mapping.models import Mapping

    participant_id = demo.account("participant").participant_id
    mine = Case.participant_id == participant_id
    return demo.first(
        Mapping,
        Mapping.case_id.in_(
            sa.select(Case.id).where(
                mine if scope == "own" else sa.and_(~mine, Case.municipality_id == _town(demo))
            )
        ),
    )


def _town(demo: Demo) -> int:
    return demo.municipality("own").id


def _portal_mapping(demo: Demo, scope: str) -> dict[str, Any]:
    return {"mapping_id": _portal_mapping_of(demo, scope).id}


def _portal_outcome(demo: Demo, scope: str) -> dict[str, Any]:
    mapping = _portal_mapping_of(demo, scope)
    return {"mapping_id": mapping.id, "outcome_id": mapping.framework.units[0].outcomes[0].id}


def _participant_evidence(demo: Demo, scope: str) -> dict[str, Any]:
    """ "own": the file the demo participant sent (it waits for the demo coach); "other": the
    evidence of another participant's case, sent by nobody of this participant."""
    from app.mapping.models import Evidence

    if scope == "own":
        return {"evidence_id": _sent(demo).id}
    other = _portal_mapping_of(demo, "other")
    return {"evidence_id": demo.first(Evidence, Evidence.mapping_id == other.id).id}


def _sent(demo: Demo):
    from app.mapping.models import Evidence

    return demo.first(Evidence, Evidence.created_by_id == demo.account("participant").id)


def _sent_to_coach(demo: Demo, scope: str) -> dict[str, Any]:
    """ "own": the file the demo participant sent to the demo coach; "other": evidence in
    Timrå."""
    from app.mapping.models import Evidence

    return {"evidence_id": (_sent(demo) if scope == "own" else demo.of_case(Evidence, scope)).id}


def _portal_participant(demo: Demo, scope: str) -> dict[str, Any]:
    """The demo participant (whose coach is the demo coach); "other": one of Timrå."""
    if scope == "own":
        return {"participant_id": demo.account("participant").participant_id}
    return {"participant_id": demo.case("other").participant_id}


def _portal_certificate(demo: Demo, scope: str) -> dict[str, Any]:
    """The demo participant's certificate; "other": one of another participant (Härnösand's)."""
    from app.certificates.models import Certificate

    participant_id = demo.account("participant").participant_id
    if scope == "own":
        return {
            "certificate_id": demo.first(
                Certificate, Certificate.participant_id == participant_id
            ).id
        }
    town = demo.municipality("own")
    return {
        "certificate_id": demo.first(
            Certificate,
            Certificate.municipality_id == town.id,
            Certificate.participant_id != participant_id,
        ).id
    }


def _consent_to_give(demo: Demo, scope: str) -> dict[str, Any]:
    """A consent the demo participant has not given (another municipality)."""
    return {"kind": "other_municipality"}


def _consent_given(demo: Demo, scope: str) -> dict[str, Any]:
    """A consent the demo participant has given (employers)."""
    return {"kind": "employers"}


# A participant's consents are always their own: the URL names a kind, never a participant.
OWN_CONSENTS_ONLY = (
    "the URL names a kind of consent, and the participant is always the one signed in"
)


def _referral(demo: Demo, scope: str) -> dict[str, Any]:
    from app.cases.models import Referral

    town = demo.municipality(scope)
    return {"referral_id": demo.first(Referral, Referral.municipality_id == town.id).id}


def _participant(demo: Demo, scope: str) -> dict[str, Any]:
    from app.cases.models import Participant

    town = demo.municipality(scope)
    return {"participant_id": demo.first(Participant, Participant.municipality_id == town.id).id}


def _published_framework(demo: Demo, scope: str) -> dict[str, Any]:
    from app.frameworks.models import Framework

    return {"framework_id": demo.first(Framework, Framework.status == "published").id}


def _statistics_table(demo: Demo, scope: str) -> dict[str, Any]:
    return {"key": "inflow_months"}


def _api_client(demo: Demo, scope: str) -> dict[str, Any]:
    """A client of the scope's municipality (made when the demo data has none)."""
    from app.api.services import register_client

    town = demo.municipality(scope)
    found = db_scalar_client(town.id)
    if found is None:
        found, _secret = register_client(town, f"Matrix {scope}", ["cases:read"], None)
    return {"client_id": found.id}


def db_scalar_client(municipality_id: int):
    import sqlalchemy as sa

    from app.api.models import ApiClient
    from app.extensions import db

    query = sa.select(ApiClient).where(ApiClient.municipality_id == municipality_id)
    return db.session.scalar(query.order_by(ApiClient.id).limit(1))


def _unit(demo: Demo, scope: str) -> dict[str, Any]:
    return {"unit_id": demo.unit(scope).id}


def _outcome(demo: Demo, scope: str) -> dict[str, Any]:
    return {"outcome_id": demo.outcome(scope).id}


def _criterion(demo: Demo, scope: str) -> dict[str, Any]:
    return {"criterion_id": demo.criterion(scope).id}


def _item(demo: Demo, scope: str) -> dict[str, Any]:
    return {"kind": "units", "item_id": demo.unit(scope).id}


def _staff_link(demo: Demo, scope: str) -> dict[str, Any]:
    """ "own": the demo manager's employee; "other": an employee a manager of Timrå referred
    (made the first time: the demo data has no manager there)."""
    from app.staff.models import StaffReferral

    if scope == "own":
        manager = demo.account("manager")
        return {"link_id": demo.first(StaffReferral, StaffReferral.manager_id == manager.id).id}
    import sqlalchemy as sa

    from app.cases.models import Referral
    from app.cases.vocab import ConsentKind
    from app.extensions import db
    from tests.cases.factories import give_consent

    referral = demo.of_municipality(Referral, "other")
    found = db.session.scalar(
        sa.select(StaffReferral.id).where(StaffReferral.referral_id == referral.id)
    )
    if found is None:
        other = demo.user("coach", "other")  # stands in for Timrå's manager
        consent = give_consent(referral.participant, ConsentKind.MANAGER, other)
        link = StaffReferral(
            referral=referral, consent=consent, manager=other, employee_name="Anställd i Timrå"
        )
        db.session.add(link)
        db.session.flush()
        found = link.id
    return {"link_id": found}


# cases, mapping, assessments, certificates, employers: objects on cases of each municipality
def _case(demo: Demo, scope: str) -> dict[str, Any]:
    return {"case_id": demo.case(scope).id}


def _participant(demo: Demo, scope: str) -> dict[str, Any]:
    return {"participant_id": demo.case(scope).participant_id}


def _referral(demo: Demo, scope: str) -> dict[str, Any]:
    from app.cases.models import Referral

    return {"referral_id": demo.of_municipality(Referral, scope).id}


def _import(demo: Demo, scope: str) -> dict[str, Any]:
    """An upload of one good referral row, waiting for its confirmation, made by the demo
    coach ("own") or by Timrå's coach ("other")."""
    from datetime import timedelta

    from app.cases.personal_numbers import with_check_digit
    from app.db import today, utcnow
    from app.extensions import db
    from app.imports.models import Import
    from app.imports.vocab import ImportKind

    user = demo.account("coach") if scope == "own" else demo.user("coach", scope)
    digits = with_check_digit("19910214" + ("771" if scope == "own" else "772"))
    clean = {
        "personal_number": digits,
        "is_coordination_number": False,
        "first_name": "Gate",
        "last_name": "Importsson",
        "phone": None,
        "email": None,
        "source": "social_services",
        "referring_officer": None,
        "referrer_contact": None,
        "referred_on": today().isoformat(),
        "reason": "Försörjningsstöd",
        "goal": None,
    }
    raw = {key: value or "" for key, value in clean.items() if key != "is_coordination_number"}
    raw["source"] = "Socialtjänsten"  # as the file says it; `clean` holds the code
    item = Import(
        kind=ImportKind.REFERRALS,
        owner_id=user.id,
        municipality_id=user.municipality_id,
        file_name="remisser.csv",
        rows=[{"n": 2, "raw": raw, "clean": clean, "words": None}],
        row_count=1,
        error_count=0,
        expires_at=utcnow() + timedelta(days=1),
    )
    db.session.add(item)
    db.session.flush()
    return {"import_id": item.id}


def _duplicate(demo: Demo, scope: str) -> dict[str, Any]:
    from app.cases.models import ProbableDuplicate

    return {"duplicate_id": demo.of_municipality(ProbableDuplicate, scope).id}


def _transfer(demo: Demo, scope: str) -> dict[str, Any]:
    from app.cases.models import Transfer

    wanted = demo.municipality(scope).id
    return {"transfer_id": demo.first(Transfer, Transfer.to_municipality_id == wanted).id}


def _case_child(model_name: str, key: str):
    def build(demo: Demo, scope: str) -> dict[str, Any]:
        from app.cases import models

        child = demo.of_case(getattr(models, model_name), scope)
        return {"case_id": child.case_id, key: child.id}

    return build


def _mapping(demo: Demo, scope: str) -> dict[str, Any]:
    from app.mapping.models import Mapping

    return {"mapping_id": demo.of_case(Mapping, scope).id}


def _mapping_unit(demo: Demo, scope: str) -> dict[str, Any]:
    from app.frameworks.models import Framework
    from app.mapping.models import Mapping

    mapping = demo.of_case(Mapping, scope)
    framework = demo.first(Framework, Framework.id == mapping.framework_id)
    return {"mapping_id": mapping.id, "unit_id": framework.units[0].id}


def _evidence(demo: Demo, scope: str) -> dict[str, Any]:
    from app.mapping.models import Evidence

    return {"evidence_id": demo.of_case(Evidence, scope).id}


def _assessment(demo: Demo, scope: str) -> dict[str, Any]:
    from app.assessments.models import Assessment

    return {"assessment_id": demo.of_case(Assessment, scope).id}


def _assessment_unit(demo: Demo, scope: str) -> dict[str, Any]:
    from app.assessments.models import AssessmentUnit

    row = demo.of_case(AssessmentUnit, scope)
    return {"assessment_id": row.assessment_id, "unit_id": row.unit_id}


def _attachment(demo: Demo, scope: str) -> dict[str, Any]:
    row = demo.attachment(scope)
    return {"assessment_id": row.assessment_id, "attachment_id": row.id}


def _assessment_evidence(demo: Demo, scope: str) -> dict[str, Any]:
    from app.assessments.models import Assessment
    from app.mapping.models import Evidence

    evidence = demo.of_case(Evidence, scope)
    case_id = demo._case_id_of(evidence)
    assessment = demo.first(Assessment, Assessment.case_id == case_id)
    return {"assessment_id": assessment.id, "evidence_id": evidence.id}


def _exam_row(demo: Demo, scope: str):
    from app.assessments.models import AssessmentUnit

    return demo.of_case(AssessmentUnit, scope, AssessmentUnit.items.any())


def _exam_unit(demo: Demo, scope: str) -> dict[str, Any]:
    row = _exam_row(demo, scope)
    return {"assessment_id": row.assessment_id, "unit_id": row.unit_id}


def _exam_item(demo: Demo, scope: str) -> dict[str, Any]:
    row = _exam_row(demo, scope)
    return {"assessment_id": row.assessment_id, "item_id": row.items[0].id}


def _decision(demo: Demo, scope: str) -> dict[str, Any]:
    from app.assessments.models import UnitDecision

    return {"decision_id": demo.of_case(UnitDecision, scope).id}


def _municipality_code(demo: Demo, scope: str) -> dict[str, Any]:
    return {"municipality_code": demo.municipality(scope).code}


def _issuer_key(demo: Demo, scope: str) -> dict[str, Any]:
    from app.certificates.credentials import keys

    municipality = demo.municipality(scope)
    return {"municipality_code": municipality.code, "kid": keys.issuer_key(municipality).kid}


def _certificate(demo: Demo, scope: str) -> dict[str, Any]:
    from app.certificates.models import Certificate

    return {"certificate_id": demo.of_municipality(Certificate, scope).id}


def _certificate_code(demo: Demo, scope: str) -> dict[str, Any]:
    from app.certificates.models import Certificate

    return {"code": demo.of_municipality(Certificate, scope).verification_code}


def _certificate_unit(demo: Demo, scope: str) -> dict[str, Any]:
    from app.certificates.models import Certificate

    certificate = demo.of_municipality(Certificate, scope)
    return {"certificate_id": certificate.id, "unit_id": certificate.units[0].id}


def _need(demo: Demo, scope: str) -> dict[str, Any]:
    return {"need_id": demo.need(scope).id}


def _introduction(demo: Demo, scope: str) -> dict[str, Any]:
    return {"introduction_id": demo.introduction(scope).id}


def _candidate(demo: Demo, scope: str) -> dict[str, Any]:
    """A demo candidate's card as the demo employer's links name it ("own"), and the token
    under which the other employer's links name the same person ("other", for the demo
    employer a 404)."""
    from flask import current_app

    from app.cases.models import Participant
    from app.employers.pseudonyms import candidate_token
    from app.employers.queries import candidate_condition

    person = demo.first(Participant, candidate_condition())
    employer = demo.employer(scope)
    return {"token": candidate_token(current_app.config["SECRET_KEY"], employer.id, person.id)}


def _placement(demo: Demo, scope: str) -> dict[str, Any]:
    return {"placement_id": demo.placement(scope).id}


def _placement_follow_up(demo: Demo, scope: str) -> dict[str, Any]:
    placement = demo.placement(scope)
    return {"placement_id": placement.id, "follow_up_id": placement.follow_ups[0].id}


# reports: the statistics are the user's own scope; jobs and projects are built when missing
REPORT_READERS = expect(403, admin=200, coach=200, regional=200)
REPORT_JOB = expect(403, coach=(200, 404), admin=404, regional=404)


def _report_table(demo: Demo, scope: str) -> dict[str, Any]:
    return {"key": "outcomes", "file_format": "csv"}


def _report_export(demo: Demo, scope: str) -> dict[str, Any]:
    """A finished export of the demo coach ("own") or of Timrå's coach ("other")."""
    from app.reports.jobs import create_export
    from app.reports.vocab import ExportFormat, ExportKind, ExportStatus

    user = demo.account("coach") if scope == "own" else demo.user("coach", "other")
    job = create_export(ExportKind.DASHBOARD, ExportFormat.XLSX, user, {})
    job.status, job.progress, job.file_name, job.content = ExportStatus.DONE, 100, "a.xlsx", b"PK"
    job.finished_at = job.created_at
    return {"export_id": job.id}


def _failed_mail(demo: Demo, scope: str) -> dict[str, Any]:
    """An undelivered message to a coach of the scope's municipality."""
    from app.extensions import db
    from app.mail.models import OutgoingMail
    from app.mail.vocab import MailStatus

    coach = demo.user("coach", scope)
    mail = OutgoingMail(
        to_address=coach.email,
        subject="Välkommen till Validera",
        text="En länk",
        language="sv",
        municipality_id=coach.municipality_id,
        status=MailStatus.FAILED,
        attempts=6,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )
    db.session.add(mail)
    db.session.flush()
    return {"mail_id": mail.id}


def _webhook(demo: Demo, scope: str) -> dict[str, Any]:
    """A webhook of an API client of the scope's municipality (made the first time: the demo
    data has none). Its address refuses connections at once, should an event be sent to it."""
    import sqlalchemy as sa

    from app.extensions import db
    from app.webhooks.models import Webhook
    from app.webhooks.queries import api_client_model
    from app.webhooks.sealing import seal
    from app.webhooks.signing import new_secret

    municipality = demo.municipality(scope)
    client_model = api_client_model()
    found = db.session.scalar(
        sa.select(Webhook.id)
        .join(Webhook.client)
        .where(client_model.municipality_id == municipality.id, Webhook.url.contains(":9/"))
    )
    if found is None:
        client = client_model(
            municipality_id=municipality.id,
            name=f"Matrisens system {municipality.code}",
            client_id=f"matrix-{municipality.code}",
            secret_hash="not-used",
            scopes="cases:read",
        )
        hook = Webhook(
            client=client,
            url="http://127.0.0.1:9/validera",
            events="referral.decided",
            sealed_secret=seal(new_secret()),
        )
        db.session.add(hook)
        db.session.flush()
        found = hook.id
    return {"webhook_id": found}


def _webhook_delivery(demo: Demo, scope: str) -> dict[str, Any]:
    """A failed delivery of the scope's webhook (`_webhook`), to be sent again."""
    import uuid

    from app.extensions import db
    from app.webhooks.models import WebhookDelivery
    from app.webhooks.vocab import DeliveryState, Event

    delivery = WebhookDelivery(
        webhook_id=_webhook(demo, scope)["webhook_id"],
        event_id=f"evt_{uuid.uuid4().hex}",
        event=Event.REFERRAL_DECIDED,
        body="{}",
        state=DeliveryState.FAILED,
        attempts=6,
        last_status_code=500,
    )
    db.session.add(delivery)
    db.session.flush()
    return {"delivery_id": delivery.id}


def _funding_project(demo: Demo, scope: str) -> dict[str, Any]:
    """Härnösand's own project ("own"); a project of Timrå, made when missing ("other")."""
    from datetime import date

    import sqlalchemy as sa

    from app.extensions import db
    from app.reports.models import FundingProject

    town = demo.municipality(scope)
    query = sa.select(FundingProject.id).where(FundingProject.municipality_id == town.id)
    found = db.session.scalar(query.limit(1))
    if found is None:
        project = FundingProject(
            name="Timråprojektet", code="TIM-1", municipality=town, starts_on=date(2025, 1, 1)
        )
        db.session.add(project)
        db.session.flush()
        found = project.id
    return {"project_id": found}


def _participation(first: bool) -> ArgsBuilder:
    """A participation in a funding project: the first is ended, the last one removed."""

    def build(demo: Demo, scope: str) -> dict[str, Any]:
        import sqlalchemy as sa

        from app.cases.models import Case
        from app.extensions import db
        from app.reports.models import FundingParticipation

        if first:
            return {"participation_id": demo.of_case(FundingParticipation, scope).id}
        order = [FundingParticipation.id.desc()]
        if scope == "own":  # the demo coach's own cases first
            order.insert(0, Case.coach_id != demo.account("coach").id)
        query = (
            sa.select(FundingParticipation.id)
            .join(Case, Case.id == FundingParticipation.case_id)
            .where(Case.municipality_id == demo.municipality(scope).id)
            .order_by(*order)
        )
        return {"participation_id": db.session.scalars(query).first()}

    return build


# Frameworks belong to no municipality: for them "own" is a published version and "other" a
# draft, which only the system administrator sees. A published version cannot be edited: its
# editor pages send the system administrator back to the framework (302).
FRAMEWORK_READERS = expect(200, regional=403, manager=403)
FRAMEWORK_PAGE = expect((200, 404), system_admin=200, regional=403, manager=403)
DRAFT_EDITOR = expect(403, system_admin=(302, 200))
# a POST without the form's fields keeps a draft's stored values, so it is saved (302)
DRAFT_SAVE = expect(403, system_admin=302)
FRAMEWORK_ACTION = expect(403, system_admin=302)

NO_SESSION = "a session is named by a hash of its key, made at login: the demo data names none"
NO_PASSKEY = "a passkey is made by an authenticator in the browser: the demo data has none"
ASSESSMENTS_OWN_ONLY = "only Härnösand's assessments are probed; Timrå's statuses are still to add"

TABLE: dict[str, Route] = {
    # main: home and static pages
    # a participant's home is My page
    "main.home": Route(GET=expect(200, participant=302)),
    "main.accessibility": Route(GET=PUBLIC),
    # each municipality's statement and its feedback form, open to anyone (a POST without the
    # form's fields shows the form again with its errors)
    "main.accessibility_of": Route(GET=PUBLIC, args=_municipality),
    "main.accessibility_feedback": Route(POST=PUBLIC, args=_municipality),
    "main.privacy": Route(GET=PUBLIC),
    # auth: a logged-in user asking for the login page is sent home
    "auth.login": Route(GET=expect(302, anonymous=200), POST=expect(302, anonymous=200)),
    "auth.logout": Route(POST=expect(LOGIN, participant=LOGIN)),
    "auth.terms": Route(GET=LOGGED_IN, POST=LOGGED_IN),
    "auth.language": Route(POST=expect(302, anonymous=302)),
    "auth.change_password": Route(GET=LOGGED_IN, POST=LOGGED_IN),
    "auth.end_all_sessions": Route(POST=expect(LOGIN)),  # log out everywhere
    # one's own sessions: the list, one ended (a handle naming none of one's live sessions is
    # a 404), all the others ended (this one stays)
    "auth.sessions": Route(GET=LOGGED_IN),
    "auth.end_session": Route(POST=expect(404), no_object=NO_SESSION),
    "auth.end_others": Route(POST=expect(302)),
    # an administrator ends the sessions of an account they manage (as admin.user_active)
    "auth.admin_end_sessions": Route(
        POST=expect(403, admin=(302, 404), system_admin=404), args=_user
    ),
    "auth.admin_end_session": Route(
        POST=expect(403, admin=404, system_admin=404), no_object=NO_SESSION
    ),
    # password reset by a mailed link: anyone may ask, and anyone holding a link may use it
    # (a link that does not exist is 404; one expired or used, 410)
    "auth.forgot_password": Route(GET=PUBLIC, POST=PUBLIC),
    "auth.reset_password": Route(GET=PUBLIC, POST=PUBLIC, args=_reset_link),
    # The second factor: one's own authenticator app (the forms sent empty show their errors),
    # the code after the password (without a password typed first: back to the login page), and
    # the system administrator's policy per role.
    "auth.two_factor": Route(GET=LOGGED_IN),
    "auth.two_factor_start": Route(POST=expect(302)),
    "auth.two_factor_confirm": Route(POST=LOGGED_IN),
    "auth.recovery_codes": Route(POST=LOGGED_IN),
    "auth.two_factor_remove": Route(POST=LOGGED_IN),
    "auth.login_code": Route(
        GET=expect(302, anonymous=LOGIN, participant=302),
        POST=expect(302, anonymous=LOGIN, participant=302),
    ),
    "auth.factor_policy": Route(GET=SYSTEM_ONLY, POST=SYSTEM_ACTION),
    # single sign-on: the municipality administrator connects the municipality's own logins and
    # sets who gets in (a form sent empty keeps what is saved, a new one shows its errors); a
    # login of another municipality is 404. The button of a login that is off is 404 for all.
    "auth.sign_in_settings": Route(GET=ADMIN_ONLY, POST=ADMIN_ACTION),
    "auth.provider_new": Route(
        GET=ADMIN_ONLY, POST=ADMIN_ONLY, args=lambda demo, scope: {"kind": "oidc"}
    ),
    "auth.provider_edit": Route(
        GET=expect(403, admin=(200, 404)), POST=expect(403, admin=(302, 404)), args=_provider
    ),
    "auth.provider_delete": Route(POST=expect(403, admin=(302, 404)), args=_provider),
    "auth.sso_login": Route(GET=expect(404, anonymous=404), args=_provider),
    # the OpenID provider's answer: without a sign-in begun in this browser, everyone is sent to
    # the login page with the reason
    "auth.oidc_callback": Route(GET=expect(LOGIN, participant=LOGIN)),
    # Passkeys and security keys: the options for adding one (JSON; sent without a name, 422),
    # adding one (the form sent empty shows its errors), removing one's own (the demo data has
    # none), and the second step with a key (without a password typed first: the login page).
    "auth.passkey_options": Route(POST=expect(422)),
    "auth.passkey_add": Route(POST=LOGGED_IN),
    "auth.passkey_remove": Route(GET=LOGGED_IN, POST=LOGGED_IN, no_object=NO_PASSKEY),
    "auth.login_passkey_options": Route(POST=expect(302, anonymous=LOGIN, participant=302)),
    "auth.login_passkey": Route(POST=expect(302, anonymous=LOGIN, participant=302)),
    # SAML 2.0: Validera's metadata is public; the identity provider's answer is posted by its
    # page, so anyone may post it (an empty one is refused: the login page says why)
    "auth.saml_metadata": Route(GET=PUBLIC),
    "auth.saml_acs": Route(POST=expect(LOGIN, participant=LOGIN)),
    # admin: the municipality administrator manages the accounts of their municipality (the
    # demo's coaches), the system administrator municipalities, employer organisations and
    # administrators' accounts (no coach's: 404)
    "admin.index": Route(GET=ADMINS),
    "admin.users": Route(GET=ADMINS),
    "admin.user_new": Route(GET=ADMINS, POST=ADMINS),
    "admin.user_edit": Route(
        GET=expect(403, admin=(200, 404), system_admin=404),
        POST=expect(403, admin=(200, 404), system_admin=404),
        args=_user,
    ),
    "admin.user_active": Route(POST=expect(403, admin=(302, 404), system_admin=404), args=_user),
    "admin.user_reset_password": Route(
        GET=expect(403, admin=(200, 404), system_admin=404),
        POST=expect(403, admin=(302, 404), system_admin=404),
        args=_user,
    ),
    # a new welcome link for a person who has never logged in (refused, as a flash, otherwise)
    "admin.user_welcome_link": Route(
        POST=expect(403, admin=(302, 404), system_admin=404), args=_user
    ),
    # the accessibility statement: the municipality's own administrator, or the system
    # administrator (a POST without the form's fields shows its errors)
    "admin.municipality_accessibility": Route(
        GET=expect(403, admin=(200, 404), system_admin=200),
        POST=expect(403, admin=(200, 404), system_admin=200),
        args=_municipality,
    ),
    "admin.municipalities": Route(GET=SYSTEM_ONLY),
    # a POST without the form's fields keeps the stored values, so it is accepted (302)
    "admin.municipality_edit": Route(
        GET=SYSTEM_ONLY,
        POST=SYSTEM_ACTION,
        args=_municipality,
        by_rule={"/admin/municipalities/new": Route(GET=SYSTEM_ONLY, POST=SYSTEM_ONLY)},
    ),
    "admin.employers": Route(GET=SYSTEM_ONLY),
    # a POST without the form's fields keeps the stored values, so it is accepted (302)
    "admin.employer_edit": Route(
        GET=SYSTEM_ONLY,
        POST=SYSTEM_ACTION,
        args=_employer,
        by_rule={"/admin/employers/new": Route(GET=SYSTEM_ONLY, POST=SYSTEM_ONLY)},
    ),
    "admin.audit": Route(GET=ADMINS),
    # the API answers bearer tokens only: a session, whoever's, is no one (401); what each
    # scope gets with a token is API_TABLE's (below). Its document and page are public.
    "api.token": Route(POST=expect(422, anonymous=422)),
    "api.create_referral": Route(POST=BEARER_ONLY),
    "api.referral": Route(GET=BEARER_ONLY, args=_referral),
    "api.cases": Route(GET=BEARER_ONLY),
    "api.certificates": Route(GET=BEARER_ONLY, args=_participant),
    "api.certificate_search": Route(POST=BEARER_ONLY),
    "api.statistics": Route(GET=BEARER_ONLY),
    "api.statistics_table_of": Route(GET=BEARER_ONLY, args=_statistics_table),
    "api.frameworks": Route(GET=BEARER_ONLY),
    "api.framework": Route(GET=BEARER_ONLY, args=_published_framework),
    "api.framework_import": Route(POST=BEARER_ONLY),
    "api.webhooks": Route(GET=BEARER_ONLY),
    "api.create_webhook": Route(POST=BEARER_ONLY),
    "api.remove_webhook": Route(DELETE=BEARER_ONLY, args=_webhook),
    "api_docs.openapi": Route(GET=PUBLIC),
    "api_docs.documentation": Route(GET=PUBLIC),
    "api_clients.index": Route(GET=ADMIN_ONLY),
    "api_clients.new": Route(GET=ADMIN_ONLY, POST=ADMIN_ONLY),
    "api_clients.show": Route(GET=expect(403, admin=(200, 404)), args=_api_client),
    "api_clients.secret": Route(POST=expect(403, admin=(200, 404)), args=_api_client),
    "api_clients.disable": Route(POST=expect(403, admin=(302, 404)), args=_api_client),
    "api_clients.enable": Route(POST=expect(403, admin=(302, 404)), args=_api_client),
    # frameworks: read by staff and employers, shared by every municipality and managed by the
    # system administrator
    "frameworks.index": Route(GET=FRAMEWORK_READERS),
    "frameworks.show": Route(GET=FRAMEWORK_PAGE, args=_framework),
    "frameworks.export": Route(GET=FRAMEWORK_PAGE, args=_framework),
    "frameworks.new": Route(GET=SYSTEM_ONLY, POST=SYSTEM_ONLY),
    "frameworks.edit": Route(GET=DRAFT_EDITOR, POST=DRAFT_SAVE, args=_framework),
    "frameworks.publish": Route(POST=FRAMEWORK_ACTION, args=_framework),
    "frameworks.retire": Route(POST=FRAMEWORK_ACTION, args=_framework),
    "frameworks.new_version": Route(POST=FRAMEWORK_ACTION, args=_framework),
    "frameworks.delete": Route(POST=FRAMEWORK_ACTION, args=_framework),
    "frameworks.import_file": Route(GET=SYSTEM_ONLY, POST=SYSTEM_ONLY),
    "frameworks.unit_new": Route(GET=DRAFT_EDITOR, POST=DRAFT_EDITOR, args=_framework),
    "frameworks.unit_edit": Route(GET=DRAFT_EDITOR, POST=DRAFT_SAVE, args=_unit),
    "frameworks.outcome_new": Route(GET=DRAFT_EDITOR, POST=DRAFT_EDITOR, args=_unit),
    "frameworks.outcome_edit": Route(GET=DRAFT_EDITOR, POST=DRAFT_SAVE, args=_outcome),
    "frameworks.criterion_new": Route(GET=DRAFT_EDITOR, POST=DRAFT_EDITOR, args=_outcome),
    "frameworks.criterion_edit": Route(GET=DRAFT_EDITOR, POST=DRAFT_SAVE, args=_criterion),
    "frameworks.move": Route(POST=FRAMEWORK_ACTION, args=_item),
    "frameworks.remove": Route(POST=FRAMEWORK_ACTION, args=_item),
    # cases: coaches and administrators of the case's municipality; others see nothing (404)
    "cases.activity_add": Route(POST=expect(404, admin=(200, 404), coach=(200, 404)), args=_case),
    "cases.activity_status": Route(
        POST=expect(404, admin=(302, 404), coach=(302, 404)),
        args=_case_child("PlanActivity", "activity_id"),
    ),
    "cases.adaptation_add": Route(POST=expect(404, admin=(200, 404), coach=(200, 404)), args=_case),
    "cases.adaptation_remove": Route(
        POST=expect(404, admin=302, coach=302),
        args=_case_child("Adaptation", "adaptation_id"),
        no_other="the demo data has no adaptation in Timrå",
    ),
    "cases.adaptations": Route(GET=expect(404, admin=(200, 404), coach=(200, 404)), args=_case),
    "cases.case": Route(GET=expect(404, admin=(200, 404), coach=(200, 404)), args=_case),
    "cases.close": Route(
        GET=expect(404, admin=(200, 404), coach=(200, 404)),
        POST=expect(404, admin=(200, 404), coach=(200, 404)),
        args=_case,
    ),
    "cases.consent": Route(POST=expect(404, admin=(200, 404), coach=(200, 404)), args=_participant),
    "cases.details": Route(
        GET=expect(404, admin=(200, 404), coach=(200, 404)),
        POST=expect(404, admin=(302, 404), coach=(302, 404)),
        args=_case,
    ),
    "cases.follow_up_add": Route(POST=expect(404, admin=(200, 404), coach=(200, 404)), args=_case),
    "cases.follow_up_done": Route(
        POST=expect(404, admin=(302, 404), coach=(302, 404)),
        args=_case_child("FollowUp", "follow_up_id"),
    ),
    "cases.goal_add": Route(POST=expect(404, admin=(200, 404), coach=(200, 404)), args=_case),
    "cases.goal_status": Route(
        POST=expect(404, admin=(302, 404), coach=(302, 404)),
        args=_case_child("PlanGoal", "goal_id"),
    ),
    "cases.inbox": Route(GET=expect(403, admin=200, coach=200)),
    # imports: coaches and administrators import referrals, administrators staff; an upload is
    # seen and confirmed by the one who made it only (another person's is 404)
    "imports.referrals_new": Route(
        GET=expect(403, admin=200, coach=200), POST=expect(403, admin=200, coach=200)
    ),
    "imports.staff_new": Route(GET=ADMIN_ONLY, POST=ADMIN_ONLY),
    "imports.referrals_template": Route(GET=expect(403, admin=200, coach=200)),
    "imports.staff_template": Route(GET=ADMIN_ONLY),
    "imports.preview": Route(GET=expect(403, admin=404, coach=(200, 404)), args=_import),
    "imports.errors_file": Route(GET=expect(403, admin=404, coach=(200, 404)), args=_import),
    "imports.confirm": Route(POST=expect(403, admin=404, coach=(302, 404)), args=_import),
    "cases.incoming": Route(GET=expect(403, coach=(200, 404)), args=_transfer),
    "cases.incoming_accept": Route(POST=expect(403, coach=(302, 404)), args=_transfer),
    "cases.incoming_reject": Route(POST=expect(403, coach=(200, 404)), args=_transfer),
    "cases.index": Route(GET=expect(403, admin=200, coach=200)),
    # only coaches ever read or write a journal: other roles get 403 before the case is loaded
    "cases.journal": Route(GET=expect(403, coach=(200, 404)), args=_case),
    "cases.journal_add": Route(POST=expect(403, coach=(200, 404)), args=_case),
    # only the case's own coach summons the participant
    "cases.summons": Route(
        GET=expect(403, coach=(200, 404)), POST=expect(403, coach=(200, 404)), args=_case
    ),
    "cases.move": Route(POST=expect(404, admin=(200, 404), coach=(200, 404)), args=_case),
    "cases.participant": Route(
        GET=expect(404, admin=(200, 404), coach=(200, 404)), args=_participant
    ),
    "cases.participant_edit": Route(
        GET=expect(404, admin=(200, 404), coach=(200, 404)),
        POST=expect(404, admin=(200, 404), coach=(200, 404)),
        args=_participant,
    ),
    "cases.pause": Route(
        GET=expect(404, admin=(200, 404), coach=(200, 404)),
        POST=expect(404, admin=(200, 404), coach=(200, 404)),
        args=_case,
    ),
    "cases.plan": Route(GET=expect(404, admin=(200, 404), coach=(200, 404)), args=_case),
    "cases.reassign": Route(
        GET=expect(404, admin=(200, 404), coach=(200, 404)),
        POST=expect(404, admin=(200, 404), coach=(200, 404)),
        args=_case,
    ),
    "cases.referral": Route(GET=expect(403, admin=(200, 404), coach=(200, 404)), args=_referral),
    "cases.referral_accept": Route(POST=expect(403, coach=(302, 404)), args=_referral),
    # Without the version the page showed, the choice is refused and the page shown again.
    "cases.referral_same_person": Route(POST=expect(403, coach=(302, 404)), args=_referral),
    "cases.referral_number": Route(POST=expect(403, coach=(200, 404)), args=_referral),
    "cases.duplicate": Route(
        GET=expect(403, admin=(200, 404), coach=(200, 404)),
        args=_duplicate,
        no_other=NO_OTHER_DUPLICATE,
    ),
    "cases.duplicate_merge": Route(
        POST=expect(403, admin=(302, 404), coach=(302, 404)),
        args=_duplicate,
        no_other=NO_OTHER_DUPLICATE,
    ),
    "cases.duplicate_dismiss": Route(
        POST=expect(403, admin=(302, 404), coach=(302, 404)),
        args=_duplicate,
        no_other=NO_OTHER_DUPLICATE,
    ),
    "cases.personal_number": Route(
        GET=expect(404, admin=(200, 404), coach=(200, 404)),
        POST=expect(404, admin=(200, 404), coach=(200, 404)),
        args=_participant,
    ),
    "cases.referral_edit": Route(
        GET=expect(403, admin=(302, 404), coach=(302, 404)),
        POST=expect(403, admin=(302, 404), coach=(302, 404)),
        args=_referral,
    ),
    "cases.referral_new": Route(
        GET=expect(403, admin=200, coach=200), POST=expect(403, admin=200, coach=200)
    ),
    "cases.referral_reject": Route(POST=expect(403, coach=(200, 404)), args=_referral),
    "cases.referral_return": Route(POST=expect(403, coach=(200, 404)), args=_referral),
    "cases.transfer": Route(
        GET=expect(404, admin=(200, 404), coach=(200, 404)),
        POST=expect(404, admin=(200, 404), coach=(200, 404)),
        args=_case,
    ),
    # mapping: the case's coach maps; administrators of the municipality read; only coaches
    # ever change a mapping, so other roles get 403 before anything is loaded
    "mapping.case": Route(GET=expect(404, admin=(200, 404), coach=(200, 404)), args=_case),
    "mapping.choose": Route(POST=expect(403, coach=(302, 404)), args=_case),
    "mapping.deepen": Route(POST=expect(403, coach=(302, 404)), args=_mapping),
    "mapping.evidence_file": Route(GET=expect(404), args=_evidence),
    "mapping.evidence_new": Route(
        GET=expect(403, coach=(200, 404)),
        POST=expect(403, coach=(200, 404)),
        args=_mapping,
    ),
    "mapping.evidence_remove": Route(
        GET=expect(403, coach=(200, 404)),
        POST=expect(403, coach=(302, 404)),
        args=_evidence,
    ),
    # what the participant sent waits for their coach, who accepts or refuses it
    "mapping.evidence_accept": Route(POST=expect(403, coach=(302, 404)), args=_sent_to_coach),
    "mapping.evidence_refuse": Route(
        GET=expect(403, coach=(200, 404)),
        POST=expect(403, coach=(200, 404)),
        args=_sent_to_coach,
    ),
    "mapping.gaps": Route(GET=expect(404, admin=(200, 404), coach=(200, 404)), args=_mapping),
    "mapping.plan": Route(POST=expect(403, coach=(302, 404)), args=_mapping_unit),
    "mapping.show": Route(GET=expect(404, admin=(200, 404), coach=(200, 404)), args=_mapping),
    "mapping.summary": Route(GET=expect(404, admin=(200, 404), coach=(200, 404)), args=_mapping),
    "mapping.unit": Route(
        GET=expect(403, coach=(200, 404)),
        POST=expect(403, coach=(302, 404)),
        args=_mapping_unit,
    ),
    # assessments: coaches plan, assessors record and decide, internal verifiers verify
    # (the demo verifier is also an assessor: another assessor's work is outside their scope)
    # Timrå's attachment is on an assessment of the demo assessor of Härnösand; the demo
    # verifier reads attachments of the municipality but removes only their own
    "assessments.attachment_file": Route(
        GET=expect(403, coach=(200, 404), assessor=200, internal_verifier=(200, 404)),
        args=_attachment,
    ),
    "assessments.attachment_new": Route(
        GET=expect(403, assessor=200, internal_verifier=404),
        POST=expect(403, assessor=200, internal_verifier=404),
        args=_assessment,
        no_other=ASSESSMENTS_OWN_ONLY,
    ),
    "assessments.attachment_remove": Route(
        POST=expect(403, assessor=302, internal_verifier=404),
        args=_attachment,
    ),
    "assessments.cancel": Route(
        POST=expect(403, coach=302),
        args=_assessment,
        no_other=ASSESSMENTS_OWN_ONLY,
    ),
    "assessments.move": Route(
        GET=expect(403, coach=200),
        POST=expect(403, coach=200),
        args=_assessment,
        no_other=ASSESSMENTS_OWN_ONLY,
    ),
    "assessments.correct": Route(
        GET=expect(403, assessor=200, internal_verifier=404),
        POST=expect(403, assessor=200, internal_verifier=404),
        args=_decision,
        no_other=ASSESSMENTS_OWN_ONLY,
    ),
    "assessments.decide": Route(
        GET=expect(403, assessor=200, internal_verifier=404),
        POST=expect(403, assessor=200, internal_verifier=404),
        args=_assessment_unit,
        no_other=ASSESSMENTS_OWN_ONLY,
    ),
    "assessments.decision": Route(
        GET=expect(403, coach=200, assessor=200, internal_verifier=200, external_verifier=200),
        args=_decision,
        no_other=ASSESSMENTS_OWN_ONLY,
    ),
    "assessments.evidence_download": Route(
        GET=expect(403, coach=200, assessor=200, internal_verifier=200),
        no_object="the demo data has no assessment with mapping evidence",
    ),
    "assessments.external_index": Route(GET=expect(403, external_verifier=200)),
    "assessments.external_report": Route(
        POST=expect(403, external_verifier=200), args=_municipality
    ),
    "assessments.external_sample": Route(
        GET=expect(403, external_verifier=200), args=_municipality
    ),
    "assessments.index": Route(GET=expect(403, coach=200, assessor=200, internal_verifier=200)),
    "assessments.items": Route(
        GET=expect(403, assessor=200, internal_verifier=404),
        POST=expect(403, assessor=200, internal_verifier=404),
        args=_exam_unit,
        no_other=ASSESSMENTS_OWN_ONLY,
    ),
    "assessments.item_edit": Route(
        GET=expect(403, assessor=200, internal_verifier=404),
        POST=expect(403, assessor=200, internal_verifier=404),
        args=_exam_item,
        no_other=ASSESSMENTS_OWN_ONLY,
    ),
    "assessments.item_remove": Route(
        POST=expect(403, assessor=302, internal_verifier=404),
        args=_exam_item,
        no_other=ASSESSMENTS_OWN_ONLY,
    ),
    "assessments.plan": Route(
        GET=expect(403, coach=(200, 404)), POST=expect(403, coach=(200, 404)), args=_case
    ),
    "assessments.queue": Route(GET=expect(403, internal_verifier=200, admin=200)),
    "assessments.results": Route(
        GET=expect(403, assessor=200, internal_verifier=404),
        POST=expect(403, assessor=200, internal_verifier=404),
        args=_assessment,
        no_other=ASSESSMENTS_OWN_ONLY,
    ),
    "assessments.return_to_assessor": Route(
        POST=expect(403, internal_verifier=200),
        args=_decision,
        no_other=ASSESSMENTS_OWN_ONLY,
    ),
    "assessments.revise": Route(
        GET=expect(403, assessor=200, internal_verifier=404),
        POST=expect(403, assessor=200, internal_verifier=404),
        args=_decision,
        no_other=ASSESSMENTS_OWN_ONLY,
    ),
    "assessments.settings": Route(GET=expect(403, admin=200)),
    # a municipality administrator sets their own municipality's sampling only
    "assessments.settings_edit": Route(
        GET=expect(403, admin=(200, 404)), POST=expect(403, admin=(200, 404)), args=_municipality
    ),
    "assessments.show": Route(
        GET=expect(403, coach=200, assessor=200, internal_verifier=200),
        args=_assessment,
        no_other=ASSESSMENTS_OWN_ONLY,
    ),
    # the demo assessor of Härnösand also assesses a case of Timrå, in the region
    "assessments.sign": Route(
        GET=expect(403, assessor=(404, 200), internal_verifier=404),
        POST=expect(403, assessor=(404, 200), internal_verifier=404),
        args=_case,
    ),
    "assessments.training": Route(
        GET=expect(403, coach=(200, 404)), POST=expect(403, coach=(200, 404)), args=_case
    ),
    "assessments.verify": Route(
        POST=expect(403, internal_verifier=302),
        args=_decision,
        no_other=ASSESSMENTS_OWN_ONLY,
    ),
    "assessments.case_overview": Route(GET=expect(403, coach=(200, 404)), args=_case),
    # certificates: staff issue and read; anyone verifies
    "certificates.case_certificates": Route(
        GET=expect(403, admin=(200, 404), coach=(200, 404)), args=_case
    ),
    "certificates.credential": Route(
        GET=expect(403, admin=(200, 404), coach=(200, 404)), args=_certificate
    ),
    "certificates.appearance": Route(GET=expect(403, admin=200), POST=expect(403, admin=302)),
    "certificates.confirm_issue": Route(
        GET=expect(403, admin=(302, 404), coach=(302, 404)), args=_case
    ),
    "certificates.issue": Route(POST=expect(403, admin=(302, 404), coach=(302, 404)), args=_case),
    "certificates.issuer_profile": Route(GET=expect(200, anonymous=200), args=_municipality_code),
    "certificates.jwks": Route(GET=expect(200, anonymous=200), args=_municipality_code),
    "certificates.logo": Route(GET=expect(404, anonymous=404), args=_municipality_code),
    "certificates.participant_certificates": Route(
        GET=expect(403, admin=(200, 404), coach=(200, 404)), args=_participant
    ),
    "certificates.pdf": Route(
        GET=expect(403, admin=(200, 404), coach=(200, 404), employer=(404, 404)),
        args=_certificate,
    ),
    "certificates.preview_pdf": Route(
        GET=expect(403, admin=(404, 404), coach=(404, 404)), args=_case
    ),
    "certificates.public_key": Route(GET=expect(200, anonymous=200), args=_issuer_key),
    "certificates.register": Route(GET=expect(403, admin=200, coach=200)),
    "certificates.revoke": Route(
        GET=expect(403, admin=(200, 404), coach=(200, 404)),
        POST=expect(403, admin=(200, 404), coach=(200, 404)),
        args=_certificate,
    ),
    "certificates.show": Route(
        GET=expect(403, admin=(200, 404), coach=(200, 404)), args=_certificate
    ),
    "certificates.status": Route(GET=expect(200, anonymous=200), args=_certificate_code),
    "certificates.unit_credential": Route(
        GET=expect(403, admin=(200, 404), coach=(200, 404)), args=_certificate_unit
    ),
    "certificates.verify": Route(GET=expect(200, anonymous=200), args=_certificate_code),
    "certificates.verify_credential": Route(POST=expect(200, anonymous=200)),
    "certificates.verify_form": Route(GET=expect(200, anonymous=200)),
    "certificates.verify_lookup": Route(POST=expect(200, anonymous=200)),
    # employers: needs, candidates, introductions and placements
    "employers.candidate": Route(
        GET=expect(403, employer=(200, 404)),
        POST=expect(403, employer=(200, 404)),
        args=_candidate,
    ),
    "employers.coach_candidates": Route(GET=expect(403, coach=200)),
    "employers.contact_new": Route(
        GET=expect(403, coach=200), POST=expect(403, coach=200), args=_employer
    ),
    "employers.employer": Route(
        GET=expect(403, admin=200, coach=200, employer=(200, 404)), args=_employer
    ),
    "employers.index": Route(GET=expect(403, admin=200, coach=200, employer=302)),
    "employers.introduction": Route(
        GET=expect(403, admin=200, coach=200, employer=(200, 404)),
        args=_introduction,
    ),
    # An introduction's "own" and "other" are the employers'; in the demo data the first
    # employer's introduction is for a participant of another municipality, and the other
    # employer's for a participant of Härnösand, whose coach decides it.
    "employers.introduction_accept": Route(POST=expect(403, coach=(404, 200)), args=_introduction),
    "employers.introduction_ask": Route(POST=expect(403, coach=(404, 302)), args=_introduction),
    "employers.introduction_decline": Route(POST=expect(403, coach=(404, 302)), args=_introduction),
    "employers.introductions": Route(GET=expect(403, coach=200, employer=200)),
    "employers.need": Route(GET=expect(403, admin=200, coach=200, employer=(200, 404)), args=_need),
    "employers.need_candidates": Route(
        GET=expect(403, admin=200, coach=200, employer=(200, 404)), args=_need
    ),
    "employers.need_edit": Route(
        GET=expect(403, coach=200, employer=(200, 404)),
        POST=expect(403, coach=200, employer=(200, 404)),
        args=_need,
    ),
    "employers.need_new": Route(
        GET=expect(403, coach=200, employer=(200, 404)),
        POST=expect(403, coach=200, employer=(200, 404)),
        args=_employer,
    ),
    "employers.need_status": Route(POST=expect(403, coach=302, employer=(302, 404)), args=_need),
    "employers.participant_needs": Route(
        GET=expect(403, admin=(200, 404), coach=(200, 404)), args=_participant
    ),
    "employers.placement": Route(
        GET=expect(403, admin=(200, 404), coach=(200, 404)), args=_placement
    ),
    "employers.placement_end": Route(
        POST=expect(403, admin=(200, 404), coach=(200, 404)), args=_placement
    ),
    "employers.placement_follow_up": Route(
        POST=expect(403, admin=(200, 404), coach=(200, 404)), args=_placement_follow_up
    ),
    "employers.placement_new": Route(
        GET=expect(403, coach=(200, 404)), POST=expect(403, coach=(200, 404)), args=_case
    ),
    "employers.profile": Route(
        GET=expect(403, coach=(200, 404)), POST=expect(403, coach=(200, 404)), args=_participant
    ),
    # reports: coaches and admins see their municipality, regional readers the region; export
    # jobs are their maker's alone; funding projects are managed by administrators
    "reports.index": Route(GET=REPORT_READERS),
    "reports.table_file": Route(
        GET=REPORT_READERS, args=_report_table, no_other="a table belongs to no municipality"
    ),
    "reports.export_start": Route(POST=expect(403, admin=302, coach=302, regional=302)),
    "reports.export_status": Route(GET=REPORT_JOB, args=_report_export),
    "reports.export_progress": Route(GET=REPORT_JOB, args=_report_export),
    "reports.export_file": Route(GET=REPORT_JOB, args=_report_export),
    "reports.esf": Route(GET=ADMIN_ONLY, POST=ADMIN_ONLY),
    "reports.projects": Route(GET=ADMIN_ONLY),
    "reports.project_new": Route(GET=ADMIN_ONLY, POST=ADMIN_ONLY),
    "reports.project": Route(
        GET=expect(403, admin=(200, 404)), POST=expect(403, admin=(200, 404)), args=_funding_project
    ),
    "reports.case_funding": Route(GET=expect(403, admin=(200, 404), coach=(200, 404)), args=_case),
    "reports.case_funding_add": Route(
        POST=expect(403, admin=(200, 404), coach=(200, 404)), args=_case
    ),
    "reports.participation_end": Route(
        POST=expect(403, admin=(200, 404), coach=(200, 404)), args=_participation(first=True)
    ),
    "reports.participation_delete": Route(
        POST=expect(403, admin=(302, 404), coach=(302, 404)), args=_participation(first=False)
    ),
    # privacy: administrators; a participant only of the admin's own municipality. An erasure
    # of the demo's first case (open) is refused with a redirect; the export is a ZIP (200).
    "privacy.index": Route(GET=ADMIN_ONLY),
    "privacy.find": Route(POST=ADMIN_ONLY),
    "privacy.participant": Route(GET=expect(403, admin=(200, 404)), args=_participant),
    "privacy.export": Route(POST=expect(403, admin=(200, 404)), args=_participant),
    "privacy.erase": Route(
        GET=expect(403, admin=(200, 404)), POST=expect(403, admin=(302, 404)), args=_participant
    ),
    # a POST without the form's field keeps the stored period, so it is saved (302)
    "privacy.retention": Route(GET=ADMIN_ONLY, POST=ADMIN_ACTION),
    # the retention run of the admin's municipality, queued (it runs at once in the tests)
    "privacy.retention_run": Route(POST=ADMIN_ACTION),
    "privacy.review": Route(GET=ADMIN_ONLY, POST=ADMIN_ONLY),
    # the access log is the audit log's page now: the old address leads there
    "privacy.log": Route(GET=expect(403, admin=301)),
    "privacy.log_csv": Route(GET=ADMIN_ONLY),
    # mail: the system administrator sees every undelivered message, a municipality
    # administrator those to the accounts of their own municipality
    "mail.failed": Route(GET=ADMINS),
    "mail.send_again": Route(
        POST=expect(403, admin=(302, 404), system_admin=302), args=_failed_mail
    ),
    # calendar: one's own feed (those with planned work: coaches and assessors) is turned on or
    # renewed (201: the page with the new address, shown once), or off; the feed is read by its
    # secret token by anyone who holds it (a token that names no live feed: 404)
    "calendar.account": Route(GET=CALENDAR_OWNERS),
    "calendar.renew": Route(POST=expect(403, coach=201, assessor=201, internal_verifier=201)),
    "calendar.turn_off": Route(POST=expect(403, coach=302, assessor=302, internal_verifier=302)),
    "calendar.feed": Route(GET=PUBLIC, args=_calendar_token),
    # notifications: each signed-in person reads and sets their own; a notification is its
    # person's alone, so every role gets 404 for one of a coach it does not play (a POST
    # without the form's fields is the settings form again, with its errors)
    "notifications.index": Route(GET=LOGGED_IN),
    "notifications.open_notification": Route(GET=expect(404), args=_notification),
    "notifications.mark_all_read": Route(POST=expect(302)),
    "notifications.settings": Route(GET=LOGGED_IN, POST=LOGGED_IN),
    # portal: the participant's own pages (another participant's case or note, even of the same
    # municipality, is 404: as if there were none); staff get 403 there
    "portal.index": Route(GET=expect(403, participant=200)),
    "portal.plan_now": Route(GET=expect(403, participant=200)),
    "portal.case": Route(GET=expect(403, participant=(200, 404)), args=_portal_case),
    "portal.plan": Route(GET=expect(403, participant=(200, 404)), args=_portal_case),
    "portal.note": Route(GET=expect(403, participant=(200, 404)), args=_portal_note),
    # the participant's consents, certificates and data (another participant's certificate,
    # even of the same municipality, is 404); a POST of the extract without its fields is the
    # page again with its errors
    "portal.consents": Route(GET=expect(403, participant=200)),
    "portal.give_consent": Route(
        POST=expect(403, participant=302), args=_consent_to_give, no_other=OWN_CONSENTS_ONLY
    ),
    "portal.withdraw_consent": Route(
        GET=expect(403, participant=200),
        POST=expect(403, participant=302),
        args=_consent_given,
        no_other=OWN_CONSENTS_ONLY,
    ),
    "portal.certificates": Route(GET=expect(403, participant=200)),
    "portal.certificate": Route(GET=expect(403, participant=(200, 404)), args=_portal_certificate),
    "portal.certificate_pdf": Route(
        GET=expect(403, participant=(200, 404)), args=_portal_certificate
    ),
    "portal.certificate_badge": Route(
        GET=expect(403, participant=(200, 404)), args=_portal_certificate
    ),
    "portal.my_data": Route(GET=expect(403, participant=200)),
    "portal.extract": Route(POST=expect(403, participant=200)),
    "portal.can_do_now": Route(GET=expect(403, participant=200)),
    "portal.can_do": Route(GET=expect(403, participant=(200, 404)), args=_portal_case),
    "portal.answer": Route(
        GET=expect(403, participant=(200, 404)),
        POST=expect(403, participant=(200, 404)),
        args=_portal_outcome,
    ),
    "portal.evidence_now": Route(GET=expect(403, participant=200)),
    "portal.evidence": Route(GET=expect(403, participant=(200, 404)), args=_portal_case),
    "portal.evidence_new": Route(
        GET=expect(403, participant=(200, 404)),
        POST=expect(403, participant=(200, 404)),
        args=_portal_mapping,
    ),
    "portal.evidence_file": Route(
        GET=expect(403, participant=(200, 404)), args=_participant_evidence
    ),
    # signing in: open to anyone (a POST without its fields is the form again with its errors);
    # the first page sends the logged-in home
    "portal.sign_in": Route(GET=expect(302, anonymous=200)),
    "portal.ask_code": Route(GET=PUBLIC, POST=PUBLIC),
    "portal.enter_code": Route(GET=PUBLIC, POST=PUBLIC),
    "portal.handover": Route(GET=PUBLIC, POST=PUBLIC),
    # the participant's own coach gives and ends access (the demo participant has it: giving
    # it again is refused, back to the participant's page) and makes a code to hand over
    "portal.give_access": Route(POST=expect(403, coach=(302, 404)), args=_portal_participant),
    "portal.end_access": Route(POST=expect(403, coach=(302, 404)), args=_portal_participant),
    "portal.hand_over": Route(POST=expect(403, coach=(200, 404)), args=_portal_participant),
    # the municipality administrator's setting (sent empty: mailed codes off, saved)
    "portal.settings": Route(GET=ADMIN_ONLY, POST=ADMIN_ACTION),
    # webhooks: the municipality administrator manages those of their own municipality's API
    # clients (another municipality's: 404); a POST without the form's fields is the form again
    "webhooks.index": Route(GET=ADMIN_ONLY),
    "webhooks.new": Route(GET=ADMIN_ONLY, POST=ADMIN_ONLY),
    "webhooks.deliveries": Route(GET=expect(403, admin=(200, 404)), args=_webhook),
    "webhooks.disable": Route(POST=expect(403, admin=(302, 404)), args=_webhook),
    "webhooks.enable": Route(POST=expect(403, admin=(302, 404)), args=_webhook),
    "webhooks.delete": Route(
        GET=expect(403, admin=(200, 404)), POST=expect(403, admin=(302, 404)), args=_webhook
    ),
    "webhooks.send_again": Route(POST=expect(403, admin=(302, 404)), args=_webhook_delivery),
    # staff: the manager's own staff in validation; an employee another manager referred is
    # out of scope (404), as is one whose consent was withdrawn (tests/staff)
    "staff.index": Route(GET=expect(403, manager=200)),
    "staff.refer": Route(GET=expect(403, manager=200), POST=expect(403, manager=200)),
    "staff.employee": Route(GET=expect(403, manager=(200, 404)), args=_staff_link),
}

# Answers that are wrong today, each reported to the owners of the route, keyed by
# (endpoint, URL rule, method, role). The matrix tolerates them while at least one of that
# key's answers is still wrong, and fails once all are right so that the line is removed here.
_PROBES_IDS = (
    "404 for an id that does not exist but 403 for one that does: a role that may never use "
    "the route can tell which ids exist (the object is loaded before the role is checked)"
)
KNOWN_DEFECTS: dict[tuple[str, str, str, str], str] = {}

# Forms that fail the bad-input sweep today, each reported to the owners of the route, keyed
# by (endpoint, hostile value) with the databases where it shows. The sweep fails once one of
# them is fixed, so that its line is removed here.
KNOWN_INPUT_DEFECTS: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}

# Routes a browser posts to from another site's page, so no CSRF token can come with the form:
# what binds the request to the browser instead, and where that is tested.
CSRF_EXEMPT = {
    **{
        endpoint: "the API answers bearer tokens, never cookies (tests/api/test_api.py)"
        for endpoint in (
            "api.token",
            "api.create_referral",
            "api.certificate_search",
            "api.framework_import",
            "api.create_webhook",
        )
    },
    "auth.saml_acs": "the identity provider's answer must answer the request kept in this "
    "browser's own cookie (tests/auth/test_saml.py)",
}


# The API asked with bearer tokens (tests/gates/test_access_matrix.py): per endpoint, the scope
# it needs and what a token holding it gets for an object of its own municipality and of
# another (frameworks are shared: the same); a token without the scope gets 403, none 401. A
# POST is sent with an empty JSON body (422: the fields are missing).
API_TABLE: dict[str, tuple[str, int, int]] = {
    "api.create_referral": ("referrals:write", 422, 422),
    "api.referral": ("referrals:write", 200, 404),
    "api.cases": ("cases:read", 200, 200),
    "api.certificates": ("certificates:read", 200, 404),
    "api.certificate_search": ("certificates:read", 422, 422),
    "api.statistics": ("statistics:read", 200, 200),
    "api.statistics_table_of": ("statistics:read", 200, 200),
    "api.frameworks": ("frameworks:read", 200, 200),
    "api.framework": ("frameworks:read", 200, 200),
    "api.framework_import": ("frameworks:write", 422, 422),
    # a client sees only its own webhooks: the matrix's belong to another client (404)
    "api.webhooks": ("webhooks:write", 200, 200),
    "api.create_webhook": ("webhooks:write", 422, 422),
    "api.remove_webhook": ("webhooks:write", 404, 404),
}
