"""Writing a letter's text from the book: which invoices, what amounts, which dates, whose name.

Letters escalate step by step (reminder → second reminder → firm → final notice →
mediation), and a few answer a situation (a payment-plan offer, a billing correction,
a COD notice, a statement). Their wording lives in plain-text templates the user may
override; the figures always come from the record. Nothing here draws a PDF.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from tradebook.documents.assets import Template, load_template
from tradebook.documents.claim import claim_for, limitation_for, open_invoices, venue_for
from tradebook.documents.history import history_sentence
from tradebook.documents.paying import (
    PAY_BY_KINDS,
    how_to_pay,
    pay_by_date,
    pay_by_words,
    require_how_to_pay,
)
from tradebook.documents.tone import guard
from tradebook.documents.wording import and_join, long_date, plural
from tradebook.domain.accounts import accounts
from tradebook.domain.corrections import (
    OPTION_TEXT,
    Arrears,
    Shortfall,
    customer_arrears,
    last_short_day,
    talked_since,
)
from tradebook.domain.dates import date_of, month_on
from tradebook.domain.fees import describe_terms, terms_of
from tradebook.domain.flags import open_disputes
from tradebook.domain.money import fmt
from tradebook.domain.promises import customer_plans, live_promises
from tradebook.domain.statement import payment_text, statement_of_account
from tradebook.domain.view import BookView, Doc
from tradebook.errors import BadInput
from tradebook.settings import DEFAULTS, Settings

KINDS = (
    "reminder",
    "second-reminder",
    "firm",
    "final",
    "plan-offer",
    "correction",
    "cod-notice",
    "mediation",
    "statement",
)
#: Letters that chase overdue invoices: they need something overdue to chase.
CHASING = ("reminder", "second-reminder", "firm", "final", "mediation")
TITLES = {
    "reminder": "Payment reminder",
    "second-reminder": "Second payment reminder",
    "firm": "Overdue account",
    "final": "Final notice",
    "plan-offer": "Payment plan offer",
    "correction": "Billing correction",
    "cod-notice": "Change of payment terms",
    "mediation": "Invitation to mediation",
    "statement": "Statement of account",
}
NEXT_STEPS = {
    "mediation": "refer the matter to mediation with a neutral mediator",
    "small-claims": "file a claim for the amount outstanding in small claims court",
}
#: Letters that ask for money: they say how much, by when and how to pay, and enclose the
#: invoices and the statement they are about.
ASKING = (*CHASING, "plan-offer", "cod-notice")
#: How the face of a letter says it went out, by delivery method.
DELIVERY_FACE = {
    "post": "Sent by first-class mail",
    "certified": "Sent by certified mail",
    "email": "Sent by email",
    "hand": "Delivered by hand",
}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class PlanTerms:
    """A proposed installment schedule for a plan-offer letter."""

    installments: int = 3
    #: days between installments; None: the same day of each month
    every_days: int | None = None
    first: date | None = None


@dataclass(frozen=True)
class Letter:
    """A letter's full text and the facts it states, ready to print and to file."""

    kind: str
    customer: str
    invoices: tuple[str, ...]
    date: date
    subject: str
    recipient: tuple[str, ...]
    paragraphs: tuple[str, ...]
    closing: tuple[str, ...]
    refs: tuple[str, ...]
    # `datetime.date` here: inside the class, `date` is the field above
    deadline: datetime.date | None = None
    note: str = ""
    template: str = ""
    installments: tuple[tuple[datetime.date, int], ...] = field(default=())
    #: the calendar date the letter asks payment by (a plan offer: its first installment)
    pay_by: datetime.date | None = None
    #: what the letter asks for: principal, then agreed fees and interest apart from it
    demand: Demand | None = None
    how_to_pay: tuple[str, ...] = ()
    #: how it went out, as its face says it: "Sent by certified mail, No. 9589 …"
    delivery: str = ""
    #: copies of these invoices go with the letter, and the statement of account if `statement`
    enclosed_invoices: tuple[str, ...] = ()
    enclosed_statement: bool = False

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    @property
    def enclosures(self) -> tuple[str, ...]:
        copies = tuple(f"Copy of invoice {ref}" for ref in self.enclosed_invoices)
        statement = (
            (f"Statement of account as of {long_date(self.date)}",)
            if self.enclosed_statement
            else ()
        )
        return copies + statement

    @property
    def body(self) -> str:
        """The text as sent: what the book keeps and a bundle reprints."""
        head = [long_date(self.date), *((self.delivery,) if self.delivery else ())]
        blocks = [
            "\n".join(self.recipient),
            "\n".join(head),
            f"Subject: {self.subject}",
            *self.paragraphs,
        ]
        if self.demand is not None:
            blocks.append(
                "\n".join(f"{label}: {fmt(amount)}" for label, amount in self.demand.rows())
            )
        if self.how_to_pay:
            blocks.append("\n".join(("How to pay:", *self.how_to_pay)))
        blocks.append("\n".join(self.closing))
        if self.enclosures:
            blocks.append("\n".join(("Enclosures:", *self.enclosures)))
        return "\n\n".join(blocks)


