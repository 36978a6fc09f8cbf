"""What a customer owes as a claim: principal apart from agreed fees and interest, the
jurisdiction it would be heard in, and when the limitation period runs out.

Letters and bundles both draw on this, so a final notice and the bundle that may follow
it always name the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction

from tradebook.documents.wording import and_join, long_date
from tradebook.domain.accounts import InvoiceMoney, accounts
from tradebook.domain.fees import describe_terms, invoice_fees, simple_interest, terms_of
from tradebook.domain.jurisdictions import (
    Jurisdiction,
    customer_rules,
    jurisdiction,
    limitation_ends,
)
from tradebook.domain.ladder import letter_delivered, letter_pay_by
from tradebook.domain.money import fmt
from tradebook.domain.view import BookView, Doc
from tradebook.model.records import Shape
from tradebook.settings import Settings

#: Letters that ask to be paid: an invoice named in one of these, delivered, was demanded.
CHASING_KINDS = ("reminder", "second-reminder", "firm", "final", "mediation", "plan-offer")


@dataclass(frozen=True)
class Demand:
    """A chasing letter that reached the customer: what it asked for, on what, by when."""

    ref: str
    kind: str
    on: date
    pay_by: date | None
    invoices: tuple[str, ...]
    principal: int
    late_fees: int = 0
    interest: int = 0  # counted to the letter's date
    #: False for a letter written before letters kept what they asked for: its principal is
    #: the ledger's balance of its invoices on its date, and it asked for no fees
    recorded: bool = True

    @property
    def total(self) -> int:
        return self.principal + self.late_fees + self.interest

    @property
    def fees(self) -> int:
        return self.late_fees + self.interest


@dataclass(frozen=True)
class NotClaimed:
    """Money the ledger shows but the claim leaves out, and why."""

    what: str  # "INV-0004", or "Late fees and interest on INV-0001"
    amount: int
    reason: str  # "not yet due: due 2026-12-20"


@dataclass(frozen=True)
class Claim:
    invoices: tuple[Doc, ...]
    principal: int
    late_fees: int
    interest: int
    #: the part of `interest` that accrued since `fee_basis` was sent, on the same agreed terms
    accrued: int = 0
    #: the latest delivered letter that asked for fees or interest, when one did
    fee_basis: Demand | None = None
    #: every delivered chasing letter about the customer's invoices, oldest first
    demands: tuple[Demand, ...] = ()
    not_claimed: tuple[NotClaimed, ...] = ()
    #: (what, amount) lines from the last demand to the total claimed; they add up to it
    from_demand: tuple[tuple[str, int], ...] = field(default=())
    terms: str = ""

    @property
    def total(self) -> int:
        return self.principal + self.late_fees + self.interest

    @property
    def interest_demanded(self) -> int:
        return self.interest - self.accrued

    @property
    def last_demand(self) -> Demand | None:
        """The latest delivered demand that names an invoice claimed."""
        refs = set(self.refs)
        return next((d for d in reversed(self.demands) if refs & set(d.invoices)), None)

    def demands_of(self, invoice_ref: str) -> list[Demand]:
        return [d for d in self.demands if invoice_ref in d.invoices]

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(inv["ref"] for inv in self.invoices)


def open_invoices(view: BookView, customer_ref: str) -> list[Doc]:
    """The customer's invoices with money still owed, oldest first."""
    books = accounts(view)
    return [inv for inv in view.records(customer_ref, "invoices") if books.money(inv).balance > 0]


def claim_for(
    view: BookView, customer_ref: str, today: date, invoices: list[Doc] | None = None
) -> Claim:
    """Principal owed, plus the late fees and interest that were agreed (never invented)."""
    chosen = open_invoices(view, customer_ref) if invoices is None else invoices
    late = interest = 0
    for inv in chosen:
        fees = invoice_fees(view, inv, today)
        late += fees.late_fee
        interest += fees.interest
    principal = sum(accounts(view).money(inv).balance for inv in chosen)
    return Claim(tuple(chosen), principal, late, interest)


def demands_of(
    view: BookView, customer_ref: str, today: date, settings: Settings | None = None
) -> list[Demand]:
    """Every chasing letter delivered to the customer by `today`, oldest first, with what it
    asked for (a letter naming no invoice asked about every one open on its date)."""
    books = accounts(view)
    mine = books.customer_invoices(customer_ref)
    found = []
    for letter in sorted(
        view.records(customer_ref, "letters"), key=lambda x: (x["date"], x["ref"])
    ):
        if letter.get("kind") not in CHASING_KINDS or not letter_delivered(letter):
            continue
        on = date.fromisoformat(letter["date"])
        if on > today:
            continue
        refs = tuple(
            letter.get("invoices")
            or (m.ref for m in mine if m.issued <= on and m.balance_on(on) > 0)
        )
        asked = letter.get("demanded")
        if isinstance(asked, (dict, Shape)):
            found.append(
                Demand(
                    letter["ref"],
                    letter["kind"],
                    on,
                    letter_pay_by(letter, settings),
                    refs,
                    int(asked.get("principal") or 0),
                    int(asked.get("late_fees") or 0),
                    int(asked.get("interest") or 0),
                )
            )
        else:
            owed = sum(books.invoices[r].balance_on(on) for r in refs if r in books.invoices)
            found.append(
                Demand(
                    letter["ref"],
                    letter["kind"],
                    on,
                    letter_pay_by(letter, settings),
                    refs,
                    owed,
                    recorded=False,
                )
            )
    return found


