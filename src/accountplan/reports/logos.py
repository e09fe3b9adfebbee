"""Company logos on the success plan's cover: PNG, JPEG or SVG files the user picks, checked and re-encoded.

A logo is read once, here, and only its pixels go on: a PNG or JPEG is decoded by Pillow and written again as
a plain PNG (no metadata, no second image hidden in the file), so reportlab and python-pptx are handed bytes
we made, never the user's path or file. An SVG is drawn by svglib when it is installed, and only if it
references nothing outside itself (no external image, font or style sheet is ever fetched); without svglib
an SVG is refused with a message saying to save the logo as PNG. A file over :data:`MAX_LOGO_BYTES` or an
image larger than :data:`MAX_LOGO_PIXELS` on a side is refused.
"""

from __future__ import annotations

import importlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

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
    """A logo as a PNG we encoded, with its size in pixels."""

    png: bytes
    width: int
    height: int


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
        data = _svg_as_png(data, name)
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


def _svg_as_png(data: bytes, name: str) -> bytes:
    """An SVG logo drawn as a PNG by svglib; refused without svglib or when it references anything outside."""
    try:
        svglib = importlib.import_module("svglib.svglib")
        render_pm = importlib.import_module("reportlab.graphics.renderPM")
    except ImportError as error:
        raise AccountPlanError(
            f"The logo {name!r} is an SVG file, which needs svglib (not installed here): "
            "save the logo as PNG and choose that instead."
        ) from error
    text = data.decode("utf-8", errors="replace")
    if _EXTERNAL.search(text):
        raise AccountPlanError(
            f"The logo {name!r} refers to files or addresses outside itself; save it as PNG and choose that."
        )
    try:
        drawing = svglib.svg2rlg(io.BytesIO(data))
        if drawing is None:
            raise ValueError("empty drawing")
        return bytes(render_pm.drawToString(drawing, fmt="PNG", dpi=144))
    except Exception as error:  # noqa: BLE001 - any failure of a third-party parser on a user file
        raise AccountPlanError(f"The SVG logo {name!r} cannot be drawn.") from error
