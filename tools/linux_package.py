"""The built application as a Debian package (.deb), made with dpkg-deb, and its checks.

    python tools/linux_package.py          package dist/accountplan/ into dist/accountplan_VERSION_ARCH.deb
                                           and check the package (tools/build_app.py does both after a build)

The package installs:

    /opt/accountplan/                                       the one-folder application, as built
    /usr/bin/accountplan                                    a launcher: the command line, and the window
    /usr/share/applications/APP_ID.desktop                  the menu entry (resources/linux/)
    /usr/share/metainfo/APP_ID.metainfo.xml                 AppStream: what software centres show
    /usr/share/icons/hicolor/SIZExSIZE/apps/APP_ID.png      the icon at 16 to 512 pixels
    /usr/share/icons/hicolor/scalable/apps/APP_ID.svg       and as drawn
    /usr/share/doc/accountplan/copyright                    the licence and the third-party notices

Its dependencies are the system libraries the bundled Qt loads but does not carry (the X11/xcb and OpenGL
libraries and the like), found with ldd and named by dpkg -S, plus the ones Qt's xcb platform needs at run
time. Building needs only dpkg-deb (in every Debian system); the checks also use desktop-file-validate and
appstreamcli when they are installed (the desktop-file-utils and appstream packages).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tools")]

import bundle_files  # noqa: E402

from accountplan import APP_ID, __version__  # noqa: E402

DIST = ROOT / "dist"
APP = DIST / "accountplan"
LINUX = ROOT / "resources" / "linux"
PREFIX = "opt/accountplan"
#: What Qt's xcb platform plugin loads when it starts, whether or not the build machine has it.
QT_XCB_PACKAGES = (
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libdbus-1-3",
)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
LAUNCHER = f"""#!/bin/sh
# Account Plan: the command line, and the window when given no command (or a database or plan file).
exec /{PREFIX}/accountplan "$@"
"""


class PackageFailed(Exception):
    """Building or checking the package failed; the message says what."""


def architecture() -> str:
    return _run("dpkg", "--print-architecture").strip()


def package_path() -> Path:
    return DIST / f"accountplan_{__version__}_{architecture()}.deb"


def build_deb(app: Path = APP, target: Path | None = None) -> Path:
    """Package the built application folder ``app`` into a .deb; return its path."""
    if shutil.which("dpkg-deb") is None:
        raise PackageFailed("dpkg-deb is not installed: the .deb is built on Debian or Ubuntu")
    if not (app / "accountplan").is_file():
        raise PackageFailed(f"there is no built application at {app}; build it first")
    target = target or package_path()
    with tempfile.TemporaryDirectory(prefix="accountplan-deb-") as folder:
        stage = Path(folder) / "root"
        shutil.copytree(app, stage / PREFIX, symlinks=True)
        _write(stage / "usr/bin/accountplan", LAUNCHER, mode=0o755)
        desktop = (LINUX / f"{APP_ID}.desktop").read_text(encoding="utf-8")
        _write(stage / f"usr/share/applications/{APP_ID}.desktop", desktop)
        _write(stage / f"usr/share/metainfo/{APP_ID}.metainfo.xml", metainfo())
        icons = bundle_files.make_icons(Path(folder) / "icons")
        for size in ICON_SIZES:
            _copy(icons.png[size], stage / f"usr/share/icons/hicolor/{size}x{size}/apps/{APP_ID}.png")
        _copy(bundle_files.APP_SVG, stage / f"usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg")
        _write(stage / "usr/share/doc/accountplan/copyright", copyright_file(app))
        size_kib = (
            sum(p.stat().st_size for p in stage.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
        )
        _write(stage / "DEBIAN/control", control(size_kib, depends(app)))
        for path in stage.rglob("*"):  # the modes dpkg expects, whatever the umask of the build
            if path.is_symlink():
                continue
            if path.is_dir():
                path.chmod(0o755)
            elif path.parent.name != "DEBIAN" or path.name != "control":
                path.chmod(0o755 if os.access(path, os.X_OK) else 0o644)
        (stage / "DEBIAN/control").chmod(0o644)
        target.parent.mkdir(parents=True, exist_ok=True)
        _run("dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(stage), str(target))
    return target


def metainfo() -> str:
    """The AppStream file with this version's release."""
    text = (LINUX / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    release = (
        f'  <releases>\n    <release version="{__version__}" date="{dt.date.today().isoformat()}"/>\n'
        "  </releases>\n"
    )
    return text.replace("</component>", release + "</component>")


def copyright_file(app: Path) -> str:
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    notices = app / "THIRD-PARTY-NOTICES.txt"
    third = notices.read_text(encoding="utf-8") if notices.is_file() else ""
    return f"{licence}\n\n{third}"


def control(size_kib: int, depends: list[str]) -> str:
    return (
        "Package: accountplan\n"
        f"Version: {__version__}\n"
        f"Architecture: {architecture()}\n"
        "Maintainer: The Account Plan maintainers <maintainers@accountplan.invalid>\n"
        f"Installed-Size: {size_kib}\n"
        f"Depends: {', '.join(depends)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: account planning for enterprise deal teams\n"
        " Account Plan maps the buyer's organisation and its influence, coordinates the deal\n"
        " team, plans the pursuit and exports the success plan the customer receives.\n"
    )


def depends(app: Path) -> list[str]:
    """The Debian packages of the system libraries the application's binaries load, and Qt's xcb needs."""
    binaries = [path for path in app.rglob("*") if path.is_file() and _is_elf(path)]
    bundled = {path.name for path in app.rglob("*")}  # found first at run time: the bootloader's library path
    libraries: set[str] = set()
    for path in binaries:
        if path.is_symlink():
            continue
        done = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False)
        for line in done.stdout.splitlines():
            found = re.match(r"\s*(\S+) => (/\S+) \(", line)
            if found and found.group(1) not in bundled:
                libraries.add(found.group(2))
    packages = set(QT_XCB_PACKAGES)
    for library in sorted(libraries):
        owner = _owner(library)
        if owner:
            packages.add(owner)
    packages.discard("accountplan")
    return sorted(packages)