def demanded_claim(
    view: BookView, customer_ref: str, today: date, settings: Settings | None = None
) -> Claim:
    """What a bundle claims: the principal past due and named in a delivered chasing letter,
    and late fees and interest only as a delivered letter asked for them (plus the interest
    accrued since on the same terms). Everything else the ledger shows is listed as not
    claimed, with the reason."""
    books = accounts(view)
    demands = demands_of(view, customer_ref, today, settings)
    named = {ref for d in demands for ref in d.invoices}
    claimed: list[InvoiceMoney] = []
    left: list[NotClaimed] = []
    for money in books.open_invoices(customer_ref):
        if money.due >= today:
            left.append(NotClaimed(money.ref, money.balance, f"not yet due: due {money.due}"))
        elif money.ref not in named:
            left.append(
                NotClaimed(money.ref, money.balance, "never demanded in a delivered letter")
            )
        else:
            claimed.append(money)
    refs = {m.ref for m in claimed}
    terms = terms_of(view, customer_ref)
    basis = next((d for d in reversed(demands) if d.fees and refs & set(d.invoices)), None)
    late = interest = accrued = 0
    if basis is not None:
        late, interest = basis.late_fees, basis.interest
        if terms is not None and terms["kind"] == "percent":
            pct = Fraction(str(terms["pct"]))
            for money in claimed:
                if money.ref in basis.invoices:
                    accrued += simple_interest(money, pct, today) - simple_interest(
                        money, pct, basis.on
                    )
        interest += accrued
    unasked = [m for m in claimed if basis is None or m.ref not in basis.invoices]
    fees = sum(invoice_fees(view, m.ref, today).total for m in unasked)
    if fees:
        which = (
            ", ".join(m.ref for m in unasked)
            if len(unasked) <= 4
            else f"{len(unasked)} invoices claimed"
        )
        left.append(
            NotClaimed(
                f"Late fees and interest on {which}",
                fees,
                f"agreed ({describe_terms(terms)}) but never demanded in a delivered letter",
            )
        )
    claim = Claim(
        tuple(m.doc for m in claimed),
        sum(m.balance for m in claimed),
        late,
        interest,
        accrued,
        basis,
        tuple(demands),
        tuple(left),
        terms=describe_terms(terms),
    )
    return _with_reconciliation(view, claim, today)


def _with_reconciliation(view: BookView, claim: Claim, today: date) -> Claim:
    """The lines that take the last demand's total to the total claimed, to the cent."""
    last = claim.last_demand
    if last is None:
        return claim
    books = accounts(view)
    claimed = set(claim.refs)
    lines: list[tuple[str, int]] = [
        (f"Asked for in {last.ref} of {long_date(last.on)}", last.total)
    ]
    in_last = [books.invoices[r] for r in last.invoices if r in books.invoices]
    on_the_day = sum(m.balance_on(last.on) for m in in_last)
    if on_the_day != last.principal:
        lines.append(
            (
                f"Balance of {and_join(list(last.invoices))} on {long_date(last.on)} "
                f"against the principal {last.ref} asked for",
                on_the_day - last.principal,
            )
        )
    paid = returned = adjusted = 0
    for money in in_last:
        for credit in money.credits:
            if last.on < credit.on <= today and credit.bounced is None:
                paid += credit.amount
            elif (
                credit.on <= last.on
                and credit.bounced is not None
                and last.on < credit.bounced <= today
            ):
                returned += credit.amount
        adjusted += sum(amount for on, amount in money.adjustments if last.on < on <= today)
    if paid:
        lines.append(("Paid since", -paid))
    if returned:
        lines.append(("Payments returned unpaid since", returned))
    if adjusted:
        lines.append(("Credit notes and corrections since", adjusted))
    for money in in_last:
        if money.ref not in claimed and money.balance > 0:
            why = next((n.reason for n in claim.not_claimed if n.what == money.ref), "not claimed")
            lines.append((f"{money.ref} not claimed ({why})", -money.balance))
    for inv in claim.invoices:
        if inv["ref"] not in last.invoices:
            earlier = next((d.ref for d in reversed(claim.demands) if inv["ref"] in d.invoices), "")
            owed = accounts(view).money(inv).balance
            lines.append((f"{inv['ref']}, demanded in {earlier}", owed))
    basis = claim.fee_basis  # the last demand itself, or (when it asked for none) an earlier one
    if basis is not None and basis.ref != last.ref:
        lines.append((f"Late fees and interest asked for in {basis.ref}", basis.fees))
    if basis is not None and claim.accrued:
        lines.append(
            (
                f"Interest accrued since {long_date(basis.on)} on the same agreed terms",
                claim.accrued,
            )
        )
    gap = claim.total - sum(amount for _, amount in lines)
    if gap:
        lines.append(("Not explained by the record", gap))
    lines.append(("Claimed", claim.total))
    return replace(claim, from_demand=tuple(lines))


