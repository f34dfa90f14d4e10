"""Paging long output on a terminal, as git and gh do: IDKB_PAGER, else PAGER, else `less`
(with LESS=FRX unless set: quit when it fits one screen, keep colours, leave it on screen).
An empty IDKB_PAGER or PAGER, or `--no-pager`, prints everything straight to the terminal."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess


def command() -> str | None:
    """The pager to use, or None for none."""
    for name in ("IDKB_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            return value.strip() or None
    return "less"


def runnable(line: str) -> bool:
    try:
        words = shlex.split(line)
    except ValueError:
        return False
    return bool(words) and shutil.which(words[0]) is not None


def page(text: str, line: str) -> bool:
    """Show `text` through the pager `line` (run by the shell, as PAGER is meant); False when
    it cannot be started, so the caller prints the text instead."""
    if not runnable(line):
        return False
    env = {**os.environ}
    env.setdefault("LESS", "FRX")
    try:
        proc = subprocess.Popen(line, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode("utf-8", "replace"))
        proc.stdin.close()
    except BrokenPipeError:  # quit before reading it all: that is the reader's choice
        pass
    while True:
        try:
            proc.wait()
            return True
        except KeyboardInterrupt:  # Ctrl-C in the pager is the pager's to handle
            continue
