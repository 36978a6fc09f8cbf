"""The filing sheet: Kentucky's AOC-175 filled from the book in the form's order, the court and
county from the defendant's ZIP, fees, service, the claims cap, who may appear for a company;
another state shows what the data has and says what is missing."""

from __future__ import annotations

import pytest

from tests.documents.builder import BAKERY, TODAY
from tests.documents.conftest import flat, pages_text
from tradebook.documents.filing import build_filing, company_form
from tradebook.documents.filing_pdf import write_filing_pdf


def _section(sheet, start):
    return next(s for s in sheet.sections if s.title.startswith(start))


def _text(sheet) -> str:
    parts = []
    for s in sheet.sections:
        parts.append(s.title)
        parts.extend(f"{f.label}: {f.value} {f.note}" for f in s.fields)
        parts.extend(s.paragraphs)
    return flat(" ".join(parts))


def test_kentucky_fields_in_the_forms_order(sample):
    sheet = build_filing(sample.view(), "C-0001", TODAY)
    form = _section(sheet, "The form: AOC-175")
    assert [f.label for f in form.fields] == [
        "Court",
        "County",
        "Plaintiff",
        "Defendant",
        "Amount claimed",
        "Reason for the claim",
        "Claims filed this year",
        "Signature and date",
    ]
    values = {f.label: f for f in form.fields}
    assert values["Court"].value == "District Court, Small Claims Division"
    assert values["County"].value == "Jefferson"  # 47 Cherokee Rd, Louisville, KY 40205
    assert values["Amount claimed"].value.startswith("$1,680.00")
    assert "not counting interest and costs" in values["Amount claimed"].note
    text = _text(sheet)
    assert "Filing fee: confirm with the clerk" in text
    assert "Sheriff service: $20.00 per process" in text and "KRS 23A.200(2)" in text
    assert "only the complaint is served" in text and "this bundle is not served" in text
    assert "0 small claims filed by this business in 2026 (from its cases), of at most 25" in text
    assert "AOC-185" in text and "Appeal" in text


def test_an_unknown_zip_says_look_up_the_county(sample):
    sample.tables["customers"][1]["address"] = "12 Main St, Lexington, KY 40502"
    county = _section(build_filing(sample.view(), "C-0001", TODAY), "The form").fields[1]
    assert county.value == "look up the county" and "ZIP 40502" in county.note


def test_claims_filed_this_year_come_from_the_cases(sample):
    for filed in ("2026-02-01", "2026-07-15", "2025-12-30"):
        sample.add(
            "cases",
            customer="C-0003",
            kind="small-claims",
            amount=100_00,
            status="filed",
            filed=filed,
            hearing=None,
            outcome=None,
        )
    sample.add(
        "cases",
        customer="C-0003",
        kind="mediation",
        amount=100_00,
        status="open",
        filed="2026-03-01",
        hearing=None,
        outcome=None,
    )
    text = _text(build_filing(sample.view(), "C-0001", TODAY))
    assert "2 small claims filed by this business in 2026" in text


def test_a_kentucky_llc_claimant_and_llc_defendant(sample):
    sample.tables["profile"][1]["entity"] = "llc"
    sheet = build_filing(sample.view(), "C-0002", TODAY)  # Łódź Bakery LLC
    text = _text(sheet)
    assert "is an LLC: a non-lawyer officer of a corporation or LLC may not practise law" in text
    assert "Hornsby" in text
    defendant = next(f for f in _section(sheet, "The form").fields if f.label == "Defendant")
    assert defendant.value.startswith(BAKERY) and "registered agent" in defendant.value
    assert "The defendant is a company" in text


def test_company_form_from_the_profile_or_the_name():
    assert company_form("Bright Spark Electric LLC") == "llc"
    assert company_form("Acme Widgets, Inc.") == "corporation"
    assert company_form("Sam Carter Electric", "corporation") == "corporation"
    assert company_form("Bright Spark Electric LLC", "sole-proprietor") is None
    assert company_form("Tom Becker") is None


def test_a_new_york_business_claim_goes_to_commercial_claims(sample):
    sample.tables["customers"][1]["state"] = "NY"
    sheet = build_filing(sample.view(), "C-0001", TODAY)
    text = _text(sheet)
    assert sheet.title == "Filing sheet — New York small claim"
    assert "A business claimant files in Commercial Claims" in text
    assert "10 to 180 days before filing" in text and "at most 5 claims a month" in text
    assert "the complaint form" in sheet.missing and "the filing fee" in sheet.missing
    assert "Not in tradebook's data for New York" in text


@pytest.mark.parametrize("code", ["IN", "OH", "WV", "VA", "TN", "MO", "IL", "CA", "TX", "FL", "MA"])
def test_other_states_show_what_there_is_and_say_what_is_missing(sample, code):
    sample.tables["customers"][1]["state"] = code
    sheet = build_filing(sample.view(), "C-0001", TODAY)
    assert sheet.missing and "the complaint form" in sheet.missing
    assert any(f.label == "Small-claims limit" for f in sheet.sections[0].fields)


def test_not_ready_until_a_final_notice_passed(sample):
    sheet = build_filing(sample.view(), "C-0003", TODAY)
    assert sheet.not_ready


def test_the_sheet_as_a_pdf(sample, tmp_path):
    path, sheet = write_filing_pdf(sample.view(), "C-0001", TODAY, tmp_path / "filing.pdf")
    text = flat(" ".join(pages_text(path)))
    assert "Filing sheet — Kentucky small claim" in text and "not legal advice" in text
    assert "AOC-175" in text and "Jefferson" in text


def test_the_checklist_carries_the_lien_deadline_of_the_claimed_work(sample):
    from tradebook.documents.casefile import build_casefile

    case = build_casefile(sample.view(), "C-0001", "small-claims", TODAY)
    lien = next(c for c in case.checklist if c.item == "Mechanic's lien on J-0001")
    assert "must be filed with the county clerk by 2026-12-03" in lien.detail
    assert "13 days left" in lien.detail and "Mail a copy to the owner within 7 days" in lien.detail
    copies = next(c for c in case.checklist if c.item == "Copies")
    assert "serves the defendant with the complaint only, not this bundle" in copies.detail
