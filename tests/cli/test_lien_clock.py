"""The lien clock: a job's last day of work (set when done, editable), the deadlines of the
site's state, a warning sign and a decision in `next` before the window closes, the deadline
in the timeline, and the lien worksheet. Today is pinned to 2026-11-22."""

from __future__ import annotations

import pytest
from pypdf import PdfReader


@pytest.fixture
def job_done_in_june(started):
    """Tom Becker's panel upgrade in Louisville, done 2026-06-01 and still unpaid: Kentucky's
    6-month lien window closes 2026-12-01, nine days from today."""
    started.ok(
        "job",
        "add",
        "becker",
        "--site",
        "12 Elm St, Louisville, KY 40205",
        "--desc",
        "Panel upgrade",
        "--date",
        "2026-05-01",
    )
    assert started.ok("job", "done", "J-0001", "--date", "2026-06-01").out.strip() == (
        "J-0001 done on 2026-06-01"
    )
    started.ok(
        "invoice",
        "add",
        "becker",
        "--job",
        "J-0001",
        "--item",
        "Panel upgrade:1:1000",
        "--date",
        "2026-06-01",
        "--net",
        "30",
    )
    started.ok("invoice", "send", "INV-0001", "--via", "post", "--date", "2026-06-01")
    return started


def test_done_sets_the_last_day_of_work_and_it_can_be_edited(job_done_in_june):
    cli = job_done_in_june
    job = cli.ok("job", "list", "--json").json()[0]
    assert job["last_work"] == "2026-06-01"
    moved = cli.ok("job", "edit", "J-0001", "--last-work", "2026-06-10").out
    assert "must be filed with the county clerk by 2026-12-10" in moved
    assert "state from the job's site address (KY 40205)" in moved


@pytest.mark.parametrize(
    "args",
    [
        ("job", "edit", "J-0001", "--last-work", "2026-04-01"),
        ("job", "edit", "J-0001", "--last-work", "2026-12-25"),
        ("job", "edit", "J-0001"),
        ("lien", "J-0001", "-o", "x.pdf", "--let-pass"),
    ],
)
def test_bad_edits_are_refused_and_write_nothing(job_done_in_june, args):
    before = job_done_in_june.fingerprint()
    result = job_done_in_june(*args)
    assert result.code == 2 and job_done_in_june.fingerprint() == before


def test_the_warning_sign_the_next_step_and_the_timeline(job_done_in_june):
    cli = job_done_in_june
    flags = [f for f in cli.ok("flags", "--json").json() if f["code"] == "lien-deadline"]
    assert len(flags) == 1 and flags[0]["severity"] == "warn"
    assert "by 2026-12-01" in flags[0]["message"] and "9 days left" in flags[0]["message"]
    assert flags[0]["evidence"] == ["J-0001", "INV-0001"]
    steps = [a for a in cli.ok("next", "--json").json() if a["action"] == "decide-lien"]
    assert len(steps) == 1 and steps[0]["due"] == "2026-11-01"
    assert "decide now: prepare the lien, let it pass, or record the payment" in steps[0]["reason"]
    events = [e for e in cli.ok("timeline", "becker", "--json").json() if e["kind"] == "lien"]
    assert events[0]["at"] == "2026-06-01" and events[0]["ref"] == "J-0001"
    assert "must be filed with the county clerk by 2026-12-01" in events[0]["text"]


def test_letting_it_pass_stops_the_asking(job_done_in_june):
    cli = job_done_in_june
    assert "let pass" in cli.ok("lien", "J-0001", "--let-pass").out
    assert not [f for f in cli.ok("flags", "--json").json() if f["code"] == "lien-deadline"]
    assert not [a for a in cli.ok("next", "--json").json() if a["action"] == "decide-lien"]


def test_paid_means_no_warning(job_done_in_june):
    job_done_in_june.ok("pay", "INV-0001", "1000", "--date", "2026-11-20")
    assert not [
        f for f in job_done_in_june.ok("flags", "--json").json() if f["code"] == "lien-deadline"
    ]


def test_the_worksheet(job_done_in_june, tmp_path):
    cli = job_done_in_june
    out = cli.ok("lien", "J-0001", "-o", str(tmp_path / "lien.pdf")).out
    assert "not a filed lien; check with the county clerk or a lawyer" in out
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(tmp_path / "lien.pdf").pages
    )
    assert "Lien worksheet — not a filed lien; check with the county clerk or a lawyer" in text
    for expected in (
        "Tom Becker",
        "12 Elm St, Louisville, KY 40205",
        "Panel upgrade",
        "$1,000.00 on INV-0001",
        "2026-05-01",
        "2026-06-01",
        "2026-12-01",
        "within 7 days of filing",
        "within 12 months of filing",
    ):
        assert expected in text, expected
    assert not [a for a in cli.ok("next", "--json").json() if a["action"] == "decide-lien"]


def test_a_lien_deadline_mid_ladder_is_decided_before_the_ladder_runs_past_it(started):
    """Work ended 2026-08-01 (window closes 2027-02-01); the invoice, due 2026-12-01, would reach
    small claims on 2027-02-14: the decision comes first, on 2027-01-02."""
    started.ok(
        "job",
        "add",
        "becker",
        "--site",
        "12 Elm St, Louisville, KY 40205",
        "--desc",
        "Service change",
        "--date",
        "2026-07-20",
    )
    started.ok("job", "done", "J-0001", "--date", "2026-08-01")
    started.ok(
        "invoice",
        "add",
        "becker",
        "--job",
        "J-0001",
        "--item",
        "Service change:1:2400",
        "--date",
        "2026-11-01",
        "--due",
        "2026-12-01",
    )
    started.ok("invoice", "send", "INV-0001", "--via", "post", "--date", "2026-11-01")
    steps = [
        a
        for a in started.ok("next", "--json", "--days", "60").json()
        if a["action"] == "decide-lien"
    ]
    assert len(steps) == 1 and steps[0]["due"] == "2027-01-02"
    assert "would fall on 2027-02-14, after it" in steps[0]["reason"]


def test_no_clock_where_the_sites_lien_law_is_not_recorded(started):
    started.ok(
        "job",
        "add",
        "becker",
        "--site",
        "410 Spring St, Jeffersonville, IN 47130",
        "--desc",
        "Panel",
        "--date",
        "2026-05-01",
    )
    started.ok("job", "done", "J-0001", "--date", "2026-06-01")
    result = started("lien", "J-0001")
    assert result.code == 2 and "Indiana" in result.err and "not in tradebook's data" in result.err
