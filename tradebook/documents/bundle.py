"""The mediation / small-claims bundle as a PDF a mediator or a judge can follow in minutes.

Cover sheet, contents, how the amount claimed is reached, statement of facts, timeline,
exhibits A, B, … (each labelled on every one of its pages; the job's own photos and PDFs are
exhibits of their own), the contact log's integrity check, the filing checklist and, for
mediation, proposed resolutions. Every section is a PDF bookmark.

The exhibits are laid out twice: once, quickly and without pictures, to learn on which page
of each exhibit every record lands, so that each sentence of the statement of facts can
cite it ("Exhibit C, p. 2"); then for real. fpdf2 cannot import pages, so a PDF attachment
gets framed placeholder pages (with the running head, exhibit label and page number) and
its pages are merged onto them with pypdf afterwards: the page count, contents and outline
stay as drawn.

Like every drawing module this one imports fpdf2: import it inside the command that makes
a bundle, never at start-up.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tradebook.documents.base import ACCENT, INK, MUTED, RULE, Column, DocumentPDF
from tradebook.documents.casefile import (
    LETTER_NAMES,
    Attachment,
    CaseFile,
    Exhibit,
    Pages,
    agreements,
    build_casefile,
    not_claimed_rows,
    via_words,
    where,
    with_pages,
)
from tradebook.documents.output import pdf_target, write_atomic
from tradebook.documents.statement import draw_statement, statement_for
from tradebook.documents.wording import long_date, plural, stamp
from tradebook.domain.accounts import accounts, invoice_lines, invoice_tax, line_cents
from tradebook.domain.ladder import letter_delivered, letter_pay_by
from tradebook.domain.money import fmt
from tradebook.domain.view import BookView
from tradebook.model.records import Shape
from tradebook.settings import DEFAULTS, Settings

MARKS = {True: "☑", False: "☒", None: "☐"}
SETTLEMENT = "Settlement communication — for mediation only"
#: a record's ref as it is printed: J-0001, INV-0042, P-0007, K-0123, L-0002, SC-001, …
REF = re.compile(r"\b(?:C|J|INV|P|K|L|SC|PP|BC|CASE)-\d+\b")
#: a photo is embedded as it is up to this many pixels on its longer side, else scaled down
PHOTO_MAX_PX = 2400
PT_PER_MM = 72 / 25.4


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
    #: what the ledger shows but the bundle does not claim, each with why
    not_claimed: tuple[str, ...] = ()
    #: files attached to the job that could not be put in, each with why
    left_out: tuple[str, ...] = ()

    def unmet_line(self) -> str:
        """`check before filing: claim over Kentucky's $2,500.00 limit` (`check before the
        mediation: …` for a mediation bundle), or "" when nothing on the checklist is unmet."""
        return f"check before {self.act_before}: {'; '.join(self.unmet)}" if self.unmet else ""

    def notes(self) -> list[str]:
        """One line each for what is not claimed and for attachments left out, if any."""
        lines = []
        if self.not_claimed:
            lines.append(f"not claimed: {'; '.join(self.not_claimed)}")
        if self.left_out:
            lines.append(f"not included: {'; '.join(self.left_out)}")
        return lines


@dataclass(frozen=True)
class Placement:
    """One page of a PDF attachment, to be merged into the rectangle drawn for it (mm, from
    the top left of bundle page `page`)."""

    page: int
    path: str
    index: int
    rect: tuple[float, float, float, float]
    turn: int  # the source page's /Rotate


class BundlePDF(DocumentPDF):
    """The bundle's page: the document page, with the settlement notice in the footer of a
    mediation bundle; while laying out it notes the exhibit page every ref first appears on."""

    def __init__(self, case: CaseFile, *, layout: bool = False) -> None:
        super().__init__(
            case.profile, f"{case.title} — {case.customer['name']}", case.today, case.refs
        )
        self.banner = SETTLEMENT if case.kind == "mediation" else None
        self.layout = layout  # the quick first pass: no pictures, refs noted
        self.furniture = False  # drawing the head or foot of a page, not its body
        self.label: str | None = None
        self.exhibit_start = 0
        self.first_seen: dict[tuple[str, str], int] = {}
        self.exhibit_pages: dict[str, int] = {}
        self.placements: list[Placement] = []
        self.sources: dict[str, object] = {}  # path → pypdf reader of a PDF attachment

    def text(self, x, y, text="", *args, **kwargs):
        if self.layout and self.label and not self.furniture:
            for ref in REF.findall(text):
                self.first_seen.setdefault((self.label, ref), self.page - self.exhibit_start + 1)
        return super().text(x, y, text, *args, **kwargs)

    def header(self) -> None:
        self.furniture = True
        try:
            super().header()
        finally:
            self.furniture = False

    def footer(self) -> None:
        self.furniture = True
        try:
            super().footer()
            if self.banner:
                self.style(8, bold=True, color=ACCENT)
                self.text((self.w - self.measure(self.banner)) / 2, self.h - 6.5, self.banner)
                self.style(10)
        finally:
            self.furniture = False


def build_bundle(
    view: BookView,
    customer_ref: str,
    kind: str,
    today: date,
    path: Path | str,
    *,
    settings: Settings | None = None,
) -> Bundle:
    """Write the `kind` bundle for one customer to `path`; the same book and day give the same bytes."""
    target = pdf_target(path)
    settings = settings or DEFAULTS
    case = build_casefile(view, customer_ref, kind, today, settings)
    pages, exhibit_levels = _lay_out_exhibits(view, case)
    case = with_pages(view, case, pages, settings)
    pdf = BundlePDF(case)
    _cover(pdf, case)
    pdf.add_page()
    filing = None
    if kind == "small-claims":
        from tradebook.documents.filing import build_filing

        filing = build_filing(view, customer_ref, today, settings)
    levels = (
        [0, 0, 0, 0, *exhibit_levels, 0, 0]
        + ([0] if case.proposals else [])
        + ([0] if filing is not None else [])
    )
    contents_pages = _toc_rows(pdf, levels)[-1][0] + 1
    pdf.insert_toc_placeholder(_render_toc, pages=contents_pages)  # leaves a fresh page
    _reconciliation(pdf, case)
    _facts(pdf, case)
    _timeline(pdf, case)
    for exhibit in case.exhibits:
        _exhibit(pdf, view, case, exhibit)
    _integrity(pdf, case)
    _checklist(pdf, case)
    if case.proposals:
        _proposals(pdf, case)
    if filing is not None:
        from tradebook.documents.filing_pdf import draw_filing

        pdf.refs = list(filing.refs)
        draw_filing(pdf, filing)
    data = bytes(pdf.output())
    if pdf.placements:
        data = _merge_attachments(data, pdf)
    write_atomic(target, data)
    unmet = tuple(check.unmet for check in case.checklist if check.unmet)
    return Bundle(
        target,
        pdf.pages_count,
        hashlib.sha256(data).hexdigest(),
        case.exhibits,
        unmet,
        case.act_before,
        tuple(
            f"{what} {fmt(amount)} ({reason})"
            for what, amount, reason in not_claimed_rows(case.claim)
        ),
        tuple(f"{a.name} ({a.job}): {a.problem}" for a in case.missing),
    )


def _lay_out_exhibits(view: BookView, case: CaseFile) -> tuple[Pages, list[int]]:
    """Lay the exhibits out without their pictures to learn where each record lands, and
    the outline levels of their bookmarks. Each exhibit starts on a page of its own, so its
    pages do not depend on what comes before it."""
    pdf = BundlePDF(case, layout=True)
    pdf.add_page()  # the front matter's place: no exhibit starts on the letterhead page
    for exhibit in case.exhibits:
        _exhibit(pdf, view, case, exhibit)
    levels = [section.level for section in pdf._outline]
    return Pages(dict(pdf.first_seen), dict(pdf.exhibit_pages)), levels


# ----- front matter --------------------------------------------------------------------


def _cover(pdf: BundlePDF, case: CaseFile) -> None:
    us, them = case.parties
    p, c = case.profile, case.customer
    pdf.add_page()
    pdf.start_section("Cover sheet")
    pdf.style(20, bold=True, color=ACCENT)
    pdf.write_lines([case.title])
    between = (
        f"{p.get('name', '')} v. {c['name']}"
        if case.kind == "small-claims"
        else f"Between {p.get('name', '')} and {c['name']}"
    )
    pdf.para(between, size=13, bold=True, gap=1)
    pdf.para(
        f"Prepared {long_date(case.today)} from the business's records.",
        size=9,
        color=MUTED,
        gap=2 if case.kind == "mediation" else 4,
    )
    if case.kind == "mediation":
        pdf.para(
            f"{SETTLEMENT}. Prepared to help both sides settle; the proposals in it are "
            "offers for discussion, not admissions by either side.",
            size=9,
            bold=True,
            color=ACCENT,
            gap=4,
        )

    pdf.heading("Parties", 1, outline=False)
    _side_by_side(
        pdf,
        [
            (
                us.capitalize(),
                _party(
                    p.get("name", ""),
                    p.get("address"),
                    p.get("phone"),
                    p.get("email"),
                    f"license no. {p['licence']}" if p.get("licence") else None,
                ),
            ),
            (
                them.capitalize(),
                _party(
                    c["name"] + (f" (principal: {c['principal']})" if c.get("principal") else ""),
                    c.get("address"),
                    ", ".join(c.get("phones") or ()) or None,
                    ", ".join(c.get("emails") or ()) or None,
                    f"customer ref {c['ref']}",
                ),
            ),
        ],
    )
    pdf.set_y(pdf.get_y() + 3)

    claim = case.claim
    pdf.heading(
        "Amount claimed" if case.kind == "small-claims" else "Amount in question", 1, outline=False
    )
    rows, bold = _amount_rows(case)
    pdf.light_table(
        [Column("", pdf.flex(40)), Column("Amount", 40, "R")],
        rows,
        size=9.5,
        bold_rows=frozenset(bold),
    )
    if claim.not_claimed:
        pdf.heading("Not claimed", 1, outline=False)
        pdf.light_table(
            [Column("What", 70), Column("Amount", 28, "R"), Column("Why not", pdf.flex(70, 28))],
            [[what, fmt(amount), reason] for what, amount, reason in not_claimed_rows(claim)],
            size=9,
        )

    if case.kind == "small-claims":
        pdf.heading("Jurisdiction", 1, outline=False)
        venue = case.venue
        lim = case.limitation
        pdf.key_values(
            [
                ("State", f"{venue.name} ({venue.code})" if venue.code else "not set"),
                ("Small-claims limit", venue.limit_text()),
                (
                    "Limitation",
                    f"ends {long_date(lim.ends)} ({lim.years} years from "
                    f"{long_date(lim.accrued)}; {lim.basis})"
                    if lim
                    else f"not on record for this state — check before {case.act_before}",
                ),
                (
                    "Why this state",
                    f"{venue.reason[:1].upper()}{venue.reason[1:]}" if venue.reason else "—",
                ),
            ],
            key_width=38,
            size=9,
        )
        pdf.set_y(pdf.get_y() + 2)

    pdf.heading("Exhibits", 1, outline=False)
    pdf.para(" · ".join(f"{e.label}: {e.title}" for e in case.exhibits) + ".", size=9, gap=1.5)
    if case.missing:
        pdf.para(
            "Attached to the job but not included: "
            + "; ".join(f"{a.name} ({a.job}) — {a.problem}" for a in case.missing)
            + ".",
            size=9,
            color=MUTED,
        )


def _side_by_side(pdf: BundlePDF, blocks: list[tuple[str, str]], *, size: float = 9.5) -> None:
    """Blocks of lines next to each other, each under its bold title (the two parties)."""
    gap = 6.0
    width = (pdf.body_width - gap * (len(blocks) - 1)) / len(blocks)
    pdf.style(size)
    wrapped = [pdf.wrap(text, width) for _, text in blocks]
    lh = pdf.line_height()
    pdf.ensure_room(lh * (1 + max(map(len, wrapped))))
    top = pdf.get_y()
    for n, ((title, _), lines) in enumerate(zip(blocks, wrapped, strict=True)):
        x = pdf.l_margin + n * (width + gap)
        pdf.style(size, bold=True)
        pdf.text(x, top + lh * 0.72, title)
        pdf.style(size)
        for i, line in enumerate(lines, 1):
            pdf.text(x, top + lh * (i + 0.72), line)
    pdf.set_y(top + lh * (1 + max(map(len, wrapped))))
    pdf.style(10)


def _amount_rows(case: CaseFile) -> tuple[list[list[str]], list[int]]:
    """Principal, then each kind of fee as it was asked for, then what accrued since."""
    claim = case.claim
    rows = [[f"Principal past due and demanded ({_invoice_list(case)})", fmt(claim.principal)]]
    basis = claim.fee_basis
    if basis is None:
        rows.append(["Late fees and interest (none asked for in a delivered letter)", fmt(0)])
    else:
        if basis.late_fees:
            rows.append(
                [f"Late fees, as asked for in {basis.ref} ({claim.terms})", fmt(basis.late_fees)]
            )
        if basis.interest:
            rows.append(
                [
                    f"Interest to {long_date(basis.on)}, as asked for in {basis.ref}",
                    fmt(basis.interest),
                ]
            )
        if claim.accrued:
            rows.append(
                [
                    f"Interest accrued since {long_date(basis.on)}, on the same agreed terms",
                    fmt(claim.accrued),
                ]
            )
    rows.append(["Total claimed" if case.kind == "small-claims" else "Total", fmt(claim.total)])
    return rows, [len(rows) - 1]


def _invoice_list(case: CaseFile) -> str:
    refs = case.claim.refs
    if len(refs) <= 6:
        return ", ".join(refs)
    exhibit = case.exhibit("invoices")
    return (
        f"{len(refs)} invoices, listed in Exhibit {exhibit.label}"
        if exhibit
        else f"{len(refs)} invoices"
    )


def _party(*parts: str | None) -> str:
    lines = []
    for part in parts:
        if part:
            lines.append(", ".join(x.strip() for x in part.splitlines() if x.strip()))
    return "\n".join(lines)


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
    for section, (offset, y, lh) in zip(
        outline, _toc_rows(pdf, [s.level for s in outline]), strict=True
    ):
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


# ----- the claim, reconciled -----------------------------------------------------------


def _reconciliation(pdf: BundlePDF, case: CaseFile) -> None:
    """The amount claimed, reached from the last demand and from the statement of account."""
    claim = case.claim
    pdf.refs = list(case.refs)
    pdf.heading("How the amount claimed is reached")
    pdf.para(
        "Only what is past due and was asked for in a letter the customer was sent is "
        "claimed. Late fees and interest are claimed only as a delivered letter asked for "
        "them, with what has accrued since on the same agreed terms, and always apart "
        "from the principal.",
        size=9.5,
        gap=3,
    )
    letters = case.exhibit("letters")
    if claim.demands:
        pdf.para("Letters that asked to be paid", size=10.5, bold=True, gap=1)
        pdf.light_table(
            [
                Column("Letter", 18),
                Column("Sent", 22),
                Column("Pay by", 22),
                Column("About", pdf.flex(18, 22, 22, 26, 26, 24)),
                Column("Principal", 26, "R"),
                Column("Fees, interest", 26, "R"),
                Column("Exhibit", 24),
            ],
            [
                [
                    d.ref,
                    d.on.isoformat(),
                    d.pay_by.isoformat() if d.pay_by else "—",
                    ", ".join(d.invoices),
                    fmt(d.principal),
                    fmt(d.fees) if d.recorded else "none asked",
                    where(case, letters, d.ref),
                ]
                for d in claim.demands
            ],
            size=8,
        )
        if any(not d.recorded for d in claim.demands):
            pdf.para(
                "A letter marked “none asked” was written before letters kept what they "
                "asked for: it is counted as asking for the principal alone (its invoices' "
                "balance on its date).",
                size=8,
                color=MUTED,
                gap=3,
            )
    last = claim.last_demand
    if last is not None and claim.from_demand:
        pdf.para(
            f"From the last demand ({last.ref}) to the amount claimed", size=10.5, bold=True, gap=1
        )
        rows = [
            [what, _signed(amount) if n and n < len(claim.from_demand) - 1 else fmt(amount)]
            for n, (what, amount) in enumerate(claim.from_demand)
        ]
        pdf.light_table(
            [Column("", pdf.flex(40)), Column("Amount", 40, "R")],
            rows,
            size=9,
            bold_rows=frozenset({0, len(rows) - 1}),
        )
    _from_statement(pdf, case)


def _signed(amount: int) -> str:
    return f"+{fmt(amount)}" if amount > 0 else f"−{fmt(-amount)}"


def _from_statement(pdf: BundlePDF, case: CaseFile) -> None:
    claim = case.claim
    balance = case.statement_balance
    exhibit = case.exhibit("statement")
    pdf.para(
        f"From the statement of account ({where(case, exhibit, last=True)}) to the amount claimed",
        size=10.5,
        bold=True,
        gap=1,
    )
    rows = [[f"Balance on the statement of account, {long_date(case.today)}", fmt(balance)]]
    left = 0
    for item in claim.not_claimed:
        if item.what.startswith("INV-"):
            rows.append([f"{item.what} not claimed: {item.reason}", _signed(-item.amount)])
            left += item.amount
    other = balance - left - claim.principal
    if other:
        rows.append(
            [
                "Other items on the statement (credits not set against a claimed invoice)",
                _signed(-other),
            ]
        )
    rows.append(["Principal claimed", fmt(claim.principal)])
    fees = claim.late_fees + claim.interest
    if fees:
        rows.append(["Late fees and interest claimed, as asked for (see above)", _signed(fees)])
    rows.append(["Claimed", fmt(claim.total)])
    pdf.light_table(
        [Column("", pdf.flex(40)), Column("Amount", 40, "R")],
        rows,
        size=9,
        bold_rows=frozenset({len(rows) - 1}),
    )


# ----- narrative -----------------------------------------------------------------------


def _numbered(pdf, items, *, gap: float) -> None:
    """A numbered list whose items wrap under their text, never split from their number."""
    for n, item in enumerate(items, 1):
        lines = pdf.wrap(item, pdf.body_width - 8)
        pdf.ensure_room(pdf.line_height() * min(3, len(lines)))
        pdf.text(pdf.l_margin, pdf.get_y() + pdf.line_height() * 0.72, f"{n}.")
        pdf.write_lines(lines, x=pdf.l_margin + 8)
        pdf.set_y(pdf.get_y() + gap)


def _facts(pdf: BundlePDF, case: CaseFile) -> None:
    pdf.add_page()
    pdf.refs = list(case.refs)
    pdf.heading("Statement of facts")
    intro = "Each sentence closes with the exhibit and page that show it. "
    if case.kind == "mediation":
        intro += (
            "What the business's records show, in date order. It is offered as a basis for "
            "discussion; the customer may see things differently."
        )
    pdf.para(intro, size=9, gap=3)
    _numbered(pdf, case.facts, gap=2)


def _timeline(pdf: BundlePDF, case: CaseFile) -> None:
    pdf.add_page()
    pdf.refs = [case.customer["ref"]]
    pdf.heading("Timeline")
    pdf.para(
        f"Every job, invoice, payment, contact, promise and letter with {case.customer['name']}, "
        "oldest first, one row each. A time of day is shown only where one was recorded.",
        size=9,
        gap=2,
    )
    columns = [
        Column("When", 29),
        Column("What", 17),
        Column("Ref", 18),
        Column("Details", pdf.flex(29, 17, 18, 24)),
        Column("Amount", 24, "R"),
    ]
    pdf.light_table(
        columns,
        [
            [stamp(e.at), e.kind, e.ref, e.text, fmt(e.amount) if e.amount is not None else ""]
            for e in case.timeline
        ],
    )


# ----- exhibits ------------------------------------------------------------------------


def _exhibit(pdf: BundlePDF, view: BookView, case: CaseFile, exhibit: Exhibit) -> None:
    pdf.exhibit = exhibit.tag
    pdf.add_page()
    pdf.label = exhibit.label
    pdf.exhibit_start = pdf.page
    pdf.refs = list(exhibit.refs)
    pdf.heading(f"Exhibit {exhibit.label} — {exhibit.title}")
    if exhibit.attachment is not None:
        _attached(pdf, view, case, exhibit.attachment)
    else:
        {
            "agreement": _agreement,
            "invoices": _invoices,
            "statement": _statement,
            "letters": _letters,
            "contacts": _contacts,
        }[exhibit.kind](pdf, view, case)
    pdf.exhibit_pages[exhibit.label] = pdf.page - pdf.exhibit_start + 1
    pdf.exhibit = pdf.label = None


def _agreement(pdf: BundlePDF, view: BookView, case: CaseFile) -> None:
    jobs, contracts = agreements(view, case.claim)
    for job in jobs:
        pdf.heading(f"{job['ref']} — {job['desc']}", 1)
        deposit = accounts(view).deposits_received(job["ref"])
        pairs = [
            ("Site", job.get("site") or "—"),
            ("Started", job["start"]),
            ("Status", job["status"] + (f" on {job['done']}" if job.get("done") else "")),
            ("Quote", fmt(job["quote"]) if job.get("quote") else "none recorded"),
            ("Deposit asked", fmt(job["deposit_asked"]) if job.get("deposit_asked") else "none"),
            ("Deposit received", fmt(deposit) if deposit else "none"),
        ]
        for order in job.get("change_orders", ()):
            pairs.append(
                ("Change order", f"{order['date']}: {order['desc']}, {fmt(order['amount'])}")
            )
        shown = {e.attachment.path: e.label for e in case.exhibits_of(job["ref"]) if e.attachment}
        for item in case.attachments:
            if item.job != job["ref"]:
                continue
            if item.path in shown:
                pairs.append(("Attachment", f"{item.name} — Exhibit {shown[item.path]}"))
            else:
                pairs.append(
                    (
                        "Attachment",
                        f"{item.name} — {item.problem} ({item.path}); "
                        "not included" + (f"; sha256 {item.sha256}" if item.sha256 else ""),
                    )
                )
        pdf.key_values(pairs, key_width=36, size=9.5)
        pdf.set_y(pdf.get_y() + 3)
    for contract in contracts:
        pdf.heading(f"{contract['ref']} — service contract", 1)
        pdf.key_values(
            [
                ("Service", contract["desc"]),
                ("Agreed amount", f"{fmt(contract['amount'])} a {contract['every']}"),
                ("From", contract["start"]),
                ("Until", contract.get("end") or "open-ended"),
            ],
            key_width=36,
            size=9.5,
        )
        pdf.set_y(pdf.get_y() + 3)


def _invoices(pdf: BundlePDF, view: BookView, case: CaseFile) -> None:
    books = accounts(view)
    for n, inv in enumerate(case.claim.invoices):
        money = books.money(inv)
        if n:
            pdf.ensure_room(90)
        pdf.heading(f"{inv['ref']} — issued {inv['issued']}, due {inv['due']}", 1)
        sent = (
            "; ".join(
                f"{s['date']} by {via_words(s['via'])}"
                + (f" (tracking {s['tracking']})" if s.get("tracking") else "")
                for s in inv.get("sent", ())
            )
            or "no sending recorded"
        )
        basis = ", ".join(inv.get("jobs", ())) or inv.get("contract") or "—"
        pdf.key_values(
            [
                ("Sent", sent),
                ("For", basis + (f", period {inv['period']}" if inv.get("period") else "")),
            ],
            key_width=24,
            size=9,
        )
        rows = [
            [item["desc"], item["qty"], fmt(item["unit"]), fmt(line_cents(item))]
            for item in inv["items"]
        ]
        rows.append(["Subtotal", "", "", fmt(invoice_lines(inv))])
        if invoice_tax(inv):
            rows.append([f"Tax {inv.get('tax_pct')}%", "", "", fmt(invoice_tax(inv))])
        for adj in inv.get("adjustments", ()):
            rows.append(
                [f"{adj['kind']} {adj['date']}: {adj['reason']}", "", "", fmt(adj["amount"])]
            )
        rows += [
            ["Total", "", "", fmt(money.total)],
            ["Paid", "", "", fmt(money.paid)],
            ["Balance", "", "", fmt(money.balance)],
        ]
        pdf.light_table(
            [
                Column("Description", pdf.flex(18, 26, 28)),
                Column("Qty", 18, "R"),
                Column("Unit price", 26, "R"),
                Column("Amount", 28, "R"),
            ],
            rows,
            bold_rows=frozenset({len(rows) - 1, len(rows) - 3}),
        )


def _statement(pdf: BundlePDF, view: BookView, case: CaseFile) -> None:
    statement = statement_for(view, case.customer["ref"], case.today)
    pdf.key_values(
        [
            ("Customer", f"{statement.name} ({statement.customer})"),
            ("Address", _party(statement.address) or "—"),
            ("Statement date", case.today.isoformat()),
            ("Balance due", fmt(statement.balance)),
        ],
        key_width=36,
        size=9.5,
    )
    pdf.set_y(pdf.get_y() + 3)
    draw_statement(pdf, statement)


def _letters(pdf: BundlePDF, view: BookView, case: CaseFile) -> None:
    contacts = {c["ref"]: c for c in view.records(case.customer["ref"], "contacts")}
    for n, letter in enumerate(view.records(case.customer["ref"], "letters")):
        if n:
            pdf.add_page()
        kind: str = letter["kind"]
        name = LETTER_NAMES.get(kind, kind).capitalize()
        pdf.heading(f"{letter['ref']} — {name}, {letter['date']}", 1)
        delivery = letter.get("delivery") or {}
        logged = contacts.get(letter.get("contact") or "")
        sent = letter_delivered(letter)
        pairs = [
            ("Dated", long_date(letter["date"])),
            (
                "Delivery",
                via_words(delivery.get("via"))
                if sent
                else "not recorded — prepared only; it cannot be shown the customer got it",
            ),
            ("Tracking no.", delivery.get("tracking") or "—"),
            ("Invoices", ", ".join(letter.get("invoices") or ()) or "—"),
        ]
        by = letter_pay_by(letter)
        if by is not None:
            pairs.append(("Reply by" if letter["kind"] == "mediation" else "Pay by", long_date(by)))
        asked = letter.get("demanded")
        if isinstance(asked, (dict, Shape)):
            parts = [f"principal {fmt(int(asked.get('principal') or 0))}"]
            parts += [
                f"{w} {fmt(int(asked[k]))}"
                for k, w in (("late_fees", "late fees"), ("interest", "interest"))
                if asked.get(k)
            ]
            pairs.append(("Asked for", ", ".join(parts)))
        pairs.append(
            (
                "Logged as",
                f"{logged['ref']} at {stamp(logged['at'])}"
                if logged
                else (letter.get("contact") or "—"),
            )
        )
        pairs.append(("PDF sha256", letter.get("sha256") or "—"))
        pdf.key_values(pairs, key_width=30, size=9)
        pdf.set_y(pdf.get_y() + 2)
        pdf.para(
            "Text as sent:" if sent else "Text as prepared:",
            size=8.5,
            bold=True,
            color=MUTED,
            gap=1,
        )
        pdf.rule(pdf.get_y())
        pdf.set_y(pdf.get_y() + 2)
        for block in (letter.get("body") or "").split("\n\n"):
            pdf.para(block, size=9, gap=2)
        pdf.rule(pdf.get_y())


def _contacts(pdf: BundlePDF, view: BookView, case: CaseFile) -> None:
    entries = view.contacts(case.customer["ref"])
    if not entries:
        pdf.para(
            f"No call, text, email, visit or letter with {case.customer['name']} is recorded "
            "in the contact log.",
            size=9.5,
        )
        return
    pdf.para(
        "Every recorded call, text, email, visit and letter, in the order they happened. "
        "Entries are never edited: a correction is a later entry that names the one it corrects.",
        size=9,
        gap=2,
    )
    rows = []
    for c in entries:
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
        rows.append(
            [
                stamp(c["at"]),
                c["ref"],
                c["via"],
                "in" if c["direction"] == "in" else "out",
                c["outcome"],
                " · ".join(notes),
            ]
        )
    pdf.light_table(
        [
            Column("When", 29),
            Column("Ref", 16),
            Column("Channel", 14),
            Column("Dir", 8),
            Column("Outcome", 20),
            Column("What was said or done", pdf.flex(29, 16, 14, 8, 20)),
        ],
        rows,
    )


def _attached(pdf: BundlePDF, view: BookView, case: CaseFile, item: Attachment) -> None:
    """A photo on a page of its own, as large as the page allows; a PDF page by page."""
    job = view.get(item.job) or {}
    what = (
        f"{item.image[0]} × {item.image[1]} pixels"
        if item.image
        else plural(item.pdf_pages, "page")
    )
    pdf.para(
        f"Attached to {item.job} ({job.get('desc', '')}) · {item.name} · {what} · "
        f"{item.size:,} bytes · sha256 {item.sha256}",
        size=7.5,
        color=MUTED,
        gap=2,
    )
    if item.image:
        _photo(pdf, item)
    else:
        _pdf_pages(pdf, item)


def _photo(pdf: BundlePDF, item: Attachment) -> None:
    """The photo scaled to fill the page body (never a thumbnail), upright, centred."""
    width, height = item.image  # type: ignore[misc]
    if item.turn in (90, 270):
        width, height = height, width
    top = pdf.get_y()
    box_w, box_h = pdf.body_width, pdf.page_break_trigger - top - 1
    scale = min(box_w / width, box_h / height)
    w, h = width * scale, height * scale
    x, y = pdf.l_margin + (box_w - w) / 2, top
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    pdf.rect(x, y, w, h)
    if not pdf.layout:
        source = _photo_source(item)
        if item.turn:
            cx, cy = x + w / 2, y + h / 2
            iw, ih = (h, w) if item.turn in (90, 270) else (w, h)
            with pdf.rotation(-item.turn, cx, cy):
                pdf.image(source, x=cx - iw / 2, y=cy - ih / 2, w=iw, h=ih)
        else:
            pdf.image(source, x=x, y=y, w=w, h=h)
    pdf.set_y(y + h + 1)


def _photo_source(item: Attachment):
    """The photo as fpdf2 should take it: a JPEG file as it is (it is copied, not decoded);
    anything else too large to print sharper is scaled down and sent as a JPEG first."""
    width, height = item.image  # type: ignore[misc]
    if Path(item.path).suffix.lower() in (".jpg", ".jpeg") or max(width, height) <= PHOTO_MAX_PX:
        return item.path
    from PIL import Image

    with Image.open(item.path) as img:
        img.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX))
        flat: Image.Image = img
        if img.mode != "RGB":
            flat = Image.new("RGB", img.size, (255, 255, 255))
            flat.paste(img, mask=img.getchannel("A") if "A" in img.getbands() else None)
        out = io.BytesIO()
        flat.save(out, format="JPEG", quality=90)
    out.seek(0)
    return out


def _pdf_pages(pdf: BundlePDF, item: Attachment) -> None:
    """A framed page for each page of the attachment, merged in after the bundle is drawn."""
    reader = None if pdf.layout else _reader(pdf, item.path)
    for index in range(item.pdf_pages):
        if index:
            pdf.add_page()
        pdf.para(
            f"{item.name} — page {index + 1} of {item.pdf_pages}",
            size=8,
            bold=True,
            color=MUTED,
            gap=1,
        )
        top = pdf.get_y()
        box = (pdf.l_margin, top, pdf.body_width, pdf.page_break_trigger - top - 1)
        if reader is None:
            continue
        shape = _page_shape(reader, index)
        if shape is None:
            pdf.para(
                "This page of the file could not be read; the file's sha256 above identifies "
                "the original.",
                size=9,
                color=MUTED,
            )
            continue
        width, height, turn = shape
        rect = _fit(box, width, height)
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.3)
        pdf.rect(*rect)
        pdf.placements.append(Placement(pdf.page, item.path, index, rect, turn))


def _page_shape(reader, index: int) -> tuple[float, float, int] | None:
    """(width, height) as the page is shown, and its /Rotate; None for a page that cannot be
    read or has no size."""
    from pypdf.errors import PyPdfError

    try:
        page = reader.pages[index]
        turn = int(page.get("/Rotate", 0) or 0) % 360
        width, height = float(page.cropbox.width), float(page.cropbox.height)
        page.get_contents()
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
    if width <= 0 or height <= 0 or turn not in (0, 90, 180, 270):
        return None
    return (height, width, turn) if turn in (90, 270) else (width, height, turn)


def _reader(pdf: BundlePDF, path: str):
    from pypdf import PdfReader

    if path not in pdf.sources:
        reader = PdfReader(io.BytesIO(Path(path).read_bytes()))
        if reader.is_encrypted:
            reader.decrypt("")
        pdf.sources[path] = reader
    return pdf.sources[path]


def _fit(
    box: tuple[float, float, float, float], width: float, height: float
) -> tuple[float, float, float, float]:
    """The largest rectangle of the page's proportions centred in `box` (all in mm)."""
    x, y, w, h = box
    scale = min(w / width, h / height)
    return (
        x + (w - width * scale) / 2,
        y + (h - height * scale) / 2,
        width * scale,
        height * scale,
    )


