"""Fixtures for the document tests: the sample book, and reading PDFs back."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.documents.builder import Builder, sample_tables
from tradebook.domain.view import BookView


@pytest.fixture
def sample(tmp_path: Path) -> Builder:
    return sample_tables(tmp_path / "attachments")


@pytest.fixture
def view(sample: Builder) -> BookView:
    return sample.view()


def pages_text(pdf: Path | bytes) -> list[str]:
    """The text of every page, as a reader (or a court clerk's PDF viewer) extracts it."""
    import io

    source = io.BytesIO(pdf) if isinstance(pdf, bytes | bytearray) else str(pdf)
    return [page.extract_text() or "" for page in PdfReader(source).pages]


def flat(text: str) -> str:
    """Text with line breaks folded to spaces, for phrases that may wrap."""
    return " ".join(text.split())
