"""What goes into a mediation or small-claims bundle, decided from the record alone.

Everything here is one customer's: their jobs, invoices, payments, contacts and letters.
The only thing read from the rest of the book is the contact log's hash chain, which is
checked whole (every customer's entries are chained together) and reported as counts and
a head hash, never as other customers' entries.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from tradebook.documents.claim import Claim, Limitation, Venue, claim_for, limitation_for, venue_for
from tradebook.documents.history import contacts_as_corrected, delivered
from tradebook.documents.wording import and_join, long_date, plural
from tradebook.domain import ledger
from tradebook.domain.accounts import ANSWERED
from tradebook.domain.chain import ChainCheck, verify_chain
from tradebook.domain.dates import date_of
from tradebook.domain.fees import describe_terms, terms_of
from tradebook.domain.money import fmt
from tradebook.domain.promises import BROKEN, KEPT, OPEN, customer_promises
from tradebook.domain.timeline import Event, customer_timeline
from tradebook.domain.view import BookView, Doc
from tradebook.errors import BadInput
from tradebook.settings import DEFAULTS, Settings

BUNDLE_KINDS = ("small-claims", "mediation")
DEMAND_KINDS = ("firm", "final")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
#: Past this many jobs or invoices the facts summarize them and leave the list to the exhibit.
SPELLED_OUT = 4


@dataclass(frozen=True)
class Exhibit:
    label: str  # "A", "B", …
    kind: str  # agreement, invoices, statement, letters, contacts, attachments
    title: str
    refs: tuple[str, ...]

    @property
    def tag(self) -> str:
        return f"EXHIBIT {self.label}"


@dataclass(frozen=True)
class Attachment:
    """A file attached to the claimed work, as found on disk when the bundle is made."""

    job: str
    path: str
    size: int | None  # None: the file is missing
    sha256: str = ""
    image: tuple[int, int] | None = None  # pixel size of a photo that can be embedded

    @property
    def name(self) -> str:
        return Path(self.path).name


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
    proposals: tuple[str, ...] = field(default=())

    @property
    def title(self) -> str:
        return "Small-claims bundle" if self.kind == "small-claims" else "Mediation bundle"

    @property
    def parties(self) -> tuple[str, str]:
        """How the two sides are called: adversarial in court, neutral in mediation."""
        return ("claimant", "defendant") if self.kind == "small-claims" else ("business", "customer")

    @property
    def act_before(self) -> str:
        """What the checklist prepares for: `check before filing` / `before the mediation`."""
        return "filing" if self.kind == "small-claims" else "the mediation"

    @property
    def refs(self) -> tuple[str, ...]:
        return (self.customer["ref"], *self.claim.refs)

    def exhibit(self, kind: str) -> Exhibit | None:
        return next((e for e in self.exhibits if e.kind == kind), None)


def build_casefile(view: BookView, customer_ref: str, kind: str, today: date,
                   settings: Settings | None = None) -> CaseFile:
    """The contents of a `kind` bundle for one customer as of `today`."""
    if kind not in BUNDLE_KINDS:
        raise BadInput(f"--kind is one of {', '.join(BUNDLE_KINDS)} (not {kind!r})")
    customer = view.get(customer_ref)
    if customer is None or not customer_ref.startswith("C-"):
        raise BadInput(f"no customer {customer_ref} in this book")
    settings = settings or DEFAULTS
    claim = claim_for(view, customer_ref, today)
    if not claim.invoices:
        raise BadInput(f"{customer_ref} owes nothing on {today.isoformat()}: there is no claim to bundle")
    if all(ledger.days_overdue(view, inv, today) <= 0 for inv in claim.invoices):
        raise BadInput(f"nothing {customer_ref} owes is past due on {today.isoformat()} (the next "
                       f"due date is {min(inv['due'] for inv in claim.invoices)}): a bundle is the "
                       "last resort, for money long overdue")
    venue = venue_for(view, customer, settings)
    limitation = limitation_for(claim.invoices, venue)
    attachments = tuple(_attachment(job, path) for job, path in attachments_of(view, claim))
    exhibits = _exhibits(view, customer_ref, claim)
    chain = verify_chain(view.table("contacts"))
    case = CaseFile(
        kind=kind, today=today, profile=view.profile, customer=customer, claim=claim, venue=venue,
        limitation=limitation, facts=(), timeline=tuple(customer_timeline(view, customer_ref)),
        exhibits=exhibits, chain=chain,
        chain_entries=tuple(view.records(customer_ref, "contacts")),  # in the order they were chained
        checklist=(), attachments=attachments,
    )
    facts = tuple(_facts(view, case, settings))
    checklist = tuple(_checklist(view, case))
    proposals = tuple(_proposals(case)) if kind == "mediation" else ()
    return replace(case, facts=facts, checklist=checklist, proposals=proposals)


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
        if inv.get("contract") and view.get(inv["contract"]):
            contracts[inv["contract"]] = view.get(inv["contract"])  # type: ignore[assignment]
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
        return Attachment(job_ref, raw, None)
    return Attachment(job_ref, raw, len(data), hashlib.sha256(data).hexdigest(), _pixels(path))


def _pixels(path: Path) -> tuple[int, int] | None:
    """The pixel size of a PNG or JPEG photo that can be embedded, else None."""
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            img.verify()
            return img.size
    except (OSError, UnidentifiedImageError, SyntaxError):
        return None


def _exhibits(view: BookView, customer_ref: str, claim: Claim) -> tuple[Exhibit, ...]:
    jobs, contracts = agreements(view, claim)
    letters = view.records(customer_ref, "letters")
    contacts = view.records(customer_ref, "contacts")
    wanted = [
        ("agreement", "Agreement, quote and work order", [d["ref"] for d in (*jobs, *contracts)]),
        ("invoices", "Invoices claimed", list(claim.refs)),
        ("statement", "Statement of account", [customer_ref]),
        ("letters", "Letters sent, with delivery evidence", [x["ref"] for x in letters]),
        ("contacts", "Contact log", [c["ref"] for c in contacts]),
        ("attachments", "Photos and attachments", [ref for ref, _ in attachments_of(view, claim)]),
    ]
    present = [(kind, title, refs) for kind, title, refs in wanted
               if refs or kind in ("invoices", "statement")]
    return tuple(Exhibit(chr(ord("A") + i), kind, title, tuple(dict.fromkeys(refs)))
                 for i, (kind, title, refs) in enumerate(present))


def cite(case: CaseFile, kind: str) -> str:
    """` (Exhibit C)` after a sentence, when that exhibit is in the bundle."""
    exhibit = case.exhibit(kind)
    return f" (Exhibit {exhibit.label})" if exhibit else ""


def cited(case: CaseFile, ref: str, kind: str) -> str:
    """`J-0001, Exhibit A` inside brackets that already name a ref."""
    exhibit = case.exhibit(kind)
    return f"{ref}, Exhibit {exhibit.label}" if exhibit else ref


# ----- statement of facts --------------------------------------------------------------

def _facts(view: BookView, case: CaseFile, settings: Settings) -> list[str]:
    """Plain sentences, one paragraph each, every one traceable to a ref in the record: who
    the parties are, then what happened in date order, then what is owed."""
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
        dated.append((contract["start"],
                      f"From {long_date(contract['start'])}{end} the {them} had a service contract "
                      f"with the {us} ({contract['ref']}): {contract['desc']}, agreed at "
                      f"{fmt(contract['amount'])} a {contract['every']}{cite(case, 'agreement')}."))
    if len(case.claim.invoices) > SPELLED_OUT:
        dated.append((min(i["issued"] for i in case.claim.invoices), _invoices_summary(case)))
    else:
        dated.extend((inv["issued"], _invoice_fact(view, inv, case)) for inv in case.claim.invoices)
    dated.extend(_payment_facts(view, case))
    dated.extend(_contact_facts(view, case, settings))
    dated.extend(_letter_facts(view, case))
    facts = [_parties_fact(case, business, us, them, jobs)]
    facts.extend(text for _, text in sorted(dated, key=lambda pair: pair[0]))
    facts.append(_owed_fact(view, case, business))
    principal = _principal_fact(view, customer)
    if principal:
        facts.append(principal)
    return facts


def _principal_fact(view: BookView, customer: Doc) -> str | None:
    """For a firm: that the letters went to its principal, when every one of them did."""
    principal = customer.get("principal")
    letters = view.records(customer["ref"], "letters")
    if customer.get("kind") != "business" or not principal or not letters:
        return None
    if not all((x.get("body") or "").startswith(principal) for x in letters):
        return None
    which = "The letter was" if len(letters) == 1 else f"All {len(letters)} letters were"
    return f"{which} addressed to {principal}, the principal of {customer['name']}."


def _parties_fact(case: CaseFile, business: str, us: str, them: str, jobs: list[Doc]) -> str:
    """Who the two sides are; the business "did the work" only when every claimed job is done."""
    p, c = case.profile, case.customer
    license = f", license no. {p['licence']}" if p.get("licence") else ""
    where = f", of {_one_line(p['address'])}" if p.get("address") else ""
    cwhere = f", of {_one_line(c['address'])}" if c.get("address") else ""
    firm = (f", a business represented by its principal {c['principal']}"
            if c.get("kind") == "business" and c.get("principal") else "")
    role = "who did the work" if all(map(_work_done, jobs)) else "engaged for the work"
    return (f"{business}{license}{where} (the {us}) is the contractor {role}. "
            f"{c['name']}{firm}{cwhere} (the {them}, {c['ref']}) is its customer.")


#: How far a job that is not done has got, as of the day the bundle is made.
NOT_DONE = {"booked": "the work has not been done",
            "quoted": "the job is at the quote stage and the work has not been done",
            "in-progress": "the work is in progress and not yet completed"}


def _work_done(job: Doc) -> bool:
    return bool(job.get("done")) or job.get("status") == "done"


def _job_fact(job: Doc, case: CaseFile) -> str:
    """The job as its status tells it: work is said to have started or been done only when
    the record says so."""
    us, them = case.parties
    quote = f", for a quoted price of {fmt(job['quote'])}" if job.get("quote") else ""
    site = f" at {job['site']}" if job.get("site") else ""
    what = f"{job['desc']}{quote} ({cited(case, job['ref'], 'agreement')})"
    status = job.get("status")
    start = long_date(job["start"])
    if _work_done(job) or status == "in-progress":
        text = f"On {start} the {us} started work for the {them}{site}: {what}."
    elif status == "quoted":
        text = f"The {us} quoted the {them} for work{site}, planned for {start}: {what}."
    else:
        text = f"The {them} booked the {us} for work{site}, planned for {start}: {what}."
    if job.get("deposit_asked"):
        text += f" A deposit of {fmt(job['deposit_asked'])} was asked."
    for order in job.get("change_orders", ()):
        text += (f" On {long_date(order['date'])} a change was agreed: {order['desc']}, "
                 f"{fmt(order['amount'])}.")
    if job.get("done"):
        text += f" The work was completed on {long_date(job['done'])}."
    elif status == "done":
        text += " The work is recorded as done."
    elif status == "cancelled":
        text += " The job was later cancelled."
    else:
        text += (f" As of {long_date(case.today)}, "
                 f"{NOT_DONE.get(status or '', 'the work is not recorded as done')}.")
    return text


def _jobs_summary(jobs: list[Doc], case: CaseFile) -> str:
    us, them = case.parties
    quoted = sum(j.get("quote") or 0 for j in jobs)
    quote = f", quoted at {fmt(quoted)} in all" if quoted else ""
    starts = sorted(j["start"] for j in jobs)
    return (f"Between {long_date(starts[0])} and {long_date(starts[-1])} the {them} "
            f"engaged the {us} for {len(jobs)} jobs{quote}: {and_join([j['ref'] for j in jobs])}"
            f"{cite(case, 'agreement')}.")


def _invoices_summary(case: CaseFile) -> str:
    us, _ = case.parties
    invoices = case.claim.invoices
    total = sum(ledger.total(inv) for inv in invoices)
    issued = sorted(inv["issued"] for inv in invoices)
    return (f"Between {long_date(issued[0])} and {long_date(issued[-1])} "
            f"the {us} issued {len(invoices)} invoices for the work, {fmt(total)} in all, each "
            f"listed with its dates and how it was sent{cite(case, 'invoices')}.")


def _invoice_fact(view: BookView, inv: Doc, case: CaseFile) -> str:
    us, _ = case.parties
    sent = [f"by {via_words(s['via'])} on {long_date(s['date'])}" + (f" (tracking {s['tracking']})" if s.get("tracking") else "")
            for s in inv.get("sent", ())]
    how = f" and sent it {and_join(sent)}" if sent else " (no sending is recorded)"
    adjust = ""
    for adj in inv.get("adjustments", ()):
        adjust += (f" A {adj['kind'].replace('-', ' ')} of {fmt(adj['amount'])} was recorded on "
                   f"{long_date(adj['date'])}: {adj['reason']}.")
    return (f"On {long_date(inv['issued'])} the {us} issued invoice {inv['ref']} for "
            f"{fmt(ledger.total(inv))}, due {long_date(inv['due'])}{how}{cite(case, 'invoices')}.{adjust}")


def _payment_facts(view: BookView, case: CaseFile) -> list[tuple[str, str]]:
    """Deposits and payments on the claimed work, each on its date (a long run in one sentence)."""
    _, them = case.parties
    paid: list[tuple[Doc, str]] = []
    for inv in case.claim.invoices:
        for job_ref in inv.get("jobs", ()):
            if view.invoices_of_job[job_ref][0]["ref"] == inv["ref"]:
                paid.extend((dep, f"a deposit of {fmt(dep['amount'])} for {job_ref}")
                            for dep in view.payments_of.get(job_ref, ()))
        paid.extend((pay, f"{fmt(pay['amount'])} towards {inv['ref']}")
                    for pay in view.payments_of.get(inv["ref"], ()))
    if not paid:
        last = max(inv["issued"] for inv in case.claim.invoices)
        return [(last, f"The {them} has made no payment towards the invoices claimed.")]
    paid.sort(key=lambda pair: (pair[0]["date"], pair[0]["ref"]))
    if len(paid) > SPELLED_OUT:
        first, last = paid[0][0]["date"], paid[-1][0]["date"]
        total = sum(pay["amount"] for pay, _ in paid)
        text = (f"Between {long_date(first)} and {long_date(last)} the {them} made {len(paid)} "
                f"payments and deposits on the claimed work, {fmt(total)} in all"
                f"{cite(case, 'statement')}.")
        text += "".join(_bounced(pay) for pay, _ in paid)
        return [(first, text)]
    return [(pay["date"], f"On {long_date(pay['date'])} the {them} paid {what} ({pay['ref']})"
                          f"{cite(case, 'statement')}.{_bounced(pay)}") for pay, what in paid]


def _bounced(pay: Doc) -> str:
    if not pay.get("bounced"):
        return ""
    return f" Payment {pay['ref']} was returned unpaid on {long_date(pay['bounced'])}."


def _answered(outbound: list[Doc], them: str) -> str:
    """`; the defendant answered 1 of the 3 calls`: a call or visit is a conversation only
    when the customer answered it."""
    tries = [c for c in outbound if c["via"] in ("call", "visit")]
    if not tries:
        return ""
    answered = sum(1 for c in tries if c.get("outcome") in ANSWERED)
    what = "call" if all(c["via"] == "call" for c in tries) else (
        "visit" if all(c["via"] == "visit" for c in tries) else "call or visit")
    if len(tries) == 1:
        return f"; the {them} {'answered' if answered else 'did not answer'} the {what}"
    many = {"call": "calls", "visit": "visits", "call or visit": "calls and visits"}[what]
    return f"; the {them} answered {answered} of the {len(tries)} {many}"


def _contact_facts(view: BookView, case: CaseFile, settings: Settings) -> list[tuple[str, str]]:
    us, them = case.parties
    # Letters have facts of their own; a correction entry is not a contact of its own.
    contacts = [c for c in contacts_as_corrected(view, case.customer["ref"]) if not c.get("letter")]
    if not contacts:
        return [("", f"No call, text, email or visit with the {them} is recorded.")]
    out_ = [c for c in contacts if c["direction"] == "out"]
    in_ = [c for c in contacts if c["direction"] == "in"]
    by_channel: dict[str, int] = {}
    for c in out_:
        by_channel[c["via"]] = by_channel.get(c["via"], 0) + 1
    channels = and_join([plural(n, via) for via, n in by_channel.items()])
    channels += _answered(out_, them)
    first, last = date_of(contacts[0]["at"]), date_of(contacts[-1]["at"])
    when = f"On {long_date(first)}" if first == last else f"Between {long_date(first)} and {long_date(last)}"
    ours = (f"the {us} contacted the {them} {_times(len(out_))}" + (f" ({channels})" if channels else "")
            if out_ else f"the {us} did not contact the {them}")
    theirs = (f"the {them} contacted the {us} {_times(len(in_))}" if in_
              else f"the {them} did not contact the {us}")
    facts = [(first.isoformat(), f"{when} {ours}, and {theirs}{cite(case, 'contacts')}.")]
    outcome = {KEPT: "and kept it", BROKEN: "but did not pay as promised", OPEN: "which is not yet due"}
    for promise in customer_promises(view, case.customer["ref"], case.today,
                                     settings.thresholds.promise_grace_days):
        said = outcome.get(promise.state, "later replaced by another promise")
        facts.append((promise.made.isoformat(),
                       f"On {long_date(promise.made)} the {them} promised to pay "
                       f"{fmt(promise.amount)} by {long_date(promise.due)} ({promise.contact}), {said}."))
    for c in contacts:
        if c.get("dispute"):
            resolved = next((r for r in contacts if r.get("resolves_dispute") and r["at_utc"] > c["at_utc"]), None)
            state = (f"It was marked resolved on {long_date(date_of(resolved['at']))} ({resolved['ref']})."
                     if resolved else "It is recorded as not yet resolved.")
            facts.append((c["at"][:10],
                          f"On {long_date(date_of(c['at']))} the {them} raised a dispute ({c['ref']}): "
                          f"“{c['summary']}”. {state}"))
    return facts


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def _letter_facts(view: BookView, case: CaseFile) -> list[tuple[str, str]]:
    """Each letter on its date: sent (with how) only when its delivery was recorded."""
    us, them = case.parties
    facts = []
    for letter in view.records(case.customer["ref"], "letters"):
        delivery = letter.get("delivery") or {}
        name = _letter_name(letter["kind"])
        asks = "a reply" if letter["kind"] == "mediation" else "payment"
        deadline = (f", asking for {asks} by {long_date(letter['deadline'])}"
                    if letter.get("deadline") else "")
        cite_ = cited(case, letter["ref"], "letters")
        if delivered(letter):
            tracking = f", tracking number {delivery['tracking']}" if delivery.get("tracking") else ""
            text = (f"On {long_date(letter['date'])} the {us} sent the {them} a {name} by "
                    f"{via_words(delivery['via'])}{tracking}{deadline} ({cite_}).")
        else:
            text = (f"On {long_date(letter['date'])} the {us} prepared a {name}{deadline} ({cite_}); "
                    "how it was delivered is not recorded.")
        facts.append((letter["date"], text))
    return facts


def _owed_fact(view: BookView, case: CaseFile, business: str) -> str:
    us, them = case.parties
    claim = case.claim
    oldest = max(ledger.days_overdue(view, inv, case.today) for inv in claim.invoices)
    which = (and_join(list(claim.refs)) if len(claim.refs) <= SPELLED_OUT else
             f"{len(claim.refs)} invoices{cite(case, 'invoices')}")
    text = (f"As of {long_date(case.today)}, {fmt(claim.principal)} remains unpaid on {which}; "
            f"the oldest is {plural(oldest, 'day')} past due.")
    terms = terms_of(view, case.customer["ref"])
    extras = [f"{fmt(amount)} in {what}" for amount, what in
              ((claim.late_fees, "late fees"), (claim.interest, "interest")) if amount]
    if extras:
        text += f" The agreed terms ({describe_terms(terms)}) add {and_join(extras)}."
    if case.kind == "small-claims":
        text += f" The {us} asks for {fmt(claim.total)}."
    else:
        text += (f" The {us} asks for {fmt(claim.total)} and is open to a payment plan or a "
                 "settlement (see Proposed resolutions).")
    return text


# ----- checklist -----------------------------------------------------------------------

def _checklist(view: BookView, case: CaseFile) -> list[Check]:
    """What to see to before filing — or, for a mediation, before sitting down with the
    mediator: there the small-claims limit is only information, not a condition."""
    if case.kind == "small-claims":
        checks = [_demand_check(view, case), _limit_check(case), _limitation_check(case),
                  _defendant_check(case)]
    else:
        checks = [_invitation_check(view, case), _limitation_check(case), _defendant_check(case),
                  _limit_information(case)]
    disputes = _open_disputes(view, case)
    if disputes:
        checks.append(Check(None, "Open dispute",
                            f"{and_join(disputes)} record a dispute not marked resolved: bring the "
                            "evidence of the work and be ready to discuss it."))
    chain = case.chain
    checks.append(Check(chain.ok, "Contact log intact",
                        ("hash chain verified" if chain.count else "the log has no entries yet")
                        if chain.ok else chain.describe(),
                        "the contact log's hash chain is broken"))
    checks.append(Check(None, "Copies",
                        "Print three copies: one for the court, one for the defendant, one for you."
                        if case.kind == "small-claims" else
                        "Print a copy for the mediator, one for the customer and one for you."))
    return checks


def _demand_check(view: BookView, case: CaseFile) -> Check:
    demands = [x for x in view.records(case.customer["ref"], "letters") if x["kind"] in DEMAND_KINDS]
    rules = case.venue.rules
    if rules and rules.demand_note:
        needed = f"{rules.name}: {rules.demand_note}"
    elif rules and rules.demand_required:
        needed = f"required in {rules.name}"
    else:
        needed = "good practice before filing"
    sent = [x for x in demands if delivered(x)]
    if not sent:
        prepared = (f"{and_join([x['ref'] for x in demands])} {'was' if len(demands) == 1 else 'were'} "
                    "prepared, but no delivery is recorded, so it cannot be shown the customer got it. "
                    if demands else "No firm letter or final notice is on record. ")
        return Check(False, "Demand letter sent",
                     f"{prepared}({needed[:1].upper()}{needed[1:]}.) Send a final notice with a "
                     "deadline and record how it went (tradebook letter --kind final --send-via certified).",
                     "demand letter not sent" if not demands else
                     f"no delivery recorded for demand letter {demands[-1]['ref']}")
    last = sent[-1]
    proof = _delivery_proof(last)
    waited = ""
    if last.get("deadline"):
        passed = date.fromisoformat(last["deadline"]) < case.today
        waited = f"; its deadline {long_date(last['deadline'])} " + ("has passed" if passed else "has NOT passed yet")
        if not passed:
            return Check(False, "Demand letter sent",
                         f"{_letter_name(last['kind']).capitalize()} {last['ref']} of "
                         f"{long_date(last['date'])}{proof}{waited}.",
                         f"{last['ref']}'s deadline {long_date(last['deadline'])} has not passed")
    return Check(True, "Demand letter sent",
                 f"{_letter_name(last['kind']).capitalize()} {last['ref']} of {long_date(last['date'])}"
                 f"{proof}{waited} ({needed}).")


def _delivery_proof(letter: Doc) -> str:
    """` by certified mail, tracking 9407…`: how a letter went out, as recorded."""
    delivery = letter.get("delivery") or {}
    return (f" by {via_words(delivery['via'])}" if delivery.get("via") else "") + (
        f", tracking {delivery['tracking']}" if delivery.get("tracking") else "")


def _limit_check(case: CaseFile) -> Check:
    venue, claim = case.venue, case.claim
    if venue.rules is None or venue.limit is None:
        return Check(None, "Within the small-claims limit", venue.limit_text())
    within = claim.total <= venue.limit
    principal_only = claim.principal <= venue.limit
    detail = f"claim {fmt(claim.total)}; {venue.name} limit {venue.limit_text()}."
    if not within and principal_only:
        detail += (" The principal alone is within the limit; some courts do not count interest "
                   "— check before filing.")
    elif not within:
        detail += (" Over the limit: a claim cannot be split into several small claims. Consider "
                   "mediation, or claiming only up to the limit and giving up the rest.")
    return Check(within, "Within the small-claims limit", detail,
                 f"claim over {venue.name}'s {fmt(venue.limit)} limit")


def _limit_information(case: CaseFile) -> Check:
    """The small-claims limit beside the amount, as a fact for the mediation, not advice."""
    venue, claim = case.venue, case.claim
    item = "Small-claims limit (for information)"
    if venue.rules is None or venue.limit is None:
        return Check(None, item, venue.limit_text())
    side = "over" if claim.total > venue.limit else "within"
    return Check(None, item, f"amount in question {fmt(claim.total)}; {venue.name} limit "
                             f"{venue.limit_text()}. The amount is {side} that limit.")


def _invitation_check(view: BookView, case: CaseFile) -> Check:
    """Mediation needs both sides to agree: the customer must have been invited to it."""
    item = "Invitation to mediation sent"
    invitations = [x for x in view.records(case.customer["ref"], "letters") if x["kind"] == "mediation"]
    sent = [x for x in invitations if delivered(x)]
    if not sent:
        prepared = (f"{and_join([x['ref'] for x in invitations])} "
                    f"{'was' if len(invitations) == 1 else 'were'} prepared, but no delivery is "
                    "recorded, so it cannot be shown the customer got it. "
                    if invitations else "No invitation to mediation is on record. ")
        return Check(False, item,
                     f"{prepared}Mediation goes ahead only if both sides agree: send the customer an "
                     "invitation and record how it went (tradebook letter --kind mediation "
                     "--send-via certified).",
                     "no invitation to mediation sent" if not invitations else
                     f"no delivery recorded for mediation invitation {invitations[-1]['ref']}")
    last = sent[-1]
    reply = f"; a reply was asked for by {long_date(last['deadline'])}" if last.get("deadline") else ""
    return Check(True, item, f"{_letter_name(last['kind']).capitalize()} {last['ref']} of "
                             f"{long_date(last['date'])}{_delivery_proof(last)}{reply}.")


def _limitation_check(case: CaseFile) -> Check:
    lim = case.limitation
    if lim is None:
        return Check(None, "Within the limitation period",
                     f"the limitation period is not on record for this state — check it before "
                     f"{case.act_before}")
    source = ""
    rules = case.venue.rules
    # The recorded source is the written-contract period's: cite it only when that is the one counted.
    if rules and rules.limitation_source and rules.written_years == lim.years:
        source = f"; source: {rules.limitation_source}" + (
            f", {rules.limitation_source_date}" if rules.limitation_source_date else "")
    detail = (f"oldest invoice fell due {long_date(lim.accrued)}; {lim.years}-year period "
              f"({lim.basis}) ends {long_date(lim.ends)}{source}.")
    return Check(lim.open_on(case.today), "Within the limitation period", detail,
                 f"the limitation period ended {long_date(lim.ends)}")


def _defendant_check(case: CaseFile) -> Check:
    c = case.customer
    item = ("Defendant's" if case.kind == "small-claims" else "Customer's") + " legal name and address"
    missing = [what for what, value in (("address", c.get("address")),) if not value]
    detail = f"{c['name']}, {_one_line(c['address'])}" if c.get("address") else c["name"]
    if c.get("kind") == "business":
        detail += (". Confirm the firm's exact registered legal name with the state business "
                   "registry" + (f"; principal: {c['principal']}" if c.get("principal") else ""))
    if missing:
        needs = ("a court needs it to serve a claim" if case.kind == "small-claims" else
                 "the invitation and any agreement reached need it")
        return Check(False, item, f"{detail} — no {', '.join(missing)} on record; {needs}.",
                     f"no {and_join(missing)} on record for {c['name']}")
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

def _proposals(case: CaseFile) -> list[str]:
    claim = case.claim
    count = 3 if claim.principal <= 1_500_00 else 6
    base, extra = divmod(claim.principal, count)
    start = case.today + timedelta(days=30)
    lines = [f"{long_date(start + timedelta(days=30 * i))}: {fmt(base + (1 if i < extra else 0))}"
             for i in range(count)]
    fees = claim.late_fees + claim.interest
    waive = (f", with the agreed fees and interest of {fmt(fees)} waived once the plan is complete"
             if fees else "")
    proposals = [
        f"A payment plan: the principal of {fmt(claim.principal)} in {count} monthly installments{waive}: "
        + "; ".join(lines) + ".",
        f"A settlement: {fmt(claim.principal)} paid in one sum within 30 days, "
        + (f"with the {fmt(fees)} of fees and interest waived." if fees else "closing the account."),
    ]
    disputes = [c for c in case.chain_entries if c.get("dispute")]
    if disputes:
        proposals.append("A review of the disputed items together, on site if useful, with any "
                         "agreed correction credited against the balance.")
    proposals.append("Any other arrangement both sides accept; nothing is agreed until both sign.")
    return proposals


# ----- small helpers -------------------------------------------------------------------

LETTER_NAMES = {"reminder": "reminder", "second-reminder": "second reminder",
                "firm": "firm letter", "final": "final notice", "plan-offer": "payment plan offer",
                "correction": "billing correction letter", "cod-notice": "COD notice",
                "mediation": "mediation invitation", "statement": "statement of account"}


def _letter_name(kind: str) -> str:
    return LETTER_NAMES.get(kind, f"{kind} letter")


def via_words(via: str | None) -> str:
    """How something went out, in words: `post` is (regular) mail."""
    return {"post": "mail", "certified": "certified mail", "email": "email",
            "hand": "hand delivery"}.get(via or "", via or "")


def _one_line(address: str) -> str:
    return ", ".join(line.strip() for line in address.splitlines() if line.strip())
