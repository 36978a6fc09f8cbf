"""Commands that record the business: profile, customers, jobs, contracts, invoices, payments, contacts."""

from __future__ import annotations

import sys

import typer

from tradebook.cli import app
from tradebook.cli.common import (
    at_or_now,
    emit_json,
    money,
    opt_date,
    opt_money,
    state,
    table,
    today,
)
from tradebook.domain import ledger
from tradebook.domain.money import decimal_str, fmt, parse_money, parse_percent, parse_quantity
from tradebook.errors import BadInput

customer_app = typer.Typer(help="Customers: add, list, show.", no_args_is_help=True)
job_app = typer.Typer(help="Jobs: add, list, set status, mark done, attach files.", no_args_is_help=True)
contract_app = typer.Typer(help="Agreed recurring service contracts.", no_args_is_help=True)
invoice_app = typer.Typer(help="Invoices: add, send, list, show.", no_args_is_help=True)
app.add_typer(customer_app, name="customer")
app.add_typer(job_app, name="job")
app.add_typer(contract_app, name="contract")
app.add_typer(invoice_app, name="invoice")


@app.command()
def init(
    name: str = typer.Option(None, "--name", help="The business name on every letter (needed the first time)."),
    address: str = typer.Option(None, "--address"),
    phone: str = typer.Option(None, "--phone"),
    email: str = typer.Option(None, "--email"),
    licence: str = typer.Option(None, "--license", "--licence", help="Trade license number."),
    state_code: str = typer.Option(None, "--state", help="Two-letter state, e.g. KY."),
    net: int = typer.Option(None, "--net", help="Default payment terms in days (30)."),
    signature: str = typer.Option(None, "--signature", help="Who signs the letters."),
    entity: str = typer.Option(None, "--entity", help="business (default) or individual: decides some small-claims limits."),
) -> None:
    """Set up (or update) the business profile; starts the book if there is none."""
    book = state.book(create=True)
    if name is None:
        name = book.view.profile.get("name")
        if not name:
            raise BadInput("name the business the first time: tradebook init --name \"Your Business\"")
    profile = book.init_profile(name=name, today=today(), address=address, phone=phone,
                                email=email, licence=licence, state=state_code, net_days=net,
                                signature=signature, entity=entity)
    print(f"{profile['name']} — book at {book.path}")


@app.command()
def profile(as_json: bool = typer.Option(False, "--json")) -> None:
    """The business profile every letter is headed with."""
    details = state.book().view.profile
    if as_json:
        emit_json(details)
        return
    if not details:
        print("no business profile yet: tradebook init --name \"Your Business\"")
    for key, value in details.items():
        print(f"{key.replace('_', ' '):>10}: {value}")


@app.command()
def demo(
    seed: int = typer.Option(7, "--seed", help="Another seed gives another (still deterministic) business."),
) -> None:
    """Fill an empty book with a believable electrician's business to try tradebook on."""
    from tradebook.demo import fill_demo

    book = state.book(create=True)
    counts = fill_demo(book, today=today(), seed=seed)
    print(f"demo business written to {book.path}: " +
          ", ".join(f"{n} {what if n != 1 else what.removesuffix('s')}" for what, n in counts.items()))


# ----- customers -----------------------------------------------------------------------

def _late_fee(text: str | None) -> dict | None:
    if not text:
        return None
    raw = text.strip()
    if raw.endswith("%"):
        return {"kind": "percent", "pct": str(parse_percent(raw))}
    return {"kind": "fixed", "amount": parse_money(raw, allow_zero=False)}


@customer_app.command("add")
def customer_add(
    name: str = typer.Argument(..., help="Full name, or the firm's legal name."),
    phone: list[str] = typer.Option([], "--phone"),
    email: list[str] = typer.Option([], "--email"),
    address: str = typer.Option(None, "--address", help="Billing address."),
    business: bool = typer.Option(False, "--business", help="A firm rather than a person."),
    principal: str = typer.Option(None, "--principal", help="The firm's owner or director."),
    credit_limit: str = typer.Option(None, "--credit-limit", metavar="AMOUNT"),
    cod: bool = typer.Option(False, "--cod", help="Cash on delivery / up-front payment only."),
    net: int = typer.Option(None, "--net", help="Payment terms in days for this customer."),
    late_fee: str = typer.Option(None, "--late-fee", help="Agreed late fee: 25 (fixed) or 1.5% (per month)."),
    notes: str = typer.Option(None, "--notes"),
) -> None:
    """Add a customer and print its ref."""
    fee = _late_fee(late_fee)
    limit = opt_money(credit_limit)
    book = state.book()
    same = [c["ref"] for c in book.view.customers() if c["name"].casefold() == name.strip().casefold()]
    customer = book.add_customer(
        name, today=today(), business=business, principal=principal, phones=phone, emails=email,
        address=address, credit_limit=limit, cod=cod, net_days=net, late_fee=fee, notes=notes)
    print(customer["ref"])
    if same:
        print(f"note: {', '.join(same)} has the same name — use refs to tell them apart", file=sys.stderr)


