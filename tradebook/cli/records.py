"""Commands that record the business: profile, customers, jobs, contracts, invoices, payments, contacts."""

from __future__ import annotations

import sys

import typer

from tradebook.cli import app
from tradebook.cli.common import (
    at_or_now,
    customer_argument,
    customer_label,
    date_option,
    emit_json,
    money,
    opt_date,
    opt_money,
    paragraph,
    state,
    table,
    terminal_width,
    today,
    wrap_words,
)
from tradebook.domain.money import decimal_str, fmt, parse_money, parse_percent, parse_quantity
from tradebook.errors import BadInput

customer_app = typer.Typer(help="Customers: add, edit, list, show.", no_args_is_help=True)
job_app = typer.Typer(
    help="Jobs: add, edit, list, set status, mark done, attach files.", no_args_is_help=True
)
contract_app = typer.Typer(help="Agreed recurring service contracts.", no_args_is_help=True)
invoice_app = typer.Typer(help="Invoices: add, send, list, show.", no_args_is_help=True)
app.add_typer(customer_app, name="customer")
app.add_typer(job_app, name="job")
app.add_typer(contract_app, name="contract")
app.add_typer(invoice_app, name="invoice")


@app.command()
def init(
    name: str = typer.Option(
        None, "--name", help="The business name on every letter (needed the first time)."
    ),
    address: str = typer.Option(None, "--address"),
    phone: str = typer.Option(None, "--phone"),
    email: str = typer.Option(None, "--email"),
    licence: str = typer.Option(None, "--license", "--licence", help="Trade license number."),
    state_code: str = typer.Option(None, "--state", help="Two-letter state, e.g. KY."),
    net: int = typer.Option(None, "--net", help="Default payment terms in days (30)."),
    signature: str = typer.Option(None, "--signature", help="Who signs the letters."),
    entity: str = typer.Option(
        None,
        "--entity",
        help="What the business is in court: llc, corporation, partnership, sole-proprietor, individual or business (default): decides some small-claims limits and who may appear for it.",
    ),
    pay_to: str = typer.Option(
        None, "--pay-to", help="Who checks are made payable to (default: the business name)."
    ),
    pay_address: str = typer.Option(
        None, "--pay-address", help="Where checks are mailed (default: the business address)."
    ),
    pay_methods: str = typer.Option(
        None,
        "--pay-methods",
        help="Ways you take payment, e.g. check,card,transfer (also cash, online).",
    ),
    payment_note: str = typer.Option(
        None,
        "--payment-note",
        help="Transfer details, a card or payment link: printed under How to pay.",
    ),
) -> None:
    """Set up or update the business profile. Starts the book if there is none."""
    book = state.book(create=True)
    if name is None:
        name = book.view.profile.get("name")
        if not name:
            raise BadInput(
                'name the business the first time: tradebook init --name "Your Business"'
            )
    profile = book.init_profile(
        name=name,
        today=today(),
        address=address,
        phone=phone,
        email=email,
        licence=licence,
        state=state_code,
        net_days=net,
        signature=signature,
        entity=entity,
        pay_to=pay_to,
        pay_address=pay_address,
        payment_note=payment_note,
        pay_methods=pay_methods,
    )
    print(f"{profile['name']} — book at {book.path}")


@app.command()
def profile(as_json: bool = typer.Option(False, "--json")) -> None:
    """Show the business profile. Every letter is headed with it."""
    details = state.book().view.profile
    if as_json:
        emit_json(details)
        return
    if not details:
        print('no business profile yet: tradebook init --name "Your Business"')
    for key, value in details.items():
        print(paragraph(str(value), 12, f"{key.replace('_', ' '):>10}: "))


