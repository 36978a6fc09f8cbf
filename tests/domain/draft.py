"""A small book written record by record for domain tests: plain tables, no storage."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tradebook.domain.refs import make_ref
from tradebook.domain.view import TABLES, BookView

TODAY = date(2026, 11, 22)


def day(offset_or_iso: int | str | date) -> date:
    """A date given as days before TODAY (int), an ISO string, or a date."""
    if isinstance(offset_or_iso, date):
        return offset_or_iso
    if isinstance(offset_or_iso, int):
        return TODAY - timedelta(days=offset_or_iso)
    return date.fromisoformat(offset_or_iso)


def iso(value: int | str | date) -> str:
    return day(value).isoformat()


class Draft:
    """Builds the tables of a book; every method returns the new record's ref."""

    def __init__(self, state: str = "KY", net_days: int = 30) -> None:
        self.tables: dict[str, dict[int, dict[str, Any]]] = {name: {} for name in TABLES}
        self.tables["profile"] = {
            1: {"name": "Bright Spark Electric", "state": state, "net_days": net_days}
        }

    def _add(self, table: str, **fields: Any) -> str:
        doc_id = len(self.tables[table]) + 1
        ref = make_ref(table, doc_id)
        self.tables[table][doc_id] = {"ref": ref, **fields}
        return ref

    def doc(self, ref: str) -> dict[str, Any]:
        return next(d for t in self.tables.values() for d in t.values() if d.get("ref") == ref)

    def view(self) -> BookView:
        return BookView(self.tables)

    def customer(
        self,
        name: str = "Ann Lee",
        *,
        business: bool = False,
        principal: str | None = None,
        credit_limit: int | None = None,
        cod: bool = False,
        late_fee: dict | None = None,
        state: str | None = None,
        created: int | str = 900,
    ) -> str:
        return self._add(
            "customers",
            name=name,
            kind="business" if business else "person",
            principal=principal,
            phones=[],
            emails=[],
            address="1 Main St",
            credit_limit=credit_limit,
            cod=cod,
            net_days=None,
            late_fee=late_fee,
            state=state,
            notes="",
            created=iso(created),
        )

    def job(
        self,
        customer: str,
        start: int | str,
        *,
        status: str = "booked",
        quote: int | None = None,
        deposit_asked: int | None = None,
        done: int | str | None = None,
        change_orders: tuple[dict, ...] = (),
    ) -> str:
        if done is not None:
            status = "done"
        return self._add(
            "jobs",
            customer=customer,
            site="1 Main St",
            desc="Rewire kitchen",
            status=status,
            quote=quote,
            deposit_asked=deposit_asked,
            start=iso(start),
            done=iso(done) if done is not None else None,
            change_orders=list(change_orders),
            attachments=[],
            created=iso(start),
        )

    def contract(
        self,
        customer: str,
        amount: int,
        *,
        every: str = "month",
        start: int | str,
        end: int | str | None = None,
    ) -> str:
        return self._add(
            "contracts",
            customer=customer,
            amount=amount,
            every=every,
            desc="Monthly maintenance",
            start=iso(start),
            end=iso(end) if end is not None else None,
        )

    def invoice(
        self,
        customer: str,
        issued: int | str,
        amount: int | None = None,
        *,
        items: list[dict] | None = None,
        due: int | str | None = None,
        net: int = 30,
        job: str | None = None,
        contract: str | None = None,
        period: str | None = None,
        sent: int | str | None = None,
        tax_pct: str = "0",
        adjustments: tuple[dict, ...] = (),
    ) -> str:
        if items is None:
            items = [{"desc": "Work", "qty": "1", "unit": amount}]
        due_day = day(due) if due is not None else day(issued) + timedelta(days=net)
        return self._add(
            "invoices",
            customer=customer,
            jobs=[job] if job else [],
            contract=contract,
            items=items,
            tax_pct=tax_pct,
            issued=iso(issued),
            due=due_day.isoformat(),
            period=period,
            sent=[{"date": iso(sent), "via": "email", "tracking": None}]
            if sent is not None
            else [],
            adjustments=list(adjustments),
            notes="",
        )

    def pay(
        self,
        target: str,
        amount: int,
        on: int | str,
        *,
        bounced: int | str | None = None,
        method: str = "check",
        customer: str | None = None,
    ) -> str:
        owner = customer or self.doc(target)["customer"]
        key = "invoice" if target.startswith("INV") else "job"
        return self._add(
            "payments",
            customer=owner,
            **{key: target},
            amount=amount,
            date=iso(on),
            method=method,
            reference="",
            bounced=iso(bounced) if bounced is not None else None,
        )

    def contact(
        self,
        customer: str,
        on: int | str,
        summary: str = "Talked about the bill",
        *,
        via: str = "call",
        inbound: bool = False,
        outcome: str | None = None,
        promise: tuple[int | str, int | None] | None = None,
        dispute: bool = False,
        resolves: bool = False,
        invoices: tuple[str, ...] = (),
        corrects: str | None = None,
        letter: str | None = None,
    ) -> str:
        at = f"{iso(on)}T10:00:00-05:00"
        if outcome is None:
            outcome = "received" if inbound else ("spoke" if via in ("call", "visit") else "sent")
        return self._add(
            "contacts",
            customer=customer,
            at=at,
            at_utc=f"{iso(on)}T15:00:00+00:00",
            via=via,
            direction="in" if inbound else "out",
            summary=summary,
            outcome=outcome,
            promise={"date": iso(promise[0]), "amount": promise[1]} if promise else None,
            dispute=dispute,
            resolves_dispute=resolves,
            invoices=list(invoices),
            corrects=corrects,
            letter=letter,
            recorded=iso(on),
            prev="",
            hash="",
        )

    def plan(
        self,
        invoice: str,
        parts: list[tuple[int | str, int]],
        *,
        created: int | str,
        status: str = "active",
    ) -> str:
        return self._add(
            "plans",
            customer=self.doc(invoice)["customer"],
            invoices=[invoice],
            instalments=[{"date": iso(d), "amount": a} for d, a in parts],
            created=iso(created),
            status=status,
        )

    def letter(
        self, customer: str, kind: str, on: int | str, invoices: tuple[str, ...] = ()
    ) -> str:
        return self._add(
            "letters",
            customer=customer,
            kind=kind,
            invoices=list(invoices),
            date=iso(on),
            body="",
            sha256="",
            delivery={"via": "post", "tracking": None},
            contact=None,
            deadline=None,
            note="",
        )

    def case(self, customer: str, kind: str, filed: int | str | None = None) -> str:
        return self._add(
            "cases",
            customer=customer,
            kind=kind,
            amount=0,
            status="open",
            filed=iso(filed) if filed is not None else None,
            hearing=None,
            outcome=None,
        )

    def correction(
        self,
        customer: str,
        contract: str,
        on: int | str,
        periods: list[str],
        option: str = "write-off",
        amount: int = 0,
        invoice: str | None = None,
    ) -> str:
        return self._add(
            "corrections",
            customer=customer,
            contract=contract,
            date=iso(on),
            periods=[{"period": p, "invoice": None, "billed": 0, "agreed": 0} for p in periods],
            amount=amount,
            option=option,
            invoice=invoice,
            summary="goodwill",
        )
