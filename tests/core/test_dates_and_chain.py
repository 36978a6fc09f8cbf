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


@pytest.mark.parametrize(
    "text", ["2026-02-30", "2026-13-01", "26-01-01", "2026/01/01", "", "20260101"]
)
def test_impossible_dates_are_refused(text):
    with pytest.raises(BadInput):
        dates.parse_date(text)


def test_timestamps_are_always_aware():
    assert dates.parse_timestamp("2026-11-20T09:30").tzinfo is not None
    assert (
        dates.parse_timestamp("2026-11-20T09:30:00-05:00").utcoffset().total_seconds() == -5 * 3600
    )


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


def test_canonical_bytes_match_the_json_module():
    import hashlib
    import json

    from hypothesis import given
    from hypothesis import strategies as st

    from tradebook.domain.chain import entry_hash

    values = st.recursive(
        st.none()
        | st.booleans()
        | st.integers(-(10**12), 10**12)
        | st.text(alphabet=st.characters(exclude_categories=("Cs",))),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=10,
    )

    @given(st.dictionaries(st.text(max_size=8), values, max_size=6))
    def check(entry):
        entry.pop("hash", None)
        reference = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert entry_hash(entry) == hashlib.sha256(reference.encode("utf-8")).hexdigest()

    check()
