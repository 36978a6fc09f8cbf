"""The filing sheet: what it takes to start the small claim in the customer's state, filled from
the book — the form and its fields in the form's order, the court and county, the fees, how the
defendant is served, the claims already filed this year against the state's cap, who may appear
for a company, what to bring, and what can happen next.

Kentucky has its form (AOC-175) and rules in the data file; for another state the sheet shows
what the data file has and lists what is missing. No fpdf2 here: `filing_pdf` draws it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tradebook.documents.claim import Claim, Venue, demanded_claim, venue_for
from tradebook.documents.wording import and_join, long_date
from tradebook.domain.jurisdictions import Jurisdiction, zip_in_address
from tradebook.domain.ladder import demand_gate
from tradebook.domain.money import fmt
from tradebook.domain.view import BookView, Doc
from tradebook.settings import DEFAULTS, Settings

#: words at the end of a name that say what kind of company it is
LLC_WORDS = re.compile(r"\b(L\.?L\.?C\.?|limited liability company|PLLC)\s*$", re.IGNORECASE)
CORP_WORDS = re.compile(r"\b(inc\.?|incorporated|corp\.?|corporation|co\.)\s*$", re.IGNORECASE)
NOT_LEGAL_ADVICE = (
    "Prepared from the business's own records as a checklist — not legal advice "
    "and not a court form. Check every field against the current form and ask the "
    "clerk before filing."
)


@dataclass(frozen=True)
class Field:
    """One field of the form, as the form asks for it, and what the book fills it with."""

    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[Field, ...] = ()
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class FilingSheet:
    customer: Doc
    today: date
    venue: Venue
    claim: Claim
    title: str
    sections: tuple[Section, ...]
    #: what the data file does not have for this state, said plainly
    missing: tuple[str, ...] = ()
    #: why a claim cannot be filed yet, when it cannot ("" when it can)
    not_ready: str = ""

    @property
    def refs(self) -> tuple[str, ...]:
        return (self.customer["ref"], *self.claim.refs)


def company_form(name: str, declared: str | None = None) -> str | None:
    """`llc`, `corporation`, or None: what the profile says (`--entity`), else what the name ends
    with (`… LLC`, `… Inc.`)."""
    if declared in ("llc", "corporation"):
        return declared
    if declared in ("individual", "sole-proprietor", "partnership"):
        return None
    if LLC_WORDS.search(name or ""):
        return "llc"
    if CORP_WORDS.search(name or ""):
        return "corporation"
    return None


def county_of(rules: Jurisdiction | None, address: str | None) -> tuple[str | None, str]:
    """(county, how it was found) from the address's ZIP code and the state's table; county None
    with what to do when the table does not have it."""
    zip_code = zip_in_address(address)
    if not zip_code:
        return None, "the defendant's address has no ZIP code: look up the county"
    table = (rules.value("zip_counties") if rules else None) or {}
    for county, zips in table.items():
        if zip_code in zips.split():
            return county, f"ZIP {zip_code}"
    return None, f"ZIP {zip_code} is not in tradebook's table: look up the county"


def claims_filed(view: BookView, year: int) -> list[Doc]:
    """The small claims this business filed in `year`, from its cases."""
    return [
        c
        for c in view.table("cases")
        if c.get("kind") == "small-claims" and str(c.get("filed") or "")[:4] == str(year)
    ]


def build_filing(
    view: BookView, customer_ref: str, today: date, settings: Settings | None = None
) -> FilingSheet:
    """The filing sheet for a small claim against the customer as of `today`."""
    settings = settings or DEFAULTS
    customer = view.get(customer_ref) or {}
    venue = venue_for(view, customer, settings)
    claim = demanded_claim(view, customer_ref, today, settings)
    not_ready = ""
    if not claim.invoices:
        not_ready = (
            "nothing this customer owes is past due and asked for in a delivered letter, "
            "so there is no claim to file yet"
        )
    else:
        gate = demand_gate(view, customer_ref, claim.refs, today, settings)
        if not gate.met:
            not_ready = (
                "no final notice was delivered and let pass: send one (certified mail) "
                "and wait for its pay-by date before filing"
            )
    rules = venue.rules
    if rules is not None and rules.value("form"):
        sections, missing = _kentucky_style(view, customer, claim, venue, today)
        title = f"Filing sheet — {rules.name} small claim"
    else:
        sections, missing = _what_is_known(view, customer, claim, venue)
        title = f"Filing sheet — {venue.name} small claim"
    return FilingSheet(
        customer, today, venue, claim, title, tuple(sections), tuple(missing), not_ready
    )


def _amount(claim: Claim) -> str:
    parts = [f"{fmt(claim.principal)} principal"]
    if claim.late_fees:
        parts.append(f"{fmt(claim.late_fees)} agreed late fees")
    if claim.interest:
        parts.append(f"{fmt(claim.interest)} agreed interest")
    return f"{fmt(claim.total)}" + (f" ({', '.join(parts)})" if len(parts) > 1 else "")


def _reason(view: BookView, claim: Claim) -> str:
    """The claim in a sentence or two, as the form's "reason" line wants it."""
    if not claim.invoices:
        return "—"
    work = []
    for inv in claim.invoices:
        for job_ref in inv.get("jobs") or ():
            job = view.get(job_ref) or {}
            if job.get("desc"):
                work.append(f"{job['desc']} at {job.get('site') or 'the site'}")
    what = and_join(work) if work else "electrical work and services"
    text = (
        f"Unpaid for {what}: invoice{'s' if len(claim.refs) > 1 else ''} "
        f"{and_join(list(claim.refs))}, past due."
    )
    last = claim.last_demand
    if last is not None:
        text += (
            f" Payment was demanded in writing ({last.ref}, {long_date(last.on)})"
            + (f", to be paid by {long_date(last.pay_by)}" if last.pay_by else "")
            + "."
        )
    return text


