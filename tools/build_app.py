"""Build the one-folder application with PyInstaller (build.spec), then check the built executable headless.

    python tools/build_app.py                 build into dist/accountplan/, then check it
    python tools/build_app.py --check-only    check the application already built there

On Linux it then packages the application as a .deb (tools/linux_package.py: dpkg-deb, the menu entry, the
icon, a launcher in /usr/bin) into dist/ and checks the package; --no-package leaves that out.

The checks run the executable as a user would, on a temporary database, with Qt offscreen: --version, the
demo account, the window's smoke test (--smoke-test: open the first account, paint, exit) and the success
plan export, whose PDF must name the account. Any failure prints what failed and exits 1.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
WORK = ROOT / "build"
EXECUTABLE = DIST / "accountplan" / ("accountplan.exe" if sys.platform == "win32" else "accountplan")


class CheckFailed(Exception):
    """A check of the built application failed; the message says which and why."""


def build() -> None:
    """Run PyInstaller on build.spec (a clean build: nothing stale from an earlier one)."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN"]
    command += ["--distpath", str(DIST), "--workpath", str(WORK), str(ROOT / "build.spec")]
    print("building:", " ".join(command), flush=True)
    start = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise CheckFailed(f"PyInstaller failed with exit status {done.returncode}")
    print(f"built {EXECUTABLE.relative_to(ROOT)} in {time.monotonic() - start:.0f} s", flush=True)


def run_app(*argv: str, home: Path) -> str:
    """Run the built executable; its standard output, or CheckFailed with what it printed."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "ACCOUNTPLAN_USER": "build-check",
        "PYTHONIOENCODING": "utf-8",
    }
    env.pop("ACCOUNTPLAN_DB", None)
    shown = " ".join(["accountplan", *argv])
    try:
        done = subprocess.run(
            [str(EXECUTABLE), *argv], capture_output=True, text=True, env=env, timeout=300, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise CheckFailed(f"{shown}: {error}") from None
    if done.returncode != 0:
        raise CheckFailed(f"{shown} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    print(
        f"ok  {shown}\n    {done.stdout.strip().splitlines()[0] if done.stdout.strip() else ''}", flush=True
    )
    return done.stdout


def check() -> None:
    """Run the built application through --version, demo, --smoke-test and export success-plan."""
    from pypdf import PdfReader

    from accountplan import __version__

    if not EXECUTABLE.is_file():
        raise CheckFailed(f"there is no built application at {EXECUTABLE}; build it first")
    with tempfile.TemporaryDirectory(prefix="accountplan-build-check-") as folder:
        home = Path(folder)
        database = str(home / "plan.sqlite")
        version = run_app("--version", home=home).strip()
        if version != f"accountplan {__version__}":
            raise CheckFailed(f"--version printed {version!r}, not 'accountplan {__version__}'")
        added = re.search(r"demo account '(.+)'", run_app("--db", database, "demo", home=home))
        if added is None:
            raise CheckFailed("demo did not name the account it added")
        account = added.group(1)
        painted = run_app("--db", database, "--smoke-test", home=home)
        if account not in painted or "s after the process started" not in painted:
            raise CheckFailed(f"--smoke-test did not paint the demo account: {painted!r}")
        pdf = home / "success plan.pdf"
        run_app("--db", database, "export", "success-plan", "--account", account, "-o", str(pdf), home=home)
        reader = PdfReader(pdf)
        text = " ".join(page.extract_text() or "" for page in reader.pages)
        if not reader.pages or account not in text:
            raise CheckFailed(f"the success plan PDF ({len(reader.pages)} pages) does not name {account!r}")
        print(f"ok  the success plan PDF: {len(reader.pages)} pages naming {account!r}", flush=True)
    notices = EXECUTABLE.parent / "THIRD-PARTY-NOTICES.txt"
    text = notices.read_text(encoding="utf-8") if notices.is_file() else ""
    if "PySide6" not in text or "GNU LESSER GENERAL PUBLIC LICENSE" not in text:
        raise CheckFailed(f"{notices} does not hold the bundled libraries' licences (Qt's LGPL)")
    print(f"ok  {notices.name}: {text.count(chr(10)) + 1} lines, Qt's LGPL among them", flush=True)


def package() -> None:
    """Package the built application as a .deb and check the package (Debian and Ubuntu: dpkg-deb)."""
    import shutil

    import linux_package

    if shutil.which("dpkg-deb") is None:
        print("no dpkg-deb on this system: the .deb was not built", flush=True)
        return
    try:
        deb = linux_package.build_deb()
        print(f"built {deb.relative_to(ROOT)} ({deb.stat().st_size // 2**20} MB)", flush=True)
        for line in linux_package.check_deb(deb):
            print(f"ok  {line}", flush=True)
    except linux_package.PackageFailed as failure:
        raise CheckFailed(str(failure)) from None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check-only", action="store_true", help="check the application already built")
    parser.add_argument("--no-package", action="store_true", help="on Linux, do not build the .deb")
    args = parser.parse_args(argv)
    try:
        if not args.check_only:
            build()
        check()
        if sys.platform.startswith("linux") and not args.no_package:
            package()
    except CheckFailed as failure:
        print(f"build_app: FAILED: {failure}", file=sys.stderr)
        return 1
    print("build_app: the built application works.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
