"""The shared book carried by real Syncthing daemons on 127.0.0.1, not by a mock.

Skipped, with the reason in the run's summary, only where syncthing cannot be had; with
TRADEBOOK_REQUIRE_SYNCTHING=1 (set by CI, which installs it) a missing syncthing fails instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.sharing.syncthing import Cluster, syncthing_binary, syncthing_cluster

REQUIRED = os.environ.get("TRADEBOOK_REQUIRE_SYNCTHING") == "1"


class _Summary:
    """Prints each test's outcome at the end of the run, so a skip or a pass is always seen."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if f"{Path(__file__).name}::" not in report.nodeid:
            return
        name = report.nodeid.rsplit("::", 1)[-1]
        if report.when == "call" or (report.when == "setup" and not report.passed):
            outcome = "error in setup" if report.when == "setup" else report.outcome
            if report.skipped and isinstance(report.longrepr, tuple):
                outcome = f"skipped ({report.longrepr[2].removeprefix('Skipped: ')})"
            self.lines.append(f"{name}: {outcome} in {report.duration:.1f} s")

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.lines:
            terminalreporter.write_sep("-", "syncthing end-to-end")
            for line in self.lines:
                terminalreporter.write_line(line)


@pytest.fixture(scope="module", autouse=True)
def _summary(request: pytest.FixtureRequest):
    plugins = request.config.pluginmanager
    if not plugins.has_plugin("tradebook-syncthing-summary"):
        plugins.register(_Summary(), "tradebook-syncthing-summary")
    yield


@pytest.fixture
def cluster(tmp_path: Path):
    if syncthing_binary() is None:
        message = "syncthing is not installed (Debian/Ubuntu: apt-get install syncthing)"
        if REQUIRED:
            pytest.fail(message + ", and TRADEBOOK_REQUIRE_SYNCTHING=1 requires it")
        pytest.skip(message)
    with syncthing_cluster(tmp_path / "devices", names=["office", "van2"]) as running:
        yield running


def test_files_travel_both_ways_and_survive_a_killed_daemon(cluster: Cluster) -> None:
    office, van = cluster.folders
    cluster.wait_in_sync()

    (office / "from-office.txt").write_text("written in the office\n")
    (van / "from-van.txt").write_text("written in the van\n")
    cluster.wait_in_sync()
    assert (van / "from-office.txt").read_text() == "written in the office\n"
    assert (office / "from-van.txt").read_text() == "written in the van\n"

    # The van's daemon dies; work goes on at both ends; it comes back and catches up.
    cluster.daemons[1].kill()
    (office / "while-down.txt").write_text("written while the van was off\n")
    with (van / "from-van.txt").open("a") as journal:
        journal.write("appended while its daemon was dead\n")
    assert not cluster.daemons[1].running
    cluster.daemons[1].start()
    cluster.wait_in_sync()
    assert (van / "while-down.txt").read_text() == "written while the van was off\n"
    assert (office / "from-van.txt").read_text() == (
        "written in the van\nappended while its daemon was dead\n"
    )
    assert not list(office.glob("*sync-conflict*")) and not list(van.glob("*sync-conflict*"))
