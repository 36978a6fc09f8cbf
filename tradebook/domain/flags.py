"""Warning signs: customers sliding towards not paying, seen before the money is lost.

Every sign is a pure function of (book, today, settings). Each flag says why in one line,
with the amounts and dates, and names the records that are its evidence. The thresholds
live in `tradebook.settings.Thresholds`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tradebook.domain import promises as promise_states
from tradebook.domain.accounts import (
    Accounts,
    InvoiceMoney,
    accounts,
    heard_from,
)
from tradebook.domain.aging import BUCKET_LABELS, bucket_of
from tradebook.domain.corrections import customer_arrears
from tradebook.domain.dates import date_of
from tradebook.domain.fees import customer_fees
from tradebook.domain.jurisdictions import (
    Jurisdiction,
    StateOf,
    customer_rules,
    jurisdiction,
    limitation_ends,
)
from tradebook.domain.money import fmt
from tradebook.domain.view import BookView, Doc
from tradebook.settings import DEFAULTS, Settings, Thresholds

INFO, WARN, ALERT = "info", "warn", "alert"
SEVERITY_RANK = {ALERT: 0, WARN: 1, INFO: 2}

CODES = (
    "overdue",
    "ignored-invoice",
    "broken-promise",
    "no-response",
    "partial-then-silent",
    "bounced-payment",
    "dispute-open",
    "slowing-payer",
    "over-credit-limit",
    "no-deposit",
    "unbilled-work",
    "underbilled",
    "over-small-claims-limit",
    "limitation-near",
    "lien-deadline",
    "receivables-rising",
)


@dataclass(frozen=True)
class Flag:
    code: str
    severity: str
    customer: str | None
    invoice: str | None
    message: str
    evidence: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "customer": self.customer,
            "invoice": self.invoice,
            "message": self.message,
            "evidence": list(self.evidence),
        }


@dataclass
class Context:
    """What every check reads: the book's figures, today, and the thresholds."""

    view: BookView
    today: date
    settings: Settings
    books: Accounts
    _places: dict[str | None, Jurisdiction | None] = field(default_factory=dict)
    #: figures one run works out once and several checks share
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def t(self) -> Thresholds:
        return self.settings.thresholds

    def days_ago(self, n: int) -> date:
        return self.today - timedelta(days=n)

    def state_of(self, customer: Doc) -> StateOf:
        """Whose rules apply to the customer, and why (worked out once a run)."""
        states = self.cache.setdefault("states", {})
        found = states.get(customer["ref"])
        if found is None:
            found = states[customer["ref"]] = customer_rules(
                self.view.profile, customer, self.settings
            )
        return found

    def place(self, customer: Doc) -> Jurisdiction | None:
        """The jurisdiction a claim against the customer would be heard in."""
        code = self.state_of(customer).code
        if code not in self._places:
            self._places[code] = jurisdiction(code, self.settings)
        return self._places[code]

    def worth_checking(self) -> set[str]:
        """Customers who could show any sign at all: the rest are skipped unread."""
        books = self.books
        refs = set(books.open_of) | set(books.bounced) | set(books.disputing) | set(books.unbilled)
        refs.update(c["customer"] for c in self.view.table("contracts"))
        history = self.cache["long-history"] = {
            ref for ref, invoices in books.of_customer.items() if self._long(invoices)
        }
        refs.update(history)
        return refs

    def long_history(self, customer_ref: str) -> bool:
        """Enough invoices to compare recent bills with, and one written lately: the customers
        `slowing_payer` looks at. Worked out for the whole book with `worth_checking`."""
        found = self.cache.get("long-history")
        if found is not None:
            return customer_ref in found
        return self._long(self.books.customer_invoices(customer_ref))

    def _long(self, invoices: list[InvoiceMoney]) -> bool:
        t = self.t
        return len(invoices) >= t.slowing_recent + t.slowing_history_min and max(
            m.issued for m in invoices
        ) >= self.days_ago(t.recent_activity_days)


