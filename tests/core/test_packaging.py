"""A built wheel must carry every subpackage and the assets the documents need."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_subpackage_is_listed_for_the_wheel():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "tradebook").rglob("__init__.py")}
    assert found | {"tradebook._assets"} == listed


def test_assets_are_where_the_code_looks():
    from tradebook.assets import assets_dir

    folder = assets_dir()
    assert (folder / "fonts" / "DejaVuSans.ttf").is_file()
    assert (folder / "fonts" / "LICENSE-DejaVu.txt").is_file()
    assert (folder / "jurisdictions.json").is_file()
    assert (folder / "templates" / "final.txt").is_file()
