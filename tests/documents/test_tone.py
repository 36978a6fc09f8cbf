"""The tone guard refuses shaming, threats, taking property back and third parties — and
lets a firm, courteous, lawful letter through."""

from __future__ import annotations

import pytest

from tradebook.documents import tone
from tradebook.documents.assets import assets_dir, load_template
from tradebook.documents.letters import KINDS
from tradebook.documents.tone import check_tone, guard
from tradebook.errors import Refused

BAD = [
    ("We will post your name on Facebook if you do not pay.", tone.SHAMING),
    ("Your unpaid invoice will be published in the local newspaper.", tone.SHAMING),
    ("Everyone on Nextdoor will hear about this.", tone.SHAMING),
    ("Your name goes on our wall of shame.", tone.SHAMING),
    ("We keep a bad payers list and you are on it.", tone.SHAMING),
    ("We will display the unpaid invoice in our shop window for all to see.", tone.SHAMING),
    ("I will tell everyone in the neighbourhood that you don't pay your bills.", tone.SHAMING),
    ("We will publicly name you as a deadbeat.", tone.SHAMING),
    ("Pay by Friday or else.", tone.THREAT),
    ("We know where you live.", tone.THREAT),
    ("You'll regret ignoring this letter.", tone.THREAT),
    ("We can make your life very difficult.", tone.THREAT),
    ("Our lads will come round to collect.", tone.THREAT),
    ("We will report you to the police for this.", tone.CRIMINAL),
    ("Not paying could land you in jail.", tone.CRIMINAL),
    ("We will press criminal charges.", tone.CRIMINAL),
    ("We will garnish your wages.", tone.GARNISH),
    ("We will repossess the panel.", tone.PROPERTY),
    ("We will come back and take the new breakers out of your house.", tone.PROPERTY),
    ("I will disconnect the power to your house on Monday.", tone.PROPERTY),
    ("We reserve the right to remove the installation.", tone.PROPERTY),
    ("Your equipment will be removed next week.", tone.PROPERTY),
    ("We will seize your van.", tone.PROPERTY),
    ("We will contact your employer about this debt.", tone.THIRD_PARTY),
    ("I will call your wife about the money.", tone.THIRD_PARTY),
    ("I'll speak to your neighbours about the unpaid bill.", tone.THIRD_PARTY),
    ("Your family will find out about this.", tone.THIRD_PARTY),
    ("We will let your boss know.", tone.THIRD_PARTY),
    # found by a tester
    ("I will post the invoice online.", tone.SHAMING),
    ("I will put your invoice up in the shop window.", tone.SHAMING),
    ("I know where you live.", tone.THREAT),
    ("I'll leave a review naming you on Google.", tone.SHAMING),
    ("Ill take the breaker panel back", tone.PROPERTY),
    ("I'll make sure no electrician in Louisville works for you again.", tone.SHAMING),
    ("Pay or else, Sam", tone.THREAT),
    ("My cousin is a cop and he will sort you out.", tone.INTIMIDATION),
    ("My brothers will sort you out if you do not pay.", tone.INTIMIDATION),
    ("A friend of mine is a state trooper.", tone.INTIMIDATION),
    ("Maybe I should pay you a visit.", tone.INTIMIDATION),
    ("Your kids will be embarrassed when I show up at their school.", tone.APPROACH),
    ("I will wait outside your children's school on Monday.", tone.APPROACH),
    ("I'll drop by the kids' school to ask for the money.", tone.APPROACH),
    ("I will turn up at your work if you do not pay.", tone.APPROACH),
    ("I'll come to your workplace to collect.", tone.APPROACH),
    ("I don't want to say this in front of your children.", tone.APPROACH),
]

