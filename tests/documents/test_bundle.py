"""Bundles read back: parties, amounts, exhibits labelled on every page, outline and
contents, integrity, checklist — and nothing of any other customer.

The sample's exhibits: A agreement, B the panel photo, C the signed work order (2 pages),
D invoices, E statement of account, F letters, G contact log."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.documents.builder import BUSINESS, RENEE, TODAY, at, sample_tables
from tests.documents.conftest import flat, pages_text
from tradebook.documents.bundle import build_bundle
from tradebook.documents.casefile import build_casefile
from tradebook.errors import BadInput

OTHER_CUSTOMER = (
    "Otto",
    "Quimby",
    "Secret rewiring",
    "Preston Hwy",
    "INV-0002",
    "K-0002",
    "K-0005",
    "Otto-only",
)


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page number) of every bookmark."""
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


@pytest.fixture
def small_claims(view, tmp_path):
    made = build_bundle(view, "C-0001", "small-claims", TODAY, tmp_path / "bundle.pdf")
    return made, PdfReader(str(made.path)), pages_text(made.path)


def test_cover_sheet_names_parties_amounts_and_jurisdiction(small_claims):
    _, _, pages = small_claims
    cover = flat(pages[0])
    assert "Small-claims bundle" in cover and f"{BUSINESS} v. {RENEE}" in cover
    assert "Claimant" in cover and "Defendant" in cover and "license no. ME-48213" in cover
    assert "Principal past due and demanded (INV-0001, INV-0003) $1,680.00" in cover
    # the letters on record asked for the principal alone: the agreed interest is not claimed
    assert "Late fees and interest (none asked for in a delivered letter) $0.00" in cover
    assert "Total claimed $1,680.00" in cover
    assert (
        "Not claimed What Amount Why not Late fees and interest on INV-0001, INV-0003 $112.03 "
        "agreed (interest of 1.5% a month on the overdue principal) but never demanded in a "
        "delivered letter"
    ) in cover
    assert (
        "Kentucky (KY)" in cover
        and "$2,500.00 (limit source read 2026-12-06; source: Kentucky AOC-175" in cover
    )
    assert "Prepared November 20, 2026" in cover
    assert (
        "Exhibits A: Agreement, quote and work order · B: Photo attached to J-0001: panel-after.png "
        "· C: Document attached to J-0001: work-order-signed.pdf · D: Invoices claimed"
    ) in cover


def test_outline_contents_and_page_count_agree(small_claims):
    made, reader, pages = small_claims
    assert made.pages == len(reader.pages) == len(pages) == 18
    marks = outline(reader)
    top = [title for level, title, _ in marks if level == 0]
    assert top == [
        "Cover sheet",
        "How the amount claimed is reached",
        "Statement of facts",
        "Timeline",
        "Exhibit A — Agreement, quote and work order",
        "Exhibit B — Photo attached to J-0001: panel-after.png",
        "Exhibit C — Document attached to J-0001: work-order-signed.pdf",
        "Exhibit D — Invoices claimed",
        "Exhibit E — Statement of account",
        "Exhibit F — Letters, with delivery evidence",
        "Exhibit G — Contact log",
        "Integrity of the contact log",
        "Filing checklist",
        "Filing sheet — Kentucky small claim",
    ]
    assert "L-0002 — Final notice, 2026-10-01" in [t for lvl, t, _ in marks if lvl == 1]
    contents = flat(pages[1])
    assert contents.startswith(f"{BUSINESS} Small-claims bundle") and "Contents" in contents
    for _, title, page in marks:
        assert re.search(re.escape(title) + r"[ .]*" + str(page) + r"\b", contents), title
    for n, text in enumerate(pages, 1):
        assert f"Page {n} of {len(pages)}" in flat(text)


def test_every_page_of_each_exhibit_carries_its_label(small_claims):
    _, reader, pages = small_claims
    starts = [(title, page) for level, title, page in outline(reader) if level == 0]
    for (title, first), (_, after) in zip(starts, starts[1:], strict=False):
        label = re.match(r"Exhibit ([A-Z]) ", title)
        for n in range(first, after):
            tagged = re.findall(r"EXHIBIT ([A-Z])", pages[n - 1])
            assert tagged == ([label.group(1)] if label else []), (title, n)


