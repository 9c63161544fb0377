"""The second factor over HTTP: enrolment, the code after the password, recovery codes, removal,
the administrator's policy, with real codes (pyotp) on the fixed clock."""

import re

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.auth import totp
from app.auth.factor_models import RecoveryCode, SecondFactorPolicy, TotpFactor
from app.auth.models import LoginAttempt
from app.extensions import db
from app.vocab import STAFF_ROLES, Role
from tests.auth.factories import code_now, with_totp
from tests.conftest import PASSWORD


def actions(name: str) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.action == name).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def logged_in(client) -> bool:
    return "_user_id" in client._session()


def password_step(client, user, password=PASSWORD):
    return client.post("/login", data={"email": user.email, "password": password})


def code_step(client, code, **extra):
    return client.post("/login/code", data={"code": code, **extra})


def enrolment_secret(user) -> str:
    factor = db.session.get(TotpFactor, user.id)
    return totp.unseal("test-only-key", user.id, factor.secret)


# --- enrolment -------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_key_and_needs_a_code_before_it_is_on(client, world):
    coach = world["coach"]
    client.login(coach)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "Ställ in en autentiseringsapp" in page and "data:image" not in page
    assert client.post("/account/two-factor/start").location == "/account/two-factor"
    secret = enrolment_secret(coach)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page
    assert totp.grouped(secret) in page
    assert db.session.get(TotpFactor, coach.id).enabled_at is None
    # The key is stored sealed, never as it is.
    assert secret not in db.session.get(TotpFactor, coach.id).secret

    wrong = client.post("/account/two-factor/confirm", data={"code": "000000"})
    assert wrong.status_code == 200
    assert "Koden stämmer inte." in wrong.get_data(as_text=True)
    assert db.session.get(TotpFactor, coach.id).enabled_at is None
    typed = code_now(secret)
    shown = client.post("/account/two-factor/confirm", data={"code": f"{typed[:3]} {typed[3:]}"})
    assert shown.status_code == 200
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", shown.get_data(as_text=True))
    assert len(set(codes)) == 10
    assert db.session.get(TotpFactor, coach.id).enabled_at is not None
    stored = set(db.session.scalars(sa.select(RecoveryCode.code_hash)))
    assert stored == {totp.recovery_hash(code) for code in codes}
    # Never shown again.
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert totp.grouped(secret) not in page and "data:image" not in page
    assert "10 oanvända reservkoder" in page
    assert [e.user_id for e in actions("auth.totp_enrolled")] == [coach.id]
    assert actions("auth.recovery_codes_made")[0].details == {"count": 10}


def test_enrolment_refusals_at_the_field_in_swedish_and_english(client, world):
    client.login(world["coach"])
    not_started = client.post("/account/two-factor/confirm", data={"code": "123456"})
    assert "Börja om inställningen" in not_started.get_data(as_text=True)
    client.post("/account/two-factor/start")
    blank = client.post("/account/two-factor/confirm", data={"code": ""})
    assert "Skriv koden." in blank.get_data(as_text=True)
    letters = client.post("/account/two-factor/confirm", data={"code": "12 ab"})
    assert "mellanslag och bindestreck går bra" in letters.get_data(as_text=True)
    client.post("/language", data={"language": "en"})
    english = client.post("/account/two-factor/confirm", data={"code": "12 ab"})
    text = english.get_data(as_text=True)
    assert "Type the six digits your authenticator app shows now" in text
    assert 'aria-invalid="true"' in text


def test_starting_again_makes_a_new_key_and_an_enrolled_factor_cannot_be_restarted(client, world):
    coach = world["coach"]
    client.login(coach)
    client.post("/account/two-factor/start")
    first = enrolment_secret(coach)
    client.post("/account/two-factor/start")
    second = enrolment_secret(coach)
    assert first != second
    assert client.post("/account/two-factor/confirm", data={"code": code_now(first)}).status_code
    assert db.session.get(TotpFactor, coach.id).enabled_at is None  # the old key no longer
    client.post("/account/two-factor/confirm", data={"code": code_now(second)})
    assert db.session.get(TotpFactor, coach.id).enabled_at is not None
    again = client.post("/account/two-factor/start", follow_redirects=True)
    assert "Ditt konto har redan en autentiseringsapp." in again.get_data(as_text=True)
    assert enrolment_secret(coach) == second


