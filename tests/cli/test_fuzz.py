"""Whatever a user types: never a traceback; exit 0 or 2; on 2 the book is byte-identical."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.conftest import Cli

FULL = os.environ.get("TRADEBOOK_FULL_FUZZ") == "1"
EXAMPLES = 2000 if FULL else 150

amounts = st.one_of(
    st.from_regex(r"-?\$?[0-9,]{0,12}(\.[0-9]{0,4})?", fullmatch=True),
    st.sampled_from(["NaN", "inf", "1e9", "12.3.4", "", " ", "٣", "１２"]),
    st.text(max_size=20),
)
dates = st.one_of(
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.text(max_size=12),
)
refs = st.one_of(
    st.from_regex(r"(C|J|INV|P|K|SC|PP|L)-[0-9]{1,5}", fullmatch=True),
    st.text(max_size=30),
)
texts = st.one_of(
    st.text(max_size=60),
    st.text(min_size=3000, max_size=5000),
    st.sampled_from(["Client [/] Ltd", "[bold]hi", "Zoë Łukasz 🔌", "\x00nul"]),
)

commands = st.one_of(
    st.tuples(st.just("pay"), refs, amounts, st.just("--date"), dates),
    st.tuples(
        st.just("log"),
        refs,
        texts,
        st.just("--via"),
        st.sampled_from(["call", "text", "fax", ""]),
        st.just("--promise"),
        st.one_of(dates, st.builds(lambda d, a: f"{d}:{a}", dates, amounts)),
    ),
    st.tuples(st.just("customer"), st.just("add"), texts, st.just("--credit-limit"), amounts),
    st.tuples(
        st.just("invoice"),
        st.just("add"),
        refs,
        st.just("--item"),
        st.builds(lambda t, q, u: f"{t}:{q}:{u}", st.text(max_size=10), amounts, amounts),
        st.just("--date"),
        dates,
    ),
    st.tuples(
        st.just("job"),
        st.just("add"),
        refs,
        st.just("--site"),
        texts,
        st.just("--desc"),
        texts,
        st.just("--quote"),
        amounts,
    ),
    st.tuples(st.just("invoice"), st.just("show"), refs, st.just("--json")),
    st.tuples(st.just("timeline"), refs),
)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(args=commands)
def test_cli_input_never_crashes(fuzz_book: Cli, args):
    before = fuzz_book.fingerprint()
    result = fuzz_book(*args)
    assert result.code in (0, 2, 3), (args, result)  # done, bad input, not found
    assert "Traceback" not in result.err
    if result.code in (2, 3):
        assert result.err.count("\n") == 1, result.err
        assert fuzz_book.fingerprint() == before


@pytest.fixture(scope="module")
def fuzz_book(tmp_path_factory):
    os.environ["TRADEBOOK_TODAY"] = "2026-11-22"
    cli = Cli(tmp_path_factory.mktemp("fuzz") / "book.json")
    cli.ok("init", "--name", "Fuzz Electric")
    cli.ok("customer", "add", "Tom Becker")
    cli.ok("job", "add", "C-0001", "--site", "x", "--desc", "y", "--date", "2026-10-01")
    cli.ok("invoice", "add", "C-0001", "--item", "Labour:10:95", "--date", "2026-10-05")
    return cli
