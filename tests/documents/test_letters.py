"""Letter text: the right invoices, amounts, dates, names and next step, from the record."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.documents.builder import BAKERY, PRINCIPAL, RENEE, TODAY, at, sample_tables
from tests.documents.conftest import flat
from tradebook.documents.letters import PlanTerms, compose_letter
from tradebook.errors import BadInput, NotFound, Refused
from tradebook.settings import DEFAULTS, Settings, Thresholds


def test_customer_letter_lists_every_overdue_invoice_with_what_is_owed(view):
    letter = compose_letter(view, "C-0001", "reminder", TODAY)
    assert letter.invoices == ("INV-0001", "INV-0003")
    text = flat(letter.body)
    assert "INV-0001 of June 5, 2026, due July 5, 2026: $1,500.00 outstanding" in text
    assert "($900.00 received)" not in text and "$900.00 received" in text
    assert (
        "INV-0003 of August 1, 2026, due August 31, 2026: $180.00 outstanding — 81 days overdue"
        in text
    )
    assert "The amount outstanding is $1,680.00." in text
    assert letter.body.startswith(f"{RENEE}\n47 Cherokee Rd")
    assert f"Dear {RENEE}," in letter.body
    assert letter.refs[:3] == ("C-0001", "INV-0001", "INV-0003")


def test_invoice_letter_is_about_that_invoice_only(view):
    letter = compose_letter(view, "C-0001", "second-reminder", TODAY, invoice_refs=("INV-0003",))
    assert letter.invoices == ("INV-0003",)
    assert "INV-0001" not in letter.body and "$180.00" in letter.body


def test_final_notice_states_a_concrete_deadline_and_the_next_lawful_step(view):
    letter = compose_letter(view, "C-0001", "final", TODAY)
    deadline = TODAY + timedelta(days=DEFAULTS.thresholds.final_deadline_days)
    assert letter.deadline == deadline == date(2026, 12, 4)
    text = flat(letter.body)
    assert letter.subject == "Final notice — payment due by December 4, 2026"
    assert "by December 4, 2026, I intend to refer the matter to mediation" in text
    assert "small claims" not in text


def test_final_notice_deadline_follows_the_settings_and_the_option(view):
    settings = Settings(thresholds=Thresholds(final_deadline_days=21))
    assert compose_letter(view, "C-0001", "final", TODAY, settings=settings).deadline == date(
        2026, 12, 11
    )
    chosen = compose_letter(view, "C-0001", "final", TODAY, deadline=date(2027, 1, 8))
    assert chosen.deadline == date(2027, 1, 8) and "January 8, 2027" in chosen.body
    with pytest.raises(BadInput, match="must be after today"):
        compose_letter(view, "C-0001", "final", TODAY, deadline=TODAY)


def test_final_notice_names_small_claims_only_within_the_limit():
    letter = compose_letter(
        sample_tables().view(), "C-0001", "final", TODAY, next_step="small-claims"
    )
    assert "file a claim for the amount outstanding in small claims court" in flat(letter.body)
    big = sample_tables()
    big.invoice("C-0001", [("Whole-house rewire", "1", 300000)], "2026-09-01", "2026-10-01")
    with pytest.raises(BadInput, match=r"over Kentucky's small-claims limit of \$2,500.00"):
        compose_letter(big.view(), "C-0001", "final", TODAY, next_step="small-claims")
    with pytest.raises(BadInput, match="--next-step"):
        compose_letter(big.view(), "C-0001", "final", TODAY, next_step="court")


@pytest.mark.parametrize(
    ("entity", "allowed"), [(None, False), ("business", False), ("individual", True)]
)
def test_in_california_a_business_claimant_has_the_lower_limit(entity, allowed):
    """$8,000 owed: within the $12,500 for individuals, over the $6,250 for businesses."""
    b = sample_tables()
    profile = b.tables["profile"][1]
    b.tables["customers"][1]["state"] = "CA"  # a California customer of a Kentucky business
    if entity:
        profile["entity"] = entity
    b.invoice("C-0001", [("Whole-house rewire", "1", 632000)], "2026-09-01", "2026-10-01")
    if allowed:
        letter = compose_letter(b.view(), "C-0001", "final", TODAY, next_step="small-claims")
        assert "small claims court" in flat(letter.body)
    else:
        with pytest.raises(
            BadInput, match=r"over California's small-claims limit for businesses of \$6,250.00"
        ):
            compose_letter(b.view(), "C-0001", "final", TODAY, next_step="small-claims")


def test_plan_offer_lists_installments_that_add_up_to_the_balance(view):
    letter = compose_letter(
        view,
        "C-0001",
        "plan-offer",
        TODAY,
        plan=PlanTerms(installments=4, every_days=14, first=date(2026, 12, 1)),
    )
    assert letter.installments == (
        (date(2026, 12, 1), 42000),
        (date(2026, 12, 15), 42000),
        (date(2026, 12, 29), 42000),
        (date(2027, 1, 12), 42000),
    )
    text = flat(letter.body)
    assert "1. December 1, 2026 — $420.00" in text and "4. January 12, 2027 — $420.00" in text
    assert "These installments add up to $1,680.00" in text


def test_plan_offer_uses_the_agreed_plan_when_there_is_one(sample):
    sample.add(
        "plans",
        customer="C-0001",
        invoices=["INV-0003"],
        created="2026-11-01",
        status="active",
        instalments=[
            {"date": "2026-11-15", "amount": 9000},
            {"date": "2026-12-15", "amount": 9000},
        ],
    )
    letter = compose_letter(
        sample.view(), "C-0001", "plan-offer", TODAY, invoice_refs=("INV-0003",)
    )
    assert [a for _, a in letter.installments] == [9000, 9000]
    assert "PP-001" in letter.refs
    assert "2. December 15, 2026 — $90.00" in flat(letter.body)


def test_uneven_balances_put_the_odd_cents_on_the_first_installments(sample):
    sample.invoice("C-0003", [("Fix", "1", 1001)], "2026-11-01", "2026-11-10")
    letter = compose_letter(
        sample.view(), "C-0003", "plan-offer", TODAY, invoice_refs=("INV-0007",)
    )
    assert [a for _, a in letter.installments] == [334, 334, 333]


def talked_to_the_bakery(sample):
    """The call in which the under-billing was explained, after the last short bill."""
    sample.contact(
        "C-0002", at("2026-04-02"), "Explained the under-billing to Małgorzata", outcome="spoke"
    )
    return sample.view()


def test_correction_letter_explains_the_mistake_and_offers_three_options(sample):
    view = talked_to_the_bakery(sample)
    letter = compose_letter(view, "C-0002", "correction", TODAY)
    text = flat(letter.body)
    assert "SC-001" in text and "$250.00 a month" in text
    assert "2026-01: billed $200.00 on INV-0004, agreed $250.00 — $50.00 short" in text
    assert "$150.00 in all" in text
    assert "Option 1: add the $150.00 to your next invoice" in text
    assert "Option 2: a separate invoice for $150.00" in text
    assert "Option 3: leave it — I will write the amount off as goodwill" in text
    assert "Nothing will be billed until I hear from you" in text


def test_correction_needs_a_billing_mistake_on_record(view):
    with pytest.raises(BadInput, match="no billing mistake on record for C-0001"):
        compose_letter(view, "C-0001", "correction", TODAY)


def test_letters_to_a_business_go_to_its_principal(view):
    letter = compose_letter(view, "C-0002", "cod-notice", TODAY)
    assert letter.recipient[:2] == (PRINCIPAL, BAKERY)
    assert f"Dear {PRINCIPAL}," in letter.body
    assert "cash-on-delivery" in flat(letter.body)


def test_the_note_is_added_and_checked(view):
    letter = compose_letter(
        view, "C-0001", "reminder", TODAY, note="Hope the new kitchen is working well!"
    )
    paragraphs = list(letter.paragraphs)
    assert "Hope the new kitchen is working well!" in paragraphs
    assert paragraphs.index("Hope the new kitchen is working well!") < len(paragraphs) - 1
    with pytest.raises(Refused, match="in your note"):
        compose_letter(
            view, "C-0001", "reminder", TODAY, note="Or else we will tell your employer."
        )


def test_user_templates_override_the_shipped_ones_and_are_checked(view, tmp_path):
    own = tmp_path / "templates"
    own.mkdir()
    (own / "reminder.txt").write_text(
        "Subject: Just a nudge about {invoice_refs}\n\n{salutation}\n\n{balance} is open.\n",
        encoding="utf-8",
    )
    letter = compose_letter(
        view, "C-0001", "reminder", TODAY, templates_dir=own, note="PS: thanks!"
    )
    assert letter.subject == "Just a nudge about INV-0001 and INV-0003"
    assert letter.paragraphs == (f"Dear {RENEE},", "$1,680.00 is open.", "PS: thanks!")
    (own / "reminder.txt").write_text(
        "{salutation}\n\nPay up or we post your name online for all to see."
    )
    with pytest.raises(Refused, match="your template"):
        compose_letter(view, "C-0001", "reminder", TODAY, templates_dir=own)
    (own / "reminder.txt").write_text("{salutation}\n\nBy {deadline} please.")
    with pytest.raises(BadInput, match=r"uses \{deadline\}"):
        compose_letter(view, "C-0001", "reminder", TODAY, templates_dir=own)


def test_nothing_to_chase_is_an_error_not_a_letter(view):
    with pytest.raises(BadInput, match="nothing of C-0002 is overdue"):
        compose_letter(view, "C-0002", "reminder", date(2026, 1, 10))
    with pytest.raises(BadInput, match="is not overdue"):
        compose_letter(view, "C-0001", "reminder", date(2026, 8, 15), invoice_refs=("INV-0003",))
    with pytest.raises(BadInput, match="--deadline is for a final notice"):
        compose_letter(view, "C-0001", "reminder", TODAY, deadline=date(2026, 12, 24))
    with pytest.raises(BadInput, match="--kind is one of"):
        compose_letter(view, "C-0001", "threatening", TODAY)


def test_same_book_same_day_same_text(sample):
    one = compose_letter(sample.view(), "C-0001", "firm", TODAY)
    two = compose_letter(sample_tables().view(), "C-0001", "firm", TODAY)
    assert one.body == two.body


def test_a_missing_template_is_reported(view, monkeypatch, tmp_path):
    monkeypatch.setenv("TRADEBOOK_ASSETS", str(tmp_path))
    with pytest.raises(NotFound, match="no letter template"):
        compose_letter(view, "C-0001", "reminder", TODAY)
