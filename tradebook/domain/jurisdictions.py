"""Small-claims limits and limitation periods per state, each with its source and date.

The figures ship in `assets/jurisdictions.json`; laws change, so every figure carries where
it came from and when, and `settings.toml` can replace any of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradebook.assets import assets_dir
from tradebook.domain.money import parse_money
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
            return (f"to be safe, the shorter {which}-contract period; {other} may allow longer")
        if written is not None and written == oral:
            return "the same for written and oral contracts"
        return "the only period recorded for this state: check it before relying on it"

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@cache
def _shipped(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / "jurisdictions.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadInput(f"cannot read the jurisdiction data {path}: {exc} (reinstall tradebook)") from None
    return {code: figures for code, figures in data.items() if not code.startswith("_")}


def shipped_codes() -> list[str]:
    return sorted(_shipped(assets_dir()))


def jurisdiction(code: str | None, settings: Settings | None = None) -> Jurisdiction | None:
    """The figures for a two-letter state code, with the user's overrides; None if unknown."""
    if not code:
        return None
    code = code.strip().upper()
    shipped = _shipped(assets_dir()).get(code)
    override = dict(settings.jurisdictions.get(code, {})) if settings else {}
    if shipped is None and not override:
        return None
    figures = {key: _figure(entry) for key, entry in (shipped or {}).items() if key != "name"}
    if "small_claims_limit" in override and BUSINESS_LIMIT not in override:
        figures.pop(BUSINESS_LIMIT, None)  # the user's own figure is for every claimant
    for key, value in override.items():
        if key in ("small_claims_limit", BUSINESS_LIMIT, "written_years", "oral_years",
                   "demand_required"):
            figures[key] = {"value": value, "note": figures.get(key, {}).get("note", ""),
                            "source": override.get("source", OWN_SETTINGS),
                            "source_date": override.get("source_date")}
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
        limitation_source=(written or oral).get("source"),
        limitation_source_date=(written or oral).get("source_date"),
        limitation_note="; ".join(n for n in (written.get("note"), oral.get("note")) if n
                                  and "not recorded" not in n),
    )


def _figure(entry: Any) -> dict[str, Any]:
    return entry if isinstance(entry, dict) else {"value": entry}


def _cents(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return parse_money(str(value))


def customer_state(view_profile: dict, customer: dict, settings: Settings | None) -> str | None:
    """The state whose court would hear a claim: the customer's, else the business's."""
    return (customer.get("state") or (settings.state if settings else None)
            or view_profile.get("state") or None)


def limitation_ends(start: date, years: int) -> date:
    """`start` plus whole years; 29 February rolls back to the 28th."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)
