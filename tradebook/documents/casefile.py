"""What goes into a mediation or small-claims bundle, decided from the record alone.

Everything here is one customer's: their jobs, invoices, payments, contacts and letters.
The only thing read from the rest of the book is the contact log's hash chain, which is
checked whole (every customer's entries are chained together) and reported as counts and
a head hash, never as other customers' entries.

What is claimed is what is past due and was asked for in a delivered letter (see
`claim.demanded_claim`); a small claim is refused until a final notice reached the customer
and its pay-by date has passed, a mediation until at least one letter asking to be paid did.
Each sentence of the statement of facts names the exhibit and page that shows it: the pages
are learnt by laying the exhibits out once (`with_pages`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from tradebook.documents.claim import (
    Claim,
    Limitation,
    Venue,
    demanded_claim,
    limitation_for,
    venue_for,
)
from tradebook.documents.history import contacts_as_corrected
from tradebook.documents.wording import and_join, long_date, plural
from tradebook.domain.accounts import ANSWERED, accounts, invoice_total
from tradebook.domain.chain import ChainCheck, verify_chain
from tradebook.domain.dates import date_of, month_on
from tradebook.domain.ladder import DemandGate, demand_gate, letter_delivered
from tradebook.domain.money import fmt
from tradebook.domain.promises import BROKEN, KEPT, OPEN, customer_promises
from tradebook.domain.statement import statement_of_account
from tradebook.domain.timeline import Event, case_timeline
from tradebook.domain.view import BookView, Doc
from tradebook.errors import BadInput
from tradebook.model.records import Shape
from tradebook.settings import DEFAULTS, Settings

BUNDLE_KINDS = ("small-claims", "mediation")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
#: Past this many jobs or invoices the facts summarize them and leave the list to the exhibit.
SPELLED_OUT = 4
#: EXIF orientation → degrees a photo is turned clockwise to stand upright
UPRIGHT = {3: 180, 6: 90, 8: 270}


@dataclass(frozen=True)
class Attachment:
    """A file attached to the claimed work, as found on disk when the bundle is made."""

    job: str
    path: str
    size: int | None  # None: the file is missing
    sha256: str = ""
    image: tuple[int, int] | None = None  # pixel size of a photo that can be embedded
    pdf_pages: int = 0  # pages of a PDF that can be merged in
    problem: str = ""  # why it cannot be shown: "not found", "could not be read as a PDF", …
    turn: int = 0  # degrees clockwise a photo must turn to stand upright (from its EXIF tag)

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def shown(self) -> bool:
        """Whether the file becomes an exhibit of its own (a photo or a PDF that can be read)."""
        return self.image is not None or self.pdf_pages > 0


@dataclass(frozen=True)
class Exhibit:
    label: str  # "A", "B", …
    kind: str  # agreement, attachment, invoices, statement, letters, contacts
    title: str
    refs: tuple[str, ...]
    attachment: Attachment | None = None

    @property
    def tag(self) -> str:
        return f"EXHIBIT {self.label}"


@dataclass(frozen=True)
class Pages:
    """Where things land inside the exhibits: for (exhibit label, ref) the page of the exhibit
    (1 = its first) on which the ref first appears, and how many pages each exhibit has."""

    first: Mapping[tuple[str, str], int] = field(default_factory=dict)
    count: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """One line of the filing checklist: met (True), not met (False) or to confirm (None)."""

    ok: bool | None
    item: str
    detail: str
    #: what is wrong, in a few words, when the check is not met ("demand letter not sent")
    short: str = ""

    @property
    def unmet(self) -> str:
        """The few words a one-line summary of the unmet checks uses; "" when met or to confirm."""
        if self.ok is not False:
            return ""
        return self.short or f"{self.item[:1].lower()}{self.item[1:]}: not met"


@dataclass(frozen=True)
class Proposal:
    """One proposed resolution: its name, what it offers, and (for a plan) its dates."""

    title: str
    text: str
    schedule: tuple[tuple[date, int], ...] = ()


@dataclass(frozen=True)
class CaseFile:
    kind: str
    today: date
    profile: Doc
    customer: Doc
    claim: Claim
    venue: Venue
    limitation: Limitation | None
    facts: tuple[str, ...]
    timeline: tuple[Event, ...]
    exhibits: tuple[Exhibit, ...]
    chain: ChainCheck
    chain_entries: tuple[Doc, ...]
    checklist: tuple[Check, ...]
    attachments: tuple[Attachment, ...] = field(default=())
    proposals: tuple[Proposal, ...] = field(default=())
    gate: DemandGate | None = None
    pages: Pages = field(default_factory=Pages)
    #: the principal the statement of account ends on, claimed or not
    statement_balance: int = 0

    @property
    def title(self) -> str:
        return "Small-claims bundle" if self.kind == "small-claims" else "Mediation bundle"

    @property
    def parties(self) -> tuple[str, str]:
        """How the two sides are called: adversarial in court, neutral in mediation."""
        return (
            ("claimant", "defendant") if self.kind == "small-claims" else ("business", "customer")
        )

    @property
    def act_before(self) -> str:
        """What the checklist prepares for: `check before filing` / `before the mediation`."""
        return "filing" if self.kind == "small-claims" else "the mediation"

    @property
    def refs(self) -> tuple[str, ...]:
        return (self.customer["ref"], *self.claim.refs)

    @property
    def missing(self) -> tuple[Attachment, ...]:
        """Attachments that could not be put in: missing, unreadable or of a kind not shown."""
        return tuple(a for a in self.attachments if not a.shown)

    def exhibit(self, kind: str) -> Exhibit | None:
        return next((e for e in self.exhibits if e.kind == kind), None)

    def exhibits_of(self, job_ref: str) -> list[Exhibit]:
        """The attachment exhibits of one job, in the order they were attached."""
        return [
            e for e in self.exhibits if e.attachment is not None and e.attachment.job == job_ref
        ]


def build_casefile(
    view: BookView, customer_ref: str, kind: str, today: date, settings: Settings | None = None
) -> CaseFile:
    """The contents of a `kind` bundle for one customer as of `today`; refused (BadInput, with
    the next command to run) when the record does not yet support one."""
    if kind not in BUNDLE_KINDS:
        raise BadInput(f"--kind is one of {', '.join(BUNDLE_KINDS)} (not {kind!r})")
    customer = view.get(customer_ref)
    if customer is None or not customer_ref.startswith("C-"):
        raise BadInput(f"no customer {customer_ref} in this book")
    settings = settings or DEFAULTS
    claim = demanded_claim(view, customer_ref, today, settings)
    gate = _refuse_unless_ready(view, customer_ref, kind, today, settings, claim)
    venue = venue_for(view, customer, settings)
    limitation = limitation_for(claim.invoices, venue)
    attachments = tuple(_attachment(job, path) for job, path in attachments_of(view, claim))
    chain = verify_chain(view.table("contacts"))
    case = CaseFile(
        kind=kind,
        today=today,
        profile=view.profile,
        customer=customer,
        claim=claim,
        venue=venue,
        limitation=limitation,
        facts=(),
        timeline=tuple(case_timeline(view, customer_ref)),
        exhibits=_exhibits(view, customer_ref, claim, attachments),
        chain=chain,
        chain_entries=tuple(
            view.records(customer_ref, "contacts")
        ),  # in the order they were chained
        checklist=(),
        attachments=attachments,
        gate=gate,
        statement_balance=statement_of_account(view, customer_ref, today).balance,
    )
    checklist = tuple(_checklist(view, case))
    proposals = tuple(_proposals(case, settings)) if kind == "mediation" else ()
    case = replace(case, checklist=checklist, proposals=proposals)
    return with_pages(view, case, case.pages, settings)


def with_pages(
    view: BookView, case: CaseFile, pages: Pages, settings: Settings | None = None
) -> CaseFile:
    """The case with its facts citing the exhibit pages in `pages` (just the exhibits when
    the pages are not known yet)."""
    case = replace(case, pages=pages)
    return replace(case, facts=tuple(_facts(view, case, settings or DEFAULTS)))


# ----- the gate ------------------------------------------------------------------------


def bundle_refusal(
    view: BookView, customer_ref: str, kind: str, today: date, settings: Settings | None = None
) -> str | None:
    """Why a `kind` bundle cannot be made for the customer today, in one line that ends with
    the command to run next; None when it can."""
    try:
        build_gate(view, customer_ref, kind, today, settings)
    except BadInput as refused:
        return refused.message
    return None


def build_gate(
    view: BookView, customer_ref: str, kind: str, today: date, settings: Settings | None = None
) -> DemandGate | None:
    """Raise BadInput unless a `kind` bundle can be made; the final-notice gate when it can."""
    if kind not in BUNDLE_KINDS:
        raise BadInput(f"--kind is one of {', '.join(BUNDLE_KINDS)} (not {kind!r})")
    settings = settings or DEFAULTS
    claim = demanded_claim(view, customer_ref, today, settings)
    return _refuse_unless_ready(view, customer_ref, kind, today, settings, claim)


def _refuse_unless_ready(
    view: BookView, ref: str, kind: str, today: date, settings: Settings, claim: Claim
) -> DemandGate | None:
    owing = accounts(view).open_invoices(ref)
    if not owing:
        raise BadInput(f"{ref} owes nothing on {today.isoformat()}: there is no claim to bundle")
    if all(money.due >= today for money in owing):
        raise BadInput(
            f"nothing {ref} owes is past due on {today.isoformat()} (the next due date "
            f"is {min(m.due for m in owing)}): a bundle is the last resort, for money "
            "long overdue"
        )
    final = f"tradebook letter {ref} --kind final --send-via certified --tracking NO -o final.pdf"
    if not claim.invoices:
        prepared = [x["ref"] for x in view.records(ref, "letters") if not letter_delivered(x)]
        why = (
            f" ({and_join(prepared)} {'was' if len(prepared) == 1 else 'were'} prepared, but "
            "no delivery is recorded)"
            if prepared
            else ""
        )
        nxt = (
            final
            if kind == "small-claims"
            else (f"tradebook letter {ref} --kind reminder --send-via post -o reminder.pdf")
        )
        raise BadInput(
            f"nothing {ref} owes was asked for in a delivered letter{why}: a {kind} "
            f"bundle needs at least one — next: {nxt}"
        )
    if kind != "small-claims":
        return None
    gate = demand_gate(view, ref, claim.refs, today, settings)
    if gate.met:
        return gate
    notice = gate.notice
    if notice is not None and gate.delivered and gate.ready_on is not None:
        raise BadInput(
            f"final notice {notice['ref']} asks for payment by {gate.pay_by}: a "
            f"small-claims bundle can be made from {gate.ready_on} — meanwhile: "
            f"tradebook bundle {ref} --kind mediation -o mediation.pdf"
        )
    if notice is not None:
        raise BadInput(
            f"final notice {notice['ref']} was prepared but its delivery was never "
            "recorded, so it cannot be shown the customer got it; a small-claims "
            f"bundle needs one delivered and its pay-by date passed — next: {final}"
        )
    raise BadInput(
        f"no final notice was delivered to {ref}: a small-claims bundle needs one, "
        f"and its pay-by date passed — next: {final}"
    )


# ----- exhibits ------------------------------------------------------------------------


def agreements(view: BookView, claim: Claim) -> tuple[list[Doc], list[Doc]]:
    """The jobs and service contracts behind the claimed invoices."""
    jobs: dict[str, Doc] = {}
    contracts: dict[str, Doc] = {}
    for inv in claim.invoices:
        for job_ref in inv.get("jobs", ()):
            job = view.get(job_ref)
            if job:
                jobs[job_ref] = job
        contract = view.get(inv["contract"]) if inv.get("contract") else None
        if contract:
            contracts[inv["contract"]] = contract
    return list(jobs.values()), list(contracts.values())


def attachments_of(view: BookView, claim: Claim) -> list[tuple[str, str]]:
    """(job ref, path) of every photo or document attached to the claimed work."""
    jobs, _ = agreements(view, claim)
    return [(job["ref"], path) for job in jobs for path in job.get("attachments", ())]


def _attachment(job_ref: str, raw: str) -> Attachment:
    path = Path(raw)
    try:
        data = path.read_bytes()
    except OSError:
        return Attachment(job_ref, raw, None, problem="not found")
    found = Attachment(job_ref, raw, len(data), hashlib.sha256(data).hexdigest())
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        pixels, turn = _pixels(path)
        if pixels is None:
            return replace(found, problem="could not be read as a photo")
        return replace(found, image=pixels, turn=turn)
    if suffix == ".pdf":
        pages = pdf_page_count(data)
        return (
            replace(found, pdf_pages=pages)
            if pages
            else replace(found, problem="could not be read as a PDF")
        )
    return replace(found, problem="not a photo or a PDF, so it cannot be printed here")


def _pixels(path: Path) -> tuple[tuple[int, int] | None, int]:
    """The pixel size of a PNG or JPEG photo that can be embedded (None if it cannot), and
    how far it must turn to stand upright."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            img.verify()
            size = img.size
        with Image.open(path) as img:
            turn = UPRIGHT.get(img.getexif().get(0x0112, 1), 0)
        return size, turn
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
        return None, 0


