"""Passkeys and security keys over HTTP: adding one (the options, then the browser's answer),
logging in with one after the password, removing one, the policy, and every kind of bad answer.
The answers come from a software authenticator with real keys (tests/auth/authenticator.py);
the server checks them with the webauthn library as it checks a browser's."""

from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa
from webauthn.helpers import bytes_to_base64url

from app.audit import AuditEvent
from app.auth import passkeys
from app.auth.factor_models import (
    RecoveryCode,
    SecondFactorPolicy,
    TotpFactor,
    WebAuthnCredential,
)
from app.auth.factors import new_recovery_codes
from app.auth.models import LoginAttempt
from app.extensions import db
from app.vocab import Role
from tests.auth.authenticator import SoftAuthenticator
from tests.auth.factories import code_now, with_passkey, with_totp
from tests.conftest import PASSWORD

NAME = "YubiKey på jobbet"


def actions(name: str) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.action == name).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def keys() -> list[WebAuthnCredential]:
    return list(db.session.scalars(sa.select(WebAuthnCredential).order_by(WebAuthnCredential.id)))


def logged_in(client) -> bool:
    return "_user_id" in client._session()


def text(response) -> str:
    return response.get_data(as_text=True)


def adding_options(client, name: str = NAME) -> dict:
    response = client.post("/account/passkeys/options", data={"name": name})
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def add(client, answer, name: str = NAME):
    """Send the form as the script does: the name and the browser's answer (JSON)."""
    credential = answer if isinstance(answer, str) else json.dumps(answer)
    return client.post("/account/passkeys", data={"name": name, "credential": credential})


def add_key(client, authenticator, name: str = NAME):
    return add(client, authenticator.register(adding_options(client, name)), name)


def password_step(client, user, password=PASSWORD):
    return client.post("/login", data={"email": user.email, "password": password})


def signing_options(client) -> dict:
    response = client.post("/login/passkey/options", data={})
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def key_step(client, answer, **extra):
    credential = answer if isinstance(answer, str) else json.dumps(answer)
    return client.post("/login/passkey", data={"credential": credential, **extra})


def sign_in(client, authenticator, **extra):
    return key_step(client, authenticator.sign(signing_options(client)), **extra)


def shown_codes(response) -> list[str]:
    return re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", text(response))


# --- adding a key ----------------------------------------------------------------------------


def test_the_page_offers_passkeys_and_the_options_name_this_site_and_account(client, world):
    coach = world["coach"]
    client.login(coach)
    page = text(client.get("/account/two-factor"))
    assert "Lösennycklar och säkerhetsnycklar" in page
    assert "Du har inga lösennycklar eller säkerhetsnycklar." in page
    assert 'data-passkey="register"' in page and 'src="/static/js/passkeys.js"' in page
    options = adding_options(client)
    assert options["rp"] == {"id": "localhost", "name": "Validera"}
    assert options["user"]["name"] == coach.email
    assert options["user"]["displayName"] == coach.name
    assert options["excludeCredentials"] == []
    script = client.get("/static/js/passkeys.js", buffered=True)
    assert script.status_code == 200 and "navigator.credentials.create" in text(script)
    script.close()


def test_the_first_key_is_added_with_recovery_codes_and_a_second_without(client, world):
    coach = world["coach"]
    client.login(coach)
    first = SoftAuthenticator()
    shown = add_key(client, first)
    assert shown.status_code == 200
    codes = shown_codes(shown)
    assert len(set(codes)) == 10
    assert "Nyckeln ”YubiKey på jobbet” är tillagd." in text(shown)
    [key] = keys()
    assert (key.user_id, key.name, key.credential_id) == (coach.id, NAME, first.credential_id)
    assert key.public_key == first.public_key() and key.sign_count == 0
    assert key.transports == ["usb", "nfc"] and key.last_used_at is None
    stored = set(db.session.scalars(sa.select(RecoveryCode.code_hash)))
    assert len(stored) == 10
    assert actions("auth.passkey_added")[-1].details == {"name": NAME}
    assert actions("auth.passkey_added")[-1].object_id == key.id

    # A second key: its options exclude the first, and no new codes.
    options = adding_options(client, "Telefonen")
    excluded = [c["id"] for c in options["excludeCredentials"]]
    assert excluded == [bytes_to_base64url(first.credential_id)]
    second = add(client, SoftAuthenticator().register(options), "Telefonen")
    assert second.status_code == 302 and second.location == "/account/two-factor"
    assert set(db.session.scalars(sa.select(RecoveryCode.code_hash))) == stored
    page = text(client.get("/account/two-factor"))
    assert NAME in page and "Telefonen" in page and "10 oanvända reservkoder" in page
    assert [k.name for k in keys()] == [NAME, "Telefonen"]