def _owner(library: str) -> str | None:
    """The package that installed ``library`` (dpkg -S, trying the path through /usr as well)."""
    candidates = [library, str(Path(library).resolve())]
    candidates += [f"/usr{c}" for c in candidates if not c.startswith("/usr/")]
    for candidate in candidates:
        done = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True, check=False)
        if done.returncode == 0 and done.stdout:
            return done.stdout.split(":")[0].strip()
    return None


def _is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(4) == b"\x7fELF"
    except OSError:
        return False


def check_deb(deb: Path) -> list[str]:
    """Check the package as an installer would see it; the lines of what was checked (PackageFailed if not)."""
    checked = []
    info = _run("dpkg-deb", "--info", str(deb))
    for field in ("Package: accountplan", f"Version: {__version__}", "Depends: "):
        if field not in info:
            raise PackageFailed(f"{deb.name}: its control file has no '{field}'")
    contents = _run("dpkg-deb", "--contents", str(deb))
    expected = [
        "./usr/bin/accountplan",
        f"./{PREFIX}/accountplan",
        f"./{PREFIX}/THIRD-PARTY-NOTICES.txt",
        f"./usr/share/applications/{APP_ID}.desktop",
        f"./usr/share/metainfo/{APP_ID}.metainfo.xml",
        f"./usr/share/icons/hicolor/256x256/apps/{APP_ID}.png",
        f"./usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
        "./usr/share/doc/accountplan/copyright",
    ]
    missing = [path for path in expected if not re.search(rf"\s{re.escape(path)}$", contents, re.MULTILINE)]
    if missing:
        raise PackageFailed(f"{deb.name} does not install {', '.join(missing)}")
    if re.search(r"^\S+ (?!root/root)\S+", contents, re.MULTILINE):
        raise PackageFailed(f"{deb.name} holds files not owned by root")
    checked.append(f"{deb.name}: {len(contents.splitlines())} entries, the menu entry, icons and launcher")
    with tempfile.TemporaryDirectory(prefix="accountplan-deb-check-") as folder:
        root = Path(folder)
        _run("dpkg-deb", "--extract", str(deb), str(root))
        desktop = root / f"usr/share/applications/{APP_ID}.desktop"
        entry = dict(
            line.split("=", 1) for line in desktop.read_text(encoding="utf-8").splitlines() if "=" in line
        )
        if entry.get("Icon") != APP_ID or entry.get("Exec", "").split()[0] != "accountplan":
            raise PackageFailed(f"{desktop.name} names Icon={entry.get('Icon')}, Exec={entry.get('Exec')}")
        launcher = (root / "usr/bin/accountplan").read_text(encoding="utf-8")
        if f"/{PREFIX}/accountplan" not in launcher:
            raise PackageFailed("the launcher /usr/bin/accountplan does not start the application")
        installed = root / PREFIX / "accountplan"
        version = subprocess.run(
            [str(installed), "--version"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        if version.stdout.strip() != f"accountplan {__version__}":
            raise PackageFailed(f"the packaged application printed {version.stdout!r} {version.stderr!r}")
        checked.append(f"the packaged application runs: {version.stdout.strip()}")
        for tool, argv in (
            ("desktop-file-validate", [str(desktop)]),
            (
                "appstreamcli",
                ["validate", "--no-net", str(root / f"usr/share/metainfo/{APP_ID}.metainfo.xml")],
            ),
        ):
            if shutil.which(tool) is None:
                checked.append(f"{tool} is not installed: not run")
                continue
            done = subprocess.run([tool, *argv], capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise PackageFailed(f"{tool} refused the package's file:\n{done.stdout}{done.stderr}")
            checked.append(f"{tool}: valid")
    return checked


def _write(path: Path, text: str, *, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _run(*argv: str) -> str:
    done = subprocess.run(list(argv), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PackageFailed(
            f"{' '.join(argv)} failed with status {done.returncode}:\n{done.stdout}{done.stderr}"
        )
    return done.stdout


def main() -> int:
    try:
        deb = build_deb()
        print(f"built {deb.relative_to(ROOT)} ({deb.stat().st_size // 2**20} MB)", flush=True)
        for line in check_deb(deb):
            print(f"ok  {line}", flush=True)
    except PackageFailed as failure:
        print(f"linux_package: FAILED: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
