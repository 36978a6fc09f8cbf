"""Is every record still the shape tradebook writes? A book edited by hand can say otherwise.

`tradebook verify` runs this beside the contact log's hash chain, so a damaged field is named
(record and field) instead of surfacing later as a wrong total.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import msgspec
import msgspec.inspect as mi

from tradebook.domain.refs import parse_ref
from tradebook.domain.view import BookView, Doc
from tradebook.model.records import TABLE_TYPES, Shape, plain

DATE, OPT_DATE, DEC, REF, OPT_REF = "date", "date?", "decimal", "ref", "ref?"
MONEY, OPT_MONEY = "money", "money?"

#: the tables whose records are checked, in the order they are reported
CHECKED = ("customers", "jobs", "contracts", "invoices", "payments", "contacts", "plans", "letters")

_SIMPLE = {
    mi.StrType: str,
    mi.IntType: int,
    mi.BoolType: bool,
    mi.ListType: list,
    mi.DictType: dict,
    mi.StructType: dict,
}


def _expected(info: mi.Type, required: bool) -> tuple[object, bool]:
    """(what a field's value must be: a python type or one of the names above, may it be
    null or absent): read from the field's type in the Struct."""
    optional = not required
    if isinstance(info, mi.UnionType):
        parts = [t for t in info.types if not isinstance(t, mi.NoneType)]
        optional = optional or len(parts) < len(info.types)
        info = parts[0] if len(parts) == 1 else info
    if isinstance(info, mi.Metadata):
        kind = (info.extra or {}).get("kind")
        if kind is not None:
            return f"{kind}?" if optional and kind != DEC else kind, optional
        info = info.type
    return _SIMPLE.get(type(info), object), optional


def _shape(kind: type) -> dict[str, tuple[object, bool]]:
    info = mi.type_info(kind)
    assert isinstance(info, mi.StructType)
    return {f.name: _expected(f.type, f.required) for f in info.fields if f.name != "ref"}


#: table -> field -> (expected kind, may be null or absent), built from the records' Structs
SHAPES: dict[str, dict[str, tuple[object, bool]]] = {
    name: _shape(TABLE_TYPES[name]) for name in CHECKED
}
#: the fields whose meaning goes beyond their type (a date, money, a ref): checked even on a
#: record that decoded into its Struct
_MEANING = {
    name: {f: (k, False) for f, (k, _opt) in shape.items() if isinstance(k, str)}
    for name, shape in SHAPES.items()
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
    if kind is object:
        return True
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
    for table in CHECKED:
        typed = TABLE_TYPES[table]
        for doc_id, record in sorted((view.tables.get(table) or {}).items()):
            loose = not isinstance(record, typed)
            doc: dict[str, Any] = plain(record) if isinstance(record, Shape) else record
            ref = doc.get("ref") if isinstance(doc.get("ref"), str) else f"{table} #{doc_id}"
            found: list[str] = []
            if parse_ref(str(ref)) != (table, doc_id):
                found.append(f"{ref}: its ref does not match its place in {table} (#{doc_id})")
            fields = SHAPES[table] if loose else _MEANING[table]
            for field, (kind, optional) in fields.items():
                value = doc.get(field)
                if field not in doc and optional and isinstance(kind, type):
                    continue  # a key the book writes only sometimes
                if value is None and optional and isinstance(kind, type):
                    continue
                if not _fits(value, kind, view):
                    found.append(f"{ref}: {field} is {value!r}, which does not fit")
            found.extend(f"{ref}: {text}" for text in _parts(table, doc))
            if loose and len(found) == 0:
                found.append(f"{ref}: {_why_not(doc, typed)}")
            problems.extend(found)
            if len(problems) >= limit:
                return problems[:limit]
    return problems


def _why_not(doc: dict, typed: type) -> str:
    """What keeps a record from being read as its Struct, in the decoder's words."""
    try:
        msgspec.convert(doc, typed)
    except msgspec.ValidationError as exc:
        return f"it does not fit its kind of record ({exc})"
    return "it does not fit its kind of record"
