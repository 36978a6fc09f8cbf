"""Books for the document tests, built straight as tables (no store needed).

`sample_tables()` is a small electrician's book with three customers whose records are
interleaved, so a bundle that leaks another customer's data would show it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from tradebook.domain.chain import GENESIS, seal
from tradebook.domain.refs import make_ref
from tradebook.domain.view import BookView

TODAY = date(2026, 11, 20)
ZONE = timezone(timedelta(hours=-5))

BUSINESS = "Ångström & Daughters Electric"
RENEE = "Renée Núñez-Łukasiewicz"
BAKERY = "Łódź Bakery LLC"
PRINCIPAL = "Małgorzata Wiśniewska"
OTHER = "Otto Quimby-Vance"


class Builder:
    """Appends records table by table, giving each its ref like the store would."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[int, dict[str, Any]]] = {}
        self.last_hash = GENESIS

    def add(self, table: str, **fields: Any) -> dict[str, Any]:
        rows = self.tables.setdefault(table, {})
        doc_id = len(rows) + 1
        doc = {"ref": make_ref(table, doc_id), **fields}
        rows[doc_id] = doc
        return doc

    def profile(self, **fields: Any) -> None:
        self.tables["profile"] = {
            1: {"net_days": 30, "created": "2020-01-01", "pay_methods": ["check"], **fields}
        }

    def customer(self, name: str, **fields: Any) -> dict[str, Any]:
        base = {
            "kind": "person",
            "principal": None,
            "phones": [],
            "emails": [],
            "address": "",
            "credit_limit": None,
            "cod": False,
            "net_days": None,
            "late_fee": None,
            "state": None,
            "notes": "",
            "created": "2025-01-01",
        }
        return self.add("customers", name=name, **{**base, **fields})

    def job(self, customer: str, desc: str, start: str, **fields: Any) -> dict[str, Any]:
        base = {
            "site": "",
            "status": "booked",
            "quote": None,
            "deposit_asked": None,
            "done": None,
            "change_orders": [],
            "attachments": [],
            "created": start,
        }
        return self.add("jobs", customer=customer, desc=desc, start=start, **{**base, **fields})

    def invoice(
        self, customer: str, items: list[tuple[str, str, int]], issued: str, due: str, **fields: Any
    ) -> dict[str, Any]:
        base = {
            "jobs": [],
            "contract": None,
            "tax_pct": "0",
            "period": None,
            "sent": [],
            "adjustments": [],
            "notes": "",
        }
        return self.add(
            "invoices",
            customer=customer,
            issued=issued,
            due=due,
            items=[{"desc": d, "qty": q, "unit": u} for d, q, u in items],
            **{**base, **fields},
        )

    def payment(
        self,
        customer: str,
        amount: int,
        on: str,
        *,
        invoice: str | None = None,
        job: str | None = None,
        method: str = "check",
        bounced: str | None = None,
        reference: str = "",
    ) -> dict[str, Any]:
        target = {"invoice": invoice} if invoice else {"job": job}
        return self.add(
            "payments",
            customer=customer,
            amount=amount,
            date=on,
            method=method,
            reference=reference,
            bounced=bounced,
            **target,
        )

    def contact(
        self,
        customer: str,
        at: datetime,
        summary: str,
        *,
        via: str = "call",
        inbound: bool = False,
        outcome: str | None = None,
        promise: dict | None = None,
        invoices: list[str] | None = None,
        letter: str | None = None,
        dispute: bool = False,
    ) -> dict[str, Any]:
        rows = self.tables.setdefault("contacts", {})
        doc_id = len(rows) + 1
        entry = {
            "ref": make_ref("contacts", doc_id),
            "customer": customer,
            "at": at.isoformat(),
            "at_utc": at.astimezone(UTC).isoformat(),
            "via": via,
            "direction": "in" if inbound else "out",
            "summary": summary,
            "outcome": outcome or ("received" if inbound else "spoke"),
            "promise": promise,
            "dispute": dispute,
            "resolves_dispute": False,
            "invoices": invoices or [],
            "corrects": None,
            "letter": letter,
            "recorded": at.date().isoformat(),
        }
        doc = seal(entry, self.last_hash)
        self.last_hash = doc["hash"]
        rows[doc_id] = doc
        return doc

    def view(self) -> BookView:
        return BookView(self.tables)


