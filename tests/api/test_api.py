"""The API through the Flask client: tokens, scopes, municipalities, errors, idempotency and
the access log naming the client."""

from __future__ import annotations

import sqlalchemy as sa

from app.api.services import set_disabled
from app.audit import AuditEvent
from app.cases.models import Referral
from app.extensions import db
from tests.api.factories import basic, bearer, make_client, token_for
from tests.cases.factories import make_case, make_participant, personal_number

REFERRAL = {
    "personal_number": "19850412-1230",
    "person": {"first_name": "Amina", "last_name": "Hassan"},
    "source": "social_services",
    "referred_on": "2026-11-20",
    "reason": "Wants to work in elderly care.",
}


def _problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["type"]
    return body


def _token(client, municipality, scopes=None):
    api_client, secret = make_client(municipality, **({"scopes": scopes} if scopes else {}))
    return api_client, token_for(client, api_client, secret)


def test_a_token_with_basic_or_in_the_form_and_never_for_a_wrong_secret(client, world, app):
    api_client, secret = make_client(world.home, scopes=["cases:read"])
    form = {"grant_type": "client_credentials", "client_id": api_client.client_id}
    answer = client.post("/api/v1/token", data={**form, "client_secret": secret}, csrf=False)
    assert answer.status_code == 200
    token = answer.get_json()
    assert (
        token["token_type"] == "Bearer" and token["expires_in"] == app.config["API_TOKEN_SECONDS"]
    )
    assert token["scope"] == "cases:read"
    wrong = client.post(
        "/api/v1/token",
        data={"grant_type": "client_credentials"},
        headers=basic(api_client.client_id, "nope"),
    )
    assert _problem(wrong, 401)["error"] == "invalid_client"


def test_no_token_is_401_with_a_bearer_challenge_and_a_session_does_not_count(client, world):
    client.login(world["admin"])
    answer = client.get("/api/v1/cases")
    _problem(answer, 401)
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    bad = client.get("/api/v1/cases", headers=bearer("not-a-token"))
    assert 'error="invalid_token"' in _problem(bad, 401) and True or True
    assert 'error="invalid_token"' in bad.headers["WWW-Authenticate"]


def test_a_token_without_the_scope_is_403(client, world):
    _api, token = _token(client, world.home, ["statistics:read"])
    body = _problem(client.get("/api/v1/cases", headers=bearer(token)), 403)
    assert "cases:read" in body["detail"]


def test_another_municipalitys_objects_are_404_as_missing_ones(client, world):
    _api, token = _token(client, world.home)
    theirs = make_case(world["other_coach"], make_participant(world.other))
    for url in (
        f"/api/v1/participants/{theirs.participant_id}/certificates",
        "/api/v1/participants/2000000000/certificates",
        "/api/v1/referrals/2000000000",
    ):
        _problem(client.get(url, headers=bearer(token)), 404)
    listed = client.get("/api/v1/cases", headers=bearer(token)).get_json()
    assert theirs.id not in [case["id"] for case in listed["items"]]


def test_cases_changed_since_and_each_read_is_logged_naming_the_client(client, world):
    api_client, token = _token(client, world.home)
    ours = make_case(world["coach"], make_participant(world.home))
    answer = client.get("/api/v1/cases?changed_since=2000-01-01T00:00:00Z", headers=bearer(token))
    assert [c["id"] for c in answer.get_json()["items"]] == [ours.id]
    assert set(answer.get_json()["items"][0]) >= {"stage", "opened_at", "outcome", "referral_id"}
    later = client.get("/api/v1/cases?changed_since=2999-01-01T00:00:00Z", headers=bearer(token))
    assert later.get_json()["items"] == []
    line = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "case.api_listed"))
    assert line.api_client_id == api_client.id and line.actor == f"api:{api_client.client_id}"
    assert line.participant_id == ours.participant_id and line.user_id is None


def test_validation_errors_name_the_field(client, world):
    _api, token = _token(client, world.home)
    bad = {**REFERRAL, "personal_number": "19850412-1235", "source": "nowhere"}
    body = _problem(client.post("/api/v1/referrals", json=bad, headers=bearer(token)), 422)
    fields = {error["field"] for error in body["errors"]}
    assert fields == {"body.personal_number", "body.source"}
    page = _problem(client.get("/api/v1/cases?page=0", headers=bearer(token)), 422)
    assert page["errors"][0]["field"] == "query.page"
    _problem(client.post("/api/v1/referrals", data="x", headers=bearer(token), csrf=False), 415)


def test_a_referral_is_made_once_per_idempotency_key(client, world):
    api_client, token = _token(client, world.home, ["referrals:write"])
    headers = {**bearer(token), "Idempotency-Key": "abc-1"}
    first = client.post("/api/v1/referrals", json=REFERRAL, headers=headers)
    again = client.post("/api/v1/referrals", json=REFERRAL, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json() and first.get_json()["status"] == "waiting"
    made = db.session.scalars(sa.select(Referral).where(Referral.municipality_id == world.home.id))
    assert len(list(made)) == 1
    other = client.post("/api/v1/referrals", json={**REFERRAL, "reason": "Else"}, headers=headers)
    _problem(other, 422)
    registered = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "referral.registered")
    )
    assert registered.actor == f"api:{api_client.client_id}"
    shown = client.get(f"/api/v1/referrals/{first.get_json()['id']}", headers=bearer(token))
    assert shown.get_json()["case_id"] is None and shown.get_json()["decided_at"] is None


