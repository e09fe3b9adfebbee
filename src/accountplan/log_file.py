r"""The log file: what ran and what failed, in the user's log folder, for a user to send when something breaks.

Every start of Account Plan (a command or the window) writes a line with the version, the platform and the
command into ``accountplan.log`` in the user's log folder (platformdirs: ``~/.local/state/AccountPlan/log``
on Linux, ``~/Library/Logs/AccountPlan`` on macOS, ``%LOCALAPPDATA%\AccountPlan\Logs`` on Windows), then
what went wrong: refusals in a line, unexpected errors with their traceback. The file rotates at 1 MB,
keeping five old ones. ``faulthandler`` writes there too, so that a crash inside Qt or SQLite (which no
Python code sees) leaves the Python stacks of every thread behind.

No file can be written (a read-only home)? Then nothing is logged, and the program runs all the same.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import platform
import sys
from pathlib import Path
from typing import IO

import platformdirs

from accountplan import __version__

APP_NAME = "AccountPlan"
FILE_NAME = "accountplan.log"
#: Rotated at this size, keeping this many old files (accountplan.log.1 ... .5).
MAX_BYTES, BACKUPS = 1_000_000, 5
#: The logger everything of Account Plan logs to (``logging.getLogger("accountplan.…")`` propagates here).
logger = logging.getLogger("accountplan")

_handler: _RotatingLog | None = None
_faults_to: IO[str] | None = None  # the stream faulthandler writes to, when it is ours


def log_folder() -> Path:
    """The user's log folder for Account Plan (not created here)."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_path() -> Path | None:
    """The log file being written, or None if logging could not start."""
    return Path(_handler.baseFilename) if _handler is not None else None


class _RotatingLog(logging.handlers.RotatingFileHandler):
    """Rotates like its base class, and points faulthandler at the new file after each rotation."""

    def doRollover(self) -> None:  # noqa: N802 - logging's name
        super().doRollover()
        _point_faulthandler(self.stream)


def start(command: str, folder: Path | None = None) -> Path | None:
    """Start logging to the log file (again, in a process that runs several commands) and log ``command``.

    Returns the file's path, or None if it cannot be written (then nothing is logged).
    """
    global _handler
    stop()
    folder = folder or log_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = _RotatingLog(folder / FILE_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the log file only: never printed beside a command's own output
    _handler = handler
    _point_faulthandler(handler.stream)
    logger.info(
        "Account Plan %s, Python %s on %s: %s",
        __version__,
        platform.python_version(),
        platform.platform(),
        command,
    )
    return Path(handler.baseFilename)


def stop() -> None:
    """Close the log file (and turn faulthandler off if it wrote there)."""
    global _handler, _faults_to
    if _handler is None:
        return
    if _faults_to is not None:
        faulthandler.disable()  # it was off before it wrote to ours
        _faults_to = None
    logger.removeHandler(_handler)
    _handler.close()
    _handler = None


def _point_faulthandler(stream: IO[str] | None) -> None:
    """Make faulthandler write to ``stream``, unless someone else (python -X faulthandler, pytest) set it up."""
    global _faults_to
    if stream is None:
        return
    if faulthandler.is_enabled() and _faults_to is None:
        return  # enabled by someone else: leave theirs
    try:
        faulthandler.enable(stream, all_threads=True)
    except (ValueError, OSError, RuntimeError):
        return
    _faults_to = stream


def describe_command(argv: list[str]) -> str:
    """The command line to log: the words and option names as typed, with values left out but file names.

    A ``--db`` URL may hold a password and an account name is the customer's: neither is written.
    """
    shown: list[str] = ["accountplan"]
    hide_next = False
    for word in argv:
        if hide_next:
            shown.append("…")
            hide_next = False
        elif word.startswith("-"):
            name = word.split("=", 1)[0]
            shown.append(name if "=" not in word else f"{name}=…")
            hide_next = "=" not in word and name in _OPTIONS_WITH_VALUES
        else:
            shown.append(word if word in _WORDS else "…")
    return " ".join(shown)


#: Options followed by a value (whose value is not logged).
_OPTIONS_WITH_VALUES = frozenset(
    {"--db", "--account", "-o", "--output", "--rename", "--format", "--map", "--encoding", "--sheet"}
    | {"--meeting", "--co-seller", "--password-file"}
)
#: The words of commands and sub-commands, logged as typed (anything else is a value or a file name).
_WORDS = frozenset(
    {"demo", "accounts", "export", "import", "backup", "restore", "check", "team", "plan", "org-chart"}
    | {"calendar", "actions", "success-plan", "account-plan", "meeting-pack", "contacts", "add-user"}
    | {"remove-user", "list"}
)


def log_exception(message: str, error: BaseException) -> None:
    """Log an unexpected error with its traceback."""
    logger.error(message, exc_info=(type(error), error, error.__traceback__))


def environment_summary() -> str:
    """A few lines on what Account Plan runs on, for a report of what went wrong."""
    return (
        f"Account Plan {__version__}\n"
        f"Python {platform.python_version()} ({sys.executable})\n"
        f"{platform.platform()}\n"
        f"Process {os.getpid()}"
    )
