"""What the built application carries besides the code: its icon, version resource and third-party notices.

build.spec calls these while PyInstaller builds; tools/linux_package.py reuses the icons. Each writes into a
folder of generated files (build/bundle/), never into the source tree:

    python tools/bundle_files.py icons OUT      resources/icons/app.svg as PNGs (16 to 1024 pixels),
                                                a Windows .ico and a macOS .icns, into OUT

- The icon is drawn once, as SVG (resources/icons/app.svg, the window's icon too); Qt's SVG renderer paints
  it at each size (in a process of its own, offscreen) and Pillow packs the sizes into .ico and .icns.
- The Windows version resource (file and product version, name, copyright) is written from the package's
  version, in the text form PyInstaller reads (its ``VSVersionInfo``).
- THIRD-PARTY-NOTICES.txt holds, for every distribution the application bundles, its name, version, licence
  and licence files as installed (``importlib.metadata``); Qt for Python ships none in its wheels, so the
  LGPL-3.0 and GPL-3.0 texts under which it is used come from tools/licenses/.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_SVG = ROOT / "resources" / "icons" / "app.svg"
LICENCE_TEXTS = ROOT / "tools" / "licenses"
#: The pixel sizes rendered: the hicolor theme's, Windows' (16–256) and macOS's (16–1024).
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
COPYRIGHT = f"Copyright (c) {dt.date.today().year} the Account Plan maintainers"
#: Distributions that use Qt's licence and ship no licence file in their wheels.
QT_DISTRIBUTIONS = frozenset({"pyside6", "pyside6-essentials", "pyside6-addons", "shiboken6"})


@dataclass(frozen=True)
class Icons:
    """The rendered icon: PNGs by pixel size, the .ico and the .icns."""

    png: dict[int, Path]
    ico: Path
    icns: Path


def make_icons(out: Path) -> Icons:
    """Render the application's icon into ``out`` at every size, then pack the .ico and .icns."""
    from PIL import Image

    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "render-png", str(APP_SVG), str(out)],
        check=True,
        env=env,
    )
    png = {size: out / f"{size}.png" for size in ICON_SIZES}
    missing = [str(path) for path in png.values() if not path.is_file()]
    if missing:
        raise RuntimeError(f"the icon was not rendered: {', '.join(missing)}")
    images = {size: Image.open(path) for size, path in png.items()}
    ico, icns = out / "accountplan.ico", out / "accountplan.icns"
    small = [images[size] for size in ICO_SIZES[:-1]]
    images[256].save(ico, sizes=[(size, size) for size in ICO_SIZES], append_images=small)
    images[1024].save(icns, append_images=[images[size] for size in ICON_SIZES if size != 1024])
    return Icons(png, ico, icns)


def _render_png(svg: Path, out: Path) -> None:
    """Paint ``svg`` at each of ICON_SIZES into ``out``/SIZE.png (run in a process of its own: it starts Qt)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt paints only with an application
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not an SVG drawing Qt can read")
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        if not image.save(str(out / f"{size}.png")):
            raise SystemExit(f"cannot write {out / f'{size}.png'}")


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """The four numbers of a Windows file version, from a package version ("0.2.0rc1" → (0, 2, 0, 0))."""
    numbers = [int(part) for part in re.findall(r"\d+", version.split("+")[0].split("rc")[0])[:4]]
    padded = (*numbers, 0, 0, 0, 0)[:4]
    return (padded[0], padded[1], padded[2], padded[3])


def windows_version_file(out: Path, *, version: str, executable: str, description: str) -> Path:
    """Write the version resource of ``executable`` (e.g. "accountplan.exe") for PyInstaller's EXE(version=)."""
    numbers = version_numbers(version)
    strings = {
        "CompanyName": "The Account Plan maintainers",
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": Path(executable).stem,
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": executable,
        "ProductName": "Account Plan",
        "ProductVersion": version,
    }
    table = ",\n".join(f"        StringStruct({key!r}, {value!r})" for key, value in strings.items())
    text = f"""# The Windows version resource of {executable}, written by tools/bundle_files.py.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3F,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0),
  ),
  kids=[
    StringFileInfo([
      StringTable('040904B0', [
{table},
      ]),
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])]),
  ],
)
"""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"version-{Path(executable).stem.replace(' ', '-')}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def bundled_distributions(top_level_names: Iterable[str]) -> list[metadata.Distribution]:
    """The installed distributions that provide these top-level modules or folders (not Python's own)."""
    providers = metadata.packages_distributions()
    names: set[str] = set()
    for top in top_level_names:
        names.update(providers.get(top, ()))
    found: dict[str, metadata.Distribution] = {}
    for name in names:
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        key = _normalised(distribution.metadata["Name"])
        if key != "accountplan":
            found[key] = distribution
    return [found[key] for key in sorted(found)]


