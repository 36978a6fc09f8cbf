from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradebook.domain.money import decimal_str, fmt, parse_money, parse_quantity, percent_of, times
from tradebook.errors import BadInput


@pytest.mark.parametrize(
    "text,cents",
    [
        ("1,234.50", 123450),
        ("$1234.5", 123450),
        ("12", 1200),
        ("0.07", 7),
        (".5", 50),
        ("$1,000,000", 100000000),
        ("  42.00 ", 4200),
        ("1.230", 123),
    ],
)
def test_parses_what_people_write(text, cents):
    assert parse_money(text) == cents


@pytest.mark.parametrize(
    "text",
    [
        "12.3.4",
        "NaN",
        "inf",
        "",
        "$",
        "1,23.00",
        "12,3456",
        "1e3",
        "١٠٠",
        "１２",
        "ten",
        "-5",
        "1.234",
        "--1",
        "99999999999",
        "12.3.4",
        "0x10",
    ],
)
def test_refuses_what_is_not_an_amount(text):
    with pytest.raises(BadInput):
        parse_money(text)


@pytest.mark.parametrize(
    "text",
    [
        "12 00",
        "1 200",
        "1 200.00",
        "$1 200",
        "12 .50",
        "12. 50",
        "1,200 00",
        "12\t00",
        "12\u00a000",
    ],
)
def test_a_space_inside_a_number_is_refused_not_guessed(text):
    with pytest.raises(BadInput, match="a space inside a number"):
        parse_money(text)


def test_a_space_after_the_dollar_or_minus_sign_is_fine():
    assert parse_money("$ 1,200") == 120000
    assert parse_money(" - $ 12.50 ", allow_negative=True) == -1250


def test_negative_only_where_asked():
    assert parse_money("-$12.50", allow_negative=True) == -1250
    with pytest.raises(BadInput):
        parse_money("0", allow_zero=False)


@given(st.integers(min_value=0, max_value=10**10))
def test_decimal_string_round_trips(cents):
    assert parse_money(decimal_str(cents)) == cents
    assert parse_money(fmt(cents)) == cents


@pytest.mark.parametrize("text", ["0", "-1", "1e2", "abc", "2.5555", "1000000"])
def test_quantity_refuses(text):
    with pytest.raises(BadInput):
        parse_quantity(text)


def test_rounding_is_half_up_and_exact():
    assert times(3333, Decimal("2.5")) == 8333  # 8332.5 -> 8333
    assert percent_of(10001, "6") == 600  # 600.06 -> 600
    assert percent_of(250, "1.5") == 4  # 3.75 -> 4
