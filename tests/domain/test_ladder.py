"""The escalation ladder: which step is due, what already happened, what pauses and resumes it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from tests.domain.draft import TODAY, Draft, day
from tradebook.domain.ladder import customer_actions, next_actions
from tradebook.settings import DEFAULTS, parse_settings


def actions(draft: Draft, settings=DEFAULTS, horizon: int = 0):
    return next_actions(draft.view(), TODAY, settings, horizon_days=horizon)


def kinds(draft: Draft, **kw) -> list[str]:
    return [a.action for a in actions(draft, **kw)]


def overdue(days: int, *, business: bool = False, principal: str | None = None,
            amount: int = 1_440_00) -> tuple[Draft, str, str]:
    """One customer with one invoice `days` past due (due = TODAY - days)."""
    d = Draft()
    c = d.customer("Tom Becker", business=business, principal=principal)
    inv = d.invoice(c, days + 30, amount, net=30, sent=days + 30)
    return d, c, inv


def test_nothing_to_do_before_the_first_step():
    assert kinds(overdue(2)[0]) == []


def test_the_friendly_reminder_comes_three_days_after_the_due_date():
    d, c, inv = overdue(3)
    [action] = actions(d)
    assert (action.customer, action.invoice, action.action, action.letter_kind) == (
        c, inv, "reminder", "reminder")
    assert action.due == TODAY
    assert "INV-0001 ($1,440.00) is 3 days overdue" in action.reason and "friendly reminder" in action.reason
    assert action.as_dict() == {"customer": c, "invoice": inv, "action": "reminder",
                                "due": TODAY.isoformat(), "reason": action.reason,
                                "letter_kind": "reminder"}


def test_a_reminder_letter_moves_the_invoice_on_to_the_second_reminder_and_a_call():
    d, c, inv = overdue(14)
    d.letter(c, "reminder", 11, (inv,))
    found = actions(d)
    assert [a.action for a in found] == ["second-reminder", "call"]
    assert all(a.due == TODAY for a in found)
    assert "friendly reminder done 2026-11-11 (L-0001)" in found[0].reason


def test_a_logged_contact_counts_as_the_call():
    d, c, inv = overdue(14)
    d.letter(c, "reminder", 11, (inv,))
    d.contact(c, 2, "Rang about the bill; paying Friday", inbound=False)
    assert kinds(d) == ["second-reminder"]


def test_a_message_sent_after_the_due_date_counts_as_the_friendly_reminder():
    d, c, inv = overdue(10)
    d.contact(c, 6, "Texted a reminder with the amount", via="text")
    assert kinds(d) == []  # the second reminder is due at +14
    assert [a.action for a in actions(d, horizon=4)] == ["second-reminder", "call"]


def test_steps_are_never_skipped_and_keep_a_gap_between_them():
    d, c, inv = overdue(50)
    d.letter(c, "reminder", 10, (inv,))  # sent very late
    [call, second] = actions(d, horizon=30)
    assert second.action == "second-reminder" and second.due == day(10) + timedelta(days=7)
    assert call.action == "call" and call.due == day(50) + timedelta(days=14)


def test_a_review_comes_before_the_first_firm_letter():
    d, c, inv = overdue(30)
    d.letter(c, "reminder", 26, (inv,))
    d.letter(c, "second-reminder", 16, (inv,))
    d.contact(c, 15, "Spoke; they will look into it")
    found = actions(d)
    assert [a.action for a in found] == ["review", "firm"]
    review, firm = found
    assert review.due == TODAY - timedelta(days=5) and firm.due == TODAY
    assert "check the agreement or quote" in review.reason and "INV-0001 itself" in review.reason
    assert firm.letter_kind == "firm"


def test_after_the_firm_letter_the_final_notice_names_a_deadline():
    d, c, inv = overdue(45)
    for kind, ago in (("reminder", 42), ("second-reminder", 31), ("firm", 15)):
        d.letter(c, kind, ago, (inv,))
    d.contact(c, 30, "Left a message", outcome="voicemail")
    [final] = actions(d)
    assert final.action == "final" and final.letter_kind == "final"
    assert "deadline 14 days after sending" in final.reason


def test_the_small_claims_step_checks_the_states_limit():
    d, c, inv = overdue(80, amount=3_000_00)
    for kind, ago in (("reminder", 77), ("second-reminder", 66), ("firm", 50),
                      ("final", 35), ("mediation", 20)):
        d.letter(c, kind, ago, (inv,))
    d.contact(c, 60, "Spoke about the bill")
    [cod, claim] = actions(d)
    assert cod.action == "cod" and "INV-0001 went 80 days past due" in cod.reason
    assert claim.action == "small-claims" and claim.letter_kind is None
    assert "over Kentucky's limit of $2,500.00" in claim.reason


def test_a_mediation_case_completes_the_mediation_step():
    d, c, inv = overdue(80)
    for kind, ago in (("reminder", 77), ("second-reminder", 66), ("firm", 50), ("final", 35)):
        d.letter(c, kind, ago, (inv,))
    d.contact(c, 60, "Spoke about the bill")
    assert kinds(d) == ["cod", "mediation"]
    d.case(c, "mediation", filed=10)
    assert kinds(d, horizon=10) == ["cod", "small-claims"]


def test_a_letter_to_the_customer_about_no_invoice_in_particular_covers_every_open_one():
    d, c, inv = overdue(14)
    d.letter(c, "reminder", 11)
    assert kinds(d) == ["second-reminder", "call"]


# ----- what pauses and resumes the ladder ------------------------------------------------------

def test_a_live_promise_pauses_chasing_and_a_broken_one_resumes_it():
    d, c, inv = overdue(20)
    d.contact(c, 10, "Promised to pay on the 25th", promise=(-3, None), invoices=(inv,))
    assert kinds(d) == []
    d, c, inv = overdue(40)
    d.contact(c, 30, "Promised to pay by the 10th", promise=(12, None), invoices=(inv,))
    [second, call] = actions(d)
    assert (second.action, call.action) == ("second-reminder", "call")
    assert "was broken, so chasing resumes" in second.reason
    assert second.due == call.due == day(12) + timedelta(days=2)


def test_two_broken_promises_make_a_bad_record():
    d, c, inv = overdue(40)
    d.contact(c, 30, "Promised to pay by the 10th", promise=(12, None), invoices=(inv,))
    assert "cod" not in kinds(d)
    d.contact(c, 9, "Promised again, by the 17th", promise=(5, None), invoices=(inv,))
    [cod] = [a for a in actions(d) if a.action == "cod"]
    assert "broken promise K-0002; broken promise K-0001" in cod.reason


def test_a_plan_on_track_pauses_chasing_a_late_instalment_gets_a_check_and_a_missed_one_resumes():
    d, c, inv = overdue(40)
    d.plan(inv, [(10, 720_00), (-20, 720_00)], created=25)
    d.pay(inv, 720_00, 10)
    assert kinds(d) == []
    d, c, inv = overdue(40)
    d.plan(inv, [(3, 720_00), (-27, 720_00)], created=25)
    [check] = actions(d)
    assert check.action == "plan-check" and check.due == day(2)
    assert "instalment 1 of PP-001 ($720.00, due 2026-11-19) has not arrived" in check.reason
    d, c, inv = overdue(40)
    d.plan(inv, [(10, 720_00), (-20, 720_00)], created=25)
    found = actions(d)
    assert [a.action for a in found] == ["reminder"]
    assert "instalment 1 of PP-001" in found[0].reason and "missed" in found[0].reason


def test_an_open_dispute_stops_the_ladder_for_a_review():
    d, c, inv = overdue(40)
    d.contact(c, 35, "Says the lights flicker; won't pay until fixed", inbound=True, dispute=True,
              invoices=(inv,))
    [review] = actions(d)
    assert review.action == "review" and review.invoice == inv and review.due == day(35)
    assert "chasing stops until it is talked through" in review.reason
    d.contact(c, 5, "Lights work now, thanks", via="text", inbound=True, resolves=True,
              invoices=(inv,))
    assert kinds(d) == ["reminder"]


# ----- around the ladder -------------------------------------------------------------------------

def test_a_business_at_the_firm_step_gets_a_word_with_its_principal():
    d, c, inv = overdue(30, business=True, principal="Dale Whitcomb")
    d.letter(c, "reminder", 26, (inv,))
    d.letter(c, "second-reminder", 16, (inv,))
    d.contact(c, 15, "Spoke to the office manager")
    found = actions(d)
    assert [a.action for a in found] == ["review", "contact-principal", "firm"]
    assert "contact Dale Whitcomb directly" in found[1].reason
    d.contact(c, 0, "Spoke to Dale Whitcomb; he will look at it today")
    assert "contact-principal" not in kinds(d)


def test_no_word_with_the_principal_before_the_firm_step():
    d, c, inv = overdue(30, business=True, principal="Dale Whitcomb")
    assert "contact-principal" not in kinds(d, horizon=30)


def test_a_bad_record_suggests_cash_on_delivery_for_future_work():
    d = Draft()
    c = d.customer("Riverside Diner", business=True)
    inv = d.invoice(c, 70, 600_00)
    d.pay(inv, 600_00, 50, bounced=44)
    d.pay(inv, 600_00, 40, method="cash")
    [cod] = actions(d)
    assert cod.action == "cod" and cod.letter_kind == "cod-notice" and cod.due == day(44)
    assert "P-0001 bounced" in cod.reason
    d.tables["customers"][1]["cod"] = True
    assert kinds(d) == []


def test_a_slow_payer_long_ago_is_not_put_on_cod():
    d = Draft()
    c = d.customer()
    inv = d.invoice(c, 900, 600_00)
    d.pay(inv, 600_00, 780)  # 90 days late, three years ago, nothing since
    assert kinds(d) == []
    d.job(c, 10)
    assert kinds(d) == ["cod"]


def test_an_old_unpaid_debt_alone_does_not_call_for_cod():
    d = Draft()
    c = d.customer("Harold Simms")
    d.invoice(c, 900, 180_00)
    assert "cod" not in kinds(d)
    d.job(c, 30, status="booked")
    assert "cod" in kinds(d)


def test_under_billing_means_talking_first_then_recording_the_correction():
    d = Draft()
    c = d.customer("Oakridge Rentals LLC", business=True)
    sc = d.contract(c, 400_00, start="2026-07-01")
    for month in range(7, 11):
        inv = d.invoice(c, f"2026-{month:02d}-01", 200_00, contract=sc, period=f"2026-{month:02d}")
        d.pay(inv, 200_00, date(2026, month, 10))
    [talk] = actions(d)
    assert talk.action == "talk-first" and talk.due == date(2026, 10, 1) and talk.letter_kind is None
    assert "$800.00 under-billed" in talk.reason and "before any correction goes out" in talk.reason
    d.contact(c, 3, "Explained the billing mistake; they will think about the options", via="visit")
    [record] = actions(d)
    assert record.action == "correction" and record.letter_kind == "correction"
    assert "tradebook correction record C-0001 --contract SC-001" in record.reason


# ----- settings and ordering ----------------------------------------------------------------------

def test_the_ladder_follows_the_settings():
    settings = parse_settings("""