# --- signing in ------------------------------------------------------------------------------


def test_the_password_alone_gives_no_access_and_the_code_makes_the_session(client, world):
    coach = world["coach"]
    with_totp(coach)
    step = password_step(client, coach)
    assert step.status_code == 302 and step.location == "/login/code"
    assert not logged_in(client)
    assert client.get("/").location.startswith("/login")
    assert client.get("/account/two-factor").location.startswith("/login")
    assert not actions("auth.login")
    page = client.get("/login/code").get_data(as_text=True)
    assert 'autocomplete="one-time-code"' in page
    done = code_step(client, code_now())
    assert done.status_code == 302 and done.location == "/"
    assert logged_in(client) and client.get("/").status_code == 200
    assert actions("auth.login")[-1].details == {"method": "password+totp"}
    assert actions("auth.password_accepted")[-1].user_id == coach.id


def test_the_code_goes_to_the_page_asked_for(client, world):
    with_totp(world["coach"])
    step = client.post(
        "/login?next=/cases",
        data={"email": "coach@test.example", "password": PASSWORD, "next": "/cases"},
    )
    assert step.location == "/login/code?next=/cases"
    page = client.get(step.location).get_data(as_text=True)
    assert 'value="/cases"' in page
    done = code_step(client, code_now(), next="/cases")
    assert done.location == "/cases"


def test_accounts_without_a_factor_sign_in_with_the_password_only(client, world):
    response = client.login(world["coach"])
    assert response.location == "/" and logged_in(client)
    assert actions("auth.login")[-1].details == {"method": "password"}


def test_a_wrong_code_is_refused_logged_and_counted(client, world):
    coach = world["coach"]
    with_totp(coach)
    password_step(client, coach)
    wrong = code_step(client, "000000")
    assert wrong.status_code == 200 and not logged_in(client)
    assert "Koden stämmer inte." in wrong.get_data(as_text=True)
    assert actions("auth.second_step_failed")[-1].details == {"reason": "wrong_sign_in_code"}
    attempts = db.session.scalars(sa.select(LoginAttempt.succeeded)).all()
    assert attempts == [False]  # the right password is not a success on its own
    assert code_step(client, code_now()).status_code == 302
    assert db.session.scalars(sa.select(LoginAttempt.succeeded)).all() == [False, True]


@pytest.mark.parametrize("steps", [-1, 1])
def test_the_previous_and_the_next_code_are_accepted(client, world, stopped_clock, steps):
    with_totp(world["coach"])
    password_step(client, world["coach"])
    assert code_step(client, code_now(steps=steps)).status_code == 302


@pytest.mark.parametrize("steps", [-2, 2])
def test_a_code_two_steps_away_is_refused(client, world, stopped_clock, steps):
    with_totp(world["coach"])
    password_step(client, world["coach"])
    assert code_step(client, code_now(steps=steps)).status_code == 200
    assert not logged_in(client)


def test_a_code_used_once_is_refused_the_second_time(app, client, world, stopped_clock):
    with_totp(world["coach"])
    code = code_now()
    password_step(client, world["coach"])
    assert code_step(client, f"{code[:3]}-{code[3:]}").status_code == 302  # dashes are fine
    other = app.test_client()
    password_step(other, world["coach"])
    reused = code_step(other, code)
    assert reused.status_code == 200 and not logged_in(other)
    assert "Koden är redan använd. Vänta på nästa." in reused.get_data(as_text=True)
    assert actions("auth.second_step_failed")[-1].details == {"reason": "code_used"}
    # Nor an earlier one; the next step's code works.
    assert code_step(other, code_now(steps=-1)).status_code == 200
    assert code_step(other, code_now(steps=1)).status_code == 302


