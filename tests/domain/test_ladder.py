"""The escalation ladder: which step is due, what already happened, what pauses and resumes it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from tests.domain.draft import TODAY, Draft, day, iso
from tradebook.domain.ladder import customer_actions, next_actions
from tradebook.settings import DEFAULTS, parse_settings


def actions(draft: Draft, settings=DEFAULTS, horizon: int = 0):
    return next_actions(draft.view(), TODAY, settings, horizon_days=horizon)


def kinds(draft: Draft, **kw) -> list[str]:
    return [a.action for a in actions(draft, **kw)]


def overdue(
    days: int, *, business: bool = False, principal: str | None = None, amount: int = 1_440_00
) -> tuple[Draft, str, str]:
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
        c,
        inv,
        "reminder",
        "reminder",
    )
    assert action.due == TODAY
    assert (
        "INV-0001 ($1,440.00) is 3 days overdue" in action.reason
        and "friendly reminder" in action.reason
    )
    assert action.as_dict() == {
        "customer": c,
        "invoice": inv,
        "action": "reminder",
        "due": TODAY.isoformat(),
        "reason": action.reason,
        "letter_kind": "reminder",
        "command": None,
    }


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
    [second, call] = actions(d, horizon=30)
    assert second.action == "second-reminder" and second.due == day(10) + timedelta(days=7)
    assert (
        call.action == "call" and call.due == second.due
    )  # one step: the call goes with its letter


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
    [cod, final] = actions(d)
    assert cod.action == "cod" and cod.due == day(15)  # the firm step was reached: a bad record
    assert final.action == "final" and final.letter_kind == "final"
    assert "deadline 14 days after sending" in final.reason


def test_the_small_claims_step_checks_the_states_limit():
    d, c, inv = overdue(80, amount=3_000_00)
    for kind, ago in (
        ("reminder", 77),
        ("second-reminder", 66),
        ("firm", 50),
        ("final", 35),
        ("mediation", 20),
    ):
        d.letter(c, kind, ago, (inv,))
    d.contact(c, 60, "Spoke about the bill")
    [cod, claim] = actions(d)
    assert cod.action == "cod" and "INV-0001 reached the firm letter" in cod.reason
    assert "(80 days late)" in cod.reason
    assert claim.action == "small-claims" and claim.letter_kind is None
    assert "$3,000.00 overdue is over Kentucky's small-claims limit of $2,500.00" in claim.reason
    assert (
        "offer mediation; whether Kentucky lets you give up the excess to fit the limit is "
        "not on record"
    ) in claim.reason
    assert (
        "the limitation period ends 2031-09-03 (to be safe, the shorter oral-contract period; "
        "a signed written contract may allow longer)" in claim.reason
    )


def test_a_mediation_case_completes_the_mediation_step():
    d, c, inv = overdue(80)
    for kind, ago in (("reminder", 77), ("second-reminder", 66), ("firm", 50), ("final", 35)):
        d.letter(c, kind, ago, (inv,))
    d.contact(c, 60, "Spoke about the bill")
    assert kinds(d) == ["cod", "mediation"]
    d.case(c, "mediation", filed=10)
    assert kinds(d, horizon=10) == ["cod", "small-claims"]


# ----- the small-claims bundle is gated on the demand -------------------------------------------


def chased_to_the_end(final: dict | None) -> tuple[Draft, str, str]:
    """An invoice 80 days overdue, every step taken but the final notice as `final` says:
    None for no final notice at all, else the fields its letter record gets."""
    d, c, inv = overdue(80)
    steps = [
        ("reminder", 77),
        ("second-reminder", 66),
        ("firm", 50),
        ("final", 35),
        ("mediation", 20),
    ]
    for kind, ago in steps:
        if kind == "final" and final is None:
            continue
        ref = d.letter(c, kind, ago, (inv,))
        if kind == "final":
            d.doc(ref).update(final)
    d.contact(c, 60, "Spoke about the bill")
    return d, c, inv


def test_a_final_notice_only_prepared_is_not_the_demand_a_small_claim_needs():
    d, c, inv = chased_to_the_end(
        {"delivery": {"via": None, "tracking": None}, "deadline": iso(21)}
    )
    [cod, step] = actions(d)
    assert step.action == "final" and step.letter_kind == "final"
    assert "final notice L-0004 was prepared but its delivery was never recorded" in step.reason
    assert step.command == "tradebook sent L-0004 --via certified --tracking NO"
    assert "small-claims bundle ready" not in step.reason


def test_a_letter_only_prepared_is_no_step_taken_and_the_way_to_record_it_is_shown():
    d, c, inv = overdue(20)
    d.letter(c, "reminder", 10, (inv,))
    d.doc("L-0001").update({"delivery": {"via": None, "tracking": None}})
    [step] = [a for a in actions(d) if a.invoice == inv]
    assert step.action == "reminder"
    assert "L-0001 was made on" in step.reason and "not recorded as sent" in step.reason
    assert step.command == "tradebook sent L-0001 --via post"
    d.doc("L-0001").update({"delivery": {"via": "post", "tracking": None}})
    assert "reminder" not in kinds(d)  # sent: the step is taken


def test_without_any_final_notice_the_last_step_is_the_final_notice():
    d, c, inv = chased_to_the_end(None)
    step = actions(d)[-1]
    assert step.action == "final" and "no final notice about INV-0001 was sent" in step.reason


def test_the_bundle_waits_for_the_final_notices_pay_by_date():
    d, c, inv = chased_to_the_end(
        {
            "delivery": {"via": "certified", "tracking": "9400 1"},
            "pay_by": iso(-5),
            "deadline": iso(-5),
        }
    )
    assert kinds(d) == ["cod"]  # nothing to do today but wait for the date
    step = actions(d, horizon=10)[-1]
    assert step.action == "small-claims" and step.due == TODAY + timedelta(days=6)
    assert f"final notice L-0004 asks for payment by {iso(-5)}" in step.reason


def test_once_the_pay_by_date_has_passed_the_bundle_is_ready():
    d, c, inv = chased_to_the_end(
        {
            "delivery": {"via": "certified", "tracking": "9400 1"},
            "pay_by": iso(3),
            "deadline": iso(3),
        }
    )
    step = actions(d)[-1]
    assert step.action == "small-claims" and step.due == day(5)  # 75 days after the due date
    assert (
        f"final notice L-0004 was delivered on {iso(35)} and its pay-by date {iso(3)} has passed"
        in step.reason
    )
    assert step.command == f"tradebook bundle {c} --kind small-claims -o FILE.pdf"


def test_an_older_final_notice_without_pay_by_counts_from_its_deadline_or_the_usual_days():
    from tradebook.domain.ladder import demand_gate

    d, c, inv = chased_to_the_end({"delivery": {"via": "post", "tracking": None}, "deadline": None})
    gate = demand_gate(d.view(), c, (inv,), TODAY)
    assert gate.met and gate.pay_by == day(35) + timedelta(days=14)
    d.doc("L-0004")["deadline"] = iso(-1)
    gate = demand_gate(d.view(), c, (inv,), TODAY)
    assert not gate.met and gate.delivered and gate.ready_on == TODAY + timedelta(days=2)


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
    d.contact(
        c,
        35,
        "Says the lights flicker; won't pay until fixed",
        inbound=True,
        dispute=True,
        invoices=(inv,),
    )
    [review] = actions(d)
    assert review.action == "review" and review.invoice == inv and review.due == day(35)
    assert "chasing stops until it is talked through" in review.reason
    d.contact(
        c, 5, "Lights work now, thanks", via="text", inbound=True, resolves=True, invoices=(inv,)
    )
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
    inv = d.invoice(c, 900, 600_00, sent=900)
    d.letter(c, "reminder", 860, (inv,))
    d.letter(c, "second-reminder", 850, (inv,))
    d.letter(c, "firm", 830, (inv,))
    d.pay(inv, 600_00, 780)  # 90 days late after a firm letter, three years ago, nothing since
    assert kinds(d) == []
    d.job(c, 10)
    assert kinds(d) == ["cod"]


def test_lateness_without_reminders_is_not_a_bad_record():
    d = Draft()
    c = d.customer()
    inv = d.invoice(c, 200, 600_00, sent=200)
    d.pay(inv, 600_00, 80)  # 90 days late, but nobody ever chased it
    d.job(c, 10)
    assert kinds(d) == []


def test_an_old_unpaid_debt_alone_does_not_call_for_cod():
    d = Draft()
    c = d.customer("Harold Simms")
    inv = d.invoice(c, 900, 180_00, sent=900)
    for kind, ago in (("reminder", 860), ("second-reminder", 850), ("firm", 830)):
        d.letter(c, kind, ago, (inv,))
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
    assert (
        talk.action == "talk-first" and talk.due == date(2026, 10, 1) and talk.letter_kind is None
    )
    assert "$800.00 under-billed" in talk.reason and "before any correction goes out" in talk.reason
    d.contact(c, 3, "Explained the billing mistake; they will think about the options", via="visit")
    [record] = actions(d)
    assert record.action == "correction" and record.letter_kind == "correction"
    assert "tradebook correction record C-0001 --contract SC-001" in record.command
    assert "`" not in record.reason, "the reason reads the same in the app"


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
    d.invoice(b, 60, 100_00, net=30, sent=60)  # reminder due 27 days ago
    d.invoice(a, 40, 100_00, net=30, sent=40)  # reminder due 7 days ago
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


# ----- what counts as done -------------------------------------------------------------------


def test_a_call_nobody_answered_is_neither_the_reminder_nor_the_call():
    d, c, inv = overdue(14)
    d.contact(c, 10, "Rang, no answer", outcome="no-answer")
    assert kinds(d) == ["reminder"]
    d.letter(c, "reminder", 9, (inv,))
    d.contact(c, 1, "Rang again, voicemail", outcome="voicemail")
    assert [a.action for a in actions(d, horizon=7)] == ["second-reminder", "call"]


def test_a_correction_is_not_a_step_or_a_call_of_its_own():
    d, c, inv = overdue(16)
    d.letter(c, "reminder", 12, (inv,))
    wrong = d.contact(c, 2, "Rang; spoke to them", outcome="spoke")
    assert kinds(d) == ["second-reminder"]  # the call was made
    d.contact(c, 1, "Correction: it went to voicemail", outcome="voicemail", corrects=wrong)
    assert kinds(d) == ["second-reminder", "call"]


# ----- an invoice never sent ------------------------------------------------------------------


def test_an_invoice_never_sent_is_sent_first_and_not_chased():
    d = Draft()
    c = d.customer("Tom Becker")
    inv = d.invoice(c, 100, 1_440_00, net=30)  # 70 days past due, never sent
    [send] = actions(d, horizon=60)
    assert (send.action, send.invoice, send.due, send.letter_kind) == (
        "send-invoice",
        inv,
        day(100),
        None,
    )
    assert send.reason.startswith("INV-0001 ($1,440.00) was never sent — send it first")
    d.job(c, 5)  # recent work: still no COD for a bill the customer never had
    assert kinds(d, horizon=60) == ["send-invoice"]


def test_once_sent_late_the_steps_count_from_the_day_it_was_sent():
    d = Draft()
    c = d.customer("Tom Becker")
    inv = d.invoice(c, 100, 1_440_00, net=30, sent=1)  # 70 days past due, sent yesterday
    assert kinds(d) == []
    [reminder] = actions(d, horizon=30)
    assert reminder.action == "reminder" and reminder.due == day(1) + timedelta(days=3)
    assert "only sent on 2026-11-21: the steps count from then" in reminder.reason
    d.pay(inv, 1_440_00, 0)
    d.job(c, 3)
    assert "cod" not in kinds(d, horizon=30)  # its unsent days are no bad record


# ----- looking ahead --------------------------------------------------------------------------


def test_next_days_shows_steps_falling_due_within_the_horizon():
    d = Draft()
    c = d.customer("Tom Becker")
    inv = d.invoice(c, 20, 900_00, net=30, sent=20)  # due in 10 days; reminder on day +13
    assert kinds(d) == [] and kinds(d, horizon=12) == []
    [reminder] = actions(d, horizon=13)
    assert (reminder.invoice, reminder.action, reminder.due) == (
        inv,
        "reminder",
        TODAY + timedelta(days=13),
    )
    assert "falls due on 2026-12-02" in reminder.reason
    assert customer_actions(d.view(), c, TODAY, horizon_days=13) == [reminder]


# ----- timing after a step --------------------------------------------------------------------


def test_the_next_step_is_never_due_before_the_latest_step_plus_the_gap():
    d, c, inv = overdue(60)
    d.letter(c, "reminder", 57, (inv,))
    d.letter(c, "second-reminder", 46, (inv,))
    d.letter(c, "firm", 30, (inv,))
    d.letter(c, "reminder", 1, (inv,))  # a friendly note sent again yesterday
    d.contact(c, 40, "Spoke; they will look into it")
    [cod, final] = actions(d, horizon=30)
    assert final.action == "final" and final.due == day(1) + timedelta(days=7)


def test_the_second_reminder_and_its_call_are_one_step_due_the_same_day():
    d, c, inv = overdue(30)
    d.letter(c, "reminder", 20, (inv,))  # reminder sent late: the next step waits the gap
    found = actions(d, horizon=30)
    assert [(a.action, a.due) for a in found] == [("second-reminder", day(13)), ("call", day(13))]
    assert "send the second-reminder letter and ring the customer the same day" in found[0].reason
    d.letter(c, "second-reminder", 10, (inv,))  # sent without the call
    [call, *_] = actions(d, horizon=30)
    assert call.action == "call" and call.due == day(10)
    assert "to go with the second reminder and a call sent 2026-11-12" in call.reason
