"""Exhibits are the real documents — photos full-page and upright, PDFs merged page by page
under their exhibit label — and every sentence of the statement of facts cites the exhibit
page that shows it. Also the timeline (one row per event) and the mediation bundle's marks.
All read back from the PDF."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader, PdfWriter

from tests.documents.builder import TODAY, work_order_pdf
from tests.documents.conftest import flat, pages_text
from tests.documents.test_bundle import outline
from tradebook.documents.bundle import SETTLEMENT, build_bundle
from tradebook.documents.casefile import build_casefile
from tradebook.domain.dates import month_on
from tradebook.domain.timeline import case_timeline

CITE = re.compile(
    r"\((?:(?P<ref>[A-Z]+-\d+), )?Exhibit (?P<label>[A-Z]+), pp?\.\s(?P<first>\d+)(?:–(?P<last>\d+))?\)"
)
MM = 72 / 25.4


def exhibit_pages(reader: PdfReader) -> dict[str, tuple[int, int]]:
    """Exhibit label → (first, last) page number of the bundle, from the outline."""
    top = [(title, page) for level, title, page in outline(reader) if level == 0]
    found = {}
    for (title, first), (_, after) in zip(top, top[1:], strict=False):
        label = re.match(r"Exhibit ([A-Z]+) ", title)
        if label:
            found[label.group(1)] = (first, after - 1)
    return found


@pytest.fixture(params=["small-claims", "mediation"])
def bundle(request, view, tmp_path):
    made = build_bundle(view, "C-0001", request.param, TODAY, tmp_path / "b.pdf")
    return made, PdfReader(str(made.path)), pages_text(made.path)


def test_every_sentence_of_the_facts_cites_an_exhibit_page(view):
    from tradebook.documents.bundle import _lay_out_exhibits
    from tradebook.documents.casefile import with_pages

    case = build_casefile(view, "C-0001", "small-claims", TODAY)
    case = with_pages(view, case, _lay_out_exhibits(view, case)[0])
    for fact in case.facts:
        for sentence in re.split(r"(?<=\)\.) ", fact):
            assert CITE.search(sentence), sentence


def test_each_citation_points_at_the_page_that_shows_it(bundle):
    made, reader, pages = bundle
    spans = exhibit_pages(reader)
    facts = flat(
        " ".join(p for p in pages if "Statement of facts" in p and "Each sentence closes" in p)
    )
    citations = list(CITE.finditer(facts))
    assert len(citations) >= 15
    checked = 0
    for cite in citations:
        first, last = spans[cite["label"]]
        page = first + int(cite["first"]) - 1
        assert first <= page <= last, cite.group(0)
        if cite["last"]:
            assert page < first + int(cite["last"]) - 1 <= last, cite.group(0)
        if cite["ref"]:
            assert cite["ref"] in pages[page - 1], cite.group(0)
            checked += 1
    assert checked >= 5
    assert "(L-0002, Exhibit F, p. 2)" in facts  # the final notice starts the letters' second page
    raw = "\n".join(p for p in pages if "Each sentence closes" in p)
    assert not re.search(r"\bpp?\.\s*\n", raw), "a page number is never parted from its p."


def test_a_pdf_attachment_is_merged_page_by_page_under_its_label(bundle):
    made, reader, pages = bundle
    first, last = exhibit_pages(reader)["C"]
    assert last - first == 1  # the signed work order has two pages
    toc = flat(pages[1])
    assert re.search(
        r"Exhibit C — Document attached to J-0001: work-order-signed\.pdf[ .]*" + str(first), toc
    )
    for sheet, page in enumerate((first, last), 1):
        text = flat(pages[page - 1])
        assert f"Signed work order, sheet {sheet} of 2" in text
        assert "EXHIBIT C" in text and f"Page {page} of {made.pages}" in text
        assert f"work-order-signed.pdf — page {sheet} of 2" in text
    with pdfplumber.open(str(made.path)) as pdf:
        page = pdf.pages[first - 1]
        tag = next(w for w in page.extract_words() if w["text"] == "EXHIBIT")
        title = [w for w in page.extract_words() if w["text"] in ("WORK", "4471")]
        assert title, "the merged page's own text"
        for word in title:  # inside the page body: below the label, within the margins
            assert word["top"] > tag["bottom"]
            assert 20 * MM < word["x0"] < page.width - 20 * MM
            assert word["bottom"] < page.height - 18 * MM


def test_a_turned_pdf_page_and_a_phone_photo_are_shown_upright(sample, tmp_path):
    from PIL import Image

    photo = tmp_path / "phone.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # taken holding the phone upright: stored on its side
    Image.new("RGB", (600, 400), (230, 200, 180)).save(photo, exif=exif)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(work_order_pdf(3))))
    writer.pages[1].rotate(90)
    scan = tmp_path / "turned.pdf"
    with scan.open("wb") as out:
        writer.write(out)
    sample.tables["jobs"][1]["attachments"] = [str(photo), str(scan)]
    made = build_bundle(sample.view(), "C-0001", "small-claims", TODAY, tmp_path / "b.pdf")
    reader = PdfReader(str(made.path))
    spans = exhibit_pages(reader)
    with pdfplumber.open(str(made.path)) as pdf:
        [image] = pdf.pages[spans["B"][0] - 1].images
        assert image["height"] > image["width"]  # portrait, as the phone saw it
        assert image["height"] > 0.9 * (pdf.pages[0].height - (16 + 18 + 25) * MM)
        turned = pdf.pages[spans["C"][0]]  # the scan's second page
        frame = max(turned.rects, key=lambda r: r["width"] * r["height"])
        assert frame["width"] > frame["height"]  # shown landscape, as /Rotate asks
    assert spans["C"][1] - spans["C"][0] == 2 and made.pages == len(reader.pages)


def test_a_large_photo_is_scaled_down_and_every_page_stays_labelled(sample, tmp_path):
    from PIL import Image

    big = tmp_path / "wide.png"
    Image.new("RGB", (4000, 1500), (40, 90, 160)).save(big)
    sample.tables["jobs"][1]["attachments"] = [str(big)]
    made = build_bundle(sample.view(), "C-0001", "small-claims", TODAY, tmp_path / "b.pdf")
    reader = PdfReader(str(made.path))
    page = reader.pages[exhibit_pages(reader)["B"][0] - 1]
    [image] = page.images
    assert image.image.size[0] == 2400  # at most 2,400 pixels on its longer side
    assert "EXHIBIT B" in page.extract_text()


# ----- the timeline ------------------------------------------------------------------------


def test_the_timeline_has_one_row_per_event(view):
    rows = case_timeline(view, "C-0001")
    refs = [e.ref for e in rows]
    assert refs.count("L-0001") == refs.count("L-0002") == 1
    assert "K-0004" not in refs and "K-0007" not in refs  # the letters' own log entries
    assert [e.kind for e in rows].count("promise") == 0
    promise = next(e for e in rows if e.ref == "K-0003")
    assert (
        promise.text.endswith("— promised to pay $400.00 by 2026-07-20") and promise.amount == 40000
    )
    invoice = next(e for e in rows if e.ref == "INV-0001")
    assert invoice.text == "invoice issued, due 2026-07-05; sent by mail"
    for event in rows:
        if event.kind in ("invoice", "payment", "deposit", "letter", "job"):
            assert "T" not in event.at, event  # dates alone: no time was recorded
    final = next(e for e in rows if e.ref == "L-0002")
    assert final.at == "2026-10-01" and final.text == (
        "final notice sent by certified mail (tracking 9407 1118 9876 5432 1012 34), about "
        "INV-0001, INV-0003; pay by 2026-10-15"
    )


def test_the_printed_timeline_shows_times_only_where_they_were_recorded(bundle):
    made, reader, pages = bundle
    page = next(flat(p) for p in pages if "Timeline Every job" in flat(p))
    assert "2026-06-05 invoice INV-0001 invoice issued" in page
    assert "2026-07-10 17:40 contact K-0003" in page
    assert "2026-10-01 letter L-0002 final notice sent" in page
    assert "12:00" not in page and "00:00" not in page
    assert page.count("L-0002") == 1 and "K-0007" not in page


# ----- the mediation bundle -----------------------------------------------------------------


def test_the_settlement_notice_is_on_every_page_of_a_mediation_bundle_only(view, tmp_path):
    mediation = pages_text(
        build_bundle(view, "C-0001", "mediation", TODAY, tmp_path / "m.pdf").path
    )
    assert all(SETTLEMENT in page for page in mediation)
    claim = pages_text(build_bundle(view, "C-0001", "small-claims", TODAY, tmp_path / "s.pdf").path)
    assert not any(SETTLEMENT in page for page in claim)


@pytest.mark.parametrize(
    ("anchor", "dates"),
    [
        (date(2027, 1, 31), ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"]),
        (
            date(2027, 12, 30),
            ["2027-12-30", "2028-01-30", "2028-02-29", "2028-03-30", "2028-04-30"],
        ),
        (date(2026, 12, 6), ["2026-12-06", "2027-01-06", "2027-02-06", "2027-03-06", "2027-04-06"]),
    ],
)
def test_plan_dates_keep_their_day_of_the_month(anchor, dates):
    assert [month_on(anchor, n).isoformat() for n in range(5)] == dates


def test_a_mediation_plan_falls_on_one_day_of_each_month_without_drift(sample, tmp_path):
    today = date(2026, 12, 31)
    case = build_casefile(sample.view(), "C-0001", "mediation", today)
    plan = next(p for p in case.proposals if p.title == "Payment plan")
    assert [d.isoformat() for d, _ in plan.schedule] == [
        "2027-01-31",
        "2027-02-28",
        "2027-03-31",
        "2027-04-30",
        "2027-05-31",
        "2027-06-30",
    ]
    assert sum(amount for _, amount in plan.schedule) == case.claim.principal
    assert "on the 31st of each month (the last day of a shorter month)" in plan.text
    made = build_bundle(sample.view(), "C-0001", "mediation", today, tmp_path / "m.pdf")
    text = flat(pages_text(made.path)[-1])
    assert "4 April 30, 2027 $280.00" in text
    assert (
        "Prompt-payment discount $1,512.00 paid in one sum by January 31, 2027, in full "
        "settlement: 10% ($168.00) off the principal of $1,680.00."
    ) in text


def test_the_discount_follows_the_settings(sample):
    from dataclasses import replace

    from tradebook.settings import DEFAULTS

    settings = replace(
        DEFAULTS, thresholds=replace(DEFAULTS.thresholds, settlement_discount_pct=15)
    )
    case = build_casefile(sample.view(), "C-0001", "mediation", TODAY, settings)
    discount = next(p for p in case.proposals if p.title == "Prompt-payment discount")
    assert discount.text.startswith(
        "$1,428.00 paid in one sum by December 20, 2026, in full "
        "settlement: 15% ($252.00) off the principal of $1,680.00"
    )


def test_the_pages_of_a_bundle_with_attachments_agree_with_its_contents(bundle):
    made, reader, pages = bundle
    marks = outline(reader)
    contents = flat(pages[1])
    for _, title, page in marks:
        assert re.search(re.escape(title[:40]) + r".*?[ .]*" + str(page) + r"\b", contents), title
    for n, text in enumerate(pages, 1):
        assert f"Page {n} of {len(pages)}" in flat(text)
    assert Path(made.path).read_bytes().count(b"%%EOF") >= 1


def test_a_pdf_page_that_cannot_be_shown_is_said_so_not_fatal(sample, tmp_path):
    from pypdf.generic import RectangleObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(work_order_pdf(3))))
    writer.pages[1].mediabox = RectangleObject([0, 0, 0, 0])
    writer.pages[1].cropbox = RectangleObject([0, 0, 0, 0])
    odd = tmp_path / "odd.pdf"
    with odd.open("wb") as out:
        writer.write(out)
    sample.tables["jobs"][1]["attachments"] = [str(odd)]
    made = build_bundle(sample.view(), "C-0001", "small-claims", TODAY, tmp_path / "b.pdf")
    pages = pages_text(made.path)
    first, last = exhibit_pages(PdfReader(str(made.path)))["B"]
    assert last - first == 2
    assert "Signed work order, sheet 1 of 3" in pages[first - 1]
    assert "This page of the file could not be read" in flat(pages[first])
    assert "Signed work order, sheet 3 of 3" in pages[last - 1]