def pdf_page_count(data: bytes) -> int:
    """How many pages of a PDF attachment can be merged in; 0 when it cannot be read."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return 0
        return len(reader.pages)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError):
        return 0


def exhibit_label(n: int) -> str:
    """A, B, … Z, then AA, AB, …"""
    return chr(ord("A") + n) if n < 26 else exhibit_label(n // 26 - 1) + chr(ord("A") + n % 26)


def _exhibits(
    view: BookView, customer_ref: str, claim: Claim, attachments: tuple[Attachment, ...]
) -> tuple[Exhibit, ...]:
    jobs, contracts = agreements(view, claim)
    letters = view.records(customer_ref, "letters")
    contacts = view.records(customer_ref, "contacts")
    wanted: list[tuple[str, str, list[str], Attachment | None]] = []
    if jobs or contracts:
        wanted.append(
            (
                "agreement",
                "Agreement, quote and work order",
                [d["ref"] for d in (*jobs, *contracts)],
                None,
            )
        )
    for item in attachments:
        if item.shown:
            what = "Photo" if item.image else "Document"
            wanted.append(
                ("attachment", f"{what} attached to {item.job}: {item.name}", [item.job], item)
            )
    wanted.append(("invoices", "Invoices claimed", list(claim.refs), None))
    wanted.append(("statement", "Statement of account", [customer_ref], None))
    if letters:
        wanted.append(
            ("letters", "Letters, with delivery evidence", [x["ref"] for x in letters], None)
        )
    wanted.append(("contacts", "Contact log", [c["ref"] for c in contacts], None))
    return tuple(
        Exhibit(exhibit_label(i), kind, title, tuple(dict.fromkeys(refs)), item)
        for i, (kind, title, refs, item) in enumerate(wanted)
    )


def _pages_text(first: int, last: int) -> str:
    """`p. 2` / `pp. 1–3`, the number held to its `p.` by a no-break space."""
    return f"p.\u00a0{first}" if first == last else f"pp.\u00a0{first}–{last}"


def where(
    case: CaseFile, exhibit: Exhibit | None, *refs: str, whole: bool = False, last: bool = False
) -> str:
    """`Exhibit C, p. 2`: the exhibit, and the pages of it on which `refs` appear (all its
    pages with `whole`, its last with `last`, its first when no ref is placed). Just
    `Exhibit C` while the pages are not known."""
    if exhibit is None:
        return ""
    label = exhibit.label
    count = case.pages.count.get(label)
    if count is None:
        return f"Exhibit {label}"
    if whole:
        return f"Exhibit {label}, {_pages_text(1, count)}"
    if last:
        return f"Exhibit {label}, {_pages_text(count, count)}"
    found = sorted({case.pages.first[(label, r)] for r in refs if (label, r) in case.pages.first})
    if not found:
        return f"Exhibit {label}, p. 1"
    return f"Exhibit {label}, {_pages_text(found[0], found[-1])}"


def cite(case: CaseFile, kind: str, *refs: str, whole: bool = False, last: bool = False) -> str:
    """` (Exhibit C, p. 2)` to close a sentence, when that exhibit is in the bundle."""
    place = where(case, case.exhibit(kind), *refs, whole=whole, last=last)
    return f" ({place})" if place else ""


def cited(case: CaseFile, ref: str, kind: str) -> str:
    """`J-0001, Exhibit A, p. 1` inside brackets that name a ref."""
    place = where(case, case.exhibit(kind), ref)
    return f"{ref}, {place}" if place else ref


# ----- statement of facts --------------------------------------------------------------


def _facts(view: BookView, case: CaseFile, settings: Settings) -> list[str]:
    """Plain sentences, one paragraph each, every one closed by the exhibit and page that
    shows it: who the parties are, then what happened in date order, then what is owed."""
    us, them = case.parties
    business = case.profile.get("name") or "The business"
    customer = case.customer
    dated: list[tuple[str, str]] = []  # (ISO date, sentence); sorting keeps ties in this order
    jobs, contracts = agreements(view, case.claim)
    if len(jobs) > SPELLED_OUT:
        dated.append((min(j["start"] for j in jobs), _jobs_summary(jobs, case)))
    else:
        dated.extend((job["start"], _job_fact(job, case)) for job in jobs)
    for contract in contracts:
        end = f" until {long_date(contract['end'])}" if contract.get("end") else ""
        dated.append(
            (
                contract["start"],
                f"From {long_date(contract['start'])}{end} the {them} had a service contract "
                f"with the {us}: {contract['desc']}, agreed at {fmt(contract['amount'])} a "
                f"{contract['every']} ({cited(case, contract['ref'], 'agreement')}).",
            )
        )
    if len(case.claim.invoices) > SPELLED_OUT:
        dated.append((min(i["issued"] for i in case.claim.invoices), _invoices_summary(case)))
    else:
        dated.extend((inv["issued"], _invoice_fact(inv, case)) for inv in case.claim.invoices)
    dated.extend(_payment_facts(view, case))
    dated.extend(_contact_facts(view, case, settings))
    dated.extend(_letter_facts(view, case))
    facts = [_parties_fact(case, business, us, them, jobs)]
    facts.extend(text for _, text in sorted(dated, key=lambda pair: pair[0]))
    facts.append(_owed_fact(view, case))
    principal = _principal_fact(view, case, customer)
    if principal:
        facts.append(principal)
    return facts


def _principal_fact(view: BookView, case: CaseFile, customer: Doc) -> str | None:
    """For a firm: that the letters went to its principal, when every one of them did."""
    principal = customer.get("principal")
    letters = view.records(customer["ref"], "letters")
    if customer.get("kind") != "business" or not principal or not letters:
        return None
    if not all((x.get("body") or "").startswith(principal) for x in letters):
        return None
    which = "The letter was" if len(letters) == 1 else f"All {len(letters)} letters were"
    return (
        f"{which} addressed to {principal}, the principal of {customer['name']}"
        f"{cite(case, 'letters', *(x['ref'] for x in letters))}."
    )


def _parties_fact(case: CaseFile, business: str, us: str, them: str, jobs: list[Doc]) -> str:
    """Who the two sides are; the business "did the work" only when every claimed job is done."""
    p, c = case.profile, case.customer
    license = f", license no. {p['licence']}" if p.get("licence") else ""
    where_ = f", of {_one_line(p['address'])}" if p.get("address") else ""
    cwhere = f", of {_one_line(c['address'])}" if c.get("address") else ""
    firm = (
        f", a business represented by its principal {c['principal']}"
        if c.get("kind") == "business" and c.get("principal")
        else ""
    )
    role = "who did the work" if jobs and all(map(_work_done, jobs)) else "engaged for the work"
    basis = (
        cite(case, "agreement", *(j["ref"] for j in jobs))
        if case.exhibit("agreement")
        else cite(case, "invoices", *case.claim.refs)
    )
    return (
        f"{business}{license}{where_} (the {us}) is the contractor {role}{basis}. "
        f"{c['name']}{firm}{cwhere} (the {them}, {c['ref']}) is its customer"
        f"{cite(case, 'statement', c['ref'])}."
    )


#: How far a job that is not done has got, as of the day the bundle is made.
NOT_DONE = {
    "booked": "the work has not been done",
    "quoted": "the job is at the quote stage and the work has not been done",
    "in-progress": "the work is in progress and not yet completed",
}


def _work_done(job: Doc) -> bool:
    return bool(job.get("done")) or job.get("status") == "done"


def _job_fact(job: Doc, case: CaseFile) -> str:
    """The job as its status tells it: work is said to have started or been done only when
    the record says so. Each sentence closes with the page of the job's record."""
    us, them = case.parties
    quote = f", for a quoted price of {fmt(job['quote'])}" if job.get("quote") else ""
    site = f" at {job['site']}" if job.get("site") else ""
    record = cite(case, "agreement", job["ref"])
    what = f"{job['desc']}{quote} ({cited(case, job['ref'], 'agreement')})"
    status = job.get("status")
    start = long_date(job["start"])
    if _work_done(job) or status == "in-progress":
        sentences = [f"On {start} the {us} started work for the {them}{site}: {what}."]
    elif status == "quoted":
        sentences = [f"The {us} quoted the {them} for work{site}, planned for {start}: {what}."]
    else:
        sentences = [f"The {them} booked the {us} for work{site}, planned for {start}: {what}."]
    if job.get("deposit_asked"):
        sentences.append(f"A deposit of {fmt(job['deposit_asked'])} was asked{record}.")
    for order in job.get("change_orders", ()):
        sentences.append(
            f"On {long_date(order['date'])} a change was agreed: {order['desc']}, "
            f"{fmt(order['amount'])}{record}."
        )
    if job.get("done"):
        sentences.append(f"The work was completed on {long_date(job['done'])}{record}.")
    elif status == "done":
        sentences.append(f"The work is recorded as done{record}.")
    elif status == "cancelled":
        sentences.append(f"The job was later cancelled{record}.")
    else:
        sentences.append(
            f"As of {long_date(case.today)}, "
            f"{NOT_DONE.get(status or '', 'the work is not recorded as done')}{record}."
        )
    files = [(e, e.attachment) for e in case.exhibits_of(job["ref"]) if e.attachment]
    if files:
        shown = [f"{item.name} ({where(case, e, whole=True)})" for e, item in files]
        sentences.append(f"Kept with {job['ref']}: {and_join(shown)}.")
    return " ".join(sentences)