def test_facts_timeline_letters_and_evidence_are_in(small_claims):
    _, _, pages = small_claims
    text = flat(" ".join(pages))
    assert (
        "On October 1, 2026 the claimant sent the defendant a final notice by certified mail, "
        "tracking number 9407 1118 9876 5432 1012 34, asking for payment by October 15, 2026 "
        "(L-0002, Exhibit F, p. 2)" in text
    )
    assert "promised to pay $400.00 by July 20, 2026, and kept it (K-0003, Exhibit G, p. 1)" in text
    assert "As of November 20, 2026, $1,680.00 remains unpaid on INV-0001 and INV-0003" in text
    assert "Renée called back: short of cash" in text
    assert "PDF sha256 " + "cd" * 32 in text
    assert (
        "Kept with J-0001: panel-after.png (Exhibit B, p. 1) and work-order-signed.pdf "
        "(Exhibit C, pp. 1–2)" in text
    )
    assert "Signed work order, sheet 2 of 2" in text  # the attachment's own pages are in


def test_a_bundle_holds_no_other_customers_data(small_claims):
    _, _, pages = small_claims
    text = " ".join(pages)
    for needle in OTHER_CUSTOMER:
        assert needle not in text


def test_photos_are_embedded_full_page(small_claims):
    import pdfplumber

    made, reader, pages = small_claims
    photo_page = next(n for n, text in enumerate(pages) if "320 × 200 pixels" in text)
    assert "EXHIBIT B" in pages[photo_page]
    assert reader.pages[photo_page].images, "the photo should be an image on its page"
    with pdfplumber.open(str(made.path)) as pdf:
        [image] = pdf.pages[photo_page].images
        body = pdf.pages[photo_page].width - 2 * 20 * 72 / 25.4
    assert image["width"] > 0.99 * body  # as wide as the page body allows, not a thumbnail


def test_integrity_page_checks_the_whole_books_chain(small_claims, view):
    _, _, pages = small_claims
    page = next(flat(t) for t in pages if "Head hash" in flat(t))
    assert "7 entries in the book's log, hash chain intact" in page
    head = view.table("contacts")[-1]["hash"]
    assert head in page.replace(" ", "")
    assert "This customer's 5 entries" in page
    # plain words first — what was checked, what it shows, what it cannot — then the hashes
    order = [
        page.index(x)
        for x in (
            "What was checked",
            "What it shows",
            "What it cannot show",
            "The hashes",
            "Head hash",
            "K-0001",
        )
    ]
    assert order == sorted(order)
    assert (
        "It shows entries were not altered after being written. It cannot show that what an "
        "entry says is true, nor that nothing was left unrecorded" in page
    )
    for ref in ("K-0001", "K-0003", "K-0004", "K-0006", "K-0007"):
        assert ref in page


def test_filing_checklist_reports_what_is_met(small_claims):
    assert small_claims[0].unmet == () and small_claims[0].unmet_line() == ""
    _, _, pages = small_claims
    checklist = flat(next(p for p in pages if "☑ met" in p))
    assert (
        "☑ Demand letter sent Final notice L-0002 of October 1, 2026 by certified mail" in checklist
    )
    assert "its pay-by date October 15, 2026 has passed" in checklist
    assert "☑ Within the small-claims limit Claim $1,680.00" in checklist
    # the shorter (oral-contract) period, even though the job had a written quote
    assert "☑ Within the limitation period" in checklist and "July 5, 2031" in checklist
    assert (
        "5-year period (to be safe, the shorter oral-contract period; a signed written "
        "contract may allow longer) ends July 5, 2031" in checklist
    )
    assert "2036" not in checklist
    assert (
        "☑ Defendant's legal name and address Renée Núñez-Łukasiewicz, 47 Cherokee Rd" in checklist
    )
    assert "☑ Contact log intact" in checklist
    assert "three copies" in checklist