def _party(name: str, address: str | None, phone: str | None = None) -> str:
    lines = [name, ", ".join(x.strip() for x in (address or "").splitlines() if x.strip())]
    if phone:
        lines.append(phone)
    return "; ".join(x for x in lines if x)


def _source(rules: Jurisdiction, key: str) -> str:
    figure = rules.figure(key)
    if not figure.get("source"):
        return ""
    read = f", read {figure['read']}" if figure.get("read") else ""
    return f"Source: {figure['source']}{read}."


def _kentucky_style(
    view: BookView, customer: Doc, claim: Claim, venue: Venue, today: date
) -> tuple[list[Section], list[str]]:
    rules = venue.rules
    assert rules is not None
    profile = view.profile
    county, how = county_of(rules, customer.get("address"))
    where = f"{county} County ({how})" if county else how
    defendant_form = (
        company_form(customer.get("name", "")) if customer.get("kind") == "business" else None
    )
    claimant_form = company_form(profile.get("name", ""), profile.get("entity"))
    serve = ""
    if defendant_form:
        serve = (
            f" — an {'LLC' if defendant_form == 'llc' else 'corporation'}: name its registered "
            "agent to be served (Secretary of State's business records)"
        )
    elif customer.get("kind") == "business":
        serve = (
            " — a business: if it is an LLC or a corporation, its exact legal name and its "
            "registered agent are in the Secretary of State's business records"
        )
    cap = rules.value("claims_cap")
    year = today.year
    filed = claims_filed(view, year)
    cap_line = (
        f"{len(filed)} small claim{'s' if len(filed) != 1 else ''} filed by this business "
        f"in {year} (from its cases), of at most {cap} a {rules.figure('claims_cap').get('per', 'year')}"
        if cap
        else "no cap on record"
    )
    form = rules.value("form")
    fields = (
        Field("Court", "District Court, Small Claims Division"),
        Field("County", county or "look up the county", "" if county else how),
        Field(
            "Plaintiff",
            _party(profile.get("name", ""), profile.get("address"), profile.get("phone")),
        ),
        Field("Defendant", _party(customer.get("name", ""), customer.get("address")) + serve),
        Field(
            "Amount claimed",
            f"{_amount(claim)}, plus court costs",
            f"the limit is {fmt(venue.limit)}"
            + (f", {rules.limit_leaves_out}" if rules.limit_leaves_out else "")
            if venue.limit
            else "",
        ),
        Field("Reason for the claim", _reason(view, claim)),
        Field(
            "Claims filed this year",
            f"The plaintiff has not filed more than {cap} small claims in this calendar year — "
            f"{cap_line}."
            if cap
            else cap_line,
            "signed as an affidavit with the clerk at filing; a claim over the cap is dismissed "
            "at the plaintiff's cost",
        ),
        Field("Signature and date", "signed before the clerk when filing"),
    )
    sections = [
        Section(
            f"The form: {form.split(';')[0]}",
            fields,
            (
                "The fields the complaint asks for, in the order its published description gives them "
                f"({rules.figure('service').get('source') or 'form description'}); fill them from this sheet or "
                "copy them into the court's e-filing. Compare with the current form from the Kentucky "
                "Court of Justice before filing.",
            ),
        ),
        Section(
            "Court and where to file",
            (
                Field(
                    "Court",
                    rules.value("court") or "not on record",
                    rules.figure("court").get("note", ""),
                ),
                Field("County", where),
                Field(
                    "Whose rules", f"{rules.name}: {venue.reason}" if venue.reason else rules.name
                ),
                Field("Forms", form),
            ),
        ),
        Section(
            "Fees",
            (
                Field(
                    "Filing fee",
                    "confirm with the clerk",
                    rules.figure("filing_fee").get("note", "no official figure found"),
                ),
                Field(
                    "Sheriff service",
                    f"{fmt_money(rules.value('sheriff_fee'))} per process"
                    if rules.value("sheriff_fee")
                    else "confirm with the sheriff",
                    f"{rules.figure('sheriff_fee').get('note', '')}. {_source(rules, 'sheriff_fee')}",
                ),
            ),
        ),
        Section(
            "Service on the defendant",
            (),
            (
                f"Service is {rules.value('service') or 'as the clerk directs'}. "
                "The clerk serves the complaint; this bundle is not served — it is your evidence at "
                "the hearing.",
                "The defendant is a company: " + serve.split(": ", 1)[-1] + "."
                if serve
                else "The defendant is a person: check the home address is current before filing.",
            ),
        ),
        Section(
            "Claims this year",
            (
                Field(f"Filed in {year}", cap_line),
                *(
                    Field(c["ref"], f"{c.get('customer', '')} filed {c.get('filed')}")
                    for c in filed[:10]
                ),
            ),
        ),
        Section(
            "Who may sign and appear for the plaintiff",
            (),
            (
                (
                    f"{profile.get('name', 'The business')} is "
                    f"{'an LLC' if claimant_form == 'llc' else 'a corporation'}: "
                    f"{rules.value('company_appearance')}. {_source(rules, 'company_appearance')}"
                )
                if claimant_form
                else (
                    "The business is recorded as a person or sole proprietor: you sign and appear "
                    "yourself. If it is an LLC or a corporation, set `tradebook init --entity llc` "
                    "(or corporation): a company has rules of its own."
                ),
            ),
        ),
        Section(
            "What to bring",
            (),
            (
                "Three copies of this bundle (one for the judge, one for the defendant at the hearing, "
                "one for you); the originals of the signed quote or work order, the invoices, the "
                "letters with their certified-mail receipts and green cards, and the photos; your ID; "
                "the filing fee.",
            ),
        ),
        Section(
            "What can happen next",
            (),
            (
                f"The defendant may pay, settle, or counterclaim ({rules.value('counterclaim') or 'ask the clerk'}); "
                "a counterclaim over the small-claims limit, or a jury demand, can move the case out "
                "of small claims — ask the clerk.",
                f"Appeal: {rules.value('appeal') or 'ask the clerk'}.",
                "A judgment is not payment: if it is not paid, ask the clerk about collecting it.",
            ),
        ),
    ]
    missing = [f"{rules.name}'s filing fee (no official figure found: confirm with the clerk)"]
    return sections, missing