@app.command()
def demo(
    seed: int = typer.Option(
        7, "--seed", help="Another seed gives another (still deterministic) business."
    ),
) -> None:
    """Fill an empty book with a demo business.

    A believable electrician's business to try tradebook on; --seed picks another one."""
    from tradebook.demo import describe_counts, fill_demo

    book = state.book(create=True)
    counts = fill_demo(book, today=today(), seed=seed)
    print(f"demo business written to {book.path}: {describe_counts(counts)}")


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
    late_fee: str = typer.Option(
        None, "--late-fee", help="Agreed late fee: 25 (fixed) or 1.5% (per month)."
    ),
    state_code: str = typer.Option(
        None,
        "--state",
        help="Two-letter state whose rules apply to this customer (default: read from the address).",
    ),
    notes: str = typer.Option(None, "--notes"),
) -> None:
    """Add a customer and print its ref.

    The customer's state decides the small-claims court, its limit, the limitation period and
    the rules for collecting: give it with --state, or let it be read from the address."""
    fee = _late_fee(late_fee)
    limit = opt_money(credit_limit)
    book = state.book()
    same = [
        c["ref"] for c in book.view.customers() if c["name"].casefold() == name.strip().casefold()
    ]
    customer = book.add_customer(
        name,
        today=today(),
        business=business,
        principal=principal,
        phones=phone,
        emails=email,
        address=address,
        credit_limit=limit,
        cod=cod,
        net_days=net,
        late_fee=fee,
        notes=notes,
        state=state_code,
    )
    print(customer["ref"])
    if same:
        print(
            f"note: {', '.join(same)} has the same name — use refs to tell them apart",
            file=sys.stderr,
        )


@customer_app.command("edit")
def customer_edit(
    customer: str = customer_argument(),
    name: str = typer.Option(None, "--name", help="The customer's full or legal name."),
    address: str = typer.Option(None, "--address", help="Billing address."),
    state_code: str = typer.Option(
        None,
        "--state",
        help='Two-letter state whose rules apply; "" to read it from the address again.',
    ),
    principal: str = typer.Option(None, "--principal", help="The firm's owner or director."),
) -> None:
    """Change a customer's name, address, state or principal.

    Prints the state whose rules now apply to the customer, and why."""
    from tradebook.domain.jurisdictions import customer_rules
    from tradebook.settings import load_settings

    fields = {
        k: v
        for k, v in (
            ("name", name),
            ("address", address),
            ("state", state_code),
            ("principal", principal),
        )
        if v is not None
    }
    if not fields:
        raise BadInput("say what to change: --name, --address, --state or --principal")
    book = state.book()
    ref = book.customer(customer)["ref"]
    changed = book.update_customer(ref, **fields)
    rules = customer_rules(book.view.profile, changed, load_settings(book.path))
    print(f"{changed['ref']} {changed['name']}: rules of {rules.said()}")


@customer_app.command("list")
def customer_list(as_json: bool = typer.Option(False, "--json")) -> None:
    """Every customer with what they owe."""
    from tradebook.domain.accounts import accounts

    view = state.book().view
    rows = [(c, accounts(view).balance(c["ref"])) for c in view.customers()]
    if as_json:
        emit_json(
            [
                {
                    "ref": c["ref"],
                    "name": c["name"],
                    "kind": c["kind"],
                    "balance": decimal_str(owed),
                }
                for c, owed in rows
            ]
        )
        return
    print(
        table(
            [[c["ref"], c["name"], c["kind"], fmt(owed)] for c, owed in rows],
            ["ref", "name", "kind", "owes"],
            right={3},
        )
    )


def _late_fee_text(fee: dict | None) -> str | None:
    """The agreed late fee as the customer's terms say it."""
    if not fee:
        return None
    if fee.get("kind") == "percent":
        return f"{fee['pct']}% a month on overdue principal"
    return f"{fmt(fee['amount'])} once an invoice is past due"


