"""The shared book carried by real Syncthing daemons on 127.0.0.1, not by a mock.

Skipped, with the reason in the run's summary, only where syncthing cannot be had; with
TRADEBOOK_REQUIRE_SYNCTHING=1 (set by CI, which installs it) a missing syncthing fails instead.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.sharing.syncthing import Cluster, syncthing_binary, syncthing_cluster

REQUIRED = os.environ.get("TRADEBOOK_REQUIRE_SYNCTHING") == "1"


FIGURES: list[str] = []  # what the tests measured, printed with their outcomes


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
            for line in [*self.lines, *FIGURES]:
                terminalreporter.write_line(line)


@pytest.fixture(scope="module", autouse=True)
def _summary(request: pytest.FixtureRequest):
    plugins = request.config.pluginmanager
    if not plugins.has_plugin("tradebook-syncthing-summary"):
        plugins.register(_Summary(), "tradebook-syncthing-summary")
    yield


def need_syncthing() -> None:
    if syncthing_binary() is None:
        message = "syncthing is not installed (Debian/Ubuntu: apt-get install syncthing)"
        if REQUIRED:
            pytest.fail(message + ", and TRADEBOOK_REQUIRE_SYNCTHING=1 requires it")
        pytest.skip(message)


@pytest.fixture
def cluster(tmp_path: Path):
    need_syncthing()
    with syncthing_cluster(tmp_path / "devices", ["office", "van2"]) as running:
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


# --- the shared book, through the real CLI, carried by the real daemons ---------------------

TODAY = "2026-11-22"
DIGEST = re.compile(r"^digest: ([0-9a-f]{64})$", re.MULTILINE)


class Device:
    """One computer of the shop: its own home, cache and settings, and its copy of the folder."""

    def __init__(self, name: str, root: Path, folder: Path) -> None:
        self.name = name
        self.folder = folder
        home = root / name / "computer"
        home.mkdir(parents=True)
        self.home = home
        self.env = {
            **os.environ,
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "TRADEBOOK_TODAY": TODAY,
            "TRADEBOOK_DEVICE": name,
            "COLUMNS": "100",
        }
        self.env.pop("TRADEBOOK_BOOK", None)
        self.env.pop("TRADEBOOK_CACHE", None)

    def run(self, *args: str, book: Path | None = None) -> str:
        """`tradebook --book FOLDER ARGS` as a separate process, as a user runs it."""
        done = subprocess.run(
            [sys.executable, "-m", "tradebook", "--book", str(book or self.folder), *args],
            env=self.env,
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode == 0, f"{self.name}: tradebook {' '.join(args)}: {done.stderr}"
        return done.stdout

    def digest(self) -> str:
        out = self.run("verify")
        found = DIGEST.search(out)
        assert found, f"{self.name}: no digest in verify's output:\n{out}"
        return found.group(1)

    def export(self, into: Path) -> dict:
        self.run("export", str(into))
        return json.loads((into / "tradebook-export.json").read_text())


CUSTOMERS = ["Tom Becker", "Linh Nguyen", "Rosa Ortiz"]


@pytest.fixture
def shop(tmp_path: Path):
    """The office's book shared into a folder, a van with an empty one, both daemons paired."""
    need_syncthing()
    office = Device("office", tmp_path, tmp_path / "office" / "shared")
    van = Device("van2", tmp_path, tmp_path / "van2" / "shared")
    single = tmp_path / "office" / "book.json"
    office.run("init", "--name", "Bright Spark Electric LLC", "--state", "KY", book=single)
    for name in CUSTOMERS:
        office.run("customer", "add", name, book=single)
        office.run(
            "invoice", "add", name, "--item", "Panel work:1:2400", "--net", "15", book=single
        )
    office.run("share", str(office.folder), book=single)
    van.folder.mkdir(parents=True)
    folders = [office.folder, van.folder]
    with syncthing_cluster(tmp_path / "syncthing", ["office", "van2"], folders=folders) as running:
        running.wait_in_sync()
        yield running, office, van