@customer_app.command("list")
def customer_list(as_json: bool = typer.Option(False, "--json")) -> None:
    """Every customer with what they owe."""
    view = state.book().view
    rows = [(c, ledger.customer_balance(view, c["ref"])) for c in view.customers()]
    if as_json:
        emit_json([{"ref": c["ref"], "name": c["name"], "kind": c["kind"],
                    "balance": decimal_str(owed)} for c, owed in rows])
        return
    print(table([[c["ref"], c["name"], c["kind"], fmt(owed)] for c, owed in rows],
                ["ref", "name", "kind", "owes"], right={3}))


def _late_fee_text(fee: dict | None) -> str | None:
    """The agreed late fee as the customer's terms say it."""
    if not fee:
        return None
    if fee.get("kind") == "percent":
        return f"{fee['pct']}% a month on overdue principal"
    return f"{fmt(fee['amount'])} once an invoice is past due"


def customer_summary(view, customer: dict, on, settings=None) -> dict:
    """Contact details, what is owed and how late, agreed fees apart, and the warning signs."""
    from tradebook.domain.aging import customer_aging
    from tradebook.domain.fees import customer_fees
    from tradebook.domain.flags import customer_flags

    invoices = view.records(customer["ref"], "invoices")
    fees = customer_fees(view, customer["ref"], on)
    owed = ledger.customer_balance(view, customer["ref"])
    return {
        "ref": customer["ref"], "name": customer["name"], "kind": customer["kind"],
        "principal": customer.get("principal"), "phones": customer["phones"],
        "emails": customer["emails"], "address": customer["address"],
        "credit_limit": decimal_str(customer["credit_limit"]) if customer.get("credit_limit") is not None else None,
        "cod": customer["cod"], "net_days": customer.get("net_days"),
        "late_fee": _late_fee_text(customer.get("late_fee")),
        "balance": decimal_str(owed),
        "fees": decimal_str(fees.total),
        "amount_due": decimal_str(owed + fees.total),
        "open_invoices": [i["ref"] for i in invoices if ledger.balance(view, i) > 0],
        "aging": customer_aging(view, customer["ref"], on).as_dict(),
        "flags": [f.as_dict() for f in customer_flags(view, customer["ref"], on, settings)],
    }


@customer_app.command("show")
def customer_show(customer: str = typer.Argument(...), as_json: bool = typer.Option(False, "--json")) -> None:
    """One customer: contact details, what they owe and how late, and any warning signs."""
    from tradebook.settings import load_settings

    book = state.book()
    cust = book.customer(customer)
    summary = customer_summary(book.view, cust, today(), load_settings(book.path))
    if as_json:
        emit_json(summary)
        return
    aging, signs = summary.pop("aging"), summary.pop("flags")
    if summary["fees"] == "0.00":
        del summary["fees"], summary["amount_due"]
    for key, value in summary.items():
        if value not in (None, [], ""):
            print(f"{key.replace('_', ' '):>14}: {', '.join(value) if isinstance(value, list) else value}")
    if aging["total"] != "0.00":
        print(f"{'aging':>14}: " + "  ".join(f"{bucket} {aging[bucket]}" for bucket in
                                             ("current", "1-30", "31-60", "61-90", "90+")))
    for sign in signs:
        print(f"{sign['severity']:>14}: {sign['code']} — {sign['message']}")


# ----- jobs ----------------------------------------------------------------------------

@job_app.command("add")
def job_add(
    customer: str = typer.Argument(...),
    site: str = typer.Option(..., "--site", help="Where the work is."),
    desc: str = typer.Option(..., "--desc", help="What the work is."),
    quote: str = typer.Option(None, "--quote", metavar="AMOUNT"),
    deposit: str = typer.Option(None, "--deposit", metavar="AMOUNT", help="Deposit asked."),
    start: str = typer.Option(None, "--date", help="Start date (today)."),
    status: str = typer.Option("booked", "--status", help="quoted, booked or in-progress."),
) -> None:
    """Add a job and print its ref."""
    job = state.book().add_job(customer, site=site, desc=desc, today=today(),
                               quote=opt_money(quote), deposit=opt_money(deposit),
                               start=opt_date(start, "--date"), status=status)
    print(job["ref"])


