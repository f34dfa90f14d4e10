"""The network and its writers: DOT, Mermaid, GraphML."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from idkb.query import network
from idkb.render import graph_formats


def _consistent(net: dict[str, Any]) -> None:
    ids = {n["id"] for n in net["nodes"]}
    assert len(ids) == len(net["nodes"])
    assert all(e["source"] in ids and e["target"] in ids for e in net["edges"])


def test_the_whole_network(conn: sqlite3.Connection) -> None:
    net = network.network(conn)
    _consistent(net)
    kinds = {n["kind"] for n in net["nodes"]}
    assert {"person", "party", "organisation", "event"} <= kinds
    linked = {e["source"] for e in net["edges"]} | {e["target"] for e in net["edges"]}
    assert {n["id"] for n in net["nodes"]} == linked  # nothing drawn without a link


def test_around_a_name(conn: sqlite3.Connection) -> None:
    net = network.network(conn, "song-tao", 1)
    _consistent(net)
    ids = {n["id"] for n in net["nodes"]}
    assert "song-tao" in ids and "cpusa" not in ids
    for event in (n for n in net["nodes"] if n["kind"] == "event"):
        assert sum(e["target"] == event["id"] for e in net["edges"]) >= 2


def test_graphml_is_well_formed(conn: sqlite3.Connection) -> None:
    root = ET.fromstring(graph_formats.to_graphml(network.network(conn)))
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    assert root.findall(f"{ns}graph/{ns}node")
    assert root.findall(f"{ns}graph/{ns}edge")


def test_writers_escape_awkward_text() -> None:
    net = {"nodes": [{"id": 'a"b', "label": 'Say "hi" \\ <x> &\x01', "kind": "person"},
                     {"id": "c", "label": "C", "kind": "event"}],
           "edges": [{"source": 'a"b', "target": "c", "label": 'l"l', "relation": "r",
                      "via": "event", "id": "e", "when": ""}]}
    ET.fromstring(graph_formats.to_graphml(net))
    dot = graph_formats.to_dot(net)
    assert '"a\\"b"' in dot and "Say \\\"hi\\\"" in dot
    mermaid = graph_formats.to_mermaid(net)
    assert "#quot;hi#quot;" in mermaid and mermaid.startswith("graph LR")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_reads_the_dot(conn: sqlite3.Connection, tmp_path: Path) -> None:
    out = tmp_path / "g.svg"
    subprocess.run(["dot", "-Tsvg", "-o", str(out)], input=graph_formats.to_dot(
        network.network(conn)), text=True, check=True, timeout=60)
    assert out.read_text().lstrip().startswith("<?xml")
