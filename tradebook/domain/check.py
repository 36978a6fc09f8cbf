"""Is every record still the shape tradebook writes? A book edited by hand can say otherwise.

`tradebook verify` runs this beside the contact log's hash chain, so a damaged field is named
(record and field) instead of surfacing later as a wrong total.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation

from tradebook.domain.refs import parse_ref
from tradebook.domain.view import BookView, Doc

DATE, OPT_DATE, DEC, REF, OPT_REF = "date", "date?", "decimal", "ref", "ref?"
MONEY, OPT_MONEY = "money", "money?"

#: table -> field -> expected kind (a python type, or one of the names above)
SHAPES: dict[str, dict[str, object]] = {
    "customers": {
        "name": str,
        "kind": str,
        "phones": list,
        "emails": list,
        "cod": bool,
        "credit_limit": OPT_MONEY,
    },
    "jobs": {
        "customer": REF,
        "site": str,
        "desc": str,
        "status": str,
        "quote": OPT_MONEY,
        "deposit_asked": OPT_MONEY,
        "start": DATE,
        "done": OPT_DATE,
        "change_orders": list,
        "attachments": list,
    },
    "contracts": {"customer": REF, "amount": MONEY, "every": str, "start": DATE, "end": OPT_DATE},
    "invoices": {
        "customer": REF,
        "jobs": list,
        "contract": OPT_REF,
        "items": list,
        "tax_pct": DEC,
        "issued": DATE,
        "due": DATE,
        "sent": list,
        "adjustments": list,
    },
    "payments": {
        "customer": REF,
        "amount": MONEY,
        "date": DATE,
        "method": str,
        "bounced": OPT_DATE,
    },
    "contacts": {
        "customer": REF,
        "at": str,
        "at_utc": str,
        "via": str,
        "direction": str,
        "summary": str,
        "outcome": str,
        "invoices": list,
        "hash": str,
        "prev": str,
    },
    "plans": {"customer": REF, "invoices": list, "instalments": list, "created": DATE},
    "letters": {"customer": REF, "kind": str, "invoices": list, "date": DATE, "body": str},
}


def _fits(value: object, kind: object, view: BookView | None) -> bool:
    """Whether `value` is of `kind`; a ref also has to be found in `view`."""
    if kind in (OPT_DATE, OPT_REF, OPT_MONEY) and value is None:
        return True
    if kind in (DATE, OPT_DATE):
        try:
            date.fromisoformat(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
        return True
    if kind in (MONEY, OPT_MONEY):
        return type(value) is int
    if kind == DEC:
        try:
            return Decimal(str(value)).is_finite()
        except InvalidOperation:
            return False
    if kind in (REF, OPT_REF):
        return isinstance(value, str) and view is not None and view.get(value) is not None
    return isinstance(value, kind)  # type: ignore[arg-type]


def _parts(table: str, doc: Doc) -> Iterator[str]:
    """Nested pieces that totals are computed from."""
    if table == "invoices":
        for i, item in enumerate(doc.get("items") or ()):
            if not isinstance(item, dict) or type(item.get("unit")) is not int:
                yield f"line {i + 1} has no whole-cent unit price"
            elif not _fits(item.get("qty"), DEC, None):
                yield f"line {i + 1} has a quantity that is not a number"
        for adj in doc.get("adjustments") or ():
            if not isinstance(adj, dict) or type(adj.get("amount")) is not int:
                yield "an adjustment has no whole-cent amount"
    if table == "payments" and not (doc.get("invoice") or doc.get("job")):
        yield "it is not against an invoice or a job"
    if (
        table == "invoices"
        and isinstance(doc.get("issued"), str)
        and isinstance(doc.get("due"), str)
        and _fits(doc["issued"], DATE, None)
        and _fits(doc["due"], DATE, None)
        and doc["due"] < doc["issued"]
    ):
        yield "it falls due before it was issued"


def record_problems(view: BookView, limit: int = 20) -> list[str]:
    """Up to `limit` lines, each naming a record and what is wrong with it."""
    problems: list[str] = []
    for table, shape in SHAPES.items():
        for doc_id, doc in sorted((view.tables.get(table) or {}).items()):
            ref = doc.get("ref") if isinstance(doc.get("ref"), str) else f"{table} #{doc_id}"
            if parse_ref(str(ref)) != (table, doc_id):
                problems.append(f"{ref}: its ref does not match its place in {table} (#{doc_id})")
            for field, kind in shape.items():
                if not _fits(doc.get(field), kind, view):
                    problems.append(f"{ref}: {field} is {doc.get(field)!r}, which does not fit")
            problems.extend(f"{ref}: {text}" for text in _parts(table, doc))
            if len(problems) >= limit:
                return problems[:limit]
    return problems
