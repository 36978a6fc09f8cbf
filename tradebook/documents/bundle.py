"""The mediation / small-claims bundle as a PDF a mediator or a judge can follow in minutes.

Cover sheet, contents, statement of facts, timeline, exhibits A, B, … (each labeled on
every one of its pages), the contact log's integrity check, the filing checklist and, for
mediation, proposed resolutions. Every section is a PDF bookmark.

Like every drawing module this one imports fpdf2: import it inside the command that makes
a bundle, never at start-up.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tradebook.documents.base import ACCENT, INK, MUTED, Column, DocumentPDF
from tradebook.documents.casefile import (
    LETTER_NAMES,
    Attachment,
    CaseFile,
    Exhibit,
    agreements,
    build_casefile,
    via_words,
)
from tradebook.documents.output import pdf_target
from tradebook.documents.statement import draw_statement, statement_for
from tradebook.documents.wording import long_date, plural, stamp
from tradebook.domain import ledger
from tradebook.domain.money import fmt
from tradebook.domain.view import BookView
from tradebook.settings import Settings

MARKS = {True: "☑", False: "☒", None: "☐"}


@dataclass(frozen=True)
class Bundle:
    path: Path
    pages: int
    sha256: str
    exhibits: tuple[Exhibit, ...]
    #: the checklist items not met (☒), each in a few words, for the message after it is made
    unmet: tuple[str, ...] = ()
    #: what the checklist prepares for: "filing" or "the mediation"
    act_before: str = "filing"

    def unmet_line(self) -> str:
        """`check before filing: demand letter not sent; claim over Kentucky's $2,500.00 limit`
        (`check before the mediation: …` for a mediation bundle), or "" when nothing on the
        checklist is unmet."""
        return f"check before {self.act_before}: {'; '.join(self.unmet)}" if self.unmet else ""


def build_bundle(view: BookView, customer_ref: str, kind: str, today: date, path: Path | str, *,
                 settings: Settings | None = None) -> Bundle:
    """Write the `kind` bundle for one customer to `path`; the same book and day give the same bytes."""
    target = pdf_target(path)
    case = build_casefile(view, customer_ref, kind, today, settings)
    pdf = DocumentPDF(case.profile, f"{case.title} — {case.customer['name']}", today, case.refs)
    _cover(pdf, case)
    pdf.add_page()
    contents_pages = _toc_rows(pdf, _outline_levels(view, case))[-1][0] + 1
    pdf.insert_toc_placeholder(_render_toc, pages=contents_pages)  # leaves a fresh page
    _facts(pdf, case)
    _timeline(pdf, case)
    for exhibit in case.exhibits:
        _exhibit(pdf, view, case, exhibit)
    _integrity(pdf, case)
    _checklist(pdf, case)
    if case.proposals:
        _proposals(pdf, case)
    data = pdf.save(target)
    unmet = tuple(check.unmet for check in case.checklist if check.unmet)
    return Bundle(target, pdf.pages_count, hashlib.sha256(data).hexdigest(), case.exhibits, unmet,
                  case.act_before)


# ----- front matter --------------------------------------------------------------------

def _cover(pdf, case: CaseFile) -> None:
    us, them = case.parties
    p, c = case.profile, case.customer
    pdf.add_page()
    pdf.start_section("Cover sheet")
    pdf.style(20, bold=True, color=ACCENT)
    pdf.write_lines([case.title])
    between = (f"{p.get('name', '')} v. {c['name']}" if case.kind == "small-claims"
               else f"Between {p.get('name', '')} and {c['name']}")
    pdf.para(between, size=13, bold=True, gap=1)
    pdf.para(f"Prepared {long_date(case.today)} from the business's records.", size=9, color=MUTED, gap=4)

    pdf.heading("Parties", 1, outline=False)
    pdf.key_values([(us.capitalize(), _party(p.get("name", ""), p.get("address"),
                                             p.get("phone"), p.get("email"),
                                             f"license no. {p['licence']}" if p.get("licence") else None)),
                    (them.capitalize(), _party(
                        c["name"] + (f" (principal: {c['principal']})" if c.get("principal") else ""),
                        c.get("address"), ", ".join(c.get("phones") or ()) or None,
                        ", ".join(c.get("emails") or ()) or None, f"customer ref {c['ref']}"))],
                   key_width=30)
    pdf.set_y(pdf.get_y() + 2)

    claim = case.claim
    pdf.heading("Amount claimed" if case.kind == "small-claims" else "Amount in question", 1, outline=False)
    pdf.table([Column("", pdf.flex(40)), Column("Amount", 40, "R")],
              [[f"Principal (unpaid on {_invoice_list(case)})", fmt(claim.principal)],
               ["Agreed late fees", fmt(claim.late_fees)],
               ["Interest to " + case.today.isoformat() + " (agreed terms only)", fmt(claim.interest)],
               ["Total", fmt(claim.total)]], size=9.5, bold_rows=frozenset({3}))

    pdf.heading("Jurisdiction", 1, outline=False)
    venue = case.venue
    lim = case.limitation
    pdf.key_values([("State", f"{venue.name} ({venue.code})" if venue.code else "not set"),
                    ("Small-claims limit", venue.limit_text()),
                    ("Limitation", f"ends {long_date(lim.ends)} ({lim.years} years from "
                                   f"{long_date(lim.accrued)}; {lim.basis})" if lim else
                     f"not on record for this state — check before {case.act_before}")],
                   key_width=38, size=9)
    pdf.set_y(pdf.get_y() + 2)

    pdf.heading("Exhibits", 1, outline=False)
    pdf.bullets([f"Exhibit {e.label} — {e.title}" for e in case.exhibits], size=9.5)


def _invoice_list(case: CaseFile) -> str:
    refs = case.claim.refs
    if len(refs) <= 6:
        return ", ".join(refs)
    exhibit = case.exhibit("invoices")
    return f"{len(refs)} invoices, listed in Exhibit {exhibit.label}" if exhibit else f"{len(refs)} invoices"


def _party(*parts: str | None) -> str:
    lines = []
    for part in parts:
        if part:
            lines.append(", ".join(x.strip() for x in part.splitlines() if x.strip()))
    return "\n".join(lines)


def _outline_levels(view: BookView, case: CaseFile) -> list[int]:
    """The level of every bookmark the bundle will have, in order: the contents' lines."""
    by_kind = {
        "agreement": sum(map(len, agreements(view, case.claim))),
        "invoices": len(case.claim.invoices),
        "statement": 0,
        "letters": len(view.records(case.customer["ref"], "letters")),
        "contacts": 0,
        "attachments": (sum(1 for a in case.attachments if a.image)
                        + any(not a.image for a in case.attachments)),
    }
    levels = [0, 0, 0]  # cover, facts, timeline
    for exhibit in case.exhibits:
        levels += [0] + [1] * by_kind[exhibit.kind]
    return levels + [0, 0] + ([0] if case.proposals else [])


