"""Company logos on the success plan's cover: PNG, JPEG or SVG files the user picks, checked and re-encoded.

A logo is read once, here, and only its pixels go on: a PNG or JPEG is decoded by Pillow and written again as
a plain PNG (no metadata, no second image hidden in the file), so reportlab and python-pptx are handed bytes
we made, never the user's path or file. An SVG is parsed by svglib (entities unresolved) only if it
references nothing outside itself (no external image, font or style sheet is ever fetched), and the PDF draws
it as vectors; a deck shows pictures and asks for a PNG or JPEG instead. A file over :data:`MAX_LOGO_BYTES` or an
image larger than :data:`MAX_LOGO_PIXELS` on a side is refused.
"""

from __future__ import annotations

import importlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from accountplan.errors import AccountPlanError

__all__ = ["LOGO_SUFFIXES", "MAX_LOGO_BYTES", "MAX_LOGO_PIXELS", "Logo", "Logos", "read_logo"]

#: The most bytes a logo file may have.
MAX_LOGO_BYTES = 2 * 1024 * 1024
#: The most pixels a logo may have on either side.
MAX_LOGO_PIXELS = 4000
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
#: An SVG reference to anything but a fragment of itself or inline data: refused, never fetched.
_EXTERNAL = re.compile(
    r"""(?:href|src)\s*=\s*["']\s*(?!#|data:)|url\(\s*["']?\s*(?!#|data:)|<!ENTITY|@import""", re.IGNORECASE
)


@dataclass(frozen=True)
class Logo:
    """A logo as a PNG we encoded, with its size in pixels; an SVG logo as a vector drawing instead.

    An SVG logo has no PNG (``png`` is empty): ``drawing`` is the reportlab Drawing svglib made of it, and
    ``width`` and ``height`` are its size in points. The PDF draws it as vectors; a deck, which shows
    pictures, refuses it with ``name`` in the reason.
    """

    png: bytes
    width: int
    height: int
    drawing: Any = None
    name: str = ""


@dataclass(frozen=True)
class Logos:
    """The logos on the cover: the customer's and ours, either may be missing."""

    customer: Logo | None = None
    ours: Logo | None = None


def read_logo(path: Path) -> Logo:
    """The logo in ``path`` (PNG, JPEG or SVG); AccountPlanError saying why a file cannot be one."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in LOGO_SUFFIXES:
        raise AccountPlanError(f"The logo {name!r} is not a PNG, JPEG or SVG file.")
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise AccountPlanError(f"The logo {name!r} is not a file.")
        if size > MAX_LOGO_BYTES:
            raise AccountPlanError(
                f"The logo {name!r} is {size / 1024 / 1024:.1f} MB; a logo may be at most "
                f"{MAX_LOGO_BYTES // 1024 // 1024} MB."
            )
        data = path.read_bytes()[: MAX_LOGO_BYTES + 1]
    except OSError as error:
        raise AccountPlanError(f"Cannot read the logo {name!r}: {error.strerror or error}.") from error
    if suffix == ".svg":
        return _svg_logo(data, name)
    return _reencoded(data, name)


def _reencoded(data: bytes, name: str) -> Logo:
    """The image in ``data`` decoded and written again as a PNG, after checking its size before decoding."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG"):
                raise AccountPlanError(f"The logo {name!r} is not a PNG or JPEG image.")
            width, height = image.size
            if max(width, height) > MAX_LOGO_PIXELS:
                raise AccountPlanError(
                    f"The logo {name!r} is {width} × {height} pixels; a logo may be at most "
                    f"{MAX_LOGO_PIXELS} pixels on a side."
                )
            image.load()
            pixels = image.convert(
                "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
            )
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise AccountPlanError(f"The logo {name!r} is not an image that can be read.") from error
    out = io.BytesIO()
    pixels.save(out, format="PNG")
    return Logo(out.getvalue(), width, height)


def _svg_logo(data: bytes, name: str) -> Logo:
    """An SVG logo as svglib's vector drawing; refused when it references anything outside itself.

    The text is checked before any parser sees it (no external image, style sheet, font or entity is ever
    fetched), and svglib parses it with entities unresolved.
    """
    text = data.decode("utf-8", errors="replace")
    if _EXTERNAL.search(text):
        raise AccountPlanError(
            f"The logo {name!r} refers to files or addresses outside itself; save it as PNG and choose that."
        )
    try:
        svglib = importlib.import_module("svglib.svglib")
    except ImportError as error:
        raise AccountPlanError(
            f"The logo {name!r} is an SVG file, which needs svglib (not installed here): "
            "save the logo as PNG and choose that instead."
        ) from error
    try:
        drawing = svglib.svg2rlg(io.BytesIO(data), resolve_entities=False)
    except Exception as error:  # noqa: BLE001 - any failure of a third-party parser on a user file
        raise AccountPlanError(f"The SVG logo {name!r} cannot be drawn.") from error
    if drawing is None or not (
        0 < drawing.width <= MAX_LOGO_PIXELS and 0 < drawing.height <= MAX_LOGO_PIXELS
    ):
        raise AccountPlanError(f"The SVG logo {name!r} has no size a cover can show.")
    return Logo(b"", round(drawing.width), round(drawing.height), drawing=drawing, name=name)