def third_party_notices(top_level_names: Iterable[str]) -> str:
    """THIRD-PARTY-NOTICES.txt: Python's and every bundled distribution's licence, with the licence texts."""
    distributions = bundled_distributions(top_level_names)
    parts = [
        "Account Plan: third-party software and licences",
        "=" * 48,
        "",
        "The application bundles the Python interpreter and the libraries listed below, each under its own",
        "licence. Qt and Qt for Python (PySide6, shiboken6) are used under the GNU Lesser General Public",
        "License version 3 (LGPL-3.0), whose text, with the GNU GPL version 3 it supplements, is at the end.",
        "Under the LGPL you may replace the Qt libraries in the application's folder with your own build of",
        "the same version (the Qt and PySide6 sources are at https://download.qt.io/official_releases/).",
        "The fonts in accountplan/resources/fonts/ carry their licences in the LICENSES folder beside them.",
        "",
        "Contents:",
        f"  Python {sys.version.split()[0]}",
        *(f"  {d.metadata['Name']} {d.version}" for d in distributions),
        "",
        _section(f"Python {sys.version.split()[0]}", "PSF-2.0", _python_licence()),
    ]
    for distribution in distributions:
        parts.append(_section(
            f"{distribution.metadata['Name']} {distribution.version}",
            _licence_name(distribution),
            _licence_files(distribution),
        ))  # fmt: skip
    for text in ("LGPL-3.0", "GPL-3.0"):
        parts.append(_section(f"The {text} licence text", text, [(f"{text}.txt", _licence_text(text))]))
    return "\n".join(parts)


def _section(title: str, licence: str, files: list[tuple[str, str]]) -> str:
    lines = ["", "-" * 100, title, f"Licence: {licence}", "-" * 100]
    for name, text in files:
        lines += ["", f"[{name}]", "", text.rstrip()]
    return "\n".join(lines) + "\n"


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _licence_name(distribution: metadata.Distribution) -> str:
    found = distribution.metadata
    expression = found.get("License-Expression")
    if expression:
        return expression
    classifiers = [
        c.split(" :: ")[-1] for c in found.get_all("Classifier") or [] if c.startswith("License :: ")
    ]
    licence = (found.get("License") or "").strip().splitlines()
    if licence and len(licence[0]) < 100:
        return licence[0]
    return "; ".join(classifiers) or "see the licence files below"


def _licence_files(distribution: metadata.Distribution) -> list[tuple[str, str]]:
    """The licence files the distribution installed (PEP 639's License-File, else the usual names)."""
    declared = set(distribution.metadata.get_all("License-File") or [])
    files: list[tuple[str, str]] = []
    for file in distribution.files or []:
        name = file.name
        in_metadata = ".dist-info" in file.parts[0] if file.parts else False
        if (in_metadata and (name in declared or "licenses" in file.parts)) or (
            re.match(r"(?i)(licen[cs]e|copying|notice)([.-].*)?$", name)
            and file.suffix not in (".py", ".pyc")
        ):
            path = Path(str(distribution.locate_file(file)))
            try:
                files.append((str(file), path.read_text(encoding="utf-8", errors="replace")))
            except OSError:
                continue
    if not files and _normalised(distribution.metadata["Name"]) in QT_DISTRIBUTIONS:
        return [("(Qt's licence)", "Used under the LGPL-3.0: its text is at the end of this file.")]
    seen: set[str] = set()
    unique = []
    for name, text in files:  # one text once, though a wheel may install it twice
        if text not in seen:
            seen.add(text)
            unique.append((name, text))
    return unique


def _python_licence() -> list[tuple[str, str]]:
    stdlib = Path(os.__file__).resolve().parent
    for candidate in (
        stdlib / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE.txt",
        stdlib.parent / "LICENSE.txt",
    ):
        if candidate.is_file():
            return [("LICENSE.txt", candidate.read_text(encoding="utf-8", errors="replace"))]
    return [
        (
            "(Python's licence)",
            "The Python Software Foundation License: https://docs.python.org/3/license.html",
        )
    ]


def _licence_text(name: str) -> str:
    return (LICENCE_TEXTS / f"{name}.txt").read_text(encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "render-png":
        _render_png(Path(argv[1]), Path(argv[2]))
        return 0
    if len(argv) == 2 and argv[0] == "icons":
        icons = make_icons(Path(argv[1]))
        print(f"{len(icons.png)} PNGs, {icons.ico.name} and {icons.icns.name} in {argv[1]}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
