"""Payments, deposits, bounced payments and payment plans."""

from __future__ import annotations

from datetime import date, timedelta

from tradebook.domain.money import fmt
from tradebook.domain.refs import parse_ref
from tradebook.domain.view import Doc
from tradebook.errors import BadInput
from tradebook.services.inputs import clean_text, not_after_today, one_of
from tradebook.services.records import Records

METHODS = ("cash", "check", "card", "transfer", "other")


class PaymentRecords(Records):
    """Payments and deposits taken, payments bounced, payment plans."""

    def pay(
        self,
        target: str,
        amount: int,
        *,
        on: date,
        method: str = "check",
        reference: str | None = None,
        today: date | None = None,
    ) -> Doc:
        """A payment against an invoice, or a deposit against a job."""
        if amount <= 0:
            raise BadInput("a payment must be more than zero", field="amount")
        not_after_today(on, today, "a payment dated", field="on")
        one_of(method, METHODS, "the payment method", field="method")
        parsed = parse_ref(target)
        if parsed is None or parsed[0] not in ("invoices", "jobs"):
            raise BadInput(
                f"pay an invoice (INV-0001) or a job's deposit (J-0001), not {target!r}",
                field="target",
            )
        doc = self.get(target, parsed[0], field="target")
        fields: Doc = {
            "customer": doc["customer"],
            "amount": amount,
            "date": on.isoformat(),
            "method": method,
            "reference": clean_text(reference, "reference", limit=80, field="reference"),
            "bounced": None,
        }
        if parsed[0] == "invoices":
            owed = self.view.accounts.money(doc).balance
            if amount > owed:
                raise BadInput(
                    f"{doc['ref']} has {fmt(owed)} left to pay; {fmt(amount)} is more than that",
                    field="amount",
                )
            if on < date.fromisoformat(doc["issued"]):
                raise BadInput(
                    f"a payment on {on} is before {doc['ref']} was issued ({doc['issued']})",
                    field="on",
                )
            fields["invoice"] = doc["ref"]
        else:
            if doc["status"] == "cancelled":
                raise BadInput(f"{doc['ref']} is cancelled", field="target")
            value = (doc.get("quote") or 0) + sum(o["amount"] for o in doc.get("change_orders", ()))
            room = value - self.view.accounts.deposits_received(doc["ref"])
            if value and amount > room:
                raise BadInput(
                    f"{doc['ref']} is worth {fmt(value)} and has {fmt(room)} left "
                    f"to take as a deposit; {fmt(amount)} is more than that",
                    field="amount",
                )
            fields["job"] = doc["ref"]
        return self._insert("payments", fields)

    def bounce(self, payment_ref: str, *, on: date, today: date | None = None) -> Doc:
        payment = self.get(payment_ref, "payments")
        not_after_today(on, today, "a bounce dated", field="on")
        if payment["bounced"]:
            raise BadInput(
                f"{payment['ref']} already bounced on {payment['bounced']}", field="payment"
            )
        if on < date.fromisoformat(payment["date"]):
            raise BadInput(
                f"{payment['ref']} cannot bounce on {on}, before it was paid ({payment['date']})",
                field="on",
            )

        def mark(current: Doc) -> Doc:
            if current["bounced"]:
                raise BadInput(
                    f"{payment['ref']} already bounced on {current['bounced']}", field="payment"
                )
            return {"bounced": on.isoformat()}

        self._update("payments", payment, mark)
        return self.get(payment_ref, "payments")

    def cancel_plans(self, inv_ref: str) -> list[str]:
        """Cancel the invoice's active payment plans (kept in the book, marked cancelled)."""
        inv = self.get(inv_ref, "invoices")
        live = [p for p in self.view.plans_of.get(inv["ref"], ()) if p.get("status") == "active"]
        if not live:
            raise BadInput(f"{inv['ref']} has no active payment plan", field="invoice")
        for plan in live:
            self._update("plans", plan, {"status": "cancelled"})
        return [p["ref"] for p in live]

    def add_plan(
        self, inv_ref: str, *, instalments: int, every_days: int, start: date, today: date
    ) -> Doc:
        inv = self.get(inv_ref, "invoices")
        if not 2 <= instalments <= 60:
            raise BadInput("a payment plan has between 2 and 60 installments", field="instalments")
        if not 1 <= every_days <= 366:
            raise BadInput("installments are between 1 and 366 days apart", field="every_days")
        owed = self.view.accounts.money(inv).balance
        if owed <= 0:
            raise BadInput(
                f"{inv['ref']} is paid; there is nothing to spread over a plan", field="invoice"
            )
        if start < date.fromisoformat(inv["issued"]):
            raise BadInput(
                f"a plan cannot start on {start}, before {inv['ref']} was issued ({inv['issued']})",
                field="start",
            )
        live = [
            p["ref"] for p in self.view.plans_of.get(inv["ref"], ()) if p.get("status") == "active"
        ]
        if live:
            raise BadInput(
                f"{inv['ref']} already has a payment plan ({', '.join(live)}); cancel it first",
                field="plan",
            )
        if instalments > owed:
            raise BadInput("more installments than cents owed", field="instalments")
        base, extra = divmod(owed, instalments)
        schedule = [
            {
                "date": (start + timedelta(days=every_days * i)).isoformat(),
                "amount": base + (1 if i < extra else 0),
            }
            for i in range(instalments)
        ]
        return self._insert(
            "plans",
            {
                "customer": inv["customer"],
                "invoices": [inv["ref"]],
                "instalments": schedule,
                "created": today.isoformat(),
                "status": "active",
            },
        )