def test_a_recovery_code_signs_in_once(app, client, world):
    coach = world["coach"]
    codes = with_totp(coach)
    password_step(client, coach)
    done = code_step(client, codes[3].upper())
    assert done.status_code == 302 and logged_in(client)
    assert actions("auth.login")[-1].details == {"method": "password+recovery"}
    assert actions("auth.recovery_code_used")[-1].details == {"left": 9}
    again = app.test_client()
    password_step(again, coach)
    refused = code_step(again, codes[3])
    assert refused.status_code == 200 and not logged_in(again)
    assert "eller en av dina reservkoder" in refused.get_data(as_text=True)
    assert code_step(again, codes[4]).status_code == 302


def test_wrong_codes_make_the_next_attempt_wait_and_a_right_password_does_not_reset_it(
    client, world, stopped_clock
):
    coach = world["coach"]
    with_totp(coach)
    password_step(client, coach)
    for _ in range(3):
        assert code_step(client, "000000").status_code == 200
    waiting = code_step(client, code_now())  # not even checked
    assert waiting.status_code == 429 and waiting.headers["Retry-After"] == "2"
    assert "Vänta 2 sekunder" in waiting.get_data(as_text=True)
    assert password_step(client, coach).status_code == 429  # the password waits too
    stopped_clock.shift(2)
    assert code_step(client, code_now()).status_code == 302


def test_the_code_must_follow_within_five_minutes(client, world, stopped_clock):
    with_totp(world["coach"])
    password_step(client, world["coach"])
    stopped_clock.shift(5 * 60 + 1)
    late = code_step(client, code_now())
    assert late.status_code == 302 and late.location == "/login"
    assert not logged_in(client)
    assert client.get("/login/code").location == "/login"


def test_a_new_password_meanwhile_ends_the_half_signed_in_state(client, world):
    from app.auth.services import set_password

    with_totp(world["coach"])
    password_step(client, world["coach"])
    set_password(world["coach"], "another long password")
    db.session.flush()
    assert code_step(client, code_now()).location == "/login"
    assert not logged_in(client)


def test_without_a_password_step_the_code_page_sends_to_login(client, world):
    with_totp(world["coach"])
    assert client.get("/login/code").location == "/login"
    assert code_step(client, code_now()).location == "/login"
    assert not logged_in(client)


def test_nonsense_in_the_code_field_is_a_message_not_an_error(client, world):
    with_totp(world["coach"])
    password_step(client, world["coach"])
    for nonsense in ["", "x" * 101, "12\x0034", "' OR 1=1 --", "١٢٣٤٥٦"]:
        response = code_step(client, nonsense)
        assert response.status_code == 200 and not logged_in(client)


# --- recovery codes and removal --------------------------------------------------------------


def test_new_recovery_codes_replace_the_old_ones(app, client, world):
    coach = world["coach"]
    old = with_totp(coach)
    client.login(coach, accept_terms=False)
    code_step(client, code_now())
    wrong = client.post("/account/two-factor/recovery-codes", data={"codes-password": "nope"})
    assert "Lösenordet är fel." in wrong.get_data(as_text=True)
    made = client.post("/account/two-factor/recovery-codes", data={"codes-password": PASSWORD})
    new = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", made.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    other = app.test_client()
    password_step(other, coach)
    assert code_step(other, old[0]).status_code == 200
    assert code_step(other, new[0]).status_code == 302
    assert len(actions("auth.recovery_codes_made")) == 1  # the factory's set is not logged


def test_removing_the_factor_needs_the_password(app, client, world):
    coach = world["coach"]
    with_totp(coach)
    password_step(client, coach)
    code_step(client, code_now())
    wrong = client.post("/account/two-factor/remove", data={"remove-password": "nope"})
    assert wrong.status_code == 200 and "Lösenordet är fel." in wrong.get_data(as_text=True)
    assert db.session.get(TotpFactor, coach.id) is not None
    removed = client.post("/account/two-factor/remove", data={"remove-password": PASSWORD})
    assert removed.location == "/account/two-factor"
    assert db.session.get(TotpFactor, coach.id) is None
    assert not db.session.scalars(sa.select(RecoveryCode)).all()
    assert [e.user_id for e in actions("auth.totp_removed")] == [coach.id]
    other = app.test_client()
    assert other.login(coach).location == "/"