[[ladder]]
action = "reminder"
days = 7
letter = "reminder"

[[ladder]]
action = "final"
days = 21
letter = "final"
firm = true
""")
    d, c, inv = overdue(6)
    assert kinds(d, settings=settings) == []
    d, c, inv = overdue(7)
    assert kinds(d, settings=settings) == ["reminder"]
    d.letter(c, "reminder", 0, (inv,))
    later = replace(settings, thresholds=replace(settings.thresholds, step_gap_days=1))
    found = next_actions(d.view(), TODAY + timedelta(days=14), later)
    assert [a.action for a in found] == ["review", "final"]


def test_actions_come_longest_waiting_first_and_per_customer_on_request():
    d = Draft()
    a = d.customer("A")
    b = d.customer("B")
    d.invoice(b, 60, 100_00, net=30)  # reminder due 27 days ago
    d.invoice(a, 40, 100_00, net=30)  # reminder due 7 days ago
    found = actions(d)
    assert [(x.customer, x.due) for x in found] == [(b, day(27)), (a, day(7))]
    assert customer_actions(d.view(), a, TODAY) == [found[1]]
    assert customer_actions(d.view(), "C-0404", TODAY) == []


def test_near_the_limitation_date_the_ladder_asks_for_a_decision_instead_of_reminders():
    # Kentucky: the shorter (oral) period is 5 years from the due date
    d, c, inv = overdue(5 * 365 - 60)
    [action] = actions(d)
    assert (action.action, action.invoice) == ("decide-claim", inv)
    assert "limitation period ends on" in action.reason and "Decide now" in action.reason


def test_outside_the_warning_window_the_ladder_runs_as_usual():
    d, c, inv = overdue(5 * 365 - 200)
    assert "decide-claim" not in kinds(d)