GOOD = [
    "This is a friendly reminder that invoice INV-0003 is still open.",
    "If you have already sent payment, please ignore this letter.",
    "If paying the full amount at once is difficult, please call me so that we can agree on a payment plan.",
    "If the balance is not paid by December 4, 2026, I intend to file a claim in small claims court.",
    "I would like to invite you to mediation with a neutral mediator.",
    "The invoice was sent by post on March 3, 2026.",
    "You are welcome to return the unused materials for a credit.",
    "Please let me know if your payday is later in the month and we can move the dates.",
    "Our records show an outstanding balance of $1,440.00.",
    "A copy of this letter is kept in our records.",
    "We value working with you and want to settle this fairly.",
    "If any part of the work is not right, tell me and I will come back and fix it.",
    "Payment is due in full on completion of each job.",
    "Please settle the account within fourteen days.",
    "I will take the matter to small claims court if it is not settled.",
    # near misses of the tester's findings: ordinary sentences that must pass
    "I will post the invoice to you again.",
    "I will put a copy of the invoice in the post today.",
    "I will put your invoice on the account.",
    "I know you have been busy this autumn.",
    "You are welcome to leave a review of the work.",
    "I'll take a look at the breaker panel when I am next in Louisville.",
    "No other electrician has worked on the panel since.",
    "No one works harder than my crew to finish on time.",
    "I will make sure the work is finished properly.",
    "Well, take your time to check the invoice.",
    "If you are ill, call me when you are better.",
    "I can come by to check the lights again.",
    "Please call me if the school holidays make this difficult.",
    "I hope we can sort this out between us.",
    "My son will come by on Tuesday to finish the outlets.",
    "I will be back at the job site on Monday.",
    "I'll come back to your job and fix it.",
    "If it is easier, I can call you at your work number.",
    "Let me know if your work schedule makes the dates difficult.",
    "Please call me back at your earliest convenience.",
    "The new circuits are run in copper, as quoted.",
]


@pytest.mark.parametrize(("sentence", "reason"), BAD)
def test_refuses_each_bad_sentence_with_its_reason(sentence, reason):
    found = check_tone(sentence)
    assert found, sentence
    assert found[0].reason == reason


@pytest.mark.parametrize("sentence", GOOD)
def test_lets_courteous_lawful_sentences_through(sentence):
    assert check_tone(sentence) == []


@pytest.mark.parametrize("kind", KINDS)
def test_every_shipped_template_passes_the_guard(kind):
    template = load_template(kind)
    assert template.shipped and template.path.parent == assets_dir() / "templates"
    assert check_tone(template.text) == []


def test_refusal_names_the_phrase_the_source_and_why():
    with pytest.raises(Refused) as caught:
        guard("Thanks for the work.\nWe will post your name on Facebook.", "your note")
    message = caught.value.message
    assert "'post your name'" in message and "your note" in message
    assert "public shaming" in message and "\n" not in message


def test_phrases_are_reported_in_text_order_even_across_line_breaks():
    found = check_tone("Pay now or\nelse, and we will contact your\nemployer.")
    assert [f.phrase for f in found] == ["or else", "contact your employer"]


def test_the_signature_in_the_profile_is_checked_too(sample):
    from tests.documents.builder import TODAY
    from tradebook.documents.letters import compose_letter

    sample.tables["profile"][1]["signature"] = "Pay or else, Sam"
    with pytest.raises(Refused, match="'or else' in the signature in your business profile"):
        compose_letter(sample.view(), "C-0001", "reminder", TODAY)


def test_the_filled_in_letter_is_checked_as_a_whole(sample, tmp_path):
    """Template and note pass one by one; the filled-in letter is judged as it will be read."""
    from tests.documents.builder import TODAY
    from tradebook.documents.letters import compose_letter

    own = tmp_path / "templates"
    own.mkdir()
    (own / "reminder.txt").write_text(
        "{salutation}\n\nPlease pay {note} else I will write again.\n", encoding="utf-8"
    )
    with pytest.raises(Refused, match="'or else' in the letter"):
        compose_letter(
            sample.view(), "C-0001", "reminder", TODAY, templates_dir=own, note="today, or"
        )