@pytest.mark.parametrize("kind", ["small-claims", "mediation"])
def test_same_book_same_day_same_bytes(view, tmp_path, kind):
    """Photo and merged PDF pages included."""
    one = build_bundle(view, "C-0001", kind, TODAY, tmp_path / "one.pdf")
    two = build_bundle(
        sample_tables(tmp_path / "attachments").view(), "C-0001", kind, TODAY, tmp_path / "two.pdf"
    )
    assert one.sha256 == two.sha256
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()


def test_mediation_bundle_is_neutral_and_proposes_resolutions(view, tmp_path):
    made = build_bundle(view, "C-0001", "mediation", TODAY, tmp_path / "m.pdf")
    pages = pages_text(made.path)
    text = flat(" ".join(pages))
    assert "Mediation bundle" in text and f"Between {BUSINESS} and {RENEE}" in text
    assert "claimant" not in text.lower() and "defendant" not in text.lower()
    assert "the customer may see things differently" in text
    proposals = flat(pages[-1])
    assert (
        proposals.startswith(f"{BUSINESS} Mediation bundle") and "Proposed resolutions" in proposals
    )
    assert (
        "1. Opening position $1,680.00, the amount in question, paid in one sum by December 20, "
        "2026." in proposals
    )
    assert (
        "2. Prompt-payment discount $1,512.00 paid in one sum by December 20, 2026, in full "
        "settlement: 10% ($168.00) off the principal of $1,680.00." in proposals
    )
    assert (
        "3. Payment plan The principal of $1,680.00 in 6 monthly installments on the 20th of "
        "each month, from December 20, 2026 to May 20, 2027" in proposals
    )
    assert "1 December 20, 2026 $280.00" in proposals and "6 May 20, 2027 $280.00" in proposals
    assert "Proposed resolutions" in [
        t for lvl, t, _ in outline(PdfReader(str(made.path))) if lvl == 0
    ]
    for needle in OTHER_CUSTOMER:
        assert needle not in text


def test_a_tampered_log_is_reported_not_hidden(sample, tmp_path):
    sample.tables["contacts"][2]["summary"] = "Otto never said that"
    case = build_casefile(sample.view(), "C-0001", "small-claims", TODAY)
    assert not case.chain.ok and case.chain.first_bad == "K-0002"
    made = build_bundle(sample.view(), "C-0001", "small-claims", TODAY, tmp_path / "b.pdf")
    text = flat(" ".join(pages_text(made.path)))
    assert "The chain does NOT verify — entry K-0002" in text
    assert "☒ Contact log intact" in text
    assert made.unmet == ("the contact log's hash chain is broken",)
    assert "Otto never said that" not in text


def final_notice(
    book,
    customer: str,
    invoices: list[str],
    on: str,
    pay_by: str,
    *,
    via: str | None = "certified",
    kind: str = "final",
    demanded: dict | None = None,
):
    """A letter as the letters now keep it: with the date it asked payment by and what it asked for."""
    return book.add(
        "letters",
        customer=customer,
        kind=kind,
        invoices=invoices,
        date=on,
        body="Dear customer,\n\nPlease pay.",
        sha256="ef" * 32,
        delivery={"via": via, "tracking": "9400 77" if via == "certified" else None},
        contact=None,
        deadline=pay_by if kind == "final" else None,
        note="",
        pay_by=pay_by,
        demanded=demanded,
    )


def test_checklist_warns_over_the_limit_and_with_a_dispute(tmp_path):
    book = sample_tables()
    book.invoice("C-0003", [("Service upgrade", "1", 400000)], "2026-03-01", "2026-03-31")
    book.contact(
        "C-0003", at("2026-10-02"), "Says the upgrade was not finished", inbound=True, dispute=True
    )
    final_notice(book, "C-0003", ["INV-0002", "INV-0007"], "2026-10-20", "2026-11-03")
    case = build_casefile(book.view(), "C-0003", "small-claims", TODAY)
    checks = {c.item: c for c in case.checklist}
    assert checks["Demand letter sent"].ok is True
    assert checks["Within the small-claims limit"].ok is False
    assert "cannot be split" in checks["Within the small-claims limit"].detail
    assert checks["Open dispute"].ok is None and "K-0005" in checks["Open dispute"].detail
    assert [e.kind for e in case.exhibits] == [
        "agreement",
        "invoices",
        "statement",
        "letters",
        "contacts",
    ]
    made = build_bundle(book.view(), "C-0003", "small-claims", TODAY, tmp_path / "b.pdf")
    assert made.unmet_line() == "check before filing: claim over Kentucky's $2,500.00 limit"


