"""Customers and the business itself: who they are, how to reach them, their terms."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from tradebook.documents.paying import parse_pay_methods
from tradebook.domain.view import Doc
from tradebook.errors import BadInput
from tradebook.services.inputs import check_email, check_phone, check_state, clean_text, one_of
from tradebook.services.records import Records

#: what the business is, as a party in court
ENTITIES = ("business", "individual", "sole-proprietor", "llc", "corporation", "partnership")


class CustomerRecords(Records):
    """Customers and the business profile."""

    def init_profile(self, *, name: str, today: date, **fields: str | int | None) -> Doc:
        name = clean_text(name, "business name", required=True, limit=200, field="name")
        profile: Doc = {
            k: clean_text(v, k.replace("_", " "), limit=400, field=k) if isinstance(v, str) else v
            for k, v in fields.items()
            if v is not None
        }
        state = check_state(str(profile.get("state", "")), field="state")
        if state:
            profile["state"] = state
        if profile.get("email"):
            check_email(profile["email"], field="email")
        if profile.get("entity") is not None:
            one_of(profile["entity"], ENTITIES, "what the business is", field="entity")
        if "pay_methods" in profile:
            try:
                profile["pay_methods"] = parse_pay_methods(profile["pay_methods"])
            except BadInput as exc:
                raise BadInput(exc.message, field="pay_methods") from None
        net = profile.get("net_days")
        if net is not None and not 0 <= int(net) <= 365:
            raise BadInput("payment terms must be between 0 and 365 days", field="net_days")
        with self.store.transaction() as tx:
            if tx.get("profile", 1):
                tx.update("profile", 1, {"name": name, **profile})
            else:
                tx.insert(
                    "profile",
                    {"name": name, "net_days": 30, "created": today.isoformat(), **profile},
                )
        return dict(self.store.get("profile", 1) or {})

    def add_customer(
        self,
        name: str,
        *,
        today: date,
        business: bool = False,
        principal: str | None = None,
        phones: Sequence[str] = (),
        emails: Sequence[str] = (),
        address: str | None = None,
        credit_limit: int | None = None,
        cod: bool = False,
        net_days: int | None = None,
        late_fee: Doc | None = None,
        state: str | None = None,
        notes: str | None = None,
    ) -> Doc:
        name = clean_text(name, "customer name", required=True, limit=200, says=True, field="name")
        if principal and not business:
            business = True
        if credit_limit is not None and credit_limit < 0:
            raise BadInput("a credit limit cannot be negative", field="credit_limit")
        if net_days is not None and not 0 <= net_days <= 365:
            raise BadInput("payment terms must be between 0 and 365 days", field="net_days")
        for email in emails:
            check_email(email, field="emails")
        return self._insert(
            "customers",
            {
                "name": name,
                "kind": "business" if business else "person",
                "principal": clean_text(principal, "principal", limit=200, field="principal")
                or None,
                "phones": [check_phone(p, field="phones") for p in phones],
                "emails": [e.strip() for e in emails],
                "address": clean_text(address, "address", limit=400, field="address"),
                "credit_limit": credit_limit,
                "cod": bool(cod),
                "net_days": net_days,
                "late_fee": late_fee,
                "state": check_state(state, field="state"),
                "notes": clean_text(notes, "notes", says=True, field="notes"),
                "created": today.isoformat(),
            },
        )

    def update_customer(self, ref: str, **fields: Any) -> Doc:
        customer = self.get(ref, "customers", field="customer")
        allowed = {
            "name",
            "principal",
            "phones",
            "emails",
            "address",
            "credit_limit",
            "cod",
            "net_days",
            "late_fee",
            "notes",
            "kind",
            "state",
        }
        unknown = set(fields) - allowed
        if unknown:
            raise BadInput(
                f"cannot change {', '.join(sorted(unknown))} of a customer",
                field=min(unknown),
            )
        if "name" in fields:
            fields["name"] = clean_text(
                fields["name"], "customer name", required=True, limit=200, field="name"
            )
        if "state" in fields:
            fields["state"] = check_state(fields["state"], field="state")
        for key, what in (("address", "address"), ("principal", "principal")):
            if key in fields:
                fields[key] = clean_text(fields[key], what, limit=400, field=key) or (
                    None if key == "principal" else ""
                )
        if fields.get("kind") not in (None, "person", "business"):
            raise BadInput("a customer is a person or a business", field="kind")
        self._update("customers", customer, fields)
        return self.get(ref, "customers")
