"""Small-claims limits and limitation periods per state, each with its source and date.

The figures ship in `assets/jurisdictions.json`; laws change, so every figure carries where
it came from and when, and `settings.toml` can replace any of them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradebook.assets import assets_dir
from tradebook.domain.money import fmt, parse_money
from tradebook.errors import BadInput

if TYPE_CHECKING:
    from tradebook.settings import Settings

OWN_SETTINGS = "your settings.toml"
#: the figure (data file and settings) of a lower limit for business claimants
BUSINESS_LIMIT = "business_small_claims_limit"


@dataclass(frozen=True)
class Jurisdiction:
    code: str
    name: str
    small_claims_limit: int | None
    limit_note: str
    written_years: int | None
    oral_years: int | None
    demand_required: bool
    demand_note: str
    #: where the small-claims limit comes from, and the date of that source
    source: str | None
    source_date: str | None
    limitation_source: str | None = None
    limitation_source_date: str | None = None
    limitation_note: str = ""
    #: a lower limit for claimants that are businesses (California), None where there is none
    business_limit: int | None = None
    #: whether a claimant may give up the part of a claim over the limit to fit it: True,
    #: False (Texas), or None where that is not on record
    waive_excess: bool | None = None
    #: what the small-claims limit does not count ("interest", "costs", "statutory interest"…)
    limit_excludes: tuple[str, ...] = ()
    #: the address of the limit's source and the day it was read
    source_address: str | None = None
    source_read: str | None = None
    #: every shipped entry as the data file has it: court, form, claims cap, service, fees,
    #: who may appear for a company, the business court, creditor rules, the lien
    figures: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def figure(self, key: str) -> dict[str, Any]:
        """One entry of the data file (`{}` when there is none): value, note, source…"""
        found = self.figures.get(key)
        return found if isinstance(found, dict) else {}

    def value(self, key: str) -> Any:
        return self.figure(key).get("value")

    @property
    def limit_dated(self) -> str:
        """`as published 2023-10-16`, else `source read 2026-12-06`: how fresh the limit is."""
        if self.source_date:
            return f"as published {self.source_date}"
        return f"source read {self.source_read}" if self.source_read else "source undated"

    @property
    def limit_leaves_out(self) -> str:
        """`not counting interest and costs`, or "" where the source says nothing about it."""
        return f"not counting {' and '.join(self.limit_excludes)}" if self.limit_excludes else ""

    @property
    def excludes_agreed_interest(self) -> bool:
        """Whether interest the customer agreed to stays out of the limit test: where the
        limit excludes interest — not where it excludes only statutory interest (Texas)."""
        return "interest" in self.limit_excludes

    @property
    def lien(self) -> dict[str, Any]:
        """The mechanic's-lien entries, or {} where they were not looked up."""
        return self.figure("lien") if "file_months" in self.figure("lien") else {}

    @property
    def creditor(self) -> dict[str, Any]:
        return self.figure("creditor")

    def limit_for(self, entity: str) -> int | None:
        """The small-claims limit for a claimant that is a `business` or an `individual`."""
        if entity == "business" and self.business_limit is not None:
            return self.business_limit
        return self.small_claims_limit

    def limit_words(self, entity: str) -> str:
        """Which limit `limit_for` gave, in words: "California's limit for businesses"."""
        if entity == "business" and self.business_limit is not None:
            return f"{self.name}'s small-claims limit for businesses"
        return f"{self.name}'s small-claims limit"

    @property
    def shortest_years(self) -> int | None:
        """The shorter limitation period: counting on it never warns too late."""
        known = [y for y in (self.written_years, self.oral_years) if y is not None]
        return min(known) if known else None

    @property
    def limitation_basis(self) -> str:
        """Which period `shortest_years` is, said plainly."""
        written, oral = self.written_years, self.oral_years
        if written is not None and oral is not None and written != oral:
            which = "oral" if oral < written else "written"
            other = "a signed written contract" if which == "oral" else "an oral agreement"
            return f"to be safe, the shorter {which}-contract period; {other} may allow longer"
        if written is not None and written == oral:
            return "the same for written and oral contracts"
        return "the only period recorded for this state: check it before relying on it"

    def over_limit_advice(self, limit: int) -> str:
        """What to do with a claim over the limit, as this state allows: never "give up the
        rest" where the state forbids it, and never promised where it is not on record."""
        split = "a claim cannot be split into smaller ones"
        if self.waive_excess is False:
            return (
                f"{split}, and {self.name} does not let you give up the excess to fit the "
                f"limit — offer mediation, or file in the court that hears larger claims"
            )
        if self.waive_excess:
            return f"{split} — offer mediation, or claim up to {fmt(limit)} and give up the rest"
        return (
            f"{split} — offer mediation; whether {self.name} lets you give up the excess to "
            "fit the limit is not on record, so ask the clerk before filing for less"
        )

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@cache
def _shipped(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / "jurisdictions.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadInput(
            f"cannot read the jurisdiction data {path}: {exc} (reinstall tradebook)"
        ) from None
    return {code: figures for code, figures in data.items() if not code.startswith("_")}