def test_a_key_is_added_beside_an_authenticator_app_without_new_codes(client, world):
    coach = world["coach"]
    codes = with_totp(coach)
    password_step(client, coach)
    client.post("/login/code", data={"code": code_now()})
    assert add_key(client, SoftAuthenticator()).location == "/account/two-factor"
    assert client.post("/login/code").location == "/"  # logged in already
    # The old recovery codes still work.
    other = client.application.test_client()
    password_step(other, coach)
    assert other.post("/login/code", data={"code": codes[0]}).location == "/"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Ge nyckeln ett namn."),
        ("   ", "Ge nyckeln ett namn."),
        ("x" * 61, "Skriv högst 60 tecken."),
        ("Nyckel\x00", "Texten innehåller tecken som inte är tillåtna."),
    ],
)
def test_a_key_needs_a_name_and_no_ceremony_begins_without_one(client, world, name, message):
    client.login(world["coach"])
    options = client.post("/account/passkeys/options", data={"name": name})
    assert options.status_code == 422 and options.get_json() == {"invalid": ["name"]}
    assert passkeys.CEREMONY not in client._session()
    page = client.post("/account/passkeys", data={"name": name, "credential": "{}"})
    assert page.status_code == 200 and message in text(page)
    assert 'aria-invalid="true"' in text(page)
    assert keys() == [] and not actions("auth.passkey_add_failed")


def test_bad_answers_when_adding_are_refused_logged_and_store_nothing(client, world, stopped_clock):
    coach = world["coach"]
    with_totp(coach)
    client.login(coach, accept_terms=False)
    client.post("/login/code", data={"code": code_now()})
    authenticator = SoftAuthenticator()

    # No ceremony begun (the options were never asked for): nothing to answer.
    refused = add(client, "{}")
    assert refused.status_code == 200 and "Det gick för lång tid" in text(refused)
    assert actions("auth.passkey_add_failed")[-1].details == {"reason": "passkey_expired"}
    cases = [
        ("", "Webbläsaren gav inget svar", "passkey_no_answer"),
        ("{not json", "gick inte att läsa", "passkey_malformed"),
    ]
    for answer, message, reason in cases:
        adding_options(client)
        refused = add(client, answer)
        assert refused.status_code == 200 and message in text(refused), reason
        assert actions("auth.passkey_add_failed")[-1].details == {"reason": reason}

    # An answer to an older ceremony (another tab): the challenge is not this one's.
    old = adding_options(client)
    adding_options(client)
    refused = add(client, authenticator.register(old))
    assert "hör till en annan förfrågan" in text(refused)
    assert actions("auth.passkey_add_failed")[-1].details == {"reason": "passkey_wrong_challenge"}

    # The answer used once is not taken again: the ceremony is over.
    options = adding_options(client)
    answer = authenticator.register(options)
    add(client, {"id": "nonsense"})
    refused = add(client, answer)
    assert "Det gick för lång tid" in text(refused)
    assert actions("auth.passkey_add_failed")[-1].details == {"reason": "passkey_expired"}

    # Too late: the ceremony waited for three minutes.
    options = adding_options(client)
    stopped_clock.shift(3 * 60 + 1)
    refused = add(client, authenticator.register(options))
    assert "Det gick för lång tid" in text(refused)

    # In English too, and nothing was stored; the app and its codes are as they were.
    client.post("/language", data={"language": "en"})
    adding_options(client)
    english = add(client, '{"id": 1}')
    assert "could not be read. Try again." in text(english)
    assert keys() == []
    assert db.session.get(TotpFactor, coach.id).enabled_at is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 10