@dataclass(frozen=True)
class Demand:
    """What a letter asks the customer to pay, and by when: the principal apart from the
    late fee and interest their terms agreed (zero where none were agreed)."""

    principal: int
    late_fees: int = 0
    interest: int = 0
    pay_by: date | None = None
    terms: str = ""
    invoices: tuple[str, ...] = ()
    #: the day fees and interest were counted to: the letter's date
    as_of: date | None = None
    #: a plan offer asks for its first installment by `pay_by`, not for the whole
    first_installment: int | None = None

    @property
    def total(self) -> int:
        return self.principal + self.late_fees + self.interest

    def rows(self) -> list[tuple[str, int]]:
        rows = [
            (
                f"Outstanding on {and_join(list(self.invoices))}"
                if self.invoices
                else "Outstanding",
                self.principal,
            )
        ]
        if self.late_fees:
            rows.append((f"Late fee, as agreed ({self.terms})", self.late_fees))
        if self.interest:
            to = f" to {long_date(self.as_of)}" if self.as_of else ""
            rows.append((f"Interest{to}, as agreed ({self.terms})", self.interest))
        if self.first_installment is not None and self.pay_by:
            rows.append(
                (f"First installment, by {pay_by_words(self.pay_by)}", self.first_installment)
            )
            return rows
        due = f"Total to pay by {pay_by_words(self.pay_by)}" if self.pay_by else "Total"
        rows.append((due, self.total))
        return rows

    def as_record(self) -> dict[str, int]:
        return {"principal": self.principal, "late_fees": self.late_fees, "interest": self.interest}


