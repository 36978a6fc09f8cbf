"""The business's collection policy: warning thresholds, the escalation ladder, state overrides.

Everything has a sensible default; `settings.toml` beside the book file changes any of it
(see `assets/settings.example.toml`). A setting the user got wrong is reported with the
file and line, never silently ignored.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tradebook.domain.money import parse_money
from tradebook.errors import BadInput

SETTINGS_FILE = "settings.toml"


@dataclass(frozen=True)
class Thresholds:
    """When each warning sign fires. Days are whole days; money is cents."""

    #: ignored-invoice: this many days past due with no word and no payment since it was sent
    ignored_after_days: int = 14
    #: no-response: this many outbound contacts within `no_response_days`, none answered
    no_response_contacts: int = 3
    no_response_days: int = 30
    #: partial-then-silent: days since the last part-payment with no payment and no word
    partial_silent_days: int = 30
    #: slowing-payer: the last `slowing_recent` invoices took `slowing_ratio_pct` % of the
    #: customer's usual days-to-pay and at least `slowing_min_extra_days` more
    slowing_recent: int = 3
    slowing_history_min: int = 3
    slowing_ratio_pct: int = 150
    slowing_min_extra_days: int = 10
    #: no-deposit: a job worth more than this is large; a new customer's first job needs a
    #: deposit from this much up
    large_job: int = 2_500_00
    new_customer_job: int = 500_00
    #: unbilled-work: days after the work was done with no invoice
    unbilled_days: int = 14
    #: limitation-near: warn this many days before the limitation period ends
    limitation_warn_days: int = 180
    #: receivables-rising: compare today's overdue share with this many days ago …
    receivables_window_days: int = 90
    #: … and warn when it rose by this many percentage points, across at least this many customers
    receivables_rise_points: int = 10
    receivables_min_customers: int = 3
    #: a promise still counts as kept when the money arrives this many days late
    promise_grace_days: int = 1
    #: a plan instalment is late for this many days after its date, then missed
    plan_grace_days: int = 5
    #: bounced-payment stays visible this long after the invoice was made good
    bounce_memory_days: int = 365
    #: a bad record (suggest COD): a bounce, an invoice chased up to a firm step, or this many
    #: broken promises
    bad_record_broken_promises: int = 2
    #: suggest COD only to customers with work or money moving within this many days
    recent_activity_days: int = 365
    #: the review comes this many days before the first firm step
    review_lead_days: int = 5
    #: never two ladder steps for one invoice closer together than this
    step_gap_days: int = 7
    #: the final notice's deadline, in days after it is sent
    final_deadline_days: int = 14
    #: a reminder, second reminder or firm letter asks for payment by this many days after it is sent
    reminder_pay_days: int = 10
    #: the prompt-payment discount a mediation bundle proposes, in percent of the principal
    settlement_discount_pct: int = 10


@dataclass(frozen=True)
class Step:
    """One rung of the escalation ladder, counted in days after the invoice's due date."""

    action: str
    days: int
    letter: str | None = None
    call: bool = False
    firm: bool = False
    #: any message sent to the customer after the due date completes this step
    by_contact: bool = False
    label: str = ""

    @property
    def title(self) -> str:
        return self.label or self.action.replace("-", " ")


DEFAULT_LADDER: tuple[Step, ...] = (
    Step("reminder", 3, "reminder", by_contact=True, label="friendly reminder"),
    Step("second-reminder", 14, "second-reminder", call=True, label="second reminder and a call"),
    Step("firm", 30, "firm", firm=True, label="firm letter with a payment-plan offer"),
    Step("final", 45, "final", firm=True, label="final notice with a deadline"),
    Step("mediation", 60, "mediation", firm=True, label="mediation offer"),
    Step("small-claims", 75, None, firm=True, label="small-claims bundle ready"),
)


