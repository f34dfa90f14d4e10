"""The kept dataset files beside a database, and how they change together with it.

Every loaded dataset is kept, normalised, as NAME.jsonl in the kept folder, with registry.json
recording where each came from. A write transaction first writes the new files under temporary
names, then a manifest listing the renames and deletions, then records the manifest's id in the
database's meta table as part of the same COMMIT, and only then renames. Whoever opens the next
write transaction (or rebuilds) finishes a manifest whose id the database committed and
discards any other.

Files are only ever created, renamed and deleted inside the kept folder: every name is checked
(`inside`) before it is used, also the names a manifest on disk lists, so a planted or damaged
manifest cannot reach anything else.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import secrets
import sqlite3
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from idkb.core.errors import BadInput, DatabaseProblem
from idkb.load import export
from idkb.load.kept import KeptFiles

REGISTRY = "registry.json"
# A dataset name: a letter or digit, then up to 119 letters, digits, '.', '_' or '-'. It becomes
# a file name in the kept folder, so no '/', '\\', leading dot or anything a shell treats
# specially.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}")
_KEPT_FILE = re.compile(r"(\.[A-Za-z0-9][A-Za-z0-9._-]{0,150}\.tmp|[A-Za-z0-9][A-Za-z0-9._-]{0,119}"
                        r"\.jsonl|registry\.json)")


def check_name(name: str) -> str:
    """A dataset name, or BadInput saying which names are allowed."""
    if not NAME.fullmatch(name) or name.endswith((".", ".tmp")):
        raise BadInput(f"{name!r} is not a usable dataset name: use 1 to 120 letters, digits, "
                       "'.', '_' or '-', starting with a letter or digit (e.g. my-data_2024)")
    return name


def inside(folder: Path, name: object) -> Path:
    """`folder / name` for a plain kept-file name; DatabaseProblem for anything else (a path,
    '..', a name idkb never writes)."""
    if not isinstance(name, str) or not _KEPT_FILE.fullmatch(name):
        raise DatabaseProblem(f"the kept folder {folder} holds a change list naming {name!r}, "
                              "which is not a kept file; it was ignored")
    return folder / name


def _sync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be fsynced
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_synced(path: Path, fill: Callable[[Any], object]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        fill(f)
        f.flush()
        os.fsync(f.fileno())


def _registry(conn: sqlite3.Connection) -> dict[str, Any]:
    rows = conn.execute("SELECT name, file, sha256, loaded_at FROM datasets "
                        "WHERE name != 'seed' ORDER BY name").fetchall()
    return {"datasets": {r[0]: {"file": r[1], "sha256": r[2], "loaded_at": r[3]}
                         for r in rows}}


def commit(conn: sqlite3.Connection, folder: Path, write: set[str], remove: set[str],
           kept: KeptFiles | None = None, rewrite: Collection[str] = ()) -> None:
    """Write kept files aside, COMMIT with the manifest's id, then move the files into place.

    Datasets in `kept` were written while loading; others in `write` (and any in `rewrite`:
    a dataset loaded earlier in the same load that a later file took records from) are
    exported from the database."""
    txid = kept.txid if kept is not None else secrets.token_hex(8)
    renames: list[tuple[str, str]] = []
    written: dict[str, Path] = {}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = kept.finish() if kept is not None else {}
        for name in sorted(write - {"seed"}):
            tmp = inside(folder, f".{check_name(name)}.{txid}.tmp")
            if name not in written or name in rewrite:
                _write_synced(tmp, functools.partial(export.write, conn, dataset=name,
                                                     fmt="jsonl"))
            renames.append((tmp.name, f"{name}.jsonl"))
        tmp = folder / f".registry.{txid}.tmp"
        registry = _registry(conn)
        _write_synced(tmp, lambda f: f.write(json.dumps(registry, indent=2) + "\n"))
        renames.append((tmp.name, REGISTRY))
        manifest = {"txid": txid, "rename": renames,
                    "delete": [f"{check_name(n)}.jsonl" for n in sorted(remove)]}
        _write_synced(folder / f".txn-{txid}.json", lambda f: json.dump(manifest, f))
        _sync_dir(folder)
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('kept_txn', ?)", (txid,))
        conn.execute("COMMIT")
    except BaseException as exc:
        _discard(folder, txid, [folder / t for t, _ in renames] + list(written.values()))
        if isinstance(exc, OSError):
            raise DatabaseProblem(f"cannot write the kept copy of the data in {folder} "
                                  f"({exc.strerror or exc}); nothing was changed; make the "
                                  "folder writable or free some space") from None
        raise
    # Committed: if a rename fails now, the next write transaction finishes it (recover).
    with contextlib.suppress(OSError):
        _apply(folder, folder / f".txn-{txid}.json", manifest)


def _discard(folder: Path, txid: str, files: list[Path]) -> None:
    for path in [*files, folder / f".txn-{txid}.json"]:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _apply(folder: Path, path: Path, manifest: dict[str, Any]) -> None:
    try:  # every name is checked before anything moves
        renames = [(inside(folder, a), inside(folder, b)) for a, b in manifest["rename"]]
        deletes = [inside(folder, name) for name in manifest["delete"]]
    except (DatabaseProblem, TypeError, ValueError, KeyError):
        path.unlink(missing_ok=True)
        return
    for tmp, final in renames:
        with contextlib.suppress(FileNotFoundError):  # done already by an earlier attempt
            os.replace(tmp, final)
    for final in deletes:
        final.unlink(missing_ok=True)
    _sync_dir(folder)
    path.unlink(missing_ok=True)


def recover(conn: sqlite3.Connection, folder: Path) -> None:
    """Finish the last committed file change if a kill interrupted it; drop uncommitted ones.

    Call inside a write transaction, so no other writer is half-way through its own.
    """
    if not folder.is_dir():
        return
    row = conn.execute("SELECT value FROM meta WHERE key = 'kept_txn'").fetchone()
    committed = row[0] if row else None
    for path in sorted(folder.glob(".txn-*.json")):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = None
        if isinstance(manifest, dict) and manifest.get("txid") == committed:
            _apply(folder, path, manifest)
        else:
            path.unlink(missing_ok=True)
    for tmp in folder.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)


