"""What a person reads in an 80-column terminal: every line fits, text is wrapped between
words (a ref is never cut), customers are named, and --help speaks in whole sentences."""

from __future__ import annotations

import re

import typer

from tradebook.cli import app

WIDTH = 80  # the fixture's COLUMNS


def _fits(text: str) -> None:
    too_wide = [line for line in text.splitlines() if len(line) > WIDTH]
    assert not too_wide, too_wide


def _column(table: str, number: int) -> str:
    """The text of one column of a printed table, its wrapped cells joined up again."""
    lines = table.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
    start, end = list(re.finditer(r"-+", lines[rule]))[number].span()
    return " ".join(" ".join(line[start:end].strip() for line in lines[rule + 1 :]).split())


def _deposit_book(cli):
    """Tom Becker's panel job: a $1,000 deposit, the invoice, a check, and a check that bounced."""
    cli.ok(
        "init", "--name", "Bright Spark Electric", "--state", "KY", "--pay-methods", "check,card"
    )
    cli.ok("customer", "add", "Tom Becker")
    cli.ok(
        "job",
        "add",
        "Tom",
        "--site",
        "12 Elm St",
        "--desc",
        "Panel upgrade",
        "--quote",
        "4,900",
        "--deposit",
        "1000",
        "--date",
        "2026-07-20",
    )
    cli.ok("pay", "J-0001", "1000", "--ref", "#3697", "--date", "2026-07-27")
    cli.ok("job", "done", "J-0001", "--date", "2026-08-09")
    cli.ok(
        "invoice",
        "add",
        "C-0001",
        "--job",
        "J-0001",
        "--date",
        "2026-08-09",
        "--net",
        "15",
        "--item",
        "Labour: Replace 100A panel with 200A service, new meter base:20:95",
        "--item",
        "Materials and parts:1:3000",
    )
    cli.ok("pay", "INV-0001", "1000", "--ref", "#2666", "--date", "2026-09-03")
    cli.ok("pay", "INV-0001", "500", "--ref", "#2701", "--date", "2026-09-20")
    cli.ok("bounce", "P-0003", "--date", "2026-09-25")


def test_statement_wraps_descriptions_and_never_cuts_a_ref(cli):
    _deposit_book(cli)
    result = cli.ok("statement", "Tom")
    assert set(re.findall(r"INV-\d*", result.out)) == {"INV-0001"}  # never INV-000
    _fits(result.out)
    descriptions = _column(result.out.split("\n\n")[0], 2)
    assert (
        "Deposit on J-0001 by check #3697: $1,000.00 held until the work is invoiced "
        "Invoice INV-0001, due 2026-08-24 Deposit P-0001 of 2026-07-27 applied to INV-0001"
    ) in descriptions  # as the PDF statement shows it
    assert "-$" not in result.out, "no running balance below zero for a deposit held"
    assert "balance: $2,900.00" in result.words


def test_invoice_show_lists_every_credit_that_makes_up_paid(cli):
    _deposit_book(cli)
    assert cli.ok("invoice", "show", "INV-0001").out.splitlines() == [
        "INV-0001  Tom Becker (C-0001)  issued 2026-08-09  due 2026-08-24",
        "  Labour: Replace 100A panel with 200A service,      20 ×     95.00 =    1900.00",
        "    new meter base",
        "  Materials and parts                                 1 ×   3000.00 =    3000.00",
        "  2026-07-27 P-0001 Deposit on J-0001 by check #3697, applied to         1000.00",
        "    INV-0001",
        "  2026-09-03 P-0002 Payment by check #2666                               1000.00",
        "  2026-09-20 P-0003 Payment by check #2701 — bounced 2026-09-25, not      500.00",
        "    counted",
        "  total 4900.00  paid 2000.00  balance 2900.00  overdue, 90 days overdue",
    ]
    shown = cli.ok("invoice", "show", "INV-0001", "--json").json()
    assert shown["paid"] == "2000.00"  # the listed credits that did not bounce


