"""The theme chosen in the app is remembered in settings.toml, with the user's comments kept."""

from __future__ import annotations

from tests.tui.conftest import SIZE, app_on, settle


async def test_the_theme_chosen_is_the_theme_next_time(demo_book, book_path):
    settings = book_path.parent / "settings.toml"
    settings.write_text(
        "# my own note\n[thresholds]\nunbilled_days = 7  # we bill weekly\n", encoding="utf-8"
    )
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("t")
        await settle(pilot)
        assert app.theme == "textual-light"
    text = settings.read_text(encoding="utf-8")
    assert text.startswith("# my own note\n[thresholds]\nunbilled_days = 7  # we bill weekly\n")
    assert '[app]\ntheme = "light"' in text
    again = app_on(demo_book)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "textual-light"
        assert again.settings.thresholds.unbilled_days == 7


async def test_a_broken_settings_file_is_said_once_and_left_alone(demo_book, book_path):
    settings = book_path.parent / "settings.toml"
    settings.write_text("[thresholds\n", encoding="utf-8")
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert app.theme == "textual-light"  # switched for now, even though it cannot be kept
    assert settings.read_text(encoding="utf-8") == "[thresholds\n"
    assert any("settings.toml" in n.message for n in app._notifications)
