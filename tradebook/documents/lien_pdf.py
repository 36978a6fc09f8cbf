"""The lien worksheet: what the state's lien statement must hold, filled from the book, with the
deadlines. A worksheet only — never a filed lien. Imports fpdf2: import it inside the command."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tradebook.documents.base import ACCENT, MUTED, DocumentPDF
from tradebook.documents.output import pdf_target
from tradebook.domain.accounts import accounts
from tradebook.domain.lien import LienClock
from tradebook.domain.money import fmt
from tradebook.domain.view import BookView

HEADING = "Lien worksheet — not a filed lien; check with the county clerk or a lawyer"


def lien_amount(view: BookView, clock: LienClock) -> tuple[int, list[str]]:
    """What the job's invoices still owe, and which invoices."""
    books = accounts(view)
    owing = [books.money(inv) for inv in view.invoices_of_job.get(clock.ref, ())]
    owing = [m for m in owing if m.balance > 0]
    return sum(m.balance for m in owing), [m.ref for m in owing]


def write_lien_worksheet(view: BookView, clock: LienClock, today: date, path: Path | str) -> Path:
    target = pdf_target(path)
    job = clock.job
    customer = view.get(job["customer"]) or {}
    profile = view.profile
    owed, invoices = lien_amount(view, clock)
    pdf = DocumentPDF(profile, f"Lien worksheet — {job['ref']}", today, [job["ref"], *invoices])
    pdf.add_page()
    pdf.heading(HEADING, outline=False)
    pdf.para(
        "Prepared from the business's records to help fill in the lien statement. It is not "
        "a lien and is not filed. The statement is sworn, and its form and the deadlines are "
        "the law's, not tradebook's: check them with the county clerk or a lawyer. Not legal "
        "advice.",
        size=8.5,
        color=MUTED,
        gap=3,
    )
    pdf.heading("What the lien statement holds, from the book", 1, outline=False)
    contract = "under a contract with the owner" if customer.get("name") else "—"
    pairs = [
        (
            "Claimant",
            "; ".join(x for x in (profile.get("name"), _one_line(profile.get("address"))) if x),
        ),
        (
            "Owner",
            f"{customer.get('name', '')} — the customer; the owner of record may differ: "
            "check the county's property records",
        ),
        (
            "Property",
            f"{_one_line(job.get('site'))} — a description sufficient to identify it "
            "(the deed's legal description is safest)",
        ),
        ("Work", f"{job.get('desc', '')} ({job['ref']})"),
        ("Contract", contract),
        (
            "Amount due",
            f"{fmt(owed)}"
            + (f" on {', '.join(invoices)}" if invoices else "")
            + ", with all just credits and setoffs",
        ),
        ("First work", job["start"]),
        ("Last work", clock.last_work.isoformat()),
        ("Lien law of", f"{clock.rules.name} (from {clock.state.reason})"),
    ]
    pdf.key_values(pairs, key_width=34, size=9.5)
    pdf.set_y(pdf.get_y() + 3)
    pdf.heading("Deadlines", 1, outline=False)
    pdf.key_values(clock.deadlines(), key_width=56, size=9.5)
    left = clock.days_left(today)
    pdf.set_y(pdf.get_y() + 1)
    pdf.para(
        f"As of {today.isoformat()}: {left} days left to file."
        if left >= 0
        else f"As of {today.isoformat()}: the filing date passed {-left} days ago.",
        size=10,
        bold=True,
        color=ACCENT,
        gap=3,
    )
    statement = clock.rules.lien.get("statement", {})
    if statement.get("value"):
        pdf.heading("The statement must contain", 1, outline=False)
        pdf.bullets(list(statement["value"]), size=9.5)
    notice = clock.rules.lien.get("notice", {})
    if notice.get("value"):
        pdf.para(f"{notice['value'][:1].upper()}{notice['value'][1:]}.", size=9, gap=2)
    sources = sorted(
        {
            f"{f['source']}, {f.get('address') or ''} (read {f.get('read')})"
            for f in clock.rules.lien.values()
            if isinstance(f, dict) and f.get("source")
        }
    )
    pdf.para("Sources: " + "; ".join(sources) + ".", size=7.5, color=MUTED)
    pdf.save(target)
    return target


def _one_line(text: str | None) -> str:
    return ", ".join(x.strip() for x in (text or "").splitlines() if x.strip())