TOC_HEADING = 12.0  # mm taken by "Contents" on the first page
LEADER_SIZE = 9  # pt: one size for every leader, so their dots stand in the same columns
LEADER_GAP = 2.0  # mm kept clear between a leader and the text on either side of it


def _toc_rows(pdf, levels: list[int]) -> list[tuple[int, float, float]]:
    """(page offset, y, line height) of each contents line; the same sums decide how many
    pages to reserve and where each line is drawn."""
    top = pdf.t_margin + 9
    y = top + TOC_HEADING
    page = 0
    rows = []
    for level in levels:
        lh = (10 if level == 0 else 9) / pdf.k * 1.45 + (1.2 if level == 0 else 0.4)
        if y + lh > pdf.page_break_trigger:
            page, y = page + 1, top
        rows.append((page, y, lh))
        y += lh
    return rows


def _render_toc(pdf, outline) -> None:
    """One line per bookmark: its name, a dot leader and its page number. The numbers are
    right-aligned in a column as wide as the widest of them, and every leader ends at one
    edge just left of that column."""
    pdf.style(15, bold=True, color=ACCENT)
    pdf.text(pdf.l_margin, pdf.get_y() + 6, "Contents")
    right = pdf.w - pdf.r_margin
    pdf.style(10, bold=True)  # the widest style a page number is set in
    leaders_end = right - max(pdf.measure(str(s.page_number)) for s in outline) - LEADER_GAP
    page = 0
    for section, (offset, y, lh) in zip(outline, _toc_rows(pdf, [s.level for s in outline]), strict=True):
        while page < offset:
            pdf.add_page()  # moves onto the next reserved contents page
            page += 1
        level = section.level
        color = INK if level == 0 else MUTED
        pdf.style(10 if level == 0 else 9, bold=level == 0, color=color)
        x = pdf.l_margin + 7 * level
        number = str(section.page_number)
        name = section.name
        while pdf.measure(name) > leaders_end - LEADER_GAP - x and len(name) > 4:
            name = name[:-2].rstrip() + "…"
        base = y + lh * 0.72
        pdf.text(x, base, name)
        pdf.text(right - pdf.measure(number), base, number)
        name_end = x + pdf.measure(name)
        pdf.style(LEADER_SIZE, color=color)
        _leader(pdf, name_end + LEADER_GAP, leaders_end, base)
        pdf.link(x, y, right - x, lh, pdf.add_link(page=section.page_number))