def all_flags(view: BookView, today: date, settings: Settings | None = None) -> list[Flag]:
    """Every warning sign in the book, the most serious first."""
    ctx = Context(view, today, settings or DEFAULTS, accounts(view))
    found: list[Flag] = []
    for ref in sorted(ctx.worth_checking()):
        customer = view.get(ref)
        if customer is not None:
            found.extend(_customer(ctx, customer))
    found.extend(receivables_rising(ctx))
    return sorted(found, key=_order)


def customer_flags(
    view: BookView, customer_ref: str, today: date, settings: Settings | None = None
) -> list[Flag]:
    """The warning signs of one customer, the most serious first."""
    customer = view.get(customer_ref)
    if customer is None:
        return []
    ctx = Context(view, today, settings or DEFAULTS, accounts(view))
    return sorted(_customer(ctx, customer), key=_order)


def _order(flag: Flag) -> tuple:
    return (
        SEVERITY_RANK[flag.severity],
        flag.customer or "",
        flag.invoice or "",
        CODES.index(flag.code),
    )


def _customer(ctx: Context, customer: Doc) -> Iterator[Flag]:
    for check in CUSTOMER_CHECKS:
        yield from check(ctx, customer)


# ----- money owed ------------------------------------------------------------------------


def overdue(ctx: Context, customer: Doc) -> Iterator[Flag]:
    """Past due; the later the bucket, the more serious. An invoice never sent says so: that is
    the business's own loose end, not a sign against the customer."""
    for money in ctx.books.open_invoices(customer["ref"]):
        days = (ctx.today - money.due).days
        if days <= 0:
            continue
        bucket = bucket_of(days)
        severity = INFO if bucket == "1-30" else WARN if bucket == "31-60" else ALERT
        unsent = ""
        if money.sent_on is None:
            severity = INFO if severity == INFO else WARN
            unsent = " — it was never sent: send it first"
        yield Flag(
            "overdue",
            severity,
            customer["ref"],
            money.ref,
            f"{money.ref}: {fmt(money.balance)} is {days} days overdue "
            f"(due {money.due}; {BUCKET_LABELS[bucket]} bucket){unsent}",
            (money.ref,),
        )


def ignored_invoice(ctx: Context, customer: Doc) -> Iterator[Flag]:
    """Sent, well past due, and since then neither a word nor a payment of any kind."""
    ref = customer["ref"]
    late = [
        (m, sent)
        for m in ctx.books.open_invoices(ref)
        if (sent := m.sent_on) is not None and (ctx.today - m.due).days >= ctx.t.ignored_after_days
    ]
    if not late:
        return
    replies = [date_of(c["at"]) for c in ctx.books.contacts(ref) if heard_from(c)]
    paid = [date.fromisoformat(p["date"]) for p in ctx.books.payments(ref)]
    for money, sent in late:
        if any(d >= sent for d in replies) or any(d >= sent for d in paid):
            continue
        days = (ctx.today - money.due).days
        yield Flag(
            "ignored-invoice",
            WARN,
            ref,
            money.ref,
            f"{money.ref} ({fmt(money.balance)}) was sent on {money.sent_on} and is {days} "
            "days past due; not a word or a payment from the customer since",
            (money.ref,),
        )


def partial_then_silent(ctx: Context, customer: Doc) -> Iterator[Flag]:
    """Part paid, then nothing: often the first sign of a customer who cannot pay the rest.
    A plan on track explains the silence."""
    ref = customer["ref"]
    partial = [m for m in ctx.books.open_invoices(ref) if m.paid > 0]
    if not partial:
        return
    on_plan = _invoices_on_track(ctx, ref)
    replies = [date_of(c["at"]) for c in ctx.books.contacts(ref) if heard_from(c)]
    paid = [date.fromisoformat(p["date"]) for p in ctx.books.payments(ref) if not p.get("bounced")]
    for money in partial:
        last = money.last_payment()
        if last is None or money.ref in on_plan:
            continue
        silent = (ctx.today - last.on).days
        if silent < ctx.t.partial_silent_days:
            continue
        if any(d > last.on for d in replies) or any(d > last.on for d in paid):
            continue
        yield Flag(
            "partial-then-silent",
            WARN,
            ref,
            money.ref,
            f"{money.ref}: part-paid {fmt(money.paid)} of {fmt(money.total)}, last on "
            f"{last.on} ({last.ref}); no payment and no word for {silent} days since",
            (money.ref, last.ref),
        )


