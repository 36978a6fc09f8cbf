from datetime import date

import pytest

from tradebook.domain import dates
from tradebook.domain.chain import GENESIS, seal, verify_chain
from tradebook.errors import BadInput


def test_today_is_pinned(monkeypatch):
    monkeypatch.setenv("TRADEBOOK_TODAY", "2027-02-28")
    assert dates.today() == date(2027, 2, 28)
    assert dates.now().tzinfo is not None
    monkeypatch.setenv("TRADEBOOK_TODAY", "2027-02-30")
    with pytest.raises(BadInput):
        dates.today()


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "26-01-01", "2026/01/01", "", "20260101"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(BadInput):
        dates.parse_date(text)


def test_timestamps_are_always_aware():
    assert dates.parse_timestamp("2026-11-20T09:30").tzinfo is not None
    assert dates.parse_timestamp("2026-11-20T09:30:00-05:00").utcoffset().total_seconds() == -5 * 3600


def _log(n):
    entries, prev = [], GENESIS
    for i in range(1, n + 1):
        entry = seal({"ref": f"K-{i:04d}", "summary": f"call {i}"}, prev)
        prev = entry["hash"]
        entries.append(entry)
    return entries


def test_an_intact_chain_verifies():
    check = verify_chain(_log(5))
    assert check.ok and check.count == 5


def test_a_changed_entry_is_named():
    entries = _log(5)
    entries[2]["summary"] = "agreed to pay double"
    check = verify_chain(entries)
    assert not check.ok and check.first_bad == "K-0003"


def test_a_resealed_entry_breaks_the_next_link():
    entries = _log(5)
    entries[1] = seal({**entries[1], "summary": "rewritten"}, entries[1]["prev"])
    check = verify_chain(entries)
    assert not check.ok and check.first_bad == "K-0003"