def compose_letter(
    view: BookView,
    customer_ref: str,
    kind: str,
    today: date,
    *,
    invoice_refs: tuple[str, ...] = (),
    note: str = "",
    deadline: date | None = None,
    next_step: str = "mediation",
    plan: PlanTerms | None = None,
    templates_dir: Path | None = None,
    settings: Settings | None = None,
    via: str | None = None,
    tracking: str | None = None,
) -> Letter:
    """The letter of `kind` to the customer, its wording checked by the tone guard. `via` and
    `tracking` say on its face how it was sent."""
    if kind not in KINDS:
        raise BadInput(f"--kind is one of {', '.join(KINDS)} (not {kind!r})")
    customer = view.get(customer_ref)
    if customer is None:
        raise BadInput(f"no customer {customer_ref} in this book")
    note = (note or "").strip()
    settings = settings or DEFAULTS
    template = load_template(kind, templates_dir)
    guard(template.text, template.source)
    if note:
        guard(note, "your note")
    closing = _closing(view.profile)
    guard("\n".join(closing), "the signature in your business profile")
    if deadline is not None and kind not in ("final", "mediation"):
        raise BadInput(
            "--deadline is for a final notice (or the reply date of a mediation invitation)"
        )
    invoices = _choose_invoices(view, customer_ref, kind, today, invoice_refs)
    if kind in CHASING:
        _check_not_paused(view, customer, kind, invoices, today, settings)
    special = _particulars(
        view,
        customer,
        kind,
        invoices,
        today,
        deadline=deadline,
        next_step=next_step,
        plan=plan,
        settings=settings,
    )
    refs = tuple(i["ref"] for i in invoices)
    asking = kind in ASKING and any(accounts(view).money(i).balance > 0 for i in invoices)
    paying: tuple[str, ...] = ()
    if asking or (
        kind == "statement" and statement_of_account(view, customer_ref, today).balance > 0
    ):
        require_how_to_pay(view.profile)
        paying = how_to_pay(view.profile, refs)
        guard("\n".join(paying), "the payment details in your business profile")
    demand = _demand(view, customer_ref, kind, invoices, today, special) if asking else None
    context = {
        **_common_context(view, customer, invoices, today),
        **special.placeholders,
        "pay_by": pay_by_words(special.pay_by) if special.pay_by else "",
        "note": note,
    }
    subject, paragraphs = _fill(template, context, note)
    letter = Letter(
        kind=kind,
        customer=customer_ref,
        invoices=refs,
        date=today,
        subject=subject,
        recipient=_recipient(customer),
        paragraphs=paragraphs,
        closing=closing,
        refs=(customer_ref, *refs, *special.refs),
        deadline=special.deadline,
        note=note,
        template=str(template.path),
        installments=special.installments,
        pay_by=special.pay_by,
        demand=demand,
        how_to_pay=paying,
        delivery=delivery_face(via, tracking, customer),
        enclosed_invoices=refs if asking else (),
        enclosed_statement=asking,
    )
    # The wording as a whole, once filled in; the address block is record data, not wording.
    guard("\n\n".join((f"Subject: {subject}", *paragraphs, *closing)), "the letter")
    return letter


# ----- which invoices ------------------------------------------------------------------


def _choose_invoices(
    view: BookView, customer_ref: str, kind: str, today: date, invoice_refs: tuple[str, ...]
) -> list[Doc]:
    if invoice_refs:
        chosen = []
        for ref in invoice_refs:
            inv = view.get(ref)
            if inv is None or inv.get("customer") != customer_ref:
                raise BadInput(f"{ref} is not an invoice of {customer_ref}")
            _check_chaseable(view, inv, kind, today)
            chosen.append(inv)
        return chosen
    owed = open_invoices(view, customer_ref)
    if kind in CHASING:
        overdue = [i for i in owed if accounts(view).money(i).days_overdue(today) > 0]
        if not overdue:
            later = f"; the next due date is {min(i['due'] for i in owed)}" if owed else ""
            raise BadInput(
                f"nothing of {customer_ref} is overdue on {today.isoformat()}{later} — "
                f"no {TITLES[kind].lower()} to send"
            )
        return overdue
    if kind == "plan-offer" and not owed:
        raise BadInput(f"{customer_ref} owes nothing; there is nothing to spread over a plan")
    if kind == "correction":
        return []
    return owed


def _check_not_paused(
    view: BookView, customer: Doc, kind: str, invoices: list[Doc], today: date, settings: Settings
) -> None:
    """No chasing while a dispute is open (a mediation invitation excepted: that is how a
    dispute gets settled), while a promise to pay is still in time, or while a plan is on track."""
    refs = {i["ref"] for i in invoices}
    name = TITLES[kind].lower()
    if kind != "mediation":
        for dispute in open_disputes(accounts(view), customer["ref"]):
            named = set(dispute.get("invoices") or ())
            if not named or named & refs:
                about = and_join(sorted(named & refs)) if named else "the account"
                raise BadInput(
                    f"{about} is under an open dispute ({dispute['ref']}, {date_of(dispute['at'])}): "
                    f'resolve it first (tradebook log {customer["ref"]} "..." --via call --outcome '
                    f"agreed --resolve-dispute), or invite them to mediation — no {name} meanwhile"
                )
    for promise in live_promises(
        view, customer["ref"], today, settings.thresholds.promise_grace_days
    ):
        if set(promise.invoices) & refs:
            raise BadInput(
                f"{customer['name']} made a {promise.describe()}: wait for that date "
                f"before sending a {name}"
            )
    for plan in customer_plans(view, customer["ref"], today, settings.thresholds.plan_grace_days):
        if plan.on_track and set(plan.invoices) & refs:
            raise BadInput(
                f"{and_join(sorted(set(plan.invoices) & refs))} is on payment plan "
                f"{plan.plan}, which is being kept: no {name} while it is on track"
            )