def test_flags_and_next_fit_the_terminal_and_name_the_customer(cli):
    cli.ok("demo")
    names = {c["ref"]: c["name"] for c in cli.ok("customer", "list", "--json").json()}
    for command, key in (("flags", "message"), ("next", "reason")):
        result = cli.ok(command)
        _fits(result.out)
        for entry in cli.ok(command, "--json").json():
            assert " ".join(entry[key].split()) in result.words  # wrapped whole words, none lost
            if entry["customer"]:
                assert f"{entry['customer']} {names[entry['customer']]}" in result.out
    flags = cli.ok("flags").out.splitlines()
    heads = [line for line in flags if not line.startswith(" ")]
    assert heads and len(heads) < len(flags)
    assert all(line.startswith(" " * 7) for line in flags if line not in heads)  # hanging indent
    assert not any(set(line) == {"-"} for line in flags)


def test_list_tables_fit_the_terminal_and_name_the_customer(cli):
    cli.ok("demo")
    for args in (
        ("invoice", "list"),
        ("job", "list"),
        ("contract", "list"),
        ("customer", "list"),
        ("invoice", "list", "--overdue"),
    ):
        _fits(cli.ok(*args).out)
    invoices = cli.ok("invoice", "list").out
    assert _column(invoices, 1).startswith("C-0001 Harold Simms C-0002 Main Street Dental Group")
    jobs = cli.ok("job", "list").out
    assert _column(jobs, 1).startswith("C-0001 Harold Simms C-0002 Main Street Dental Group")
    assert _column(jobs, 4).startswith("Troubleshoot tripping breaker, replace GFCI outlets Whole")
    contracts = cli.ok("contract", "list").out
    assert _column(contracts, 1) == "C-0008 Oakridge Rentals LLC"


def test_timeline_and_customer_show_wrap_long_text(cli):
    cli.ok("demo")
    for args in (
        ("timeline", "C-0027"),
        ("customer", "show", "C-0027"),
        ("profile",),
        ("correction", "check", "C-0008"),
    ):
        _fits(cli.ok(*args).out)


def test_customer_show_reads_cod_as_a_word(started):
    started.ok("customer", "add", "Riverside Diner", "--business", "--cod")
    assert "COD only: yes" in started.ok("customer", "show", "Riverside").out
    shown = started.ok("customer", "show", "C-0001").out
    assert "COD only: no" in shown
    assert "False" not in shown and "True" not in shown
    assert started.ok("customer", "show", "C-0002", "--json").json()["cod"] is True


def _command_lines(help_text: str) -> list[str]:
    """The command list: after "Commands:", up to the examples and exit codes below it."""
    return help_text.split("Commands:\n", 1)[1].split("\n\n", 1)[0].splitlines()


def test_help_lists_each_command_in_a_whole_sentence(cli):
    for group in ((), ("customer",), ("job",), ("contract",), ("invoice",), ("correction",)):
        result = cli(*group, "--help")
        assert result.code == 0, result.err
        for line in _command_lines(result.out):
            assert line.endswith(".") and not line.endswith("..."), line


def test_help_names_arguments_and_date_formats(cli):
    pay = cli("pay", "--help").out
    assert "tradebook pay [OPTIONS] {INVOICE|JOB} {AMOUNT}" in pay
    assert re.search(r"AMOUNT\s+Dollars and cents", pay)
    log = cli("log", "--help").out
    assert re.search(r"--resolve-dispute\s+\w", log)
    assert re.search(r"--at WHEN\s+When it happened", log)

    def dated(command, path=()):
        for param in command.params:
            if {"--date", "--due", "--start", "--end", "--deadline"} & set(param.opts):
                yield " ".join(path), param
        for name, sub in getattr(command, "commands", {}).items():
            yield from dated(sub, (*path, name))

    found = list(dated(typer.main.get_command(app)))
    assert len(found) >= 14
    for where, param in found:
        assert param.metavar == "DATE" and "YYYY-MM-DD" in param.help, (where, param.opts)


def test_piped_output_keeps_each_entry_on_one_line(cli, monkeypatch):
    monkeypatch.delenv("COLUMNS")  # not a terminal either: the output goes to a pipe or a file
    cli.ok("demo")
    lines = cli.ok("flags").out.splitlines()
    for flag in cli.ok("flags", "--json").json():
        assert " " * 7 + flag["message"] in lines
    timeline = cli.ok("timeline", "C-0027").out.splitlines()
    assert len(timeline) == 1 + len(cli.ok("timeline", "C-0027", "--json").json())