def shipped_codes() -> list[str]:
    return sorted(_shipped(assets_dir()))


#: figures already built, by (code, settings object): the settings are kept alive in the value
#: so their id is never reused while the entry stands
_BUILT: dict[tuple[str, int], tuple[Any, Jurisdiction | None]] = {}


def jurisdiction(code: str | None, settings: Settings | None = None) -> Jurisdiction | None:
    """The figures for a two-letter state code, with the user's overrides; None if unknown."""
    if not code:
        return None
    key = (code.strip().upper(), id(settings))
    found = _BUILT.get(key)
    if found is not None and found[0] is settings:
        return found[1]
    if len(_BUILT) > 512:
        _BUILT.clear()
    built = _build(key[0], settings)
    _BUILT[key] = (settings, built)
    return built


def _build(code: str, settings: Settings | None) -> Jurisdiction | None:
    shipped = _shipped(assets_dir()).get(code)
    override = dict(settings.jurisdictions.get(code, {})) if settings else {}
    if shipped is None and not override:
        return None
    figures = {key: _figure(entry) for key, entry in (shipped or {}).items() if key != "name"}
    if "small_claims_limit" in override and BUSINESS_LIMIT not in override:
        figures.pop(BUSINESS_LIMIT, None)  # the user's own figure is for every claimant
    for key, value in override.items():
        if key in (
            "small_claims_limit",
            BUSINESS_LIMIT,
            "written_years",
            "oral_years",
            "demand_required",
        ):
            figures[key] = {
                "value": value,
                "note": figures.get(key, {}).get("note", ""),
                "source": override.get("source", OWN_SETTINGS),
                "source_date": override.get("source_date"),
            }
    limit = figures.get("small_claims_limit", {})
    written = figures.get("written_years", {})
    oral = figures.get("oral_years", {})
    demand = figures.get("demand_required", {})
    return Jurisdiction(
        code=code,
        name=str(override.get("name") or (shipped or {}).get("name") or code),
        small_claims_limit=_cents(limit.get("value")),
        business_limit=_cents(figures.get(BUSINESS_LIMIT, {}).get("value")),
        limit_note=str(override.get("limit_note", limit.get("note") or "")),
        written_years=written.get("value"),
        oral_years=oral.get("value"),
        demand_required=bool(demand.get("value", False)),
        demand_note=str(override.get("demand_note", demand.get("note") or "")),
        source=limit.get("source"),
        source_date=limit.get("source_date"),
        limitation_source=_counted(written, oral).get("source"),
        limitation_source_date=(
            _counted(written, oral).get("source_date") or _counted(written, oral).get("read")
        ),
        limitation_note="; ".join(
            n for n in (written.get("note"), oral.get("note")) if n and "not recorded" not in n
        ),
        waive_excess=figures.get("waive_excess", {}).get("value"),
        limit_excludes=tuple(limit.get("excludes") or ()),
        source_address=limit.get("address"),
        source_read=limit.get("read"),
        figures=figures,
    )


def _counted(written: dict[str, Any], oral: dict[str, Any]) -> dict[str, Any]:
    """The figure of the period a limitation is counted on: the shorter one that is known."""
    known = [f for f in (oral, written) if f.get("value") is not None]
    return min(known, key=lambda f: f["value"]) if known else {}


def _figure(entry: Any) -> dict[str, Any]:
    return entry if isinstance(entry, dict) else {"value": entry}


def _cents(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return parse_money(str(value))


#: every US state (and DC) by its two-letter code
STATE_NAMES = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
}
#: first three digits of a ZIP code → state, for the states whose rules ship (USPS
#: sectional-center prefixes); a ZIP outside these tells nothing and is not guessed at
ZIP3_STATES = tuple(
    (lo, hi, code)
    for code, ranges in {
        "KY": ((400, 427),),
        "IN": ((460, 479),),
        "OH": ((430, 459),),
        "WV": ((247, 268),),
        "VA": ((201, 201), (220, 246)),
        "TN": ((370, 385),),
        "MO": ((630, 658),),
        "IL": ((600, 629),),
        "CA": ((900, 961),),
        "TX": ((750, 799), (885, 885)),
        "NY": ((100, 149),),
        "FL": ((320, 349),),
        "MA": ((10, 27), (55, 55)),
    }.items()
    for lo, hi in ranges
)
_CODE_ZIP = re.compile(
    r"(?:^|[\s,])([A-Za-z]{2})\.?\s*(\d{5})(?:-\d{4})?\s*"
    r"(?:,?\s*(?:USA?|United States))?\s*$",
    re.IGNORECASE,
)
_CODE_END = re.compile(r",\s*([A-Za-z]{2})\.?\s*$")
_ZIP_END = re.compile(
    r"(?:^|\D)(\d{5})(?:-\d{4})?\s*(?:,?\s*(?:USA?|United States))?\s*$", re.IGNORECASE
)
_NAME_END = re.compile(
    r",\s*("
    + "|".join(sorted(STATE_NAMES.values(), key=len, reverse=True))
    + r")\.?(?:\s+(\d{5})(?:-\d{4})?)?\s*(?:,?\s*(?:USA?|United States))?\s*$",
    re.IGNORECASE,
)
_BY_NAME = {name.casefold(): code for code, name in STATE_NAMES.items()}


