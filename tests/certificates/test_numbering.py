"""Certificate numbers and verification codes."""

from app.certificates import numbering


def test_numbers_are_formatted_and_typed_numbers_normalised():
    assert numbering.format_number(2026, 123) == "VAL-2026-000123"
    assert numbering.normalise_number(" val-2026-000123 ") == "VAL-2026-000123"
    assert numbering.normalise_number("VAL 2026 123") is None
    assert numbering.normalise_number("'; DROP TABLE certificates; --") is None
    assert numbering.normalise_number(None) is None


def test_codes_are_long_url_safe_and_random():
    codes = {numbering.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(numbering.is_code(code) and len(code) == 32 for code in codes)
    assert not numbering.is_code("../../etc/passwd")
    assert not numbering.is_code("x" * 33)


def test_a_new_year_starts_its_own_sequence(app):
    first = numbering.next_number(2031)
    second = numbering.next_number(2031)
    other_year = numbering.next_number(2032)
    assert (first, second, other_year) == (
        "VAL-2031-000001",
        "VAL-2031-000002",
        "VAL-2032-000001",
    )
