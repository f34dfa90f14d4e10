"""The files a load reads: opened (standard input spooled to a temporary file), refused
when they are not files to read to the end, hashed (a file loaded before, byte for byte,
changes nothing); and the kept dataset files as the inputs of a rebuild."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from idkb.load import leftovers, readers
from idkb.load.checking import Input
from idkb.load.kept_files import REGISTRY


def _hash(path: Path) -> tuple[str, int, bytes]:
    digest, size, head = hashlib.sha256(), 0, b""
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            if not head:
                head = chunk[:4096]
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size, head


def _spool_stdin() -> Path:
    fd, name = tempfile.mkstemp(prefix=leftovers.spool_name())
    with os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(sys.stdin.buffer, out, 1 << 20)
    return Path(name)


@contextlib.contextmanager
def opened(names: list[str], fmt: str | None, as_label: str | None = None) -> Iterator[
        tuple[list[Input], list[tuple[str, str]]]]:
    """The files to read (standard input spooled to a temporary file), and why any cannot be.
    `as_label` names a file made from another (an imported table) in messages and the registry."""
    inputs: list[Input] = []
    problems: list[tuple[str, str]] = []
    spooled: list[Path] = []
    try:
        for name in names:
            if name == "-":
                path = _spool_stdin()
                spooled.append(path)
                label, file = "stdin", "-"
            else:
                path, label = Path(name), as_label or name
                file = str(Path(label).resolve())
            try:
                _readable(path)
                sha, size, head = _hash(path)
            except FileNotFoundError:
                problems.append((label, "no such file"))
                continue
            except OSError as exc:
                problems.append((label, f"cannot read it ({exc.strerror or exc})"))
                continue
            inputs.append(Input(label, file, path, sha, fmt or readers.guess_format(name, head),
                                size))
        yield inputs, problems
    finally:
        for path in spooled:
            path.unlink(missing_ok=True)


def _readable(path: Path) -> None:
    """Refuse what is not a file to read to its end: a folder, a device (`/dev/zero` never
    ends), a socket. Regular files and pipes (`<(command)`) are read."""
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "it is a folder, not a file")
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
        raise OSError(19, "it is a device or socket, not a file")


def kept_inputs(folder: Path) -> list[Input]:
    """The kept dataset files, with where each first came from (for a rebuild)."""
    if not folder.is_dir():
        return []
    try:
        known = json.loads((folder / REGISTRY).read_text(encoding="utf-8"))["datasets"]
    except (OSError, ValueError, KeyError, TypeError):
        known = {}
    inputs = []
    for path in sorted(folder.glob("*.jsonl")):
        sha, size, _ = _hash(path)
        origin = known.get(path.stem) or {}
        inputs.append(Input(str(path), origin.get("file") or str(path), path,
                            origin.get("sha256") or sha, "jsonl", size,
                            origin.get("loaded_at")))
    return inputs