def test_nothing_past_due_no_bundle(sample, tmp_path):
    """A bundle is the last resort: not for a bill the customer still has time to pay."""
    with pytest.raises(BadInput, match="nothing C-0003 owes is past due on 2026-05-01"):
        build_bundle(sample.view(), "C-0003", "mediation", date(2026, 5, 1), tmp_path / "x.pdf")
    assert not list(Path(tmp_path).glob("*.pdf"))
    final_notice(sample, "C-0003", ["INV-0002"], "2026-09-01", "2026-09-15", kind="reminder")
    assert build_bundle(sample.view(), "C-0003", "mediation", TODAY, tmp_path / "y.pdf").pages


def test_no_claim_no_bundle(sample, tmp_path):
    sample.payment("C-0003", 80000, "2026-09-01", invoice="INV-0002")
    with pytest.raises(BadInput, match="C-0003 owes nothing"):
        build_bundle(sample.view(), "C-0003", "small-claims", TODAY, tmp_path / "x.pdf")
    with pytest.raises(BadInput, match="--kind is one of"):
        build_bundle(sample.view(), "C-0001", "court", TODAY, tmp_path / "x.pdf")
    assert not list(Path(tmp_path).glob("*.pdf"))


def test_missing_or_unreadable_attachments_are_listed_not_fatal(sample, tmp_path):
    broken = tmp_path / "scan.pdf"
    broken.write_bytes(b"%PDF-1.4\n% not really a pdf\n")
    notes = tmp_path / "notes.docx"
    notes.write_bytes(b"PK\x03\x04 word file")
    sample.tables["jobs"][1]["attachments"] += [str(tmp_path / "gone.jpg"), str(broken), str(notes)]
    made = build_bundle(sample.view(), "C-0001", "small-claims", TODAY, tmp_path / "b.pdf")
    pages = pages_text(made.path)
    cover = flat(pages[0])
    assert (
        "Attached to the job but not included: gone.jpg (J-0001) — not found; scan.pdf (J-0001) — "
        "could not be read as a PDF; notes.docx (J-0001) — not a photo or a PDF, so it cannot be "
        "printed here."
    ) in cover
    text = flat(" ".join(pages))
    assert (
        "Attachment gone.jpg — not found (" in text
    )  # on the agreement, with where it was looked for
    assert "Attachment scan.pdf — could not be read as a PDF (" in text
    assert (
        "☐ Attachments not included Attached to the job but not in this bundle: gone.jpg (J-0001), "
        "not found;" in text
    )
    assert [e.label for e in made.exhibits if e.kind == "attachment"] == ["B", "C"]


def test_bytes_report_matches_the_file(small_claims):
    made, _, _ = small_claims
    import hashlib

    assert hashlib.sha256(made.path.read_bytes()).hexdigest() == made.sha256
    assert (
        PdfReader(io.BytesIO(made.path.read_bytes())).metadata["/Keywords"]
        == "C-0001 INV-0001 INV-0003"
    )