def _jobs_summary(jobs: list[Doc], case: CaseFile) -> str:
    us, them = case.parties
    quoted = sum(j.get("quote") or 0 for j in jobs)
    quote = f", quoted at {fmt(quoted)} in all" if quoted else ""
    starts = sorted(j["start"] for j in jobs)
    return (
        f"Between {long_date(starts[0])} and {long_date(starts[-1])} the {them} "
        f"engaged the {us} for {len(jobs)} jobs{quote}: {and_join([j['ref'] for j in jobs])}"
        f"{cite(case, 'agreement', *(j['ref'] for j in jobs))}."
    )


def _invoices_summary(case: CaseFile) -> str:
    us, _ = case.parties
    invoices = case.claim.invoices
    total = sum(invoice_total(inv) for inv in invoices)
    issued = sorted(inv["issued"] for inv in invoices)
    return (
        f"Between {long_date(issued[0])} and {long_date(issued[-1])} "
        f"the {us} issued {len(invoices)} invoices for the work, {fmt(total)} in all, each "
        f"listed with its dates and how it was sent{cite(case, 'invoices', whole=True)}."
    )


def _invoice_fact(inv: Doc, case: CaseFile) -> str:
    us, _ = case.parties
    sent = [
        f"by {via_words(s['via'])} on {long_date(s['date'])}"
        + (f" (tracking {s['tracking']})" if s.get("tracking") else "")
        for s in inv.get("sent", ())
    ]
    how = f" and sent it {and_join(sent)}" if sent else " (no sending is recorded)"
    page = cite(case, "invoices", inv["ref"])
    adjust = ""
    for adj in inv.get("adjustments", ()):
        adjust += (
            f" A {adj['kind'].replace('-', ' ')} of {fmt(adj['amount'])} was recorded on "
            f"{long_date(adj['date'])}: {adj['reason']}{page}."
        )
    return (
        f"On {long_date(inv['issued'])} the {us} issued invoice {inv['ref']} for "
        f"{fmt(invoice_total(inv))}, due {long_date(inv['due'])}{how}{page}.{adjust}"
    )


