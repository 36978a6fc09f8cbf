"""What a customer owes as a claim: principal apart from agreed fees and interest, the
jurisdiction it would be heard in, and when the limitation period runs out.

Letters and bundles both draw on this, so a final notice and the bundle that may follow
it always name the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tradebook.domain import ledger
from tradebook.domain.fees import invoice_fees
from tradebook.domain.jurisdictions import (
    Jurisdiction,
    customer_state,
    jurisdiction,
    limitation_ends,
)
from tradebook.domain.money import fmt
from tradebook.domain.view import BookView, Doc
from tradebook.settings import Settings


@dataclass(frozen=True)
class Claim:
    invoices: tuple[Doc, ...]
    principal: int
    late_fees: int
    interest: int

    @property
    def total(self) -> int:
        return self.principal + self.late_fees + self.interest

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(inv["ref"] for inv in self.invoices)


def open_invoices(view: BookView, customer_ref: str) -> list[Doc]:
    """The customer's invoices with money still owed, oldest first."""
    return [inv for inv in view.records(customer_ref, "invoices") if ledger.balance(view, inv) > 0]


def claim_for(view: BookView, customer_ref: str, today: date,
              invoices: list[Doc] | None = None) -> Claim:
    """Principal owed, plus the late fees and interest that were agreed (never invented)."""
    chosen = open_invoices(view, customer_ref) if invoices is None else invoices
    late = interest = 0
    for inv in chosen:
        fees = invoice_fees(view, inv, today)
        late += fees.late_fee
        interest += fees.interest
    principal = sum(ledger.balance(view, inv) for inv in chosen)
    return Claim(tuple(chosen), principal, late, interest)


@dataclass(frozen=True)
class Venue:
    """The jurisdiction a claim would be heard in, or why it is not known."""

    code: str | None
    rules: Jurisdiction | None
    problem: str = ""
    #: who would claim: a `business` unless the profile says `individual`; some states
    #: (California) set businesses a lower limit
    entity: str = "business"

    @property
    def limit(self) -> int | None:
        return self.rules.limit_for(self.entity) if self.rules is not None else None

    @property
    def name(self) -> str:
        return self.rules.name if self.rules is not None else (self.code or "unknown")

    def limit_text(self) -> str:
        """`$2,500.00 (limit as published 2023-09-25; source: …)`, or what is missing."""
        if self.rules is None:
            return self.problem
        if self.limit is None:
            return f"no small-claims limit on record — {self.rules.limit_note or 'look it up'}"
        dated = f"limit as published {self.rules.source_date}" if self.rules.source_date else "limit, source undated"
        source = f"; source: {self.rules.source}" if self.rules.source else ""
        note = f". {self.rules.limit_note[0].upper()}{self.rules.limit_note[1:]}" if self.rules.limit_note else ""
        differs = self.rules.limit_for("business") != self.rules.limit_for("individual")
        who = f" for a claimant that is {'a business' if self.entity == 'business' else 'an individual'}"
        who = who if differs else ""
        return f"{fmt(self.limit)}{who} ({dated}{source}){note}"


def venue_for(view: BookView, customer: Doc, settings: Settings | None = None) -> Venue:
    """The customer's state if it is recorded, else the business's own."""
    code = customer_state(view.profile, customer, settings)
    if not code:
        return Venue(None, None, "no state on record — set it with `tradebook init --state XX`")
    rules = jurisdiction(code, settings)
    if rules is None:
        return Venue(code.upper(), None, f"no small-claims figures for {code.upper()} — add them "
                     f"under [jurisdictions.{code.upper()}] in settings.toml")
    entity = "individual" if view.profile.get("entity") == "individual" else "business"
    return Venue(code.upper(), rules, entity=entity)


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
        return ("to be safe, the shorter oral-contract period; a signed written contract "
                "may allow longer")
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
    accrued = min(ledger.due_date(inv) for inv in invoices)
    return Limitation(accrued, int(years), limitation_ends(accrued, int(years)),
                      limitation_basis(venue.rules))
