"""What to do next: the escalation ladder, courteous first and firmer step by step.

For each open invoice the ladder finds the next step not yet taken — a letter of that
step's kind issued for the invoice, or a case opened, completes it — and when it falls due,
counted from the due date (or from the day the invoice was sent, when it went out late). An
invoice never sent is not chased at all: sending it is the one thing to do.
A live promise or a payment plan on track pauses the ladder; a broken one resumes it; an open
dispute stops it until it is talked through. Around the ladder come the review before the
first firm step, the firm's principal for business customers, COD for customers with a bad
record, and talking first about any billing mistake.
The last rung, the small-claims bundle, is gated on the demand: a final notice that reached
the customer, and its pay-by date gone by.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from tradebook.domain import promises as promise_states
from tradebook.domain.accounts import InvoiceMoney, accounts, heard_from
from tradebook.domain.corrections import customer_arrears, last_short_day, talked_since
from tradebook.domain.dates import date_of
from tradebook.domain.flags import Context, claimant, open_disputes, whose
from tradebook.domain.jurisdictions import limitation_ends
from tradebook.domain.money import fmt
from tradebook.domain.view import BookView, Doc
from tradebook.settings import DEFAULTS, Settings, Step

#: the order actions of one invoice and day are listed in
KIND_ORDER = (
    "decide-claim",
    "decide-lien",
    "send-invoice",
    "talk-first",
    "correction",
    "review",
    "plan-check",
    "reminder",
    "second-reminder",
    "call",
    "firm",
    "contact-principal",
    "final",
    "mediation",
    "small-claims",
    "cod",
)


@dataclass(frozen=True)
class Action:
    customer: str
    invoice: str | None
    action: str
    due: date
    reason: str  # in the words of the trade, whatever it is read in
    letter_kind: str | None = None
    command: str | None = None  # the same step from the command line, where it has one

    def as_dict(self) -> dict:
        return {
            "customer": self.customer,
            "invoice": self.invoice,
            "action": self.action,
            "due": self.due.isoformat(),
            "reason": self.reason,
            "letter_kind": self.letter_kind,
            "command": self.command,
        }


def next_actions(
    view: BookView, today: date, settings: Settings | None = None, *, horizon_days: int = 0
) -> list[Action]:
    """Every action due by today (or `horizon_days` later), the longest-waiting first."""
    ctx = Context(view, today, settings or DEFAULTS, accounts(view))
    found: list[Action] = []
    for ref in sorted(_worth_chasing(ctx)):
        customer = view.get(ref)
        if customer is not None:
            found.extend(_customer_actions(ctx, customer))
    return _due_by(found, today + timedelta(days=horizon_days))


def _worth_chasing(ctx: Context) -> set[str]:
    """Customers who could have any action at all: owing, on contract, or active lately."""
    refs = set(ctx.books.open_of) | recently_active(ctx)
    refs.update(c["customer"] for c in ctx.view.table("contracts"))
    return refs


def customer_actions(
    view: BookView,
    customer_ref: str,
    today: date,
    settings: Settings | None = None,
    *,
    horizon_days: int = 0,
) -> list[Action]:
    customer = view.get(customer_ref)
    if customer is None:
        return []
    ctx = Context(view, today, settings or DEFAULTS, accounts(view))
    return _due_by(list(_customer_actions(ctx, customer)), today + timedelta(days=horizon_days))


def _due_by(actions: list[Action], last_day: date) -> list[Action]:
    return sorted(
        (a for a in actions if a.due <= last_day),
        key=lambda a: (
            a.due,
            a.customer,
            a.invoice or "",
            KIND_ORDER.index(a.action) if a.action in KIND_ORDER else len(KIND_ORDER),
        ),
    )


# ----- the demand a small claim needs ------------------------------------------------------------


def letter_delivered(letter: Doc) -> bool:
    """A letter reached the customer only when how it went out was recorded."""
    return bool((letter.get("delivery") or {}).get("via"))


def letter_pay_by(letter: Doc, settings: Settings | None = None) -> date | None:
    """The day a letter asked to be paid by: its `pay_by`, else (older letters) its deadline;
    a final notice with neither gave the usual number of days."""
    raw = letter.get("pay_by") or letter.get("deadline")
    if raw:
        return date.fromisoformat(raw)
    if letter.get("kind") == "final":
        days = (settings or DEFAULTS).thresholds.final_deadline_days
        return date.fromisoformat(letter["date"]) + timedelta(days=days)
    return None


@dataclass(frozen=True)
class DemandGate:
    """Whether a claim in court may follow: a final notice delivered and its pay-by date passed.
    `notice` is the final notice that decides it — the one that meets the gate, else the
    delivered one paid-by soonest, else the latest one only prepared — or None."""

    met: bool
    notice: Doc | None = None
    pay_by: date | None = None

    @property
    def delivered(self) -> bool:
        return self.notice is not None and letter_delivered(self.notice)

    @property
    def ready_on(self) -> date | None:
        """The first day the gate opens, for a delivered notice still waiting on its date."""
        return self.pay_by + timedelta(days=1) if self.pay_by is not None else None


def demand_gate(
    view: BookView,
    customer_ref: str,
    invoice_refs: Collection[str],
    today: date,
    settings: Settings | None = None,
) -> DemandGate:
    """The gate for a small claim on any of `invoice_refs`: a final notice about one of them
    (or about no invoice in particular), sent by `today`."""
    wanted = set(invoice_refs)
    notices = [
        x
        for x in view.records(customer_ref, "letters")
        if x.get("kind") == "final"
        and x["date"] <= today.isoformat()
        and (not x.get("invoices") or wanted & set(x["invoices"]))
    ]
    sent = [(letter_pay_by(x, settings), x) for x in notices if letter_delivered(x)]
    dated = sorted(((on, x) for on, x in sent if on is not None), key=lambda p: (p[0], p[1]["ref"]))
    passed = [(on, x) for on, x in dated if on < today]
    if passed:
        on, notice = passed[-1]
        return DemandGate(True, notice, on)
    if dated:
        on, notice = dated[0]
        return DemandGate(False, notice, on)
    latest = max(notices, key=lambda x: (x["date"], x["ref"]), default=None)
    return DemandGate(False, latest, None)


@dataclass
class Standing:
    """What stands between one customer's invoices and the next step of the ladder."""

    promised: dict[str, promise_states.Promise] = field(default_factory=dict)
    broken: dict[str, promise_states.Promise] = field(default_factory=dict)
    on_plan: dict[str, promise_states.PlanStatus] = field(default_factory=dict)
    off_plan: dict[str, promise_states.PlanStatus] = field(default_factory=dict)
    disputed: dict[str, Doc] = field(default_factory=dict)