def at(day: str, hour: int = 10, minute: int = 0) -> datetime:
    d = date.fromisoformat(day)
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=ZONE)


def sample_tables(photo_dir: Path | None = None) -> Builder:
    """Renée owes on two invoices after reminders, a promise and a final notice; the bakery
    was under-billed on its service contract; Otto owes too and must never show up in
    Renée's bundle."""
    b = Builder()
    b.profile(
        name=BUSINESS,
        address="1200 Bardstown Rd\nLouisville, KY 40204",
        phone="502-555-0142",
        email="office@angstrom-electric.example",
        licence="ME-48213",
        state="KY",
        signature="Zoë Ångström",
    )
    renee = b.customer(
        RENEE,
        address="47 Cherokee Rd\nLouisville, KY 40205",
        phones=["502-555-0111"],
        emails=["renee@example.org"],
        late_fee={"kind": "percent", "pct": "1.5"},
    )
    bakery = b.customer(
        BAKERY,
        kind="business",
        principal=PRINCIPAL,
        address="8 Frankfort Ave\nLouisville, KY 40206",
    )
    other = b.customer(OTHER, address="99 Preston Hwy\nLouisville, KY 40213")

    attachments = []
    if photo_dir is not None:
        attachments = [str(p) for p in make_attachments(photo_dir)]
    panel = b.job(
        renee["ref"],
        "Replace 100A panel with 200A service",
        "2026-06-01",
        site="47 Cherokee Rd, Louisville",
        status="done",
        done="2026-06-03",
        quote=240000,
        deposit_asked=50000,
        attachments=attachments,
        change_orders=[{"desc": "Extra grounding rod", "amount": 9500, "date": "2026-06-02"}],
    )
    b.payment(renee["ref"], 50000, "2026-05-28", job=panel["ref"], method="transfer")
    other_job = b.job(
        other["ref"],
        "Secret rewiring for Otto",
        "2026-06-10",
        site="99 Preston Hwy",
        status="done",
        done="2026-06-12",
        quote=90000,
    )
    inv1 = b.invoice(
        renee["ref"],
        [("Labour: panel change", "16", 9500), ("200A panel, breakers, meter base", "1", 88000)],
        "2026-06-05",
        "2026-07-05",
        jobs=[panel["ref"]],
        sent=[{"date": "2026-06-05", "via": "post", "tracking": None}],
    )
    inv_other = b.invoice(
        other["ref"],
        [("Otto-only wiring", "1", 90000)],
        "2026-06-13",
        "2026-07-13",
        jobs=[other_job["ref"]],
        sent=[{"date": "2026-06-13", "via": "email", "tracking": None}],
    )
    b.payment(renee["ref"], 40000, "2026-07-20", invoice=inv1["ref"], reference="Check 1042")
    inv2 = b.invoice(
        renee["ref"],
        [("Replace GFCI outlets (kitchen)", "2", 9000)],
        "2026-08-01",
        "2026-08-31",
        sent=[{"date": "2026-08-01", "via": "email", "tracking": None}],
    )
    b.payment(other["ref"], 10000, "2026-08-02", invoice=inv_other["ref"])

    b.contact(
        renee["ref"],
        at("2026-07-08", 9, 15),
        "Rang about INV-0001, left a message",
        outcome="voicemail",
        invoices=[inv1["ref"]],
    )
    b.contact(other["ref"], at("2026-07-09", 11), "Otto says the cheque is in the post")
    b.contact(
        renee["ref"],
        at("2026-07-10", 17, 40),
        "Renée called back: short of cash, will pay $400 on the 20th",
        inbound=True,
        outcome="agreed",
        promise={"date": "2026-07-20", "amount": 40000},
        invoices=[inv1["ref"]],
    )
    reminder = b.add(
        "letters",
        customer=renee["ref"],
        kind="reminder",
        invoices=[inv1["ref"]],
        date="2026-08-10",
        body="Dear Renée Núñez-Łukasiewicz,\n\nThis is a friendly reminder…",
        sha256="ab" * 32,
        delivery={"via": "post", "tracking": None},
        contact="K-0004",
        deadline=None,
        note="",
    )
    b.contact(
        renee["ref"],
        at("2026-08-10", 8),
        "Sent reminder letter L-0001 by post",
        via="letter",
        outcome="sent",
        invoices=[inv1["ref"]],
        letter=reminder["ref"],
    )
    b.contact(
        other["ref"],
        at("2026-08-20", 12),
        "Otto disputes the Otto-only wiring",
        inbound=True,
        dispute=True,
    )
    b.contact(
        renee["ref"],
        at("2026-09-02", 14, 5),
        "Text: asked when the balance will come",
        via="text",
        outcome="sent",
    )
    final = b.add(
        "letters",
        customer=renee["ref"],
        kind="final",
        invoices=[inv1["ref"], inv2["ref"]],
        date="2026-10-01",
        body="Dear Renée Núñez-Łukasiewicz,\n\nFinal notice… by October 15, 2026",
        sha256="cd" * 32,
        delivery={"via": "certified", "tracking": "9407 1118 9876 5432 1012 34"},
        contact="K-0007",
        deadline="2026-10-15",
        note="",
    )
    b.contact(
        renee["ref"],
        at("2026-10-01", 8, 30),
        "Sent final notice L-0002 by certified mail",
        via="letter",
        outcome="sent",
        invoices=[inv1["ref"], inv2["ref"]],
        letter=final["ref"],
    )

    contract = b.add(
        "contracts",
        customer=bakery["ref"],
        amount=25000,
        every="month",
        desc="Monthly maintenance of ovens' electrical supply",
        start="2026-01-01",
        end=None,
    )
    for month in ("01", "02", "03"):
        b.invoice(
            bakery["ref"],
            [("Maintenance", "1", 20000)],
            f"2026-{month}-01",
            f"2026-{month}-28",
            contract=contract["ref"],
            period=f"2026-{month}",
        )
    return b