def test_a_key_registered_already_is_refused(app, client, world):
    client.login(world["coach"])
    authenticator = SoftAuthenticator()
    add_key(client, authenticator)
    other = app.test_client()
    other.login(world["assessor"])
    refused = add_key(other, authenticator, "Samma nyckel")
    assert "är redan registrerad" in text(refused)
    assert [k.user_id for k in keys()] == [world["coach"].id]


def test_an_account_has_at_most_ten_keys(client, world):
    coach = world["coach"]
    client.login(coach)
    for n in range(10):
        with_passkey(coach, SoftAuthenticator(), f"Nyckel {n}")
    refused = client.post("/account/passkeys/options", data={"name": "En till"})
    assert refused.status_code == 400
    assert "Du har 10 lösennycklar och säkerhetsnycklar" in refused.get_json()["error"]
    assert "Ta bort en innan du lägger till en till" in text(client.get("/account/two-factor"))
    assert 'data-passkey="register"' not in text(client.get("/account/two-factor"))


def test_adding_needs_a_login_and_the_csrf_token(client, world):
    assert client.post("/account/passkeys/options", data={"name": NAME}).location.startswith(
        "/login"
    )
    client.login(world["coach"])
    no_token = client.post("/account/passkeys/options", data={"name": NAME}, csrf=False)
    assert no_token.status_code == 400


# --- logging in with a key -------------------------------------------------------------------


def test_the_password_and_the_key_log_in(client, world):
    coach = world["coach"]
    authenticator = SoftAuthenticator()
    key = with_passkey(coach, authenticator)
    step = password_step(client, coach)
    assert step.location == "/login/code" and not logged_in(client)
    assert client.get("/").location.startswith("/login")
    assert actions("auth.password_accepted")[-1].details == {"next": ["passkey"]}
    page = text(client.get("/login/code"))
    assert "Logga in med din lösennyckel eller säkerhetsnyckel" in page
    assert 'data-passkey="sign-in"' in page and "Använd din lösennyckel" in page
    assert "En av dina reservkoder." in page  # no app: recovery codes only
    options = signing_options(client)
    assert options["rpId"] == "localhost"
    allowed = [c["id"] for c in options["allowCredentials"]]
    assert allowed == [bytes_to_base64url(authenticator.credential_id)]
    done = key_step(client, authenticator.sign(options))
    assert done.status_code == 302 and done.location == "/"
    assert logged_in(client) and client.get("/").status_code == 200
    assert actions("auth.login")[-1].details == {"method": "password+passkey"}
    assert actions("auth.passkey_used")[-1].details == {"name": NAME}
    assert actions("auth.passkey_used")[-1].object_id == key.id
    db.session.refresh(key)
    assert key.sign_count == 1 and key.last_used_at is not None
    assert db.session.scalars(sa.select(LoginAttempt.succeeded)).all() == [True]


def test_the_key_goes_to_the_page_asked_for(client, world):
    authenticator = SoftAuthenticator()
    with_passkey(world["coach"], authenticator)
    client.post(
        "/login?next=/cases",
        data={"email": world["coach"].email, "password": PASSWORD, "next": "/cases"},
    )
    page = text(client.get("/login/code?next=/cases"))
    assert page.count('value="/cases"') == 2  # in the key's form and the code's
    assert sign_in(client, authenticator, next="/cases").location == "/cases"


def test_an_account_with_an_app_and_a_key_may_use_either(app, client, world):
    coach = world["coach"]
    with_totp(coach)
    authenticator = SoftAuthenticator()
    with_passkey(coach, authenticator)
    password_step(client, coach)
    assert actions("auth.password_accepted")[-1].details == {"next": ["totp", "passkey"]}
    page = text(client.get("/login/code"))
    assert "Använd din lösennyckel" in page
    assert "Eller skriv en kod från din autentiseringsapp" in page
    assert sign_in(client, authenticator).location == "/"
    other = app.test_client()
    password_step(other, coach)
    assert other.post("/login/code", data={"code": code_now()}).location == "/"
    assert [e.details["method"] for e in actions("auth.login")] == [
        "password+passkey",
        "password+totp",
    ]