def _check_chaseable(view: BookView, inv: Doc, kind: str, today: date) -> None:
    if kind not in (*CHASING, "plan-offer"):
        return
    money = accounts(view).money(inv)
    if money.balance <= 0:
        raise BadInput(f"{inv['ref']} is paid in full — there is nothing to ask for")
    if kind in CHASING and money.days_overdue(today) <= 0:
        raise BadInput(f"{inv['ref']} is not overdue: it is due {inv['due']}")


# ----- what goes in the placeholders ---------------------------------------------------


def _common_context(
    view: BookView, customer: Doc, invoices: list[Doc], today: date
) -> dict[str, str]:
    profile = view.profile
    addressee = _addressee(customer)
    refs = [i["ref"] for i in invoices]
    return {
        "salutation": f"Dear {addressee},",
        "addressee": addressee,
        "customer": customer["name"],
        "business": profile.get("name") or "",
        "contact": _contact(profile),
        "today": long_date(today),
        "invoice_refs": and_join(refs) or "your account",
        "invoice_list": "\n".join(_invoice_line(view, inv, today) for inv in invoices),
        "balance": fmt(sum(accounts(view).money(i).balance for i in invoices)),
        "history": history_sentence(view, customer["ref"], invoices, today),
    }


def _invoice_line(view: BookView, inv: Doc, today: date) -> str:
    """One invoice as the letter lists it: its dates and what is owed, what the work was,
    and any payment on it that came back unpaid."""
    money = accounts(view).money(inv)
    owed = money.balance
    late = money.days_overdue(today)
    when = f"{plural(late, 'day')} overdue" if late else f"due {long_date(inv['due'])}"
    paid = money.paid
    part = f" (of {fmt(money.total)}; {fmt(paid)} received)" if paid else ""
    told = [
        f"• {inv['ref']} of {long_date(inv['issued'])}, due {long_date(inv['due'])}: "
        f"{fmt(owed)} outstanding{part} — {when}.",
        *work_done(view, inv),
        *bounced_payments(view, inv, today),
    ]
    return " ".join(told)


def work_done(view: BookView, inv: Doc) -> list[str]:
    """`For: panel upgrade at 12 Elm St, completed November 3, 2026.` — what the bill is for."""
    told = []
    for job_ref in inv.get("jobs") or ():
        job = view.get(job_ref)
        if job is None:
            continue
        what = (job.get("desc") or "").strip() or job_ref
        site = (
            f" at {', '.join(x.strip() for x in job['site'].splitlines() if x.strip())}"
            if job.get("site")
            else ""
        )
        done = f", completed {long_date(job['done'])}" if job.get("done") else ""
        told.append(f"For: {what}{site}{done} ({job_ref}).")
    contract = view.get(inv.get("contract") or "")
    if contract is not None:
        period = f", period {inv['period']}" if inv.get("period") else ""
        told.append(
            f"For: service contract {contract['ref']} ({contract.get('desc', '')}){period}."
        )
    return told


def bounced_payments(view: BookView, inv: Doc, today: date) -> list[str]:
    """Payments on this invoice that came back unpaid by `today`, told with their date,
    amount and check number: the balance above does not count them."""
    told = []
    for pay in view.payments_of.get(inv["ref"], ()):
        bounced = pay.get("bounced")
        if not bounced or bounced > today.isoformat():
            continue
        how = payment_text(pay, inv["ref"])
        told.append(
            f"{how} ({pay['ref']}) for {fmt(pay['amount'])}, received {long_date(pay['date'])}, "
            f"was returned unpaid on {long_date(bounced)}, so it is not counted as paid."
        )
    return told