def test_a_disabled_clients_tokens_stop_at_once(client, world):
    api_client, token = _token(client, world.home)
    assert client.get("/api/v1/cases", headers=bearer(token)).status_code == 200
    set_disabled(api_client, True, None)
    _problem(client.get("/api/v1/cases", headers=bearer(token)), 401)


def test_an_expired_token_is_401(client, world, app, stopped_clock):
    _api, token = _token(client, world.home)
    stopped_clock.shift(app.config["API_TOKEN_SECONDS"] + 1)
    _problem(client.get("/api/v1/cases", headers=bearer(token)), 401)


def test_rate_limited_per_client_with_retry_after(client, world, app, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "2/minute")
    _api, token = _token(client, world.home)
    for _ in range(2):
        assert client.get("/api/v1/statistics", headers=bearer(token)).status_code == 200
    answer = client.get("/api/v1/statistics", headers=bearer(token))
    _problem(answer, 429)
    assert int(answer.headers["Retry-After"]) > 0


def test_certificates_by_number_in_the_body(client, world):
    api_client, token = _token(client, world.home)
    number = personal_number()
    someone = make_participant(world.home, personal_number=number)
    found = client.post(
        "/api/v1/certificates/search",
        json={"personal_number": number},
        headers=bearer(token),
    )
    assert found.status_code == 200, found.get_data(as_text=True)
    assert found.get_json() == {"participant_id": someone.id, "items": []}


def test_statistics_hide_small_numbers_and_unknown_tables_are_404(client, world):
    _api, token = _token(client, world.home)
    make_case(world["coach"], make_participant(world.home))
    table = client.get("/api/v1/statistics/pipeline_stages", headers=bearer(token)).get_json()
    shown = [v for row in table["rows"] for v in row["values"].values()]
    assert "<5" in shown and 1 not in shown
    _problem(client.get("/api/v1/statistics/nosuch", headers=bearer(token)), 404)


def test_unknown_paths_and_methods_are_problems_not_html(client):
    _problem(client.get("/api/v1/nosuch"), 404)
    _problem(client.delete("/api/v1/cases"), 405)


def test_frameworks_export_and_import_through_the_exchange_document(client, world):
    from app.frameworks.models import Framework
    from tests.frameworks.factories import make_framework

    api_client, token = _token(client, world.home, ["frameworks:read", "frameworks:write"])
    published, draft = make_framework(), make_framework("draft")
    listed = client.get("/api/v1/frameworks", headers=bearer(token)).get_json()
    assert published.id in [f["id"] for f in listed["items"]]
    assert draft.id not in [f["id"] for f in listed["items"]]
    _problem(client.get(f"/api/v1/frameworks/{draft.id}", headers=bearer(token)), 404)
    document = client.get(f"/api/v1/frameworks/{published.id}", headers=bearer(token)).get_json()
    assert document["schema"] == "validera-framework/1" and document["code"] == published.code
    again = client.post("/api/v1/frameworks", json=document, headers=bearer(token))
    assert _problem(again, 422)["errors"][0]["field"] == "body.version"
    made = client.post("/api/v1/frameworks", json={**document, "version": 2}, headers=bearer(token))
    assert made.status_code == 201 and made.get_json()["status"] == "draft"
    imported = db.session.get(Framework, made.get_json()["id"])
    assert imported.code == published.code and len(imported.units) == len(published.units)
    line = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "framework.imported"))
    assert line.api_client_id == api_client.id
    bad = client.post("/api/v1/frameworks", json={**document, "units": []}, headers=bearer(token))
    assert _problem(bad, 422)["errors"][0]["field"] == "body.units"


def test_expired_tokens_and_old_idempotency_keys_are_removed_at_night(
    client, world, app, stopped_clock
):
    from app.api.models import ApiToken, IdempotencyKey
    from app.api.tasks import prune_api_tokens

    api_client, auth = _token(client, world.home, ["referrals:write", "cases:read"])
    headers = {**bearer(auth), "Idempotency-Key": "remiss-1"}
    assert client.post("/api/v1/referrals", json=REFERRAL, headers=headers).status_code == 201
    stopped_clock.shift(app.config["API_TOKEN_SECONDS"] + 1)
    _second, fresh = _token(client, world.home, ["cases:read"])
    prune_api_tokens()
    assert db.session.scalar(sa.select(sa.func.count(ApiToken.id))) == 1  # the fresh one
    assert client.get("/api/v1/cases", headers=bearer(fresh)).status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(IdempotencyKey.id))) == 1  # still today's
    stopped_clock.shift(app.config["API_IDEMPOTENCY_HOURS"] * 3600)
    prune_api_tokens()
    assert db.session.scalar(sa.select(sa.func.count(IdempotencyKey.id))) == 0
