"""Small-claims limits and limitation periods, each with its source and date; user overrides win."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tradebook.domain.jurisdictions import assets_dir, jurisdiction, limitation_ends, shipped_codes
from tradebook.settings import parse_settings


def test_the_shipped_states():
    """Kentucky, its neighbours, and the states customers most often live in."""
    assert shipped_codes() == [
        "CA",
        "FL",
        "IL",
        "IN",
        "KY",
        "MA",
        "MO",
        "NY",
        "OH",
        "TN",
        "TX",
        "VA",
        "WV",
    ]


@pytest.mark.parametrize(
    ("code", "limit", "written", "oral", "shortest"),
    [
        ("KY", 2_500_00, 10, 5, 5),
        ("IN", 10_000_00, 6, 6, 6),
        ("OH", 6_000_00, 6, 4, 4),
        ("WV", 10_000_00, 10, 5, 5),
        ("VA", 5_000_00, 5, 3, 3),
        ("TN", 25_000_00, 6, 6, 6),
        ("MO", 5_000_00, None, 5, 5),
        ("IL", 10_000_00, 10, 5, 5),
        ("CA", 12_500_00, 4, 2, 2),
        ("TX", 20_000_00, 4, 4, 4),
        ("NY", 10_000_00, 6, 6, 6),
        ("FL", 8_000_00, 5, 4, 4),
        ("MA", 7_000_00, 6, 6, 6),
    ],
)
def test_known_figures_with_their_sources(code, limit, written, oral, shortest):
    place = jurisdiction(code)
    assert (
        place.small_claims_limit,
        place.written_years,
        place.oral_years,
        place.shortest_years,
    ) == (limit, written, oral, shortest)
    assert place.source and place.limitation_source


def test_variants_of_the_limit_are_kept_in_a_note():
    assert "$6,250" in jurisdiction("CA").limit_note
    ny = jurisdiction("ny").limit_note
    assert "$5,000" in ny and "$3,000" in ny and "Commercial Claims" in ny
    assert "CCP 116.320" in jurisdiction("CA").demand_note


def test_the_limit_for_the_claimant():
    ca = jurisdiction("CA")
    assert (ca.limit_for("business"), ca.limit_for("individual")) == (6_250_00, 12_500_00)
    assert ca.limit_words("business") == "California's small-claims limit for businesses"
    ky = jurisdiction("KY")
    assert ky.limit_for("business") == ky.limit_for("individual") == 2_500_00


@pytest.mark.parametrize(
    ("code", "agreed_interest_excluded"),
    [
        ("KY", True),
        ("FL", True),
        ("OH", True),
        ("IL", True),
        ("MO", True),
        ("VA", True),
        ("TX", False),  # only statutory interest is left out in Texas
        ("TN", False),
        ("MA", False),  # what these limits leave out is not on record
    ],
)
def test_what_the_limit_leaves_out(code, agreed_interest_excluded):
    assert jurisdiction(code).excludes_agreed_interest is agreed_interest_excluded


def test_over_limit_advice_follows_the_state():
    assert "does not let you give up the excess" in jurisdiction("TX").over_limit_advice(2_000_000)
    assert "waive" not in jurisdiction("TX").over_limit_advice(2_000_000)
    assert "claim up to $10,000.00 and give up the rest" in jurisdiction("IN").over_limit_advice(
        1_000_000
    )
    assert "not on record, so ask the clerk" in jurisdiction("KY").over_limit_advice(250_000)


def test_the_limitation_basis_is_said_plainly():
    assert jurisdiction("KY").limitation_basis == (
        "to be safe, the shorter oral-contract period; a signed written contract may allow longer"
    )
    assert jurisdiction("TX").limitation_basis == "the same for written and oral contracts"


def test_kentucky_written_contract_period_cites_krs_413_160():
    data = json.loads((assets_dir() / "jurisdictions.json").read_text(encoding="utf-8"))
    written = data["KY"]["written_years"]
    assert written["value"] == 10 and "KRS 413.160" in written["source"]
    assert "KRS 413.090(2)" in written["note"]  # the older 15-year rule, for older contracts
    assert jurisdiction("KY").limitation_source.startswith("KRS 413.120")  # the period counted


def test_kentucky_filing_rules():
    ky = jurisdiction("KY")
    assert ky.value("claims_cap") == 25 and ky.figure("claims_cap")["per"] == "calendar year"
    assert ky.value("sheriff_fee") == "20.00" and "23A.200(2)" in ky.figure("sheriff_fee")["note"]
    assert ky.value("filing_fee") is None and "confirm with" in ky.figure("filing_fee")["note"]
    assert "AOC-175" in ky.value("form")
    lien = ky.lien
    assert (
        lien["file_months"]["value"],
        lien["owner_copy_days"]["value"],
        lien["enforce_months"]["value"],
    ) == (6, 7, 12)
    assert jurisdiction("OH").lien == {}


def test_new_york_businesses_use_commercial_claims():
    court = jurisdiction("NY").figure("business_court")
    assert court["value"] == "Commercial Claims" and court["cap"] == 5
    assert "10 to 180 days" in court["note"] and "accounting of all payments" in court["note"]


def test_massachusetts_figures_and_creditor_rules():
    ma = jurisdiction("MA")
    assert (ma.small_claims_limit, ma.written_years) == (7_000_00, 6)
    assert not ma.demand_required and "93A" in ma.demand_note
    assert ma.creditor["home_calls"]["value"] == [2, 7]
    assert ma.creditor["visits"]["value"] is None  # not found in a source: not enforced


def test_unknown_or_missing_codes():
    assert jurisdiction("ZZ") is None
    assert jurisdiction(None) is None and jurisdiction("") is None


def _entries(figures):
    for key, figure in figures.items():
        if isinstance(figure, dict) and "value" in figure:
            yield key, figure
        elif isinstance(figure, dict):
            yield from ((f"{key}.{k}", f) for k, f in _entries(figure))


def test_every_figure_in_the_data_file_carries_a_source_or_says_it_is_missing():
    data = json.loads((assets_dir() / "jurisdictions.json").read_text(encoding="utf-8"))
    for code, figures in data.items():
        if code.startswith("_"):
            continue
        for key, figure in _entries({k: v for k, v in figures.items() if k != "name"}):
            if figure["value"] is None:
                assert figure["note"], (code, key)  # says what is missing
                continue
            assert figure["source"], (code, key)
            if figure.get("read"):
                date.fromisoformat(figure["read"])
            if figure.get("source_date"):
                date.fromisoformat(figure["source_date"])


def test_settings_override_a_figure_and_name_themselves_as_its_source():
    settings = parse_settings(
        '[jurisdictions.KY]\nsmall_claims_limit = "3,000"\n'
        "[jurisdictions.MA]\nsmall_claims_limit = 7500\noral_years = 5\n"
        'source = "mass.gov small claims"\nsource_date = 2026-02-01\n'
        '[jurisdictions.NV]\nname = "Nevada"\nsmall_claims_limit = 10000\n'
    )
    ky = jurisdiction("KY", settings)
    assert ky.small_claims_limit == 3_000_00 and ky.source == "your settings.toml"
    assert ky.written_years == 10  # untouched figures keep the shipped value
    ma = jurisdiction("MA", settings)
    assert (ma.small_claims_limit, ma.oral_years, ma.source, ma.source_date) == (
        7_500_00,
        5,
        "mass.gov small claims",
        "2026-02-01",
    )
    nv = jurisdiction("NV", settings)
    assert nv.name == "Nevada" and nv.small_claims_limit == 10_000_00 and nv.written_years is None


def test_limitation_counts_whole_years():
    assert limitation_ends(date(2021, 3, 15), 5) == date(2026, 3, 15)
    assert limitation_ends(date(2024, 2, 29), 5) == date(2029, 2, 28)


def test_the_jurisdictions_page_is_written_from_the_data_file():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, str(root / "scripts" / "jurisdictions_doc.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    page = (root / "docs" / "jurisdictions.md").read_text(encoding="utf-8")
    assert "not legal advice" in page and "**missing**" in page
    for code in shipped_codes():
        assert f"({code})" in page
