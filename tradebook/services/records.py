"""Finding records and writing them: the store under every area's rules.

Each area of the book (customers, jobs, billing, payments, contacts) adds its rules on top of
`Records`; `tradebook.services.book.Book` gathers them into the one object callers hold.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Self

from tradebook.book.store import Store
from tradebook.domain.refs import make_ref, parse_ref, ref_id
from tradebook.domain.view import BookView, Doc, Figures
from tradebook.errors import Ambiguous, BadInput, NotFound
from tradebook.services.inputs import digits, fold

KIND_NAMES = {
    "customers": "customer",
    "jobs": "job",
    "invoices": "invoice",
    "payments": "payment",
    "contacts": "contact",
    "contracts": "service contract",
    "plans": "payment plan",
    "letters": "letter",
    "cases": "case",
    "corrections": "billing correction",
}

#: the input a ref of each kind is given as, when a refusal does not say otherwise
FIELDS = {
    "customers": "customer",
    "jobs": "job",
    "invoices": "invoice",
    "payments": "payment",
    "contacts": "contact",
    "contracts": "contract",
    "plans": "plan",
    "letters": "letter",
    "cases": "case",
    "corrections": "correction",
}


class Records:
    """The business book: a store, and the one way of finding and writing its records."""

    def __init__(self, store: Store) -> None:
        self.store = store
        #: what the accounts keep from one view of this book to the next; goes with the book
        self.figures = Figures()
        self._view: BookView | None = None
        self._view_version = -1

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False, daily_backup: bool = True) -> Self:
        return cls(Store.open(Path(path), create=create, daily_backup=daily_backup))

    def close(self) -> None:
        self.store.close()

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def view(self) -> BookView:
        """An indexed picture of the book, rebuilt only when the book changed."""
        self.store.refresh()
        if self._view is None or self._view_version != self.store.version:
            self._view = BookView(self.store.tables(), self.figures)
            self._view_version = self.store.version
        return self._view

    def get(self, ref: str, table: str | None = None, *, field: str | None = None) -> Doc:
        """The record with this ref; `table` restricts which kind is acceptable. `field` names
        the input the ref came from, for the refusal (by default the kind: `invoice`)."""
        field = field or FIELDS.get(table or "")
        parsed = parse_ref(ref)
        if parsed is None or (table and parsed[0] != table):
            kind = KIND_NAMES.get(table or "", "record")
            raise NotFound(f"{ref!r} is not a {kind} ref", field=field)
        doc = self.store.get(parsed[0], parsed[1])
        if doc is None:
            self.store.refresh()
            doc = self.store.get(parsed[0], parsed[1])
        if doc is None:
            raise NotFound(f"no {KIND_NAMES[parsed[0]]} {ref.upper()} in this book", field=field)
        return doc

    def customer(self, text: str, *, field: str = "customer") -> Doc:
        """A customer by ref (`C-0007`) or by an unambiguous part of the name."""
        needle = (text or "").strip()
        if not needle:
            raise BadInput("name a customer (a ref like C-0007 or part of the name)", field=field)
        parsed = parse_ref(needle)
        if parsed is not None:
            return self.get(needle, "customers", field=field)
        folded = fold(needle)
        typed = digits(needle)
        matches = [
            c
            for c in self.view.customers()
            if folded in fold(c["name"])
            or (len(typed) >= 4 and any(typed in digits(p) for p in c.get("phones", ())))
        ]
        exact = [c for c in matches if fold(c["name"]) == folded]
        if len(exact) == 1:
            return exact[0]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFound(f"no customer matches {needle!r}", field=field)
        listed = ", ".join(f"{c['ref']} {c['name']}" for c in matches[:6])
        more = f" and {len(matches) - 6} more" if len(matches) > 6 else ""
        raise Ambiguous(
            f"{needle!r} matches {len(matches)} customers: {listed}{more} — use the ref",
            field=field,
        )

    def _insert(self, table: str, fields: Doc) -> Doc:
        with self.store.transaction() as tx:
            doc = {"ref": make_ref(table, tx.next_id(table)), **fields}
            tx.insert(table, doc)
        return doc

    def _update(self, table: str, doc: Doc, change: Doc | Callable[[Doc], Doc]) -> None:
        """Merge fields into one record in one transaction; a callable gets the record as it
        is inside the transaction, so an append never loses another process's append."""
        doc_id = ref_id(doc["ref"])
        with self.store.transaction() as tx:
            current = tx.get(table, doc_id) or doc
            tx.update(table, doc_id, change(current) if callable(change) else change)
