"""A built wheel must carry every subpackage and the assets the documents need."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_subpackage_is_listed_for_the_wheel():
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "tradebook").rglob("__init__.py")
    }
    assert found | {"tradebook._assets"} == listed


def test_assets_are_where_the_code_looks():
    from tradebook.assets import assets_dir

    folder = assets_dir()
    assert (folder / "fonts" / "DejaVuSans.ttf").is_file()
    assert (folder / "fonts" / "LICENSE-DejaVu.txt").is_file()
    assert (folder / "jurisdictions.json").is_file()
    assert (folder / "templates" / "final.txt").is_file()


def _imports() -> dict[str, set[str]]:
    """{dotted module imported anywhere in tradebook/: files importing it}, at any depth."""
    import ast

    found: dict[str, set[str]] = {}
    for path in (ROOT / "tradebook").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def _third_party(name: str) -> bool:
    import sys

    top = name.split(".")[0]
    return top != "tradebook" and top not in sys.stdlib_module_names and top not in ("msvcrt",)


def test_every_library_imported_directly_is_declared():
    import re
    from importlib.metadata import packages_distributions

    declared = {
        re.split(r"[=<>!~\[; ]", dep, maxsplit=1)[0].lower().replace("_", "-")
        for dep in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    }
    providers = packages_distributions()
    missing = {}
    for name, where in _imports().items():
        if not _third_party(name):
            continue
        dists = {d.lower().replace("_", "-") for d in providers.get(name.split(".")[0], [])}
        if not dists & declared:
            missing[name] = sorted(where)
    assert missing == {}


def test_no_private_module_of_another_package_is_imported():
    private = {
        name: sorted(where)
        for name, where in _imports().items()
        if _third_party(name) and any(part.startswith("_") for part in name.split("."))
    }
    assert private == {}
