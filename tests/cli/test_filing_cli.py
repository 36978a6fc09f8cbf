"""`tradebook filing CUSTOMER [-o FILE.pdf]`."""

from __future__ import annotations


def test_filing_prints_the_sheet_and_writes_a_pdf(started, tmp_path):
    result = started.ok("filing", "becker", "-o", str(tmp_path / "f.pdf"))
    assert result.out.startswith("Filing sheet — Kentucky small claim")
    assert "not ready to file" in result.out and "AOC-175" in result.out
    assert (tmp_path / "f.pdf").read_bytes().startswith(b"%PDF")


def test_filing_for_an_unknown_customer_is_not_found(started):
    before = started.fingerprint()
    result = started("filing", "nobody")
    assert result.code == 3 and started.fingerprint() == before
