"""Test-run switches shared by every test folder."""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--full",
        action="store_true",
        default=False,
        help="also run the long torture tests marked slow",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--full"):
        os.environ["TRADEBOOK_FULL_FUZZ"] = "1"  # read by the fuzz tests when they are imported


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--full"):
        return
    skip = pytest.mark.skip(reason="long torture run: use --full")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
