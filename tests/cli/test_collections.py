"""flags, next, statement, correction and customer show, through the command line."""

from __future__ import annotations

import re

from tradebook.domain.flags import CODES


def _overdue_book(cli):
    cli.ok(
        "init", "--name", "Bright Spark Electric", "--state", "KY", "--pay-methods", "check,card"
    )
    cli.ok("customer", "add", "Tom Becker", "--late-fee", "1.5%")
    cli.ok(
        "invoice",
        "add",
        "C-0001",
        "--item",
        "Panel upgrade:1:2,900",
        "--date",
        "2026-08-01",
        "--net",
        "15",
    )
    cli.ok("invoice", "send", "INV-0001", "--via", "post", "--date", "2026-08-01")


def test_flags_json_is_a_list_of_explained_signs(cli):
    _overdue_book(cli)
    flags = cli.ok("flags", "--json").json()
    assert {f["code"] for f in flags} == {"overdue", "ignored-invoice", "over-small-claims-limit"}
    for flag in flags:
        assert set(flag) == {"code", "severity", "customer", "invoice", "message", "evidence"}
        assert flag["customer"] == "C-0001" and "INV-0001" in flag["evidence"]
    overdue = next(f for f in flags if f["code"] == "overdue")
    assert overdue["severity"] == "alert" and overdue["invoice"] == "INV-0001"
    assert "$2,900.00 is 98 days overdue (due 2026-08-16" in overdue["message"]


def test_flags_text_and_for_one_customer(cli):
    _overdue_book(cli)
    cli.ok("customer", "add", "María Hernández")
    text = cli.ok("flags").out
    assert "ALERT" in text and "overdue" in text and "C-0001" in text
    assert cli.ok("flags", "--customer", "María", "--json").json() == []
    assert cli.ok("flags", "--customer", "María").out.strip() == "No warning signs today."


def test_next_json_lists_todays_actions_with_reasons(cli):
    _overdue_book(cli)
    actions = cli.ok("next", "--json").json()
    assert [a["action"] for a in actions] == ["reminder"]  # late, but not yet chased: no COD
    reminder = actions[0]
    assert {"customer", "invoice", "action", "due", "reason"} <= set(reminder)
    assert (reminder["customer"], reminder["invoice"], reminder["due"]) == (
        "C-0001",
        "INV-0001",
        "2026-08-19",
    )
    assert "98 days overdue" in reminder["reason"]
    text = cli.ok("next").out
    assert "tradebook letter INV-0001 --kind reminder" in text


def test_next_days_looks_ahead_at_invoices_not_yet_overdue(cli):
    cli.ok(
        "init", "--name", "Bright Spark Electric", "--state", "KY", "--pay-methods", "check,card"
    )
    cli.ok("customer", "add", "Tom Becker")
    cli.ok(
        "invoice",
        "add",
        "C-0001",
        "--item",
        "Panel upgrade:1:900",
        "--date",
        "2026-11-16",
        "--net",
        "15",
    )  # due 2026-12-01: the friendly reminder falls due on 2026-12-04
    [send] = cli.ok("next", "--json").json()
    assert (send["action"], send["invoice"], send["due"]) == (
        "send-invoice",
        "INV-0001",
        "2026-11-16",
    )
    assert "INV-0001 ($900.00) was never sent — send it first" in send["reason"]
    assert "tradebook invoice send INV-0001 --via" in cli.ok("next").out
    cli.ok("invoice", "send", "INV-0001", "--via", "email", "--date", "2026-11-16")
    assert cli.ok("next", "--days", "11", "--json").json() == []
    [reminder] = cli.ok("next", "--days", "14", "--json").json()
    assert (reminder["action"], reminder["due"]) == ("reminder", "2026-12-04")


def test_next_on_an_empty_book(started):
    assert started.ok("next").out.strip() == "Nothing to chase today."
    assert started.ok("next", "--json").json() == []


def test_statement_text_and_json(cli):
    _overdue_book(cli)
    cli.ok("pay", "INV-0001", "900", "--date", "2026-09-01")
    data = cli.ok("statement", "Tom", "--json").json()
    assert data["customer"] == "C-0001" and data["balance"] == "2000.00"
    assert [line["balance"] for line in data["lines"]] == ["2900.00", "2000.00"]
    assert data["fees"]["interest"] != "0.00" and data["aging"]["90+"] == "2000.00"
    text = cli.ok("statement", "C-0001").words
    assert "Statement of account — Tom Becker (C-0001), 2026-11-22" in text
    assert "$2,000.00" in text and "interest of 1.5% a month" in text


def test_statement_pdf(cli, tmp_path):
    _overdue_book(cli)
    target = tmp_path / "statement.pdf"
    out = cli.ok("statement", "C-0001", "-o", str(target)).out
    assert f"written to {target}" in out
    assert target.read_bytes().startswith(b"%PDF")


def test_statement_pdf_without_the_documents_module(cli, tmp_path, monkeypatch):
    import sys

    _overdue_book(cli)
    monkeypatch.setitem(sys.modules, "tradebook.documents.statement", None)
    result = cli("statement", "C-0001", "-o", str(tmp_path / "s.pdf"))
    assert (result.code, result.err.strip()) == (
        2,
        "tradebook: PDF statements are not available yet",
    )
    assert not (tmp_path / "s.pdf").exists()


