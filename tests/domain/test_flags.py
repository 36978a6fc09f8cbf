"""Every warning sign fires on its case and stays quiet just on the other side of its threshold."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.domain.draft import TODAY, Draft, day
from tradebook.domain.flags import CODES, all_flags, customer_flags
from tradebook.settings import DEFAULTS


def codes(draft: Draft, customer: str | None = None) -> dict[str, list]:
    view = draft.view()
    found = customer_flags(view, customer, TODAY) if customer else all_flags(view, TODAY)
    by_code: dict[str, list] = {}
    for flag in found:
        by_code.setdefault(flag.code, []).append(flag)
    return by_code


def one(draft: Draft, code: str, customer: str | None = None):
    found = codes(draft, customer).get(code, [])
    assert len(found) == 1, f"{code}: {found}"
    return found[0]


def quiet(draft: Draft, code: str, customer: str | None = None) -> bool:
    return code not in codes(draft, customer)


# ----- a customer who pays on time -----------------------------------------------------------


def test_a_customer_who_pays_on_time_raises_nothing():
    d = Draft()
    c = d.customer("María Hernández", credit_limit=500_000)
    sc = d.contract(c, 120_00, start="2026-01-01")
    for month in range(1, 11):
        issued = f"2026-{month:02d}-01"
        inv = d.invoice(c, issued, 120_00, contract=sc, period=f"2026-{month:02d}", sent=issued)
        d.pay(inv, 120_00, day(issued) + timedelta(days=12))
    big = d.job(c, 60, quote=4_000_00, deposit_asked=1_000_00, done=55)
    d.pay(big, 1_000_00, 62)
    inv = d.invoice(c, 55, 3_000_00, job=big, sent=55)
    d.pay(inv, 3_000_00, 40)
    d.contact(c, 41, "Thanks, paid by transfer", via="email", inbound=True)
    d.invoice(c, 5, 95_00, sent=5)  # sent, not yet due
    assert all_flags(d.view(), TODAY) == []


def test_every_code_is_known_and_flags_are_ordered_most_serious_first():
    d = Draft()
    c = d.customer()
    d.invoice(c, 100, 500_00, net=30, sent=100)  # 70 days overdue: alert
    d.invoice(c, 40, 300_00, net=30, sent=40)  # 10 days overdue: info
    found = all_flags(d.view(), TODAY)
    assert [(f.severity, f.code) for f in found] == [
        ("alert", "overdue"),
        ("warn", "ignored-invoice"),
        ("info", "overdue"),
    ]
    assert all(f.code in CODES for f in found)
    assert found[0].as_dict() == {
        "code": "overdue",
        "severity": "alert",
        "customer": c,
        "invoice": "INV-0001",
        "message": found[0].message,
        "evidence": ["INV-0001"],
    }


# ----- overdue ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "severity"),
    [(1, "info"), (30, "info"), (31, "warn"), (60, "warn"), (61, "alert"), (400, "alert")],
)
def test_overdue_severity_grows_with_the_bucket(days, severity):
    d = Draft()
    c = d.customer()
    d.invoice(c, days + 30, 250_00, net=30, sent=days + 30)
    flag = one(d, "overdue")
    assert flag.severity == severity
    assert f"{days} days overdue" in flag.message and "$250.00" in flag.message
    assert "never sent" not in flag.message
    assert flag.evidence == ("INV-0001",)


def test_an_invoice_never_sent_is_the_business_own_loose_end_not_an_alert():
    d = Draft()
    c = d.customer()
    d.invoice(c, 130, 250_00, net=30)  # 100 days past due, never sent
    flag = one(d, "overdue")
    assert flag.severity == "warn" and "it was never sent: send it first" in flag.message


def test_overdue_is_quiet_on_the_due_date_and_once_paid():
    d = Draft()
    c = d.customer()
    d.invoice(c, 30, 250_00, net=30)  # due today
    paid = d.invoice(c, 90, 100_00, net=30)
    d.pay(paid, 100_00, 10)
    assert quiet(d, "overdue")


# ----- ignored-invoice ------------------------------------------------------------------------


def _sent_invoice(days_past_due: int) -> tuple[Draft, str, str]:
    d = Draft()
    c = d.customer()
    inv = d.invoice(c, 30 + days_past_due, 640_00, net=30, sent=30 + days_past_due)
    return d, c, inv


def test_ignored_invoice_fires_after_14_silent_days_past_due():
    d, c, inv = _sent_invoice(14)
    flag = one(d, "ignored-invoice")
    assert flag.invoice == inv and "not a word or a payment" in flag.message
    assert quiet(_sent_invoice(13)[0], "ignored-invoice")


def test_ignored_invoice_is_quiet_after_an_answer_or_a_payment():
    d, c, inv = _sent_invoice(20)
    d.contact(c, 25, "Will pay next week", via="text", inbound=True)
    assert quiet(d, "ignored-invoice")
    d, c, inv = _sent_invoice(20)
    d.pay(inv, 100_00, 30)
    assert quiet(d, "ignored-invoice")


def test_an_unsent_invoice_cannot_be_ignored():
    d = Draft()
    c = d.customer()
    d.invoice(c, 80, 640_00, net=30)
    assert quiet(d, "ignored-invoice")


@pytest.mark.parametrize(
    ("outcome", "answered"),
    [
        ("no-answer", False),
        ("voicemail", False),
        ("left-message", False),
        ("sent", False),
        ("received", False),
        ("spoke", True),
        ("agreed", True),
        ("refused", True),
        ("disputed", True),
    ],
)
def test_only_a_real_answer_ends_the_silence(outcome, answered):
    d, c, inv = _sent_invoice(20)
    d.contact(c, 10, "Rang about the bill", outcome=outcome)
    assert quiet(d, "ignored-invoice") is answered


def test_a_correction_is_not_an_answer_and_supersedes_what_it_corrects():
    d, c, inv = _sent_invoice(20)
    wrong = d.contact(c, 10, "Rang; spoke to them", outcome="spoke")
    assert quiet(d, "ignored-invoice")
    d.contact(c, 2, "Correction: nobody picked up", outcome="no-answer", corrects=wrong)
    flag = one(d, "ignored-invoice")
    assert flag.invoice == inv


def test_a_correction_keeps_the_time_of_the_entry_it_corrects():
    d, c, inv = _part_paid(40)
    talk = d.contact(c, 50, "Spoke before they paid part", outcome="spoke")
    assert not quiet(d, "partial-then-silent")
    d.contact(c, 5, "Correction: it was a visit", via="visit", outcome="spoke", corrects=talk)
    assert not quiet(d, "partial-then-silent")  # not word from them five days ago


# ----- broken-promise -------------------------------------------------------------------------


def _promise(days_since_promised_date: int, paid: int = 0) -> Draft:
    d = Draft()
    c = d.customer("Tom Becker")
    inv = d.invoice(c, 100, 2_900_00, net=15)
    d.contact(
        c, 30, "Promised to pay in full", promise=(days_since_promised_date, None), invoices=(inv,)
    )
    if paid:
        d.pay(inv, paid, days_since_promised_date)
    return d


def test_broken_promise_fires_once_the_grace_day_has_passed():
    flag = one(_promise(2), "broken-promise")
    assert flag.invoice == "INV-0001" and flag.evidence == ("K-0001", "INV-0001")
    assert "$2,900.00" in flag.message and "was broken" in flag.message
    assert quiet(_promise(1), "broken-promise")  # the day after the date is still grace


def test_a_kept_promise_is_quiet():
    assert quiet(_promise(5, paid=2_900_00), "broken-promise")


def test_a_part_kept_promise_is_broken():
    flag = one(_promise(5, paid=1_000_00), "broken-promise")
    assert "$1,000.00 came in" in flag.message and "$1,900.00 is still owed" in flag.message


# ----- no-response ----------------------------------------------------------------------------


def _chased(days_ago: tuple[int, ...], outcome: str = "no-answer") -> tuple[Draft, str]:
    d = Draft()
    c = d.customer()
    d.invoice(c, 70, 690_00, net=30)
    for n in days_ago:
        d.contact(c, n, "Tried to reach them", outcome=outcome)
    return d, c


def test_no_response_fires_on_three_unanswered_tries_within_thirty_days():
    d, _ = _chased((29, 18, 9))
    flag = one(d, "no-response")
    assert flag.evidence == ("K-0001", "K-0002", "K-0003") and "no answer" in flag.message
    assert quiet(_chased((18, 9))[0], "no-response")
    assert quiet(_chased((30, 18, 9))[0], "no-response")  # the first try is outside the window


def test_corrections_are_not_tries_of_their_own():
    d, c = _chased((29, 18))
    d.contact(c, 9, "Correction: it was the 17th", outcome="no-answer", corrects="K-0002")
    assert quiet(d, "no-response")  # two tries, not three
    d.contact(c, 8, "Tried again", outcome="voicemail")
    flag = one(d, "no-response")
    assert flag.evidence == ("K-0001", "K-0002", "K-0004")


def test_a_try_corrected_to_an_answer_stops_no_response():
    d, c = _chased((29, 18, 9))
    d.contact(
        c, 8, "Correction: they picked up and will pay Friday", outcome="spoke", corrects="K-0003"
    )
    assert quiet(d, "no-response")


def test_no_response_is_quiet_once_they_answer():
    d, c = _chased((29, 18, 9))
    d.contact(c, 5, "Called back, will pay Friday", inbound=True)
    assert quiet(d, "no-response")
    assert quiet(_chased((29, 18, 9), outcome="spoke")[0], "no-response")


# ----- partial-then-silent --------------------------------------------------------------------


def _part_paid(days_since_payment: int) -> tuple[Draft, str, str]:
    d = Draft()
    c = d.customer()
    inv = d.invoice(c, 120, 2_150_00, net=30)
    d.pay(inv, 1_000_00, days_since_payment)
    return d, c, inv


def test_partial_then_silent_fires_after_thirty_quiet_days():
    d, _, inv = _part_paid(30)
    flag = one(d, "partial-then-silent")
    assert flag.invoice == inv and flag.evidence == (inv, "P-0001")
    assert "$1,000.00 of $2,150.00" in flag.message
    assert quiet(_part_paid(29)[0], "partial-then-silent")


def test_partial_then_silent_is_quiet_after_word_or_on_a_plan():
    d, c, inv = _part_paid(40)
    d.contact(c, 20, "Rest at the end of the month", inbound=True, via="text")
    assert quiet(d, "partial-then-silent")
    d, c, inv = _part_paid(40)
    d.plan(inv, [(-10, 575_00), (-40, 575_00)], created=35)
    assert quiet(d, "partial-then-silent")


# ----- bounced-payment ------------------------------------------------------------------------


def test_bounced_payment_is_an_alert_while_the_money_is_owed():
    d = Draft()
    c = d.customer("Riverside Diner", business=True)
    inv = d.invoice(c, 70, 2_150_00, net=30)
    d.pay(inv, 2_150_00, 50, bounced=44)
    flag = one(d, "bounced-payment")
    assert flag.severity == "alert" and flag.evidence == ("P-0001", inv)
    assert "bounced on 2026-10-09" in flag.message and "$2,150.00 is still owed" in flag.message


@pytest.mark.parametrize(("bounced_days_ago", "shown"), [(365, True), (366, False)])
def test_a_bounce_made_good_is_remembered_for_a_year(bounced_days_ago, shown):
    d = Draft()
    c = d.customer()
    inv = d.invoice(c, 500, 300_00, net=30)
    d.pay(inv, 300_00, bounced_days_ago + 5, bounced=bounced_days_ago)
    d.pay(inv, 300_00, bounced_days_ago - 3, method="cash")
    assert quiet(d, "bounced-payment") is not shown
    if shown:
        assert one(d, "bounced-payment").severity == "info"


# ----- dispute-open ---------------------------------------------------------------------------


def test_dispute_open_until_resolved():
    d = Draft()
    c = d.customer("Greg Kowalski")
    inv = d.invoice(c, 60, 560_00)
    other = d.invoice(c, 50, 120_00)
    d.contact(
        c,
        35,
        "Two garden lights flicker; won't pay until fixed",
        inbound=True,
        dispute=True,
        invoices=(inv,),
    )
    flag = one(d, "dispute-open")
    assert flag.invoice == inv and flag.evidence == ("K-0001", inv)
    d.contact(c, 20, "Fixed a different fault", resolves=True, invoices=(other,))
    assert not quiet(d, "dispute-open")
    d.contact(
        c, 10, "Replaced the drivers; customer happy", via="visit", resolves=True, invoices=(inv,)
    )
    assert quiet(d, "dispute-open")


def test_a_corrected_dispute_entry_no_longer_counts():
    d = Draft()
    c = d.customer()
    d.invoice(c, 60, 560_00)
    wrong = d.contact(c, 35, "Logged a dispute by mistake", dispute=True)
    assert not quiet(d, "dispute-open")
    d.contact(c, 34, "Correction: no dispute, just a question", corrects=wrong)
    assert quiet(d, "dispute-open")


# ----- slowing-payer --------------------------------------------------------------------------


def _payer(history_days: int, recent_days: int) -> Draft:
    d = Draft()
    c = d.customer("Main Street Dental Group", business=True)
    for k in range(4):
        inv = d.invoice(c, 800 - 100 * k, 400_00)
        d.pay(inv, 400_00, 800 - 100 * k - history_days)
    for k in range(3):
        inv = d.invoice(c, 300 - 80 * k, 400_00)
        d.pay(inv, 400_00, 300 - 80 * k - recent_days)
    return d


def test_slowing_payer_fires_when_recent_bills_take_half_as_long_again_and_ten_days_more():
    flag = one(_payer(20, 30), "slowing-payer")
    assert flag.severity == "info" and flag.evidence == ("INV-0005", "INV-0006", "INV-0007")
    assert "30 days on average" in flag.message and "20 days for the 4 before" in flag.message
    assert not quiet(_payer(30, 45), "slowing-payer")  # 150%, fifteen days more
    assert quiet(_payer(30, 44), "slowing-payer")  # 147%: not clearly worse
    assert quiet(_payer(10, 19), "slowing-payer")  # 190%, but only nine days more


def test_an_overdue_invoice_counts_as_slow_already():
    d = _payer(10, 10)
    d.invoice("C-0001", 70, 400_00)  # open and 40 days overdue: took 70 days so far
    assert not quiet(d, "slowing-payer")


# ----- over-credit-limit ----------------------------------------------------------------------


@pytest.mark.parametrize(("owed", "fires"), [(1_000_01, True), (1_000_00, False)])
def test_over_credit_limit(owed, fires):
    d = Draft()
    c = d.customer("Brenda Walsh", credit_limit=1_000_00)
    d.invoice(c, 10, owed)
    assert quiet(d, "over-credit-limit") is not fires


def test_done_work_not_yet_invoiced_counts_towards_the_credit_limit():
    d = Draft()
    c = d.customer("Brenda Walsh", credit_limit=1_500_00)
    d.invoice(c, 10, 1_000_00)
    job = d.job(c, 5, quote=600_00, done=3)
    flag = one(d, "over-credit-limit")
    assert "$600.00 of done work not yet invoiced" in flag.message and job in flag.evidence


# ----- no-deposit -----------------------------------------------------------------------------


def _job(quote: int, *, new: bool, deposit: int = 0, asked: int | None = None) -> Draft:
    d = Draft()
    c = d.customer("Chloé Dubois")
    if not new:
        old = d.job(c, 400, quote=300_00, done=399)
        inv = d.invoice(c, 399, 300_00, job=old)
        d.pay(inv, 300_00, 380)
    job = d.job(c, 6, status="in-progress", quote=quote, deposit_asked=asked)
    if deposit:
        d.pay(job, deposit, 7)
    return d


def test_no_deposit_on_a_large_job():
    flag = one(_job(2_500_01, new=False), "no-deposit")
    assert "large job ($2,500.01)" in flag.message and flag.evidence == ("J-0002",)
    assert quiet(_job(2_500_00, new=False), "no-deposit")
    assert quiet(_job(3_200_00, new=False, deposit=500_00), "no-deposit")


def test_no_deposit_counts_against_the_deposit_asked():
    flag = one(_job(3_200_00, new=False, deposit=500_00, asked=1_500_00), "no-deposit")
    assert "$500.00 of the $1,500.00 deposit received" in flag.message
    assert quiet(_job(3_200_00, new=False, deposit=1_500_00, asked=1_500_00), "no-deposit")


def test_no_deposit_on_a_new_customers_first_job():
    assert "new customer's first job" in one(_job(500_00, new=True), "no-deposit").message
    assert quiet(_job(499_99, new=True), "no-deposit")
    assert quiet(_job(500_00, new=False), "no-deposit")


def test_once_invoiced_the_job_no_longer_warns_about_its_deposit():
    d = _job(3_200_00, new=False)
    d.invoice("C-0001", 2, 3_200_00, job="J-0002")
    assert quiet(d, "no-deposit")


# ----- unbilled-work --------------------------------------------------------------------------


@pytest.mark.parametrize(("done_days_ago", "fires"), [(15, True), (14, False)])
def test_unbilled_work(done_days_ago, fires):
    d = Draft()
    c = d.customer("Frank Ortega")
    d.job(c, 20, quote=420_00, done=done_days_ago)
    assert quiet(d, "unbilled-work") is not fires
    if fires:
        flag = one(d, "unbilled-work")
        assert "worth $420.00" in flag.message and flag.evidence == ("J-0001",)


# ----- underbilled ----------------------------------------------------------------------------


def _contract(rates: list[int]) -> Draft:
    d = Draft()
    c = d.customer("Oakridge Rentals LLC", business=True, principal="Dale Whitcomb")
    sc = d.contract(c, 400_00, start="2026-01-01")
    for month, rate in enumerate(rates, 1):
        if rate:
            issued = f"2026-{month:02d}-01"
            inv = d.invoice(c, issued, rate, contract=sc, period=f"2026-{month:02d}")
            d.pay(inv, rate, day(issued) + timedelta(days=10))
    return d


def test_underbilled_fires_one_cent_below_the_agreed_rate():
    flag = one(_contract([400_00, 399_99, 400_00]), "underbilled")
    assert flag.evidence == ("SC-001", "INV-0002")
    assert "$0.01 under-billed" in flag.message and "talk to the customer" in flag.message
    assert quiet(_contract([400_00, 400_00, 400_00]), "underbilled")


def test_a_skipped_month_is_under_billed_and_a_corrected_one_is_not():
    d = _contract([400_00, 0, 200_00])
    flag = one(d, "underbilled")
    assert (
        "2 months (2026-02 to 2026-03)" in flag.message and "$600.00 under-billed" in flag.message
    )
    d.correction("C-0001", "SC-001", 5, ["2026-02", "2026-03"])
    assert quiet(d, "underbilled")


# ----- over-small-claims-limit ----------------------------------------------------------------


@pytest.mark.parametrize(("owed", "fires"), [(2_500_01, True), (2_500_00, False)])
def test_over_small_claims_limit_in_kentucky(owed, fires):
    d = Draft(state="KY")
    c = d.customer()
    d.invoice(c, 60, owed, net=30)
    assert quiet(d, "over-small-claims-limit") is not fires
    if fires:
        flag = one(d, "over-small-claims-limit")
        assert "Kentucky's small-claims limit of $2,500.00" in flag.message
        assert "source read 2026-12-06" in flag.message and "cannot be split" in flag.message


def test_small_claims_uses_the_customers_state_and_stays_quiet_where_the_limit_is_unknown():
    d = Draft(state="KY")
    c = d.customer(state="TX")
    d.invoice(c, 60, 5_000_00, net=30)
    assert quiet(d, "over-small-claims-limit")  # Texas: $20,000
    d = Draft(state="NV")  # no figures shipped for Nevada
    d.invoice(d.customer(), 60, 50_000_00, net=30)
    assert quiet(d, "over-small-claims-limit")


def test_small_claims_limit_follows_a_settings_override():
    from tradebook.settings import parse_settings

    settings = parse_settings('[jurisdictions.KY]\nsmall_claims_limit = "1000"\n')
    d = Draft(state="KY")
    c = d.customer()
    d.invoice(c, 60, 1_500_00, net=30)
    found = [
        f
        for f in customer_flags(d.view(), c, TODAY, settings)
        if f.code == "over-small-claims-limit"
    ]
    assert len(found) == 1 and "$1,000.00" in found[0].message


def test_small_claims_counts_only_what_is_overdue_and_names_the_choices():
    d = Draft(state="KY")
    c = d.customer()
    late = d.invoice(c, 60, 2_000_00, net=30)
    d.invoice(c, 10, 1_000_00, net=30)  # not due yet: nothing to claim for it today
    assert quiet(d, "over-small-claims-limit")
    d.invoice(c, 50, 600_00, net=30)
    flag = one(d, "over-small-claims-limit")
    assert flag.message.startswith(
        "$2,600.00 overdue is over Kentucky's small-claims limit of $2,500.00"
    )
    assert (
        "offer mediation; whether Kentucky lets you give up the excess to fit the limit is "
        "not on record"
    ) in flag.message
    assert flag.evidence == (late, "INV-0003")


def test_california_businesses_claim_up_to_the_lower_business_limit():
    d = Draft(state="CA")
    c = d.customer()
    d.invoice(c, 60, 7_000_00, net=30)
    flag = one(d, "over-small-claims-limit")
    assert "California's small-claims limit for businesses of $6,250.00" in flag.message
    d.tables["profile"][1]["entity"] = "individual"
    assert quiet(d, "over-small-claims-limit")  # $12,500 for an individual claimant
    d.tables["profile"][1]["entity"] = "business"
    assert not quiet(d, "over-small-claims-limit")


# ----- limitation-near ------------------------------------------------------------------------


def _old_debt(days_left: int) -> Draft:
    d = Draft(state="KY")  # shortest period: 5 years (oral)
    c = d.customer("Harold Simms")
    ends = TODAY + timedelta(days=days_left)
    due = ends.replace(year=ends.year - 5)
    d.invoice(c, due - timedelta(days=30), 180_00, due=due.isoformat())
    return d


def test_limitation_near_warns_180_days_ahead():
    flag = one(_old_debt(180), "limitation-near")
    assert flag.severity == "warn" and "in 180 days" in flag.message and "5-year" in flag.message
    assert (
        "to be safe, the shorter oral-contract period; a signed written contract may allow longer"
    ) in flag.message
    assert quiet(_old_debt(181), "limitation-near")
    assert one(_old_debt(30), "limitation-near").severity == "alert"


def test_limitation_passed_says_so():
    flag = one(_old_debt(-3), "limitation-near")
    assert flag.severity == "alert" and "may have ended" in flag.message


# ----- receivables-rising ---------------------------------------------------------------------


def _receivables(current_now: int) -> Draft:
    d = Draft()
    for name, amount in (("A", 30_00), ("B", 30_00), ("C", 40_00)):
        d.invoice(d.customer(name), 100, amount, due=60)  # current 90 days ago, overdue now
    d.invoice(d.customer("D"), 5, current_now, net=30)
    d.invoice(d.customer("E"), 120, 900_00, net=60)  # current 90 days ago ...
    d.pay("INV-0005", 900_00, 80)  # ... and paid since
    return d


def test_receivables_rising_fires_on_a_ten_point_rise():
    flag = one(_receivables(900_00), "receivables-rising")
    assert flag.customer is None and flag.invoice is None
    assert "10% of receivables are overdue today" in flag.message and "against 0%" in flag.message
    assert set(flag.evidence) == {"INV-0001", "INV-0002", "INV-0003"}
    assert quiet(_receivables(901_00), "receivables-rising")


def test_receivables_rising_needs_several_customers():
    settings = DEFAULTS
    d = _receivables(900_00)
    found = all_flags(d.view(), TODAY, settings)
    assert any(f.code == "receivables-rising" for f in found)
    from dataclasses import replace

    stricter = replace(
        settings, thresholds=replace(settings.thresholds, receivables_min_customers=4)
    )
    assert not any(f.code == "receivables-rising" for f in all_flags(d.view(), TODAY, stricter))


# ----- the whole book at once ------------------------------------------------------------------


def test_customer_flags_match_the_books_flags_for_that_customer():
    d = _payer(20, 30)
    c2 = d.customer("Jake Morrison")
    d.invoice(c2, 61, 690_00, net=30, sent=61)
    view = d.view()
    everything = all_flags(view, TODAY)
    for ref in ("C-0001", c2):
        assert customer_flags(view, ref, TODAY) == [f for f in everything if f.customer == ref]
    assert customer_flags(view, "C-9999", TODAY) == []