def _leader(pdf, start: float, end: float, base: float) -> None:
    """Dots from about `start` to exactly `end`, spaced evenly and counted back from `end`."""
    pitch = pdf.measure(" .")
    count = int((end - start) / pitch)
    if count > 0:
        pdf.text(end - count * pitch, base, " ." * count)


# ----- narrative -----------------------------------------------------------------------

def _numbered(pdf, items, *, gap: float) -> None:
    """A numbered list whose items wrap under their text, never split from their number."""
    for n, item in enumerate(items, 1):
        lines = pdf.wrap(item, pdf.body_width - 8)
        pdf.ensure_room(pdf.line_height() * min(3, len(lines)))
        pdf.text(pdf.l_margin, pdf.get_y() + pdf.line_height() * 0.72, f"{n}.")
        pdf.write_lines(lines, x=pdf.l_margin + 8)
        pdf.set_y(pdf.get_y() + gap)


def _facts(pdf, case: CaseFile) -> None:
    pdf.refs = list(case.refs)
    pdf.heading("Statement of facts")
    if case.kind == "mediation":
        pdf.para("What the business's records show, in date order. It is offered as a basis for "
                 "discussion; the customer may see things differently.", size=9, gap=3)
    _numbered(pdf, case.facts, gap=2)


def _timeline(pdf, case: CaseFile) -> None:
    pdf.add_page()
    pdf.refs = [case.customer["ref"]]
    pdf.heading("Timeline")
    pdf.para(f"Every job, invoice, payment, contact, promise and letter with {case.customer['name']}, "
             "oldest first.", size=9, gap=2)
    columns = [Column("When", 29), Column("What", 17), Column("Ref", 18),
               Column("Details", pdf.flex(29, 17, 18, 24)), Column("Amount", 24, "R")]
    pdf.table(columns, [[stamp(e.at), e.kind, e.ref, e.text,
                         fmt(e.amount) if e.amount is not None else ""] for e in case.timeline])


# ----- exhibits ------------------------------------------------------------------------

def _exhibit(pdf, view: BookView, case: CaseFile, exhibit: Exhibit) -> None:
    pdf.exhibit = exhibit.tag
    pdf.add_page()
    pdf.refs = list(exhibit.refs)
    pdf.heading(f"Exhibit {exhibit.label} — {exhibit.title}")
    {"agreement": _agreement, "invoices": _invoices, "statement": _statement,
     "letters": _letters, "contacts": _contacts, "attachments": _attachments}[exhibit.kind](pdf, view, case)
    pdf.exhibit = None


def _agreement(pdf, view: BookView, case: CaseFile) -> None:
    jobs, contracts = agreements(view, case.claim)
    for job in jobs:
        pdf.heading(f"{job['ref']} — {job['desc']}", 1)
        deposit = ledger.deposits_received(view, job)
        pairs = [("Site", job.get("site") or "—"), ("Started", job["start"]),
                 ("Status", job["status"] + (f" on {job['done']}" if job.get("done") else "")),
                 ("Quote", fmt(job["quote"]) if job.get("quote") else "none recorded"),
                 ("Deposit asked", fmt(job["deposit_asked"]) if job.get("deposit_asked") else "none"),
                 ("Deposit received", fmt(deposit) if deposit else "none")]
        for order in job.get("change_orders", ()):
            pairs.append(("Change order", f"{order['date']}: {order['desc']}, {fmt(order['amount'])}"))
        for path in job.get("attachments", ()):
            pairs.append(("Attachment", Path(path).name + _see(case, "attachments")))
        pdf.key_values(pairs, key_width=36, size=9.5)
        pdf.set_y(pdf.get_y() + 3)
    for contract in contracts:
        pdf.heading(f"{contract['ref']} — service contract", 1)
        pdf.key_values([("Service", contract["desc"]),
                        ("Agreed amount", f"{fmt(contract['amount'])} a {contract['every']}"),
                        ("From", contract["start"]), ("Until", contract.get("end") or "open-ended")],
                       key_width=36, size=9.5)
        pdf.set_y(pdf.get_y() + 3)


def _see(case: CaseFile, kind: str) -> str:
    exhibit = case.exhibit(kind)
    return f" (see Exhibit {exhibit.label})" if exhibit else ""


