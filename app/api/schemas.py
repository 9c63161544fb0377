"""The API's request and response schemas (marshmallow): they validate what a client sends
and are what the OpenAPI document is generated from."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from app.cases import personal_numbers
from app.cases.vocab import LabourMarketStatus, ReferralSource, ReferralStatus
from app.cases.vocab import Outcome as CaseOutcome
from app.cases.workflow import Stage
from app.frameworks import document
from app.frameworks.vocab import Level
from app.webhooks.vocab import Event

MAX_PAGE = 10_000


def _choices(enum) -> validate.OneOf:
    return validate.OneOf([member.value for member in enum])


def _text(maximum: int, **kwargs) -> ma.fields.String:
    return ma.fields.String(validate=validate.Length(min=1, max=maximum), **kwargs)


class PageQuery(ma.Schema):
    page = ma.fields.Integer(
        load_default=1, validate=validate.Range(1, MAX_PAGE), metadata={"example": 1}
    )


class Page(ma.Schema):
    """A page of a list."""

    page = ma.fields.Integer(required=True)
    pages = ma.fields.Integer(required=True, metadata={"description": "How many pages in all."})
    total = ma.fields.Integer(required=True, metadata={"description": "How many items in all."})


class TokenRequest(ma.Schema):
    """client_credentials, with the client's id and secret in the Authorization header (HTTP
    Basic) or in these fields; other fields are ignored, as OAuth 2.0 asks."""

    class Meta:
        unknown = ma.EXCLUDE

    grant_type = ma.fields.String(required=True, validate=validate.OneOf(["client_credentials"]))
    scope = ma.fields.String(metadata={"example": "cases:read referrals:write"})
    client_id = ma.fields.String(validate=validate.Length(max=64))
    client_secret = ma.fields.String(validate=validate.Length(max=200))


class Token(ma.Schema):
    access_token = ma.fields.String(required=True)
    token_type = ma.fields.String(required=True, metadata={"example": "Bearer"})
    expires_in = ma.fields.Integer(required=True, metadata={"example": 900})
    scope = ma.fields.String(required=True)


# --- referrals -----------------------------------------------------------------------------


class Person(ma.Schema):
    """The person referred: used only when the number is not yet registered."""

    first_name = _text(100, required=True, metadata={"example": "Amina"})
    last_name = _text(100, required=True, metadata={"example": "Hassan"})
    phone = ma.fields.String(validate=validate.Length(max=40), load_default=None, allow_none=True)
    email = ma.fields.Email(validate=validate.Length(max=254), load_default=None, allow_none=True)


class PersonalNumberField(ma.fields.String):
    """A Swedish personal identity or coordination number, checked (date, check digit)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not 10 <= len(text) <= 20:
            raise ma.ValidationError("Length must be between 10 and 20.")
        try:
            return personal_numbers.parse(text)
        except personal_numbers.InvalidPersonalNumber as error:
            raise ma.ValidationError(
                f"Not a valid personal identity or coordination number ({error})."
            ) from error


class ReferralIn(ma.Schema):
    personal_number = PersonalNumberField(
        required=True,
        metadata={
            "minLength": 10,
            "maxLength": 20,
            "description": "Personal identity or coordination number, 10 or 12 digits.",
            "example": "19850412-1230",
        },
    )
    person = ma.fields.Nested(Person, required=True)
    source = ma.fields.String(
        required=True, validate=_choices(ReferralSource), metadata={"example": "social_services"}
    )
    referring_officer = ma.fields.String(
        validate=validate.Length(max=200), load_default=None, allow_none=True
    )
    referrer_contact = ma.fields.String(
        validate=validate.Length(max=200), load_default=None, allow_none=True
    )
    referred_on = ma.fields.Date(required=True, metadata={"example": "2026-11-20"})
    reason = _text(5000, required=True, metadata={"example": "Wants to work in elderly care."})
    goal = ma.fields.String(validate=validate.Length(max=5000), load_default=None, allow_none=True)


