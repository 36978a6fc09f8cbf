"""Whose rules: a customer's state (given, else read from the address, else the business's),
a job's site state (given, else its site address, else the customer's), each with its reason."""

from __future__ import annotations

import pytest

from tradebook.domain.jurisdictions import (
    customer_rules,
    site_rules,
    state_in_address,
    zip_state,
)
from tradebook.settings import parse_settings

KY_BUSINESS = {"name": "Bright Spark Electric LLC", "state": "KY"}


@pytest.mark.parametrize(
    ("address", "found"),
    [
        ("1840 Bardstown Rd, Louisville, KY 40205", ("KY", "KY 40205")),
        ("410 Spring St\nJeffersonville, IN 47130", ("IN", "IN 47130")),
        ("5 Main St, Albany, New York 12207", ("NY", "New York")),
        ("1 Way, Columbus OH 43215-1234", ("OH", "OH 43215")),
        ("77 Elm, Austin, TX", ("TX", "TX")),
        ("PO Box 12, 40205", ("KY", "ZIP 40205")),
        ("3 Beacon St, Boston, MA 02108, USA", ("MA", "MA 02108")),
        ("12 Elm St", None),
        ("", None),
        (None, None),
        ("Unit 4, 99999", None),  # a ZIP of no state whose rules ship: not guessed at
    ],
)
def test_the_state_an_address_names(address, found):
    assert state_in_address(address) == found


def test_zip_prefixes_of_the_states_that_ship():
    assert zip_state("40205") == "KY" and zip_state("47130") == "IN" and zip_state("02108") == "MA"
    assert zip_state("45202") == "OH" and zip_state("25301") == "WV" and zip_state("63101") == "MO"
    assert zip_state("abcde") is None and zip_state("4020") is None


def test_a_recorded_state_wins_over_the_address():
    chosen = customer_rules(KY_BUSINESS, {"state": "in", "address": "Louisville, KY 40205"}, None)
    assert (chosen.code, chosen.reason) == ("IN", "the customer's state, as recorded")
    assert chosen.said() == "Indiana (from the customer's state, as recorded)"


def test_the_address_is_read_when_no_state_is_given():
    chosen = customer_rules(
        KY_BUSINESS, {"state": None, "address": "9 Oak Ave, Dallas, TX 75201"}, None
    )
    assert (chosen.code, chosen.reason) == ("TX", "the customer's address (TX 75201)")


def test_the_business_state_is_the_last_resort_and_says_how_to_fix_it():
    chosen = customer_rules(KY_BUSINESS, {"ref": "C-0003", "address": "12 Elm St"}, None)
    assert chosen.code == "KY"
    assert "business's own state in the business profile" in chosen.reason
    assert "tradebook customer edit C-0003 --state XX" in chosen.reason
    settings = parse_settings('state = "OH"\n')
    assert customer_rules(KY_BUSINESS, {"address": ""}, settings).code == "OH"
    nothing = customer_rules({}, {"address": ""}, None)
    assert nothing.code is None and "no state" in nothing.said()


def test_the_site_state_follows_the_site_then_the_customer():
    customer = {"address": "Louisville, KY 40205"}
    assert site_rules(KY_BUSINESS, {"site_state": "in", "site": "x"}, customer, None).code == "IN"
    by_site = site_rules(
        KY_BUSINESS, {"site": "410 Spring St, Jeffersonville, IN 47130"}, customer, None
    )
    assert (by_site.code, by_site.reason) == ("IN", "the job's site address (IN 47130)")
    fallback = site_rules(KY_BUSINESS, {"site": "12 Elm St"}, customer, None)
    assert fallback.code == "KY"
    assert fallback.reason == (
        "the customer's address (KY 40205), as the site address names no state"
    )