@dataclass(frozen=True)
class Settings:
    thresholds: Thresholds = field(default_factory=Thresholds)
    ladder: tuple[Step, ...] = DEFAULT_LADDER
    #: the state whose court limits apply when the customer has none (default: the profile's)
    state: str | None = None
    #: per state code, figures that replace the shipped jurisdiction data
    jurisdictions: Mapping[str, Mapping[str, Any]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    #: the app's colours: dark or light (`[app] theme`, remembered when switched in the app)
    theme: str = "dark"
    source: str = "built-in defaults"

    @property
    def first_firm_step(self) -> Step | None:
        return next((s for s in self.ladder if s.firm), None)


DEFAULTS = Settings()

_THRESHOLD_MONEY = {"large_job", "new_customer_job"}
#: thresholds that are amounts (cents), written like "2,500.00"
MONEY_THRESHOLDS = frozenset(_THRESHOLD_MONEY)
#: thresholds older settings files may still hold; they are read and have no effect (why)
_RETIRED_THRESHOLDS = {
    "bad_record_days": "an invoice counts towards a bad record once it reaches a firm step",
}
_AT_LEAST_ONE = {
    "no_response_contacts",
    "slowing_recent",
    "slowing_history_min",
    "slowing_ratio_pct",
    "receivables_window_days",
    "reminder_pay_days",
    "final_deadline_days",
}
_STEP_KEYS = {f.name for f in fields(Step)}
_JURISDICTION_KEYS = {
    "name",
    "small_claims_limit",
    "business_small_claims_limit",
    "limit_note",
    "written_years",
    "oral_years",
    "demand_required",
    "demand_note",
    "source",
    "source_date",
}


def load_settings(book_path: Path) -> Settings:
    """The settings in `settings.toml` beside the book, or the defaults when there is none."""
    path = Path(book_path).expanduser().parent / SETTINGS_FILE
    if not path.is_file():
        return DEFAULTS
    try:
        text = path.read_text(encoding="utf-8-sig")  # Windows Notepad may start it with a BOM
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read {path}: {exc}") from None
    return parse_settings(text, path)


def parse_settings(text: str, path: Path | str = SETTINGS_FILE) -> Settings:
    """Settings from TOML text; `path` only names the file in error messages."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"{path}: {exc} — fix the file or move it aside") from None
    problem = _Problems(text, path)
    unknown = set(raw) - {"thresholds", "ladder", "state", "jurisdictions", "app"}
    if unknown:
        raise problem.at(
            sorted(unknown)[0],
            "is not a setting (known: thresholds, ladder, state, jurisdictions, app)",
        )
    settings = replace(DEFAULTS, source=str(path))
    if "thresholds" in raw:
        settings = replace(settings, thresholds=_thresholds(raw["thresholds"], problem))
    if "ladder" in raw:
        settings = replace(settings, ladder=_ladder(raw["ladder"], problem))
    if "state" in raw:
        settings = replace(settings, state=_state_code(raw["state"], "state", problem))
    if "jurisdictions" in raw:
        settings = replace(settings, jurisdictions=_jurisdictions(raw["jurisdictions"], problem))
    if "app" in raw:
        settings = replace(settings, theme=_app_theme(raw["app"], problem))
    return settings


THEMES = ("dark", "light")


def _app_theme(raw: Any, problem: _Problems) -> str:
    if not isinstance(raw, dict):
        raise problem.at("app", "must be a table: [app]")
    unknown = set(raw) - {"theme"}
    if unknown:
        raise problem.at(sorted(unknown)[0], "is not an app setting (known: theme)")
    theme = raw.get("theme", DEFAULTS.theme)
    if theme not in THEMES:
        raise problem.at("theme", f"is dark or light (not {theme!r})")
    return theme


class _Problems:
    """Builds one-line errors that point at the line of the offending key."""

    def __init__(self, text: str, path: Path | str) -> None:
        self.lines = text.splitlines()
        self.path = path

    def at(self, key: str, what: str) -> BadInput:
        pattern = re.compile(rf"^\s*(\[+\s*)?[\w.\"-]*\b{re.escape(key)}\b")
        line = next((n for n, text in enumerate(self.lines, 1) if pattern.match(text)), None)
        where = f"{self.path}, line {line}" if line else str(self.path)
        return BadInput(f"{where}: {key} {what}")


def _thresholds(raw: Any, problem: _Problems) -> Thresholds:
    if not isinstance(raw, dict):
        raise problem.at("thresholds", "must be a table: [thresholds]")
    known = {f.name for f in fields(Thresholds)}
    values: dict[str, int] = {}
    for key, value in raw.items():
        if key in _RETIRED_THRESHOLDS:
            continue
        if key not in known:
            raise problem.at(key, "is not a threshold")
        if key in _THRESHOLD_MONEY:
            values[key] = _money(value, key, problem)
        else:
            values[key] = _whole_days(value, key, problem, least=1 if key in _AT_LEAST_ONE else 0)
            if key == "settlement_discount_pct" and value > 50:
                raise problem.at(
                    key, f"is a percentage of the principal, at most 50 (not {value!r})"
                )
    return Thresholds(**values)


def _ladder(raw: Any, problem: _Problems) -> tuple[Step, ...]:
    if not isinstance(raw, list) or not raw:
        raise problem.at("ladder", "must be one or more [[ladder]] steps")
    steps = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise problem.at("ladder", "steps must be tables: [[ladder]]")
        unknown = set(entry) - _STEP_KEYS
        if unknown:
            raise problem.at(
                sorted(unknown)[0],
                f"is not a ladder field (known: {', '.join(sorted(_STEP_KEYS))})",
            )
        action = entry.get("action")
        if not isinstance(action, str) or not re.fullmatch(r"[a-z][a-z-]*", action):
            raise problem.at("action", "of every ladder step must be a short word like reminder")
        letter = entry.get("letter")
        if letter is not None and not isinstance(letter, str):
            raise problem.at("letter", "must be a letter kind such as firm")
        steps.append(
            Step(
                action=action,
                days=_whole_days(entry.get("days"), "days", problem),
                letter=letter or None,
                call=_flag(entry, "call", problem),
                firm=_flag(entry, "firm", problem),
                by_contact=_flag(entry, "by_contact", problem),
                label=str(entry.get("label", "")),
            )
        )
    offsets = [s.days for s in steps]
    if offsets != sorted(offsets) or len(set(offsets)) != len(offsets):
        raise problem.at("days", "of the ladder steps must grow from step to step")
    return tuple(steps)


def _jurisdictions(raw: Any, problem: _Problems) -> Mapping[str, Mapping[str, Any]]:
    if not isinstance(raw, dict):
        raise problem.at("jurisdictions", "must hold one table per state: [jurisdictions.KY]")
    result = {}
    for code, figures in raw.items():
        state = _state_code(code, "jurisdictions", problem)
        if not isinstance(figures, dict):
            raise problem.at(code, "must be a table: [jurisdictions.KY]")
        unknown = set(figures) - _JURISDICTION_KEYS
        if unknown:
            raise problem.at(
                sorted(unknown)[0],
                f"is not a jurisdiction figure (known: {', '.join(sorted(_JURISDICTION_KEYS))})",
            )
        clean = dict(figures)
        for key in ("small_claims_limit", "business_small_claims_limit"):
            if key in clean:
                clean[key] = _money(clean[key], key, problem)
        for key in ("written_years", "oral_years"):
            if key in clean:
                clean[key] = _whole_days(clean[key], key, problem)
        if "source_date" in clean:
            clean["source_date"] = _iso_date(clean["source_date"], problem)
        if "demand_required" in clean:
            clean["demand_required"] = _flag(clean, "demand_required", problem)
        result[state] = MappingProxyType(clean)
    return MappingProxyType(result)


def _whole_days(value: Any, key: str, problem: _Problems, least: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= 100_000:
        raise problem.at(key, f"must be a whole number of at least {least} (not {value!r})")
    return value


def _money(value: Any, key: str, problem: _Problems) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise problem.at(key, f'must be an amount such as "2,500.00" (not {value!r})')
    try:
        return parse_money(str(value))
    except BadInput as exc:
        raise problem.at(key, f"must be an amount: {exc.message}") from None


def _flag(entry: dict, key: str, problem: _Problems) -> bool:
    value = entry.get(key, False)
    if not isinstance(value, bool):
        raise problem.at(key, "must be true or false")
    return value


def _state_code(value: Any, key: str, problem: _Problems) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value):
        raise problem.at(key, f"must be a two-letter state code such as KY (not {value!r})")
    return value.upper()


def _iso_date(value: Any, problem: _Problems) -> str:
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise problem.at("source_date", f"must be a date YYYY-MM-DD (not {value!r})") from None
