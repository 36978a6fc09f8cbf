"""Forms refuse bad amounts and dates at the field; good ones write through the same `Book`."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.tui.conftest import (
    SIZE,
    TODAY,
    app_on,
    cli_json,
    fill,
    open_invoice,
    ref,
    settle,
    type_customer,
)
from tradebook.model.records import Sent
from tradebook.services.billing import Item
from tradebook.tui.screens import forms
from tradebook.tui.screens.customer import CustomerScreen
from tradebook.tui.screens.dashboard import DashboardScreen
from tradebook.tui.widgets.field import Field


def error_of(app, name: str) -> str:
    field = app.screen.query_one(f"#field-{name}", Field)
    return str(field.query_one(".field--error").content) if field.has_class("-invalid") else ""


async def open_form(pilot, key: str, kind: type) -> None:
    await settle(pilot)
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, kind)


async def save(pilot) -> None:
    await pilot.press("enter")
    await settle(pilot)


BAD_VALUES = {
    # form: (its key, good values, [(field, bad value, words of the message)])
    forms.PaymentForm: (
        "p",
        {"target": "{toms_invoice}", "amount": "100"},
        [
            ("amount", "12.3.4", "not an amount"),
            ("amount", "-40", "cannot be negative"),
            ("amount", "0", "must be more than zero"),
            ("amount", "$1,00", "not an amount"),
            ("on", "2026-13-01", "not a real date"),
            ("target", "C-0001", "not a ref like INV-0042 or J-0042"),
        ],
    ),
    forms.JobForm: (
        "j",
        {"customer": "beck", "site": "12 Elm", "desc": "Fault find"},
        [
            ("quote", "$1,23", "not an amount"),
            ("deposit", "1e5", "not an amount"),
            ("start", "22/11/2026", "dates are month/day"),
        ],
    ),
    forms.InvoiceForm: (
        "i",
        {"customer": "beck"},
        [
            ("issued", "2026-02-29", "not a real date"),
            ("due", "next week", "not a date"),
            ("tax", "8,25", "not a percentage"),
        ],
    ),
    forms.PlanForm: (
        "P",
        {"invoice": "{toms_invoice}"},
        [
            ("instalments", "1", "from 2 to 60"),
            ("start", "soon", "not a date"),
        ],
    ),
    forms.CustomerForm: (
        "n",
        {"name": "Ann Lee"},
        [
            ("credit_limit", "lots", "not an amount"),
            ("net_days", "400", "from 0 to 365"),
        ],
    ),
}


@pytest.mark.parametrize("form", list(BAD_VALUES), ids=lambda form: form.__name__)
async def test_bad_amounts_and_dates_are_refused_at_their_field(demo_book, form):
    key, good, cases = BAD_VALUES[form]
    toms_invoice = open_invoice(demo_book, "Tom Becker")
    app = app_on(demo_book)
    before = demo_book.store.version
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, key, form)
        initial = {name: app.screen.query_one(f"#field-{name}", Field).raw for name, _, _ in cases}
        for name, bad, words in cases:
            values = {**good, name: bad}
            fill(app, **{k: v.format(toms_invoice=toms_invoice) for k, v in values.items()})
            await save(pilot)
            assert isinstance(app.screen, form), "the form stays open"
            assert words in error_of(app, name), (name, bad)
            assert app.screen.focused is app.screen.query_one(f"#field-{name}", Field).control
            fill(app, **{name: initial[name]})
    assert demo_book.store.version == before, "nothing reached the book"


async def test_invoice_lines_are_checked_one_by_one(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, "i", forms.InvoiceForm)
        fill(app, customer="beck")
        await save(pilot)
        assert "at least one line" in error_of(app, "item1")
        line = app.screen.query_one("#line1")
        desc, qty, unit = line.query("Input")
        desc.value, qty.value, unit.value = "Labour", "2.5", "95,00"
        await save(pilot)
        assert "not an amount" in error_of(app, "item1")
        unit.value = "95"
        fill(app, due="2026-11-01")
        await save(pilot)
        assert "before the issue date" in error_of(app, "due")
        fill(app, due="", net="15", send="post")
        await save(pilot)
        assert isinstance(app.screen, DashboardScreen)
    newest = demo_book.view.table("invoices")[-1]["ref"]
    shown = cli_json(demo_book.path, "invoice", "show", newest)
    assert shown["customer"] == ref(demo_book, "Tom Becker")
    assert shown["total"] == "237.50" and shown["due"] == "2026-12-07"
    assert shown["sent"][0]["via"] == "post"


async def test_a_payment_goes_through_the_book_and_its_rules(demo_book):
    app = app_on(demo_book)
    toms_invoice = open_invoice(demo_book, "Tom Becker")
    async with app.run_test(size=SIZE) as pilot:
        app.open_customer(ref(demo_book, "Tom Becker"))
        await open_form(pilot, "p", forms.PaymentForm)
        assert app.screen.query_one("#field-target", Field).raw == toms_invoice, "prefilled"
        fill(app, amount="99,999")
        await save(pilot)
        assert "more than that" in error_of(app, "amount"), "shown at the amount"
        assert app.screen.focused is app.screen.query_one("#field-amount", Field).control
        assert str(app.screen.query_one("#form-error").content) == ""
        fill(app, amount="400", method="cash", reference="paid at the door")
        await save(pilot)
    shown = cli_json(demo_book.path, "invoice", "show", toms_invoice)
    assert shown["balance"] == "2500.00"
    payment = demo_book.view.table("payments")[-1]
    assert (payment["amount"], payment["method"], payment["reference"]) == (
        40000,
        "cash",
        "paid at the door",
    )


async def test_new_customer_job_and_plan(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, "n", forms.CustomerForm)
        fill(
            app,
            name="Client [/] Ltd",
            kind="business",
            principal="Dana Cruz",
            credit_limit="2,000",
            cod="yes",
            net_days="14",
        )
        await save(pilot)
        customer = demo_book.view.customers()[-1]
        assert customer["name"] == "Client [/] Ltd" and customer["kind"] == "business"
        assert (customer["credit_limit"], customer["cod"], customer["net_days"]) == (
            200000,
            True,
            14,
        )
        await open_form(pilot, "j", forms.JobForm)
        fill(
            app,
            customer=customer["ref"],
            site="1 Main St",
            desc="New panel",
            quote="2400",
            deposit="500",
            start="2026-11-25",
        )
        await save(pilot)
        job = demo_book.view.table("jobs")[-1]
        assert (job["customer"], job["quote"], job["deposit_asked"], job["start"]) == (
            customer["ref"],
            240000,
            50000,
            "2026-11-25",
        )
        await open_form(pilot, "P", forms.PlanForm)
        fill(
            app,
            invoice=open_invoice(demo_book, "Tom Becker"),
            instalments="4",
            every="14",
            start="2026-12-01",
        )
        await save(pilot)
        plan = demo_book.view.table("plans")[-1]
        assert [p["date"] for p in plan["instalments"]] == [
            "2026-12-01",
            "2026-12-15",
            "2026-12-29",
            "2027-01-12",
        ]
        assert sum(p["amount"] for p in plan["instalments"]) == 290000


async def test_business_profile_from_the_welcome(empty_book):
    app = app_on(empty_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the welcome's first button: the profile
        await pilot.pause()
        assert isinstance(app.screen, forms.ProfileForm)
        fill(app, name="Volt & Sons", state="Kentucky")
        await save(pilot)
        assert "two-letter code" in error_of(app, "state"), "shown at the state"
        assert app.screen.focused is app.screen.query_one("#field-state", Field).control
        fill(app, state="ky", email="office at volt")
        await save(pilot)
        assert error_of(app, "state") == "" and "not an email address" in error_of(app, "email")
        fill(app, email="office@volt.example", phone="(502) 555-0100")
        await save(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert not app.screen.query_one("#welcome-profile").display, "saved: not offered again"
        assert app.focused is app.screen.query_one("#welcome-customer")
    profile = empty_book.view.profile
    assert (profile["name"], profile["state"], profile["net_days"]) == ("Volt & Sons", "KY", 30)


async def test_escape_leaves_a_form_without_writing(demo_book):
    app = app_on(demo_book)
    before = demo_book.store.version
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, "n", forms.CustomerForm)
        fill(app, name="Not really")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    assert demo_book.store.version == before


async def test_future_dated_payments_and_invoices_are_refused_as_on_the_command_line(demo_book):
    app = app_on(demo_book)
    before = demo_book.store.version
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, "p", forms.PaymentForm)
        fill(app, target=open_invoice(demo_book, "Tom Becker"), amount="100", on="2026-11-23")
        await save(pilot)
        assert isinstance(app.screen, forms.PaymentForm)
        assert "is in the future (today is 2026-11-22)" in error_of(app, "on")
        assert app.screen.focused is app.screen.query_one("#field-on", Field).control
        await pilot.press("escape")
        await open_form(pilot, "i", forms.InvoiceForm)
        fill(app, customer="beck", issued="2026-12-01")
        app.screen.query_one("#line1").query("Input").first().value = "Labour"
        app.screen.query_one("#line1").query("Input").last().value = "95"
        await save(pilot)
        assert isinstance(app.screen, forms.InvoiceForm)
        assert "is in the future" in error_of(app, "issued")
    assert demo_book.store.version == before


async def test_payment_method_starts_on_check_like_the_command_line(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, "p", forms.PaymentForm)
        assert app.screen.query_one("#method").value == "check"


FIRST_FIELD = {
    # form: (its key, the field the cursor starts in, and from a customer's page)
    forms.CustomerForm: ("n", "name", "name"),
    forms.JobForm: ("j", "customer", "site"),
    forms.InvoiceForm: ("i", "customer", "item1"),
    forms.PaymentForm: ("p", "target", "amount"),
    forms.PlanForm: ("P", "invoice", "invoice"),
    forms.ProfileForm: ("e", "name", "name"),
}


@pytest.mark.parametrize("form", list(FIRST_FIELD), ids=lambda form: form.__name__)
async def test_a_form_opens_with_the_cursor_where_typing_is_needed(demo_book, form):
    key, first, on_customer_page = FIRST_FIELD[form]
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, key, form)
        focused = app.screen.focused
        assert focused is not None and app.screen.query_one(f"#field-{first}").control in (
            focused,
            *focused.ancestors,
        ), focused
        await pilot.press("escape")
        app.open_customer(ref(demo_book, "Tom Becker"))
        await open_form(pilot, key, form)
        focused = app.screen.focused
        assert app.screen.query_one(f"#field-{on_customer_page}").control in (
            focused,
            *focused.ancestors,
        ), focused
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CustomerScreen)


async def test_enter_on_a_customer_match_picks_it_and_saves_nothing(demo_book):
    app = app_on(demo_book)
    before = demo_book.store.version
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, "i", forms.InvoiceForm)
        type_customer(app, "beck")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, forms.InvoiceForm), "the form stays open"
        picker = app.screen.query_one("#field-customer", Field).control
        assert picker.value == f"{ref(demo_book, 'Tom Becker')} Tom Becker"
        assert app.screen.focused is app.screen.query_one("#job"), "the cursor moved on"
        assert error_of(app, "item1") == "", "nothing was checked yet"
        await pilot.press("shift+tab")
        await pilot.press("x")
        assert picker.value == "x", "back on the picked customer, typing replaces it"
    assert demo_book.store.version == before


async def test_an_edited_field_loses_its_old_error(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, "p", forms.PaymentForm)
        fill(app, target="C-0001", amount="12.3.4")
        await save(pilot)
        assert error_of(app, "target") and error_of(app, "amount")
        await pilot.press("backspace")
        await pilot.pause()
        assert error_of(app, "target") == "", "edited: its error is gone"
        assert "not an amount" in error_of(app, "amount"), "not edited: its error stays"


async def test_invoice_job_choice_offers_only_the_customers_own_open_jobs(demo_book):
    view = demo_book.view
    tom = ref(demo_book, "Tom Becker")
    open_jobs = [
        j["ref"]
        for j in view.records(tom, "jobs")
        if j["status"] != "cancelled" and not view.invoices_of_job.get(j["ref"])
    ]
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, "i", forms.InvoiceForm)
        jobs = app.screen.query_one("#job")
        assert jobs.values == [""], "no customer yet: no jobs offered"
        fill(app, customer="beck")
        await settle(pilot)
        assert jobs.values == ["", *open_jobs]
        fill(app, customer="hernández")
        await settle(pilot)
        assert not set(jobs.values) & set(open_jobs)


async def test_a_job_is_marked_done_an_invoice_sent_and_a_payment_bounced(demo_book):
    """What follows the work and the bill can be recorded in the app, as on the command line."""
    app = app_on(demo_book)
    tom = ref(demo_book, "Tom Becker")
    job = demo_book.add_job(tom, site="12 Elm St", desc="Outdoor socket", today=TODAY, start=TODAY)
    invoice = demo_book.add_invoice(
        tom, [Item("Outdoor socket", Decimal(1), 18000)], issued=TODAY, today=TODAY
    )
    async with app.run_test(size=SIZE) as pilot:
        app.open_customer(tom)
        await open_form(pilot, "J", forms.JobStatusForm)
        assert app.screen.query_one("#field-job", Field).raw == job["ref"], "his one open job"
        fill(app, on="2026-11-23")
        await save(pilot)
        assert "is in the future" in error_of(app, "on")
        fill(app, on=TODAY.isoformat())
        await save(pilot)
        await open_form(pilot, "S", forms.SendInvoiceForm)
        assert app.screen.query_one("#field-invoice", Field).raw == invoice["ref"], "never sent"
        fill(app, via="email", tracking="9407 1111")
        await save(pilot)
        assert "tracking number" in error_of(app, "tracking")
        fill(app, via="certified")
        await save(pilot)
        payment = demo_book.pay(invoice["ref"], 18000, on=TODAY, today=TODAY)
        await open_form(pilot, "X", forms.BounceForm)
        fill(app, payment=payment["ref"])
        await save(pilot)
        assert isinstance(app.screen, CustomerScreen)
    assert demo_book.get(job["ref"])["status"] == "done"
    assert demo_book.get(job["ref"])["done"] == TODAY.isoformat()
    assert demo_book.get(invoice["ref"])["sent"] == [
        Sent(date=TODAY.isoformat(), via="certified", tracking="9407 1111")
    ]
    assert demo_book.get(payment["ref"])["bounced"] == TODAY.isoformat()
    shown = cli_json(demo_book.path, "invoice", "show", invoice["ref"])
    assert shown["balance"] == "180.00", "a bounced payment is owed again"


async def test_a_plan_already_running_is_refused_at_the_invoice(demo_book):
    """The book names the plan in the way (`plan`); the form has no such field and shows it
    at the invoice the plan is on."""
    invoice = open_invoice(demo_book, "Tom Becker")
    demo_book.add_plan(invoice, instalments=2, every_days=14, start=TODAY, today=TODAY)
    app = app_on(demo_book)
    before = demo_book.store.version
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, "P", forms.PlanForm)
        fill(app, invoice=invoice)
        await save(pilot)
        assert isinstance(app.screen, forms.PlanForm)
        assert "already has a payment plan" in error_of(app, "invoice")
        assert "cancel it first" in error_of(app, "invoice")
    assert demo_book.store.version == before