def work(device: Device, rounds: int, tag: str, after: threading.Event | None = None) -> list[str]:
    """Log a call on each round and a payment on every third; the refs tradebook printed."""
    refs = []
    for i in range(rounds):
        customer = CUSTOMERS[i % 3]
        refs.append(
            device.run(
                "log", customer, f"{tag} call {i}", "--via", "call", "--outcome", "spoke"
            ).split()[0]
        )
        if i % 3 == 2:
            amount = str(10 + i)
            refs.append(
                device.run(
                    "pay", f"INV-000{i % 3 + 1}", amount, "--method", "check", "--ref", f"{tag}-{i}"
                ).split()[0]
            )
        if after is not None and i == 2:
            after.set()
    return refs


def folder_files(folder: Path) -> dict[str, bytes]:
    """What a device holds of the shared folder, leaving out Syncthing's own files."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not path.name.startswith((".syncthing.", ".stignore"))
        and ".stfolder" not in path.parts
    }


def differences(office: dict[str, bytes], van: dict[str, bytes]) -> str:
    """Which files the two copies hold differently, and by how many bytes; "" when none."""
    apart = [
        f"{name} {len(office.get(name, b''))}/{len(van.get(name, b''))} bytes"
        for name in sorted(set(office) | set(van))
        if office.get(name) != van.get(name)
    ]
    return ", ".join(apart)


def kill_mid_sync(cluster: Cluster, office: Path, van: Path, timeout: float = 15) -> str:
    """SIGKILL the van's daemon at a moment the two copies of the folder differ.

    The copies are compared again once it is dead: a kill that came just after they had come
    into step does not count, and the daemon is started and killed again on a later change.
    """
    daemon = cluster.daemons[1]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if folder_files(office) != folder_files(van):
            daemon.kill()
            apart = differences(folder_files(office), folder_files(van))
            if apart:
                return apart
            daemon.start()
        time.sleep(0.01)
    raise AssertionError(f"the folders were never caught out of step within {timeout:.0f} s")


def test_two_devices_write_at_once_converge_and_survive_a_killed_daemon(shop, tmp_path):
    cluster, office, van = shop
    started = time.monotonic()

    # 1. Both devices log calls and take payments at the same time, synced as they go.
    with ThreadPoolExecutor(2) as pool:
        at_office = pool.submit(work, office, 9, "office")
        in_van = pool.submit(work, van, 9, "van2")
        written = at_office.result() + in_van.result()
    cluster.wait_in_sync()
    assert office.digest() == van.digest()
    for device in (office, van):
        book = device.export(tmp_path / f"export-1-{device.name}")
        refs = [c["ref"] for c in book["contacts"]] + [p["ref"] for p in book["payments"]]
        assert len(refs) == len(set(refs)), f"{device.name}: a ref is used twice"
        assert set(written) <= set(refs), f"{device.name} lacks {set(written) - set(refs)}"
        assert len(book["contacts"]) == 18 and len(book["payments"]) == 6

    # 2. The van's daemon is killed while both devices are writing and the folders are not in
    # step; both go on working; it comes back and everything arrives, nothing lost.
    third_round = threading.Event()
    with ThreadPoolExecutor(2) as pool:
        at_office = pool.submit(work, office, 9, "office-2", third_round)
        in_van = pool.submit(work, van, 9, "van2-2")
        assert third_round.wait(30)
        apart = kill_mid_sync(cluster, office.folder, van.folder)
        written_2 = at_office.result() + in_van.result()
    assert folder_files(office.folder) != folder_files(van.folder)
    cluster.daemons[1].start()
    took = cluster.wait_in_sync()
    FIGURES.append(f"van2's daemon killed with office/van2 copies apart: {apart}")
    FIGURES.append(f"in step again {took:.1f} s after its restart")

    assert office.digest() == van.digest()
    for device in (office, van):
        book = device.export(tmp_path / f"export-2-{device.name}")
        refs = [c["ref"] for c in book["contacts"]] + [p["ref"] for p in book["payments"]]
        assert len(refs) == len(set(refs)), f"{device.name}: a ref is used twice"
        assert set(written + written_2) <= set(refs)
        assert len(book["contacts"]) == 36 and len(book["payments"]) == 12
    assert not [p for f in cluster.folders for p in f.rglob("*sync-conflict*")]
    FIGURES.append(f"both devices at digest {office.digest()}")
    elapsed = time.monotonic() - started
    FIGURES.append(f"two rounds of writing, the kill and the restart: {elapsed:.1f} s")
