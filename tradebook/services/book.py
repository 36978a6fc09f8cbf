"""Recording things in the book: the one path every write takes, from the CLI and the TUI alike.

Each method checks its input against the book, then writes one transaction. A refused
input raises a `TradebookError` before anything is written.
"""

from __future__ import annotations

from tradebook.services.billing import BillingRecords
from tradebook.services.contacts import ContactRecords
from tradebook.services.customers import CustomerRecords
from tradebook.services.jobs import JobRecords
from tradebook.services.payments import PaymentRecords


class Book(CustomerRecords, JobRecords, BillingRecords, PaymentRecords, ContactRecords):
    """The business book: a store plus the rules for writing into it, area by area."""
