"""`tradebook letter … --send-via email --eml FILE.eml`, and `tradebook sent`: the draft parsed
back as a mail program reads it."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tradebook.documents.tone import check_tone


@pytest.fixture
def owing(cli: Cli) -> Cli:
    """Tom Becker (with an email address) owes $1,500 on INV-0001, sent 2026-08-01 and due
    2026-08-31; Ann Post (no email address) owes on INV-0002."""
    cli.ok(
        "init",
        "--name",
        "Bright Spark Electric",
        "--state",
        "KY",
        "--pay-methods",
        "check,card",
        "--phone",
        "(502) 555-0148",
        "--email",
        "office@brightspark.example",
    )
    cli.ok(
        "customer",
        "add",
        "Tom Becker",
        "--phone",
        "502-555-0199",
        "--email",
        "tom@becker.example",
        "--email",
        "tom.work@example.com",
    )
    cli.ok("customer", "add", "Ann Post", "--phone", "502-555-0100")
    for customer, item in (("C-0001", "Panel change:1:1500"), ("C-0002", "Outlets:1:100")):
        cli.ok("invoice", "add", customer, "--item", item, "--date", "2026-08-01", "--net", "30")
    cli.ok("invoice", "send", "INV-0001", "--via", "post", "--date", "2026-08-01")
    cli.ok("invoice", "send", "INV-0002", "--via", "post", "--date", "2026-08-01")
    return cli


def parse(path: Path) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


def test_the_draft_is_addressed_attached_courteous_and_unsent(owing: Cli, tmp_path: Path):
    pdf, eml = tmp_path / "reminder.pdf", tmp_path / "reminder.eml"
    result = owing.ok(
        "letter",
        "INV-0001",
        "--kind",
        "reminder",
        "-o",
        str(pdf),
        "--send-via",
        "email",
        "--eml",
        str(eml),
    )
    assert "prepared as an email draft to tom@becker.example, logged as K-0001" in result.out
    assert "tradebook sent L-0001 --via email" in result.out
    msg = parse(eml)
    assert msg["To"] == "Tom Becker <tom@becker.example>"
    assert msg["From"] == "Bright Spark Electric <office@brightspark.example>"
    assert msg["Subject"] == "Payment reminder — INV-0001 (L-0001)"
    assert msg["X-Unsent"] == "1"
    assert msg["Date"] and msg["Message-ID"]
    body = msg.get_body(("plain",)).get_content()
    assert body.startswith(
        "Dear Tom Becker,\n\nPlease find attached our payment reminder about "
        "invoice INV-0001 (L-0001)"
    )
    assert "$1,500.00" in body and "(502) 555-0148" in body
    assert check_tone(body) == []
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "Payment reminder L-0001.pdf"
    assert attachment.get_content() == pdf.read_bytes()
    assert eml.stat().st_mode & 0o077 == 0


def test_until_it_is_recorded_as_sent_the_letter_is_only_prepared(owing: Cli, tmp_path: Path):
    owing.ok(
        "letter",
        "INV-0001",
        "--kind",
        "reminder",
        "-o",
        str(tmp_path / "r.pdf"),
        "--send-via",
        "email",
        "--eml",
        str(tmp_path / "r.eml"),
    )
    events = owing.ok("timeline", "C-0001", "--json").json()
    contact = next(e for e in events if e["ref"] == "K-0001")
    assert "prepared as an email draft to tom@becker.example (not sent yet)" in contact["text"]
    refused = owing("bundle", "C-0001", "--kind", "mediation", "-o", str(tmp_path / "m.pdf"))
    assert refused.code != 0
    done = owing.ok("sent", "L-0001", "--via", "email")
    assert done.out.strip() == "L-0001 recorded as sent by email on 2026-11-22, logged as K-0002"
    events = owing.ok("timeline", "C-0001", "--json").json()
    assert (
        "Payment reminder L-0001 of 2026-11-22 sent by email"
        in next(e for e in events if e["ref"] == "K-0002")["text"]
    )
    owing.ok("bundle", "C-0001", "--kind", "mediation", "-o", str(tmp_path / "m.pdf"))
    again = owing("sent", "L-0001", "--via", "email")
    assert again.code == 2 and "already recorded as sent by email" in again.err


def test_a_business_is_greeted_through_its_principal(owing: Cli, tmp_path: Path):
    owing.ok(
        "customer",
        "add",
        "Hartley Properties LLC",
        "--business",
        "--principal",
        "Dana Hartley",
        "--phone",
        "502-555-0111",
        "--email",
        "ap@hartley.example",
    )
    owing.ok(
        "invoice", "add", "C-0003", "--item", "Rewire:1:700", "--date", "2026-08-01", "--net", "30"
    )
    owing.ok("invoice", "send", "INV-0003", "--via", "post", "--date", "2026-08-01")
    eml = tmp_path / "f.eml"
    owing.ok(
        "letter",
        "INV-0003",
        "--kind",
        "final",
        "-o",
        str(tmp_path / "f.pdf"),
        "--send-via",
        "email",
        "--eml",
        str(eml),
    )
    msg = parse(eml)
    assert msg["To"] == "Hartley Properties LLC <ap@hartley.example>"
    body = msg.get_body(("plain",)).get_content()
    assert body.startswith("Dear Dana Hartley,")
    assert "It asks for $700.00 by December 7, 2026" in body and check_tone(body) == []


def test_a_plan_offer_draft_names_the_first_installment(owing: Cli, tmp_path: Path):
    eml = tmp_path / "p.eml"
    owing.ok(
        "letter",
        "INV-0001",
        "--kind",
        "plan-offer",
        "-o",
        str(tmp_path / "p.pdf"),
        "--installments",
        "3",
        "--send-via",
        "email",
        "--eml",
        str(eml),
    )
    body = parse(eml).get_body(("plain",)).get_content()
    assert "the first of $500.00 by" in body and check_tone(body) == []


def test_no_email_address_is_refused_and_nothing_is_made(owing: Cli, tmp_path: Path):
    before = owing.fingerprint()
    result = owing(
        "letter",
        "INV-0002",
        "--kind",
        "reminder",
        "-o",
        str(tmp_path / "r.pdf"),
        "--send-via",
        "email",
        "--eml",
        str(tmp_path / "r.eml"),
    )
    assert result.code == 2 and result.err.count("\n") == 1
    assert "C-0002 Ann Post has no email address in the book" in result.err
    assert not list(tmp_path.glob("r.*")) and owing.fingerprint() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--eml", "r.eml"], "--eml goes with --send-via email"),
        (["--send-via", "post", "--eml", "r.eml"], "--eml goes with --send-via email"),
        (
            ["--send-via", "email", "--tracking", "1", "--eml", "r.eml"],
            "--eml goes with --send-via email",
        ),
        (["--send-via", "email", "--eml", "r.txt"], "should end in .eml"),
        (["--send-via", "email", "--eml", "nowhere/r.eml"], "no folder"),
    ],
)
def test_bad_draft_requests(owing: Cli, tmp_path: Path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    before = owing.fingerprint()
    result = owing("letter", "INV-0001", "--kind", "reminder", "-o", "r.pdf", *args)
    assert result.code == 2 and message in result.err and result.err.count("\n") == 1
    assert not list(tmp_path.glob("r.*")) and owing.fingerprint() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["L-0001", "--via", "pigeon"], "--via is one of"),
        (["L-0001", "--via", "email", "--tracking", "12"], "a tracking number goes with"),
        (
            ["L-0001", "--via", "email", "--at", "2026-11-01T10:00"],
            "cannot have gone on 2026-11-01",
        ),
        (["L-0009", "--via", "email"], "no letter L-0009"),
        (["INV-0001", "--via", "email"], "is not a letter ref"),
    ],
)
def test_bad_sent_requests(owing: Cli, tmp_path: Path, args, message):
    owing.ok("letter", "INV-0001", "--kind", "reminder", "-o", str(tmp_path / "r.pdf"))
    before = owing.fingerprint()
    result = owing("sent", *args)
    assert result.code != 0 and message in result.err and result.err.count("\n") == 1
    assert owing.fingerprint() == before


def test_a_posted_letter_is_recorded_with_its_tracking(owing: Cli, tmp_path: Path):
    owing.ok("letter", "INV-0001", "--kind", "final", "-o", str(tmp_path / "f.pdf"))
    owing.ok(
        "sent",
        "L-0001",
        "--via",
        "certified",
        "--tracking",
        "9589 0710",
        "--at",
        "2026-11-22T09:30",
    )
    events = owing.ok("timeline", "C-0001", "--json").json()
    assert (
        "sent by certified mail (tracking 9589 0710)"
        in next(e for e in events if e["ref"] == "K-0002")["text"]
    )
