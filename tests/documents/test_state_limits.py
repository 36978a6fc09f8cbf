"""The small-claims limit test leaves out what the state leaves out, and the advice over the
limit is what the state allows (no "give up the rest" in Texas)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.documents.builder import TODAY
from tradebook.documents.casefile import _limit_check, build_casefile
from tradebook.documents.claim import Venue
from tradebook.domain.jurisdictions import jurisdiction


@pytest.fixture
def case(sample):
    return build_casefile(sample.view(), "C-0001", "small-claims", TODAY)


def _with(case, code, principal, interest, late_fees=0):
    venue = Venue(code, jurisdiction(code), reason="the customer's state, as recorded")
    return replace(
        case,
        venue=venue,
        claim=replace(case.claim, principal=principal, interest=interest, late_fees=late_fees),
    )


def test_kentucky_leaves_agreed_interest_out_of_the_limit(case):
    check = _limit_check(_with(case, "KY", 2_450_00, 120_00))
    assert check.ok is True
    assert "$2,450.00 counts against the limit — the $120.00 of interest does not" in check.detail
    assert "not counting interest and costs" in check.detail
    assert "Kentucky's rules: the customer's state, as recorded" in check.detail


def test_late_fees_still_count_in_kentucky(case):
    assert _limit_check(_with(case, "KY", 2_450_00, 0, late_fees=75_00)).ok is False


def test_texas_counts_agreed_interest_and_never_advises_giving_up_the_excess(case):
    check = _limit_check(_with(case, "TX", 19_900_00, 200_00))
    assert check.ok is False and "counts against the limit" not in check.detail
    assert "does not let you give up the excess" in check.detail
    assert "give up the rest" not in check.detail and "waive" not in check.detail


def test_indiana_allows_claiming_up_to_the_limit(case):
    check = _limit_check(_with(case, "IN", 10_500_00, 0))
    assert check.ok is False and "claim up to $10,000.00 and give up the rest" in check.detail


@pytest.mark.parametrize(
    "code", ["KY", "IN", "OH", "WV", "VA", "TN", "MO", "IL", "CA", "TX", "NY", "FL", "MA"]
)
def test_a_customer_in_each_state_gets_that_states_limit(case, code):
    check = _limit_check(_with(case, code, 1_000_00, 0))
    place = jurisdiction(code)
    assert check.ok is True and f"{place.name} limit" in check.detail
