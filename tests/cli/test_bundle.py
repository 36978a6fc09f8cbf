"""`tradebook bundle` on a real book: refused with the next command until the demand was made,
then made with the job's own photo and signed work order as exhibits."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.cli.conftest import Cli

TRACKING = "9589 0710 5270 0123 4567 89"


@pytest.fixture
def panel_job(started: Cli, tmp_path: Path) -> Cli:
    """Tom Becker's panel change: a photo and a signed work order attached, invoiced, sent."""
    from PIL import Image

    from tests.documents.builder import work_order_pdf

    started.ok("customer", "add", "Ann Lee", "--address", "1 Elm St, Louisville, KY 40204")
    started.ok(
        "job",
        "add",
        "Tom",
        "--site",
        "12 Oak Ln",
        "--desc",
        "Panel change",
        "--quote",
        "1500",
        "--date",
        "2026-07-20",
    )
    started.ok("job", "done", "J-0001", "--date", "2026-07-28")
    photo, order = tmp_path / "panel.jpg", tmp_path / "order.pdf"
    Image.new("RGB", (800, 600), (120, 140, 160)).save(photo)
    order.write_bytes(work_order_pdf(3))
    started.ok("job", "attach", "J-0001", str(photo))
    started.ok("job", "attach", "J-0001", str(order))
    started.ok(
        "invoice",
        "add",
        "Tom",
        "--job",
        "J-0001",
        "--item",
        "Panel change:1:1500",
        "--date",
        "2026-08-01",
        "--net",
        "30",
    )
    started.ok("invoice", "send", "INV-0001", "--via", "post", "--date", "2026-08-01")
    started.ok(
        "invoice",
        "add",
        "Ann",
        "--item",
        "Ann's outlets:1:300",
        "--date",
        "2026-08-01",
        "--net",
        "30",
    )
    return started


def refused(cli: Cli, *args: str) -> str:
    before = cli.fingerprint()
    result = cli("bundle", *args)
    assert result.code == 2 and result.out == "" and result.err.count("\n") == 1
    assert cli.fingerprint() == before
    return result.err.strip()


def test_a_small_claim_is_refused_until_the_final_notice_was_sent_and_its_date_passed(
    panel_job: Cli, tmp_path: Path, monkeypatch
):
    out = tmp_path / "claim.pdf"
    assert refused(panel_job, "Tom", "--kind", "small-claims", "-o", str(out)) == (
        "tradebook: nothing C-0001 owes was asked for in a delivered letter: a small-claims bundle "
        "needs at least one — next: tradebook letter C-0001 --kind final --send-via certified "
        "--tracking NO -o final.pdf"
    )
    panel_job.ok(
        "letter", "Tom", "--kind", "reminder", "-o", str(tmp_path / "r.pdf"), "--send-via", "post"
    )
    assert refused(panel_job, "Tom", "--kind", "small-claims", "-o", str(out)) == (
        "tradebook: no final notice was delivered to C-0001: a small-claims bundle needs one, and "
        "its pay-by date passed — next: tradebook letter C-0001 --kind final --send-via certified "
        "--tracking NO -o final.pdf"
    )
    panel_job.ok(
        "letter",
        "Tom",
        "--kind",
        "final",
        "-o",
        str(tmp_path / "f.pdf"),
        "--send-via",
        "certified",
        "--tracking",
        TRACKING,
    )
    message = refused(panel_job, "Tom", "--kind", "small-claims", "-o", str(out))
    assert message.startswith(
        "tradebook: final notice L-0002 asks for payment by 2026-12-07: a "
        "small-claims bundle can be made from 2026-12-08 — meanwhile: "
        "tradebook bundle C-0001 --kind mediation -o mediation.pdf"
    )
    assert not out.exists()
    monkeypatch.setenv("TRADEBOOK_TODAY", "2026-12-08")
    panel_job.ok(
        "invoice",
        "add",
        "Tom",
        "--item",
        "Smoke alarms:1:240",
        "--date",
        "2026-12-01",
        "--net",
        "30",
    )
    (tmp_path / "panel.jpg").unlink()  # the photo was moved away since it was attached
    result = panel_job.ok("bundle", "Tom", "--kind", "small-claims", "-o", str(out))
    lines = result.out.splitlines()
    assert lines[0].startswith("small-claims bundle for C-0001 Tom Becker: ")
    assert "exhibits A–F" in lines[0]  # the photo is no exhibit: it is not there
    assert lines[1:3] == [
        "not claimed: INV-0003 $240.00 (not yet due: due 2026-12-31)",
        "not included: panel.jpg (J-0001): not found",
    ]


def test_the_bundle_carries_the_jobs_own_files_as_exhibits(
    panel_job: Cli, tmp_path: Path, monkeypatch
):
    panel_job.ok(
        "letter",
        "Tom",
        "--kind",
        "final",
        "-o",
        str(tmp_path / "f.pdf"),
        "--send-via",
        "certified",
        "--tracking",
        TRACKING,
    )
    monkeypatch.setenv("TRADEBOOK_TODAY", "2026-12-08")
    out = tmp_path / "claim.pdf"
    panel_job.ok("bundle", "C-0001", "--kind", "small-claims", "-o", str(out))
    reader = PdfReader(str(out))
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    photo = next(n for n, text in enumerate(pages) if "800 × 600 pixels" in text)
    assert reader.pages[photo].images and "EXHIBIT B" in pages[photo]
    assert "Exhibit B — Photo attached to J-0001: panel.jpg" in pages[photo]
    sheets = [n for n, text in enumerate(pages) if "Signed work order, sheet" in text]
    assert len(sheets) == 3 and all("EXHIBIT C" in pages[n] for n in sheets)
    assert sheets == list(range(sheets[0], sheets[0] + 3))
    text = " ".join(pages)
    assert (
        "Kept with J-0001: panel.jpg (Exhibit B, p. 1) and order.pdf (Exhibit C, pp. 1–3)." in text
    )
    assert f"tracking number {TRACKING}" in text
    assert "Ann Lee" not in text and "Ann's outlets" not in text  # never another customer's data
    for n, page in enumerate(pages, 1):
        assert f"Page {n} of {len(pages)}" in page


def test_a_mediation_bundle_needs_one_delivered_letter(panel_job: Cli, tmp_path: Path):
    out = tmp_path / "m.pdf"
    panel_job.ok(
        "letter", "Tom", "--kind", "reminder", "-o", str(tmp_path / "r.pdf")
    )  # prepared only
    assert refused(panel_job, "Tom", "--kind", "mediation", "-o", str(out)) == (
        "tradebook: nothing C-0001 owes was asked for in a delivered letter (L-0001 was prepared, "
        "but no delivery is recorded): a mediation bundle needs at least one — next: tradebook "
        "letter C-0001 --kind reminder --send-via post -o reminder.pdf"
    )
    panel_job.ok(
        "letter", "Tom", "--kind", "reminder", "-o", str(tmp_path / "r2.pdf"), "--send-via", "email"
    )
    result = panel_job.ok("bundle", "Tom", "--kind", "mediation", "-o", str(out))
    assert result.out.splitlines()[1] == (
        "check before the mediation: no invitation to mediation sent; "
        "no address on record for Tom Becker"
    )
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(out)).pages)
    assert "Settlement communication — for mediation only" in text
    assert "Filing checklist" not in text
