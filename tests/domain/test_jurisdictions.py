"""Small-claims limits and limitation periods, each with its source and date; user overrides win."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tradebook.domain.jurisdictions import assets_dir, jurisdiction, limitation_ends, shipped_codes
from tradebook.settings import parse_settings


def test_the_shipped_states():
    assert shipped_codes() == ["CA", "FL", "KY", "MA", "NY", "TX"]


@pytest.mark.parametrize(("code", "limit", "written", "oral", "demand", "dated"), [
    ("KY", 2_500_00, 10, 5, False, "2023-09-25"),
    ("CA", 12_500_00, 4, 2, True, "2025-10-15"),
    ("TX", 20_000_00, 4, 4, False, "2023-10-16"),
    ("NY", 10_000_00, 6, 6, False, "2024-01-29"),
    ("FL", 8_000_00, 5, 4, False, "2024-03-26"),
])
def test_known_figures_with_their_sources(code, limit, written, oral, demand, dated):
    place = jurisdiction(code)
    assert (place.small_claims_limit, place.written_years, place.oral_years,
            place.demand_required) == (limit, written, oral, demand)
    assert place.source and place.source_date == dated
    assert place.limitation_source and place.shortest_years == min(written, oral)


def test_variants_of_the_limit_are_kept_in_a_note():
    assert "$6,250 for businesses" in jurisdiction("CA").limit_note
    ny = jurisdiction("ny").limit_note
    assert "$5,000" in ny and "$3,000" in ny
    assert "interest and court costs" in jurisdiction("TX").limit_note
    assert "CCP 116.320" in jurisdiction("CA").demand_note


def test_the_limit_for_the_claimant():
    ca = jurisdiction("CA")
    assert (ca.limit_for("business"), ca.limit_for("individual")) == (6_250_00, 12_500_00)
    assert ca.limit_words("business") == "California's small-claims limit for businesses"
    ky = jurisdiction("KY")
    assert ky.limit_for("business") == ky.limit_for("individual") == 2_500_00
    assert jurisdiction("MA").limit_for("business") is None


def test_a_users_own_limit_is_for_every_claimant_unless_they_set_a_business_one():
    own = parse_settings('[jurisdictions.CA]\nsmall_claims_limit = "10,000"\n')
    assert jurisdiction("CA", own).limit_for("business") == 10_000_00
    both = parse_settings('[jurisdictions.CA]\nsmall_claims_limit = "10,000"\n'
                          'business_small_claims_limit = "5,000"\n')
    ca = jurisdiction("CA", both)
    assert (ca.limit_for("business"), ca.limit_for("individual")) == (5_000_00, 10_000_00)


def test_the_limitation_basis_is_said_plainly():
    assert jurisdiction("KY").limitation_basis == (
        "to be safe, the shorter oral-contract period; a signed written contract may allow longer")
    assert jurisdiction("TX").limitation_basis == "the same for written and oral contracts"


def test_kentucky_written_contract_period_cites_krs_413_090():
    data = json.loads((assets_dir() / "jurisdictions.json").read_text(encoding="utf-8"))
    written = data["KY"]["written_years"]
    assert written["value"] == 10 and written["source_date"] == "2023-09-25"
    assert "KRS 413.090(2)" in written["note"] and "KRS 413.090(2)" in written["source"]
    assert "413.160" not in json.dumps(written)
    assert jurisdiction("KY").limitation_source.startswith("KRS 413.090(2)")


def test_massachusetts_unknown_figures_are_none():
    ma = jurisdiction("MA")
    assert ma.name == "Massachusetts"
    assert (ma.small_claims_limit, ma.written_years, ma.oral_years, ma.shortest_years) == (
        None, None, None, None)
    assert ma.demand_required and "93A" in ma.demand_note


def test_unknown_or_missing_codes():
    assert jurisdiction("ZZ") is None
    assert jurisdiction(None) is None and jurisdiction("") is None


def test_every_known_figure_in_the_data_file_carries_a_source():
    data = json.loads((assets_dir() / "jurisdictions.json").read_text(encoding="utf-8"))
    for code, figures in data.items():
        if code.startswith("_"):
            continue
        for key, figure in figures.items():
            if key != "name" and figure["value"] is not None:
                assert figure["source"], (code, key)
                if code != "MA":
                    date.fromisoformat(figure["source_date"])


def test_settings_override_a_figure_and_name_themselves_as_its_source():
    settings = parse_settings("[jurisdictions.KY]\nsmall_claims_limit = \"3,000\"\n"
                              "[jurisdictions.MA]\nsmall_claims_limit = 7000\noral_years = 6\n"
                              "source = \"mass.gov small claims\"\nsource_date = 2026-02-01\n"
                              "[jurisdictions.OH]\nname = \"Ohio\"\nsmall_claims_limit = 6000\n")
    ky = jurisdiction("KY", settings)
    assert ky.small_claims_limit == 3_000_00 and ky.source == "your settings.toml"
    assert ky.written_years == 10  # untouched figures keep the shipped value
    ma = jurisdiction("MA", settings)
    assert (ma.small_claims_limit, ma.oral_years, ma.source, ma.source_date) == (
        7_000_00, 6, "mass.gov small claims", "2026-02-01")
    oh = jurisdiction("OH", settings)
    assert oh.name == "Ohio" and oh.small_claims_limit == 6_000_00 and oh.written_years is None


def test_limitation_counts_whole_years():
    assert limitation_ends(date(2021, 3, 15), 5) == date(2026, 3, 15)
    assert limitation_ends(date(2024, 2, 29), 5) == date(2029, 2, 28)
