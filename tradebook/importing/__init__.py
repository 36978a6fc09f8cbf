"""Bringing an electrician's old records in: customers, invoices and what was paid on them,
from a CSV exported by QuickBooks, Wave, Invoice Ninja, Jobber, or any spreadsheet laid out
as `customer,invoice,date,due,amount,paid`.

`read_table` reads the file defensively (size, binary, encoding, ragged rows); `LAYOUTS` says
how each program's columns map onto an invoice; `plan_import` turns the rows into the records
to add, and `apply_import` writes them in one transaction. Nothing is written while any row
cannot be read, unless the user asked to skip such rows.
"""

from tradebook.importing.layouts import LAYOUTS
from tradebook.importing.plan import ImportPlan, apply_import, plan_import
from tradebook.importing.table import read_table

__all__ = ["LAYOUTS", "ImportPlan", "apply_import", "plan_import", "read_table"]
