"""A PDF made by the core, printed on a QPrinter: the paper it asks for, each page rendered at its resolution.

The named papers of :mod:`accountplan.reports.paper` map to Qt's page sizes both ways, so the printer's page
setup chooses the paper the core lays a chart out on. QtPdf (pdfium) renders each page of the PDF, in bands so
a page at full resolution never needs one huge image, scaled to fit the printer's paper and centred on it.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter

from accountplan.errors import AccountPlanError
from accountplan.reports.paper import PAPERS, Fitting, PaperChoice

__all__ = [
    "MAX_RENDER_DPI",
    "PAGE_SIZES",
    "PREVIEW_DPI",
    "apply_paper",
    "is_preview",
    "paper_choice",
    "paper_name",
    "print_message",
    "print_pdf",
    "printed_pages",
]

#: Qt's page size of each named paper (tabloid is 11 × 17 in portrait, as Qt's Tabloid is).
PAGE_SIZES: dict[str, QPageSize.PageSizeId] = {
    "A4": QPageSize.PageSizeId.A4,
    "A3": QPageSize.PageSizeId.A3,
    "A2": QPageSize.PageSizeId.A2,
    "letter": QPageSize.PageSizeId.Letter,
    "tabloid": QPageSize.PageSizeId.Tabloid,
}

#: Pages are rendered at the printer's resolution up to this: a 6 pt name is 25 pixels high, sharp on paper;
#: 600 dpi would take four times as long and swell the job fourfold for no difference a reader sees.
MAX_RENDER_DPI = 300
#: A print preview keeps every page as an image: rendered at most at this, and less for a long document.
PREVIEW_DPI = 150
#: The memory a preview's page images may take together, in bytes.
PREVIEW_MEMORY = 256 * 1024 * 1024
#: Rows of pixels rendered at once (a band of an A2 page at 300 dpi: about 20 MB).
_BAND_ROWS = 1024


def paper_name(page_size: QPageSize) -> str:
    """The named paper of a Qt page size; for another size the largest named paper that fits on it (else A4)."""
    for name, size_id in PAGE_SIZES.items():
        if page_size.id() == size_id:
            return name
    size = page_size.size(QPageSize.Unit.Point)
    short, long = sorted((size.width(), size.height()))
    fitting = [
        (width * height, name)
        for name, (width, height) in PAPERS.items()
        if width <= short + 1 and height <= long + 1
    ]
    return max(fitting)[1] if fitting else "A4"


def paper_choice(printer: QPrinter, fitting: Fitting) -> PaperChoice:
    """The paper and orientation the printer is set to, with how a chart goes onto it."""
    layout = printer.pageLayout()
    landscape = layout.orientation() == QPageLayout.Orientation.Landscape
    return PaperChoice(paper_name(layout.pageSize()), landscape, fitting)


def apply_paper(printer: QPrinter, choice: PaperChoice) -> None:
    """Set the printer to the chosen paper and orientation."""
    printer.setPageSize(QPageSize(PAGE_SIZES[choice.name]))
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if choice.landscape else QPageLayout.Orientation.Portrait
    )


def printed_pages(printer: QPrinter, pages: int) -> list[int]:
    """The pages (from 1) of a ``pages``-page document the printer is asked for: its page range, else all."""
    ranges = printer.pageRanges()
    if printer.printRange() != QPrinter.PrintRange.PageRange or ranges.isEmpty():
        return list(range(1, pages + 1))
    return [number for number in range(1, pages + 1) if ranges.contains(number)]


def is_preview(printer: QPrinter) -> bool:
    """Whether ``printer`` paints a print preview's pages (inside ``paintRequested``), not a printer or a file."""
    engine = printer.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Picture


def print_pdf(data: bytes, printer: QPrinter) -> int:
    """Print the PDF ``data`` on ``printer``, one page per sheet; the number of pages printed.

    Each page is scaled to fit the printer's whole paper (a page made for that paper fills it exactly; the
    core's pages carry their own margins) and centred, rendered at the printer's resolution up to
    MAX_RENDER_DPI (a preview's at most PREVIEW_DPI, less for a long document). Raises AccountPlanError if
    the PDF cannot be read or the printer cannot be started.
    """
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        raise AccountPlanError(f"The document to print could not be read ({document.error().name}).")
    numbers = printed_pages(printer, document.pageCount())
    if not numbers:
        raise AccountPlanError(
            f"The pages asked for are not in the document: it has {document.pageCount()} pages."
        )
    dpi = min(printer.resolution(), MAX_RENDER_DPI)
    if is_preview(printer):
        inches = printer.pageLayout().fullRect(QPageLayout.Unit.Inch)
        fitting = (PREVIEW_MEMORY / (4 * len(numbers) * inches.width() * inches.height())) ** 0.5
        dpi = max(36, min(dpi, PREVIEW_DPI, int(fitting)))
    printer.setFullPage(True)  # the page's own margins place the content; Qt adds none
    painter = QPainter()
    if not painter.begin(printer):
        raise AccountPlanError("The printer could not be started: check that it is connected and ready.")
    try:
        for index, number in enumerate(numbers):
            if index:
                printer.newPage()
            _paint_page(painter, printer, document, number - 1, dpi)
    finally:
        painter.end()
        document.close()
    return len(numbers)


def print_message(printer: QPrinter, text: str) -> None:
    """One page that says ``text`` (a preview while its pages are made, or why they could not be)."""
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        paper = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
        font = QFont()
        font.setPointSizeF(16)
        painter.setFont(font)
        painter.setPen(QColor("#444444"))
        margin = paper.width() / 8
        painter.drawText(
            paper.adjusted(margin, margin, -margin, -margin),
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            text,
        )
    finally:
        painter.end()


def _paint_page(painter: QPainter, printer: QPrinter, document: QPdfDocument, page: int, dpi: int) -> None:
    resolution = printer.resolution()
    paper = QRectF(printer.pageLayout().fullRectPixels(resolution))
    points = document.pagePointSize(page)
    scale = min(paper.width() / points.width(), paper.height() / points.height())  # device pixels a point
    target = QRectF(0, 0, points.width() * scale, points.height() * scale)
    target.moveCenter(paper.center())
    pixels = QSize(round(target.width() * dpi / resolution), round(target.height() * dpi / resolution))
    step = target.height() / pixels.height()  # device pixels a rendered row
    painter.fillRect(paper, QColor("white"))
    for top in range(0, pixels.height(), _BAND_ROWS):
        rows = min(_BAND_ROWS, pixels.height() - top)
        options = QPdfDocumentRenderOptions()
        options.setScaledSize(pixels)
        options.setScaledClipRect(QRect(0, top, pixels.width(), rows))
        band = document.render(page, QSize(pixels.width(), rows), options)
        if band.isNull():
            raise AccountPlanError(f"Page {page + 1} could not be rendered for the printer.")
        area = QRectF(target.left(), target.top() + top * step, target.width(), rows * step)
        painter.drawImage(area, band, QRectF(0, 0, band.width(), band.height()))
