"""Letters say only what the record holds: earlier letters and contacts by name and date,
no chasing while a dispute, a promise or a plan stands, a correction only after a talk."""

from __future__ import annotations

from datetime import date

import pytest

from tests.documents.builder import RENEE, TODAY, Builder, at
from tests.documents.conftest import flat
from tradebook.documents.letters import compose_letter
from tradebook.errors import BadInput

CHASING = ("reminder", "second-reminder", "firm", "final", "mediation")
CLAIMS_MORE = (
    "several times",
    "Despite",
    "earlier reminders",
    "I wrote",
    "I have written",
    "I contacted you",
    "spoke with you",
    "tried to reach you",
    "voicemail",
)


def quiet_book(**profile) -> Builder:
    """One customer, one invoice overdue since October 5, nothing ever sent or said."""
    b = Builder()
    b.profile(name="Bright Spark Electric", state="KY", phone="502-555-0148", **profile)
    b.customer("Brenda Walsh", address="7557 Bardstown Rd, Louisville, KY")
    b.invoice(
        "C-0001",
        [("Rewire basement", "1", 249000)],
        "2026-09-05",
        "2026-10-05",
        sent=[{"date": "2026-09-05", "via": "post", "tracking": None}],
    )
    return b


@pytest.mark.parametrize("kind", CHASING)
def test_a_customer_never_written_to_is_not_told_otherwise(kind):
    text = flat(compose_letter(quiet_book().view(), "C-0001", kind, TODAY).body)
    for claim in CLAIMS_MORE:
        assert claim not in text, (kind, claim)


def test_the_final_notice_names_the_letters_and_contacts_actually_made(view):
    text = flat(compose_letter(view, "C-0001", "final", TODAY).body)
    assert (
        "I left a voicemail about this on July 8, 2026, wrote to you on August 10, 2026 (payment "
        "reminder, L-0001), sent you a text message on September 2, 2026, and wrote to you again on "
        "October 1, 2026 (final notice, L-0002)."
    ) in text
    assert "several times" not in text


def test_past_contacts_are_told_oldest_first():
    b = quiet_book()
    for day, via, outcome in (
        ("2026-11-10", "call", "no-answer"),
        ("2026-09-23", "call", "spoke"),
        ("2026-10-28", "text", "sent"),
        ("2026-10-13", "call", "voicemail"),
    ):
        b.contact(
            "C-0001", at(day), "About the basement", via=via, outcome=outcome, invoices=["INV-0001"]
        )
    text = flat(compose_letter(b.view(), "C-0001", "final", TODAY).body)
    assert (
        "I spoke with you about this by phone on September 23, 2026, left a voicemail on October 13, "
        "2026, sent you a text message on October 28, 2026, and tried to reach you by phone on "
        "November 10, 2026."
    ) in text


def test_neighbouring_contacts_of_one_kind_share_a_clause_and_a_long_run_is_counted():
    b = quiet_book()
    for day in ("2026-10-06", "2026-10-08"):
        b.contact(
            "C-0001",
            at(day),
            "Texted the amount",
            via="text",
            outcome="sent",
            invoices=["INV-0001"],
        )
    for day in ("2026-10-09", "2026-10-14", "2026-10-20", "2026-10-27"):
        b.contact("C-0001", at(day), "No answer", outcome="no-answer", invoices=["INV-0001"])
    b.contact(
        "C-0001",
        at("2026-11-02"),
        "Texted again",
        via="text",
        outcome="sent",
        invoices=["INV-0001"],
    )
    text = flat(compose_letter(b.view(), "C-0001", "final", TODAY).body)
    assert (
        "I sent you a text message about this on October 6, 2026 and October 8, 2026, tried to reach "
        "you by phone 4 times between October 9, 2026 and October 27, 2026, and sent you a text "
        "message again on November 2, 2026."
    ) in text


def test_a_letter_without_a_recorded_delivery_is_not_claimed_as_written():
    b = quiet_book()
    b.add(
        "letters",
        customer="C-0001",
        kind="reminder",
        invoices=["INV-0001"],
        date="2026-10-20",
        body="…",
        sha256="ab" * 32,
        delivery={"via": None, "tracking": None},
        contact=None,
        deadline=None,
        note="",
    )
    text = flat(compose_letter(b.view(), "C-0001", "firm", TODAY).body)
    assert "I wrote" not in text and "L-0001" not in text


def test_a_correction_entry_is_not_a_contact_of_its_own():
    b = quiet_book()
    b.contact(
        "C-0001", at("2026-10-12"), "Called, she picked up", outcome="spoke", invoices=["INV-0001"]
    )
    fix = b.contact(
        "C-0001",
        at("2026-10-13"),
        "Correction: that was a visit, not a call",
        via="visit",
        outcome="spoke",
        invoices=["INV-0001"],
    )
    fix["corrects"] = "K-0001"
    text = flat(compose_letter(b.view(), "C-0001", "firm", TODAY).body)
    assert "I spoke with you about this in person on October 12, 2026." in text
    assert "by phone on October" not in text and "October 13" not in text


