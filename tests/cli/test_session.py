"""A whole working session from the shell, checked through the JSON the CLI prints."""

from __future__ import annotations


def test_customer_to_promise_session(cli):
    cli.ok(
        "init",
        "--name",
        "Bright Spark Electric",
        "--state",
        "KY",
        "--pay-methods",
        "check,card",
        "--net",
        "30",
    )
    assert (
        cli.ok("customer", "add", "Tom Becker", "--phone", "502-555-0199").out.strip() == "C-0001"
    )
    assert (
        cli.ok(
            "customer",
            "add",
            "Oakridge Rentals LLC",
            "--principal",
            "Dale Whitcomb",
            "--credit-limit",
            "5,000",
        ).out.strip()
        == "C-0002"
    )
    job = cli.ok(
        "job",
        "add",
        "becker",
        "--site",
        "12 Elm St",
        "--desc",
        "Panel upgrade",
        "--quote",
        "$4,800",
        "--deposit",
        "1000",
        "--date",
        "2026-09-01",
    ).out.strip()
    assert job == "J-0001"
    assert (
        cli.ok("pay", "J-0001", "1,000.00", "--date", "2026-09-01", "--ref", "#2211").out.strip()
        == "P-0001"
    )
    cli.ok("job", "done", "J-0001", "--date", "2026-09-05")
    inv = cli.ok(
        "invoice",
        "add",
        "C-0001",
        "--job",
        "J-0001",
        "--item",
        "Labour: panel:20:95",
        "--item",
        "Materials:1:2,900.00",
        "--date",
        "2026-09-05",
        "--net",
        "15",
    ).out.strip()
    assert inv == "INV-0001"
    cli.ok("invoice", "send", "INV-0001", "--via", "post", "--date", "2026-09-05")
    cli.ok("pay", "INV-0001", "1000", "--date", "2026-10-01", "--method", "transfer")
    k1 = cli.ok(
        "log",
        "becker",
        "Paid part; rest soon",
        "--via",
        "text",
        "--in",
        "--at",
        "2026-10-01T18:05:00-04:00",
    ).out.strip()
    k2 = cli.ok(
        "log",
        "Tom",
        "Called about the balance",
        "--via",
        "call",
        "--promise",
        "2026-11-30:2800",
        "--at",
        "2026-11-20T09:30:00-05:00",
    ).out.strip()
    assert (k1, k2) == ("K-0001", "K-0002")

    shown = cli.ok("invoice", "show", "INV-0001", "--json").json()
    assert shown["number"] == "INV-0001"
    assert shown["customer"] == "C-0001"
    assert shown["total"] == "4800.00"  # 20 × 95 + 2,900
    assert shown["paid"] == "2000.00"  # deposit applied + transfer
    assert shown["balance"] == "2800.00"
    assert shown["issued"] == "2026-09-05" and shown["due"] == "2026-09-20"
    assert shown["status"] == "overdue"
    assert shown["days_overdue"] == 63  # 2026-09-20 → 2026-11-22

    events = cli.ok("timeline", "C-0001", "--json").json()
    kinds = [e["kind"] for e in events]
    assert kinds[:3] == ["job", "deposit", "job"]
    assert {"invoice", "payment", "contact", "promise"} <= set(kinds)
    promise = next(e for e in events if e["kind"] == "promise")
    assert promise["amount"] == "2800.00" and "2026-11-30" in promise["text"]
    days = [e["at"][:10] for e in events]
    assert days == sorted(days)
    assert cli.ok("verify").out.startswith("OK: 2 contact entries")


def test_bounce_restores_the_balance(started):
    cli = started
    cli.ok("invoice", "add", "C-0001", "--item", "Fault finding:2:95", "--date", "2026-11-01")
    cli.ok("pay", "INV-0001", "190", "--date", "2026-11-05")
    assert cli.ok("invoice", "show", "INV-0001", "--json").json()["balance"] == "0.00"
    cli.ok("bounce", "P-0001", "--date", "2026-11-08")
    shown = cli.ok("invoice", "show", "INV-0001", "--json").json()
    assert shown["balance"] == "190.00" and shown["paid"] == "0.00"
    assert cli("bounce", "P-0001").code == 2


def test_customer_found_by_part_of_name_or_ambiguous(started):
    cli = started
    cli.ok("customer", "add", "Tom Becker Jr")
    cli.ok("customer", "add", "Sunita Patel")
    assert cli.ok("customer", "show", "patel", "--json").json()["ref"] == "C-0003"
    assert (
        cli.ok("customer", "show", "tom becker", "--json").json()["ref"] == "C-0001"
    )  # exact wins
    result = cli("customer", "show", "becker")
    assert result.code == 2
    assert "C-0001 Tom Becker" in result.err and "C-0002 Tom Becker Jr" in result.err
    assert result.err.count("\n") == 1


def test_plan_splits_the_balance_exactly(started):
    cli = started
    cli.ok("invoice", "add", "C-0001", "--item", "Rewire:1:1000.00", "--date", "2026-11-01")
    out = cli.ok(
        "plan", "INV-0001", "--installments", "3", "--every", "14", "--start", "2026-12-01"
    ).out
    assert "PP-001" in out
    assert "$333.34" in out and out.count("$333.33") == 2


