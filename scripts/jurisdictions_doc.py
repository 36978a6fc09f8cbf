"""Write docs/jurisdictions.md from assets/jurisdictions.json, so the two never disagree.

python scripts/jurisdictions_doc.py          # rewrite the page
python scripts/jurisdictions_doc.py --check  # exit 1 if the page is out of date
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "assets" / "jurisdictions.json"
PAGE = ROOT / "docs" / "jurisdictions.md"

INTRO = """# Jurisdictions: the figures tradebook applies, and where each comes from

**This is not legal advice.** tradebook is a bookkeeping tool. The figures below were read from
the sources named beside them on the day shown; laws change, and secondary sources (guides,
research copies of statutes) can be wrong. Check each figure against the statute or the court's
own page before you rely on it, and ask the court clerk or a lawyer when in doubt. Any limit or
limitation period can be replaced in `settings.toml` (`[jurisdictions.KY]`).

## Whose rules

A customer's state is the one given (`tradebook customer add --state`, `customer edit --state`,
the app's customer form); when none is given it is read from the customer's address (its state,
or the ZIP code of a state listed here), and only then is the business's own state used. The
small-claims court, its limit, the limitation period, the venue and the rules for collecting
follow the customer's state. A job's mechanic's lien follows the state of its site (`job add
--site-state`, else the site address, else the customer's state). Every warning, next step,
bundle and filing sheet names the state it used and why.

## What is covered, and what is not

Covered: Kentucky and its neighbours (Indiana, Ohio, West Virginia, Virginia, Tennessee,
Missouri, Illinois), and California, Texas, New York, Florida and Massachusetts — for each the
small-claims limit and what it leaves out, the limitation periods for written and oral
contracts, and whatever else a source was found for. Kentucky, where the business in the demo
works, also has its filing rules (form, court, claims per year, fees, service, who may appear
for a company) and its mechanic's-lien deadlines.

Not covered: any other state; local court rules; filing fees outside Kentucky; mechanic's liens
outside Kentucky; notice-to-owner (pre-lien) rules, which are described but not enforced;
creditor rules outside Massachusetts and Florida. Every figure that is *missing* below is
missing on purpose: no source for it was found, so tradebook does not guess — it says so, and
the documents tell you to check.

## The figures
"""

LABELS = {
    "small_claims_limit": "Small-claims limit",
    "business_small_claims_limit": "Limit for business claimants",
    "written_years": "Written contract (years)",
    "oral_years": "Oral contract (years)",
    "open_account_years": "Open account (years)",
    "demand_required": "Demand before filing",
    "waive_excess": "May give up the excess to fit the limit",
    "court": "Court",
    "form": "Forms",
    "claims_cap": "Claims cap",
    "filing_fee": "Filing fee",
    "sheriff_fee": "Sheriff service",
    "service": "Service",
    "company_appearance": "Who may appear for a company",
    "counterclaim": "Counterclaim",
    "appeal": "Appeal",
    "business_court": "Business court",
    "home_calls": "Calls to the home",
    "other_calls": "Calls elsewhere",
    "quiet_hours": "No calls between",
    "visits": "Visits",
    "file_months": "Lien: file within (months of last work)",
    "owner_copy_days": "Lien: copy to the owner within (days of filing)",
    "enforce_months": "Lien: enforce within (months of filing)",
    "statement": "Lien statement holds",
    "notice": "Notice to owner",
    "lien": "Mechanic's lien",
    "zip_counties": "ZIP codes by county",
}


def _value(value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if value is None:
        return "**missing**"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, list):
        if len(value) == 2 and all(isinstance(v, int) for v in value):
            return f"{value[0]} per {value[1]} days"
        if len(value) == 2 and all(isinstance(v, str) and ":" in v for v in value):
            return f"{value[0]}–{value[1]}"
        return "; ".join(str(v) for v in value)
    if isinstance(value, str) and value.replace(".", "", 1).isdigit() and "." in value:
        return f"${float(value):,.2f}"
    return str(value)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _rows(figures: dict, prefix: str = ""):
    for key, figure in figures.items():
        if key == "name" or not isinstance(figure, dict):
            continue
        if "value" not in figure:
            yield from _rows(figure, prefix)
            continue
        source = figure.get("source") or ""
        if figure.get("address"):
            source += f" <{figure['address']}>"
        if figure.get("also"):
            source += f"; also <{figure['also']}>"
        if source and not figure.get("address"):
            source += " (carried over from the earlier data file; address not recorded)"
        dates = []
        if figure.get("source_date"):
            dates.append(f"published {figure['source_date']}")
        if figure.get("read"):
            dates.append(f"read {figure['read']}")
        yield (
            LABELS.get(key, key),
            _value(figure.get("value")),
            figure.get("note") or "",
            source or "—",
            ", ".join(dates) or "—",
        )


def render() -> str:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    out = [INTRO]
    for code in sorted(k for k in data if not k.startswith("_")):
        rules = data[code]
        out.append(f"\n### {rules['name']} ({code})\n")
        out.append("| what | figure | note | source | date |")
        out.append("|---|---|---|---|---|")
        for row in _rows(rules):
            out.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(out) + "\n"


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if PAGE.read_text(encoding="utf-8") != text:
            print(
                f"{PAGE} is out of date: run python scripts/jurisdictions_doc.py", file=sys.stderr
            )
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
