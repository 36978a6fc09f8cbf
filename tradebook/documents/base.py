"""The page every tradebook document is printed on: letterhead, running head, exhibit tag,
"prepared on" line with the refs drawn on, and "Page X of Y".

This is the one module that imports fpdf2; it is itself imported only inside the
functions that make a document. Text is laid out with our own word wrap and `text()`
calls: fpdf2's `multi_cell` costs ~2 ms a call, which a 500-row contact log cannot afford.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF

from tradebook import __version__
from tradebook.documents.assets import font_path
from tradebook.documents.output import write_atomic
from tradebook.documents.wording import long_date
from tradebook.errors import BadInput

# Characters the font lacks are refused by DocumentPDF.output() with one clear line;
# fpdf2's own warning about them would only repeat it, less plainly.
logging.getLogger("fpdf").setLevel(logging.ERROR)

FONT = "DejaVu"
INK = (33, 37, 41)
MUTED = (108, 117, 125)
ACCENT = (31, 78, 121)
RULE = (200, 205, 210)
ZEBRA = (243, 245, 247)
HEAD_FILL = (226, 232, 240)


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # mm; the widest column is the one that wraps
    align: str = "L"  # L or R


class DocumentPDF(FPDF):
    """US Letter pages with the business letterhead; knows its refs and exhibit label."""

    def __init__(self, profile: dict, title: str, prepared: date, refs: Sequence[str]) -> None:
        super().__init__(orientation="portrait", unit="mm", format="Letter")
        self.profile = profile
        self.doc_title = title
        self.prepared = prepared
        self.refs = list(refs)
        self.exhibit: str | None = None
        self.watermark: str | None = None  # e.g. "DRAFT", in large light letters on every page
        self.set_margins(20, 16, 20)
        self.set_auto_page_break(True, margin=18)
        self.add_font(FONT, "", str(font_path()))
        self.add_font(FONT, "B", str(font_path(bold=True)))
        self.set_font(FONT, size=10)
        self.set_text_color(*INK)
        self.set_creation_date(
            datetime(prepared.year, prepared.month, prepared.day, 12, 0, tzinfo=UTC)
        )
        self.set_title(title)
        self.set_author(profile.get("name") or "tradebook")
        self.set_subject(f"{title}, prepared {prepared.isoformat()}")
        self.set_keywords(" ".join(self.refs[:50]))
        self.set_creator(f"tradebook {__version__}")
        self.set_lang("en-US")
        self.alias_nb_pages("{nb}")

    # ----- page furniture --------------------------------------------------------------

    def header(self) -> None:
        if self.watermark:
            self.draw_watermark(self.watermark)
        if self.page_no() == 1:
            self.letterhead()
        else:
            self.running_head()
        if self.exhibit:
            self.exhibit_tag(self.exhibit)

    def letterhead(self) -> None:
        p = self.profile
        top = self.t_margin
        self.set_xy(self.l_margin, top)
        self.style(16, bold=True, color=ACCENT)
        self.text(self.l_margin, top + 6, p.get("name") or "")
        self.style(8, color=MUTED)
        details = [line for line in (p.get("address") or "").splitlines() if line.strip()]
        reach = " · ".join(x for x in (p.get("phone"), p.get("email")) if x)
        if reach:
            details.append(reach)
        if p.get("licence"):
            details.append(f"License no. {p['licence']}")
        right = self.w - self.r_margin
        y = top + 2.5
        for line in details[:5]:
            self.text(right - self.measure(line), y, line)
            y += 3.6
        bottom = max(top + 10, y - 1.5)
        self.rule(bottom, ACCENT, 0.5)
        self.set_y(bottom + 6)
        self.style(10)

    def running_head(self) -> None:
        top = self.t_margin
        self.style(8, color=MUTED)
        self.text(self.l_margin, top + 3, self.profile.get("name") or "")
        title = self.doc_title
        self.text(self.w - self.r_margin - self.measure(title), top + 3, title)
        self.rule(top + 5, RULE, 0.2)
        self.set_y(top + 9)
        self.style(10)

    def exhibit_tag(self, label: str) -> None:
        """A boxed `EXHIBIT C` in the top right corner of the page, under the head."""
        self.style(11, bold=True, color=ACCENT)
        width = self.measure(label) + 6
        x = self.w - self.r_margin - width
        y = self.t_margin + (15 if self.page_no() == 1 else 7)
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.5)
        self.rect(x, y, width, 7.5)
        self.text(x + 3, y + 5.3, label)
        self.set_y(max(self.get_y(), y + 10))
        self.style(10)

    def draw_watermark(self, word: str) -> None:
        """`word` across the middle of the page, drawn first so the text lies over it."""
        self.style(110, bold=True, color=(226, 230, 236))
        x = (self.w - self.measure(word)) / 2
        y = self.h / 2 + 15
        with self.rotation(35, self.w / 2, self.h / 2):
            self.text(x, y, word)
        self.style(10)

    def footer(self) -> None:
        y = self.h - 11
        self.rule(y - 3.5, RULE, 0.2)
        self.style(7.5, color=MUTED)
        pages_w = self.measure(f"Page {max(self.page_no(), 10)} of 99")
        self.set_xy(self.w - self.r_margin - pages_w - self.c_margin, y - 2.6)
        self.cell(
            pages_w + 2 * self.c_margin, 3.5, f"Page {self.page_no()} of {{nb}}"
        )  # cell() fills in {nb}
        prepared = f"Prepared {long_date(self.prepared)}"
        room = self.w - self.l_margin - self.r_margin - pages_w - 4
        line = prepared + (
            f" · Refs: {self.refs_line(room - self.measure(prepared + ' · Refs: '))}"
            if self.refs
            else ""
        )
        self.text(self.l_margin, y, line)
        self.style(10)

    def refs_line(self, room: float) -> str:
        """As many refs as fit in `room` mm, then `+N more`."""
        shown: list[str] = []
        for i, ref in enumerate(self.refs):
            rest = len(self.refs) - i - 1
            candidate = ", ".join([*shown, ref]) + (f" +{rest} more" if rest else "")
            if self.measure(candidate) > room and shown:
                return ", ".join(shown) + f" +{len(self.refs) - len(shown)} more"
            shown.append(ref)
        return ", ".join(shown)

    # ----- primitives ------------------------------------------------------------------

    def style(self, size: float, *, bold: bool = False, color: tuple[int, int, int] = INK) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*color)

    def rule(self, y: float, color: tuple[int, int, int] = RULE, width: float = 0.2) -> None:
        self.set_draw_color(*color)
        self.set_line_width(width)
        self.line(self.l_margin, y, self.w - self.r_margin, y)

    @property
    def glyph_widths(self) -> Any:
        """The current font's advance widths, indexed by code point (fpdf2 types them loosely)."""
        return self.current_font.cw  # type: ignore[union-attr]

    def measure(self, text: str) -> float:
        """Width of `text` in mm in the current font, straight from the glyph widths."""
        cw = self.glyph_widths
        return sum(cw[ord(c)] for c in text) * self.font_size_pt * 0.001 / self.k

    def wrap(self, text: str, width: float) -> list[str]:
        """Word-wrap `text` to `width` mm; keeps its own line breaks, splits over-long words."""
        cw = self.glyph_widths
        scale = self.font_size_pt * 0.001 / self.k
        space = cw[32] * scale
        lines: list[str] = []
        for raw in str(text).split("\n"):
            words = raw.split(" ")
            line: list[str] = []
            used = 0.0
            for word in words:
                w = sum(cw[ord(c)] for c in word) * scale
                while w > width:  # a word longer than the column: cut it
                    if line:
                        lines.append(" ".join(line))
                        line, used = [], 0.0
                    cut = _fit(word, width, cw, scale)
                    lines.append(word[:cut])
                    word = word[cut:]
                    w = sum(cw[ord(c)] for c in word) * scale
                extra = w + (space if line else 0)
                if line and used + extra > width:
                    lines.append(" ".join(line))
                    line, used = [word], w
                else:
                    line.append(word)
                    used += extra
            lines.append(" ".join(line))
        return lines

    def line_height(self) -> float:
        return self.font_size * 1.45

    def room_left(self) -> float:
        return self.page_break_trigger - self.get_y()

    def ensure_room(self, height: float) -> None:
        if height > self.room_left():
            self.add_page()

    def write_lines(
        self,
        lines: Sequence[str],
        *,
        x: float | None = None,
        align: str = "L",
        width: float | None = None,
    ) -> None:
        """Lines of text from the current y, breaking pages as needed."""
        lh = self.line_height()
        x0 = self.l_margin if x is None else x
        for line in lines:
            self.ensure_room(lh)
            y = self.get_y()
            dx = (width - self.measure(line)) if (align == "R" and width) else 0
            self.text(x0 + dx, y + lh * 0.72, line)
            self.set_y(y + lh)

    # ----- blocks ----------------------------------------------------------------------

    @property
    def body_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def para(
        self,
        text: str,
        *,
        size: float = 10,
        bold: bool = False,
        gap: float = 2.2,
        indent: float = 0,
        color: tuple[int, int, int] = INK,
    ) -> None:
        self.style(size, bold=bold, color=color)
        self.write_lines(self.wrap(text, self.body_width - indent), x=self.l_margin + indent)
        self.set_y(self.get_y() + gap)
        self.style(10)

    def bullets(self, items: Sequence[str], *, size: float = 10, mark: str = "•") -> None:
        self.marked([(mark, item) for item in items], size=size)

    def marked(self, items: Sequence[tuple[str, str]], *, size: float = 10) -> None:
        """A list of (marker, text) items — a bullet or a number each — whose text wraps
        under itself, clear of the widest marker."""
        self.style(size)
        indent = max(6.0, 1.5 + max((self.measure(mark) for mark, _ in items), default=0) + 1.5)
        for mark, item in items:
            lines = self.wrap(item, self.body_width - indent)
            self.ensure_room(self.line_height() * min(len(lines), 2))
            self.text(self.l_margin + 1.5, self.get_y() + self.line_height() * 0.72, mark)
            self.write_lines(lines, x=self.l_margin + indent)
            self.set_y(self.get_y() + 0.8)
        self.set_y(self.get_y() + 1.4)

    def heading(self, text: str, level: int = 0, *, outline: bool = True) -> None:
        """A section title; it is also a PDF bookmark (and so a table-of-contents entry)."""
        size = (15, 12, 10.5)[min(level, 2)]
        self.ensure_room(size * 0.9 + 14)
        if outline:
            self.start_section(text, level=level)
        self.style(size, bold=True, color=ACCENT if level == 0 else INK)
        self.write_lines(self.wrap(text, self.body_width))
        self.set_y(self.get_y() + (2.5 if level == 0 else 1.5))
        self.style(10)

    def key_values(
        self, pairs: Sequence[tuple[str, str]], *, key_width: float = 42, size: float = 10
    ) -> None:
        for key, value in pairs:
            self.style(size, bold=True)
            lines = self.wrap(value, self.body_width - key_width)
            self.ensure_room(self.line_height() * len(lines))
            y = self.get_y()
            self.text(self.l_margin, y + self.line_height() * 0.72, key)
            self.style(size)
            self.write_lines(lines, x=self.l_margin + key_width)
            self.set_y(self.get_y() + 0.8)
        self.style(10)

    # Our own light table, used in place of fpdf2's `table` (~2 ms a cell on a long log).
    def light_table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        *,
        size: float = 8,
        bold_rows: frozenset[int] = frozenset(),
    ) -> None:
        """A light table: a bold header repeated on each page, zebra rows, wrapping cells."""
        self.style(size)
        lh = self.line_height()
        pad = 1.2
        self._table_head(columns, size)
        for i, row in enumerate(rows):
            self.style(size, bold=i in bold_rows)
            cells = [
                self.wrap(str(value), col.width - 2 * pad)
                for col, value in zip(columns, row, strict=True)
            ]
            height = max(len(c) for c in cells) * lh + 1.0
            if height > self.room_left():
                self.add_page()
                self._table_head(columns, size)
                self.style(size, bold=i in bold_rows)
            y = self.get_y()
            if i % 2:
                self.set_fill_color(*ZEBRA)
                self.rect(self.l_margin, y, sum(c.width for c in columns), height, style="F")
            x = self.l_margin
            for col, lines in zip(columns, cells, strict=True):
                for n, line in enumerate(lines):
                    dx = col.width - pad - self.measure(line) if col.align == "R" else pad
                    self.text(x + dx, y + 0.5 + lh * (n + 0.72), line)
                x += col.width
            self.set_y(y + height)
        self.rule(self.get_y(), RULE, 0.2)
        self.set_y(self.get_y() + 3)
        self.style(10)

    def _table_head(self, columns: Sequence[Column], size: float) -> None:
        self.style(size, bold=True)
        lh = self.line_height() + 1.5
        self.ensure_room(lh * 3)
        y = self.get_y()
        self.set_fill_color(*HEAD_FILL)
        self.rect(self.l_margin, y, sum(c.width for c in columns), lh, style="F")
        x = self.l_margin
        for col in columns:
            dx = col.width - 1.2 - self.measure(col.title) if col.align == "R" else 1.2
            self.text(x + dx, y + lh * 0.68, col.title)
            x += col.width
        self.set_y(y + lh)
        self.style(size)

    def flex(self, *fixed: float) -> float:
        """The width left for a wrapping column beside columns of these widths."""
        return self.body_width - sum(fixed)

    # ----- output ----------------------------------------------------------------------

    def output(self, *args, **kwargs):
        """The PDF, once every character used has a glyph in the document font."""
        missing = sorted(
            {code for font in self.fonts.values() for code in getattr(font, "missing_glyphs", ())}
        )
        if missing:
            shown = ", ".join(f"{chr(c)!r} (U+{c:04X})" for c in missing[:8])
            more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
            raise BadInput(
                f"the document font cannot draw {shown}{more} — change that text in the "
                "book (a name, address or note) to characters it can print"
            )
        return super().output(*args, **kwargs)

    def save(self, path: Path) -> bytes:
        """The finished PDF's bytes, also written to `path` atomically."""
        data = bytes(self.output())
        write_atomic(path, data)
        return data


def _fit(word: str, width: float, cw, scale: float) -> int:
    used = 0.0
    for i, ch in enumerate(word):
        used += cw[ord(ch)] * scale
        if used > width:
            return max(1, i)
    return len(word)