def test_an_account_with_only_a_key_may_use_a_recovery_code_once(app, client, world):
    coach = world["coach"]
    with_passkey(coach, SoftAuthenticator())
    codes = new_recovery_codes(coach)
    password_step(client, coach)
    six_digits = client.post("/login/code", data={"code": "123456"})
    assert "Reservkoden stämmer inte" in text(six_digits) and not logged_in(client)
    assert client.post("/login/code", data={"code": codes[0]}).location == "/"
    assert actions("auth.login")[-1].details == {"method": "password+recovery"}
    other = app.test_client()
    password_step(other, coach)
    assert "Reservkoden stämmer inte" in text(other.post("/login/code", data={"code": codes[0]}))


def test_a_second_browser_without_the_key_is_refused(app, client, world):
    coach = world["coach"]
    mine = SoftAuthenticator()
    with_passkey(coach, mine)
    password_step(client, coach)
    stranger = SoftAuthenticator()  # a key of its own, registered nowhere
    refused = key_step(client, stranger.sign_unasked(signing_options(client)))
    assert refused.status_code == 200 and not logged_in(client)
    assert "inte registrerad på ditt konto" in text(refused)
    assert actions("auth.second_step_failed")[-1].details == {
        "reason": "passkey_unknown",
        "method": "passkey",
    }
    assert not actions("auth.login")
    # Another account's key is no better.
    with_passkey(world["assessor"], stranger, "Bedömarens")
    refused = key_step(client, stranger.sign_unasked(signing_options(client)))
    assert "inte registrerad på ditt konto" in text(refused) and not logged_in(client)
    assert sign_in(client, mine).location == "/"


def test_bad_answers_at_login_are_refused_logged_counted_and_change_nothing(
    client, world, stopped_clock
):
    coach = world["coach"]
    codes = with_totp(coach)
    authenticator = SoftAuthenticator()
    key = with_passkey(coach, authenticator)
    password_step(client, coach)

    def refused_for(response, message, reason):
        assert response.status_code == 200 and not logged_in(client), reason
        assert message in text(response), reason
        assert actions("auth.second_step_failed")[-1].details["reason"] == reason

    signing_options(client)
    refused_for(key_step(client, "{]"), "gick inte att läsa", "passkey_malformed")
    signing_options(client)
    refused_for(key_step(client, ""), "Webbläsaren gav inget svar", "passkey_no_answer")
    old = signing_options(client)
    signing_options(client)
    answer = authenticator.sign(old)
    refused_for(key_step(client, answer), "hör till en annan förfrågan", "passkey_wrong_challenge")
    assert actions("auth.second_step_failed")[-1].details["passkey"] == key.id
    options = signing_options(client)
    stopped_clock.shift(3 * 60 + 1)  # past the throttle's wait too
    answer = authenticator.sign(options)
    refused_for(key_step(client, answer), "Det gick för lång tid", "passkey_expired")
    stopped_clock.shift(10)  # past the throttle's wait
    client.post("/language", data={"language": "en"})
    signing_options(client)
    english = key_step(client, "[]")
    assert "could not be read. Try again." in text(english)
    # Nothing changed: the key, the app and the codes are as they were; each failure counted.
    db.session.refresh(key)
    assert key.sign_count == 0 and key.last_used_at is None
    assert db.session.get(TotpFactor, coach.id).enabled_at is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 10
    assert db.session.scalars(sa.select(LoginAttempt.succeeded)).all() == [False] * 5
    stopped_clock.shift(60)
    assert client.post("/login/code", data={"code": codes[0]}).location == "/"