def bounced_payment(ctx: Context, customer: Doc) -> Iterator[Flag]:
    """An alert while the money is owed again; a note for a year once it was made good."""
    for payment in ctx.books.bounced.get(customer["ref"], ()):
        bounced = date.fromisoformat(payment["bounced"])
        target: str = payment.get("invoice") or payment.get("job") or ""
        owed = _still_owed(ctx, payment)
        if owed <= 0 and (ctx.today - bounced).days > ctx.t.bounce_memory_days:
            continue
        if owed > 0:
            text = (
                f"{payment['ref']}: {payment['method']} payment of {fmt(payment['amount'])} on "
                f"{target} bounced on {bounced}; {fmt(owed)} is still owed"
            )
        else:
            text = (
                f"{payment['ref']}: {payment['method']} payment of {fmt(payment['amount'])} on "
                f"{target} bounced on {bounced}; since made good — take cleared funds next time"
            )
        yield Flag(
            "bounced-payment",
            ALERT if owed > 0 else INFO,
            customer["ref"],
            payment.get("invoice"),
            text,
            (payment["ref"], target),
        )


def _still_owed(ctx: Context, payment: Doc) -> int:
    if payment.get("invoice"):
        money = ctx.books.invoices.get(payment["invoice"])
        return money.balance if money else 0
    job = ctx.view.get(payment["job"]) or {}
    job_ref = job.get("ref", "")
    invoices = ctx.books.invoices_of_job(job_ref)
    if invoices:
        return sum(m.balance for m in invoices if m.balance > 0)
    asked = job.get("deposit_asked") or payment["amount"]
    received = ctx.books.deposits_received(job_ref)
    return max(0, asked - received) if job.get("status") != "cancelled" else 0


# ----- what the customer said, promised, or did not say -----------------------------------


def broken_promise(ctx: Context, customer: Doc) -> Iterator[Flag]:
    """A promise that passed its date uncovered, while its invoices still owe."""
    ref = customer["ref"]
    if ref not in ctx.books.promising or not ctx.books.open_invoices(ref):
        return
    for promise in promise_states.customer_promises(
        ctx.view, ref, ctx.today, ctx.t.promise_grace_days
    ):
        if promise.state != promise_states.BROKEN or promise.made_good_on is not None:
            continue
        owed = sum(max(0, ctx.books.invoices[r].balance) for r in promise.invoices)
        if owed <= 0:
            continue
        late = (ctx.today - promise.due).days
        invoice = promise.invoices[0] if len(promise.invoices) == 1 else None
        yield Flag(
            "broken-promise",
            WARN,
            ref,
            invoice,
            f"{promise.describe()} was broken: {fmt(promise.received)} came in by then, "
            f"and {late} days later {fmt(owed)} is still owed",
            (promise.contact, *promise.invoices),
        )


