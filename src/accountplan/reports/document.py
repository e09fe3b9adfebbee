"""The house style of the PDF documents: page, paragraph and table styles, header and footer, metadata.

Content modules (success plan, account plan, meeting pack) never name a font or a colour: they ask this
module for a style, and pass user text through :mod:`accountplan.reports.markup`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

from accountplan import __version__
from accountplan.reports.fonts import SANS, SANS_BOLD, register_fonts, text_width
from accountplan.reports.markup import has_cjk, markup, one_line, paragraphs
from accountplan.reports.table_cells import CELL_PADDING, breaking_anywhere, cell_content

__all__ = [
    "ACCENT",
    "MARGIN",
    "MUTED",
    "TEXT_WIDTH",
    "DocumentInfo",
    "body",
    "build_document",
    "heading",
    "style",
    "table",
]

ACCENT = colors.HexColor("#1f4e79")
MUTED = colors.HexColor("#5b6770")
RULE = colors.HexColor("#c9d3dc")
BAND = colors.HexColor("#eef3f8")
MARGIN = 18 * mm
#: The width of the text on an A4 page between the margins: table widths are fractions of it.
TEXT_WIDTH = A4[0] - 2 * MARGIN
#: A table row is split over two pages only where at least this much of it fits on the first (a quarter of
#: the text's height); otherwise the row starts the next page. A smaller piece would be left at the page's
#: foot under a second copy of the header, which reportlab repeats for the rest of a table split by rows.
MIN_ROW_PIECE = (A4[1] - 2 * MARGIN) / 4

_STYLES: dict[str, ParagraphStyle] = {}


def style(name: str) -> ParagraphStyle:
    """One of the named paragraph styles: title, subtitle, h1, h2, body, small, cell, cell-head."""
    if not _STYLES:
        register_fonts()
        base = ParagraphStyle(
            "body", fontName=SANS.name, bulletFontName=SANS.name, fontSize=10, leading=14, alignment=TA_LEFT
        )
        _STYLES.update(
            {
                "body": base,
                "title": ParagraphStyle(
                    "title", parent=base, fontName=SANS_BOLD.name, fontSize=24, leading=30, textColor=ACCENT
                ),
                "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=12, leading=16, textColor=MUTED),
                "h1": ParagraphStyle(
                    "h1",
                    parent=base,
                    fontName=SANS_BOLD.name,
                    fontSize=15,
                    leading=20,
                    spaceBefore=14,
                    spaceAfter=6,
                    textColor=ACCENT,
                    keepWithNext=True,
                ),
                "h2": ParagraphStyle(
                    "h2",
                    parent=base,
                    fontName=SANS_BOLD.name,
                    fontSize=11.5,
                    leading=15,
                    spaceBefore=8,
                    spaceAfter=3,
                    keepWithNext=True,
                ),
                "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=MUTED),
                "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12),
                "cell-head": ParagraphStyle(
                    "cell-head",
                    parent=base,
                    fontName=SANS_BOLD.name,
                    fontSize=9,
                    leading=12,
                    textColor=ACCENT,
                ),
            }
        )
    return _STYLES[name]


def _cjk_aware(text: str, name: str) -> ParagraphStyle:
    """The style, allowing line breaks between any two characters when the text holds CJK."""
    return breaking_anywhere(style(name)) if has_cjk(text) else style(name)


def heading(text: str, level: int = 1) -> Paragraph:
    """A section heading (user text escaped); level 1 headings become PDF bookmarks in documents that want them."""
    paragraph = Paragraph(markup(text, bold=True), _cjk_aware(text, f"h{level}"))
    paragraph.bookmark = (one_line(text), level)
    return paragraph


def body(text: str, name: str = "body") -> list[Flowable]:
    """User text as paragraphs: escaped, split at paragraph breaks (and into pieces reportlab handles fast)."""
    return [Paragraph(piece, _cjk_aware(text, name)) for piece in paragraphs(text)]


def table(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Table:
    """A ruled table with a header row repeated on every page; widths are fractions of the text width."""
    columns = [w * TEXT_WIDTH for w in widths]
    text, head = style("cell"), style("cell-head")
    data = [[cell_content(h, w, head, bold=True) for h, w in zip(header, columns, strict=True)]] + [
        [cell_content(value, w, text, bold=False) for value, w in zip(row, columns, strict=True)]
        for row in rows
    ]
    result = Table(data, colWidths=columns, repeatRows=1, splitByRow=True, splitInRow=MIN_ROW_PIECE)
    result.setStyle(
        TableStyle(
            [
                # The cells' font (reportlab's default would reference Helvetica) is the cell paragraph
                # styles': a plain-string cell is drawn in it.
                ("FONT", (0, 1), (-1, -1), text.fontName, text.fontSize, text.leading),
                ("FONT", (0, 0), (-1, 0), head.fontName, head.fontSize, head.leading),
                ("TEXTCOLOR", (0, 0), (-1, 0), head.textColor),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, BAND]),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ]
        )
    )
    return result


class ContentsPage(Flowable):
    """A table of contents drawn in one pass, each page number a PDF form filled in at the end.

    The section titles are known before the build (``section_titles`` of the story), their page numbers only
    at its end: the document defines the forms just before it saves the file. One build instead of the two
    or three reportlab's TableOfContents needs.
    """

    FONT_SIZE = 11
    LEADING = 20
    #: Room at the right for the page number.
    NUMBER_ROOM = 30

    def __init__(self, titles: Sequence[str]) -> None:
        super().__init__()
        self.titles = list(titles)

    @staticmethod
    def form_name(number: int) -> str:
        return f"contents-page-{number}"

    @staticmethod
    def target_name(number: int) -> str:
        return f"contents-target-{number}"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.LEADING * len(self.titles)

    def draw(self) -> None:
        canvas = self.canv
        top = self.LEADING * len(self.titles)
        entry = ParagraphStyle("contents", parent=style("body"), fontSize=self.FONT_SIZE)
        dot = canvas.stringWidth(" .", SANS.name, self.FONT_SIZE)
        for number, title in enumerate(self.titles):
            baseline = top - self.LEADING * (number + 1) + 6
            paragraph = Paragraph(markup(title), entry)
            paragraph.wrap(self.width - self.NUMBER_ROOM, self.LEADING)
            paragraph.drawOn(canvas, 0, baseline - 3)
            start = min(text_width(title, self.FONT_SIZE) + 4, self.width - self.NUMBER_ROOM)
            canvas.saveState()
            canvas.setFont(SANS.name, self.FONT_SIZE)
            canvas.setFillColor(MUTED)
            canvas.drawString(start, baseline, " ." * int((self.width - self.NUMBER_ROOM - start) / dot))
            canvas.restoreState()
            canvas.saveState()
            canvas.translate(self.width, baseline)
            canvas.doForm(self.form_name(number))
            canvas.restoreState()
            canvas.linkRect(
                "", self.target_name(number), (0, baseline - 4, self.width, baseline + 14), relative=1
            )


@dataclass(frozen=True)
class DocumentInfo:
    """The PDF's metadata and running footer, set deliberately (nothing else reaches the file's info)."""

    title: str
    author: str
    subject: str
    keywords: str
    footer: str


class _Document(BaseDocTemplate):
    def __init__(
        self,
        target: str | IO[bytes],
        info: DocumentInfo,
        bookmarks: bool,
        page_sizes: Mapping[str, tuple[float, float]],
    ) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + 6 * mm,
            title=one_line(info.title),
            author=one_line(info.author),
            subject=one_line(info.subject),
            keywords=one_line(info.keywords),
            creator=f"Account Plan {__version__}",
            producer=f"Account Plan {__version__}",
            initialFontName=SANS.name,  # no reference to a font the PDF does not embed
            initialFontSize=10,
        )
        self.info, self.bookmarks = info, bookmarks
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="text")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._footer)])
        for name, size in page_sizes.items():  # one frame filling the page, for a flowable drawing it whole
            whole = Frame(0, 0, *size, leftPadding=0, bottomPadding=0, rightPadding=0, topPadding=0, id=name)
            self.addPageTemplates([PageTemplate(id=name, frames=[whole], onPage=self._footer, pagesize=size)])
        self._bookmark_count = 0

    def _footer(self, canvas: Canvas, document: BaseDocTemplate) -> None:
        width = (document.pageTemplate.pagesize or A4)[0]
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        y = MARGIN
        canvas.line(MARGIN, y + 4 * mm, width - MARGIN, y + 4 * mm)
        canvas.setFillColor(MUTED)
        paragraph = Paragraph(markup(self.info.footer), style("small"))
        _, height = paragraph.wrap(width - 2 * MARGIN - 25 * mm, 20 * mm)
        paragraph.drawOn(canvas, MARGIN, y + 2.5 * mm - height)
        canvas.setFont(SANS.name, 8)
        canvas.drawRightString(width - MARGIN, y, f"Page {document.page}")
        canvas.restoreState()

    def beforeDocument(self) -> None:  # noqa: N802 - reportlab's name
        self._bookmark_count = 0  # each pass of a multi-pass build names the bookmarks alike
        self.section_pages: list[int] = []
        self._contents_entries = 0

    def _endBuild(self) -> None:  # noqa: N802 - reportlab's name: the last moment before the file is saved
        # The contents page drew a named form where each section's page number goes; the numbers are
        # known only now, so the forms are defined now (PDF forms may be used before they are defined).
        for number in range(self._contents_entries):
            page = self.section_pages[number] if number < len(self.section_pages) else "?"
            # The form's box lies left of its origin: the number is right-aligned on the entry's right edge.
            self.canv.beginForm(ContentsPage.form_name(number), lowerx=-40, lowery=-4, upperx=0, uppery=14)
            self.canv.setFont(SANS.name, ContentsPage.FONT_SIZE)
            self.canv.drawRightString(0, 0, str(page))
            self.canv.endForm()
        super()._endBuild()

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        if isinstance(flowable, ContentsPage):
            self._contents_entries = len(flowable.titles)
        mark = getattr(flowable, "bookmark", None)
        if not self.bookmarks or mark is None:
            return
        text, level = mark
        key = f"section-{self._bookmark_count}"
        self._bookmark_count += 1
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level - 1, closed=level > 1)
        if level == 1:
            self.canv.bookmarkPage(ContentsPage.target_name(len(self.section_pages)))
            self.section_pages.append(self.page)
            self.notify("TOCEntry", (level - 1, text, self.page, key))


def section_titles(story: Sequence[Flowable]) -> list[str]:
    """The titles of the level-1 headings of ``story``, in order (for a :class:`ContentsPage`)."""
    titles: list[str] = []
    for flowable in story:
        mark = getattr(flowable, "bookmark", None)
        if mark is not None and mark[1] == 1:
            titles.append(mark[0])
        inner = getattr(flowable, "_content", None)  # KeepTogether and friends
        if isinstance(inner, list):
            titles += section_titles(inner)
    return titles


def build_document(
    target: Path | IO[bytes],
    info: DocumentInfo,
    story: list[Flowable],
    *,
    bookmarks: bool = False,
    multi_pass: bool = False,
    progress: Callable[[int], Any] | None = None,
    page_sizes: Mapping[str, tuple[float, float]] | None = None,
) -> int:
    """Write ``story`` as a PDF to ``target`` (a path or a binary stream); return the number of pages.

    ``multi_pass`` builds until a table of contents settles (documents that have one). ``page_sizes``
    adds page templates by id (switched to with NextPageTemplate), each of that size with the footer and
    one frame filling the page without padding: a flowable as large as the page draws it whole.
    """
    document = _Document(
        str(target) if isinstance(target, Path) else target, info, bookmarks, page_sizes or {}
    )
    if progress is not None:
        document.setProgressCallBack(lambda kind, value: progress(value) if kind == "PAGE" else None)
    if multi_pass:
        document.multiBuild(story)
    else:
        document.build(story)
    return int(document.page)
