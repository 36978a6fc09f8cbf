"""Around the book on each system: opening and printing a PDF, folders with spaces and accents
in their names, Windows-edited templates and settings, and consoles that are not UTF-8.

Windows and macOS are emulated (their branch chosen by `sys.platform`, `os.startfile` a
stand-in); Linux runs for real.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import types
from pathlib import Path

import pytest

from tests.cli.conftest import TODAY, Cli
from tests.cli.test_documents import owing, pdf_text  # noqa: F401 - a fixture used below
from tradebook.documents import output
from tradebook.tui import files

ROOT = Path(__file__).resolve().parents[2]
ACCENTED = "José Núñez/My Documents"  # a Windows user folder: C:\Users\José Núñez\...


def fake_command(folder: Path, name: str, record: Path, say: str = "") -> None:
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text(
        f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > "{record}"\necho \'{say}\'\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def test_print_falls_back_to_lpr_and_the_path_keeps_its_spaces_and_accents(
    owing: Cli,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
    monkeypatch,
):
    owing.ok(
        "letter",
        "C-0001",
        "--kind",
        "reminder",
        "-o",
        str(tmp_path / "r.pdf"),
        "--send-via",
        "post",
    )
    folder = tmp_path / ACCENTED
    folder.mkdir(parents=True)
    out = folder / "Tom Becker mediation.pdf"
    fake_command(tmp_path / "bin", "lpr", tmp_path / "lpr-args")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin")
    result = owing.ok("bundle", "Tom", "--kind", "mediation", "-o", str(out), "--print")
    assert "sent to the printer" in result.out
    assert (tmp_path / "lpr-args").read_text(encoding="utf-8").splitlines() == [str(out)]


def test_windows_prints_through_the_pdf_programs_print_verb(tmp_path: Path, monkeypatch):
    pdf = tmp_path / ACCENTED / "final notice.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF")
    asked: list[tuple[str, ...]] = []
    monkeypatch.setattr(output, "sys", types.SimpleNamespace(platform="win32"))
    monkeypatch.setattr(os, "startfile", lambda *args: asked.append(args), raising=False)
    monkeypatch.setenv("PATH", "")  # lp and lpr are not looked for
    assert output.send_to_printer(pdf) == ""
    assert asked == [(str(pdf), "print")]

    def no_program(*args):
        raise OSError(1155, "No application is associated with the specified file")

    monkeypatch.setattr(os, "startfile", no_program)
    with pytest.raises(output.NotPrinted) as info:
        output.send_to_printer(pdf)
    assert "no program here is set to print PDFs" in info.value.message
    assert str(pdf) in info.value.message


def test_nothing_to_print_with_says_so(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(output.NotPrinted, match=r"no printer command \(lp or lpr\)"):
        output.send_to_printer(tmp_path / "x.pdf")


@pytest.mark.parametrize(
    ("platform", "expected"), [("linux", ["xdg-open"]), ("darwin", ["open"]), ("win32", None)]
)
def test_a_pdf_or_a_folder_opens_the_desktops_way(tmp_path: Path, monkeypatch, platform, expected):
    target = tmp_path / ACCENTED
    target.mkdir(parents=True)
    ran, started = [], []
    monkeypatch.setattr(files, "sys", types.SimpleNamespace(platform=platform))
    monkeypatch.setattr(files.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(files.subprocess, "Popen", lambda command, **_: ran.append(command))
    monkeypatch.setattr(os, "startfile", lambda *args: started.append(args), raising=False)
    for path in (target, target / "bundle.pdf"):
        files.open_file(path)
    if expected is None:
        assert started == [(str(target),), (str(target / "bundle.pdf"),)] and ran == []
    else:
        assert ran == [[*expected, str(target)], [*expected, str(target / "bundle.pdf")]]
        assert started == []


def test_a_book_and_documents_under_a_folder_with_spaces_and_accents(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TRADEBOOK_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "80")
    home = tmp_path / ACCENTED
    cli = Cli(home / "tradebook" / "book.json")
    cli.ok("init", "--name", "Núñez Eléctrica", "--state", "KY", "--pay-methods", "check")
    cli.ok("customer", "add", "Zoë Ångström")
    cli.ok(
        "invoice",
        "add",
        "Zoë",
        "--item",
        "Panel — 200 A:1:$1,200",
        "--date",
        "2026-09-01",
        "--net",
        "15",
    )
    cli.ok("invoice", "send", "INV-0001", "--via", "post", "--date", "2026-09-01")
    letter = home / "letters" / "Zoë reminder.pdf"
    letter.parent.mkdir()
    cli.ok("letter", "INV-0001", "--kind", "reminder", "-o", str(letter), "--send-via", "post")
    assert "Zoë Ångström" in pdf_text(letter)
    cli.ok("backup")
    assert cli.ok("verify").code == 0


def test_templates_and_settings_saved_by_windows_notepad(owing: Cli, tmp_path: Path):  # noqa: F811
    """CRLF line ends and a UTF-8 byte-order mark read as the same text."""
    from tradebook.assets import assets_dir

    template = (assets_dir() / "templates" / "reminder.txt").read_text(encoding="utf-8")
    template = template.replace("\n\n", "\n\nWe are a small business.\n\n", 1)
    settings = "# my settings\n[thresholds]\nreminder_pay_days = 7\n"
    own = owing.book.parent / "templates"
    own.mkdir()
    made = {}
    for name, encode in (
        ("unix", lambda text: text.encode()),
        ("notepad", lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()),
    ):
        (own / "reminder.txt").write_bytes(encode(template))
        (owing.book.parent / "settings.toml").write_bytes(encode(settings))
        made[name] = tmp_path / f"{name}.pdf"
        owing.ok("letter", "C-0001", "--kind", "reminder", "-o", str(made[name]), "--draft")
    assert pdf_text(made["notepad"]) == pdf_text(made["unix"])
    assert "We are a small business." in pdf_text(made["notepad"])
    assert "November 30, 2026" in pdf_text(made["notepad"])  # 7 days (to a weekday): the setting


def test_a_console_in_a_legacy_code_page_never_makes_a_command_fail(tmp_path: Path):
    """Windows output redirected to a file or a pipe is in cp1252; what it cannot show comes out
    as '?', and the command still does its work."""
    env = {
        **os.environ,
        "PYTHONIOENCODING": "cp1252",
        "TRADEBOOK_TODAY": TODAY,
        "TRADEBOOK_BOOK": str(tmp_path / "book.json"),
        "COLUMNS": "100",
    }

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "tradebook", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=60,
        )

    assert run("init", "--name", "Spark — Electric", "--state", "KY").returncode == 0
    assert run("customer", "add", "Ωmega Wiring ✓").returncode == 0
    assert run("customer", "add", "Cash $ Only — Ann").returncode == 0
    assert run("invoice", "add", "mega", "--item", "Panel — 200 A:1:$1,200").returncode == 0
    shown = run("customer", "list")
    assert shown.returncode == 0, shown.stderr
    assert b"?mega Wiring ?" in shown.stdout
    assert b"Cash $ Only \x97 Ann" in shown.stdout  # cp1252 has the dash: it stays one
    invoice = run("invoice", "show", "INV-0001")
    assert invoice.returncode == 0 and b"Panel \x97 200 A" in invoice.stdout
    refused = run("customer", "show", "Ωmega Nobody")
    assert refused.returncode == 3 and b"?mega Nobody" in refused.stderr  # the error line too