def test_the_form_may_come_as_a_json_body_and_a_broken_one_is_refused(client, world):
    authenticator = SoftAuthenticator()
    with_passkey(world["coach"], authenticator)
    password_step(client, world["coach"])

    def as_json(body: str):
        db.session.execute(sa.delete(LoginAttempt))  # each attempt on its own: no throttle
        return client.post(
            "/login/passkey",
            data=body,
            content_type="application/json",
            headers={"X-CSRFToken": client.csrf_token()},
            csrf=False,
        )

    signing_options(client)
    broken = as_json('{"credential": ')
    assert broken.status_code == 400 and "Begäran kunde inte hanteras" in text(broken)
    signing_options(client)
    refused = as_json(json.dumps({"credential": {"id": "x"}, "next": ["/"]}))
    assert refused.status_code == 200 and "Lösenordet stämde" in text(refused)
    assert actions("auth.second_step_failed")[-1].details["reason"] == "passkey_malformed"
    # A body that is no object cannot be a form: refused before any view (app/web.py).
    for body in ("[]", "123", '"a string"', "[" * 5000 + "]" * 5000):
        assert as_json(body).status_code == 400
    assert not logged_in(client)
    # The code's form too: what is not text is a message at the field.
    for body in (json.dumps({"code": {"a": 1}, "next": {"b": 2}}),):
        db.session.execute(sa.delete(LoginAttempt))
        response = client.post(
            "/login/code",
            data=body,
            content_type="application/json",
            headers={"X-CSRFToken": client.csrf_token()},
            csrf=False,
        )
        assert response.status_code == 200 and 'aria-invalid="true"' in text(response)
    options = signing_options(client)
    done = as_json(json.dumps({"credential": authenticator.sign(options), "next": "/cases"}))
    assert done.location == "/cases" and logged_in(client)


def test_a_replayed_signature_or_a_copied_key_is_refused(app, client, world, stopped_clock):
    coach = world["coach"]
    authenticator = SoftAuthenticator()
    key = with_passkey(coach, authenticator)
    password_step(client, coach)
    assert sign_in(client, authenticator).location == "/"  # counter 1
    # A copy of the key, taken before that use, signs with the old counter.
    copy = SoftAuthenticator(
        credential_id=authenticator.credential_id, private_key=authenticator.private_key, counter=0
    )
    other = app.test_client()
    password_step(other, coach)
    refused = key_step(other, copy.sign(signing_options(other)))
    assert "dess räknare gick bakåt" in text(refused) and not logged_in(other)
    assert actions("auth.second_step_failed")[-1].details == {
        "reason": "passkey_counter",
        "method": "passkey",
        "passkey": key.id,
    }
    db.session.refresh(key)
    assert key.sign_count == 1


def test_wrong_keys_make_the_next_attempt_wait(client, world, stopped_clock):
    coach = world["coach"]
    authenticator = SoftAuthenticator()
    with_passkey(coach, authenticator)
    password_step(client, coach)
    for _ in range(3):
        assert key_step(client, "nonsense").status_code == 200
    waiting = sign_in(client, authenticator)
    assert waiting.status_code == 429 and waiting.headers["Retry-After"] == "2"
    assert "Vänta 2 sekunder" in text(waiting) and not logged_in(client)
    stopped_clock.shift(2)
    assert sign_in(client, authenticator).location == "/"


def test_without_a_password_first_the_key_step_sends_to_login(client, world):
    authenticator = SoftAuthenticator()
    with_passkey(world["coach"], authenticator)
    assert client.post("/login/passkey/options", data={}).location == "/login"
    assert key_step(client, "{}").location == "/login"
    assert not logged_in(client)
    # Logged in already: home.
    client.login(world["assessor"])
    assert client.post("/login/passkey/options", data={}).location == "/"
    assert key_step(client, "{}").location == "/"


def test_an_account_without_keys_gets_no_options(client, world):
    with_totp(world["coach"])
    password_step(client, world["coach"])
    assert 'data-passkey="sign-in"' not in text(client.get("/login/code"))
    refused = client.post("/login/passkey/options", data={})
    assert refused.status_code == 400 and "inte registrerad" in refused.get_json()["error"]


def test_the_relying_party_may_be_configured(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "WEBAUTHN_RP_ID", "validera.example")
    monkeypatch.setitem(app.config, "WEBAUTHN_ORIGIN", "https://validera.example")
    client.login(world["coach"])
    options = adding_options(client)
    assert options["rp"]["id"] == "validera.example"
    authenticator = SoftAuthenticator()
    # Made on http://localhost, for validera.example: not this site's origin.
    refused = add(client, authenticator.register(options))
    assert "gick inte att kontrollera" in text(refused)
    options = adding_options(client)
    added = add(client, authenticator.register(options, origin="https://validera.example"))
    assert added.status_code == 200 and len(keys()) == 1


# --- removing a key --------------------------------------------------------------------------