def test_customer_show_has_balance_aging_and_flags(cli):
    _overdue_book(cli)
    shown = cli.ok("customer", "show", "Tom", "--json").json()
    assert shown["balance"] == "2900.00" and shown["aging"]["90+"] == "2900.00"
    assert shown["amount_due"] != shown["balance"]
    assert "overdue" in {f["code"] for f in shown["flags"]}
    text = cli.ok("customer", "show", "C-0001").out
    assert "aging: current 0.00" in text and "90+ 2900.00" in text
    assert "alert: overdue" in text


def test_a_settings_file_changes_the_thresholds(cli):
    _overdue_book(cli)
    (cli.book.parent / "settings.toml").write_text(
        "[thresholds]\nignored_after_days = 120\n", encoding="utf-8"
    )
    assert "ignored-invoice" not in {f["code"] for f in cli.ok("flags", "--json").json()}


def test_a_broken_settings_file_is_one_line_naming_file_and_line(cli):
    _overdue_book(cli)
    (cli.book.parent / "settings.toml").write_text(
        '[thresholds]\nunbilled_days = "two weeks"\n', encoding="utf-8"
    )
    result = cli("flags")
    assert result.code == 2 and result.out == ""
    assert "settings.toml, line 2: unbilled_days must be a whole number" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_unknown_customers_are_errors(started):
    for args in (
        ("flags", "--customer", "Nobody"),
        ("statement", "C-0042"),
        ("correction", "check", "Nobody"),
    ):
        result = started(*args)
        assert result.code == 3 and result.err.startswith("tradebook: ")


def test_correction_check_and_record(cli):
    cli.ok(
        "init", "--name", "Bright Spark Electric", "--state", "KY", "--pay-methods", "check,card"
    )
    cli.ok("customer", "add", "Oakridge Rentals LLC", "--principal", "Dale Whitcomb")
    cli.ok(
        "contract",
        "add",
        "Oakridge",
        "--amount",
        "400",
        "--every",
        "month",
        "--desc",
        "Maintenance",
        "--start",
        "2026-08-01",
    )
    for month, rate in (("08", "400"), ("09", "200"), ("10", "200")):
        cli.ok(
            "invoice",
            "add",
            "C-0001",
            "--contract",
            "SC-001",
            "--item",
            f"Maintenance:1:{rate}",
            "--date",
            f"2026-{month}-01",
        )
    [arrears] = cli.ok("correction", "check", "C-0001", "--json").json()
    assert arrears["amount"] == "400.00" and [p["period"] for p in arrears["periods"]] == [
        "2026-09",
        "2026-10",
    ]
    assert "talk to the customer" in next(
        f["message"] for f in cli.ok("flags", "--json").json() if f["code"] == "underbilled"
    )
    assert "Talk to the customer first" in cli.ok("correction", "check", "Oakridge").out

    before = cli.fingerprint()
    refused = cli("correction", "record", "C-0001", "--contract", "SC-001", "--option", "write-off")
    assert refused.code == 2 and "talk to Oakridge Rentals LLC first" in refused.err
    assert cli.fingerprint() == before
    bad = cli("correction", "record", "C-0001", "--contract", "SC-001", "--option", "later")
    assert bad.code == 2 and "--option is one of next-invoice, separate, write-off" in bad.err

    cli.ok(
        "log",
        "C-0001",
        "Called Dale about the under-billing; bill it separately",
        "--via",
        "call",
        "--outcome",
        "spoke",
        "--at",
        "2026-11-20T10:00:00-05:00",
    )
    out = cli.ok(
        "correction", "record", "C-0001", "--contract", "SC-001", "--option", "separate"
    ).out
    assert out.splitlines()[0] == "BC-001" and "billed on INV-0004" in out
    assert cli.ok("invoice", "show", "INV-0004", "--json").json()["total"] == "400.00"
    assert cli.ok("correction", "check", "C-0001", "--json").json()[0]["periods"] == []
    listed = cli.ok("correction", "list", "--json").json()
    assert listed[0]["ref"] == "BC-001" and listed[0]["amount"] == "400.00"
    assert "underbilled" not in {f["code"] for f in cli.ok("flags", "--json").json()}


def test_the_demo_book_gives_plausible_explained_flags_and_actions(cli):
    cli.ok("demo")
    flags = cli.ok("flags", "--json").json()
    refs = {f["customer"] for f in flags if f["customer"]}
    assert len({f["code"] for f in flags}) >= 10
    assert {"underbilled", "broken-promise", "dispute-open", "bounced-payment"} <= {
        f["code"] for f in flags
    }
    for flag in flags:
        assert flag["code"] in CODES and flag["severity"] in ("info", "warn", "alert")
        assert len(flag["message"]) > 20
        assert flag["evidence"] and all(
            re.fullmatch(r"[A-Z]+-\d+", ref) for ref in flag["evidence"]
        )
    maria = cli.ok("customer", "list", "--json").json()
    on_time = next(c["ref"] for c in maria if c["name"] == "María Hernández")
    assert on_time not in refs
    actions = cli.ok("next", "--json").json()
    assert actions and all(a["reason"] and a["due"] <= "2026-11-22" for a in actions)
    assert {"reminder", "second-reminder", "talk-first", "review", "cod"} <= {
        a["action"] for a in actions
    }
    assert [a["due"] for a in actions] == sorted(a["due"] for a in actions)