@job_app.command("done")
def job_done(job: str = typer.Argument(...), on: str = typer.Option(None, "--date")) -> None:
    """Mark a job's work as done (ready to invoice)."""
    done = state.book().set_job_status(job, "done", on=opt_date(on, "--date") or today())
    print(f"{done['ref']} done on {done['done']}")


@job_app.command("status")
def job_status(job: str = typer.Argument(...), status: str = typer.Argument(...),
               on: str = typer.Option(None, "--date")) -> None:
    """Set a job's status: quoted, booked, in-progress, done, cancelled."""
    changed = state.book().set_job_status(job, status, on=opt_date(on, "--date") or today())
    print(f"{changed['ref']} {changed['status']}")


@job_app.command("attach")
def job_attach(job: str = typer.Argument(...), path: str = typer.Argument(..., help="A photo or signed work order.")) -> None:
    """Attach a file (photo, signed work order) to a job by its path."""
    from pathlib import Path

    changed = state.book().attach(job, Path(path))
    print(f"{changed['ref']}: {len(changed['attachments'])} attachment(s)")


@job_app.command("list")
def job_list(customer: str = typer.Option(None, "--customer"), as_json: bool = typer.Option(False, "--json")) -> None:
    """Jobs, optionally for one customer."""
    book = state.book()
    view = book.view
    jobs = view.records(book.customer(customer)["ref"], "jobs") if customer else view.table("jobs")
    if as_json:
        emit_json([{**j, **{k: decimal_str(j[k]) if j.get(k) is not None else None
                            for k in ("quote", "deposit_asked")}} for j in jobs])
        return
    print(table([[j["ref"], j["customer"], j["status"], j["start"], j["desc"][:40]] for j in jobs],
                ["ref", "customer", "status", "start", "description"]))


# ----- contracts -----------------------------------------------------------------------

@contract_app.command("add")
def contract_add(
    customer: str = typer.Argument(...),
    amount: str = typer.Option(..., "--amount", help="Agreed amount per period."),
    every: str = typer.Option(..., "--every", help="month, quarter or year."),
    desc: str = typer.Option(..., "--desc"),
    start: str = typer.Option(None, "--start"),
    end: str = typer.Option(None, "--end"),
) -> None:
    """Record an agreed recurring service (the basis for catching under-billing)."""
    sc = state.book().add_contract(customer, amount=money(amount), every=every, desc=desc,
                                   start=opt_date(start, "--start") or today(),
                                   end=opt_date(end, "--end"))
    print(sc["ref"])


@contract_app.command("list")
def contract_list(as_json: bool = typer.Option(False, "--json")) -> None:
    """Every service contract with its agreed amount."""
    contracts = state.book().view.table("contracts")
    if as_json:
        emit_json([{**c, "amount": decimal_str(c["amount"])} for c in contracts])
        return
    print(table([[c["ref"], c["customer"], fmt(c["amount"]), c["every"], c["start"], c["desc"][:40]]
                 for c in contracts], ["ref", "customer", "amount", "every", "start", "description"],
                right={2}))


# ----- invoices ------------------------------------------------------------------------

def parse_item(text: str):
    from tradebook.services import Item

    parts = text.rsplit(":", 2)
    if len(parts) != 3:
        raise BadInput(f"item {text!r} should be \"DESC:QTY:UNIT_PRICE\", e.g. \"Labour:3:85\"")
    desc, qty, unit = parts
    if not desc.strip():
        raise BadInput(f"item {text!r} has no description")
    return Item(desc.strip(), parse_quantity(qty), parse_money(unit, allow_negative=True))


def invoice_json(view, inv: dict, on) -> dict:
    return {
        "number": inv["ref"], "customer": inv["customer"],
        "total": decimal_str(ledger.total(inv)), "paid": decimal_str(ledger.paid(view, inv)),
        "balance": decimal_str(ledger.balance(view, inv)),
        "issued": inv["issued"], "due": inv["due"],
        "status": ledger.status(view, inv, on), "days_overdue": ledger.days_overdue(view, inv, on),
        "jobs": inv["jobs"], "contract": inv.get("contract"),
        "items": [{"desc": i["desc"], "qty": i["qty"], "unit": decimal_str(i["unit"]),
                   "amount": decimal_str(ledger.line_total(i))} for i in inv["items"]],
        "tax": decimal_str(ledger.tax(inv)), "sent": inv["sent"],
        "adjustments": [{**a, "amount": decimal_str(a["amount"])} for a in inv.get("adjustments", ())],
    }