def _customer_actions(ctx: Context, customer: Doc) -> Iterator[Action]:
    ref = customer["ref"]
    open_ = ctx.books.open_invoices(ref)
    if open_:
        standing = _standing(ctx, ref, open_)
        yield from _dispute_reviews(ctx, ref, standing)
        yield from _plan_checks(ctx, ref)
        firm_from = _first_firm_index(ctx)
        firm_dues = []
        for money in open_:
            decision = _limitation_decision(ctx, customer, money)
            if decision is not None:
                yield decision  # with the clock running out, reminders are no longer the question
                continue
            if money.sent_on is None:
                yield _send_first(ctx, money)
                continue
            if (
                money.ref in standing.disputed
                or money.ref in standing.promised
                or money.ref in standing.on_plan
            ):
                continue
            where = progress(ctx, ref, money)
            yield from _ladder(ctx, customer, money, standing, where)
            if firm_from is not None and where.next_index >= firm_from:
                firm_dues.append(where.due or ctx.today)
        if firm_dues and customer.get("kind") == "business":
            yield from _principal(ctx, customer, min(firm_dues))
        yield from _lien_decisions(ctx, customer, open_)
    yield from _cod(ctx, customer)
    if ctx.view.records(ref, "contracts"):
        yield from _billing_corrections(ctx, ref)


