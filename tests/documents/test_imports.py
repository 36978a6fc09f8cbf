"""fpdf2 costs ~0.4 s to import: only drawing a document may load it, and no document
module may ever load Textual."""

from __future__ import annotations

import subprocess
import sys


def loaded_after(statement: str) -> set[str]:
    code = f"{statement}\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_composing_and_issuing_code_does_not_load_fpdf_or_textual():
    loaded = loaded_after(
        "import tradebook.documents.letters, tradebook.documents.casefile, "
        "tradebook.documents.tone, tradebook.documents.output, "
        "tradebook.documents.statement_lines, "
        "tradebook.services.letters, tradebook.cli.documents"
    )
    assert "fpdf" not in loaded
    assert not any(m == "textual" or m.startswith("textual.") for m in loaded)


def test_drawing_loads_fpdf_but_not_textual():
    loaded = loaded_after(
        "import tradebook.documents.bundle, tradebook.documents.letter_pdf, "
        "tradebook.documents.statement"
    )
    assert "fpdf" in loaded
    assert not any(m == "textual" or m.startswith("textual.") for m in loaded)
