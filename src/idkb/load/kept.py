"""The kept copy of each loaded dataset, written in the same pass as the load.

A load writes each dataset's records to a temporary file beside the kept ones as they are
validated, one JSON line per record in the export's form (fields in the models' order, empty
values left out), so the kept copy costs one `json.dumps` per record (made where the record is
checked, `idkb.load.checking`) instead of a second pass over the database. `datasets.commit`
moves the files into place with the transaction.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, TextIO

from idkb.load.export import line as dumps


class KeptFiles:
    """Temporary kept files of the datasets one load writes, by dataset name."""

    def __init__(self, folder: Path, txid: str) -> None:
        self.folder, self.txid = folder, txid
        self.files: dict[str, TextIO] = {}
        self.paths: dict[str, Path] = {}
        self.syncing: threading.Thread | None = None
        self.failed: OSError | None = None

    def begin(self, name: str, info: dict[str, Any]) -> None:
        """Start a dataset's file with its dataset line (`info`: the non-empty fields)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f".{name}.{self.txid}.tmp"
        out = path.open("w", encoding="utf-8", newline="\n")
        self.files[name], self.paths[name] = out, path
        out.write(dumps({"record": "dataset", **info}) + "\n")

    def add(self, name: str, lines: list[str]) -> None:
        """Records' lines, each already in the export's form (`idkb.load.export.line`)."""
        self.files[name].write("\n".join(lines) + "\n")

    def sync_soon(self) -> None:
        """Start writing the files to disk in a thread, once the last line is written: a big
        load's copy is hundreds of MB, and the disk can take it while SQLite builds the
        indexes (both let go of Python's lock while they wait)."""
        for out in self.files.values():
            out.flush()
        self.syncing = threading.Thread(target=self._sync, name="idkb-kept-sync", daemon=True)
        self.syncing.start()

    def _sync(self) -> None:
        for out in list(self.files.values()):
            try:
                os.fsync(out.fileno())
            except OSError as exc:  # raised again by finish
                self.failed = exc
                return

    def finish(self) -> dict[str, Path]:
        """Flush every file to disk; the temporary file of each dataset, by name."""
        if self.syncing is not None:
            self.syncing.join()
            self.syncing = None
        if self.failed is not None:
            raise self.failed
        for out in self.files.values():
            out.flush()
            os.fsync(out.fileno())  # cheap when the thread has written it already
            out.close()
        return dict(self.paths)

    def discard(self) -> None:
        if self.syncing is not None:
            self.syncing.join()
        for name, out in self.files.items():
            out.close()
            self.paths[name].unlink(missing_ok=True)