def _limitation_decision(ctx: Context, customer: Doc, money: InvoiceMoney) -> Action | None:
    """Inside the warning window of the limitation period, the one action left is to decide."""
    place = ctx.place(customer)
    if place is None or place.shortest_years is None:
        return None
    ends = limitation_ends(money.due, place.shortest_years)
    left = (ends - ctx.today).days
    if left > ctx.t.limitation_warn_days or left < 0:
        return None
    return Action(
        customer["ref"],
        money.ref,
        "decide-claim",
        ends - timedelta(days=ctx.t.limitation_warn_days),
        f"{money.ref} ({fmt(money.balance)}): {place.name}'s limitation period ends on "
        f"{ends}, in {left} days ({place.limitation_basis}; "
        f"{whose(ctx.state_of(customer))}) — after that a court may "
        "refuse the claim. Decide now: offer mediation, file in small claims with a "
        "bundle of the record, or write it off as goodwill",
        command=f"tradebook bundle {customer['ref']} --kind mediation|small-claims -o FILE.pdf",
    )


def _lien_decisions(ctx: Context, customer: Doc, open_: list[InvoiceMoney]) -> Iterator[Action]:
    """Before the lien window closes — and so before the ladder's slower steps (mediation, small
    claims) could run past it — the electrician decides: prepare the lien, or let it pass. Due
    30 days before the filing date, never before the invoice is past due."""
    from tradebook.domain.lien import lien_clock

    seen: set[str] = set()
    ladder = ctx.settings.ladder
    for money in open_:
        for job_ref in money.doc.get("jobs") or ():
            if job_ref in seen:
                continue
            seen.add(job_ref)
            job = ctx.view.get(job_ref)
            clock = lien_clock(ctx.view, job, ctx.settings) if job else None
            if clock is None or clock.decision is not None or clock.days_left(ctx.today) < 0:
                continue
            due = max(money.due + timedelta(days=1), clock.warn_from())
            last_rung = chase_from(money) + timedelta(days=ladder[-1].days) if ladder else None
            past = (
                f"; the ladder's last step ({ladder[-1].title}) would fall on {last_rung}, after it"
                if last_rung and last_rung > clock.file_by
                else ""
            )
            yield Action(
                customer["ref"],
                money.ref,
                "decide-lien",
                due,
                f"{money.ref} ({fmt(money.balance)}) is unpaid and {clock.sentence()}{past}"
                " — decide now: prepare the lien, let it pass, or record the payment if "
                "it came",
                command=f"tradebook lien {job_ref} -o lien.pdf | tradebook lien {job_ref} "
                f"--let-pass | tradebook pay {money.ref} AMOUNT",
            )


def _send_first(ctx: Context, money: InvoiceMoney) -> Action:
    """An invoice never sent is the business's own loose end, not a late payer."""
    if money.due < ctx.today:
        when = f"its due date {money.due} has passed without the customer ever seeing it"
    else:
        when = f"it falls due on {money.due}"
    return Action(
        money.customer,
        money.ref,
        "send-invoice",
        money.issued,
        f"{money.ref} ({fmt(money.balance)}) was never sent — send it first, and record "
        f"how it went out; {when}, and no reminder goes out until it has been sent",
        command=f"tradebook invoice send {money.ref} --via email|post|certified|hand",
    )


def chase_from(money: InvoiceMoney) -> date:
    """The day the ladder counts from: the due date, or the day the invoice was sent if later
    (a customer cannot be late with a bill they never had)."""
    sent = money.sent_on
    return money.due if sent is None or sent <= money.due else sent


def _first_firm_index(ctx: Context) -> int | None:
    return next((i for i, s in enumerate(ctx.settings.ladder) if s.firm), None)


