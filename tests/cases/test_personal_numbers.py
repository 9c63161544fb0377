"""Personal identity and coordination numbers, without an application."""

from datetime import date

import pytest

from app.cases.personal_numbers import (
    InvalidPersonalNumber,
    NumberSearch,
    Problem,
    SearchKind,
    birth_date,
    classify,
    mask,
    parse,
    search_digest,
    with_check_digit,
)

pytestmark = pytest.mark.domain  # no app, no database

TODAY = date(2026, 11, 22)
VALID = with_check_digit("19850412123")  # 198504121230
COORDINATION = with_check_digit("19850472123")  # day 12 + 60


@pytest.mark.parametrize(
    "written",
    [VALID, f"{VALID[:8]}-{VALID[8:]}", VALID[2:], f"{VALID[2:8]}-{VALID[8:]}", f" {VALID} "],
)
def test_valid_number_in_every_accepted_shape_is_kept_as_12_digits(written):
    number = parse(written, TODAY)
    assert number.digits == VALID
    assert number.birth_date == date(1985, 4, 12)
    assert not number.is_coordination


def test_coordination_number_is_day_plus_60():
    number = parse(COORDINATION, TODAY)
    assert number.is_coordination
    assert number.birth_date == date(1985, 4, 12)
    assert number.digits == COORDINATION


def test_ten_digits_take_the_latest_century_and_plus_adds_a_hundred_years():
    young = with_check_digit("20100101123")
    assert parse(young[2:], TODAY).digits == young
    old = with_check_digit("19100101123")
    assert parse(f"{old[2:8]}+{old[8:]}", TODAY).digits == old
    assert parse(f"{old[2:8]}-{old[8:]}", TODAY).digits == "20" + old[2:]


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        (VALID[:-1] + str((int(VALID[-1]) + 1) % 10), Problem.CHECK_DIGIT),
        (COORDINATION[:-1] + str((int(COORDINATION[-1]) + 3) % 10), Problem.CHECK_DIGIT),
        ("19850230" + "1234", Problem.DATE),  # 30 February
        ("19851301" + "1234", Problem.DATE),  # month 13
        ("19850492" + "1234", Problem.DATE),  # coordination day 32 + 60
        ("19850400" + "1234", Problem.DATE),  # day 0
        ("20301212" + "1234", Problem.FUTURE),
        ("850412123", Problem.FORMAT),  # 9 digits
        ("19850412123", Problem.FORMAT),  # 11 digits
        ("1985041212345", Problem.FORMAT),  # 13 digits
        ("19850412-12a4", Problem.FORMAT),
        ("19850412--1234", Problem.FORMAT),
        ("", Problem.FORMAT),
        ("<script>", Problem.FORMAT),
        ("1985\x000412", Problem.FORMAT),
    ],
)
def test_invalid_numbers_say_which_part_is_wrong(written, problem):
    with pytest.raises(InvalidPersonalNumber) as refused:
        parse(written, TODAY)
    assert refused.value.problem is problem


def test_leap_day_only_in_leap_years():
    assert parse(with_check_digit("20000229123"), TODAY).birth_date == date(2000, 2, 29)
    with pytest.raises(InvalidPersonalNumber) as refused:
        parse("19000229" + "1234", TODAY)
    assert refused.value.problem is Problem.DATE


def test_birth_date_of_a_stored_number():
    assert birth_date(VALID) == date(1985, 4, 12)
    assert birth_date(COORDINATION) == date(1985, 4, 12)


def test_mask_shows_the_date_part_only():
    assert mask(VALID) == "19850412-****"
    assert parse(VALID, TODAY).masked() == "19850412-****"


def test_a_search_by_digits_finds_only_a_whole_number_or_the_date_of_birth():
    number, date_part = SearchKind.NUMBER, SearchKind.BIRTH_DATE
    assert classify(f"{VALID[2:8]}-{VALID[8:]}", TODAY) == NumberSearch(number, VALID)
    assert classify(VALID, TODAY) == NumberSearch(number, VALID)
    assert classify(COORDINATION, TODAY) == NumberSearch(number, COORDINATION)
    assert classify("19850412", TODAY) == NumberSearch(date_part, "19850412")
    assert classify("850412-", TODAY) == NumberSearch(date_part, "850412")
    assert classify("19850472", TODAY) == NumberSearch(date_part, "19850472")  # as masked
    assert classify("000229", TODAY) == NumberSearch(date_part, "000229")
    # a prefix longer than the date, a wrong check digit, an impossible date: nobody
    for term in (VALID[:9], VALID[:11], VALID[:11] + str((int(VALID[11]) + 1) % 10)):
        assert classify(term, TODAY).kind is SearchKind.REFUSED, term
    assert classify("19851341", TODAY).kind is SearchKind.REFUSED
    assert classify("Amina", TODAY) is None
    assert classify("12345", TODAY) is None


def test_what_the_access_log_may_hold_of_a_searched_number():
    assert classify(VALID, TODAY).masked() == "19850412-****"
    assert classify(VALID[:10], TODAY).masked() == "198504****"
    assert classify("850412", TODAY).masked() == "850412"
    digest = search_digest("secret", classify(VALID, TODAY))
    assert VALID not in digest and VALID[2:] not in digest
    assert digest == search_digest("secret", classify(VALID[2:], TODAY))
    assert digest != search_digest("other secret", classify(VALID, TODAY))
