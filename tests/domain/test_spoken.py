"""Dates and times as people say them, read forward for what is to come and back for what has been."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradebook.domain.spoken import day_label, read_date, read_moment
from tradebook.errors import BadInput

SUNDAY = date(2026, 12, 6)

BOTH_WAYS = {  # the same day whichever way the field looks
    "today": "2026-12-06",
    "Today": "2026-12-06",
    "yesterday": "2026-12-05",
    "tomorrow": "2026-12-07",
    "+3": "2026-12-09",
    "-2": "2026-12-04",
    "+2w": "2026-12-20",
    "+10d": "2026-12-16",
    "+1m": "2027-01-06",
    "in 3 days": "2026-12-09",
    "2 weeks ago": "2026-11-22",
    "12/15/26": "2026-12-15",
    "12/15/2026": "2026-12-15",
    "2026-12-15": "2026-12-15",
    "2026-1-5": "2026-01-05",
    "Dec 15 2027": "2027-12-15",
    "December 15th, 2027": "2027-12-15",
    "last fri": "2026-12-04",
    "last sun": "2026-11-29",
    "sun": "2026-12-06",
    "  dec   15  2027 ": "2027-12-15",
}

AHEAD = {  # a promise, a due date, a plan's start: the next one
    "fri": "2026-12-11",
    "friday": "2026-12-11",
    "FRI": "2026-12-11",
    "Thurs": "2026-12-10",
    "mon": "2026-12-07",
    "this fri": "2026-12-11",
    "12/15": "2026-12-15",
    "12/6": "2026-12-06",
    "12/5": "2027-12-05",
    "1/15": "2027-01-15",
    "Dec 15": "2026-12-15",
    "dec. 15": "2026-12-15",
    "15 Dec": "2026-12-15",
    "jan 2nd": "2027-01-02",
    "2/29": "2028-02-29",
}

BACK = {  # a payment, a contact, a job done: the last one
    "fri": "2026-12-04",
    "Friday": "2026-12-04",
    "mon": "2026-11-30",
    "sat": "2026-12-05",
    "12/15": "2025-12-15",
    "12/6": "2026-12-06",
    "12/5": "2026-12-05",
    "11/28": "2026-11-28",
    "Nov 28": "2026-11-28",
    "Dec 15": "2025-12-15",
    "2/29": "2024-02-29",
}


@pytest.mark.parametrize("text", list(BOTH_WAYS))
@pytest.mark.parametrize("ahead", [True, False])
def test_days_said_the_same_either_way(text, ahead):
    assert read_date(text, today=SUNDAY, ahead=ahead).isoformat() == BOTH_WAYS[text]


@pytest.mark.parametrize("text", list(AHEAD))
def test_a_day_to_come_is_the_next_one(text):
    assert read_date(text, today=SUNDAY, ahead=True).isoformat() == AHEAD[text]


@pytest.mark.parametrize("text", list(BACK))
def test_a_day_gone_is_the_last_one(text):
    assert read_date(text, today=SUNDAY, ahead=False).isoformat() == BACK[text]


NEAREST = {  # a job's start: either way is as likely, so the nearer one
    "Nov 2": "2026-11-02",
    "1/1": "2027-01-01",
    "mon": "2026-12-07",
    "thu": "2026-12-03",
    "wed": "2026-12-09",
    "sun": "2026-12-06",
    "12/5": "2026-12-05",
    "6/6": "2027-06-06",
    "2/29": "2028-02-29",
}


@pytest.mark.parametrize("text", list(NEAREST))
def test_a_day_either_way_is_the_nearer_one(text):
    assert read_date(text, today=SUNDAY, ahead=None).isoformat() == NEAREST[text]


REFUSED = {  # what was typed: words the one-line refusal must hold
    "15": "could mean the 15th (12/15) or 15 days from now (+15)",
    "next fri": "could mean Fri 2026-12-11 or Fri 2026-12-18",
    "15/12": "dates are month/day — for Dec 15 write 12/15",
    "2/30": "not a real date: February has 29 days",
    "4/31": "not a real date: April has 30 days",
    "2026-02-29": "not a real date: February 2026 has 28 days",
    "2026-13-01": "not a real date: there is no month 13",
    "13/13": "not a real date: there is no month 13",
    "Dec 32": "not a real date: December has 31 days",
    "someday": "is not a date: write fri, tomorrow, +14",
    "Smarch 3": "is not a date",
    "26-01-01": "is not a date",
    "2026/01/01": "is not a date",
    "20260101": "is not a date",
    "1.5": "is not a date",
    "fri:200": "is not a date",
    "+": "is not a date",
    "+999999": "is not a date",
    "+99999w": "out of range",
    "1/1/1900": "out of range",
    "": "is empty",
    "   ": "is empty",
}


@pytest.mark.parametrize("text", list(REFUSED))
def test_what_cannot_be_read_or_could_mean_two_is_refused_in_one_line(text):
    with pytest.raises(BadInput) as refused:
        read_date(text, today=SUNDAY, ahead=True, what="--promise")
    assert REFUSED[text] in refused.value.message
    assert refused.value.message.startswith("--promise")
    assert "\n" not in refused.value.message


def test_a_day_gone_is_refused_with_days_gone_as_examples():
    with pytest.raises(BadInput) as refused:
        read_date("someday", today=SUNDAY, ahead=False, what="--date")
    assert "write today, yesterday, mon" in refused.value.message
    with pytest.raises(BadInput) as refused:
        read_date("15", today=SUNDAY, ahead=False)
    assert "the 15th (11/15) or 15 days ago (-15)" in refused.value.message


def test_the_nth_skips_months_too_short():
    with pytest.raises(BadInput) as refused:
        read_date("31", today=date(2026, 11, 5), ahead=True)
    assert "the 31st (12/31)" in refused.value.message
    with pytest.raises(BadInput) as refused:
        read_date("31", today=date(2026, 12, 5), ahead=False)
    assert "the 31st (10/31)" in refused.value.message


def test_day_label_shows_the_weekday():
    assert day_label(date(2026, 12, 11)) == "Fri 2026-12-11"


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31)),
    st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
)
def test_a_weekday_is_within_the_week_it_looks_to(today, name):
    ahead = read_date(name, today=today, ahead=True)
    back = read_date(name, today=today, ahead=False)
    nearest = read_date(name, today=today, ahead=None)
    assert 0 <= (ahead - today).days <= 6 and 0 <= (today - back).days <= 6
    assert nearest in (ahead, back) and abs((nearest - today).days) <= 3
    assert day_label(ahead).startswith(name.title()) and day_label(back).startswith(name.title())


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)),
)
def test_a_month_and_day_is_the_nearest_one_that_way(today, wanted):
    said = f"{wanted.month}/{wanted.day}"
    ahead = read_date(said, today=today, ahead=True)
    back = read_date(said, today=today, ahead=False)
    assert (ahead.month, ahead.day) == (back.month, back.day) == (wanted.month, wanted.day)
    assert back <= today <= ahead
    assert (ahead - today).days <= 366 * 4 and (today - back).days <= 366 * 4
    nearest = read_date(said, today=today, ahead=None)
    assert abs((nearest - today).days) == min((ahead - today).days, (today - back).days)
    if ahead.year == back.year:
        assert ahead == back == today


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31)),
    st.integers(min_value=-5000, max_value=5000),
)
def test_a_day_count_is_exact(today, n):
    said = f"+{n}" if n >= 0 else str(n)
    assert read_date(said, today=today, ahead=True) == today + timedelta(days=n)


@given(st.text(max_size=20))
def test_any_text_is_a_date_or_one_line_refusal(text):
    try:
        found = read_date(text, today=SUNDAY, ahead=True)
    except BadInput as refused:
        assert "\n" not in refused.message
    else:
        assert isinstance(found, date)


# ----- times -----------------------------------------------------------------------------

NOON = datetime(2026, 12, 6, 12, 0).astimezone()

MOMENTS = {
    "9:30": (SUNDAY, time(9, 30)),
    "4:30pm": (SUNDAY, time(16, 30)),
    "4:30 PM": (SUNDAY, time(16, 30)),
    "4:30 p.m.": (SUNDAY, time(16, 30)),
    "16:30": (SUNDAY, time(16, 30)),
    "4pm": (SUNDAY, time(16)),
    "12am": (SUNDAY, time(0)),
    "12pm": (SUNDAY, time(12)),
    "noon": (SUNDAY, time(12)),
    "0:15": (SUNDAY, time(0, 15)),
    "yesterday 4pm": (date(2026, 12, 5), time(16)),
    "yesterday at 4:30pm": (date(2026, 12, 5), time(16, 30)),
    "4pm yesterday": (date(2026, 12, 5), time(16)),
    "fri 9:30": (date(2026, 12, 4), time(9, 30)),
    "mon 2pm": (date(2026, 11, 30), time(14)),
    "12/1 8:15": (date(2026, 12, 1), time(8, 15)),
    "2026-11-20 16:30": (date(2026, 11, 20), time(16, 30)),
    "2026-11-20T16:30": (date(2026, 11, 20), time(16, 30)),
    "yesterday": (date(2026, 12, 5), time(12)),
    "2026-11-20": (date(2026, 11, 20), time(12)),
}


@pytest.mark.parametrize("text", list(MOMENTS))
def test_times_as_people_say_them(text):
    found = read_moment(text, now=NOON)
    assert found.tzinfo is not None
    assert (found.date(), found.time()) == MOMENTS[text]


def test_now_and_today_without_a_time_are_now():
    assert read_moment("now", now=NOON) == NOON
    assert read_moment("today", now=NOON) == NOON


def test_a_zone_given_is_kept():
    assert read_moment("2026-11-20T09:30:00-05:00", now=NOON).utcoffset() == timedelta(hours=-5)


TIMES_REFUSED = {
    "4:30": "could be 4:30am or 4:30pm (16:30): add am or pm",
    "5": "could be a time (5am, 5pm or 5:00) or a day (5 days ago: -5)",
    "25:00": "hours go up to 23",
    "9:61": "minutes go up to 59",
    "13pm": "the hour is 1 to 12",
    "sometime": "is not a time: write 9:30, 4:30pm",
    "2026-11-20T25:00": "not a real time",
    "yesterday 4:30": "could be 4:30am or 4:30pm",
    "next fri 9am": "could mean",
    "2/30 9am": "February has 29 days",
    "": "is empty",
}


@pytest.mark.parametrize("text", list(TIMES_REFUSED))
def test_times_that_cannot_be_read_are_refused(text):
    with pytest.raises(BadInput) as refused:
        read_moment(text, now=NOON)
    assert TIMES_REFUSED[text] in refused.value.message and "\n" not in refused.value.message