def zip_state(zip_code: str) -> str | None:
    """The state a five-digit ZIP code belongs to, for the states in `ZIP3_STATES`."""
    if not (len(zip_code) == 5 and zip_code.isdigit()):
        return None
    prefix = int(zip_code[:3])
    return next((code for lo, hi, code in ZIP3_STATES if lo <= prefix <= hi), None)


def state_in_address(address: str | None) -> tuple[str, str] | None:
    """(state code, what in the address said so) for a US address that ends in its state
    (`KY 40205`, `Kentucky`, `, KY`) or in a ZIP code of a state in `ZIP3_STATES`; None when
    the address does not say."""
    text = " ".join((address or "").replace("\n", ", ").split())
    if not text:
        return None
    found = _CODE_ZIP.search(text)
    if found and found.group(1).upper() in STATE_NAMES:
        return found.group(1).upper(), f"{found.group(1).upper()} {found.group(2)}"
    found = _NAME_END.search(text)
    if found:
        return _BY_NAME[found.group(1).casefold()], found.group(1)
    found = _CODE_END.search(text)
    if found and found.group(1).upper() in STATE_NAMES:
        return found.group(1).upper(), found.group(1).upper()
    found = _ZIP_END.search(text)
    if found and (code := zip_state(found.group(1))):
        return code, f"ZIP {found.group(1)}"
    return None


def zip_in_address(address: str | None) -> str | None:
    """The five-digit ZIP code an address ends with, if it ends with one."""
    text = " ".join((address or "").replace("\n", ", ").split())
    found = _ZIP_END.search(text)
    return found.group(1) if found else None


@dataclass(frozen=True)
class StateOf:
    """Whose rules apply, and why: the state's code (None when nothing says) and the reason
    in a few words — "the customer's address (KY 40205)"."""

    code: str | None
    reason: str

    @property
    def name(self) -> str:
        return STATE_NAMES.get(self.code or "", self.code or "no state")

    def said(self) -> str:
        """`Kentucky (from the customer's address, KY 40205)`."""
        return f"{self.name} (from {self.reason})" if self.code else f"no state ({self.reason})"


def customer_rules(profile: dict, customer: dict, settings: Settings | None) -> StateOf:
    """The state whose rules govern a claim against the customer (its court, limit, limitation,
    creditor rules): the customer's own state as recorded, else the one its address names,
    else the business's own."""
    own = (customer.get("state") or "").strip().upper()
    if own:
        return StateOf(own, "the customer's state, as recorded")
    read = state_in_address(customer.get("address"))
    if read:
        return StateOf(read[0], f"the customer's address ({read[1]})")
    fallback = (settings.state if settings else None) or profile.get("state")
    if fallback:
        where = "your settings" if settings and settings.state else "the business profile"
        return StateOf(
            str(fallback).upper(),
            f"the business's own state in {where} — the "
            "customer's address names no state; set it with `tradebook customer edit "
            f"{customer.get('ref', 'C-0000')} --state XX`",
        )
    return StateOf(None, "neither the customer nor the business has a state on record")


def site_rules(
    profile: dict, job: dict, customer: dict | None, settings: Settings | None
) -> StateOf:
    """The state whose lien law governs a job: the site's state as recorded, else the one the
    site address names, else the customer's."""
    own = (job.get("site_state") or "").strip().upper()
    if own:
        return StateOf(own, "the job's site state, as recorded")
    read = state_in_address(job.get("site"))
    if read:
        return StateOf(read[0], f"the job's site address ({read[1]})")
    of_customer = customer_rules(profile, customer or {}, settings)
    if of_customer.code is None:
        return of_customer
    return StateOf(of_customer.code, f"{of_customer.reason}, as the site address names no state")


def customer_state(view_profile: dict, customer: dict, settings: Settings | None) -> str | None:
    """The state whose court would hear a claim (see `customer_rules`)."""
    return customer_rules(view_profile, customer, settings).code


def limitation_ends(start: date, years: int) -> date:
    """`start` plus whole years; 29 February rolls back to the 28th."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)