def test_a_long_run_of_calls_is_counted_not_listed():
    b = quiet_book()
    for day in ("2026-10-06", "2026-10-09", "2026-10-14", "2026-10-20", "2026-10-27"):
        b.contact("C-0001", at(day), "No answer", outcome="no-answer", invoices=["INV-0001"])
    text = flat(compose_letter(b.view(), "C-0001", "final", TODAY).body)
    assert (
        "I tried to reach you about this by phone 5 times between October 6, 2026 and October 27, 2026."
        in text
    )


def test_a_voicemail_and_an_unanswered_call_are_not_told_as_conversations():
    b = quiet_book()
    b.contact(
        "C-0001", at("2026-10-13"), "Left a voicemail", outcome="voicemail", invoices=["INV-0001"]
    )
    b.contact(
        "C-0001",
        at("2026-11-10"),
        "Rang, nobody picked up",
        outcome="no-answer",
        invoices=["INV-0001"],
    )
    text = flat(compose_letter(b.view(), "C-0001", "final", TODAY).body)
    assert (
        "I left a voicemail about this on October 13, 2026 and tried to reach you by phone on "
        "November 10, 2026."
    ) in text
    assert "contacted you" not in text and "spoke" not in text


@pytest.mark.parametrize(
    ("via", "outcome", "wording"),
    [
        ("call", "spoke", "I spoke with you about this by phone on October 13, 2026."),
        ("call", "agreed", "I spoke with you about this by phone on October 13, 2026."),
        ("call", "refused", "I spoke with you about this by phone on October 13, 2026."),
        ("call", "disputed", "I spoke with you about this by phone on October 13, 2026."),
        ("call", "no-answer", "I tried to reach you about this by phone on October 13, 2026."),
        ("call", "voicemail", "I left a voicemail about this on October 13, 2026."),
        (
            "call",
            "left-message",
            "I left a message for you about this by phone on October 13, 2026.",
        ),
        ("visit", "spoke", "I spoke with you about this in person on October 13, 2026."),
        ("visit", "no-answer", "I came by to see you about this on October 13, 2026."),
        ("visit", "left-message", "I left a note at your address about this on October 13, 2026."),
        ("text", "sent", "I sent you a text message about this on October 13, 2026."),
        ("email", "sent", "I emailed you about this on October 13, 2026."),
    ],
)
def test_each_contact_is_worded_by_how_it_went(via, outcome, wording):
    b = quiet_book()
    b.contact(
        "C-0001",
        at("2026-10-13"),
        "About the basement",
        via=via,
        outcome=outcome,
        invoices=["INV-0001"],
    )
    assert wording in flat(compose_letter(b.view(), "C-0001", "firm", TODAY).body)


def test_a_correction_that_says_nobody_answered_takes_back_the_conversation():
    b = quiet_book()
    b.contact(
        "C-0001", at("2026-10-12"), "Called, she picked up", outcome="spoke", invoices=["INV-0001"]
    )
    fix = b.contact(
        "C-0001",
        at("2026-10-13"),
        "Correction: nobody picked up",
        outcome="no-answer",
        invoices=["INV-0001"],
    )
    fix["corrects"] = "K-0001"
    text = flat(compose_letter(b.view(), "C-0001", "firm", TODAY).body)
    assert "I tried to reach you about this by phone on October 12, 2026." in text
    assert "spoke" not in text


# ----- no chasing while something else stands --------------------------------------------


@pytest.mark.parametrize("kind", ("reminder", "second-reminder", "firm", "final"))
def test_no_chasing_letter_while_a_dispute_is_open(kind):
    b = quiet_book()
    b.contact(
        "C-0001",
        at("2026-10-10"),
        "Says the basement outlets trip",
        inbound=True,
        outcome="disputed",
        dispute=True,
        invoices=["INV-0001"],
    )
    with pytest.raises(
        BadInput,
        match=r"INV-0001 is under an open dispute \(K-0001, 2026-10-10\): "
        r"resolve it first .*--resolve-dispute.*or invite them to mediation",
    ):
        compose_letter(b.view(), "C-0001", kind, TODAY)


def test_a_mediation_invitation_is_the_way_to_settle_a_dispute():
    b = quiet_book()
    b.contact(
        "C-0001",
        at("2026-10-10"),
        "Disputes the bill",
        inbound=True,
        outcome="disputed",
        dispute=True,
    )
    letter = compose_letter(b.view(), "C-0001", "mediation", TODAY)
    assert "Invitation to mediation" in letter.subject


