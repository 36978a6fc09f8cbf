"""`tradebook settings`: every setting shown; one changed at a time, the file's comments kept."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_defaults_are_shown_without_a_file(started):
    shown = started.ok("settings").out
    assert "settings: the defaults" in shown and "thresholds.reminder_pay_days" in shown
    rows = {r["key"]: r for r in started.ok("settings", "--json").json()}
    assert rows["theme"] == {"key": "theme", "value": "dark", "default": "dark"}
    assert rows["thresholds.large_job"]["value"] == "2,500.00"
    assert not (started.book.parent / "settings.toml").exists()


def test_a_change_keeps_the_users_comments(started):
    path = started.book.parent / "settings.toml"
    example = (ROOT / "assets" / "settings.example.toml").read_text(encoding="utf-8")
    path.write_text(example, encoding="utf-8")
    out = started.ok("settings", "set", "unbilled_days", "7").out
    assert out.strip() == f"thresholds.unbilled_days = 7 in {path}"
    started.ok("settings", "set", "thresholds.large_job", "$3,000")
    started.ok("settings", "set", "theme", "Light")
    text = path.read_text(encoding="utf-8")
    assert "unbilled_days = 7               # unbilled-work: days after the work was done" in text
    assert 'large_job = "3,000.00"' in text and '[app]\ntheme = "light"' in text
    before, after = example.splitlines(), text.splitlines()
    assert [line for line in before if line.lstrip().startswith("#")] == [
        line for line in after if line.lstrip().startswith("#")
    ]
    rows = {r["key"]: r for r in started.ok("settings", "--json").json()}
    assert rows["thresholds.unbilled_days"]["value"] == "7" and rows["theme"]["value"] == "light"
    assert "default 14" in started.ok("settings").out
    started.ok("settings", "unset", "theme")
    assert "\n[app]\n" not in path.read_text(encoding="utf-8")  # the example's "# [app]" stays


def test_the_new_value_takes_effect(started):
    started.ok("settings", "set", "state", "oh")
    assert started.ok("settings", "--json").json()[1]["value"] == "OH"
    assert 'state = "OH"' in (started.book.parent / "settings.toml").read_text(encoding="utf-8")


def test_a_bad_value_or_key_writes_nothing(started):
    path = started.book.parent / "settings.toml"
    path.write_text("# mine\n[thresholds]\nunbilled_days = 7\n", encoding="utf-8")
    for args, words in (
        (["theme", "pink"], "dark or light"),
        (["unbilled_days", "-3"], "a whole number"),
        (["unbilled_days", "two weeks"], "a whole number"),
        (["reminder_pay_days", "0"], "at least 1"),
        (["state", "Kentucky"], "two-letter state"),
        (["large_job", "lots"], "not an amount"),
        (["ladder", "3"], "in settings.toml itself"),
        (["colour", "red"], "is not a setting"),
    ):
        result = started("settings", "set", *args)
        assert result.code == 2 and words in result.err and result.err.count("\n") == 1, result
    assert path.read_text(encoding="utf-8") == "# mine\n[thresholds]\nunbilled_days = 7\n"


def test_a_broken_file_is_named_and_left_alone(started):
    path = started.book.parent / "settings.toml"
    path.write_text("[thresholds\n", encoding="utf-8")
    result = started("settings", "set", "theme", "light")
    assert result.code == 2 and "settings.toml" in result.err
    assert path.read_text(encoding="utf-8") == "[thresholds\n"
