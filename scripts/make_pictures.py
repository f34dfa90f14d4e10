"""Make docs/profile.png and docs/profile-80.png: a profile as it looks on a wide terminal and
on one of 80 columns.

rich records what it draws and saves it as SVG; rsvg-convert (Debian/Ubuntu package
librsvg2-bin) turns that into a PNG, which every Markdown viewer shows. Glyphs come from the
system's fonts: a monospace font, and a CJK one (fonts-noto-cjk) for the Chinese names.

Run with `make pictures`. The profile is drawn from a database freshly built from the bundled
seed in a temporary folder, so the picture never depends on what a user has loaded.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console

from idkb.load import database
from idkb.query import profiles
from idkb.render import layouts, terminal

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 112  # columns: wide enough that the statements table does not fold much
NARROW = 80  # the classic terminal: columns left out, cells wrapped between words


def profile_svg(entity_id: str, command: str, width: int = WIDTH) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "idkb.db"
        database.rebuild(path)
        conn = database.connect(str(path))
        try:
            data = profiles.profile(conn, entity_id)
        finally:
            conn.close()
    # Drawn into a string buffer: only the recording is wanted, not output on this terminal.
    console = Console(record=True, width=width, force_terminal=True, color_system="truecolor",
                      file=io.StringIO())
    console.print(f"$ {command}", style="bold green")
    terminal.render(layouts.profile_view(data), console)
    return console.export_svg(title=command)


def to_png(svg: str, target: Path, zoom: float) -> None:
    converter = shutil.which("rsvg-convert")
    if converter is None:
        sys.exit("rsvg-convert is needed (apt-get install librsvg2-bin)")
    subprocess.run([converter, "--zoom", str(zoom), "--format", "png", "--output", str(target)],
                   input=svg.encode("utf-8"), check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "profile.png")
    parser.add_argument("--narrow-out", type=Path, default=ROOT / "docs" / "profile-80.png")
    parser.add_argument("--zoom", type=float, default=1.0)
    args = parser.parse_args()
    command = 'idkb person "Song Tao"'
    for target, width in ((args.out, WIDTH), (args.narrow_out, NARROW)):
        to_png(profile_svg("song-tao", command, width), target, args.zoom)
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
