"""A believable electrician's business, generated deterministically from a seed.

`tradebook demo` writes the small book (a couple of years, a few dozen customers, each
warning sign present once). The same generator at `size="reference"` writes the ten-year
reference book the benchmarks use: ~3,000 customers, 12,500 jobs and invoices, 40,000
contacts. With `years` it writes a book of that many years instead, its customers (and so its
jobs, invoices and contacts) in proportion: 1 year ~300 customers, 30 years ~9,000.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from tradebook.domain.chain import GENESIS, seal
from tradebook.domain.refs import make_ref
from tradebook.errors import BadInput

#: The demo business works in Louisville, KY (Eastern time, no DST games in demo data).
ZONE = timezone(timedelta(hours=-5))

FIRST = [
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Carlos",
    "Karen",
    "Daniel",
    "Nancy",
    "Matthew",
    "Lisa",
    "Anthony",
    "Betty",
    "Mark",
    "Sandra",
    "Donald",
    "Ashley",
    "Steven",
    "Kimberly",
    "José",
    "Zoë",
    "Łukasz",
    "Ngọc",
    "Renée",
    "Søren",
    "Aisha",
    "Wei",
    "Priya",
    "Darnell",
    "Keisha",
    "Hiroshi",
]
LAST = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Núñez",
    "Nguyễn",
    "O'Brien",
    "Müller",
    "Kowalczyk",
    "Haddad",
    "Okafor",
    "Brennan",
    "Fitzgerald",
    "Castillo",
]
STREETS = [
    "Bardstown Rd",
    "Frankfort Ave",
    "Preston Hwy",
    "Dixie Hwy",
    "Shelbyville Rd",
    "Taylorsville Rd",
    "Brownsboro Rd",
    "Baxter Ave",
    "Eastern Pkwy",
    "Cherokee Rd",
    "Lexington Rd",
    "Poplar Level Rd",
    "Hikes Ln",
    "Breckenridge Ln",
    "Westport Rd",
]
FIRMS = [
    "Rentals LLC",
    "Properties",
    "Bakery",
    "Auto Repair",
    "Cafe",
    "Dental Group",
    "Hardware",
    "Fitness",
    "Florist",
    "Brewing Co.",
    "Storage",
    "Daycare",
    "Salon",
    "Veterinary Clinic",
    "Print Shop",
]
WORK = [
    ("Replace 100A panel with 200A service", 2400_00, 16),
    ("Install recessed lighting, kitchen (8 cans)", 640_00, 6),
    ("Add 240V circuit for EV charger", 520_00, 5),
    ("Troubleshoot tripping breaker, replace GFCI outlets", 180_00, 2),
    ("Rewire basement, add outlets to code", 1350_00, 12),
    ("Install ceiling fans (3) with wall controls", 360_00, 4),
    ("Whole-house surge protector", 420_00, 2),
    ("Replace knob-and-tube in two bedrooms", 1900_00, 18),
    ("Outdoor lighting and weatherproof outlets", 560_00, 5),
    ("Hot tub disconnect and 50A circuit", 690_00, 5),
    ("Smoke and CO detectors, hard-wired (6)", 450_00, 4),
    ("Generator inlet and interlock kit", 780_00, 5),
    ("Commercial lighting retrofit to LED", 3200_00, 20),
    ("Dedicated circuits for kitchen equipment", 1450_00, 10),
]
LABOUR_RATE = 95_00


@dataclass
class Draft:
    """Records being generated; refs are given once everything is in date order."""

    tables: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {
            t: []
            for t in ("customers", "jobs", "contracts", "invoices", "payments", "contacts", "plans")
        }
    )

    def add(self, table: str, sort_key: str, doc: dict[str, Any]) -> dict[str, Any]:
        doc["_key"] = sort_key
        self.tables[table].append(doc)
        return doc


def _stamp(day: date, rng: random.Random) -> datetime:
    return datetime.combine(
        day, time(rng.randint(7, 18), rng.choice((0, 10, 20, 30, 40, 50))), ZONE
    )


class Generator:
    def __init__(self, today: date, seed: int) -> None:
        self.today = today
        self.rng = random.Random(seed)
        self.draft = Draft()

    # ----- building blocks ---------------------------------------------------------------

    def customer(
        self,
        name: str,
        since: date,
        *,
        business: bool = False,
        principal: str | None = None,
        credit_limit: int | None = None,
        net_days: int | None = None,
        late_fee: dict | None = None,
        cod: bool = False,
        notes: str = "",
    ) -> dict:
        rng = self.rng
        phone = f"(502) 555-{rng.randint(100, 9999):04d}"
        slug = (
            "".join(ch for ch in name.lower() if ch.isascii() and ch.isalnum())[:14] or "customer"
        )
        return self.draft.add(
            "customers",
            since.isoformat(),
            {
                "name": name,
                "kind": "business" if business else "person",
                "principal": principal,
                "phones": [phone],
                "emails": [f"{slug}@example.com"],
                "address": f"{rng.randint(100, 9899)} {rng.choice(STREETS)}, Louisville, KY 402{rng.randint(2, 99):02d}",
                "credit_limit": credit_limit,
                "cod": cod,
                "net_days": net_days,
                "late_fee": late_fee,
                "state": "KY",
                "notes": notes,
                "created": since.isoformat(),
            },
        )

    def job(
        self,
        cust: dict,
        start: date,
        work: tuple[str, int, int] | None = None,
        *,
        done: date | None = None,
        status: str = "done",
        quote: int | None = None,
        deposit_asked: int | None = None,
    ) -> dict:
        desc, materials, hours = work or self.rng.choice(WORK)
        price = materials + hours * LABOUR_RATE
        return self.draft.add(
            "jobs",
            start.isoformat(),
            {
                "customer": cust,
                "site": cust["address"],
                "desc": desc,
                "status": status,
                "quote": quote if quote is not None else price,
                "deposit_asked": deposit_asked,
                "start": start.isoformat(),
                "done": done.isoformat() if done else None,
                "change_orders": [],
                "attachments": [],
                "created": start.isoformat(),
                "_materials": materials,
                "_hours": hours,
            },
        )

    def invoice(
        self,
        cust: dict,
        issued: date,
        *,
        job: dict | None = None,
        contract: dict | None = None,
        items: list[dict] | None = None,
        net: int = 30,
        sent_via: str | None = "email",
        period: str | None = None,
    ) -> dict:
        if items is None and job is not None:
            items = [
                {"desc": f"Labour: {job['desc']}", "qty": str(job["_hours"]), "unit": LABOUR_RATE},
                {"desc": "Materials and parts", "qty": "1", "unit": job["_materials"]},
            ]
        return self.draft.add(
            "invoices",
            issued.isoformat(),
            {
                "customer": cust,
                "jobs": [job] if job else [],
                "contract": contract,
                "items": items,
                "tax_pct": "0",
                "issued": issued.isoformat(),
                "due": (issued + timedelta(days=net)).isoformat(),
                "period": period,
                "sent": [{"date": issued.isoformat(), "via": sent_via, "tracking": None}]
                if sent_via
                else [],
                "adjustments": [],
                "notes": "",
            },
        )

    def pay(
        self,
        target: dict,
        amount: int,
        on: date,
        *,
        method: str = "check",
        bounced: date | None = None,
        reference: str = "",
    ) -> dict:
        is_job = "site" in target
        if method == "check" and not reference:
            reference = f"check #{self.rng.randint(1001, 9899)}"
        return self.draft.add(
            "payments",
            on.isoformat(),
            {
                "customer": target["customer"],
                ("job" if is_job else "invoice"): target,
                "amount": amount,
                "date": on.isoformat(),
                "method": method,
                "reference": reference,
                "bounced": bounced.isoformat() if bounced else None,
            },
        )

    def contact(
        self,
        cust: dict,
        day: date,
        summary: str,
        *,
        via: str = "call",
        inbound: bool = False,
        outcome: str | None = None,
        promise: tuple[date, int | None] | None = None,
        dispute: bool = False,
        resolves: bool = False,
        invoices: tuple[dict, ...] = (),
    ) -> dict:
        at = _stamp(day, self.rng)
        if outcome is None:
            outcome = "received" if inbound else ("spoke" if via in ("call", "visit") else "sent")
        return self.draft.add(
            "contacts",
            at.astimezone(UTC).isoformat(),
            {
                "customer": cust,
                "at": at.isoformat(),
                "at_utc": at.astimezone(UTC).isoformat(),
                "via": via,
                "direction": "in" if inbound else "out",
                "summary": summary,
                "outcome": outcome,
                "promise": {"date": promise[0].isoformat(), "amount": promise[1]}
                if promise
                else None,
                "dispute": dispute,
                "resolves_dispute": resolves,
                "invoices": list(invoices),
                "corrects": None,
                "letter": None,
                "recorded": day.isoformat(),
            },
        )

    @staticmethod
    def total(inv: dict) -> int:
        from tradebook.domain.accounts import invoice_total

        return invoice_total(inv)

    def days_ago(self, n: int) -> date:
        return self.today - timedelta(days=n)

    # ----- everyday history ---------------------------------------------------------------

    def ordinary_customer(self, first_day: date, last_day: date, jobs: int, habit: str) -> None:
        """A customer with `jobs` jobs between the two days, paying after their habit."""
        rng = self.rng
        span = max(1, (last_day - first_day).days)
        starts = sorted(first_day + timedelta(days=rng.randrange(span)) for _ in range(jobs))
        business = rng.random() < 0.25
        last = rng.choice(LAST)
        if business:
            name = f"{last} {rng.choice(FIRMS)}"
            principal = f"{rng.choice(FIRST)} {last}"
        else:
            name, principal = f"{rng.choice(FIRST)} {last}", None
        cust = self.customer(
            name,
            starts[0] - timedelta(days=rng.randint(1, 10)),
            business=business,
            principal=principal,
        )
        for start in starts:
            self.contact(
                cust,
                start - timedelta(days=rng.randint(1, 6)),
                "Asked for a quote; booked a visit",
                inbound=True,
                via=rng.choice(("call", "text", "email")),
            )
            done = start + timedelta(days=rng.randint(0, 3))
            job = self.job(cust, start, done=done)
            self.contact(
                cust, start - timedelta(days=1), "Confirmed arrival time for tomorrow", via="text"
            )
            if rng.random() < 0.5 and done <= self.today:
                self.contact(
                    cust,
                    done,
                    "Walked the customer through the finished work; signed off",
                    via="visit",
                )
            if done > self.today - timedelta(days=2):
                job["status"], job["done"] = "in-progress", None
                continue
            inv = self.invoice(cust, done, job=job)
            amount = self.total(inv)
            delay = {
                "prompt": rng.randint(3, 25),
                "late": rng.randint(35, 75),
                "mixed": rng.choice((rng.randint(5, 28), rng.randint(31, 55))),
            }[habit]
            paid_on = done + timedelta(days=delay)
            if delay > 30 and done + timedelta(days=33) < self.today:
                self.contact(
                    cust,
                    done + timedelta(days=33),
                    "Friendly reminder: invoice is past due",
                    via="email",
                    invoices=(inv,),
                )
            if paid_on > self.today:
                continue
            if habit == "mixed" and rng.random() < 0.15 and amount > 200_00:
                half = amount // 2
                self.pay(inv, half, paid_on, method=rng.choice(("check", "card", "transfer")))
                second = paid_on + timedelta(days=rng.randint(10, 25))
                if second <= self.today:
                    self.pay(inv, amount - half, second, method="check")
            else:
                self.pay(
                    inv, amount, paid_on, method=rng.choice(("check", "card", "transfer", "cash"))
                )
            if rng.random() < 0.5:
                self.contact(
                    cust,
                    min(self.today, paid_on),
                    "Thanks for the prompt work — payment sent",
                    via=rng.choice(("text", "email")),
                    inbound=True,
                )

    # ----- the stories every demo book tells ----------------------------------------------

    def stories(self) -> None:
        d = self.days_ago
        rng = self.rng

        # Always on time: nothing to flag.
        maria = self.customer("María Hernández", d(700), notes="Referred by a neighbour.")
        for start in (d(650), d(420), d(180), d(40)):
            job = self.job(maria, start, done=start + timedelta(days=1))
            inv = self.invoice(maria, start + timedelta(days=1), job=job)
            self.pay(inv, self.total(inv), start + timedelta(days=12), method="card")

        # A landlord's maintenance contract billed at half the agreed rate for six months.
        oak = self.customer(
            "Oakridge Rentals LLC", d(500), business=True, principal="Dale Whitcomb", net_days=15
        )
        start = (date(d(400).year, d(400).month, 1) + timedelta(days=32)).replace(day=1)
        contract = self.draft.add(
            "contracts",
            start.isoformat(),
            {
                "customer": oak,
                "amount": 400_00,
                "every": "month",
                "desc": "Monthly electrical maintenance, 14 rental units (inspections, call-outs under 1 h)",
                "start": start.isoformat(),
                "end": None,
            },
        )
        month = start
        months = []
        while month <= self.today:  # billed on the first of every month
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        for i, first in enumerate(months):
            rate = 200_00 if i >= len(months) - 6 else 400_00
            inv = self.invoice(
                oak,
                first,
                contract=contract,
                net=15,
                period=first.strftime("%Y-%m"),
                items=[{"desc": f"Maintenance contract {first:%B %Y}", "qty": "1", "unit": rate}],
            )
            if first + timedelta(days=12) <= self.today:
                self.pay(inv, rate, first + timedelta(days=rng.randint(6, 12)), method="transfer")

        # A big job: deposit paid, one partial payment, then silence and a broken promise.
        tom = self.customer(
            "Tom Becker",
            d(130),
            late_fee={"kind": "percent", "pct": "1.5"},
            notes="Late fee of 1.5% a month agreed on the signed quote.",
        )
        panel = self.job(
            tom,
            d(110),
            ("Replace 100A panel with 200A service, new meter base", 3000_00, 20),
            done=d(105),
            deposit_asked=1000_00,
        )
        self.contact(
            tom, d(125), "Quoted $4,900 for the panel upgrade; $1,000 deposit to book", via="visit"
        )
        self.pay(panel, 1000_00, d(118), method="check")
        inv = self.invoice(tom, d(105), job=panel, net=15, sent_via="post")
        self.pay(inv, 1000_00, d(80), method="check")
        self.contact(
            tom,
            d(80),
            "Paid $1,000; said the rest would follow soon",
            via="text",
            inbound=True,
            invoices=(inv,),
        )
        self.contact(
            tom,
            d(60),
            "Called about the balance; promised to pay in full",
            promise=(d(45), None),
            invoices=(inv,),
        )
        self.contact(
            tom,
            d(40),
            "No answer; left a voicemail about the overdue balance",
            outcome="voicemail",
            invoices=(inv,),
        )
        self.contact(
            tom, d(25), "Texted a reminder with the amount due", via="text", invoices=(inv,)
        )
        self.contact(tom, d(12), "No answer again", outcome="no-answer", invoices=(inv,))

        # A small business whose check bounced; the owner promised and kept the promise.
        diner = self.customer(
            "Riverside Diner", d(300), business=True, principal="Angela Ruiz", credit_limit=3000_00
        )
        job = self.job(
            diner, d(75), ("Dedicated circuits for kitchen equipment", 1200_00, 10), done=d(73)
        )
        inv = self.invoice(diner, d(73), job=job)
        self.pay(
            inv, self.total(inv), d(50), method="check", reference="check #2217", bounced=d(44)
        )
        self.contact(diner, d(43), "Bank returned check #2217; called the diner", invoices=(inv,))
        self.contact(
            diner,
            d(42),
            "Angela apologised; will pay by transfer",
            via="call",
            inbound=True,
            promise=(d(30), 1000_00),
            invoices=(inv,),
        )
        self.pay(inv, 1000_00, d(31), method="transfer")
        self.contact(
            diner, d(20), "Asked when the remaining balance will come", via="email", invoices=(inv,)
        )
        self.contact(
            diner,
            d(18),
            "Angela asked to split the rest in two; agreed a plan",
            via="call",
            inbound=True,
            outcome="agreed",
            invoices=(inv,),
        )
        rest = self.total(inv) - 1000_00
        self.draft.add(
            "plans",
            d(18).isoformat(),
            {
                "customer": diner,
                "invoices": [inv],
                "created": d(18).isoformat(),
                "status": "active",
                "instalments": [
                    {"date": d(10).isoformat(), "amount": rest // 2},
                    {
                        "date": (self.today + timedelta(days=20)).isoformat(),
                        "amount": rest - rest // 2,
                    },
                ],
            },
        )
        self.pay(inv, rest // 2, d(10), method="transfer")

        # A dispute about finished work, still open.
        greg = self.customer("Greg Kowalski", d(90))
        job = self.job(
            greg, d(62), ("Outdoor lighting and weatherproof outlets", 560_00, 5), done=d(60)
        )
        inv = self.invoice(greg, d(60), job=job)
        self.contact(
            greg,
            d(35),
            "Says two garden lights flicker and won't pay until fixed",
            inbound=True,
            dispute=True,
            invoices=(inv,),
        )
        self.contact(
            greg,
            d(33),
            "Offered a return visit to check the lights; awaiting a date",
            via="text",
            invoices=(inv,),
        )

        # Late but kept the promise.
        sunita = self.customer("Sunita Patel", d(260))
        job = self.job(
            sunita, d(80), ("Install ceiling fans (3) with wall controls", 360_00, 4), done=d(79)
        )
        inv = self.invoice(sunita, d(79), job=job)
        self.contact(
            sunita,
            d(45),
            "Reminder call; short of cash this month",
            promise=(d(30), None),
            invoices=(inv,),
        )
        self.pay(inv, self.total(inv), d(31), method="card")

        # A practice that used to pay within two weeks and now takes two months.
        dental = self.customer(
            "Main Street Dental Group", d(900), business=True, principal="Dr. Karen Lee"
        )
        for k, (start, delay) in enumerate(
            (
                (d(800), 9),
                (d(650), 11),
                (d(500), 8),
                (d(380), 12),
                (d(220), 48),
                (d(150), 62),
                (d(95), 70),
            )
        ):
            job = self.job(dental, start, done=start + timedelta(days=1))
            inv = self.invoice(dental, start + timedelta(days=1), job=job)
            paid_on = start + timedelta(days=1 + delay)
            if paid_on <= self.today and k < 6:
                self.pay(inv, self.total(inv), paid_on, method="check")

        # Paid a part, promised the rest, then went quiet.
        dana = self.customer("Dana Whitfield", d(150))
        job = self.job(
            dana, d(104), ("Rewire basement, add outlets to code", 1350_00, 12), done=d(100)
        )
        inv = self.invoice(dana, d(100), job=job)
        self.pay(inv, 600_00, d(66), method="card")
        self.contact(
            dana,
            d(66),
            "Paid $600 by card; the rest after payday",
            via="text",
            inbound=True,
            invoices=(inv,),
        )
        self.contact(
            dana,
            d(30),
            "Rang about the rest of the balance; no answer",
            outcome="no-answer",
            invoices=(inv,),
        )

        # An invoice sent and simply ignored.
        jake = self.customer("Jake Morrison", d(70))
        job = self.job(jake, d(62), ("Hot tub disconnect and 50A circuit", 690_00, 5), done=d(61))
        inv = self.invoice(jake, d(61), job=job)
        self.contact(jake, d(25), "Emailed a copy of the invoice", via="email", invoices=(inv,))
        self.contact(jake, d(18), "Called; no answer", outcome="no-answer", invoices=(inv,))
        self.contact(jake, d(9), "Texted; no reply", via="text", invoices=(inv,))

        # A landlord over the credit limit we agreed.
        brenda = self.customer(
            "Brenda Walsh", d(400), credit_limit=1500_00, notes="Owns four duplexes on Baxter Ave."
        )
        for start, work, unit in (
            (d(50), ("Rewire basement, add outlets to code", 1350_00, 12), "1416"),
            (d(20), ("Replace knob-and-tube in two bedrooms", 1900_00, 18), "1422"),
        ):
            job = self.job(brenda, start, work, done=start + timedelta(days=2))
            job["site"] = f"{unit} Baxter Ave, Louisville, KY 40204"
            self.invoice(brenda, start + timedelta(days=2), job=job)

        # A new customer's large job started without the deposit we asked for.
        chloe = self.customer("Chloé Dubois", d(20))
        self.job(
            chloe,
            d(6),
            ("Commercial lighting retrofit to LED", 3200_00, 20),
            status="in-progress",
            deposit_asked=1500_00,
        )

        # Work done weeks ago and never invoiced (the electrician's own leak).
        frank = self.customer("Frank Ortega", d(200))
        self.job(frank, d(24), ("Whole-house surge protector", 420_00, 2), done=d(23))

        # An old debt whose limitation period is running out.
        harold = self.customer("Harold Simms", self.today - timedelta(days=5 * 365 + 40))
        old = self.today - timedelta(days=5 * 365 - 30)
        job = self.job(
            harold,
            old,
            ("Troubleshoot tripping breaker, replace GFCI outlets", 180_00, 2),
            done=old,
        )
        inv = self.invoice(harold, old, job=job, sent_via="post")
        self.contact(
            harold,
            old + timedelta(days=40),
            "Reminder call; said he'd mail a check",
            invoices=(inv,),
        )

    def long_account_gone_bad(self, years: int) -> None:
        """A property manager with years of monthly call-outs who stopped paying eight months ago:
        the longest record in the reference book, and the bundle it needs."""
        rng = self.rng
        d = self.days_ago
        pm = self.customer(
            "Hollister Property Management LLC",
            d(365 * years - 20),
            business=True,
            principal="Rick Hollister",
            credit_limit=5000_00,
            net_days=30,
        )
        start = d(365 * years - 30)
        month = 0
        while start < d(20):
            job = self.job(pm, start, done=start + timedelta(days=1))
            inv = self.invoice(pm, start + timedelta(days=1), job=job)
            self.contact(
                pm,
                start - timedelta(days=2),
                "Call-out requested for a tenant's unit",
                inbound=True,
                via=rng.choice(("call", "email")),
            )
            if start < d(240):
                self.pay(
                    inv,
                    self.total(inv),
                    start + timedelta(days=rng.randint(10, 28)),
                    method="check",
                )
            else:
                due = start + timedelta(days=31)
                for offset, summary, via in (
                    (4, "Reminder: invoice past due", "email"),
                    (15, "Called the office about the overdue invoice", "call"),
                    (30, "Second reminder with a copy of the invoice", "email"),
                ):
                    if due + timedelta(days=offset) < self.today:
                        self.contact(
                            pm, due + timedelta(days=offset), summary, via=via, invoices=(inv,)
                        )
                if due + timedelta(days=16) < self.today:
                    self.contact(
                        pm,
                        due + timedelta(days=16),
                        "Office manager promised a check",
                        inbound=True,
                        via="call",
                        promise=(due + timedelta(days=25), None),
                        invoices=(inv,),
                    )
            start += timedelta(days=rng.randint(26, 34))
            month += 1

    # ----- finishing: date order, refs, hash chain ----------------------------------------

    def finish(self) -> dict[str, list[dict]]:
        tables = self.draft.tables
        for name, docs in tables.items():
            docs.sort(key=lambda doc: doc["_key"])
            for i, doc in enumerate(docs, start=1):
                doc["ref"] = make_ref(name, i)
        prev = GENESIS
        out: dict[str, list[dict]] = {}
        for name, docs in tables.items():
            rows = []
            for doc in docs:
                row = {"ref": doc["ref"]}
                for key, value in doc.items():
                    if key.startswith("_") or key == "ref":
                        continue
                    if isinstance(value, dict) and "ref" in value:
                        value = value["ref"]
                    elif (
                        isinstance(value, list)
                        and value
                        and isinstance(value[0], dict)
                        and "ref" in value[0]
                    ):
                        value = [v["ref"] for v in value]
                    row[key] = value
                if name == "contacts":
                    row = seal(row, prev)
                    prev = row["hash"]
                rows.append(row)
            out[name] = rows
        return out


SIZES = {
    # customers, years of history, jobs per customer (low, high), chance of one more job
    "demo": (24, 2, (1, 4), 0.0),
    "reference": (2987, 10, (1, 7), 0.16),
}


def generate(
    today: date, *, seed: int = 7, size: str = "demo", years: int | None = None
) -> dict[str, list[dict]]:
    """Every record of the demo business, as table -> docs (with refs), in date order.
    `years` stretches a size over that many years, its customers in proportion."""
    if size not in SIZES:
        raise BadInput(f"size is one of {', '.join(SIZES)}")
    customers, base_years, (low, high), extra = SIZES[size]
    years = base_years if years is None else years
    if years < 1:
        raise BadInput("a book holds at least one year")
    customers = round(customers * years / base_years)
    gen = Generator(today, seed)
    first = today - timedelta(days=365 * years)
    for _ in range(customers):
        habit = gen.rng.choices(("prompt", "mixed", "late"), weights=(6, 3, 1))[0]
        begin = first + timedelta(days=gen.rng.randrange(365 * years - 30))
        gen.ordinary_customer(
            begin,
            today - timedelta(days=3),
            gen.rng.randint(low, high) + (gen.rng.random() < extra),
            habit,
        )
    gen.stories()
    if size == "reference":
        gen.long_account_gone_bad(max(1, years - 1))
    records = gen.finish()
    if size == "demo":
        _final_notice(records, today)
    return records


def _final_notice(records: dict[str, list[dict]], today: date) -> None:
    """Dana Whitfield, who paid a part and went quiet, was sent a final notice by certified
    mail twenty days ago and let its pay-by date pass: the demo's one customer for whom the
    small-claims bundle can be made. The letter is composed and drawn as `tradebook letter`
    would have done it that day, so its text and PDF hash are those of a real letter."""
    import hashlib

    from tradebook.documents.letter_pdf import render_letter
    from tradebook.documents.letters import compose_letter
    from tradebook.domain.view import BookView
    from tradebook.services.letters import letter_summary

    sent_on = today - timedelta(days=20)
    view = BookView(
        {
            "profile": {1: PROFILE},
            **{name: dict(enumerate(docs, 1)) for name, docs in records.items()},
        }
    )
    dana = next(c for c in records["customers"] if c["name"] == "Dana Whitfield")
    via, tracking = "certified", "9589 0710 5270 0123 4567 89"
    letter = compose_letter(
        view, dana["ref"], "final", sent_on, next_step="small-claims", via=via, tracking=tracking
    )
    letters = records.setdefault("letters", [])
    ref = make_ref("letters", len(letters) + 1)
    contact_ref = make_ref("contacts", len(records["contacts"]) + 1)
    data = render_letter(view, letter, letter_ref=ref)
    at = datetime.combine(sent_on, time(9, 10), ZONE)
    prev = records["contacts"][-1]["hash"] if records["contacts"] else GENESIS
    records["contacts"].append(
        seal(
            {
                "ref": contact_ref,
                "customer": dana["ref"],
                "at": at.isoformat(),
                "at_utc": at.astimezone(UTC).isoformat(),
                "via": "letter",
                "direction": "out",
                "summary": letter_summary(letter, ref, via, tracking),
                "outcome": "sent",
                "promise": None,
                "dispute": False,
                "resolves_dispute": False,
                "invoices": list(letter.invoices),
                "corrects": None,
                "letter": ref,
                "recorded": sent_on.isoformat(),
            },
            prev,
        )
    )
    letters.append(
        {
            "ref": ref,
            "customer": dana["ref"],
            "kind": "final",
            "invoices": list(letter.invoices),
            "date": sent_on.isoformat(),
            "body": letter.body,
            "sha256": hashlib.sha256(data).hexdigest(),
            "delivery": {"via": via, "tracking": tracking},
            "contact": contact_ref,
            "deadline": letter.deadline.isoformat() if letter.deadline else None,
            "note": "",
            "pay_by": letter.pay_by.isoformat() if letter.pay_by else None,
            "demanded": letter.demand.as_record() if letter.demand else None,
        }
    )


PROFILE = {
    "name": "Bright Spark Electric LLC",
    "licence": "KY ME-48213",
    "address": "1840 Bardstown Rd, Louisville, KY 40205",
    "phone": "(502) 555-0148",
    "email": "office@brightspark.example",
    "state": "KY",
    "net_days": 30,
    "signature": "Sam Carter, Master Electrician",
    "pay_methods": ["check", "card", "transfer"],
    "payment_note": "Card or bank transfer: call the office on (502) 555-0148 for the "
    "payment link or our bank details.",
}


def fill_demo(
    book, *, today: date, seed: int = 7, size: str = "demo", years: int | None = None
) -> dict[str, int]:
    """Write the demo business into an empty book, in one transaction."""
    records = generate(today, seed=seed, size=size, years=years)
    in_business = max(10, years or 0)  # the business is at least as old as its history
    with book.store.transaction() as tx:
        if any(tx.table(name) for name in records):
            raise BadInput(
                "the book already has records; `tradebook demo` fills only an empty book "
                "(use --book PATH for a new one)"
            )
        if not tx.get("profile", 1):
            tx.insert(
                "profile",
                {**PROFILE, "created": (today - timedelta(days=365 * in_business)).isoformat()},
            )
        for name, docs in records.items():
            for doc in docs:
                tx.insert(name, doc)
    return {name: len(docs) for name, docs in records.items()}


def describe_counts(counts: dict[str, int]) -> str:
    """`{"customers": 37, "plans": 1}` → `37 customers, 1 plan`."""
    return ", ".join(
        f"{n} {table if n != 1 else table.removesuffix('s')}" for table, n in counts.items()
    )