def _standing(ctx: Context, ref: str, overdue: list[InvoiceMoney]) -> Standing:
    standing = Standing()
    refs = {m.ref for m in overdue}
    for promise in promise_states.customer_promises(
        ctx.view, ref, ctx.today, ctx.t.promise_grace_days
    ):
        target = (
            standing.promised
            if promise.state == promise_states.OPEN
            else (standing.broken if promise.state == promise_states.BROKEN else None)
        )
        if target is not None:
            for inv in set(promise.invoices) & refs:
                target[inv] = promise
    for status in promise_states.customer_plans(ctx.view, ref, ctx.today, ctx.t.plan_grace_days):
        plan_target = (
            standing.on_plan if status.on_track else (standing.off_plan if status.broken else None)
        )
        if plan_target is not None:
            for inv in set(status.invoices) & refs:
                plan_target[inv] = status
    for dispute in open_disputes(ctx.books, ref):
        for inv in set(dispute.get("invoices") or refs) & refs:
            standing.disputed.setdefault(inv, dispute)
    return standing


def _dispute_reviews(ctx: Context, ref: str, standing: Standing) -> Iterator[Action]:
    by_dispute: dict[str, list[str]] = {}
    for inv, dispute in sorted(standing.disputed.items()):
        by_dispute.setdefault(dispute["ref"], []).append(inv)
    for dispute_ref, invoices in by_dispute.items():
        dispute = ctx.view.get(dispute_ref) or {}
        raised = date_of(dispute["at"])
        yield Action(
            ref,
            invoices[0] if len(invoices) == 1 else None,
            "review",
            raised,
            f"dispute raised on {raised} ({dispute_ref}) about {', '.join(invoices)}: "
            "chasing stops until it is talked through — check the agreement or quote, "
            "whether the work was accepted, and the invoice itself; then log the "
            "conversation that settles it, marked as settling the dispute",
            command=f'tradebook log {ref} "..." --via call --outcome agreed --resolve-dispute',
        )


def _plan_checks(ctx: Context, ref: str) -> Iterator[Action]:
    for status in promise_states.customer_plans(ctx.view, ref, ctx.today, ctx.t.plan_grace_days):
        if not status.active:
            continue
        for part in status.late():
            yield Action(
                ref,
                status.invoices[0] if len(status.invoices) == 1 else None,
                "plan-check",
                part.due + timedelta(days=1),
                f"instalment {part.number} of {status.plan} ({fmt(part.amount)}, due "
                f"{part.due}) has not arrived yet: a friendly check-in before it counts "
                "as missed",
            )


# ----- the ladder itself ---------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """How far up the ladder one invoice is, and when its next step falls due."""

    done: dict[int, tuple[date, str]]  # step index -> (date, letter, contact or case ref)
    reached: int  # index of the highest step taken, -1 for none
    due: date | None  # when the next step falls due; None once every step is taken
    last_done: date | None = None  # the latest day any step was taken (again), whichever step

    @property
    def next_index(self) -> int:
        return self.reached + 1


def progress(ctx: Context, customer_ref: str, money: InvoiceMoney) -> Progress:
    """The next step falls due its days after the chase starts, and never sooner than the
    step gap after the latest step taken."""
    ladder = ctx.settings.ladder
    done, latest = _steps_done(ctx, customer_ref, money)
    reached = max(done, default=-1)
    if reached + 1 >= len(ladder):
        return Progress(done, reached, None, latest)
    due = chase_from(money) + timedelta(days=ladder[reached + 1].days)
    if latest is not None:
        due = max(due, latest + timedelta(days=ctx.t.step_gap_days))
    return Progress(done, reached, due, latest)