def _payment_facts(view: BookView, case: CaseFile) -> list[tuple[str, str]]:
    """Deposits and payments on the claimed work, each on its date (a long run in one sentence)."""
    _, them = case.parties
    paid: list[tuple[Doc, str]] = []
    for inv in case.claim.invoices:
        for job_ref in inv.get("jobs", ()):
            if view.invoices_of_job[job_ref][0]["ref"] == inv["ref"]:
                paid.extend(
                    (dep, f"a deposit of {fmt(dep['amount'])} for {job_ref}")
                    for dep in view.payments_of.get(job_ref, ())
                )
        paid.extend(
            (pay, f"{fmt(pay['amount'])} towards {inv['ref']}")
            for pay in view.payments_of.get(inv["ref"], ())
        )
    if not paid:
        last = max(inv["issued"] for inv in case.claim.invoices)
        return [
            (
                last,
                f"The {them} has made no payment towards the invoices claimed"
                f"{cite(case, 'statement', whole=True)}.",
            )
        ]
    paid.sort(key=lambda pair: (pair[0]["date"], pair[0]["ref"]))
    if len(paid) > SPELLED_OUT:
        first, last = paid[0][0]["date"], paid[-1][0]["date"]
        total = sum(pay["amount"] for pay, _ in paid)
        text = (
            f"Between {long_date(first)} and {long_date(last)} the {them} made {len(paid)} "
            f"payments and deposits on the claimed work, {fmt(total)} in all"
            f"{cite(case, 'statement', *(pay['ref'] for pay, _ in paid))}."
        )
        text += "".join(_bounced(case, pay) for pay, _ in paid)
        return [(first, text)]
    return [
        (
            pay["date"],
            f"On {long_date(pay['date'])} the {them} paid {what} "
            f"({cited(case, pay['ref'], 'statement')}).{_bounced(case, pay)}",
        )
        for pay, what in paid
    ]


