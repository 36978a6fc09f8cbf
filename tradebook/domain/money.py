"""Money as integer cents. Never a float: parsing, arithmetic and display all stay exact."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from tradebook.errors import BadInput

#: Refuse amounts past this: nobody invoices a billion dollars for wiring a house.
MAX_CENTS = 100_000_000_00

_AMOUNT = re.compile(
    r"^(?P<sign>-)?\$?(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.(?P<frac>[0-9]+))?$"
)


def parse_money(text: str, *, allow_negative: bool = False, allow_zero: bool = True) -> int:
    """Parse `1,234.50`, `$1234.5`, `12` into cents; refuse anything ambiguous. A space may
    follow the sign or the dollar sign (`$ 12`), never sit inside the number: `12 00` could be
    $1,200 or $12.00."""
    raw = re.sub(r"^(-?)\s*(\$?)\s*", r"\1\2", str(text).strip())
    if raw.startswith("-$"):
        raw = "-" + raw[2:]
    if any(ch.isspace() for ch in raw):
        raise BadInput(f"not an amount: {text!r} (a space inside a number: write 1200 or 12.00)")
    m = _AMOUNT.match(raw)
    if not raw or not m or (m.group("int") is None and m.group("frac") is None):
        raise BadInput(f"not an amount: {text!r} (write it like 1,234.50)")
    whole = int((m.group("int") or "0").replace(",", ""))
    frac = m.group("frac") or ""
    if len(frac) > 2:
        if frac[2:].strip("0"):
            raise BadInput(f"amount {text!r} has more than two decimals")
        frac = frac[:2]
    cents = whole * 100 + int(frac.ljust(2, "0") or "0")
    if m.group("sign"):
        if not allow_negative:
            raise BadInput(f"amount {text!r} cannot be negative")
        cents = -cents
    if abs(cents) > MAX_CENTS:
        raise BadInput(f"amount {text!r} is too large")
    if cents == 0 and not allow_zero:
        raise BadInput(f"amount {text!r} must be more than zero")
    return cents


def parse_quantity(text: str) -> Decimal:
    """A positive quantity such as `3` or `2.5` (hours), exact."""
    raw = str(text).strip()
    if not re.fullmatch(r"[0-9]+(\.[0-9]{1,3})?", raw):
        raise BadInput(f"not a quantity: {text!r} (a positive number such as 2 or 2.5)")
    qty = Decimal(raw)
    if qty <= 0:
        raise BadInput(f"quantity {text!r} must be more than zero")
    if qty > 100_000:
        raise BadInput(f"quantity {text!r} is too large")
    return qty


def parse_percent(text: str) -> Decimal:
    """A percentage such as `8.25` (for tax or a monthly late-fee rate)."""
    raw = str(text).strip().rstrip("%")
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", raw):
        raise BadInput(f"not a percentage: {text!r} (write it like 6 or 8.25)")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise BadInput(f"not a percentage: {text!r}") from None
    if not value.is_finite() or value < 0 or value > 100:
        raise BadInput(f"percentage {text!r} must be between 0 and 100")
    return value


def times(cents: int, qty: Decimal | str | int) -> int:
    """`cents × qty`, rounded half-up to the cent."""
    return int((Decimal(cents) * Decimal(qty)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of(cents: int, pct: Decimal | str) -> int:
    """`pct` percent of `cents`, rounded half-up to the cent."""
    return int((Decimal(cents) * Decimal(pct) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def decimal_str(cents: int) -> str:
    """`144000` → `"1440.00"` (the JSON form)."""
    sign = "-" if cents < 0 else ""
    c = abs(cents)
    return f"{sign}{c // 100}.{c % 100:02d}"


def fmt(cents: int) -> str:
    """`144000` → `"$1,440.00"` (the human form)."""
    sign = "-" if cents < 0 else ""
    c = abs(cents)
    return f"{sign}${c // 100:,}.{c % 100:02d}"