def _steps_done(
    ctx: Context, customer_ref: str, money: InvoiceMoney
) -> tuple[dict[int, tuple[date, str]], date | None]:
    """Ladder steps already taken: a letter of the step's kind that went out (one only
    prepared, its delivery never recorded, is no step), a case, or (where the step allows
    it) any message that reached the customer after the chase started — a call nobody
    answered is no reminder."""
    ladder = ctx.settings.ladder
    start = chase_from(money)
    done: dict[int, tuple[date, str]] = {}  # each step as first taken
    days: list[date] = []

    def take(index: int, day: date, ref: str) -> None:
        days.append(day)
        if index not in done or day < done[index][0]:
            done[index] = (day, ref)

    for letter in ctx.view.records(customer_ref, "letters"):
        sent = date.fromisoformat(letter["date"])
        if not _letter_about(letter, money) or not letter_delivered(letter):
            continue
        for i, step in enumerate(ladder):
            if letter.get("kind") in (step.letter, step.action):
                take(i, sent, letter["ref"])
    for case in ctx.view.records(customer_ref, "cases"):
        for i, step in enumerate(ladder):
            if case.get("kind") == step.action:
                filed = case.get("filed")
                take(
                    i,
                    date.fromisoformat(filed) if filed else start + timedelta(days=step.days),
                    case["ref"],
                )
    by_contact = [i for i, step in enumerate(ladder) if step.by_contact]
    if by_contact:
        for contact in ctx.books.contacts(customer_ref):
            day = date_of(contact["at"])
            if (
                contact["direction"] == "out"
                and contact.get("outcome") != "no-answer"
                and day > start
                and _about(contact, money)
            ):
                for i in by_contact:
                    if i not in done or day < done[i][0]:  # only the message that did the step
                        take(i, day, contact["ref"])
                break
    return done, max(days, default=None)


def _letter_about(letter: Doc, money: InvoiceMoney) -> bool:
    """A letter is about the invoice it names, or, naming none, every invoice issued before it."""
    about = letter.get("invoices") or ()
    return money.ref in about or (not about and date.fromisoformat(letter["date"]) >= money.issued)


def _prepared(ctx: Context, customer_ref: str, money: InvoiceMoney, kind: str | None) -> Doc | None:
    """The latest letter of `kind` about the invoice that was made but never recorded as sent."""
    found = [
        x
        for x in ctx.view.records(customer_ref, "letters")
        if x.get("kind") == kind and _letter_about(x, money) and not letter_delivered(x)
    ]
    return found[-1] if found else None


def _about(contact: Doc, money: InvoiceMoney) -> bool:
    about = contact.get("invoices") or ()
    return not about or money.ref in about


def _ladder(
    ctx: Context, customer: Doc, money: InvoiceMoney, standing: Standing, where: Progress
) -> Iterator[Action]:
    ladder = ctx.settings.ladder
    ref = customer["ref"]
    if where.due is None:
        return
    step = ladder[where.next_index]
    why = [_owed(ctx, money)]
    if where.reached >= 0:
        day, by = where.done[where.reached]
        why.append(f"{ladder[where.reached].title} done {day} ({by})")
    resumed, resumed_on = _resumed(ctx, money.ref, standing)
    why.extend(resumed)
    due = max(where.due, resumed_on) if resumed_on else where.due
    if step is ctx.settings.first_firm_step:
        review = due - timedelta(days=ctx.t.review_lead_days)
        if where.last_done is not None:
            review = max(review, where.last_done)
        yield Action(
            ref,
            money.ref,
            "review",
            review,
            "; ".join([*why, "before the first firm letter: " + _review_points(ctx, money)]),
        )
    command = None
    if step.action == "small-claims":
        gate = demand_gate(ctx.view, ref, (money.ref,), ctx.today, ctx.settings)
        if not gate.delivered:
            yield _final_first(ctx, money, gate, due, why)
            return
        notice = gate.notice or {}
        if not gate.met and gate.ready_on is not None:
            due = max(due, gate.ready_on)
            why.append(
                f"final notice {notice['ref']} asks for payment by {gate.pay_by}: the "
                "bundle is ready once that date has passed"
            )
        else:
            why.append(
                f"final notice {notice['ref']} was delivered on {notice['date']} and its "
                f"pay-by date {gate.pay_by} has passed"
            )
        command = f"tradebook bundle {ref} --kind small-claims -o FILE.pdf"
    if step.call:
        why.append(
            f"next: {step.title} — send the {step.letter or step.action} letter and ring "
            "the customer the same day"
        )
    else:
        why.append(_step_reason(ctx, customer, money, step))
    prepared = _prepared(ctx, ref, money, step.letter) if step.letter else None
    if prepared is not None:
        why.append(
            f"{prepared['ref']} was made on {prepared['date']} but is not recorded as sent: "
            "once it goes out, record how"
        )
        command = f"tradebook sent {prepared['ref']} --via post"
    yield Action(ref, money.ref, step.action, due, "; ".join(why), step.letter, command=command)
    yield from _call(ctx, customer, money, where, why[0], due, resumed_on)


