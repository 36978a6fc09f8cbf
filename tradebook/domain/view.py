"""A read-only, indexed picture of the book at one moment; what every domain function reads.

Built from plain table dicts (`{id: doc}`), so it works the same on the live store, a test
fixture or a backup. Building it is one pass over the records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from functools import cached_property
from typing import Any

Doc = dict[str, Any]
Tables = Mapping[str, Mapping[int, Doc]]

TABLES = ("customers", "jobs", "contracts", "invoices", "payments", "contacts", "plans",
          "letters", "cases", "corrections")


class BookView:
    """Every record by ref and grouped by customer, in the order it was recorded."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.by_ref: dict[str, Doc] = {}
        self.of_customer: dict[str, dict[str, list[Doc]]] = defaultdict(lambda: defaultdict(list))
        self.payments_of: dict[str, list[Doc]] = defaultdict(list)  # invoice or job ref -> payments
        self.invoices_of_job: dict[str, list[Doc]] = defaultdict(list)
        self.plans_of: dict[str, list[Doc]] = defaultdict(list)  # invoice ref -> plans
        for name in TABLES:
            table = tables.get(name) or {}
            for doc_id in sorted(table):
                doc = table[doc_id]
                self.by_ref[doc["ref"]] = doc
                customer = doc.get("customer")
                if customer:
                    self.of_customer[customer][name].append(doc)
                if name == "payments":
                    self.payments_of[doc.get("invoice") or doc.get("job")].append(doc)
                elif name == "invoices":
                    for job in doc.get("jobs", ()):
                        self.invoices_of_job[job].append(doc)
                elif name == "plans":
                    for inv in doc.get("invoices", ()):
                        self.plans_of[inv].append(doc)

    def table(self, name: str) -> list[Doc]:
        table = self.tables.get(name) or {}
        return [table[i] for i in sorted(table)]

    @cached_property
    def profile(self) -> Doc:
        table = self.tables.get("profile") or {}
        return dict(table.get(1) or {})

    @cached_property
    def settings(self) -> Doc:
        table = self.tables.get("settings") or {}
        return dict(table.get(1) or {})

    def get(self, ref: str) -> Doc | None:
        return self.by_ref.get(ref)

    def records(self, customer_ref: str, table: str) -> list[Doc]:
        """The customer's records of one table, oldest first."""
        return self.of_customer.get(customer_ref, {}).get(table, [])

    def customers(self) -> list[Doc]:
        return self.table("customers")

    def contacts(self, customer_ref: str) -> list[Doc]:
        """The customer's contacts in the order they happened."""
        return sorted(self.records(customer_ref, "contacts"), key=lambda c: (c["at_utc"], c["ref"]))