def test_a_resolved_dispute_no_longer_stops_letters():
    b = quiet_book()
    b.contact(
        "C-0001",
        at("2026-10-10"),
        "Disputes the bill",
        inbound=True,
        outcome="disputed",
        dispute=True,
        invoices=["INV-0001"],
    )
    fixed = b.contact(
        "C-0001",
        at("2026-10-20"),
        "Fixed the outlets; she accepts the bill",
        outcome="agreed",
        invoices=["INV-0001"],
    )
    fixed["resolves_dispute"] = True
    assert compose_letter(b.view(), "C-0001", "reminder", TODAY).invoices == ("INV-0001",)


@pytest.mark.parametrize("kind", CHASING)
def test_no_chasing_letter_while_a_promise_is_in_time(kind):
    b = quiet_book()
    b.contact(
        "C-0001",
        at("2026-11-18"),
        "Will pay it all on the 30th",
        inbound=True,
        outcome="agreed",
        promise={"date": "2026-11-30", "amount": None},
        invoices=["INV-0001"],
    )
    with pytest.raises(
        BadInput,
        match=r"Brenda Walsh made a promise of the balance \(\$2,490.00\) by "
        r"2026-11-30 \(K-0001\): wait for that date",
    ):
        compose_letter(b.view(), "C-0001", kind, TODAY)
    later = date(2026, 12, 5)  # the promise was broken: chasing resumes
    assert compose_letter(b.view(), "C-0001", kind, later).invoices == ("INV-0001",)


def test_no_chasing_letter_while_a_plan_is_on_track():
    b = quiet_book()
    b.add(
        "plans",
        customer="C-0001",
        invoices=["INV-0001"],
        created="2026-11-01",
        status="active",
        instalments=[
            {"date": "2026-12-01", "amount": 124500},
            {"date": "2027-01-01", "amount": 124500},
        ],
    )
    with pytest.raises(BadInput, match="INV-0001 is on payment plan PP-001, which is being kept"):
        compose_letter(b.view(), "C-0001", "firm", TODAY)


# ----- the correction letter ------------------------------------------------------------


def test_no_correction_letter_before_the_customer_was_told(view, sample):
    with pytest.raises(BadInput, match="talk to Łódź Bakery LLC first: log the call or visit"):
        compose_letter(view, "C-0002", "correction", TODAY)
    sample.contact("C-0002", at("2026-04-02"), "Rang, no answer", outcome="no-answer")
    with pytest.raises(BadInput, match="talk to Łódź Bakery LLC first"):
        compose_letter(sample.view(), "C-0002", "correction", TODAY)


def test_once_the_choice_is_recorded_the_letter_confirms_it(sample):
    talk = sample.contact(
        "C-0002", at("2026-04-02"), "Explained; she wants it on the next bill", outcome="agreed"
    )
    sample.add(
        "corrections",
        customer="C-0002",
        contract="SC-001",
        date="2026-04-03",
        periods=[
            {"period": f"2026-0{m}", "invoice": f"INV-000{m + 3}", "billed": 20000, "agreed": 25000}
            for m in (1, 2, 3)
        ],
        amount=15000,
        tax=0,
        option="next-invoice",
        invoice="INV-0007",
        summary="…",
        talk=talk["ref"],
    )
    text = flat(compose_letter(sample.view(), "C-0002", "correction", TODAY).body)
    assert (
        "As we agreed on April 2, 2026, the $150.00 is added to your next invoice on invoice "
        "INV-0007 (BC-001)." in text
    )
    assert "Option 1" not in text and "which of these you would prefer" not in text


# ----- a final notice's deadline and the limitation period ---------------------------------


def test_a_final_notice_deadline_cannot_fall_after_the_limitation_date():
    b = quiet_book()
    b.invoice(
        "C-0001", [("Old job", "1", 10000)], "2021-10-01", "2021-12-01"
    )  # KY: 5 years → 2026-12-01
    with pytest.raises(
        BadInput,
        match=r"the deadline 2026-12-04 is after the limitation period ends "
        r"\(2026-12-01, 5 years from the due date 2021-12-01\)",
    ):
        compose_letter(b.view(), "C-0001", "final", TODAY)  # default deadline: 14 days on
    letter = compose_letter(b.view(), "C-0001", "final", TODAY, deadline=date(2026, 11, 30))
    assert letter.deadline == date(2026, 11, 30)


# ----- the statement ---------------------------------------------------------------------


def test_the_statement_letter_names_principal_and_agreed_fees_apart(view):
    text = flat(compose_letter(view, "C-0001", "statement", TODAY).body)
    assert "The balance due is $1,680.00, on INV-0001 and INV-0003." in text
    assert "The agreed late fees and interest on it come to $112.03" in text
    assert "so the amount due with those fees is $1,792.03." in text
    assert RENEE in text