@invoice_app.command("add")
def invoice_add(
    customer: str = typer.Argument(...),
    item: list[str] = typer.Option([], "--item", help='"DESC:QTY:UNIT_PRICE", repeatable.'),
    job: str = typer.Option(None, "--job"),
    contract: str = typer.Option(None, "--contract"),
    issued: str = typer.Option(None, "--date", help="Issue date (today)."),
    due: str = typer.Option(None, "--due", help="Due date."),
    net: int = typer.Option(None, "--net", help="Due this many days after issue."),
    tax: str = typer.Option(None, "--tax", help="Sales tax percent, e.g. 6."),
    notes: str = typer.Option(None, "--notes"),
) -> None:
    """Write an invoice and print its number."""
    items = [parse_item(i) for i in item]
    if due and net is not None:
        raise BadInput("give --due or --net, not both")
    if net is not None and not 0 <= net <= 365:
        raise BadInput("--net must be between 0 and 365 days")
    inv = state.book().add_invoice(customer, items, issued=opt_date(issued, "--date") or today(),
                                   due=opt_date(due, "--due"), net_days=net, job=job,
                                   contract=contract, tax_pct=parse_percent(tax) if tax else None,
                                   notes=notes, today=today())
    print(inv["ref"])


@invoice_app.command("send")
def invoice_send(
    invoice: str = typer.Argument(...),
    via: str = typer.Option(..., "--via", help="email, post, certified or hand."),
    tracking: str = typer.Option(None, "--tracking"),
    on: str = typer.Option(None, "--date"),
) -> None:
    """Record that an invoice went out, and how."""
    inv = state.book().send_invoice(invoice, via=via, on=opt_date(on, "--date") or today(),
                                    tracking=tracking, today=today())
    print(f"{inv['ref']} sent by {via} on {inv['sent'][-1]['date']}")


