"""A read-only, indexed picture of the book at one moment; what every domain function reads.

Built from plain table dicts (`{id: doc}`), so it works the same on the live store, a test
fixture or a backup. Each index is built the first time something asks for it, in one
pass over its table, and kept for the life of the view.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from tradebook.domain.refs import parse_ref

if TYPE_CHECKING:
    from tradebook.domain.accounts import Accounts

Doc = dict[str, Any]
Tables = Mapping[str, Mapping[int, Doc]]

TABLES = (
    "customers",
    "jobs",
    "contracts",
    "invoices",
    "payments",
    "contacts",
    "plans",
    "letters",
    "cases",
    "corrections",
)


class Figures:
    """What the accounts (`tradebook.domain.accounts`) of one book keep from one view of it to
    the next, so that a view taken after a write redoes only what the write touched: the
    lines + tax of each invoice record, the indexes over tables no write replaced, the dates
    and quantities already read.

    The open book owns one (`Records.figures`) and hands it to every view it takes; a view
    built from tables of its own gets its own. So two books open in one process never see
    each other's figures, and everything kept goes when the book does.
    """

    __slots__ = ("charged", "reused", "days", "ratios")

    def __init__(self) -> None:
        #: invoice ref -> (the record it was worked out from, its lines + tax). The store
        #: replaces a record when it changes, so the same object means the same figure: a
        #: view rebuilt after a payment does not redo twelve thousand invoices' arithmetic.
        self.charged: dict[str, tuple[Doc, int]] = {}
        #: kind of index -> (the tables it was built from, the index), for the latest tables
        self.reused: dict[str, tuple[tuple[Any, ...], Any]] = {}
        #: ISO dates parsed: ten years of records share a few thousand days
        self.days: dict[str, date] = {}
        #: quantities and tax rates as exact ratios (numerator, denominator)
        self.ratios: dict[str, tuple[int, int]] = {}


class BookView:
    """Every record by ref and grouped by customer, in the order it was recorded."""

    def __init__(self, tables: Tables, figures: Figures | None = None) -> None:
        """`figures`: what the open book keeps from one view of it to the next; a view
        given none keeps its own."""
        self.tables = tables
        self.figures = Figures() if figures is None else figures
        self._tables: dict[str, list[Doc]] = {}
        self._by_customer: dict[str, dict[str, list[Doc]]] = {}

    def table(self, name: str) -> list[Doc]:
        """A table's records in id order."""
        docs = self._tables.get(name)
        if docs is None:
            table = self.tables.get(name) or {}
            if getattr(table, "in_id_order", False):  # the store's tables
                docs = self._tables[name] = list(table.values())
            else:
                docs = self._tables[name] = [table[i] for i in sorted(table)]
        return docs

    def get(self, ref: str) -> Doc | None:
        parsed = parse_ref(ref)
        if parsed is None:
            return None
        return (self.tables.get(parsed[0]) or {}).get(parsed[1])

    def records(self, customer_ref: str, table: str) -> list[Doc]:
        """The customer's records of one table, oldest first."""
        groups = self._by_customer.get(table)
        if groups is None:
            groups = self._by_customer[table] = defaultdict(list)
            for doc in self.table(table):
                groups[doc["customer"]].append(doc)
        return groups.get(customer_ref, [])

    @cached_property
    def accounts(self) -> Accounts:
        """The money of every invoice (see `accounts.accounts`), kept for the life of the view."""
        from tradebook.domain.accounts import Accounts

        return Accounts(self, self.figures)

    @cached_property
    def profile(self) -> Doc:
        table = self.tables.get("profile") or {}
        return dict(table.get(1) or {})

    @cached_property
    def settings(self) -> Doc:
        table = self.tables.get("settings") or {}
        return dict(table.get(1) or {})

    @cached_property
    def payments_of(self) -> dict[str, list[Doc]]:
        """Invoice or job ref -> its payments (a job's are deposits)."""
        index: dict[str, list[Doc]] = defaultdict(list)
        for p in self.table("payments"):
            index[p.get("invoice") or p["job"]].append(p)
        return index

    @cached_property
    def invoices_of_job(self) -> dict[str, list[Doc]]:
        index: dict[str, list[Doc]] = defaultdict(list)
        for inv in self.table("invoices"):
            for job in inv["jobs"]:
                index[job].append(inv)
        return index

    @cached_property
    def plans_of(self) -> dict[str, list[Doc]]:
        """Invoice ref -> the payment plans that cover it."""
        index: dict[str, list[Doc]] = defaultdict(list)
        for plan in self.table("plans"):
            for inv in plan["invoices"]:
                index[inv].append(plan)
        return index

    def customers(self) -> list[Doc]:
        return self.table("customers")

    def contacts(self, customer_ref: str) -> list[Doc]:
        """The customer's contacts in the order they happened."""
        return sorted(self.records(customer_ref, "contacts"), key=lambda c: (c["at_utc"], c["ref"]))