class IdempotencyHeader(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    idempotency_key = ma.fields.String(
        data_key="Idempotency-Key",
        validate=[validate.Length(min=1, max=255), validate.Regexp(r"^[\x21-\x7e]+$")],
        metadata={
            "description": "Sent again with the same key, the request makes nothing "
            "new and answers as the first time."
        },
    )


class CaseOf(ma.fields.Integer):
    """The id of the case opened from the referral, or null."""

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        case = getattr(obj, "case", None)
        return case.id if case is not None else None


class Referral(ma.Schema):
    id = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True, validate=_choices(ReferralStatus))
    source = ma.fields.String(required=True, validate=_choices(ReferralSource))
    referred_on = ma.fields.Date(required=True)
    received_at = ma.fields.DateTime(required=True, attribute="created_at")
    decided_at = ma.fields.DateTime(required=True, allow_none=True)
    decision_reason = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The reason a coach gave when rejecting or returning it."},
    )
    case_id = CaseOf(
        required=True, allow_none=True, metadata={"description": "The case opened when accepted."}
    )


# --- cases ---------------------------------------------------------------------------------


class CasesQuery(PageQuery):
    changed_since = ma.fields.AwareDateTime(
        metadata={
            "description": "RFC 3339: only cases changed at or after this moment.",
            "example": "2026-11-01T00:00:00Z",
        },
    )


class Case(ma.Schema):
    id = ma.fields.Integer(required=True)
    participant_id = ma.fields.Integer(required=True)
    referral_id = ma.fields.Integer(required=True, allow_none=True)
    stage = ma.fields.String(required=True, validate=_choices(Stage))
    stage_entered_at = ma.fields.DateTime(required=True)
    paused_from = ma.fields.String(required=True, allow_none=True, validate=_choices(Stage))
    opened_at = ma.fields.DateTime(required=True, attribute="created_at")
    changed_at = ma.fields.DateTime(required=True, attribute="updated_at")
    closed_at = ma.fields.DateTime(required=True, allow_none=True)
    outcome = ma.fields.String(required=True, allow_none=True, validate=_choices(CaseOutcome))
    status_at_exit = ma.fields.String(
        required=True, allow_none=True, validate=_choices(LabourMarketStatus)
    )


class CasePage(Page):
    items = ma.fields.List(ma.fields.Nested(Case), required=True)


# --- certificates --------------------------------------------------------------------------


class CertificateSearch(ma.Schema):
    personal_number = PersonalNumberField(
        required=True, metadata={"minLength": 10, "maxLength": 20, "example": "19850412-1230"}
    )


class CertificateStatus(ma.fields.String):
    """issued, or revoked."""

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        return "revoked" if obj.revoked_at is not None else "issued"


class Certificate(ma.Schema):
    id = ma.fields.Integer(required=True)
    number = ma.fields.String(required=True)
    status = CertificateStatus(required=True, validate=validate.OneOf(["issued", "revoked"]))
    issued_at = ma.fields.DateTime(required=True)
    revoked_at = ma.fields.DateTime(required=True, allow_none=True)
    case_id = ma.fields.Integer(required=True, allow_none=True)
    framework_code = ma.fields.String(required=True)
    framework_name = ma.fields.String(required=True)
    framework_version = ma.fields.Integer(required=True)


class Certificates(ma.Schema):
    participant_id = ma.fields.Integer(required=True)
    items = ma.fields.List(ma.fields.Nested(Certificate), required=True)


# --- statistics ----------------------------------------------------------------------------


class StatisticsQuery(ma.Schema):
    date_from = ma.fields.Date(metadata={"description": "Default: twelve months back."})
    date_to = ma.fields.Date(metadata={"description": "Default: today."})


class StatisticsColumn(ma.Schema):
    key = ma.fields.String(required=True)
    label = ma.fields.String(required=True)
    kind = ma.fields.String(
        required=True, validate=validate.OneOf(["count", "sum", "days", "percent"])
    )


class Cell(ma.fields.Field):
    """A figure: a number, "<5" or "–" where it is suppressed, or null."""


class StatisticsRow(ma.Schema):
    labels = ma.fields.List(ma.fields.String(), required=True)
    is_total = ma.fields.Boolean(required=True)
    values = ma.fields.Dict(
        keys=ma.fields.String(),
        values=Cell(allow_none=True),
        required=True,
        metadata={"description": 'By column key: a number, or "<5" or "–" where suppressed.'},
    )


