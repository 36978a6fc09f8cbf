"""Issuing a letter records its text, hash, delivery and an outbound contact — or nothing."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from tests.documents.conftest import flat, pages_text
from tradebook.domain.chain import verify_chain
from tradebook.errors import BadInput, NotFound, Refused
from tradebook.model.records import Delivery, plain
from tradebook.services.billing import Item
from tradebook.services.book import Book
from tradebook.services.letters import issue_letter

TODAY = date(2026, 11, 20)
NOON = datetime(2026, 11, 20, 12, 0, tzinfo=timezone(timedelta(hours=-5)))


@pytest.fixture
def book(tmp_path: Path):
    book = Book.open(tmp_path / "book.json", create=True)
    book.init_profile(
        name="Ångström Electric", today=TODAY, state="KY", phone="502-555-0142", pay_methods="check"
    )
    book.add_customer("Zoë Núñez", today=TODAY, address="2 Oak Rd, Louisville, KY")
    book.add_customer("Acme Rentals LLC", today=TODAY, business=True, principal="Jo Pruitt")
    for customer, issued in (
        ("C-0001", date(2026, 8, 1)),
        ("C-0001", date(2026, 9, 1)),
        ("C-0002", date(2026, 9, 1)),
    ):
        inv = book.add_invoice(
            customer, [Item("Panel work", Decimal("1"), 60000)], issued=issued, net_days=30
        )
        book.send_invoice(inv["ref"], via="post", on=issued)
    yield book
    book.close()


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".pdf", ".tmp"))


def test_issuing_stores_text_hash_delivery_and_logs_a_contact(book, tmp_path):
    out = tmp_path / "final.pdf"
    issued = issue_letter(
        book,
        "C-0001",
        "final",
        today=TODAY,
        at=NOON,
        path=out,
        note="Call me any time.",
        via="certified",
        tracking="9400 1118 22",
    )
    record = book.get("L-0001", "letters")
    assert plain(record) == {**plain(issued.record), "ref": "L-0001"}
    assert record["invoices"] == ["INV-0001", "INV-0002"]
    assert record["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert record["delivery"] == Delivery(via="certified", tracking="9400 1118 22")
    assert record["deadline"] == "2026-12-04" and record["note"] == "Call me any time."
    assert "Final notice — payment due by December 4, 2026" in record["body"]
    assert record["contact"] == "K-0001"
    contact = book.get("K-0001", "contacts")
    assert contact["letter"] == "L-0001" and contact["direction"] == "out"
    assert contact["via"] == "letter" and contact["outcome"] == "sent"
    assert contact["invoices"] == ["INV-0001", "INV-0002"]
    assert "tracking 9400 1118 22" in contact["summary"]
    assert verify_chain(book.view.table("contacts")).ok
    text = flat(" ".join(pages_text(out)))
    assert "Our ref: L-0001" in text and "Zoë Núñez" in text and "December 4, 2026" in text
    assert files(tmp_path) == ["final.pdf"]


def test_invoice_target_and_email_delivery(book, tmp_path):
    issued = issue_letter(
        book, "INV-0002", "reminder", today=TODAY, at=NOON, path=tmp_path / "r.pdf", via="email"
    )
    assert issued.record["invoices"] == ["INV-0002"] and issued.contact["via"] == "email"
    letters = issue_letter(
        book, "Acme", "reminder", today=TODAY, at=NOON, path=tmp_path / "acme.pdf"
    )
    assert letters.record["delivery"] == {"via": None, "tracking": None}
    assert "Dear Jo Pruitt," in letters.record["body"]
    assert "delivery not recorded" in letters.contact["summary"]


def test_the_ladder_sees_the_letter_in_the_timeline(book, tmp_path):
    from tradebook.domain.timeline import customer_timeline

    issue_letter(
        book, "C-0001", "reminder", today=TODAY, at=NOON, path=tmp_path / "r.pdf", via="post"
    )
    kinds = [(e.kind, e.ref) for e in customer_timeline(book.view, "C-0001")]
    assert ("letter", "L-0001") in kinds and ("contact", "K-0001") in kinds


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"note": "We will tell your employer."}, Refused, "your employer"),
        ({"via": "pigeon"}, BadInput, "delivery is one of"),
        ({"via": "email", "tracking": "123"}, BadInput, "tracking number goes with"),
        ({"kind": "final", "deadline": date(2026, 11, 1)}, BadInput, "must be after today"),
        ({"kind": "correction"}, BadInput, "no billing mistake"),
        ({"target": "C-0099"}, NotFound, "no customer"),
        ({"target": "INV-0042"}, NotFound, "no invoice"),
        ({"path": "letter.txt"}, BadInput, "ending in .pdf"),
        ({"path": "nowhere/letter.pdf"}, BadInput, "does not exist"),
    ],
)
def test_a_refused_letter_leaves_no_file_and_no_record(book, tmp_path, kwargs, error, match):
    args = {"target": "C-0001", "kind": "reminder", "path": "letter.pdf", **kwargs}
    target, kind, path = args.pop("target"), args.pop("kind"), tmp_path / args.pop("path")
    before = dict(book.view.tables["contacts"] or {}), dict(book.view.tables.get("letters") or {})
    with pytest.raises(error, match=match):
        issue_letter(book, target, kind, today=TODAY, at=NOON, path=path, **args)
    assert files(tmp_path) == []
    after = dict(book.view.tables["contacts"] or {}), dict(book.view.tables.get("letters") or {})
    assert after == before


def test_the_ladder_moves_on_once_the_letter_is_issued(book, tmp_path):
    from tradebook.domain.ladder import customer_actions

    day = date(2026, 9, 4)  # four days after INV-0001 fell due: the friendly reminder is due
    before = [(a.invoice, a.letter_kind) for a in customer_actions(book.view, "C-0001", day)]
    assert ("INV-0001", "reminder") in before
    issue_letter(
        book,
        "INV-0001",
        "reminder",
        today=day,
        at=NOON.replace(month=9, day=4),
        path=tmp_path / "r.pdf",
        via="post",
    )
    after = [(a.invoice, a.letter_kind) for a in customer_actions(book.view, "C-0001", day)]
    assert ("INV-0001", "reminder") not in after


def test_a_draft_is_only_a_pdf_marked_draft(book, tmp_path):
    before = (
        dict(book.view.tables.get("contacts") or {}),
        dict(book.view.tables.get("letters") or {}),
    )
    out = tmp_path / "draft.pdf"
    issued = issue_letter(book, "C-0001", "final", today=TODAY, at=NOON, path=out, draft=True)
    assert issued.draft and issued.record is None and issued.contact is None
    after = (
        dict(book.view.tables.get("contacts") or {}),
        dict(book.view.tables.get("letters") or {}),
    )
    assert after == before
    pages = pages_text(out)
    assert all("DRAFT" in page for page in pages)
    assert "Our ref:" not in flat(" ".join(pages))
    assert files(tmp_path) == ["draft.pdf"]
    with pytest.raises(BadInput, match="a draft is not sent"):
        issue_letter(
            book, "C-0001", "final", today=TODAY, at=NOON, path=out, draft=True, via="post"
        )


def test_a_letter_issued_without_delivery_is_logged_as_prepared(book, tmp_path):
    issued = issue_letter(book, "C-0001", "reminder", today=TODAY, at=NOON, path=tmp_path / "r.pdf")
    assert issued.contact["summary"].startswith(
        "Payment reminder L-0001 prepared (delivery not recorded)"
    )
    assert "DRAFT" not in " ".join(pages_text(tmp_path / "r.pdf"))


def test_characters_the_font_cannot_draw_are_refused_before_anything_is_written(
    book, tmp_path, capfd
):
    book.add_customer("王小明 Wang", today=TODAY)
    inv = book.add_invoice(
        "C-0003", [Item("Outlet", Decimal("1"), 9000)], issued=date(2026, 9, 1), net_days=30
    )
    before = (
        dict(book.view.tables.get("contacts") or {}),
        dict(book.view.tables.get("letters") or {}),
    )
    with pytest.raises(
        BadInput,
        match=r"the document font cannot draw '小' \(U\+5C0F\), '明' \(U\+660E\), "
        r"'王' \(U\+738B\) — change that text",
    ):
        issue_letter(book, inv["ref"], "reminder", today=TODAY, at=NOON, path=tmp_path / "w.pdf")
    assert files(tmp_path) == []
    after = (
        dict(book.view.tables.get("contacts") or {}),
        dict(book.view.tables.get("letters") or {}),
    )
    assert after == before
    captured = capfd.readouterr()
    assert "missing the following glyphs" not in captured.out + captured.err


@pytest.mark.parametrize("note", ["-", ".", " . "])
def test_a_note_that_says_nothing_is_refused_and_nothing_is_written(book, tmp_path, note):
    before = book.store.version
    with pytest.raises(BadInput, match="note must say something"):
        issue_letter(
            book, "C-0001", "reminder", today=TODAY, at=NOON, path=tmp_path / "r.pdf", note=note
        )
    assert book.store.version == before and not list(tmp_path.glob("*.pdf"))