def _invoices(pdf, view: BookView, case: CaseFile) -> None:
    for n, inv in enumerate(case.claim.invoices):
        if n:
            pdf.ensure_room(90)
        pdf.heading(f"{inv['ref']} — issued {inv['issued']}, due {inv['due']}", 1)
        sent = "; ".join(f"{s['date']} by {via_words(s['via'])}" + (f" (tracking {s['tracking']})" if s.get("tracking") else "")
                         for s in inv.get("sent", ())) or "no sending recorded"
        basis = ", ".join(inv.get("jobs", ())) or inv.get("contract") or "—"
        pdf.key_values([("Sent", sent), ("For", basis + (f", period {inv['period']}" if inv.get("period") else ""))],
                       key_width=24, size=9)
        rows = [[item["desc"], item["qty"], fmt(item["unit"]), fmt(ledger.line_total(item))]
                for item in inv["items"]]
        rows.append(["Subtotal", "", "", fmt(ledger.subtotal(inv))])
        if ledger.tax(inv):
            rows.append([f"Tax {inv.get('tax_pct')}%", "", "", fmt(ledger.tax(inv))])
        for adj in inv.get("adjustments", ()):
            rows.append([f"{adj['kind']} {adj['date']}: {adj['reason']}", "", "", fmt(adj["amount"])])
        rows += [["Total", "", "", fmt(ledger.total(inv))],
                 ["Paid", "", "", fmt(ledger.paid(view, inv))],
                 ["Balance", "", "", fmt(ledger.balance(view, inv))]]
        pdf.table([Column("Description", pdf.flex(18, 26, 28)), Column("Qty", 18, "R"),
                   Column("Unit price", 26, "R"), Column("Amount", 28, "R")], rows,
                  bold_rows=frozenset({len(rows) - 1, len(rows) - 3}))


def _statement(pdf, view: BookView, case: CaseFile) -> None:
    draw_statement(pdf, statement_for(view, case.customer["ref"], case.today))


def _letters(pdf, view: BookView, case: CaseFile) -> None:
    contacts = {c["ref"]: c for c in view.records(case.customer["ref"], "contacts")}
    for n, letter in enumerate(view.records(case.customer["ref"], "letters")):
        if n:
            pdf.add_page()
        name = LETTER_NAMES.get(letter["kind"], letter["kind"]).capitalize()
        pdf.heading(f"{letter['ref']} — {name}, {letter['date']}", 1)
        delivery = letter.get("delivery") or {}
        logged = contacts.get(letter.get("contact") or "")
        pairs = [("Sent", long_date(letter["date"])),
                 ("Delivery", via_words(delivery.get("via")) or "not recorded"),
                 ("Tracking no.", delivery.get("tracking") or "—"),
                 ("Invoices", ", ".join(letter.get("invoices") or ()) or "—")]
        if letter.get("deadline"):
            pairs.append(("Deadline", long_date(letter["deadline"])))
        pairs.append(("Logged as", f"{logged['ref']} at {stamp(logged['at'])}" if logged else
                      (letter.get("contact") or "—")))
        pairs.append(("PDF sha256", letter.get("sha256") or "—"))
        pdf.key_values(pairs, key_width=30, size=9)
        pdf.set_y(pdf.get_y() + 2)
        pdf.para("Text as sent:", size=8.5, bold=True, color=MUTED, gap=1)
        pdf.rule(pdf.get_y())
        pdf.set_y(pdf.get_y() + 2)
        for block in (letter.get("body") or "").split("\n\n"):
            pdf.para(block, size=9, gap=2)
        pdf.rule(pdf.get_y())


def _contacts(pdf, view: BookView, case: CaseFile) -> None:
    pdf.para("Every recorded call, text, email, visit and letter, in the order they happened. "
             "Entries are never edited: a correction is a later entry that names the one it corrects.",
             size=9, gap=2)
    rows = []
    for c in view.contacts(case.customer["ref"]):
        notes = [c["summary"]]
        if c.get("promise"):
            what = fmt(c["promise"]["amount"]) if c["promise"].get("amount") else "the balance"
            notes.append(f"Promise: {what} by {c['promise']['date']}")
        if c.get("dispute"):
            notes.append("Dispute raised")
        if c.get("resolves_dispute"):
            notes.append("Dispute resolved")
        if c.get("corrects"):
            notes.append(f"Corrects {c['corrects']}")
        if c.get("letter"):
            notes.append(f"Letter {c['letter']}")
        rows.append([stamp(c["at"]), c["ref"], c["via"], "in" if c["direction"] == "in" else "out",
                     c["outcome"], " · ".join(notes)])
    pdf.table([Column("When", 29), Column("Ref", 16), Column("Channel", 14), Column("Dir", 8),
               Column("Outcome", 20), Column("What was said or done", pdf.flex(29, 16, 14, 8, 20))], rows)