def _merge_attachments(data: bytes, pdf: BundlePDF) -> bytes:
    """Each attachment page drawn into its frame on its placeholder page; the bundle's own
    pages, outline, links and metadata stay as they were."""
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    page_h = pdf.h
    for place in pdf.placements:
        source = pdf.sources[place.path].pages[place.index]  # type: ignore[attr-defined]
        box = source.cropbox
        llx, lly = float(box.left), float(box.bottom)
        cw, ch = float(box.width), float(box.height)
        x, y, w, h = place.rect
        ox, oy = x * PT_PER_MM, (page_h - y - h) * PT_PER_MM
        shown_w = ch if place.turn in (90, 270) else cw
        s = w * PT_PER_MM / shown_w
        ctm = {
            0: (s, 0, 0, s, ox - s * llx, oy - s * lly),
            90: (0, -s, s, 0, ox - s * lly, oy + s * (cw + llx)),
            180: (-s, 0, 0, -s, ox + s * (cw + llx), oy + s * (ch + lly)),
            270: (0, s, -s, 0, ox + s * (ch + lly), oy - s * llx),
        }[place.turn]
        writer.pages[place.page - 1].merge_transformed_page(source, Transformation(ctm))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ----- back matter ---------------------------------------------------------------------


def _integrity(pdf: BundlePDF, case: CaseFile) -> None:
    """What the hash chain shows and what it cannot, in plain words; the hashes after."""
    chain = case.chain
    pdf.add_page()
    pdf.refs = [case.customer["ref"]]
    pdf.heading("Integrity of the contact log")
    checked = long_date(case.today)
    pdf.para("What was checked", size=10.5, bold=True, gap=1)
    if not chain.count:
        pdf.para(
            f"On {checked} the book's contact log was checked: it has no entries yet, so "
            "there is nothing to verify.",
            size=9.5,
            gap=3,
        )
    else:
        pdf.para(
            f"On {checked} every entry of the business's contact log — "
            f"{plural(chain.count, 'entry', 'entries')}, for all its customers — was hashed "
            "again and compared with the hash that the entry after it stores. Each entry "
            "was chained to the one before it when it was written.",
            size=9.5,
            gap=3,
        )
    pdf.para("What it shows", size=10.5, bold=True, gap=1)
    if not chain.count:
        pdf.para("Nothing: there are no entries.", size=9.5, gap=3)
    elif chain.ok:
        pdf.para(
            f"{plural(chain.count, 'entry', 'entries')} in the book's log, hash chain intact: "
            "no entry has been changed, removed or put in another order since it was "
            "written.",
            size=10,
            bold=True,
            gap=3,
        )
    else:
        pdf.para(
            f"The chain does NOT verify — entry {chain.first_bad}: {chain.reason}. That entry, "
            "or one before it, was altered after it was written; the entries before it "
            f"check out. Entries checked: {chain.count}.",
            size=10,
            bold=True,
            gap=3,
        )
    pdf.para("What it cannot show", size=10.5, bold=True, gap=1)
    pdf.para(
        "It shows entries were not altered after being written. It cannot show that what an "
        "entry says is true, nor that nothing was left unrecorded: the log is the business's "
        "own record, written by the business.",
        size=9.5,
        gap=4,
    )
    pdf.heading("The hashes", 1, outline=False)
    pdf.para(f"Head hash (the last entry's): {chain.head}", size=8.5, gap=2)
    entries = case.chain_entries
    if not entries:
        pdf.para(
            f"No call, text, email, visit or letter with {case.customer['name']} is recorded, "
            "so none of the log's entries are this customer's.",
            size=9.5,
            gap=2,
        )
        return
    which = (
        f"This customer's {len(entries)} entries, with their hashes"
        if len(entries) > 1
        else "This customer's one entry, with its hash"
    )
    pdf.para(f"{which} (other customers' entries are counted above but not shown):", size=9, gap=2)
    pdf.light_table(
        [
            Column("Ref", 16),
            Column("Recorded at", 24),
            Column("Hash / previous entry's hash", pdf.flex(16, 24)),
        ],
        [
            [c["ref"], stamp(c["at"]), f"{c.get('hash', '')}\nprev {c.get('prev', '')}"]
            for c in entries
        ],
        size=6.5,
    )