def test_export_csv_and_json(started, tmp_path):
    cli = started
    cli.ok("log", "C-0001", "Left a voicemail", "--via", "call", "--outcome", "voicemail")
    cli.ok("export", "--format", "csv", str(tmp_path / "out"))
    assert "Tom Becker" in (tmp_path / "out" / "customers.csv").read_text()
    assert "voicemail" in (tmp_path / "out" / "contacts.csv").read_text()
    cli.ok("export", "--format", "json", str(tmp_path / "out2"))
    assert (tmp_path / "out2" / "tradebook-export.json").stat().st_size > 100


def test_demo_fills_an_empty_book_once(cli):
    out = cli.ok("demo").out
    assert "customers" in out
    assert cli.ok("verify").out.startswith("OK")
    customers = cli.ok("customer", "list", "--json").json()
    assert any(c["name"] == "Chloé Dubois" for c in customers)
    before = cli.fingerprint()
    assert cli("demo").code == 2
    assert cli.fingerprint() == before


def test_demo_is_deterministic(tmp_path, monkeypatch):
    from tests.cli.conftest import Cli

    monkeypatch.setenv("TRADEBOOK_TODAY", "2026-11-22")
    a, b = Cli(tmp_path / "a.json"), Cli(tmp_path / "b.json")
    a.ok("demo")
    b.ok("demo")
    assert a.ok("export", "--format", "json", str(tmp_path / "ea")).code == 0
    b.ok("export", "--format", "json", str(tmp_path / "eb"))
    ea = (tmp_path / "ea" / "tradebook-export.json").read_text()
    eb = (tmp_path / "eb" / "tradebook-export.json").read_text()
    assert ea == eb


def test_a_call_made_must_say_how_it_went(started):
    cli = started
    before = cli.fingerprint()
    result = cli("log", "C-0001", "Rang about the invoice", "--via", "call")
    assert result.code == 2 and "--outcome" in result.err
    assert cli.fingerprint() == before
    cli.ok("log", "C-0001", "Rang about the invoice", "--via", "call", "--outcome", "no-answer")
    cli.ok("log", "C-0001", "He'll pay Friday", "--via", "call", "--promise", "2026-11-27")
    cli.ok("log", "C-0001", "Texted the amount", "--via", "text")
    texts = [
        e["text"] for e in cli.ok("timeline", "C-0001", "--json").json() if e["kind"] == "contact"
    ]
    assert texts == [
        "call to customer (no-answer): Rang about the invoice",
        "call to customer (agreed): He'll pay Friday",
        "text to customer (sent): Texted the amount",
    ]


def test_book_option_after_the_subcommand(started):
    cli = started
    import io
    from contextlib import redirect_stdout

    from tradebook.cli import main

    out = io.StringIO()
    with redirect_stdout(out):
        main(["customer", "list", "--book", str(cli.book)])
    assert "Tom Becker" in out.getvalue()


def test_restore_refuses_to_replace_a_healthy_book(started):
    cli = started
    cli.ok("backup")
    before = cli.fingerprint()
    result = cli("restore")
    assert result.code == 2 and "--force" in result.err
    assert cli.fingerprint() == before
    assert "restored" in cli.ok("restore", "--force").out


def test_discount_lines_and_a_same_name_note(started):
    cli = started
    result = cli.ok("customer", "add", "tom becker")
    assert "C-0001 has the same name" in result.err
    cli.ok("invoice", "add", "C-0001", "--item", "Rewire:1:500", "--item", "Loyalty discount:1:-50")
    assert cli.ok("invoice", "show", "INV-0001", "--json").json()["total"] == "450.00"


def test_a_deposit_can_fill_the_quote_but_not_more(started):
    cli = started
    cli.ok(
        "job", "add", "C-0001", "--site", "x", "--desc", "y", "--quote", "1000", "--deposit", "300"
    )
    cli.ok("pay", "J-0001", "300")
    cli.ok("pay", "J-0001", "700")
    assert cli("pay", "J-0001", "0.01").code == 2


def test_accents_and_phone_digits_find_a_customer(started):
    cli = started
    cli.ok("customer", "add", "José Anderson", "--phone", "(502) 555-6468")
    assert cli.ok("customer", "show", "jose", "--json").json()["name"] == "José Anderson"
    assert cli.ok("customer", "show", "555-6468", "--json").json()["name"] == "José Anderson"
    assert cli("customer", "add", "X", "--phone", "call me").code == 2


def test_a_promise_stays_next_to_its_contact(started):
    cli = started
    cli.ok("invoice", "add", "C-0001", "--item", "Work:1:500", "--date", "2026-11-01")
    for text in ("first", "second"):
        cli.ok(
            "log",
            "C-0001",
            text,
            "--via",
            "call",
            "--promise",
            "2026-11-30",
            "--at",
            "2026-11-20T12:00:00+00:00",
        )
    kinds = [
        (e["kind"], e["ref"])
        for e in cli.ok("timeline", "C-0001", "--json").json()
        if e["kind"] in ("contact", "promise")
    ]
    assert kinds == [
        ("contact", "K-0001"),
        ("promise", "K-0001"),
        ("contact", "K-0002"),
        ("promise", "K-0002"),
    ]
