"""The command line names its own option in front of a refusal; the services never do."""

from __future__ import annotations

import pytest
import typer

from tradebook.cli import app
from tradebook.cli.fields import OPTIONS, command_of


def _command(words: str):
    command = typer.main.get_command(app)
    for word in words.split():
        command = command.commands[word]
    return command


@pytest.mark.parametrize("words", sorted(OPTIONS))
def test_every_option_named_is_an_option_of_its_command(words):
    command = _command(words)
    options = {name for param in command.params for name in param.opts}
    named = {option.split()[0] for option in OPTIONS[words].values()}
    assert named <= options, named - options


def test_the_command_is_read_through_its_groups():
    root = typer.main.get_command(app)
    assert command_of(root, ["--book", "b.json", "invoice", "send", "INV-1"]) == "invoice send"
    assert command_of(root, ["--book", "log", "log", "Tom", "x", "--via", "fax"]) == "log"
    assert command_of(root, ["letter", "invoice", "--kind", "reminder"]) == "letter"
    assert command_of(root, ["nonsense"]) == ""


REFUSED = [
    # (command line, the line printed)
    (
        ["log", "C-0001", "Rang", "--via", "fax"],
        "tradebook: --via is one of call, text, email, visit, letter (not 'fax')\n",
    ),
    (
        ["log", "C-0001", "Rang about the bill", "--via", "call"],
        "tradebook: --outcome: say how the call went: "
        "spoke, no-answer, voicemail, left-message or refused\n",
    ),
    (
        ["log", "C-0001", "Sorted", "--via", "text", "--resolve-dispute"],
        "tradebook: --resolve-dispute: C-0001 has no open dispute to resolve\n",
    ),
    (
        ["invoice", "send", "INV-0001", "--via", "email", "--tracking", "9400"],
        "tradebook: --tracking: a tracking number goes with delivery by post or certified mail\n",
    ),
    (
        ["invoice", "add", "C-0001"],
        'tradebook: --item "DESC:QTY:UNIT_PRICE": an invoice needs at least one line: '
        "what was done, how many, at what price\n",
    ),
    (
        ["pay", "INV-0001", "10", "--method", "barter"],
        "tradebook: --method is one of cash, check, card, transfer, other (not 'barter')\n",
    ),
    (
        ["pay", "INV-0001", "10", "--date", "2026-12-25"],
        "tradebook: --date: a payment dated 2026-12-25 is in the future (today is 2026-11-22)\n",
    ),
    (
        ["plan", "INV-0001", "--installments", "2", "--every", "14"],
        "tradebook: --cancel: INV-0001 already has a payment plan (PP-001); cancel it first\n",
    ),
    # an argument has no option: the message names the record
    (["invoice", "show", "INV-0042"], "tradebook: no invoice INV-0042 in this book\n"),
    (["pay", "INV-0042", "10"], "tradebook: no invoice INV-0042 in this book\n"),
]


@pytest.fixture
def billed(started):
    started.ok("invoice", "add", "C-0001", "--item", "Panel:1:900", "--date", "2026-10-01")
    started.ok("plan", "INV-0001", "--installments", "3", "--every", "14")
    return started


@pytest.mark.parametrize("args, printed", REFUSED, ids=lambda a: " ".join(a)[:40])
def test_a_refusal_is_printed_with_the_option_that_puts_it_right(billed, args, printed):
    before = billed.fingerprint()
    result = billed(*args)
    assert result.code in (2, 3)
    assert result.err == printed
    assert billed.fingerprint() == before


def test_a_letter_names_its_send_via_where_sent_names_via(started, tmp_path):
    billed = started
    billed.ok("invoice", "add", "C-0001", "--item", "Panel:1:900", "--date", "2026-10-01")
    out = str(tmp_path / "r.pdf")
    drafted = billed("letter", "INV-0001", "--kind", "reminder", "-o", out, "--draft")
    assert drafted.code == 0, drafted.err
    refused = billed(
        "letter", "INV-0001", "--kind", "reminder", "-o", out, "--draft", "--send-via", "post"
    )
    assert refused.err.startswith("tradebook: --send-via: a draft is not sent")
    billed.ok("letter", "INV-0001", "--kind", "reminder", "-o", out)
    wrong = billed("sent", "L-0001", "--via", "pigeon")
    assert wrong.err == "tradebook: --via is one of email, post, certified, hand (not 'pigeon')\n"
