"""TOTP codes and recovery codes, in plain Python (app/auth/totp.py), with real codes (pyotp)."""

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from app.auth import totp
from tests.clock import NOW

pytestmark = pytest.mark.domain

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
KEY = "an application secret"


def code(when: datetime) -> str:
    """The code an authenticator app shows at `when` (pyotp, as the apps compute it)."""
    return pyotp.TOTP(SECRET).at(when)


def test_the_code_of_the_current_step_and_its_neighbours_are_accepted():
    step = totp.time_step(NOW)
    for offset in (-1, 0, 1):
        typed = code(NOW + timedelta(seconds=30 * offset))
        assert totp.matching_step(SECRET, typed, NOW, None) == step + offset


def test_a_code_two_steps_away_is_refused():
    for offset in (-2, 2, 10):
        assert (
            totp.matching_step(SECRET, code(NOW + timedelta(seconds=30 * offset)), NOW, None) == 0
        )


def test_a_code_of_a_step_already_used_is_refused():
    step = totp.time_step(NOW)
    assert totp.matching_step(SECRET, code(NOW), NOW, step) == -1
    earlier = code(NOW - timedelta(seconds=30))
    assert totp.matching_step(SECRET, earlier, NOW, step) == -1
    later = code(NOW + timedelta(seconds=30))
    assert totp.matching_step(SECRET, later, NOW, step) == step + 1


@pytest.mark.parametrize("shape", ["{}", "{} {}", "{}-{}", " {}\u00a0{} ", "{}\u2013{}"])
def test_codes_typed_with_spaces_or_dashes_are_read(shape):
    typed = code(NOW)
    written = shape.format(typed) if shape == "{}" else shape.format(typed[:3], typed[3:])
    assert totp.looks_like_totp(written)
    assert totp.matching_step(SECRET, written, NOW, None) == totp.time_step(NOW)


@pytest.mark.parametrize("typed", ["", None, "12345", "1234567", "abcdef", "１２３４５６"])
def test_anything_but_six_digits_is_no_code(typed):
    assert not totp.looks_like_totp(typed)
    assert totp.matching_step(SECRET, typed, NOW, None) == 0


def test_time_steps_are_thirty_seconds_of_unix_time():
    assert totp.time_step(datetime(1970, 1, 1, 0, 0, 59, tzinfo=UTC)) == 1
    assert totp.code_at(SECRET, totp.time_step(NOW)) == code(NOW)


def test_a_sealed_secret_opens_only_with_its_key_and_for_its_account():
    sealed = totp.seal(KEY, 7, SECRET)
    assert SECRET not in sealed
    assert totp.unseal(KEY, 7, sealed) == SECRET
    assert totp.unseal(KEY, 8, sealed) is None
    assert totp.unseal("another key", 7, sealed) is None
    assert totp.unseal(KEY, 7, "not base64!") is None
    assert totp.unseal(KEY, 7, "") is None
    assert totp.seal(KEY, 7, SECRET) != sealed  # a new nonce each time


def test_a_new_secret_is_160_bits_of_base32_and_the_qr_address_names_validera():
    secret = totp.new_secret()
    assert len(secret) == 32 and pyotp.TOTP(secret).now().isdigit()
    uri = totp.provisioning_uri(secret, "coach@example.org")
    assert uri.startswith("otpauth://totp/Validera:coach%40example.org?secret=" + secret)
    assert "issuer=Validera" in uri
    assert totp.grouped("ABCDEFGHIJ") == "ABCD EFGH IJ"


def test_ten_recovery_codes_unlike_each_other_and_kept_as_hashes():
    codes = totp.new_recovery_codes()
    assert len(codes) == len(set(codes)) == 10
    assert all(len(c) == 11 and c[5] == "-" for c in codes)
    assert all(set(c.replace("-", "")) <= set(totp.RECOVERY_ALPHABET) for c in codes)
    first = codes[0]
    assert totp.recovery_hash(first) == totp.recovery_hash(first.upper().replace("-", " "))
    assert len(totp.recovery_hash(first)) == 64 and first not in totp.recovery_hash(first)