def _final_first(
    ctx: Context, money: InvoiceMoney, gate: DemandGate, due: date, why: list[str]
) -> Action:
    """Before any small claim: a final notice the customer can be shown to have received."""
    command = (
        f"tradebook letter {money.ref} --kind final --send-via certified --tracking NO -o final.pdf"
    )
    if gate.notice is not None:
        missing = (
            f"final notice {gate.notice['ref']} was prepared but its delivery was never "
            "recorded, so it cannot be shown the customer got it"
        )
        command = f"tradebook sent {gate.notice['ref']} --via certified --tracking NO"
    else:
        missing = f"no final notice about {money.ref} was sent"
    why = [
        *why,
        f"{missing}; a small-claims bundle needs one delivered and its pay-by date "
        "passed — send the final notice by certified mail and record how it went",
    ]
    return Action(money.customer, money.ref, "final", due, "; ".join(why), "final", command=command)


def _owed(ctx: Context, money: InvoiceMoney) -> str:
    """How late the invoice is, in words, and since when the chase counts."""
    days = (ctx.today - money.due).days
    if days > 0:
        text = f"{money.ref} ({fmt(money.balance)}) is {days} days overdue (due {money.due})"
    elif days == 0:
        text = f"{money.ref} ({fmt(money.balance)}) falls due today"
    else:
        text = f"{money.ref} ({fmt(money.balance)}) falls due on {money.due}"
    start = chase_from(money)
    if start > money.due:
        text += f", but was only sent on {start}: the steps count from then"
    return text


def _resumed(ctx: Context, invoice: str, standing: Standing) -> tuple[list[str], date | None]:
    """Why chasing starts again after a broken promise or a missed instalment, and from when."""
    notes, since = [], []
    if invoice in standing.broken:
        promise = standing.broken[invoice]
        notes.append(f"the {promise.describe()} was broken, so chasing resumes")
        since.append(promise.due + timedelta(days=ctx.t.promise_grace_days + 1))
    if invoice in standing.off_plan:
        status = standing.off_plan[invoice]
        missed = status.missed()[0]
        notes.append(
            f"instalment {missed.number} of {status.plan} ({fmt(missed.amount)}, due "
            f"{missed.due}) was missed, so chasing resumes"
        )
        since.append(missed.due + timedelta(days=ctx.t.plan_grace_days + 1))
    return notes, max(since, default=None)


def _step_reason(ctx: Context, customer: Doc, money: InvoiceMoney, step: Step) -> str:
    if step.action == "final":
        return (
            f"next: {step.title} — name a deadline {ctx.t.final_deadline_days} days after "
            "sending and the next lawful step (mediation, then small claims)"
        )
    if step.action == "small-claims":
        return "next: " + step.title + " — " + _claim_check(ctx, customer, money)
    if step.action == "mediation":
        return f"next: {step.title} — a neutral third party before any court"
    return f"next: {step.title}"


def _claim_check(ctx: Context, customer: Doc, money: InvoiceMoney) -> str:
    place = ctx.place(customer)
    chosen = ctx.state_of(customer)
    if place is None:
        return (
            f"no small-claims figures for {chosen.name} ({whose(chosen)}): check the court's "
            "limit before filing"
        )
    entity = claimant(ctx.view)
    limit = place.limit_for(entity)
    owed = sum(m.balance for m in ctx.books.open_invoices(customer["ref"]) if m.due < ctx.today)
    notes = []
    if limit is None:
        notes.append(f"{place.name}'s small-claims limit is not recorded: look it up")
    elif owed > limit:
        notes.append(
            f"{fmt(owed)} overdue is over {place.limit_words(entity)} of {fmt(limit)} "
            f"({whose(chosen)}): {place.over_limit_advice(limit)}"
        )
    else:
        notes.append(
            f"{fmt(owed)} overdue is within {place.limit_words(entity)} of {fmt(limit)} "
            f"({place.limit_dated}; {whose(chosen)})"
        )
    if place.shortest_years is not None:
        notes.append(
            f"the limitation period ends {limitation_ends(money.due, place.shortest_years)} "
            f"({place.limitation_basis})"
        )
    if place.demand_required:
        notes.append("a demand letter must be sent first")
    return "; ".join(notes)


