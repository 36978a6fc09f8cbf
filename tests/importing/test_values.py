"""Money and dates as exports write them."""

from datetime import date

import pytest

from tradebook.errors import BadInput
from tradebook.importing.table import cell_text, column_key
from tradebook.importing.values import cell_date, cell_money


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("2026-12-15", False, date(2026, 12, 15)),
        ("2026-12-15T10:30:00", False, date(2026, 12, 15)),
        ("12/15/2026", False, date(2026, 12, 15)),
        ("12/15/26", False, date(2026, 12, 15)),
        ("3/4/2026", False, date(2026, 3, 4)),
        ("3/4/2026", True, date(2026, 4, 3)),
        ("15/12/2026", True, date(2026, 12, 15)),
        ("15.12.2026", True, date(2026, 12, 15)),
        ("12/15/2026 4:30 PM", False, date(2026, 12, 15)),
        ("Nov 20, 2025", False, date(2025, 11, 20)),
        ("November 20, 2025", False, date(2025, 11, 20)),
        ("Sept 3 2025", False, date(2025, 9, 3)),
        ("20 Nov 2025", False, date(2025, 11, 20)),
        ("20-Nov-2025", False, date(2025, 11, 20)),
        ("Thursday, July 30, 2026", False, date(2026, 7, 30)),
    ],
)
def test_dates_in_the_shapes_exports_use(text, day_first, expected):
    assert cell_date(text, what="the date", day_first=day_first) == expected


@pytest.mark.parametrize(
    ("text", "day_first", "message"),
    [
        ("15/12/2026", False, "add --day-first"),
        ("12/15/2026", True, "leave out --day-first"),
        ("02/30/2026", False, "not a real date"),
        ("next week", False, "is not a date"),
        ("", False, "is empty"),
        ("1850-01-01", False, "out of range"),
    ],
)
def test_dates_that_are_refused_say_why(text, day_first, message):
    with pytest.raises(BadInput, match=message):
        cell_date(text, what="the date", day_first=day_first)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("$1,234.50", 123450),
        ("1234.5", 123450),
        ("1,234", 123400),
        ("USD 99.99", 9999),
        ("$0.00", 0),
        ("1860.0", 186000),
        (" 42 ", 4200),
        ("+15.00", 1500),
    ],
)
def test_amounts(text, cents):
    assert cell_money(text, what="the amount") == cents


def test_negative_amounts_only_where_allowed():
    assert cell_money("(400.00)", what="x", negative=True) == -40000
    assert cell_money("-$50.00", what="x", negative=True) == -5000
    with pytest.raises(BadInput, match="is negative"):
        cell_money("(400.00)", what="the amount")


@pytest.mark.parametrize("text", ["=SUM(A1:A3)", "=1+2", "@foo", "12.3.4", "abc", "1.234,50"])
def test_what_is_not_an_amount(text):
    with pytest.raises(BadInput):
        cell_money(text, what="the amount")


def test_headers_and_cells():
    assert column_key("Total ($)") == "total"
    assert column_key(" Invoice # ") == "invoice"
    assert column_key("Customer full name") == "customer full name"
    assert cell_text('="00123"') == "00123"
    assert cell_text('  =HYPERLINK("http://x")  ') == '=HYPERLINK("http://x")'