def customer_summary(view, customer: dict, on, settings=None) -> dict:
    """Contact details, what is owed and how late, agreed fees apart, and the warning signs."""
    from tradebook.domain.accounts import accounts
    from tradebook.domain.aging import customer_aging
    from tradebook.domain.fees import customer_fees
    from tradebook.domain.flags import customer_flags

    invoices = view.records(customer["ref"], "invoices")
    fees = customer_fees(view, customer["ref"], on)
    owed = accounts(view).balance(customer["ref"])
    from tradebook.domain.jurisdictions import customer_rules

    return {
        "ref": customer["ref"],
        "name": customer["name"],
        "kind": customer["kind"],
        "principal": customer.get("principal"),
        "phones": customer["phones"],
        "emails": customer["emails"],
        "address": customer["address"],
        "credit_limit": decimal_str(customer["credit_limit"])
        if customer.get("credit_limit") is not None
        else None,
        "cod": customer["cod"],
        "net_days": customer.get("net_days"),
        "late_fee": _late_fee_text(customer.get("late_fee")),
        "rules": customer_rules(view.profile, customer, settings).said(),
        "balance": decimal_str(owed),
        "fees": decimal_str(fees.total),
        "amount_due": decimal_str(owed + fees.total),
        "open_invoices": [i["ref"] for i in invoices if accounts(view).money(i).balance > 0],
        "aging": customer_aging(view, customer["ref"], on).as_dict(),
        "flags": [f.as_dict() for f in customer_flags(view, customer["ref"], on, settings)],
    }


SHOWN_AS = {"cod": "COD only"}  # labels of `customer show` that are not the key read aloud


@customer_app.command("show")
def customer_show(
    customer: str = customer_argument(), as_json: bool = typer.Option(False, "--json")
) -> None:
    """Show one customer, what they owe and any flags.

    Contact details, what they owe and how late, agreed fees apart, and any warning signs."""
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
        if isinstance(value, bool):
            value = "yes" if value else "no"
        if value not in (None, [], ""):
            _detail(
                SHOWN_AS.get(key, key.replace("_", " ")),
                ", ".join(value) if isinstance(value, list) else str(value),
            )
    if aging["total"] != "0.00":
        _detail(
            "aging",
            "  ".join(
                f"{bucket} {aging[bucket]}"
                for bucket in ("current", "1-30", "31-60", "61-90", "90+")
            ),
        )
    for sign in signs:
        _detail(sign["severity"], f"{sign['code']} — {sign['message']}")


def _detail(label: str, text: str) -> None:
    """`label: text`, labels right-aligned in one column and the text wrapped beside it."""
    print(paragraph(text, 16, f"{label:>14}: "))


# ----- jobs ----------------------------------------------------------------------------


@job_app.command("add")
def job_add(
    customer: str = customer_argument(),
    site: str = typer.Option(..., "--site", help="Where the work is."),
    desc: str = typer.Option(..., "--desc", help="What the work is."),
    quote: str = typer.Option(None, "--quote", metavar="AMOUNT"),
    deposit: str = typer.Option(None, "--deposit", metavar="AMOUNT", help="Deposit asked."),
    start: str = date_option("Start date (today).", ahead=None),
    status: str = typer.Option("booked", "--status", help="quoted, booked or in-progress."),
    site_state: str = typer.Option(
        None,
        "--site-state",
        help="Two-letter state of the site, for its lien law (default: read from --site, else the customer's).",
    ),
) -> None:
    """Add a job and print its ref."""
    job = state.book().add_job(
        customer,
        site=site,
        desc=desc,
        today=today(),
        quote=opt_money(quote),
        deposit=opt_money(deposit),
        start=opt_date(start, "--date", ahead=None),
        status=status,
        site_state=site_state,
    )
    print(job["ref"])


@job_app.command("done")
def job_done(
    job: str = typer.Argument(..., metavar="JOB"),
    on: str = date_option("When the work was finished (today)."),
) -> None:
    """Mark a job's work as done (ready to invoice)."""
    done = state.book().set_job_status(
        job, "done", on=opt_date(on, "--date") or today(), today=today()
    )
    print(f"{done['ref']} done on {done['done']}")


@job_app.command("edit")
def job_edit(
    job: str = typer.Argument(..., metavar="JOB"),
    last_work: str = date_option(
        "The last day labor or materials went into the job.", "--last-work"
    ),
    site_state: str = typer.Option(
        None,
        "--site-state",
        help='Two-letter state of the site; "" to read it from the site address.',
    ),
) -> None:
    """Change a job's last day of work or its site state.

    The mechanic's-lien deadlines count from the last day of work (set when the job is marked
    done) under the lien law of the site's state."""
    from tradebook.domain.lien import lien_clock, why_no_clock
    from tradebook.settings import load_settings

    if last_work is None and site_state is None:
        raise BadInput("say what to change: --last-work DATE or --site-state XX")
    book = state.book()
    changed = book.edit_job(
        job, today=today(), last_work=opt_date(last_work, "--last-work"), site_state=site_state
    )
    clock = lien_clock(book.view, changed, load_settings(book.path))
    print(
        f"{changed['ref']}: "
        + (
            clock.sentence()
            if clock
            else why_no_clock(book.view, changed, load_settings(book.path))
        )
    )