def make_attachments(folder: Path) -> list[Path]:
    """A small photo of the finished panel and a signed work order (a non-image file)."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    photo = folder / "panel-after.png"
    img = Image.new("RGB", (320, 200), (200, 210, 220))
    ImageDraw.Draw(img).rectangle((100, 40, 220, 170), outline=(40, 40, 40), width=6)
    img.save(photo)
    order = folder / "work-order-signed.pdf"
    order.write_bytes(work_order_pdf())
    return [photo, order]


_WORK_ORDER: bytes | None = None


def work_order_pdf(pages: int = 2) -> bytes:
    """A signed work order as a customer's scan would come: a real PDF of `pages` pages, each
    saying which page it is (made once, with a built-in font, so it costs nothing to repeat)."""
    global _WORK_ORDER
    if pages == 2 and _WORK_ORDER is not None:
        return _WORK_ORDER
    from fpdf import FPDF

    pdf = FPDF(format="Letter")
    pdf.set_creation_date(datetime(2026, 6, 1, tzinfo=UTC))
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("helvetica", "B", 22)
        pdf.text(25, 40, "WORK ORDER 4471")
        pdf.set_font("helvetica", "", 14)
        pdf.text(25, 60, f"Signed work order, sheet {n} of {pages}")
        pdf.text(25, 75, "Replace 100A panel with 200A service - 47 Cherokee Rd")
        pdf.rect(20, 20, 175, 240)
        if n == pages:
            pdf.text(25, 230, "Customer signature: R. Nunez-Lukasiewicz   2026-05-28")
    data = bytes(pdf.output())
    if pages == 2:
        _WORK_ORDER = data
    return data