def _bounced(case: CaseFile, pay: Doc) -> str:
    if not pay.get("bounced"):
        return ""
    return (
        f" Payment {pay['ref']} was returned unpaid on {long_date(pay['bounced'])}"
        f"{cite(case, 'statement', pay['ref'])}."
    )


def _answered(outbound: list[Doc], them: str) -> str:
    """`; the defendant answered 1 of the 3 calls`: a call or visit is a conversation only
    when the customer answered it."""
    tries = [c for c in outbound if c["via"] in ("call", "visit")]
    if not tries:
        return ""
    answered = sum(1 for c in tries if c.get("outcome") in ANSWERED)
    what = (
        "call"
        if all(c["via"] == "call" for c in tries)
        else ("visit" if all(c["via"] == "visit" for c in tries) else "call or visit")
    )
    if len(tries) == 1:
        return f"; the {them} {'answered' if answered else 'did not answer'} the {what}"
    many = {"call": "calls", "visit": "visits", "call or visit": "calls and visits"}[what]
    return f"; the {them} answered {answered} of the {len(tries)} {many}"


def _contact_facts(view: BookView, case: CaseFile, settings: Settings) -> list[tuple[str, str]]:
    us, them = case.parties
    # Letters have facts of their own; a correction entry is not a contact of its own.
    contacts = [c for c in contacts_as_corrected(view, case.customer["ref"]) if not c.get("letter")]
    if not contacts:
        return [
            (
                "",
                f"No call, text, email or visit with the {them} is recorded"
                f"{cite(case, 'contacts', whole=True)}.",
            )
        ]
    out_ = [c for c in contacts if c["direction"] == "out"]
    in_ = [c for c in contacts if c["direction"] == "in"]
    by_channel: dict[str, int] = {}
    for c in out_:
        by_channel[c["via"]] = by_channel.get(c["via"], 0) + 1
    channels = and_join([plural(n, via) for via, n in by_channel.items()])
    channels += _answered(out_, them)
    first, last = date_of(contacts[0]["at"]), date_of(contacts[-1]["at"])
    when = (
        f"On {long_date(first)}"
        if first == last
        else f"Between {long_date(first)} and {long_date(last)}"
    )
    ours = (
        f"the {us} contacted the {them} {_times(len(out_))}"
        + (f" ({channels})" if channels else "")
        if out_
        else f"the {us} did not contact the {them}"
    )
    theirs = (
        f"the {them} contacted the {us} {_times(len(in_))}"
        if in_
        else f"the {them} did not contact the {us}"
    )
    span = cite(case, "contacts", contacts[0]["ref"], contacts[-1]["ref"])
    facts = [(first.isoformat(), f"{when} {ours}, and {theirs}{span}.")]
    outcome = {
        KEPT: "and kept it",
        BROKEN: "but did not pay as promised",
        OPEN: "which is not yet due",
    }
    for promise in customer_promises(
        view, case.customer["ref"], case.today, settings.thresholds.promise_grace_days
    ):
        said = outcome.get(promise.state, "later replaced by another promise")
        facts.append(
            (
                promise.made.isoformat(),
                f"On {long_date(promise.made)} the {them} promised to pay "
                f"{fmt(promise.amount)} by {long_date(promise.due)}, {said} "
                f"({cited(case, promise.contact, 'contacts')}).",
            )
        )
    for c in contacts:
        if c.get("dispute"):
            resolved = next(
                (r for r in contacts if r.get("resolves_dispute") and r["at_utc"] > c["at_utc"]),
                None,
            )
            state = (
                f"It was marked resolved on {long_date(date_of(resolved['at']))} "
                f"({cited(case, resolved['ref'], 'contacts')})."
                if resolved
                else f"It is recorded as not yet resolved"
                f"{cite(case, 'contacts', c['ref'], contacts[-1]['ref'])}."
            )
            facts.append(
                (
                    c["at"][:10],
                    f"On {long_date(date_of(c['at']))} the {them} raised a dispute: "
                    f"“{c['summary']}” ({cited(case, c['ref'], 'contacts')}). {state}",
                )
            )
    return facts


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def _letter_facts(view: BookView, case: CaseFile) -> list[tuple[str, str]]:
    """Each letter on its date: sent (with how) only when its delivery was recorded, and
    what it asked for when the letter kept that."""
    us, them = case.parties
    facts = []
    for letter in view.records(case.customer["ref"], "letters"):
        delivery = letter.get("delivery") or {}
        name = _letter_name(letter["kind"])
        asks = "a reply" if letter["kind"] == "mediation" else "payment"
        by = letter.get("pay_by") or letter.get("deadline")
        deadline = f", asking for {asks} by {long_date(by)}" if by else ""
        asked = letter.get("demanded")
        if isinstance(asked, (dict, Shape)) and letter["kind"] != "mediation":
            parts = [fmt(int(asked.get("principal") or 0))]
            extras = [
                f"{fmt(int(asked[k]))} {w}"
                for k, w in (("late_fees", "in late fees"), ("interest", "in interest"))
                if asked.get(k)
            ]
            total = sum(int(asked.get(k) or 0) for k in ("principal", "late_fees", "interest"))
            deadline = (
                f", asking for {fmt(total)}"
                + (f" ({parts[0]} principal and {and_join(extras)})" if extras else "")
                + (f" by {long_date(by)}" if by else "")
            )
        cite_ = cited(case, letter["ref"], "letters")
        if letter_delivered(letter):
            tracking = (
                f", tracking number {delivery['tracking']}" if delivery.get("tracking") else ""
            )
            text = (
                f"On {long_date(letter['date'])} the {us} sent the {them} a {name} by "
                f"{via_words(delivery['via'])}{tracking}{deadline} ({cite_})."
            )
        else:
            text = (
                f"On {long_date(letter['date'])} the {us} prepared a {name}{deadline}; how it "
                f"was delivered is not recorded ({cite_})."
            )
        facts.append((letter["date"], text))
    return facts


