"""`tradebook calendar`: the .ics file parsed back as a calendar program reads it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.cli.conftest import Cli


@pytest.fixture
def busy(started: Cli) -> Cli:
    """Tom Becker: an overdue invoice with a final notice sent, a promise on another, a plan
    on a third. Today is 2026-11-22."""
    started.ok(
        "invoice",
        "add",
        "C-0001",
        "--item",
        "Panel change:1:1500",
        "--date",
        "2026-08-01",
        "--net",
        "30",
    )
    started.ok("invoice", "send", "INV-0001", "--via", "post", "--date", "2026-08-01")
    started.ok(
        "invoice",
        "add",
        "C-0001",
        "--item",
        "GFCI outlets:2:90",
        "--date",
        "2026-10-01",
        "--net",
        "30",
    )
    started.ok("invoice", "send", "INV-0002", "--via", "email", "--date", "2026-10-01")
    started.ok(
        "invoice", "add", "C-0001", "--item", "Rewire:1:900", "--date", "2026-11-01", "--net", "15"
    )
    started.ok(
        "letter",
        "INV-0001",
        "--kind",
        "final",
        "-o",
        str(started.book.parent / "final.pdf"),
        "--send-via",
        "certified",
        "--tracking",
        "9400 1111",
    )
    started.ok(
        "log",
        "C-0001",
        "Will pay the outlets Friday",
        "--via",
        "call",
        "--in",
        "--promise",
        "2026-11-27:180",
        "--at",
        "2026-11-21T10:00-05:00",
    )
    started.ok("plan", "INV-0003", "--instalments", "3", "--every", "14", "--start", "2026-12-01")
    return started


def read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def events(cal: Calendar) -> dict[str, object]:
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_the_days_that_matter_are_events(busy: Cli, tmp_path: Path):
    out = tmp_path / "collections.ics"
    result = busy.ok("calendar", "-o", str(out))
    assert f"written to {out}" in result.out
    cal = read(out)
    assert str(cal["x-wr-calname"]) == "Bright Spark Electric — collections"
    found = events(cal)
    promise = found["k-0002-promise@tradebook.invalid"]
    assert promise.decoded("dtstart") == date(2026, 11, 27)
    assert promise.decoded("dtend") == date(2026, 11, 28)
    assert "Tom Becker promised to pay $180.00" in str(promise["summary"])
    instalments = sorted(
        (e.decoded("dtstart"), str(e["summary"]))
        for uid, e in found.items()
        if "-instalment@" in uid
    )
    assert [d for d, _ in instalments] == [
        date(2026, 12, 1),
        date(2026, 12, 15),
        date(2026, 12, 29),
    ]
    assert "installment 1 of 3, $300.00" in instalments[0][1]
    deadline = found["l-0001-deadline@tradebook.invalid"]
    assert deadline.decoded("dtstart") == date(2026, 12, 7)  # the final notice's pay-by date
    assert str(deadline["summary"]) == "Deadline: Tom Becker to pay $1,500.00 (final notice)"
    alarms = deadline.walk("VALARM")
    assert len(alarms) == 1 and alarms[0].decoded("trigger") == -timedelta(hours=15)
    assert not promise.walk("VALARM")


def test_next_steps_fall_on_their_day_and_one_already_due_on_today(started: Cli, tmp_path: Path):
    started.ok(
        "invoice",
        "add",
        "C-0001",
        "--item",
        "Panel change:1:1500",
        "--date",
        "2026-08-01",
        "--net",
        "30",
    )
    started.ok("invoice", "send", "INV-0001", "--via", "post", "--date", "2026-08-01")
    started.ok(
        "invoice", "add", "C-0001", "--item", "Outlets:1:200", "--date", "2026-11-10", "--net", "15"
    )
    started.ok("invoice", "send", "INV-0002", "--via", "post", "--date", "2026-11-10")
    out = tmp_path / "c.ics"
    started.ok("calendar", "-o", str(out), "--days", "30")
    found = events(read(out))
    now = found["inv-0001-next-reminder@tradebook.invalid"]
    assert now.decoded("dtstart") == date(2026, 11, 22)
    assert str(now["summary"]) == "Friendly reminder: Tom Becker INV-0001"
    assert "tradebook letter INV-0001 --kind reminder" in str(now["description"])
    later = found["inv-0002-next-reminder@tradebook.invalid"]
    assert later.decoded("dtstart") == date(2026, 11, 28)  # due 11-25, reminder 3 days on


def test_writing_again_keeps_every_uid_and_a_later_day_wins(busy: Cli, tmp_path: Path, monkeypatch):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    busy.ok("calendar", "-o", str(first))
    busy.ok("calendar", "-o", str(second))
    assert first.read_bytes() == second.read_bytes()
    monkeypatch.setenv("TRADEBOOK_TODAY", "2026-11-23")
    later = tmp_path / "c.ics"
    busy.ok("calendar", "-o", str(later))
    before, after = events(read(first)), events(read(later))
    kept = {
        "l-0001-deadline@tradebook.invalid",
        "k-0002-promise@tradebook.invalid",
        "pp-001-1-instalment@tradebook.invalid",
    }
    assert kept <= set(before) & set(after)
    for uid in kept:
        assert after[uid]["sequence"] > before[uid]["sequence"]
        assert after[uid].decoded("dtstart") == before[uid].decoded("dtstart")


def test_days_limits_the_window(busy: Cli, tmp_path: Path):
    out = tmp_path / "week.ics"
    busy.ok("calendar", "-o", str(out), "--days", "7")
    days = [e.decoded("dtstart") for e in read(out).walk("VEVENT")]
    assert days and all(date(2026, 11, 22) <= d <= date(2026, 11, 29) for d in days)


def test_a_limitation_end_in_the_window_has_an_alarm(started: Cli, tmp_path: Path):
    started.ok(
        "invoice", "add", "C-0001", "--item", "Old job:1:400", "--date", "2021-11-01", "--net", "30"
    )
    out = tmp_path / "c.ics"
    started.ok("calendar", "-o", str(out), "--days", "30")
    ends = events(read(out))["inv-0001-limitation@tradebook.invalid"]
    assert ends.decoded("dtstart") == date(2026, 12, 1)  # Kentucky: 5 years from the due date
    assert ends.walk("VALARM")


def test_an_empty_book_writes_an_empty_calendar(started: Cli, tmp_path: Path):
    out = tmp_path / "c.ics"
    assert started.ok("calendar", "-o", str(out)).out.startswith("0 events")
    assert read(out).walk("VEVENT") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "cal.txt"], "should end in .ics"),
        (["-o", "no/such/folder/c.ics"], "no folder"),
        (["-o", "c.ics", "--days", "0"], "--days is between 1 and 3660"),
    ],
)
def test_bad_calendar_requests(started: Cli, tmp_path: Path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = started("calendar", *args)
    assert result.code == 2 and message in result.err and result.err.count("\n") == 1
    assert not list(tmp_path.glob("*.ics")) and not list(tmp_path.glob(".*.tmp"))