def test_contents_run_onto_a_second_page_when_they_must(sample, tmp_path):
    refs = []
    for n in range(45):
        issued = date(2025, 1, 1) + timedelta(days=7 * n)
        refs.append(
            sample.invoice(
                "C-0001",
                [("Call-out", "1", 12000)],
                issued.isoformat(),
                (issued + timedelta(days=30)).isoformat(),
            )["ref"]
        )
    final_notice(sample, "C-0001", refs, "2026-10-20", "2026-11-03", kind="reminder")
    made = build_bundle(sample.view(), "C-0001", "small-claims", TODAY, tmp_path / "b.pdf")
    reader = PdfReader(str(made.path))
    pages = pages_text(made.path)
    assert "Principal past due and demanded (47 invoices, listed in Exhibit D)" in flat(pages[0])
    assert "Contents" in pages[1] and "Contents" not in pages[2]
    marks = outline(reader)
    assert marks[1][1] == "How the amount claimed is reached" and marks[1][2] == 4
    contents = flat(pages[1] + " " + pages[2])
    for _, title, page in marks:
        assert re.search(re.escape(title) + r"[ .]*" + str(page) + r"\b", contents), title


def test_a_firms_bundle_says_the_letters_went_to_its_principal_only_when_they_did(sample):
    final_notice(sample, "C-0002", ["INV-0004"], "2026-03-10", "2026-03-24", kind="reminder")
    quiet = build_casefile(sample.view(), "C-0002", "mediation", TODAY)
    assert not any("principal of" in fact for fact in quiet.facts)
    sample.tables["letters"][3]["body"] = (
        "Małgorzata Wiśniewska\nŁódź Bakery LLC\n\nDear Małgorzata Wiśniewska,"
    )
    case = build_casefile(sample.view(), "C-0002", "mediation", TODAY)
    assert case.facts[-1] == (
        "The letter was addressed to Małgorzata Wiśniewska, the principal of "
        "Łódź Bakery LLC (Exhibit D)."
    )
    assert "a business represented by its principal Małgorzata Wiśniewska" in case.facts[0]


# ----- facts follow the record, in date order ----------------------------------------------


def test_facts_run_in_date_order_deposit_before_the_work(view):
    case = build_casefile(view, "C-0001", "small-claims", TODAY)
    deposit = next(
        i for i, f in enumerate(case.facts) if "paid a deposit of $500.00 for J-0001" in f
    )
    work = next(i for i, f in enumerate(case.facts) if "started work for the defendant" in f)
    assert deposit < work  # the deposit (May 28) came before the work started (June 1)
    assert case.facts[deposit].startswith("On May 28, 2026 the defendant paid a deposit")


def test_a_mediation_invitation_asks_for_a_reply_not_payment(sample):
    sample.add(
        "letters",
        customer="C-0001",
        kind="mediation",
        invoices=["INV-0001"],
        date="2026-11-02",
        body="…",
        sha256="ef" * 32,
        delivery={"via": "email", "tracking": None},
        contact=None,
        deadline="2026-11-16",
        note="",
    )
    facts = " ".join(build_casefile(sample.view(), "C-0001", "mediation", TODAY).facts)
    assert (
        "a mediation invitation by email, asking for a reply by November 16, 2026 (L-0003, "
        "Exhibit F)" in facts
    )
    assert "asking for payment by November 16" not in facts


def test_a_letter_without_recorded_delivery_is_prepared_not_sent(sample):
    sample.add(
        "letters",
        customer="C-0001",
        kind="firm",
        invoices=["INV-0001"],
        date="2026-11-02",
        body="…",
        sha256="ef" * 32,
        delivery={"via": None, "tracking": None},
        contact=None,
        deadline=None,
        note="",
    )
    facts = " ".join(build_casefile(sample.view(), "C-0001", "small-claims", TODAY).facts)
    assert (
        "On November 2, 2026 the claimant prepared a firm letter; how it was delivered is not "
        "recorded (L-0003, Exhibit F)."
    ) in facts
    assert "sent the defendant a firm letter" not in facts