def _owed_fact(view: BookView, case: CaseFile) -> str:
    us, them = case.parties
    claim = case.claim
    oldest = max(accounts(view).money(inv).days_overdue(case.today) for inv in claim.invoices)
    which = (
        and_join(list(claim.refs))
        if len(claim.refs) <= SPELLED_OUT
        else f"{len(claim.refs)} invoices"
    )
    balance = cite(case, "statement", last=True)
    text = (
        f"As of {long_date(case.today)}, {fmt(claim.principal)} remains unpaid on {which}; "
        f"the oldest is {plural(oldest, 'day')} past due{balance}."
    )
    basis = claim.fee_basis
    if basis is not None:
        asked = [
            f"{fmt(amount)} in {what}"
            for amount, what in ((basis.late_fees, "late fees"), (basis.interest, "interest"))
            if amount
        ]
        text += (
            f" Under the agreed terms ({claim.terms}) {basis.ref} asked for "
            f"{and_join(asked)}{cite(case, 'letters', basis.ref)}."
        )
        if claim.accrued:
            text += (
                f" On the same terms {fmt(claim.accrued)} of interest has accrued since "
                f"{long_date(basis.on)}{balance}."
            )
    for what, amount, reason in not_claimed_rows(claim):
        are = "are" if what.startswith(("Late fees", "invoices")) or what[0].isdigit() else "is"
        text += f" {what} ({fmt(amount)}) {are} not claimed: {reason}{balance}."
    last = claim.last_demand
    ask = (
        f"the amount of its last demand, {last.ref}, brought up to date"
        f"{cite(case, 'letters', last.ref)}"
        if last
        else ""
    )
    if case.kind == "small-claims":
        text += f" The {us} asks for {fmt(claim.total)}, {ask}."
    else:
        text += (
            f" The {us} asks for {fmt(claim.total)}, {ask}, and is open to a payment plan or "
            "a settlement (see Proposed resolutions)."
        )
    return text


#: Past this many, what is not claimed for one reason is counted in one line.
NOT_CLAIMED_ROWS = 4


def not_claimed_rows(claim: Claim) -> list[tuple[str, int, str]]:
    """What the claim leaves out, one line each — or, for a long list, one line per reason
    (each invoice is still listed in "How the amount claimed is reached")."""
    items = claim.not_claimed
    if len(items) <= NOT_CLAIMED_ROWS:
        return [(n.what, n.amount, n.reason) for n in items]
    groups: dict[str, list] = {}
    for n in items:
        why = "not yet due" if n.reason.startswith("not yet due") else n.reason
        groups.setdefault(why if n.what.startswith("INV-") else n.what, []).append(n)
    rows: list[tuple[str, int, str]] = []
    for why, group in groups.items():
        if len(group) == 1 or not group[0].what.startswith("INV-"):
            rows.extend((n.what, n.amount, n.reason) for n in group)
        else:
            rows.append(
                (
                    f"{len(group)} invoices, {group[0].what} to {group[-1].what}",
                    sum(n.amount for n in group),
                    f"{why} (each listed under How the amount claimed is reached)",
                )
            )
    return rows


# ----- checklist -----------------------------------------------------------------------


