"""Exit codes and the errors that map onto them.

Every failure a user can cause ends in one of these exceptions; the CLI turns each into a
one-line message on stderr and its exit code, so no traceback ever reaches the terminal.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    NOT_FOUND = 1
    BAD_INPUT = 2
    DATABASE = 3
    TIMEOUT = 4  # `idkb sql --timeout`: the query was stopped
    INTERNAL = 70  # a bug in idkb itself (sysexits' EX_SOFTWARE); never a traceback
    INTERRUPTED = 130  # Ctrl-C, as shells report a process ended by SIGINT


class IdkbError(Exception):
    """Base class: a message for the user and the exit code that goes with it."""

    code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        # Extra lines (suggestions, candidates, every problem found in a file).
        self.details = details or []


class NotFound(IdkbError):
    code = ExitCode.NOT_FOUND


class Ambiguous(IdkbError):
    code = ExitCode.NOT_FOUND


class BadInput(IdkbError):
    code = ExitCode.BAD_INPUT


class DatabaseProblem(IdkbError):
    code = ExitCode.DATABASE


class TimedOut(IdkbError):
    code = ExitCode.TIMEOUT