def _attachments(pdf, view: BookView, case: CaseFile) -> None:
    for item in case.attachments:
        if item.image:
            _photo(pdf, item)
    others = [a for a in case.attachments if not a.image]
    if others:
        pdf.heading("Other attachments", 1)
        pdf.table([Column("File", 50), Column("Job", 18), Column("Size", 24, "R"),
                   Column("sha256", pdf.flex(50, 18, 24))],
                  [[a.name, a.job, f"{a.size:,} bytes" if a.size is not None else "missing",
                    a.sha256 or f"not found at {a.path}"] for a in others])


def _photo(pdf, item: Attachment) -> None:
    """One photo, scaled to fit the width and at most half a page high."""
    width, height = item.image  # type: ignore[misc]
    scale = min(pdf.body_width / width, 105.0 / height)
    w, h = width * scale, height * scale
    pdf.ensure_room(h + 22)
    pdf.heading(f"{item.name} ({item.job})", 1)
    y = pdf.get_y()
    pdf.image(item.path, x=pdf.l_margin, y=y, w=w, h=h)
    pdf.set_y(y + h + 1.5)
    pdf.para(f"Photo attached to {item.job}; sha256 {item.sha256}", size=7.5, gap=4)


# ----- back matter ---------------------------------------------------------------------

def _integrity(pdf, case: CaseFile) -> None:
    chain = case.chain
    pdf.add_page()
    pdf.refs = [case.customer["ref"]]
    pdf.heading("Integrity of the contact log")
    pdf.para("Each contact entry stores the sha256 hash of the entry recorded before it, across the "
             "whole book. Changing, removing or reordering any entry breaks every link after it, "
             "so the log can be shown not to have been altered since it was written.", size=9.5, gap=3)
    checked = f"Checked on {long_date(case.today)}"
    if not chain.count:
        verdict = f"{checked}: the book's contact log has no entries yet, so there is nothing to verify."
    elif chain.ok:
        verdict = (f"{checked}: {plural(chain.count, 'entry', 'entries')} in the book's log, hash chain intact. "
                   f"Head hash: {chain.head}.")
    else:
        verdict = (f"{checked}: the chain does NOT verify — entry {chain.first_bad}: {chain.reason}. "
                   f"Entries checked: {chain.count}.")
    pdf.para(verdict, size=10, bold=True, gap=3)
    entries = case.chain_entries
    if not entries:
        pdf.para(f"No call, text, email, visit or letter with {case.customer['name']} is recorded, "
                 "so none of the log's entries are this customer's.", size=9.5, gap=2)
        return
    which = (f"This customer's {len(entries)} entries, with their hashes" if len(entries) > 1
             else "This customer's one entry, with its hash")
    pdf.para(f"{which} (other customers' entries are counted above but not shown):", size=9, gap=2)
    pdf.table([Column("Ref", 16), Column("Recorded at", 24),
               Column("Hash / previous entry's hash", pdf.flex(16, 24))],
              [[c["ref"], stamp(c["at"]), f"{c.get('hash', '')}\nprev {c.get('prev', '')}"]
               for c in entries], size=6.5)


def _checklist(pdf, case: CaseFile) -> None:
    pdf.add_page()
    pdf.refs = list(case.refs)
    pdf.heading("Filing checklist" if case.kind == "small-claims" else "Mediation checklist")
    pdf.para(f"☑ met   ☒ not met — act before {case.act_before}   ☐ to confirm yourself", size=8.5, gap=3)
    for check in case.checklist:
        lines = pdf.wrap(check.detail[:1].upper() + check.detail[1:], pdf.body_width - 9)
        pdf.ensure_room(pdf.line_height() * (len(lines) + 2))
        pdf.style(12, bold=True)
        pdf.text(pdf.l_margin, pdf.get_y() + 4.6, MARKS[check.ok])
        pdf.style(10.5, bold=True)
        pdf.write_lines([check.item], x=pdf.l_margin + 9)
        pdf.style(9.5)
        pdf.write_lines(lines, x=pdf.l_margin + 9)
        pdf.set_y(pdf.get_y() + 3)
    pdf.style(10)


def _proposals(pdf, case: CaseFile) -> None:
    pdf.add_page()
    pdf.heading("Proposed resolutions")
    pdf.para("Offered in good faith, for discussion at mediation. None of them is a condition of "
             "talking, and the customer's own proposals are welcome.", size=9.5, gap=3)
    _numbered(pdf, case.proposals, gap=2.5)
