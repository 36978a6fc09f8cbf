"""The lien clock: when a job's mechanic's lien must be filed, from the last day of work and
the lien law of the state the site is in.

For an electrician the lien on the property is often the strongest remedy, and it lapses
quietly: in Kentucky the lien statement must be filed with the county clerk within 6 months of
the last labor or materials (KRS 376.080). The deadlines come from the data file; a state whose
lien law is not recorded has no clock, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tradebook.domain.dates import month_on
from tradebook.domain.jurisdictions import Jurisdiction, StateOf, jurisdiction, site_rules
from tradebook.domain.view import BookView, Doc
from tradebook.model.records import Shape
from tradebook.settings import Settings

#: how long before the filing deadline the lien becomes the question to decide
LIEN_WARN_DAYS = 30
DECISIONS = ("prepare", "pass")


@dataclass(frozen=True)
class LienClock:
    job: Doc
    state: StateOf
    rules: Jurisdiction
    first_work: date
    last_work: date
    file_by: date
    #: days after filing within which a copy goes to the owner; months after filing to enforce
    owner_copy_days: int | None
    enforce_months: int | None

    @property
    def ref(self) -> str:
        return self.job["ref"]

    @property
    def decision(self) -> Any:
        """What the electrician decided about the lien (`prepare` or `pass`), if recorded."""
        lien = self.job.get("lien")
        return (
            lien if isinstance(lien, (dict, Shape)) and lien.get("decision") in DECISIONS else None
        )

    def days_left(self, today: date) -> int:
        return (self.file_by - today).days

    def warn_from(self) -> date:
        return self.file_by - timedelta(days=LIEN_WARN_DAYS)

    def enforce_by_words(self) -> str:
        return (
            f"within {self.enforce_months} months of filing"
            if self.enforce_months
            else "not on record"
        )

    def deadlines(self) -> list[tuple[str, str]]:
        """(what, when) for the worksheet, the timeline and the checklist."""
        rows = [
            (
                "File with the county clerk by",
                f"{self.file_by.isoformat()} ({self.rules.lien['file_months']['value']} months "
                f"from the last work on {self.last_work.isoformat()})",
            )
        ]
        if self.owner_copy_days:
            rows.append(
                ("Mail a copy to the owner", f"within {self.owner_copy_days} days of filing")
            )
        rows.append(("Sue to enforce it", self.enforce_by_words()))
        return rows

    def sentence(self) -> str:
        """`Kentucky's lien statement for J-0003 must be filed by 2027-05-20 (6 months from the
        last work on 2026-11-20; state from the job's site address (KY 40205))`."""
        months = self.rules.lien["file_months"]["value"]
        return (
            f"{self.rules.name}'s lien statement for {self.ref} must be filed with the county "
            f"clerk by {self.file_by} ({months} months from the last work on {self.last_work}; "
            f"state from {self.state.reason})"
        )


def last_work(job: Doc) -> date | None:
    """The last day of labor or materials on the job: recorded, else the day it was done."""
    raw = job.get("last_work") or job.get("done")
    return date.fromisoformat(raw) if raw else None


def lien_clock(view: BookView, job: Doc, settings: Settings | None = None) -> LienClock | None:
    """The job's lien deadlines, or None: no last day of work yet, or no lien law on record for
    the site's state."""
    ended = last_work(job)
    if ended is None or job.get("status") == "cancelled":
        return None
    customer = view.get(job.get("customer", "")) or {}
    state = site_rules(view.profile, job, customer, settings)
    rules = jurisdiction(state.code, settings)
    if rules is None or not rules.lien:
        return None
    lien = rules.lien
    months = lien["file_months"]["value"]
    return LienClock(
        job,
        state,
        rules,
        date.fromisoformat(job["start"]),
        ended,
        month_on(ended, int(months)),
        lien.get("owner_copy_days", {}).get("value"),
        lien.get("enforce_months", {}).get("value"),
    )


def why_no_clock(view: BookView, job: Doc, settings: Settings | None = None) -> str:
    """Why a job has no lien clock, in a line."""
    if last_work(job) is None:
        return f"{job['ref']} has no last day of work yet (it is set when the job is marked done)"
    customer = view.get(job.get("customer", "")) or {}
    state = site_rules(view.profile, job, customer, settings)
    return (
        f"the mechanic's lien deadlines of {state.name} (state from {state.reason}) are not "
        "in tradebook's data: check with the county clerk or a lawyer"
    )