def test_a_demand_letter_only_counts_when_its_delivery_is_recorded():
    from tests.documents.builder import Builder

    b = Builder()
    b.profile(name="Bright Spark Electric", state="KY")
    b.customer("Brenda Walsh", address="7557 Bardstown Rd, Louisville, KY")
    b.invoice("C-0001", [("Rewire", "1", 100000)], "2026-08-01", "2026-09-01")
    b.add(
        "letters",
        customer="C-0001",
        kind="final",
        invoices=["INV-0001"],
        date="2026-10-01",
        body="…",
        sha256="ef" * 32,
        delivery={"via": None, "tracking": None},
        contact=None,
        deadline="2026-10-15",
        note="",
    )
    for kind in ("small-claims", "mediation"):
        with pytest.raises(BadInput) as refused:
            build_casefile(b.view(), "C-0001", kind, TODAY)
        assert refused.value.message.startswith(
            "nothing C-0001 owes was asked for in a delivered letter (L-0001 was prepared, but no "
            f"delivery is recorded): a {kind} bundle needs at least one — next: tradebook letter C-0001"
        )


def test_a_lapsed_limitation_period_is_named_in_the_unmet_line(tmp_path):
    from tests.documents.builder import Builder

    b = Builder()
    b.profile(name="Bright Spark Electric", state="KY")
    b.customer("Brenda Walsh", address="7557 Bardstown Rd, Louisville, KY")
    b.invoice("C-0001", [("Rewire", "1", 100000)], "2019-08-01", "2019-09-01")
    final_notice(b, "C-0001", ["INV-0001"], "2026-10-01", "2026-10-15")
    made = build_bundle(b.view(), "C-0001", "small-claims", TODAY, tmp_path / "b.pdf")
    assert "the limitation period ended September 1, 2024" in made.unmet


def test_the_limitation_is_the_shorter_period_on_cover_and_checklist(view):
    case = build_casefile(view, "C-0001", "small-claims", TODAY)
    assert case.limitation.years == 5 and case.limitation.ends == date(2031, 7, 5)
    assert "shorter oral-contract period" in case.limitation.basis


@pytest.mark.parametrize(
    ("entity", "limit"),
    [
        (None, "$6,250.00 for a claimant that is a business"),
        ("individual", "$12,500.00 for a claimant that is an individual"),
    ],
)
def test_california_limit_follows_the_claimant(sample, tmp_path, entity, limit):
    profile = sample.tables["profile"][1]
    sample.tables["customers"][1]["state"] = "CA"  # a California customer of a Kentucky business
    if entity:
        profile["entity"] = entity
    made = build_bundle(sample.view(), "C-0001", "small-claims", TODAY, tmp_path / "ca.pdf")
    cover = flat(pages_text(made.path)[0])
    assert f"California (CA) Small-claims limit {limit}" in cover


def test_the_contact_fact_says_which_calls_were_answered(sample):
    facts = " ".join(build_casefile(sample.view(), "C-0001", "small-claims", TODAY).facts)
    assert (
        "contacted the defendant 2 times (1 call and 1 text; the defendant did not answer the call)"
        in facts
    )
    sample.contact("C-0001", at("2026-10-20"), "Spoke; she will call back", outcome="spoke")
    sample.contact("C-0001", at("2026-10-27"), "No answer", outcome="no-answer")
    facts = " ".join(build_casefile(sample.view(), "C-0001", "small-claims", TODAY).facts)
    assert "(3 calls and 1 text; the defendant answered 1 of the 3 calls)" in facts


def test_the_bundle_reads_in_us_english(small_claims):
    text = flat(" ".join(small_claims[2]))
    assert "sent it by mail on June 5, 2026" in text and "2026-06-05 by mail" in text
    assert "Delivery mail" in text and "license no. ME-48213" in text
    for word in ("licence", "Licence", "instalment", "neighbour"):
        assert word not in text, word


# ----- contents, integrity, checklist and facts as a reader meets them ----------------------


