"""Whose rules from the command line: a customer's state given, edited, read from the address,
and a job's site state; a bad state writes nothing."""

from __future__ import annotations

import pytest


def test_a_customer_state_is_given_edited_and_shown_with_its_reason(started):
    ref = started.ok(
        "customer", "add", "Ohio Rentals", "--address", "1 Vine St, Cincinnati, OH 45202"
    ).out.strip()
    assert (
        "Ohio (from the customer's address (OH 45202))" in started.ok("customer", "show", ref).words
    )
    assert started.ok("customer", "edit", ref, "--state", "ky").out.strip() == (
        f"{ref} Ohio Rentals: rules of Kentucky (from the customer's state, as recorded)"
    )
    assert started.ok("customer", "show", ref, "--json").json()["rules"].startswith("Kentucky")
    cleared = started.ok("customer", "edit", ref, "--state", "").out
    assert "Ohio (from the customer's address (OH 45202))" in cleared
    given = started.ok("customer", "add", "Hoosier Homes", "--state", "IN").out.strip()
    assert started.ok("customer", "show", given, "--json").json()["rules"] == (
        "Indiana (from the customer's state, as recorded)"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("customer", "add", "Nowhere Ltd", "--state", "ZZ"),
        ("customer", "edit", "C-0001", "--state", "Kentucky"),
        ("customer", "edit", "C-0001"),
        ("job", "add", "C-0001", "--site", "1 Elm", "--desc", "Panel", "--site-state", "XX"),
    ],
)
def test_a_bad_state_is_refused_and_nothing_is_written(started, args):
    before = started.fingerprint()
    result = started(*args)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert started.fingerprint() == before


def test_a_job_keeps_its_site_state(started):
    job = started.ok(
        "job", "add", "C-0001", "--site", "410 Spring St", "--desc", "Panel", "--site-state", "in"
    ).out.strip()
    listed = {j["ref"]: j for j in started.ok("job", "list", "--json").json()}
    assert listed[job]["site_state"] == "IN"
