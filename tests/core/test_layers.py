"""The domain, the storage and the documents never need a terminal; the CLI stays light."""

import subprocess
import sys


def _modules_after(statement: str) -> set[str]:
    code = f"{statement}\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


def test_core_does_not_import_textual():
    loaded = _modules_after(
        "import tradebook.services.book, tradebook.domain.timeline, tradebook.demo"
    )
    assert not any(m == "textual" or m.startswith("textual.") for m in loaded)


def test_cli_import_pulls_in_neither_textual_nor_fpdf():
    loaded = _modules_after("import tradebook.cli")
    assert "textual" not in loaded
    assert "fpdf" not in loaded