def _review_points(ctx: Context, money: InvoiceMoney) -> str:
    jobs = money.doc.get("jobs") or []
    papers = []
    for job_ref in jobs:
        job = ctx.view.get(job_ref) or {}
        quote = f" quoted {fmt(job['quote'])}" if job.get("quote") else ""
        done = f", done {job['done']}" if job.get("done") else ""
        papers.append(f"{job_ref}{quote}{done}")
    agreement = ", ".join(papers) if papers else (money.doc.get("contract") or "the agreement")
    return (
        f"check the agreement or quote ({agreement}), that the work was accepted, and "
        f"{money.ref} itself for mistakes"
    )


def _call(
    ctx: Context,
    customer: Doc,
    money: InvoiceMoney,
    where: Progress,
    owed: str,
    next_due: date,
    not_before: date | None,
) -> Iterator[Action]:
    """The call that is part of a step, due the same day as the step's letter (or, when that
    letter already went out without it, the day it went), unless the customer has already
    been spoken to since the chase started."""
    ladder = ctx.settings.ladder
    calls = [i for i, s in enumerate(ladder) if s.call and i <= where.next_index]
    if not calls or calls[-1] < where.reached or _spoken_since(ctx, customer["ref"], money, where):
        return
    index = calls[-1]
    step = ladder[index]
    if index == where.next_index:
        due, part = next_due, f"with the {step.title}"
    else:
        sent = where.done[index][0]
        due, part = max(sent, not_before or sent), f"to go with the {step.title} sent {sent}"
    from tradebook.domain.creditor import next_call_allowed

    capped = next_call_allowed(ctx.view, customer, max(due, ctx.today), ctx.settings)
    held = ""
    if capped is not None:
        due, held = max(due, capped[0]), f" — not before {capped[0]}: {capped[1]}"
    yield Action(
        customer["ref"],
        money.ref,
        "call",
        due,
        f"{owed}; ring the customer {part}: listen, stay courteous, ask when they can "
        "pay and log how it went (--outcome) and what was said (a promise, a problem, a "
        f"plan){held}",
    )


def _spoken_since(ctx: Context, customer_ref: str, money: InvoiceMoney, where: Progress) -> bool:
    """A conversation about the invoice since the chase started — the customer answered a
    call or visit, or got in touch — other than one that already served as an earlier step."""
    used = {ref for _, ref in where.done.values()}
    start = chase_from(money)
    return any(
        contact["via"] != "letter"
        and not contact.get("letter")
        and heard_from(contact)
        and contact["ref"] not in used
        and date_of(contact["at"]) > start
        and _about(contact, money)
        for contact in ctx.books.contacts(customer_ref)
    )


def _principal(ctx: Context, customer: Doc, firm_due: date) -> Iterator[Action]:
    ref = customer["ref"]
    principal = customer.get("principal")
    names = [principal.casefold()] if principal else []
    names.append("principal")
    for contact in ctx.books.contacts(ref):
        if date_of(contact["at"]) >= firm_due and any(
            n in contact["summary"].casefold() for n in names
        ):
            return
    who = principal or "the owner or director (find out who runs the firm)"
    yield Action(
        ref,
        None,
        "contact-principal",
        firm_due,
        f"{customer['name']} is a business and its bill has reached the firm step: "
        f"contact {who} directly, courteously, and log the conversation naming them",
    )


# ----- prevention and billing mistakes ----------------------------------------------------------


def _cod(ctx: Context, customer: Doc) -> Iterator[Action]:
    ref = customer["ref"]
    if customer.get("cod") or ref not in recently_active(ctx):
        return
    if any(letter.get("kind") == "cod-notice" for letter in ctx.view.records(ref, "letters")):
        return
    record = bad_record(ctx, ref)
    if not record:
        return
    latest = max(day for day, _ in record)
    yield Action(
        ref,
        None,
        "cod",
        latest,
        f"{customer['name']} has a bad payment record ({'; '.join(t for _, t in record[:3])}): "
        "ask for cash on delivery or payment up front for future work",
        "cod-notice",
    )


