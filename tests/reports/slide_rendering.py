"""Rendering a .pptx deck to PNG images with LibreOffice, where it can be found or installed.

``render_slides`` converts the deck to PDF with ``soffice --headless`` in a private profile, then turns each
page into a PNG with pypdfium2 when it is there, else with pdftoppm. If no converter is found, Debian's
``libreoffice-impress`` is installed with apt-get when the tests run as root on a machine that has apt;
otherwise the calling test is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

__all__ = ["render_slides", "soffice"]

_TRIED_INSTALL: list[bool] = []


def soffice() -> str | None:
    """The LibreOffice program, installing it with apt-get once if it is missing and that is possible."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found or _TRIED_INSTALL:
        return found
    _TRIED_INSTALL.append(True)
    if os.environ.get("ACCOUNTPLAN_TEST_NO_INSTALL") or shutil.which("apt-get") is None or os.geteuid() != 0:
        return None
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": False, "timeout": 900}
    subprocess.run(["apt-get", "update", "-q"], **quiet)  # type: ignore[call-overload]
    subprocess.run(  # type: ignore[call-overload]
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "libreoffice-impress", "poppler-utils"],
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        **quiet,
    )
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_slides(deck: Path, out: Path) -> list[Path]:
    """Each slide of ``deck`` as a PNG in ``out`` (skips the test, with the reason, if nothing can render)."""
    program = soffice()
    if program is None:
        pytest.skip("no LibreOffice to render the deck (not installed, and apt-get is not available as root)")
    out.mkdir(parents=True, exist_ok=True)
    profile = out / "lo-profile"
    done = subprocess.run(
        [
            program,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(deck),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    pdf = out / (deck.stem + ".pdf")
    if not pdf.exists():
        pytest.skip(f"LibreOffice could not convert the deck: {done.stderr.strip() or done.stdout.strip()}")
    return _pages_as_png(pdf, out)


def _pages_as_png(pdf: Path, out: Path) -> list[Path]:
    try:
        import pypdfium2  # type: ignore[import-not-found]
    except ImportError:
        pypdfium2 = None
    if pypdfium2 is not None:
        images = []
        document = pypdfium2.PdfDocument(str(pdf))
        for index in range(len(document)):
            target = out / f"{pdf.stem}-{index + 1}.png"
            document[index].render(scale=1.5).to_pil().save(target)
            images.append(target)
        return images
    if shutil.which("pdftoppm") is None:
        pytest.skip("no pdftoppm or pypdfium2 to turn the rendered deck into images")
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(out / pdf.stem)], check=True, timeout=300)
    return sorted(out.glob(f"{pdf.stem}-*.png"))