# --- the policy ------------------------------------------------------------------------------


def test_the_system_administrator_sets_which_roles_need_a_factor(client, world):
    client.login(world["system"])
    page = client.get("/admin/second-factor").get_data(as_text=True)
    assert 'value="coach"' in page and "checked" not in page  # the tests' default: none
    saved = client.post("/admin/second-factor", data={"roles": ["coach", "assessor"]})
    assert saved.location == "/admin/second-factor"
    chosen = {p.role: p.required for p in db.session.scalars(sa.select(SecondFactorPolicy))}
    assert chosen[Role.COACH] and chosen[Role.ASSESSOR] and not chosen[Role.ADMIN]
    assert len(chosen) == len(STAFF_ROLES) and Role.PARTICIPANT not in chosen
    assert actions("auth.factor_policy_changed")[-1].details == {"required": ["assessor", "coach"]}
    bad = client.post("/admin/second-factor", data={"roles": ["nobody"]})
    assert bad.status_code == 200
    assert client.get("/admin/").get_data(as_text=True).count("/admin/second-factor") == 1


def test_the_policy_page_is_the_system_administrators(client, world):
    client.login(world["admin"])
    assert client.get("/admin/second-factor").status_code == 403
    client.login(world["coach"])
    assert client.post("/admin/second-factor", data={"roles": []}).status_code == 403


def test_one_whose_role_needs_a_factor_enrols_before_anything_else(client, world):
    db.session.add(SecondFactorPolicy(role=Role.COACH, required=True))
    db.session.flush()
    coach = world["coach"]
    client.login(coach)
    for page in ("/", "/cases", "/account/password"):
        assert client.get(page).location == "/account/two-factor", page
    shown = client.get("/account/two-factor").get_data(as_text=True)
    assert "Din roll kräver en andra faktor" in shown
    client.post("/account/two-factor/start")
    client.post("/account/two-factor/confirm", data={"code": code_now(enrolment_secret(coach))})
    assert client.get("/").status_code == 200
    # Others are not asked.
    other = client.application.test_client()
    other.login(world["assessor"])
    assert other.get("/").status_code == 200


def test_removing_a_required_factor_sends_back_to_enrolment(client, world):
    db.session.add(SecondFactorPolicy(role=Role.COACH, required=True))
    db.session.flush()
    with_totp(world["coach"])
    password_step(client, world["coach"])
    code_step(client, code_now())
    assert client.get("/").status_code == 200
    client.post("/account/two-factor/remove", data={"remove-password": PASSWORD})
    assert client.get("/").location == "/account/two-factor"


def test_production_requires_a_factor_for_every_staff_role(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "SECOND_FACTOR_REQUIRED", "staff")
    client.login(world["employer"])
    assert client.get("/").status_code == 200
    for role in ("coach", "admin", "system", "regional"):
        client.login(world[role])
        assert client.get("/").location == "/account/two-factor", role
    # The administrator's choice comes before the configuration.
    db.session.add(SecondFactorPolicy(role=Role.COACH, required=False))
    db.session.flush()
    client.login(world["coach"])
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("value", "roles"),
    [
        ("staff", set(STAFF_ROLES) - {Role.EMPLOYER}),
        ("all", set(STAFF_ROLES)),  # a participant signs in by e-ID or a one-time code
        ("none", set()),
        ("", set()),
        ("admin, coach", {Role.ADMIN, Role.COACH}),
    ],
)
def test_the_configured_default(value, roles):
    from app.auth.second_step import configured_roles

    assert configured_roles(value) == roles


def test_a_wrong_configured_default_stops_the_start():
    from app.auth.second_step import configured_roles

    with pytest.raises(ValueError):
        configured_roles("coaches")