def bad_record(ctx: Context, customer_ref: str) -> list[tuple[date, str]]:
    """The events that make a customer a risk for credit: (date, what happened) — a bounced
    payment, enough broken promises, or an invoice that was chased up to the first firm step.
    Lateness alone is not a bad record: not before the reminders went out, and never for the
    days an invoice sat unsent."""
    record: list[tuple[date, str]] = [
        (date.fromisoformat(p["bounced"]), f"{p['ref']} bounced")
        for p in ctx.books.bounced.get(customer_ref, ())
    ]
    if customer_ref in ctx.books.promising:
        broken = [
            p
            for p in promise_states.customer_promises(
                ctx.view, customer_ref, ctx.today, ctx.t.promise_grace_days
            )
            if p.state == promise_states.BROKEN
        ]
        if len(broken) >= ctx.t.bad_record_broken_promises:
            record.extend((p.due, f"broken promise {p.contact}") for p in broken)
    firm = _first_firm_index(ctx)
    if firm is not None:
        for money in ctx.books.customer_invoices(customer_ref):
            reached = _reached_firm_step(ctx, customer_ref, money, firm)
            if reached is not None:
                late = ((money.settled_on or ctx.today) - chase_from(money)).days
                record.append(
                    (
                        reached,
                        f"{money.ref} reached the {ctx.settings.ladder[firm].title} "
                        f"({late} days late)",
                    )
                )
    return sorted(record, key=lambda r: r[0], reverse=True)


def _reached_firm_step(
    ctx: Context, customer_ref: str, money: InvoiceMoney, firm: int
) -> date | None:
    """The day a firm step (a firm letter or later) was taken for the invoice while it was
    still unpaid, if one was."""
    if money.sent_on is None:
        return None
    if not (
        ctx.view.records(customer_ref, "letters") or ctx.view.records(customer_ref, "cases")
    ) and not any(step.by_contact for step in ctx.settings.ladder[firm:]):
        return None  # firm steps are taken by letters or cases, and this customer has neither
    unpaid_until = money.settled_on or (ctx.today if money.balance > 0 else None)
    if unpaid_until is None or unpaid_until <= chase_from(money):
        return None
    where = progress(ctx, customer_ref, money)
    taken = [day for i, (day, _) in where.done.items() if i >= firm and day < unpaid_until]
    return min(taken, default=None)


def recently_active(ctx: Context) -> set[str]:
    """Customers who had a bill or work within the recent-activity window: the ones for whom
    terms of future work still matter."""
    found = ctx.cache.get("recently_active")
    if found is None:
        since = ctx.days_ago(ctx.t.recent_activity_days).isoformat()
        until = ctx.today.isoformat()
        found = {
            m.customer for m in ctx.books.invoices.values() if since <= m.doc["issued"] <= until
        }
        found.update(j["customer"] for j in ctx.view.table("jobs") if since <= j["start"] <= until)
        ctx.cache["recently_active"] = found
    return found


def _billing_corrections(ctx: Context, ref: str) -> Iterator[Action]:
    for arrears in customer_arrears(ctx.view, ref, ctx.today):
        since = last_short_day(ctx.view, arrears)
        talk = talked_since(ctx.view, ref, since)
        if talk is None:
            yield Action(
                ref,
                None,
                "talk-first",
                since,
                f"{arrears.describe()}: call or visit the customer before any correction "
                "goes out — explain the mistake and offer to add it to the next invoice, "
                "bill it separately, or write it off as goodwill",
            )
        else:
            yield Action(
                ref,
                None,
                "correction",
                date_of(talk["at"]),
                f"{arrears.describe()}; you talked on {date_of(talk['at'])} "
                f"({talk['ref']}): record the option they chose and send the "
                "correction letter",
                "correction",
                command=f"tradebook correction record {ref} --contract "
                f"{arrears.contract} --option ...",
            )