@job_app.command("status")
def job_status(
    job: str = typer.Argument(..., metavar="JOB"),
    status: str = typer.Argument(
        ..., metavar="STATUS", help="quoted, booked, in-progress, done or cancelled."
    ),
    on: str = date_option("When it changed (today)."),
) -> None:
    """Set a job's status.

    One of quoted, booked, in-progress, done or cancelled."""
    changed = state.book().set_job_status(
        job, status, on=opt_date(on, "--date") or today(), today=today()
    )
    print(f"{changed['ref']} {changed['status']}")


@job_app.command("attach")
def job_attach(
    job: str = typer.Argument(..., metavar="JOB"),
    path: str = typer.Argument(..., metavar="FILE", help="A photo or signed work order."),
) -> None:
    """Attach a file to a job by its path.

    A photo or a signed work order: evidence for a bundle later."""
    from pathlib import Path

    changed = state.book().attach(job, Path(path))
    print(f"{changed['ref']}: {len(changed['attachments'])} attachment(s)")


@job_app.command("list")
def job_list(
    customer: str = typer.Option(None, "--customer"), as_json: bool = typer.Option(False, "--json")
) -> None:
    """Jobs, optionally for one customer."""
    book = state.book()
    view = book.view
    jobs = view.records(book.customer(customer)["ref"], "jobs") if customer else view.table("jobs")
    if as_json:
        emit_json(
            [
                {
                    **j,
                    **{
                        k: decimal_str(j[k]) if j.get(k) is not None else None
                        for k in ("quote", "deposit_asked")
                    },
                }
                for j in jobs
            ]
        )
        return
    print(
        table(
            [
                [j["ref"], customer_label(view, j["customer"]), j["status"], j["start"], j["desc"]]
                for j in jobs
            ],
            ["ref", "customer", "status", "start", "description"],
            wrap={1, 4},
        )
    )


# ----- contracts -----------------------------------------------------------------------


@contract_app.command("add")
def contract_add(
    customer: str = customer_argument(),
    amount: str = typer.Option(..., "--amount", metavar="AMOUNT", help="Agreed amount per period."),
    every: str = typer.Option(..., "--every", help="month, quarter or year."),
    desc: str = typer.Option(..., "--desc"),
    start: str = date_option("First period the agreement covers (today).", "--start", ahead=None),
    end: str = date_option("Last day of the agreement, if it ends.", "--end"),
) -> None:
    """Record an agreed recurring service.

    The agreed amount is what catches under-billing later."""
    sc = state.book().add_contract(
        customer,
        amount=money(amount),
        every=every,
        desc=desc,
        start=opt_date(start, "--start", ahead=None) or today(),
        end=opt_date(end, "--end"),
    )
    print(sc["ref"])


@contract_app.command("list")
def contract_list(as_json: bool = typer.Option(False, "--json")) -> None:
    """Every service contract with its agreed amount."""
    view = state.book().view
    contracts = view.table("contracts")
    if as_json:
        emit_json([{**c, "amount": decimal_str(c["amount"])} for c in contracts])
        return
    print(
        table(
            [
                [
                    c["ref"],
                    customer_label(view, c["customer"]),
                    fmt(c["amount"]),
                    c["every"],
                    c["start"],
                    c["desc"],
                ]
                for c in contracts
            ],
            ["ref", "customer", "amount", "every", "start", "description"],
            right={2},
            wrap={1, 5},
        )
    )


# ----- invoices ------------------------------------------------------------------------