def test_removing_a_key_needs_the_password_and_the_last_takes_the_codes(client, world):
    coach = world["coach"]
    first = with_passkey(coach, SoftAuthenticator())
    second = with_passkey(coach, SoftAuthenticator(), "Telefonen")
    codes = new_recovery_codes(coach)
    password_step(client, coach)
    assert client.post("/login/code", data={"code": codes[0]}).location == "/"
    page = text(client.get(f"/account/passkeys/{first.id}/remove"))
    assert "Ta bort ”YubiKey på jobbet”" in page and "sista andra faktor" not in page
    wrong = client.post(f"/account/passkeys/{first.id}/remove", data={"password": "nope"})
    assert wrong.status_code == 200 and "Lösenordet är fel." in text(wrong)
    assert len(keys()) == 2
    removed = client.post(f"/account/passkeys/{first.id}/remove", data={"password": PASSWORD})
    assert removed.location == "/account/two-factor"
    assert [k.name for k in keys()] == ["Telefonen"]
    assert actions("auth.passkey_removed")[-1].details == {"name": NAME}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 10
    last_one = f"/account/passkeys/{second.id}/remove"
    assert "sista andra faktor" in text(client.get(last_one))
    last = client.post(last_one, data={"password": PASSWORD}, follow_redirects=True)
    assert "Du loggar in med bara ditt lösenord." in text(last)
    assert keys() == [] and not db.session.scalars(sa.select(RecoveryCode)).all()
    assert client.get(last_one).status_code == 404
    other = client.application.test_client()
    assert other.login(coach).location == "/"  # the password alone again


def test_removing_the_app_keeps_the_codes_while_a_key_remains(client, world):
    coach = world["coach"]
    with_totp(coach)
    with_passkey(coach, SoftAuthenticator())
    password_step(client, coach)
    client.post("/login/code", data={"code": code_now()})
    page = text(client.get("/account/two-factor"))
    assert "Efter det loggar du in med din lösennyckel eller säkerhetsnyckel." in page
    removed = client.post(
        "/account/two-factor/remove", data={"remove-password": PASSWORD}, follow_redirects=True
    )
    assert "Du loggar in med din lösennyckel eller säkerhetsnyckel." in text(removed)
    assert db.session.get(TotpFactor, coach.id) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 10


def test_nobody_reaches_another_persons_key(client, world):
    key = with_passkey(world["assessor"], SoftAuthenticator())
    client.login(world["coach"])
    assert client.get(f"/account/passkeys/{key.id}/remove").status_code == 404
    assert (
        client.post(f"/account/passkeys/{key.id}/remove", data={"password": PASSWORD}).status_code
        == 404
    )
    assert client.get(f"/account/passkeys/{2**40}/remove").status_code == 404
    assert keys() == [key]
    client.logout()
    assert client.get(f"/account/passkeys/{key.id}/remove").location.startswith("/login")


# --- the policy ------------------------------------------------------------------------------


def test_one_who_must_have_a_factor_may_add_a_key_instead_of_an_app(client, world):
    db.session.add(SecondFactorPolicy(role=Role.COACH, required=True))
    db.session.flush()
    coach = world["coach"]
    client.login(coach)
    assert client.get("/").location == "/account/two-factor"
    shown = text(client.get("/account/two-factor"))
    assert "lägg till en lösennyckel eller säkerhetsnyckel för att fortsätta" in shown
    assert len(shown_codes(add_key(client, SoftAuthenticator()))) == 10
    assert client.get("/").status_code == 200
    # Logging in again: the password, then the key.
    client.logout()
    password_step(client, coach)
    assert client.get("/").location.startswith("/login")


def test_removing_the_last_required_factor_sends_back_to_enrolment(client, world):
    db.session.add(SecondFactorPolicy(role=Role.COACH, required=True))
    db.session.flush()
    coach = world["coach"]
    authenticator = SoftAuthenticator()
    key = with_passkey(coach, authenticator)
    password_step(client, coach)
    sign_in(client, authenticator)
    assert client.get("/").status_code == 200
    client.post(f"/account/passkeys/{key.id}/remove", data={"password": PASSWORD})
    assert client.get("/").location == "/account/two-factor"
