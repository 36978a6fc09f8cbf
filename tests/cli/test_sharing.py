"""`share`, `--book FOLDER --device NAME`, `devices`, `conflicts` and `verify` on a shared book."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.cli.conftest import Cli


@pytest.fixture
def shop(started: Cli, tmp_path, monkeypatch) -> tuple[Cli, Cli, Cli]:
    """A started book shared into a folder; the office and a van on copies of that folder."""
    monkeypatch.setenv("TRADEBOOK_CACHE", str(tmp_path / "cache"))
    started.ok("invoice", "add", "C-0001", "--item", "Panel:1:900", "--date", "2026-11-01")
    folder = tmp_path / "shop"
    out = started.ok("--device", "office", "share", str(folder)).out
    assert "as device office" in out
    van_folder = tmp_path / "van-copy"
    shutil.copytree(folder, van_folder)
    return started, Cli(folder), Cli(van_folder)


def _sync(source: Cli, target: Cli, device: str) -> None:
    src = source.book / "devices" / device
    dst = target.book / "devices" / device
    shutil.copytree(src, dst, dirs_exist_ok=True)


def test_share_keeps_the_file_and_both_devices_write_their_own_series(shop):
    single, office, van = shop
    before = single.fingerprint()
    assert (
        office.ok("--device", "office", "log", "C-0001", "Rang", "--via", "text").out.strip()
        == "K-0001"
    )
    assert (
        van.ok("--device", "van2", "log", "C-0001", "On site", "--via", "text").out.strip()
        == "K-VAN2-0001"
    )
    assert van.ok("--device", "van2", "pay", "INV-0001", "100").out.split()[0] == "P-VAN2-0001"
    _sync(van, office, "van2")
    _sync(office, van, "office")
    digests = []
    for cli, device in ((office, "office"), (van, "van2")):
        shown = cli.ok("--device", device, "verify").out
        found = re.search(r"^digest: ([0-9a-f]{64})$", shown, flags=re.M)
        assert found, shown
        digests.append(found.group(1))
        assert "device office: OK: 1 contact entries" in shown
        assert "device van2: OK: 1 contact entries" in shown
    assert digests[0] == digests[1]
    listed = office.ok("--device", "office", "devices", "--json").json()
    assert {d["device"]: d["folded"] for d in listed["devices"]} == {"office": 1, "van2": 2}
    paid = office.ok("--device", "office", "invoice", "show", "INV-0001", "--json").json()
    assert paid["paid"] == "100.00"
    assert single.fingerprint() == before  # the single-file book is the backup, untouched


def test_the_device_comes_from_the_environment_or_the_saved_name(shop, monkeypatch):
    _single, office, _van = shop
    monkeypatch.setenv("TRADEBOOK_DEVICE", "van7")
    assert office.ok("log", "C-0001", "Texted", "--via", "text").out.strip() == "K-VAN7-0001"
    monkeypatch.delenv("TRADEBOOK_DEVICE")
    office.ok("devices", "--set", "van8")
    assert office.ok("log", "C-0001", "Texted", "--via", "text").out.strip() == "K-VAN8-0001"


def test_bad_device_names_and_plain_folders_are_refused(shop, tmp_path):
    _single, office, _van = shop
    result = office("--device", "Van-2!", "customer", "list")
    assert result.code == 2 and "device name" in result.err
    plain = tmp_path / "plain"
    plain.mkdir()
    result = Cli(plain)("customer", "list")
    assert result.code == 3 and "tradebook share" in result.err
    result = office("--device", "office", "share", str(tmp_path / "again"))
    assert result.code == 2 and "already a shared book" in result.err


def test_conflicts_lists_both_values_and_duplicates_can_be_settled(shop):
    _single, office, van = shop
    office.ok("--device", "office", "customer", "edit", "C-0001", "--address", "1 Oak St")
    van.ok("--device", "van2", "customer", "edit", "C-0001", "--address", "2 Elm St")
    office.ok("--device", "office", "pay", "INV-0001", "50", "--ref", "chk 9")
    van.ok("--device", "van2", "pay", "INV-0001", "50", "--ref", "chk 9")
    _sync(van, office, "van2")
    shown = office.ok("--device", "office", "conflicts").out
    assert "C-0001 address: kept '2 Elm St' (van2" in shown
    assert "not kept '1 Oak St' (office" in shown
    assert "P-VAN2-0001 looks like P-0001" in shown
    paid = office.ok("--device", "office", "invoice", "show", "INV-0001", "--json").json()
    assert paid["paid"] == "50.00"
    office.ok("--device", "office", "conflicts", "--settle", "P-VAN2-0001", "--as", "distinct")
    paid = office.ok("--device", "office", "invoice", "show", "INV-0001", "--json").json()
    assert paid["paid"] == "100.00"
    assert "looks like" not in office.ok("--device", "office", "conflicts").out