def parse_item(text: str):
    from tradebook.services.billing import Item

    parts = text.rsplit(":", 2)
    if len(parts) != 3:
        raise BadInput(f'item {text!r} should be "DESC:QTY:UNIT_PRICE", e.g. "Labour:3:85"')
    desc, qty, unit = parts
    if not desc.strip():
        raise BadInput(f"item {text!r} has no description")
    return Item(desc.strip(), parse_quantity(qty), parse_money(unit, allow_negative=True))


def invoice_json(view, inv: dict, on) -> dict:
    from tradebook.domain.accounts import accounts, invoice_tax, line_cents

    money = accounts(view).money(inv)
    return {
        "number": inv["ref"],
        "original": inv.get("original"),
        "customer": inv["customer"],
        "total": decimal_str(money.total),
        "paid": decimal_str(money.paid),
        "balance": decimal_str(money.balance),
        "issued": inv["issued"],
        "due": inv["due"],
        "status": money.status(on),
        "days_overdue": money.days_overdue(on),
        "jobs": inv["jobs"],
        "contract": inv.get("contract"),
        "items": [
            {
                "desc": i["desc"],
                "qty": i["qty"],
                "unit": decimal_str(i["unit"]),
                "amount": decimal_str(line_cents(i)),
            }
            for i in inv["items"]
        ],
        "tax": decimal_str(invoice_tax(inv)),
        "sent": inv["sent"],
        "adjustments": [
            {**a, "amount": decimal_str(a["amount"])} for a in inv.get("adjustments", ())
        ],
    }