@dataclass(frozen=True)
class _Particulars:
    """What only some kinds of letter carry."""

    placeholders: dict[str, str] = field(default_factory=dict)
    deadline: date | None = None
    installments: tuple[tuple[date, int], ...] = ()
    refs: tuple[str, ...] = ()
    pay_by: date | None = None


def _particulars(
    view: BookView,
    customer: Doc,
    kind: str,
    invoices: list[Doc],
    today: date,
    *,
    deadline: date | None,
    next_step: str,
    plan: PlanTerms | None,
    settings: Settings,
) -> _Particulars:
    balance = sum(accounts(view).money(i).balance for i in invoices)
    days = settings.thresholds.final_deadline_days
    dues = [accounts(view).money(i).due for i in invoices]
    if kind in TIME_BARRED_REFUSED:
        _refuse_time_barred(view, customer, invoices, today, settings)
    if kind == "final":
        deadline = _deadline(deadline, today, days, dues)
        _check_limitation(view, customer, invoices, deadline, settings)
        return _Particulars(
            {
                "deadline": long_date(deadline),
                "next_step": _next_step(view, customer, next_step, balance, settings),
            },
            deadline,
            pay_by=deadline,
        )
    if kind == "mediation":
        deadline = _deadline(deadline, today, days, dues)
        return _Particulars({"reply_by": long_date(deadline)}, deadline)
    if kind == "plan-offer":
        schedule, plan_ref = _schedule(view, invoices, balance, today, plan)
        lines = [
            f"{n}. {long_date(d)} — {fmt(amount)}" for n, (d, amount) in enumerate(schedule, 1)
        ]
        return _Particulars(
            {"installments": "\n".join(lines), "plan_total": fmt(sum(a for _, a in schedule))},
            installments=tuple(schedule),
            refs=(plan_ref,) if plan_ref else (),
            pay_by=schedule[0][0] if schedule else None,
        )
    if kind in PAY_BY_KINDS:
        return _Particulars(pay_by=pay_by_date(today, settings.thresholds.reminder_pay_days, dues))
    if kind == "correction":
        found = find_underbilling(view, customer["ref"], today)
        if found.source is None:
            _check_talked_first(view, customer, found, today)
        return _Particulars(
            {
                "correction": found.explanation(view),
                "periods": found.period_lines(),
                "arrears": fmt(found.amount),
                "options": found.options(view),
            },
            refs=found.refs,
        )
    if kind == "statement":
        return _Particulars({"balance_line": _statement_line(view, customer, invoices, today)})
    if kind == "cod-notice":
        return _Particulars({"balance_line": _balance_line(kind, invoices, balance)})
    return _Particulars()


#: letters that ask to be paid: none is written on a debt whose limitation period has ended
TIME_BARRED_REFUSED = ("reminder", "second-reminder", "firm", "final", "mediation", "plan-offer")


def _refuse_time_barred(
    view: BookView, customer: Doc, invoices: list[Doc], today: date, settings: Settings
) -> None:
    """No chasing letter on a time-barred invoice: the refusal asks for a decision (some states,
    California among them, also require a set notice on any such letter)."""
    venue = venue_for(view, customer, settings)
    for inv in invoices:
        limitation = limitation_for([inv], venue)
        if limitation is not None and not limitation.open_on(today):
            why = f"; state from {venue.reason}" if venue.reason else ""
            raise BadInput(
                f"{inv['ref']} is past {venue.name}'s {limitation.years}-year limitation "
                f"period (it ended {limitation.ends.isoformat()}, counted from the due "
                f"date {limitation.accrued.isoformat()}{why}): no letter asking to be "
                "paid is written on a time-barred debt — decide instead: write it off "
                "as goodwill, or ask a lawyer first (a payment or a written "
                "acknowledgment since may have restarted the period)"
            )


def _check_limitation(
    view: BookView, customer: Doc, invoices: list[Doc], deadline: date, settings: Settings
) -> None:
    """A final notice may not set a deadline after the last day a claim can be filed."""
    limitation = limitation_for(invoices, venue_for(view, customer, settings))
    if limitation is not None and deadline > limitation.ends:
        raise BadInput(
            f"the deadline {deadline.isoformat()} is after the limitation period ends "
            f"({limitation.ends.isoformat()}, {limitation.years} years from the due date "
            f"{limitation.accrued.isoformat()}) — set --deadline on or before "
            f"{limitation.ends.isoformat()}, and get advice before claiming"
        )