def no_response(ctx: Context, customer: Doc) -> Iterator[Flag]:
    """Several tries to reach a customer who owes, none answered. The raw log is scanned
    first so that customers who were hardly chased cost nothing."""
    ref = customer["ref"]
    if not ctx.books.open_invoices(ref) or ctx.books.balance(ref) <= 0:
        return
    since = ctx.days_ago(ctx.t.no_response_days)
    window = since.isoformat()
    recent_out = [
        c
        for c in ctx.books.contact_entries(ref)  # corrections may turn in to out
        if (c["direction"] == "out" or c.get("corrects")) and c["at"][:10] > window
    ]
    if len(recent_out) < ctx.t.no_response_contacts:
        return
    contacts = ctx.books.contacts(ref)
    tries = [
        c
        for c in contacts
        if c["direction"] == "out"
        and not heard_from(c)
        and c.get("outcome") != "prepared"  # a letter made but not delivered reached nobody
        and since < date_of(c["at"]) <= ctx.today
    ]
    if len(tries) < ctx.t.no_response_contacts:
        return
    first = date_of(tries[0]["at"])
    if any(heard_from(c) and date_of(c["at"]) >= first for c in contacts):
        return
    if any(date.fromisoformat(p["date"]) >= first for p in ctx.books.payments(ref)):
        return
    yield Flag(
        "no-response",
        WARN,
        ref,
        None,
        f"{len(tries)} calls, messages or letters since {first} and no answer "
        f"({fmt(ctx.books.balance(ref))} owed)",
        tuple(c["ref"] for c in tries),
    )


def dispute_open(ctx: Context, customer: Doc) -> Iterator[Flag]:
    """A dispute stays open until a contact logged as resolving it."""
    if customer["ref"] not in ctx.books.disputing:
        return
    for contact in open_disputes(ctx.books, customer["ref"]):
        linked = tuple(contact.get("invoices") or ())
        about = f" about {', '.join(linked)}" if linked else ""
        yield Flag(
            "dispute-open",
            WARN,
            customer["ref"],
            linked[0] if len(linked) == 1 else None,
            f"dispute{about} raised on {date_of(contact['at'])} ({contact['ref']}) is not "
            f"resolved: {_short(contact['summary'])}",
            (contact["ref"], *linked),
        )


def open_disputes(books: Accounts, customer_ref: str) -> list[Doc]:
    """Disputes not yet resolved: a resolving contact closes the earlier ones it is about."""
    open_: list[Doc] = []
    for contact in books.contacts(customer_ref):
        if contact.get("resolves_dispute"):
            open_ = [d for d in open_ if not _same_matter(contact, d)]
        elif contact.get("dispute"):
            open_.append(contact)
    return open_


def _same_matter(resolution: Doc, dispute: Doc) -> bool:
    """A resolution naming no invoice, or a dispute naming none, settles it; else they must share one."""
    settled, disputed = set(resolution.get("invoices") or ()), set(dispute.get("invoices") or ())
    return not settled or not disputed or bool(settled & disputed)


