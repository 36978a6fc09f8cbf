"""Settings: defaults, a settings.toml beside the book, and errors that name the file and line."""

from __future__ import annotations

import pytest

from tradebook.errors import BadInput
from tradebook.settings import DEFAULTS, Settings, load_settings, parse_settings


def test_the_default_ladder_is_the_designed_one():
    assert [(s.action, s.days, s.letter) for s in DEFAULTS.ladder] == [
        ("reminder", 3, "reminder"),
        ("second-reminder", 14, "second-reminder"),
        ("firm", 30, "firm"),
        ("final", 45, "final"),
        ("mediation", 60, "mediation"),
        ("small-claims", 75, None),
    ]
    assert DEFAULTS.first_firm_step.action == "firm"
    assert DEFAULTS.thresholds.final_deadline_days == 14


def test_no_settings_file_means_the_defaults(tmp_path):
    assert load_settings(tmp_path / "book.json") == DEFAULTS


def test_a_settings_file_beside_the_book_changes_what_it_names(tmp_path):
    (tmp_path / "settings.toml").write_text(
        """
state = "tx"

[thresholds]
unbilled_days = 7
large_job = "4,000.00"

[[ladder]]
action = "reminder"
days = 5
letter = "reminder"
by_contact = true

[[ladder]]
action = "final"
days = 30
letter = "final"
firm = true
label = "final notice"

[jurisdictions.KY]
small_claims_limit = 3000
source = "Kentucky court website"
source_date = 2026-01-15
""",
        encoding="utf-8",
    )
    settings = load_settings(tmp_path / "book.json")
    assert isinstance(settings, Settings) and settings.source.endswith("settings.toml")
    assert settings.state == "TX"
    assert settings.thresholds.unbilled_days == 7
    assert settings.thresholds.large_job == 4_000_00
    assert settings.thresholds.no_response_contacts == DEFAULTS.thresholds.no_response_contacts
    assert [(s.action, s.days, s.firm) for s in settings.ladder] == [
        ("reminder", 5, False),
        ("final", 30, True),
    ]
    assert settings.ladder[1].title == "final notice" and settings.ladder[0].by_contact
    assert dict(settings.jurisdictions["KY"]) == {
        "small_claims_limit": 3_000_00,
        "source": "Kentucky court website",
        "source_date": "2026-01-15",
    }


def test_broken_toml_names_the_file_and_the_line(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("[thresholds]\nunbilled_days = 7\nlarge_job = \n", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        load_settings(tmp_path / "book.json")
    assert str(path) in caught.value.message and "line 3" in caught.value.message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("[thresholds]\nunbiled_days = 7\n", 2, "unbiled_days is not a threshold"),
        ("[thresholds]\n\nunbilled_days = -1\n", 3, "whole number"),
        ("[thresholds]\nunbilled_days = true\n", 2, "whole number"),
        ("[thresholds]\nslowing_recent = 0\n", 2, "whole number of at least 1"),
        ('[thresholds]\nlarge_job = "lots"\n', 2, "must be an amount"),
        ('colour = "blue"\n', 1, "colour is not a setting"),
        ('state = "Kentucky"\n', 1, "two-letter state code"),
        (
            '[[ladder]]\naction = "reminder"\ndays = 14\n[[ladder]]\naction = "firm"\ndays = 3\n',
            3,
            "must grow",
        ),
        ('[[ladder]]\naction = "Remind Them"\ndays = 3\n', 2, "short word"),
        ('[[ladder]]\naction = "firm"\ndays = 3\nloud = true\n', 4, "not a ladder field"),
        ("[jurisdictions.KY]\nsmall_claims_limt = 1\n", 2, "not a jurisdiction figure"),
        ('[jurisdictions.KY]\nsource_date = "last year"\n', 2, "YYYY-MM-DD"),
    ],
)
def test_a_wrong_setting_is_refused_with_its_line(text, line, words):
    with pytest.raises(BadInput) as caught:
        parse_settings(text, "/books/settings.toml")
    assert f"/books/settings.toml, line {line}:" in caught.value.message
    assert words in caught.value.message


def test_settings_are_frozen():
    with pytest.raises(AttributeError):
        DEFAULTS.thresholds.unbilled_days = 3  # type: ignore[misc]


def test_the_example_file_spells_out_the_defaults():
    from dataclasses import replace

    from tradebook.domain.jurisdictions import assets_dir

    path = assets_dir() / "settings.example.toml"
    example = parse_settings(path.read_text(encoding="utf-8"), path)
    assert replace(example, source=DEFAULTS.source) == DEFAULTS


def test_a_retired_threshold_in_an_older_file_is_read_without_effect():
    settings = parse_settings("[thresholds]\nbad_record_days = 90\n")
    assert settings.thresholds == DEFAULTS.thresholds
