"""`tradebook settings`: show the settings, and change one without losing the file's comments."""

from __future__ import annotations

import typer

from tradebook.cli import app
from tradebook.cli.common import emit_json, state, table

settings_app = typer.Typer(
    help="Show the settings; change one (theme, state, a threshold).",
    epilog="\b\nExamples:\n  tradebook settings\n  tradebook settings set reminder_pay_days 7\n"
    "  tradebook settings set theme light",
    invoke_without_command=True,
)
app.add_typer(settings_app, name="settings")


@settings_app.callback()
def settings_show(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print them as JSON.")
) -> None:
    """Show every setting, and which differ from the default.

    They live in settings.toml beside the book; the app remembers its theme there too."""
    if ctx.invoked_subcommand is not None:
        return
    from tradebook.settings import load_settings
    from tradebook.settings_edit import listing, settings_path

    settings = load_settings(state.path)
    rows = listing(settings)
    if as_json:
        emit_json([{"key": r.key, "value": r.value, "default": r.default} for r in rows])
        return
    path = settings_path(state.path)
    print(f"settings: {path}" if path.exists() else f"settings: the defaults (no {path} yet)")
    print(
        table(
            [
                [
                    r.key,
                    r.value or "(the profile's)" if r.key == "state" else r.value,
                    f"default {r.default}" if r.changed else "",
                ]
                for r in rows
            ],
            ["setting", "value", ""],
        )
    )
    steps = ", ".join(f"{s.title} at {s.days} days" for s in settings.ladder)
    print(f"ladder: {steps} — change it in {path.name}")


@settings_app.command("set", context_settings={"ignore_unknown_options": True})
def settings_set(
    key: str = typer.Argument(
        ..., metavar="KEY", help="theme, state, or a threshold (see tradebook settings)."
    ),
    value: str = typer.Argument(
        ...,
        metavar="VALUE",
        help="Days as a whole number, amounts like 2,500, theme dark or light.",
    ),
) -> None:
    """Change one setting in settings.toml, keeping its comments."""
    from tradebook.settings_edit import change, settings_path, shown

    row = shown(change(state.path, key, value), key)
    print(f"{row.key} = {row.value} in {settings_path(state.path)}")


@settings_app.command("unset")
def settings_unset(
    key: str = typer.Argument(..., metavar="KEY", help="As `settings set` takes it."),
) -> None:
    """Take a setting out of settings.toml: back to its default."""
    from tradebook.settings_edit import change, shown

    row = shown(change(state.path, key, None), key)
    print(f"{row.key} = {row.value or 'the profile state'} (the default)")
