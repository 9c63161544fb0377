"""Login throttling: growing delays per account and address, a ceiling per address."""

from datetime import timedelta

from app.auth.throttle import pair_delay
from tests.conftest import PASSWORD

ATTACKER = "203.0.113.66"
HOME = "198.51.100.7"
WRONG = "not the password"


def attempt(client, email: str, password: str = WRONG, ip: str = ATTACKER):
    return client.post(
        "/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": ip}
    )


def test_an_attack_from_elsewhere_does_not_lock_the_person_out(app, world, stopped_clock):
    attacker, person = app.test_client(), app.test_client()
    refused = 0
    for _ in range(40):  # a minute of hammering, as fast as the attacker may
        refused += attempt(attacker, "coach@test.example").status_code == 429
        stopped_clock.shift(1.5)
    assert refused > 20  # most attempts wait, unchecked
    response = attempt(person, "coach@test.example", PASSWORD, ip=HOME)
    assert response.status_code == 302 and response.location == "/"
    assert person.get("/").status_code == 200


def test_failures_for_an_account_from_an_address_make_the_next_attempt_wait_longer(
    client, world, stopped_clock
):
    for _ in range(3):  # the first failures cost nothing
        assert attempt(client, "coach@test.example").status_code == 200
    waiting = attempt(client, "coach@test.example", PASSWORD)  # not even checked
    assert waiting.status_code == 429 and waiting.headers["Retry-After"] == "2"
    assert "Vänta 2 sekunder" in waiting.get_data(as_text=True)
    stopped_clock.shift(2)
    assert attempt(client, "coach@test.example").status_code == 200  # a fourth failure
    stopped_clock.shift(3)
    assert attempt(client, "coach@test.example").headers["Retry-After"] == "1"  # 4 s now
    stopped_clock.shift(1)
    assert attempt(client, "coach@test.example", PASSWORD).status_code == 302


def test_a_success_starts_the_pair_afresh(client, world, stopped_clock):
    for _ in range(3):
        attempt(client, "coach@test.example")
    stopped_clock.shift(2)
    assert attempt(client, "coach@test.example", PASSWORD).status_code == 302
    client.logout()
    for _ in range(3):
        assert attempt(client, "coach@test.example").status_code == 200


def test_an_unknown_email_is_slowed_down_like_a_known_one(client, world, stopped_clock):
    for email in ("coach@test.example", "nobody@test.example"):
        for _ in range(3):
            attempt(client, email)
        assert attempt(client, email).headers["Retry-After"] == "2"


def test_the_wait_is_capped_and_old_failures_are_forgotten(app, client, world, stopped_clock):
    assert pair_delay(2, app.config) == timedelta(0)
    assert pair_delay(3, app.config) == timedelta(seconds=2)
    assert pair_delay(10, app.config) == timedelta(seconds=256)
    assert pair_delay(10_000, app.config) == timedelta(minutes=15)
    for failures in range(1, 13):  # each attempt as soon as it may be made
        assert attempt(client, "coach@test.example").status_code == 200
        stopped_clock.shift(pair_delay(failures, app.config))
    stopped_clock.shift(-100)  # the twelfth failure waits the longest: 15 minutes
    response = attempt(client, "coach@test.example", PASSWORD)
    assert response.status_code == 429 and "Vänta 2 minuter" in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "100"
    stopped_clock.shift(timedelta(hours=1))
    assert attempt(client, "coach@test.example", PASSWORD).status_code == 302


def test_many_accounts_tried_from_one_address_make_the_address_wait(app, world, stopped_clock):
    sprayer, elsewhere = app.test_client(), app.test_client()
    for n in range(30):  # never more than one failure per account: no account waits
        assert attempt(sprayer, f"guess{n}@test.example").status_code == 200
        stopped_clock.shift(10)
    blocked = attempt(sprayer, "assessor@test.example", PASSWORD)
    assert blocked.status_code == 429
    assert "från ditt nätverk" in blocked.get_data(as_text=True)
    assert 0 < int(blocked.headers["Retry-After"]) <= 15 * 60
    assert attempt(elsewhere, "assessor@test.example", PASSWORD, ip=HOME).status_code == 302
    stopped_clock.shift(int(blocked.headers["Retry-After"]))
    assert attempt(sprayer, "assessor@test.example", PASSWORD).status_code == 302
