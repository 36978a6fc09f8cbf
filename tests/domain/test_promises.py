"""Promises to pay are open, kept, broken or replaced; plan instalments are due, paid, late or missed."""

from __future__ import annotations

from tests.domain.draft import TODAY, Draft, day
from tradebook.domain.promises import (
    BROKEN,
    DUE,
    KEPT,
    LATE,
    MISSED,
    OPEN,
    PAID,
    REPLACED,
    customer_plans,
    customer_promises,
    live_promises,
    plan_status,
)


def _promised(on: int, amount: int | None, *, paid: tuple[tuple[int, int], ...] = ()) -> Draft:
    d = Draft()
    c = d.customer()
    inv = d.invoice(c, 90, 1_000_00)
    for ago, cents in paid:
        d.pay(inv, cents, ago)
    d.contact(c, 40, "Promised to pay", promise=(on, amount), invoices=(inv,))
    return d


def states(d: Draft) -> list[str]:
    return [p.state for p in customer_promises(d.view(), "C-0001", TODAY)]


def test_open_until_its_date_and_a_day_of_grace():
    assert states(_promised(-5, 400_00)) == [OPEN]
    assert states(_promised(1, 400_00)) == [OPEN]
    assert states(_promised(2, 400_00)) == [BROKEN]
    assert [p.contact for p in live_promises(_promised(-5, 400_00).view(), "C-0001", TODAY)] == [
        "K-0001"
    ]


def test_kept_when_payments_since_it_was_made_cover_it():
    assert states(_promised(10, 400_00, paid=((12, 250_00), (11, 150_00)))) == [KEPT]
    assert states(_promised(10, 400_00, paid=((9, 400_00),))) == [KEPT]  # within grace
    assert states(_promised(10, 400_00, paid=((45, 400_00),))) == [BROKEN]  # paid before it


def test_the_whole_balance_is_the_balance_when_it_was_promised():
    d = _promised(10, None, paid=((60, 300_00),))
    [promise] = customer_promises(d.view(), "C-0001", TODAY)
    assert promise.whole_balance and promise.amount == 700_00
    assert "the balance ($700.00)" in promise.describe()


def test_a_deposit_taken_the_day_of_the_promise_does_not_keep_it():
    d = Draft()
    c = d.customer()
    job = d.job(c, 40, quote=4_800_00, deposit_asked=1_000_00, done=40)
    d.pay(job, 1_000_00, 40)
    inv = d.invoice(c, 40, 4_800_00, job=job)
    d.contact(c, 40, "Will pay the rest next week", promise=(33, 3_800_00), invoices=(inv,))
    d.pay(inv, 500_00, 35)
    [promise] = customer_promises(d.view(), "C-0001", TODAY)
    assert promise.state == BROKEN and promise.received == 500_00  # the deposit came before it


def test_a_broken_promise_later_made_good_says_when():
    [promise] = customer_promises(
        _promised(10, 400_00, paid=((5, 400_00),)).view(), "C-0001", TODAY
    )
    assert promise.state == BROKEN and promise.made_good_on == day(5)


def test_a_promise_renegotiated_before_it_fell_due_is_replaced():
    d = _promised(10, 400_00)
    d.contact("C-0001", 12, "Asked for another two weeks", inbound=True, promise=(-2, 400_00))
    assert states(d) == [REPLACED, OPEN]
    d = _promised(10, 400_00)
    d.contact("C-0001", 8, "Promised again, after missing the date", promise=(-2, 400_00))
    assert states(d) == [BROKEN, OPEN]


def _plan(*payments: tuple[int, int], status: str = "active") -> tuple[Draft, dict]:
    d = Draft()
    c = d.customer()
    inv = d.invoice(c, 120, 900_00)
    plan = d.plan(inv, [(40, 300_00), (10, 300_00), (3, 300_00)], created=50, status=status)
    for ago, cents in payments:
        d.pay(inv, cents, ago)
    return d, d.doc(plan)


def test_instalments_are_covered_in_order():
    d, plan = _plan((40, 300_00), (12, 200_00))
    status = plan_status(d.view(), plan, TODAY, grace_days=5)
    assert [i.state for i in status.instalments] == [PAID, MISSED, LATE]
    assert status.instalments[0].paid_on == day(40)
    assert status.broken and not status.on_track and [i.number for i in status.missed()] == [2]


def test_a_plan_caught_up_is_back_on_track():
    d, plan = _plan((40, 300_00), (0, 300_00))
    status = plan_status(d.view(), plan, TODAY, grace_days=5)
    assert [i.state for i in status.instalments] == [PAID, PAID, LATE]
    assert status.on_track and status.late()[0].number == 3


def test_future_instalments_are_due_and_a_paid_plan_is_finished():
    d, plan = _plan()
    plan["instalments"][2]["date"] = day(-30).isoformat()
    assert [i.state for i in plan_status(d.view(), plan, TODAY, 5).instalments][2] == DUE
    d, plan = _plan((41, 900_00))
    status = plan_status(d.view(), plan, TODAY)
    assert status.finished and not status.on_track and not status.broken


def test_payments_before_the_plan_do_not_count_and_cancelled_plans_do_not_pause():
    d, plan = _plan((60, 300_00))
    assert plan_status(d.view(), plan, TODAY).instalments[0].state == MISSED
    d, plan = _plan(status="cancelled")
    [status] = customer_plans(d.view(), "C-0001", TODAY)
    assert not status.active and not status.on_track and not status.broken