class StatisticsTable(ma.Schema):
    key = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    date_from = ma.fields.Date(required=True)
    date_to = ma.fields.Date(required=True)
    row_headers = ma.fields.List(ma.fields.String(), required=True)
    columns = ma.fields.List(ma.fields.Nested(StatisticsColumn), required=True)
    rows = ma.fields.List(ma.fields.Nested(StatisticsRow), required=True)


class StatisticsIndexItem(ma.Schema):
    key = ma.fields.String(required=True)
    title = ma.fields.String(required=True)


class StatisticsIndex(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(StatisticsIndexItem), required=True)


# --- frameworks: the exchange document of app/frameworks/document.py ---------------------


def _pattern(spec: document.Text) -> list:
    rules = [validate.Length(min=1 if spec.required else 0, max=spec.max_length)]
    return rules + ([validate.Regexp(spec.pattern)] if spec.pattern is not None else [])


def _field(spec: document.Text) -> ma.fields.String:
    return ma.fields.String(required=spec.required, validate=_pattern(spec))


class Criterion(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    text = _field(document.STATEMENT["text"])


class OutcomeDocument(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    text = _field(document.STATEMENT["text"])
    criteria = ma.fields.List(
        ma.fields.Nested(Criterion), required=True, validate=validate.Length(min=1)
    )


class UnitDocument(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    code = _field(document.UNIT["code"])
    title = _field(document.UNIT["title"])
    concept = ma.fields.String(allow_none=True, validate=_pattern(document.UNIT["concept"]))
    level = ma.fields.String(required=True, validate=_choices(Level))
    credits = ma.fields.Integer(required=True, validate=validate.Range(1, document.MAX_CREDITS))
    outcomes = ma.fields.List(
        ma.fields.Nested(OutcomeDocument), required=True, validate=validate.Length(min=1)
    )


class FrameworkDocument(ma.Schema):
    """A framework version as exchanged between installations (validera-framework/1)."""

    class Meta:
        unknown = ma.RAISE

    schema = ma.fields.String(required=True, validate=validate.Equal(document.SCHEMA_ID))
    code = _field(document.TOP["code"])
    version = ma.fields.Integer(required=True, validate=validate.Range(1, document.MAX_VERSION))
    name = _field(document.TOP["name"])
    description = ma.fields.String(allow_none=True, validate=_pattern(document.TOP["description"]))
    ssyk = ma.fields.String(allow_none=True, validate=_pattern(document.TOP["ssyk"]))
    owner = _field(document.TOP["owner"])
    units = ma.fields.List(
        ma.fields.Nested(UnitDocument), required=True, validate=validate.Length(min=1)
    )


class FrameworkSummary(ma.Schema):
    id = ma.fields.Integer(required=True)
    code = ma.fields.String(required=True)
    version = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    status = ma.fields.String(required=True)


class FrameworkPage(Page):
    items = ma.fields.List(ma.fields.Nested(FrameworkSummary), required=True)


# --- webhooks --------------------------------------------------------------------------------


class WebhookIn(ma.Schema):
    url = _text(
        2000,
        required=True,
        metadata={
            "description": "Where the signed POSTs go: https, to an address on the internet.",
            "example": "https://system.example.org/validera/events",
        },
    )
    events = ma.fields.List(
        ma.fields.String(validate=_choices(Event)),
        required=True,
        validate=validate.Length(min=1, max=len(Event)),
        metadata={"example": [str(Event.REFERRAL_DECIDED)]},
    )


class Webhook(ma.Schema):
    id = ma.fields.Integer(required=True)
    url = ma.fields.String(required=True)
    events = ma.fields.Function(lambda hook: hook.events.split(), required=True)
    active = ma.fields.Function(lambda hook: not hook.is_disabled, required=True)
    created_at = ma.fields.DateTime(required=True)


class WebhookCreated(Webhook):
    secret = ma.fields.String(
        required=True,
        metadata={"description": "The signing secret (Standard Webhooks), shown this once."},
    )


class WebhookList(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(Webhook), required=True)