def _short(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


# ----- how the customer pays ---------------------------------------------------------------


def slowing_payer(ctx: Context, customer: Doc) -> Iterator[Flag]:
    """Recent bills took clearly longer than the customer's own history; an open overdue bill
    counts with the days it has taken so far."""
    t = ctx.t
    if not ctx.long_history(customer["ref"]):
        return
    today = ctx.today
    took = []
    for money in ctx.books.customer_invoices(customer["ref"]):
        if money.balance <= 0:  # settled: `settled_on` is set exactly when nothing is owed
            if money.total > 0 and money.settled_on is not None:
                issued = money.issued
                took.append((issued, money.ref, (money.settled_on - issued).days))
        elif today > money.due:
            issued = money.issued
            took.append((issued, money.ref, (today - issued).days))
    took.sort()
    recent, history = took[-t.slowing_recent :], took[: -t.slowing_recent]
    if len(history) < t.slowing_history_min or not recent:
        return
    r_sum, h_sum = sum(d for *_, d in recent), sum(d for *_, d in history)
    r_n, h_n = len(recent), len(history)
    slower = r_sum * h_n * 100 >= h_sum * r_n * t.slowing_ratio_pct
    by_enough = (r_sum * h_n - h_sum * r_n) >= t.slowing_min_extra_days * r_n * h_n
    if slower and by_enough:
        yield Flag(
            "slowing-payer",
            INFO,
            customer["ref"],
            None,
            f"the last {r_n} invoices took {r_sum // r_n} days on average to pay, against "
            f"{h_sum // h_n} days for the {h_n} before — consider a deposit or shorter terms",
            tuple(ref for _, ref, _ in recent),
        )


def over_credit_limit(ctx: Context, customer: Doc) -> Iterator[Flag]:
    """What is owed plus finished work not yet billed, against the agreed credit limit."""
    limit = customer.get("credit_limit")
    if limit is None:
        return
    ref = customer["ref"]
    owed = sum(m.balance for m in ctx.books.open_invoices(ref))
    unbilled = [(job, value) for job, value in unbilled_jobs(ctx, ref) if value > 0]
    exposure = owed + sum(v for _, v in unbilled)
    if exposure <= limit:
        return
    if unbilled:
        amount = f"{fmt(owed)} owed + {fmt(exposure - owed)} of done work not yet invoiced = {fmt(exposure)}"
    else:
        amount = f"{fmt(owed)} owed"
    yield Flag(
        "over-credit-limit",
        WARN,
        ref,
        None,
        f"{amount}, over the credit limit of {fmt(limit)}",
        tuple(m.ref for m in ctx.books.open_invoices(ref)) + tuple(j["ref"] for j, _ in unbilled),
    )


def job_value(job: Doc) -> int:
    """The quote plus any change orders."""
    return (job.get("quote") or 0) + sum(o["amount"] for o in job.get("change_orders", ()))


def unbilled_jobs(ctx: Context, customer_ref: str) -> list[tuple[Doc, int]]:
    """Done jobs with no invoice yet, with what they are worth less deposits received."""
    found = []
    for job in ctx.books.unbilled.get(customer_ref, ()):
        if job["status"] == "done":
            deposits = ctx.books.deposits_received(job["ref"])
            found.append((job, job_value(job) - deposits))
    return found


# ----- the electrician's own leaks -----------------------------------------------------------


def no_deposit(ctx: Context, customer: Doc) -> Iterator[Flag]:
    """Work under way (or done, not yet billed) on a large job or a new customer's first,
    with no deposit in hand; once invoiced, the invoice's own signs take over."""
    working = ctx.books.unbilled.get(customer["ref"])
    if not working:
        return
    first = ctx.books.first_job(customer["ref"])
    for job in working:
        value = job_value(job)
        large = value > ctx.t.large_job
        new = job is first and value >= ctx.t.new_customer_job
        if not (large or new):
            continue
        asked = job.get("deposit_asked")
        received = ctx.books.deposits_received(job["ref"])
        if (received >= asked) if asked else received > 0:
            continue
        why = (
            f"a large job ({fmt(value)})" if large else f"a new customer's first job ({fmt(value)})"
        )
        got = (
            f"{fmt(received)} of the {fmt(asked)} deposit received" if asked else "no deposit taken"
        )
        yield Flag(
            "no-deposit",
            WARN,
            customer["ref"],
            None,
            f"{job['ref']} is {why}, started {job['start']}, with {got}",
            (job["ref"],),
        )


def unbilled_work(ctx: Context, customer: Doc) -> Iterator[Flag]:
    """Finished work not invoiced: money the business forgot to ask for."""
    for job, value in unbilled_jobs(ctx, customer["ref"]):
        done = date.fromisoformat(job["done"]) if job.get("done") else None
        if done is None or (ctx.today - done).days <= ctx.t.unbilled_days:
            continue
        worth = f" (worth {fmt(value)})" if value > 0 else ""
        yield Flag(
            "unbilled-work",
            WARN,
            customer["ref"],
            None,
            f"{job['ref']} was done on {done} and is not invoiced after "
            f"{(ctx.today - done).days} days{worth}: {_short(job['desc'], 40)}",
            (job["ref"],),
        )


def underbilled(ctx: Context, customer: Doc) -> Iterator[Flag]:
    """A contract billed below its agreed amount (see `corrections`)."""
    if not ctx.view.records(customer["ref"], "contracts"):
        return
    for arrears in customer_arrears(ctx.view, customer["ref"], ctx.today):
        yield Flag(
            "underbilled",
            WARN,
            customer["ref"],
            None,
            f"{arrears.describe()}: talk to the customer before any correction goes out",
            (arrears.contract, *arrears.invoices()),
        )


# ----- the law's limits ------------------------------------------------------------------------


def over_small_claims_limit(ctx: Context, customer: Doc) -> Iterator[Flag]:
    """Overdue principal — what a claim could ask for today — over the small-claims limit, for
    this business as claimant, of the state a claim would be heard in."""
    ref = customer["ref"]
    overdue_ = [m for m in ctx.books.open_invoices(ref) if m.due < ctx.today]
    if not overdue_:
        return
    place = ctx.place(customer)
    entity = claimant(ctx.view)
    limit = place.limit_for(entity) if place else None
    if place is None or limit is None:
        return
    owed = sum(m.balance for m in overdue_)
    if owed <= limit:
        return
    fees = customer_fees(ctx.view, ref, ctx.today).total
    extra = f" (plus {fmt(fees)} agreed fees)" if fees else ""
    yield Flag(
        "over-small-claims-limit",
        WARN,
        ref,
        None,
        f"{fmt(owed)} overdue{extra} is over {place.limit_words(entity)} of {fmt(limit)} "
        f"({place.limit_dated}; {whose(ctx.state_of(customer))}); "
        f"{place.over_limit_advice(limit)}",
        tuple(m.ref for m in overdue_),
    )


def whose(state: StateOf) -> str:
    """`state from the customer's address (KY 40205)`: why a rule is this state's."""
    return f"state from {state.reason}"


def claimant(view: BookView) -> str:
    """What the business is as a claimant in court: a `business` unless it is an `individual`
    (or a sole proprietor suing in their own name)."""
    return (
        "individual"
        if view.profile.get("entity") in ("individual", "sole-proprietor")
        else "business"
    )


def limitation_near(ctx: Context, customer: Doc) -> Iterator[Flag]:
    """The limitation period runs out soon, counted from the due date on the shorter period
    of the state, so the warning is never late."""
    open_ = [m for m in ctx.books.open_invoices(customer["ref"]) if m.due < ctx.today]
    if not open_:
        return
    place = ctx.place(customer)
    years = place.shortest_years if place else None
    if place is None or years is None:
        return
    for money in open_:
        ends = limitation_ends(money.due, years)
        left = (ends - ctx.today).days
        if left > ctx.t.limitation_warn_days:
            continue
        counted = (
            f"{place.name}'s {years}-year period counted from the due date {money.due}: "
            f"{place.limitation_basis}; {whose(ctx.state_of(customer))}"
        )
        if left < 0:
            text = f"{money.ref} ({fmt(money.balance)}): the limitation period may have ended on {ends} ({counted}) — get advice before claiming"
        else:
            text = f"{money.ref} ({fmt(money.balance)}): the limitation period ends on {ends}, in {left} days ({counted})"
        yield Flag(
            "limitation-near",
            ALERT if left <= 30 else WARN,
            customer["ref"],
            money.ref,
            text,
            (money.ref,),
        )


def lien_deadline(ctx: Context, customer: Doc) -> Iterator[Flag]:
    """A job's mechanic's-lien filing date is within 30 days while its invoices are unpaid and
    no decision about the lien is recorded: the strongest remedy is about to lapse."""
    from tradebook.domain.lien import LIEN_WARN_DAYS, lien_clock

    seen: set[str] = set()
    for money in ctx.books.open_invoices(customer["ref"]):
        for job_ref in money.doc.get("jobs") or ():
            job = ctx.view.get(job_ref) if job_ref not in seen else None
            seen.add(job_ref)
            clock = lien_clock(ctx.view, job, ctx.settings) if job else None
            if clock is None or clock.decision is not None:
                continue
            left = clock.days_left(ctx.today)
            if not 0 <= left <= LIEN_WARN_DAYS:
                continue
            unpaid = [m for m in ctx.books.invoices_of_job(job_ref) if m.balance > 0]
            yield Flag(
                "lien-deadline",
                ALERT if left <= 7 else WARN,
                customer["ref"],
                unpaid[0].ref if len(unpaid) == 1 else None,
                f"{clock.sentence()} — {left} days left, and "
                f"{fmt(sum(m.balance for m in unpaid))} is unpaid: decide whether to "
                f"prepare the lien (tradebook lien {job_ref} -o lien.pdf) or let it pass",
                (job_ref, *(m.ref for m in unpaid)),
            )


# ----- the whole business ------------------------------------------------------------------


def overdue_share(
    books: Accounts, day: date, candidates: Iterable[InvoiceMoney]
) -> tuple[int, int, set[str], list[InvoiceMoney]]:
    """(overdue principal, open principal, customers overdue, invoices overdue) at the end of
    `day`, among the invoices that could have been open then."""
    overdue_sum = open_sum = 0
    customers: set[str] = set()
    late: list[InvoiceMoney] = []
    for money in candidates:
        if money.issued > day:
            continue
        owed = money.balance_on(day)
        if owed <= 0:
            continue
        open_sum += owed
        if money.due < day:
            overdue_sum += owed
            customers.add(money.customer)
            late.append(money)
    return overdue_sum, open_sum, customers, late


def open_on(books: Accounts, day: date) -> list[InvoiceMoney]:
    """Every invoice that may have owed money at the end of `day`: owing now, paid (or
    bounced) since, or adjusted at some time."""
    found = {m.ref: m for invoices in books.open_of.values() for m in invoices}
    for ref in books.moved_after(day.isoformat()):
        found.setdefault(ref, books.invoices[ref])
    for money in books.adjusted:
        found.setdefault(money.ref, money)
    return list(found.values())


def receivables_rising(ctx: Context) -> Iterator[Flag]:
    """The share of receivables overdue rose clearly over the window, across customers: a
    sign to review terms, not any one customer."""
    t = ctx.t
    then = ctx.days_ago(t.receivables_window_days)
    now_open = [m for invoices in ctx.books.open_of.values() for m in invoices]
    od_now, open_now, customers, late_now = overdue_share(ctx.books, ctx.today, now_open)
    if len(customers) < t.receivables_min_customers:
        return
    od_then, open_then, _, late_then = overdue_share(ctx.books, then, open_on(ctx.books, then))
    if not open_now or not open_then or len(customers) < t.receivables_min_customers:
        return
    rise = 100 * (od_now * open_then - od_then * open_now)
    if rise < t.receivables_rise_points * open_now * open_then:
        return
    before = {m.ref for m in late_then}
    newly = sorted((m for m in late_now if m.ref not in before), key=lambda m: -m.balance)
    yield Flag(
        "receivables-rising",
        WARN,
        None,
        None,
        f"{_pct(od_now, open_now)} of receivables are overdue today ({fmt(od_now)} of "
        f"{fmt(open_now)}, {len(customers)} customers) against {_pct(od_then, open_then)} "
        f"on {then}: review terms — deposits, shorter terms, COD for slow payers",
        tuple(m.ref for m in newly[:10]),
    )


def _pct(part: int, whole: int) -> str:
    return f"{(200 * part + whole) // (2 * whole)}%"


def _invoices_on_track(ctx: Context, customer_ref: str) -> set[str]:
    refs: set[str] = set()
    for status in promise_states.customer_plans(
        ctx.view, customer_ref, ctx.today, ctx.t.plan_grace_days
    ):
        if status.on_track:
            refs.update(status.invoices)
    return refs


CUSTOMER_CHECKS: tuple[Callable[[Context, Doc], Iterable[Flag]], ...] = (
    overdue,
    ignored_invoice,
    broken_promise,
    no_response,
    partial_then_silent,
    bounced_payment,
    dispute_open,
    slowing_payer,
    over_credit_limit,
    no_deposit,
    unbilled_work,
    underbilled,
    over_small_claims_limit,
    limitation_near,
    lien_deadline,
)