def test_contents_numbers_share_one_right_edge_and_every_leader_runs_up_to_them(small_claims):
    import pdfplumber

    made, _, _ = small_claims
    with pdfplumber.open(str(made.path)) as pdf:
        lines: dict[float, list[dict]] = {}
        for char in pdf.pages[1].chars:
            lines.setdefault(round(char["matrix"][5], 1), []).append(char)
    entries = []  # (where the leader ends, where the page number ends, where it starts)
    for chars in lines.values():
        chars.sort(key=lambda c: c["x0"])
        text = "".join(c["text"] for c in chars)
        number = len(text) - len(text.rstrip("0123456789"))
        dots = [c for c in chars if c["text"] == "."]
        if dots and number:
            entries.append((dots[-1]["x1"], chars[-1]["x1"], chars[-number]["x0"]))
    assert len(entries) == len(outline(PdfReader(str(made.path))))
    assert any(last - first > 8 for _, last, first in entries), (
        "the bundle should run to two-digit pages"
    )
    leader_ends = {round(dots, 1) for dots, _, _ in entries}
    number_ends = {round(end, 1) for _, end, _ in entries}
    assert len(number_ends) == 1, number_ends
    assert len(leader_ends) == 1, leader_ends
    widest = min(first for _, _, first in entries)
    assert 0 < widest - leader_ends.pop() < 9  # pt: the leaders stop just short of the numbers


def no_contacts_book():
    from tests.documents.builder import Builder

    b = Builder()
    b.profile(name="Bright Spark Electric", state="KY")
    b.customer("Nora Quinlan", address="12 Elm St, Louisville, KY 40204")
    b.customer("Otto Quimby", address="99 Preston Hwy, Louisville, KY")
    b.invoice("C-0001", [("EV charger circuit", "1", 120000)], "2026-09-01", "2026-09-15")
    b.contact("C-0002", at("2026-09-20"), "Otto-only call")
    final_notice(b, "C-0001", ["INV-0001"], "2026-10-01", "2026-10-15")
    return b


def test_a_customer_with_no_contacts_gets_a_plain_integrity_note_and_no_empty_table(tmp_path):
    made = build_bundle(
        no_contacts_book().view(), "C-0001", "small-claims", TODAY, tmp_path / "b.pdf"
    )
    page = next(
        flat(t)
        for t in pages_text(made.path)
        if "Integrity of the contact log" in t and "Head hash" in flat(t)
    )
    assert "1 entry in the book's log, hash chain intact" in page
    assert "No call, text, email, visit or letter with Nora Quinlan is recorded, so none" in page
    assert "0 entries" not in page and "This customer's" not in page
    assert "Hash / previous entry's hash" not in page and "Recorded at" not in page


def test_a_customer_with_one_contact_has_one_entry_not_one_entries(tmp_path):
    book = no_contacts_book()
    book.contact("C-0001", at("2026-09-25"), "Texted the amount", via="text", outcome="sent")
    made = build_bundle(book.view(), "C-0001", "small-claims", TODAY, tmp_path / "b.pdf")
    page = next(flat(t) for t in pages_text(made.path) if "Head hash" in flat(t))
    assert "This customer's one entry, with its hash" in page and "K-0002" in page


def over_the_limit_book(kind: str = "final"):
    book = sample_tables()
    book.invoice("C-0003", [("Service upgrade", "1", 400000)], "2026-03-01", "2026-03-31")
    final_notice(book, "C-0003", ["INV-0002", "INV-0007"], "2026-10-20", "2026-11-03", kind=kind)
    return book


def test_a_mediation_bundle_has_no_court_checklist(tmp_path):
    case = build_casefile(over_the_limit_book("firm").view(), "C-0003", "mediation", TODAY)
    checks = {c.item: c for c in case.checklist}
    assert list(checks) == [
        "Invitation to mediation sent",
        "Customer's legal name and address",
        "Open dispute",
        "Contact log intact",
        "Copies",
    ]
    invitation = checks["Invitation to mediation sent"]
    assert invitation.ok is False and "No invitation to mediation is on record" in invitation.detail
    made = build_bundle(
        over_the_limit_book("firm").view(), "C-0003", "mediation", TODAY, tmp_path / "m.pdf"
    )
    assert made.unmet_line() == "check before the mediation: no invitation to mediation sent"
    text = flat(" ".join(pages_text(made.path)))
    assert "Before the mediation" in text and "act before the mediation" in text
    for court in (
        "Filing checklist",
        "before filing",
        "offer mediation",
        "cannot be split",
        "claim over",
        "Send a final notice",
        "giving up the rest",
        "Small-claims limit",
        "small-claims limit",
        "limitation period",
        "Jurisdiction",
        "court",
    ):
        assert court not in text, court


