"""What a user typed, cleaned and checked before it goes in the book: text, phones, emails,
states and dates. Each refusal is one line a person can act on."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime

from tradebook.errors import BadInput, NotOneOf

US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
    ]
)


def clean_text(
    value: str | None,
    what: str,
    *,
    required: bool = False,
    limit: int = 4000,
    says: bool = False,
    field: str | None = None,
) -> str:
    """Trimmed user text; short fields (names, phones, addresses, refs: limit ≤ 400) are one line.
    Text that `says` something (a note, what happened, a description) needs a letter or a digit:
    a lone `-` or `.` would sit in the book, and in the chained contact log, as evidence of
    nothing. A refusal names `field`."""
    text = (value or "").strip()
    if limit <= 400 and ("\n" in text or "\r" in text):
        raise BadInput(f"{what} must be on one line", field=field)
    if required and not text:
        raise BadInput(f"{what} cannot be empty", field=field)
    if says and value and not any(ch.isalnum() for ch in text):
        instead = "write it out" if required else "write it out, or leave it out"
        raise BadInput(
            f"{what} must say something (not just {text!r}): {instead}"
            if text
            else f"{what} is blank: {instead}",
            field=field,
        )
    if len(text) > limit:
        raise BadInput(f"{what} is too long ({len(text)} characters; at most {limit})", field=field)
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        raise BadInput(f"{what} contains control characters", field=field)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput(
            f"{what} is not valid text (it holds bytes that are not UTF-8)", field=field
        ) from None
    return text


def fold(text: str) -> str:
    """Text for matching: case and accents set aside, so `jose` finds José."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def check_phone(phone: str, *, field: str | None = None) -> str:
    phone = clean_text(phone, "phone", required=True, limit=40, field=field)
    if len(digits(phone)) < 7:
        raise BadInput(f"not a phone number: {phone!r} (at least 7 digits)", field=field)
    return phone


def check_email(email: str, *, field: str | None = None) -> None:
    local, _, domain = email.strip().partition("@")
    if not local or "." not in domain or " " in email.strip() or domain.startswith("."):
        raise BadInput(f"not an email address: {email!r}", field=field)


def check_state(code: str | None, what: str = "state", *, field: str | None = None) -> str | None:
    """A two-letter US state code in capitals, or None when not given."""
    text = (code or "").strip().upper()
    if not text:
        return None
    if text not in US_STATES:
        raise BadInput(
            f"{what} {code!r} is not a US state's two-letter code (such as KY or TX)", field=field
        )
    return text


def not_after_today(on: date, today: date | None, what: str, *, field: str | None = None) -> None:
    if today is not None and on > today:
        raise BadInput(f"{what} {on} is in the future (today is {today})", field=field)


def one_of(value: str, allowed: tuple[str, ...], what: str, *, field: str) -> str:
    """`value` if it is one of the `allowed` words; else a refusal that lists them."""
    if value not in allowed:
        raise NotOneOf(what, allowed, value, field=field)
    return value


def iso_at(at: datetime) -> tuple[str, str]:
    if at.tzinfo is None:
        raise BadInput("a contact's time must carry its timezone", field="at")
    local = at.replace(microsecond=0)
    return local.isoformat(), local.astimezone(UTC).isoformat()