def _checklist(view: BookView, case: CaseFile) -> list[Check]:
    """What to see to before filing — or, for a mediation, before sitting down with the
    mediator: there no court matter (limits, limitation, filing) belongs."""
    if case.kind == "small-claims":
        checks = [
            _demand_check(case),
            _limit_check(case),
            _limitation_check(case),
            _defendant_check(case),
        ]
    else:
        checks = [_invitation_check(view, case), _defendant_check(case)]
    if case.kind == "small-claims":
        checks.extend(_lien_checks(view, case))
    disputes = _open_disputes(view, case)
    if disputes:
        checks.append(
            Check(
                None,
                "Open dispute",
                f"{and_join(disputes)} record a dispute not marked resolved: bring the "
                "evidence of the work and be ready to discuss it.",
            )
        )
    if case.missing:
        checks.append(
            Check(
                None,
                "Attachments not included",
                "attached to the job but not in this bundle: "
                + "; ".join(f"{a.name} ({a.job}), {a.problem}" for a in case.missing)
                + ". Bring the originals if they matter.",
            )
        )
    chain = case.chain
    checks.append(
        Check(
            chain.ok,
            "Contact log intact",
            ("hash chain verified" if chain.count else "the log has no entries yet")
            if chain.ok
            else chain.describe(),
            "the contact log's hash chain is broken",
        )
    )
    checks.append(
        Check(
            None,
            "Copies",
            "The clerk serves the defendant with the complaint only, not this bundle "
            "(see the filing sheet). Bring three copies of it to the hearing: one for "
            "the judge, one for the defendant, one for you."
            if case.kind == "small-claims"
            else "Print a copy for the mediator, one for the customer and one for you.",
        )
    )
    return checks


def _lien_checks(view: BookView, case: CaseFile) -> list[Check]:
    """The mechanic's-lien deadlines of the claimed work, where the site's state has them."""
    from tradebook.domain.lien import lien_clock

    jobs, _ = agreements(view, case.claim)
    checks = []
    for job in jobs:
        clock = lien_clock(view, job)
        if clock is None:
            continue
        left = clock.days_left(case.today)
        decided = clock.decision
        when = f"{left} days left" if left >= 0 else f"the date passed {-left} days ago"
        detail = (
            f"{clock.sentence()}; {when}. "
            + "; ".join(f"{what} {how}" for what, how in clock.deadlines()[1:])
            + (
                f". Decided {decided['on']}: {decided['decision']}."
                if decided
                else f". Decide: prepare it (tradebook lien {job['ref']} -o lien.pdf) or let it pass."
            )
        )
        checks.append(Check(None, f"Mechanic's lien on {job['ref']}", detail))
    return checks


def _demand_check(case: CaseFile) -> Check:
    """The demand a court expects: a final notice delivered, its pay-by date passed (the
    bundle is not made without it)."""
    gate = case.gate
    rules = case.venue.rules
    if rules and rules.demand_note:
        needed = f"{rules.name}: {rules.demand_note}"
    elif rules and rules.demand_required:
        needed = f"required in {rules.name}"
    else:
        needed = "good practice before filing"
    if gate is None or gate.notice is None or gate.pay_by is None or not gate.met:
        return Check(
            False,
            "Demand letter sent",
            "No final notice with a passed pay-by date is on record.",
            "final notice not delivered",
        )
    notice = gate.notice
    return Check(
        True,
        "Demand letter sent",
        f"Final notice {notice['ref']} of {long_date(notice['date'])}{_delivery_proof(notice)}; "
        f"its pay-by date {long_date(gate.pay_by)} has passed ({needed}).",
    )


def _delivery_proof(letter: Doc) -> str:
    """` by certified mail, tracking 9407…`: how a letter went out, as recorded."""
    delivery = letter.get("delivery") or {}
    return (f" by {via_words(delivery['via'])}" if delivery.get("via") else "") + (
        f", tracking {delivery['tracking']}" if delivery.get("tracking") else ""
    )


def _limit_check(case: CaseFile) -> Check:
    """The claim against the limit, counting only what the state counts: interest stays out
    where the limit excludes interest (Kentucky, Florida…), not where it excludes only
    statutory interest (Texas); over the limit, the advice is what the state allows."""
    venue, claim = case.venue, case.claim
    if venue.rules is None or venue.limit is None:
        return Check(None, "Within the small-claims limit", venue.limit_text())
    rules = venue.rules
    left_out = claim.interest if rules.excludes_agreed_interest else 0
    tested = claim.total - left_out
    within = tested <= venue.limit
    why = f"{venue.name}'s rules: {venue.reason}" if venue.reason else f"{venue.name}'s rules"
    detail = f"claim {fmt(claim.total)}"
    if left_out:
        detail += (
            f"; {fmt(tested)} counts against the limit — the {fmt(left_out)} of interest "
            f"does not, as the limit is {rules.limit_leaves_out}"
        )
    detail += f"; {venue.name} limit {venue.limit_text()} ({why})."
    if not within:
        detail += f" Over the limit: {rules.over_limit_advice(venue.limit)}."
    return Check(
        within,
        "Within the small-claims limit",
        detail,
        f"claim over {venue.name}'s {fmt(venue.limit)} limit",
    )


def _invitation_check(view: BookView, case: CaseFile) -> Check:
    """Mediation needs both sides to agree: the customer must have been invited to it."""
    item = "Invitation to mediation sent"
    invitations = [
        x for x in view.records(case.customer["ref"], "letters") if x["kind"] == "mediation"
    ]
    sent = [x for x in invitations if letter_delivered(x)]
    if not sent:
        prepared = (
            f"{and_join([x['ref'] for x in invitations])} "
            f"{'was' if len(invitations) == 1 else 'were'} prepared, but no delivery is "
            "recorded, so it cannot be shown the customer got it. "
            if invitations
            else "No invitation to mediation is on record. "
        )
        return Check(
            False,
            item,
            f"{prepared}Mediation goes ahead only if both sides agree: send the customer an "
            "invitation and record how it went (tradebook letter --kind mediation "
            "--send-via certified).",
            "no invitation to mediation sent"
            if not invitations
            else f"no delivery recorded for mediation invitation {invitations[-1]['ref']}",
        )
    last = sent[-1]
    by = last.get("pay_by") or last.get("deadline")
    reply = f"; a reply was asked for by {long_date(by)}" if by else ""
    return Check(
        True,
        item,
        f"{_letter_name(last['kind']).capitalize()} {last['ref']} of "
        f"{long_date(last['date'])}{_delivery_proof(last)}{reply}.",
    )