def fmt_money(value: str | None) -> str:
    """A decimal-string amount from the data file as money."""
    from tradebook.domain.money import parse_money

    return fmt(parse_money(value)) if value else "—"


#: what a filing sheet needs, by data-file key, and how it is named when it is missing
NEEDED = (
    ("form", "the complaint form"),
    ("court", "the court and where to file"),
    ("filing_fee", "the filing fee"),
    ("service", "how the defendant is served"),
    ("claims_cap", "any cap on claims per year"),
    ("company_appearance", "who may appear for a company"),
)


def _what_is_known(
    view: BookView, customer: Doc, claim: Claim, venue: Venue
) -> tuple[list[Section], list[str]]:
    """Another state: what the data file has, and a plain list of what it does not."""
    rules = venue.rules
    profile = view.profile
    fields = [
        Field(
            "Plaintiff",
            _party(profile.get("name", ""), profile.get("address"), profile.get("phone")),
        ),
        Field("Defendant", _party(customer.get("name", ""), customer.get("address"))),
        Field("Amount claimed", f"{_amount(claim)}, plus court costs"),
        Field("Reason for the claim", _reason(view, claim)),
        Field("Whose rules", f"{venue.name}: {venue.reason}" if venue.reason else venue.name),
        Field("Small-claims limit", venue.limit_text()),
    ]
    paragraphs = []
    if rules is not None:
        court = rules.figure("business_court")
        if court.get("value") and profile.get("entity") not in ("individual", "sole-proprietor"):
            paragraphs.append(
                f"A business claimant files in {court['value']}: {court.get('note', '')}. "
                f"Source: {court.get('source')}, {court.get('address') or ''}."
            )
        if rules.demand_note:
            fields.append(Field("Demand before filing", rules.demand_note))
        if rules.waive_excess is not None:
            fields.append(
                Field(
                    "Give up the excess to fit",
                    "allowed" if rules.waive_excess else "not allowed",
                    rules.figure("waive_excess").get("note", ""),
                )
            )
        cap = rules.figure("claims_cap")
        if cap.get("value"):
            fields.append(
                Field(
                    "Claims cap", f"{cap['value']} a {cap.get('per', 'year')}", cap.get("note", "")
                )
            )
    missing = [what for key, what in NEEDED if rules is None or rules.value(key) in (None, "")]
    if missing:
        paragraphs.append(
            f"Not in tradebook's data for {venue.name}: {and_join(missing)}. Look "
            "them up on the state's court self-help pages or ask the clerk."
        )
    return [Section("What the claim needs", tuple(fields), tuple(paragraphs))], missing
