"""A 40-page bundle for a customer with hundreds of contacts, in a book of thousands of
other entries, is made well inside two seconds — with a phone photo and a multi-page scanned
PDF attached to the work."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

from tests.documents.builder import Builder, at, sample_tables, work_order_pdf
from tests.documents.conftest import pages_text
from tradebook.documents.bundle import build_bundle

TODAY = date(2026, 11, 20)


def real_exhibits(folder: Path) -> list[str]:
    """A 12-megapixel phone photo (JPEG) and a 6-page scanned work order (PDF)."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    photo = folder / "IMG_2041.jpg"
    img = Image.new("RGB", (4032, 3024), (180, 190, 200))
    draw = ImageDraw.Draw(img)
    for n in range(0, 4032, 96):
        draw.line((n, 0, 4032 - n, 3024), fill=(n % 255, 90, 140), width=9)
    img.save(photo, quality=88)
    scan = folder / "work-order-scan.pdf"
    scan.write_bytes(work_order_pdf(6))
    return [str(photo), str(scan)]


def big_book(other_contacts: int = 6000, exhibits: Path | None = None) -> tuple[Builder, str]:
    """The sample book plus a busy customer: 10 jobs and invoices, 5 letters, 160 contacts,
    and (with `exhibits`) a photo and a scanned PDF on the first job."""
    book = sample_tables()
    for n in range(other_contacts):
        book.contact("C-0003", at("2024-01-01") + timedelta(minutes=17 * n), f"Routine call {n}")
    firm = book.customer(
        "Zoë Kowalczyk-Núñez Holdings",
        kind="business",
        principal="Łukasz Kowalczyk",
        address="5 Elm St\nLouisville, KY 40202",
        late_fee={"kind": "percent", "pct": "1"},
    )["ref"]
    invoices = []
    for n in range(10):
        day = date(2025, 1, 6) + timedelta(days=21 * n)
        job = book.job(
            firm,
            f"Tenant fit-out, unit {n + 1}",
            day.isoformat(),
            site=f"Unit {n + 1}, 5 Elm St",
            status="done",
            done=day.isoformat(),
            quote=150000,
            attachments=real_exhibits(exhibits) if exhibits and n == 0 else [],
        )
        invoices.append(
            book.invoice(
                firm,
                [("Labour", "10", 9500), ("Materials", "1", 55000)],
                day.isoformat(),
                (day + timedelta(days=30)).isoformat(),
                jobs=[job["ref"]],
                sent=[{"date": day.isoformat(), "via": "email", "tracking": None}],
            )
        )
    for n in range(5):
        day = date(2025, 6, 2) + timedelta(days=30 * n)
        book.add(
            "letters",
            customer=firm,
            kind="final" if n == 4 else "reminder",
            invoices=[i["ref"] for i in invoices],
            date=day.isoformat(),
            body="\n\n".join(
                ["Łukasz Kowalczyk\nZoë Kowalczyk-Núñez Holdings"]
                + ["A courteous paragraph about the open invoices and how to pay them."] * 6
            ),
            sha256="ef" * 32,
            delivery={"via": "certified", "tracking": f"9400 {n}"},
            contact=None,
            deadline=(day + timedelta(days=14)).isoformat() if n == 4 else None,
            note="",
        )
    for n in range(160):
        book.contact(
            firm,
            at("2025-02-03") + timedelta(hours=53 * n),
            f"Spoke with Łukasz about the open invoices ({n}); tenants are paying late and he asks "
            "for a few more weeks — will call back next week.",
            via=("call", "email", "text", "visit")[n % 4],
            inbound=n % 3 == 0,
            promise={"date": "2025-08-01", "amount": 50000} if n == 40 else None,
        )
    return book, firm


def test_a_forty_page_bundle_takes_under_two_seconds(tmp_path):
    book, firm = big_book(exhibits=tmp_path / "exhibits")
    view = book.view()
    build_bundle(view, firm, "small-claims", TODAY, tmp_path / "warm.pdf")  # imports, fonts cache
    wall = time.perf_counter()
    cpu = time.process_time()
    made = build_bundle(view, firm, "small-claims", TODAY, tmp_path / "bundle.pdf")
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    assert made.pages >= 40
    assert [e.kind for e in made.exhibits].count("attachment") == 2
    assert cpu < 2.0, f"{made.pages} pages took {cpu:.2f} s of CPU ({wall:.2f} s wall)"
    assert len(pages_text(made.path)) == made.pages