def _limitation_check(case: CaseFile) -> Check:
    lim = case.limitation
    if lim is None:
        return Check(
            None,
            "Within the limitation period",
            f"the limitation period is not on record for this state — check it before "
            f"{case.act_before}",
        )
    source = ""
    rules = case.venue.rules
    if rules and rules.limitation_source:  # the source of the period counted
        source = f"; source: {rules.limitation_source}" + (
            f", {rules.limitation_source_date}" if rules.limitation_source_date else ""
        )
    detail = (
        f"oldest invoice fell due {long_date(lim.accrued)}; {lim.years}-year period "
        f"({lim.basis}) ends {long_date(lim.ends)}{source}."
    )
    return Check(
        lim.open_on(case.today),
        "Within the limitation period",
        detail,
        f"the limitation period ended {long_date(lim.ends)}",
    )


def _defendant_check(case: CaseFile) -> Check:
    c = case.customer
    item = (
        "Defendant's" if case.kind == "small-claims" else "Customer's"
    ) + " legal name and address"
    missing = [what for what, value in (("address", c.get("address")),) if not value]
    detail = f"{c['name']}, {_one_line(c['address'])}" if c.get("address") else c["name"]
    if c.get("kind") == "business":
        detail += (
            ". Confirm the firm's exact registered legal name with the state business "
            "registry" + (f"; principal: {c['principal']}" if c.get("principal") else "")
        )
    if missing:
        needs = (
            "a court needs it to serve a claim"
            if case.kind == "small-claims"
            else "the invitation and any agreement reached need it"
        )
        return Check(
            False,
            item,
            f"{detail} — no {', '.join(missing)} on record; {needs}.",
            f"no {and_join(missing)} on record for {c['name']}",
        )
    return Check(None if c.get("kind") == "business" else True, item, detail + ".")


def _open_disputes(view: BookView, case: CaseFile) -> list[str]:
    contacts = view.contacts(case.customer["ref"])
    open_: list[str] = []
    for c in contacts:
        if c.get("dispute"):
            open_.append(c["ref"])
        if c.get("resolves_dispute"):
            open_.clear()
    return open_


# ----- proposed resolutions (mediation) ------------------------------------------------


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _proposals(case: CaseFile, settings: Settings) -> list[Proposal]:
    """The full amount as the opening position, then real compromises: a discount for
    prompt payment, and a plan on one day of each month with the fees waived."""
    claim = case.claim
    fees = claim.late_fees + claim.interest
    by = month_on(case.today, 1)
    opening = (
        f"{fmt(claim.total)}, the amount in question"
        + (
            f" ({fmt(claim.principal)} principal and {fmt(fees)} in agreed fees and interest)"
            if fees
            else ""
        )
        + f", paid in one sum by {long_date(by)}."
    )
    pct = settings.thresholds.settlement_discount_pct
    settled = (claim.principal * (100 - pct) + 50) // 100
    waived = f" and the {fmt(fees)} of fees and interest waived" if fees else ""
    discount = (
        f"{fmt(settled)} paid in one sum by {long_date(by)}, in full settlement: "
        f"{pct}% ({fmt(claim.principal - settled)}) off the principal of "
        f"{fmt(claim.principal)}{waived}."
    )
    count = 3 if claim.principal <= 1_500_00 else 6
    base, extra = divmod(claim.principal, count)
    schedule = tuple((month_on(by, i), base + (1 if i < extra else 0)) for i in range(count))
    day = by.day
    when = (
        f"on the {_ordinal(day)} of each month"
        if day <= 28
        else f"on the {_ordinal(day)} of each month (the last day of a shorter month)"
    )
    plan_waive = (
        f", with the {fmt(fees)} of fees and interest waived once the last installment is paid"
        if fees
        else ""
    )
    plan = (
        f"the principal of {fmt(claim.principal)} in {count} monthly installments {when}, "
        f"from {long_date(schedule[0][0])} to {long_date(schedule[-1][0])}{plan_waive}:"
    )
    proposals = [
        Proposal("Opening position", opening),
        Proposal("Prompt-payment discount", discount),
        Proposal("Payment plan", plan, schedule),
    ]
    if _open_disputes_in(case):
        proposals.append(
            Proposal(
                "Review of the disputed items",
                "a review of the disputed items together, on site if useful, "
                "with any agreed correction credited against the balance.",
            )
        )
    proposals.append(
        Proposal(
            "Anything else",
            "any other arrangement both sides accept; nothing is agreed until both sign.",
        )
    )
    return proposals


def _open_disputes_in(case: CaseFile) -> bool:
    return any(c.get("dispute") for c in case.chain_entries)


# ----- small helpers -------------------------------------------------------------------

LETTER_NAMES = {
    "reminder": "reminder",
    "second-reminder": "second reminder",
    "firm": "firm letter",
    "final": "final notice",
    "plan-offer": "payment plan offer",
    "correction": "billing correction letter",
    "cod-notice": "COD notice",
    "mediation": "mediation invitation",
    "statement": "statement of account",
}


def _letter_name(kind: str) -> str:
    return LETTER_NAMES.get(kind, f"{kind} letter")


def via_words(via: str | None) -> str:
    """How something went out, in words: `post` is (regular) mail."""
    return {
        "post": "mail",
        "certified": "certified mail",
        "email": "email",
        "hand": "hand delivery",
    }.get(via or "", via or "")


def _one_line(address: str) -> str:
    return ", ".join(line.strip() for line in address.splitlines() if line.strip())