def _check_talked_first(view: BookView, customer: Doc, found: Underbilling, today: date) -> None:
    """The customer hears about a billing mistake in a call or visit before any letter."""
    for arrears in found.arrears:
        talk = talked_since(view, customer["ref"], last_short_day(view, arrears))
        if talk is None or date_of(talk["at"]) > today:
            raise BadInput(
                f"talk to {customer['name']} first: log the call or visit where you explained "
                f'the mistake on {arrears.contract} (tradebook log {customer["ref"]} "..." '
                "--via call --outcome spoke), then make the correction letter"
            )


def _deadline(chosen: date | None, today: date, days: int, dues: list[date]) -> date:
    """The date the user chose, else `days` from today on a weekday; never a day gone by,
    nor one before what it asks for falls due."""
    deadline = chosen or pay_by_date(today, days, dues)
    if deadline <= today:
        raise BadInput(
            f"the deadline {deadline.isoformat()} must be after today ({today.isoformat()})"
        )
    if dues and deadline < max(dues):
        raise BadInput(
            f"the deadline {deadline.isoformat()} is before the due date "
            f"{max(dues).isoformat()} of what it asks for"
        )
    return deadline


def _demand(
    view: BookView,
    customer_ref: str,
    kind: str,
    invoices: list[Doc],
    today: date,
    special: _Particulars,
) -> Demand:
    """The principal owed on the letter's invoices, and, apart from it, the late fees and
    interest the customer's terms agreed, counted to the letter's date. A plan offer asks
    for the installments, with no charge added while they are kept."""
    refs = tuple(i["ref"] for i in invoices)
    if kind in ("plan-offer", "cod-notice"):
        principal = (
            sum(a for _, a in special.installments)
            if special.installments
            else sum(accounts(view).money(i).balance for i in invoices)
        )
        first = special.installments[0][1] if special.installments else None
        return Demand(
            principal, pay_by=special.pay_by, invoices=refs, as_of=today, first_installment=first
        )
    claim = claim_for(view, customer_ref, today, invoices)
    return Demand(
        claim.principal,
        claim.late_fees,
        claim.interest,
        pay_by=special.pay_by,
        terms=describe_terms(terms_of(view, customer_ref)),
        invoices=refs,
        as_of=today,
    )


def delivery_face(via: str | None, tracking: str | None, customer: Doc) -> str:
    """How the letter went out, as its face says it under the date."""
    if via is None:
        return ""
    face = DELIVERY_FACE.get(via, f"Sent by {via}")
    if via == "certified" and tracking:
        return f"{face}, No. {tracking}"
    if tracking:
        return f"{face}, tracking No. {tracking}"
    if via == "email" and customer.get("emails"):
        return f"{face} to {customer['emails'][0]}"
    return face


def _next_step(view: BookView, customer: Doc, step: str, balance: int, settings: Settings) -> str:
    """Only a step the business can lawfully take: small claims only within the limit."""
    if step not in NEXT_STEPS:
        raise BadInput(f"--next-step is one of {', '.join(NEXT_STEPS)} (not {step!r})")
    if step == "small-claims":
        venue = venue_for(view, customer, settings)
        if venue.rules is not None and venue.limit is not None and balance > venue.limit:
            raise BadInput(
                f"{fmt(balance)} is over {venue.rules.limit_words(venue.entity)} of "
                f"{fmt(venue.limit)} — name mediation as the next step (--next-step mediation)"
            )
    return NEXT_STEPS[step]