@invoice_app.command("list")
def invoice_list(
    overdue: bool = typer.Option(False, "--overdue"),
    customer: str = typer.Option(None, "--customer"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Invoices with their balance and status."""
    book = state.book()
    view = book.view
    on = today()
    invoices = view.records(book.customer(customer)["ref"], "invoices") if customer else view.table("invoices")
    if overdue:
        invoices = [i for i in invoices if ledger.days_overdue(view, i, on) > 0]
    if as_json:
        emit_json([invoice_json(view, i, on) for i in invoices])
        return
    print(table([[i["ref"], i["customer"], i["issued"], i["due"], fmt(ledger.total(i)),
                  fmt(ledger.balance(view, i)), ledger.status(view, i, on)] for i in invoices],
                ["number", "customer", "issued", "due", "total", "balance", "status"], right={4, 5}))


@invoice_app.command("show")
def invoice_show(invoice: str = typer.Argument(...), as_json: bool = typer.Option(False, "--json")) -> None:
    """One invoice: lines, payments, balance, days overdue."""
    book = state.book()
    inv = book.get(invoice, "invoices")
    data = invoice_json(book.view, inv, today())
    if as_json:
        emit_json(data)
        return
    cust = book.get(inv["customer"], "customers")
    print(f"{data['number']}  {cust['name']} ({cust['ref']})  issued {data['issued']}  due {data['due']}")
    for item in data["items"]:
        print(f"  {item['desc'][:48]:<48} {item['qty']:>6} × {item['unit']:>9} = {item['amount']:>10}")
    if data["tax"] != "0.00":
        print(f"  {'sales tax ' + inv['tax_pct'] + '%':<67} {data['tax']:>10}")
    for adj in data["adjustments"]:
        print(f"  {adj['date']} {adj['kind']}: {adj['reason'][:45]:<45} {adj['amount']:>15}")
    for p in book.view.payments_of.get(inv["ref"], ()):
        bounced = f" — bounced {p['bounced']}" if p["bounced"] else ""
        print(f"  paid {p['date']} by {p['method']} {p['ref']}{bounced}".ljust(69) + f"{decimal_str(p['amount']):>10}")
    print(f"  total {data['total']}  paid {data['paid']}  balance {data['balance']}  "
          f"{data['status']}" + (f", {data['days_overdue']} days overdue" if data["days_overdue"] else ""))


# ----- money in ------------------------------------------------------------------------

@app.command(context_settings={"ignore_unknown_options": True})  # so `pay INV-1 -5` reads as an amount
def pay(
    target: str = typer.Argument(..., metavar="INV|JOB", help="An invoice, or a job for its deposit."),
    amount: str = typer.Argument(...),
    method: str = typer.Option("check", "--method", help="cash, check, card, transfer or other."),
    reference: str = typer.Option(None, "--ref", help="Check number or transfer reference."),
    on: str = typer.Option(None, "--date"),
) -> None:
    """Record a payment on an invoice (or a deposit on a job)."""
    payment = state.book().pay(target, money(amount), on=opt_date(on, "--date") or today(),
                               method=method, reference=reference, today=today())
    print(payment["ref"])


@app.command()
def bounce(payment: str = typer.Argument(...), on: str = typer.Option(None, "--date")) -> None:
    """Mark a payment as bounced/reversed: the invoice owes it again."""
    p = state.book().bounce(payment, on=opt_date(on, "--date") or today(), today=today())
    print(f"{p['ref']} bounced on {p['bounced']}")


def parse_promise(text: str):
    date_part, _, amount_part = text.partition(":")
    from tradebook.domain.dates import parse_date

    return parse_date(date_part, what="promise date"), (
        parse_money(amount_part, allow_zero=False) if amount_part else None)


@app.command()
def log(
    customer: str = typer.Argument(...),
    text: str = typer.Argument(..., help="What was said or done."),
    via: str = typer.Option(..., "--via", help="call, text, email, visit or letter."),
    inbound: bool = typer.Option(False, "--in", help="They contacted you."),
    outcome: str = typer.Option(None, "--outcome", help="spoke, agreed, no-answer, voicemail, left-message, sent, received, refused, disputed."),
    promise: str = typer.Option(None, "--promise", metavar="DATE[:AMOUNT]", help="A promise to pay."),
    dispute: bool = typer.Option(False, "--dispute", help="The customer disputes the bill or the work."),
    resolve_dispute: bool = typer.Option(False, "--resolve-dispute"),
    invoice: list[str] = typer.Option([], "--invoice", help="Invoices this contact is about."),
    corrects: str = typer.Option(None, "--corrects", metavar="CONTACT", help="This entry corrects an earlier one."),
    at: str = typer.Option(None, "--at", metavar="TIMESTAMP"),
) -> None:
    """Log a call, text, email, visit or letter; prints the contact's ref."""
    promise_date, promise_amount = parse_promise(promise) if promise else (None, None)
    when = at_or_now(at)
    contact = state.book().log_contact(
        customer, text, via=via, at=when, inbound=inbound, outcome=outcome,
        promise_date=promise_date, promise_amount=promise_amount, dispute=dispute,
        resolve_dispute=resolve_dispute, invoices=invoice, corrects=corrects, recorded=today())
    print(contact["ref"])


@app.command()
def plan(
    invoice: str = typer.Argument(...),
    instalments: int = typer.Option(None, "--installments", "--instalments"),
    every: int = typer.Option(None, "--every", help="Days between installments."),
    start: str = typer.Option(None, "--start", metavar="YYYY-MM-DD", help="First installment date (today)."),
    cancel: bool = typer.Option(False, "--cancel", help="Cancel the invoice's active plan."),
) -> None:
    """Spread what is owed on an invoice over installments (or cancel its plan)."""
    if cancel:
        print("cancelled " + ", ".join(state.book().cancel_plans(invoice)))
        return
    if instalments is None or every is None:
        raise BadInput("a plan needs --installments N and --every DAYS")
    on = today()
    p = state.book().add_plan(invoice, instalments=instalments, every_days=every,
                              start=opt_date(start, "--start") or on, today=on)
    print(p["ref"])
    for part in p["instalments"]:
        print(f"  {part['date']}  {fmt(part['amount'])}")


@app.command()
def timeline(customer: str = typer.Argument(...), as_json: bool = typer.Option(False, "--json")) -> None:
    """Everything that happened with a customer, oldest first."""
    from tradebook.domain.timeline import customer_timeline

    book = state.book()
    cust = book.customer(customer)
    events = customer_timeline(book.view, cust["ref"])
    if as_json:
        emit_json([{**e.as_dict(), "amount": decimal_str(e.amount) if e.amount is not None else None}
                   for e in events])
        return
    print(f"{cust['name']} ({cust['ref']})")
    for e in events:
        amount = f"  {fmt(e.amount)}" if e.amount is not None else ""
        print(f"{e.at[:16].replace('T', ' '):<16}  {e.kind:<10} {e.ref:<9} {e.text}{amount}")

