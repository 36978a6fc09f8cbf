"""The domain, the storage and the documents never need a terminal; the CLI stays light.

The layers, from the bottom: domain and book; documents on them; services on all three (and
model); the command line and the app on the services. Nothing beneath reaches up for a front end.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest


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


ROOT = Path(__file__).resolve().parents[2] / "tradebook"

#: the layers a layer may import, besides itself and the leaf modules every layer shares
MAY_IMPORT = {
    "services": {"domain", "book", "documents", "model"},
    "documents": {"domain", "book", "model", "assets"},
}
#: what has no layer of its own and any layer may read: errors, the business settings and the
#: package's version
SHARED = {"errors", "settings", "__version__"}


def _tradebook_imports(layer: str) -> dict[str, set[str]]:
    """{module of tradebook a layer imports (its first part under tradebook): files}, counting
    the imports made inside functions as well as those at the top."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / layer).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "tradebook" and len(parts) > 1:
                    found.setdefault(parts[1], set()).add(path.name)
    return found


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_a_layer_imports_only_the_layers_beneath_it(layer):
    allowed = {layer, *MAY_IMPORT[layer], *SHARED}
    beyond = {
        m: sorted(files) for m, files in _tradebook_imports(layer).items() if m not in allowed
    }
    assert beyond == {}


@pytest.mark.parametrize("layer", ["services", "documents"])
def test_services_and_documents_never_reach_for_a_front_end(layer):
    imported = _tradebook_imports(layer)
    assert "cli" not in imported and "tui" not in imported
    loaded = _modules_after(
        "import pkgutil, importlib, tradebook." + layer + "\n"
        f"for m in pkgutil.walk_packages(tradebook.{layer}.__path__, 'tradebook.{layer}.'):\n"
        "    importlib.import_module(m.name)"
    )
    assert not any(m.startswith(("tradebook.cli", "tradebook.tui")) for m in loaded)


@pytest.mark.parametrize("front", ["cli", "tui"])
def test_the_front_ends_write_through_the_services(front):
    assert "services" in _tradebook_imports(front)