def _schedule(
    view: BookView, invoices: list[Doc], balance: int, today: date, plan: PlanTerms | None
) -> tuple[list[tuple[date, int]], str | None]:
    """The active plan on these invoices, else the proposed terms split into installments."""
    if plan is None:
        for inv in invoices:
            for existing in view.plans_of.get(inv["ref"], ()):
                if existing.get("status") == "active":
                    return (
                        [
                            (date.fromisoformat(p["date"]), p["amount"])
                            for p in existing["instalments"]
                        ],
                        existing["ref"],
                    )
        plan = PlanTerms()
    if not 2 <= plan.installments <= 60:
        raise BadInput("a payment plan has between 2 and 60 installments")
    every = plan.every_days
    if every is not None and not 1 <= every <= 366:
        raise BadInput("installments are between 1 and 366 days apart")
    first = plan.first or pay_by_date(today, 14, [])
    if first < today:
        raise BadInput(f"the first installment ({first.isoformat()}) cannot be before today")
    base, extra = divmod(balance, plan.installments)
    return (
        [
            (
                month_on(first, i) if every is None else first + timedelta(days=every * i),
                base + (1 if i < extra else 0),
            )
            for i in range(plan.installments)
        ],
        None,
    )


def _statement_line(view: BookView, customer: Doc, invoices: list[Doc], today: date) -> str:
    """The principal owed, and the agreed fees apart from it, as the statement's table has them."""
    statement = statement_of_account(view, customer["ref"], today)
    if statement.balance <= 0:
        return "Your account is fully paid — thank you."
    refs = and_join([i["ref"] for i in invoices])
    line = f"The balance due is {fmt(statement.balance)}" + (f", on {refs}." if refs else ".")
    if statement.fees.total:
        line += (
            f" The agreed late fees and interest on it come to {fmt(statement.fees.total)} "
            f"({statement.fee_terms}), so the amount due with those fees is "
            f"{fmt(statement.amount_due)}."
        )
    return line


def _balance_line(kind: str, invoices: list[Doc], balance: int) -> str:
    refs = and_join([i["ref"] for i in invoices])
    if balance <= 0:
        return "Your account is fully paid — thank you." if kind == "statement" else ""
    if kind == "statement":
        return f"The balance due is {fmt(balance)}, on {refs}."
    return (
        f"Your account currently shows {fmt(balance)} outstanding on {refs}; please settle it "
        "when you can, or call me to agree on a payment plan."
    )


# ----- under-billing (for the correction letter) ---------------------------------------


@dataclass(frozen=True)
class Underbilling:
    """Contract periods billed below the agreed amount, as the correction letter explains them."""

    arrears: tuple[Arrears, ...]
    source: str | None = None  # BC-… when it comes from a recorded billing correction

    @property
    def amount(self) -> int:
        return sum(a.total for a in self.arrears)

    @property
    def refs(self) -> tuple[str, ...]:
        invoices = [ref for a in self.arrears for ref in a.invoices()]
        return tuple(
            dict.fromkeys(
                [
                    *(a.contract for a in self.arrears),
                    *((self.source,) if self.source else ()),
                    *invoices,
                ]
            )
        )

    def explanation(self, view: BookView) -> str:
        parts = []
        for a in self.arrears:
            contract = view.get(a.contract) or {}
            what = f" ({contract['desc']})" if contract.get("desc") else ""
            tax = f", plus {fmt(a.tax)} sales tax" if a.tax else ""
            parts.append(
                f"Your service contract {a.contract}{what} is for {fmt(a.agreed)} a "
                f"{a.every}. For {plural(len(a.periods), a.every)} ({a.span}) I billed less "
                f"than that agreed amount: {fmt(a.amount)} in all{tax}."
            )
        return " ".join(parts) + " The periods are:"

    def options(self, view: BookView) -> str:
        """The choice offered to the customer, or — once a correction is recorded — the one they made."""
        corr = view.get(self.source) if self.source else None
        if corr is None:
            arrears = fmt(self.amount)
            return (
                "Please let me know which of these you would prefer:\n\n"
                f"• Option 1: add the {arrears} to your next invoice.\n"
                f"• Option 2: a separate invoice for {arrears}, which can be paid on the usual "
                "terms or spread over a few months.\n"
                f"• Option 3: leave it — I will write the amount off as goodwill.\n\n"
                "Nothing will be billed until I hear from you."
            )
        talk = view.get(corr.get("talk") or "")
        when = long_date(date_of(talk["at"])) if talk else long_date(corr["date"])
        amount = fmt(corr["amount"] + (corr.get("tax") or 0))
        option = corr["option"]
        if option == "write-off":
            return (
                f"As we agreed on {when}, I have written the {amount} off as goodwill "
                f"({corr['ref']}): there is nothing to pay."
            )
        on = f" on invoice {corr['invoice']}" if corr.get("invoice") else ""
        how = {
            "next-invoice": f"added to your next invoice{on}",
            "separate": f"billed separately{on}, payable on the usual terms",
        }.get(option, OPTION_TEXT.get(option, option))
        return f"As we agreed on {when}, the {amount} is {how} ({corr['ref']})."

    def period_lines(self) -> str:
        return "\n".join(
            f"• {p.period}: "
            + (f"billed {fmt(p.billed)} on {p.invoice}" if p.invoice else "not billed")
            + f", agreed {fmt(p.agreed)} — {fmt(p.short)} short"
            for a in self.arrears
            for p in a.periods
        )


