"""The tone guard family by family: each refusal names its family and a courteous way to say
it instead; misspellings, spaced-out letters and digits for letters do not get past it; and
lawful, ordinary wording that looks like the bad kind passes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.documents.tone_sentences import ACCEPT, REFUSE
from tradebook.documents import tone
from tradebook.documents.assets import load_template
from tradebook.documents.letters import KINDS
from tradebook.documents.tone import check_tone, guard
from tradebook.errors import Refused

REFUSALS = [
    pytest.param(sentence, reason, id=f"{tone.FAMILIES[reason]}: {sentence}")
    for reason, sentences in REFUSE.items()
    for sentence in sentences
]
ACCEPTED = [
    pytest.param(sentence, id=f"{group}: {sentence}")
    for group, sentences in ACCEPT.items()
    for sentence in sentences
]


@pytest.mark.parametrize(("sentence", "reason"), REFUSALS)
def test_refuses_each_sentence_for_its_family(sentence, reason):
    found = check_tone(sentence)
    assert found, f"not refused: {sentence}"
    assert found[0].family == tone.FAMILIES[reason], [(v.phrase, v.family) for v in found]


@pytest.mark.parametrize("sentence", ACCEPTED)
def test_accepts_lawful_and_ordinary_wording(sentence):
    assert [(v.phrase, v.family) for v in check_tone(sentence)] == []


def test_every_family_has_enough_sentences():
    assert set(REFUSE) == set(tone.FAMILIES)
    assert all(len(sentences) >= 5 for sentences in REFUSE.values())
    assert sum(map(len, REFUSE.values())) >= 100
    assert sum(map(len, ACCEPT.values())) >= 50


@pytest.mark.parametrize("reason", list(tone.FAMILIES), ids=list(tone.FAMILIES.values()))
def test_each_reason_names_its_family_and_a_courteous_alternative(reason):
    family = tone.FAMILIES[reason]
    assert reason.startswith(f"{family}: ")
    why, instead = reason.split(" — instead: ")
    assert len(why) > len(family) + 20 and len(instead) > 20
    with pytest.raises(Refused) as caught:
        guard(REFUSE[reason][0], "your note")
    message = caught.value.message
    assert message.startswith("letter refused: ") and " in your note — " in message
    assert family in message and " — instead: " in message and "\n" not in message


def test_a_disguised_phrase_is_reported_as_written():
    found = check_tone("Thanks.\nI will share it on f a c e b o o k and tell your l@ndlord.")
    assert [(v.phrase, v.family) for v in found] == [
        ("f a c e b o o k", "public shaming"),
        ("tell your l@ndlord", "telling others about the debt"),
    ]


@pytest.mark.parametrize(
    "written",
    [
        "FACEBOOK",
        "Facebook",
        "f.a.c.e.b.o.o.k",
        "f-a-c-e-b-o-o-k",
        "f_a_c_e_b_o_o_k",
        "faceb00k",
        "f@ceb00k",
        "face-book",
        "face\u200bbook",
        "fаcebook",  # a zero-width space; a Cyrillic а
        "faceboook",
        "Facebok",
    ],
)
def test_one_word_written_many_ways(written):
    assert [v.family for v in check_tone(f"I will put it all on {written}.")] == ["public shaming"]


def test_a_capitalised_name_is_not_corrected_into_a_keyword_but_a_brand_is():
    assert check_tone("Dear Mr Prisen, thank you for the quick payment.") == []
    assert check_tone("Dear Ms Pollice, the panel is fitted.") != []  # a known misspelling
    assert [v.family for v in check_tone("I saw it on Faceboook.")] == ["public shaming"]


def test_the_rule_gates_change_nothing_but_speed(monkeypatch):
    """A rule skipped because the text lacks its words could not have matched anyway."""
    texts = [s for group in (*REFUSE.values(), *ACCEPT.values()) for s in group]
    texts += [load_template(kind).text for kind in KINDS]
    gated = [check_tone(t) for t in texts]
    monkeypatch.setattr(tone, "_open", lambda *args: True)
    assert [check_tone(t) for t in texts] == gated


def test_near_words_are_the_dictionary_words_one_letter_from_a_keyword():
    """NEAR_WORDS is made from the system word lists (Debian's wamerican-large and
    wbritish-large); when KEYWORDS change, remake it and check no new real word is caught."""
    lists = [
        Path("/usr/share/dict/american-english-large"),
        Path("/usr/share/dict/british-english-large"),
    ]
    if not all(p.is_file() for p in lists):
        pytest.skip("no system word lists (apt-get install wamerican-large wbritish-large)")
    words = {w.strip().lower() for p in lists for w in p.read_text(errors="ignore").split()}
    real = {w for w in words if re.fullmatch(r"[a-z]{5,16}", w)}
    tone._correct.cache_clear()
    corrected = {
        w: hit[0]
        for w in real - tone.KEYWORDS
        if (hit := tone._correct(w)) and w not in tone.MISSPELLINGS
    }
    assert corrected == {}