def _checklist(pdf: BundlePDF, case: CaseFile) -> None:
    pdf.add_page()
    pdf.refs = list(case.refs)
    pdf.heading("Filing checklist" if case.kind == "small-claims" else "Before the mediation")
    pdf.para(
        f"☑ met   ☒ not met — act before {case.act_before}   ☐ to confirm yourself", size=8.5, gap=3
    )
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


def _proposals(pdf: BundlePDF, case: CaseFile) -> None:
    pdf.add_page()
    pdf.heading("Proposed resolutions")
    pdf.para(
        "Offered in good faith, for discussion at mediation. The first is where the business "
        "starts; the others are compromises it would accept. None of them is a condition of "
        "talking, and the customer's own proposals are welcome.",
        size=9.5,
        gap=3,
    )
    for n, proposal in enumerate(case.proposals, 1):
        pdf.style(10)
        lines = pdf.wrap(proposal.text[:1].upper() + proposal.text[1:], pdf.body_width - 8)
        pdf.ensure_room(pdf.line_height() * min(4, len(lines) + 1))
        pdf.style(10, bold=True)
        pdf.text(pdf.l_margin, pdf.get_y() + pdf.line_height() * 0.72, f"{n}.")
        pdf.write_lines([proposal.title], x=pdf.l_margin + 8)
        pdf.style(10)
        pdf.write_lines(lines, x=pdf.l_margin + 8)
        pdf.set_y(pdf.get_y() + 1.5)
        if proposal.schedule:
            columns = [
                Column("Installment", 26, "R"),
                Column("Date", 50),
                Column("Amount", 30, "R"),
            ]
            pdf.ensure_room(
                6.0 * (len(proposal.schedule) + 2)
            )  # no page break with narrowed margins
            saved = pdf.l_margin, pdf.r_margin
            pdf.l_margin += 8  # under the proposal's text, its rules no wider than itself
            pdf.r_margin = pdf.w - pdf.l_margin - sum(c.width for c in columns)
            try:
                pdf.light_table(
                    columns,
                    [
                        [str(i), long_date(on), fmt(amount)]
                        for i, (on, amount) in enumerate(proposal.schedule, 1)
                    ],
                    size=9,
                )
            finally:
                pdf.l_margin, pdf.r_margin = saved
        pdf.set_y(pdf.get_y() + 1.5)