def find_underbilling(view: BookView, customer_ref: str, today: date) -> Underbilling:
    """Contract periods billed below the agreed rate, else the latest recorded billing correction."""
    live = customer_arrears(view, customer_ref, today)
    if live:
        return Underbilling(tuple(live))
    for corr in reversed(view.records(customer_ref, "corrections")):
        contract = view.get(corr.get("contract") or "")
        if contract and corr.get("periods"):
            shortfalls = tuple(
                Shortfall(p["period"], p.get("invoice"), p["billed"], p["agreed"], "0")
                for p in corr["periods"]
            )
            return Underbilling(
                (
                    Arrears(
                        contract["ref"],
                        customer_ref,
                        contract["amount"],
                        contract["every"],
                        shortfalls,
                    ),
                ),
                corr["ref"],
            )
    raise BadInput(
        f"no billing mistake on record for {customer_ref}: a correction letter needs a "
        "service-contract period billed below the agreed amount"
    )


# ----- filling the template ------------------------------------------------------------


def _fill(template: Template, context: dict[str, str], note: str) -> tuple[str, tuple[str, ...]]:
    # {instalments} is the placeholder's older spelling, still found in users' own templates.
    text = template.text.replace("\r\n", "\n").replace("{instalments}", "{installments}")
    unknown = sorted({name for name in _PLACEHOLDER.findall(text) if name not in context})
    if unknown:
        raise BadInput(
            f"{template.source} uses {{{unknown[0]}}}, which a {template.kind} letter "
            f"does not have (it can use {', '.join('{' + k + '}' for k in sorted(context))})"
        )
    filled = _PLACEHOLDER.sub(lambda m: context[m.group(1)], text)
    lines = filled.strip("\n").split("\n")
    subject = TITLES[template.kind]
    if lines and lines[0].lower().startswith("subject:"):
        subject = lines[0].split(":", 1)[1].strip() or subject
        lines = lines[1:]
    paragraphs = [p.strip() for p in "\n".join(lines).split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    if note and "{note}" not in text:
        paragraphs.append(note)
    return subject, tuple(paragraphs)


def _addressee(customer: Doc) -> str:
    """A firm's letters go to its principal; a person's to the person."""
    if customer.get("kind") == "business" and customer.get("principal"):
        return customer["principal"]
    return customer["name"]


def _recipient(customer: Doc) -> tuple[str, ...]:
    lines = []
    if customer.get("kind") == "business" and customer.get("principal"):
        lines.append(customer["principal"])
    lines.append(customer["name"])
    lines.extend(
        line.strip() for line in (customer.get("address") or "").splitlines() if line.strip()
    )
    return tuple(lines)


def _contact(profile: Doc) -> str:
    ways = []
    if profile.get("phone"):
        ways.append(f"by phone on {profile['phone']}")
    if profile.get("email"):
        ways.append(f"by email at {profile['email']}")
    return " or ".join(ways) or "at the address above"


def _closing(profile: Doc) -> tuple[str, ...]:
    name = profile.get("name") or ""
    signature = profile.get("signature") or name
    return ("Sincerely,", "", signature, *((name,) if signature != name else ()))