@dataclass(frozen=True)
class Venue:
    """The jurisdiction a claim would be heard in, or why it is not known."""

    code: str | None
    rules: Jurisdiction | None
    problem: str = ""
    #: who would claim: a `business` unless the profile says `individual`; some states
    #: (California) set businesses a lower limit
    entity: str = "business"
    #: why this state's rules: "the customer's address (KY 40205)"
    reason: str = ""

    @property
    def limit(self) -> int | None:
        return self.rules.limit_for(self.entity) if self.rules is not None else None

    @property
    def name(self) -> str:
        return self.rules.name if self.rules is not None else (self.code or "unknown")

    def limit_text(self) -> str:
        """`$2,500.00, not counting interest and costs (source: …, read 2026-12-06)`, or what is
        missing."""
        if self.rules is None:
            return self.problem
        if self.limit is None:
            return f"no small-claims limit on record — {self.rules.limit_note or 'look it up'}"
        rules = self.rules
        dated = rules.limit_dated
        source = f"; source: {rules.source}" if rules.source else ""
        address = f", {rules.source_address}" if rules.source_address else ""
        note = f". {rules.limit_note[0].upper()}{rules.limit_note[1:]}" if rules.limit_note else ""
        differs = rules.limit_for("business") != rules.limit_for("individual")
        who = f" for a claimant that is {'a business' if self.entity == 'business' else 'an individual'}"
        who = who if differs else ""
        return f"{fmt(self.limit)}{who} (limit {dated}{source}{address}){note}"


def venue_for(view: BookView, customer: Doc, settings: Settings | None = None) -> Venue:
    """The customer's state as recorded, else the one its address names, else the business's
    own — with the reason, so every document can say whose rules it applied and why."""
    chosen = customer_rules(view.profile, customer, settings)
    code = chosen.code
    if not code:
        return Venue(
            None,
            None,
            "no state on record — set the customer's with `tradebook "
            f"customer edit {customer.get('ref', '')} --state XX` or the business's with "
            "`tradebook init --state XX`",
            reason=chosen.reason,
        )
    rules = jurisdiction(code, settings)
    if rules is None:
        return Venue(
            code.upper(),
            None,
            f"no small-claims figures for {code.upper()} — add them "
            f"under [jurisdictions.{code.upper()}] in settings.toml",
            reason=chosen.reason,
        )
    return Venue(code.upper(), rules, entity=claimant_entity(view.profile), reason=chosen.reason)


def claimant_entity(profile: Doc) -> str:
    """What the business is as a claimant: an `individual` (a sole proprietor suing in their
    own name) or a `business` (an LLC, a corporation, a partnership)."""
    return (
        "individual" if profile.get("entity") in ("individual", "sole-proprietor") else "business"
    )


@dataclass(frozen=True)
class Limitation:
    accrued: date
    years: int
    ends: date
    basis: str

    def open_on(self, today: date) -> bool:
        return today <= self.ends


def limitation_basis(rules: Jurisdiction) -> str:
    """Why this period is the one counted: always the shorter of the state's periods."""
    written, oral = rules.written_years, rules.oral_years
    if written is not None and oral is not None and oral < written:
        return (
            "to be safe, the shorter oral-contract period; a signed written contract "
            "may allow longer"
        )
    if written is not None and oral is not None and written < oral:
        return "to be safe, the shorter written-contract period"
    return "the state's contract period"


def limitation_for(invoices: Sequence[Doc], venue: Venue) -> Limitation | None:
    """When the oldest of `invoices` stops being claimable, counted on the shorter of the
    state's periods from its due date; None if that cannot be told."""
    if not invoices or venue.rules is None:
        return None
    years = venue.rules.shortest_years
    if not years:
        return None
    accrued = min(date.fromisoformat(inv["due"]) for inv in invoices)
    return Limitation(
        accrued, int(years), limitation_ends(accrued, int(years)), limitation_basis(venue.rules)
    )