@invoice_app.command("add")
def invoice_add(
    customer: str = customer_argument(),
    item: list[str] = typer.Option([], "--item", help='"DESC:QTY:UNIT_PRICE", repeatable.'),
    job: str = typer.Option(None, "--job"),
    contract: str = typer.Option(None, "--contract"),
    issued: str = date_option("Issue date (today)."),
    due: str = date_option("Due date (default: the customer's payment terms).", "--due"),
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
    inv = state.book().add_invoice(
        customer,
        items,
        issued=opt_date(issued, "--date") or today(),
        due=opt_date(due, "--due"),
        net_days=net,
        job=job,
        contract=contract,
        tax_pct=parse_percent(tax) if tax else None,
        notes=notes,
        today=today(),
    )
    print(inv["ref"])


@invoice_app.command("send")
def invoice_send(
    invoice: str = typer.Argument(..., metavar="INVOICE"),
    via: str = typer.Option(..., "--via", help="email, post, certified or hand."),
    tracking: str = typer.Option(None, "--tracking", help="Tracking number (post or certified)."),
    on: str = date_option("When it went out (today)."),
) -> None:
    """Record that an invoice went out, and how."""
    inv = state.book().send_invoice(
        invoice, via=via, on=opt_date(on, "--date") or today(), tracking=tracking, today=today()
    )
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
    invoices = (
        view.records(book.customer(customer)["ref"], "invoices")
        if customer
        else view.table("invoices")
    )
    from tradebook.domain.accounts import accounts

    books = accounts(view)
    if overdue:
        invoices = [i for i in invoices if books.money(i).days_overdue(on) > 0]
    if as_json:
        emit_json([invoice_json(view, i, on) for i in invoices])
        return
    # an imported invoice shows the number it had in the program it came from beside its ref
    print(
        table(
            [
                [
                    i["ref"] + (f" #{i['original']}" if i.get("original") else ""),
                    customer_label(view, i["customer"]),
                    i["issued"],
                    i["due"],
                    fmt(books.money(i).total),
                    fmt(books.money(i).balance),
                    books.money(i).status(on),
                ]
                for i in invoices
            ],
            ["number", "customer", "issued", "due", "total", "balance", "status"],
            right={4, 5},
            wrap={1},
        )
    )


@invoice_app.command("show")
def invoice_show(
    invoice: str = typer.Argument(..., metavar="INVOICE"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Show one invoice with its payments and balance.

    Its lines, every payment and job deposit applied to it (bounced ones marked), the
    balance and the days overdue."""
    from tradebook.domain.accounts import accounts
    from tradebook.domain.statement import payment_text

    book = state.book()
    view = book.view
    inv = book.get(invoice, "invoices")
    data = invoice_json(view, inv, today())
    if as_json:
        emit_json(data)
        return
    cust = book.get(inv["customer"], "customers")
    print(
        paragraph(
            f"{data['number']}  {cust['name']} ({cust['ref']})  issued {data['issued']}  "
            f"due {data['due']}",
            2,
            "",
        )
    )
    for item in data["items"]:
        _invoice_line(item["desc"], f"{item['qty']:>6} × {item['unit']:>9} = {item['amount']:>10}")
    if data["tax"] != "0.00":
        _invoice_line(f"sales tax {inv['tax_pct']}%", data["tax"])
    for adj in data["adjustments"]:
        _invoice_line(f"{adj['date']} {adj['kind']}: {adj['reason']}", adj["amount"])
    for credit in (
        accounts(view).invoices[inv["ref"]].credits
    ):  # payments and the job deposits applied: what makes up "paid"
        bounced = f" — bounced {credit.bounced}, not counted" if credit.bounced else ""
        _invoice_line(
            f"{credit.on} {credit.ref} {payment_text(view.get(credit.ref), inv['ref'])}{bounced}",
            decimal_str(credit.amount),
        )
    print(
        paragraph(
            f"total {data['total']}  paid {data['paid']}  balance {data['balance']}  "
            f"{data['status']}"
            + (f", {data['days_overdue']} days overdue" if data["days_overdue"] else ""),
            2,
        )
    )


def _invoice_line(text: str, figures: str) -> None:
    """One line of `invoice show`: the text wrapped between words, its figures at the right of
    an 80-column receipt (narrower in a narrower terminal)."""
    figures = f"{figures:>10}"
    width = max(20, min(terminal_width() or 80, 80) - len(figures) - 3)
    first, *more = wrap_words(text, width, indent=2)
    print(f"  {first:<{width}} {figures}")
    for line in more:
        print(f"  {line}")


# ----- money in ------------------------------------------------------------------------


@app.command(
    context_settings={"ignore_unknown_options": True}
)  # so `pay INV-1 -5` reads as an amount
def pay(
    target: str = typer.Argument(
        ..., metavar="INVOICE|JOB", help="An invoice (INV-0042), or a job (J-0042) for its deposit."
    ),
    amount: str = typer.Argument(..., metavar="AMOUNT", help="Dollars and cents, e.g. 1,250.00."),
    method: str = typer.Option("check", "--method", help="cash, check, card, transfer or other."),
    reference: str = typer.Option(None, "--ref", help="Check number or transfer reference."),
    on: str = date_option("When it was received (today)."),
) -> None:
    """Record a payment on an invoice, or a job deposit."""
    payment = state.book().pay(
        target,
        money(amount),
        on=opt_date(on, "--date") or today(),
        method=method,
        reference=reference,
        today=today(),
    )
    print(payment["ref"])


@app.command()
def bounce(
    payment: str = typer.Argument(..., metavar="PAYMENT", help="The payment's ref (P-0042)."),
    on: str = date_option("When the bank returned it (today)."),
) -> None:
    """Mark a payment as bounced or reversed.

    The invoice owes it again; a bounced job deposit no longer counts."""
    p = state.book().bounce(payment, on=opt_date(on, "--date") or today(), today=today())
    print(f"{p['ref']} bounced on {p['bounced']}")


def parse_promise(text: str, said_on=None):
    """`DATE[:AMOUNT]`, e.g. `fri:200`: the day is read forward from the day it was said."""
    date_part, _, amount_part = text.partition(":")
    if not date_part.strip():
        raise BadInput(f"--promise {text!r} has no day: write it like fri, fri:200 or 12/15:1,500")
    return opt_date(date_part, "--promise", ahead=True, said_on=said_on), (
        parse_money(amount_part, allow_zero=False) if amount_part else None
    )


@app.command()
def log(
    customer: str = customer_argument(),
    text: str = typer.Argument(..., metavar="TEXT", help="What was said or done."),
    via: str = typer.Option(..., "--via", help="call, text, email, visit or letter."),
    inbound: bool = typer.Option(False, "--in", help="They contacted you."),
    outcome: str = typer.Option(
        None,
        "--outcome",
        help="spoke, agreed, no-answer, voicemail, left-message, sent, received, refused, disputed.",
    ),
    promise: str = typer.Option(
        None,
        "--promise",
        metavar="DATE[:AMOUNT]",
        help="A promise to pay by that day, and the amount if one was "
        "named: fri, fri:200, 12/15:1,500 or 2026-12-15:200.",
    ),
    dispute: bool = typer.Option(
        False, "--dispute", help="The customer disputes the bill or the work."
    ),
    resolve_dispute: bool = typer.Option(
        False, "--resolve-dispute", help="The customer's open dispute is settled: chasing resumes."
    ),
    invoice: list[str] = typer.Option([], "--invoice", help="Invoices this contact is about."),
    corrects: str = typer.Option(
        None, "--corrects", metavar="CONTACT", help="This entry corrects an earlier one."
    ),
    at: str = typer.Option(
        None,
        "--at",
        metavar="WHEN",
        help="When it happened (now): 4pm, yesterday 16:30, mon 9:30 or "
        "2026-11-20T16:30; local time unless a zone follows, e.g. -05:00.",
    ),
) -> None:
    """Log a call, text, email, visit or letter.

    Prints the new contact's ref. The log is evidence: entries are never changed; a
    correction is a new entry (--corrects)."""
    when = at_or_now(at)
    promise_date, promise_amount = parse_promise(promise, when.date()) if promise else (None, None)
    contact = state.book().log_contact(
        customer,
        text,
        via=via,
        at=when,
        inbound=inbound,
        outcome=outcome,
        promise_date=promise_date,
        promise_amount=promise_amount,
        dispute=dispute,
        resolve_dispute=resolve_dispute,
        invoices=invoice,
        corrects=corrects,
        recorded=today(),
    )
    print(contact["ref"])
    if via == "call" and not inbound:
        from tradebook.domain.creditor import contact_warnings
        from tradebook.settings import load_settings

        book = state.book()
        for warning in contact_warnings(
            book.view, book.get(contact["customer"], "customers"), contact, load_settings(book.path)
        ):
            print(f"warning: {warning}", file=sys.stderr)


@app.command()
def plan(
    invoice: str = typer.Argument(..., metavar="INVOICE"),
    instalments: int = typer.Option(None, "--installments", "--instalments"),
    every: int = typer.Option(None, "--every", help="Days between installments."),
    start: str = date_option("First installment date (today).", "--start"),
    cancel: bool = typer.Option(False, "--cancel", help="Cancel the invoice's active plan."),
) -> None:
    """Spread what an invoice owes over installments.

    Prints the plan's ref and its installments; --cancel ends the invoice's active plan."""
    if cancel:
        print("cancelled " + ", ".join(state.book().cancel_plans(invoice)))
        return
    if instalments is None or every is None:
        raise BadInput("a plan needs --installments N and --every DAYS")
    on = today()
    p = state.book().add_plan(
        invoice,
        instalments=instalments,
        every_days=every,
        start=opt_date(start, "--start") or on,
        today=on,
    )
    print(p["ref"])
    for part in p["instalments"]:
        print(f"  {part['date']}  {fmt(part['amount'])}")


@app.command()
def timeline(
    customer: str = customer_argument(), as_json: bool = typer.Option(False, "--json")
) -> None:
    """Everything that happened with a customer.

    Every job, invoice, payment, contact, promise and letter, oldest first."""
    from tradebook.domain.timeline import customer_timeline

    book = state.book()
    cust = book.customer(customer)
    events = customer_timeline(book.view, cust["ref"])
    if as_json:
        emit_json(
            [
                {**e.as_dict(), "amount": decimal_str(e.amount) if e.amount is not None else None}
                for e in events
            ]
        )
        return
    print(f"{cust['name']} ({cust['ref']})")
    for e in events:
        amount = f"  {fmt(e.amount)}" if e.amount is not None else ""
        print(
            paragraph(
                f"{e.text}{amount}",
                39,
                f"{e.at[:16].replace('T', ' '):<16}  {e.kind:<10} {e.ref:<9} ",
            )
        )
