"""A service's refusal names the input it concerns and speaks of the trade: no command-line
option or command in its words, so the app can show it at its field as it stands."""

from __future__ import annotations

import ast
import inspect
import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from tradebook.errors import NotFound, NotOneOf, TradebookError
from tradebook.services.billing import Item
from tradebook.services.book import Book
from tradebook.services.letters import issue_letter

SERVICES = Path(__file__).resolve().parents[2] / "tradebook" / "services"
TODAY = date(2026, 11, 20)
NOON = datetime(2026, 11, 20, 12, 0, tzinfo=timezone(timedelta(hours=-5)))
REFUSALS = {"BadInput", "NotFound", "Ambiguous", "NotOneOf"}
#: refusals that concern no one input: a disk that will not take the PDF, and an edit that
#: changes nothing (each front end asks for the inputs it offers)
NO_FIELD = {("letters.py", "_write"), ("jobs.py", "edit_job")}
FLAG_OR_COMMAND = re.compile(r"(?<![\w-])--?[a-z]|\btradebook [a-z]")


def _raises() -> list[tuple[str, str, ast.Call]]:
    """(file, function, call) for every refusal a service raises."""
    found = []
    for path in sorted(SERVICES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef):
                continue
            for node in ast.walk(func):
                if (
                    isinstance(node, ast.Raise)
                    and isinstance(node.exc, ast.Call)
                    and isinstance(node.exc.func, ast.Name)
                    and node.exc.func.id in REFUSALS
                ):
                    found.append((path.name, func.name, node.exc))
    return found


def test_every_refusal_names_its_field():
    raises = _raises()
    assert len(raises) > 60  # the scan sees the services' refusals
    unnamed = {
        (where, func)
        for where, func, call in raises
        if not any(k.arg == "field" for k in call.keywords)
    }
    assert unnamed == NO_FIELD


def test_no_refusal_speaks_of_an_option_or_a_command():
    said = [
        (where, func, text.value)
        for where, func, call in _raises()
        for text in ast.walk(call)
        if isinstance(text, ast.Constant)
        and isinstance(text.value, str)
        and FLAG_OR_COMMAND.search(text.value)
    ]
    assert said == []


def test_the_check_catches_a_flag():
    assert FLAG_OR_COMMAND.search("--via is one of")
    assert FLAG_OR_COMMAND.search("cancel it with tradebook plan INV-0001")
    assert not FLAG_OR_COMMAND.search("a non-zero amount (no-answer, left-message)")


@pytest.fixture
def book(tmp_path: Path):
    book = Book.open(tmp_path / "book.json", create=True)
    book.init_profile(name="Spark Electric", today=TODAY, state="KY", pay_methods="check")
    book.add_customer("Tom Becker", today=TODAY, address="12 Elm St, Louisville, KY")
    inv = book.add_invoice(
        "C-0001", [Item("Panel work", Decimal("1"), 60000)], issued=date(2026, 9, 1)
    )
    book.send_invoice(inv["ref"], via="post", on=date(2026, 9, 1))
    yield book
    book.close()


def refusal(call) -> TradebookError:
    with pytest.raises(TradebookError) as refused:
        call()
    return refused.value


CASES = {
    "a channel not in the list": (
        lambda b: b.log_contact("Tom", "Rang", via="fax", at=NOON),
        Book.log_contact,
        "via",
    ),
    "a call that does not say how it went": (
        lambda b: b.log_contact("Tom", "Rang", via="call", at=NOON),
        Book.log_contact,
        "outcome",
    ),
    "a promise above the balance": (
        lambda b: b.log_contact(
            "Tom",
            "Will pay",
            via="call",
            at=NOON,
            outcome="spoke",
            promise_date=TODAY,
            promise_amount=10**8,
        ),
        Book.log_contact,
        "promise_amount",
    ),
    "settling a dispute never opened": (
        lambda b: b.log_contact(
            "Tom", "Sorted", via="call", at=NOON, outcome="spoke", resolve_dispute=True
        ),
        Book.log_contact,
        "resolve_dispute",
    ),
    "nobody of that name": (
        lambda b: b.log_contact("Nobody", "Rang", via="text", at=NOON),
        Book.log_contact,
        "customer",
    ),
    "a tracking number on an email": (
        lambda b: b.send_invoice("INV-0001", via="email", on=TODAY, tracking="123"),
        Book.send_invoice,
        "tracking",
    ),
    "a payment by barter": (
        lambda b: b.pay("INV-0001", 100, on=TODAY, method="barter"),
        Book.pay,
        "method",
    ),
    "a payment on an invoice not in the book": (
        lambda b: b.pay("INV-0099", 100, on=TODAY),
        Book.pay,
        "target",
    ),
    "an invoice without lines": (
        lambda b: b.add_invoice("Tom", [], issued=TODAY),
        Book.add_invoice,
        "items",
    ),
    "a plan of one installment": (
        lambda b: b.add_plan("INV-0001", instalments=1, every_days=14, start=TODAY, today=TODAY),
        Book.add_plan,
        "instalments",
    ),
    "a contract every fortnight": (
        lambda b: b.add_contract("Tom", amount=100, every="fortnight", desc="Care", start=TODAY),
        Book.add_contract,
        "every",
    ),
    "a phone with too few digits": (
        lambda b: b.add_customer("Ann", today=TODAY, phones=["12"]),
        Book.add_customer,
        "phones",
    ),
    "a draft that says how it went out": (
        lambda b: issue_letter(
            b,
            "INV-0001",
            "reminder",
            today=TODAY,
            at=NOON,
            path=Path("x.pdf"),
            via="post",
            draft=True,
        ),
        issue_letter,
        "via",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_refusal_names_an_input_of_the_service(book, case):
    call, service, field = CASES[case]
    error = refusal(lambda: call(book))
    assert error.field == field
    assert field in inspect.signature(service).parameters
    assert not FLAG_OR_COMMAND.search(error.message)


def test_a_ref_given_for_a_record_is_named_by_its_kind(book):
    error = refusal(lambda: book.send_invoice("INV-0042", via="post", on=TODAY))
    assert isinstance(error, NotFound) and error.field == "invoice"
    error = refusal(lambda: book.bounce("P-0007", on=TODAY))
    assert isinstance(error, NotFound) and error.field == "payment"


def test_a_word_not_in_the_list_keeps_the_list(book):
    error = refusal(lambda: book.log_contact("Tom", "Rang", via="fax", at=NOON))
    assert isinstance(error, NotOneOf)
    assert error.allowed == ("call", "text", "email", "visit", "letter") and error.value == "fax"
    assert error.message == "the channel is one of call, text, email, visit, letter (not 'fax')"


def test_a_plan_in_the_way_is_named_as_the_plan(book):
    book.add_plan("INV-0001", instalments=2, every_days=14, start=TODAY, today=TODAY)
    error = refusal(
        lambda: book.add_plan("INV-0001", instalments=3, every_days=14, start=TODAY, today=TODAY)
    )
    assert error.field == "plan"
    assert error.message == "INV-0001 already has a payment plan (PP-001); cancel it first"
