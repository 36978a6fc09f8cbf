"""`tradebook letter` and `tradebook bundle` through the command line, on a real book."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.cli.conftest import Cli


@pytest.fixture
def owing(started: Cli) -> Cli:
    """Tom Becker owes on two overdue invoices; the first was chased by phone."""
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
        "2026-09-15",
        "--net",
        "30",
    )
    started.ok(
        "log",
        "C-0001",
        "No answer",
        "--via",
        "call",
        "--outcome",
        "no-answer",
        "--at",
        "2026-09-10T10:00-05:00",
    )
    return started


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages)


def test_letter_writes_the_pdf_and_logs_it(owing: Cli, tmp_path: Path):
    out = tmp_path / "final.pdf"
    result = owing.ok(
        "letter",
        "Tom",
        "--kind",
        "final",
        "-o",
        str(out),
        "--send-via",
        "certified",
        "--tracking",
        "9400 0000 11",
        "--note",
        "Happy to talk it through.",
    )
    assert (
        result.out.strip()
        == f"L-0001 final notice for C-0001 written to {out} — sent, logged as K-0002"
    )
    text = pdf_text(out)
    assert "Final notice — payment due by December 7, 2026" in text
    assert "INV-0001" in text and "INV-0002" in text and "$1,680.00" in text
    assert "Happy to talk it through." in text and "Bright Spark Electric" in text
    events = owing.ok("timeline", "C-0001", "--json").json()
    assert {"kind": "letter", "ref": "L-0001"}.items() <= next(
        e for e in events if e["kind"] == "letter"
    ).items()
    contact = next(e for e in events if e["ref"] == "K-0002")
    assert "tracking 9400 0000 11" in contact["text"]


def test_a_refused_letter_exits_2_and_writes_nothing(owing: Cli, tmp_path: Path):
    before = owing.fingerprint()
    out = tmp_path / "r.pdf"
    result = owing(
        "letter",
        "INV-0001",
        "--kind",
        "reminder",
        "-o",
        str(out),
        "--note",
        "Pay up or we post your name on Facebook.",
    )
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1
    assert "'post your name'" in result.err and "public shaming" in result.err
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))
    assert owing.fingerprint() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "nasty"], "--kind is one of"),
        (["--kind", "reminder", "--installments", "3"], "are for --kind plan-offer"),
        (["--kind", "final", "--deadline", "2026-11-01"], "must be after today"),
        (
            ["--kind", "reminder", "--send-via", "email", "--tracking", "1"],
            "tracking number goes with",
        ),
    ],
)
def test_bad_letter_options_are_one_line_errors(owing: Cli, tmp_path: Path, args, message):
    before = owing.fingerprint()
    result = owing("letter", "C-0001", "-o", str(tmp_path / "x.pdf"), *args)
    assert result.code == 2 and message in result.err and result.err.count("\n") == 1
    assert owing.fingerprint() == before and not (tmp_path / "x.pdf").exists()


def test_plan_offer_with_the_users_own_template(owing: Cli, tmp_path: Path):
    """An older template spells the placeholder {instalments}, and so may an older habit
    the option: both still work."""
    templates = owing.book.parent / "templates"
    templates.mkdir()
    (templates / "plan-offer.txt").write_text(
        "Subject: Let's spread it out\n\n{salutation}\n\n{instalments}\n\nTotal {plan_total}.\n",
        encoding="utf-8",
    )
    out = tmp_path / "plan.pdf"
    owing.ok(
        "letter",
        "C-0001",
        "--kind",
        "plan-offer",
        "-o",
        str(out),
        "--instalments",
        "2",
        "--every",
        "30",
        "--start",
        "2026-12-01",
    )
    text = pdf_text(out)
    assert "Let's spread it out" in text
    assert "1. December 1, 2026 — $840.00" in text and "2. December 31, 2026 — $840.00" in text


def test_plan_offer_with_the_shipped_template_and_us_spelling(owing: Cli, tmp_path: Path):
    out = tmp_path / "plan.pdf"
    owing.ok(
        "letter",
        "C-0001",
        "--kind",
        "plan-offer",
        "-o",
        str(out),
        "--installments",
        "2",
        "--every",
        "30",
        "--start",
        "2026-12-01",
    )
    text = " ".join(pdf_text(out).split())
    assert "payment in installments on the following schedule" in text
    assert "1. December 1, 2026 — $840.00" in text and "instalment" not in text


def test_bundle_writes_a_readable_pdf(owing: Cli, tmp_path: Path, monkeypatch):
    owing.ok(
        "letter",
        "C-0001",
        "--kind",
        "final",
        "-o",
        str(tmp_path / "final.pdf"),
        "--send-via",
        "post",
    )
    monkeypatch.setenv(
        "TRADEBOOK_TODAY", "2026-12-08"
    )  # the day after the final notice's pay-by date
    out = tmp_path / "bundle.pdf"
    result = owing.ok("bundle", "Tom", "--kind", "small-claims", "-o", str(out))
    pages = len(PdfReader(str(out)).pages)
    assert result.out.splitlines() == [
        f"small-claims bundle for C-0001 Tom Becker: {pages} pages, exhibits A–D — {out}",
        "check before filing: no address on record for Tom Becker",
    ]
    text = pdf_text(out)
    assert "Bright Spark Electric v. Tom Becker" in text and "EXHIBIT D" in text


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["Nobody", "--kind", "mediation", "-o", "b.pdf"], "no customer matches", 3),
        (["Tom", "--kind", "court", "-o", "b.pdf"], "--kind is one of", 2),
        (["Tom", "--kind", "mediation", "-o", "b.txt"], "ending in .pdf", 2),
    ],
)
def test_bundle_refusals_write_nothing(
    owing: Cli, tmp_path: Path, monkeypatch, args, message, code
):
    monkeypatch.chdir(tmp_path)
    before = owing.fingerprint()
    result = owing("bundle", *args)
    assert result.code == code and message in result.err and result.err.count("\n") == 1
    assert owing.fingerprint() == before
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("b.*"))


def test_print_uses_lp_or_says_there_is_none(owing: Cli, tmp_path: Path, monkeypatch):
    owing.ok(
        "letter",
        "C-0001",
        "--kind",
        "reminder",
        "-o",
        str(tmp_path / "r.pdf"),
        "--send-via",
        "post",
    )
    out = tmp_path / "m.pdf"
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = owing("bundle", "Tom", "--kind", "mediation", "-o", str(out), "--print")
    assert result.code == 1 and "no printer command (lp or lpr)" in result.err and out.exists()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    lp = bin_dir / "lp"
    lp.write_text(
        f"#!/bin/sh\necho \"$@\" > {tmp_path / 'lp-args'}\necho 'request id is desk-7 (1 file(s))'\n"
    )
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin")
    result = owing.ok("bundle", "Tom", "--kind", "mediation", "-o", str(out), "--print")
    assert "sent to the printer — request id is desk-7" in result.out
    assert (tmp_path / "lp-args").read_text().split() == ["--", str(out)]


def test_same_book_same_today_same_bundle_bytes(owing: Cli, tmp_path: Path, monkeypatch):
    owing.ok(
        "letter",
        "C-0001",
        "--kind",
        "final",
        "-o",
        str(tmp_path / "final.pdf"),
        "--send-via",
        "certified",
        "--tracking",
        "9589 0710 5270 0123 4567 89",
    )
    monkeypatch.setenv("TRADEBOOK_TODAY", "2026-12-21")
    owing.ok("bundle", "C-0001", "--kind", "small-claims", "-o", str(tmp_path / "one.pdf"))
    owing.ok("bundle", "C-0001", "--kind", "small-claims", "-o", str(tmp_path / "two.pdf"))
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()


def test_statement_letter_carries_the_statement(owing: Cli, tmp_path: Path):
    out = tmp_path / "statement.pdf"
    owing.ok("letter", "C-0001", "--kind", "statement", "-o", str(out), "--send-via", "email")
    text = pdf_text(out)
    assert "Statement of account — November 22, 2026" in text
    assert "Balance due on 2026-11-22 $1,680.00" in text


def test_letter_draft_writes_only_the_pdf(owing: Cli, tmp_path: Path):
    before = owing.fingerprint()
    out = tmp_path / "draft.pdf"
    result = owing.ok("letter", "INV-0001", "--kind", "firm", "-o", str(out), "--draft")
    assert (
        result.out.strip()
        == f"draft overdue account for C-0001 written to {out} — nothing recorded or logged"
    )
    assert "DRAFT" in pdf_text(out)
    assert owing.fingerprint() == before


def test_letter_without_delivery_says_it_was_prepared(owing: Cli, tmp_path: Path):
    result = owing.ok("letter", "INV-0001", "--kind", "reminder", "-o", str(tmp_path / "r.pdf"))
    assert "prepared (delivery not recorded), logged as K-0002" in result.out
    assert "not sent" not in result.out


def test_a_name_the_font_cannot_draw_is_refused_in_one_line(owing: Cli, tmp_path: Path):
    owing.ok("customer", "add", "李雷 Li")
    owing.ok(
        "invoice", "add", "C-0002", "--item", "Outlet:1:90", "--date", "2026-09-01", "--net", "30"
    )
    before = owing.fingerprint()
    result = owing("letter", "INV-0003", "--kind", "reminder", "-o", str(tmp_path / "li.pdf"))
    assert result.code == 2 and result.err.count("\n") == 1
    assert "the document font cannot draw '李' (U+674E), '雷' (U+96F7)" in result.err
    assert "missing the following glyphs" not in result.err + result.out
    assert owing.fingerprint() == before and not (tmp_path / "li.pdf").exists()
