"""Reading an exported PDF back as a reader's viewer would, with pypdf alone (no poppler on a fresh machine).

``page_texts`` is the text of each page in the order it is drawn (what a viewer copies or a search finds);
``fonts`` lists every font the pages use, as ``pdffonts`` does: its name, whether the font program is embedded,
whether it is a subset (``ABCDEF+Name``) and whether it maps its glyphs back to Unicode (a ``/ToUnicode``
CMap, without which the text cannot be searched or copied).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def page_texts(path: Path | str) -> list[str]:
    """The text of each page, its whitespace squeezed to single spaces."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def pdf_text(path: Path | str) -> str:
    """The text of every page, joined by spaces, its whitespace squeezed."""
    return " ".join(page_texts(path))


@dataclass(frozen=True)
class Font:
    """One font a page draws with, as pdffonts lists it."""

    name: str  # the base font, with its subset tag: "AAAAAA+DejaVuSans"
    type: str  # "TrueType", "Type0", "Type1", "Type3"…
    embedded: bool
    subset: bool
    unicode: bool

    @property
    def family(self) -> str:
        """The name without its subset tag: "DejaVuSans"."""
        return SUBSET_TAG.sub("", self.name)


def _resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _font(font: DictionaryObject) -> Font:
    subtype = str(font.get("/Subtype", "")).lstrip("/")
    name = str(font.get("/BaseFont", "")).lstrip("/")
    described = font
    if subtype == "Type0":  # a composite font: the glyphs and their descriptor are in the descendant
        described = _resolve(_resolve(font["/DescendantFonts"])[0])
    descriptor = _resolve(described.get("/FontDescriptor")) or {}
    embedded = subtype == "Type3" or any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )
    return Font(
        name=name,
        type=subtype,
        embedded=embedded,
        subset=bool(SUBSET_TAG.match(name)),
        unicode="/ToUnicode" in font,
    )


def _fonts_in(resources: Any, seen: set[object]) -> Iterator[DictionaryObject]:
    """Every font of these resources and of the forms, patterns and Type 3 glyphs they draw, once each."""
    resources = _resolve(resources)
    if not resources:
        return
    for reference in _resolve(resources.get("/Font", {})).values():
        font = _resolve(reference)
        key = reference.idnum if isinstance(reference, IndirectObject) else id(font)
        if key not in seen:
            seen.add(key)
            yield font
            if "/Resources" in font:  # a Type 3 font's glyphs may draw with other fonts
                yield from _fonts_in(font["/Resources"], seen)
    for group in ("/XObject", "/Pattern"):
        for reference in _resolve(resources.get(group, {})).values():
            drawn = _resolve(reference)
            key = reference.idnum if isinstance(reference, IndirectObject) else id(drawn)
            if ("x", key) in seen or "/Resources" not in drawn:
                continue
            seen.add(("x", key))
            yield from _fonts_in(drawn["/Resources"], seen)


def fonts(path: Path | str) -> list[Font]:
    """Every font used by the pages, their forms, patterns and annotations' appearances, once each."""
    reader = PdfReader(path)
    seen: set[object] = set()
    found: list[Font] = []
    for page in reader.pages:
        places = [page.get("/Resources")]
        for annotation in _resolve(page.get("/Annots", [])) or []:
            appearance = _resolve(_resolve(annotation).get("/AP", {})).get("/N")
            appearance = _resolve(appearance)
            if appearance is not None and "/Resources" in appearance:
                places.append(appearance["/Resources"])
        for resources in places:
            found.extend(_font(font) for font in _fonts_in(resources, seen))
    return found


def assert_embedded_subsets(path: Path | str) -> list[Font]:
    """Every font embedded, as a subset, with its Unicode map; returns them (at least one)."""
    found = fonts(path)
    assert found, "the PDF draws no text"
    bad = [font for font in found if not (font.embedded and font.subset and font.unicode)]
    assert bad == [], f"fonts not embedded as subsets with a Unicode map: {bad}"
    return found