def test_a_delivered_invitation_meets_the_mediation_checklist(sample):
    sample.add(
        "letters",
        customer="C-0001",
        kind="mediation",
        invoices=["INV-0001"],
        date="2026-11-02",
        body="…",
        sha256="ef" * 32,
        delivery={"via": "certified", "tracking": "9407 55"},
        contact=None,
        deadline="2026-11-16",
        note="",
    )
    case = build_casefile(sample.view(), "C-0001", "mediation", TODAY)
    invitation = next(c for c in case.checklist if c.item == "Invitation to mediation sent")
    assert invitation.ok is True
    assert invitation.detail == (
        "Mediation invitation L-0003 of November 2, 2026 by certified mail, "
        "tracking 9407 55; a reply was asked for by November 16, 2026."
    )


def test_the_small_claims_checklist_keeps_its_filing_advice():
    case = build_casefile(over_the_limit_book().view(), "C-0003", "small-claims", TODAY)
    assert [c.item for c in case.checklist][:4] == [
        "Demand letter sent",
        "Within the small-claims limit",
        "Within the limitation period",
        "Defendant's legal name and address",
    ]
    limit = next(c for c in case.checklist if c.item == "Within the small-claims limit")
    assert "offer mediation" in limit.detail


def test_work_is_said_to_be_done_only_when_the_job_is_done(sample):
    facts = build_casefile(sample.view(), "C-0001", "small-claims", TODAY).facts
    assert "is the contractor who did the work" in facts[0]
    job = sample.job(
        "C-0001",
        "Hot tub circuit",
        "2026-12-03",
        site="47 Cherokee Rd, Louisville",
        status="booked",
        quote=185000,
        deposit_asked=50000,
    )
    inv = sample.invoice(
        "C-0001",
        [("Hot tub circuit, materials up front", "1", 60000)],
        "2026-09-01",
        "2026-09-15",
        jobs=[job["ref"]],
    )
    final_notice(sample, "C-0001", [inv["ref"]], "2026-10-01", "2026-10-15", kind="reminder")
    facts = build_casefile(sample.view(), "C-0001", "small-claims", TODAY).facts
    assert "is the contractor engaged for the work" in facts[0] and "did the work" not in facts[0]
    fact = next(f for f in facts if "Hot tub circuit (" in f or "Hot tub circuit," in f)
    assert fact.startswith(
        "The defendant booked the claimant for work at 47 Cherokee Rd, Louisville, "
        "planned for December 3, 2026: Hot tub circuit, for a quoted price of $1,850.00"
    )
    assert fact.endswith("As of November 20, 2026, the work has not been done (Exhibit A).")
    assert "started work" not in fact and "status is" not in " ".join(facts)


@pytest.mark.parametrize(
    ("status", "opening", "ending"),
    [
        (
            "in-progress",
            "On November 2, 2026 the business started work",
            "the work is in progress and not yet completed (Exhibit A).",
        ),
        (
            "quoted",
            "The business quoted the customer for work",
            "the job is at the quote stage and the work has not been done (Exhibit A).",
        ),
        (
            "cancelled",
            "The customer booked the business for work",
            "The job was later cancelled (Exhibit A).",
        ),
    ],
)
def test_a_job_not_done_is_told_by_its_status(sample, status, opening, ending):
    job = sample.job("C-0001", "Hot tub circuit", "2026-11-02", status=status)
    inv = sample.invoice(
        "C-0001", [("Hot tub circuit", "1", 60000)], "2026-09-01", "2026-09-15", jobs=[job["ref"]]
    )
    final_notice(sample, "C-0001", [inv["ref"]], "2026-10-01", "2026-10-15", kind="reminder")
    facts = build_casefile(sample.view(), "C-0001", "mediation", TODAY).facts
    fact = next(f for f in facts if "Hot tub circuit (" in f)
    assert fact.startswith(opening) and fact.endswith(ending)
    assert "completed on" not in fact
